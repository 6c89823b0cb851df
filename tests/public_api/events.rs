//! Events carry their data: replaying a provider's log gives the live provider, and an event that
//! does not fit is refused with its typed error, leaving the provider as it was.

use std::collections::BTreeSet;

use mspkit::{
    Actor, Change, ClientMember, Email, Error, Event, NewClient, OrganizationId, OrganizationUserStatus,
    OrganizationUserType, PlanType, Provider, ProviderId, ProviderSettings, ProviderStatus, ProviderType,
    ProviderUserId, ProviderUserType, UserId,
};
use serde_json::json;
use uuid::Uuid;

use crate::support::{ADMIN, BILLING, email, hours, t0};

/// A provider and the log of every event its commands returned.
struct Journal {
    provider: Provider,
    log: Vec<Event>,
    admin: ProviderUserId,
}

impl Journal {
    fn new(kind: ProviderType) -> Self {
        let settings =
            ProviderSettings::new("Northwind IT").unwrap().with_billing_email(Some(email(BILLING)));
        let (mut provider, mut log) =
            Provider::issue(ProviderId::new(Uuid::from_u128(1)), kind, settings, email(ADMIN), t0());
        let admin = provider.set_up(UserId::new(Uuid::from_u128(2)), &email(ADMIN), t0()).unwrap();
        log.extend(admin.events);
        Self { provider, log, admin: admin.id }
    }

    fn record(&mut self, events: Result<Vec<Event>, Error>) {
        self.log.extend(events.unwrap());
    }

    fn new_client(&mut self, name: &str, seats: u32) -> OrganizationId {
        let new = NewClient {
            name: name.to_owned(),
            owner_email: email(&format!("owner@{}.example", name.to_lowercase())),
            plan: PlanType::TeamsMonthly,
            seats,
            first_collection: None,
        };
        let created = self.provider.create_client(self.admin, new, t0()).unwrap();
        self.log.extend(created.events);
        created.id
    }

    /// The next event of this provider, with `change`.
    fn next(&self, change: Change) -> Event {
        Event {
            provider: self.provider.id(),
            sequence: self.provider.last_sequence() + 1,
            at: t0() + hours(1),
            actor: Actor::Member(self.admin),
            change,
        }
    }

    /// Applies `event`, expecting `code`, and checks that the provider did not change.
    fn refused(&mut self, event: &Event, code: &str) {
        let before = self.provider.clone();
        let Err(err) = self.provider.apply(event) else { panic!("{:?} was applied", event.change) };
        assert_eq!(err.code(), code, "{err} ({:?})", event.change);
        assert_eq!(self.provider, before, "a refused event changes nothing");
    }
}

/// A provider taken through every kind of command.
fn busy() -> (Journal, OrganizationId) {
    let mut j = Journal::new(ProviderType::Msp);
    let admin = j.admin;
    let t = t0();
    let events = j.provider.mark_billable(t);
    j.record(events);
    let events =
        j.provider.invite(admin, &["grace@x.example", "alan@x.example"], ProviderUserType::ServiceUser, t);
    j.record(events);
    let grace = j.provider.member_by_email(&email("grace@x.example")).unwrap().id();
    let alan = j.provider.member_by_email(&email("alan@x.example")).unwrap().id();
    let events = j.provider.reinvite(admin, alan, t + hours(2));
    j.record(events);
    let events = j.provider.accept(
        grace,
        UserId::new(Uuid::from_u128(3)),
        &email("grace@x.example"),
        Some(" ab cd "),
        t,
    );
    j.record(events);
    let events = j.provider.confirm(admin, grace, Some("ab cd"), t);
    j.record(events);
    let contoso = j.new_client("Contoso", 3);
    let fabrikam = j.new_client("Fabrikam", 2);
    let events = j.provider.set_client_scope(admin, grace, Some(BTreeSet::from([contoso, fabrikam])), t);
    j.record(events);
    // Within the minimum, so a service user may add seats.
    let events = j.provider.set_seat_minimum(Some(admin), PlanType::TeamsMonthly, 10, t);
    j.record(events);
    let events = j.provider.set_client_seats(grace, contoso, 5, t);
    j.record(events);
    let owner = ClientMember::new(
        email("boss@contoso.example"),
        OrganizationUserType::Owner,
        OrganizationUserStatus::Confirmed,
    );
    let events = j.provider.add_client_member(admin, contoso, owner, t);
    j.record(events);
    let helper = ClientMember::new(
        email("help@contoso.example"),
        OrganizationUserType::User,
        OrganizationUserStatus::Invited,
    );
    let events = j.provider.add_client_member(admin, contoso, helper, t);
    j.record(events);
    let events = j.provider.remove_client_member(admin, contoso, &email("help@contoso.example"), t);
    j.record(events);
    let events = j.provider.change_role(admin, grace, ProviderUserType::ProviderAdmin, t);
    j.record(events);
    let events = j.provider.revoke(admin, grace, t);
    j.record(events);
    let events = j.provider.restore(admin, grace, t);
    j.record(events);
    let use_events = j.provider.settings().use_events();
    let settings = j.provider.settings().clone().with_use_events(!use_events);
    let events = j.provider.update_settings(admin, settings, t);
    j.record(events);
    let (leaving, events) = j.provider.unlink_client(admin, contoso, t + hours(3)).unwrap();
    assert_eq!((leaving.id(), leaving.managed()), (contoso, false));
    assert_eq!(leaving.billing_email().map(Email::as_str), Some("boss@contoso.example"));
    j.log.extend(events);
    let events = j.provider.set_enabled(false, t);
    j.record(events);
    let events = j.provider.set_enabled(true, t);
    j.record(events);
    let events = j.provider.remove(admin, &[alan], t);
    j.record(events);
    (j, fabrikam)
}

#[test]
fn replaying_the_log_gives_the_live_provider_byte_for_byte() {
    let (j, fabrikam) = busy();
    let replayed = Provider::replay(&j.log).unwrap();
    assert_eq!(replayed, j.provider);
    assert_eq!(replayed.to_json(), j.provider.to_json());
    assert_eq!(j.provider.last_sequence(), u64::try_from(j.log.len()).unwrap());
    let sequences: Vec<u64> = j.log.iter().map(|e| e.sequence).collect();
    assert_eq!(sequences, (1..=u64::try_from(j.log.len()).unwrap()).collect::<Vec<_>>());
    // Every event survives JSON, and the log read back replays to the same provider.
    let lines: Vec<String> = j.log.iter().map(|e| serde_json::to_string(e).unwrap()).collect();
    let read: Vec<Event> = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(read, j.log);
    assert_eq!(Provider::replay(&read).unwrap(), j.provider);
    // The replayed provider keeps working: ids it derives are the live provider's.
    let (mut live, mut again) = (j.provider.clone(), replayed);
    assert_eq!(
        live.set_client_seats(j.admin, fabrikam, 4, t0()).unwrap(),
        again.set_client_seats(j.admin, fabrikam, 4, t0()).unwrap()
    );
}

#[test]
fn events_carry_their_data_internally_tagged() {
    let (j, _) = busy();
    let seats = j.log.iter().find(|e| e.kind() == "client_seats_changed").unwrap();
    let value = serde_json::to_value(seats).unwrap();
    assert_eq!(value["change"]["type"], "client_seats_changed");
    assert_eq!((value["change"]["from"].clone(), value["change"]["to"].clone()), (json!(3), json!(5)));
    assert_eq!(seats.code(), None);
    let invited = j.log.iter().find(|e| e.kind() == "member_invited").unwrap();
    let Change::MemberInvited { email, role, expires_at, .. } = &invited.change else { panic!() };
    assert_eq!((email.as_str(), *role), ("grace@x.example", ProviderUserType::ServiceUser));
    assert_eq!(*expires_at, t0() + hours(120));
    assert_eq!(invited.code(), Some(1800));
    let kinds: BTreeSet<&str> = j.log.iter().map(Event::kind).collect();
    for kind in [
        "provider_issued",
        "provider_set_up",
        "provider_status_changed",
        "member_reinvited",
        "member_accepted",
        "member_confirmed",
        "member_scope_changed",
        "member_role_changed",
        "member_revoked",
        "member_restored",
        "member_removed",
        "client_created",
        "client_member_added",
        "client_member_removed",
        "seat_minimum_changed",
        "provider_updated",
        "client_unlinked",
        "provider_disabled",
        "provider_enabled",
    ] {
        assert!(kinds.contains(kind), "{kind}");
    }
}

#[test]
fn a_command_that_changes_nothing_returns_no_event_and_keeps_the_version() {
    let (mut j, fabrikam) = busy();
    let version = j.provider.last_sequence();
    let admin = j.admin;
    assert!(j.provider.set_client_seats(admin, fabrikam, 2, t0()).unwrap().is_empty());
    assert!(j.provider.set_enabled(true, t0()).unwrap().is_empty());
    assert!(j.provider.mark_billable(t0()).unwrap().is_empty());
    let settings = j.provider.settings().clone();
    assert!(j.provider.update_settings(admin, settings, t0()).unwrap().is_empty());
    assert!(j.provider.set_seat_minimum(None, PlanType::TeamsMonthly, 10, t0()).unwrap().is_empty());
    assert_eq!(j.provider.last_sequence(), version);
    // A refused command adds no event either.
    let before = j.provider.clone();
    assert_eq!(j.provider.set_client_seats(admin, fabrikam, 0, t0()).unwrap_err().code(), "seats_zero");
    assert_eq!(j.provider, before);
}

#[test]
fn an_event_of_another_provider_or_out_of_sequence_is_refused() {
    let (mut j, fabrikam) = busy();
    let change = Change::ClientSeatsChanged { client: fabrikam, from: 2, to: 3, purchase: None };
    let mut foreign = j.next(change.clone());
    foreign.provider = ProviderId::new(Uuid::from_u128(99));
    j.refused(&foreign, "event_wrong_provider");
    let mut gap = j.next(change.clone());
    gap.sequence += 1;
    j.refused(&gap, "event_out_of_sequence");
    let mut repeat = j.next(change.clone());
    repeat.sequence -= 1;
    j.refused(&repeat, "event_out_of_sequence");
    let again = j.next(j.log[0].change.clone());
    j.refused(&again, "provider_already_issued");
    // The fitting event still applies afterwards.
    j.provider.apply(&j.next(change)).unwrap();
    assert_eq!(j.provider.client(fabrikam).unwrap().seats(), 3);
}

#[test]
fn a_log_starts_with_the_event_that_issued_the_provider() {
    let (j, _) = busy();
    assert_eq!(Provider::replay(&[]).unwrap_err().code(), "event_log_empty");
    assert_eq!(Provider::replay(&j.log[1..]).unwrap_err().code(), "event_log_not_issuing");
    let mut late = j.log[0].clone();
    late.sequence = 2;
    assert_eq!(Provider::replay([&late]).unwrap_err().code(), "event_log_not_issuing");
    let mut gap: Vec<Event> = j.log;
    gap.remove(3);
    assert_eq!(Provider::replay(&gap).unwrap_err().code(), "event_out_of_sequence");
}

#[test]
fn a_change_the_state_does_not_allow_is_refused_with_its_own_error() {
    let (mut j, fabrikam) = busy();
    let grace = j.provider.member_by_email(&email("grace@x.example")).unwrap().id();
    let nobody = ProviderUserId::new(Uuid::from_u128(77));
    let nowhere = OrganizationId::new(Uuid::from_u128(78));
    let cases = [
        (Change::ClientSeatsChanged { client: fabrikam, from: 7, to: 9, purchase: None }, "event_mismatch"),
        (Change::ClientSeatsChanged { client: fabrikam, from: 2, to: 0, purchase: None }, "seats_zero"),
        (Change::ClientSeatsChanged { client: nowhere, from: 2, to: 3, purchase: None }, "client_not_found"),
        (Change::ClientDeleted { client: nowhere }, "client_not_found"),
        (Change::MemberConfirmed { member: grace }, "member_not_accepted"),
        (
            Change::MemberAccepted {
                member: grace,
                user: UserId::new(Uuid::from_u128(5)),
                public_key_fingerprint: None,
            },
            "member_not_invited",
        ),
        (Change::MemberRestored { member: grace }, "member_not_revoked"),
        (Change::MemberRevoked { member: nobody }, "member_not_found"),
        (
            Change::MemberRoleChanged {
                member: grace,
                from: ProviderUserType::ServiceUser,
                to: ProviderUserType::ProviderAdmin,
            },
            "event_mismatch",
        ),
        (
            Change::MemberScopeChanged { member: grace, scope: Some(BTreeSet::from([fabrikam])) },
            "scope_needs_service_user",
        ),
        (
            Change::MemberScopeChanged { member: grace, scope: Some(BTreeSet::from([nowhere])) },
            "client_not_found",
        ),
        (
            Change::ProviderStatusChanged { from: ProviderStatus::Created, to: ProviderStatus::Billable },
            "event_mismatch",
        ),
        (Change::ProviderEnabled, "event_mismatch"),
        (Change::ProviderDeleted, "provider_has_clients"),
        (Change::SeatMinimumChanged { plan: PlanType::TeamsMonthly, from: 3, to: 4 }, "event_mismatch"),
        (Change::SeatMinimumChanged { plan: PlanType::Free, from: 0, to: 4 }, "plan_not_allowed"),
        (
            Change::MemberInvited {
                member: nobody,
                email: email(ADMIN),
                role: ProviderUserType::ServiceUser,
                expires_at: t0(),
            },
            "already_member",
        ),
        (
            Change::MemberInvited {
                member: grace,
                email: email("new@x.example"),
                role: ProviderUserType::ServiceUser,
                expires_at: t0(),
            },
            "invalid_member_record",
        ),
        (
            Change::ClientMemberAdded {
                client: fabrikam,
                member: ClientMember::new(
                    email("owner@fabrikam.example"),
                    OrganizationUserType::User,
                    OrganizationUserStatus::Invited,
                ),
            },
            "client_member_exists",
        ),
        (
            Change::ClientMemberRemoved { client: fabrikam, email: email("none@x.example") },
            "client_member_not_found",
        ),
    ];
    for (change, code) in cases {
        let event = j.next(change);
        j.refused(&event, code);
    }
}

#[test]
fn the_last_admin_a_full_client_and_an_expired_invitation_hold_on_apply() {
    let (mut j, fabrikam) = busy();
    let grace = j.provider.member_by_email(&email("grace@x.example")).unwrap().id();
    // The last confirmed admin: after grace is demoted, ada is the only one.
    let demote = j.next(Change::MemberRoleChanged {
        member: grace,
        from: ProviderUserType::ProviderAdmin,
        to: ProviderUserType::ServiceUser,
    });
    j.provider.apply(&demote).unwrap();
    let admin = j.admin;
    j.refused(&j.next(Change::MemberRemoved { member: admin }), "last_confirmed_admin");
    j.refused(&j.next(Change::MemberRevoked { member: admin }), "last_confirmed_admin");
    // A full client refuses another seat-holding member; an expired invitation cannot be accepted.
    j.provider
        .apply(&j.next(Change::ClientMemberAdded {
            client: fabrikam,
            member: ClientMember::new(
                email("two@fabrikam.example"),
                OrganizationUserType::User,
                OrganizationUserStatus::Accepted,
            ),
        }))
        .unwrap();
    let third = ClientMember::new(
        email("three@fabrikam.example"),
        OrganizationUserType::User,
        OrganizationUserStatus::Invited,
    );
    j.refused(&j.next(Change::ClientMemberAdded { client: fabrikam, member: third }), "no_free_seats");
    j.refused(
        &j.next(Change::ClientSeatsChanged { client: fabrikam, from: 2, to: 1, purchase: None }),
        "seats_below_occupied",
    );
    let events = j.provider.invite(admin, &["late@x.example"], ProviderUserType::ServiceUser, t0());
    let late = match &events.unwrap()[0].change {
        Change::MemberInvited { member, .. } => *member,
        other => panic!("{other:?}"),
    };
    let mut accept = j.next(Change::MemberAccepted {
        member: late,
        user: UserId::new(Uuid::from_u128(9)),
        public_key_fingerprint: None,
    });
    accept.at = t0() + hours(121);
    j.refused(&accept, "invitation_expired");
}

#[test]
fn a_pending_provider_takes_no_team_or_client_events() {
    let settings = ProviderSettings::new("Pending").unwrap();
    let (mut p, log) =
        Provider::issue(ProviderId::new(Uuid::from_u128(5)), ProviderType::Msp, settings, email(ADMIN), t0());
    let invite = Event {
        provider: p.id(),
        sequence: 2,
        at: t0(),
        actor: Actor::System,
        change: Change::MemberInvited {
            member: ProviderUserId::new(Uuid::from_u128(6)),
            email: email("x@x.example"),
            role: ProviderUserType::ServiceUser,
            expires_at: t0(),
        },
    };
    assert_eq!(p.apply(&invite).unwrap_err().code(), "provider_not_set_up");
    assert_eq!(Provider::replay(&log).unwrap(), p);
}

#[test]
fn scopes_are_checked_in_one_pass_so_a_large_provider_reads_at_once() {
    // Issue 10: 32 000 clients and 11 scoped service users took seconds to read, because each
    // scope entry scanned the client list. Each lookup is now by id; this provider would take
    // minutes to read in a debug build if it were still quadratic.
    let j = Journal::new(ProviderType::Reseller);
    let mut value = serde_json::to_value(&j.provider).unwrap();
    let clients: Vec<serde_json::Value> = (0..32_000u128)
        .map(|i| {
            json!({
                "id": Uuid::from_u128(1_000_000 + i), "name": format!("Client {i}"), "plan": "teams_annually",
                "seats": 1, "enabled": true, "managed": false, "members": [], "created_at": t0(),
            })
        })
        .collect();
    let ids: Vec<serde_json::Value> = clients.iter().map(|c| c["id"].clone()).collect();
    let members = value["members"].as_array_mut().unwrap();
    for i in 0..11u128 {
        members.push(json!({
            "id": Uuid::from_u128(500 + i), "email": format!("su{i}@x.example"), "user_id": Uuid::from_u128(600 + i),
            "role": "service_user", "status": "confirmed", "invited_at": t0(), "client_scope": ids,
        }));
    }
    value["clients"] = json!(clients);
    let read = Provider::from_json(&value.to_string()).unwrap();
    assert_eq!(read.clients().len(), 32_000);
    let su = ProviderUserId::new(Uuid::from_u128(510));
    assert_eq!(read.member(su).unwrap().client_scope().unwrap().len(), 32_000);
    assert_eq!(read.plan_seats(PlanType::TeamsAnnually).assigned_seats, 32_000);
    // A stray scope entry is still found.
    let members = value["members"].as_array_mut().unwrap();
    members[1]["client_scope"] = json!([Uuid::from_u128(42)]);
    assert_eq!(Provider::from_json(&value.to_string()).unwrap_err().code(), "invalid_provider_record");
}

/// The log of `busy()` with `edit` applied to the first line holding `find` (which must exist):
/// that line's number and the reading's result, next to the full check of that line alone.
fn read_edited(
    text: &str,
    find: &str,
    edit: impl Fn(&str) -> String,
) -> (usize, Result<mspkit::EventLog, mspkit::LogError>, Result<(), mspkit::DocumentError>) {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let index = lines.iter().position(|l| l.contains(find)).unwrap_or_else(|| panic!("no line with {find}"));
    lines[index] = edit(&lines[index]);
    let read = mspkit::EventLog::from_jsonl(&lines.join("\n"));
    let checked = mspkit::DocumentReader::new().check_line(&lines[index], "event", index + 1);
    (index + 1, read, checked)
}

#[test]
fn a_log_line_that_repeats_a_key_anywhere_is_refused_with_its_place() {
    let (j, _) = busy();
    let text = mspkit_tests::example_log::unchained(&mspkit::EventLog::new(j.log.clone()).to_jsonl());
    let cases: [(&str, &str, &str); 6] = [
        // The envelope, the tagged change (its tag, a field), an object inside the change.
        ("\"sequence\":2,", "\"sequence\":2,", "\"sequence\":2,\"sequence\":2,"),
        (
            "client_seats_changed",
            "{\"type\":\"client_seats_changed\"",
            "{\"type\":\"client_seats_changed\",\"type\":\"client_seats_changed\"",
        ),
        ("client_seats_changed", "\"from\":", "\"to\":3,\"from\":"),
        ("client_member_added", "\"role\":\"owner\"", "\"role\":\"owner\",\"role\":\"owner\""),
        (
            "\"actor\":{\"type\":\"member\"",
            "\"actor\":{\"type\":\"member\"",
            "\"actor\":{\"type\":\"member\",\"type\":\"member\"",
        ),
        // The same key written with an escape is the same key.
        ("\"sequence\":2,", "\"sequence\":2,", "\"sequence\":2,\"\\u0073equence\":2,"),
    ];
    for (find, from, to) in cases {
        let (number, read, checked) = read_edited(&text, find, |l| l.replacen(from, to, 1));
        let err = read.unwrap_err();
        assert_eq!((err.code(), err.line()), ("duplicate_key", number), "{to}: {err}");
        // The same error, line and column as the full check of that line.
        assert_eq!(err.error(), &Error::Document(checked.unwrap_err()), "{to}");
    }
    // A key written with an escape and not repeated reads as the plain key; a value holding
    // quotes, braces and a key's text is only a value.
    let (_, read, _) =
        read_edited(&text, "\"sequence\":2,", |l| l.replacen("\"sequence\"", "\"\\u0073equence\"", 1));
    assert_eq!(read.unwrap().events(), &j.log[..]);
    let (_, read, checked) = read_edited(&text, "client_seats_changed", |l| {
        l.replacen("\"from\":", "\"from\":\"},{\\\"from\\\":1,\\\"to\\\":\",\"from\":", 1)
    });
    assert_eq!(read.unwrap_err().error(), &Error::Document(checked.unwrap_err()));
}
