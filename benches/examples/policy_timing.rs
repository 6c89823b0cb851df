//! The policy benchmark's per-call figures: for 1 000, 10 000 and 100 000 clients (portfolios read
//! from their documents, as the Python side reads them), the fastest and the median of many
//! single calls of the portfolio check, as JSON on standard output. On a shared machine a
//! criterion sample (the mean of many calls) absorbs every time the process waits for a core; the
//! fastest single call is the closest to the check's own cost. `benches/policy.py` runs this.
//! `policy_timing CLIENTS CALLS` times one size only (for `perf record`).
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::time::Instant;

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
        let mut times: Vec<f64> = (0..calls)
            .map(|_| {
                if let Some(buffer) = &mut evict {
                    mspkit_benches::evict_caches(buffer);
                }
                let start = Instant::now();
                std::hint::black_box(portfolio.check_compliance(&baseline, now).totals.findings);
                start.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let min = times.first().copied().unwrap_or_default();
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        // The floor: the same clients and policies read, nothing checked or made (what any
        // check of every client's policies reads from memory).
        let mut floor: Vec<f64> = (0..calls)
            .map(|_| {
                if let Some(buffer) = &mut evict {
                    mspkit_benches::evict_caches(buffer);
                }
                let start = Instant::now();
                let mut sum = 0usize;
                for c in portfolio.provider().clients() {
                    sum = sum.wrapping_add(
                        c.id().uuid().as_bytes()[0] as usize + c.name().len() + c.plan() as usize,
                    );
                    for p in c.policies().as_slice() {
                        sum = sum.wrapping_add(p.kind() as usize + usize::from(p.enabled()));
                    }
                }
                std::hint::black_box(sum);
                start.elapsed().as_secs_f64()
            })
            .collect();
        floor.sort_by(f64::total_cmp);
        let floor = floor.first().copied().unwrap_or_default();
        // The floor with the report's size written: the same reads, and one 96-byte entry a
        // client (a `ClientCompliance`'s size) written into a new list, dropped after.
        let written = (0..calls)
            .map(|_| {
                if let Some(buffer) = &mut evict {
                    mspkit_benches::evict_caches(buffer);
                }
                let start = Instant::now();
                let clients = portfolio.provider().clients();
                let mut out: Vec<[u64; 12]> = Vec::with_capacity(clients.len());
                for c in clients {
                    let mut entry = [0u64; 12];
                    entry[0] = u64::from(c.id().uuid().as_bytes()[0]) + c.name().len() as u64 + c.plan() as u64;
                    for p in c.policies().as_slice() {
                        entry[1] = entry[1].wrapping_add(p.kind() as u64 + u64::from(p.enabled()));
                    }
                    out.push(entry);
                }
                std::hint::black_box(&out);
                drop(out);
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        out.push(format!(
            "\"{n}\": {{\"min\": {min:e}, \"median\": {median:e}, \"calls\": {calls}, \"floor\": {floor:e}, \"floor_written\": {written:e}}}"
        ));
    }
    println!("{{{}}}", out.join(", "));
}
