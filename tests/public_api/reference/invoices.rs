//! Invoices keep their rows, as the reference's `ProviderEventService.TryRecordInvoiceLineItems`
//! records a `ProviderInvoiceItem` per managed client (and an `Unassigned seats` row per plan
//! without purchased seats) when an invoice is created, and
//! `ProviderBillingService.GenerateClientInvoiceReport` writes the report of a past invoice
//! from those rows (`ProviderBillingServiceTests`, "GenerateClientInvoiceReport").

use chrono::Duration;
use mspkit::billing::{BillingMonth, CollectionMethod, Discount, Money, SeatPrices};
use mspkit::{PlanType, Provider, ProviderType};

use crate::support::{Fixture, t0};

#[test]
fn a_billed_month_shows_what_was_billed_not_todays_seats() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let contoso = f.client("Contoso", PlanType::TeamsMonthly, 10);
    let events = f.provider.set_seat_minimum(None, PlanType::TeamsMonthly, 30, t0());
    f.record(events);
    let events = f.provider.start_subscription(
        t0().date_naive(),
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::AutomaticCharge,
        t0(),
    );
    f.record(events);
    let charge = t0() + Duration::days(14);
    let events = f.provider.issue_invoice(Money::from_cents(12_000), charge);
    f.record(events);
    let billed = BillingMonth::of(charge.date_naive());
    // The seats change after the invoice.
    let events = f.provider.set_client_seats(f.admin, contoso, 40, charge + Duration::days(1));
    f.record(events);

    let issued = f.provider.issued_invoice(billed).unwrap().unwrap();
    assert_eq!(issued.issued_on, charge.date_naive());
    let rows: Vec<(&str, u64)> =
        issued.items.iter().map(|i| (i.client_name.as_str(), i.assigned_seats)).collect();
    assert_eq!(rows, [("Contoso", 10), ("Unassigned seats", 20)]);
    let then = f.provider.client_invoice_report_of(billed).unwrap();
    assert_eq!(then.rows[0].assigned, 10);
    assert_eq!(then.total, Money::from_cents(12_000), "30 seats at $4: what was billed");
    let now = f.provider.client_invoice_report().unwrap();
    assert_eq!(now.rows[0].assigned, 40);
    // The invoice of the billed month carries the seats of that day and says it was issued.
    let invoice = f.provider.invoice(billed).unwrap();
    assert_eq!(invoice.issued.unwrap().amount, Money::from_cents(12_000));
    assert_eq!((invoice.lines[0].assigned_seats, invoice.lines[0].quantity), (10, 30));
    // A month not billed yet is the estimate of today's seats.
    let next =
        BillingMonth::new(billed.year() + i32::from(billed.month() == 12), billed.month() % 12 + 1).unwrap();
    let estimate = f.provider.invoice(next).unwrap();
    assert!(estimate.issued.is_none());
    assert_eq!(estimate.lines[0].assigned_seats, 40);
    // The rows are recorded by `apply`, from the state before the event: the log (whose events
    // carry no rows, as logs written before did not) replays to the same record.
    f.replays().unwrap();
    let json = f.provider.to_json().unwrap();
    assert_eq!(Provider::from_json(&json).unwrap(), f.provider);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["subscription"]["issued"][0]["items"][0]["assigned_seats"], 10);
    let invoiced = f.log.iter().find(|e| e.kind() == "subscription_invoiced").unwrap();
    assert!(serde_json::to_value(invoiced).unwrap()["change"].get("items").is_none());
}

#[test]
fn the_example_log_records_its_november_invoice() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/portfolio.json")).unwrap();
    let portfolio = mspkit::Portfolio::from_json(&text).unwrap();
    let p = portfolio.provider();
    let november = p.issued_invoice(BillingMonth::new(2026, 11).unwrap()).unwrap().unwrap();
    assert_eq!(november.amount.to_decimal_string(), "1548.00");
    let report = p.client_invoice_report_of(BillingMonth::new(2026, 11).unwrap()).unwrap();
    assert_eq!(
        report.total,
        november.items.iter().map(|i| i.total).fold(Money::ZERO, |a, b| a.checked_add(b).unwrap())
    );
    assert!(p.issued_invoice(BillingMonth::new(2026, 12).unwrap()).unwrap().is_none());
}
