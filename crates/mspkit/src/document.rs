//! Reading JSON documents: one error, with one code (`invalid_document`), for JSON of the wrong
//! shape wherever a document is read. A value of the right shape that breaks a rule is refused
//! afterwards with that rule's own error (documents are read into plain records first, then
//! converted).
//!
//! (The variant's shape matches the document reader of the hostile-input work, which adds the
//! size limit and repeated keys to this module.)

use serde::de::DeserializeOwned;

use crate::error::Error;

/// A document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// Not JSON, or JSON of the wrong shape: a missing or unknown field, a value of the wrong
    /// type, an unknown enum name.
    #[error("cannot read the {what} at line {line}, column {column}: {message}")]
    Invalid {
        /// What was being read (`portfolio`, `provider`, `event`, …).
        what: &'static str,
        /// The parser's message.
        message: String,
        /// The line (from 1; 0 when the reader did not say).
        line: usize,
        /// The column (from 1; 0 when the reader did not say).
        column: usize,
    },
}

impl DocumentError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "invalid_document",
        }
    }
}

/// The `invalid_document` error of serde's `e` while reading `what`.
pub(crate) fn invalid(what: &'static str, e: &serde_json::Error) -> DocumentError {
    invalid_on_line(what, e, e.line())
}

/// The `invalid_document` error of serde's `e` while reading `what` from one line of a larger
/// text: `line` is that line's number (serde counts from the start of the line it was given).
pub(crate) fn invalid_on_line(what: &'static str, e: &serde_json::Error, line: usize) -> DocumentError {
    // serde_json's message ends with " at line L column C"; keep only the description.
    let message = e.to_string();
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(description, _)| description);
    DocumentError::Invalid { what, message: message.to_owned(), line, column: e.column() }
}

/// Parses `json` as the record `T` of a document (`what`), mapping a shape error to
/// `invalid_document`.
pub(crate) fn parse_json<T: DeserializeOwned>(what: &'static str, json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::Document(invalid(what, &e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_keep_their_line_and_column() {
        let err = parse_json::<Vec<u32>>("portfolio", "[1,\n 2,\n \"x\"]").unwrap_err();
        let Error::Document(DocumentError::Invalid { line, column, what, .. }) = &err else {
            panic!("{err:?}")
        };
        assert_eq!((*line, *column, *what), (3, 4, "portfolio"));
        assert_eq!(err.code(), "invalid_document");
        assert!(
            err.to_string().starts_with("cannot read the portfolio at line 3, column 4: invalid type"),
            "{err}"
        );
    }
}
