//! `mspkit psa reconcile PORTFOLIO COMPANIES.csv`: the provider's clients and PSA references
//! against a PSA's company and agreement export (issue 17). Prints the findings and the
//! matches it is sure of; with `--apply`, records those matches as `client_reference_set`
//! events and writes the portfolio back.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use mspkit::Event;
use mspkit::billing::{PsaReconciliation, PsaSystem, read_psa_companies};

use crate::client::{member_by_email, write_portfolio};
use mspkit_i18n::translate;

use crate::common::{
    CliError, Limits, cell, label, label_right, lang, now_or_clock, print, print_text, read_document,
    read_portfolio, shown, tr,
};

/// What `mspkit psa` does besides the export.
#[derive(Debug, clap::Subcommand)]
pub enum PsaCommand {
    /// Compare the clients with a PSA's company export: clients without a reference, references
    /// matching no company, companies with no client, quantities that differ from billed seats.
    Reconcile(ReconcileArgs),
}

/// How `mspkit psa reconcile` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReconcileFormat {
    /// A table for people.
    Table,
    /// JSON for machines.
    Json,
    /// The findings as CSV.
    Csv,
}

/// The PSA whose column names the export uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PsaName {
    /// ConnectWise Manage: `Company ID`, `Company Name`, `Agreement Name`, `Quantity`.
    Connectwise,
    /// Autotask: `Company Number`, `Company Name`, `Contract Name`, `Units`.
    Autotask,
    /// HaloPSA: `Client ID`, `Client Name`, `Contract Ref`, `Quantity`.
    Halo,
}

/// Arguments of `mspkit psa reconcile`.
#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// The portfolio document (JSON); with `--apply` it is rewritten unless `--out` is given.
    pub portfolio: PathBuf,
    /// The PSA's company/agreement export (CSV with a header row).
    pub companies: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReconcileFormat,
    /// The PSA the export comes from (default: detected from the header).
    #[arg(long, value_enum)]
    pub psa: Option<PsaName>,
    /// Record the proposed matches as client references (events) and write the portfolio.
    #[arg(long)]
    pub apply: bool,
    /// With `--apply`: the email of the provider admin who records the references.
    #[arg(long = "as", value_name = "EMAIL")]
    pub actor: Option<String>,
    /// With `--apply`: record at this time (RFC 3339) instead of the clock's.
    #[arg(long)]
    pub now: Option<DateTime<Utc>>,
    /// With `--apply`: write the changed portfolio to this file instead of over PORTFOLIO.
    #[arg(long, value_name = "FILE", requires = "apply")]
    pub out: Option<PathBuf>,
    /// With `--apply`: append the recorded events to the provider's event log (chained in a
    /// version 2 log; the log must end where the portfolio does).
    #[arg(long, value_name = "FILE", requires = "apply")]
    pub log: Option<PathBuf>,
    /// The document size limit (the portfolio and the export).
    #[command(flatten)]
    pub limits: Limits,
}

/// The JSON output: the PSA, the reconciliation, and the events `--apply` recorded.
#[derive(Debug, serde::Serialize)]
struct ReconcileOutput<'a> {
    psa: PsaSystem,
    #[serde(flatten)]
    reconciliation: &'a PsaReconciliation,
    events: &'a [Event],
}

/// Runs `mspkit psa …`.
pub fn run(command: &PsaCommand) -> Result<ExitCode, CliError> {
    match command {
        PsaCommand::Reconcile(args) => reconcile(args),
    }
}

fn reconcile(args: &ReconcileArgs) -> Result<ExitCode, CliError> {
    let mut portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let text = read_document(&args.companies, args.limits, "PSA export")?;
    let chosen = args.psa.map(|p| match p {
        PsaName::Connectwise => PsaSystem::Connectwise,
        PsaName::Autotask => PsaSystem::Autotask,
        PsaName::Halo => PsaSystem::Halo,
    });
    let read = read_psa_companies(&text, chosen, &args.limits.reader())
        .map_err(|source| CliError::InvalidBilling { path: args.companies.clone(), source })?;
    let report = portfolio.provider().reconcile_psa(&read.companies)?;
    let mut events = Vec::new();
    if args.apply {
        let email = args.actor.as_deref().ok_or_else(|| {
            CliError::Usage("`--apply` records events: say who records them with `--as EMAIL`".to_owned())
        })?;
        let actor = member_by_email(portfolio.provider(), email)?;
        let references = report.references();
        let now = now_or_clock(args.now);
        events = portfolio.update_provider(|p| p.set_client_references(actor, &references, now))?;
        if let (Some(log), Some(first)) = (args.log.as_deref(), events.first()) {
            let end = crate::log_append::read_log_end(log, first.provider, |_| ())?;
            crate::log_append::append_events(log, &end, &events)?;
        }
        let out = args.out.as_deref().unwrap_or(&args.portfolio);
        if !events.is_empty() || args.out.is_some() {
            write_portfolio(out, &portfolio)?;
        }
    }
    match args.format {
        ReconcileFormat::Json => {
            let output = ReconcileOutput { psa: read.system, reconciliation: &report, events: &events };
            print(&serde_json::to_string_pretty(&output).map_err(|e| CliError::Stdout(e.into()))?)?;
        }
        ReconcileFormat::Csv => print(report.to_csv().trim_end())?,
        ReconcileFormat::Table => print_text(&table(&report, read.system, args, &events))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The table: a summary line, one line per finding, the proposals and what `--apply` did.
fn table(report: &PsaReconciliation, system: PsaSystem, args: &ReconcileArgs, events: &[Event]) -> String {
    let mut s = String::new();
    let title = tr(
        "psa-title",
        &[
            ("system", system.name().to_owned()),
            ("companies", report.companies.to_string()),
            ("clients", report.clients.to_string()),
            ("matched", report.matched.to_string()),
        ],
    );
    let _ = writeln!(s, "{title}");
    if report.findings.is_empty() {
        let _ = writeln!(s, "{}", tr("psa-no-findings", &[]));
    } else {
        let _ = writeln!(
            s,
            "{} {} {} {} {}  {}",
            label("check-col-finding", 24),
            label("deploy-col-client", 24),
            label("psa-col-company", 28),
            label_right("compare-col-billed", 7),
            label_right("psa-col-psa", 7),
            tr("psa-col-detail", &[])
        );
        let number = |n: Option<u64>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
        for f in &report.findings {
            let client = f.clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("; ");
            let company = match (&f.company_id, &f.company) {
                (Some(id), Some(name)) => format!("{id} {name}"),
                (Some(id), None) => id.clone(),
                _ => "-".to_owned(),
            };
            let _ = writeln!(
                s,
                "{} {} {} {:>7} {:>7}  {}",
                cell(f.kind.name(), 24),
                cell(if client.is_empty() { "-" } else { &client }, 24),
                cell(&company, 28),
                number(f.billed_seats),
                number(f.psa_quantity),
                shown(&translate(lang(), "psa-detail", &f.detail))
            );
        }
    }
    if !report.proposals.is_empty() {
        let id = if args.apply { "psa-recorded" } else { "psa-proposed" };
        let _ = writeln!(s, "{}", tr(id, &[("count", report.proposals.len().to_string())]));
        for m in &report.proposals {
            let _ = writeln!(
                s,
                "  {} -> {} ({}, {})",
                shown(&m.client),
                shown(&m.company_id),
                shown(&m.company),
                tr(&format!("psa-by-{}", m.by.name()), &[])
            );
        }
    }
    if args.apply {
        let out = args.out.as_deref().unwrap_or(&args.portfolio);
        if events.is_empty() {
            let _ = writeln!(s, "{}", tr("psa-nothing", &[]));
        } else {
            let line = tr(
                "psa-written",
                &[("count", events.len().to_string()), ("path", shown(&out.to_string_lossy()))],
            );
            let _ = writeln!(s, "{line}");
        }
    }
    s.trim_end().to_owned()
}
