//! `mspkit report`: the portfolio summary.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use mspkit::billing::{ProviderWarnings, TaxFacts};
use mspkit::portfolio::PortfolioReport;

use crate::common::{
    CliError, Format, Limits, cell, label, label_right, lang, now_or_clock, print, print_text, read_document,
    read_portfolio, shown, tr, value,
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
        let _ = writeln!(s, "\n{}", tr("report-billing", &[]));
        for line in billing {
            let _ = writeln!(s, "  {line}");
        }
    }
}

/// The billing warnings as lines: `[suspended] …` and `[tax_id_missing] …`.
pub fn billing_lines(w: &ProviderWarnings) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(s) = &w.suspension {
        let what = tr(&format!("report-resolution-{}", s.resolution.name()), &[]);
        let resolution = s.resolution.name().to_owned();
        lines.push(match s.subscription_cancels_on {
            Some(date) => tr(
                "report-suspended-until",
                &[("resolution", resolution), ("what", what), ("date", date.to_string())],
            ),
            None => tr("report-suspended", &[("resolution", resolution), ("what", what)]),
        });
    }
    if let Some(t) = w.tax_id {
        lines.push(format!("[{}] {}", t.name(), tr(&format!("report-tax-{}", t.name()), &[])));
    }
    lines
}

fn snake(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The "Team:" section: the counts and one line per member.
fn write_team(s: &mut String, r: &PortfolioReport) {
    let c = &r.team_counts;
    let team = tr(
        "report-team",
        &[
            ("members", r.team.len().to_string()),
            ("confirmed", c.confirmed.to_string()),
            ("admins", c.confirmed_admins.to_string()),
            ("accepted", c.accepted.to_string()),
            ("invited", c.invited.to_string()),
            ("revoked", c.revoked.to_string()),
        ],
    );
    let _ = writeln!(*s, "\n{team}");
    let _ = writeln!(
        *s,
        "  {} {} {} {}",
        label("report-col-email", 40),
        label("report-col-role", 15),
        label("report-col-status", 18),
        tr("report-col-clients", &[])
    );
    for m in &r.team {
        let status =
            if m.invitation_expired { tr("report-invited-expired", &[]) } else { value(&snake(&m.status)) };
        let scope =
            m.client_scope.as_ref().map_or_else(|| tr("report-scope-all", &[]), |names| names.join(", "));
        let _ = writeln!(
            *s,
            "  {} {} {} {}",
            cell(&m.email, 40),
            cell(&value(&snake(&m.role)), 15),
            cell(&status, 18),
            shown(&scope)
        );
    }
}

/// The "Seats by plan:" section.
fn write_seats(s: &mut String, r: &PortfolioReport) {
    let _ = writeln!(*s, "\n{}", tr("report-seats-by-plan", &[]));
    let _ = writeln!(
        *s,
        "  {} {} {} {} {} {}",
        label("report-col-plan", 22),
        label_right("report-col-minimum", 8),
        label_right("report-col-assigned", 9),
        label_right("report-col-occupied", 9),
        label_right("report-col-purchased", 10),
        label_right("report-col-unassigned", 9)
    );
    for seats in &r.seats {
        let _ = writeln!(
            *s,
            "  {} {:>8} {:>9} {:>9} {:>10} {:>9}",
            cell(seats.plan.display_name(), 22),
            seats.seat_minimum,
            seats.assigned_seats,
            seats.occupied_seats,
            seats.purchased_seats,
            seats.unassigned_seats
        );
    }
}

/// Renders the report as text tables, in the run's language (`--lang`).
pub fn render(r: &PortfolioReport) -> String {
    let mut s = String::new();
    let p = &r.provider;
    let disabled = if p.enabled { String::new() } else { tr("report-disabled", &[]) };
    let header = tr(
        "report-header",
        &[
            ("name", shown(&p.name)),
            ("kind", value(&snake(&p.kind))),
            ("status", value(&snake(&p.status))),
            ("disabled", disabled),
        ],
    );
    let _ = writeln!(s, "{header}");
    let billing = shown(p.billing_email.as_deref().unwrap_or("-"));
    let _ = writeln!(s, "  {}", tr("report-id", &[("id", p.id.to_string()), ("billing", billing)]));
    write_team(&mut s, r);
    let _ = writeln!(s, "\n{}", tr("report-clients", &[("count", r.clients.len().to_string())]));
    let _ = writeln!(
        s,
        "  {} {} {} {} {}  {}",
        label("report-col-name", 28),
        label("report-col-plan", 22),
        label_right("report-col-seats", 6),
        label_right("report-col-used", 6),
        label_right("report-col-free", 6),
        tr("report-col-note", &[])
    );
    for cl in &r.clients {
        let note = match (cl.full, cl.enabled) {
            (_, false) => tr("report-note-disabled", &[]),
            (true, true) => tr("report-note-full", &[]),
            (false, true) => String::new(),
        };
        let note = crate::client::state_note(cl.state, cl.billed_seats, &note);
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
    write_seats(&mut s, r);
    write_billing(&mut s, &r.billing_warnings);
    if r.warnings.is_empty() {
        let _ = writeln!(s, "\n{}", tr("report-no-warnings", &[]));
    } else {
        let _ = writeln!(s, "\n{}", tr("report-warnings", &[("count", r.warnings.len().to_string())]));
        for w in &r.warnings {
            let message = mspkit_i18n::warning_message(lang(), &w.code, &w.message);
            let _ = writeln!(s, "  [{}] {}", w.code, shown(&message));
        }
    }
    s.trim_end().to_owned()
}
