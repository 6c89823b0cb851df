//! `Provider::apply` is the only judge of a log: the holes an attacker found by appending
//! events to `examples/events.jsonl` (a payment of the wrong amount, a non-payment before the
//! invoice is due or dated 1900, a re-enabling payment of a subscription that was never unpaid,
//! events after the provider was deleted) are refused on replay and on apply, with their own
//! codes, and a refused event changes nothing.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use mspkit::billing::{CollectionMethod, Discount, Money, SeatPrices};
use mspkit::{Actor, Change, Event, EventLog, PlanType, Provider, ProviderType, ProviderUserType, UserId};
use uuid::Uuid;

use crate::support::{Fixture, code, email, t0};

fn example_log() -> Vec<Event> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/events.jsonl");
    EventLog::from_jsonl(&std::fs::read_to_string(path).unwrap()).unwrap().events().to_vec()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(10, 0, 0).unwrap())
}

/// The event after `log`'s last, by the billing system.
fn next(log: &[Event], when: DateTime<Utc>, change: Change) -> Event {
    let last = log.last().unwrap();
    Event { provider: last.provider, sequence: last.sequence + 1, at: when, actor: Actor::System, change }
}

/// Appends `forged` to the example log: its replay is refused with `expected`, and applying it
/// to the replayed provider is refused the same way and changes nothing.
fn refused_after_example(forged: &[Change], when: DateTime<Utc>, expected: &str) {
    let mut log = example_log();
    let provider = Provider::replay(&log).unwrap();
    for change in forged {
        let event = next(&log, when, change.clone());
        log.push(event);
    }
    assert_eq!(code(Provider::replay(&log)), expected, "{forged:?}");
    let mut applied = provider;
    let mut result = Ok(());
    for event in &log[log.len() - forged.len()..] {
        let before = applied.clone();
        result = applied.apply(event);
        if result.is_err() {
            assert_eq!(applied, before, "a refused event changes nothing");
            break;
        }
    }
    assert_eq!(result.unwrap_err().code(), expected);
}

#[test]
fn a_payment_of_another_amount_than_the_open_invoice_is_refused() {
    // The example's open invoice is of 1 548.00, issued on 2026-11-24 and due on 2026-12-24.
    let when = at(day(2026, 11, 30));
    for amount in ["-5.00", "0.01", "1548.01", "0.00"] {
        let paid = Change::SubscriptionPaid {
            on: when.date_naive(),
            amount: amount.parse::<Money>().unwrap(),
            reenables_provider: false,
        };
        refused_after_example(&[paid], when, "billing_change_mismatch");
    }
    // The right amount, dated its event's day, is accepted.
    let mut log = example_log();
    log.push(next(
        &log,
        when,
        Change::SubscriptionPaid {
            on: when.date_naive(),
            amount: "1548.00".parse::<Money>().unwrap(),
            reenables_provider: false,
        },
    ));
    Provider::replay(&log).unwrap();
    // A payment dated another day than its event is no command's.
    let paid = Change::SubscriptionPaid {
        on: day(2026, 11, 29),
        amount: "1548.00".parse::<Money>().unwrap(),
        reenables_provider: false,
    };
    refused_after_example(&[paid], when, "event_mismatch");
}

#[test]
fn a_non_payment_before_the_invoice_is_due_or_dated_1900_is_refused() {
    let cases = [
        (day(2026, 11, 25), "invoice_not_overdue"),
        (day(2026, 12, 24), "invoice_not_overdue"),
        (day(1900, 1, 1), "invoice_not_overdue"),
    ];
    for (on, expected) in cases {
        let unpaid = Change::SubscriptionUnpaid { on, cancels_on: on + Duration::days(7) };
        refused_after_example(&[unpaid, Change::ProviderDisabled], at(on), expected);
    }
    // Overdue, with the cancel date the rule gives, and the provider disabled with it: accepted.
    let on = day(2026, 12, 25);
    let mut log = example_log();
    for change in [Change::SubscriptionUnpaid { on, cancels_on: day(2027, 1, 1) }, Change::ProviderDisabled] {
        let event = next(&log, at(on), change);
        log.push(event);
    }
    let provider = Provider::replay(&log).unwrap();
    assert!(!provider.enabled());
    // Another cancel date is no command's.
    let unpaid = Change::SubscriptionUnpaid { on, cancels_on: day(2026, 12, 26) };
    refused_after_example(&[unpaid, Change::ProviderDisabled], at(on), "billing_change_mismatch");
}

#[test]
fn a_non_payment_without_disabling_the_provider_is_refused() {
    // `mark_unpaid` disables an enabled provider in the same command: a log that stops after
    // the non-payment, or goes on with something else, was cut or forged.
    let on = day(2026, 12, 25);
    let unpaid = Change::SubscriptionUnpaid { on, cancels_on: day(2027, 1, 1) };
    let mut log = example_log();
    log.push(next(&log, at(on), unpaid));
    let mut provider = Provider::replay(&log).unwrap();
    let before = provider.clone();
    let other =
        next(&log, at(on), Change::SeatMinimumChanged { plan: PlanType::TeamsMonthly, from: 0, to: 9 });
    assert_eq!(code(provider.apply(&other)), "event_mismatch");
    assert_eq!(provider, before, "a refused event changes nothing");
    provider.apply(&next(&log, at(on), Change::ProviderDisabled)).unwrap();
    assert!(!provider.enabled());
}

#[test]
fn reenables_provider_must_match_the_state() {
    let when = at(day(2026, 11, 30));
    let paid = Change::SubscriptionPaid {
        on: when.date_naive(),
        amount: "1548.00".parse::<Money>().unwrap(),
        reenables_provider: true,
    };
    refused_after_example(&[paid, Change::ProviderEnabled], when, "billing_change_mismatch");
    // Paying an unpaid subscription re-enables the provider, and says so.
    let mut f = Fixture::billable(ProviderType::Msp);
    let start = t0().date_naive();
    f.provider
        .start_subscription(
            start,
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::AutomaticCharge,
            t0(),
        )
        .unwrap();
    let later = t0() + Duration::days(20);
    f.provider.issue_invoice("10.00".parse::<Money>().unwrap(), later).unwrap();
    f.provider.mark_unpaid(later + Duration::days(1)).unwrap();
    let mut forged = f.provider.clone();
    let paid_on = later + Duration::days(2);
    let wrong = Event {
        provider: forged.id(),
        sequence: forged.last_sequence() + 1,
        at: paid_on,
        actor: Actor::System,
        change: Change::SubscriptionPaid {
            on: paid_on.date_naive(),
            amount: "10.00".parse::<Money>().unwrap(),
            reenables_provider: false,
        },
    };
    assert_eq!(code(forged.apply(&wrong)), "billing_change_mismatch");
    let events = f.provider.pay_invoice(paid_on).unwrap();
    assert_eq!(events.iter().map(Event::kind).collect::<Vec<_>>(), ["subscription_paid", "provider_enabled"]);
    assert!(f.provider.enabled());
}

#[test]
fn an_invoice_is_issued_on_its_event_day_due_when_the_collection_method_says() {
    let when = at(day(2026, 12, 26));
    let mut log = example_log();
    log.push(next(
        &log,
        when,
        Change::SubscriptionPaid {
            on: when.date_naive(),
            amount: "1548.00".parse::<Money>().unwrap(),
            reenables_provider: false,
        },
    ));
    let provider = Provider::replay(&log).unwrap();
    let invoice = |issued_on: NaiveDate, due_on: NaiveDate, amount: &str| Change::SubscriptionInvoiced {
        invoice: mspkit::billing::OpenInvoice { issued_on, due_on, amount: amount.parse::<Money>().unwrap() },
    };
    let cases = [
        (invoice(day(2026, 12, 26), day(2026, 12, 26), "10.00"), "billing_change_mismatch"),
        (invoice(day(2026, 12, 26), day(2027, 1, 25), "-1.00"), "amount_invalid"),
        (invoice(day(2026, 12, 20), day(2027, 1, 19), "10.00"), "event_mismatch"),
    ];
    for (change, expected) in cases {
        let mut p = provider.clone();
        assert_eq!(code(p.apply(&next(&log, when, change))), expected);
        assert_eq!(p, provider);
    }
    let mut p = provider;
    p.apply(&next(&log, when, invoice(day(2026, 12, 26), day(2027, 1, 25), "10.00"))).unwrap();
}

#[test]
fn a_deleted_provider_takes_no_command_and_no_event() {
    let mut f = Fixture::new(ProviderType::Msp);
    let deleted = f.provider.delete(Some(f.admin), t0());
    let events = f.record(deleted);
    assert!(f.provider.deleted());
    let before = f.provider.clone();
    let admin = f.admin;
    let p = &mut f.provider;
    let results = [
        code(p.invite(admin, &["x@northwind.example"], ProviderUserType::ServiceUser, t0())),
        code(p.delete(Some(admin), t0())),
        code(p.delete(None, t0())),
        code(p.set_enabled(false, t0())),
        code(p.mark_billable(t0())),
        code(p.leave(admin, t0())),
        code(p.set_seat_minimum(None, PlanType::TeamsMonthly, 3, t0())),
        code(p.start_subscription(
            t0().date_naive(),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::AutomaticCharge,
            t0(),
        )),
        code(p.update_settings(admin, mspkit::ProviderSettings::new("Other").unwrap(), t0())),
    ];
    for c in results {
        assert_eq!(c, "provider_deleted");
    }
    assert_eq!(f.provider, before);
    // Every event after the deletion is refused on apply and on replay.
    let after = Event {
        provider: f.provider.id(),
        sequence: events[0].sequence + 1,
        at: t0(),
        actor: Actor::System,
        change: Change::ProviderDisabled,
    };
    assert_eq!(code(f.provider.apply(&after)), "provider_deleted");
    let mut log = f.log.clone();
    log.push(after);
    assert_eq!(code(Provider::replay(&log)), "provider_deleted");
    // A pending provider deleted by the vendor cannot be set up afterwards.
    let settings = mspkit::ProviderSettings::new("Pending").unwrap();
    let (mut pending, _) = Provider::issue(
        mspkit::ProviderId::new(Uuid::from_u128(9)),
        ProviderType::Msp,
        settings,
        email("p@x.example"),
        t0(),
    );
    pending.delete(None, t0()).unwrap();
    assert_eq!(
        code(pending.set_up(UserId::new(Uuid::from_u128(3)), &email("p@x.example"), t0())),
        "provider_deleted"
    );
    // The deleted state survives the document.
    let json = f.provider.to_json().unwrap();
    assert!(json.contains("\"deleted\": true"), "{json}");
    assert!(Provider::from_json(&json).unwrap().deleted());
}

#[test]
fn events_no_command_records_are_refused() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 5);
    let ada = f.admin;
    let seq = f.provider.last_sequence() + 1;
    let id = f.provider.id();
    let event =
        |change: Change| Event { provider: id, sequence: seq, at: t0(), actor: Actor::Member(ada), change };
    let cases = [
        // No-op changes: a command records no event for them.
        (Change::ClientSeatsChanged { client, from: 5, to: 5, purchase: None }, "event_mismatch"),
        (Change::SeatMinimumChanged { plan: PlanType::TeamsMonthly, from: 0, to: 0 }, "event_mismatch"),
        (
            Change::MemberRoleChanged {
                member: ada,
                from: ProviderUserType::ProviderAdmin,
                to: ProviderUserType::ProviderAdmin,
            },
            "event_mismatch",
        ),
        (Change::ProviderUpdated { settings: Box::new(f.provider.settings().clone()) }, "event_mismatch"),
        // An invitation that expires when no command would set it.
        (
            Change::MemberInvited {
                member: mspkit::ProviderUserId::new(Uuid::from_u128(500)),
                email: email("new@northwind.example"),
                role: ProviderUserType::ServiceUser,
                expires_at: t0() + Duration::days(365),
            },
            "event_mismatch",
        ),
        // A client that joins with another billing email than the provider's.
        (
            Change::ClientCreated {
                client: mspkit::OrganizationId::new(Uuid::from_u128(501)),
                name: "Fabrikam".to_owned(),
                plan: PlanType::TeamsMonthly,
                seats: 3,
                owner_email: email("o@fabrikam.example"),
                billing_email: email("attacker@evil.example"),
                first_collection: None,
            },
            "event_mismatch",
        ),
        // An untrimmed name no command records.
        (
            Change::ClientCreated {
                client: mspkit::OrganizationId::new(Uuid::from_u128(502)),
                name: "  Fabrikam ".to_owned(),
                plan: PlanType::TeamsMonthly,
                seats: 3,
                owner_email: email("o@fabrikam.example"),
                billing_email: email(crate::support::BILLING),
                first_collection: None,
            },
            "event_mismatch",
        ),
        // Unlinked with a billing email that is not its first confirmed outside owner's.
        (
            Change::ClientUnlinked {
                client,
                billing_email: email("attacker@evil.example"),
                reenabled: false,
            },
            "no_confirmed_owner",
        ),
    ];
    for (change, expected) in cases {
        let before = f.provider.clone();
        assert_eq!(code(f.provider.apply(&event(change.clone()))), expected, "{change:?}");
        assert_eq!(f.provider, before);
    }
}

#[test]
fn a_portfolio_stays_a_document_its_reader_accepts_after_commands() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/portfolio.json");
    let mut portfolio = mspkit::Portfolio::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let client = portfolio.deployments()[0].client();
    let admin = portfolio.provider().members().iter().find(|m| m.is_confirmed_admin()).unwrap().id();
    let at = portfolio.provider().revised_at();
    portfolio.update_provider(|p| p.delete_client(admin, client, at)).unwrap();
    assert!(portfolio.deployments().iter().all(|d| d.client() != client));
    assert_eq!(mspkit::Portfolio::from_json(&portfolio.to_json().unwrap()).unwrap(), portfolio);
    // A refused command changes nothing and returns its error.
    let before = portfolio.clone();
    assert_eq!(code(portfolio.update_provider(|p| p.delete_client(admin, client, at))), "client_not_found");
    assert_eq!(portfolio, before);
}

#[test]
fn collection_methods_have_one_name_table() {
    for method in CollectionMethod::ALL {
        assert_eq!(CollectionMethod::from_name(method.name()), Some(method));
        assert_eq!(serde_json::to_value(method).unwrap(), method.name());
    }
    assert_eq!(CollectionMethod::from_name("Send_Invoice"), None);
    assert_eq!(mspkit::billing::DEFAULT_IDLE_THRESHOLD, 10);
}

#[test]
fn client_state_changes_no_command_records_are_refused() {
    use mspkit::{ClientMember, ClientState, OrganizationUserStatus, OrganizationUserType};
    // Issue 17: a client's lifecycle state moves only as `set_client_state` moves it.
    let provider = Provider::replay(&example_log()).unwrap();
    let client = provider.clients()[0].id();
    let when = at(day(2026, 11, 30));
    let trial = |until| ClientState::Trial { until };
    let state = |from, to| Change::ClientStateChanged { client, from, to };
    // A recorded `from` that is not the client's state, or no move at all.
    refused_after_example(&[state(ClientState::Paused, ClientState::Active)], when, "event_mismatch");
    refused_after_example(&[state(ClientState::Active, ClientState::Active)], when, "event_mismatch");
    // A move the table refuses, and a trial that ends before its event's day or too late.
    refused_after_example(
        &[
            state(ClientState::Active, ClientState::Suspended),
            state(ClientState::Suspended, ClientState::Paused),
        ],
        when,
        "client_state_transition_refused",
    );
    refused_after_example(&[state(ClientState::Active, trial(day(2026, 11, 29)))], when, "trial_end_invalid");
    refused_after_example(&[state(ClientState::Active, trial(day(2027, 3, 1)))], when, "trial_end_invalid");
    // A member joining a suspended client.
    let member = ClientMember::new(
        email("late@client.example"),
        OrganizationUserType::User,
        OrganizationUserStatus::Invited,
    );
    refused_after_example(
        &[state(ClientState::Active, ClientState::Suspended), Change::ClientMemberAdded { client, member }],
        when,
        "client_suspended",
    );
    // The command's own events are accepted, and replay to what the command gives.
    let mut log = example_log();
    let mut live = provider;
    let admin = live.members().iter().find(|m| m.is_confirmed_admin()).unwrap().id();
    let events = live.set_client_state(admin, client, trial(day(2026, 12, 14)), when).unwrap();
    log.extend(events);
    assert_eq!(Provider::replay(&log).unwrap(), live);
}
