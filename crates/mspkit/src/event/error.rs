//! The errors of an event that does not fit its provider, of a log that cannot be read, and of a
//! log whose hash chain or checkpoints do not hold (see `event_log::chain`).

use crate::ids::ProviderId;

/// An event does not fit the provider it is applied to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The event belongs to another provider.
    #[error(
        "event {sequence} belongs to provider `{found}`, not to `{expected}`; apply only this provider's events"
    )]
    WrongProvider {
        /// The event's sequence number.
        sequence: u64,
        /// This provider.
        expected: ProviderId,
        /// The event's provider.
        found: ProviderId,
    },
    /// The event's sequence number is not the next one.
    #[error(
        "event {found} does not follow event {last}; expected event {expected} next (a gap or a repeat in the log)"
    )]
    OutOfSequence {
        /// The provider's last sequence number.
        last: u64,
        /// The sequence number expected.
        expected: u64,
        /// The event's sequence number.
        found: u64,
    },
    /// A log must start with the event that issued the provider.
    #[error(
        "a provider's log starts with its `provider_issued` event at sequence 1, not with `{found}` at {sequence}"
    )]
    NotIssuing {
        /// The first event's change.
        found: &'static str,
        /// Its sequence number.
        sequence: u64,
    },
    /// An event log of a schema version this library does not know.
    #[error("event log schema version {found} is not supported; this mspkit reads versions 1 and 2")]
    UnsupportedSchema {
        /// The version in the log's header.
        found: u32,
    },
    /// An empty log rebuilds nothing.
    #[error("the event log is empty; it needs at least the `provider_issued` event")]
    EmptyLog,
    /// A provider is issued once.
    #[error(
        "event {sequence} issues the provider again; a provider is issued once, by the first event of its log"
    )]
    AlreadyIssued {
        /// The event's sequence number.
        sequence: u64,
    },
    /// The event records a value the provider does not have (a stale or forged event).
    #[error("event {sequence} (`{change}`) does not match the provider: {detail}")]
    Mismatch {
        /// The event's sequence number.
        sequence: u64,
        /// The change's name.
        change: &'static str,
        /// What differs.
        detail: String,
    },
    /// A line of an event log is longer than the line limit
    /// ([`MAX_LINE_BYTES`](crate::event_log::MAX_LINE_BYTES), 1 MiB): no event mspkit writes is
    /// that long (a log has no size limit as a whole, each line has this one).
    #[error("the line is longer than {limit} bytes, the limit of one event log line; no event is that long")]
    LineTooLong {
        /// The limit in bytes.
        limit: u64,
    },
    /// A line of a version 2 log is not in the chained form
    /// `{"hash":"…","prev":"…","event":…}` (or `"checkpoint":…`): members in that order, no
    /// space between them.
    #[error(
        "the line is not a line of a version 2 event log: it must read {{\"hash\":\"<64 hex>\",\"prev\":\"<64 hex>\",\"event\":…}} (or \"checkpoint\"), as mspkit writes it"
    )]
    LineUnchained,
    /// A line's hash is not the SHA-256 of its content: the line was changed after it was
    /// written.
    #[error("the line was changed after it was written: its hash is not the SHA-256 of its content")]
    HashMismatch,
    /// A line's `prev` is not the hash of the line before it.
    #[error(
        "the line does not follow {previous}: its prev is not that line's hash (a line was removed, inserted or moved here)"
    )]
    ChainBroken {
        /// The line it should follow (`line 7`, or `the start of the log` for the first).
        previous: String,
    },
    /// The log is of a version without hashes, so there is no chain to verify or seal.
    #[error(
        "the event log is of schema version {found}, whose lines carry no hashes; write it again as version 2 (`mspkit chain LOG`) to verify or seal it"
    )]
    Unchained {
        /// The log's version.
        found: u32,
    },
    /// A checkpoint does not describe the log before it (another provider, sequence or head).
    #[error("the checkpoint does not match the log before it: {detail}")]
    CheckpointMismatch {
        /// What differs.
        detail: String,
    },
    /// A checkpoint's signature does not verify.
    #[error(
        "the checkpoint's signature does not verify with its public key: the checkpoint was forged or changed"
    )]
    CheckpointSignatureInvalid,
    /// A checkpoint was signed by another key than the one trusted.
    #[error("the checkpoint was signed by key `{found}`, not by the public key given")]
    CheckpointKeyMismatch {
        /// The key that signed it (hex).
        found: String,
    },
    /// The log ends before a checkpoint kept outside it: events were cut from its end.
    #[error("the log was cut: a checkpoint sealed it at sequence {sealed}, but it ends at sequence {ends}")]
    Truncated {
        /// The sequence the kept checkpoint sealed.
        sealed: u64,
        /// The last sequence in the log.
        ends: u64,
    },
    /// A checkpoint kept outside the log is not in it, though the log reaches its sequence: the
    /// log was written again from there.
    #[error(
        "the checkpoint of sequence {sequence} is not in the log, which reaches that sequence: the log was rewritten after it was sealed"
    )]
    CheckpointMissing {
        /// The sequence of the checkpoint.
        sequence: u64,
    },
    /// A log verified with a trusted key has no checkpoint.
    #[error(
        "the log has no checkpoint to check with the public key: seal it with `mspkit seal LOG --key FILE`"
    )]
    Unsealed,
    /// A client's exit receipt carries no signature.
    #[error("the exit receipt is not signed; the provider signs it with `--key` when it unlinks the client")]
    ReceiptUnsigned,
    /// A client's exit receipt was signed by another key than the one trusted.
    #[error("the exit receipt was signed by key `{found}`, not by the public key given")]
    ReceiptKeyMismatch {
        /// The key that signed it (hex).
        found: String,
    },
    /// A client's exit receipt's signature does not verify.
    #[error(
        "the exit receipt's signature does not verify: the receipt was changed after it was signed, or forged"
    )]
    ReceiptSignatureInvalid,
    /// A seal key (secret or public) is not in the form `mspkit keygen` writes.
    #[error("the {what} is not an mspkit seal key: {detail}")]
    SealKeyInvalid {
        /// Which key (`secret key`, `public key`).
        what: &'static str,
        /// What is wrong.
        detail: &'static str,
    },
}

error_codes! {
    EventError {
        Self::WrongProvider { .. } => "event_wrong_provider", CorruptDocument;
        Self::OutOfSequence { .. } => "event_out_of_sequence", Conflict;
        Self::NotIssuing { .. } => "event_log_not_issuing", CorruptDocument;
        Self::EmptyLog => "event_log_empty", CorruptDocument;
        Self::UnsupportedSchema { .. } => "event_log_schema_unsupported", CorruptDocument;
        Self::AlreadyIssued { .. } => "provider_already_issued", CorruptDocument;
        Self::Mismatch { .. } => "event_mismatch", CorruptDocument;
        Self::LineTooLong { .. } => "event_line_too_long", CorruptDocument;
        Self::LineUnchained => "event_line_unchained", CorruptDocument;
        Self::HashMismatch => "event_hash_mismatch", CorruptDocument;
        Self::ChainBroken { .. } => "event_chain_broken", CorruptDocument;
        Self::Unchained { .. } => "event_log_unchained", InvalidInput;
        Self::CheckpointMismatch { .. } => "checkpoint_mismatch", CorruptDocument;
        Self::CheckpointSignatureInvalid => "checkpoint_signature_invalid", CorruptDocument;
        Self::CheckpointKeyMismatch { .. } => "checkpoint_key_mismatch", CorruptDocument;
        Self::Truncated { .. } => "event_log_truncated", CorruptDocument;
        Self::CheckpointMissing { .. } => "checkpoint_missing", CorruptDocument;
        Self::Unsealed => "event_log_unsealed", CorruptDocument;
        Self::SealKeyInvalid { .. } => "seal_key_invalid", InvalidInput;
        Self::ReceiptUnsigned => "receipt_unsigned", CorruptDocument;
        Self::ReceiptKeyMismatch { .. } => "receipt_key_mismatch", CorruptDocument;
        Self::ReceiptSignatureInvalid => "receipt_signature_invalid", CorruptDocument;
    }
}
