//! What every subcommand shares: reading the portfolio, the output format, the error type.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use mspkit::Portfolio;

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
    /// Standard output could not be written (a closed pipe is not an error: see [`print`]).
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
    /// Something else the library refused.
    #[error("{0} [{code}]", code = .0.code())]
    Library(#[from] mspkit::Error),
}

/// Reads and validates a portfolio document.
pub fn read_portfolio(path: &Path) -> Result<Portfolio, CliError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.to_owned(), source })?;
    Portfolio::from_json(&text).map_err(|source| CliError::Invalid { path: path.to_owned(), source })
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

/// Pads or cuts `text` to `width` characters.
pub fn cell(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count > width {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        format!("{text}{}", " ".repeat(width - count))
    }
}
