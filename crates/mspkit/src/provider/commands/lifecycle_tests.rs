//! One test per cell of the client lifecycle table in `DESIGN.md` ("Client lifecycle states"):
//! the move from the row's state to the column's state is recorded or refused, and its billing
//! effect is checked — the seats billed to the client, the PSA quantity, the client invoice
//! report (state, order, the not-for-resale subtotal), the provider's own invoice and seats
//! (unchanged in every cell), access (a suspended client is disabled and refuses
//! administration), and the log (its replay and the document give the same provider).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use crate::billing::{BillingMonth, CollectionMethod, Discount, SeatPrices};
use crate::permissions::{Action, Target, authorize};
use crate::{
    ClientMember, ClientState, Email, Event, NewClient, OrganizationId, OrganizationUserStatus,
    OrganizationUserType, PlanType, Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserId,
    UserId,
};

/// The contract's seats and the seats its members occupy.
const SEATS: u32 = 10;
const OCCUPIED: u32 = 3;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn trial() -> ClientState {
    ClientState::Trial { until: day(15) }
}

/// A billable MSP with a running subscription (Teams minimum 12) and two Teams clients:
/// `Contoso` (the one moved: 10 seats, 3 occupied) first and `Fabrikam` (4 seats) second.
fn fixture() -> (Provider, Vec<Event>, ProviderUserId, OrganizationId) {
    let settings = ProviderSettings::new("Northwind IT")
        .unwrap()
        .with_billing_email(Some(Email::new("billing@northwind.example").unwrap()));
    let ada = Email::new("ada@northwind.example").unwrap();
    let start = now() - chrono::Duration::days(40);
    let (mut p, mut log) =
        Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), start);
    let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, start).unwrap();
    log.extend(admin.events);
    let admin = admin.id;
    log.extend(p.mark_billable(start).unwrap());
    log.extend(p.set_seat_minimum(None, PlanType::TeamsMonthly, 12, start).unwrap());
    let mut ids = Vec::new();
    for (name, seats) in [("Contoso", SEATS), ("Fabrikam", 4)] {
        let new = NewClient {
            name: name.to_owned(),
            owner_email: Email::new("owner@client.example").unwrap(),
            plan: PlanType::TeamsMonthly,
            seats,
            first_collection: None,
        };
        let created = p.create_client(admin, new, start).unwrap();
        log.extend(created.events);
        ids.push(created.id);
    }
    for i in 1..OCCUPIED {
        let member = ClientMember::new(
            Email::new(&format!("m{i}@contoso.example")).unwrap(),
            OrganizationUserType::User,
            OrganizationUserStatus::Confirmed,
        );
        log.extend(p.add_client_member(admin, ids[0], member, start).unwrap());
    }
    log.extend(
        p.start_subscription(
            start.date_naive(),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::SendInvoice,
            start,
        )
        .unwrap(),
    );
    (p, log, admin, ids[0])
}

/// What a client in `state` is billed: every seat when active or suspended, the occupied ones
/// when paused, none on trial or not-for-resale.
fn billed(state: ClientState) -> u32 {
    match state {
        ClientState::Active | ClientState::Suspended => SEATS,
        ClientState::Paused => OCCUPIED,
        _ => 0,
    }
}

/// Checks every billing and access effect of `client` being in `state`.
fn check_effects(p: &Provider, admin: ProviderUserId, client: OrganizationId, state: ClientState) {
    assert_eq!(p.client(client).unwrap().state(), state);
    assert_eq!(p.client_billed_seats(client), Some(billed(state)));
    // The PSA agreement's quantity is what the client is billed for.
    let psa = p.psa_export().unwrap();
    let row = psa.rows.iter().find(|r| r.client_id == client).unwrap();
    assert_eq!((row.quantity, row.state), (billed(state), state));
    assert_eq!(row.total, row.unit_price.checked_mul(i64::from(billed(state))).unwrap());
    // The client invoice report: the provider's cost share is the same in every state; a
    // not-for-resale client comes after the resold ones, its total apart.
    let report = p.client_invoice_report().unwrap();
    let clients: Vec<_> = report.rows.iter().filter(|r| r.id.is_some()).collect();
    let position = clients.iter().position(|r| r.id == Some(client)).unwrap();
    let row = clients[position];
    assert_eq!((row.state, row.assigned, row.used), (state, u64::from(SEATS), u64::from(OCCUPIED)));
    assert_eq!(row.estimated_total, crate::billing::Money::from_cents(4_000));
    assert_eq!(row.billed_seats(), u64::from(billed(state)));
    if state == ClientState::NotForResale {
        assert_eq!(position, 1, "shown apart: after the resold clients");
        assert_eq!(report.not_for_resale_total, row.estimated_total);
    } else {
        assert_eq!(position, 0);
        assert_eq!(report.not_for_resale_total, crate::billing::Money::ZERO);
    }
    assert_eq!(report.total, crate::billing::Money::from_cents(5_600), "(10 + 4) seats × $4");
    // Counted against the provider's seats as the reference counts them: always.
    let seats = p.plan_seats(PlanType::TeamsMonthly);
    assert_eq!((seats.assigned_seats, seats.purchased_seats), (14, 2));
    let invoice = p.invoice(BillingMonth::of(day(20))).unwrap();
    assert_eq!(invoice.lines[0].quantity, 14);
    // Access: a suspended client is disabled and refuses administration.
    let suspended = state == ClientState::Suspended;
    assert_eq!(p.client_enabled(client), Some(!suspended));
    let denial = authorize(p, admin, Action::AdministerClient, Target::Client(client));
    assert_eq!(denial.err().map(|d| d.code()), suspended.then_some("client_suspended"));
    // Billing stays open on a suspended client.
    assert!(authorize(p, admin, Action::ManageBilling, Target::Provider).is_ok());
}

/// How a cell of the table ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Recorded: one `client_state_changed` event.
    Moved,
    /// The same state: no event.
    Same,
    /// Refused with this code; nothing changes.
    Refused(&'static str),
}

/// Puts the client in `from` (every state is reachable from active), then asks for `to`.
fn cell(from: ClientState, to: ClientState, outcome: Outcome) {
    let (mut p, mut log, admin, client) = fixture();
    if from != ClientState::Active {
        log.extend(p.set_client_state(admin, client, from, now()).unwrap());
    }
    check_effects(&p, admin, client, from);
    let before = p.clone();
    let result = p.set_client_state(admin, client, to, now());
    match outcome {
        Outcome::Moved => {
            let events = result.unwrap();
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].change, crate::Change::ClientStateChanged { client, from, to });
            log.extend(events);
            check_effects(&p, admin, client, to);
        }
        Outcome::Same => {
            assert_eq!(result.unwrap(), []);
            assert_eq!(p, before);
        }
        Outcome::Refused(code) => {
            assert_eq!(result.unwrap_err().code(), code);
            assert_eq!(p, before);
            // The log cannot say otherwise: the forged event is refused with the same code.
            let forged = Event {
                provider: p.id(),
                sequence: p.last_sequence() + 1,
                at: now(),
                actor: crate::Actor::Member(admin),
                change: crate::Change::ClientStateChanged { client, from, to },
            };
            let err = p.apply(&forged).unwrap_err();
            assert_eq!(err.code(), if from == to { "event_mismatch" } else { code });
            assert_eq!(p, before);
            check_effects(&p, admin, client, from);
        }
    }
    assert_eq!(Provider::replay(&log).unwrap(), p, "the log replays to the provider");
    assert_eq!(Provider::from_json(&p.to_json().unwrap()).unwrap(), p, "the document reads back");
}

const REFUSED: Outcome = Outcome::Refused("client_state_transition_refused");

macro_rules! cells {
    ($($name:ident: $from:expr => $to:expr, $outcome:expr;)*) => {
        $(
            #[test]
            fn $name() {
                cell($from, $to, $outcome);
            }
        )*
    };
}

cells! {
    active_to_active: ClientState::Active => ClientState::Active, Outcome::Same;
    active_to_trial: ClientState::Active => trial(), Outcome::Moved;
    active_to_not_for_resale: ClientState::Active => ClientState::NotForResale, Outcome::Moved;
    active_to_paused: ClientState::Active => ClientState::Paused, Outcome::Moved;
    active_to_suspended: ClientState::Active => ClientState::Suspended, Outcome::Moved;

    trial_to_active: trial() => ClientState::Active, Outcome::Moved;
    trial_to_the_same_trial: trial() => trial(), Outcome::Same;
    trial_to_a_longer_trial: trial() => ClientState::Trial { until: day(31) }, Outcome::Moved;
    trial_to_not_for_resale: trial() => ClientState::NotForResale, Outcome::Moved;
    trial_to_paused: trial() => ClientState::Paused, REFUSED;
    trial_to_suspended: trial() => ClientState::Suspended, Outcome::Moved;

    not_for_resale_to_active: ClientState::NotForResale => ClientState::Active, Outcome::Moved;
    not_for_resale_to_trial: ClientState::NotForResale => trial(), REFUSED;
    not_for_resale_to_not_for_resale: ClientState::NotForResale => ClientState::NotForResale, Outcome::Same;
    not_for_resale_to_paused: ClientState::NotForResale => ClientState::Paused, REFUSED;
    not_for_resale_to_suspended: ClientState::NotForResale => ClientState::Suspended, Outcome::Moved;

    paused_to_active: ClientState::Paused => ClientState::Active, Outcome::Moved;
    paused_to_trial: ClientState::Paused => trial(), REFUSED;
    paused_to_not_for_resale: ClientState::Paused => ClientState::NotForResale, REFUSED;
    paused_to_paused: ClientState::Paused => ClientState::Paused, Outcome::Same;
    paused_to_suspended: ClientState::Paused => ClientState::Suspended, Outcome::Moved;

    suspended_to_active: ClientState::Suspended => ClientState::Active, Outcome::Moved;
    suspended_to_trial: ClientState::Suspended => trial(), REFUSED;
    suspended_to_not_for_resale: ClientState::Suspended => ClientState::NotForResale, REFUSED;
    suspended_to_paused: ClientState::Suspended => ClientState::Paused, REFUSED;
    suspended_to_suspended: ClientState::Suspended => ClientState::Suspended, Outcome::Same;

    active_to_a_trial_ended_yesterday: ClientState::Active => ClientState::Trial { until: day(1).pred_opt().unwrap() }, Outcome::Refused("trial_end_invalid");
    active_to_a_trial_of_ninety_one_days: ClientState::Active => ClientState::Trial { until: day(1) + chrono::Days::new(91) }, Outcome::Refused("trial_end_invalid");
}

#[test]
fn a_trial_warns_the_week_before_it_ends_and_after_it_ended() {
    let (mut p, _, admin, client) = fixture();
    p.set_client_state(admin, client, trial(), now()).unwrap();
    let codes = |p: &Provider, d: u32| -> Vec<&'static str> {
        let at = Utc.with_ymd_and_hms(2026, 12, d, 12, 0, 0).unwrap();
        p.warnings(at).iter().map(crate::Warning::code).filter(|c| c.starts_with("trial")).collect()
    };
    assert_eq!(codes(&p, 7), Vec::<&str>::new(), "8 days before");
    assert_eq!(codes(&p, 8), ["trial_ending"], "7 days before");
    assert_eq!(codes(&p, 15), ["trial_ending"], "its last day");
    assert_eq!(codes(&p, 16), ["trial_ended"]);
    let at = Utc.with_ymd_and_hms(2026, 12, 15, 0, 0, 0).unwrap();
    let w = p.warnings(at).into_iter().find(|w| w.code() == "trial_ending").unwrap();
    assert_eq!(
        w,
        crate::Warning::TrialEnding { client, name: "Contoso".to_owned(), until: day(15), days_left: 0 }
    );
    assert!(w.message().contains("make it active or suspend it"), "{}", w.message());
    // The MSP decides: once it did, no warning.
    p.set_client_state(admin, client, ClientState::Active, at).unwrap();
    assert_eq!(codes(&p, 16), Vec::<&str>::new());
}

#[test]
fn a_suspended_client_takes_no_administration_from_a_command_or_the_log() {
    let (mut p, _, admin, client) = fixture();
    p.set_client_state(admin, client, ClientState::Suspended, now()).unwrap();
    let member = ClientMember::new(
        Email::new("late@contoso.example").unwrap(),
        OrganizationUserType::User,
        OrganizationUserStatus::Invited,
    );
    let before = p.clone();
    let err = p.add_client_member(admin, client, member.clone(), now()).unwrap_err();
    assert_eq!(err.code(), "client_suspended");
    let forged = Event {
        provider: p.id(),
        sequence: p.last_sequence() + 1,
        at: now(),
        actor: crate::Actor::Member(admin),
        change: crate::Change::ClientMemberAdded { client, member },
    };
    assert_eq!(p.apply(&forged).unwrap_err().code(), "client_suspended");
    assert_eq!(p, before);
    // Seats stay the provider's decision: lowering them is allowed (data kept, members kept).
    p.set_client_seats(admin, client, OCCUPIED, now()).unwrap();
    assert_eq!(p.client_billed_seats(client), Some(OCCUPIED));
    // Reactivated, it takes members again and is enabled.
    p.set_client_state(admin, client, ClientState::Active, now()).unwrap();
    assert_eq!(p.client_enabled(client), Some(true));
}

#[test]
fn a_suspended_client_of_a_disabled_msp_reads_back_and_stays_suspended_when_enabled() {
    let (mut p, mut log, admin, client) = fixture();
    log.extend(p.set_client_state(admin, client, ClientState::Suspended, now()).unwrap());
    log.extend(p.set_enabled(false, now()).unwrap());
    let json = p.to_json().unwrap();
    assert_eq!(Provider::from_json(&json).unwrap(), p);
    log.extend(p.set_enabled(true, now()).unwrap());
    assert_eq!(p.client_enabled(client), Some(false), "still suspended");
    assert!(p.clients()[1].enabled());
    assert_eq!(Provider::replay(&log).unwrap(), p);
    assert_eq!(Provider::from_json(&p.to_json().unwrap()).unwrap(), p);
}

#[test]
fn a_forged_state_change_is_judged_on_its_own_day_and_its_recorded_state() {
    let (mut p, _, admin, client) = fixture();
    let forged = |p: &Provider, at: DateTime<Utc>, from, to| Event {
        provider: p.id(),
        sequence: p.last_sequence() + 1,
        at,
        actor: crate::Actor::Member(admin),
        change: crate::Change::ClientStateChanged { client, from, to },
    };
    // A trial dated after its last day; a `from` that is not the client's state.
    let late = Utc.with_ymd_and_hms(2026, 12, 16, 0, 0, 0).unwrap();
    let e = forged(&p, late, ClientState::Active, trial());
    assert_eq!(p.apply(&e).unwrap_err().code(), "trial_end_invalid");
    let e = forged(&p, now(), ClientState::Paused, ClientState::Active);
    assert_eq!(p.apply(&e).unwrap_err().code(), "event_mismatch");
    let e = forged(&p, now(), ClientState::Active, trial());
    p.apply(&e).unwrap();
    // An unknown client.
    let mut e = forged(&p, now(), trial(), ClientState::Active);
    e.change = crate::Change::ClientStateChanged {
        client: OrganizationId::new(Uuid::from_u128(77)),
        from: trial(),
        to: ClientState::Active,
    };
    assert_eq!(p.apply(&e).unwrap_err().code(), "client_not_found");
}

#[test]
fn only_a_provider_admin_changes_a_clients_state() {
    let (mut p, _, admin, client) = fixture();
    p.invite(admin, &["su@northwind.example"], crate::ProviderUserType::ServiceUser, now()).unwrap();
    let su = p.members()[1].id();
    let email = Email::new("su@northwind.example").unwrap();
    p.accept(su, UserId::new(Uuid::from_u128(3)), &email, None, now()).unwrap();
    p.confirm(admin, su, None, now()).unwrap();
    let err = p.set_client_state(su, client, ClientState::Paused, now()).unwrap_err();
    assert_eq!(err.code(), "provider_admin_only");
    let err = p.set_client_state(admin, OrganizationId::new(Uuid::from_u128(9)), trial(), now()).unwrap_err();
    assert_eq!(err.code(), "client_not_found");
}

#[test]
fn a_clients_state_in_a_document_is_checked_on_the_way_in() {
    let (mut p, _, admin, client) = fixture();
    p.set_client_state(admin, client, trial(), now()).unwrap();
    let json = p.to_json().unwrap();
    assert!(json.contains(r#""state": {"#) && json.contains(r#""until": "2026-12-15""#), "{json}");
    // Active clients write no state: Fabrikam's record has none.
    assert_eq!(json.matches(r#""state": {"#).count(), 1);
    // The document with the inside of the client's state object replaced by `state`.
    let with = |state: &str| {
        let start = json.find(r#""state": {"#).unwrap() + r#""state": {"#.len();
        let end = start + json[start..].find('}').unwrap();
        format!("{}{state}{}", &json[..start], &json[end..])
    };
    assert_ne!(with("X"), json, "the state was found in the document");
    for bad in [
        r#""type": "frozen""#,
        r#""type": "trial""#,
        r#""type": "paused", "until": "2026-12-15""#,
        r#""type": "trial", "until": "2026-12-15", "extra": 1"#,
        r#""type": "TRIAL", "until": "2026-12-15""#,
        r#""type": "trial", "until": "2026-13-01""#,
        r#""type": "trial\u0000", "until": "2026-12-15""#,
    ] {
        let err = Provider::from_json(&with(bad)).unwrap_err();
        assert_eq!(err.code(), "invalid_document", "{bad}: {err}");
        assert!(!err.to_string().contains('\0'), "{err}");
    }
    // A repeated key is refused by the document reader.
    let repeated = with(r#""type": "paused", "type": "trial", "until": "2026-12-15""#);
    assert_eq!(Provider::from_json(&repeated).unwrap_err().code(), "duplicate_key");
    // A suspended client whose document says it is enabled reads as disabled.
    let suspended = with(r#""type": "suspended""#);
    let read = Provider::from_json(&suspended).unwrap();
    assert_eq!(read.client_enabled(client), Some(false));
    assert!(read.to_json().unwrap().contains(r#""enabled": false"#));
}
