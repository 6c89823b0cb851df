//! The replay's memory pattern without the library: a log read in order, and for each event
//! about a client, that client found through a `std` `HashMap` from its id to a place in a list
//! of 192-byte records (a record appended when a client first appears, one word written for
//! each event with `write`). No rule is checked and nothing else is kept, so what this takes is
//! what building a state of that shape from that log costs in memory on this machine:
//! `replay_pattern EVENTS [write]` prints the fastest of 7 runs. Compare its growth from 100 000
//! to 1 M events with `apply_timing`'s (DESIGN.md, "Third round").
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "a benchmark fails loudly on bad setup"
)]

use std::collections::HashMap;
use std::hint::black_box;

fn main() {
    let events: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let write = std::env::args().nth(2).is_some_and(|a| a == "write");
    let log = mspkit_benches::synthetic_log(events).unwrap();
    let best = mspkit_benches::fastest_call(7, &mut None, || {
        let mut index: HashMap<mspkit::OrganizationId, u32> = HashMap::new();
        let mut records: Vec<[u64; 24]> = Vec::new();
        let mut sum = 0u64;
        for event in &log {
            sum = sum.wrapping_add(event.sequence);
            if let mspkit::event::Subject::Client(id) = event.change.subject(event.provider) {
                let next = records.len() as u32;
                let place = *index.entry(id).or_insert(next);
                if place == next {
                    records.push([0; 24]);
                }
                let record = &mut records[place as usize];
                if write {
                    record[1] = record[1].wrapping_add(event.sequence);
                }
                sum = sum.wrapping_add(record[0]);
            }
        }
        black_box((sum, &records));
    });
    println!(
        "{events} events{}: fastest {:.2} ms",
        if write { ", a word written each" } else { "" },
        best * 1e3
    );
}
