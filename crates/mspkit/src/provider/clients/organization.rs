//! One client organization: its members, seats, flags and policies, and its record.

use std::collections::BTreeSet;
use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::tags::{ClientTag, tag_set};
use super::{ClientError, ClientState};
use crate::email::Email;
use crate::error::Error;
use crate::ids::OrganizationId;
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
#[repr(C)]
pub struct ClientOrganization {
    // The fields in the order of their use (`repr(C)` keeps it): what a replayed seat or member
    // change reads and writes first (the id, the seats, the members: 64 bytes), then what a
    // compliance check reads with the id (policies, name), then the rest. 192 bytes, a whole
    // number of cache lines, so every client of a list puts its fields at the same places in
    // the lines (issue 14).
    pub(in crate::provider) id: OrganizationId,
    pub(in crate::provider) seats: SeatCount,
    /// The seats occupied ([`occupied`] of `members` and `unlisted_occupied_seats`), kept as
    /// members come and go so that a seat change does not walk the members.
    pub(in crate::provider) occupied: u32,
    /// Seats occupied by members the library knows only by count (read from the reference
    /// server's summary, which lists no members).
    pub(in crate::provider) unlisted_occupied_seats: u32,
    pub(in crate::provider) plan: PlanType,
    /// Its own flag. Whether it can be used also depends on its provider: see
    /// [`Provider::client_enabled`](crate::Provider::client_enabled).
    pub(in crate::provider) enabled: bool,
    pub(in crate::provider) managed: bool,
    /// Its lifecycle state (issue 17, `lifecycle.rs`): a suspended client's own flag is off.
    pub(in crate::provider) state: ClientState,
    pub(in crate::provider) members: Vec<ClientMember>,
    /// The organization's enterprise policies.
    pub(in crate::provider) policies: PolicySet,
    /// Kept inline when it has up to 23 bytes (most names): no heap block of its own, so
    /// creating a client makes one allocation fewer and a compliance report copies the bytes it
    /// reads with the client (issue 14); a longer name is shared text.
    pub(in crate::provider) name: smol_str::SmolStr,
    /// `None` when not known: a client read from the reference server's documents, which do
    /// not carry a client's billing email, and not billed through its provider.
    pub(in crate::provider) billing_email: Option<Email>,
    pub(in crate::provider) created_at: DateTime<Utc>,
    pub(in crate::provider) first_collection: Option<String>,
    /// Its tags (issue 17, `tags.rs`).
    pub(in crate::provider) tags: BTreeSet<ClientTag>,
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
    /// Its tags (issue 17); absent when it has none, as in every older document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tags: Vec<String>,
}

/// The serialized form of a client member inside a [`ClientRecord`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClientMemberRecord {
    pub(in crate::provider) email: String,
    pub(in crate::provider) role: OrganizationUserType,
    pub(in crate::provider) status: OrganizationUserStatus,
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
            name: smol_str::SmolStr::new(checked_client_name(&r.name)?),
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
            tags: tag_set(r.tags.iter().map(|t| ClientTag::new(t)).collect::<Result<Vec<_>, _>>()?)?,
        })
    }
}

impl From<ClientOrganization> for ClientRecord {
    fn from(c: ClientOrganization) -> Self {
        Self {
            id: c.id,
            name: c.name.to_string(),
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
            tags: c.tags.into_iter().map(String::from).collect(),
        }
    }
}

/// The seats `members` occupy, plus those known only by count.
pub(crate) fn occupied(members: &[ClientMember], unlisted: u32) -> u32 {
    u32::try_from(members.iter().filter(|m| m.occupies_seat()).count())
        .unwrap_or(u32::MAX)
        .saturating_add(unlisted)
}

/// A client name, trimmed: 1–50 characters, none of them a control or invisible format
/// character (a line break, ESC, NUL, the bidi override U+202E: [`crate::text::is_unsafe`]), as
/// emails refuse them. Every path that makes a client goes through this: the commands, the
/// events they record (replay), the portfolio document and the reference reader.
pub(crate) fn check_client_name(name: &str) -> Result<String, ClientError> {
    checked_client_name(name).map(str::to_owned)
}

/// [`check_client_name`] without the copy: the trimmed name, borrowed from `name` (a client
/// read or replayed keeps a short name inline, with no text allocated on the way).
pub(crate) fn checked_client_name(name: &str) -> Result<&str, ClientError> {
    let trimmed = name.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > MAX_ORGANIZATION_NAME_LEN
        || trimmed.chars().any(crate::text::is_unsafe)
    {
        return Err(ClientError::InvalidName { name: crate::text::shown(trimmed, 60) });
    }
    Ok(trimmed)
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

    /// The name as a [`SmolStr`](smol_str::SmolStr) (a report's copy of a short name is a copy of
    /// its bytes).
    pub(crate) fn shared_name(&self) -> &smol_str::SmolStr {
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

    /// One member by email (normalised, as every [`Email`]), or `None`.
    pub fn member(&self, email: &Email) -> Option<&ClientMember> {
        self.members.iter().find(|m| m.email == *email)
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

    /// Its tags, in order (see [`Provider::set_client_tags`](crate::Provider::set_client_tags)).
    pub fn tags(&self) -> &BTreeSet<ClientTag> {
        &self.tags
    }

    // ---- transitions (called by `Provider::apply` only; each checks before it writes) ----

    /// One policy change: every rule the command checks (the client's plan offers the policy,
    /// its required settings are set, the dependency rules); nothing changes on a refusal.
    pub(in crate::provider) fn apply_policy_change(
        &mut self,
        change: &PolicyChange,
    ) -> Result<(), crate::policy::PolicyError> {
        self.policies.check(self.plan, change)?;
        self.policies.apply(change)
    }

    /// Its seats become `to` (the seat rule holds).
    pub(in crate::provider) fn set_seats(&mut self, to: u32) -> Result<(), ClientError> {
        self.seats = SeatCount::new(self.id, to, self.occupied_seats())?;
        Ok(())
    }

    /// A new member, who needs a free seat unless revoked.
    pub(in crate::provider) fn add_member(&mut self, member: ClientMember) -> Result<(), ClientError> {
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

    /// A member revoked (they keep no seat).
    pub(in crate::provider) fn revoke_member(&mut self, email: &Email) -> Result<(), ClientError> {
        let member = self
            .members
            .iter_mut()
            .find(|m| &m.email == email)
            .ok_or_else(|| ClientError::MemberNotFound { client: self.id, email: email.clone() })?;
        if member.occupies_seat() {
            self.occupied = self.occupied.saturating_sub(1);
        }
        member.status = OrganizationUserStatus::Revoked;
        Ok(())
    }

    /// One member fewer.
    pub(in crate::provider) fn remove_member(&mut self, email: &Email) -> Result<(), ClientError> {
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
    pub(in crate::provider) fn unlinked(mut self, billing_email: Email, reenabled: bool) -> Self {
        self.billing_email = Some(billing_email);
        self.managed = false;
        if reenabled {
            // Enabled on its own subscription: no longer the provider's suspended client either.
            self.enabled = true;
            if self.state.refuses_members() {
                self.state = ClientState::Active;
            }
        }
        self
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
    /// Whether it is subscribed to Secrets Manager (such an organization cannot be added: the
    /// reference sends it to Customer Support). Absent in JSON: not subscribed.
    #[serde(default)]
    pub uses_secrets_manager: bool,
    /// Its members (the actor must be a confirmed owner among them).
    pub members: Vec<ClientMember>,
}

#[cfg(test)]
mod tests {
    use std::mem::{offset_of, size_of};

    use super::{ClientMember, ClientOrganization};

    /// The record's layout (issue 14; DESIGN.md, "Compliance and replay at 100 000 clients"):
    /// three whole cache lines, and everything a replayed seat or member change reads and writes
    /// in the first 64 bytes.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_client_record_is_three_cache_lines_with_its_replayed_fields_first() {
        assert_eq!(size_of::<ClientOrganization>(), 192);
        assert_eq!(offset_of!(ClientOrganization, id), 0);
        for hot in [
            offset_of!(ClientOrganization, seats),
            offset_of!(ClientOrganization, occupied),
            offset_of!(ClientOrganization, plan),
            offset_of!(ClientOrganization, state),
        ] {
            assert!(hot < offset_of!(ClientOrganization, members));
        }
        assert_eq!(offset_of!(ClientOrganization, members) + size_of::<Vec<ClientMember>>(), 64);
        assert_eq!(offset_of!(ClientOrganization, policies), 64);
    }
}
