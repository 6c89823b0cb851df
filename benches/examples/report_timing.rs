//! The service's report on its own (`PortfolioReportView::new(..).to_json()`, what
//! `GET /providers/{p}/report` answers): builds [`mspkit_benches::synthetic_msp`] of each size
//! given as arguments (default 1 000, 10 000 and 100 000 clients; names `Client {i}`, as the
//! service's load benchmark names them), reads it back as the service does (a replay of its log,
//! or with `MSPKIT_REPORT_FROM=snapshot` its JSON document), then times the report `rounds`
//! times (MSPKIT_REPORT_ROUNDS, default 41 under 100 000 clients, 15 at it) and prints the
//! fastest and median call, the growth per size step, the text's length and the page faults a
//! call. For perf: `perf record -F 4000 target/release/examples/report_timing 100000`.
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]
#![allow(
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "a benchmark prints rates as floats"
)]

use std::hint::black_box;
use std::time::Instant;

use mspkit::Provider;
use mspkit::chrono::{TimeZone, Utc};
use mspkit::portfolio::PortfolioReportView;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000, 100_000] } else { sizes };
    let snapshot = std::env::var("MSPKIT_REPORT_FROM").is_ok_and(|v| v == "snapshot");
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).single().unwrap();
    let mut previous: Option<f64> = None;
    for clients in sizes {
        let (built, _, _, log) = mspkit_benches::synthetic_msp(clients).unwrap();
        let provider = if snapshot {
            Provider::from_json(&built.to_json().unwrap()).unwrap()
        } else {
            Provider::replay(&log).unwrap()
        };
        drop((built, log));
        let rounds: usize = std::env::var("MSPKIT_REPORT_ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if clients >= 100_000 { 15 } else { 41 });
        let mut length = 0;
        // one call to warm up
        black_box(PortfolioReportView::new(&provider, now).to_json().unwrap());
        let faults = minor_faults();
        let mut times: Vec<f64> = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                let text = black_box(PortfolioReportView::new(&provider, now).to_json().unwrap());
                let elapsed = start.elapsed().as_secs_f64();
                length = text.len();
                drop(text);
                elapsed
            })
            .collect();
        let faults = minor_faults().saturating_sub(faults) / rounds.max(1) as u64;
        times.sort_by(f64::total_cmp);
        let min = times.first().copied().unwrap_or_default();
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        let growth = previous.map_or_else(String::new, |p| format!(" ({:.1}x the last size)", median / p));
        previous = Some(median);
        println!(
            "{clients:>7} clients: report min {:.3} ms, median {:.3} ms{growth}, {length} bytes, {faults} page faults a call",
            min * 1e3,
            median * 1e3,
        );
    }
}

/// The process's minor page faults so far (Linux; 0 elsewhere).
fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| s.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(7)?.parse().ok()))
        .unwrap_or(0)
}
