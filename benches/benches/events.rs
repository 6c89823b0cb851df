//! Events: replaying a provider's log, from Rust and from JSON Lines, and one command on
//! providers of growing size.
//!
//! - `replay/apply`: `Provider::replay` over a synthetic log (a provider with one client per ten
//!   events: creations, then seat changes and client members), events already in memory.
//!   Target: at least 2 M events/s.
//! - `replay/parse_and_apply`: the same log from its JSON Lines text (`EventLog::from_jsonl`,
//!   then replay), against `serde_json` parsing the same lines into `serde_json::Value` in the
//!   same run. Target: at least half of `serde_json`'s speed.
//! - Linearity: the time of the 10× larger log over the smaller one (target ≤ 11×).
//! - `seat_change`: one `set_client_seats` command on providers of 1 000, 10 000 and 100 000
//!   clients. Target: flat (the largest within 2× of the smallest).
//!
//! - `read_scoped`: reading a provider document with 11 service users each scoped to every one
//!   of its clients (issue 10: 32 000 clients took seconds when each scope entry scanned the
//!   client list). Target: linear (the 10× larger document within 11×).
//!
//! Full run: 100 000 and 1 000 000 events. `MSPKIT_BENCH_QUICK=1` (set by `benches/run --quick`,
//! used by CI): 10 000 and 100 000 events, seat changes on 1 000 and 10 000 clients. The summary
//! at the end prints every figure and ratio (medians of paired runs timed in this process; a
//! rebuilt provider is dropped outside the timing). `MSPKIT_BENCH_SUMMARY_ONLY=1` prints only
//! the summary.
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
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mspkit::{DocumentReader, Event, EventLog, Provider};
use uuid::Uuid;

fn quick() -> bool {
    std::env::var_os("MSPKIT_BENCH_QUICK").is_some()
}

/// `MSPKIT_BENCH_SUMMARY_ONLY=1` skips the criterion groups and prints only the summary.
fn summary_only() -> bool {
    std::env::var_os("MSPKIT_BENCH_SUMMARY_ONLY").is_some()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

/// The log sizes: a small one and one ten times larger.
fn sizes() -> [usize; 2] {
    if quick() { [10_000, 100_000] } else { [100_000, 1_000_000] }
}

fn client_counts() -> Vec<usize> {
    if quick() { vec![1_000, 10_000] } else { vec![1_000, 10_000, 100_000] }
}

fn provider(clients: usize) -> mspkit_benches::SyntheticMsp {
    mspkit_benches::synthetic_msp(clients).unwrap()
}

fn synthetic_log(events: usize) -> Vec<Event> {
    mspkit_benches::synthetic_log(events).unwrap()
}

/// A provider document with `clients` clients and 11 service users scoped to all of them.
fn scoped_document(clients: usize) -> String {
    let (p, _, ids, _) = provider(clients);
    let mut value = serde_json::to_value(&p).unwrap();
    let scope: Vec<serde_json::Value> = ids.iter().map(|id| serde_json::json!(id)).collect();
    let members = value["members"].as_array_mut().unwrap();
    for i in 0..11u128 {
        members.push(serde_json::json!({
            "id": Uuid::from_u128(500 + i), "email": format!("su{i}@bench.example"),
            "user_id": Uuid::from_u128(600 + i), "role": "service_user", "status": "confirmed",
            "invited_at": now(), "client_scope": scope,
        }));
    }
    value.to_string()
}

fn scoped_sizes() -> [usize; 2] {
    if quick() { [320, 3_200] } else { [3_200, 32_000] }
}

/// Reads the log and replays it. The 1 M-event log (about 300 MB) is over the reader's default
/// 64 MiB limit, so the reader is given a limit of the text's size, as `--max-bytes` does for the
/// CLI (the check itself still runs).
fn parse_and_apply(text: &str) -> Provider {
    let reader = DocumentReader::with_max_bytes(u64::try_from(text.len()).unwrap());
    EventLog::from_jsonl_with(text, &reader).unwrap().replay_provider().unwrap()
}

fn parse_values(text: &str) -> usize {
    text.lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(serde_json::Value::is_object)
        .count()
}

/// The median of `rounds` timings of `f`.
fn median(rounds: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// The median of per-round ratios `a / b`, `a` and `b` timed alternately (so drift of the
/// shared machine hits both).
fn paired_ratio(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> f64 {
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            a();
            let ta = start.elapsed().as_secs_f64();
            let start = Instant::now();
            b();
            let tb = start.elapsed().as_secs_f64();
            ta / tb
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

fn replay(c: &mut Criterion) {
    if summary_only() {
        return;
    }
    let mut group = c.benchmark_group("replay");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if quick() { 2 } else { 10 }));
    for size in sizes() {
        let log = synthetic_log(size);
        let text = EventLog::new(log.clone()).to_jsonl();
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::new("apply", size), &log, |b, log| {
            b.iter_with_large_drop(|| Provider::replay(black_box(log)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("parse_and_apply", size), &text, |b, text| {
            b.iter_with_large_drop(|| parse_and_apply(black_box(text)));
        });
        group.bench_with_input(BenchmarkId::new("serde_json_value", size), &text, |b, text| {
            b.iter(|| parse_values(black_box(text)));
        });
    }
    group.finish();
}

fn seat_change(c: &mut Criterion) {
    if summary_only() {
        return;
    }
    let mut group = c.benchmark_group("seat_change");
    group.measurement_time(Duration::from_secs(if quick() { 1 } else { 4 }));
    for clients in client_counts() {
        let (mut p, admin, ids, _) = provider(clients);
        let client = ids[clients / 2];
        let mut seats = 5;
        group.bench_function(BenchmarkId::from_parameter(clients), |b| {
            b.iter(|| {
                seats = if seats == 5 { 6 } else { 5 };
                p.set_client_seats(admin, black_box(client), seats, now()).unwrap()
            });
        });
    }
    group.finish();
}

/// Prints every figure and ratio against its target, from paired runs in this process.
fn summary(_: &mut Criterion) {
    let rounds = if quick() { 3 } else { 5 };
    let [small, large] = sizes();
    println!("\n== events: summary (medians of {rounds} rounds)");
    let mut met = 0;
    let mut total = 0;
    let mut check = |name: &str, ok: bool| {
        total += 1;
        if ok {
            met += 1;
        }
        println!("  {name}: {}", if ok { "met" } else { "MISSED" });
    };
    let mut apply_times = Vec::new();
    let mut parse_times = Vec::new();
    for size in [small, large] {
        let log = synthetic_log(size);
        let text = EventLog::new(log.clone()).to_jsonl();
        let mut kept = Vec::with_capacity(rounds);
        let apply = median(rounds, || kept.push(Provider::replay(&log).unwrap()));
        kept.clear();
        let parse = median(rounds, || kept.push(parse_and_apply(&text)));
        kept.clear();
        let ratio = paired_ratio(
            rounds,
            || {
                black_box(parse_values(&text));
            },
            || {
                black_box(parse_and_apply(&text));
            },
        );
        let rate = size as f64 / apply.as_secs_f64();
        println!(
            "  {size} events ({} clients): apply {:.1} ms = {:.2} M events/s; parse+apply {:.1} ms = {:.2} M events/s; \
             speed vs serde_json::Value parse of the same lines {ratio:.2}x",
            size / 10,
            apply.as_secs_f64() * 1e3,
            rate / 1e6,
            parse.as_secs_f64() * 1e3,
            size as f64 / parse.as_secs_f64() / 1e6,
        );
        if size == large {
            check(&format!("apply >= 2 M events/s ({:.2} M)", rate / 1e6), rate >= 2e6);
            check(&format!("parse+apply >= 0.5x serde_json Value ({ratio:.2}x)"), ratio >= 0.5);
        }
        apply_times.push(apply);
        parse_times.push(parse);
    }
    let linear = |t: &[Duration]| t[1].as_secs_f64() / t[0].as_secs_f64();
    println!(
        "  linearity (10x the events): apply {:.2}x, parse+apply {:.2}x",
        linear(&apply_times),
        linear(&parse_times)
    );
    check(
        &format!("apply linear, <= 11x per 10x ({:.2}x)", linear(&apply_times)),
        linear(&apply_times) <= 11.0,
    );
    check(
        &format!("parse+apply linear, <= 11x per 10x ({:.2}x)", linear(&parse_times)),
        linear(&parse_times) <= 11.0,
    );
    let mut seat_times = Vec::new();
    for clients in client_counts() {
        let (mut p, admin, ids, _) = provider(clients);
        let client = ids[clients / 2];
        let n = 20_000u32;
        let time = median(rounds, || {
            for i in 0..n {
                black_box(p.set_client_seats(admin, client, 5 + i % 2 + 1, now()).unwrap());
            }
        }) / n;
        println!("  seat change on {clients} clients: {:.0} ns", time.as_secs_f64() * 1e9);
        seat_times.push(time);
    }
    let spread = seat_times.last().unwrap().as_secs_f64() / seat_times[0].as_secs_f64();
    check(&format!("seat change flat: largest within 2x of smallest ({spread:.2}x)"), spread <= 2.0);
    let mut read_times = Vec::new();
    for clients in scoped_sizes() {
        let doc = scoped_document(clients);
        let time = median(rounds, || {
            black_box(Provider::from_json(&doc).unwrap());
        });
        println!(
            "  read a provider of {clients} clients, 11 service users scoped to all: {:.1} ms",
            time.as_secs_f64() * 1e3
        );
        read_times.push(time);
    }
    let growth = linear(&read_times);
    check(&format!("scoped read linear, <= 11x per 10x ({growth:.2}x)"), growth <= 11.0);
    println!("targets met: {met} of {total}");
}

fn read_scoped(c: &mut Criterion) {
    if summary_only() {
        return;
    }
    let mut group = c.benchmark_group("read_scoped");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if quick() { 1 } else { 4 }));
    for clients in scoped_sizes() {
        let doc = scoped_document(clients);
        group.bench_with_input(BenchmarkId::from_parameter(clients), &doc, |b, doc| {
            b.iter_with_large_drop(|| Provider::from_json(black_box(doc)).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, replay, seat_change, read_scoped, summary);
criterion_main!(benches);
