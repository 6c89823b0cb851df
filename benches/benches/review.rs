//! The access review and the blast radius on providers of 1 000, 10 000 and 100 000 clients
//! (issue 20: linear in clients + log). The provider has 3 confirmed admins, 3 confirmed service
//! users (one scoped to a tenth of the clients), an invited member, and a log with a vault access
//! on every tenth client. Rows: the log read into `Activity`, the access review with it, the
//! blast radius of every member. The summary prints, per row, the median time at each size and
//! the growth ratio per 10× clients (linear: about 10×).
//!
//! `MSPKIT_BENCH_QUICK=1` (set by `benches/run --quick`): 1 000 and 10 000 clients.
//! `MSPKIT_BENCH_SUMMARY_ONLY=1` skips the criterion groups and prints only the summary.
//!
//! The summary is printed twice: as the process runs, then (Linux with glibc) from a second run
//! of this program in which glibc's malloc keeps the pages it is given
//! (`GLIBC_TUNABLES` trim and mmap thresholds at 256 MiB). With the defaults glibc hands a
//! review's scratch memory back to the kernel after each call at 100 000 clients (its trim
//! threshold is twice the largest block freed, here 7.2 MB; a review holds about 14 MB at once)
//! and faults it in again on the next call, while at 10 000 clients the memory stays in the heap:
//! the second summary shows the growth of the review's own work.
#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "a benchmark fails loudly on bad setup, and prints rates as floats"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mspkit::access_review::{AccessReview, Activity};
use mspkit::blast_radius::BlastRadius;
use mspkit::{Event, Provider};

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn client_counts() -> Vec<usize> {
    if quick() { vec![1_000, 10_000] } else { vec![1_000, 10_000, 100_000] }
}

/// The provider of `clients` clients, its team and its log.
fn setup(clients: usize) -> (Provider, Vec<Event>) {
    mspkit_benches::synthetic_review_msp(clients).unwrap()
}

type Row = (&'static str, fn(&Provider, &[Event]));

fn rows() -> [Row; 3] {
    [
        ("activity_from_log", |p, log| {
            black_box(Activity::of(p.id(), log));
        }),
        ("access_review", |p, log| {
            let activity = Activity::of(p.id(), log);
            black_box(AccessReview::new(p, Some(&activity), t0() + chrono::Duration::days(1), 90));
        }),
        ("blast_radius", |p, _| {
            black_box(BlastRadius::new(p, None).unwrap());
        }),
    ]
}

fn review(c: &mut Criterion) {
    let setups: Vec<(usize, Provider, Vec<Event>)> = client_counts()
        .into_iter()
        .map(|n| {
            let (p, log) = setup(n);
            (n, p, log)
        })
        .collect();
    if std::env::var_os("MSPKIT_BENCH_SUMMARY_ONLY").is_some() {
        summary(&setups);
        return;
    }
    let mut group = c.benchmark_group("access");
    group.measurement_time(Duration::from_secs(if quick() { 1 } else { 4 }));
    group.sample_size(10);
    for (n, p, log) in &setups {
        for (name, run) in rows() {
            group.bench_function(BenchmarkId::new(name, n), |b| b.iter(|| run(p, log)));
        }
    }
    group.finish();
    summary(&setups);
}

/// Per row and size, each of 9 rounds times the fastest of a few calls (about 200 000 clients'
/// worth, at least 2); the sizes are timed one after the other inside each round, so a drift of
/// the shared machine hits every size of a round alike. Prints the median time per size and the
/// median of the rounds' growth ratios per 10× clients.
fn summary(setups: &[(usize, Provider, Vec<Event>)]) {
    const ROUNDS: usize = 9;
    println!(
        "\n== access review and blast radius: summary (medians of {ROUNDS} paired rounds; linear growth is about 10x per 10x clients)"
    );
    for (name, run) in rows() {
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); setups.len()];
        let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); setups.len().saturating_sub(1)];
        for _ in 0..ROUNDS {
            let round: Vec<f64> = setups
                .iter()
                .map(|(n, p, log)| {
                    (0..(200_000 / n).max(2))
                        .map(|_| {
                            let start = Instant::now();
                            run(p, log);
                            start.elapsed().as_secs_f64()
                        })
                        .fold(f64::INFINITY, f64::min)
                })
                .collect();
            for (i, t) in round.iter().enumerate() {
                times[i].push(*t);
            }
            for (i, w) in round.windows(2).enumerate() {
                ratios[i].push(w[1] / w[0]);
            }
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let figures: Vec<String> = setups
            .iter()
            .zip(&mut times)
            .map(|((n, _, log), t)| format!("{n} clients ({} events) {:.2} ms", log.len(), median(t) * 1e3))
            .collect();
        let growth: Vec<String> = ratios.iter_mut().map(|r| format!("{:.1}x", median(r))).collect();
        println!("  {name}: {}; growth per 10x clients: {}", figures.join(", "), growth.join(", "));
    }
    pages_kept_summary();
}

/// The glibc settings under which malloc keeps the pages it is given (see the module's
/// documentation).
const PAGES_KEPT: &str = "glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=268435456";

/// Runs this program again for its summary alone, with [`PAGES_KEPT`], and prints what it
/// prints (once: the second run does not run a third).
fn pages_kept_summary() {
    if !cfg!(all(target_os = "linux", target_env = "gnu"))
        || std::env::var_os("MSPKIT_BENCH_PAGES_KEPT").is_some()
    {
        return;
    }
    println!("\n== the same summary with glibc keeping its pages ({PAGES_KEPT})");
    let run = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("--bench")
            .env("GLIBC_TUNABLES", PAGES_KEPT)
            .env("MSPKIT_BENCH_SUMMARY_ONLY", "1")
            .env("MSPKIT_BENCH_PAGES_KEPT", "1")
            .output()
    });
    match run {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            for line in text.lines().filter(|l| l.starts_with("  ")) {
                println!("{line}");
            }
        }
        Ok(out) => println!("  (the second run failed: {})", String::from_utf8_lossy(&out.stderr).trim()),
        Err(e) => println!("  (the second run did not start: {e})"),
    }
}

criterion_group!(benches, review);
criterion_main!(benches);
