//! Billing reports on synthetic providers of 1 000, 10 000 and 100 000 clients, already in
//! memory: the seat utilisation report, the invoice of a month and the client invoice report
//! as CSV. `benches/run` prints the per-10× growth and compares the Python binding's one-call
//! figures with these.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mspkit::Provider;
use mspkit::ProviderType;
use mspkit::billing::{
    BillingMonth, ClientInvoiceReport, CollectionMethod, Discount, Invoice, SeatPrices, SeatUtilisation,
    Subscription,
};

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

/// A billable MSP with `clients` clients, alternately on Teams and Enterprise, 5 to 54 seats
/// each, about two thirds of them used (counted, not listed, as a reference-server import does).
fn synthetic_provider(clients: usize) -> Provider {
    let mut json = String::with_capacity(clients * 260 + 1_000);
    json.push_str(
        r#"{"id":"6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f","kind":"msp","status":"billable","enabled":true,
        "settings":{"name":"Synthetic MSP","billing_email":"billing@msp.example"},
        "created_at":"2026-01-01T00:00:00Z","revised_at":"2026-01-01T00:00:00Z",
        "members":[{"id":"00000000-0000-4000-8000-000000000001","email":"admin@msp.example",
        "user_id":"00000000-0000-4000-8000-000000000002","role":"provider_admin","status":"confirmed",
        "invited_at":"2026-01-01T00:00:00Z"}],
        "seat_minimums":{"teams_monthly":50000,"enterprise_monthly":1000},"clients":["#,
    );
    for i in 0..clients {
        let seats = 5 + i % 50;
        let used = seats * 2 / 3;
        let plan = if i % 2 == 0 { "teams_monthly" } else { "enterprise_monthly" };
        if i > 0 {
            json.push(',');
        }
        write!(
            json,
            r#"{{"id":"00000000-0000-4000-9000-{i:012}","name":"Client {i}, Inc.","plan":"{plan}","seats":{seats},
            "billing_email":"billing@msp.example","enabled":true,"managed":true,"members":[],
            "unlisted_occupied_seats":{used},"created_at":"2026-01-01T00:00:00Z"}}"#
        )
        .unwrap();
    }
    json.push_str("]}");
    Provider::from_json(&json).unwrap()
}

fn subscription() -> Subscription {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    Subscription::start(
        ProviderType::Msp,
        SeatPrices::reference(),
        "12.5".parse::<Discount>().unwrap(),
        CollectionMethod::AutomaticCharge,
        start,
    )
    .unwrap()
    .0
}

fn billing(c: &mut Criterion) {
    let sub = subscription();
    let month: BillingMonth = "2026-11".parse().unwrap();
    let mut group = c.benchmark_group("billing");
    group.sample_size(if quick() { 10 } else { 30 });
    group.warm_up_time(Duration::from_millis(if quick() { 200 } else { 1_000 }));
    group.measurement_time(Duration::from_secs(if quick() { 1 } else { 4 }));
    let sizes: &[usize] = if quick() { &[1_000, 10_000] } else { &[1_000, 10_000, 100_000] };
    for &n in sizes {
        let provider = synthetic_provider(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("utilisation", n), &provider, |b, p| {
            b.iter(|| SeatUtilisation::build(black_box(p), 10));
        });
        group.bench_with_input(BenchmarkId::new("invoice", n), &provider, |b, p| {
            b.iter(|| Invoice::build(black_box(p), &sub, month).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("client_invoice_csv", n), &provider, |b, p| {
            b.iter(|| ClientInvoiceReport::build(black_box(p), &sub).unwrap().to_csv());
        });
    }
    group.finish();
}

criterion_group!(benches, billing);
criterion_main!(benches);
