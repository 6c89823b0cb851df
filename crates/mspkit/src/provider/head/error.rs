//! The errors of the provider's head.

use super::ProviderStatus;
use crate::email::Email;
use crate::ids::{ProviderId, ProviderUserId};

/// A provider command or setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProviderError {
    /// The provider name is empty.
    #[error("the provider name is blank; give it a name of 1 to 50 characters")]
    NameBlank,
    /// The provider name is too long.
    #[error("the provider name has {length} characters; the limit is 50")]
    NameTooLong {
        /// Its length in characters.
        length: usize,
    },
    /// A free-text setting is too long.
    #[error("`{field}` is longer than {max} characters")]
    SettingTooLong {
        /// The setting.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// A plan change (`ProviderBillingService.ChangePlan`) is for a business unit, whose one
    /// plan it switches between Enterprise monthly and annual.
    #[error("only a business unit changes its plan this way, not a provider of kind `{kind}`", kind = kind.name())]
    PlanChangeNotSupported {
        /// The provider's kind.
        kind: super::ProviderType,
    },
    /// The provider was already set up.
    #[error("the provider is already set up")]
    AlreadySetUp,
    /// Only the person a pending provider was issued to may set it up.
    #[error(
        "the provider was issued to `{issued_to}`, not to `{given}`; it is set up by the person it was issued to"
    )]
    SetupEmailMismatch {
        /// The address the provider was issued to.
        issued_to: Email,
        /// The address of the account trying to set it up.
        given: Email,
    },
    /// A pending provider that does not record whom it was issued to cannot be set up.
    #[error(
        "the provider does not record whom it was issued to, so nobody can set it up; the vendor must issue it again"
    )]
    IssuedToUnknown,
    /// The provider has not been set up yet.
    #[error("the provider has not been set up yet; its first admin must set it up first")]
    NotSetUp,
    /// Consolidated billing needs a billable provider.
    #[error(
        "the provider is `{status}`, not billable: its subscription must run before clients or seats change",
        status = status.name()
    )]
    NotBillable {
        /// The current status.
        status: ProviderStatus,
    },
    /// A reseller has no consolidated provider billing.
    #[error("a reseller has no consolidated provider billing; its clients are billed per organization")]
    NoConsolidatedBilling,
    /// A new client takes the provider's billing email, and the provider has none.
    #[error(
        "the provider has no billing email, which a new client takes; a provider admin must set one in the settings first"
    )]
    NoBillingEmail,
    /// The provider still has clients.
    #[error("the provider still has {clients} client organization(s); unlink or delete them first")]
    HasClients {
        /// How many.
        clients: usize,
    },
    /// Only a pending provider may be deleted without an admin.
    #[error(
        "only a pending provider may be deleted by the vendor; a set-up provider is deleted by a provider admin"
    )]
    DeleteNeedsAdmin,
    /// The provider was deleted: it takes no more commands or events.
    #[error("the provider was deleted; it takes no more commands or events")]
    Deleted,
    /// An event to export belongs to another provider.
    #[error(
        "event {sequence} belongs to provider `{provider}`, not to this one; export only this provider's events"
    )]
    ForeignEvent {
        /// The event's sequence number.
        sequence: u64,
        /// The provider it belongs to.
        provider: ProviderId,
    },
    /// A stored provider breaks an invariant.
    #[error("the provider record is invalid: {detail}")]
    InvalidRecord {
        /// What is wrong.
        detail: String,
    },
    /// The provider is not at the version the caller last saw: someone changed it since.
    #[error(
        "the provider is at version {actual}, not {expected}: it changed since it was read; load it again and retry"
    )]
    VersionConflict {
        /// The version the caller expected.
        expected: u64,
        /// The provider's version.
        actual: u64,
    },
    /// Every member's access is suspended already.
    #[error(
        "the provider's access is suspended already; resume it (`resume_access`) before suspending again"
    )]
    AccessAlreadySuspended,
    /// Access is not suspended: there is nothing to resume.
    #[error("the provider's access is not suspended; there is nothing to resume")]
    AccessNotSuspended,
    /// The reason for suspending access is blank, too long or holds control characters.
    #[error("the reason for suspending access has {length} characters; give 1 to 500, on one line")]
    SuspensionReasonInvalid {
        /// Its length in characters (after trimming).
        length: usize,
    },
    /// An access review is signed by a confirmed provider admin.
    #[error(
        "member `{member}` is not a confirmed provider admin; an access review is signed by a confirmed provider admin"
    )]
    ReviewerNotAdmin {
        /// The member who signed.
        member: ProviderUserId,
    },
    /// An access review's next due date is not after the day it is signed, or more than a year
    /// after it.
    #[error(
        "the next access review is due {next_due}, signed {on}; give a day after it and at most 366 days later"
    )]
    ReviewDueInvalid {
        /// The next due date given.
        next_due: chrono::NaiveDate,
        /// The day of the sign-off.
        on: chrono::NaiveDate,
    },
    /// An access review's list of clients is empty or names a client twice.
    #[error("the clients of an access review {detail}; name each reviewed client once, or none for all")]
    ReviewScopeInvalid {
        /// What is wrong.
        detail: String,
    },
    /// A findings hash is not 64 lowercase hexadecimal digits.
    #[error("a findings hash is 64 lowercase hexadecimal digits (SHA-256); copy it from the access review")]
    FindingsHashInvalid,
}

error_codes! {
    ProviderError {
        Self::NameBlank => "provider_name_blank", InvalidInput;
        Self::NameTooLong { .. } => "provider_name_too_long", InvalidInput;
        Self::SettingTooLong { .. } => "setting_too_long", InvalidInput;
        Self::AlreadySetUp => "provider_already_set_up", Conflict;
        Self::PlanChangeNotSupported { .. } => "plan_change_not_supported", Conflict;
        Self::SetupEmailMismatch { .. } => "setup_email_mismatch", Forbidden;
        Self::IssuedToUnknown => "provider_issued_to_unknown", Conflict;
        Self::NotSetUp => "provider_not_set_up", Conflict;
        Self::NotBillable { .. } => "provider_not_billable", Conflict;
        Self::NoConsolidatedBilling => "no_consolidated_billing", Conflict;
        Self::NoBillingEmail => "billing_email_missing", Conflict;
        Self::HasClients { .. } => "provider_has_clients", Conflict;
        Self::DeleteNeedsAdmin => "delete_needs_admin", Forbidden;
        Self::Deleted => "provider_deleted", Conflict;
        Self::ForeignEvent { .. } => "foreign_event", InvalidInput;
        Self::InvalidRecord { .. } => "invalid_provider_record", CorruptDocument;
        Self::VersionConflict { .. } => "version_conflict", Conflict;
        Self::AccessAlreadySuspended => "access_already_suspended", Conflict;
        Self::AccessNotSuspended => "access_not_suspended", Conflict;
        Self::SuspensionReasonInvalid { .. } => "suspension_reason_invalid", InvalidInput;
        Self::ReviewerNotAdmin { .. } => "reviewer_not_admin", Forbidden;
        Self::ReviewDueInvalid { .. } => "review_due_invalid", InvalidInput;
        Self::ReviewScopeInvalid { .. } => "review_scope_invalid", InvalidInput;
        Self::FindingsHashInvalid => "findings_hash_invalid", InvalidInput;
    }
}
