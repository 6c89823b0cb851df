//! `mspkit check`: policy-as-code. Checks every client of a portfolio against a baseline, or
//! with several `--baseline`s (or one that names the tags it `applies_to`) against the baseline
//! tiers its tags select (issue 17).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use mspkit::policy::{Baseline, CheckCompliance, CheckTiers};

use crate::common::{CliError, Limits, lang, now_or_clock, print, print_text, read_document, read_portfolio};

/// How `mspkit check` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// A table for people.
    Table,
    /// JSON for machines.
    Json,
    /// JUnit XML for CI systems.
    Junit,
}

/// Arguments of `mspkit check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The baseline (`.toml` or `.json`); give it several times for tiers: each client is
    /// checked against the baselines its tags select, the stricter setting winning.
    #[arg(long, required = true)]
    pub baseline: Vec<PathBuf>,
    /// The portfolio document (JSON).
    pub portfolio: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: CheckFormat,
    /// Judge exception expiry at this time (RFC 3339) instead of the clock's.
    #[arg(long)]
    pub now: Option<DateTime<Utc>>,
    /// Size limits of the documents read.
    #[command(flatten)]
    pub limits: Limits,
}

/// Reads and validates a baseline file (within the same size limit as the portfolio).
fn read_baseline(path: &Path, limits: Limits) -> Result<Baseline, CliError> {
    let text = read_document(path, limits, "baseline")?;
    Baseline::from_file_text_with(&path.to_string_lossy(), &text, &limits.reader())
        .map_err(|source| CliError::Invalid { path: path.to_owned(), source: source.into() })
}

/// Runs the command: exit 0 when every client is compliant, 1 with unaccepted findings (or a
/// client no baseline selects).
pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let mut baselines = Vec::with_capacity(args.baseline.len());
    for path in &args.baseline {
        let mut baseline = read_baseline(path, args.limits)?;
        if baseline.name.is_none() {
            // A tier is named by its baselines: an unnamed one by its file.
            baseline.name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        }
        baselines.push(baseline);
    }
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let now = now_or_clock(args.now);
    if let [baseline] = baselines.as_slice()
        && baseline.applies_to.is_empty()
    {
        let report = portfolio.check_compliance(baseline, now);
        match args.format {
            // The table escapes its values itself; the text guard still holds every line.
            CheckFormat::Table => print_text(mspkit_i18n::compliance_table(lang(), &report).trim_end())?,
            CheckFormat::Json => print(report.to_json().map_err(mspkit::Error::from)?.trim_end())?,
            CheckFormat::Junit => print(report.to_junit().trim_end())?,
        }
        return Ok(if report.compliant { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let report = portfolio.check_tiers(&baselines, now).map_err(mspkit::Error::from)?;
    match args.format {
        CheckFormat::Table => print_text(mspkit_i18n::tiers_table(lang(), &report).trim_end())?,
        CheckFormat::Json => print(report.to_json().map_err(mspkit::Error::from)?.trim_end())?,
        CheckFormat::Junit => print(report.to_junit().trim_end())?,
    }
    Ok(if report.compliant { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
