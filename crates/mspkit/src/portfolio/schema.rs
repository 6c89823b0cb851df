//! The schema versions a portfolio document may have, and the error of one it may not.

/// The document version this library writes. Version 2 added client policies.
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest document version this library reads (and migrates: a version 1 client has no
/// policies).
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// A portfolio document could not be read (JSON of the wrong shape is a
/// [`DocumentError`](crate::DocumentError), `invalid_document`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PortfolioError {
    /// A schema version this library does not know: a newer one (written by a newer mspkit) or
    /// one that never existed.
    #[error(
        "portfolio schema version {found} is not supported; this mspkit reads versions {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION}{hint}",
        hint = if *found > SCHEMA_VERSION { " (the document was written by a newer mspkit: upgrade mspkit)" } else { "" }
    )]
    UnsupportedSchema {
        /// The version in the document.
        found: u32,
    },
}

error_codes! {
    PortfolioError {
        Self::UnsupportedSchema { .. } => "portfolio_schema_unsupported", CorruptDocument;
    }
}
