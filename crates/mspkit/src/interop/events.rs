//! The reference's provider event log: `GET /providers/{id}/events` (and
//! `…/users/{providerUserId}/events`), a page of `EventResponseModel`s.
//!
//! A reference event says what happened to which ids, not the data mspkit's own events carry
//! (the invited email, the new seat count, …), so it cannot be applied to a provider; it is read
//! as a record for audit views. The reference's `EventType` keeps growing: an unknown code is kept
//! as its number, never refused.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::records::timestamp;
use crate::error::Error;
use crate::ids::{OrganizationId, OrganizationUserId, ProviderId, ProviderUserId, UserId};

/// One event of the reference's log (`EventResponseModel`), with the fields that concern a
/// provider; the others (cipher, collection, group, policy, send, secret ids, …) are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceEvent {
    /// The reference's `EventType` code (1800–1803 provider members, 1900–1903 clients, and
    /// organization-level codes for what provider members did inside clients).
    #[serde(rename = "type")]
    pub code: i64,
    /// When it happened.
    #[serde(deserialize_with = "timestamp::required")]
    pub date: DateTime<Utc>,
    /// The account that acted; none for a system action.
    #[serde(default)]
    pub acting_user_id: Option<UserId>,
    /// The subject account (provider-member events: the member's account, none while invited).
    #[serde(default)]
    pub user_id: Option<UserId>,
    /// The provider.
    #[serde(default)]
    pub provider_id: Option<ProviderId>,
    /// The subject membership (provider-member events).
    #[serde(default)]
    pub provider_user_id: Option<ProviderUserId>,
    /// The subject provider–organization link id (client events; they carry no organization id).
    #[serde(default)]
    pub provider_organization_id: Option<uuid::Uuid>,
    /// The organization (organization-level events).
    #[serde(default)]
    pub organization_id: Option<OrganizationId>,
    /// The organization membership (organization-level member events).
    #[serde(default)]
    pub organization_user_id: Option<OrganizationUserId>,
    /// The acting client's `DeviceType` code.
    #[serde(default)]
    pub device_type: Option<i64>,
    /// The acting client's address.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// The `EventSystemUser` code when no person acted.
    #[serde(default)]
    pub system_user: Option<i64>,
}

impl ReferenceEvent {
    /// The reference's name of the event type, for the provider codes (1800–1803, 1900–1903);
    /// `None` for any other code, which stays a number.
    pub fn name(&self) -> Option<&'static str> {
        Some(match self.code {
            1800 => "ProviderUser_Invited",
            1801 => "ProviderUser_Confirmed",
            1802 => "ProviderUser_Updated",
            1803 => "ProviderUser_Removed",
            1900 => "ProviderOrganization_Created",
            1901 => "ProviderOrganization_Added",
            1902 => "ProviderOrganization_Removed",
            1903 => "ProviderOrganization_VaultAccessed",
            _ => return None,
        })
    }

    /// Whether no person acted (a system action: no acting account).
    pub fn is_system(&self) -> bool {
        self.acting_user_id.is_none()
    }
}

/// A page of the reference's event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceEventPage {
    /// The events of this page.
    #[serde(rename = "data")]
    pub events: Vec<ReferenceEvent>,
    /// The token to ask for the next page with; none on the last page.
    #[serde(default)]
    pub continuation_token: Option<String>,
}

/// Reads one page of the reference's provider event log: the list envelope
/// `{"object": "list", "data": [...], "continuationToken": …}` or a bare array. Unknown fields
/// and unknown event codes are kept out of the way, not refused.
///
/// ```
/// use mspkit::interop::read_reference_events;
///
/// let page = read_reference_events(r#"{"object": "list", "continuationToken": "abc", "data": [
///     {"object": "event", "type": 1800, "date": "2026-11-20T16:45:00.1234567Z",
///      "actingUserId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "userId": null,
///      "providerId": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
///      "providerUserId": "3f1e2d3c-4b5a-4968-8776-655443322113", "deviceType": 9,
///      "ipAddress": "203.0.113.7", "cipherId": null},
///     {"type": 2099, "date": "2026-11-21T08:00:00"}]}"#)?;
/// assert_eq!(page.events[0].name(), Some("ProviderUser_Invited"));
/// assert_eq!(page.events[1].name(), None); // a code this version does not know stays a number
/// assert_eq!(page.continuation_token.as_deref(), Some("abc"));
/// # Ok::<(), mspkit::Error>(())
/// ```
pub fn read_reference_events(json: &str) -> Result<ReferenceEventPage, Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Page(ReferenceEventPage),
        List(Vec<ReferenceEvent>),
    }
    match super::parse::<Shape>("events", json, |t| serde_json::from_str(t))? {
        Shape::Page(page) => Ok(page),
        Shape::List(events) => Ok(ReferenceEventPage { events, continuation_token: None }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_response_model_is_read_and_the_rest_ignored() {
        let page = read_reference_events(
            r#"[{"object": "event", "type": 1901, "date": "2026-01-15T12:00:00+01:00",
                 "actingUserId": null, "userId": null, "providerId": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
                 "providerUserId": null, "providerOrganizationId": "a0000000-1111-4222-8333-444455556667",
                 "organizationId": null, "organizationUserId": null, "cipherId": null, "collectionId": null,
                 "groupId": null, "policyId": null, "sendId": null, "secretId": null, "projectId": null,
                 "serviceAccountId": null, "grantedServiceAccountId": null, "installationId": null,
                 "deviceType": null, "ipAddress": null, "systemUser": 3, "domainName": null}]"#,
        )
        .unwrap();
        let event = &page.events[0];
        assert_eq!(event.name(), Some("ProviderOrganization_Added"));
        assert_eq!(event.date.to_rfc3339(), "2026-01-15T11:00:00+00:00");
        assert!(event.is_system());
        assert_eq!(event.system_user, Some(3));
        assert_eq!(
            event.provider_organization_id.unwrap().to_string(),
            "a0000000-1111-4222-8333-444455556667"
        );
        assert_eq!(page.continuation_token, None);
    }

    #[test]
    fn a_broken_page_is_refused_with_the_document_named() {
        for bad in ["{", r#"[{"type": "x", "date": "2026-01-15T12:00:00Z"}]"#, r#"[{"type": 1800}]"#] {
            let err = read_reference_events(bad).unwrap_err();
            assert_eq!(err.code(), "reference_malformed", "{bad}");
            assert!(err.to_string().starts_with("the events document"), "{err}");
        }
    }
}
