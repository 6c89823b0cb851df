//! The provider aggregate: its invariants and queries, and the one path by which it changes.
//!
//! Every command takes the acting member and the time (`now`) as inputs, checks the rules that
//! belong to the command (permissions, inputs), builds the [`Event`]s it causes and changes the
//! provider only by applying them with [`Provider::apply`], which checks the rules of the state
//! (a transition the state allows, the seat rule, a member or client that exists). A refused
//! command or event leaves the provider exactly as it was. [`Provider::replay`] rebuilds a
//! provider from its log through the same `apply`.
//!
//! The areas live in their own files: [`settings`] (kind, status, settings and the lifecycle),
//! [`team`] (members and their transitions), [`clients`] (client organizations, the seat rule).

pub mod clients;
mod deployments;
pub mod lifecycle;
mod lifecycle_commands;
mod policies;
pub mod settings;
mod subscription;
pub mod team;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use clients::{ClientError, Created, SeatCount};
use clients::{ClientOrganization, ClientRecord, Clients};
use settings::RawSettings;
pub use settings::{
    BusinessAddress, MAX_PROVIDER_NAME_LEN, MAX_SETTING_LEN, ProviderError, ProviderSettings, ProviderStatus,
    ProviderType, SettingsUpdate,
};
pub use team::TeamError;
use team::{ProviderUser, ProviderUserRecord, ProviderUserStatus, Team};

use self::deployments::Deployments;
use crate::deployment::ClientDeployment;

use crate::billing::Subscription;
use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};
use crate::permissions::{Action, Target, authorize};
use crate::plan::PlanType;

/// How many events a replay looks up together before applying them ([`Provider::prepare`]).
pub(crate) const LOOKAHEAD: usize = 64;

/// Advice about a provider's state: not an error, something a person should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// Fewer than two confirmed provider admins: one lost account locks the provider.
    FewConfirmedAdmins {
        /// How many there are.
        confirmed_admins: usize,
    },
    /// A pending invitation has expired; resend it or remove the member.
    InvitationExpired {
        /// The member.
        member: ProviderUserId,
        /// The invited address.
        email: Email,
    },
    /// A member accepted and waits for an admin to confirm them.
    AwaitingConfirmation {
        /// The member.
        member: ProviderUserId,
        /// Their address.
        email: Email,
    },
    /// Every seat of the client is occupied: inviting another member will be refused.
    ClientFull {
        /// The client.
        client: OrganizationId,
        /// Its name.
        name: String,
    },
    /// The provider is disabled: no member can act.
    ProviderDisabled,
    /// The provider has not been set up yet.
    NotSetUp,
    /// A client's trial ends within [`lifecycle::TRIAL_WARNING_DAYS`] days: decide whether it
    /// becomes active or is suspended.
    TrialEnding {
        /// The client.
        client: OrganizationId,
        /// Its name.
        name: String,
        /// The trial's last day.
        until: chrono::NaiveDate,
        /// Days from today to that day (0 on the day itself).
        days_left: i64,
    },
    /// A client's trial is over and it is still on trial (not billed): make it active or
    /// suspend it.
    TrialEnded {
        /// The client.
        client: OrganizationId,
        /// Its name.
        name: String,
        /// The trial's last day.
        until: chrono::NaiveDate,
    },
}

impl Warning {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::FewConfirmedAdmins { .. } => "few_confirmed_admins",
            Self::InvitationExpired { .. } => "invitation_expired",
            Self::AwaitingConfirmation { .. } => "awaiting_confirmation",
            Self::ClientFull { .. } => "client_full",
            Self::ProviderDisabled => "provider_disabled",
            Self::NotSetUp => "not_set_up",
            Self::TrialEnding { .. } => "trial_ending",
            Self::TrialEnded { .. } => "trial_ended",
        }
    }

    /// A sentence a person can act on.
    pub fn message(&self) -> String {
        match self {
            Self::FewConfirmedAdmins { confirmed_admins } => format!(
                "only {confirmed_admins} confirmed provider admin(s): confirm a second admin so that one lost account cannot lock the provider"
            ),
            Self::InvitationExpired { email, .. } => {
                format!("the invitation of `{email}` has expired: resend it or remove the member")
            }
            Self::AwaitingConfirmation { email, .. } => {
                format!("`{email}` accepted the invitation and waits for a provider admin to confirm them")
            }
            Self::ClientFull { name, .. } => {
                format!("client `{name}` has no free seat: new members will be refused until seats are added")
            }
            Self::ProviderDisabled => {
                "the provider is disabled: no member can act until it is enabled".to_owned()
            }
            Self::NotSetUp => "the provider has not been set up by its first admin".to_owned(),
            Self::TrialEnding { name, until, days_left, .. } => format!(
                "the trial of client `{name}` ends on {until} ({days_left} day(s) left): make it active or suspend it"
            ),
            Self::TrialEnded { name, until, .. } => format!(
                "the trial of client `{name}` ended on {until} and it is still not billed: make it active or suspend it"
            ),
        }
    }
}

/// Seat figures of one plan in a provider's consolidated subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSeats {
    /// The plan.
    pub plan: PlanType,
    /// The seats the provider committed to.
    pub seat_minimum: u32,
    /// The sum of the seats of the provider's clients on the plan.
    pub assigned_seats: u64,
    /// The seats those clients' members occupy.
    pub occupied_seats: u64,
    /// Seats bought beyond the minimum: `max(0, assigned − minimum)`.
    pub purchased_seats: u64,
    /// Seats paid for and given to no client: `max(0, minimum − assigned)`.
    pub unassigned_seats: u64,
}

/// A provider with its team and its client organizations.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mspkit::{Email, Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserType, UserId};
/// use uuid::Uuid;
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
/// let settings = ProviderSettings::new("Northwind IT")?;
/// let ada = Email::new("ada@northwind.example")?;
/// let id = ProviderId::new(Uuid::from_u128(1));
/// let (mut provider, mut log) = Provider::issue(id, ProviderType::Msp, settings, ada.clone(), now);
/// let admin = provider.set_up(UserId::new(Uuid::from_u128(2)), &ada, now)?;
/// log.extend(admin.events);
/// let events = provider.invite(admin.id, &["grace@northwind.example"], ProviderUserType::ServiceUser, now)?;
/// assert_eq!(events[0].code(), Some(1800));
/// assert_eq!(provider.warnings(now)[0].code(), "few_confirmed_admins");
/// log.extend(events);
/// assert_eq!(Provider::replay(&log)?, provider);
/// # Ok::<(), mspkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "ProviderRecord")]
pub struct Provider {
    id: ProviderId,
    kind: ProviderType,
    status: ProviderStatus,
    enabled: bool,
    issued_to: Option<Email>,
    settings: ProviderSettings,
    created_at: DateTime<Utc>,
    revised_at: DateTime<Utc>,
    team: Team,
    clients: Clients,
    seat_minimums: BTreeMap<PlanType, u32>,
    /// The consolidated subscription, once started (an MSP or business unit only).
    subscription: Option<Subscription>,
    /// The deployment plans of its clients (deployments.rs).
    deployments: Deployments,
    last_sequence: u64,
    /// Set by `provider_deleted`: a deleted provider takes no command and no event.
    deleted: bool,
    /// The change the previous event's command still owes in the same command: a
    /// `subscription_unpaid` of an enabled provider is followed by `provider_disabled`, a
    /// `subscription_paid` that re-enables a disabled one by `provider_enabled`. Not stored: a
    /// command's events are applied together.
    owed: Option<Owed>,
}

/// The change a command still owes after one of its events (see `Provider::owed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owed {
    Enabled,
    Disabled,
}

/// What a command of several changes saved before applying them (see `Provider::commit`).
enum Saved {
    /// Member changes touch the team only.
    Team(Head, Box<Team>),
    /// Policy changes of one client touch that client's policies only.
    Policies(Head, OrganizationId, Box<crate::policy::PolicySet>),
    /// Subscription changes and the provider change they bring (`provider_enabled` or
    /// `provider_disabled`, the last event of its command, so the clients that follow it are
    /// never changed before a refusal).
    Billing(Head, Option<Box<Subscription>>),
    /// Anything else: the whole provider.
    Everything(Box<Provider>),
}

/// The provider's own fields a change of any area moves (sequence, time, flags).
#[derive(Clone, Copy)]
struct Head {
    last_sequence: u64,
    revised_at: DateTime<Utc>,
    enabled: bool,
    deleted: bool,
    owed: Option<Owed>,
}

impl Head {
    fn of(p: &Provider) -> Self {
        Self {
            last_sequence: p.last_sequence,
            revised_at: p.revised_at,
            enabled: p.enabled,
            deleted: p.deleted,
            owed: p.owed,
        }
    }

    fn restore(self, p: &mut Provider) {
        p.last_sequence = self.last_sequence;
        p.revised_at = self.revised_at;
        p.enabled = self.enabled;
        p.deleted = self.deleted;
        p.owed = self.owed;
    }
}

impl Saved {
    fn of(p: &Provider, changes: &[Change]) -> Self {
        let head = Head::of(p);
        let team = |c: &Change| {
            matches!(
                c,
                Change::MemberInvited { .. }
                    | Change::MemberReinvited { .. }
                    | Change::MemberAccepted { .. }
                    | Change::MemberConfirmed { .. }
                    | Change::MemberRoleChanged { .. }
                    | Change::MemberScopeChanged { .. }
                    | Change::MemberRevoked { .. }
                    | Change::MemberRestored { .. }
                    | Change::MemberRemoved { .. }
                    | Change::MemberLeft { .. }
            )
        };
        let policies_of = |c: &Change| match c {
            Change::ClientPolicyChanged { client, .. } => Some(*client),
            _ => None,
        };
        let billing = |(i, c): (usize, &Change)| match c {
            Change::SubscriptionInvoiced { .. }
            | Change::SubscriptionPaid { .. }
            | Change::SubscriptionUnpaid { .. }
            | Change::SubscriptionCancelled { .. }
            | Change::SubscriptionPricesChanged { .. }
            | Change::SubscriptionDiscountChanged { .. } => true,
            // Only as the last change: its clients follow it after every other change fitted.
            Change::ProviderEnabled | Change::ProviderDisabled => i + 1 == changes.len(),
            _ => false,
        };
        if changes.iter().all(team) {
            return Self::Team(head, Box::new(p.team.clone()));
        }
        if let Some(client) = changes.first().and_then(policies_of)
            && changes.iter().all(|c| policies_of(c) == Some(client))
            && let Some(c) = p.clients.get(client)
        {
            return Self::Policies(head, client, Box::new(c.policies().clone()));
        }
        if changes.iter().enumerate().all(billing) {
            return Self::Billing(head, p.subscription.clone().map(Box::new));
        }
        Self::Everything(Box::new(p.clone()))
    }

    fn restore(self, p: &mut Provider) {
        match self {
            Self::Team(head, team) => {
                head.restore(p);
                p.team = *team;
            }
            Self::Policies(head, client, policies) => {
                head.restore(p);
                p.clients.restore_policies(client, *policies);
            }
            Self::Billing(head, subscription) => {
                head.restore(p);
                p.subscription = subscription.map(|s| *s);
            }
            Self::Everything(saved) => *p = *saved,
        }
    }
}

/// The serialized form of a provider: plain values down to every member and client. Converting
/// it back checks every invariant and keeps each refusal's own error code.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProviderRecord {
    id: ProviderId,
    kind: ProviderType,
    status: ProviderStatus,
    enabled: bool,
    /// The person the vendor issued the provider to (absent when read from the reference
    /// server, whose documents do not carry it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issued_to: Option<String>,
    settings: RawSettings,
    created_at: DateTime<Utc>,
    revised_at: DateTime<Utc>,
    #[serde(default)]
    members: Vec<ProviderUserRecord>,
    #[serde(default)]
    clients: Vec<ClientRecord>,
    #[serde(default)]
    seat_minimums: BTreeMap<PlanType, u32>,
    /// Absent in documents written before billing, and for a provider without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subscription: Option<Subscription>,
    #[serde(default)]
    last_sequence: u64,
    /// Present (and true) only for a provider that was deleted.
    #[serde(default, skip_serializing_if = "is_false")]
    deleted: bool,
    /// The deployments of its clients (a portfolio document writes them beside the provider
    /// instead; absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    deployments: Vec<ClientDeployment>,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_false(b: &bool) -> bool {
    !*b
}

/// The serialized form of a provider, borrowed from it: written field for field as
/// [`ProviderRecord`] (the same JSON), without copying the provider first (each member and
/// client is converted to its record as it is written).
#[derive(Serialize)]
struct ProviderRecordRef<'a> {
    id: ProviderId,
    kind: ProviderType,
    status: ProviderStatus,
    enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued_to: Option<&'a str>,
    settings: RawSettings,
    created_at: DateTime<Utc>,
    revised_at: DateTime<Utc>,
    members: Records<'a, ProviderUser, ProviderUserRecord>,
    clients: ClientRecords<'a>,
    seat_minimums: &'a BTreeMap<PlanType, u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscription: Option<&'a Subscription>,
    last_sequence: u64,
    #[serde(skip_serializing_if = "is_false")]
    deleted: bool,
    #[serde(skip_serializing_if = "<[ClientDeployment]>::is_empty")]
    deployments: &'a [ClientDeployment],
}

/// A list written as the records of its items, one at a time.
struct Records<'a, T, R>(&'a [T], std::marker::PhantomData<R>);

impl<T: Clone, R: From<T> + Serialize> Serialize for Records<'_, T, R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|item| R::from(item.clone())))
    }
}

/// A provider's clients written as their records, one at a time, each with the enabled state
/// that counts ([`Provider::client_enabled`]: its own flag and its provider's) as `enabled`.
struct ClientRecords<'a>(&'a Provider);

impl Serialize for ClientRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        serializer.collect_seq(p.clients.as_slice().iter().map(|c| p.client_record(c.clone())))
    }
}

impl Serialize for Provider {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.record_ref(true).serialize(serializer)
    }
}

/// A provider serialized without its deployments (a portfolio document writes them beside it).
pub(crate) struct WithoutDeployments<'a>(pub(crate) &'a Provider);

impl Serialize for WithoutDeployments<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.record_ref(false).serialize(serializer)
    }
}

impl Provider {
    fn record_ref(&self, with_deployments: bool) -> ProviderRecordRef<'_> {
        ProviderRecordRef {
            id: self.id,
            kind: self.kind,
            status: self.status,
            enabled: self.enabled,
            issued_to: self.issued_to.as_ref().map(Email::as_str),
            settings: self.settings.clone().into(),
            created_at: self.created_at,
            revised_at: self.revised_at,
            members: Records(self.team.as_slice(), std::marker::PhantomData),
            clients: ClientRecords(self),
            seat_minimums: &self.seat_minimums,
            subscription: self.subscription.as_ref(),
            last_sequence: self.last_sequence,
            deleted: self.deleted,
            deployments: if with_deployments { self.deployments.list() } else { &[] },
        }
    }
}

impl From<Provider> for ProviderRecord {
    fn from(mut p: Provider) -> Self {
        let deployments = p.deployments.take();
        let clients = p.clients.as_slice().iter().map(|c| p.client_record(c.clone())).collect();
        Self {
            id: p.id,
            kind: p.kind,
            status: p.status,
            enabled: p.enabled,
            issued_to: p.issued_to.map(String::from),
            settings: p.settings.into(),
            created_at: p.created_at,
            revised_at: p.revised_at,
            members: p.team.into_vec().into_iter().map(ProviderUserRecord::from).collect(),
            clients,
            seat_minimums: p.seat_minimums,
            subscription: p.subscription,
            last_sequence: p.last_sequence,
            deleted: p.deleted,
            deployments,
        }
    }
}

impl TryFrom<ProviderRecord> for Provider {
    type Error = Error;

    fn try_from(r: ProviderRecord) -> Result<Self, Self::Error> {
        let members = r.members.into_iter().map(ProviderUser::try_from).collect::<Result<_, _>>()?;
        let clients = r.clients.into_iter().map(ClientOrganization::try_from).collect::<Result<_, _>>()?;
        let clients = Clients::new(clients).map_err(invalid)?;
        let deployments = Deployments::new(r.deployments, |client| clients.get(client).is_some())?;
        let provider = Self {
            id: r.id,
            kind: r.kind,
            status: r.status,
            enabled: r.enabled,
            issued_to: r.issued_to.as_deref().map(Email::new).transpose()?,
            settings: r.settings.try_into()?,
            created_at: r.created_at,
            revised_at: r.revised_at,
            team: Team::new(members).map_err(invalid)?,
            clients,
            seat_minimums: r.seat_minimums,
            subscription: r.subscription,
            deployments,
            last_sequence: r.last_sequence,
            deleted: r.deleted,
            owed: None,
        };
        provider.read_back()
    }
}

fn invalid(detail: String) -> Error {
    Error::Provider(ProviderError::InvalidRecord { detail })
}

impl Provider {
    /// Issues a new provider, as the vendor does: pending, enabled, with no team yet, to be set
    /// up by the person at `issued_to`. Returns the provider and its first event
    /// (`provider_issued`, sequence 1), which starts its log.
    pub fn issue(
        id: ProviderId,
        kind: ProviderType,
        settings: ProviderSettings,
        issued_to: Email,
        now: DateTime<Utc>,
    ) -> (Self, Vec<Event>) {
        let event = Event {
            provider: id,
            sequence: 1,
            at: now,
            actor: Actor::System,
            change: Change::ProviderIssued { kind, settings: settings.clone(), issued_to: issued_to.clone() },
        };
        (Self::issued(id, kind, settings, issued_to, now), vec![event])
    }

    fn issued(
        id: ProviderId,
        kind: ProviderType,
        settings: ProviderSettings,
        issued_to: Email,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            kind,
            status: ProviderStatus::Pending,
            enabled: true,
            issued_to: Some(issued_to),
            settings,
            created_at: at,
            revised_at: at,
            team: Team::default(),
            clients: Clients::default(),
            seat_minimums: BTreeMap::new(),
            subscription: None,
            deployments: Deployments::default(),
            last_sequence: 1,
            deleted: false,
            owed: None,
        }
    }

    /// Rebuilds a provider from its log: the first event must be its `provider_issued` event at
    /// sequence 1, and every later event is applied in order with [`Provider::apply`]. The
    /// first event that does not fit stops the replay with its typed error.
    ///
    /// Everything the log records is rebuilt, the deployments of the clients included (their
    /// steps follow the built-in edition of the deployment guide; see
    /// [`Provider::replay_with_catalog`] for another).
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Result<Self, Error> {
        Self::replay_from(events, None)
    }

    /// The provider a log's first event issues: its `provider_issued` event at sequence 1, or
    /// `event_log_not_issuing`. Its deployments follow `catalog` (`None`: the built-in edition).
    pub(crate) fn from_first_event(
        first: &Event,
        catalog: Option<std::sync::Arc<crate::deployment::DeploymentCatalog>>,
    ) -> Result<Self, Error> {
        let mut provider = match &first.change {
            Change::ProviderIssued { kind, settings, issued_to } if first.sequence == 1 => {
                Self::issued(first.provider, *kind, settings.clone(), issued_to.clone(), first.at)
            }
            other => {
                return Err(Error::Event(EventError::NotIssuing {
                    found: other.name(),
                    sequence: first.sequence,
                }));
            }
        };
        if let Some(catalog) = catalog {
            provider.deployments.set_catalog(catalog)?;
        }
        Ok(provider)
    }

    fn replay_from<'a>(
        events: impl IntoIterator<Item = &'a Event>,
        catalog: Option<std::sync::Arc<crate::deployment::DeploymentCatalog>>,
    ) -> Result<Self, Error> {
        let mut events = events.into_iter();
        let first = events.next().ok_or(Error::Event(EventError::EmptyLog))?;
        let mut provider = Self::from_first_event(first, catalog)?;
        let mut batch: Vec<&Event> = Vec::with_capacity(LOOKAHEAD);
        for event in events {
            batch.push(event);
            if batch.len() == LOOKAHEAD {
                provider.prepare(batch.iter().copied());
                for event in batch.drain(..) {
                    provider.apply(event)?;
                }
            }
        }
        provider.prepare(batch.iter().copied());
        for event in batch {
            provider.apply(event)?;
        }
        Ok(provider)
    }

    /// Looks up, ahead of applying them, the clients `events` name, so that their index
    /// entries are in the cache when the events are applied. It changes nothing; applying the
    /// events afterwards gives the same result, errors included.
    ///
    /// Why: with many clients (100 000) the client index no longer stays in the caches while a
    /// long log streams through, and each event's lookup waited for memory on its own. Looked
    /// up together, independent lookups wait for memory at the same time (a replay of 1 M
    /// events spent about half its time in these waits).
    pub(crate) fn prepare<'a>(&self, events: impl IntoIterator<Item = &'a Event>) {
        for event in events {
            if let crate::event::Subject::Client(client) = event.change.subject(self.id) {
                self.clients.prefetch(client);
            }
        }
    }

    /// Applies one event: the only way a provider changes. The event must be this provider's
    /// and the next in sequence, and its change must fit the state (a member or client that
    /// exists, a transition the state allows, the seat rule, recorded values that match);
    /// otherwise it is refused with its typed error and the provider is left as it was.
    ///
    /// Permissions are not checked again: they are the command's, and the actor is recorded.
    /// A `deployment_*` change goes to the client's deployment plan (a second plan, a step with
    /// no plan, a transition the plan refuses are refused with the deployment's own code); it
    /// moves the sequence but not [`Provider::revised_at`].
    pub fn apply(&mut self, event: &Event) -> Result<(), Error> {
        if event.provider != self.id {
            return Err(Error::Event(EventError::WrongProvider {
                sequence: event.sequence,
                expected: self.id,
                found: event.provider,
            }));
        }
        self.live()?;
        let expected = self.last_sequence.saturating_add(1);
        if event.sequence != expected {
            return Err(Error::Event(EventError::OutOfSequence {
                last: self.last_sequence,
                expected,
                found: event.sequence,
            }));
        }
        // The change a command owes comes next, or the log was cut or forged in between.
        let owed = self.owed.take();
        let paid_up = match (owed, &event.change) {
            (None, _)
            | (Some(Owed::Enabled), Change::ProviderEnabled)
            | (Some(Owed::Disabled), Change::ProviderDisabled) => Ok(()),
            (Some(owed), _) => Err(Error::Event(EventError::Mismatch {
                sequence: event.sequence,
                change: event.change.name(),
                detail: format!(
                    "the previous event's command also changed the provider: `{}` comes next",
                    match owed {
                        Owed::Enabled => "provider_enabled",
                        Owed::Disabled => "provider_disabled",
                    }
                ),
            })),
        };
        if let Err(e) = paid_up.and_then(|()| self.dispatch(event)) {
            self.owed = owed;
            return Err(match e {
                Error::Event(EventError::Mismatch { sequence, detail, .. }) => {
                    Error::Event(EventError::Mismatch { sequence, change: event.change.name(), detail })
                }
                other => other,
            });
        }
        self.last_sequence = event.sequence;
        if !event.change.is_deployment() {
            self.revised_at = event.at;
        }
        Ok(())
    }

    /// Sends one change to the apply function of its area (`settings.rs`, `team.rs`,
    /// `clients.rs`). Each checks the state's rules before it changes anything.
    #[expect(clippy::too_many_lines, reason = "one arm per kind of change: the table of the areas")]
    fn dispatch(&mut self, event: &Event) -> Result<(), Error> {
        let at = event.at;
        self.refuse_if_suspended(&event.change)?;
        match &event.change {
            Change::ProviderIssued { .. } => {
                Err(Error::Event(EventError::AlreadyIssued { sequence: event.sequence }))
            }
            // Lifecycle and settings (settings.rs).
            Change::ProviderSetUp { member, user, email } => self.apply_set_up(*member, *user, email, at),
            Change::ProviderUpdated { settings } => self.apply_updated(settings),
            Change::ProviderStatusChanged { from, to } => self.apply_status_changed(*from, *to),
            Change::ProviderEnabled => self.apply_enabled(true),
            Change::ProviderDisabled => self.apply_enabled(false),
            Change::ProviderDeleted => self.apply_deleted(),
            // Team (team.rs).
            Change::MemberInvited { member, email, role, expires_at } => {
                self.apply_member_invited(*member, email, *role, at, *expires_at)
            }
            Change::MemberReinvited { member, expires_at } => {
                self.apply_member_reinvited(*member, at, *expires_at)
            }
            Change::MemberAccepted { member, user, public_key_fingerprint } => {
                self.apply_member_accepted(*member, *user, public_key_fingerprint.as_deref(), at)
            }
            Change::MemberConfirmed { member } => self.apply_member_confirmed(*member),
            Change::MemberRoleChanged { member, from, to } => {
                self.apply_member_role_changed(*member, *from, *to)
            }
            Change::MemberScopeChanged { member, scope } => {
                self.apply_member_scope_changed(*member, scope.as_ref())
            }
            Change::MemberRevoked { member } => self.apply_member_revoked(*member),
            Change::MemberRestored { member } => self.apply_member_restored(*member),
            // A member never removes themselves (leaving is `member_left`): no command records it.
            Change::MemberRemoved { member } if event.actor == crate::event::Actor::Member(*member) => {
                self.keep_an_admin(&[*member])?;
                Err(Error::Team(TeamError::CannotRemoveSelf { member: *member }))
            }
            Change::MemberRemoved { member } | Change::MemberLeft { member } => {
                self.apply_member_removed(*member)
            }
            // Clients and seats (clients.rs).
            Change::ClientCreated {
                client,
                name,
                plan,
                seats,
                owner_email,
                billing_email,
                first_collection,
            } => self.apply_client_created(
                *client,
                name,
                *plan,
                *seats,
                owner_email,
                billing_email,
                first_collection.as_ref(),
                at,
            ),
            Change::ClientAdded { client, name, plan, seats, billing_email, members } => {
                self.apply_client_added(*client, name, *plan, *seats, billing_email, members, at)
            }
            Change::ClientSeatsChanged { client, from, to, purchase } => {
                // The purchase is checked before the seats change, and recorded after.
                self.check_seat_purchase(*client, *from, *to, purchase.as_ref(), at)?;
                self.apply_client_seats_changed(*client, *from, *to)?;
                self.apply_seat_purchase(purchase.as_ref())
            }
            Change::ClientMemberAdded { client, member } => self.apply_client_member_added(*client, member),
            Change::ClientMemberRemoved { client, email } => self.apply_client_member_removed(*client, email),
            // A client that leaves takes its deployment with it (deployments.rs).
            Change::ClientUnlinked { client, billing_email } => {
                self.apply_client_unlinked(*client, billing_email)?;
                self.deployments.client_left(*client);
                Ok(())
            }
            Change::ClientDeleted { client } => {
                self.apply_client_left(*client)?;
                self.deployments.client_left(*client);
                Ok(())
            }
            Change::SeatMinimumChanged { plan, from, to } => {
                self.apply_seat_minimum_changed(*plan, *from, *to)
            }
            // Consolidated billing (subscription.rs).
            Change::SubscriptionStarted { .. }
            | Change::SubscriptionInvoiced { .. }
            | Change::SubscriptionPaid { .. }
            | Change::SubscriptionUnpaid { .. }
            | Change::SubscriptionCancelled { .. }
            | Change::SubscriptionPricesChanged { .. }
            | Change::SubscriptionDiscountChanged { .. }
            | Change::ClientReferenceSet { .. } => self.apply_subscription_change(&event.change, at),
            // Client lifecycle (lifecycle_commands.rs).
            Change::ClientStateChanged { client, from, to } => {
                self.apply_client_state_changed(*client, *from, *to, at)
            }
            // Client policies (policies.rs).
            Change::ClientPolicyChanged { client, change } => {
                self.apply_client_policy_changed(*client, change)
            }
            // Deployments (deployments.rs).
            Change::DeploymentPlanned { client, .. }
            | Change::DeploymentChecklistRecorded { client, .. }
            | Change::DeploymentStepStarted { client, .. }
            | Change::DeploymentStepCompleted { client, .. }
            | Change::DeploymentStepSkipped { client, .. }
            | Change::DeploymentStepBlocked { client, .. }
            | Change::DeploymentStepReopened { client, .. }
            | Change::DeploymentPhaseCompleted { client, .. }
            | Change::DeploymentPhaseReopened { client, .. }
            | Change::DeploymentProfileChanged { client, .. } => self.apply_deployment(event, *client),
        }
    }

    /// The error of an event whose recorded value does not match the state (the change's name
    /// is filled in by [`Provider::apply`]).
    fn mismatch(&self, detail: String) -> Error {
        Error::Event(EventError::Mismatch {
            sequence: self.last_sequence.saturating_add(1),
            change: "",
            detail,
        })
    }

    /// Records one change: builds its event and applies it (all-or-nothing).
    fn commit_one(&mut self, actor: Actor, at: DateTime<Utc>, change: Change) -> Result<Vec<Event>, Error> {
        let event =
            Event { provider: self.id, sequence: self.last_sequence.saturating_add(1), at, actor, change };
        self.apply(&event)?;
        Ok(vec![event])
    }

    /// Records several changes of one command: all are applied, or none. Only what the
    /// changes can touch is saved before and put back on a refusal (`Saved`): the team for
    /// member changes, one client's policies for policy changes, the subscription and the
    /// provider's flags for billing changes and the provider change they bring — never the
    /// whole provider unless the changes span areas.
    fn commit(&mut self, actor: Actor, at: DateTime<Utc>, changes: Vec<Change>) -> Result<Vec<Event>, Error> {
        let mut changes = changes;
        if changes.len() == 1
            && let Some(change) = changes.pop()
        {
            return self.commit_one(actor, at, change);
        }
        let saved = Saved::of(self, &changes);
        let mut events = Vec::with_capacity(changes.len());
        for change in changes {
            match self.commit_one(actor, at, change) {
                Ok(event) => events.extend(event),
                Err(e) => {
                    saved.restore(self);
                    return Err(e);
                }
            }
        }
        Ok(events)
    }

    /// Assembles a provider from stored parts (the interop reader's path), checking every
    /// invariant as deserialization does.
    #[expect(clippy::too_many_arguments, reason = "one argument per stored part; crate-internal")]
    pub(crate) fn from_parts(
        kind: ProviderType,
        status: ProviderStatus,
        enabled: bool,
        settings: ProviderSettings,
        id: ProviderId,
        (created_at, revised_at): (DateTime<Utc>, DateTime<Utc>),
        members: Vec<ProviderUser>,
        clients: Vec<ClientOrganization>,
    ) -> Result<Self, Error> {
        let provider = Self {
            id,
            kind,
            status,
            enabled,
            issued_to: None,
            settings,
            created_at,
            revised_at,
            team: Team::new(members).map_err(invalid)?,
            clients: Clients::new(clients).map_err(invalid)?,
            seat_minimums: BTreeMap::new(),
            subscription: None,
            deployments: Deployments::default(),
            last_sequence: 0,
            deleted: false,
            owed: None,
        };
        provider.read_back()
    }

    /// Reads a provider from mspkit's JSON, checking every invariant. JSON of the wrong shape
    /// (syntax, unknown fields, unknown enum names) is refused with `invalid_document` (naming
    /// the `provider` document, its line and column); a value that breaks an invariant with
    /// that invariant's own error (`seats_below_occupied`, `email_invalid`,
    /// `invalid_member_record`, …).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let record: ProviderRecord = crate::document::parse_json("provider", json)?;
        Self::try_from(record)
    }

    /// Writes the provider as mspkit's JSON (pretty-printed, as in a portfolio's `provider`),
    /// from the provider as it is (no copy first). A failure to write is
    /// `invalid_provider_record` (it does not happen for a provider built by mspkit).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| invalid(format!("cannot write it: {e}")))
    }

    // ---- queries ----

    /// The provider's id.
    pub fn id(&self) -> ProviderId {
        self.id
    }

    /// Its kind.
    pub fn kind(&self) -> ProviderType {
        self.kind
    }

    /// Its lifecycle state.
    pub fn status(&self) -> ProviderStatus {
        self.status
    }

    /// Whether it is enabled (a disabled provider's members may do nothing).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The person the vendor issued the provider to, who sets it up; `None` for a provider read
    /// from the reference server's documents, which do not carry it.
    pub fn issued_to(&self) -> Option<&Email> {
        self.issued_to.as_ref()
    }

    /// Its settings.
    pub fn settings(&self) -> &ProviderSettings {
        &self.settings
    }

    /// Its name.
    pub fn name(&self) -> &str {
        self.settings.name()
    }

    /// When it was issued.
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// When it last changed (the time of the latest event that changed it).
    pub fn revised_at(&self) -> DateTime<Utc> {
        self.revised_at
    }

    /// Its team, in the order the members joined.
    pub fn members(&self) -> &[ProviderUser] {
        self.team.as_slice()
    }

    /// One member (O(1)).
    pub fn member(&self, id: ProviderUserId) -> Option<&ProviderUser> {
        self.team.get(id)
    }

    /// The member invited with `email`, compared case-insensitively (O(1)).
    pub fn member_by_email(&self, email: &Email) -> Option<&ProviderUser> {
        self.team.by_email(email)
    }

    /// The membership of the signed-in account `user`, once it accepted (O(1)).
    pub fn member_by_user(&self, user: UserId) -> Option<&ProviderUser> {
        self.team.by_user(user)
    }

    /// Its client organizations, in the order they joined.
    pub fn clients(&self) -> &[ClientOrganization] {
        self.clients.as_slice()
    }

    /// One client organization (O(1)).
    pub fn client(&self, id: OrganizationId) -> Option<&ClientOrganization> {
        self.clients.get(id)
    }

    /// The number of confirmed (non-revoked) provider admins.
    pub fn confirmed_admin_count(&self) -> usize {
        self.team.confirmed_admins()
    }

    /// The sequence number of the latest event: the provider's version. Every event moves it by
    /// one; a command that changes nothing returns no event and leaves it where it was.
    ///
    /// # The concurrency contract
    ///
    /// The version is the token a service compares before it writes. Two copies of a provider
    /// loaded at the same version and changed independently both number their events from the
    /// same sequence and derive the *same* new member and client ids (ids come from the
    /// sequence), so both sets of events cannot be kept: whoever stores second must reload and
    /// run its command again on the fresh provider. A store keyed by (provider, sequence) with a
    /// uniqueness constraint detects this; [`Provider::expect_version`] checks it in memory.
    pub fn last_sequence(&self) -> u64 {
        self.last_sequence
    }

    /// Refuses with `version_conflict` (category `conflict`) unless the provider is at version
    /// `expected` — the [`last_sequence`](Provider::last_sequence) the caller last saw. Call it
    /// before running a command on behalf of a client that read an older copy.
    ///
    /// ```
    /// # use mspkit::{Email, Provider, ProviderId, ProviderSettings, ProviderType};
    /// # use mspkit::chrono::{TimeZone, Utc};
    /// let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    /// let settings = ProviderSettings::new("Northwind IT")?;
    /// let id = ProviderId::new(mspkit::uuid::Uuid::from_u128(1));
    /// let (provider, _) = Provider::issue(id, ProviderType::Msp, settings, Email::new("ada@northwind.example")?, now);
    /// assert!(provider.expect_version(1).is_ok());
    /// let stale = provider.expect_version(0).unwrap_err();
    /// assert_eq!((stale.code(), stale.category()), ("version_conflict", mspkit::ErrorCategory::Conflict));
    /// # Ok::<(), mspkit::Error>(())
    /// ```
    pub fn expect_version(&self, expected: u64) -> Result<(), Error> {
        if self.last_sequence == expected {
            Ok(())
        } else {
            Err(Error::Provider(ProviderError::VersionConflict { expected, actual: self.last_sequence }))
        }
    }

    /// Whether the reference would record this provider's events (enabled and using events).
    pub fn records_events(&self) -> bool {
        self.enabled && self.settings.use_events()
    }

    /// The consolidated subscription, once started (an MSP or business unit only).
    pub fn subscription(&self) -> Option<&Subscription> {
        self.subscription.as_ref()
    }

    /// The seat minimums that were set, by plan.
    pub fn seat_minimums(&self) -> &BTreeMap<PlanType, u32> {
        &self.seat_minimums
    }

    /// The seat minimum of `plan` (0 when none was set).
    pub fn seat_minimum(&self, plan: PlanType) -> u32 {
        self.seat_minimums.get(&plan).copied().unwrap_or(0)
    }

    /// Seat figures of one plan (totals in `u64`: they never saturate).
    pub fn plan_seats(&self, plan: PlanType) -> PlanSeats {
        let occupied_seats = self
            .clients()
            .iter()
            .filter(|c| c.plan() == plan)
            .map(|c| u64::from(c.occupied_seats()))
            .fold(0u64, u64::saturating_add);
        self.plan_seats_occupied(plan, occupied_seats)
    }

    /// The plans that have a seat minimum or a client, in plan order (those of
    /// [`Provider::seat_summary`]), from the running totals: O(plans), no client is visited.
    pub(crate) fn billed_plans(&self) -> Vec<PlanType> {
        let mut plans: Vec<PlanType> =
            self.seat_minimums.keys().copied().chain(self.clients.plans()).collect();
        plans.sort_unstable();
        plans.dedup();
        plans
    }

    /// The seats assigned to clients on `plan` (a running total: O(1)).
    pub(crate) fn assigned_seats(&self, plan: PlanType) -> u64 {
        self.clients.assigned(plan)
    }

    /// Seat figures of `plan` whose clients' members occupy `occupied_seats`.
    fn plan_seats_occupied(&self, plan: PlanType, occupied_seats: u64) -> PlanSeats {
        let assigned_seats = self.clients.assigned(plan);
        let seat_minimum = self.seat_minimum(plan);
        PlanSeats {
            plan,
            seat_minimum,
            assigned_seats,
            occupied_seats,
            purchased_seats: crate::billing::purchased_seats(assigned_seats, seat_minimum),
            unassigned_seats: crate::billing::unassigned_seats(assigned_seats, seat_minimum),
        }
    }

    /// Seat figures of every plan that has a minimum or a client, in plan order.
    ///
    /// One pass over the clients, in O(clients): every report of seats (the invoice, the seat
    /// utilisation) starts here, on providers of many thousands of clients.
    pub fn seat_summary(&self) -> Vec<PlanSeats> {
        // Each plan's occupied seats. A provider has a handful of plans: a short list searched
        // linearly beats any map, and only those few plans are sorted, never the clients' plans.
        let mut occupied: Vec<(PlanType, u64)> = self.seat_minimums.keys().map(|plan| (*plan, 0)).collect();
        for c in self.clients() {
            let plan = c.plan();
            let seats = u64::from(c.occupied_seats());
            match occupied.iter_mut().find(|(p, _)| *p == plan) {
                Some((_, total)) => *total = total.saturating_add(seats),
                None => occupied.push((plan, seats)),
            }
        }
        occupied.sort_unstable_by_key(|(plan, _)| *plan);
        occupied.into_iter().map(|(plan, seats)| self.plan_seats_occupied(plan, seats)).collect()
    }

    /// What a person should look at: fewer than two confirmed admins, expired invitations,
    /// members waiting for confirmation, full clients, a disabled or pending provider.
    pub fn warnings(&self, now: DateTime<Utc>) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if self.status == ProviderStatus::Pending {
            warnings.push(Warning::NotSetUp);
        } else if self.confirmed_admin_count() < 2 {
            warnings.push(Warning::FewConfirmedAdmins { confirmed_admins: self.confirmed_admin_count() });
        }
        if !self.enabled {
            warnings.push(Warning::ProviderDisabled);
        }
        for m in self.members() {
            if m.invitation_expired(now) {
                warnings.push(Warning::InvitationExpired { member: m.id(), email: m.email().clone() });
            } else if m.status() == ProviderUserStatus::Accepted {
                warnings.push(Warning::AwaitingConfirmation { member: m.id(), email: m.email().clone() });
            }
        }
        for c in self.clients() {
            if c.is_full() {
                warnings.push(Warning::ClientFull { client: c.id(), name: c.name().to_owned() });
            }
        }
        self.lifecycle_warnings(now, &mut warnings);
        warnings
    }

    /// Exports events of this provider's log as CSV (provider admins only). An event of another
    /// provider refuses the whole export (`foreign_event`). Needs the `csv` feature (on by
    /// default).
    #[cfg(feature = "csv")]
    pub fn export_events(&self, actor: ProviderUserId, events: &[Event]) -> Result<String, Error> {
        self.allow(actor, Action::ExportProviderEvents, Target::Provider)?;
        if let Some(foreign) = events.iter().find(|e| e.provider != self.id) {
            return Err(Error::Provider(ProviderError::ForeignEvent {
                sequence: foreign.sequence,
                provider: foreign.provider,
            }));
        }
        // Names come from the provider as it is now, then from the events (which also name
        // members and clients that have left).
        let mut labels = crate::event::EventLabels::from_provider(self);
        for e in events {
            labels.learn(e);
        }
        Ok(crate::event::events_to_csv(events, &labels))
    }

    // ---- helpers ----

    /// A new id, derived from the provider's id and a sequence number, so a command gives the
    /// same ids whenever it runs on the same state (and the core needs no randomness).
    fn derive_id(&self, kind: &str, sequence: u64) -> Uuid {
        let name = format!("{kind}:{sequence}");
        Uuid::new_v5(&self.id.uuid(), name.as_bytes())
    }

    /// A member id not yet in the team nor in `taken`, for the event after sequence `after`.
    /// Derived ids are unique as long as `last_sequence` only grows, but a stored provider may
    /// come back with an older (or missing) sequence number, hence the check.
    fn fresh_member_id(&self, after: u64, taken: &[ProviderUserId]) -> ProviderUserId {
        let mut sequence = after.saturating_add(1);
        loop {
            let id = ProviderUserId::new(self.derive_id("provider_user", sequence));
            if self.team.get(id).is_none() && !taken.contains(&id) {
                return id;
            }
            sequence = sequence.saturating_add(1);
        }
    }

    /// A client id not yet among the clients (see [`Self::fresh_member_id`]).
    fn fresh_client_id(&self) -> OrganizationId {
        let mut sequence = self.last_sequence.saturating_add(1);
        loop {
            let id = OrganizationId::new(self.derive_id("organization", sequence));
            if self.clients.get(id).is_none() {
                return id;
            }
            sequence = sequence.saturating_add(1);
        }
    }

    /// Checks a command's permission. An unknown client is `client_not_found` (category
    /// `not_found`) before any permission question is asked.
    fn allow(&self, actor: ProviderUserId, action: Action, target: Target) -> Result<(), Error> {
        self.live()?;
        if let Target::Client(client) = target
            && self.client(client).is_none()
        {
            return Err(Error::Client(ClientError::NotFound { client }));
        }
        authorize(self, actor, action, target).map_err(Error::Denied)
    }

    /// Refuses every command and event on a deleted provider (`provider_deleted`).
    fn live(&self) -> Result<(), Error> {
        if self.deleted {
            return Err(Error::Provider(ProviderError::Deleted));
        }
        Ok(())
    }

    /// Whether `provider_deleted` was applied: a deleted provider refuses every command and
    /// every event with `provider_deleted`.
    pub fn deleted(&self) -> bool {
        self.deleted
    }

    fn require_set_up(&self) -> Result<(), Error> {
        if self.status == ProviderStatus::Pending {
            return Err(Error::Provider(ProviderError::NotSetUp));
        }
        Ok(())
    }

    fn require_consolidated_billing(&self) -> Result<(), Error> {
        if self.kind.has_consolidated_billing() && self.status != ProviderStatus::Billable {
            return Err(Error::Provider(ProviderError::NotBillable { status: self.status }));
        }
        Ok(())
    }

    /// A client's record as the provider's document writes it: `enabled` is the state that
    /// counts ([`Provider::client_enabled`]), so the document reads the same as before clients
    /// kept their own flag.
    fn client_record(&self, c: ClientOrganization) -> ClientRecord {
        let enabled = self.effective_enabled(&c);
        ClientRecord { enabled, ..ClientRecord::from(c) }
    }

    /// A provider read from a document: its invariants checked on the document's values, then
    /// its clients' own flags taken from them. In a disabled MSP's or business unit's document
    /// every client says `enabled: false` (the state that counts), so their own flags are set:
    /// enabling the provider enables them, and the provider writes the same document again.
    fn read_back(mut self) -> Result<Self, Error> {
        self.check_invariants()?;
        if !self.enabled {
            self.clients_follow();
        }
        Ok(self)
    }

    /// Checks every invariant of a stored provider in one pass over its members and clients
    /// (each scope entry is looked up in O(1), so the check is linear in the provider's size).
    fn check_invariants(&self) -> Result<(), Error> {
        if self.status == ProviderStatus::Pending && !(self.team.is_empty() && self.clients.is_empty()) {
            return Err(invalid(
                "a pending provider has no team and no clients until the person it was issued to sets it up"
                    .to_owned(),
            ));
        }
        if self.deleted && !self.clients.is_empty() {
            return Err(invalid("a deleted provider has no clients".to_owned()));
        }
        for m in self.members() {
            m.check()?;
        }
        if self.status != ProviderStatus::Pending && self.confirmed_admin_count() == 0 {
            return Err(invalid(
                "a provider that is set up needs at least one confirmed provider admin".to_owned(),
            ));
        }
        for c in self.clients() {
            if !self.kind.allows_plan(c.plan()) {
                return Err(Error::Client(ClientError::PlanNotAllowed { plan: c.plan(), kind: self.kind }));
            }
            // An MSP's or business unit's clients are disabled with it (a reseller's are not).
            if !self.enabled && self.kind != ProviderType::Reseller && c.enabled() {
                return Err(invalid(format!(
                    "client `{}` is enabled but its provider, of kind `{}`, is disabled; its clients are disabled with it",
                    c.id(),
                    self.kind.name()
                )));
            }
        }
        for m in self.members() {
            if let Some(stray) =
                m.client_scope().into_iter().flatten().find(|id| self.clients.get(**id).is_none())
            {
                return Err(invalid(format!(
                    "member `{}` is scoped to `{stray}`, which is not a client",
                    m.id()
                )));
            }
        }
        if let Some(sub) = &self.subscription {
            if sub.kind() != self.kind {
                return Err(invalid(format!(
                    "the subscription bills a provider of kind `{}`, not `{}`",
                    sub.kind().name(),
                    self.kind.name()
                )));
            }
            for (client, reference) in sub.client_references() {
                if self.clients.get(*client).is_none() {
                    return Err(invalid(format!(
                        "the subscription has a reference for `{client}`, which is not a client"
                    )));
                }
                crate::billing::check_client_reference(reference)?;
            }
        }
        for plan in self.seat_minimums.keys() {
            if !self.kind.has_consolidated_billing() || !self.kind.allows_plan(*plan) {
                return Err(invalid(format!(
                    "a provider of kind `{}` has no seat minimum for `{}`",
                    self.kind.name(),
                    plan.name()
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::TimeZone;

    use super::*;
    use crate::client::{
        ClientMember, NewClient, OrganizationUserStatus, OrganizationUserType, first_duplicate_member,
    };
    use crate::team::ProviderUserType;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    fn set_up() -> (Provider, ProviderUserId, Vec<Event>) {
        let settings = ProviderSettings::new("Northwind IT")
            .unwrap()
            .with_billing_email(Some(Email::new("billing@x.example").unwrap()));
        let ada = Email::new("ada@x.example").unwrap();
        let (mut p, mut log) = Provider::issue(
            ProviderId::new(Uuid::from_u128(1)),
            ProviderType::Msp,
            settings,
            ada.clone(),
            now(),
        );
        let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap();
        log.extend(admin.events);
        (p, admin.id, log)
    }

    #[test]
    fn only_resellers_bill_their_clients_one_by_one() {
        // Codes, names and serde forms of the enums are checked for every catalogue enum in
        // `macros.rs`.
        assert!(!ProviderType::Reseller.has_consolidated_billing());
        assert!(ProviderType::Msp.has_consolidated_billing());
        assert!(ProviderType::BusinessUnit.has_consolidated_billing());
    }

    #[test]
    fn allowed_plans_per_kind() {
        let allowed = |kind: ProviderType| -> Vec<u8> {
            PlanType::all().iter().filter(|p| kind.allows_plan(**p)).map(|p| p.code()).collect()
        };
        assert_eq!(allowed(ProviderType::Msp), [17, 19]);
        assert_eq!(allowed(ProviderType::BusinessUnit), [19, 20]);
        let reseller: Vec<u8> = (0..=22).filter(|c| ![0, 1, 7, 22].contains(c)).collect();
        assert_eq!(allowed(ProviderType::Reseller), reseller);
    }

    #[test]
    fn added_plans_land_on_an_allowed_plan_or_are_refused() {
        for kind in [ProviderType::Msp, ProviderType::BusinessUnit, ProviderType::Reseller] {
            for plan in PlanType::all() {
                match kind.plan_for_added(*plan) {
                    Some(to) => {
                        assert!(kind.allows_plan(to), "{kind:?} {plan:?} → {to:?}");
                        assert_eq!(to.tier(), plan.tier());
                    }
                    None => assert!(
                        !plan.is_business() || kind == ProviderType::BusinessUnit,
                        "{kind:?} {plan:?}"
                    ),
                }
            }
        }
        assert_eq!(ProviderType::Msp.plan_for_added(PlanType::TeamsAnnually), Some(PlanType::TeamsMonthly));
        assert_eq!(
            ProviderType::Msp.plan_for_added(PlanType::EnterpriseAnnually2019),
            Some(PlanType::EnterpriseMonthly)
        );
        assert_eq!(
            ProviderType::BusinessUnit.plan_for_added(PlanType::EnterpriseAnnually2023),
            Some(PlanType::EnterpriseAnnually)
        );
        assert_eq!(ProviderType::BusinessUnit.plan_for_added(PlanType::TeamsMonthly), None);
        assert_eq!(ProviderType::Reseller.plan_for_added(PlanType::Custom), None);
    }

    #[test]
    fn keep_an_admin_counts_only_confirmed_admins_outside_the_batch() {
        let (mut p, admin, _) = set_up();
        assert!(p.keep_an_admin(&[admin]).is_err());
        p.invite(admin, &["b@x.example"], ProviderUserType::ProviderAdmin, now()).unwrap();
        let invited = p.members()[1].id();
        assert!(p.keep_an_admin(&[invited]).is_ok());
        assert!(p.keep_an_admin(&[admin]).is_err(), "an invited admin is no replacement");
        assert!(p.keep_an_admin(&[admin, admin]).is_err(), "a repeated id counts once");
        assert!(p.keep_an_admin(&[]).is_ok());
    }

    #[test]
    fn a_revoked_member_is_checked_in_the_state_it_is_restored_to() {
        let (mut p, admin, _) = set_up();
        p.invite(admin, &["b@x.example", "c@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
        let (b, c) = (p.members()[1].id(), p.members()[2].id());
        p.accept(b, UserId::new(Uuid::from_u128(3)), &Email::new("b@x.example").unwrap(), None, now())
            .unwrap();
        p.revoke(admin, b, now()).unwrap();
        p.revoke(admin, c, now()).unwrap();
        assert!(p.check_invariants().is_ok());
        let json: serde_json::Value = serde_json::to_value(&p).unwrap();
        let mut no_user = json.clone();
        no_user["members"][1].as_object_mut().unwrap().remove("user_id");
        assert!(serde_json::from_value::<Provider>(no_user).is_err());
        // An invitation whose time the reference does not send has no known expiry: valid,
        // and never reported expired.
        let mut no_expiry = json.clone();
        no_expiry["members"][2].as_object_mut().unwrap().remove("invitation_expires_at");
        let undated = serde_json::from_value::<Provider>(no_expiry).unwrap();
        assert!(!undated.members()[2].invitation_expired(DateTime::<Utc>::MAX_UTC));
        let mut stray = json;
        stray["members"][0]["status_before_revoke"] = serde_json::json!("invited");
        let record: ProviderRecord = serde_json::from_value(stray).unwrap();
        assert_eq!(Provider::try_from(record).unwrap_err().code(), "invalid_member_record");
    }

    #[test]
    fn a_client_has_each_person_once() {
        let owner = |address: &str| {
            ClientMember::new(
                Email::new(address).unwrap(),
                OrganizationUserType::Owner,
                OrganizationUserStatus::Confirmed,
            )
        };
        let members = [owner("a@x.example"), owner("b@x.example"), owner("A@x.example")];
        assert_eq!(first_duplicate_member(&members).map(Email::as_str), Some("a@x.example"));
        assert_eq!(first_duplicate_member(&members[..2]), None);
    }

    #[test]
    fn new_ids_are_fresh_even_when_the_sequence_went_back() {
        let (mut p, admin, _) = set_up();
        p.invite(admin, &["b@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
        p.last_sequence = 0;
        p.invite(admin, &["c@x.example", "d@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
        let ids: BTreeSet<ProviderUserId> = p.members().iter().map(ProviderUser::id).collect();
        assert_eq!(ids.len(), 4);
        assert!(p.check_invariants().is_ok());
    }

    #[test]
    fn a_client_that_leaves_leaves_every_scope_and_replay_agrees() {
        let (mut p, admin, mut log) = set_up();
        log.extend(p.mark_billable(now()).unwrap());
        log.extend(p.invite(admin, &["su@x.example"], ProviderUserType::ServiceUser, now()).unwrap());
        let su = p.members()[1].id();
        log.extend(
            p.accept(su, UserId::new(Uuid::from_u128(3)), &Email::new("su@x.example").unwrap(), None, now())
                .unwrap(),
        );
        log.extend(p.confirm(admin, su, None, now()).unwrap());
        let mut ids = Vec::new();
        for name in ["One", "Two"] {
            let new = NewClient {
                name: name.to_owned(),
                owner_email: Email::new("o@client.example").unwrap(),
                plan: PlanType::TeamsMonthly,
                seats: 3,
                first_collection: None,
            };
            let created = p.create_client(admin, new, now()).unwrap();
            assert_eq!(p.clients().last().unwrap().id(), created.id);
            ids.push(created.id);
            log.extend(created.events);
        }
        log.extend(p.set_client_scope(admin, su, Some(ids.iter().copied().collect()), now()).unwrap());
        log.extend(p.delete_client(admin, ids[0], now()).unwrap());
        assert_eq!(
            p.member(su).unwrap().client_scope().unwrap().iter().copied().collect::<Vec<_>>(),
            [ids[1]]
        );
        assert_eq!(p.plan_seats(PlanType::TeamsMonthly).assigned_seats, 3);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Provider>(&json).unwrap(), p);
        assert_eq!(Provider::replay(&log).unwrap(), p);
        assert_eq!(p.last_sequence(), u64::try_from(log.len()).unwrap());
        let mut stale: serde_json::Value = serde_json::from_str(&json).unwrap();
        stale["members"][1]["client_scope"] = serde_json::json!([ids[0]]);
        let err = serde_json::from_value::<Provider>(stale).unwrap_err().to_string();
        assert!(err.contains("is scoped to"), "{err}");
    }
}

#[cfg(test)]
mod commit_tests {
    use chrono::TimeZone;

    use super::*;
    use crate::policy::{PolicyChange, PolicyKind, PolicySettings};
    use crate::team::ProviderUserType;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    fn billable() -> (Provider, ProviderUserId) {
        let settings = ProviderSettings::new("Northwind IT")
            .unwrap()
            .with_billing_email(Some(Email::new("billing@x.example").unwrap()));
        let ada = Email::new("ada@x.example").unwrap();
        let (mut p, _) = Provider::issue(
            ProviderId::new(Uuid::from_u128(1)),
            ProviderType::Msp,
            settings,
            ada.clone(),
            now(),
        );
        let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap().id;
        p.mark_billable(now()).unwrap();
        (p, admin)
    }

    /// A command of several changes whose last is refused leaves the provider as it was, for
    /// every kind of save (team, one client's policies, billing, everything).
    #[test]
    fn a_refused_change_puts_back_what_the_earlier_ones_changed() {
        let (mut p, admin) = billable();
        let client = p
            .create_client(
                admin,
                crate::client::NewClient {
                    name: "Contoso".to_owned(),
                    owner_email: Email::new("o@contoso.example").unwrap(),
                    plan: PlanType::EnterpriseMonthly,
                    seats: 5,
                    first_collection: None,
                },
                now(),
            )
            .unwrap()
            .id;
        let started = now().date_naive() - chrono::Duration::days(20);
        p.start_subscription(
            started,
            crate::billing::SeatPrices::reference(),
            crate::billing::Discount::NONE,
            crate::billing::CollectionMethod::SendInvoice,
            now(),
        )
        .unwrap();
        p.issue_invoice(crate::billing::Money::from_cents(1000), now()).unwrap();
        let actor = Actor::Member(admin);
        let member = p.fresh_member_id(p.last_sequence, &[]);
        let invited = Change::MemberInvited {
            member,
            email: Email::new("b@x.example").unwrap(),
            role: ProviderUserType::ServiceUser,
            expires_at: team::invitation_expiry(now()),
        };
        let single_org = PolicyChange::Enabled { settings: PolicySettings::new(PolicyKind::SingleOrg) };
        let batches = [
            (vec![invited.clone(), Change::MemberConfirmed { member }], "team"),
            (
                vec![
                    Change::ClientPolicyChanged { client, change: single_org.clone() },
                    Change::ClientPolicyChanged { client, change: single_org.clone() },
                ],
                "policies",
            ),
            (
                vec![
                    Change::SubscriptionPaid {
                        on: now().date_naive(),
                        amount: crate::billing::Money::from_cents(1000),
                        reenables_provider: false,
                    },
                    Change::ProviderEnabled,
                ],
                "billing",
            ),
            (
                vec![invited, Change::ClientDeleted { client: OrganizationId::new(Uuid::from_u128(9)) }],
                "everything",
            ),
        ];
        for (changes, kind) in batches {
            let before = p.clone();
            let saved = match Saved::of(&p, &changes) {
                Saved::Team(..) => "team",
                Saved::Policies(..) => "policies",
                Saved::Billing(..) => "billing",
                Saved::Everything(..) => "everything",
            };
            assert_eq!(saved, kind);
            assert!(p.commit(actor, now(), changes).is_err(), "{kind}");
            assert_eq!(p, before, "{kind}");
        }
        // The same policy batch with a fitting second change goes through, as one command.
        let events = p
            .commit(
                actor,
                now(),
                vec![
                    Change::ClientPolicyChanged { client, change: single_org },
                    Change::ClientPolicyChanged {
                        client,
                        change: PolicyChange::Disabled { kind: PolicyKind::SingleOrg },
                    },
                ],
            )
            .unwrap();
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn a_policy_the_clients_plan_does_not_offer_is_refused_on_apply() {
        let (mut p, admin) = billable();
        let client = p
            .create_client(
                admin,
                crate::client::NewClient {
                    name: "Contoso".to_owned(),
                    owner_email: Email::new("o@contoso.example").unwrap(),
                    plan: PlanType::TeamsMonthly,
                    seats: 5,
                    first_collection: None,
                },
                now(),
            )
            .unwrap()
            .id;
        let sso = PolicyChange::Enabled { settings: PolicySettings::new(PolicyKind::RequireSso) };
        let before = p.clone();
        let err =
            p.commit_one(Actor::Member(admin), now(), Change::ClientPolicyChanged { client, change: sso });
        assert!(err.is_err());
        assert_eq!(p, before);
    }
}
