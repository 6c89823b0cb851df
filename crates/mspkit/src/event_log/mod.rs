//! The event log document: JSON Lines, one event per line, after a header line that gives the
//! `schema_version`.
//!
//! ```text
//! {"schema_version":2}
//! {"hash":"…","prev":"000…000","event":{"provider":"…","sequence":1,"at":"2026-03-02T09:00:00Z","actor":{"type":"system"},"change":{"type":"provider_issued",…}}}
//! {"hash":"…","prev":"…","event":{"provider":"…","sequence":2,…}}
//! ```
//!
//! Version 2 (written since issue 20) is tamper-evident: each line carries its own hash and the
//! hash of the line before ([`chain`]), and signed checkpoints ([`seal`]) may follow any event.
//! Reading a version 2 log checks the chain as it goes; [`verify_chain`] checks only the chain,
//! at the speed of hashing. Version 1 (a bare event per line, no hashes) is still read.
//!
//! Blank lines are ignored (a log may end with a newline or be concatenated). Every error names
//! the line it was found on: a line of the wrong shape is `invalid_document` (with the line and
//! column), a line that is not UTF-8 `read_failed`, a line longer than [`MAX_LINE_BYTES`]
//! `event_line_too_long`, an event that does not fit the provider its own error
//! (`event_out_of_sequence`, `seats_below_occupied`, `duplicate_client`, …).
//!
//! A log is expected to grow, so it is read as a stream: [`EventLogReader`] reads one line at a
//! time from any [`BufRead`] (a file, a pipe) and [`EventLogReader::replay`] applies each event
//! as it is read, so memory holds the provider being rebuilt and one line, never the log. The
//! size limit of a log is per line ([`MAX_LINE_BYTES`]), not per file. [`EventLog`] holds a
//! whole log in memory, read by the same reader.
//!
//! There is one replay: [`Provider::replay`] (and [`Provider::apply`], which it runs for every
//! event) rebuilds everything the log records, the deployments of the clients included;
//! [`EventLog::replay_portfolio`] is that replay, as a [`Portfolio`].

use std::io::BufRead;
use std::sync::Arc;

use crate::deployment::DeploymentCatalog;
use crate::document::{DocumentError, DocumentReader, keys_surely_distinct};
use crate::error::Error;
use crate::event::{Event, EventError};
use crate::portfolio::Portfolio;
use crate::provider::Provider;

pub mod chain;
mod line;
pub mod seal;
mod verify;

pub use line::{EVENT_LOG_SCHEMA_VERSION, LogError, MAX_LINE_BYTES, UNCHAINED_SCHEMA_VERSION};
use line::{Header, next_line};

use chain::ChainedLine;
pub use chain::{ChainHash, ChainWriter, LineKind};
pub use seal::{Checkpoint, SealKey, SealPublicKey};
pub use verify::{ChainOptions, ChainReport, SeenCheckpoint, seal_chain, verify_chain};

/// A provider's event log: its events in order, each with the line it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventLog {
    events: Vec<Event>,
    lines: Vec<usize>,
}

impl EventLog {
    /// A log of `events` (as written, event `i` is on line `i + 2`).
    pub fn new(events: Vec<Event>) -> Self {
        let lines = (2..).take(events.len()).collect();
        Self { events, lines }
    }

    /// Reads a JSON Lines log. The first non-blank line must be the header
    /// (`{"schema_version":2}`, or 1); every later non-blank line one event (of version 2: a
    /// chained line, its chain checked, or a checkpoint, checked and skipped).
    pub fn from_jsonl(text: &str) -> Result<Self, LogError> {
        Self::from_jsonl_with(text, &DocumentReader::new())
    }

    /// [`Self::from_jsonl`] with another reader: its checks apply to each line (no repeated key,
    /// `duplicate_key` with its line; its size limit when lower than [`MAX_LINE_BYTES`]). The
    /// log as a whole has no size limit; each line has [`MAX_LINE_BYTES`].
    pub fn from_jsonl_with(text: &str, reader: &DocumentReader) -> Result<Self, LogError> {
        let mut lines = EventLogReader::new(text.as_bytes()).with_reader(*reader);
        let mut log = Self::default();
        while let Some((line, event)) = lines.next_event()? {
            log.events.push(event);
            log.lines.push(line);
        }
        Ok(log)
    }

    /// Writes the log as a version 2 JSON Lines log: the header, then one chained line per event
    /// (see [`chain`]), each line ending with a newline.
    pub fn to_jsonl(&self) -> String {
        write_jsonl(&self.events)
    }

    /// The events.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The events, without their lines.
    pub fn into_events(self) -> Vec<Event> {
        self.events
    }

    /// The line event `index` was read from (or would be written to).
    pub fn line(&self, index: usize) -> usize {
        self.lines.get(index).copied().unwrap_or_else(|| index.saturating_add(2))
    }

    /// Appends events (their lines follow the last one).
    pub fn extend(&mut self, events: impl IntoIterator<Item = Event>) {
        for event in events {
            let line = self.lines.last().map_or(2, |l| l.saturating_add(1));
            self.events.push(event);
            self.lines.push(line);
        }
    }

    /// Rebuilds the provider (see [`Provider::replay`]): everything the log records, the
    /// deployments of its clients included (over the built-in edition of the deployment
    /// guide). An error names the event's line.
    pub fn replay_provider(&self) -> Result<Provider, LogError> {
        replay_lines(self.events.iter().enumerate().map(|(i, e)| Ok((self.line(i), e))), None, |_| {})
    }

    /// Rebuilds the portfolio: the provider with the deployments of its clients, their steps
    /// following `catalog`. The same replay as [`Provider::replay_with_catalog`] (kept as a
    /// thin wrapper: the deployments are the provider's own).
    pub fn replay_portfolio(&self, catalog: &DeploymentCatalog) -> Result<Portfolio, LogError> {
        let catalog = Some(Arc::new(catalog.clone()));
        replay_lines(self.events.iter().enumerate().map(|(i, e)| Ok((self.line(i), e))), catalog, |_| {})
            .map(Portfolio::new)
    }
}

/// Replays `(line, event)` pairs: the first issues the provider, each later one is applied,
/// 64 at a time with their clients looked up first (see `Provider::prepare`). The first error
/// stops the replay, with its line.
fn replay_lines<E: std::borrow::Borrow<Event>>(
    mut events: impl Iterator<Item = Result<(usize, E), LogError>>,
    catalog: Option<Arc<DeploymentCatalog>>,
    mut each: impl FnMut(&Event),
) -> Result<Provider, LogError> {
    let Some(first) = events.next() else {
        return Err(LogError { line: 1, error: Error::Event(EventError::EmptyLog) });
    };
    let (line, first) = first?;
    let mut provider =
        Provider::from_first_event(first.borrow(), catalog).map_err(|error| LogError { line, error })?;
    each(first.borrow());
    let mut batch: Vec<(usize, E)> = Vec::with_capacity(crate::provider::LOOKAHEAD);
    loop {
        batch.clear();
        for next in events.by_ref() {
            batch.push(next?);
            if batch.len() == crate::provider::LOOKAHEAD {
                break;
            }
        }
        if batch.is_empty() {
            return Ok(provider);
        }
        provider.prepare(batch.iter().map(|(_, e)| e.borrow()));
        for (line, event) in &batch {
            provider.apply(event.borrow()).map_err(|error| LogError { line: *line, error })?;
            each(event.borrow());
        }
    }
}

/// Reads an event log line by line from any [`BufRead`], one event at a time, never holding
/// more than one line: the header first (`{"schema_version":2}` or 1), then the events (of a
/// version 2 log, its chain and checkpoints checked as they are read: see [`chain`]). Every
/// error names its line; after an error the reader ends.
///
/// ```
/// use mspkit::event_log::EventLogReader;
/// let text = std::fs::read("../../examples/events.jsonl")?;
/// let provider = EventLogReader::new(text.as_slice()).replay()?;
/// assert_eq!(provider.name(), "Northwind Managed IT");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct EventLogReader<R> {
    source: R,
    reader: DocumentReader,
    max_line_bytes: usize,
    buffer: Vec<u8>,
    /// The length of the line last read in place in `source`'s buffer, to consume before the next.
    pending: usize,
    line: usize,
    header: bool,
    done: bool,
    /// The log's version (0 before the header).
    version: u32,
    /// Version 2: the hash of the last chained line and its line.
    head: ChainHash,
    head_line: Option<usize>,
    /// The provider and sequence of the last event read.
    last: Option<(crate::ids::ProviderId, u64)>,
}

impl<R: BufRead> EventLogReader<R> {
    /// A reader of the log `source` with the default document reader and [`MAX_LINE_BYTES`].
    pub fn new(source: R) -> Self {
        Self {
            source,
            reader: DocumentReader::new(),
            max_line_bytes: MAX_LINE_BYTES,
            buffer: Vec::new(),
            pending: 0,
            line: 0,
            header: false,
            done: false,
            version: 0,
            head: ChainHash::GENESIS,
            head_line: None,
            last: None,
        }
    }

    /// The log's schema version (0 until its header is read).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Of a version 2 log, the hash of the last line read (the chain's head so far); `None` for
    /// a version 1 log.
    pub fn head(&self) -> Option<ChainHash> {
        (self.version == EVENT_LOG_SCHEMA_VERSION).then_some(self.head)
    }

    /// With another document reader (its checks apply to each line).
    #[must_use]
    pub fn with_reader(mut self, reader: DocumentReader) -> Self {
        self.reader = reader;
        self
    }

    /// With another line limit (at most [`MAX_LINE_BYTES`] is sensible; lower it to refuse
    /// long lines sooner).
    #[must_use]
    pub fn with_max_line_bytes(mut self, max_line_bytes: usize) -> Self {
        self.max_line_bytes = max_line_bytes;
        self
    }

    /// The number of the last line read (from 1; the header is line 1 of a log that starts
    /// with it).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The next event with its line, `None` at the end of the log. A log without a header is
    /// `event_log_empty`.
    pub fn next_event(&mut self) -> Result<Option<(usize, Event)>, LogError> {
        if self.done {
            return Ok(None);
        }
        let result = self.read_event();
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result
    }

    fn read_event(&mut self) -> Result<Option<(usize, Event)>, LogError> {
        loop {
            self.line = self.line.saturating_add(1);
            let number = self.line;
            let Some(text) = next_line(
                &mut self.source,
                &mut self.pending,
                &mut self.buffer,
                number,
                self.max_line_bytes,
            )?
            else {
                if !self.header {
                    return Err(LogError { line: 1, error: Error::Event(EventError::EmptyLog) });
                }
                return Ok(None);
            };
            if text.trim().is_empty() {
                continue;
            }
            let at_line = |e| LogError { line: number, error: Error::Document(e) };
            if !self.header {
                let found: Header =
                    self.reader.parse_line(text, "event log header", number).map_err(at_line)?;
                if found.schema_version != EVENT_LOG_SCHEMA_VERSION
                    && found.schema_version != UNCHAINED_SCHEMA_VERSION
                {
                    return Err(LogError {
                        line: number,
                        error: Error::Event(EventError::UnsupportedSchema { found: found.schema_version }),
                    });
                }
                self.version = found.schema_version;
                self.header = true;
                continue;
            }
            if self.version == UNCHAINED_SCHEMA_VERSION {
                let event = read_event(self.reader, text, number).map_err(at_line)?;
                return Ok(Some((number, event)));
            }
            let on_line = |error: Error| LogError { line: number, error };
            let split =
                ChainedLine::split(text.as_bytes()).ok_or(on_line(EventError::LineUnchained.into()))?;
            let hash = verify::link(&split, &self.head, self.head_line).map_err(|e| on_line(e.into()))?;
            let body = std::str::from_utf8(split.body()).unwrap_or_default();
            if split.kind() == LineKind::Checkpoint {
                verify::checkpoint(split.body(), number, &self.head, self.last, None).map_err(on_line)?;
                self.head = hash;
                self.head_line = Some(number);
                continue;
            }
            let event = read_event(self.reader, body, number).map_err(at_line)?;
            self.head = hash;
            self.head_line = Some(number);
            self.last = Some((event.provider, event.sequence));
            return Ok(Some((number, event)));
        }
    }

    /// Rebuilds the provider as the log is read: each event is applied when read and dropped,
    /// so memory holds the provider and one line. The same replay as [`Provider::replay`]
    /// (deployments over the built-in edition); the first error stops it, with its line.
    pub fn replay(self) -> Result<Provider, LogError> {
        replay_lines(self, None, |_| {})
    }

    /// [`Self::replay`], the deployments' steps following `catalog`.
    pub fn replay_with_catalog(self, catalog: &DeploymentCatalog) -> Result<Provider, LogError> {
        replay_lines(self, Some(Arc::new(catalog.clone())), |_| {})
    }

    /// [`Self::replay`] (over `catalog`, or the built-in edition), showing `each` event once it
    /// is applied: what an export that must judge the whole log first learns on the way (the
    /// names of [`EventLabels`](crate::EventLabels), a count).
    pub fn replay_each(
        self,
        catalog: Option<&DeploymentCatalog>,
        each: impl FnMut(&Event),
    ) -> Result<Provider, LogError> {
        replay_lines(self, catalog.map(|c| Arc::new(c.clone())), each)
    }

    /// [`Self::replay_each`] through a borrowed reader, whose [`Self::head`] is then the log's
    /// head (of a version 2 log: the hash of its last line).
    pub fn replay_each_mut(
        &mut self,
        catalog: Option<&DeploymentCatalog>,
        each: impl FnMut(&Event),
    ) -> Result<Provider, LogError> {
        replay_lines(&mut *self, catalog.map(|c| Arc::new(c.clone())), each)
    }
}

impl<R: BufRead> Iterator for EventLogReader<R> {
    type Item = Result<(usize, Event), LogError>;

    /// The next event with its line; after an error, `None`.
    fn next(&mut self) -> Option<Self::Item> {
        self.next_event().transpose()
    }
}

/// Reads the event of one line (`text`, line `number`): in one pass when the line has the layout
/// mspkit writes ([`crate::event::read_event_line`]), its keys then proven distinct by the types
/// that read them or by the byte scan; otherwise, and for every line that fails, through
/// [`DocumentReader::parse_line`], whose verdict (code, message, line and column) is the log's.
/// The one pass accepts nothing `parse_line` refuses, and reads the same event.
fn read_event(reader: DocumentReader, text: &str, number: usize) -> Result<Event, DocumentError> {
    if reader.check_size(text, "event").is_ok()
        && let Some((event, keys_checked)) = crate::event::read_event_line(text)
        && (keys_checked || keys_surely_distinct(text))
    {
        return Ok(event);
    }
    reader.parse_line(text, "event", number)
}

/// Writes `events` as a version 2 JSON Lines log (the header, then one chained line per event).
pub fn write_jsonl(events: &[Event]) -> String {
    let mut out = String::with_capacity(events.len().saturating_mul(400).saturating_add(24));
    out.push_str(&ChainWriter::header());
    out.push('\n');
    let mut writer = ChainWriter::new();
    for e in events {
        out.push_str(&writer.event_line(e));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
