//! `mspkit replay` and `mspkit events`: an event log (JSON Lines) rebuilt into its portfolio, or
//! exported as the provider's audit log.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use mspkit::deployment::DeploymentCatalog;
use mspkit::{AuditRow, EventLabels, EventLog, LogError};

use crate::common::{CliError, Limits, print, read_document};

/// Arguments of `mspkit replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The event log (JSON Lines: a `{"schema_version": 1}` header, then one event per line).
    pub log: PathBuf,
    /// The document size limit.
    #[command(flatten)]
    pub limits: Limits,
}

/// The export formats of `mspkit events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// CSV with a header row: time, code, event, actor_email, subject, details.
    Csv,
    /// A JSON array of rows with the same fields.
    Json,
}

/// Arguments of `mspkit events`.
#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// The event log (JSON Lines).
    pub log: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// Only events at or after this time (RFC 3339, or a date: midnight UTC).
    #[arg(long, value_parser = parse_time)]
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time (RFC 3339, or a date: midnight UTC; not included).
    #[arg(long, value_parser = parse_time)]
    pub until: Option<DateTime<Utc>>,
    /// The document size limit.
    #[command(flatten)]
    pub limits: Limits,
}

/// An RFC 3339 time, or a date read as midnight UTC.
fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(time) = text.parse::<DateTime<Utc>>() {
        return Ok(time);
    }
    text.parse::<NaiveDate>()
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("`{text}` is not a time (2026-11-02T09:00:00Z) or a date (2026-11-02)"))
}

/// Reads a log, never more than the size limit (`--max-bytes`); a bad line is reported with its
/// number.
fn read_log(path: &Path, limits: Limits) -> Result<EventLog, CliError> {
    let text = read_document(path, limits, "event log")?;
    EventLog::from_jsonl_with(&text, &limits.reader()).map_err(|e| bad_line(path, e))
}

fn bad_line(path: &Path, e: LogError) -> CliError {
    CliError::BadLine { path: path.to_owned(), line: e.line(), source: e.into_error() }
}

/// Runs `mspkit replay`: prints the portfolio the log rebuilds.
pub fn replay(args: &ReplayArgs) -> Result<ExitCode, CliError> {
    let log = read_log(&args.log, args.limits)?;
    let catalog = DeploymentCatalog::builtin().map_err(|e| CliError::Library(e.into()))?;
    let portfolio = log.replay_portfolio(&catalog).map_err(|e| bad_line(&args.log, e))?;
    print(&portfolio.to_json()?)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `mspkit events`: exports the audit log. The whole log is checked by replaying it, and
/// names (emails, client names) come from the whole log, also for a time window.
pub fn export(args: &EventsArgs) -> Result<ExitCode, CliError> {
    let log = read_log(&args.log, args.limits)?;
    log.replay_provider().map_err(|e| bad_line(&args.log, e))?;
    let labels = EventLabels::from_events(log.events());
    let selected: Vec<mspkit::Event> = log
        .events()
        .iter()
        .filter(|e| {
            args.since.is_none_or(|since| e.at >= since) && args.until.is_none_or(|until| e.at < until)
        })
        .cloned()
        .collect();
    let out = match args.format {
        ExportFormat::Csv => mspkit::event::events_to_csv(&selected, &labels).trim_end().to_owned(),
        ExportFormat::Json => {
            let rows: Vec<AuditRow> = selected.iter().map(|e| AuditRow::new(e, &labels)).collect();
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
