//! Enterprise policies of client organizations, provider baselines, compliance and remediation.
//!
//! - [`PolicyKind`]: the catalogue (reference codes, display names, required policies, plan
//!   availability; listed by [`catalogue`]) and [`PolicySettings`]: typed settings checked against one table of ranges;
//!   the master-password policy's settings are [`MasterPasswordPolicy`](crate::password::MasterPasswordPolicy).
//! - [`PolicySet`]: one organization's policies, with pure `enable` / `change` / `disable`
//!   decisions that return a [`PolicyChange`], and `apply`.
//! - [`binds`]: which enabled policies bind which member (the exemptions).
//! - [`Baseline`]: a provider's standard from TOML or JSON; [`Baseline::check_client`],
//!   [`Baseline::check_portfolio`] and [`Baseline::remediation`].
//! - [`read_reference_policies`] / [`write_reference_policies`]: the reference server's JSON.

mod applicability;
mod assert;
mod baseline;
mod catalogue;
mod compliance;
mod error;
mod interop;
mod kind;
mod output;
mod set;
mod settings;
mod side_effects;
mod tiers;

pub use applicability::{MemberFacts, OrganizationFacts, binds};
pub use assert::{CheckCompliance, ComplianceOutcome};
pub use baseline::{
    Baseline, Expectation, MAX_BASELINE_EXCEPTIONS, MAX_BASELINE_VALUES, PolicyException, Requirement,
    SettingRequirement,
};
pub use catalogue::{CatalogueEntry, CatalogueSetting, catalogue};
pub use compliance::{
    AcceptedFinding, ClientCompliance, ClientPolicies, ComplianceTotals, Finding, FindingCode,
    PortfolioCompliance, RemediationPlan, Severity,
};
pub use error::{BaselineError, Location, PolicyError};
pub use interop::{
    ReferencePolicies, StoredEntry, read_reference_policies, read_reference_policies_with,
    write_reference_policies,
};
pub use kind::{PlanFeature, PolicyKind};
pub use output::xml_escape;
pub(crate) use set::PolicyRecord;
pub use set::{Policy, PolicyChange, PolicySet};
pub use settings::{
    AutomaticAppLogInSettings, FillAssistSettings, GeneratorType, MAX_VAULT_TIMEOUT_MINUTES,
    MaximumVaultTimeoutSettings, OrganizationUserNotificationSettings, PasswordGeneratorSettings,
    PolicySettings, ResetPasswordSettings, SendAccess, SendControlsSettings, SendOptionsSettings,
    SettingRule, SettingSpec, SettingValue, UriMatchDefaultsSettings, UriMatchStrategy, VaultTimeoutAction,
};
pub use side_effects::{
    ComplianceFacts, MemberCompliance, PreviewRefusal, RevocationReason, SideEffects, revocable, side_effects,
};
pub use tiers::{CheckTiers, TierCompliance, TieredCompliance, UnselectedClient, check_tiers};
