//! Error categories: what kind of refusal an error is, so a service can answer it without a
//! hand-written table of codes.
//!
//! Every error has, beside its stable `code()`, a [`ErrorCategory`] from `category()`. The
//! category of each variant is decided here, area by area, with exhaustive matches: a new
//! variant cannot be added without deciding its category.
//!
//! The line between [`ErrorCategory::InvalidInput`] and [`ErrorCategory::Conflict`]: a request
//! that could succeed against another state of the provider is a conflict (`already_member`,
//! `seats_below_occupied`, `last_confirmed_admin`, `provider_not_billable`); one that can never
//! succeed as sent is invalid input (`seats_zero`, `email_invalid`, `invite_batch_too_large`).

use crate::deployment::DeploymentError;
use crate::error::Error;
use crate::event::EventError;
use crate::event_log::LogError;
use crate::permissions::{Denial, DenialReason};
use crate::provider::{ClientError, ProviderError, TeamError};

/// The kind of refusal an error is. Each suggests an HTTP status for a service that answers
/// over HTTP ([`ErrorCategory::http_status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCategory {
    /// Something named does not exist: an unknown member, client, step or deployment
    /// (HTTP 404). An unknown client is `not_found` before any permission question.
    NotFound,
    /// The actor may not do this: a permission denial, the wrong person setting up a provider or
    /// accepting an invitation (HTTP 403).
    Forbidden,
    /// The request can never succeed as sent: a malformed id or email, a blank name, zero seats,
    /// a setting out of range (HTTP 400).
    InvalidInput,
    /// The request conflicts with the current state: already a member, the last admin, seats
    /// below those occupied, a stale version (`version_conflict`), an event out of sequence
    /// (HTTP 409).
    Conflict,
    /// A document (JSON, TOML, a reference-server document, an event log) is of the wrong shape
    /// or breaks an invariant (HTTP 422 when a client sent it; a service whose own stored
    /// document is corrupt answers 500).
    CorruptDocument,
}

impl ErrorCategory {
    /// Every category.
    pub const ALL: [Self; 5] =
        [Self::NotFound, Self::Forbidden, Self::InvalidInput, Self::Conflict, Self::CorruptDocument];

    /// The snake_case name: `not_found`, `forbidden`, `invalid_input`, `conflict`,
    /// `corrupt_document`.
    pub fn name(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Forbidden => "forbidden",
            Self::InvalidInput => "invalid_input",
            Self::Conflict => "conflict",
            Self::CorruptDocument => "corrupt_document",
        }
    }

    /// The HTTP status a service answers with: 404, 403, 400, 409 and 422.
    pub fn http_status(self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Forbidden => 403,
            Self::InvalidInput => 400,
            Self::Conflict => 409,
            Self::CorruptDocument => 422,
        }
    }
}

impl std::fmt::Display for ErrorCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

use ErrorCategory::{Conflict, CorruptDocument, Forbidden, InvalidInput, NotFound};

impl Error {
    /// The category of the underlying error (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::Id(_) | Self::Email(_) => InvalidInput,
            #[cfg(feature = "password")]
            Self::Password(_) => InvalidInput,
            Self::Document(_) | Self::Interop(_) | Self::Portfolio(_) => CorruptDocument,
            Self::Provider(e) => e.category(),
            Self::Team(e) => e.category(),
            Self::Client(e) => e.category(),
            Self::Event(e) => e.category(),
            Self::Denied(e) => e.category(),
            Self::Deployment(e) => e.category(),
            Self::Billing(e) => e.category(),
            Self::Policy(e) => e.category(),
            // The document reader's refusals of a baseline are those of any document.
            Self::Baseline(e) if matches!(**e, crate::policy::BaselineError::Document(_)) => CorruptDocument,
            Self::Baseline(_) => InvalidInput,
        }
    }
}

impl crate::policy::PolicyError {
    /// The category (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::UnknownSetting { .. }
            | Self::SettingOutOfRange { .. }
            | Self::SettingTooLong { .. }
            | Self::InvalidSetting { .. }
            | Self::MissingSetting { .. }
            | Self::UnknownPolicy(_)
            | Self::UnknownPolicyCode(_) => InvalidInput,
            Self::NotOnPlan { .. }
            | Self::RequirementsNotEnabled { .. }
            | Self::RequiredByEnabled { .. }
            | Self::AlreadyEnabled { .. }
            | Self::NotEnabled { .. }
            | Self::NotConfigured { .. } => Conflict,
            Self::Duplicate { .. }
            | Self::InvalidReference(_)
            | Self::ChangeDoesNotFit { .. }
            | Self::WriteFailed { .. }
            | Self::Document(_) => CorruptDocument,
        }
    }
}

impl crate::billing::BillingError {
    /// The category (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::Overflow
            | Self::InvalidAmount { .. }
            | Self::InvalidDiscount { .. }
            | Self::NegativePrice { .. }
            | Self::DateOutOfRange
            | Self::DateBeforeSubscription { .. }
            | Self::DateOutsidePeriod { .. }
            | Self::InvalidMonth { .. }
            | Self::StartInFuture { .. }
            | Self::InvalidClientReference { .. }
            | Self::InvalidWhatIf { .. } => InvalidInput,
            Self::UnknownClient { .. } => NotFound,
            Self::PlanNotBilled { .. }
            | Self::NoConsolidatedBilling
            | Self::AlreadyStarted
            | Self::NoSubscription
            | Self::TrialNotOver { .. }
            | Self::InvoiceAlreadyOpen { .. }
            | Self::NoOpenInvoice
            | Self::NotOverdue { .. }
            | Self::NotUnpaid
            | Self::CancelTooEarly { .. }
            | Self::Cancelled { .. } => Conflict,
            Self::OutOfOrder { .. } | Self::ChangeMismatch { .. } | Self::Document(_) => CorruptDocument,
        }
    }
}

impl LogError {
    /// The category of the error on the line.
    pub fn category(&self) -> ErrorCategory {
        self.error().category()
    }
}

impl ProviderError {
    /// The category (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::NameBlank
            | Self::NameTooLong { .. }
            | Self::SettingTooLong { .. }
            | Self::ForeignEvent { .. } => InvalidInput,
            Self::SetupEmailMismatch { .. } | Self::DeleteNeedsAdmin => Forbidden,
            Self::AlreadySetUp
            | Self::IssuedToUnknown
            | Self::NotSetUp
            | Self::NotBillable { .. }
            | Self::NoConsolidatedBilling
            | Self::NoBillingEmail
            | Self::HasClients { .. }
            | Self::Deleted
            | Self::VersionConflict { .. } => Conflict,
            Self::InvalidRecord { .. } => CorruptDocument,
        }
    }
}

impl TeamError {
    /// The category (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::MemberNotFound { .. } => NotFound,
            Self::EmailMismatch { .. } => Forbidden,
            Self::EmptyBatch
            | Self::BatchTooLarge { .. }
            | Self::DuplicateInBatch { .. }
            | Self::FingerprintMismatch { .. } => InvalidInput,
            Self::AlreadyMember { .. }
            | Self::AccountAlreadyMember { .. }
            | Self::NotInvited { .. }
            | Self::InvitationExpired { .. }
            | Self::NotAccepted { .. }
            | Self::AlreadyRevoked { .. }
            | Self::NotRevoked { .. }
            | Self::LastConfirmedAdmin
            | Self::ScopeNeedsServiceUser { .. } => Conflict,
            Self::InvalidMember { .. } => CorruptDocument,
        }
    }
}

impl ClientError {
    /// The category (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::NotFound { .. } | Self::MemberNotFound { .. } => NotFound,
            Self::NotOwner { .. } => Forbidden,
            Self::InvalidName { .. }
            | Self::PlanNotAllowed { .. }
            | Self::SeatsZero
            | Self::SeatsAboveLimit { .. } => InvalidInput,
            Self::SeatsBelowOccupied { .. }
            | Self::AlreadyLinked { .. }
            | Self::SubscriptionInactive { .. }
            | Self::NoConfirmedOwner { .. }
            | Self::NoFreeSeats { .. }
            | Self::MemberExists { .. } => Conflict,
        }
    }
}

impl EventError {
    /// The category (see [`ErrorCategory`]): an event out of sequence is a conflict (another
    /// writer got there first); any other misfit is a corrupt log.
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::OutOfSequence { .. } => Conflict,
            Self::WrongProvider { .. }
            | Self::NotIssuing { .. }
            | Self::UnsupportedSchema { .. }
            | Self::EmptyLog
            | Self::AlreadyIssued { .. }
            | Self::Mismatch { .. } => CorruptDocument,
        }
    }
}

impl Denial {
    /// The category: `forbidden`, except an organization that is not a client of the provider
    /// (`client_not_managed`), which is `not_found`.
    pub fn category(&self) -> ErrorCategory {
        match self.reason {
            DenialReason::ClientNotManaged => NotFound,
            DenialReason::NotAMember
            | DenialReason::MemberRevoked
            | DenialReason::MemberNotConfirmed
            | DenialReason::ProviderDisabled
            | DenialReason::VaultItemsNever
            | DenialReason::ProviderAdminOnly
            | DenialReason::PurchaseRequiresAdmin
            | DenialReason::ClientOutOfScope
            | DenialReason::WrongTarget => Forbidden,
        }
    }
}

impl DeploymentError {
    /// The category (see [`ErrorCategory`]).
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::UnknownStep { .. } | Self::UnknownClient { .. } | Self::NotAClient { .. } => NotFound,
            Self::InvalidDocument { .. }
            | Self::Document(_)
            | Self::WriteFailed { .. }
            | Self::EmptyCatalog { .. }
            | Self::DuplicatePhaseNumber { .. }
            | Self::DuplicateStepNumber { .. }
            | Self::EmptyPhase { .. }
            | Self::UnknownPhase { .. }
            | Self::ZeroPhaseNumber
            | Self::ZeroStepNumber
            | Self::PhaseNotInCatalog { .. }
            | Self::StepsOutOfPhaseOrder { .. } => CorruptDocument,
            Self::InvalidDuration { .. }
            | Self::TrustedDevicesWithoutSso
            | Self::IncompleteEvent { .. }
            | Self::EventForAnotherClient { .. }
            | Self::MissingReason { .. }
            | Self::NoWorkingDays
            | Self::InvalidWeekday { .. }
            | Self::ScheduleOutOfRange
            | Self::DateOutOfRange { .. } => InvalidInput,
            Self::StepNotApplicable { .. }
            | Self::InvalidTransition { .. }
            | Self::PhaseHasOpenSteps { .. }
            | Self::PhaseComplete { .. }
            | Self::PhaseNotComplete { .. }
            | Self::ProfileUnchanged
            | Self::ProfileOpensCompletePhase { .. }
            | Self::DuplicateClient { .. } => Conflict,
        }
    }
}
