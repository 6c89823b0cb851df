//! Portfolio compliance: 1 000, 10 000 and 100 000 clients with 10 enabled policies each,
//! checked against a 10-rule baseline (`benches/baseline.toml`). One client in five drifts (a
//! weaker master password and a longer vault timeout); one in ten misses two-step login.
//! Targets (issue 9): linear growth (at most 11× per 10× clients) and 10 000 clients under 20 ms.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::hint::black_box;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mspkit::policy::{Baseline, ClientPolicies};
use mspkit_benches::synthetic_policy_clients;

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

fn compliance(c: &mut Criterion) {
    let baseline = Baseline::from_toml(include_str!("../baseline.toml")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let mut group = c.benchmark_group("policy_compliance");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if quick() { 1 } else { 5 }));
    group.warm_up_time(Duration::from_millis(if quick() { 300 } else { 1000 }));
    for n in [1_000usize, 10_000, 100_000] {
        let clients = synthetic_policy_clients(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("portfolio", n), &clients, |b, clients| {
            b.iter(|| {
                let report = baseline.check_portfolio(
                    clients.iter().map(|c| ClientPolicies {
                        id: c.id,
                        name: &c.name,
                        plan: c.plan,
                        policies: &c.policies,
                    }),
                    now,
                );
                black_box(report.totals.findings)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, compliance);
criterion_main!(benches);
