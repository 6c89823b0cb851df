//! Typed accessors of a [`Change`]'s data: the member, client, email, role, plan, seats, step
//! and so on that a change carries, `None` when this kind of change does not carry it. The
//! Python binding's `Event` properties forward to these.
//!
//! One exhaustive match ([`Change::fields`]) says what every kind of change carries, so a new
//! kind of change must decide its fields there (no catch-all arm).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::{Change, Event};
use crate::deployment::{PhaseNumber, StepNumber};
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderUserId, UserId};
use crate::plan::PlanType;
use crate::provider::team::ProviderUserType;

/// The fields a change carries that have an accessor; every one `None` by default.
#[derive(Default)]
struct Fields<'a> {
    member: Option<ProviderUserId>,
    user: Option<UserId>,
    client: Option<OrganizationId>,
    email: Option<&'a Email>,
    role: Option<ProviderUserType>,
    previous_role: Option<ProviderUserType>,
    expires_at: Option<DateTime<Utc>>,
    scope: Option<&'a BTreeSet<OrganizationId>>,
    name: Option<&'a str>,
    plan: Option<PlanType>,
    seats: Option<u32>,
    previous_seats: Option<u32>,
    minimum: Option<u32>,
    previous_minimum: Option<u32>,
    step: Option<StepNumber>,
    phase: Option<PhaseNumber>,
    reason: Option<&'a str>,
}

impl Change {
    /// What this change carries, by kind (exhaustive: a new kind decides here).
    fn fields(&self) -> Fields<'_> {
        let none = Fields::default;
        let client = |client: &OrganizationId| Fields { client: Some(*client), ..none() };
        match self {
            Self::ProviderIssued { .. }
            | Self::ProviderUpdated { .. }
            | Self::ProviderStatusChanged { .. }
            | Self::ProviderEnabled
            | Self::ProviderDisabled
            | Self::ProviderDeleted
            | Self::ProviderAccessResumed { .. }
            | Self::AccessReviewSigned { .. }
            | Self::SubscriptionStarted { .. }
            | Self::SubscriptionInvoiced { .. }
            | Self::SubscriptionPaid { .. }
            | Self::SubscriptionUnpaid { .. }
            | Self::SubscriptionCancelled { .. }
            | Self::SubscriptionPricesChanged { .. }
            | Self::SubscriptionDiscountChanged { .. } => none(),
            Self::ProviderSetUp { member, user, email } => {
                Fields { member: Some(*member), user: Some(*user), email: Some(email), ..none() }
            }
            Self::ProviderAccessSuspended { reason } => Fields { reason: Some(reason), ..none() },
            Self::PlanChanged { to, .. } => Fields { plan: Some(*to), ..none() },
            Self::SeatMinimumChanged { plan, from, to } => {
                Fields { plan: Some(*plan), minimum: Some(*to), previous_minimum: Some(*from), ..none() }
            }
            Self::MemberInvited { member, email, role, expires_at } => Fields {
                member: Some(*member),
                email: Some(email),
                role: Some(*role),
                expires_at: Some(*expires_at),
                ..none()
            },
            Self::MemberReinvited { member, expires_at } => {
                Fields { member: Some(*member), expires_at: Some(*expires_at), ..none() }
            }
            Self::MemberAccepted { member, user, .. } => {
                Fields { member: Some(*member), user: Some(*user), ..none() }
            }
            Self::MemberRoleChanged { member, from, to } => {
                Fields { member: Some(*member), role: Some(*to), previous_role: Some(*from), ..none() }
            }
            Self::MemberScopeChanged { member, scope } => {
                Fields { member: Some(*member), scope: scope.as_ref(), ..none() }
            }
            Self::MemberConfirmed { member }
            | Self::MemberRevoked { member }
            | Self::MemberRestored { member }
            | Self::MemberRemoved { member }
            | Self::MemberLeft { member } => Fields { member: Some(*member), ..none() },
            Self::ClientCreated { client, name, plan, seats, owner_email, .. } => Fields {
                client: Some(*client),
                name: Some(name),
                plan: Some(*plan),
                seats: Some(*seats),
                email: Some(owner_email),
                ..none()
            },
            Self::ClientAdded { client, name, plan, seats, .. } => Fields {
                client: Some(*client),
                name: Some(name),
                plan: Some(*plan),
                seats: Some(*seats),
                ..none()
            },
            Self::ClientSeatsChanged { client, from, to, .. } => {
                Fields { client: Some(*client), seats: Some(*to), previous_seats: Some(*from), ..none() }
            }
            Self::ClientMemberAdded { client, member } => {
                Fields { client: Some(*client), email: Some(&member.email), ..none() }
            }
            Self::ClientMemberRemoved { client, email } | Self::ClientMemberRevoked { client, email, .. } => {
                Fields { client: Some(*client), email: Some(email), ..none() }
            }
            Self::ClientUnlinked { client: id, .. }
            | Self::ClientDeleted { client: id }
            | Self::ClientVaultAccessed { client: id }
            | Self::ClientPolicyChanged { client: id, .. }
            | Self::ClientReferenceSet { client: id, .. }
            | Self::ClientStateChanged { client: id, .. }
            | Self::ClientTagsChanged { client: id, .. }
            | Self::DeploymentPlanned { client: id, .. }
            | Self::DeploymentChecklistRecorded { client: id, .. }
            | Self::DeploymentProfileChanged { client: id, .. } => client(id),
            Self::DeploymentStepStarted { client, step }
            | Self::DeploymentStepCompleted { client, step }
            | Self::DeploymentStepReopened { client, step } => {
                Fields { client: Some(*client), step: Some(*step), ..none() }
            }
            Self::DeploymentStepSkipped { client, step, reason }
            | Self::DeploymentStepBlocked { client, step, reason } => {
                Fields { client: Some(*client), step: Some(*step), reason: Some(reason), ..none() }
            }
            Self::DeploymentPhaseCompleted { client, phase }
            | Self::DeploymentPhaseReopened { client, phase } => {
                Fields { client: Some(*client), phase: Some(*phase), ..none() }
            }
        }
    }

    /// The provider membership the change is about (team changes, `provider_set_up`).
    pub fn member(&self) -> Option<ProviderUserId> {
        self.fields().member
    }

    /// The account (`provider_set_up`, `member_accepted`).
    pub fn user(&self) -> Option<UserId> {
        self.fields().user
    }

    /// The client organization the change is about (client and deployment changes): the
    /// change's subject when it is a client.
    pub fn client(&self) -> Option<OrganizationId> {
        self.fields().client
    }

    /// The email the change carries: the invited or set-up member's, the client member's added,
    /// removed or revoked, the new client's owner.
    pub fn email(&self) -> Option<&Email> {
        self.fields().email
    }

    /// The role a member is invited with, or its new role (`member_role_changed`).
    pub fn role(&self) -> Option<ProviderUserType> {
        self.fields().role
    }

    /// The role before a `member_role_changed`.
    pub fn previous_role(&self) -> Option<ProviderUserType> {
        self.fields().previous_role
    }

    /// When an invitation expires (`member_invited`, `member_reinvited`).
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.fields().expires_at
    }

    /// A service user's new client scope (`member_scope_changed`; `None` also when it now
    /// reaches every client).
    pub fn scope(&self) -> Option<&BTreeSet<OrganizationId>> {
        self.fields().scope
    }

    /// A client's name (`client_created`, `client_added`).
    pub fn client_name(&self) -> Option<&str> {
        self.fields().name
    }

    /// The plan (`client_created`, `client_added`, `seat_minimum_changed`; the new plan of a
    /// `plan_changed`).
    pub fn plan(&self) -> Option<PlanType> {
        self.fields().plan
    }

    /// A client's seats: at creation, or after a `client_seats_changed`.
    pub fn seats(&self) -> Option<u32> {
        self.fields().seats
    }

    /// A client's seats before a `client_seats_changed`.
    pub fn previous_seats(&self) -> Option<u32> {
        self.fields().previous_seats
    }

    /// A plan's seat minimum after a `seat_minimum_changed`.
    pub fn minimum(&self) -> Option<u32> {
        self.fields().minimum
    }

    /// A plan's seat minimum before a `seat_minimum_changed`.
    pub fn previous_minimum(&self) -> Option<u32> {
        self.fields().previous_minimum
    }

    /// The deployment step (`deployment_step_*`).
    pub fn step(&self) -> Option<StepNumber> {
        self.fields().step
    }

    /// The deployment phase (`deployment_phase_*`).
    pub fn phase(&self) -> Option<PhaseNumber> {
        self.fields().phase
    }

    /// Why: a deployment step was skipped or blocked, or every member's access was suspended
    /// (`provider_access_suspended`).
    pub fn reason(&self) -> Option<&str> {
        self.fields().reason
    }
}

impl Event {
    /// The client organization the event is about, if it is about one ([`Change::client`]).
    pub fn client(&self) -> Option<OrganizationId> {
        self.change.client()
    }
}
