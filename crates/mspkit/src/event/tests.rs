use chrono::TimeZone;
use uuid::Uuid;

use super::*;
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderUserId};
use crate::team::ProviderUserType;

#[test]
fn changes_are_internally_tagged_with_their_name() {
    let client = OrganizationId::new(Uuid::from_u128(7));
    let change = Change::ClientSeatsChanged { client, from: 3, to: 5, purchase: None };
    let json = serde_json::to_value(&change).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"type": "client_seats_changed", "client": client, "from": 3, "to": 5})
    );
    assert_eq!(json["type"], change.name());
    assert_eq!(serde_json::from_value::<Change>(json).unwrap(), change);
    let unit = serde_json::to_value(Change::ProviderDisabled).unwrap();
    assert_eq!(unit, serde_json::json!({"type": "provider_disabled"}));
    assert!(serde_json::from_value::<Change>(serde_json::json!({"type": "client_deleted"})).is_err());
    assert!(
        serde_json::from_value::<Change>(
            serde_json::json!({"type": "client_deleted", "client": client, "extra": 1})
        )
        .is_err(),
        "unknown fields are refused"
    );
}

#[test]
fn an_event_time_reads_as_chrono_reads_it() {
    let read = |text: &str| serde_json::from_value::<DateTime<Utc>>(serde_json::json!(text));
    let fast = |text: &str| read_time(serde_json::json!(text));
    for text in [
        "2026-11-02T09:30:00Z",
        "1999-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z",
        "2024-02-29T12:00:00Z",
        "2023-02-29T12:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-11-02T24:00:00Z",
        "2016-12-31T23:59:60Z",
        "2026-11-02T09:30:00.5Z",
        "2026-11-02T09:30:00+02:00",
        "2026-11-02t09:30:00z",
        "2026-11-02 09:30:00Z",
        "+2026-11-02T09:30:00Z",
        "2026-1a-02T09:30:00Z",
        "2026-11-02T09:30:00",
        "",
    ] {
        assert_eq!(fast(text).map_err(|e| e.to_string()), read(text).map_err(|e| e.to_string()), "{text}");
    }
    assert_eq!(
        utc_seconds("2026-11-02T09:30:00Z"),
        Some(Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap())
    );
    assert_eq!(utc_seconds("2016-12-31T23:59:60Z"), None, "a leap second is chrono's to read");
    for wrong in [serde_json::json!(5), serde_json::json!(null), serde_json::json!({"at": 1})] {
        assert_eq!(
            read_time(wrong.clone()).map_err(|e| e.to_string()),
            serde_json::from_value::<DateTime<Utc>>(wrong).map_err(|e| e.to_string())
        );
    }
}

#[test]
fn events_export_as_csv() {
    let provider = ProviderId::new(Uuid::from_u128(1));
    let member = ProviderUserId::new(Uuid::from_u128(2));
    let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap();
    let events = [
        Event {
            provider,
            sequence: 1,
            at,
            actor: Actor::Member(member),
            change: Change::MemberConfirmed { member },
        },
        Event { provider, sequence: 2, at, actor: Actor::System, change: Change::ProviderDisabled },
    ];
    let csv = events_to_csv(&events, &EventLabels::from_events(&events));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "time,code,event,actor_email,subject,details");
    assert_eq!(
        lines[1],
        "2026-11-02T09:30:00Z,1801,member_confirmed,00000000-0000-0000-0000-000000000002,00000000-0000-0000-0000-000000000002,\"{\"\"member\"\":\"\"00000000-0000-0000-0000-000000000002\"\"}\""
    );
    assert_eq!(
        lines[2],
        "2026-11-02T09:30:00Z,,provider_disabled,system,00000000-0000-0000-0000-000000000001,{}"
    );
    let mut labels = EventLabels::default();
    labels.learn(&Event {
        provider,
        sequence: 3,
        at,
        actor: Actor::System,
        change: Change::MemberInvited {
            member,
            email: Email::new("grace@x.example").unwrap(),
            role: ProviderUserType::ServiceUser,
            expires_at: at,
        },
    });
    let named = events_to_csv(&events[..1], &labels);
    assert!(
        named
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2026-11-02T09:30:00Z,1801,member_confirmed,grace@x.example,grace@x.example,")
    );
}
