//! The events benchmark's `apply` figure on its own: builds the synthetic log of the size given
//! as the first argument (default 100 000 events, one client per ten), then replays it
//! `rounds` times (second argument, default 5) and prints the fastest and median replay. The
//! rebuilt providers are dropped after the timing. For callgrind:
//! `valgrind --tool=callgrind --toggle-collect='*Provider*replay*' target/release/examples/apply_timing 100000 1`.
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

fn main() {
    let mut args = std::env::args().skip(1);
    let events: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let start = Instant::now();
    let log = mspkit_benches::synthetic_log(events).unwrap();
    eprintln!("log of {} events built in {:.1} ms", log.len(), start.elapsed().as_secs_f64() * 1e3);
    let faults = minor_faults();
    let mut kept = Vec::with_capacity(rounds);
    // `MSPKIT_BENCH_COLD=1`: every replay starts with nothing of the log in the caches.
    let mut evict = std::env::var_os("MSPKIT_BENCH_COLD").map(|_| mspkit_benches::eviction_buffer());
    let mut times = mspkit_benches::timed_calls(rounds, &mut evict, || {
        kept.push(black_box(Provider::replay(&log).unwrap()));
    });
    let faults = minor_faults().saturating_sub(faults) / rounds.max(1) as u64;
    // The floor: the log read and, for each event about a client, that client looked up in the
    // replayed provider and its seats read (what any replay reads from memory), nothing written;
    // and the log alone (each event's sequence and subject), no client looked up.
    let read = |look_up: &dyn Fn(mspkit::OrganizationId) -> u64| {
        let mut sum = 0u64;
        for event in &log {
            sum = sum.wrapping_add(event.sequence);
            if let mspkit::event::Subject::Client(id) = event.change.subject(event.provider) {
                sum = sum.wrapping_add(look_up(id));
            }
        }
        black_box(sum);
    };
    let floor = kept.last().map_or(0.0, |provider: &Provider| {
        mspkit_benches::fastest_call(rounds, &mut evict, || {
            read(&|id| provider.client(id).map_or(0, |c| u64::from(c.seats())));
        })
    });
    let log_floor =
        mspkit_benches::fastest_call(rounds, &mut evict, || read(&|id| u64::from(id.uuid().as_bytes()[0])));
    drop(kept);
    times.sort_by(f64::total_cmp);
    let min = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "{events} events: apply min {:.1} ms ({:.2} M events/s), median {:.1} ms, {faults} page faults a replay; floor (read only) {:.2} ms, of which the log {:.2} ms",
        min * 1e3,
        events as f64 / min / 1e6,
        median * 1e3,
        floor * 1e3,
        log_floor * 1e3
    );
}

/// The process's minor page faults so far (Linux; 0 elsewhere).
fn minor_faults() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| s.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(7)?.parse().ok()))
        .unwrap_or(0)
}
