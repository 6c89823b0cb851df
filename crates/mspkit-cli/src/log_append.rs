//! `--log LOG`: the events a command recorded, appended to the provider's event log the way the
//! log is written — chained after its head in a version 2 (tamper-evident) log, plain event lines
//! in a version 1 log, a version 2 header first in an empty file — so that `mspkit verify` and
//! `mspkit replay` still accept it. The log is read whole first (every line and the chain
//! checked), and nothing is appended unless the new events continue the provider's sequence in
//! it: a log that does not end where the portfolio does is refused, not extended.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Write as _};
use std::path::Path;

use mspkit::event_log::{ChainHash, ChainWriter, EVENT_LOG_SCHEMA_VERSION, EventLogReader};
use mspkit::{Event, ProviderId};

use crate::common::CliError;

/// How an event log ends: what an append must continue.
#[derive(Debug, Clone, Copy)]
pub struct LogEnd {
    /// The log's schema version (0: an empty file, no header yet).
    version: u32,
    /// Of a version 2 log, the hash of its last line.
    head: Option<ChainHash>,
    /// The sequence of the provider's last event in the log.
    last_sequence: Option<u64>,
}

impl LogEnd {
    /// Of a version 2 log, the hash of its last line (the receipt of a client's exit names it).
    pub fn head(&self) -> Option<ChainHash> {
        self.head
    }

    /// The sequence of the provider's last event in the log.
    pub fn last_sequence(&self) -> Option<u64> {
        self.last_sequence
    }
}

/// Reads the log at `path` whole (every line checked, the chain of a version 2 log too) and
/// calls `each` on every event of `provider` in it.
pub fn read_log_end(
    path: &Path,
    provider: ProviderId,
    mut each: impl FnMut(&Event),
) -> Result<LogEnd, CliError> {
    let file = File::open(path).map_err(|source| CliError::Read { path: path.to_owned(), source })?;
    let mut reader = EventLogReader::new(BufReader::new(file));
    let mut last_sequence = None;
    for read in reader.by_ref() {
        let (_, event) = read.map_err(|e| CliError::BadLine {
            path: path.to_owned(),
            line: e.line(),
            source: e.into_error(),
        })?;
        if event.provider == provider {
            last_sequence = Some(event.sequence);
            each(&event);
        }
    }
    Ok(LogEnd { version: reader.version(), head: reader.head(), last_sequence })
}

/// Appends `events` (of one provider, in order) to the log at `path`, which ends at `end`, and
/// syncs the file. Refused, with nothing written, when the events do not follow the provider's
/// last event in the log.
pub fn append_events(path: &Path, end: &LogEnd, events: &[Event]) -> Result<(), CliError> {
    let Some(first) = events.first() else { return Ok(()) };
    let expected = end.last_sequence.map_or(1, |last| last.saturating_add(1));
    if first.sequence != expected {
        return Err(CliError::Usage(format!(
            "`{}` does not end where the portfolio does: its last event of the provider is {}, the \
             new event is number {}; append to the provider's own, complete log",
            path.display(),
            end.last_sequence.map_or_else(|| "none".to_owned(), |s| format!("number {s}")),
            first.sequence
        )));
    }
    let mut text = String::new();
    let mut chain = match (end.version, end.head) {
        (0, _) => {
            text.push_str(&ChainWriter::header());
            text.push('\n');
            Some(ChainWriter::new())
        }
        (EVENT_LOG_SCHEMA_VERSION, Some(head)) => Some(ChainWriter::resume(head)),
        _ => None,
    };
    for event in events {
        let line = match chain.as_mut() {
            Some(chain) => chain.event_line(event),
            None => serde_json::to_string(event).map_err(|e| CliError::Stdout(e.into()))?,
        };
        text.push_str(&line);
        text.push('\n');
    }
    OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .map_err(|source| CliError::Write { path: path.to_owned(), source })
}
