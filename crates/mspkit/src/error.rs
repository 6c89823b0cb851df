//! Errors: one enum per area, and the crate-wide [`Error`] that carries any of them.
//!
//! Every error has a stable snake_case `code()`. Codes are part of the public interface: they
//! are listed in one snapshot test and never change meaning.

use crate::deployment::DeploymentError;
use crate::email::{Email, EmailError};
use crate::ids::{IdParseError, OrganizationId, ProviderId, ProviderUserId};
use crate::interop::InteropError;
use crate::password::PasswordError;
use crate::permissions::Denial;
use crate::plan::PlanType;
use crate::portfolio::PortfolioError;
use crate::provider::{ProviderStatus, ProviderType};
use crate::team::{MAX_INVITES_PER_BATCH, ProviderUserStatus};

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
}

impl ProviderError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NameBlank => "provider_name_blank",
            Self::NameTooLong { .. } => "provider_name_too_long",
            Self::SettingTooLong { .. } => "setting_too_long",
            Self::AlreadySetUp => "provider_already_set_up",
            Self::SetupEmailMismatch { .. } => "setup_email_mismatch",
            Self::IssuedToUnknown => "provider_issued_to_unknown",
            Self::NotSetUp => "provider_not_set_up",
            Self::NotBillable { .. } => "provider_not_billable",
            Self::NoConsolidatedBilling => "no_consolidated_billing",
            Self::NoBillingEmail => "billing_email_missing",
            Self::HasClients { .. } => "provider_has_clients",
            Self::DeleteNeedsAdmin => "delete_needs_admin",
            Self::ForeignEvent { .. } => "foreign_event",
            Self::InvalidRecord { .. } => "invalid_provider_record",
        }
    }
}

/// A provider-team command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TeamError {
    /// No emails or members were given.
    #[error("the batch is empty; give at least one email or member")]
    EmptyBatch,
    /// Too many emails in one invitation batch.
    #[error("{count} emails in one batch; invite at most {MAX_INVITES_PER_BATCH} at a time")]
    BatchTooLarge {
        /// How many were given.
        count: usize,
    },
    /// The same email twice in one batch.
    #[error("`{email}` appears twice in the batch")]
    DuplicateInBatch {
        /// The address.
        email: Email,
    },
    /// The email is already in the team.
    #[error("`{email}` is already a member of the provider's team")]
    AlreadyMember {
        /// The address.
        email: Email,
    },
    /// No such member.
    #[error("member `{member}` is not in the provider's team")]
    MemberNotFound {
        /// The member id.
        member: ProviderUserId,
    },
    /// Accepting or resending needs an invited member.
    #[error("member `{member}` is `{status}`, not invited", status = status.name())]
    NotInvited {
        /// The member.
        member: ProviderUserId,
        /// Its status.
        status: ProviderUserStatus,
    },
    /// The invitation expired.
    #[error("the invitation of `{email}` has expired; ask a provider admin to resend it")]
    InvitationExpired {
        /// The invited address.
        email: Email,
    },
    /// The accepting account's email differs from the invitation's.
    #[error("the invitation was sent to `{invited}`, not to `{given}`; log in with the invited address")]
    EmailMismatch {
        /// The invited address.
        invited: Email,
        /// The accepting account's address.
        given: Email,
    },
    /// Confirming needs an accepted member.
    #[error("member `{member}` is `{status}`; only accepted members can be confirmed", status = status.name())]
    NotAccepted {
        /// The member.
        member: ProviderUserId,
        /// Its status.
        status: ProviderUserStatus,
    },
    /// The fingerprint phrase does not match the member's key.
    #[error(
        "the fingerprint given does not match member `{member}`'s public key; do not confirm this member"
    )]
    FingerprintMismatch {
        /// The member.
        member: ProviderUserId,
    },
    /// The member is already revoked.
    #[error("member `{member}` is already revoked")]
    AlreadyRevoked {
        /// The member.
        member: ProviderUserId,
    },
    /// Restoring needs a revoked member.
    #[error("member `{member}` is not revoked")]
    NotRevoked {
        /// The member.
        member: ProviderUserId,
    },
    /// The change would leave no confirmed provider admin.
    #[error(
        "the provider must keep at least one confirmed provider admin; confirm or promote another admin first"
    )]
    LastConfirmedAdmin,
    /// Only service users can be scoped to clients.
    #[error("member `{member}` is a provider admin; only service users can be scoped to clients")]
    ScopeNeedsServiceUser {
        /// The member.
        member: ProviderUserId,
    },
    /// A stored member breaks one of its own invariants.
    #[error("member record `{member}` is invalid: {detail}")]
    InvalidMember {
        /// The member.
        member: ProviderUserId,
        /// What is wrong.
        detail: String,
    },
}

impl TeamError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::EmptyBatch => "empty_batch",
            Self::BatchTooLarge { .. } => "invite_batch_too_large",
            Self::DuplicateInBatch { .. } => "duplicate_invite",
            Self::AlreadyMember { .. } => "already_member",
            Self::MemberNotFound { .. } => "member_not_found",
            Self::NotInvited { .. } => "member_not_invited",
            Self::InvitationExpired { .. } => "invitation_expired",
            Self::EmailMismatch { .. } => "invitation_email_mismatch",
            Self::NotAccepted { .. } => "member_not_accepted",
            Self::FingerprintMismatch { .. } => "fingerprint_mismatch",
            Self::AlreadyRevoked { .. } => "member_already_revoked",
            Self::NotRevoked { .. } => "member_not_revoked",
            Self::LastConfirmedAdmin => "last_confirmed_admin",
            Self::ScopeNeedsServiceUser { .. } => "scope_needs_service_user",
            Self::InvalidMember { .. } => "invalid_member_record",
        }
    }
}

/// A client-organization command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// No such client.
    #[error("organization `{client}` is not a client of this provider")]
    NotFound {
        /// The organization.
        client: OrganizationId,
    },
    /// The organization name is blank or too long.
    #[error("the organization name `{name}` must have 1 to 50 characters")]
    InvalidName {
        /// The name given (cut to 60 characters).
        name: String,
    },
    /// The plan is not allowed for this kind of provider.
    #[error(
        "plan `{plan}` is not allowed for the clients of a provider of kind `{kind}`",
        plan = plan.name(),
        kind = kind.name()
    )]
    PlanNotAllowed {
        /// The plan.
        plan: PlanType,
        /// The provider's kind.
        kind: ProviderType,
    },
    /// Zero seats.
    #[error("a client needs at least 1 seat")]
    SeatsZero,
    /// Fewer seats than members occupy.
    #[error("client `{client}` has {occupied} occupied seats; it cannot have {requested}")]
    SeatsBelowOccupied {
        /// The client.
        client: OrganizationId,
        /// The seats asked for.
        requested: u32,
        /// The seats occupied.
        occupied: u32,
    },
    /// The actor does not own the organization.
    #[error("you must be a confirmed owner of organization `{organization}` to add it")]
    NotOwner {
        /// The organization.
        organization: OrganizationId,
    },
    /// The organization already has a provider.
    #[error("organization `{organization}` is already linked to a provider")]
    AlreadyLinked {
        /// The organization.
        organization: OrganizationId,
    },
    /// The organization's subscription is not active.
    #[error("organization `{organization}` has no active subscription")]
    SubscriptionInactive {
        /// The organization.
        organization: OrganizationId,
    },
    /// Unlinking needs an owner outside the provider.
    #[error("client `{client}` has no confirmed owner outside the provider; confirm one before unlinking")]
    NoConfirmedOwner {
        /// The client.
        client: OrganizationId,
    },
    /// The client is full.
    #[error("client `{client}` has no free seat (all {seats} are occupied); add seats first")]
    NoFreeSeats {
        /// The client.
        client: OrganizationId,
        /// Its seats.
        seats: u32,
    },
    /// The member is already in the client.
    #[error("`{email}` is already a member of client `{client}`")]
    MemberExists {
        /// The client.
        client: OrganizationId,
        /// The address.
        email: Email,
    },
    /// The member is not in the client.
    #[error("`{email}` is not a member of client `{client}`")]
    MemberNotFound {
        /// The client.
        client: OrganizationId,
        /// The address.
        email: Email,
    },
}

impl ClientError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "client_not_found",
            Self::InvalidName { .. } => "client_name_invalid",
            Self::PlanNotAllowed { .. } => "plan_not_allowed",
            Self::SeatsZero => "seats_zero",
            Self::SeatsBelowOccupied { .. } => "seats_below_occupied",
            Self::NotOwner { .. } => "not_organization_owner",
            Self::AlreadyLinked { .. } => "organization_already_linked",
            Self::SubscriptionInactive { .. } => "subscription_inactive",
            Self::NoConfirmedOwner { .. } => "no_confirmed_owner",
            Self::NoFreeSeats { .. } => "no_free_seats",
            Self::MemberExists { .. } => "client_member_exists",
            Self::MemberNotFound { .. } => "client_member_not_found",
        }
    }
}

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
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// A deployment catalogue, plan, schedule or document was refused.
    #[error(transparent)]
    Deployment(#[from] DeploymentError),
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
            Self::Denied(e) => e.code(),
            Self::Interop(e) => e.code(),
            Self::Portfolio(e) => e.code(),
            Self::Password(e) => e.code(),
            Self::Deployment(e) => e.code(),
        }
    }
}
