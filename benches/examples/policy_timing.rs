//! The policy benchmark's per-call figures: for 1 000, 10 000 and 100 000 clients (portfolios read
//! from their documents, as the Python side reads them), the fastest and the median of many
//! single calls of the portfolio check, as JSON on standard output. On a shared machine a
//! criterion sample (the mean of many calls) absorbs every time the process waits for a core; the
//! fastest single call is the closest to the check's own cost. `benches/policy.py` runs this.
//! `policy_timing CLIENTS CALLS` times one size only (for `perf record`).
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use chrono::{TimeZone, Utc};
use mspkit::policy::{Baseline, CheckCompliance};

fn main() {
    let quick = std::env::var_os("MSPKIT_BENCH_QUICK").is_some();
    let baseline = Baseline::from_toml(include_str!("../baseline.toml")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    // `policy_timing [CLIENTS [CALLS]]`: one size (for `perf`), or the three.
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = args.first().map_or_else(|| vec![1_000usize, 10_000, 100_000], |n| vec![*n]);
    // `MSPKIT_BENCH_COLD=1`: every call starts with nothing of the portfolio in the caches.
    let mut evict = std::env::var_os("MSPKIT_BENCH_COLD").map(|_| mspkit_benches::eviction_buffer());
    let mut out: Vec<String> = Vec::new();
    for n in sizes {
        let json = mspkit_benches::synthetic_portfolio(n).unwrap().to_json().unwrap();
        let portfolio = mspkit::Portfolio::from_json_with(
            &json,
            &mspkit::document::DocumentReader::with_max_bytes(u64::MAX),
        )
        .unwrap();
        let calls = args.get(1).copied().unwrap_or((if quick { 200_000 } else { 2_000_000 } / n).max(5));
        let mut times = mspkit_benches::timed_calls(calls, &mut evict, || {
            std::hint::black_box(portfolio.check_compliance(&baseline, now).totals.findings);
        });
        times.sort_by(f64::total_cmp);
        let min = times.first().copied().unwrap_or_default();
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        // The floor: the same clients and policies read, nothing checked (what any check of
        // every client's policies reads from memory); then the same with one 96-byte entry a
        // client (a `ClientCompliance`'s size) written into a new list, dropped after.
        let clients = portfolio.provider().clients();
        let entry = |c: &mspkit::ClientOrganization| {
            let mut entry = [0u64; 12];
            entry[0] = u64::from(c.id().uuid().as_bytes()[0]) + c.name().len() as u64 + c.plan() as u64;
            for p in c.policies().as_slice() {
                entry[1] = entry[1].wrapping_add(p.kind() as u64 + u64::from(p.enabled()));
            }
            entry
        };
        let floor = mspkit_benches::fastest_call(calls, &mut evict, || {
            std::hint::black_box(
                clients.iter().map(|c| entry(c)[0..2].iter().sum::<u64>()).fold(0u64, u64::wrapping_add),
            );
        });
        let written = mspkit_benches::fastest_call(calls, &mut evict, || {
            let mut out: Vec<[u64; 12]> = Vec::with_capacity(clients.len());
            out.extend(clients.iter().map(entry));
            std::hint::black_box(&out);
        });
        out.push(format!(
            "\"{n}\": {{\"min\": {min:e}, \"median\": {median:e}, \"calls\": {calls}, \"floor\": {floor:e}, \"floor_written\": {written:e}}}"
        ));
    }
    println!("{{{}}}", out.join(", "));
}
