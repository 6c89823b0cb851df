//! Error categories: what kind of refusal an error is, so a service can answer it without a
//! hand-written table of codes.
//!
//! Every error has, beside its stable `code()`, a [`ErrorCategory`] from `category()`. The
//! category of each variant is decided in its area's error table (`error_codes!` in
//! `macros.rs`), beside its code: the matches are exhaustive, so a new variant cannot be added
//! without deciding both.
//!
//! The line between [`ErrorCategory::InvalidInput`] and [`ErrorCategory::Conflict`]: a request
//! that could succeed against another state of the provider is a conflict (`already_member`,
//! `seats_below_occupied`, `last_confirmed_admin`, `provider_not_billable`); one that can never
//! succeed as sent is invalid input (`seats_zero`, `email_invalid`, `invite_batch_too_large`).

/// The kind of refusal an error is. Each suggests an HTTP status for a service that answers
/// over HTTP ([`ErrorCategory::http_status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCategory {
    /// Something named does not exist: an unknown member, client, step or deployment
    /// (HTTP 404). An unknown client is `not_found` before any permission question.
    NotFound,
    /// The actor may not do this: a permission denial, the wrong person setting up a provider or
    /// accepting an invitation (HTTP 403).
    Forbidden,
    /// The request can never succeed as sent: a malformed id or email, a blank name, zero seats,
    /// a setting out of range (HTTP 400).
    InvalidInput,
    /// The request conflicts with the current state: already a member, the last admin, seats
    /// below those occupied, a stale version (`version_conflict`), an event out of sequence
    /// (HTTP 409).
    Conflict,
    /// A document (JSON, TOML, a reference-server document, an event log) is of the wrong shape
    /// or breaks an invariant (HTTP 422 when a client sent it; a service whose own stored
    /// document is corrupt answers 500).
    CorruptDocument,
}

impl ErrorCategory {
    /// Every category.
    pub const ALL: [Self; 5] =
        [Self::NotFound, Self::Forbidden, Self::InvalidInput, Self::Conflict, Self::CorruptDocument];

    /// The snake_case name: `not_found`, `forbidden`, `invalid_input`, `conflict`,
    /// `corrupt_document`.
    pub fn name(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Forbidden => "forbidden",
            Self::InvalidInput => "invalid_input",
            Self::Conflict => "conflict",
            Self::CorruptDocument => "corrupt_document",
        }
    }

    /// The HTTP status a service answers with: 404, 403, 400, 409 and 422.
    pub fn http_status(self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Forbidden => 403,
            Self::InvalidInput => 400,
            Self::Conflict => 409,
            Self::CorruptDocument => 422,
        }
    }
}

impl std::fmt::Display for ErrorCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
