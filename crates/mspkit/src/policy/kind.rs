//! The policy catalogue: every kind of enterprise policy, its reference code, display name,
//! required policies and what the organization's plan must offer.

use serde::{Deserialize, Serialize};

use crate::plan::PlanType;

/// A kind of enterprise policy (the reference's `PolicyType`; its byte code is [`PolicyKind::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PolicyKind {
    /// Members must use two-step login (0).
    TwoFactorAuthentication,
    /// Master password requirements (1); its settings are [`MasterPasswordPolicy`](crate::password::MasterPasswordPolicy).
    MasterPassword,
    /// Password generator minimums (2).
    PasswordGenerator,
    /// Members may belong to no other organization (3).
    SingleOrg,
    /// Members log in with SSO (4); needs single_org and SSO on the plan.
    RequireSso,
    /// Items belong to the organization, no individual vault (5).
    OrganizationDataOwnership,
    /// Remove Send (6; superseded by send_controls).
    DisableSend,
    /// Send options (7; superseded by send_controls).
    SendOptions,
    /// Account recovery administration (8); needs single_org and account recovery on the plan.
    ResetPassword,
    /// A ceiling on the vault timeout (9); needs single_org.
    MaximumVaultTimeout,
    /// Remove individual vault export (10).
    DisablePersonalVaultExport,
    /// Autofill on page load (11).
    ActivateAutofill,
    /// Automatic login with SSO (12).
    AutomaticAppLogIn,
    /// Remove the free Families sponsorship (13).
    FreeFamiliesSponsorshipPolicy,
    /// Remove unlock with PIN (14).
    RemoveUnlockWithPin,
    /// Restricted item types (15).
    RestrictedItemTypesPolicy,
    /// The default URI match detection (16); needs single_org.
    UriMatchDefaults,
    /// The autotype default (17).
    AutotypeDefaultSetting,
    /// Confirm invited users automatically (18); needs single_org.
    AutomaticUserConfirmation,
    /// Block account creation for claimed domains (19).
    BlockClaimedDomainAccountCreation,
    /// A vault banner message (20); needs single_org.
    OrganizationUserNotification,
    /// Send controls (21; supersedes disable_send and send_options).
    SendControls,
    /// Fill assist rules (22).
    FillAssist,
}

reference_codes!(PolicyKind: u8 {
    TwoFactorAuthentication = 0, "two_factor_authentication";
    MasterPassword = 1, "master_password";
    PasswordGenerator = 2, "password_generator";
    SingleOrg = 3, "single_org";
    RequireSso = 4, "require_sso";
    OrganizationDataOwnership = 5, "organization_data_ownership";
    DisableSend = 6, "disable_send";
    SendOptions = 7, "send_options";
    ResetPassword = 8, "reset_password";
    MaximumVaultTimeout = 9, "maximum_vault_timeout";
    DisablePersonalVaultExport = 10, "disable_personal_vault_export";
    ActivateAutofill = 11, "activate_autofill";
    AutomaticAppLogIn = 12, "automatic_app_log_in";
    FreeFamiliesSponsorshipPolicy = 13, "free_families_sponsorship_policy";
    RemoveUnlockWithPin = 14, "remove_unlock_with_pin";
    RestrictedItemTypesPolicy = 15, "restricted_item_types_policy";
    UriMatchDefaults = 16, "uri_match_defaults";
    AutotypeDefaultSetting = 17, "autotype_default_setting";
    AutomaticUserConfirmation = 18, "automatic_user_confirmation";
    BlockClaimedDomainAccountCreation = 19, "block_claimed_domain_account_creation";
    OrganizationUserNotification = 20, "organization_user_notification";
    SendControls = 21, "send_controls";
    FillAssist = 22, "fill_assist";
});

/// A plan feature a policy needs besides policies themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanFeature {
    /// Policies at all (Enterprise plans).
    Policies,
    /// Login with SSO.
    Sso,
    /// Account recovery administration.
    ResetPassword,
}

impl PlanFeature {
    /// The feature's stable name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Policies => "policies",
            Self::Sso => "sso",
            Self::ResetPassword => "reset_password",
        }
    }

    /// Whether `plan` offers the feature.
    pub fn on(self, plan: PlanType) -> bool {
        let features = plan.features();
        match self {
            Self::Policies => features.policies,
            Self::Sso => features.sso,
            Self::ResetPassword => features.reset_password,
        }
    }
}

impl PolicyKind {
    /// The name the reference's admin console shows.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::TwoFactorAuthentication => "Require two-step login",
            Self::MasterPassword => "Master password requirements",
            Self::PasswordGenerator => "Password generator",
            Self::SingleOrg => "Single organization",
            Self::RequireSso => "Require single sign-on authentication",
            Self::OrganizationDataOwnership => "Enforce organization data ownership",
            Self::DisableSend => "Remove Send",
            Self::SendOptions => "Send options",
            Self::ResetPassword => "Account recovery administration",
            Self::MaximumVaultTimeout => "Vault timeout",
            Self::DisablePersonalVaultExport => "Remove individual vault export",
            Self::ActivateAutofill => "Activate auto-fill",
            Self::AutomaticAppLogIn => "Automatic login with SSO",
            Self::FreeFamiliesSponsorshipPolicy => "Remove free Families sponsorship",
            Self::RemoveUnlockWithPin => "Remove unlock with PIN",
            Self::RestrictedItemTypesPolicy => "Restricted item types",
            Self::UriMatchDefaults => "Default URI match detection",
            Self::AutotypeDefaultSetting => "Autotype default setting",
            Self::AutomaticUserConfirmation => "Automatically confirm invited users",
            Self::BlockClaimedDomainAccountCreation => "Block account creation for claimed domains",
            Self::OrganizationUserNotification => "Vault banner message",
            Self::SendControls => "Send controls",
            Self::FillAssist => "Fill assist",
        }
    }

    /// The policies that must be enabled before this one can be, and that cannot be disabled
    /// while it is enabled.
    pub fn requires(self) -> &'static [PolicyKind] {
        match self {
            Self::RequireSso
            | Self::ResetPassword
            | Self::MaximumVaultTimeout
            | Self::UriMatchDefaults
            | Self::AutomaticUserConfirmation
            | Self::OrganizationUserNotification => &[Self::SingleOrg],
            _ => &[],
        }
    }

    /// The enabled policies of `enabled` that require this one.
    pub fn required_by(self, enabled: impl IntoIterator<Item = PolicyKind>) -> Vec<PolicyKind> {
        enabled.into_iter().filter(|k| k.requires().contains(&self)).collect()
    }

    /// The plan features the policy needs: policies, plus SSO for require_sso and account
    /// recovery for reset_password.
    pub fn plan_features(self) -> &'static [PlanFeature] {
        match self {
            Self::RequireSso => &[PlanFeature::Policies, PlanFeature::Sso],
            Self::ResetPassword => &[PlanFeature::Policies, PlanFeature::ResetPassword],
            _ => &[PlanFeature::Policies],
        }
    }

    /// Whether `plan` lets an organization enable the policy.
    pub fn available_on(self, plan: PlanType) -> bool {
        self.plan_features().iter().all(|f| f.on(plan))
    }

    /// Whether the policy also binds owners and admins (master_password, reset_password and
    /// automatic_user_confirmation do, as the reference's policy requirement factories say;
    /// every other policy, two_factor_authentication included, exempts them).
    pub fn binds_owners_and_admins(self) -> bool {
        matches!(self, Self::MasterPassword | Self::ResetPassword | Self::AutomaticUserConfirmation)
    }
}

impl std::fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_every_reference_code_once() {
        assert_eq!(PolicyKind::all().len(), 23);
        for (i, kind) in PolicyKind::all().iter().enumerate() {
            assert_eq!(usize::from(kind.code()), i);
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::from(kind.name()));
            assert!(!kind.display_name().is_empty());
        }
        assert_eq!(PolicyKind::from_code(23), None);
    }

    #[test]
    fn dependencies_are_single_org_for_the_six_that_need_it() {
        let needing: Vec<_> =
            PolicyKind::all().iter().copied().filter(|k| !k.requires().is_empty()).collect();
        assert_eq!(
            needing,
            [
                PolicyKind::RequireSso,
                PolicyKind::ResetPassword,
                PolicyKind::MaximumVaultTimeout,
                PolicyKind::UriMatchDefaults,
                PolicyKind::AutomaticUserConfirmation,
                PolicyKind::OrganizationUserNotification,
            ]
        );
        assert_eq!(
            PolicyKind::SingleOrg.required_by([PolicyKind::RequireSso, PolicyKind::MasterPassword]),
            [PolicyKind::RequireSso]
        );
    }

    #[test]
    fn plan_availability() {
        for kind in PolicyKind::all() {
            assert!(kind.available_on(PlanType::EnterpriseAnnually), "{kind}");
            assert!(!kind.available_on(PlanType::TeamsAnnually), "{kind}");
            assert_eq!(kind.check_plan(PlanType::Free).unwrap_err().code(), "policy_not_on_plan");
        }
        assert!(PolicyKind::RequireSso.available_on(PlanType::Custom));
    }
}
