//! The errors of an event that does not fit its provider, or of a log that cannot be read.

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
    #[error("event log schema version {found} is not supported; this mspkit reads version 1")]
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
    }
}
