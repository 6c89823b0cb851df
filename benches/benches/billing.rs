//! Billing reports on synthetic providers of 1 000, 10 000 and 100 000 clients, already in
//! memory (`mspkit_benches::synthetic_billing_provider`, the document `benches/billing.py` reads
//! too): the seat utilisation report, the invoice of a month and the client invoice report as
//! CSV, each through the provider's query the Python binding calls. `benches/run` prints the
//! per-10× growth; the Python comparison pairs the binding with `examples/billing_timing.rs`.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mspkit::billing::BillingMonth;

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

fn billing(c: &mut Criterion) {
    let month: BillingMonth = "2026-11".parse().unwrap();
    let mut group = c.benchmark_group("billing");
    group.sample_size(if quick() { 10 } else { 30 });
    group.warm_up_time(Duration::from_millis(if quick() { 200 } else { 1_000 }));
    group.measurement_time(Duration::from_secs(if quick() { 1 } else { 4 }));
    let sizes: &[usize] = if quick() { &[1_000, 10_000] } else { &[1_000, 10_000, 100_000] };
    for &n in sizes {
        let provider = mspkit_benches::synthetic_billing_provider(n).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("utilisation", n), &provider, |b, p| {
            b.iter(|| black_box(p).seat_utilisation(10).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("invoice", n), &provider, |b, p| {
            b.iter(|| black_box(p).invoice(month).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("client_invoice_csv", n), &provider, |b, p| {
            b.iter(|| black_box(p).client_invoice_csv().unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, billing);
criterion_main!(benches);
