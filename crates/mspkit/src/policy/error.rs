//! Errors of the policy area.

use super::{PlanFeature, PolicyKind};
use crate::plan::PlanType;

fn list(kinds: &[PolicyKind]) -> String {
    kinds.iter().map(|k| format!("`{}`", k.name())).collect::<Vec<_>>().join(", ")
}

// (Here, not in kind.rs, so that the kinds are a leaf the error names.)
impl PolicyKind {
    /// `Ok` when `plan` offers the policy, else the first missing feature as an error.
    pub fn check_plan(self, plan: PlanType) -> Result<(), PolicyError> {
        match self.plan_features().iter().find(|f| !f.on(plan)) {
            None => Ok(()),
            Some(feature) => Err(PolicyError::NotOnPlan { kind: self, plan, feature: *feature }),
        }
    }
}

/// A policy, a policy setting or a policy change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The organization's plan does not offer the policy.
    #[error(
        "`{kind}` needs {feature} on the plan, and `{plan}` does not have it; upgrade the organization to an enterprise plan",
        feature = feature.name(), plan = plan.name()
    )]
    NotOnPlan {
        /// The policy.
        kind: PolicyKind,
        /// The organization's plan.
        plan: PlanType,
        /// The missing feature.
        feature: PlanFeature,
    },
    /// Enabling a policy whose required policies are off.
    #[error("`{kind}` requires {} to be enabled first", list(missing))]
    RequirementsNotEnabled {
        /// The policy.
        kind: PolicyKind,
        /// Every required policy that is off.
        missing: Vec<PolicyKind>,
    },
    /// Enabling two-step login would revoke members who have no master password, who would
    /// lose access for good (the reference's `TwoFactorAuthenticationPolicyEventHandler`).
    #[error(
        "enabling two-step login would revoke {} without a master password, who would lose access for good; have them turn on two-step login first",
        emails.join(", ")
    )]
    MembersWouldLoseAccess {
        /// Their emails.
        emails: Vec<String>,
    },
    /// Disabling a policy that enabled policies require.
    #[error("`{kind}` is required by {}; disable them first", list(dependents))]
    RequiredByEnabled {
        /// The policy.
        kind: PolicyKind,
        /// Every enabled policy that requires it.
        dependents: Vec<PolicyKind>,
    },
    /// The policy is enabled already.
    #[error("`{kind}` is already enabled; change its settings instead")]
    AlreadyEnabled {
        /// The policy.
        kind: PolicyKind,
    },
    /// The policy is not enabled.
    #[error("`{kind}` is not enabled")]
    NotEnabled {
        /// The policy.
        kind: PolicyKind,
    },
    /// The policy was never configured for the organization.
    #[error("`{kind}` is not configured for the organization; enable it first")]
    NotConfigured {
        /// The policy.
        kind: PolicyKind,
    },
    /// A settings key the policy does not have.
    #[error("`{setting}` is not a setting of `{kind}`")]
    UnknownSetting {
        /// The policy.
        kind: PolicyKind,
        /// The key given.
        setting: String,
    },
    /// A number outside its range.
    #[error("`{kind}.{setting}` is {value}; it must be between {min} and {max}")]
    SettingOutOfRange {
        /// The policy.
        kind: PolicyKind,
        /// The setting.
        setting: &'static str,
        /// The value given.
        value: i64,
        /// The smallest allowed.
        min: i64,
        /// The largest allowed.
        max: i64,
    },
    /// A text longer than allowed.
    #[error("`{kind}.{setting}` is longer than {max_chars} characters")]
    SettingTooLong {
        /// The policy.
        kind: PolicyKind,
        /// The setting.
        setting: &'static str,
        /// The limit.
        max_chars: usize,
    },
    /// A value of the wrong type or not among the choices.
    #[error("`{kind}.{setting}` is `{found}`; it must be {expected}")]
    InvalidSetting {
        /// The policy.
        kind: PolicyKind,
        /// The setting.
        setting: &'static str,
        /// What the setting takes.
        expected: &'static str,
        /// The value given.
        found: String,
    },
    /// A setting needed to enable the policy is unset.
    #[error("`{kind}` cannot be enabled without `{setting}`")]
    MissingSetting {
        /// The policy.
        kind: PolicyKind,
        /// The setting.
        setting: &'static str,
    },
    /// A name that is no policy kind.
    #[error("`{0}` is not a policy")]
    UnknownPolicy(String),
    /// An integer that is no `PolicyType` code.
    #[error("`{0}` is not a policy type code (0 to 22)")]
    UnknownPolicyCode(i64),
    /// The same policy twice in one organization.
    #[error("`{kind}` is listed twice; an organization has at most one policy of each kind")]
    Duplicate {
        /// The policy.
        kind: PolicyKind,
    },
    /// The reference's policy JSON is not of the expected shape.
    #[error("the reference policy list is not valid: {0}")]
    InvalidReference(String),
    /// The document reader refused a policy document (the reference's policy list): over the
    /// size limit, a repeated key, not JSON. The code is the reader's.
    #[error(transparent)]
    Document(crate::document::DocumentError),
    /// A recorded change does not fit the policies it is applied to.
    #[error("the `{kind}` change does not fit the organization's policies: {reason}")]
    ChangeDoesNotFit {
        /// The policy.
        kind: PolicyKind,
        /// Why.
        reason: &'static str,
    },
    /// A report could not be written as JSON (the serializer refused a value: a report built by
    /// mspkit does not reach this; it is an error, not an empty string, should it ever happen).
    /// The code is the one of every document that cannot be written, `write_failed`.
    #[error("cannot write the {what}: {message}")]
    WriteFailed {
        /// What was being written (`compliance report`).
        what: &'static str,
        /// The serializer's message.
        message: String,
    },
}

error_codes! {
    PolicyError {
        Self::NotOnPlan { .. } => "policy_not_on_plan", Conflict;
        Self::RequirementsNotEnabled { .. } => "policy_requirements_not_enabled", Conflict;
        Self::RequiredByEnabled { .. } => "policy_required_by_enabled_policies", Conflict;
        Self::AlreadyEnabled { .. } => "policy_already_enabled", Conflict;
        Self::NotEnabled { .. } => "policy_not_enabled", Conflict;
        Self::NotConfigured { .. } => "policy_not_configured", Conflict;
        Self::MembersWouldLoseAccess { .. } => "members_would_lose_access", Conflict;
        Self::UnknownSetting { .. } => "unknown_policy_setting", InvalidInput;
        Self::SettingOutOfRange { .. } => "policy_setting_out_of_range", InvalidInput;
        Self::SettingTooLong { .. } => "policy_setting_too_long", InvalidInput;
        Self::InvalidSetting { .. } => "invalid_policy_setting", InvalidInput;
        Self::MissingSetting { .. } => "policy_setting_required", InvalidInput;
        Self::UnknownPolicy(_) => "unknown_policy", InvalidInput;
        Self::UnknownPolicyCode(_) => "unknown_policy_code", InvalidInput;
        Self::Duplicate { .. } => "duplicate_policy", CorruptDocument;
        Self::ChangeDoesNotFit { .. } => "policy_change_does_not_fit", CorruptDocument;
        Self::InvalidReference(_) => "invalid_reference_policy", CorruptDocument;
        Self::WriteFailed { .. } => "write_failed", CorruptDocument;
    }
    via {
        Self::Document(e) => e, CorruptDocument;
    }
}

/// Where in a baseline file a problem is: the key path, and the line when the format tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The dotted key path (`policies.master_password.min_length`), empty for the whole file.
    pub key: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.key.is_empty()) {
            (Some(line), true) => write!(f, "line {line}"),
            (Some(line), false) => write!(f, "line {line}, `{}`", self.key),
            (None, false) => write!(f, "`{}`", self.key),
            (None, true) => f.write_str("the document"),
        }
    }
}

/// A baseline file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BaselineError {
    /// Not valid TOML or JSON.
    #[error("{at}: the baseline is not valid {format}: {message}")]
    Malformed {
        /// `TOML` or `JSON`.
        format: &'static str,
        /// Where.
        at: Location,
        /// What the parser said.
        message: String,
    },
    /// A file name that ends neither in `.toml` nor in `.json`.
    #[error("`{0}` is neither a `.toml` nor a `.json` baseline")]
    UnknownFormat(String),
    /// A key the baseline format does not have.
    #[error(
        "{at}: unknown key; a baseline has `name`, `description`, `applies_to`, `policies` and `exceptions`"
    )]
    UnknownKey {
        /// Where.
        at: Location,
    },
    /// A policy name that is no policy.
    #[error("{at}: `{name}` is not a policy")]
    UnknownPolicy {
        /// Where.
        at: Location,
        /// The name given.
        name: String,
    },
    /// A setting the policy does not have.
    #[error("{at}: `{setting}` is not a setting of `{kind}`; it has {known}")]
    UnknownSetting {
        /// Where.
        at: Location,
        /// The policy.
        kind: PolicyKind,
        /// The name given.
        setting: String,
        /// The settings it has.
        known: String,
    },
    /// A value of the wrong type or out of range.
    #[error("{at}: {message}")]
    InvalidValue {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// A setting needed to enable the policy is not in the baseline.
    #[error("{at}: `{kind}` cannot be enabled without `{setting}`; the baseline must give it")]
    MissingSetting {
        /// Where.
        at: Location,
        /// The policy.
        kind: PolicyKind,
        /// The setting.
        setting: &'static str,
    },
    /// An exception without a needed field or for a policy the baseline does not ask for.
    #[error("{at}: {message}")]
    InvalidException {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// The document reader refused the text: over the size limit (`document_too_large`), a key
    /// repeated in one object (`duplicate_key`, with the line and column), unreadable
    /// (`read_failed`). The code is the reader's.
    #[error(transparent)]
    Document(crate::document::DocumentError),
    /// Two baselines that select the same client ask for settings no value meets together
    /// (issue 17: a flag `true` and `false`, choices with nothing in common).
    #[error(
        "baselines {baselines} both apply to a client and ask `{subject}` to be {first} and {second}; no value is both"
    )]
    Conflict {
        /// The baselines' names, as a list for people.
        baselines: String,
        /// `policy.setting`.
        subject: String,
        /// What the first asks.
        first: String,
        /// What the second asks.
        second: String,
    },
    /// More exceptions or values than a baseline may hold.
    #[error(
        "the baseline holds more than {limit} {what}; a baseline is a short standard and a reviewed list of exceptions, split it"
    )]
    TooLarge {
        /// `exceptions` or `values`.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
}

impl BaselineError {
    /// Where the problem is, if it is at one place.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Self::UnknownFormat(_) | Self::Document(_) | Self::TooLarge { .. } | Self::Conflict { .. } => {
                None
            }
            Self::Malformed { at, .. }
            | Self::UnknownKey { at }
            | Self::UnknownPolicy { at, .. }
            | Self::UnknownSetting { at, .. }
            | Self::InvalidValue { at, .. }
            | Self::MissingSetting { at, .. }
            | Self::InvalidException { at, .. } => Some(at),
        }
    }
}

error_codes! {
    BaselineError {
        Self::Malformed { .. } => "baseline_malformed", InvalidInput;
        Self::UnknownFormat(_) => "baseline_unknown_format", InvalidInput;
        Self::UnknownKey { .. } => "baseline_unknown_key", InvalidInput;
        Self::UnknownPolicy { .. } => "baseline_unknown_policy", InvalidInput;
        Self::UnknownSetting { .. } => "baseline_unknown_setting", InvalidInput;
        Self::InvalidValue { .. } => "baseline_invalid_value", InvalidInput;
        Self::MissingSetting { .. } => "baseline_missing_setting", InvalidInput;
        Self::InvalidException { .. } => "baseline_invalid_exception", InvalidInput;
        Self::TooLarge { .. } => "baseline_too_large", InvalidInput;
        Self::Conflict { .. } => "baseline_conflict", InvalidInput;
    }
    via {
        Self::Document(e) => e, CorruptDocument;
    }
}
