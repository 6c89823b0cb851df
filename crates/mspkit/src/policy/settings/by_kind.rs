//! The settings of any policy kind: one enum over the typed settings.

use crate::password::MasterPasswordPolicy;
use crate::policy::{PolicyError, PolicyKind};

use super::SettingValue;
use super::typed::{
    AutomaticAppLogInSettings, ByName, FillAssistSettings, MaximumVaultTimeoutSettings,
    OrganizationUserNotificationSettings, PasswordGeneratorSettings, ResetPasswordSettings,
    SendControlsSettings, SendOptionsSettings, UriMatchDefaultsSettings,
};

/// One policy kind with its settings: what an organization stores for a policy besides whether
/// it is enabled. Made with [`PolicySettings::new`] and [`PolicySettings::with`], which check
/// every value against the kind's [`SettingSpec`](super::SettingSpec)s.
///
/// ```
/// use mspkit::policy::{PolicyKind, PolicySettings, SettingValue};
///
/// let timeout = PolicySettings::new(PolicyKind::MaximumVaultTimeout)
///     .with("minutes", Some(SettingValue::Int(60)))?;
/// assert_eq!(timeout.get("minutes"), Some(SettingValue::Int(60)));
/// let err = timeout.clone().with("minutes", Some(SettingValue::Int(0))).unwrap_err();
/// assert_eq!(err.code(), "policy_setting_out_of_range");
/// # Ok::<(), mspkit::policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicySettings {
    /// Two-step login (no settings).
    TwoFactorAuthentication,
    /// The master-password policy: the password module's type.
    MasterPassword(MasterPasswordPolicy),
    /// Password generator minimums.
    PasswordGenerator(PasswordGeneratorSettings),
    /// Single organization (no settings).
    SingleOrg,
    /// Require SSO (no settings).
    RequireSso,
    /// Organization data ownership (no settings).
    OrganizationDataOwnership,
    /// Remove Send (no settings).
    DisableSend,
    /// Send options.
    SendOptions(SendOptionsSettings),
    /// Account recovery administration.
    ResetPassword(ResetPasswordSettings),
    /// Vault timeout ceiling.
    MaximumVaultTimeout(MaximumVaultTimeoutSettings),
    /// Remove individual vault export (no settings).
    DisablePersonalVaultExport,
    /// Activate autofill (no settings).
    ActivateAutofill,
    /// Automatic login with SSO.
    AutomaticAppLogIn(AutomaticAppLogInSettings),
    /// Remove free Families sponsorship (no settings).
    FreeFamiliesSponsorshipPolicy,
    /// Remove unlock with PIN (no settings).
    RemoveUnlockWithPin,
    /// Restricted item types (on/off only: the reference stores no settings for it).
    RestrictedItemTypesPolicy,
    /// Default URI match detection.
    UriMatchDefaults(UriMatchDefaultsSettings),
    /// Autotype default (on/off only: the reference stores no settings for it).
    AutotypeDefaultSetting,
    /// Automatic user confirmation (no settings).
    AutomaticUserConfirmation,
    /// Block account creation for claimed domains (no settings).
    BlockClaimedDomainAccountCreation,
    /// Vault banner message.
    OrganizationUserNotification(Box<OrganizationUserNotificationSettings>),
    /// Send controls.
    SendControls(SendControlsSettings),
    /// Fill assist.
    FillAssist(FillAssistSettings),
}

impl PolicySettings {
    /// The settings of a fresh `kind` policy: every setting unset or off.
    pub fn new(kind: PolicyKind) -> Self {
        match kind {
            PolicyKind::TwoFactorAuthentication => Self::TwoFactorAuthentication,
            PolicyKind::MasterPassword => Self::MasterPassword(MasterPasswordPolicy::default()),
            PolicyKind::PasswordGenerator => Self::PasswordGenerator(PasswordGeneratorSettings::default()),
            PolicyKind::SingleOrg => Self::SingleOrg,
            PolicyKind::RequireSso => Self::RequireSso,
            PolicyKind::OrganizationDataOwnership => Self::OrganizationDataOwnership,
            PolicyKind::DisableSend => Self::DisableSend,
            PolicyKind::SendOptions => Self::SendOptions(SendOptionsSettings::default()),
            PolicyKind::ResetPassword => Self::ResetPassword(ResetPasswordSettings::default()),
            PolicyKind::MaximumVaultTimeout => {
                Self::MaximumVaultTimeout(MaximumVaultTimeoutSettings::default())
            }
            PolicyKind::DisablePersonalVaultExport => Self::DisablePersonalVaultExport,
            PolicyKind::ActivateAutofill => Self::ActivateAutofill,
            PolicyKind::AutomaticAppLogIn => Self::AutomaticAppLogIn(AutomaticAppLogInSettings::default()),
            PolicyKind::FreeFamiliesSponsorshipPolicy => Self::FreeFamiliesSponsorshipPolicy,
            PolicyKind::RemoveUnlockWithPin => Self::RemoveUnlockWithPin,
            PolicyKind::RestrictedItemTypesPolicy => Self::RestrictedItemTypesPolicy,
            PolicyKind::UriMatchDefaults => Self::UriMatchDefaults(UriMatchDefaultsSettings::default()),
            PolicyKind::AutotypeDefaultSetting => Self::AutotypeDefaultSetting,
            PolicyKind::AutomaticUserConfirmation => Self::AutomaticUserConfirmation,
            PolicyKind::BlockClaimedDomainAccountCreation => Self::BlockClaimedDomainAccountCreation,
            PolicyKind::OrganizationUserNotification => Self::OrganizationUserNotification(Box::default()),
            PolicyKind::SendControls => Self::SendControls(SendControlsSettings::default()),
            PolicyKind::FillAssist => Self::FillAssist(FillAssistSettings::default()),
        }
    }

    /// The master-password policy as settings.
    pub fn master_password(policy: MasterPasswordPolicy) -> Self {
        Self::MasterPassword(policy)
    }

    /// The policy kind.
    pub fn kind(&self) -> PolicyKind {
        match self {
            Self::TwoFactorAuthentication => PolicyKind::TwoFactorAuthentication,
            Self::MasterPassword(_) => PolicyKind::MasterPassword,
            Self::PasswordGenerator(_) => PolicyKind::PasswordGenerator,
            Self::SingleOrg => PolicyKind::SingleOrg,
            Self::RequireSso => PolicyKind::RequireSso,
            Self::OrganizationDataOwnership => PolicyKind::OrganizationDataOwnership,
            Self::DisableSend => PolicyKind::DisableSend,
            Self::SendOptions(_) => PolicyKind::SendOptions,
            Self::ResetPassword(_) => PolicyKind::ResetPassword,
            Self::MaximumVaultTimeout(_) => PolicyKind::MaximumVaultTimeout,
            Self::DisablePersonalVaultExport => PolicyKind::DisablePersonalVaultExport,
            Self::ActivateAutofill => PolicyKind::ActivateAutofill,
            Self::AutomaticAppLogIn(_) => PolicyKind::AutomaticAppLogIn,
            Self::FreeFamiliesSponsorshipPolicy => PolicyKind::FreeFamiliesSponsorshipPolicy,
            Self::RemoveUnlockWithPin => PolicyKind::RemoveUnlockWithPin,
            Self::RestrictedItemTypesPolicy => PolicyKind::RestrictedItemTypesPolicy,
            Self::UriMatchDefaults(_) => PolicyKind::UriMatchDefaults,
            Self::AutotypeDefaultSetting => PolicyKind::AutotypeDefaultSetting,
            Self::AutomaticUserConfirmation => PolicyKind::AutomaticUserConfirmation,
            Self::BlockClaimedDomainAccountCreation => PolicyKind::BlockClaimedDomainAccountCreation,
            Self::OrganizationUserNotification(_) => PolicyKind::OrganizationUserNotification,
            Self::SendControls(_) => PolicyKind::SendControls,
            Self::FillAssist(_) => PolicyKind::FillAssist,
        }
    }

    fn by_name(&self) -> Option<&dyn ByName> {
        Some(match self {
            Self::MasterPassword(s) => s,
            Self::PasswordGenerator(s) => s,
            Self::SendOptions(s) => s,
            Self::ResetPassword(s) => s,
            Self::MaximumVaultTimeout(s) => s,
            Self::AutomaticAppLogIn(s) => s,
            Self::UriMatchDefaults(s) => s,
            Self::OrganizationUserNotification(s) => s.as_ref(),
            Self::SendControls(s) => s,
            Self::FillAssist(s) => s,
            _ => return None,
        })
    }

    fn by_name_mut(&mut self) -> Option<&mut dyn ByName> {
        Some(match self {
            Self::MasterPassword(s) => s,
            Self::PasswordGenerator(s) => s,
            Self::SendOptions(s) => s,
            Self::ResetPassword(s) => s,
            Self::MaximumVaultTimeout(s) => s,
            Self::AutomaticAppLogIn(s) => s,
            Self::UriMatchDefaults(s) => s,
            Self::OrganizationUserNotification(s) => s.as_mut(),
            Self::SendControls(s) => s,
            Self::FillAssist(s) => s,
            _ => return None,
        })
    }

    /// The value of the setting `name` (`None` when unset or when the policy has no such setting).
    pub fn get(&self, name: &str) -> Option<SettingValue> {
        self.by_name().and_then(|s| s.get(name))
    }

    /// With the setting `name` set to `value` (`None` unsets it), checked against its range.
    pub fn with(mut self, name: &str, value: Option<SettingValue>) -> Result<Self, PolicyError> {
        let kind = self.kind();
        let spec = kind
            .setting(name)
            .ok_or_else(|| PolicyError::UnknownSetting { kind, setting: name.to_owned() })?;
        let value = spec.check(kind, value)?;
        if let Some(settings) = self.by_name_mut() {
            settings.set(spec.name, value);
        }
        Ok(self)
    }

    /// With the setting `name` set from a JSON value (`null` unsets it).
    pub fn with_json(self, name: &str, value: &serde_json::Value) -> Result<Self, PolicyError> {
        let kind = self.kind();
        let spec = kind
            .setting(name)
            .ok_or_else(|| PolicyError::UnknownSetting { kind, setting: name.to_owned() })?;
        let value = SettingValue::from_json(value).map_err(|()| PolicyError::InvalidSetting {
            kind,
            setting: spec.name,
            expected: "a number, a flag or a text",
            found: value.to_string(),
        })?;
        self.with(name, value)
    }

    /// Settings of `kind` from a JSON object of setting names (mspkit's snake_case names).
    pub fn from_json_map(
        kind: PolicyKind,
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, PolicyError> {
        map.iter().try_fold(Self::new(kind), |settings, (name, value)| settings.with_json(name, value))
    }

    /// Every setting that is set, in catalogue order.
    pub fn values(&self) -> Vec<(&'static str, SettingValue)> {
        self.kind().settings().iter().filter_map(|spec| self.get(spec.name).map(|v| (spec.name, v))).collect()
    }

    /// The settings as a JSON object (unset settings left out).
    pub fn to_json_map(&self) -> serde_json::Map<String, serde_json::Value> {
        self.values().into_iter().map(|(name, value)| (name.to_owned(), value.to_json())).collect()
    }

    /// `Ok` when every setting the kind needs to be enabled is set (the vault timeout's
    /// `minutes`, the URI match default, the fill-assist `rules_url`).
    pub fn check_complete(&self) -> Result<(), PolicyError> {
        let kind = self.kind();
        match kind.settings().iter().find(|spec| spec.required && self.get(spec.name).is_none()) {
            Some(spec) => Err(PolicyError::MissingSetting { kind, setting: spec.name }),
            None => Ok(()),
        }
    }
}
