//! The crate-wide [`Error`], which carries the error of any area. Each area's error enum lives
//! beside its module (`provider::team::TeamError`, `event::EventError`, …; the provider's are
//! re-exported here).
//!
//! Every error has a stable snake_case `code()`. Codes are part of the public interface: they
//! are listed in one snapshot test and never change meaning.

use crate::billing::BillingError;
use crate::deployment::DeploymentError;
use crate::document::DocumentError;
use crate::email::EmailError;
use crate::event::EventError;
use crate::ids::IdParseError;
use crate::interop::InteropError;
#[cfg(feature = "password")]
use crate::password::PasswordError;
use crate::permissions::Denial;
use crate::policy::{BaselineError, PolicyError};
use crate::portfolio::PortfolioError;
pub use crate::provider::{ClientError, ProviderError, TeamError};
use crate::token::TokenError;

/// Any error mspkit returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A malformed identifier.
    #[error(transparent)]
    Id(#[from] IdParseError),
    /// A malformed email address.
    #[error(transparent)]
    Email(#[from] EmailError),
    /// A provider command or setting was refused.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// A team command was refused.
    #[error(transparent)]
    Team(#[from] TeamError),
    /// A client command was refused.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// An event does not fit the provider it is applied to.
    #[error(transparent)]
    Event(#[from] EventError),
    /// JSON of the wrong shape (`invalid_document`, with line and column).
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// The actor may not perform the action.
    #[error(transparent)]
    Denied(#[from] Denial),
    /// A reference-server document could not be read.
    #[error(transparent)]
    Interop(#[from] InteropError),
    /// A portfolio document could not be read.
    #[error(transparent)]
    Portfolio(#[from] PortfolioError),
    /// A KDF setting, derivation input or master-password rule was refused.
    #[cfg(feature = "password")]
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// A deployment catalogue, plan, schedule or document was refused.
    #[error(transparent)]
    Deployment(#[from] DeploymentError),
    /// A billing command, query or document was refused.
    #[error(transparent)]
    Billing(#[from] BillingError),
    /// A client policy, policy setting or policy change was refused.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A baseline file was refused (boxed: its location makes it the largest error).
    #[error(transparent)]
    Baseline(Box<BaselineError>),
    /// An invitation, set-up or deletion token was refused.
    #[error(transparent)]
    Token(#[from] TokenError),
}

impl From<BaselineError> for Error {
    fn from(err: BaselineError) -> Self {
        Self::Baseline(Box::new(err))
    }
}

impl Error {
    /// The stable snake_case code of the underlying error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Id(e) => e.code(),
            Self::Email(e) => e.code(),
            Self::Provider(e) => e.code(),
            Self::Team(e) => e.code(),
            Self::Client(e) => e.code(),
            Self::Event(e) => e.code(),
            Self::Document(e) => e.code(),
            Self::Denied(e) => e.code(),
            Self::Interop(e) => e.code(),
            Self::Portfolio(e) => e.code(),
            #[cfg(feature = "password")]
            Self::Password(e) => e.code(),
            Self::Deployment(e) => e.code(),
            Self::Billing(e) => e.code(),
            Self::Policy(e) => e.code(),
            Self::Baseline(e) => e.code(),
            Self::Token(e) => e.code(),
        }
    }
}

/// Every error code mspkit returns, sorted and once each: the codes of every area's errors.
/// A snapshot test checks this list against an instance of every error variant, so a new
/// variant or a changed code cannot go unnoticed.
pub fn all_codes() -> &'static [&'static str] {
    &ALL_CODES
}

const ALL_CODES: [&str; 178] = [
    "account_already_member",
    "already_member",
    "amount_invalid",
    "amount_overflow",
    "baseline_invalid_exception",
    "baseline_invalid_value",
    "baseline_malformed",
    "baseline_missing_setting",
    "baseline_too_large",
    "baseline_unknown_format",
    "baseline_unknown_key",
    "baseline_unknown_policy",
    "baseline_unknown_setting",
    "billing_change_mismatch",
    "billing_change_out_of_order",
    "billing_date_out_of_range",
    "billing_email_missing",
    "cancel_too_early",
    "client_member_exists",
    "client_member_not_found",
    "client_name_invalid",
    "client_not_found",
    "client_not_managed",
    "client_out_of_scope",
    "client_reference_invalid",
    "date_before_subscription",
    "date_out_of_range",
    "date_outside_period",
    "delete_needs_admin",
    "delete_token_expired",
    "delete_token_invalid",
    "deployment_not_a_client",
    "derivation_failed",
    "discount_invalid",
    "document_too_large",
    "duplicate_client",
    "duplicate_invite",
    "duplicate_key",
    "duplicate_phase_number",
    "duplicate_policy",
    "duplicate_step_number",
    "email_empty",
    "email_invalid",
    "email_too_long",
    "empty_batch",
    "empty_catalog",
    "empty_phase",
    "event_for_another_client",
    "event_line_too_long",
    "event_log_empty",
    "event_log_not_issuing",
    "event_log_schema_unsupported",
    "event_mismatch",
    "event_out_of_sequence",
    "event_wrong_provider",
    "fingerprint_mismatch",
    "foreign_event",
    "incomplete_event",
    "invalid_document",
    "invalid_duration",
    "invalid_id",
    "invalid_member_record",
    "invalid_policy_setting",
    "invalid_provider_record",
    "invalid_reference_policy",
    "invalid_transition",
    "invalid_weekday",
    "invitation_email_mismatch",
    "invitation_expired",
    "invitation_token_expired",
    "invitation_token_invalid",
    "invite_batch_too_large",
    "invoice_already_open",
    "invoice_not_overdue",
    "kdf_iterations_out_of_range",
    "kdf_memory_out_of_range",
    "kdf_parallelism_out_of_range",
    "last_confirmed_admin",
    "member_already_revoked",
    "member_not_accepted",
    "member_not_confirmed",
    "member_not_found",
    "member_not_invited",
    "member_not_revoked",
    "member_revoked",
    "missing_reason",
    "no_confirmed_owner",
    "no_consolidated_billing",
    "no_free_seats",
    "no_open_invoice",
    "no_subscription",
    "no_working_days",
    "not_a_member",
    "not_organization_owner",
    "organization_already_linked",
    "password_empty",
    "password_too_short",
    "password_weak",
    "period_invalid",
    "phase_complete",
    "phase_has_open_steps",
    "phase_not_complete",
    "phase_not_in_catalog",
    "plan_not_allowed",
    "plan_not_billed",
    "policy_already_enabled",
    "policy_change_does_not_fit",
    "policy_min_complexity_out_of_range",
    "policy_min_length_out_of_range",
    "policy_not_configured",
    "policy_not_enabled",
    "policy_not_met",
    "policy_not_on_plan",
    "policy_required_by_enabled_policies",
    "policy_requirements_not_enabled",
    "policy_setting_out_of_range",
    "policy_setting_required",
    "policy_setting_too_long",
    "portfolio_schema_unsupported",
    "price_negative",
    "profile_opens_complete_phase",
    "profile_unchanged",
    "provider_admin_only",
    "provider_already_issued",
    "provider_already_set_up",
    "provider_deleted",
    "provider_disabled",
    "provider_has_clients",
    "provider_issued_to_unknown",
    "provider_name_blank",
    "provider_name_too_long",
    "provider_not_billable",
    "provider_not_set_up",
    "purchase_requires_admin",
    "read_failed",
    "reference_ambiguous_plan",
    "reference_malformed",
    "reference_missing_billing_email",
    "reference_missing_fact",
    "reference_missing_plan",
    "reference_unknown_code",
    "reference_wrong_provider",
    "salt_email_empty",
    "schedule_out_of_range",
    "scope_needs_service_user",
    "seats_above_limit",
    "seats_below_occupied",
    "seats_zero",
    "setting_out_of_range",
    "setting_too_long",
    "setup_email_mismatch",
    "setup_token_expired",
    "setup_token_invalid",
    "step_not_applicable",
    "steps_out_of_phase_order",
    "subscription_already_started",
    "subscription_cancelled",
    "subscription_inactive",
    "subscription_not_unpaid",
    "subscription_start_in_future",
    "token_key_too_short",
    "trial_not_over",
    "trusted_devices_without_sso",
    "unknown_client",
    "unknown_kdf_type",
    "unknown_phase",
    "unknown_policy",
    "unknown_policy_code",
    "unknown_policy_setting",
    "unknown_step",
    "vault_items_never",
    "version_conflict",
    "what_if_client_unknown",
    "what_if_invalid",
    "write_failed",
    "wrong_target",
    "zero_phase_number",
    "zero_step_number",
];
