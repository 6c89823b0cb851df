//! The subscription as part of the provider: its commands, their events, replay, and the
//! provider's side effects (disabled while unpaid, enabled again when paid).

use chrono::{Duration, NaiveDate};
use mspkit::billing::{BillingMonth, CollectionMethod, Discount, Money, SeatPrices};
use mspkit::{Change, Event, PlanType, Provider, ProviderType, ProviderUserType};

use crate::support::{Fixture, code, t0};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn names(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(|e| e.change.name()).collect()
}

#[test]
fn unpaid_disables_the_provider_and_its_clients_and_paying_enables_them_again() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let contoso = f.client("Contoso", PlanType::TeamsMonthly, 3);
    let before = f.provider.clone();
    let mut log = f
        .provider
        .start_subscription(
            t0().date_naive(),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::AutomaticCharge,
            t0(),
        )
        .unwrap();
    assert_eq!(names(&log), ["subscription_started"]);
    let charge = t0() + Duration::days(14);
    assert_eq!(code(f.provider.issue_invoice(Money::from_cents(1_200), t0())), "trial_not_over");
    log.extend(f.provider.issue_invoice(Money::from_cents(1_200), charge).unwrap());
    assert_eq!(code(f.provider.mark_unpaid(charge)), "invoice_not_overdue");
    let unpaid = f.provider.mark_unpaid(charge + Duration::days(15)).unwrap();
    assert_eq!(names(&unpaid), ["subscription_unpaid", "provider_disabled"]);
    log.extend(unpaid);
    assert!(!f.provider.enabled());
    assert_eq!(f.provider.client_enabled(contoso), Some(false));
    assert!(f.provider.client(contoso).unwrap().enabled(), "its own flag stays set: it follows its provider");
    assert_eq!(f.provider.subscription().unwrap().status(day(2026, 12, 2)).name(), "unpaid");
    let paid = f.provider.pay_invoice(charge + Duration::days(16)).unwrap();
    assert_eq!(names(&paid), ["subscription_paid", "provider_enabled"]);
    log.extend(paid);
    assert!(f.provider.enabled() && f.provider.client_enabled(contoso) == Some(true));
    // Replaying the billing events on the provider as it was gives the same provider.
    let mut replayed = before;
    for event in &log {
        replayed.apply(event).unwrap();
    }
    assert_eq!(replayed, f.provider);
    // The document round-trips; a document written before billing (no subscription) still loads.
    let json = f.provider.to_json().unwrap();
    assert_eq!(Provider::from_json(&json).unwrap(), f.provider);
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("subscription");
    assert_eq!(Provider::from_json(&old.to_string()).unwrap().subscription(), None);
    let mut stray: serde_json::Value = serde_json::from_str(&json).unwrap();
    stray["subscription"]["client_references"] =
        serde_json::json!({"00000000-0000-0000-0000-000000000009": "CW-1"});
    assert_eq!(code(Provider::from_json(&stray.to_string())), "invalid_provider_record");
    stray["subscription"]["client_references"] = serde_json::json!({contoso.to_string(): " "});
    assert_eq!(code(Provider::from_json(&stray.to_string())), "client_reference_invalid");
}

#[test]
fn a_subscription_change_out_of_order_is_refused_on_apply() {
    let mut f = Fixture::billable(ProviderType::Msp);
    f.provider
        .start_subscription(
            t0().date_naive(),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::SendInvoice,
            t0(),
        )
        .unwrap();
    let paid = Event {
        provider: f.provider.id(),
        sequence: f.provider.last_sequence() + 1,
        at: t0(),
        actor: mspkit::Actor::System,
        change: Change::SubscriptionPaid {
            on: day(2026, 11, 3),
            amount: Money::ZERO,
            reenables_provider: false,
        },
    };
    assert_eq!(code(f.provider.apply(&paid)), "billing_change_out_of_order");
    assert_eq!(
        code(f.provider.start_subscription(
            t0().date_naive(),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::SendInvoice,
            t0()
        )),
        "subscription_already_started"
    );
    assert_eq!(
        code(Fixture::billable(ProviderType::BusinessUnit).provider.start_subscription(
            day(2026, 12, 1),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::SendInvoice,
            t0()
        )),
        "subscription_start_in_future"
    );
}

#[test]
fn billing_settings_are_a_provider_admins_and_a_reseller_has_none() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let contoso = f.client("Contoso", PlanType::TeamsMonthly, 3);
    let service = f.confirmed("su@x.example", ProviderUserType::ServiceUser);
    assert_eq!(code(f.provider.set_discount(Some(f.admin), "5".parse().unwrap(), t0())), "no_subscription");
    f.provider
        .start_subscription(
            t0().date_naive(),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::SendInvoice,
            t0(),
        )
        .unwrap();
    assert_eq!(
        code(f.provider.set_discount(Some(service), "5".parse().unwrap(), t0())),
        "provider_admin_only"
    );
    assert_eq!(
        code(f.provider.set_client_reference(service, contoso, Some("X"), t0())),
        "provider_admin_only"
    );
    f.provider.set_discount(Some(f.admin), "5".parse().unwrap(), t0()).unwrap();
    assert!(
        f.provider.set_discount(Some(f.admin), "5".parse().unwrap(), t0()).unwrap().is_empty(),
        "no change, no event"
    );
    f.provider.set_client_reference(f.admin, contoso, Some("CW-7"), t0()).unwrap();
    let prices = SeatPrices::reference().with_price(PlanType::TeamsMonthly, Money::from_cents(350)).unwrap();
    f.provider.set_seat_prices(None, prices, t0()).unwrap();
    let invoice = f.provider.invoice(BillingMonth::new(2026, 12).unwrap()).unwrap();
    // 3 seats × $3.50 × 0.95 = $9.975 → $9.98 (half away from zero).
    assert_eq!(invoice.total, Money::from_cents(998));
    assert_eq!(f.provider.psa_export().unwrap().rows[0].reference.as_deref(), Some("CW-7"));
    // The reference leaves with the client.
    f.provider.delete_client(f.admin, contoso, t0()).unwrap();
    assert!(f.provider.subscription().unwrap().client_references().is_empty());

    let mut r = Fixture::billable(ProviderType::Reseller);
    assert_eq!(
        code(r.provider.start_subscription(
            t0().date_naive(),
            SeatPrices::reference(),
            Discount::NONE,
            CollectionMethod::SendInvoice,
            t0()
        )),
        "no_consolidated_billing"
    );
    assert_eq!(
        code(r.provider.client_invoice_report().map_err(mspkit::Error::Billing)),
        "no_consolidated_billing"
    );
}
