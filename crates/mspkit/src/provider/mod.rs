//! The provider aggregate: its invariants and queries, and the one path by which it changes.
//!
//! Every command takes the acting member and the time (`now`) as inputs, checks the rules that
//! belong to the command (permissions, inputs), builds the [`Event`](crate::Event)s it causes and changes the
//! provider only by applying them with [`Provider::apply`], which checks the rules of the state
//! (a transition the state allows, the seat rule, a member or client that exists). A refused
//! command or event leaves the provider exactly as it was. [`Provider::replay`] rebuilds a
//! provider from its log through the same `apply`.
//!
//! The areas live in their own folders, each with its state and its error, and never name the
//! provider: [`head`] (kind, status, settings), [`team`] (members and their transitions),
//! [`clients`] (client organizations, the seat rule) and the deployments. The provider layer
//! is here: `apply.rs` (the envelope, the routing of each change to its area, the effects that
//! cross areas), `commit.rs` (all-or-nothing), `record.rs` (the document) and `commands/` (each
//! area's commands). [`settings`] names the head's values under their old path.

mod apply;
pub mod clients;
mod commands;
mod commit;
mod deployments;
pub mod head;
mod record;
pub mod settings;
pub mod team;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use clients::{ClientError, Created, SeatCount};
use clients::{ClientOrganization, Clients};
pub use head::{
    BusinessAddress, MAX_PROVIDER_NAME_LEN, MAX_SETTING_LEN, ProviderError, ProviderSettings, ProviderStatus,
    ProviderType, SettingsUpdate,
};
pub(crate) use record::{ProviderRecord, WithoutDeployments};
pub use team::TeamError;
use team::{ProviderUser, ProviderUserStatus, Team};

use self::deployments::Deployments;
use crate::billing::Subscription;
use crate::email::Email;
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};

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
    /// A client's trial ends within [`clients::lifecycle::TRIAL_WARNING_DAYS`] days: decide
    /// whether it becomes active or is suspended.
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The emergency stop, while it lasts (`provider_access_suspended` until
    /// `provider_access_resumed` for everyone).
    access_suspension: Option<head::AccessSuspension>,
    /// The access reviews signed (issue 20, item 2).
    access_reviews: head::AccessReviews,
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

impl Provider {
    // ---- queries ----

    /// The provider's id.
    pub fn id(&self) -> ProviderId {
        self.id
    }

    /// The suspension of every member's access (the emergency stop), while it lasts.
    pub fn access_suspension(&self) -> Option<&head::AccessSuspension> {
        self.access_suspension.as_ref()
    }

    /// The access reviews signed: the last of every client and of each client named.
    pub fn access_reviews(&self) -> &head::AccessReviews {
        &self.access_reviews
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

    /// The position of client `id` in [`Provider::clients`] (O(1)).
    pub(crate) fn client_position(&self, id: OrganizationId) -> Option<usize> {
        self.clients.position(id)
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
    pub(in crate::provider) fn plan_seats_occupied(&self, plan: PlanType, occupied_seats: u64) -> PlanSeats {
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
        self.seat_summary_of(self.clients().iter().map(|c| (c.plan(), c.occupied_seats())))
    }

    /// [`Provider::seat_summary`] from every client's plan and occupied seats, for a caller that
    /// has them already (the portfolio report gathers them in its own pass over the clients).
    pub(crate) fn seat_summary_of(&self, clients: impl Iterator<Item = (PlanType, u32)>) -> Vec<PlanSeats> {
        // Each plan's occupied seats. A provider has a handful of plans: a short list searched
        // linearly beats any map, and only those few plans are sorted, never the clients' plans.
        let mut occupied: Vec<(PlanType, u64)> = self.seat_minimums.keys().map(|plan| (*plan, 0)).collect();
        for (plan, seats) in clients {
            let seats = u64::from(seats);
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
        self.warnings_among(now, self.clients().iter())
    }

    /// [`Provider::warnings`] with the clients' warnings taken from `clients` (in the list's
    /// order): the same warnings when it holds at least every full client and every client on
    /// trial, as the portfolio report's one pass over the clients picks them out.
    pub(crate) fn warnings_among<'a>(
        &self,
        now: DateTime<Utc>,
        clients: impl Iterator<Item = &'a ClientOrganization> + Clone,
    ) -> Vec<Warning> {
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
        for c in clients.clone() {
            if c.is_full() {
                warnings.push(Warning::ClientFull { client: c.id(), name: c.name().to_owned() });
            }
        }
        Self::lifecycle_warnings(now, clients, &mut warnings);
        warnings
    }

    // ---- helpers ----

    /// A new id, derived from the provider's id and a sequence number, so a command gives the
    /// same ids whenever it runs on the same state (and the core needs no randomness).
    pub(in crate::provider) fn derive_id(&self, kind: &str, sequence: u64) -> Uuid {
        use std::io::Write as _;
        // `{kind}:{sequence}` on the stack (a replay derives one id per client it creates).
        let mut buffer = [0u8; 64];
        let mut rest = &mut buffer[..];
        if write!(rest, "{kind}:{sequence}").is_ok() {
            let written = 64usize.saturating_sub(rest.len());
            if let Some(name) = buffer.get(..written) {
                return Uuid::new_v5(&self.id.uuid(), name);
            }
        }
        Uuid::new_v5(&self.id.uuid(), format!("{kind}:{sequence}").as_bytes())
    }

    /// A member id not yet in the team nor in `taken`, for the event after sequence `after`.
    /// Derived ids are unique as long as `last_sequence` only grows, but a stored provider may
    /// come back with an older (or missing) sequence number, hence the check.
    pub(in crate::provider) fn fresh_member_id(
        &self,
        after: u64,
        taken: &[ProviderUserId],
    ) -> ProviderUserId {
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
    pub(in crate::provider) fn fresh_client_id(&self) -> OrganizationId {
        let mut sequence = self.last_sequence.saturating_add(1);
        loop {
            let id = OrganizationId::new(self.derive_id("organization", sequence));
            if self.clients.get(id).is_none() {
                return id;
            }
            sequence = sequence.saturating_add(1);
        }
    }

    /// Refuses every command and event on a deleted provider (`provider_deleted`).
    pub(in crate::provider) fn live(&self) -> Result<(), Error> {
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

    pub(in crate::provider) fn require_set_up(&self) -> Result<(), Error> {
        if self.status == ProviderStatus::Pending {
            return Err(Error::Provider(ProviderError::NotSetUp));
        }
        Ok(())
    }

    pub(in crate::provider) fn require_consolidated_billing(&self) -> Result<(), Error> {
        if self.kind.has_consolidated_billing() && self.status != ProviderStatus::Billable {
            return Err(Error::Provider(ProviderError::NotBillable { status: self.status }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod commit_tests;
#[cfg(test)]
mod tests;
