//! The one reader of JSON documents: every `from_json` of a document goes through it.
//!
//! It gives every document the same three guarantees:
//! - **A size limit**, checked before the memory is spent: [`DocumentReader::read`] reads at
//!   most the limit plus one byte from any [`Read`] (a file, a pipe, `/dev/zero`),
//!   and text longer than the limit is refused (`document_too_large`). The default is
//!   [`DEFAULT_MAX_BYTES`] (64 MiB, a portfolio of some 100 000 clients);
//!   [`DocumentReader::with_max_bytes`] raises or lowers it (the CLI's `--max-bytes`).
//! - **No repeated key** in any JSON object, at any depth: `{"1": …, "1": …}` would otherwise
//!   keep the last value and silently drop the first (`duplicate_key`, with line and column).
//! - **One code for the wrong shape**: a syntax error, a wrong type, a missing or unknown field
//!   is `invalid_document`, with the line and column where the reader stopped.
//!
//! Values that break an invariant keep their own error (the caller converts them).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::io::Read;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The default size limit of a document: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The longest piece of a document's text an error message quotes (a key, a value); longer
/// ones are cut and marked with `…`.
pub const MAX_QUOTED_CHARS: usize = 80;

/// A document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The document is larger than the reader's limit.
    #[error("the {what} is larger than {limit} bytes; raise the limit (`--max-bytes`) if it is genuine")]
    TooLarge {
        /// What was being read (`portfolio`, `plan`, …).
        what: &'static str,
        /// The limit in bytes.
        limit: u64,
    },
    /// An object of the document gives one key twice.
    #[error("the {what} repeats the key `{key}` in one object at line {line}, column {column}")]
    DuplicateKey {
        /// What was being read.
        what: &'static str,
        /// The key, escaped and cut to a bounded length.
        key: String,
        /// The line (from 1).
        line: usize,
        /// The column (from 1).
        column: usize,
    },
    /// Not JSON, or JSON of the wrong shape.
    #[error("cannot read the {what} at line {line}, column {column}: {message}")]
    Invalid {
        /// What was being read.
        what: &'static str,
        /// The parser's message (values quoted from the document are escaped and cut).
        message: String,
        /// The line (from 1; 0 when the reader did not say).
        line: usize,
        /// The column (from 1; 0 when the reader did not say).
        column: usize,
    },
    /// The document could not be read from its source (not UTF-8, an I/O error).
    #[error("cannot read the {what}: {message}")]
    ReadFailed {
        /// What was being read.
        what: &'static str,
        /// Why.
        message: String,
    },
}

error_codes! {
    DocumentError {
        Self::TooLarge { .. } => "document_too_large", CorruptDocument;
        Self::DuplicateKey { .. } => "duplicate_key", CorruptDocument;
        Self::Invalid { .. } => "invalid_document", CorruptDocument;
        Self::ReadFailed { .. } => "read_failed", CorruptDocument;
    }
}

/// Reads documents with a size limit, refusing repeated keys. See the [module](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentReader {
    max_bytes: u64,
}

impl Default for DocumentReader {
    fn default() -> Self {
        Self { max_bytes: DEFAULT_MAX_BYTES }
    }
}

impl DocumentReader {
    /// A reader with the default limit, [`DEFAULT_MAX_BYTES`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A reader that accepts documents of up to `max_bytes` bytes.
    pub fn with_max_bytes(max_bytes: u64) -> Self {
        Self { max_bytes }
    }

    /// The limit in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Reads a whole document from `source` as UTF-8 text, never more than the limit plus one
    /// byte: a longer (or endless) source is `document_too_large` once that much is read.
    pub fn read(&self, source: impl Read, what: &'static str) -> Result<String, DocumentError> {
        let mut bytes = Vec::new();
        source
            .take(self.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| DocumentError::ReadFailed { what, message: e.to_string() })?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > self.max_bytes {
            return Err(DocumentError::TooLarge { what, limit: self.max_bytes });
        }
        String::from_utf8(bytes)
            .map_err(|e| DocumentError::ReadFailed { what, message: format!("the text is not UTF-8 ({e})") })
    }

    /// Checks `text` against the limit and for repeated keys, then reads it as `T`. A wrong
    /// shape is `invalid_document`; an error raised by `T`'s own validation (a `try_from`)
    /// comes back as the `Err` of the inner result, so the caller keeps its code.
    pub fn parse<T: DeserializeOwned>(&self, text: &str, what: &'static str) -> Result<T, DocumentError> {
        self.check(text, what)?;
        serde_json::from_str(text).map_err(|e| invalid(what, &e))
    }

    /// The size limit alone (`document_too_large`), for a text that is not one JSON value (a
    /// JSON Lines log, checked line by line with [`Self::check_line`]).
    pub fn check_size(&self, text: &str, what: &'static str) -> Result<(), DocumentError> {
        if u64::try_from(text.len()).unwrap_or(u64::MAX) > self.max_bytes {
            return Err(DocumentError::TooLarge { what, limit: self.max_bytes });
        }
        Ok(())
    }

    /// [`Self::check`] of one line of a larger text, its errors placed on line `number`.
    pub fn check_line(&self, line: &str, what: &'static str, number: usize) -> Result<(), DocumentError> {
        self.check(line, what).map_err(|e| match e {
            DocumentError::DuplicateKey { what, key, column, .. } => {
                DocumentError::DuplicateKey { what, key, line: number, column }
            }
            DocumentError::Invalid { what, message, column, .. } => {
                DocumentError::Invalid { what, message, line: number, column }
            }
            other => other,
        })
    }

    /// [`Self::parse`] of one line of a larger text (a JSON Lines log), its errors placed on
    /// line `number`: the same checks, the same errors as [`Self::check_line`] then reading.
    ///
    /// Most lines are read in one pass: a quick scan of the bytes
    /// proves that no object repeats a key, then the line is read as `T`. A line the scan
    /// cannot vouch for, and a line that fails to read, go through the full check first, so
    /// every error (its code, its message, its line and column) is the one the full check and
    /// read give.
    pub fn parse_line<T: DeserializeOwned>(
        &self,
        line: &str,
        what: &'static str,
        number: usize,
    ) -> Result<T, DocumentError> {
        self.check_size(line, what)?;
        if keys_surely_distinct(line)
            && let Ok(value) = serde_json::from_str(line)
        {
            return Ok(value);
        }
        self.check_line(line, what, number)?;
        serde_json::from_str(line).map_err(|e| invalid_on_line(what, &e, number))
    }

    /// The checks of [`Self::parse`] without the reading: the limit, JSON syntax, no repeated
    /// key. For callers that deserialize through their own path.
    pub fn check(&self, text: &str, what: &'static str) -> Result<(), DocumentError> {
        self.check_size(text, what)?;
        let mut de = serde_json::Deserializer::from_str(text);
        match NoDuplicates.deserialize(&mut de).and_then(|()| de.end()) {
            Ok(()) => Ok(()),
            Err(e) => Err(match e.to_string().strip_prefix(DUPLICATE) {
                Some(rest) => DocumentError::DuplicateKey {
                    what,
                    key: rest.split(" at line ").next().unwrap_or(rest).to_owned(),
                    line: e.line(),
                    column: e.column(),
                },
                None => invalid(what, &e),
            }),
        }
    }
}

/// Parses `json` as the record `T` of a document (`what`) with the default reader: the size
/// limit, no repeated key, and a shape error as `invalid_document`. The provider's and the
/// event log's readers go through this.
pub(crate) fn parse_json<T: DeserializeOwned>(what: &'static str, json: &str) -> Result<T, DocumentError> {
    DocumentReader::new().parse(json, what)
}

/// `invalid_document` from a parser error, its message cut.
pub(crate) fn invalid(what: &'static str, e: &serde_json::Error) -> DocumentError {
    invalid_on_line(what, e, e.line())
}

/// The `invalid_document` error of serde's `e` while reading `what` from one line of a larger
/// text: `line` is that line's number (serde counts from the start of the line it was given).
pub(crate) fn invalid_on_line(what: &'static str, e: &serde_json::Error, line: usize) -> DocumentError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the error says it in its own words.
    let message = match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(&message).to_owned(),
        None => message,
    };
    DocumentError::Invalid {
        what,
        message: quote_cut(&message, 4 * MAX_QUOTED_CHARS),
        line,
        column: e.column(),
    }
}

/// `text` with control, bidi and other invisible format characters escaped (`\n`, `\u{202e}`)
/// and cut to `max` characters (`…` marks the cut): safe to show in one line of a terminal.
/// The same function as [`crate::text::shown`], the one escaping rule of mspkit's messages and
/// of the CLI's text output (a backslash is kept, so escaping twice never doubles it).
pub fn quote_cut(text: &str, max: usize) -> String {
    crate::text::shown(text, max)
}

/// Whether a character could change how a line reads in a terminal: control characters (ESC,
/// CR, LF, NUL, …) and the invisible format characters (bidi overrides and isolates such as
/// U+202E, zero-width characters, the BOM), plus the backslash that starts an escape.
pub fn needs_escape(ch: char) -> bool {
    ch == '\\' || crate::text::is_unsafe(ch)
}

/// Whether a quick scan of the bytes of the JSON text `text` proves that the full check
/// ([`DocumentReader::check`]) accepts it, if it is well-formed JSON (malformed text fails to
/// read anyway): no object repeats a key, and no value is one the check refuses although a type
/// may skip it unread. `false` means "not proven": a repeated key, an escape in any string (the full check
/// compares keys after unescaping, and refuses a lone surrogate even in a value that a type
/// would skip unread), a number with an exponent or of more than `MAX_NUMBER` characters (which
/// may be out of range, refused by the full check likewise), an object of more than
/// `MAX_KEYS` keys, more than `MAX_OPEN_KEYS` keys in the objects open at once, nesting deeper
/// than `MAX_DEPTH`, or brackets that do not match. The full check then decides, with its
/// exact error.
///
/// The scan follows strings (without an escape, a string ends at the next quote, and a bracket
/// inside it is not structure) and the nesting of objects and arrays: in an object, the string
/// that follows `{` or `,` is a key. Keys are compared as raw bytes, which for keys without
/// escapes is comparing their text. It allocates nothing and never copies a key.
pub(crate) fn keys_surely_distinct(text: &str) -> bool {
    const MAX_DEPTH: usize = 64;
    const MAX_KEYS: usize = 32;
    // The keys of all the objects open at once (beyond, the scan does not vouch).
    const MAX_OPEN_KEYS: usize = 64;
    const ARRAY: usize = usize::MAX;
    // The longest number vouched for (an `f64` holds any number of up to 308 digits).
    const MAX_NUMBER: usize = 300;
    let bytes = text.as_bytes();
    // The keys of the objects being read, the innermost object's last, each with its
    // `fingerprint` (most keys differ there, so few are compared byte by byte). Fixed arrays:
    // nothing is allocated per line.
    let mut keys: [(u64, &[u8]); MAX_OPEN_KEYS] = [(0, &[]); MAX_OPEN_KEYS];
    let mut key_count = 0usize;
    // One entry per open object or array, innermost last: for an object, where its keys start
    // in `keys`; for an array, `ARRAY`.
    let mut open = [ARRAY; MAX_DEPTH];
    let mut depth = 0usize;
    let mut expect_key = false;
    // The length of the number being read (0 outside a number).
    let mut number = 0usize;
    let mut i = 0usize;
    while let Some(&byte) = bytes.get(i) {
        i = i.saturating_add(1);
        match byte {
            b'"' => {
                let start = i;
                // An escape anywhere (a key's, or a value's that a type may skip unread) is
                // left to the full check.
                let Some(end) = quote_or_backslash(bytes, i) else { return false };
                if bytes.get(end) != Some(&b'"') {
                    return false;
                }
                let Some(string) = bytes.get(start..end) else { return false };
                i = end.saturating_add(1);
                if expect_key {
                    expect_key = false;
                    let Some(&first) = depth.checked_sub(1).and_then(|d| open.get(d)) else { return false };
                    let Some(siblings) = keys.get(first..key_count) else { return false };
                    let print = fingerprint(string);
                    if siblings.len() >= MAX_KEYS
                        || siblings.iter().any(|&(p, key)| p == print && key == string)
                    {
                        return false;
                    }
                    let Some(slot) = keys.get_mut(key_count) else { return false };
                    *slot = (print, string);
                    key_count = key_count.saturating_add(1);
                }
            }
            b'{' | b'[' => {
                let Some(slot) = open.get_mut(depth) else { return false };
                expect_key = byte == b'{';
                *slot = if expect_key { key_count } else { ARRAY };
                depth = depth.saturating_add(1);
            }
            b'}' | b']' => {
                let Some(d) = depth.checked_sub(1) else { return false };
                match (open.get(d), byte) {
                    (Some(&ARRAY), b']') => {}
                    (Some(&first), b'}') if first != ARRAY => key_count = first,
                    _ => return false,
                }
                depth = d;
                expect_key = false;
            }
            b',' => expect_key = depth.checked_sub(1).and_then(|d| open.get(d)).is_some_and(|&o| o != ARRAY),
            // A number with an exponent or of hundreds of digits may be out of range, which
            // the full check refuses even where a type would skip the value unread.
            b'0'..=b'9' | b'.' | b'-' | b'+' => {
                number = number.saturating_add(1);
                if number > MAX_NUMBER {
                    return false;
                }
            }
            b'e' | b'E' if number > 0 => return false,
            _ => {}
        }
        if !matches!(byte, b'0'..=b'9' | b'.' | b'-' | b'+') {
            number = 0;
        }
    }
    true
}

/// A key's first and last bytes and its length in one word: two keys that differ here differ.
fn fingerprint(key: &[u8]) -> u64 {
    let (first, last) = (key.first().copied().unwrap_or(0), key.last().copied().unwrap_or(0));
    u64::from(first) | (u64::from(last) << 8) | (u64::try_from(key.len()).unwrap_or(u64::MAX) << 16)
}

/// The index of the first `"` or `\` in `bytes` from index `from`, looking at eight bytes at a
/// time (most of a JSON line is the text of its strings).
fn quote_or_backslash(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i.saturating_add(8)) {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        // A byte of `x` is zero where `word` has the byte searched for; the lowest marked
        // high bit is the first such byte (higher ones may be false, but they come later).
        let (q, b) = (word ^ QUOTES, word ^ BACKSLASHES);
        let found = ((q.wrapping_sub(ONES) & !q) | (b.wrapping_sub(ONES) & !b)) & HIGH_BITS;
        if found != 0 {
            return Some(i.saturating_add(found.trailing_zeros() as usize / 8));
        }
        i = i.saturating_add(8);
    }
    let rest = bytes.get(i..)?;
    rest.iter().position(|&c| c == b'"' || c == b'\\').map(|p| i.saturating_add(p))
}

const DUPLICATE: &str = "duplicate key ";

/// Walks any JSON value, keeping nothing but each object's keys while it is read.
struct NoDuplicates;

impl<'de> DeserializeSeed<'de> for NoDuplicates {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NoDuplicates {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(NoDuplicates)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Keys borrow the text when they hold no escape, so most cost no allocation. Small
        // objects (most of a document's) are checked by a scan of a short list; past
        // `SCAN_LIMIT` keys a hash set keeps the check linear.
        const SCAN_LIMIT: usize = 16;
        let mut few: Vec<Cow<'de, str>> = Vec::new();
        let mut many: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let repeated = if many.is_empty() && few.len() < SCAN_LIMIT {
                few.contains(&key)
            } else {
                if many.is_empty() {
                    many.extend(few.drain(..));
                }
                many.contains(&key)
            };
            if repeated {
                return Err(serde::de::Error::custom(format!(
                    "{DUPLICATE}{}",
                    quote_cut(&key, MAX_QUOTED_CHARS)
                )));
            }
            if many.is_empty() && few.len() < SCAN_LIMIT {
                few.push(key);
            } else {
                many.insert(key);
            }
            map.next_value_seed(NoDuplicates)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
