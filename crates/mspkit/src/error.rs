//! The crate-wide error: one variant per area, each carrying that area's typed error.
//!
//! Every error, whatever its area, has a stable snake_case [`Error::code`]. Codes are part of the
//! public interface: they are listed in one snapshot test and never change meaning.

use crate::deployment::DeploymentError;
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
    /// A deployment catalogue, plan, schedule or document was refused.
    #[error(transparent)]
    Deployment(#[from] DeploymentError),
}

impl Error {
    /// The stable snake_case code of the underlying error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Id(e) => e.code(),
            Self::Email(e) => e.code(),
            Self::Deployment(e) => e.code(),
        }
    }
}
