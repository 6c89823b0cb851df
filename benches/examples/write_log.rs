//! Writes the events benchmark's synthetic log (`mspkit_benches::synthetic_log`: a billable MSP,
//! one client per ten events, then seat changes and client members) as a JSON Lines file, for
//! `benches/events_stream.py`: `write_log EVENTS PATH`.
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::io::{BufWriter, Write};

fn main() {
    let mut args = std::env::args().skip(1);
    let events: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let path = args.next().expect("usage: write_log EVENTS PATH");
    let log = mspkit_benches::synthetic_log(events).unwrap();
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(out, "{}", mspkit::event_log::ChainWriter::header()).unwrap();
    let mut chain = mspkit::event_log::ChainWriter::new();
    for event in &log {
        writeln!(out, "{}", chain.event_line(event)).unwrap();
    }
    out.flush().unwrap();
}
