//! Domain events: every command that changes a provider returns the events it caused, so an
//! embedding service can persist and audit them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};

/// What happened. Kinds with a reference `EventType` code return it from [`EventKind::code`];
/// the others are mspkit's own (the reference records nothing for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// The vendor issued a new, pending provider.
    ProviderIssued,
    /// The first admin set the provider up (pending → created).
    ProviderSetUp,
    /// The provider's settings changed.
    ProviderUpdated,
    /// The provider's status changed (for example created → billable).
    ProviderStatusChanged,
    /// The provider was enabled.
    ProviderEnabled,
    /// The provider was disabled (for example, unpaid).
    ProviderDisabled,
    /// The provider was deleted.
    ProviderDeleted,
    /// A member was invited (`ProviderUser_Invited`, 1800).
    MemberInvited,
    /// An invitation was sent again with a renewed expiry (`ProviderUser_Invited`, 1800).
    MemberReinvited,
    /// The invited person accepted (no reference code).
    MemberAccepted,
    /// A member was confirmed (`ProviderUser_Confirmed`, 1801).
    MemberConfirmed,
    /// A member's role or client scope changed (`ProviderUser_Updated`, 1802).
    MemberUpdated,
    /// A member was revoked (`ProviderUser_Updated`, 1802: the reference has no revoke).
    MemberRevoked,
    /// A revoked member was restored (`ProviderUser_Updated`, 1802).
    MemberRestored,
    /// A member was removed by an admin (`ProviderUser_Removed`, 1803).
    MemberRemoved,
    /// A member left the provider (`ProviderUser_Removed`, 1803).
    MemberLeft,
    /// A client organization was created (`ProviderOrganization_Created`, 1900).
    ClientCreated,
    /// An existing organization was added as a client (`ProviderOrganization_Added`, 1901).
    ClientAdded,
    /// A client organization was unlinked from the provider (`ProviderOrganization_Removed`, 1902).
    ClientUnlinked,
    /// A client organization was deleted (`ProviderOrganization_Removed`, 1902).
    ClientDeleted,
    /// A provider member opened a client's vault (`ProviderOrganization_VaultAccessed`, 1903).
    ClientVaultAccessed,
    /// A client's seat count changed (no reference code).
    ClientSeatsChanged,
    /// A client was enabled or disabled with its provider (no reference code).
    ClientEnabledChanged,
    /// A plan's seat minimum changed (no reference code).
    SeatMinimumChanged,
    /// A member was added to a client organization (no provider-range reference code).
    ClientMemberAdded,
    /// A member was removed from a client organization (no provider-range reference code).
    ClientMemberRemoved,
}

impl EventKind {
    /// The reference server's `EventType` code, where the reference has one.
    pub fn code(self) -> Option<u16> {
        Some(match self {
            Self::MemberInvited | Self::MemberReinvited => 1800,
            Self::MemberConfirmed => 1801,
            Self::MemberUpdated | Self::MemberRevoked | Self::MemberRestored => 1802,
            Self::MemberRemoved | Self::MemberLeft => 1803,
            Self::ClientCreated => 1900,
            Self::ClientAdded => 1901,
            Self::ClientUnlinked | Self::ClientDeleted => 1902,
            Self::ClientVaultAccessed => 1903,
            Self::ProviderIssued
            | Self::ProviderSetUp
            | Self::ProviderUpdated
            | Self::ProviderStatusChanged
            | Self::ProviderEnabled
            | Self::ProviderDisabled
            | Self::ProviderDeleted
            | Self::MemberAccepted
            | Self::ClientSeatsChanged
            | Self::ClientEnabledChanged
            | Self::SeatMinimumChanged
            | Self::ClientMemberAdded
            | Self::ClientMemberRemoved => return None,
        })
    }

    /// The kind whose reference code is `code` (the first library kind that maps to it).
    pub fn from_code(code: u16) -> Option<Self> {
        Some(match code {
            1800 => Self::MemberInvited,
            1801 => Self::MemberConfirmed,
            1802 => Self::MemberUpdated,
            1803 => Self::MemberRemoved,
            1900 => Self::ClientCreated,
            1901 => Self::ClientAdded,
            1902 => Self::ClientUnlinked,
            1903 => Self::ClientVaultAccessed,
            _ => return None,
        })
    }
}

/// Who caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// A member of the provider's team.
    Member(ProviderUserId),
    /// A person acting on their own account: setting up a provider, accepting an invitation.
    User(UserId),
    /// The vendor or the billing system (issuing, enabling, disabling a provider).
    System,
}

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// The provider itself.
    Provider(ProviderId),
    /// One membership in the provider's team.
    Member(ProviderUserId),
    /// One client organization.
    Client(OrganizationId),
}

/// One thing that happened to a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The provider it happened to.
    pub provider: ProviderId,
    /// The position of the event in the provider's history (1, 2, 3, …).
    pub sequence: u64,
    /// What happened.
    pub kind: EventKind,
    /// Who did it.
    pub actor: Actor,
    /// What it was done to.
    pub subject: Subject,
    /// When it happened (the `now` the command was given).
    pub at: DateTime<Utc>,
}

impl Event {
    /// The reference server's `EventType` code, if it has one.
    pub fn code(&self) -> Option<u16> {
        self.kind.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_codes_round_trip() {
        for code in [1800, 1801, 1802, 1803, 1900, 1901, 1902, 1903] {
            assert_eq!(EventKind::from_code(code).and_then(EventKind::code), Some(code));
        }
        assert_eq!(EventKind::from_code(1500), None);
        assert_eq!(EventKind::MemberAccepted.code(), None);
    }
}

/// The columns of the event-log CSV export, in order.
pub const CSV_COLUMNS: [&str; 8] =
    ["sequence", "at", "kind", "code", "actor_type", "actor_id", "subject_type", "subject_id"];

/// Renders events as the provider event-log CSV export (one header row, then one row per event,
/// times in RFC 3339 UTC). Use [`Provider::export_events`](crate::Provider::export_events) to
/// export with the permission check.
pub fn events_to_csv(events: &[Event]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<[String; 8]> = Vec::with_capacity(events.len().saturating_add(1));
    rows.push(CSV_COLUMNS.map(str::to_owned));
    for e in events {
        let (actor_type, actor_id) = match e.actor {
            Actor::Member(id) => ("member", id.to_string()),
            Actor::User(id) => ("user", id.to_string()),
            Actor::System => ("system", String::new()),
        };
        let (subject_type, subject_id) = match e.subject {
            Subject::Provider(id) => ("provider", id.to_string()),
            Subject::Member(id) => ("member", id.to_string()),
            Subject::Client(id) => ("client", id.to_string()),
        };
        let kind =
            serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        rows.push([
            e.sequence.to_string(),
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            kind,
            e.code().map(|c| c.to_string()).unwrap_or_default(),
            actor_type.to_owned(),
            actor_id,
            subject_type.to_owned(),
            subject_id,
        ]);
    }
    for row in rows {
        // Writing to memory cannot fail; a failure would only drop the row, never panic.
        let _ = out.write_record(&row);
    }
    out.into_inner().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

#[cfg(test)]
mod csv_tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn events_export_as_csv() {
        let provider = ProviderId::new(uuid::Uuid::from_u128(1));
        let member = ProviderUserId::new(uuid::Uuid::from_u128(2));
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap();
        let events = [
            Event {
                provider,
                sequence: 1,
                kind: EventKind::MemberInvited,
                actor: Actor::Member(member),
                subject: Subject::Member(member),
                at,
            },
            Event {
                provider,
                sequence: 2,
                kind: EventKind::ProviderDisabled,
                actor: Actor::System,
                subject: Subject::Provider(provider),
                at,
            },
        ];
        let csv = events_to_csv(&events);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "sequence,at,kind,code,actor_type,actor_id,subject_type,subject_id");
        assert_eq!(
            lines[1],
            "1,2026-11-02T09:30:00Z,member_invited,1800,member,00000000-0000-0000-0000-000000000002,member,00000000-0000-0000-0000-000000000002"
        );
        assert_eq!(
            lines[2],
            "2,2026-11-02T09:30:00Z,provider_disabled,,system,,provider,00000000-0000-0000-0000-000000000001"
        );
    }
}
