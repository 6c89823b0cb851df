//! Client organizations: the organizations a provider creates or takes on for its customers.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::lifecycle::ClientState;
use super::team::TeamError;
use super::{Provider, ProviderError, ProviderType};
use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::plan::PlanType;
use crate::policy::{PolicyChange, PolicyRecord, PolicySet};

/// The longest organization name accepted, in characters.
pub const MAX_ORGANIZATION_NAME_LEN: usize = 50;

/// A member's role inside an organization (the reference's `OrganizationUserType`; code 3, the
/// retired Manager role, is not accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationUserType {
    /// Owner (code 0).
    Owner,
    /// Admin (code 1).
    Admin,
    /// User (code 2).
    User,
    /// Custom role (code 4).
    Custom,
}

reference_codes!(OrganizationUserType: u8 {
    Owner = 0, "owner";
    Admin = 1, "admin";
    User = 2, "user";
    Custom = 4, "custom";
});

/// The state of an organization membership (the reference's `OrganizationUserStatusType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationUserStatus {
    /// Revoked (code -1): keeps no seat.
    Revoked,
    /// Invited (code 0).
    Invited,
    /// Accepted (code 1).
    Accepted,
    /// Confirmed (code 2).
    Confirmed,
    /// Staged (code 3): provisioned (by SCIM or Directory Connector) but not yet invited. Keeps no
    /// seat and, by default, is exempt from policies (see [`crate::policy::binds`]).
    Staged,
}

reference_codes!(OrganizationUserStatus: i8 {
    Revoked = -1, "revoked";
    Invited = 0, "invited";
    Accepted = 1, "accepted";
    Confirmed = 2, "confirmed";
    Staged = 3, "staged";
});

/// One member of a client organization, as far as the provider needs to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientMember {
    /// The member's email address.
    pub email: Email,
    /// The member's role.
    pub role: OrganizationUserType,
    /// The membership's state.
    pub status: OrganizationUserStatus,
}

impl ClientMember {
    /// A new member.
    pub fn new(email: Email, role: OrganizationUserType, status: OrganizationUserStatus) -> Self {
        Self { email, role, status }
    }

    /// Whether the member occupies a seat (every state but revoked and staged).
    pub fn occupies_seat(&self) -> bool {
        !matches!(self.status, OrganizationUserStatus::Revoked | OrganizationUserStatus::Staged)
    }

    /// Whether the member is a confirmed owner.
    pub fn is_confirmed_owner(&self) -> bool {
        self.role == OrganizationUserType::Owner && self.status == OrganizationUserStatus::Confirmed
    }
}

/// A client's seat count: at least 1 and never below the seats its members occupy. The rule
/// lives here once; every path that sets a client's seats goes through [`SeatCount::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeatCount(NonZeroU32);

impl SeatCount {
    /// The most seats one client may have: a million. The reference takes any `int` (up to
    /// 2 147 483 647); an MSP's clients are small and mid-sized organizations, and the largest
    /// employers have about two million staff. A ceiling keeps a typo (4 000 000 000) from
    /// recording a prorated purchase of millions of dollars.
    pub const MAX: u32 = 1_000_000;

    /// `seats` for `client` whose members occupy `occupied` seats: refused when zero
    /// (`seats_zero`), above [`Self::MAX`] (`seats_above_limit`) or below `occupied`
    /// (`seats_below_occupied`).
    pub fn new(client: OrganizationId, seats: u32, occupied: u32) -> Result<Self, ClientError> {
        let count = NonZeroU32::new(seats).ok_or(ClientError::SeatsZero)?;
        if seats > Self::MAX {
            return Err(ClientError::SeatsAboveLimit { requested: seats, limit: Self::MAX });
        }
        if seats < occupied {
            return Err(ClientError::SeatsBelowOccupied { client, requested: seats, occupied });
        }
        Ok(Self(count))
    }

    /// The number of seats.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

/// A client organization of a provider.
///
/// Clients are created, added, changed and unlinked through the provider's commands
/// ([`Provider::create_client`](crate::Provider::create_client) and the others), which keep the
/// invariants: a name of 1–50 characters, a plan the provider may hold, a [`SeatCount`], each
/// person once among its members. Deserializing one checks every invariant but the plan, which
/// depends on the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClientRecord", into = "ClientRecord")]
pub struct ClientOrganization {
    id: OrganizationId,
    name: String,
    plan: PlanType,
    seats: SeatCount,
    /// `None` when not known: a client read from the reference server's documents, which do
    /// not carry a client's billing email, and not billed through its provider.
    billing_email: Option<Email>,
    /// Its own flag. Whether it can be used also depends on its provider: see
    /// [`Provider::client_enabled`](crate::Provider::client_enabled).
    enabled: bool,
    managed: bool,
    members: Vec<ClientMember>,
    /// Seats occupied by members the library knows only by count (read from the reference
    /// server's summary, which lists no members).
    unlisted_occupied_seats: u32,
    /// The seats occupied ([`occupied`] of `members` and `unlisted_occupied_seats`), kept as
    /// members come and go so that a seat change does not walk the members.
    occupied: u32,
    created_at: DateTime<Utc>,
    first_collection: Option<String>,
    /// The organization's enterprise policies.
    policies: PolicySet,
    /// Its lifecycle state (issue 17, `lifecycle.rs`): a suspended client's own flag is off.
    state: ClientState,
}

/// The serialized form of a client: plain values, checked when converted to a
/// [`ClientOrganization`] so that each refusal keeps its own error code (the interop reader
/// builds its clients through the same conversion).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClientRecord {
    pub(crate) id: OrganizationId,
    pub(crate) name: String,
    pub(crate) plan: PlanType,
    pub(crate) seats: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) billing_email: Option<String>,
    pub(crate) enabled: bool,
    pub(crate) managed: bool,
    pub(crate) members: Vec<ClientMemberRecord>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(crate) unlisted_occupied_seats: u32,
    pub(crate) created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) first_collection: Option<String>,
    /// The organization's policies (since portfolio schema 2; none in older documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) policies: Vec<PolicyRecord>,
    /// Its lifecycle state (issue 17); absent when active, as in every older document.
    #[serde(default, skip_serializing_if = "ClientState::is_active")]
    pub(crate) state: ClientState,
}

/// The serialized form of a client member inside a [`ClientRecord`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClientMemberRecord {
    email: String,
    role: OrganizationUserType,
    status: OrganizationUserStatus,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl TryFrom<ClientRecord> for ClientOrganization {
    type Error = Error;

    fn try_from(r: ClientRecord) -> Result<Self, Self::Error> {
        let members = r
            .members
            .into_iter()
            .map(|m| Ok(ClientMember::new(Email::new(&m.email)?, m.role, m.status)))
            .collect::<Result<Vec<_>, Error>>()?;
        if let Some(email) = first_duplicate_member(&members) {
            return Err(Error::Client(ClientError::MemberExists { client: r.id, email: email.clone() }));
        }
        let occupied = occupied(&members, r.unlisted_occupied_seats);
        Ok(Self {
            id: r.id,
            name: check_client_name(&r.name)?,
            plan: r.plan,
            seats: SeatCount::new(r.id, r.seats, occupied)?,
            billing_email: r.billing_email.as_deref().map(Email::new).transpose()?,
            // A suspended client is disabled: its own flag is off while it is.
            enabled: r.enabled && !r.state.refuses_members(),
            managed: r.managed,
            members,
            unlisted_occupied_seats: r.unlisted_occupied_seats,
            occupied,
            created_at: r.created_at,
            first_collection: r.first_collection,
            policies: PolicySet::from_records(r.policies)?,
            state: r.state,
        })
    }
}

impl From<ClientOrganization> for ClientRecord {
    fn from(c: ClientOrganization) -> Self {
        Self {
            id: c.id,
            name: c.name,
            plan: c.plan,
            seats: c.seats.get(),
            billing_email: c.billing_email.map(String::from),
            enabled: c.enabled,
            managed: c.managed,
            members: c
                .members
                .into_iter()
                .map(|m| ClientMemberRecord { email: m.email.into(), role: m.role, status: m.status })
                .collect(),
            unlisted_occupied_seats: c.unlisted_occupied_seats,
            created_at: c.created_at,
            first_collection: c.first_collection,
            policies: c.policies.to_records(),
            state: c.state,
        }
    }
}

/// The seats `members` occupy, plus those known only by count.
fn occupied(members: &[ClientMember], unlisted: u32) -> u32 {
    u32::try_from(members.iter().filter(|m| m.occupies_seat()).count())
        .unwrap_or(u32::MAX)
        .saturating_add(unlisted)
}

/// A client name, trimmed: 1–50 characters, none of them a control or invisible format
/// character (a line break, ESC, NUL, the bidi override U+202E: [`crate::text::is_unsafe`]), as
/// emails refuse them. Every path that makes a client goes through this: the commands, the
/// events they record (replay), the portfolio document and the reference reader.
pub(crate) fn check_client_name(name: &str) -> Result<String, ClientError> {
    let trimmed = name.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > MAX_ORGANIZATION_NAME_LEN
        || trimmed.chars().any(crate::text::is_unsafe)
    {
        return Err(ClientError::InvalidName { name: crate::text::shown(trimmed, 60) });
    }
    Ok(trimmed.to_owned())
}

/// The first email that appears twice among a client's members (a client has each person once).
pub(crate) fn first_duplicate_member(members: &[ClientMember]) -> Option<&Email> {
    let mut seen = BTreeSet::new();
    members.iter().map(|m| &m.email).find(|email| !seen.insert(*email))
}

impl ClientOrganization {
    /// Reads one client from mspkit's JSON (as it appears in a provider's `clients`), checking
    /// the client's own invariants (whether its plan suits a provider is checked when the
    /// provider is read). JSON of the wrong shape is refused with `invalid_document`, a broken
    /// invariant with its own code (`seats_zero`, `seats_below_occupied`, …).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let record: ClientRecord = crate::document::parse_json("client", json)?;
        Self::try_from(record)
    }

    /// The organization's id.
    pub fn id(&self) -> OrganizationId {
        self.id
    }

    /// The organization's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its plan.
    pub fn plan(&self) -> PlanType {
        self.plan
    }

    /// The seats assigned to it.
    pub fn seats(&self) -> u32 {
        self.seats.get()
    }

    /// The seats its members occupy (every member that is not revoked, listed or not).
    pub fn occupied_seats(&self) -> u32 {
        self.occupied
    }

    /// Seats occupied by members known only by count (imported from the reference server).
    pub fn unlisted_occupied_seats(&self) -> u32 {
        self.unlisted_occupied_seats
    }

    /// Seats assigned but not occupied.
    pub fn free_seats(&self) -> u32 {
        self.seats().saturating_sub(self.occupied_seats())
    }

    /// Whether every seat is occupied (inviting another member would be refused: clients of a
    /// provider do not autoscale).
    pub fn is_full(&self) -> bool {
        self.free_seats() == 0
    }

    /// Its billing email: the provider's for a client it created or bills, the organization's
    /// own otherwise; `None` when not known (a reseller's client read from the reference
    /// server's documents, which do not carry it).
    pub fn billing_email(&self) -> Option<&Email> {
        self.billing_email.as_ref()
    }

    /// Whether the organization itself is enabled: its own flag, which its provider does not
    /// write. A client of an MSP or business unit is also disabled while its provider is (a
    /// reseller's is not), so whether a client of a provider can be used is
    /// [`Provider::client_enabled`](crate::Provider::client_enabled), which combines the two.
    /// A client read on its own ([`ClientOrganization::from_json`]) has the flag its document
    /// gives; inside a provider's document every client's `enabled` is the combined state, and
    /// reading a disabled MSP's or business unit's document gives its clients their own flag
    /// set (enabling the provider enables them, as it always did).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Whether the provider manages it: created by the provider, or an existing organization
    /// added to a provider with consolidated billing (the reference's status Managed); `false`
    /// for an organization a reseller added, and for one that left.
    pub fn managed(&self) -> bool {
        self.managed
    }

    /// Its members.
    pub fn members(&self) -> &[ClientMember] {
        &self.members
    }

    /// When it joined the provider.
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// The name of the first collection given at creation, if any.
    pub fn first_collection(&self) -> Option<&str> {
        self.first_collection.as_deref()
    }

    /// The confirmed owners' emails, sorted.
    pub fn confirmed_owner_emails(&self) -> Vec<&Email> {
        let mut owners: Vec<&Email> =
            self.members.iter().filter(|m| m.is_confirmed_owner()).map(|m| &m.email).collect();
        owners.sort();
        owners
    }

    /// The organization's enterprise policies.
    pub fn policies(&self) -> &PolicySet {
        &self.policies
    }

    /// Its lifecycle state (active unless the provider gave it another: see
    /// [`Provider::set_client_state`](crate::Provider::set_client_state)).
    pub fn state(&self) -> ClientState {
        self.state
    }

    // ---- transitions (called by `Provider::apply` only; each checks before it writes) ----

    /// One policy change: every rule the command checks (the client's plan offers the policy,
    /// its required settings are set, the dependency rules); nothing changes on a refusal.
    fn apply_policy_change(&mut self, change: &PolicyChange) -> Result<(), crate::policy::PolicyError> {
        self.policies.check(self.plan, change)?;
        self.policies.apply(change)
    }

    /// Its seats become `to` (the seat rule holds).
    fn set_seats(&mut self, to: u32) -> Result<(), ClientError> {
        self.seats = SeatCount::new(self.id, to, self.occupied_seats())?;
        Ok(())
    }

    /// A new member, who needs a free seat unless revoked.
    fn add_member(&mut self, member: ClientMember) -> Result<(), ClientError> {
        if self.members.iter().any(|m| m.email == member.email) {
            return Err(ClientError::MemberExists { client: self.id, email: member.email });
        }
        if member.occupies_seat() && self.is_full() {
            return Err(ClientError::NoFreeSeats { client: self.id, seats: self.seats() });
        }
        if member.occupies_seat() {
            self.occupied = self.occupied.saturating_add(1);
        }
        self.members.push(member);
        Ok(())
    }

    /// One member fewer.
    fn remove_member(&mut self, email: &Email) -> Result<(), ClientError> {
        let index = self
            .members
            .iter()
            .position(|m| &m.email == email)
            .ok_or_else(|| ClientError::MemberNotFound { client: self.id, email: email.clone() })?;
        let removed = self.members.remove(index);
        if removed.occupies_seat() {
            self.occupied = self.occupied.saturating_sub(1);
        }
        Ok(())
    }

    /// The organization as it leaves the provider: billed to `billing_email`, no longer managed.
    fn unlinked(mut self, billing_email: Email) -> Self {
        self.billing_email = Some(billing_email);
        self.managed = false;
        self
    }
}

/// The clients of a provider in the order they joined, found by id in O(1), with each plan's
/// assigned seats kept as a running total (so a seat change never sums every client).
#[derive(Debug, Clone, Default)]
pub(crate) struct Clients {
    list: Vec<ClientOrganization>,
    by_id: HashMap<OrganizationId, usize, IdHashing>,
    assigned: BTreeMap<PlanType, u64>,
    /// How many clients have their own flag off (only a document gives one: no command
    /// disables a single client), so that a provider that is enabled or disabled walks its
    /// clients only when one of them needs its flag set (see [`Clients::enable_all`]).
    disabled: usize,
}

/// The hashing of the client index: a keyed multiply-and-fold over the id's bytes, a few
/// instructions where the standard SipHash takes about a hundred (a replay looks a client up for
/// nearly every event). The two keys are drawn from the standard library's random source for
/// each index, so ids chosen to collide (a hostile log) cannot be prepared in advance.
#[derive(Debug, Clone, Copy)]
struct IdHashing {
    keys: [u64; 2],
}

impl Default for IdHashing {
    fn default() -> Self {
        use std::hash::BuildHasher as _;
        let random = std::collections::hash_map::RandomState::new();
        Self { keys: [random.hash_one(0x9e37_79b9_u64), random.hash_one(0x7f4a_7c15_u64) | 1] }
    }
}

impl std::hash::BuildHasher for IdHashing {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher { state: self.keys[0], key: self.keys[1] }
    }
}

/// The hasher of [`IdHashing`].
#[derive(Debug)]
struct IdHasher {
    state: u64,
    key: u64,
}

impl IdHasher {
    /// Mixes one word into the state: the 128-bit product of the two, folded to 64 bits.
    #[expect(clippy::cast_possible_truncation, reason = "the fold keeps each half of the product on purpose")]
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.state ^ word).wrapping_mul(u128::from(self.key));
        self.state = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(word);
            self.mix(u64::from_le_bytes(b));
        }
        let mut tail = [0u8; 8];
        for (t, byte) in tail.iter_mut().zip(words.remainder()) {
            *t = *byte;
        }
        if !words.remainder().is_empty() {
            self.mix(u64::from_le_bytes(tail));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn finish(&self) -> u64 {
        // One more round, so that the last word reaches every bit (hashbrown takes its control
        // byte from the top seven).
        let product = u128::from(self.state).wrapping_mul(u128::from(self.key));
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the fold keeps each half of the product on purpose"
        )]
        let folded = (product as u64) ^ ((product >> 64) as u64);
        folded
    }
}

/// Two client lists are equal when their clients are (the index and totals follow from them).
impl PartialEq for Clients {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Eq for Clients {}

impl Clients {
    /// The clients `list`, refusing one that appears twice.
    pub(crate) fn new(list: Vec<ClientOrganization>) -> Result<Self, String> {
        let mut clients = Self::default();
        for c in list {
            clients.push(c)?;
        }
        Ok(clients)
    }

    pub(crate) fn as_slice(&self) -> &[ClientOrganization] {
        &self.list
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn get(&self, id: OrganizationId) -> Option<&ClientOrganization> {
        self.by_id.get(&id).and_then(|i| self.list.get(*i))
    }

    /// Reads the index entry and the seat count of client `id`, if there is one, and drops
    /// them: a software prefetch for [`Provider::prepare`](super::Provider::prepare).
    pub(crate) fn prefetch(&self, id: OrganizationId) {
        std::hint::black_box(self.get(id).map(ClientOrganization::seats));
    }

    /// The seats assigned to clients on `plan`.
    pub(crate) fn assigned(&self, plan: PlanType) -> u64 {
        self.assigned.get(&plan).copied().unwrap_or(0)
    }

    /// The plans that have a client, in plan order. Every client has at least one seat
    /// ([`SeatCount`] refuses zero), so a plan has a client exactly when its running total of
    /// assigned seats is above zero: no client is visited.
    pub(crate) fn plans(&self) -> impl Iterator<Item = PlanType> + '_ {
        self.assigned.iter().filter(|(_, total)| **total > 0).map(|(plan, _)| *plan)
    }

    pub(crate) fn push(&mut self, client: ClientOrganization) -> Result<(), String> {
        if self.by_id.contains_key(&client.id) {
            return Err(format!("client `{}` appears twice", client.id));
        }
        self.by_id.insert(client.id, self.list.len());
        let total = self.assigned.entry(client.plan).or_insert(0);
        *total = total.saturating_add(u64::from(client.seats()));
        if !client.enabled {
            self.disabled = self.disabled.saturating_add(1);
        }
        self.list.push(client);
        Ok(())
    }

    /// Applies a policy change to one client's policies (all-or-nothing: the policy set checks
    /// before it writes; seats do not change).
    pub(super) fn update_policies(&mut self, id: OrganizationId, change: &PolicyChange) -> Result<(), Error> {
        let index = *self.by_id.get(&id).ok_or(ClientError::NotFound { client: id })?;
        let client = self.list.get_mut(index).ok_or(ClientError::NotFound { client: id })?;
        client.apply_policy_change(change).map_err(Error::Policy)
    }

    /// Puts back a client's policies saved before a command that is refused (see
    /// `Provider::commit`).
    pub(super) fn restore_policies(&mut self, id: OrganizationId, policies: PolicySet) {
        if let Some(client) = self.by_id.get(&id).and_then(|i| self.list.get_mut(*i)) {
            client.policies = policies;
        }
    }

    /// Changes one client through `change`, keeping the seat totals right. `change` is one of
    /// the client's transitions, each of which checks everything before its first write, so a
    /// refused change leaves the client as it was (no copy is needed: this is the hot path of a
    /// replay).
    fn update(
        &mut self,
        id: OrganizationId,
        change: impl FnOnce(&mut ClientOrganization) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let index = *self.by_id.get(&id).ok_or(ClientError::NotFound { client: id })?;
        let client = self.list.get_mut(index).ok_or(ClientError::NotFound { client: id })?;
        let before = client.seats();
        change(client)?;
        if let Some(total) = self.assigned.get_mut(&client.plan) {
            *total = total.saturating_sub(u64::from(before)).saturating_add(u64::from(client.seats()));
        }
        Ok(())
    }

    /// Sets every client's own flag: O(1) unless some client has it off, which only a document
    /// gives (the clients of an MSP or business unit follow it through
    /// [`Provider::client_enabled`](crate::Provider::client_enabled), not through their flag).
    pub(super) fn enable_all(&mut self) {
        if self.disabled == 0 {
            return;
        }
        // A suspended client stays disabled (issue 17).
        let mut suspended = 0;
        for c in &mut self.list {
            c.enabled = !c.state.refuses_members();
            suspended += usize::from(!c.enabled);
        }
        self.disabled = suspended;
    }

    /// Gives client `id` the lifecycle state `to` (checked by the caller); its own flag is off
    /// while it is suspended, and set again when it leaves suspension.
    pub(super) fn set_state(&mut self, id: OrganizationId, to: ClientState) -> Result<(), Error> {
        let index = *self.by_id.get(&id).ok_or(ClientError::NotFound { client: id })?;
        let client = self.list.get_mut(index).ok_or(ClientError::NotFound { client: id })?;
        let enabled = !to.refuses_members();
        if client.state.refuses_members() != to.refuses_members() && client.enabled != enabled {
            client.enabled = enabled;
            self.disabled =
                if enabled { self.disabled.saturating_sub(1) } else { self.disabled.saturating_add(1) };
        }
        client.state = to;
        Ok(())
    }

    /// Removes a client (O(n): the later clients move up and are re-indexed).
    fn remove(&mut self, id: OrganizationId) -> Result<ClientOrganization, Error> {
        let index = self.by_id.remove(&id).ok_or(ClientError::NotFound { client: id })?;
        if index >= self.list.len() {
            return Err(Error::Client(ClientError::NotFound { client: id }));
        }
        let client = self.list.remove(index);
        if let Some(total) = self.assigned.get_mut(&client.plan) {
            *total = total.saturating_sub(u64::from(client.seats()));
        }
        if !client.enabled {
            self.disabled = self.disabled.saturating_sub(1);
        }
        for (i, c) in self.list.iter().enumerate().skip(index) {
            self.by_id.insert(c.id, i);
        }
        Ok(client)
    }
}

/// What a command that creates something returns: the new thing's id and the events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created<Id> {
    /// The id of what was created.
    pub id: Id,
    /// The events the command caused.
    pub events: Vec<Event>,
}

// ---- client commands and their application ----

impl Provider {
    /// Creates a client organization (provider admins only; an MSP or business unit must be
    /// billable). Its owner is invited as Owner, it takes the provider's billing email and is
    /// marked managed; a provider without a billing email is refused (`billing_email_missing`).
    /// Returns the new client's id with the events.
    pub fn create_client(
        &mut self,
        actor: ProviderUserId,
        new: NewClient,
        now: DateTime<Utc>,
    ) -> Result<Created<OrganizationId>, Error> {
        self.allow(actor, Action::CreateClient, Target::Provider)?;
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        let name = check_client_name(&new.name)?;
        if !self.kind.allows_plan(new.plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed { plan: new.plan, kind: self.kind }));
        }
        let id = self.fresh_client_id();
        SeatCount::new(id, new.seats, 1)?;
        let billing_email =
            self.settings.billing_email().cloned().ok_or(Error::Provider(ProviderError::NoBillingEmail))?;
        let first_collection =
            new.first_collection.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let change = Change::ClientCreated {
            client: id,
            name,
            plan: new.plan,
            seats: new.seats,
            owner_email: new.owner_email,
            billing_email,
            first_collection,
        };
        let events = self.commit_one(Actor::Member(actor), now, change)?;
        Ok(Created { id, events })
    }

    /// Adds an existing organization as a client (provider admins who are also confirmed owners
    /// of it). It needs an active Teams or Enterprise subscription and no provider yet; an MSP
    /// moves it to the monthly plan of its tier. Its seats count once toward assigned seats. On
    /// a provider with consolidated billing it is then managed, as a created client is.
    pub fn add_existing_client(
        &mut self,
        actor: ProviderUserId,
        organization: ExistingOrganization,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AddExistingClient, Target::Provider)?;
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        let actor_email = self
            .team
            .get(actor)
            .map(|m| m.email().clone())
            .ok_or(Error::Team(TeamError::MemberNotFound { member: actor }))?;
        if !organization.members.iter().any(|m| m.is_confirmed_owner() && m.email == actor_email) {
            return Err(Error::Client(ClientError::NotOwner { organization: organization.id }));
        }
        if self.clients.get(organization.id).is_some() || organization.linked_to_provider {
            return Err(Error::Client(ClientError::AlreadyLinked { organization: organization.id }));
        }
        if !organization.subscription_active {
            return Err(Error::Client(ClientError::SubscriptionInactive { organization: organization.id }));
        }
        let plan = self
            .kind
            .plan_for_added(organization.plan)
            .ok_or(Error::Client(ClientError::PlanNotAllowed { plan: organization.plan, kind: self.kind }))?;
        let name = check_client_name(&organization.name)?;
        let billing_email = match (self.kind.has_consolidated_billing(), self.settings.billing_email()) {
            (true, Some(email)) => email.clone(),
            _ => organization.billing_email.clone(),
        };
        let change = Change::ClientAdded {
            client: organization.id,
            name,
            plan,
            seats: organization.seats,
            billing_email,
            members: organization.members,
        };
        self.commit_one(Actor::Member(actor), now, change)
    }

    /// Whether giving a client on `plan` `to` seats instead of `from` results in a purchase: the
    /// plan's assigned total ends above the minimum and above where it was. O(1): the plan's
    /// total is kept as clients change.
    pub fn is_purchase(&self, plan: PlanType, from: u32, to: u32) -> bool {
        crate::billing::is_purchase(self.clients.assigned(plan), self.seat_minimum(plan), from, to)
    }

    /// Changes a client's seats. Never below 1 nor below its occupied seats; a service user may
    /// not make a change that results in a purchase. The same count again returns no event.
    pub fn set_client_seats(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        seats: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let target = Target::Client(client);
        self.allow(actor, Action::ChangeClientSeats { purchase: false }, target)?;
        self.require_consolidated_billing()?;
        let c = self.existing_client(client)?;
        SeatCount::new(client, seats, c.occupied_seats())?;
        let (from, plan) = (c.seats(), c.plan());
        if seats == from {
            return Ok(Vec::new());
        }
        let purchase = self.is_purchase(plan, from, seats);
        self.allow(actor, Action::ChangeClientSeats { purchase }, target)?;
        // A purchase on a provider with a subscription records what it costs (prorated).
        let purchase = if purchase { self.seat_purchase(client, plan, from, seats, now)? } else { None };
        self.commit_one(
            Actor::Member(actor),
            now,
            Change::ClientSeatsChanged { client, from, to: seats, purchase },
        )
    }

    /// Adds a member to a client organization (anyone who may administer the client). Clients of
    /// a provider do not autoscale: with no free seat the member is refused (`no_free_seats`).
    pub fn add_client_member(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        member: ClientMember,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        self.commit_one(Actor::Member(actor), now, Change::ClientMemberAdded { client, member })
    }

    /// Removes a member from a client organization (anyone who may administer the client).
    pub fn remove_client_member(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        email: &Email,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        self.commit_one(
            Actor::Member(actor),
            now,
            Change::ClientMemberRemoved { client, email: email.clone() },
        )
    }

    /// Unlinks a client (provider admins only). The client needs a confirmed owner who is not a
    /// provider member; its billing email becomes the alphabetically first such owner's, and its
    /// seats leave the provider's assigned seats. Returns the organization as it leaves.
    pub fn unlink_client(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
    ) -> Result<(ClientOrganization, Vec<Event>), Error> {
        self.allow(actor, Action::UnlinkClient, Target::Client(client))?;
        let c = self.existing_client(client)?;
        let billing_email = self.leaving_billing_email(c)?;
        let leaving = c.clone().unlinked(billing_email.clone());
        let events =
            self.commit_one(Actor::Member(actor), now, Change::ClientUnlinked { client, billing_email })?;
        Ok((leaving, events))
    }

    /// Deletes a client organization (provider admins only).
    pub fn delete_client(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::DeleteClient, Target::Client(client))?;
        self.commit_one(Actor::Member(actor), now, Change::ClientDeleted { client })
    }

    /// Sets a plan's seat minimum (provider admins through billing, or the vendor with `actor`
    /// `None`). Only providers with consolidated billing have minimums, and only for the plans
    /// their clients may hold. The same minimum again returns no event.
    pub fn set_seat_minimum(
        &mut self,
        actor: Option<ProviderUserId>,
        plan: PlanType,
        minimum: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        let by = match actor {
            Some(actor) => {
                self.allow(actor, Action::ManageBilling, Target::Provider)?;
                Actor::Member(actor)
            }
            None => Actor::System,
        };
        self.check_seat_minimum_plan(plan)?;
        let from = self.seat_minimum(plan);
        if from == minimum {
            return Ok(Vec::new());
        }
        self.commit_one(by, now, Change::SeatMinimumChanged { plan, from, to: minimum })
    }

    pub(super) fn existing_client(&self, id: OrganizationId) -> Result<&ClientOrganization, Error> {
        self.clients.get(id).ok_or(Error::Client(ClientError::NotFound { client: id }))
    }

    fn check_seat_minimum_plan(&self, plan: PlanType) -> Result<(), Error> {
        if !self.kind.has_consolidated_billing() {
            return Err(Error::Provider(ProviderError::NoConsolidatedBilling));
        }
        if !self.kind.allows_plan(plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed { plan, kind: self.kind }));
        }
        Ok(())
    }

    /// Whether client `id` can be used: its own flag, and its provider's for a client of an
    /// MSP or business unit, which is disabled with its provider (a reseller's clients do not
    /// follow it). `None` for a client that is not this provider's. O(1): disabling or enabling
    /// the provider is one change of the provider's flag, not one write per client.
    pub fn client_enabled(&self, id: OrganizationId) -> Option<bool> {
        self.clients.get(id).map(|c| self.effective_enabled(c))
    }

    /// A copy of client `id` as the provider's document writes it: its
    /// [`enabled`](ClientOrganization::enabled) flag is [`Provider::client_enabled`]'s answer
    /// (the state that counts), everything else as it is. For a caller that hands a client on
    /// by itself (the Python binding's snapshots, a client's own JSON).
    pub fn client_snapshot(&self, id: OrganizationId) -> Option<ClientOrganization> {
        self.clients.get(id).map(|c| ClientOrganization { enabled: self.effective_enabled(c), ..c.clone() })
    }

    /// The rule "an MSP's or business unit's clients follow it", written once: a client is
    /// enabled when its own flag is set and, unless its provider is a reseller, its provider is
    /// enabled.
    pub(crate) fn effective_enabled(&self, c: &ClientOrganization) -> bool {
        c.enabled && (self.enabled || self.kind == ProviderType::Reseller)
    }

    /// The own flag of a client that joins: set, except for a client that joins a disabled
    /// reseller (whose clients do not follow it later either), which joins disabled.
    fn joining_enabled(&self) -> bool {
        self.enabled || self.kind != ProviderType::Reseller
    }

    /// After the provider is enabled or disabled: an MSP's or business unit's clients follow it
    /// through [`Provider::effective_enabled`]; their own flags are all set again (O(1) unless a
    /// document disabled one by itself), so that enabling the provider enables every client, as
    /// the spec says, and a disabled provider's document reads back the same.
    pub(super) fn clients_follow(&mut self) {
        if self.kind != ProviderType::Reseller {
            self.clients.enable_all();
        }
    }

    // ---- application (no permission checks: the command did them; the state's rules hold) ----

    #[expect(clippy::too_many_arguments, reason = "one argument per field of the event")]
    pub(super) fn apply_client_created(
        &mut self,
        client: OrganizationId,
        name: &str,
        plan: PlanType,
        seats: u32,
        owner_email: &Email,
        billing_email: &Email,
        first_collection: Option<&String>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        self.check_billing_email(Some(billing_email))?;
        if self.clients.get(client).is_none() {
            let expected = self.fresh_client_id();
            if client != expected {
                return Err(self.mismatch(format!("the new client's id is `{expected}`, not `{client}`")));
            }
        }
        if let Some(collection) = first_collection
            && (collection.trim() != collection || collection.is_empty())
        {
            return Err(self
                .mismatch(format!("the first collection `{collection}` is recorded trimmed and not blank")));
        }
        let owner = ClientMember::new(
            owner_email.clone(),
            OrganizationUserType::Owner,
            OrganizationUserStatus::Invited,
        );
        let organization = ClientOrganization {
            id: client,
            name: self.recorded_client_name(name)?,
            plan,
            seats: SeatCount::new(client, seats, 1)?,
            billing_email: Some(billing_email.clone()),
            enabled: self.joining_enabled(),
            managed: true,
            members: vec![owner],
            unlisted_occupied_seats: 0,
            occupied: 1,
            created_at: at,
            first_collection: first_collection.cloned(),
            policies: PolicySet::default(),
            state: ClientState::Active,
        };
        self.admit_client(organization)
    }

    #[expect(clippy::too_many_arguments, reason = "one argument per field of the event")]
    pub(super) fn apply_client_added(
        &mut self,
        client: OrganizationId,
        name: &str,
        plan: PlanType,
        seats: u32,
        billing_email: &Email,
        members: &[ClientMember],
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        if self.kind.has_consolidated_billing() && self.settings.billing_email().is_some() {
            self.check_billing_email(Some(billing_email))?;
        }
        if let Some(email) = first_duplicate_member(members) {
            return Err(Error::Client(ClientError::MemberExists { client, email: email.clone() }));
        }
        let occupied = occupied(members, 0);
        let organization = ClientOrganization {
            id: client,
            name: self.recorded_client_name(name)?,
            plan,
            seats: SeatCount::new(client, seats, occupied)?,
            billing_email: Some(billing_email.clone()),
            enabled: self.joining_enabled(),
            // Managed like a created client under consolidated billing: the reference's
            // `ProviderBillingService.AddExistingOrganization` sets the status Managed (issue 15).
            managed: self.kind.has_consolidated_billing(),
            members: members.to_vec(),
            unlisted_occupied_seats: 0,
            occupied,
            created_at: at,
            first_collection: None,
            policies: PolicySet::default(),
            state: ClientState::Active,
        };
        self.admit_client(organization)
    }

    /// A client's name as recorded: one [`check_client_name`] accepts, as it returns it.
    fn recorded_client_name(&self, name: &str) -> Result<String, Error> {
        let checked = check_client_name(name)?;
        if checked != name {
            return Err(self.mismatch(format!("the client name `{name}` is recorded as `{checked}`")));
        }
        Ok(checked)
    }

    /// A client joins with the provider's billing email (`billing_email_missing` when it has
    /// none).
    fn check_billing_email(&self, recorded: Option<&Email>) -> Result<(), Error> {
        let billing_email =
            self.settings.billing_email().ok_or(Error::Provider(ProviderError::NoBillingEmail))?;
        if recorded != Some(billing_email) {
            return Err(
                self.mismatch(format!("a client joins with the provider's billing email `{billing_email}`"))
            );
        }
        Ok(())
    }

    /// The billing email a client that is unlinked leaves with: its alphabetically first
    /// confirmed owner who is not a provider member (`no_confirmed_owner` without one).
    fn leaving_billing_email(&self, c: &ClientOrganization) -> Result<Email, Error> {
        c.confirmed_owner_emails()
            .into_iter()
            .find(|email| self.team.by_email(email).is_none())
            .cloned()
            .ok_or(Error::Client(ClientError::NoConfirmedOwner { client: c.id() }))
    }

    /// A client is unlinked with the billing email [`Self::leaving_billing_email`] gives.
    pub(super) fn apply_client_unlinked(
        &mut self,
        client: OrganizationId,
        billing_email: &Email,
    ) -> Result<(), Error> {
        let expected = self.leaving_billing_email(self.existing_client(client)?)?;
        if expected != *billing_email {
            return Err(
                self.mismatch(format!("client `{client}` leaves with the billing email `{expected}`"))
            );
        }
        self.apply_client_left(client)
    }

    fn admit_client(&mut self, organization: ClientOrganization) -> Result<(), Error> {
        if !self.kind.allows_plan(organization.plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed {
                plan: organization.plan,
                kind: self.kind,
            }));
        }
        if self.clients.get(organization.id).is_some() {
            return Err(Error::Client(ClientError::AlreadyLinked { organization: organization.id }));
        }
        let id = organization.id;
        self.clients
            .push(organization)
            .map_err(|_| Error::Client(ClientError::AlreadyLinked { organization: id }))
    }

    pub(super) fn apply_client_seats_changed(
        &mut self,
        client: OrganizationId,
        from: u32,
        to: u32,
    ) -> Result<(), Error> {
        self.require_consolidated_billing()?;
        // One lookup: the recorded count is checked on the client found for the change (the
        // change's name is filled in by `apply`).
        let sequence = self.last_sequence.saturating_add(1);
        self.clients.update(client, |c| {
            let current = c.seats();
            if from == to {
                let detail = format!("client `{client}` already has {to} seats");
                return Err(Error::Event(EventError::Mismatch { sequence, change: "", detail }));
            }
            if current != from {
                let detail = format!("client `{client}` has {current} seats, not {from}");
                return Err(Error::Event(EventError::Mismatch { sequence, change: "", detail }));
            }
            Ok(c.set_seats(to)?)
        })
    }

    pub(super) fn apply_client_member_added(
        &mut self,
        client: OrganizationId,
        member: &ClientMember,
    ) -> Result<(), Error> {
        self.clients.update(client, |c| Ok(c.add_member(member.clone())?))
    }

    pub(super) fn apply_client_member_removed(
        &mut self,
        client: OrganizationId,
        email: &Email,
    ) -> Result<(), Error> {
        self.clients.update(client, |c| Ok(c.remove_member(email)?))
    }

    /// A client leaves (unlinked or deleted): out of the list and out of every scope.
    pub(super) fn apply_client_left(&mut self, client: OrganizationId) -> Result<(), Error> {
        self.clients.remove(client)?;
        self.team.forget_client(client);
        self.forget_client_reference(client);
        Ok(())
    }

    pub(super) fn apply_seat_minimum_changed(
        &mut self,
        plan: PlanType,
        from: u32,
        to: u32,
    ) -> Result<(), Error> {
        self.check_seat_minimum_plan(plan)?;
        let current = self.seat_minimum(plan);
        if from == to {
            return Err(self.mismatch(format!("the seat minimum of `{}` is already {to}", plan.name())));
        }
        if current != from {
            return Err(
                self.mismatch(format!("the seat minimum of `{}` is {current}, not {from}", plan.name()))
            );
        }
        self.seat_minimums.insert(plan, to);
        Ok(())
    }
}

/// What [`Provider::create_client`](crate::Provider::create_client) needs to create a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    /// The new organization's name (1–50 characters).
    pub name: String,
    /// The email of its owner, who is invited as Owner.
    pub owner_email: Email,
    /// Its plan.
    pub plan: PlanType,
    /// Its seats (at least 1).
    pub seats: u32,
    /// The name of a first collection to create, if any.
    #[serde(default)]
    pub first_collection: Option<String>,
}

/// An existing organization offered to [`Provider::add_existing_client`](crate::Provider::add_existing_client).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistingOrganization {
    /// Its id.
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
    /// Its current plan.
    pub plan: PlanType,
    /// Its seats.
    pub seats: u32,
    /// Its billing email.
    pub billing_email: Email,
    /// Whether its subscription is active.
    pub subscription_active: bool,
    /// Whether it is already linked to a provider (this one or another).
    pub linked_to_provider: bool,
    /// Its members (the actor must be a confirmed owner among them).
    pub members: Vec<ClientMember>,
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
        /// The ceiling, [`SeatCount::MAX`].
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
    }
}
