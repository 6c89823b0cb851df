//! One row of the review benchmark in a loop, for `perf stat` / `perf record` and paired runs:
//! `review_timing ROW CLIENTS CALLS` (ROW: `activity`, `review` or `blast`). Builds the review
//! benchmark's provider and log ([`mspkit_benches::synthetic_review_msp`]), calls the row
//! `CALLS` times and prints the fastest and the median call and the page faults of the calls
//! (from `/proc/self/stat`, where there is one), so that the set-up is left out.
//! `MSPKIT_BENCH_COLD=1` empties the caches before each call.
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::hint::black_box;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use mspkit::access_review::{AccessReview, Activity};
use mspkit::blast_radius::BlastRadius;

/// Minor and major page faults of this process so far (0 where /proc is not there).
fn faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis: minflt is the 10th field of the line,
    // the 8th after it; majflt the 10th after it.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let at = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    at(7) + at(9)
}

/// The access review in parts: the activity, the report, the report's drop, the activity's
/// drop (the time and the page faults of each, on standard error).
fn parts(provider: &mspkit::Provider, log: &[mspkit::Event], as_of: chrono::DateTime<Utc>) {
    let mut marks = vec![(Instant::now(), faults())];
    let activity = Activity::of(provider.id(), log);
    marks.push((Instant::now(), faults()));
    let review = AccessReview::new(provider, Some(&activity), as_of, 90);
    marks.push((Instant::now(), faults()));
    drop(black_box(review));
    marks.push((Instant::now(), faults()));
    drop(activity);
    marks.push((Instant::now(), faults()));
    let steps: Vec<String> = ["activity", "report", "report drop", "activity drop"]
        .iter()
        .zip(marks.iter().zip(marks.iter().skip(1)))
        .map(|(name, (before, after))| {
            let ms = after.0.saturating_duration_since(before.0).as_secs_f64() * 1e3;
            format!("{name} {ms:.2} ms {} faults", after.1.saturating_sub(before.1))
        })
        .collect();
    eprintln!("{}", steps.join(", "));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("sizes") {
        use mspkit::access_review::{AccessEntry, AccessFinding, ClientAccess};
        use mspkit::blast_radius::{ClientExposure, Reach};
        println!(
            "Event {} AccessEntry {} ClientAccess {} AccessFinding {} ClientExposure {} Reach {}",
            size_of::<mspkit::Event>(),
            size_of::<AccessEntry>(),
            size_of::<ClientAccess>(),
            size_of::<AccessFinding>(),
            size_of::<ClientExposure>(),
            size_of::<Reach>()
        );
        return;
    }
    let row = args.get(1).map_or("review", String::as_str).to_owned();
    let clients: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let calls: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    let (provider, log) = mspkit_benches::synthetic_review_msp(clients).unwrap();
    let as_of = Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap();
    // `MSPKIT_BENCH_COLD=1`: every call starts with nothing of the provider or the log in the
    // caches (the buffer is written before the faults are counted, so it adds none).
    let mut evict = std::env::var_os("MSPKIT_BENCH_COLD").map(|_| mspkit_benches::eviction_buffer());
    if let Some(buffer) = evict.as_mut() {
        mspkit_benches::evict_caches(buffer);
    }
    let before = faults();
    let mut times: Vec<f64> = (0..calls)
        .map(|_| {
            if let Some(buffer) = evict.as_mut() {
                mspkit_benches::evict_caches(buffer);
            }
            let start = Instant::now();
            match row.as_str() {
                "activity" => {
                    black_box(Activity::of(provider.id(), &log));
                }
                "parts" => parts(&provider, &log, as_of),
                "review" => {
                    let activity = Activity::of(provider.id(), &log);
                    black_box(AccessReview::new(&provider, Some(&activity), as_of, 90));
                }
                "blast" => {
                    black_box(BlastRadius::new(&provider, None).unwrap());
                }
                other => {
                    eprintln!("unknown row {other}: activity, review, blast, parts or sizes");
                    std::process::exit(2);
                }
            }
            start.elapsed().as_secs_f64()
        })
        .collect();
    let faults = faults() - before;
    times.sort_by(f64::total_cmp);
    let min = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "{row} {clients} clients ({} events): fastest {:.3} ms, median {:.3} ms, {} page faults a call",
        log.len(),
        min * 1e3,
        median * 1e3,
        faults / u64::try_from(calls.max(1)).unwrap_or(1)
    );
}
