//! `mspkit replay` and `mspkit events`: an event log (JSON Lines) rebuilt into its portfolio, or
//! exported as the provider's audit log.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use mspkit::deployment::DeploymentCatalog;
use mspkit::event::EventsCsv;
use mspkit::event_log::EventLogReader;
use mspkit::{AuditRow, EventLabels, LogError, Portfolio};

use crate::common::{CliError, Limits, read_document};

/// Arguments of `mspkit replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The event log (JSON Lines: a `{"schema_version":2}` header, or 1, then one event per line),
    /// read line by line; each line may hold up to 1 MiB (`event_line_too_long`), the log any
    /// size.
    pub log: PathBuf,
    /// The edition of the deployment guide the log's deployments follow, as TOML or JSON
    /// (default: the built-in 36 steps).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// The document size limit (the catalogue; for the log, no line may be larger either).
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
    /// The event log (JSON Lines), read line by line; each line may hold up to 1 MiB.
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
    /// The document size limit (no line of the log may be larger either).
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

/// Opens a log to read it line by line (each line at most `mspkit::event_log::MAX_LINE_BYTES`;
/// the log as a whole has no limit, `--max-bytes` is for documents).
fn open_log(path: &Path) -> Result<EventLogReader<BufReader<File>>, CliError> {
    let file = File::open(path).map_err(|source| CliError::Read { path: path.to_owned(), source })?;
    Ok(EventLogReader::new(BufReader::with_capacity(1 << 16, file)))
}

fn bad_line(path: &Path, e: LogError) -> CliError {
    CliError::BadLine { path: path.to_owned(), line: e.line(), source: e.into_error() }
}

/// Standard output, buffered; a reader that went away is not an error (see `common::print`).
fn stdout_error(e: std::io::Error) -> Result<(), CliError> {
    if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(CliError::Stdout(e)) }
}

/// The deployment guide edition the log's deployments follow: `--catalog`, else the built-in one.
fn catalog(path: Option<&Path>, limits: Limits) -> Result<DeploymentCatalog, CliError> {
    let invalid = |path: &Path| {
        let path = path.to_owned();
        move |e: mspkit::DeploymentError| CliError::Invalid { path: path.clone(), source: e.into() }
    };
    match path {
        Some(path) => {
            let text = read_document(path, limits, "catalogue")?;
            let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let parsed = if is_json {
                DeploymentCatalog::from_json(&text)
            } else {
                DeploymentCatalog::from_toml(&text)
            };
            parsed.map_err(invalid(path))
        }
        None => DeploymentCatalog::builtin().map_err(invalid(Path::new("built-in catalogue"))),
    }
}

/// Runs `mspkit replay`: prints the portfolio the log rebuilds. The log is read line by line and
/// each event applied as it is read (`Provider::replay`, deployments included), so memory holds
/// the provider, not the log; the portfolio is written as it is serialized.
pub fn replay(args: &ReplayArgs) -> Result<ExitCode, CliError> {
    let catalog = catalog(args.catalog.as_deref(), args.limits)?;
    let reader = open_log(&args.log)?.with_reader(args.limits.reader());
    let provider = reader.replay_with_catalog(&catalog).map_err(|e| bad_line(&args.log, e))?;
    let portfolio = Portfolio::new(provider);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = portfolio
        .write_json(&mut out)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        stdout_error(e)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `mspkit events`: exports the audit log. The log is read twice, line by line: first
/// replayed whole (the same check as `mspkit replay`: a log one refuses the other refuses, and
/// nothing is printed), learning the names (emails, client names) of the whole log, also for a
/// time window; then read again and written row by row as it is read, up to the last event the
/// replay judged.
pub fn export(args: &EventsArgs) -> Result<ExitCode, CliError> {
    let catalog = catalog(None, args.limits)?;
    let mut labels = EventLabels::default();
    let mut judged: usize = 0;
    let mut first = open_log(&args.log)?.with_reader(args.limits.reader());
    first
        .replay_each_mut(Some(&catalog), |event| {
            labels.learn(event);
            judged = judged.saturating_add(1);
        })
        .map_err(|e| bad_line(&args.log, e))?;
    // The head of a chained log when it was judged: every row carries it.
    let head = first.head().map(|h| h.to_string());
    let mut failed: Option<LogError> = None;
    let selected = open_log(&args.log)?
        .with_reader(args.limits.reader())
        .take(judged)
        .map_while(|read| read.map_err(|e| failed = Some(e)).ok())
        .map(|(_, event)| event)
        .filter(|e| {
            args.since.is_none_or(|since| e.at >= since) && args.until.is_none_or(|until| e.at < until)
        });
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match args.format {
        ExportFormat::Csv => write_csv(&mut out, selected, &labels, head.as_deref()),
        ExportFormat::Json => write_json(&mut out, selected, &labels, head.as_deref()),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        stdout_error(e)?;
    }
    if let Some(e) = failed {
        // The log changed between the two reads.
        return Err(bad_line(&args.log, e));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_csv(
    out: &mut impl Write,
    events: impl Iterator<Item = mspkit::Event>,
    labels: &EventLabels,
    head: Option<&str>,
) -> std::io::Result<()> {
    let mut csv = match head {
        Some(head) => EventsCsv::with_head(out, head)?,
        None => EventsCsv::new(out)?,
    };
    for event in events {
        csv.write(&event, labels)?;
    }
    csv.finish().map(|_| ())
}

/// A row of the JSON export: the audit row and, of a chained log, the log's head.
#[derive(serde::Serialize)]
struct JsonRow<'h> {
    #[serde(flatten)]
    row: AuditRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    log_head: Option<&'h str>,
}

/// A pretty JSON array of the rows, written one row at a time (the same text as the array
/// serialized whole).
fn write_json(
    out: &mut impl Write,
    events: impl Iterator<Item = mspkit::Event>,
    labels: &EventLabels,
    head: Option<&str>,
) -> std::io::Result<()> {
    use serde::Serializer as _;
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    serializer
        .collect_seq(events.map(|e| JsonRow { row: AuditRow::new(&e, labels), log_head: head }))
        .map_err(std::io::Error::from)?;
    writeln!(out)
}
