use chrono::TimeZone;
use uuid::Uuid;

use super::*;
use crate::document::{DocumentError, DocumentReader, keys_surely_distinct};
use crate::event_log::chain::ChainedLine;
use crate::ids::ProviderId;
use crate::provider::clients::{OrganizationUserStatus, OrganizationUserType};

/// The kinds [`refuses_repeated_keys`] vouches for: each must have a sample below.
const STRICT: &[&str] = &[
    "provider_set_up",
    "provider_status_changed",
    "provider_enabled",
    "provider_disabled",
    "provider_deleted",
    "provider_access_suspended",
    "seat_minimum_changed",
    "member_invited",
    "member_reinvited",
    "member_accepted",
    "member_confirmed",
    "member_role_changed",
    "member_scope_changed",
    "member_revoked",
    "member_restored",
    "member_removed",
    "member_left",
    "client_created",
    "client_added",
    "client_seats_changed",
    "client_member_added",
    "client_member_removed",
    "client_unlinked",
    "client_deleted",
    "client_vault_accessed",
    "client_reference_set",
    "deployment_step_started",
    "deployment_step_completed",
    "deployment_step_skipped",
    "deployment_step_blocked",
    "deployment_step_reopened",
    "deployment_phase_completed",
    "deployment_phase_reopened",
];

/// The derived reader's verdict on one line (what a log reports).
fn derived(text: &str) -> Result<Event, DocumentError> {
    DocumentReader::new().parse_line(text, "event", 1)
}

/// The events of the example log, as written, and events of the strict kinds it lacks.
fn samples() -> Vec<String> {
    let text = std::fs::read_to_string("../../examples/events.jsonl").unwrap();
    let mut bodies: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|line| ChainedLine::split(line.as_bytes()))
        .map(|split| String::from_utf8(split.body().to_vec()).unwrap())
        .collect();
    let id = |n: u128| Uuid::from_u128(n);
    let client = OrganizationId::new(id(7));
    let member = ProviderUserId::new(id(8));
    let email = Email::new("someone@client.example").unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let purchase = SeatPurchase {
        client,
        plan: PlanType::TeamsMonthly,
        on: day,
        seats: 2,
        unit_price: Money::from_cents(400),
        remaining_days: 10,
        period_days: 30,
        cost: Money::from_cents(267),
        charged_on: day,
    };
    let changes = [
        Change::ProviderEnabled,
        Change::ProviderDisabled,
        Change::ProviderDeleted,
        Change::ProviderAccessSuspended { reason: "incident".to_owned() },
        Change::MemberReinvited { member, expires_at: at },
        Change::MemberRoleChanged {
            member,
            from: ProviderUserType::ServiceUser,
            to: ProviderUserType::ProviderAdmin,
        },
        Change::MemberRestored { member },
        Change::MemberRemoved { member },
        Change::MemberLeft { member },
        Change::ClientAdded {
            client,
            name: "Tailspin".to_owned(),
            plan: PlanType::EnterpriseMonthly,
            seats: 3,
            billing_email: email.clone(),
            members: vec![ClientMember::new(
                email.clone(),
                OrganizationUserType::Owner,
                OrganizationUserStatus::Confirmed,
            )],
        },
        Change::ClientSeatsChanged { client, from: 3, to: 5, purchase: Some(purchase) },
        Change::ClientSeatsChanged { client, from: 5, to: 4, purchase: None },
        Change::ClientMemberRemoved { client, email: email.clone() },
        Change::ClientUnlinked { client, billing_email: email, reenabled: true },
        Change::ClientDeleted { client },
        Change::ClientVaultAccessed { client },
        Change::DeploymentStepReopened { client, step: 3 },
        Change::DeploymentPhaseReopened { client, phase: 2 },
    ];
    let actors = [Actor::System, Actor::Member(member), Actor::User(UserId::new(id(9)))];
    for (i, change) in changes.into_iter().enumerate() {
        let actor = actors.get(i % actors.len()).copied().unwrap();
        let event = Event { provider: ProviderId::new(id(1)), sequence: 4 + i as u64, at, actor, change };
        bodies.push(serde_json::to_string(&event).unwrap());
    }
    bodies
}

#[test]
fn the_one_pass_reads_what_the_derived_reader_reads() {
    let mut seen = BTreeSet::new();
    for body in samples() {
        let (event, strict) =
            read_event_line(&body).unwrap_or_else(|| panic!("not read in one pass: {body}"));
        assert_eq!(Ok(&event), derived(&body).as_ref(), "{body}");
        assert_eq!(strict, STRICT.contains(&event.kind()), "{}", event.kind());
        seen.insert(event.kind());
    }
    for kind in STRICT {
        assert!(seen.contains(kind), "no sample of {kind}");
    }
}

/// `text` with `member` inserted at the start of the object that opens at byte `at`.
fn insert(text: &str, at: usize, member: &str) -> String {
    format!("{}{member},{}", &text[..=at], &text[at + 1..])
}

/// The first member (`"key":value`) of the object that opens at byte `at`.
fn first_member(text: &str, at: usize) -> Option<&str> {
    let rest = &text[at + 1..];
    let key_end = rest.get(1..)?.find('"')? + 2;
    let value = rest.get(key_end + 1..)?;
    let mut values = serde_json::Deserializer::from_str(value).into_iter::<IgnoredAny>();
    values.next()?.ok()?;
    rest.get(..key_end + 1 + values.byte_offset())
}

#[test]
fn a_repeated_or_unknown_key_is_never_vouched_for() {
    let mut mutations = 0;
    for body in samples() {
        let strict = read_event_line(&body).is_some_and(|(_, strict)| strict);
        for (at, _) in body.match_indices("{\"") {
            let mut variants = vec![insert(&body, at, "\"zz\":0,\"zz\":0")];
            if let Some(member) = first_member(&body, at) {
                variants.push(insert(&body, at, member));
            }
            for mutated in variants {
                mutations += 1;
                assert!(
                    matches!(
                        DocumentReader::new().check(&mutated, "event"),
                        Err(DocumentError::DuplicateKey { .. })
                    ),
                    "{mutated}"
                );
                let vouched = read_event_line(&mutated)
                    .is_some_and(|(_, strict)| strict || keys_surely_distinct(&mutated));
                assert!(!vouched, "a repeated key got through: {mutated}");
                if strict {
                    assert!(read_event_line(&mutated).is_none(), "{mutated}");
                }
            }
        }
    }
    assert!(mutations > 1000, "{mutations}");
}

#[test]
fn other_layouts_are_left_to_the_derived_reader() {
    let client = OrganizationId::new(Uuid::from_u128(7));
    let written = serde_json::to_string(&Event {
        provider: ProviderId::new(Uuid::from_u128(1)),
        sequence: 2,
        at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
        actor: Actor::System,
        change: Change::ClientDeleted { client },
    })
    .unwrap();
    assert!(read_event_line(&written).is_some());
    let seq = |to: &str| written.replacen(r#""sequence":2,"#, &format!(r#""sequence":{to},"#), 1);
    // (text, whether the derived reader reads it)
    let others = [
        // `type` after the change's data, the envelope in another order, an escaped key, the
        // actor with an id it does not need, space between members: valid, not mspkit's layout.
        (
            written.replace(
                r#"{"type":"client_deleted","client":"00000000-0000-0000-0000-000000000007"}"#,
                r#"{"client":"00000000-0000-0000-0000-000000000007","type":"client_deleted"}"#,
            ),
            true,
        ),
        (written.replace(r#""sequence":2,"#, "").replace(r#""change""#, r#""sequence":2,"change""#), true),
        (written.replace(r#""sequence":"#, r#""sequenc\u0065":"#), true),
        (written.replace(r#"{"type":"system"}"#, r#"{"type":"system","id":null}"#), true),
        (seq(" 2"), true),
        (written.replace(r#""at":"2026-11-02T09:00:00Z""#, r#""at":"2026-11-02T09:00:00+00:00""#), true),
        // Not JSON, or not an event: a leading zero, a sequence out of range, a fraction, a
        // sign, trailing text, a UUID cut short.
        (seq("02"), false),
        (seq("18446744073709551616"), false),
        (seq("2.0"), false),
        (seq("-2"), false),
        (format!("{written} x"), false),
        (
            written.replacen(
                "00000000-0000-0000-0000-000000000001",
                "00000000-0000-0000-0000-00000000001",
                1,
            ),
            false,
        ),
    ];
    for (text, valid) in &others {
        assert!(read_event_line(text).is_none(), "{text}");
        assert_eq!(derived(text).is_ok(), *valid, "{text}");
    }
    // The largest sequence, and UUIDs in capitals, are read in one pass as the derived reader
    // reads them.
    for text in [
        seq("18446744073709551615"),
        written.replace("0000-0000-0000-000000000007", "0000-0000-0000-00000000000A"),
    ] {
        let (event, _) = read_event_line(&text).unwrap();
        assert_eq!(Ok(event), derived(&text), "{text}");
    }
}
