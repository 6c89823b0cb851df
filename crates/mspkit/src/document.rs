//! Reading JSON documents: one error, with one code (`invalid_document`), for JSON of the wrong
//! shape wherever a document is read. A value of the right shape that breaks a rule is refused
//! afterwards with that rule's own error (documents are read into plain records first, then
//! converted).

use serde::de::DeserializeOwned;

use crate::error::Error;

/// JSON that is not a document of the expected shape: not JSON, a missing or unknown field, a
/// value of the wrong type, an unknown enum name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {document} document is invalid at line {line}, column {column}: {detail}")]
pub struct DocumentError {
    document: &'static str,
    line: usize,
    column: usize,
    detail: String,
}

impl DocumentError {
    /// A document error at `line` and `column` (both from 1; 0 when not known).
    pub fn new(document: &'static str, line: usize, column: usize, detail: impl Into<String>) -> Self {
        Self { document, line, column, detail: detail.into() }
    }

    /// The stable error code.
    pub fn code(&self) -> &'static str {
        "invalid_document"
    }

    /// Which document (`portfolio`, `provider`, `event`, …).
    pub fn document(&self) -> &'static str {
        self.document
    }

    /// The line of the error (from 1).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column of the error (from 1).
    pub fn column(&self) -> usize {
        self.column
    }

    /// What the reader found.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The same error, found in line `line` of a larger text (a JSON Lines log).
    #[must_use]
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    pub(crate) fn from_serde(document: &'static str, e: &serde_json::Error) -> Self {
        // serde_json's message ends with " at line L column C"; keep only the description.
        let message = e.to_string();
        let detail = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(description, _)| description)
            .to_owned();
        Self::new(document, e.line(), e.column(), detail)
    }
}

/// Parses `json` as the record `T` of a `document`, mapping a shape error to `invalid_document`.
pub(crate) fn parse_json<T: DeserializeOwned>(document: &'static str, json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::Document(DocumentError::from_serde(document, &e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_keep_their_line_and_column() {
        let err = parse_json::<Vec<u32>>("portfolio", "[1,\n 2,\n \"x\"]").unwrap_err();
        let Error::Document(doc) = &err else { panic!("{err:?}") };
        assert_eq!((doc.line(), doc.column(), doc.document()), (3, 4, "portfolio"));
        assert_eq!(err.code(), "invalid_document");
        assert!(
            err.to_string()
                .starts_with("the portfolio document is invalid at line 3, column 4: invalid type")
        );
    }
}
