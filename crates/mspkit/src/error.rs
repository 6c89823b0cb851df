//! The crate-wide [`Error`], which carries the error of any area. Each area's error enum lives
//! beside its module (`provider::team::TeamError`, `event::EventError`, …; the provider's are
//! re-exported here).
//!
//! Every error has a stable snake_case `code()`. Codes are part of the public interface: they
//! are listed in one snapshot test and never change meaning.

use crate::billing::BillingError;
use crate::category::ErrorCategory;
use crate::deployment::DeploymentError;
use crate::document::DocumentError;
use crate::email::EmailError;
use crate::event::EventError;
use crate::ids::IdParseError;
use crate::interop::InteropError;
#[cfg(feature = "password")]
use crate::password::PasswordError;
use crate::permissions::{Denial, DenialReason};
use crate::policy::{BaselineError, PolicyError};
use crate::portfolio::PortfolioError;
pub use crate::provider::{ClientError, ProviderError, TeamError};
use crate::token::TokenError;

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
    /// A provider command or setting was refused.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// A team command was refused.
    #[error(transparent)]
    Team(#[from] TeamError),
    /// A client command was refused.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// An event does not fit the provider it is applied to.
    #[error(transparent)]
    Event(#[from] EventError),
    /// JSON of the wrong shape (`invalid_document`, with line and column).
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// The actor may not perform the action.
    #[error(transparent)]
    Denied(#[from] Denial),
    /// A reference-server document could not be read.
    #[error(transparent)]
    Interop(#[from] InteropError),
    /// A portfolio document could not be read.
    #[error(transparent)]
    Portfolio(#[from] PortfolioError),
    /// A KDF setting, derivation input or master-password rule was refused.
    #[cfg(feature = "password")]
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// A deployment catalogue, plan, schedule or document was refused.
    #[error(transparent)]
    Deployment(#[from] DeploymentError),
    /// A billing command, query or document was refused.
    #[error(transparent)]
    Billing(#[from] BillingError),
    /// A client policy, policy setting or policy change was refused.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A baseline file was refused (boxed: its location makes it the largest error).
    #[error(transparent)]
    Baseline(Box<BaselineError>),
    /// An invitation, set-up or deletion token was refused.
    #[error(transparent)]
    Token(#[from] TokenError),
}

impl From<BaselineError> for Error {
    fn from(err: BaselineError) -> Self {
        Self::Baseline(Box::new(err))
    }
}

impl Error {
    /// The stable snake_case code of the underlying error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Id(e) => e.code(),
            Self::Email(e) => e.code(),
            Self::Provider(e) => e.code(),
            Self::Team(e) => e.code(),
            Self::Client(e) => e.code(),
            Self::Event(e) => e.code(),
            Self::Document(e) => e.code(),
            Self::Denied(e) => e.code(),
            Self::Interop(e) => e.code(),
            Self::Portfolio(e) => e.code(),
            #[cfg(feature = "password")]
            Self::Password(e) => e.code(),
            Self::Deployment(e) => e.code(),
            Self::Billing(e) => e.code(),
            Self::Policy(e) => e.code(),
            Self::Baseline(e) => e.code(),
            Self::Token(e) => e.code(),
        }
    }
}

impl Error {
    /// The category of the underlying error (see [`ErrorCategory`]): each area's error table
    /// (`error_codes!` in `macros.rs`) gives it beside the code.
    pub fn category(&self) -> ErrorCategory {
        match self {
            Self::Id(e) => e.category(),
            Self::Email(e) => e.category(),
            #[cfg(feature = "password")]
            Self::Password(e) => e.category(),
            Self::Document(e) => e.category(),
            Self::Interop(e) => e.category(),
            Self::Portfolio(e) => e.category(),
            Self::Provider(e) => e.category(),
            Self::Team(e) => e.category(),
            Self::Client(e) => e.category(),
            Self::Event(e) => e.category(),
            Self::Denied(e) => e.category(),
            Self::Deployment(e) => e.category(),
            Self::Billing(e) => e.category(),
            Self::Policy(e) => e.category(),
            Self::Baseline(e) => e.category(),
            Self::Token(e) => e.category(),
        }
    }
}

/// Every error code mspkit returns, sorted and once each, assembled (at compile time) from the
/// error table of every area (`error_codes!` in `macros.rs`). A snapshot test checks this list
/// against an instance of every error variant, so a new variant or a changed code cannot go
/// unnoticed.
pub fn all_codes() -> &'static [&'static str] {
    &ALL_CODES
}

/// Every error code with its category ([`ErrorCategory`]), sorted by code, each pair once:
/// the areas' error tables, assembled at compile time.
pub fn all_code_categories() -> &'static [(&'static str, ErrorCategory)] {
    &ALL_CODE_CATEGORIES
}

type Table = &'static [(&'static str, ErrorCategory)];

/// The error table of every area (a table's `via` rows take their codes from a table listed
/// here too).
const TABLES: &[Table] = &[
    IdParseError::CODES,
    EmailError::CODES,
    ProviderError::CODES,
    TeamError::CODES,
    ClientError::CODES,
    EventError::CODES,
    DocumentError::CODES,
    DenialReason::CODES,
    InteropError::CODES,
    PortfolioError::CODES,
    DeploymentError::CODES,
    BillingError::CODES,
    PolicyError::CODES,
    BaselineError::CODES,
    TokenError::CODES,
    #[cfg(feature = "password")]
    PasswordError::CODES,
];

const ROWS: usize = table::rows(TABLES);
const SORTED: [(&str, ErrorCategory); ROWS] = table::sorted(TABLES);
const PAIRS: usize = table::distinct(&SORTED, false);
const ALL_CODE_CATEGORIES: [(&str, ErrorCategory); PAIRS] = table::dedup(&SORTED, false);
const CODES: usize = table::distinct(&SORTED, true);
const ALL_CODES: [&str; CODES] = table::codes(&SORTED);

/// The compile-time assembly of the tables: concatenated, sorted (by code, then category) and
/// deduplicated in `const fn`s, so the lists are built once by the compiler and nothing runs
/// at startup.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated by the compiler only (for the constants above): an index out of range is a compile error, never a panic"
)]
mod table {
    use super::{ErrorCategory, Table};

    type Row = (&'static str, ErrorCategory);

    /// The number of rows of every table.
    pub(super) const fn rows(tables: &[Table]) -> usize {
        let (mut n, mut i) = (0, 0);
        while i < tables.len() {
            n += tables[i].len();
            i += 1;
        }
        n
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b` (bytewise, as `str`'s `Ord`).
    const fn compare(a: &str, b: &str) -> i8 {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut i = 0;
        while i < a.len() && i < b.len() {
            if a[i] != b[i] {
                return if a[i] < b[i] { -1 } else { 1 };
            }
            i += 1;
        }
        if a.len() == b.len() {
            0
        } else if a.len() < b.len() {
            -1
        } else {
            1
        }
    }

    /// Whether row `a` sorts before row `b`: by code, then by category.
    const fn before(a: Row, b: Row) -> bool {
        match compare(a.0, b.0) {
            0 => (a.1 as u8) < (b.1 as u8),
            c => c < 0,
        }
    }

    /// Every row of every table, sorted (an insertion sort: a few hundred rows, once).
    pub(super) const fn sorted<const N: usize>(tables: &[Table]) -> [Row; N] {
        let mut out = [("", ErrorCategory::InvalidInput); N];
        let (mut n, mut t) = (0, 0);
        while t < tables.len() {
            let mut r = 0;
            while r < tables[t].len() {
                out[n] = tables[t][r];
                n += 1;
                r += 1;
            }
            t += 1;
        }
        let mut i = 1;
        while i < N {
            let mut j = i;
            while j > 0 && before(out[j], out[j - 1]) {
                let swap = out[j];
                out[j] = out[j - 1];
                out[j - 1] = swap;
                j -= 1;
            }
            i += 1;
        }
        out
    }

    /// Whether two sorted neighbours are the same entry: the same code (`by_code`), or the
    /// same code and category.
    const fn same(a: Row, b: Row, by_code: bool) -> bool {
        compare(a.0, b.0) == 0 && (by_code || a.1 as u8 == b.1 as u8)
    }

    /// The number of distinct entries of sorted `rows`.
    pub(super) const fn distinct<const N: usize>(rows: &[Row; N], by_code: bool) -> usize {
        let mut n = if N == 0 { 0 } else { 1 };
        let mut i = 1;
        while i < N {
            if !same(rows[i], rows[i - 1], by_code) {
                n += 1;
            }
            i += 1;
        }
        n
    }

    /// The distinct rows of sorted `rows` (`by_code`: one per code), in order.
    pub(super) const fn dedup<const N: usize, const U: usize>(rows: &[Row; N], by_code: bool) -> [Row; U] {
        let mut out = [("", ErrorCategory::InvalidInput); U];
        let mut n = 0;
        let mut i = 0;
        while i < N {
            if i == 0 || !same(rows[i], rows[i - 1], by_code) {
                out[n] = rows[i];
                n += 1;
            }
            i += 1;
        }
        out
    }

    /// The distinct codes of sorted `rows`, in order.
    pub(super) const fn codes<const N: usize, const U: usize>(rows: &[Row; N]) -> [&'static str; U] {
        let unique: [Row; U] = dedup(rows, true);
        let mut out = [""; U];
        let mut i = 0;
        while i < U {
            out[i] = unique[i].0;
            i += 1;
        }
        out
    }
}
