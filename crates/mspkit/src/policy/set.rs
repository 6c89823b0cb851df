//! A client organization's policies and the checked changes to them.

use serde::{Deserialize, Serialize};

use super::{PolicyError, PolicyKind, PolicySettings};
use crate::plan::PlanType;

type JsonMap = serde_json::Map<String, serde_json::Value>;

/// One stored policy of an organization: its settings and whether it is enabled. A disabled
/// policy keeps its settings (the reference keeps the row).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PolicyRecord", into = "PolicyRecord")]
pub struct Policy {
    settings: PolicySettings,
    enabled: bool,
}

impl Policy {
    /// A policy with `settings`, enabled or not.
    pub fn new(settings: PolicySettings, enabled: bool) -> Self {
        Self { settings, enabled }
    }

    /// The kind.
    pub fn kind(&self) -> PolicyKind {
        self.settings.kind()
    }

    /// The settings.
    pub fn settings(&self) -> &PolicySettings {
        &self.settings
    }

    /// Whether it is enabled.
    pub fn enabled(&self) -> bool {
        self.enabled
    }
}

/// The serialized form of a [`Policy`]: `{"policy": "master_password", "enabled": true,
/// "settings": {"min_length": 14}}` (no `settings` when none is set).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyRecord {
    policy: PolicyKind,
    enabled: bool,
    #[serde(default, skip_serializing_if = "JsonMap::is_empty")]
    settings: JsonMap,
}

impl TryFrom<PolicyRecord> for Policy {
    type Error = PolicyError;

    fn try_from(r: PolicyRecord) -> Result<Self, Self::Error> {
        Ok(Self { settings: PolicySettings::from_json_map(r.policy, &r.settings)?, enabled: r.enabled })
    }
}

impl From<Policy> for PolicyRecord {
    fn from(p: Policy) -> Self {
        Self { policy: p.kind(), enabled: p.enabled, settings: p.settings.to_json_map() }
    }
}

/// The serialized form of [`PolicySettings`]: `{"policy": "…", "settings": {…}}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsRecord {
    policy: PolicyKind,
    #[serde(default, skip_serializing_if = "JsonMap::is_empty")]
    settings: JsonMap,
}

impl Serialize for PolicySettings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SettingsRecord { policy: self.kind(), settings: self.to_json_map() }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PolicySettings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = SettingsRecord::deserialize(deserializer)?;
        Self::from_json_map(r.policy, &r.settings).map_err(serde::de::Error::custom)
    }
}

/// A change to one policy of an organization: what a policy command returns and what its event
/// carries, with all the data needed to apply it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ChangeRecord", into = "ChangeRecord")]
pub enum PolicyChange {
    /// The policy is switched on with these settings (stored before or not).
    Enabled {
        /// The settings it is enabled with.
        settings: PolicySettings,
    },
    /// A stored policy's settings are saved again, enabled or not.
    SettingsChanged {
        /// The settings before.
        from: PolicySettings,
        /// The settings after.
        to: PolicySettings,
    },
    /// The policy is switched off (its settings are kept).
    Disabled {
        /// The policy.
        kind: PolicyKind,
    },
}

impl PolicyChange {
    /// The policy changed.
    pub fn kind(&self) -> PolicyKind {
        match self {
            Self::Enabled { settings } => settings.kind(),
            Self::SettingsChanged { to, .. } => to.kind(),
            Self::Disabled { kind } => *kind,
        }
    }

    /// The change's stable snake_case name: `enable`, `change` or `disable`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Enabled { .. } => "enable",
            Self::SettingsChanged { .. } => "change",
            Self::Disabled { .. } => "disable",
        }
    }
}

impl std::fmt::Display for PolicyChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let describe = |s: &PolicySettings| {
            s.values().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
        };
        match self {
            Self::Enabled { settings } if settings.values().is_empty() => {
                write!(f, "enable {}", settings.kind())
            }
            Self::Enabled { settings } => write!(f, "enable {} ({})", settings.kind(), describe(settings)),
            Self::SettingsChanged { to, .. } => write!(f, "change {} ({})", to.kind(), describe(to)),
            Self::Disabled { kind } => write!(f, "disable {kind}"),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum ChangeRecord {
    Enable {
        policy: PolicyKind,
        #[serde(default, skip_serializing_if = "JsonMap::is_empty")]
        settings: JsonMap,
    },
    Change {
        policy: PolicyKind,
        from: JsonMap,
        to: JsonMap,
    },
    Disable {
        policy: PolicyKind,
    },
}

impl TryFrom<ChangeRecord> for PolicyChange {
    type Error = PolicyError;

    fn try_from(r: ChangeRecord) -> Result<Self, Self::Error> {
        Ok(match r {
            ChangeRecord::Enable { policy, settings } => {
                Self::Enabled { settings: PolicySettings::from_json_map(policy, &settings)? }
            }
            ChangeRecord::Change { policy, from, to } => Self::SettingsChanged {
                from: PolicySettings::from_json_map(policy, &from)?,
                to: PolicySettings::from_json_map(policy, &to)?,
            },
            ChangeRecord::Disable { policy } => Self::Disabled { kind: policy },
        })
    }
}

impl From<PolicyChange> for ChangeRecord {
    fn from(c: PolicyChange) -> Self {
        match c {
            PolicyChange::Enabled { settings } => {
                Self::Enable { policy: settings.kind(), settings: settings.to_json_map() }
            }
            PolicyChange::SettingsChanged { from, to } => {
                Self::Change { policy: to.kind(), from: from.to_json_map(), to: to.to_json_map() }
            }
            PolicyChange::Disabled { kind } => Self::Disable { policy: kind },
        }
    }
}

/// The policies of one organization: at most one per kind.
///
/// Changes are decided by pure functions ([`enable`](Self::enable), [`change`](Self::change),
/// [`disable`](Self::disable)) that check the plan and the dependency rules and return the
/// [`PolicyChange`] to make; [`apply`](Self::apply) makes it.
///
/// ```
/// use mspkit::PlanType;
/// use mspkit::policy::{PolicyKind, PolicySet, PolicySettings};
///
/// let mut set = PolicySet::default();
/// let plan = PlanType::EnterpriseAnnually;
/// let sso = PolicySettings::new(PolicyKind::RequireSso);
/// assert_eq!(set.enable(plan, sso.clone()).unwrap_err().code(), "policy_requirements_not_enabled");
/// let change = set.enable(plan, PolicySettings::new(PolicyKind::SingleOrg))?;
/// set.apply(&change)?;
/// set.apply(&set.enable(plan, sso)?)?;
/// assert_eq!(set.disable(PolicyKind::SingleOrg).unwrap_err().code(), "policy_required_by_enabled_policies");
/// assert_eq!(
///     PolicySet::default().enable(PlanType::TeamsAnnually, PolicySettings::new(PolicyKind::SingleOrg)).unwrap_err().code(),
///     "policy_not_on_plan"
/// );
/// # Ok::<(), mspkit::policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<Policy>", into = "Vec<Policy>")]
pub struct PolicySet {
    /// Sorted by kind, one per kind: compact and cache-friendly for portfolio-wide checks.
    policies: Vec<Policy>,
}

impl TryFrom<Vec<Policy>> for PolicySet {
    type Error = PolicyError;

    fn try_from(list: Vec<Policy>) -> Result<Self, Self::Error> {
        Self::from_policies(list)
    }
}

impl From<PolicySet> for Vec<Policy> {
    fn from(set: PolicySet) -> Self {
        set.policies
    }
}

impl PolicySet {
    /// A set of stored policies, refusing a kind listed twice. Stored policies are taken as
    /// they are: the dependency rules govern switching a policy on or off, not data already
    /// stored (the reference checks them only then too).
    pub fn from_policies(list: impl IntoIterator<Item = Policy>) -> Result<Self, PolicyError> {
        let mut policies: Vec<Policy> = list.into_iter().collect();
        policies.sort_by_key(Policy::kind);
        if let Some(pair) =
            policies.windows(2).find(|w| w.first().map(Policy::kind) == w.get(1).map(Policy::kind))
        {
            let kind = pair.first().map_or(PolicyKind::SingleOrg, Policy::kind);
            return Err(PolicyError::Duplicate { kind });
        }
        Ok(Self { policies })
    }

    /// A set from the plain records of a document, each refusal keeping its own code.
    pub(crate) fn from_records(records: Vec<PolicyRecord>) -> Result<Self, PolicyError> {
        Self::from_policies(records.into_iter().map(Policy::try_from).collect::<Result<Vec<_>, _>>()?)
    }

    /// The plain records of a document.
    pub(crate) fn to_records(&self) -> Vec<PolicyRecord> {
        self.policies.iter().cloned().map(PolicyRecord::from).collect()
    }

    /// The stored policy of `kind`, enabled or not.
    pub fn get(&self, kind: PolicyKind) -> Option<&Policy> {
        self.position(kind).ok().and_then(|i| self.policies.get(i))
    }

    fn position(&self, kind: PolicyKind) -> Result<usize, usize> {
        self.policies.binary_search_by_key(&kind, Policy::kind)
    }

    /// Whether the policy of `kind` is enabled.
    pub fn is_enabled(&self, kind: PolicyKind) -> bool {
        self.get(kind).is_some_and(|p| p.enabled)
    }

    /// Every stored policy, in code order, as a slice.
    pub fn as_slice(&self) -> &[Policy] {
        &self.policies
    }

    /// Every stored policy, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Policy> {
        self.policies.iter()
    }

    /// The enabled policies' kinds, in code order.
    pub fn enabled(&self) -> impl Iterator<Item = PolicyKind> + '_ {
        self.policies.iter().filter(|p| p.enabled).map(Policy::kind)
    }

    /// How many policies are stored.
    pub fn len(&self) -> usize {
        self.policies.len()
    }

    /// Whether no policy is stored.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    fn missing_requirements(&self, kind: PolicyKind) -> Vec<PolicyKind> {
        kind.requires().iter().copied().filter(|r| !self.is_enabled(*r)).collect()
    }

    /// Enabling the policy of `settings`' kind with those settings, on an organization with
    /// `plan`: refused when the plan does not offer it, when a setting it needs is unset, when it
    /// is enabled already (change its settings instead) or when a policy it requires is off.
    pub fn enable(&self, plan: PlanType, settings: PolicySettings) -> Result<PolicyChange, PolicyError> {
        let change = PolicyChange::Enabled { settings };
        self.check(plan, &change)?;
        Ok(change)
    }

    /// Saving new settings for a stored policy (enabled or not): refused when the plan does not
    /// offer policies or the policy was never stored. An enabled policy must keep every setting
    /// it needs.
    pub fn change(&self, plan: PlanType, settings: PolicySettings) -> Result<PolicyChange, PolicyError> {
        let kind = settings.kind();
        let from = self.get(kind).ok_or(PolicyError::NotConfigured { kind })?.settings.clone();
        let change = PolicyChange::SettingsChanged { from, to: settings };
        self.check(plan, &change)?;
        Ok(change)
    }

    /// Disabling the policy of `kind`: refused when it is not enabled or when enabled policies
    /// require it (all of them are named). Allowed whatever the plan, so an organization that
    /// lost policies on its plan can still switch them off.
    pub fn disable(&self, kind: PolicyKind) -> Result<PolicyChange, PolicyError> {
        let change = PolicyChange::Disabled { kind };
        self.check_structure(&change)?;
        Ok(change)
    }

    /// Checks `change` as a command on an organization with `plan`: the plan, the settings
    /// and the dependency rules.
    pub fn check(&self, plan: PlanType, change: &PolicyChange) -> Result<(), PolicyError> {
        match change {
            PolicyChange::Enabled { settings } => {
                settings.kind().check_plan(plan)?;
                settings.check_complete()?;
            }
            PolicyChange::SettingsChanged { to, .. } => {
                to.kind().check_plan(plan)?;
                if self.is_enabled(to.kind()) {
                    to.check_complete()?;
                }
            }
            PolicyChange::Disabled { .. } => {}
        }
        self.check_structure(change)
    }

    /// The checks that hold whatever the plan: the ones [`apply`](Self::apply) repeats.
    fn check_structure(&self, change: &PolicyChange) -> Result<(), PolicyError> {
        match change {
            PolicyChange::Enabled { settings } => {
                let kind = settings.kind();
                if self.is_enabled(kind) {
                    return Err(PolicyError::AlreadyEnabled { kind });
                }
                let missing = self.missing_requirements(kind);
                if !missing.is_empty() {
                    return Err(PolicyError::RequirementsNotEnabled { kind, missing });
                }
            }
            PolicyChange::SettingsChanged { from, to } => {
                let kind = to.kind();
                let stored = self.get(kind).ok_or(PolicyError::NotConfigured { kind })?;
                if from.kind() != kind {
                    return Err(PolicyError::ChangeDoesNotFit { kind, reason: "it names two policies" });
                }
                if stored.settings != *from {
                    return Err(PolicyError::ChangeDoesNotFit {
                        kind,
                        reason: "its previous settings are not the stored ones",
                    });
                }
            }
            PolicyChange::Disabled { kind } => {
                let kind = *kind;
                if !self.is_enabled(kind) {
                    return Err(PolicyError::NotEnabled { kind });
                }
                let dependents = kind.required_by(self.enabled());
                if !dependents.is_empty() {
                    return Err(PolicyError::RequiredByEnabled { kind, dependents });
                }
            }
        }
        Ok(())
    }

    /// Applies a change (a command's result or a recorded event). The dependency rules and the
    /// stored state are checked again, the plan is not (a recorded change stays valid after a
    /// plan change); a change that does not fit is refused and nothing changes.
    pub fn apply(&mut self, change: &PolicyChange) -> Result<(), PolicyError> {
        self.check_structure(change)?;
        match change {
            PolicyChange::Enabled { settings } => {
                let policy = Policy::new(settings.clone(), true);
                match self.position(settings.kind()) {
                    Ok(i) => {
                        if let Some(slot) = self.policies.get_mut(i) {
                            *slot = policy;
                        }
                    }
                    Err(i) => self.policies.insert(i, policy),
                }
            }
            PolicyChange::SettingsChanged { to, .. } => {
                if let Some(policy) = self.position(to.kind()).ok().and_then(|i| self.policies.get_mut(i)) {
                    policy.settings = to.clone();
                }
            }
            PolicyChange::Disabled { kind } => {
                if let Some(policy) = self.position(*kind).ok().and_then(|i| self.policies.get_mut(i)) {
                    policy.enabled = false;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::SettingValue;

    const ENTERPRISE: PlanType = PlanType::EnterpriseMonthly;

    #[test]
    fn a_stored_policy_takes_24_bytes() {
        // A portfolio check reads every client's policies (issue 14): 10 policies are 240 bytes.
        assert_eq!(size_of::<PolicySettings>(), 16);
        assert_eq!(size_of::<Policy>(), 24);
    }

    #[test]
    fn the_boxed_text_settings_read_and_write_as_before() {
        for (kind, name, value) in [
            (PolicyKind::AutomaticAppLogIn, "idp_host", "sso.example.com"),
            (PolicyKind::FillAssist, "rules_url", "https://rules.example.com/fill.json"),
        ] {
            let text = SettingValue::Text(value.to_owned());
            let set = PolicySettings::new(kind).with(name, Some(text.clone())).unwrap();
            assert_eq!(set.get(name), Some(text));
            assert_eq!(set.clone().with(name, None).unwrap().get(name), None);
        }
    }

    fn on(kinds: &[PolicyKind]) -> PolicySet {
        PolicySet::from_policies(kinds.iter().map(|k| Policy::new(complete(*k), true))).unwrap()
    }

    fn complete(kind: PolicyKind) -> PolicySettings {
        let s = PolicySettings::new(kind);
        match kind {
            PolicyKind::MaximumVaultTimeout => s.with("minutes", Some(SettingValue::Int(60))).unwrap(),
            PolicyKind::UriMatchDefaults => {
                s.with("match_detection", Some(SettingValue::Text("host".into()))).unwrap()
            }
            PolicyKind::FillAssist => {
                s.with("rules_url", Some(SettingValue::Text("https://example.com/rules".into()))).unwrap()
            }
            _ => s,
        }
    }

    #[test]
    fn each_dependency_rule_both_ways() {
        for kind in PolicyKind::all().iter().copied().filter(|k| !k.requires().is_empty()) {
            // Enabling without the requirement is refused, naming it.
            let err = PolicySet::default().enable(ENTERPRISE, complete(kind)).unwrap_err();
            assert_eq!(
                err,
                PolicyError::RequirementsNotEnabled { kind, missing: vec![PolicyKind::SingleOrg] }
            );
            // With it, allowed.
            let mut set = on(&[PolicyKind::SingleOrg]);
            set.apply(&set.enable(ENTERPRISE, complete(kind)).unwrap()).unwrap();
            // Disabling the requirement while the dependent is on is refused, naming it.
            let err = set.disable(PolicyKind::SingleOrg).unwrap_err();
            assert_eq!(
                err,
                PolicyError::RequiredByEnabled { kind: PolicyKind::SingleOrg, dependents: vec![kind] }
            );
            // Once the dependent is off, the requirement can go.
            set.apply(&set.disable(kind).unwrap()).unwrap();
            set.apply(&set.disable(PolicyKind::SingleOrg).unwrap()).unwrap();
            assert!(!set.is_enabled(PolicyKind::SingleOrg) && !set.is_enabled(kind));
        }
    }

    #[test]
    fn disabling_names_every_dependent() {
        let set = on(&[PolicyKind::SingleOrg, PolicyKind::RequireSso, PolicyKind::ResetPassword]);
        let err = set.disable(PolicyKind::SingleOrg).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`single_org` is required by `require_sso`, `reset_password`; disable them first"
        );
    }

    #[test]
    fn a_plan_without_policies_enables_none() {
        for plan in PlanType::all().iter().copied().filter(|p| !p.features().policies) {
            for kind in PolicyKind::all() {
                let err = PolicySet::default().enable(plan, complete(*kind)).unwrap_err();
                assert_eq!(err.code(), "policy_not_on_plan", "{plan:?} {kind}");
            }
        }
        let set = on(&[PolicyKind::SingleOrg]);
        assert_eq!(
            set.change(PlanType::TeamsMonthly, complete(PolicyKind::SingleOrg)).unwrap_err().code(),
            "policy_not_on_plan"
        );
        // Switching off is allowed after a downgrade.
        assert!(set.disable(PolicyKind::SingleOrg).is_ok());
    }

    #[test]
    fn enable_change_disable_lifecycle() {
        let mut set = PolicySet::default();
        let timeout = PolicySettings::new(PolicyKind::MaximumVaultTimeout);
        set.apply(&set.enable(ENTERPRISE, PolicySettings::new(PolicyKind::SingleOrg)).unwrap()).unwrap();
        assert_eq!(set.enable(ENTERPRISE, timeout.clone()).unwrap_err().code(), "policy_setting_required");
        let sixty = timeout.with("minutes", Some(SettingValue::Int(60))).unwrap();
        set.apply(&set.enable(ENTERPRISE, sixty.clone()).unwrap()).unwrap();
        assert_eq!(set.enable(ENTERPRISE, sixty.clone()).unwrap_err().code(), "policy_already_enabled");
        let thirty = sixty.clone().with("minutes", Some(SettingValue::Int(30))).unwrap();
        let change = set.change(ENTERPRISE, thirty.clone()).unwrap();
        assert_eq!(change, PolicyChange::SettingsChanged { from: sixty, to: thirty.clone() });
        set.apply(&change).unwrap();
        // The same recorded change does not fit twice.
        assert_eq!(set.apply(&change).unwrap_err().code(), "policy_change_does_not_fit");
        set.apply(&set.disable(PolicyKind::MaximumVaultTimeout).unwrap()).unwrap();
        assert_eq!(
            set.get(PolicyKind::MaximumVaultTimeout).unwrap().settings(),
            &thirty,
            "settings are kept"
        );
        assert_eq!(set.disable(PolicyKind::MaximumVaultTimeout).unwrap_err().code(), "policy_not_enabled");
        assert_eq!(
            set.change(ENTERPRISE, complete(PolicyKind::FillAssist)).unwrap_err().code(),
            "policy_not_configured"
        );
    }

    #[test]
    fn documents_round_trip_and_refuse_duplicates() {
        let set = on(&[PolicyKind::SingleOrg, PolicyKind::MaximumVaultTimeout]);
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(
            json,
            r#"[{"policy":"single_org","enabled":true},{"policy":"maximum_vault_timeout","enabled":true,"settings":{"minutes":60}}]"#
        );
        assert_eq!(serde_json::from_str::<PolicySet>(&json).unwrap(), set);
        let twice = r#"[{"policy":"single_org","enabled":true},{"policy":"single_org","enabled":false}]"#;
        assert!(serde_json::from_str::<PolicySet>(twice).unwrap_err().to_string().contains("listed twice"));
        let bad = r#"[{"policy":"maximum_vault_timeout","enabled":true,"settings":{"minutes":0}}]"#;
        assert!(serde_json::from_str::<PolicySet>(bad).is_err());
        for change in [
            PolicyChange::Enabled { settings: complete(PolicyKind::FillAssist) },
            PolicyChange::SettingsChanged {
                from: PolicySettings::new(PolicyKind::MasterPassword),
                to: PolicySettings::new(PolicyKind::MasterPassword),
            },
            PolicyChange::Disabled { kind: PolicyKind::SingleOrg },
        ] {
            let json = serde_json::to_string(&change).unwrap();
            assert_eq!(serde_json::from_str::<PolicyChange>(&json).unwrap(), change, "{json}");
        }
    }
}
