//! The reference server's wire format: camelCase fields and integer enum codes.
//!
//! This is the one place that knows it. [`read_reference`] turns the reference's JSON for a
//! provider, its members and its client organizations into a validated [`Provider`];
//! [`write_reference`] turns a provider back into the three documents.
//!
//! Two shapes are read: what the reference's API really sends (`GET /providers/{id}`,
//! `…/users`, `…/organizations`; `shared/spec/interop.md`), and its database entities, which
//! carry every column. The API leaves facts out — a provider's status, whether it is enabled,
//! every member's dates, every client's plan code and status. Those are never invented: the
//! caller supplies them in [`ReferenceFacts`] (or the caller's profile document, which has the
//! provider's status), a missing one that mspkit needs is refused with `reference_missing_fact`,
//! and a fact that stays unknown is said so in the [`ReferenceImport`]'s notes. Unknown fields
//! are ignored; timestamps without an offset are read as UTC.

mod error;
mod events;
mod plan_names;
mod records;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::client::{ClientOrganization, ClientRecord};
use crate::document::{DocumentError, DocumentReader, MAX_QUOTED_CHARS, quote_cut};
use crate::email::Email;
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderUserId};
use crate::plan::PlanType;
use crate::provider::{BusinessAddress, Provider, ProviderSettings, ProviderStatus, ProviderType};
use crate::team::{
    ProviderUser, ProviderUserRecord, ProviderUserStatus, ProviderUserType, invitation_expiry,
};

pub use error::InteropError;
pub use events::{ReferenceEvent, ReferenceEventPage, read_reference_events};
pub use plan_names::{PlanName, plan_for_name};
pub use records::{ProfileProvider, ReferenceProvider, ReferenceProviderOrganization, ReferenceProviderUser};

/// How to read a plan name that stands for several plans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmbiguousPlans {
    /// Refuse it (`reference_ambiguous_plan`) unless the caller supplied the client's plan code.
    #[default]
    Refuse,
    /// Take the current edition (codes 17–22) — a guess, listed in the import's notes as
    /// [`ReferenceNote::PlanGuessed`].
    Current,
}

/// Facts the reference's API does not send, supplied by the caller. A supplied fact wins over
/// the documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReferenceFacts {
    /// The provider's name, for a pending provider (whose `name` is null).
    pub name: Option<String>,
    /// The provider's status.
    pub status: Option<ProviderStatus>,
    /// Whether the provider is enabled.
    pub enabled: Option<bool>,
    /// Whether the provider records events.
    pub use_events: Option<bool>,
    /// When the provider last changed.
    pub revised_at: Option<DateTime<Utc>>,
    /// Clients' plans (the `planType` of `GET /organizations/{id}`).
    pub plans: BTreeMap<OrganizationId, PlanType>,
    /// Whether a client was created by the provider (managed) rather than added.
    pub managed: BTreeMap<OrganizationId, bool>,
    /// When pending members were invited.
    pub invited_at: BTreeMap<ProviderUserId, DateTime<Utc>>,
    /// How to read an ambiguous plan name.
    pub ambiguous_plans: AmbiguousPlans,
    /// The caller's profile providers (see [`ReferenceFacts::with_profile_json`]).
    pub profile: Vec<ProfileProvider>,
}

impl ReferenceFacts {
    /// No facts: only what the documents say.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the caller's profile: `GET /accounts/profile` (`{"providers": […]}`), `GET /sync`
    /// (`{"profile": {"providers": […]}}`), a list of profile providers, or one. The entry of
    /// the provider being read gives its status, whether it is enabled and whether it uses
    /// events.
    pub fn with_profile_json(mut self, json: &str) -> Result<Self, Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            // Most specific first: a whole profile also has an `id` (the caller's).
            Account { providers: Vec<ProfileProvider> },
            Sync { profile: Providers },
            List(Vec<ProfileProvider>),
            One(ProfileProvider),
        }
        #[derive(Deserialize)]
        struct Providers {
            providers: Vec<ProfileProvider>,
        }
        let parsed: Shape = parse("profile", json, |t| serde_json::from_str(t))?;
        self.profile.extend(match parsed {
            Shape::One(p) => vec![p],
            Shape::List(list) | Shape::Account { providers: list } => list,
            Shape::Sync { profile } => profile.providers,
        });
        Ok(self)
    }

    /// With the provider's name (a pending provider's is null).
    #[must_use]
    pub fn with_name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// With the provider's status.
    #[must_use]
    pub fn with_status(mut self, status: ProviderStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// With whether the provider is enabled.
    #[must_use]
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// With a client's plan.
    #[must_use]
    pub fn with_plan(mut self, client: OrganizationId, plan: PlanType) -> Self {
        self.plans.insert(client, plan);
        self
    }

    /// With how to read ambiguous plan names.
    #[must_use]
    pub fn with_ambiguous_plans(mut self, choice: AmbiguousPlans) -> Self {
        self.ambiguous_plans = choice;
        self
    }
}

/// Something the documents did not say, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReferenceNote {
    /// An ambiguous plan name was read as its current edition, at the caller's choice.
    PlanGuessed {
        /// The client.
        client: OrganizationId,
        /// The stored name.
        name: String,
        /// The plan taken.
        chosen: PlanType,
    },
    /// A pending member's invitation time is unknown: it is dated from the provider's creation
    /// (the earliest it can be) and has no expiry, so it is never reported expired.
    InvitationDateUnknown {
        /// The member.
        member: ProviderUserId,
    },
    /// Whether a client was created by the provider is unknown: it is read as added (not
    /// managed), which grants the provider nothing it may not have.
    ManagementUnknown {
        /// The client.
        client: OrganizationId,
    },
    /// The provider's last change is unknown: its creation time stands for it.
    RevisionDateUnknown,
    /// Whether the provider records events is unknown: it is read as not recording them.
    UseEventsUnknown,
}

impl ReferenceNote {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::PlanGuessed { .. } => "plan_guessed",
            Self::InvitationDateUnknown { .. } => "invitation_date_unknown",
            Self::ManagementUnknown { .. } => "management_unknown",
            Self::RevisionDateUnknown => "revision_date_unknown",
            Self::UseEventsUnknown => "use_events_unknown",
        }
    }
}

impl std::fmt::Display for ReferenceNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PlanGuessed { client, name, chosen } => write!(
                f,
                "client `{client}`: the plan name `{name}` was read as the current edition `{}` (a guess)",
                chosen.name()
            ),
            Self::InvitationDateUnknown { member } => {
                write!(f, "member `{member}`: the invitation time is unknown; it is not reported expired")
            }
            Self::ManagementUnknown { client } => {
                write!(f, "client `{client}`: not known to be created by the provider; read as added")
            }
            Self::RevisionDateUnknown => {
                write!(f, "the provider's last change is unknown; its creation time stands for it")
            }
            Self::UseEventsUnknown => {
                write!(f, "whether the provider records events is unknown; read as not recording them")
            }
        }
    }
}

/// A provider read from reference documents, with what they did not say.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReferenceImport {
    /// The provider.
    pub provider: Provider,
    /// Facts the documents left out, and how each was read.
    pub notes: Vec<ReferenceNote>,
}

fn malformed(document: &'static str, err: &serde_json::Error) -> Error {
    // The parser quotes the document's values: escaped and cut, so a message stays one line.
    let detail = quote_cut(&err.to_string(), 4 * MAX_QUOTED_CHARS);
    Error::Interop(InteropError::Malformed { document, detail })
}

/// Reads one reference document as `T`: within the size limit and with no key repeated in an
/// object (`document_too_large`, `duplicate_key`, as every mspkit reader refuses them), then
/// of the reference's shape (`reference_malformed`).
fn parse<T: DeserializeOwned>(
    document: &'static str,
    json: &str,
    read: impl FnOnce(&str) -> Result<T, serde_json::Error>,
) -> Result<T, Error> {
    if let Err(e @ (DocumentError::TooLarge { .. } | DocumentError::DuplicateKey { .. })) =
        DocumentReader::new().check(json, document)
    {
        return Err(Error::Document(e));
    }
    read(json).map_err(|e| malformed(document, &e))
}

fn code<T>(field: &'static str, value: i64, from: impl Fn(i64) -> Option<T>) -> Result<T, Error> {
    from(value).ok_or(Error::Interop(InteropError::UnknownCode { field, value }))
}

fn missing(what: &'static str, hint: &'static str) -> Error {
    Error::Interop(InteropError::MissingFact { what, hint })
}

fn plan_of(
    org: &ReferenceProviderOrganization,
    kind: ProviderType,
    facts: &ReferenceFacts,
    notes: &mut Vec<ReferenceNote>,
) -> Result<PlanType, Error> {
    if let Some(plan) = facts.plans.get(&org.organization_id) {
        return Ok(*plan);
    }
    if let Some(code_value) = org.plan_type {
        return code("planType", code_value, |v| u8::try_from(v).ok().and_then(PlanType::from_code));
    }
    let name = org.plan.as_deref().unwrap_or_default();
    match plan_for_name(name) {
        PlanName::Exact(plan) => Ok(plan),
        // The provider's kind narrows the name down: an MSP's clients are on the plans it may
        // sell, so `Teams (Monthly)` at an MSP can only be the current edition. That is read,
        // not guessed; a name still ambiguous after it is the caller's to settle.
        PlanName::Ambiguous(all) if all.iter().filter(|p| kind.allows_plan(**p)).count() == 1 => all
            .iter()
            .copied()
            .find(|p| kind.allows_plan(*p))
            .ok_or(Error::Interop(InteropError::MissingPlan { client: org.organization_id })),
        PlanName::Ambiguous(all) => match (facts.ambiguous_plans, all.last()) {
            (AmbiguousPlans::Current, Some(current)) => {
                notes.push(ReferenceNote::PlanGuessed {
                    client: org.organization_id,
                    name: name.to_owned(),
                    chosen: *current,
                });
                Ok(*current)
            }
            _ => Err(Error::Interop(InteropError::AmbiguousPlan {
                client: org.organization_id,
                name: name.to_owned(),
                candidates: all.iter().map(|p| p.code().to_string()).collect::<Vec<_>>().join(", "),
            })),
        },
        PlanName::Unknown => Err(Error::Interop(InteropError::MissingPlan { client: org.organization_id })),
    }
}

/// Reads the reference's JSON for a provider, its members (a JSON array, or the reference's
/// list envelope `{"object": "list", "data": [...]}`) and its client organizations (likewise)
/// into a validated provider. Every invariant is checked, exactly as when mspkit reads its own
/// format. Only what the documents say is used: a fact they leave out and mspkit needs (the
/// provider's status from an API response) is refused with `reference_missing_fact`; use
/// [`read_reference_with`] to supply it and to learn what stayed unknown.
pub fn read_reference(
    provider_json: &str,
    members_json: &str,
    clients_json: &str,
) -> Result<Provider, Error> {
    read_reference_with(provider_json, members_json, clients_json, &ReferenceFacts::default())
        .map(|import| import.provider)
}

/// Reads the reference's JSON as [`read_reference`] does, with facts the caller supplies, and
/// says which facts stayed unknown and how they were read.
pub fn read_reference_with(
    provider_json: &str,
    members_json: &str,
    clients_json: &str,
    facts: &ReferenceFacts,
) -> Result<ReferenceImport, Error> {
    let p: ReferenceProvider = parse("provider", provider_json, |t| serde_json::from_str(t))?;
    let members: Vec<ReferenceProviderUser> = parse("members", members_json, list)?;
    let clients: Vec<ReferenceProviderOrganization> = parse("clients", clients_json, list)?;
    import(&p, &members, &clients, facts)
}

fn list<T: for<'de> Deserialize<'de>>(json: &str) -> Result<Vec<T>, serde_json::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrEnvelope<T> {
        List(Vec<T>),
        Envelope { data: Vec<T> },
    }
    Ok(match serde_json::from_str::<ListOrEnvelope<T>>(json)? {
        ListOrEnvelope::List(items) | ListOrEnvelope::Envelope { data: items } => items,
    })
}

/// Builds a provider from already-parsed reference records, with no supplied facts.
pub fn from_reference(
    p: &ReferenceProvider,
    members: &[ReferenceProviderUser],
    clients: &[ReferenceProviderOrganization],
) -> Result<Provider, Error> {
    import(p, members, clients, &ReferenceFacts::default()).map(|i| i.provider)
}

/// Builds a provider from already-parsed reference records and the caller's facts.
#[allow(clippy::too_many_lines, reason = "one pass over the three documents, in their order")]
pub fn import(
    p: &ReferenceProvider,
    members: &[ReferenceProviderUser],
    clients: &[ReferenceProviderOrganization],
    facts: &ReferenceFacts,
) -> Result<ReferenceImport, Error> {
    let mut notes = Vec::new();
    let profile = facts.profile.iter().find(|entry| entry.id == p.id);
    let kind = code("type", p.kind, |v| u8::try_from(v).ok().and_then(ProviderType::from_code))?;
    let name = facts.name.as_deref().or(p.name.as_deref()).filter(|n| !n.trim().is_empty());
    let status = match (facts.status, p.status, profile.and_then(|e| e.provider_status)) {
        (Some(status), _, _) => status,
        (None, Some(value), _) | (None, None, Some(value)) => {
            code("status", value, |v| u8::try_from(v).ok().and_then(ProviderStatus::from_code))?
        }
        // The response model's name is null exactly while the provider is pending.
        (None, None, None) if p.name.is_none() => ProviderStatus::Pending,
        (None, None, None) => {
            return Err(missing(
                "the provider's status",
                "supply it, or the caller's profile (the account profile response), which has `providerStatus`",
            ));
        }
    };
    let Some(name) = name else {
        return Err(missing("the provider's name (it is null while pending)", "supply it"));
    };
    let Some(enabled) = facts.enabled.or(p.enabled).or(profile.and_then(|e| e.enabled)) else {
        return Err(missing(
            "whether the provider is enabled",
            "supply it, or the caller's profile (the account profile response), which has `enabled`",
        ));
    };
    let use_events = facts.use_events.or(p.use_events).or(profile.and_then(|e| e.use_events));
    if use_events.is_none() {
        notes.push(ReferenceNote::UseEventsUnknown);
    }
    let revised_at = facts.revised_at.or(p.revision_date).unwrap_or_else(|| {
        notes.push(ReferenceNote::RevisionDateUnknown);
        p.creation_date
    });
    let billing_email =
        p.billing_email.as_deref().filter(|e| !e.trim().is_empty()).map(Email::new).transpose()?;
    let settings = ProviderSettings::new(name)?
        .with_business_name(p.business_name.as_deref())?
        .with_billing_email(billing_email.clone())
        .with_billing_phone(p.billing_phone.as_deref())?
        .with_address(&BusinessAddress {
            line1: p.business_address1.clone(),
            line2: p.business_address2.clone(),
            line3: p.business_address3.clone(),
            country: p.business_country.clone(),
            tax_number: p.business_tax_number.clone(),
        })?
        .with_use_events(use_events.unwrap_or(false));
    let mut team = Vec::with_capacity(members.len());
    for m in members {
        let role = code("type", m.kind, |v| u8::try_from(v).ok().and_then(ProviderUserType::from_code))?;
        let member_status =
            code("status", m.status, |v| i8::try_from(v).ok().and_then(ProviderUserStatus::from_code))?;
        let (status, status_before_revoke) = match member_status {
            // The reference has no revoked provider members, and its documents do not say
            // what a revoked member was before. One with an account restores to `accepted`:
            // a provider admin must confirm it again, so a restore never grants more than the
            // member had (an accepted member revoked before its confirmation stays unconfirmed).
            ProviderUserStatus::Revoked if m.user_id.is_some() => {
                (ProviderUserStatus::Revoked, Some(ProviderUserStatus::Accepted))
            }
            ProviderUserStatus::Revoked => (ProviderUserStatus::Revoked, Some(ProviderUserStatus::Invited)),
            other => (other, None),
        };
        let pending = status == ProviderUserStatus::Invited
            || status_before_revoke == Some(ProviderUserStatus::Invited);
        // A pending invitation is renewed by a re-send, which changes the row: its revision
        // date is the latest invitation. The API sends no dates at all.
        let known = facts.invited_at.get(&m.id).copied().or(if pending {
            m.revision_date.or(m.creation_date)
        } else {
            m.creation_date
        });
        if known.is_none() && pending {
            notes.push(ReferenceNote::InvitationDateUnknown { member: m.id });
        }
        let invited_at = known.unwrap_or(p.creation_date);
        let Some(email) = m.email.as_deref() else {
            return Err(missing("a member's email", "the members document has a member with a null `email`"));
        };
        // Built through the same checked conversion as mspkit's own JSON.
        team.push(ProviderUser::try_from(ProviderUserRecord {
            id: m.id,
            email: email.to_owned(),
            name: m.name.clone().filter(|n| !n.trim().is_empty()),
            user_id: m.user_id,
            role,
            status,
            status_before_revoke,
            invited_at,
            invitation_expires_at: known.filter(|_| pending).map(invitation_expiry),
            public_key_fingerprint: None,
            client_scope: None,
        })?);
    }
    let mut orgs = Vec::with_capacity(clients.len());
    for c in clients {
        if c.provider_id != p.id {
            return Err(Error::Interop(InteropError::WrongProvider {
                client: c.organization_id,
                expected: p.id,
                found: c.provider_id,
            }));
        }
        // `OrganizationStatusType`: only `managed` (2) says the provider created the client.
        let managed = match (facts.managed.get(&c.organization_id), c.status) {
            (Some(managed), _) => *managed,
            (None, Some(value)) => code("status", value, |v| match v {
                0 | 1 => Some(false),
                2 => Some(true),
                _ => None,
            })?,
            (None, None) => {
                notes.push(ReferenceNote::ManagementUnknown { client: c.organization_id });
                false
            }
        };
        // The documents carry no client billing email. A provider with consolidated billing
        // bills its clients, and a provider's new client takes its billing email; a reseller's
        // added client keeps its own, which is not known here.
        let billing_email =
            (kind.has_consolidated_billing() || managed).then(|| billing_email.clone()).flatten();
        // An MSP's or business unit's clients are enabled and disabled with it; a reseller's are
        // not touched by the provider's state (the documents do not say, so they are enabled).
        let client_enabled = kind == ProviderType::Reseller || enabled;
        let occupied = c.occupied_seats.or(c.user_count).unwrap_or(0);
        let Some(client_name) = c.organization_name.clone() else {
            return Err(missing(
                "a client's name",
                "the clients document has an organization whose `organizationName` is null",
            ));
        };
        orgs.push(ClientOrganization::try_from(ClientRecord {
            id: c.organization_id,
            name: client_name,
            plan: plan_of(c, kind, facts, &mut notes)?,
            seats: c.seats.unwrap_or(occupied),
            billing_email: billing_email.map(String::from),
            enabled: client_enabled,
            managed,
            members: Vec::new(),
            unlisted_occupied_seats: occupied,
            created_at: c.creation_date,
            first_collection: None,
            policies: Vec::new(),
            // The reference has no lifecycle states: every client read from it is active.
            state: crate::ClientState::Active,
            // Nor tags.
            tags: Vec::new(),
        })?);
    }
    let provider = Provider::from_parts(
        kind,
        status,
        enabled,
        settings,
        p.id,
        (p.creation_date, revised_at),
        team,
        orgs,
    )?;
    Ok(ReferenceImport { provider, notes })
}

/// The three reference documents of a provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceDocuments {
    /// The provider.
    pub provider: ReferenceProvider,
    /// Its members.
    pub members: Vec<ReferenceProviderUser>,
    /// Its client organizations.
    pub clients: Vec<ReferenceProviderOrganization>,
}

/// Writes a provider in the reference's database-entity shape (every column, so reading it
/// back needs no supplied fact). mspkit's `revoked` status is written as -1, which the
/// reference does not define for provider members; the status a revoked member would be
/// restored to has no place in the reference, so reading it back restores a revoked member with
/// an account to `accepted` (to be confirmed again) and one without to `invited`.
pub fn write_reference(provider: &Provider) -> ReferenceDocuments {
    let s = provider.settings();
    let a = s.address();
    ReferenceDocuments {
        provider: ReferenceProvider {
            id: provider.id(),
            name: Some(s.name().to_owned()),
            business_name: s.business_name().map(str::to_owned),
            business_address1: a.line1.clone(),
            business_address2: a.line2.clone(),
            business_address3: a.line3.clone(),
            business_country: a.country.clone(),
            business_tax_number: a.tax_number.clone(),
            billing_email: s.billing_email().map(|e| e.as_str().to_owned()),
            billing_phone: s.billing_phone().map(str::to_owned),
            status: Some(i64::from(provider.status().code())),
            kind: i64::from(provider.kind().code()),
            enabled: Some(provider.enabled()),
            use_events: Some(s.use_events()),
            creation_date: provider.created_at(),
            revision_date: Some(provider.revised_at()),
        },
        members: provider
            .members()
            .iter()
            .map(|m| ReferenceProviderUser {
                id: m.id(),
                user_id: m.user_id(),
                kind: i64::from(m.role().code()),
                status: i64::from(m.status().code()),
                email: Some(m.email().as_str().to_owned()),
                name: m.name().map(str::to_owned),
                creation_date: Some(m.invited_at()),
                revision_date: Some(m.invited_at()),
            })
            .collect(),
        clients: provider
            .clients()
            .iter()
            .map(|c| ReferenceProviderOrganization {
                id: uuid::Uuid::new_v5(&provider.id().uuid(), c.id().uuid().as_bytes()),
                provider_id: provider.id(),
                organization_id: c.id(),
                organization_name: Some(c.name().to_owned()),
                seats: Some(c.seats()),
                occupied_seats: Some(c.occupied_seats()),
                remaining_seats: Some(i64::from(c.seats()) - i64::from(c.occupied_seats())),
                user_count: Some(c.occupied_seats()),
                plan: Some(c.plan().display_name().to_owned()),
                plan_type: Some(i64::from(c.plan().code())),
                status: Some(if c.managed() { 2 } else { 1 }),
                creation_date: c.created_at(),
                revision_date: Some(c.created_at()),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
