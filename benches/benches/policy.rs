//! Portfolio compliance: 1 000, 10 000 and 100 000 clients with 10 policies each (built through
//! the provider's commands), checked against a 10-rule baseline (`benches/baseline.toml`). One
//! client in five drifts (a weaker master password and a longer vault timeout); one in ten has
//! two-step login switched off.
//! Targets (issue 9): linear growth (at most 11× per 10× clients) and 10 000 clients under 20 ms;
//! `benches/policy.py` times the same check from Python (one call) on the 10 000-client portfolio
//! this benchmark writes to `target/policy-bench/portfolio-10000.json`.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mspkit::policy::{Baseline, CheckCompliance};
use mspkit_benches::synthetic_portfolio;

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
        // Read back from its document, as the Python side reads it: the same construction path
        // (and so the same memory layout) on both sides of the comparison.
        let json = synthetic_portfolio(n).unwrap().to_json().unwrap();
        let portfolio = mspkit::Portfolio::from_json_with(
            &json,
            &mspkit::document::DocumentReader::with_max_bytes(u64::MAX),
        )
        .unwrap();
        let report = portfolio.check_compliance(&baseline, now);
        assert_eq!(report.totals.clients, n);
        assert_eq!(report.totals.compliant_clients, n - n.div_ceil(5));
        if n == 10_000 {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/policy-bench");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("portfolio-{n}.json")), &json).unwrap();
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("portfolio", n), &portfolio, |b, portfolio| {
            b.iter(|| black_box(portfolio.check_compliance(&baseline, now).totals.findings));
        });
    }
    group.finish();
}

criterion_group!(benches, compliance);
criterion_main!(benches);
