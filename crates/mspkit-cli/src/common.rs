//! What every subcommand shares: reading the portfolio, the output format, the error type.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use mspkit::Portfolio;
use mspkit::document::{DEFAULT_MAX_BYTES, DocumentError, DocumentReader};
use mspkit_i18n::Lang;

/// The language of this run's output for people, decided once in `main` (`--lang`, `LC_ALL`,
/// `LANG`).
static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language of the output (once; a second call is ignored).
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of the output: English until `main` has decided.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The label `id` of the message files in this run's language, with named arguments.
pub fn tr(id: &str, args: &[(&str, String)]) -> String {
    mspkit_i18n::text(lang(), id, args)
}

/// A header cell: the label `id`, padded to `width` terminal columns.
pub fn label(id: &str, width: usize) -> String {
    mspkit_i18n::cell(&tr(id, &[]), width)
}

/// A right-aligned header cell: the label `id` after spaces up to `width` terminal columns.
pub fn label_right(id: &str, width: usize) -> String {
    let text = tr(id, &[]);
    let pad = width.saturating_sub(mspkit_i18n::display_width(&text));
    format!("{}{text}", " ".repeat(pad))
}

/// A snake_case value (a role, a status) as this run's language shows it.
pub fn value(name: &str) -> String {
    mspkit_i18n::value(lang(), name)
}

/// The longest line the command prints in text output or in an error: longer ones are cut
/// (`…`), so a 5 MB value in a document cannot make a 5 MB line. The same bound as the Python
/// binding's exception messages ([`mspkit::text::MAX_SHOWN_CHARS`]).
pub const MAX_LINE_CHARS: usize = mspkit::text::MAX_SHOWN_CHARS;

/// The size limit of the documents a command reads (`--max-bytes`), shared by every command
/// that reads one.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Limits {
    /// Refuse a document (portfolio, catalogue) larger than this many bytes; the default is
    /// 64 MiB. An endless input (a pipe, /dev/zero) is refused once this much is read.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

impl Limits {
    /// The reader with this limit.
    pub fn reader(self) -> DocumentReader {
        DocumentReader::with_max_bytes(self.max_bytes)
    }
}

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Text,
    /// JSON for machines.
    Json,
}

/// Why a command could not run. Each renders as one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Standard output could not be written (a closed pipe is not an error: see [`print()`]).
    #[error("cannot write to standard output: {0}")]
    Stdout(io::Error),
    /// The document is not valid.
    #[error("`{path}`: {source} [{code}]", code = source.code())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What the library said.
        source: mspkit::Error,
    },
    /// A billing document is not valid.
    #[error("`{path}`: {source} [{code}]", code = source.code())]
    InvalidBilling {
        /// The file.
        path: PathBuf,
        /// What the library said.
        source: mspkit::billing::BillingError,
    },
    /// A billing query or argument was refused.
    #[error("{0} [{code}]", code = .0.code())]
    Billing(#[from] mspkit::billing::BillingError),
    /// A line of an event log is not valid, or its event does not fit.
    #[error("`{path}`: line {line}: {source} [{code}]", code = source.code())]
    BadLine {
        /// The file.
        path: PathBuf,
        /// The line (from 1).
        line: usize,
        /// What the library said.
        source: mspkit::Error,
    },
    /// The document reader refused the file (too large, a repeated key, not JSON).
    #[error("`{path}`: {source} [{code}]", code = source.code())]
    Document {
        /// The file.
        path: PathBuf,
        /// What the reader said.
        source: DocumentError,
    },
    /// An argument names nothing the portfolio has (a client, the acting member) or does not
    /// fit the others (`--until` without a trial).
    #[error("{0}")]
    Usage(String),
    /// Something else the library refused.
    #[error("{0} [{code}]", code = .0.code())]
    Library(#[from] mspkit::Error),
}

impl CliError {
    /// The error as a line in this run's language: in English its `Display`; in another, each
    /// part translated from its code (`error-<code>` of the message files), the `[code]` kept.
    pub fn localized(&self) -> String {
        let lang = lang();
        if lang == Lang::En {
            return self.to_string();
        }
        let library = |e: &mspkit::Error| {
            format!("{} [{}]", mspkit_i18n::error_message(lang, e.code(), &e.to_string()), e.code())
        };
        let billing = |e: &mspkit::billing::BillingError| {
            format!("{} [{}]", mspkit_i18n::error_message(lang, e.code(), &e.to_string()), e.code())
        };
        let document = |e: &DocumentError| {
            format!("{} [{}]", mspkit_i18n::error_message(lang, e.code(), &e.to_string()), e.code())
        };
        let path = |p: &Path| p.display().to_string();
        // The operating system's reason, in words of the message files for the common kinds.
        let reason = |e: &io::Error| {
            let id = match e.kind() {
                io::ErrorKind::NotFound => "cli-io-not_found",
                io::ErrorKind::PermissionDenied => "cli-io-permission_denied",
                io::ErrorKind::IsADirectory => "cli-io-is_a_directory",
                io::ErrorKind::AlreadyExists => "cli-io-already_exists",
                _ => return e.to_string(),
            };
            tr(id, &[])
        };
        match self {
            Self::Read { path: p, source } => {
                tr("cli-error-read", &[("path", path(p)), ("reason", reason(source))])
            }
            Self::Write { path: p, source } => {
                tr("cli-error-write", &[("path", path(p)), ("reason", reason(source))])
            }
            Self::Stdout(e) => tr("cli-error-stdout", &[("reason", reason(e))]),
            Self::Invalid { path: p, source } => format!("`{}`：{}", path(p), library(source)),
            Self::InvalidBilling { path: p, source } => format!("`{}`：{}", path(p), billing(source)),
            Self::Billing(e) => billing(e),
            Self::BadLine { path: p, line, source } => {
                format!(
                    "`{}`：{}：{}",
                    path(p),
                    tr("cli-line", &[("line", line.to_string())]),
                    library(source)
                )
            }
            Self::Document { path: p, source } => format!("`{}`：{}", path(p), document(source)),
            Self::Usage(text) => mspkit_i18n::translate(lang, "cli-usage", text),
            Self::Library(e) => library(e),
        }
    }
}

/// Reads a document's text, never more than the limit plus one byte (`document_too_large`
/// beyond: an endless pipe or `/dev/zero` is refused before its memory is spent).
pub fn read_document(path: &Path, limits: Limits, what: &'static str) -> Result<String, CliError> {
    let file =
        std::fs::File::open(path).map_err(|source| CliError::Read { path: path.to_owned(), source })?;
    limits.reader().read(file, what).map_err(|source| CliError::Document { path: path.to_owned(), source })
}

/// Reads and validates a portfolio document: the reader's checks (size, repeated keys), then
/// every invariant — the same path as Python's deployment report
/// (`DeploymentPortfolio::from_portfolio_json`).
pub fn read_portfolio(path: &Path, limits: Limits) -> Result<Portfolio, CliError> {
    let text = read_document(path, limits, "portfolio")?;
    Portfolio::from_json_with(&text, &limits.reader())
        .map_err(|source| CliError::Invalid { path: path.to_owned(), source })
}

/// A value from a document as text output shows it: escaped and cut by
/// [`mspkit::text::shown`] — the one escaping function of the CLI's output and error lines —
/// so a name with a line break, ESC, CR or U+202E prints as `\n`, `\u{1b}`, `\r`, `\u{202e}`
/// on the line it belongs to. Every value a text table or line shows goes through this (or
/// [`cell`], which calls it).
pub fn shown(text: &str) -> String {
    mspkit::text::shown(text, MAX_LINE_CHARS)
}

/// The last guard of text output, line by line ([`mspkit::text::shown_lines`]): a control or
/// format character still raw (a value some line forgot to pass through [`shown`]) is escaped,
/// and each line is cut to [`MAX_LINE_CHARS`]. The rule escapes once: what [`shown`] already
/// escaped passes unchanged.
pub fn safe_text(text: &str) -> String {
    mspkit::text::shown_lines(text, MAX_LINE_CHARS)
}

/// An error as one safe line: every line break in it escaped, the message cut to
/// [`MAX_LINE_CHARS`] — before its trailing `[code]`, which is always kept. A value the library
/// already escaped in its message is not escaped again (`\u{1b}`, never `\\u{1b}`).
pub fn one_line(text: &str) -> String {
    let code = text
        .rfind(" [")
        .filter(|_| text.ends_with(']'))
        .and_then(|at| text.get(at..))
        .filter(|code| code.len() <= 64 && !code.chars().skip(2).any(char::is_whitespace));
    match code {
        Some(code) => {
            let body = text.get(..text.len() - code.len()).unwrap_or_default();
            format!("{}{}", shown(body), shown(code))
        }
        None => shown(text),
    }
}

/// Prints text output for people: made safe by [`safe_text`], then as [`print`].
pub fn print_text(text: &str) -> Result<(), CliError> {
    print(&safe_text(text))
}

/// Prints `text` and a newline on standard output. A reader that went away (`mspkit report x |
/// head -1`) is not an error: the output is simply not wanted any more, so the command ends
/// cleanly instead of panicking the way `println!` does on a closed pipe.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(CliError::Stdout(e)),
        _ => Ok(()),
    }
}

/// `--now` if given, else the clock: the command line may read the clock, the library never does.
pub fn now_or_clock(now: Option<DateTime<Utc>>) -> DateTime<Utc> {
    now.unwrap_or_else(Utc::now)
}

/// Pads or cuts `text` to `width` terminal columns (a wide CJK character takes two), after
/// escaping it ([`shown`]).
pub fn cell(text: &str, width: usize) -> String {
    mspkit_i18n::cell(&shown(text), width)
}
