//! The provider's document: its record (plain values down to every member and client),
//! written from the provider as it is and read back through every invariant.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Provider;
use super::clients::{ClientError, ClientOrganization, ClientRecord, Clients};
use super::deployments::Deployments;
use super::head::{
    AccessReviews, AccessSuspension, ProviderError, ProviderSettings, ProviderStatus, ProviderType,
    RawSettings,
};
use super::team::{ProviderUser, ProviderUserRecord, Team};
use crate::billing::Subscription;
use crate::deployment::ClientDeployment;
use crate::email::Email;
use crate::error::Error;
use crate::ids::ProviderId;
use crate::plan::PlanType;

/// The serialized form of a provider as read: plain values down to every member, and the
/// clients already converted (see [`ClientList`]). Converting it checks every invariant and
/// keeps each refusal's own error code.
#[derive(Deserialize)]
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
    clients: ClientList,
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
    /// Present only while every member's access is suspended (issue 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access_suspension: Option<AccessSuspension>,
    /// The access reviews signed (issue 20; absent when none was).
    #[serde(default, skip_serializing_if = "AccessReviews::is_empty")]
    access_reviews: AccessReviews,
    /// The deployments of its clients (a portfolio document writes them beside the provider
    /// instead; absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    deployments: Vec<ClientDeployment>,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_false(b: &bool) -> bool {
    !*b
}

/// A document's clients, each converted to a [`ClientOrganization`] as soon as its record is
/// read, or the first client's refusal (its own error, kept for [`Provider::try_from`], which
/// reports it after the members' refusals, as before).
///
/// Why: a record is mostly temporary values (each policy's settings as a JSON map, the name
/// as read). Read as a list of records first, 100 000 clients left those temporaries' holes
/// between the clients' own blocks, spread over a heap several times the provider's size:
/// every later pass over the clients (a compliance check) read them from scattered memory,
/// and the small blocks a report allocates were placed in those holes (issue 14). Converted
/// one by one, each record's temporaries are freed before the next is read, which reuses
/// them, and the clients' blocks lie close together.
pub(crate) struct ClientList(Result<Vec<ClientOrganization>, Error>);

impl Default for ClientList {
    fn default() -> Self {
        Self(Ok(Vec::new()))
    }
}

impl<'de> Deserialize<'de> for ClientList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ClientListVisitor)
    }
}

struct ClientListVisitor;

impl<'de> serde::de::Visitor<'de> for ClientListVisitor {
    type Value = ClientList;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ClientList, A::Error> {
        // The hint is the document's claim: at most a modest start, then the list grows.
        let mut clients = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        let mut refused = None;
        // Every record is read (a later record of the wrong shape is still `invalid_document`,
        // as when the whole list was read first); after a refusal none is converted.
        while let Some(record) = seq.next_element::<ClientRecord>()? {
            if refused.is_none() {
                match ClientOrganization::try_from(record) {
                    Ok(client) => clients.push(client),
                    Err(e) => {
                        refused = Some(e);
                        clients = Vec::new();
                    }
                }
            }
        }
        Ok(ClientList(refused.map_or(Ok(clients), Err)))
    }
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
    #[serde(skip_serializing_if = "Option::is_none")]
    access_suspension: Option<&'a AccessSuspension>,
    #[serde(skip_serializing_if = "AccessReviews::is_empty")]
    access_reviews: &'a AccessReviews,
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

/// A provider is read through its record: every invariant checked, each refusal with its own
/// error (as a serde error, its message kept).
impl<'de> Deserialize<'de> for Provider {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = ProviderRecord::deserialize(deserializer)?;
        Self::try_from(record).map_err(serde::de::Error::custom)
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
            access_suspension: self.access_suspension.as_ref(),
            access_reviews: &self.access_reviews,
            deployments: if with_deployments { self.deployments.list() } else { &[] },
        }
    }
}

impl TryFrom<ProviderRecord> for Provider {
    type Error = Error;

    fn try_from(r: ProviderRecord) -> Result<Self, Self::Error> {
        let members = r.members.into_iter().map(ProviderUser::try_from).collect::<Result<_, _>>()?;
        let clients = Clients::new(r.clients.0?).map_err(invalid)?;
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
            access_suspension: r.access_suspension.map(AccessSuspension::checked).transpose()?,
            access_reviews: r.access_reviews,
            owed: None,
        };
        provider.read_back()
    }
}

fn invalid(detail: String) -> Error {
    Error::Provider(ProviderError::InvalidRecord { detail })
}

impl Provider {
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
            access_suspension: None,
            access_reviews: AccessReviews::default(),
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

    /// A client's record as the provider's document writes it: `enabled` is the state that
    /// counts ([`Provider::client_enabled`]), so the document reads the same as before clients
    /// kept their own flag.
    pub(in crate::provider) fn client_record(&self, c: ClientOrganization) -> ClientRecord {
        let enabled = self.effective_enabled(&c);
        ClientRecord { enabled, ..ClientRecord::from(c) }
    }

    /// A provider read from a document: its invariants checked on the document's values, then
    /// its clients' own flags taken from them. In a disabled MSP's or business unit's document
    /// every client says `enabled: false` (the state that counts), so their own flags are set:
    /// enabling the provider enables them, and the provider writes the same document again.
    pub(in crate::provider) fn read_back(mut self) -> Result<Self, Error> {
        self.check_invariants()?;
        if !self.enabled {
            self.clients_follow();
        }
        Ok(self)
    }

    /// Checks every invariant of a stored provider in one pass over its members and clients
    /// (each scope entry is looked up in O(1), so the check is linear in the provider's size).
    pub(in crate::provider) fn check_invariants(&self) -> Result<(), Error> {
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
        if let Some(client) = self.access_reviews.named().find(|c| self.clients.get(*c).is_none()) {
            return Err(invalid(format!(
                "an access review names `{client}`, which is not a client; a client that leaves takes its reviews with it"
            )));
        }
        for c in self.clients() {
            if !self.allows_plan(c.plan()) {
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
