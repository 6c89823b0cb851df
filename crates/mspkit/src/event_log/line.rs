//! What every reader and writer of the event log shares: its versions, the line limit, the
//! header, the error with its line, and reading one line (a leaf: it names no other part of
//! the log).

use std::io::{BufRead, Read};

use serde::{Deserialize, Serialize};

use crate::document::DocumentError;
use crate::error::Error;
use crate::event::EventError;

/// The longest line an event log may hold, in bytes (1 MiB, without its line break): a longer
/// line is refused with `event_line_too_long`, once that much is read. The largest event mspkit
/// writes (a client added with its members, a policy with its settings) is far smaller.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// The version of the event log document this library writes (2: chained); it reads 1 and 2.
pub const EVENT_LOG_SCHEMA_VERSION: u32 = 2;

/// The version of an event log without hashes, still read.
pub const UNCHAINED_SCHEMA_VERSION: u32 = 1;

/// The header line.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Header {
    pub(super) schema_version: u32,
}

/// An error found in an event log, with the line (from 1) it was found on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct LogError {
    pub(super) line: usize,
    pub(super) error: Error,
}

impl LogError {
    /// An error found on `line`.
    pub fn new(line: usize, error: Error) -> Self {
        Self { line, error }
    }

    /// The line of the log (from 1; the header is line 1).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The error.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The error without its line.
    pub fn into_error(self) -> Error {
        self.error
    }

    /// The error's stable code.
    pub fn code(&self) -> &'static str {
        self.error.code()
    }
}

impl LogError {
    /// The category of the error on the line.
    pub fn category(&self) -> crate::ErrorCategory {
        self.error().category()
    }
}

/// The next line of `source` as text (without its line break), `None` at the end; errors are
/// placed on `line`. The line is read up to `max_line_bytes` and a line break, never further.
pub(super) fn read_line<'b>(
    source: &mut impl BufRead,
    buffer: &'b mut Vec<u8>,
    line: usize,
    max_line_bytes: usize,
) -> Result<Option<&'b str>, LogError> {
    buffer.clear();
    let limit = u64::try_from(max_line_bytes).unwrap_or(u64::MAX).saturating_add(2);
    let read = source.by_ref().take(limit).read_until(b'\n', buffer);
    let failed = |message: String| LogError {
        line,
        error: Error::Document(DocumentError::ReadFailed { what: "event log", message }),
    };
    match read {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        Err(e) => return Err(failed(e.to_string())),
    }
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
    }
    checked_line(buffer, line, max_line_bytes).map(Some)
}

/// A line's bytes (without its line break) as text: `event_line_too_long` past
/// `max_line_bytes`, `read_failed` when not UTF-8.
fn checked_line(bytes: &[u8], line: usize, max_line_bytes: usize) -> Result<&str, LogError> {
    if bytes.len() > max_line_bytes {
        return Err(LogError {
            line,
            error: Error::Event(EventError::LineTooLong {
                limit: u64::try_from(max_line_bytes).unwrap_or(u64::MAX),
            }),
        });
    }
    std::str::from_utf8(bytes).map_err(|e| LogError {
        line,
        error: Error::Document(DocumentError::ReadFailed {
            what: "event log",
            message: format!(
                "line {line} is not UTF-8 (at byte {} of the line)",
                e.valid_up_to().saturating_add(1)
            ),
        }),
    })
}

/// [`read_line`] without copying: a line whose line break is already in `source`'s buffer is
/// read where it lies (most lines, with a buffer of many lines), and `pending` keeps its length
/// to consume before the next line is read; any other line (one that crosses the end of the
/// buffer, the last line without a line break) goes through [`read_line`] into `buffer`. The
/// same lines, the same errors.
pub(super) fn next_line<'s>(
    source: &'s mut impl BufRead,
    pending: &mut usize,
    buffer: &'s mut Vec<u8>,
    line: usize,
    max_line_bytes: usize,
) -> Result<Option<&'s str>, LogError> {
    source.consume(std::mem::take(pending));
    let Some(end) = source.fill_buf().ok().and_then(|bytes| memchr::memchr(b'\n', bytes)) else {
        return read_line(source, buffer, line, max_line_bytes);
    };
    // The same buffer again (a `BufRead` returns what it holds without reading).
    let bytes = source.fill_buf().unwrap_or_default();
    let Some(with_break) = bytes.get(..end).filter(|_| bytes.get(end) == Some(&b'\n')) else {
        return Err(LogError {
            line,
            error: Error::Document(DocumentError::ReadFailed {
                what: "event log",
                message: "the source changed its buffer between two reads".to_owned(),
            }),
        });
    };
    *pending = end.saturating_add(1);
    let bytes = with_break.strip_suffix(b"\r").unwrap_or(with_break);
    checked_line(bytes, line, max_line_bytes).map(Some)
}
