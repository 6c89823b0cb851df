//! The replay's memory pattern without the library: a log read in order, and for each event
//! about a client, that client found in a list of records (a record appended when a client
//! first appears). No rule is checked and nothing else is kept, so what this takes is what
//! building a state of that shape from that log costs in memory on this machine. Compare its
//! growth from 100 000 to 1 M events with `apply_timing`'s (DESIGN.md, "Third round" and
//! "What the ratio rows measure").
//!
//! - `replay_pattern EVENTS [write]`: a `std` `HashMap` from id to place, 192-byte records
//!   (one word written for each event with `write`); the fastest of 7 runs.
//! - `replay_pattern EVENTS minimal`: the replay's own lookup scheme at its leanest: an index
//!   of 4-byte places (`hashbrown::HashTable<u32>`, the id compared in the record), the clients
//!   of 64 events looked up ahead of applying them, one word written for each event, with
//!   records of 24 (the id and the word), 64 and 192 bytes (`mspkit`'s client record); the fastest of
//!   7 runs of each.
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "a benchmark fails loudly on bad setup"
)]

use std::collections::HashMap;
use std::hint::black_box;

use hashbrown::HashTable;
use mspkit::event::Subject;

/// The client an event is about, as the two halves of its id.
fn client_of(event: &mspkit::Event) -> Option<(u64, u64)> {
    match event.change.subject(event.provider) {
        Subject::Client(id) => Some(id.uuid().as_u64_pair()),
        _ => None,
    }
}

/// A multiply-and-fold hash of an id's halves (ids are random: nothing more is needed here).
fn hash((hi, lo): (u64, u64)) -> u64 {
    let h = (hi ^ lo.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 31)
}

/// The leanest replay of `log` with records of `W` words (the id in the first two).
fn minimal<const W: usize>(log: &[mspkit::Event]) -> f64 {
    mspkit_benches::fastest_call(7, &mut None, || {
        let mut index: HashTable<u32> = HashTable::new();
        let mut records: Vec<[u64; W]> = Vec::new();
        let mut sum = 0u64;
        for chunk in log.chunks(64) {
            // Look ahead: the clients of the next 64 events, read and dropped.
            for id in chunk.iter().filter_map(client_of) {
                let found = index.find(hash(id), |&p| records[p as usize][..2] == [id.0, id.1]);
                if let Some(&p) = found {
                    sum = sum.wrapping_add(records[p as usize][W - 1]);
                }
            }
            for event in chunk {
                sum = sum.wrapping_add(event.sequence);
                let Some(id) = client_of(event) else { continue };
                let h = hash(id);
                let found = index.find(h, |&p| records[p as usize][..2] == [id.0, id.1]).copied();
                let place = found.unwrap_or_else(|| {
                    let next = records.len() as u32;
                    let mut record = [0u64; W];
                    record[0] = id.0;
                    record[1] = id.1;
                    records.push(record);
                    let list = &records;
                    index.insert_unique(h, next, |&p| {
                        let r = &list[p as usize];
                        hash((r[0], r[1]))
                    });
                    next
                });
                let record = &mut records[place as usize];
                record[W - 1] = record[W - 1].wrapping_add(event.sequence);
            }
        }
        black_box((sum, &records));
    })
}

fn main() {
    let events: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let mode = std::env::args().nth(2).unwrap_or_default();
    let log = mspkit_benches::synthetic_log(events).unwrap();
    if mode == "minimal" {
        println!(
            "{events} events, minimal: records of 24 bytes {:.2} ms, 64 bytes {:.2} ms, 192 bytes {:.2} ms",
            minimal::<3>(&log) * 1e3,
            minimal::<8>(&log) * 1e3,
            minimal::<24>(&log) * 1e3
        );
        return;
    }
    let write = mode == "write";
    let best = mspkit_benches::fastest_call(7, &mut None, || {
        let mut index: HashMap<mspkit::OrganizationId, u32> = HashMap::new();
        let mut records: Vec<[u64; 24]> = Vec::new();
        let mut sum = 0u64;
        for event in &log {
            sum = sum.wrapping_add(event.sequence);
            if let Subject::Client(id) = event.change.subject(event.provider) {
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
