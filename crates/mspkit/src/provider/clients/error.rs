//! The errors of the clients area.

use crate::email::Email;
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::provider::ProviderType;

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
    /// The organization name is blank, too long, or holds a control or invisible format
    /// character.
    #[error(
        "the organization name `{name}` must have 1 to 50 characters, none a control or invisible format character"
    )]
    InvalidName {
        /// The name given (escaped and cut to 60 characters).
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
    /// More seats than one client may have.
    #[error("a client may have at most {limit} seats; {requested} is above the ceiling")]
    SeatsAboveLimit {
        /// The seats asked for.
        requested: u32,
        /// The ceiling, [`SeatCount::MAX`](super::SeatCount::MAX).
        limit: u32,
    },
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
    /// The lifecycle transition table refuses the move (issue 17, `DESIGN.md`).
    #[error(
        "a client cannot go from `{from}` to `{to}`; make it `active` first (see the client lifecycle table)"
    )]
    StateTransitionRefused {
        /// The state's name now.
        from: &'static str,
        /// The state asked for.
        to: &'static str,
    },
    /// A trial's last day before today or more than 90 days after it.
    #[error("a trial given on `{today}` ends on a day from then to 90 days later, not on `{until}`")]
    TrialEndInvalid {
        /// The last day given.
        until: chrono::NaiveDate,
        /// The day the trial was given.
        today: chrono::NaiveDate,
    },
    /// A client tag is blank, too long or holds a character other than a lower-case letter, a
    /// digit, `-` or `_` (issue 17).
    #[error("the tag `{tag}` must have 1 to 32 characters, each a letter, a digit, `-` or `_`")]
    TagInvalid {
        /// The tag given (escaped and cut).
        tag: String,
    },
    /// More tags than one client may carry (issue 17).
    #[error("a client may carry at most {limit} tags, not {count}")]
    TooManyTags {
        /// The tags given.
        count: usize,
        /// The most, [`MAX_CLIENT_TAGS`](super::tags::MAX_CLIENT_TAGS).
        limit: usize,
    },
    /// The organization is subscribed to Secrets Manager (the reference's
    /// `ProviderService.AddOrganization` refuses it).
    #[error(
        "organization `{organization}` is subscribed to Secrets Manager; contact Customer Support to manage its subscription before adding it"
    )]
    UsesSecretsManager {
        /// The organization.
        organization: OrganizationId,
    },
    /// The organization cannot be converted into a business unit (the reference's
    /// `BusinessUnitConverter`): every problem found, in the reference's order.
    #[error("organization `{organization}` cannot become a business unit: {}", problems.join("; "))]
    ConversionRefused {
        /// The organization.
        organization: OrganizationId,
        /// What stands in the way, each a sentence.
        problems: Vec<String>,
    },
    /// The client is suspended: nobody administers it or joins it until it is reactivated.
    #[error("client `{client}` is suspended; a provider admin must make it active first")]
    Suspended {
        /// The client.
        client: OrganizationId,
    },
}

error_codes! {
    ClientError {
        Self::NotFound { .. } => "client_not_found", NotFound;
        Self::InvalidName { .. } => "client_name_invalid", InvalidInput;
        Self::PlanNotAllowed { .. } => "plan_not_allowed", InvalidInput;
        Self::SeatsZero => "seats_zero", InvalidInput;
        Self::SeatsAboveLimit { .. } => "seats_above_limit", InvalidInput;
        Self::SeatsBelowOccupied { .. } => "seats_below_occupied", Conflict;
        Self::NotOwner { .. } => "not_organization_owner", Forbidden;
        Self::AlreadyLinked { .. } => "organization_already_linked", Conflict;
        Self::SubscriptionInactive { .. } => "subscription_inactive", Conflict;
        Self::NoConfirmedOwner { .. } => "no_confirmed_owner", Conflict;
        Self::NoFreeSeats { .. } => "no_free_seats", Conflict;
        Self::MemberExists { .. } => "client_member_exists", Conflict;
        Self::MemberNotFound { .. } => "client_member_not_found", NotFound;
        Self::StateTransitionRefused { .. } => "client_state_transition_refused", Conflict;
        Self::TrialEndInvalid { .. } => "trial_end_invalid", InvalidInput;
        Self::Suspended { .. } => "client_suspended", Forbidden;
        Self::TagInvalid { .. } => "client_tag_invalid", InvalidInput;
        Self::TooManyTags { .. } => "client_tags_too_many", InvalidInput;
        Self::UsesSecretsManager { .. } => "organization_uses_secrets_manager", Conflict;
        Self::ConversionRefused { .. } => "business_unit_conversion_refused", Conflict;
    }
}
