//! `mspkit report`: the portfolio summary.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use mspkit::billing::{ProviderWarnings, SuspensionResolution, TaxFacts, TaxIdWarning};
use mspkit::portfolio::PortfolioReport;

use crate::common::{
    CliError, Format, Limits, cell, now_or_clock, print, print_text, read_document, read_portfolio, shown,
};

/// Arguments of `mspkit report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The portfolio document (JSON).
    pub portfolio: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Judge expiries at this time (RFC 3339) instead of the clock's.
    #[arg(long)]
    pub now: Option<DateTime<Utc>>,
    /// Show the billing warnings as this member sees them (their email): a service user is told
    /// to contact an administrator, not to add a payment method. Default: a provider admin.
    #[arg(long = "as", value_name = "EMAIL")]
    pub viewer: Option<String>,
    /// The payment processor's tax facts (JSON: `{"country": "DE", "registered": true,
    /// "tax_id": "pending", "exempt": false}`), for the tax-id warning.
    #[arg(long, value_name = "FILE")]
    pub tax: Option<PathBuf>,
    /// The document size limit.
    #[command(flatten)]
    pub limits: Limits,
}

/// Runs the command.
pub fn run(args: &ReportArgs) -> Result<ExitCode, CliError> {
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let mut report = portfolio.report(now_or_clock(args.now));
    if args.viewer.is_some() || args.tax.is_some() {
        report = billing_warnings(&portfolio, report, args)?;
    }
    match args.format {
        Format::Json => {
            print(&serde_json::to_string_pretty(&report).map_err(|e| CliError::Stdout(e.into()))?)?;
        }
        Format::Text => print_text(&render(&report))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The report with the billing warnings of `--as` (a provider admin by default) and `--tax`.
fn billing_warnings(
    portfolio: &mspkit::Portfolio,
    report: PortfolioReport,
    args: &ReportArgs,
) -> Result<PortfolioReport, CliError> {
    let tax: TaxFacts = match &args.tax {
        Some(path) => {
            let text = read_document(path, args.limits, "tax facts")?;
            serde_json::from_str(&text).map_err(|e| {
                CliError::Usage(format!("`{}`: not tax facts: {}", path.display(), shown(&e.to_string())))
            })?
        }
        None => TaxFacts::default(),
    };
    let p = portfolio.provider();
    let Some(address) = &args.viewer else {
        let mut report = report;
        report.billing_warnings = p.provider_warnings_for(true, &tax);
        return Ok(report);
    };
    let email = mspkit::Email::new(address).map_err(mspkit::Error::from)?;
    let viewer = p
        .member_by_email(&email)
        .map(mspkit::ProviderUser::id)
        .ok_or_else(|| CliError::Usage(format!("`{email}` is not a member of the provider")))?;
    Ok(report.with_billing_warnings(p, viewer, &tax)?)
}

/// The "Billing:" section of the text report, when there is a billing warning.
fn write_billing(s: &mut String, w: &ProviderWarnings) {
    let billing = billing_lines(w);
    if !billing.is_empty() {
        let _ = writeln!(s, "\nBilling:");
        for line in billing {
            let _ = writeln!(s, "  {line}");
        }
    }
}

/// The billing warnings as lines: `[suspended] …` and `[tax_id_missing] …`.
pub fn billing_lines(w: &ProviderWarnings) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(s) = &w.suspension {
        let what = match s.resolution {
            SuspensionResolution::AddPaymentMethod => "add a payment method and pay the open invoice",
            SuspensionResolution::ContactAdministrator => "ask a provider admin to pay the open invoice",
            SuspensionResolution::ContactSupport => "contact support",
        };
        let until = s
            .subscription_cancels_on
            .map(|d| format!(" before {d}, when the subscription cancels"))
            .unwrap_or_default();
        lines.push(format!("[suspended: {}] the provider is suspended: {what}{until}", s.resolution.name()));
    }
    if let Some(t) = w.tax_id {
        let what = match t {
            TaxIdWarning::TaxIdMissing => "add the provider's tax id",
            TaxIdWarning::TaxIdPendingVerification => "the tax id waits for verification",
            TaxIdWarning::TaxIdFailedVerification => "the tax id failed verification: correct it",
        };
        lines.push(format!("[{}] {what}", t.name()));
    }
    lines
}

fn snake(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Renders the report as text tables.
pub fn render(r: &PortfolioReport) -> String {
    let mut s = String::new();
    let p = &r.provider;
    let _ = writeln!(
        s,
        "{} ({}, {}{})",
        shown(&p.name),
        snake(&p.kind),
        snake(&p.status),
        if p.enabled { "" } else { ", DISABLED" }
    );
    let _ = writeln!(s, "  id {}  billing {}", p.id, shown(p.billing_email.as_deref().unwrap_or("-")));
    let c = &r.team_counts;
    let _ = writeln!(
        s,
        "\nTeam: {} members — {} confirmed ({} admins), {} accepted, {} invited, {} revoked",
        r.team.len(),
        c.confirmed,
        c.confirmed_admins,
        c.accepted,
        c.invited,
        c.revoked
    );
    let _ = writeln!(s, "  {} {} {} CLIENTS", cell("EMAIL", 40), cell("ROLE", 15), cell("STATUS", 18));
    for m in &r.team {
        let status = if m.invitation_expired { "invited (expired)".to_owned() } else { snake(&m.status) };
        let scope = m.client_scope.as_ref().map_or_else(|| "all".to_owned(), |names| names.join(", "));
        let _ = writeln!(
            s,
            "  {} {} {} {}",
            cell(&m.email, 40),
            cell(&snake(&m.role), 15),
            cell(&status, 18),
            shown(&scope)
        );
    }
    let _ = writeln!(s, "\nClients: {}", r.clients.len());
    let _ = writeln!(
        s,
        "  {} {} {:>6} {:>6} {:>6}  NOTE",
        cell("NAME", 28),
        cell("PLAN", 22),
        "SEATS",
        "USED",
        "FREE"
    );
    for cl in &r.clients {
        let note = match (cl.full, cl.enabled) {
            (_, false) => "disabled",
            (true, true) => "full",
            (false, true) => "",
        };
        let note = crate::client::state_note(cl.state, cl.billed_seats, note);
        let note = crate::client::tags_note(&cl.tags, &note);
        let _ = writeln!(
            s,
            "  {} {} {:>6} {:>6} {:>6}  {}",
            cell(&cl.name, 28),
            cell(cl.plan.display_name(), 22),
            cl.seats,
            cl.occupied_seats,
            cl.free_seats,
            note
        );
    }
    let _ = writeln!(s, "\nSeats by plan:");
    let _ = writeln!(
        s,
        "  {} {:>8} {:>9} {:>9} {:>10} {:>9}",
        cell("PLAN", 22),
        "MINIMUM",
        "ASSIGNED",
        "OCCUPIED",
        "PURCHASED",
        "UNASSIGNED"
    );
    for seats in &r.seats {
        let _ = writeln!(
            s,
            "  {} {:>8} {:>9} {:>9} {:>10} {:>9}",
            cell(seats.plan.display_name(), 22),
            seats.seat_minimum,
            seats.assigned_seats,
            seats.occupied_seats,
            seats.purchased_seats,
            seats.unassigned_seats
        );
    }
    write_billing(&mut s, &r.billing_warnings);
    if r.warnings.is_empty() {
        let _ = writeln!(s, "\nNo warnings.");
    } else {
        let _ = writeln!(s, "\nWarnings: {}", r.warnings.len());
        for w in &r.warnings {
            let _ = writeln!(s, "  [{}] {}", w.code, shown(&w.message));
        }
    }
    s.trim_end().to_owned()
}
