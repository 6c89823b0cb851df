//! The reference's JSON records, as read: one record per document, accepting both shapes the
//! reference produces — its API response models (which leave out many columns) and its
//! database entities (which have them all). A field either shape leaves out is an `Option`;
//! unknown fields are ignored; timestamps may come without an offset (read as UTC).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};

/// Timestamps as the reference writes them: RFC 3339 with `Z` or a numeric offset, or with no
/// suffix at all (a .NET `DateTimeKind.Unspecified` value), which is read as UTC — never as the
/// reader's local time.
pub(crate) mod timestamp {
    use super::{DateTime, Deserialize, Deserializer, NaiveDateTime, Utc};

    pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
        if let Ok(instant) = text.parse::<DateTime<Utc>>() {
            return Some(instant);
        }
        text.parse::<NaiveDateTime>().ok().map(|naive| naive.and_utc())
    }

    fn invalid<E: serde::de::Error>(text: &str) -> E {
        E::custom(format_args!(
            "`{text}` is not a timestamp (expected ISO 8601 such as `2026-01-05T10:00:00Z`)"
        ))
    }

    pub(crate) fn required<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).ok_or_else(|| invalid(&text))
    }

    pub(crate) fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) => parse(&text).map(Some).ok_or_else(|| invalid(&text)),
        }
    }
}

/// The reference's provider: `GET /providers/{id}` (`ProviderResponseModel`), or its database
/// entity. The response model has no `status`, `enabled`, `useEvents`, `billingPhone` or
/// `revisionDate`, and `name` is null while the provider is pending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceProvider {
    /// Id.
    pub id: ProviderId,
    /// Name (null while pending).
    #[serde(default)]
    pub name: Option<String>,
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
    /// Billing phone (database entity only).
    #[serde(default)]
    pub billing_phone: Option<String>,
    /// `ProviderStatusType` code (database entity only).
    #[serde(default)]
    pub status: Option<i64>,
    /// `ProviderType` code.
    #[serde(rename = "type")]
    pub kind: i64,
    /// Enabled (database entity only).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Whether events are recorded (database entity only).
    #[serde(default)]
    pub use_events: Option<bool>,
    /// Created.
    #[serde(deserialize_with = "timestamp::required")]
    pub creation_date: DateTime<Utc>,
    /// Last changed (database entity only).
    #[serde(default, deserialize_with = "timestamp::optional")]
    pub revision_date: Option<DateTime<Utc>>,
}

/// The reference's provider member: `GET /providers/{id}/users`
/// (`ProviderUserUserDetailsResponseModel`, no dates) or its database entity (with dates).
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
    /// Email (nullable in the response model, though not expected to be null).
    #[serde(default)]
    pub email: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Created, the invitation time (database entity only).
    #[serde(default, deserialize_with = "timestamp::optional")]
    pub creation_date: Option<DateTime<Utc>>,
    /// Last changed (database entity only).
    #[serde(default, deserialize_with = "timestamp::optional")]
    pub revision_date: Option<DateTime<Utc>>,
}

/// The reference's client organization: `GET /providers/{id}/organizations`
/// (`ProviderOrganizationOrganizationDetailsResponseModel`: the plan's stored display name, no
/// `planType`, no `status`), or the same with `planType` and `status` (database rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceProviderOrganization {
    /// The provider-organization link id.
    pub id: uuid::Uuid,
    /// The provider.
    pub provider_id: ProviderId,
    /// The organization.
    pub organization_id: OrganizationId,
    /// Its name (null when empty).
    #[serde(default)]
    pub organization_name: Option<String>,
    /// Assigned seats (null when none are set).
    #[serde(default)]
    pub seats: Option<u32>,
    /// Occupied seats: members invited, accepted or confirmed.
    #[serde(default)]
    pub occupied_seats: Option<u32>,
    /// Remaining seats (assigned − occupied; negative when over).
    #[serde(default)]
    pub remaining_seats: Option<i64>,
    /// Confirmed members.
    #[serde(default)]
    pub user_count: Option<u32>,
    /// The plan name stored on the organization (`Teams (Monthly) 2020`).
    #[serde(default)]
    pub plan: Option<String>,
    /// The `PlanType` code (database rows, `GET /organizations/{id}`).
    #[serde(default)]
    pub plan_type: Option<i64>,
    /// The organization's `OrganizationStatusType` code: 0 pending, 1 created, 2 managed
    /// (created by the provider). Database rows only.
    #[serde(default)]
    pub status: Option<i64>,
    /// Linked.
    #[serde(deserialize_with = "timestamp::required")]
    pub creation_date: DateTime<Utc>,
    /// Last changed.
    #[serde(default, deserialize_with = "timestamp::optional")]
    pub revision_date: Option<DateTime<Utc>>,
}

/// One provider of the caller's profile (`ProfileProviderResponseModel`, in
/// `GET /accounts/profile` → `providers[]` and `GET /sync` → `profile.providers[]`): the only
/// response that says a provider's status, whether it is enabled and whether it uses events.
/// Its `status` and `type` are the caller's membership's, not the provider's, and are not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileProvider {
    /// The provider id.
    pub id: ProviderId,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether it is enabled.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Whether it records events.
    #[serde(default)]
    pub use_events: Option<bool>,
    /// The provider's `ProviderStatusType` code.
    #[serde(default)]
    pub provider_status: Option<i64>,
    /// The provider's `ProviderType` code.
    #[serde(default)]
    pub provider_type: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::timestamp::parse;

    #[test]
    fn timestamps_without_an_offset_are_utc_and_seven_digit_fractions_read() {
        let utc = parse("2026-01-05T10:00:00Z").unwrap();
        assert_eq!(parse("2026-01-05T10:00:00").unwrap(), utc);
        assert_eq!(parse("2026-01-05T12:00:00+02:00").unwrap(), utc);
        let fine = parse("2026-01-05T10:00:00.1234567").unwrap();
        assert_eq!(fine.timestamp_subsec_nanos(), 123_456_700);
        assert_eq!(parse("2026-01-05T10:00:00.1234567Z").unwrap(), fine);
        for bad in ["", "2026-01-05", "yesterday", "2026-13-05T10:00:00"] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }
}
