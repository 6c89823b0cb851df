//! The log chain verifier (`mspkit::event_log::verify_chain`, issue 20): any bytes as a log.
//! Properties: no panic; a verified log's report counts no more events than lines; the reader
//! (`EventLogReader`, which checks the same chain and parses each event) agrees: a log it reads
//! whole is verified with the same head and event count; and a log that reads is written again
//! by `write_jsonl` into a chain that verifies, with as many events.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::event_log::{ChainOptions, EventLog, EventLogReader, verify_chain, write_jsonl};

fuzz_target!(|data: &[u8]| {
    let verified = verify_chain(data, &ChainOptions::new());
    if let Ok(report) = &verified {
        assert!(report.events <= u64::try_from(report.lines).unwrap_or(u64::MAX), "more events than lines");
    }
    let mut reader = EventLogReader::new(data);
    let mut events = 0u64;
    let mut read_whole = true;
    for read in reader.by_ref() {
        if read.is_err() {
            read_whole = false;
            break;
        }
        events += 1;
    }
    // Checkpoint lines the reader passes over; only the verifier checks their signatures.
    let checkpoints = data.windows(13).any(|w| w == b"\"checkpoint\":");
    if read_whole && reader.version() == 2 && !checkpoints {
        let report = verified.as_ref().expect("a log the reader reads whole verifies");
        assert_eq!(report.events, events, "the reader and the verifier count other events");
        assert_eq!(Some(report.head), reader.head(), "the reader and the verifier end at another head");
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(log) = EventLog::from_jsonl(text) {
        let written = write_jsonl(log.events());
        let again = verify_chain(written.as_bytes(), &ChainOptions::new()).expect("a written log verifies");
        assert_eq!(again.events, u64::try_from(log.events().len()).unwrap_or(u64::MAX));
    }
});
