//! The hash chain of a version 2 event log: each line carries its own hash and the hash of the
//! line before it.
//!
//! ```text
//! {"schema_version":2}
//! {"hash":"<h1>","prev":"0000…0000","event":{"provider":…,"sequence":1,…}}
//! {"hash":"<h2>","prev":"<h1>","event":{…,"sequence":2,…}}
//! {"hash":"<h3>","prev":"<h2>","checkpoint":{"provider":…,"sequence":2,"head":"<h2>",…}}
//! ```
//!
//! A line is exactly `{"hash":"H","prev":"P","event":E}` (or `"checkpoint":C`): the members in
//! this order, no space between them, `H` and `P` 64 lowercase hex digits. Its **canonical form**
//! is the line without its hash member, `{"prev":"P","event":E}` — the bytes of the line from its
//! 76th on, after a `{` —, and `H` is the SHA-256 of those bytes in lowercase hex. `P` is the
//! hash of the line before (`0` × 64 for the first line after the header). The event's JSON is
//! hashed as it is written: a verifier never serializes anything again, so any implementation
//! checks a line with a SHA-256 and a comparison.

use sha2::{Digest, Sha256};

/// A SHA-256 hash as the chain writes it: 64 lowercase hexadecimal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChainHash([u8; 64]);

impl ChainHash {
    /// The `prev` of a log's first line: 64 zeros.
    pub const GENESIS: Self = Self([b'0'; 64]);

    /// The hash written as `text`, if it is 64 lowercase hexadecimal digits.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes: [u8; 64] = text.as_bytes().try_into().ok()?;
        bytes.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')).then_some(Self(bytes))
    }

    /// The 64 hexadecimal digits.
    pub fn as_str(&self) -> &str {
        // Only hexadecimal digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    fn from_digest(digest: &[u8]) -> Self {
        let mut hex = [b'0'; 64];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(digest) {
            if let [high, low] = pair {
                *high = hex_digit(byte >> 4);
                *low = hex_digit(*byte);
            }
        }
        Self(hex)
    }
}

/// The lowercase hexadecimal digit of the low four bits of `n`.
pub(super) fn hex_digit(n: u8) -> u8 {
    let n = n & 0x0f;
    if n < 10 { b'0' + n } else { b'a' + (n - 10) }
}

impl std::fmt::Debug for ChainHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ChainHash({})", self.as_str())
    }
}

impl std::fmt::Display for ChainHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ChainHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ChainHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("a hash is 64 lowercase hexadecimal digits"))
    }
}

/// What a chained line carries after its `prev`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// An event (`"event":`).
    Event,
    /// A signed checkpoint (`"checkpoint":`).
    Checkpoint,
}

impl LineKind {
    fn key(self) -> &'static [u8] {
        match self {
            Self::Event => EVENT_KEY,
            Self::Checkpoint => CHECKPOINT_KEY,
        }
    }
}

const HASH_KEY: &[u8] = b"{\"hash\":\"";
const PREV_KEY: &[u8] = b"\",\"prev\":\"";
const EVENT_KEY: &[u8] = b"\",\"event\":";
const CHECKPOINT_KEY: &[u8] = b"\",\"checkpoint\":";
/// Where the hash's digits start (after `{"hash":"`).
const HASH_AT: usize = 9;
/// Where the prev's digits start.
const PREV_AT: usize = HASH_AT + 64 + 10;
/// Where the kind's key starts (its `",` closes the prev).
const KIND_AT: usize = PREV_AT + 64;
/// Where the canonical form's tail starts: `"prev":…`, after `{"hash":"H",`.
const CANONICAL_AT: usize = HASH_AT + 64 + 2;

/// A chained line taken apart (nothing checked but its layout).
#[derive(Debug, Clone, Copy)]
pub struct ChainedLine<'a> {
    line: &'a [u8],
    kind: LineKind,
    body_at: usize,
}

impl<'a> ChainedLine<'a> {
    /// Takes a line apart, if it has the chained layout.
    pub fn split(line: &'a [u8]) -> Option<Self> {
        if line.get(..HASH_AT)? != HASH_KEY || line.get(HASH_AT + 64..PREV_AT)? != PREV_KEY {
            return None;
        }
        let kind = if line.get(KIND_AT..KIND_AT + EVENT_KEY.len())? == EVENT_KEY {
            LineKind::Event
        } else if line.get(KIND_AT..KIND_AT + CHECKPOINT_KEY.len())? == CHECKPOINT_KEY {
            LineKind::Checkpoint
        } else {
            return None;
        };
        let body_at = KIND_AT + kind.key().len();
        if line.len() <= body_at.saturating_add(1) || line.last() != Some(&b'}') {
            return None;
        }
        Some(Self { line, kind, body_at })
    }

    /// Whether it holds an event or a checkpoint.
    pub fn kind(&self) -> LineKind {
        self.kind
    }

    /// The hash it carries (as written: not checked to be hexadecimal).
    pub fn hash_bytes(&self) -> &'a [u8] {
        self.line.get(HASH_AT..HASH_AT + 64).unwrap_or_default()
    }

    /// The `prev` it carries (as written).
    pub fn prev_bytes(&self) -> &'a [u8] {
        self.line.get(PREV_AT..PREV_AT + 64).unwrap_or_default()
    }

    /// The event's or checkpoint's JSON, as written.
    pub fn body(&self) -> &'a [u8] {
        self.line.get(self.body_at..self.line.len().saturating_sub(1)).unwrap_or_default()
    }

    /// The SHA-256 of the line's canonical form (the line without its hash member).
    pub fn computed_hash(&self) -> ChainHash {
        let mut sha = Sha256::new();
        sha.update(b"{");
        sha.update(self.line.get(CANONICAL_AT..).unwrap_or_default());
        ChainHash::from_digest(&sha.finalize())
    }

    /// Whether the line follows `head` and its hash is its content's: `Ok(hash)`, or which of
    /// the two fails first (`Err(true)`: the prev; `Err(false)`: the hash).
    pub fn check(&self, head: &ChainHash) -> Result<ChainHash, bool> {
        if self.prev_bytes() != head.0 {
            return Err(true);
        }
        let hash = self.computed_hash();
        if self.hash_bytes() == hash.0 { Ok(hash) } else { Err(false) }
    }
}

/// Writes a version 2 log's lines, keeping the chain's head.
#[derive(Debug, Clone)]
pub struct ChainWriter {
    head: ChainHash,
}

impl Default for ChainWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainWriter {
    /// A writer of a new log (its first line's `prev` is [`ChainHash::GENESIS`]).
    pub fn new() -> Self {
        Self { head: ChainHash::GENESIS }
    }

    /// A writer that continues a log whose last line's hash is `head`.
    pub fn resume(head: ChainHash) -> Self {
        Self { head }
    }

    /// The header line of a version 2 log (without its line break).
    pub fn header() -> String {
        format!("{{\"schema_version\":{}}}", super::line::EVENT_LOG_SCHEMA_VERSION)
    }

    /// The hash of the last line written (the `prev` of the next).
    pub fn head(&self) -> ChainHash {
        self.head
    }

    /// The line (without its line break) of an event.
    pub fn event_line(&mut self, event: &crate::Event) -> String {
        // An event is plain data: serializing it cannot fail.
        let body = serde_json::to_string(event).unwrap_or_default();
        self.line(LineKind::Event, &body)
    }

    /// The line (without its line break) holding `body`, the JSON of an event or a checkpoint
    /// as it is to be written (one line).
    pub fn line(&mut self, kind: LineKind, body: &str) -> String {
        let prev = self.head;
        let mut tail = String::with_capacity(body.len().saturating_add(96));
        tail.push_str("\"prev\":\"");
        tail.push_str(prev.as_str());
        // The kind's key without its leading `",`, which closes the prev.
        tail.push('"');
        tail.push_str(std::str::from_utf8(kind.key()).unwrap_or_default().get(1..).unwrap_or_default());
        tail.push_str(body);
        tail.push('}');
        let mut sha = Sha256::new();
        sha.update(b"{");
        sha.update(tail.as_bytes());
        let hash = ChainHash::from_digest(&sha.finalize());
        self.head = hash;
        let mut line = String::with_capacity(tail.len().saturating_add(80));
        line.push_str("{\"hash\":\"");
        line.push_str(hash.as_str());
        line.push_str("\",");
        line.push_str(&tail);
        line
    }
}

/// The hash of the line holding `body` after `prev` (what [`ChainWriter::line`] writes as its
/// hash): for a store that keeps the parts of each line apart.
pub fn line_hash(prev: &ChainHash, kind: LineKind, body: &str) -> ChainHash {
    let mut writer = ChainWriter::resume(*prev);
    writer.line(kind, body);
    writer.head()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_line_splits_and_checks() {
        let mut w = ChainWriter::new();
        let line = w.line(LineKind::Event, "{\"a\":1}");
        assert!(line.starts_with("{\"hash\":\""));
        assert!(line.ends_with("\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"event\":{\"a\":1}}"));
        let split = ChainedLine::split(line.as_bytes()).unwrap();
        assert_eq!(split.kind(), LineKind::Event);
        assert_eq!(split.body(), b"{\"a\":1}");
        assert_eq!(split.check(&ChainHash::GENESIS), Ok(w.head()));
        // The canonical form, hashed by hand.
        let canonical = format!("{{{}", &line[75..]);
        let digest = Sha256::digest(canonical.as_bytes());
        assert_eq!(ChainHash::from_digest(&digest), w.head());
        let second = w.line(LineKind::Checkpoint, "{}");
        let split = ChainedLine::split(second.as_bytes()).unwrap();
        assert_eq!(split.kind(), LineKind::Checkpoint);
        assert_eq!(split.check(&ChainHash::GENESIS), Err(true));
    }

    #[test]
    fn other_layouts_are_not_chained_lines() {
        for line in ["", "{}", "{\"hash\":\"00\"}", "{\"event\":{},\"hash\":\"x\",\"prev\":\"y\"}"] {
            assert!(ChainedLine::split(line.as_bytes()).is_none(), "{line}");
        }
        assert!(ChainHash::parse(&"A".repeat(64)).is_none());
        assert!(ChainHash::parse(&"a".repeat(63)).is_none());
    }
}
