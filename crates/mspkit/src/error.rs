//! The crate-wide error: one variant per area, each carrying that area's typed error.
//!
//! Every error, whatever its area, has a stable snake_case [`Error::code`]. Codes are part of the
//! public interface: they are listed in one snapshot test and never change meaning.

use crate::email::EmailError;
use crate::ids::IdParseError;

/// Any error mspkit returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A malformed identifier.
    #[error(transparent)]
    Id(#[from] IdParseError),
    /// A malformed email address.
    #[error(transparent)]
    Email(#[from] EmailError),
}

impl Error {
    /// The stable snake_case code of the underlying error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Id(e) => e.code(),
            Self::Email(e) => e.code(),
        }
    }
}
