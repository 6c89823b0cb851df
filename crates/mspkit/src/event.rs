//! Events: what happened to a provider, with everything needed to apply it again.
//!
//! Every command on a [`Provider`](crate::Provider) checks its rules, builds the [`Event`]s it
//! causes, and changes the provider only by applying them
//! ([`Provider::apply`](crate::Provider::apply)); [`Provider::replay`](crate::Provider::replay)
//! rebuilds a provider from its log through the same `apply`.
//!
//! An event is an envelope (provider, sequence, time, actor) around a [`Change`], an internally
//! tagged enum: `{"type": "client_seats_changed", "client": "…", "from": 3, "to": 5}`. The
//! progress of client deployments travels in the same envelope (the `deployment_*` changes), so
//! a provider has one log and one sequence.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::billing::{Discount, Money, OpenInvoice, SeatPrices, SeatPurchase, Subscription};
use crate::deployment::{
    ClientProfile, DeploymentEvent, DeploymentEventKind, PhaseNumber, Schedule, SetupTask, StepNumber,
};
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};
use crate::plan::PlanType;
use crate::policy::PolicyChange;
use crate::provider::clients::ClientMember;
use crate::provider::lifecycle::ClientState;
use crate::provider::team::ProviderUserType;
use crate::provider::{ProviderSettings, ProviderStatus, ProviderType};

/// Who caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// A member of the provider's team.
    Member(ProviderUserId),
    /// A person acting on their own account: setting up a provider, accepting an invitation.
    User(UserId),
    /// The vendor or the billing system (issuing, enabling, disabling a provider).
    System,
}

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// The provider itself.
    Provider(ProviderId),
    /// One membership in the provider's team.
    Member(ProviderUserId),
    /// One client organization.
    Client(OrganizationId),
}

/// One thing that happened to a provider: the envelope around a [`Change`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The provider it happened to.
    pub provider: ProviderId,
    /// The position of the event in the provider's history (1, 2, 3, …, no gaps).
    pub sequence: u64,
    /// When it happened (the `now` the command was given).
    #[serde(deserialize_with = "read_time")]
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor: Actor,
    /// What changed, with its data.
    pub change: Change,
}

/// Reads an event's time exactly as chrono's own `Deserialize` does (the same values, the same
/// errors), reading the form every log line has (`2026-11-02T09:00:00Z`: UTC, whole seconds)
/// directly: chrono's general RFC 3339 parser took a tenth of the time of reading a log.
fn read_time<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(TimeVisitor)
}

struct TimeVisitor;

impl serde::de::Visitor<'_> for TimeVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // chrono's words, so an error reads the same.
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<DateTime<Utc>, E> {
        match utc_seconds(value) {
            Some(time) => Ok(time),
            None => value
                .parse::<DateTime<chrono::FixedOffset>>()
                .map(|time| time.with_timezone(&Utc))
                .map_err(E::custom),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` (a valid date and time, no leap second), or `None` for any other text
/// (chrono's parser reads those).
fn utc_seconds(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || b.get(10) != Some(&b'T') {
        return None;
    }
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') || b.get(19) != Some(&b'Z') {
        return None;
    }
    let number = |from: usize, to: usize| {
        b.get(from..to)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n.saturating_mul(10).saturating_add(u32::from(d - b'0')))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?
        .and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)
        .map(|time| time.and_utc())
}

impl Event {
    /// The reference server's `EventType` code, if it has one.
    pub fn code(&self) -> Option<u16> {
        self.change.code()
    }

    /// The change's stable snake_case name (its JSON `type`).
    pub fn kind(&self) -> &'static str {
        self.change.name()
    }

    /// What the event is about.
    pub fn subject(&self) -> Subject {
        self.change.subject(self.provider)
    }

    /// The deployment event this envelope carries, for a `deployment_*` change (an actor that is
    /// not a member gives `None`: deployment work is done by provider members).
    pub fn to_deployment(&self) -> Option<DeploymentEvent> {
        let Actor::Member(actor) = self.actor else { return None };
        let (kind, client, step, phase, reason, profile) = match &self.change {
            Change::DeploymentStepStarted { client, step } => {
                (DeploymentEventKind::StepStarted, *client, Some(*step), None, None, None)
            }
            Change::DeploymentStepCompleted { client, step } => {
                (DeploymentEventKind::StepCompleted, *client, Some(*step), None, None, None)
            }
            Change::DeploymentStepSkipped { client, step, reason } => {
                (DeploymentEventKind::StepSkipped, *client, Some(*step), None, Some(reason.clone()), None)
            }
            Change::DeploymentStepBlocked { client, step, reason } => {
                (DeploymentEventKind::StepBlocked, *client, Some(*step), None, Some(reason.clone()), None)
            }
            Change::DeploymentStepReopened { client, step } => {
                (DeploymentEventKind::StepReopened, *client, Some(*step), None, None, None)
            }
            Change::DeploymentPhaseCompleted { client, phase } => {
                (DeploymentEventKind::PhaseCompleted, *client, None, Some(*phase), None, None)
            }
            Change::DeploymentPhaseReopened { client, phase } => {
                (DeploymentEventKind::PhaseReopened, *client, None, Some(*phase), None, None)
            }
            Change::DeploymentProfileChanged { client, profile } => {
                (DeploymentEventKind::ProfileChanged, *client, None, None, None, Some(*profile))
            }
            _ => return None,
        };
        Some(DeploymentEvent { kind, client, step, phase, actor, at: self.at, reason, profile })
    }
}

impl Change {
    /// The change that records a deployment event (the step's phase, which the catalogue knows,
    /// is not repeated: replaying looks it up again). `None` when the deployment event lacks the
    /// step, phase or profile its kind needs.
    pub fn from_deployment(event: &DeploymentEvent) -> Option<Self> {
        let client = event.client;
        let reason = || event.reason.clone().unwrap_or_default();
        Some(match event.kind {
            DeploymentEventKind::StepStarted => Self::DeploymentStepStarted { client, step: event.step? },
            DeploymentEventKind::StepCompleted => Self::DeploymentStepCompleted { client, step: event.step? },
            DeploymentEventKind::StepSkipped => {
                Self::DeploymentStepSkipped { client, step: event.step?, reason: reason() }
            }
            DeploymentEventKind::StepBlocked => {
                Self::DeploymentStepBlocked { client, step: event.step?, reason: reason() }
            }
            DeploymentEventKind::StepReopened => Self::DeploymentStepReopened { client, step: event.step? },
            DeploymentEventKind::PhaseCompleted => {
                Self::DeploymentPhaseCompleted { client, phase: event.phase? }
            }
            DeploymentEventKind::PhaseReopened => {
                Self::DeploymentPhaseReopened { client, phase: event.phase? }
            }
            DeploymentEventKind::ProfileChanged => {
                Self::DeploymentProfileChanged { client, profile: event.profile? }
            }
        })
    }
}

/// What changed, with everything needed to apply it. Internally tagged in JSON by `type`; a
/// retired tag is never reused.
///
/// To add a kind of change: add a variant here (documented, with its data), its arms in
/// [`Change::name`], [`Change::code`] and [`Change::subject`], and one arm in
/// [`Provider::apply`](crate::Provider::apply) that calls the area's apply function (see
/// `DESIGN.md`, "Adding an event kind").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Change {
    // ---- provider lifecycle and settings ----
    /// The vendor issued a new, pending provider: the first event of every provider's log.
    ProviderIssued {
        /// Its kind.
        kind: ProviderType,
        /// Its settings.
        settings: ProviderSettings,
        /// The person who sets it up.
        issued_to: Email,
    },
    /// The person it was issued to set the provider up (pending → created) and became its first
    /// confirmed provider admin.
    ProviderSetUp {
        /// The new admin's membership.
        member: ProviderUserId,
        /// Their account.
        user: UserId,
        /// Their address (the one the provider was issued to).
        email: Email,
    },
    /// The provider's settings were replaced.
    ProviderUpdated {
        /// The new settings.
        settings: ProviderSettings,
    },
    /// The provider's status changed (created → billable).
    ProviderStatusChanged {
        /// The status before.
        from: ProviderStatus,
        /// The status after.
        to: ProviderStatus,
    },
    /// The provider was enabled (an MSP's or business unit's clients are enabled with it).
    ProviderEnabled,
    /// The provider was disabled (an MSP's or business unit's clients are disabled with it).
    ProviderDisabled,
    /// The provider was deleted (it had no clients left); the log ends here.
    ProviderDeleted,
    /// A plan's seat minimum changed.
    SeatMinimumChanged {
        /// The plan.
        plan: PlanType,
        /// The minimum before.
        from: u32,
        /// The minimum after.
        to: u32,
    },

    // ---- team ----
    /// A person was invited into the team (`ProviderUser_Invited`, 1800).
    MemberInvited {
        /// The new membership.
        member: ProviderUserId,
        /// The invited address.
        email: Email,
        /// The role they are invited with.
        role: ProviderUserType,
        /// When the invitation expires.
        expires_at: DateTime<Utc>,
    },
    /// An invitation was sent again with a new expiry (`ProviderUser_Invited`, 1800).
    MemberReinvited {
        /// The membership.
        member: ProviderUserId,
        /// When the renewed invitation expires.
        expires_at: DateTime<Utc>,
    },
    /// The invited person accepted (no reference code).
    MemberAccepted {
        /// The membership.
        member: ProviderUserId,
        /// The accepting account.
        user: UserId,
        /// The public-key fingerprint they gave, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public_key_fingerprint: Option<String>,
    },
    /// An accepted member was confirmed (`ProviderUser_Confirmed`, 1801).
    MemberConfirmed {
        /// The membership.
        member: ProviderUserId,
    },
    /// A member's role changed (`ProviderUser_Updated`, 1802); promoting to admin drops a scope.
    MemberRoleChanged {
        /// The membership.
        member: ProviderUserId,
        /// The role before.
        from: ProviderUserType,
        /// The role after.
        to: ProviderUserType,
    },
    /// A service user's client scope changed (`ProviderUser_Updated`, 1802).
    MemberScopeChanged {
        /// The membership.
        member: ProviderUserId,
        /// The clients it may reach; `None` reaches every client.
        scope: Option<BTreeSet<OrganizationId>>,
    },
    /// A member was revoked (`ProviderUser_Updated`, 1802: the reference has no revoke).
    MemberRevoked {
        /// The membership.
        member: ProviderUserId,
    },
    /// A revoked member was restored to the state it had (`ProviderUser_Updated`, 1802).
    MemberRestored {
        /// The membership.
        member: ProviderUserId,
    },
    /// A member was removed by an admin (`ProviderUser_Removed`, 1803).
    MemberRemoved {
        /// The membership.
        member: ProviderUserId,
    },
    /// A member left the provider (`ProviderUser_Removed`, 1803).
    MemberLeft {
        /// The membership.
        member: ProviderUserId,
    },

    // ---- clients ----
    /// A client organization was created (`ProviderOrganization_Created`, 1900); its owner is
    /// invited, it takes the provider's billing email and is managed.
    ClientCreated {
        /// The new organization.
        client: OrganizationId,
        /// Its name.
        name: String,
        /// Its plan.
        plan: PlanType,
        /// Its seats.
        seats: u32,
        /// Its owner, invited as Owner.
        owner_email: Email,
        /// Its billing email (the provider's).
        billing_email: Email,
        /// The first collection, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_collection: Option<String>,
    },
    /// An existing organization was added as a client (`ProviderOrganization_Added`, 1901).
    ClientAdded {
        /// The organization.
        client: OrganizationId,
        /// Its name.
        name: String,
        /// Its plan under the provider.
        plan: PlanType,
        /// Its seats.
        seats: u32,
        /// Its billing email under the provider.
        billing_email: Email,
        /// Its members.
        members: Vec<ClientMember>,
    },
    /// A client's seats changed (no reference code).
    ClientSeatsChanged {
        /// The client.
        client: OrganizationId,
        /// The seats before.
        from: u32,
        /// The seats after.
        to: u32,
        /// The seats it bought beyond the minimum and their prorated cost, when the change was a
        /// purchase on a provider with a subscription (absent in logs written before billing).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        purchase: Option<SeatPurchase>,
    },
    /// A member was added to a client organization (no provider-range reference code).
    ClientMemberAdded {
        /// The client.
        client: OrganizationId,
        /// The member.
        member: ClientMember,
    },
    /// A member was removed from a client organization (no provider-range reference code).
    ClientMemberRemoved {
        /// The client.
        client: OrganizationId,
        /// The member's address.
        email: Email,
    },
    /// A client was unlinked from the provider (`ProviderOrganization_Removed`, 1902).
    ClientUnlinked {
        /// The client.
        client: OrganizationId,
        /// The billing email it leaves with (its first confirmed owner outside the provider).
        billing_email: Email,
    },
    /// A client organization was deleted (`ProviderOrganization_Removed`, 1902).
    ClientDeleted {
        /// The client.
        client: OrganizationId,
    },
    /// One of a client organization's policies was enabled, changed or disabled
    /// (`Policy_Updated`, 1700, an organization event the reference logs with the provider's id).
    ClientPolicyChanged {
        /// The client.
        client: OrganizationId,
        /// The change, with the settings it sets (and had, for a change of settings).
        change: PolicyChange,
    },

    // ---- consolidated billing ----
    /// The subscription of an MSP or business unit started, in its trial.
    SubscriptionStarted {
        /// The subscription as it started.
        subscription: Box<Subscription>,
    },
    /// An invoice was issued.
    SubscriptionInvoiced {
        /// The invoice.
        invoice: OpenInvoice,
    },
    /// The open invoice was paid (a provider disabled for non-payment is enabled again by a
    /// `provider_enabled` in the same command).
    SubscriptionPaid {
        /// The day.
        on: NaiveDate,
        /// The amount paid.
        amount: Money,
        /// Whether the invoice had been declared unpaid.
        reenables_provider: bool,
    },
    /// The open invoice was declared unpaid (the provider and its clients are disabled by a
    /// `provider_disabled` in the same command); the subscription cancels on `cancels_on`.
    SubscriptionUnpaid {
        /// The day.
        on: NaiveDate,
        /// When it cancels unless paid.
        cancels_on: NaiveDate,
    },
    /// The unpaid subscription was cancelled.
    SubscriptionCancelled {
        /// The day.
        on: NaiveDate,
    },
    /// The provider's negotiated seat prices changed.
    SubscriptionPricesChanged {
        /// The new prices.
        prices: SeatPrices,
    },
    /// The provider's discount changed.
    SubscriptionDiscountChanged {
        /// The new discount.
        discount: Discount,
    },
    /// The provider's own reference for a client (for PSA export) was set or cleared.
    ClientReferenceSet {
        /// The client.
        client: OrganizationId,
        /// The reference, or none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// A client's lifecycle state changed (issue 17): active, trial, not-for-resale, paused or
    /// suspended.
    ClientStateChanged {
        /// The client.
        client: OrganizationId,
        /// Its state before.
        from: ClientState,
        /// Its state after.
        to: ClientState,
    },
    // ---- deployment progress (no reference codes) ----
    /// A client's deployment was planned: its profile, its schedule and its due date.
    DeploymentPlanned {
        /// The client.
        client: OrganizationId,
        /// What the client's deployment looks like (the steps that apply follow from it).
        profile: ClientProfile,
        /// The working time given to it.
        schedule: Schedule,
        /// The date it should be finished by.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    /// A checklist item of a client's initial setup was recorded by hand.
    DeploymentChecklistRecorded {
        /// The client.
        client: OrganizationId,
        /// The task.
        task: SetupTask,
        /// Whether it is done.
        done: bool,
    },
    /// A deployment step was started (or unblocked).
    DeploymentStepStarted {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
    },
    /// A deployment step was done.
    DeploymentStepCompleted {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
    },
    /// A deployment step was skipped.
    DeploymentStepSkipped {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
        /// Why.
        reason: String,
    },
    /// A deployment step was blocked.
    DeploymentStepBlocked {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
        /// Why.
        reason: String,
    },
    /// A deployment step went back to not started.
    DeploymentStepReopened {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
    },
    /// A deployment phase was signed off.
    DeploymentPhaseCompleted {
        /// The client.
        client: OrganizationId,
        /// The phase.
        phase: PhaseNumber,
    },
    /// A deployment phase sign-off was withdrawn.
    DeploymentPhaseReopened {
        /// The client.
        client: OrganizationId,
        /// The phase.
        phase: PhaseNumber,
    },
    /// A client's deployment profile changed.
    DeploymentProfileChanged {
        /// The client.
        client: OrganizationId,
        /// The new profile.
        profile: ClientProfile,
    },
}

impl Change {
    /// The stable snake_case name: the JSON `type`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ProviderIssued { .. } => "provider_issued",
            Self::ProviderSetUp { .. } => "provider_set_up",
            Self::ProviderUpdated { .. } => "provider_updated",
            Self::ProviderStatusChanged { .. } => "provider_status_changed",
            Self::ProviderEnabled => "provider_enabled",
            Self::ProviderDisabled => "provider_disabled",
            Self::ProviderDeleted => "provider_deleted",
            Self::SeatMinimumChanged { .. } => "seat_minimum_changed",
            Self::MemberInvited { .. } => "member_invited",
            Self::MemberReinvited { .. } => "member_reinvited",
            Self::MemberAccepted { .. } => "member_accepted",
            Self::MemberConfirmed { .. } => "member_confirmed",
            Self::MemberRoleChanged { .. } => "member_role_changed",
            Self::MemberScopeChanged { .. } => "member_scope_changed",
            Self::MemberRevoked { .. } => "member_revoked",
            Self::MemberRestored { .. } => "member_restored",
            Self::MemberRemoved { .. } => "member_removed",
            Self::MemberLeft { .. } => "member_left",
            Self::ClientCreated { .. } => "client_created",
            Self::ClientAdded { .. } => "client_added",
            Self::ClientSeatsChanged { .. } => "client_seats_changed",
            Self::SubscriptionStarted { .. } => "subscription_started",
            Self::SubscriptionInvoiced { .. } => "subscription_invoiced",
            Self::SubscriptionPaid { .. } => "subscription_paid",
            Self::SubscriptionUnpaid { .. } => "subscription_unpaid",
            Self::SubscriptionCancelled { .. } => "subscription_cancelled",
            Self::SubscriptionPricesChanged { .. } => "subscription_prices_changed",
            Self::SubscriptionDiscountChanged { .. } => "subscription_discount_changed",
            Self::ClientReferenceSet { .. } => "client_reference_set",
            Self::ClientStateChanged { .. } => "client_state_changed",
            Self::ClientMemberAdded { .. } => "client_member_added",
            Self::ClientMemberRemoved { .. } => "client_member_removed",
            Self::ClientUnlinked { .. } => "client_unlinked",
            Self::ClientDeleted { .. } => "client_deleted",
            Self::ClientPolicyChanged { .. } => "client_policy_changed",
            Self::DeploymentPlanned { .. } => "deployment_planned",
            Self::DeploymentChecklistRecorded { .. } => "deployment_checklist_recorded",
            Self::DeploymentStepStarted { .. } => "deployment_step_started",
            Self::DeploymentStepCompleted { .. } => "deployment_step_completed",
            Self::DeploymentStepSkipped { .. } => "deployment_step_skipped",
            Self::DeploymentStepBlocked { .. } => "deployment_step_blocked",
            Self::DeploymentStepReopened { .. } => "deployment_step_reopened",
            Self::DeploymentPhaseCompleted { .. } => "deployment_phase_completed",
            Self::DeploymentPhaseReopened { .. } => "deployment_phase_reopened",
            Self::DeploymentProfileChanged { .. } => "deployment_profile_changed",
        }
    }

    /// The reference server's `EventType` code, where the reference has one.
    pub fn code(&self) -> Option<u16> {
        Some(match self {
            Self::MemberInvited { .. } | Self::MemberReinvited { .. } => 1800,
            Self::MemberConfirmed { .. } => 1801,
            Self::MemberRoleChanged { .. }
            | Self::MemberScopeChanged { .. }
            | Self::MemberRevoked { .. }
            | Self::MemberRestored { .. } => 1802,
            Self::MemberRemoved { .. } | Self::MemberLeft { .. } => 1803,
            Self::ClientCreated { .. } => 1900,
            Self::ClientAdded { .. } => 1901,
            Self::ClientUnlinked { .. } | Self::ClientDeleted { .. } => 1902,
            Self::ClientPolicyChanged { .. } => 1700,
            _ => return None,
        })
    }

    /// What the change is about (`provider` is the id of the provider it happened to).
    pub fn subject(&self, provider: ProviderId) -> Subject {
        match self {
            Self::ProviderSetUp { member, .. }
            | Self::MemberInvited { member, .. }
            | Self::MemberReinvited { member, .. }
            | Self::MemberAccepted { member, .. }
            | Self::MemberConfirmed { member }
            | Self::MemberRoleChanged { member, .. }
            | Self::MemberScopeChanged { member, .. }
            | Self::MemberRevoked { member }
            | Self::MemberRestored { member }
            | Self::MemberRemoved { member }
            | Self::MemberLeft { member } => Subject::Member(*member),
            Self::ClientCreated { client, .. }
            | Self::ClientAdded { client, .. }
            | Self::ClientSeatsChanged { client, .. }
            | Self::ClientReferenceSet { client, .. }
            | Self::ClientStateChanged { client, .. }
            | Self::ClientMemberAdded { client, .. }
            | Self::ClientMemberRemoved { client, .. }
            | Self::ClientUnlinked { client, .. }
            | Self::ClientDeleted { client }
            | Self::ClientPolicyChanged { client, .. }
            | Self::DeploymentPlanned { client, .. }
            | Self::DeploymentChecklistRecorded { client, .. }
            | Self::DeploymentStepStarted { client, .. }
            | Self::DeploymentStepCompleted { client, .. }
            | Self::DeploymentStepSkipped { client, .. }
            | Self::DeploymentStepBlocked { client, .. }
            | Self::DeploymentStepReopened { client, .. }
            | Self::DeploymentPhaseCompleted { client, .. }
            | Self::DeploymentPhaseReopened { client, .. }
            | Self::DeploymentProfileChanged { client, .. } => Subject::Client(*client),
            Self::ProviderIssued { .. }
            | Self::ProviderUpdated { .. }
            | Self::ProviderStatusChanged { .. }
            | Self::ProviderEnabled
            | Self::ProviderDisabled
            | Self::ProviderDeleted
            | Self::SeatMinimumChanged { .. }
            | Self::SubscriptionStarted { .. }
            | Self::SubscriptionInvoiced { .. }
            | Self::SubscriptionPaid { .. }
            | Self::SubscriptionUnpaid { .. }
            | Self::SubscriptionCancelled { .. }
            | Self::SubscriptionPricesChanged { .. }
            | Self::SubscriptionDiscountChanged { .. } => Subject::Provider(provider),
        }
    }

    /// Whether this change records deployment progress (it does not change the provider).
    pub fn is_deployment(&self) -> bool {
        // The `deployment_*` changes, matched rather than found by name (this runs for every
        // applied event).
        matches!(
            self,
            Self::DeploymentPlanned { .. }
                | Self::DeploymentChecklistRecorded { .. }
                | Self::DeploymentStepStarted { .. }
                | Self::DeploymentStepCompleted { .. }
                | Self::DeploymentStepSkipped { .. }
                | Self::DeploymentStepBlocked { .. }
                | Self::DeploymentStepReopened { .. }
                | Self::DeploymentPhaseCompleted { .. }
                | Self::DeploymentPhaseReopened { .. }
                | Self::DeploymentProfileChanged { .. }
        )
    }
}

/// An event does not fit the provider it is applied to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The event belongs to another provider.
    #[error(
        "event {sequence} belongs to provider `{found}`, not to `{expected}`; apply only this provider's events"
    )]
    WrongProvider {
        /// The event's sequence number.
        sequence: u64,
        /// This provider.
        expected: ProviderId,
        /// The event's provider.
        found: ProviderId,
    },
    /// The event's sequence number is not the next one.
    #[error(
        "event {found} does not follow event {last}; expected event {expected} next (a gap or a repeat in the log)"
    )]
    OutOfSequence {
        /// The provider's last sequence number.
        last: u64,
        /// The sequence number expected.
        expected: u64,
        /// The event's sequence number.
        found: u64,
    },
    /// A log must start with the event that issued the provider.
    #[error(
        "a provider's log starts with its `provider_issued` event at sequence 1, not with `{found}` at {sequence}"
    )]
    NotIssuing {
        /// The first event's change.
        found: &'static str,
        /// Its sequence number.
        sequence: u64,
    },
    /// An event log of a schema version this library does not know.
    #[error("event log schema version {found} is not supported; this mspkit reads version 1")]
    UnsupportedSchema {
        /// The version in the log's header.
        found: u32,
    },
    /// An empty log rebuilds nothing.
    #[error("the event log is empty; it needs at least the `provider_issued` event")]
    EmptyLog,
    /// A provider is issued once.
    #[error(
        "event {sequence} issues the provider again; a provider is issued once, by the first event of its log"
    )]
    AlreadyIssued {
        /// The event's sequence number.
        sequence: u64,
    },
    /// The event records a value the provider does not have (a stale or forged event).
    #[error("event {sequence} (`{change}`) does not match the provider: {detail}")]
    Mismatch {
        /// The event's sequence number.
        sequence: u64,
        /// The change's name.
        change: &'static str,
        /// What differs.
        detail: String,
    },
    /// A line of an event log is longer than the line limit
    /// ([`MAX_LINE_BYTES`](crate::event_log::MAX_LINE_BYTES), 1 MiB): no event mspkit writes is
    /// that long (a log has no size limit as a whole, each line has this one).
    #[error("the line is longer than {limit} bytes, the limit of one event log line; no event is that long")]
    LineTooLong {
        /// The limit in bytes.
        limit: u64,
    },
}

error_codes! {
    EventError {
        Self::WrongProvider { .. } => "event_wrong_provider", CorruptDocument;
        Self::OutOfSequence { .. } => "event_out_of_sequence", Conflict;
        Self::NotIssuing { .. } => "event_log_not_issuing", CorruptDocument;
        Self::EmptyLog => "event_log_empty", CorruptDocument;
        Self::UnsupportedSchema { .. } => "event_log_schema_unsupported", CorruptDocument;
        Self::AlreadyIssued { .. } => "provider_already_issued", CorruptDocument;
        Self::Mismatch { .. } => "event_mismatch", CorruptDocument;
        Self::LineTooLong { .. } => "event_line_too_long", CorruptDocument;
    }
}

/// The columns of the event-log CSV export, in order: the time (RFC 3339 UTC), the reference
/// `EventType` code (empty when the reference has none), the event's name, the actor's email
/// (`system` for the vendor or billing system), the subject (a member's email, a client's name,
/// the provider's name) and the change's data as JSON.
pub const CSV_COLUMNS: [&str; 6] = ["time", "code", "event", "actor_email", "subject", "details"];

/// Names for the ids in a log: the emails of members and accounts, the names of clients and of
/// the provider, learnt from the events themselves (an invitation carries its email, a created
/// client its name), so a member who later left is still named.
#[derive(Debug, Clone, Default)]
pub struct EventLabels {
    members: HashMap<ProviderUserId, Email>,
    users: HashMap<UserId, Email>,
    clients: HashMap<OrganizationId, String>,
    provider: Option<String>,
}

impl EventLabels {
    /// The names found in `events` (later events win: a renamed provider has its new name).
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut labels = Self::default();
        for e in events {
            labels.learn(e);
        }
        labels
    }

    /// The names of `provider`'s members, their accounts, its clients and itself, as they are now.
    pub fn from_provider(provider: &crate::Provider) -> Self {
        let mut labels = Self { provider: Some(provider.name().to_owned()), ..Self::default() };
        for m in provider.members() {
            labels.members.insert(m.id(), m.email().clone());
            if let Some(user) = m.user_id() {
                labels.users.insert(user, m.email().clone());
            }
        }
        for c in provider.clients() {
            labels.clients.insert(c.id(), c.name().to_owned());
        }
        labels
    }

    /// Learns the names one event carries.
    pub fn learn(&mut self, event: &Event) {
        match &event.change {
            Change::ProviderIssued { settings, .. } | Change::ProviderUpdated { settings } => {
                self.provider = Some(settings.name().to_owned());
            }
            Change::ProviderSetUp { member, user, email } => {
                self.members.insert(*member, email.clone());
                self.users.insert(*user, email.clone());
            }
            Change::MemberInvited { member, email, .. } => {
                self.members.insert(*member, email.clone());
            }
            Change::MemberAccepted { member, user, .. } => {
                if let Some(email) = self.members.get(member).cloned() {
                    self.users.insert(*user, email);
                }
            }
            Change::ClientCreated { client, name, .. } | Change::ClientAdded { client, name, .. } => {
                self.clients.insert(*client, name.clone());
            }
            _ => {}
        }
    }

    /// The actor's email, `system`, or the id when the log does not name it.
    pub fn actor(&self, actor: Actor) -> String {
        match actor {
            Actor::Member(id) => self.members.get(&id).map_or_else(|| id.to_string(), ToString::to_string),
            Actor::User(id) => self.users.get(&id).map_or_else(|| id.to_string(), ToString::to_string),
            Actor::System => "system".to_owned(),
        }
    }

    /// The subject's email or name, or its id when the log does not name it.
    pub fn subject(&self, subject: Subject) -> String {
        match subject {
            Subject::Provider(id) => self.provider.clone().unwrap_or_else(|| id.to_string()),
            Subject::Member(id) => self.members.get(&id).map_or_else(|| id.to_string(), ToString::to_string),
            Subject::Client(id) => self.clients.get(&id).cloned().unwrap_or_else(|| id.to_string()),
        }
    }
}

/// One row of the provider event-log export (the reference portal's event log): the columns of
/// [`CSV_COLUMNS`], as the CSV and the JSON export write them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    /// When (RFC 3339 UTC, to the second).
    pub time: String,
    /// The reference `EventType` code, if there is one.
    pub code: Option<u16>,
    /// The event's name (`member_invited`, …).
    pub event: &'static str,
    /// Who did it: a member's or account's email, `system`, or an id the log does not name.
    pub actor_email: String,
    /// What it was done to: a member's email, a client's name, the provider's name.
    pub subject: String,
    /// The change's data.
    pub details: serde_json::Value,
}

impl AuditRow {
    /// The row of `event`, named with `labels`.
    pub fn new(event: &Event, labels: &EventLabels) -> Self {
        let details = match serde_json::to_value(&event.change) {
            Ok(serde_json::Value::Object(mut map)) => {
                map.remove("type");
                serde_json::Value::Object(map)
            }
            _ => serde_json::Value::Null,
        };
        Self {
            time: event.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            code: event.code(),
            event: event.kind(),
            actor_email: labels.actor(event.actor),
            subject: labels.subject(event.subject()),
            details,
        }
    }
}

#[cfg(feature = "csv")]
/// Renders events as the provider event-log CSV export: one header row ([`CSV_COLUMNS`]), then
/// one row per event ([`AuditRow`]; `details` as compact JSON). Names come from `labels` (see
/// [`EventLabels`]). A cell a spreadsheet would run as a formula (an actor email such as
/// `=1+2@evil.example`, a name starting with `@`) is written with a leading `'`
/// ([`crate::text::csv_cell`]). Use [`Provider::export_events`](crate::Provider::export_events)
/// to export with the permission check.
pub fn events_to_csv(events: &[Event], labels: &EventLabels) -> String {
    // Writing to memory cannot fail; a failure would only drop the rows, never panic.
    let Ok(mut out) = EventsCsv::new(Vec::new()) else { return String::new() };
    for e in events {
        let _ = out.write(e, labels);
    }
    out.finish().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

#[cfg(feature = "csv")]
/// The provider event-log CSV export written as it goes: the header row when made, then one
/// row per [`EventsCsv::write`], so an export of a long log holds one row at a time
/// ([`events_to_csv`] is this writer over memory). Every cell goes through
/// [`crate::text::csv_cell`] (a formula is neutralised).
#[derive(Debug)]
pub struct EventsCsv<W: std::io::Write> {
    out: csv::Writer<W>,
}

#[cfg(feature = "csv")]
impl<W: std::io::Write> EventsCsv<W> {
    /// A writer to `out`, the header row ([`CSV_COLUMNS`]) written.
    pub fn new(out: W) -> std::io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(CSV_COLUMNS).map_err(std::io::Error::other)?;
        Ok(Self { out })
    }

    /// Writes the row of `event` ([`AuditRow`]; `details` as compact JSON), named with `labels`.
    pub fn write(&mut self, event: &Event, labels: &EventLabels) -> std::io::Result<()> {
        let row = AuditRow::new(event, labels);
        let record = [
            row.time,
            row.code.map(|c| c.to_string()).unwrap_or_default(),
            row.event.to_owned(),
            row.actor_email,
            row.subject,
            row.details.to_string(),
        ];
        // Every cell is neutralised against formula injection (an email may start with `=`).
        let cells = record.each_ref().map(|cell| crate::text::csv_cell(cell));
        self.out.write_record(cells.iter().map(|cell| cell.as_bytes())).map_err(std::io::Error::other)
    }

    /// Flushes the rows and gives the output back.
    pub fn finish(self) -> std::io::Result<W> {
        self.out.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use uuid::Uuid;

    use super::*;

    #[test]
    fn changes_are_internally_tagged_with_their_name() {
        let client = OrganizationId::new(Uuid::from_u128(7));
        let change = Change::ClientSeatsChanged { client, from: 3, to: 5, purchase: None };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type": "client_seats_changed", "client": client, "from": 3, "to": 5})
        );
        assert_eq!(json["type"], change.name());
        assert_eq!(serde_json::from_value::<Change>(json).unwrap(), change);
        let unit = serde_json::to_value(Change::ProviderDisabled).unwrap();
        assert_eq!(unit, serde_json::json!({"type": "provider_disabled"}));
        assert!(serde_json::from_value::<Change>(serde_json::json!({"type": "client_deleted"})).is_err());
        assert!(
            serde_json::from_value::<Change>(
                serde_json::json!({"type": "client_deleted", "client": client, "extra": 1})
            )
            .is_err(),
            "unknown fields are refused"
        );
    }

    #[test]
    fn an_event_time_reads_as_chrono_reads_it() {
        let read = |text: &str| serde_json::from_value::<DateTime<Utc>>(serde_json::json!(text));
        let fast = |text: &str| read_time(serde_json::json!(text));
        for text in [
            "2026-11-02T09:30:00Z",
            "1999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "2024-02-29T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-02T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2026-11-02T09:30:00.5Z",
            "2026-11-02T09:30:00+02:00",
            "2026-11-02t09:30:00z",
            "2026-11-02 09:30:00Z",
            "+2026-11-02T09:30:00Z",
            "2026-1a-02T09:30:00Z",
            "2026-11-02T09:30:00",
            "",
        ] {
            assert_eq!(
                fast(text).map_err(|e| e.to_string()),
                read(text).map_err(|e| e.to_string()),
                "{text}"
            );
        }
        assert_eq!(
            utc_seconds("2026-11-02T09:30:00Z"),
            Some(Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap())
        );
        assert_eq!(utc_seconds("2016-12-31T23:59:60Z"), None, "a leap second is chrono's to read");
        for wrong in [serde_json::json!(5), serde_json::json!(null), serde_json::json!({"at": 1})] {
            assert_eq!(
                read_time(wrong.clone()).map_err(|e| e.to_string()),
                serde_json::from_value::<DateTime<Utc>>(wrong).map_err(|e| e.to_string())
            );
        }
    }

    #[test]
    fn events_export_as_csv() {
        let provider = ProviderId::new(Uuid::from_u128(1));
        let member = ProviderUserId::new(Uuid::from_u128(2));
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap();
        let events = [
            Event {
                provider,
                sequence: 1,
                at,
                actor: Actor::Member(member),
                change: Change::MemberConfirmed { member },
            },
            Event { provider, sequence: 2, at, actor: Actor::System, change: Change::ProviderDisabled },
        ];
        let csv = events_to_csv(&events, &EventLabels::from_events(&events));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "time,code,event,actor_email,subject,details");
        assert_eq!(
            lines[1],
            "2026-11-02T09:30:00Z,1801,member_confirmed,00000000-0000-0000-0000-000000000002,00000000-0000-0000-0000-000000000002,\"{\"\"member\"\":\"\"00000000-0000-0000-0000-000000000002\"\"}\""
        );
        assert_eq!(
            lines[2],
            "2026-11-02T09:30:00Z,,provider_disabled,system,00000000-0000-0000-0000-000000000001,{}"
        );
        let mut labels = EventLabels::default();
        labels.learn(&Event {
            provider,
            sequence: 3,
            at,
            actor: Actor::System,
            change: Change::MemberInvited {
                member,
                email: Email::new("grace@x.example").unwrap(),
                role: ProviderUserType::ServiceUser,
                expires_at: at,
            },
        });
        let named = events_to_csv(&events[..1], &labels);
        assert!(
            named
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("2026-11-02T09:30:00Z,1801,member_confirmed,grace@x.example,grace@x.example,")
        );
    }
}
