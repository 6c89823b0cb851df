//! Verifying a version 2 log's chain without reading its events: each line is taken apart, its
//! `prev` compared with the hash of the line before and its canonical form hashed, so a log is
//! verified at nearly the speed of hashing its bytes. Checkpoints are read and their signatures
//! checked; only the last event before each (and the last of the log) is read, for its provider
//! and sequence.

use std::io::BufRead;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ChainWriter;
use super::chain::{ChainHash, ChainedLine, LineKind};
use super::line::{Header, LogError, MAX_LINE_BYTES, read_line};
use super::seal::{Checkpoint, SealKey, SealPublicKey};
use crate::document::DocumentReader;
use crate::error::Error;
use crate::event::EventError;
use crate::ids::ProviderId;

/// What a verification trusts beyond the log itself.
#[derive(Debug, Clone, Default)]
pub struct ChainOptions {
    trusted: Option<SealPublicKey>,
    kept: Vec<Checkpoint>,
}

impl ChainOptions {
    /// Nothing beyond the log: the chain, and each checkpoint's signature by its own key.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every checkpoint must be signed by `key`.
    #[must_use]
    pub fn trusting(mut self, key: SealPublicKey) -> Self {
        self.trusted = Some(key);
        self
    }

    /// Checkpoints kept outside the log (what `seal` returned): each must be in the log, so a log
    /// cut after one is detected (`event_log_truncated`), and one rewritten after it too
    /// (`checkpoint_missing`).
    #[must_use]
    pub fn keeping(mut self, checkpoints: impl IntoIterator<Item = Checkpoint>) -> Self {
        self.kept.extend(checkpoints);
        self
    }
}

/// A checkpoint found in the log, with its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeenCheckpoint {
    /// The line (from 1).
    pub line: usize,
    /// The checkpoint, its signature verified.
    pub checkpoint: Checkpoint,
}

/// What verifying a chained log found: it holds together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// The number of events.
    pub events: u64,
    /// The number of the log's last line.
    pub lines: usize,
    /// The hash of its last chained line ([`ChainHash::GENESIS`] for a log of no line).
    pub head: ChainHash,
    /// The provider of its last event.
    pub provider: Option<ProviderId>,
    /// The sequence of its last event.
    pub last_sequence: Option<u64>,
    /// Its checkpoints, in order.
    pub checkpoints: Vec<SeenCheckpoint>,
}

/// The provider and sequence of an event, read from its JSON (nothing else is read).
#[derive(Deserialize)]
struct Envelope {
    provider: ProviderId,
    sequence: u64,
}

fn envelope(line: &[u8]) -> Option<(ProviderId, u64)> {
    let split = ChainedLine::split(line)?;
    let e: Envelope = serde_json::from_slice(split.body()).ok()?;
    Some((e.provider, e.sequence))
}

/// The name of the line a chained line follows, for [`EventError::ChainBroken`].
pub(super) fn previous(head_line: Option<usize>) -> String {
    head_line.map_or_else(|| "the start of the log".to_owned(), |l| format!("line {l}"))
}

/// Checks a chained line against the head: its hash, or the error of its line.
pub(super) fn link(
    split: &ChainedLine<'_>,
    head: &ChainHash,
    head_line: Option<usize>,
) -> Result<ChainHash, EventError> {
    split.check(head).map_err(|prev| {
        if prev {
            EventError::ChainBroken { previous: previous(head_line) }
        } else {
            EventError::HashMismatch
        }
    })
}

/// Reads a checkpoint line's body and checks it against the log before it: its head is the hash
/// of the line before (`before`), its provider and sequence the last event's, its signature
/// verifies (by `trusted` when given).
pub(super) fn checkpoint(
    body: &[u8],
    line: usize,
    before: &ChainHash,
    last: Option<(ProviderId, u64)>,
    trusted: Option<&SealPublicKey>,
) -> Result<Checkpoint, Error> {
    let text = std::str::from_utf8(body).unwrap_or_default();
    let cp: Checkpoint = DocumentReader::new().parse_line(text, "checkpoint", line)?;
    let mismatch = |detail: String| Error::Event(EventError::CheckpointMismatch { detail });
    if cp.head() != *before {
        return Err(mismatch(format!("its head `{}` is not the hash of the line before it", cp.head())));
    }
    let Some((provider, sequence)) = last else {
        return Err(mismatch("no event comes before it".to_owned()));
    };
    if cp.provider() != provider || cp.sequence() != sequence {
        return Err(mismatch(format!(
            "it seals provider `{}` at sequence {}, but the last event before it is {sequence} of `{provider}`",
            cp.provider(),
            cp.sequence()
        )));
    }
    cp.verify(trusted)?;
    Ok(cp)
}

/// Verifies a version 2 log read from `source`: every line follows the one before and is what
/// was written, and every checkpoint is signed (by the trusted key, when given) and seals the
/// log before it. The first line that does not follow is the error, with its line: an edited
/// line `event_hash_mismatch`, a removed, inserted or moved one `event_chain_broken`. A version
/// 1 log has no chain (`event_log_unchained`). Events are not applied (that is replay's work).
pub fn verify_chain(mut source: impl BufRead, options: &ChainOptions) -> Result<ChainReport, LogError> {
    let mut buffer = Vec::with_capacity(4096);
    let mut last_event: Vec<u8> = Vec::new();
    let mut number: usize = 0;
    let mut header = false;
    let mut head = ChainHash::GENESIS;
    let mut head_line: Option<usize> = None;
    let mut events: u64 = 0;
    let mut checkpoints = Vec::new();
    loop {
        number = number.saturating_add(1);
        let at_line = |error: Error| LogError::new(number, error);
        let Some(text) = read_line(&mut source, &mut buffer, number, MAX_LINE_BYTES)? else { break };
        if text.trim().is_empty() {
            continue;
        }
        if !header {
            read_header(text, number)?;
            header = true;
            continue;
        }
        let split = ChainedLine::split(text.as_bytes()).ok_or(at_line(EventError::LineUnchained.into()))?;
        let hash = link(&split, &head, head_line).map_err(|e| at_line(e.into()))?;
        match split.kind() {
            LineKind::Event => {
                events = events.saturating_add(1);
                head = hash;
                head_line = Some(number);
                std::mem::swap(&mut buffer, &mut last_event);
            }
            LineKind::Checkpoint => {
                let cp =
                    checkpoint(split.body(), number, &head, envelope(&last_event), options.trusted.as_ref())
                        .map_err(at_line)?;
                checkpoints.push(SeenCheckpoint { line: number, checkpoint: cp });
                head = hash;
                head_line = Some(number);
            }
        }
    }
    if !header {
        return Err(LogError::new(1, EventError::EmptyLog.into()));
    }
    let last = envelope(&last_event);
    let report = ChainReport {
        events,
        lines: number.saturating_sub(1),
        head,
        provider: last.map(|(p, _)| p),
        last_sequence: last.map(|(_, s)| s),
        checkpoints,
    };
    for kept in &options.kept {
        let found = report.checkpoints.iter().any(|seen| &seen.checkpoint == kept);
        if found {
            continue;
        }
        let ends = report.last_sequence.unwrap_or(0);
        let error = if ends < kept.sequence() {
            EventError::Truncated { sealed: kept.sequence(), ends }
        } else {
            EventError::CheckpointMissing { sequence: kept.sequence() }
        };
        return Err(LogError::new(number, error.into()));
    }
    if options.trusted.is_some() && report.checkpoints.is_empty() {
        return Err(LogError::new(number, EventError::Unsealed.into()));
    }
    Ok(report)
}

/// Reads the header line of a log to verify: version 2, or the reason it cannot be verified.
fn read_header(text: &str, number: usize) -> Result<(), LogError> {
    let found: Header = DocumentReader::new()
        .parse_line(text, "event log header", number)
        .map_err(|e| LogError::new(number, e.into()))?;
    match found.schema_version {
        2 => Ok(()),
        1 => Err(LogError::new(number, EventError::Unchained { found: 1 }.into())),
        other => Err(LogError::new(number, EventError::UnsupportedSchema { found: other }.into())),
    }
}

/// Seals the log read from `source`: verifies it (as [`verify_chain`] without a trusted key),
/// then returns the checkpoint signed by `key` over its last event's provider and sequence and
/// its head, and the line that carries it (to append, after a line break, to the log). A log of
/// no event cannot be sealed (`event_log_empty`).
pub fn seal_chain(
    source: impl BufRead,
    key: &SealKey,
    at: DateTime<Utc>,
) -> Result<(Checkpoint, String), LogError> {
    let report = verify_chain(source, &ChainOptions::new())?;
    let (Some(provider), Some(sequence)) = (report.provider, report.last_sequence) else {
        return Err(LogError::new(report.lines.max(1), EventError::EmptyLog.into()));
    };
    let cp = key.checkpoint(provider, sequence, report.head, at);
    let line = ChainWriter::resume(report.head).line(LineKind::Checkpoint, &cp.to_json());
    Ok((cp, line))
}
