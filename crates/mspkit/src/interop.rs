//! The reference server's wire format: camelCase fields and integer enum codes.
//!
//! This is the one place that knows it. [`read_reference`] turns the reference's JSON for a
//! provider, its members and its client organizations into a validated [`Provider`];
//! [`write_reference`] turns a provider back into the three documents. Fields the reference
//! sends that mspkit does not model (gateway ids, keys, permissions) are ignored on input.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::client::{ClientOrganization, ClientRecord};
use crate::email::Email;
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};
use crate::plan::PlanType;
use crate::provider::{BusinessAddress, Provider, ProviderSettings, ProviderStatus, ProviderType};
use crate::team::{
    ProviderUser, ProviderUserRecord, ProviderUserStatus, ProviderUserType, invitation_expiry,
};

/// A reference document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InteropError {
    /// The text is not JSON of the expected shape.
    #[error("the {document} document is not valid reference JSON: {detail}")]
    Malformed {
        /// Which document (`provider`, `members`, `clients`).
        document: &'static str,
        /// What the parser said.
        detail: String,
    },
    /// An integer code the reference does not define.
    #[error("`{value}` is not a known {field} code")]
    UnknownCode {
        /// The field.
        field: &'static str,
        /// The code found.
        value: i64,
    },
    /// A client belongs to another provider.
    #[error("client `{client}` belongs to provider `{found}`, not `{expected}`")]
    WrongProvider {
        /// The client organization.
        client: OrganizationId,
        /// The provider being read.
        expected: ProviderId,
        /// The provider the client names.
        found: ProviderId,
    },
    /// A client has no plan the library can recognise.
    #[error("client `{client}` has no recognisable plan (`planType` or `plan`)")]
    MissingPlan {
        /// The client organization.
        client: OrganizationId,
    },
    /// A managed client needs the provider's billing email. No longer returned: a client whose
    /// billing email the documents do not give is read without one; the variant keeps its code.
    #[error("the provider has no billing email, which its clients take; add `billingEmail`")]
    MissingBillingEmail,
}

impl InteropError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "reference_malformed",
            Self::UnknownCode { .. } => "reference_unknown_code",
            Self::WrongProvider { .. } => "reference_wrong_provider",
            Self::MissingPlan { .. } => "reference_missing_plan",
            Self::MissingBillingEmail => "reference_missing_billing_email",
        }
    }
}

/// The reference's provider (`ProviderResponseModel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceProvider {
    /// Id.
    pub id: ProviderId,
    /// Name.
    pub name: String,
    /// Business name.
    #[serde(default)]
    pub business_name: Option<String>,
    /// Address line 1.
    #[serde(default)]
    pub business_address1: Option<String>,
    /// Address line 2.
    #[serde(default)]
    pub business_address2: Option<String>,
    /// Address line 3.
    #[serde(default)]
    pub business_address3: Option<String>,
    /// Country.
    #[serde(default)]
    pub business_country: Option<String>,
    /// Tax number.
    #[serde(default)]
    pub business_tax_number: Option<String>,
    /// Billing email.
    #[serde(default)]
    pub billing_email: Option<String>,
    /// Billing phone.
    #[serde(default)]
    pub billing_phone: Option<String>,
    /// `ProviderStatusType` code.
    pub status: i64,
    /// `ProviderType` code.
    #[serde(rename = "type")]
    pub kind: i64,
    /// Enabled.
    pub enabled: bool,
    /// Whether events are recorded.
    #[serde(default)]
    pub use_events: bool,
    /// Created.
    pub creation_date: DateTime<Utc>,
    /// Last changed.
    pub revision_date: DateTime<Utc>,
}

/// The reference's provider member (`ProviderUserUserDetailsResponseModel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceProviderUser {
    /// Membership id.
    pub id: ProviderUserId,
    /// The account, once accepted.
    #[serde(default)]
    pub user_id: Option<UserId>,
    /// `ProviderUserType` code.
    #[serde(rename = "type")]
    pub kind: i64,
    /// `ProviderUserStatusType` code.
    pub status: i64,
    /// Email.
    pub email: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Created (the invitation time).
    #[serde(default)]
    pub creation_date: Option<DateTime<Utc>>,
    /// Last changed.
    #[serde(default)]
    pub revision_date: Option<DateTime<Utc>>,
}

/// The reference's client organization (`ProviderOrganizationOrganizationDetailsResponseModel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceProviderOrganization {
    /// The provider-organization link id.
    pub id: uuid::Uuid,
    /// The provider.
    pub provider_id: ProviderId,
    /// The organization.
    pub organization_id: OrganizationId,
    /// Its name.
    pub organization_name: String,
    /// Assigned seats.
    #[serde(default)]
    pub seats: Option<u32>,
    /// Occupied seats.
    #[serde(default)]
    pub occupied_seats: Option<u32>,
    /// Remaining seats (assigned − occupied).
    #[serde(default)]
    pub remaining_seats: Option<i64>,
    /// Members.
    #[serde(default)]
    pub user_count: Option<u32>,
    /// The plan's display name (`Teams (Monthly)`).
    #[serde(default)]
    pub plan: Option<String>,
    /// The `PlanType` code (newer servers).
    #[serde(default)]
    pub plan_type: Option<i64>,
    /// The organization's `OrganizationStatusType` code: 0 pending, 1 created, 2 managed
    /// (created by the provider).
    #[serde(default)]
    pub status: Option<i64>,
    /// Linked.
    pub creation_date: DateTime<Utc>,
    /// Last changed.
    #[serde(default)]
    pub revision_date: Option<DateTime<Utc>>,
}

fn malformed(document: &'static str, err: &serde_json::Error) -> Error {
    Error::Interop(InteropError::Malformed { document, detail: err.to_string() })
}

fn code<T>(field: &'static str, value: i64, from: impl Fn(i64) -> Option<T>) -> Result<T, Error> {
    from(value).ok_or(Error::Interop(InteropError::UnknownCode { field, value }))
}

fn plan_of(org: &ReferenceProviderOrganization) -> Result<PlanType, Error> {
    if let Some(code_value) = org.plan_type {
        return code("planType", code_value, |v| u8::try_from(v).ok().and_then(PlanType::from_code));
    }
    let name = org.plan.as_deref().unwrap_or_default().trim();
    PlanType::all()
        .iter()
        .rev()
        .copied()
        .find(|p| p.display_name().eq_ignore_ascii_case(name))
        .ok_or(Error::Interop(InteropError::MissingPlan { client: org.organization_id }))
}

/// Reads the reference's JSON for a provider, its members (a JSON array, or the reference's
/// list envelope `{"data": [...]}`) and its client organizations (likewise) into a validated
/// provider. Every invariant is checked, exactly as when mspkit reads its own format.
pub fn read_reference(
    provider_json: &str,
    members_json: &str,
    clients_json: &str,
) -> Result<Provider, Error> {
    let p: ReferenceProvider = serde_json::from_str(provider_json).map_err(|e| malformed("provider", &e))?;
    let members: Vec<ReferenceProviderUser> = list(members_json).map_err(|e| malformed("members", &e))?;
    let clients: Vec<ReferenceProviderOrganization> =
        list(clients_json).map_err(|e| malformed("clients", &e))?;
    from_reference(&p, &members, &clients)
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

/// Builds a provider from already-parsed reference records.
pub fn from_reference(
    p: &ReferenceProvider,
    members: &[ReferenceProviderUser],
    clients: &[ReferenceProviderOrganization],
) -> Result<Provider, Error> {
    let kind = code("type", p.kind, |v| u8::try_from(v).ok().and_then(ProviderType::from_code))?;
    let status = code("status", p.status, |v| u8::try_from(v).ok().and_then(ProviderStatus::from_code))?;
    let billing_email =
        p.billing_email.as_deref().filter(|e| !e.trim().is_empty()).map(Email::new).transpose()?;
    let settings = ProviderSettings::new(&p.name)?
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
        .with_use_events(p.use_events);
    let mut team = Vec::with_capacity(members.len());
    for m in members {
        let role = code("type", m.kind, |v| u8::try_from(v).ok().and_then(ProviderUserType::from_code))?;
        let member_status =
            code("status", m.status, |v| i8::try_from(v).ok().and_then(ProviderUserStatus::from_code))?;
        let invited_at = m.creation_date.unwrap_or(p.creation_date);
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
        let invited_at = m.revision_date.filter(|_| pending).unwrap_or(invited_at);
        // Built through the same checked conversion as mspkit's own JSON.
        team.push(ProviderUser::try_from(ProviderUserRecord {
            id: m.id,
            email: m.email.clone(),
            name: m.name.clone().filter(|n| !n.trim().is_empty()),
            user_id: m.user_id,
            role,
            status,
            status_before_revoke,
            invited_at,
            invitation_expires_at: pending.then(|| invitation_expiry(invited_at)),
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
        let managed = match c.status {
            None => false,
            Some(value) => code("status", value, |v| match v {
                0 | 1 => Some(false),
                2 => Some(true),
                _ => None,
            })?,
        };
        // The documents carry no client billing email. A provider with consolidated billing
        // bills its clients, and a provider's new client takes its billing email; a reseller's
        // added client keeps its own, which is not known here.
        let billing_email =
            (kind.has_consolidated_billing() || managed).then(|| billing_email.clone()).flatten();
        // An MSP's or business unit's clients are enabled and disabled with it; a reseller's are
        // not touched by the provider's state (the documents do not say, so they are enabled).
        let enabled = kind == ProviderType::Reseller || p.enabled;
        let occupied = c.occupied_seats.or(c.user_count).unwrap_or(0);
        orgs.push(ClientOrganization::try_from(ClientRecord {
            id: c.organization_id,
            name: c.organization_name.clone(),
            plan: plan_of(c)?,
            seats: c.seats.unwrap_or(occupied),
            billing_email: billing_email.map(String::from),
            enabled,
            managed,
            members: Vec::new(),
            unlisted_occupied_seats: occupied,
            created_at: c.creation_date,
            first_collection: None,
            policies: Vec::new(),
        })?);
    }
    Provider::from_parts(
        kind,
        status,
        p.enabled,
        settings,
        p.id,
        (p.creation_date, p.revision_date),
        team,
        orgs,
    )
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

/// Writes a provider in the reference's wire format. mspkit's `revoked` status is written as
/// -1, which the reference does not define for provider members; the status a revoked member
/// would be restored to has no place in the reference, so reading it back restores a revoked
/// member with an account to `accepted` (to be confirmed again) and one without to `invited`.
pub fn write_reference(provider: &Provider) -> ReferenceDocuments {
    let s = provider.settings();
    let a = s.address();
    ReferenceDocuments {
        provider: ReferenceProvider {
            id: provider.id(),
            name: s.name().to_owned(),
            business_name: s.business_name().map(str::to_owned),
            business_address1: a.line1.clone(),
            business_address2: a.line2.clone(),
            business_address3: a.line3.clone(),
            business_country: a.country.clone(),
            business_tax_number: a.tax_number.clone(),
            billing_email: s.billing_email().map(|e| e.as_str().to_owned()),
            billing_phone: s.billing_phone().map(str::to_owned),
            status: i64::from(provider.status().code()),
            kind: i64::from(provider.kind().code()),
            enabled: provider.enabled(),
            use_events: s.use_events(),
            creation_date: provider.created_at(),
            revision_date: provider.revised_at(),
        },
        members: provider
            .members()
            .iter()
            .map(|m| ReferenceProviderUser {
                id: m.id(),
                user_id: m.user_id(),
                kind: i64::from(m.role().code()),
                status: i64::from(m.status().code()),
                email: m.email().as_str().to_owned(),
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
                organization_name: c.name().to_owned(),
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
mod tests {
    use super::*;

    const PROVIDER: &str = r#"{
        "id": "0b9d3c52-6a57-4f1e-9d1a-2c3b4d5e6f70", "name": "Contoso MSP",
        "businessName": "Contoso Ltd", "billingEmail": "billing@contoso.example",
        "status": 2, "type": 0, "enabled": true, "useEvents": true,
        "creationDate": "2026-01-05T10:00:00Z", "revisionDate": "2026-06-01T10:00:00Z",
        "gateway": 1, "gatewayCustomerId": "cus_123"
    }"#;
    const MEMBERS: &str = r#"{"data": [
        {"id": "1a000000-0000-4000-8000-000000000001", "userId": "2a000000-0000-4000-8000-000000000001",
         "type": 0, "status": 2, "email": "Admin@Contoso.example", "name": "Ada",
         "creationDate": "2026-01-05T10:00:00Z"},
        {"id": "1a000000-0000-4000-8000-000000000002", "userId": null, "type": 1, "status": 0,
         "email": "new@contoso.example", "creationDate": "2026-06-01T10:00:00Z"}
    ], "object": "list"}"#;
    const CLIENTS: &str = r#"[
        {"id": "3a000000-0000-4000-8000-000000000001", "providerId": "0b9d3c52-6a57-4f1e-9d1a-2c3b4d5e6f70",
         "organizationId": "4a000000-0000-4000-8000-000000000001", "organizationName": "Fabrikam",
         "seats": 25, "occupiedSeats": 20, "remainingSeats": 5, "userCount": 20, "plan": "Teams (Monthly)",
         "creationDate": "2026-02-01T10:00:00Z"}
    ]"#;

    #[test]
    fn reads_and_writes_the_reference_format() {
        let provider = read_reference(PROVIDER, MEMBERS, CLIENTS).unwrap();
        assert_eq!(provider.kind(), ProviderType::Msp);
        assert_eq!(provider.status(), ProviderStatus::Billable);
        assert_eq!(provider.members().len(), 2);
        assert_eq!(provider.members()[0].email().as_str(), "admin@contoso.example");
        let client = &provider.clients()[0];
        assert_eq!(client.plan(), PlanType::TeamsMonthly);
        assert_eq!((client.seats(), client.occupied_seats()), (25, 20));
        let docs = write_reference(&provider);
        assert_eq!(docs.provider.kind, 0);
        assert_eq!(docs.clients[0].plan_type, Some(17));
        let again = from_reference(&docs.provider, &docs.members, &docs.clients).unwrap();
        assert_eq!(again.clients(), provider.clients());
        assert_eq!(again.members()[0], provider.members()[0]);
    }

    #[test]
    fn unknown_codes_and_foreign_clients_are_refused() {
        let bad = PROVIDER.replace("\"type\": 0", "\"type\": 7");
        assert_eq!(read_reference(&bad, MEMBERS, CLIENTS).unwrap_err().code(), "reference_unknown_code");
        let foreign = CLIENTS.replace("\"providerId\": \"0b9d3c52", "\"providerId\": \"0c9d3c52");
        assert_eq!(
            read_reference(PROVIDER, MEMBERS, &foreign).unwrap_err().code(),
            "reference_wrong_provider"
        );
        assert_eq!(read_reference("{", MEMBERS, CLIENTS).unwrap_err().code(), "reference_malformed");
    }

    #[test]
    fn invariants_hold_for_reference_input_too() {
        let no_admin = MEMBERS.replace("\"type\": 0, \"status\": 2", "\"type\": 1, \"status\": 2");
        assert_eq!(
            read_reference(PROVIDER, &no_admin, CLIENTS).unwrap_err().code(),
            "invalid_provider_record"
        );
        let over = CLIENTS.replace("\"seats\": 25", "\"seats\": 10");
        assert_eq!(read_reference(PROVIDER, MEMBERS, &over).unwrap_err().code(), "seats_below_occupied");
    }
}
