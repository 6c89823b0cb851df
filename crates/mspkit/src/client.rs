//! Client organizations: the organizations a provider creates or takes on for its customers.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::email::Email;
use crate::error::{ClientError, Error};
use crate::ids::OrganizationId;
use crate::plan::PlanType;

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
}

reference_codes!(OrganizationUserStatus: i8 {
    Revoked = -1, "revoked";
    Invited = 0, "invited";
    Accepted = 1, "accepted";
    Confirmed = 2, "confirmed";
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

    /// Whether the member occupies a seat (every state but revoked).
    pub fn occupies_seat(&self) -> bool {
        self.status != OrganizationUserStatus::Revoked
    }

    /// Whether the member is a confirmed owner.
    pub fn is_confirmed_owner(&self) -> bool {
        self.role == OrganizationUserType::Owner && self.status == OrganizationUserStatus::Confirmed
    }
}

/// A client organization of a provider.
///
/// Clients are created, added, changed and unlinked through the provider's commands
/// ([`Provider::create_client`](crate::Provider::create_client) and the others), which keep the
/// invariants: a name of 1–50 characters, a plan the provider may hold, at least one seat and
/// no fewer seats than occupied seats, each person once among its members. Deserializing one
/// checks every invariant but the plan, which depends on the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClientRecord", into = "ClientRecord")]
pub struct ClientOrganization {
    pub(crate) id: OrganizationId,
    pub(crate) name: String,
    pub(crate) plan: PlanType,
    pub(crate) seats: u32,
    /// `None` when not known: a client read from the reference server's documents, which do
    /// not carry a client's billing email, and not billed through its provider.
    pub(crate) billing_email: Option<Email>,
    pub(crate) enabled: bool,
    pub(crate) managed: bool,
    pub(crate) members: Vec<ClientMember>,
    /// Seats occupied by members the library knows only by count (read from the reference
    /// server's summary, which lists no members).
    pub(crate) unlisted_occupied_seats: u32,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) first_collection: Option<String>,
}

/// The serialized form of a client: plain values, checked when converted to a
/// [`ClientOrganization`] so that each refusal keeps its own error code.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClientRecord {
    id: OrganizationId,
    name: String,
    plan: PlanType,
    seats: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    billing_email: Option<String>,
    enabled: bool,
    managed: bool,
    members: Vec<ClientMemberRecord>,
    #[serde(default, skip_serializing_if = "is_zero")]
    unlisted_occupied_seats: u32,
    created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_collection: Option<String>,
}

/// The serialized form of a client member inside a [`ClientRecord`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientMemberRecord {
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
        let client = Self {
            id: r.id,
            name: check_client_name(&r.name)?,
            plan: r.plan,
            seats: r.seats,
            billing_email: r.billing_email.as_deref().map(Email::new).transpose()?,
            enabled: r.enabled,
            managed: r.managed,
            members,
            unlisted_occupied_seats: r.unlisted_occupied_seats,
            created_at: r.created_at,
            first_collection: r.first_collection,
        };
        client.check()?;
        Ok(client)
    }
}

impl From<ClientOrganization> for ClientRecord {
    fn from(c: ClientOrganization) -> Self {
        Self {
            id: c.id,
            name: c.name,
            plan: c.plan,
            seats: c.seats,
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
        }
    }
}

/// A client name, trimmed: 1–50 characters.
pub(crate) fn check_client_name(name: &str) -> Result<String, ClientError> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > MAX_ORGANIZATION_NAME_LEN {
        return Err(ClientError::InvalidName { name: trimmed.chars().take(60).collect() });
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
    /// provider is read). JSON of the wrong shape is refused with `portfolio_invalid`, a broken
    /// invariant with its own code (`seats_zero`, `seats_below_occupied`, …).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let record: ClientRecord = serde_json::from_str(json).map_err(|e| {
            Error::Portfolio(crate::portfolio::PortfolioError::Invalid { detail: e.to_string() })
        })?;
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
        self.seats
    }

    /// The seats its members occupy (every member that is not revoked, listed or not).
    pub fn occupied_seats(&self) -> u32 {
        u32::try_from(self.members.iter().filter(|m| m.occupies_seat()).count())
            .unwrap_or(u32::MAX)
            .saturating_add(self.unlisted_occupied_seats)
    }

    /// Seats occupied by members known only by count (imported from the reference server).
    pub fn unlisted_occupied_seats(&self) -> u32 {
        self.unlisted_occupied_seats
    }

    /// Seats assigned but not occupied.
    pub fn free_seats(&self) -> u32 {
        self.seats.saturating_sub(self.occupied_seats())
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

    /// Whether the organization is enabled.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Whether it was created by the provider (managed) rather than added.
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

    /// Checks the client's own invariants: its name, at least one seat and no fewer seats than
    /// occupied seats, each person once among its members. (Whether its plan suits its provider
    /// is the provider's check.)
    pub(crate) fn check(&self) -> Result<(), ClientError> {
        check_client_name(&self.name)?;
        if self.seats == 0 {
            return Err(ClientError::SeatsZero);
        }
        if self.seats < self.occupied_seats() {
            return Err(ClientError::SeatsBelowOccupied {
                client: self.id,
                requested: self.seats,
                occupied: self.occupied_seats(),
            });
        }
        if let Some(email) = first_duplicate_member(&self.members) {
            return Err(ClientError::MemberExists { client: self.id, email: email.clone() });
        }
        Ok(())
    }

    /// The confirmed owners' emails, sorted.
    pub fn confirmed_owner_emails(&self) -> Vec<&Email> {
        let mut owners: Vec<&Email> =
            self.members.iter().filter(|m| m.is_confirmed_owner()).map(|m| &m.email).collect();
        owners.sort();
        owners
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
