//! The billing commands: `seats` (utilisation), `invoice` (the invoice of a month, or with
//! `--csv` the client invoice report), `what-if` (proposed changes on a copy) and `psa` (the PSA
//! export).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use mspkit::billing::{
    BillingMonth, CheaperModel, Invoice, ModelComparison, PsaExport, SeatUtilisation, WhatIf, WhatIfResult,
};
use mspkit::{Portfolio, Provider};

use crate::common::{
    CliError, Format, Limits, cell, label, label_right, lang, print, print_text, read_document,
    read_portfolio, shown, tr,
};

/// The idle-seat threshold of `mspkit seats` when `--idle` is not given (the core's).
pub const DEFAULT_IDLE: u32 = mspkit::billing::DEFAULT_IDLE_THRESHOLD;

/// Arguments of `mspkit seats`.
#[derive(Debug, clap::Args)]
pub struct SeatsArgs {
    /// The portfolio document (JSON).
    pub portfolio: PathBuf,
    /// List the clients holding more than this many idle (assigned, unused) seats.
    #[arg(long, default_value_t = DEFAULT_IDLE, value_name = "N")]
    pub idle: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The document size limit.
    #[command(flatten)]
    pub limits: Limits,
}

/// Arguments of `mspkit invoice`.
#[derive(Debug, clap::Args)]
pub struct InvoiceArgs {
    /// The portfolio document (JSON).
    pub portfolio: PathBuf,
    /// The month of the charge, `YYYY-MM`.
    #[arg(long, value_name = "YYYY-MM")]
    pub period: String,
    /// Print the client invoice report (CSV, or JSON with `--format json`) instead of the invoice:
    /// for a billed month, the rows its invoice recorded.
    #[arg(long)]
    pub csv: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The document size limit.
    #[command(flatten)]
    pub limits: Limits,
}

/// Arguments of `mspkit what-if`.
#[derive(Debug, clap::Args)]
pub struct WhatIfArgs {
    /// The portfolio document (JSON).
    pub portfolio: PathBuf,
    /// The proposed changes (JSON: `{"on": "YYYY-MM-DD", "changes": [...]}`).
    pub changes: PathBuf,
    /// The day the changes would be made when the file gives none (default: the clock's).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The document size limit.
    #[command(flatten)]
    pub limits: Limits,
}

/// How `mspkit psa` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PsaFormat {
    /// CSV for a PSA import.
    Csv,
    /// JSON.
    Json,
}

/// Arguments of `mspkit psa`: the export (`mspkit psa PORTFOLIO`), or `mspkit psa reconcile`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct PsaArgs {
    /// Compare the clients with a PSA's company export (`mspkit psa reconcile --help`).
    #[command(subcommand)]
    pub command: Option<crate::psa::PsaCommand>,
    /// The portfolio document (JSON).
    #[arg(required = true)]
    pub portfolio: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: PsaFormat,
    /// The document size limit.
    #[command(flatten)]
    pub limits: Limits,
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn provider(portfolio: &Portfolio) -> &Provider {
    portfolio.provider()
}

/// Runs `mspkit seats`.
pub fn seats(args: &SeatsArgs) -> Result<ExitCode, CliError> {
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let p = provider(&portfolio);
    let report = p.seat_utilisation(args.idle)?;
    match args.format {
        Format::Json => print(&pretty(&report))?,
        Format::Text => print_text(&render_seats(p, &report))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn name_of(p: &Provider, id: mspkit::OrganizationId) -> String {
    p.client(id).map_or_else(|| id.to_string(), |c| shown(c.name()))
}

/// Renders the utilisation report as text tables.
pub fn render_seats(p: &Provider, r: &SeatUtilisation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", tr("seats-title", &[("provider", shown(p.name()))]));
    let _ = writeln!(
        s,
        "{} {} {} {} {} {} {} {}",
        label("report-col-plan", 22),
        label_right("report-col-minimum", 8),
        label_right("report-col-assigned", 9),
        label_right("report-col-used", 6),
        label_right("report-col-free", 6),
        label_right("seats-col-idle", 7),
        label_right("report-col-unassigned", 11),
        label_right("report-col-purchased", 10)
    );
    for plan in &r.plans {
        let _ = writeln!(
            s,
            "{} {:>8} {:>9} {:>6} {:>6} {:>7} {:>11} {:>10}",
            cell(plan.plan.display_name(), 22),
            plan.seat_minimum,
            plan.assigned,
            plan.used,
            plan.free,
            plan.idle_share.to_string(),
            plan.unassigned,
            plan.purchased
        );
    }
    let _ = writeln!(
        s,
        "\n{} {} {} {} {} {}",
        label("deploy-col-client", 28),
        label("report-col-plan", 22),
        label_right("report-col-assigned", 9),
        label_right("report-col-used", 6),
        label_right("report-col-free", 6),
        label_right("seats-col-idle", 7)
    );
    for c in &r.clients {
        let _ = writeln!(
            s,
            "{} {} {:>9} {:>6} {:>6} {:>7}{}",
            cell(&c.name, 28),
            cell(c.plan.display_name(), 22),
            c.assigned,
            c.used,
            c.free,
            c.idle_share.to_string(),
            if c.full { format!("  {}", tr("seats-full-mark", &[])) } else { String::new() }
        );
    }
    let names = |ids: &[mspkit::OrganizationId]| {
        if ids.is_empty() {
            tr("seats-none", &[])
        } else {
            ids.iter().map(|id| name_of(p, *id)).collect::<Vec<_>>().join(&tr("list-separator", &[]))
        }
    };
    let _ = writeln!(s, "\n{}", tr("seats-full", &[("clients", names(&r.full_clients))]));
    let idle =
        tr("seats-idle", &[("threshold", r.idle_threshold.to_string()), ("clients", names(&r.idle_clients))]);
    let _ = write!(s, "{idle}");
    s
}

/// Runs `mspkit invoice`.
pub fn invoice(args: &InvoiceArgs) -> Result<ExitCode, CliError> {
    let month: BillingMonth = args.period.parse().map_err(CliError::Billing)?;
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let p = provider(&portfolio);
    // The invoice is built even for `--csv`: a month before the first charge is refused either way.
    let invoice = p.invoice(month)?;
    let out = if args.csv {
        // A billed month shows the rows its invoice recorded, not today's seats (issue 15).
        let report = p.client_invoice_report_of(month)?;
        match args.format {
            Format::Json => pretty(&report),
            // CRLF record ends as written (issue 15): `print` adds the last record's "\n".
            Format::Text => {
                let csv = report.to_csv();
                csv.strip_suffix('\n').unwrap_or(&csv).to_owned()
            }
        }
    } else {
        match args.format {
            Format::Json => pretty(&invoice),
            Format::Text => return print_text(&render_invoice(p, &invoice)).map(|()| ExitCode::SUCCESS),
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Renders an invoice as text.
pub fn render_invoice(p: &Provider, inv: &Invoice) -> String {
    let mut s = String::new();
    let title = tr(
        "invoice-title",
        &[
            ("provider", shown(p.name())),
            ("month", inv.month.to_string()),
            ("charged", inv.charge_date.to_string()),
        ],
    );
    let _ = writeln!(s, "{title}");
    let status = match inv.issued {
        Some(issued) => tr(
            "invoice-issued",
            &[("on", issued.issued_on.to_string()), ("amount", issued.amount.to_string())],
        ),
        None => tr("invoice-estimate", &[]),
    };
    let _ = writeln!(s, "{status}");
    let _ = writeln!(
        s,
        "\n{} {} {} {} {} {} {} {}",
        label("report-col-plan", 22),
        label_right("report-col-minimum", 8),
        label_right("report-col-assigned", 9),
        label_right("report-col-purchased", 9),
        label_right("report-col-seats", 6),
        label_right("invoice-col-price", 10),
        label_right("invoice-col-subtotal", 12),
        label_right("invoice-col-total", 12)
    );
    for l in &inv.lines {
        let _ = writeln!(
            s,
            "{} {:>8} {:>9} {:>9} {:>6} {:>10} {:>12} {:>12}",
            cell(l.plan_name, 22),
            l.seat_minimum,
            l.assigned_seats,
            l.purchased_seats,
            l.quantity,
            l.unit_price.to_string(),
            l.subtotal.to_string(),
            l.total.to_string()
        );
    }
    if inv.prorations.is_empty() {
        let _ = writeln!(s, "\n{}", tr("invoice-prorations-none", &[]));
    } else {
        let _ = writeln!(s, "\n{}", tr("invoice-prorations", &[]));
        for pr in &inv.prorations {
            let b = &pr.purchase;
            let line = tr(
                "invoice-proration",
                &[
                    ("on", b.on.to_string()),
                    ("client", name_of(p, b.client)),
                    ("seats", b.seats.to_string()),
                    ("plan", b.plan.display_name().to_owned()),
                    ("remaining", b.remaining_days.to_string()),
                    ("days", b.period_days.to_string()),
                    ("cost", b.cost.to_string()),
                    ("total", pr.total.to_string()),
                ],
            );
            let _ = writeln!(s, "  {line}");
        }
    }
    let _ = writeln!(s, "\n{}", tr("invoice-subtotal", &[("amount", inv.subtotal.to_string())]));
    let _ = writeln!(s, "{}", tr("invoice-discount", &[("amount", inv.discount.to_string())]));
    let _ = write!(s, "{}", tr("invoice-total", &[("amount", inv.total.to_string())]));
    s
}

/// Runs `mspkit what-if`.
pub fn what_if(args: &WhatIfArgs) -> Result<ExitCode, CliError> {
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let text = read_document(&args.changes, args.limits, "what-if changes")?;
    let changes = WhatIf::from_json_with(&text, &args.limits.reader())
        .map_err(|source| CliError::InvalidBilling { path: args.changes.clone(), source })?;
    let today = args.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let p = provider(&portfolio);
    let result = p.what_if(&changes, today)?;
    match args.format {
        Format::Json => print(&pretty(&result))?,
        Format::Text => print_text(&render_what_if(p, &result))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Renders a what-if result as text.
pub fn render_what_if(p: &Provider, r: &WhatIfResult) -> String {
    let mut s = String::new();
    let _ =
        writeln!(s, "{}\n", tr("what-if-title", &[("on", r.on.to_string()), ("provider", shown(p.name()))]));
    for (i, o) in r.outcomes.iter().enumerate() {
        let (from, to) = (o.from.to_string(), o.to.to_string());
        let what = match &o.client_name {
            Some(name) => tr("what-if-seats", &[("client", shown(name)), ("from", from), ("to", to)]),
            None => tr(
                "what-if-minimum",
                &[("plan", o.plan.display_name().to_owned()), ("from", from), ("to", to)],
            ),
        };
        let verdict = match &o.refused {
            Some(refusal) => {
                let message = mspkit_i18n::error_message(lang(), refusal.code, &refusal.message);
                tr("what-if-refused", &[("code", refusal.code.to_owned()), ("message", message)])
            }
            None if o.purchase => tr(
                "what-if-purchase",
                &[("seats", o.seats_bought.to_string()), ("cost", o.prorated_cost.to_string())],
            ),
            None if o.service_user_allowed => tr("what-if-no-purchase", &[]),
            None => tr("what-if-admin", &[]),
        };
        let item = tr("what-if-item", &[("n", (i + 1).to_string()), ("what", what), ("verdict", verdict)]);
        let _ = writeln!(s, "{item}");
    }
    let recurring = tr(
        "what-if-recurring",
        &[("before", r.recurring_before.to_string()), ("after", r.recurring_after.to_string())],
    );
    let _ = writeln!(s, "\n{recurring}");
    let _ = writeln!(s, "{}", tr("what-if-prorated", &[("amount", r.prorated_purchases.to_string())]));
    let _ =
        writeln!(s, "{}", tr("what-if-next-invoice", &[("amount", r.next_invoice_difference.to_string())]));
    let everyone =
        if r.service_user_allowed { "what-if-service-user-all" } else { "what-if-service-user-not-all" };
    let _ = writeln!(s, "{}\n", tr(everyone, &[]));
    s.push_str(&render_comparison(&r.comparison_after));
    s
}

/// Renders the seat-minimum model against the usage-based one.
pub fn render_comparison(c: &ModelComparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", tr("compare-title", &[]));
    let _ = writeln!(
        s,
        "{} {} {} {} {} {} {}",
        label("report-col-plan", 22),
        label_right("compare-col-period", 9),
        label_right("report-col-used", 6),
        label_right("compare-col-billed", 7),
        label_right("compare-col-seat-minimum", 14),
        label_right("compare-col-list-price", 11),
        label_right("compare-col-usage-based", 12)
    );
    for pl in &c.plans {
        let _ = writeln!(
            s,
            "{} {:>9} {:>6} {:>7} {:>14} {:>11} {:>12}",
            cell(pl.plan.display_name(), 22),
            crate::common::value(pl.cadence),
            pl.used,
            pl.billed_seats,
            pl.seat_minimum_model.to_string(),
            pl.list_price.to_string(),
            pl.usage_based.to_string()
        );
    }
    let per_year = tr(
        "compare-per-year",
        &[
            ("seat_minimum", c.seat_minimum_model_per_year.to_string()),
            ("usage_based", c.usage_based_per_year.to_string()),
        ],
    );
    let _ = writeln!(s, "{per_year}");
    let saving = [("amount", c.saving_per_year.to_string())];
    let verdict = match c.cheaper {
        CheaperModel::Equal => tr("compare-equal", &[]),
        CheaperModel::SeatMinimum => tr("compare-seat-minimum-cheaper", &saving),
        CheaperModel::UsageBased => tr("compare-usage-based-cheaper", &saving),
    };
    let _ = write!(s, "{verdict}");
    s
}

/// Runs `mspkit psa`.
pub fn psa(args: &PsaArgs) -> Result<ExitCode, CliError> {
    let path = match (&args.command, &args.portfolio) {
        (Some(command), _) => return crate::psa::run(command),
        (None, Some(path)) => path,
        (None, None) => {
            return Err(CliError::Usage(
                "`mspkit psa` needs a portfolio (see `mspkit psa --help`)".to_owned(),
            ));
        }
    };
    let portfolio = read_portfolio(path, args.limits)?;
    let export: PsaExport = provider(&portfolio).psa_export()?;
    print(&match args.format {
        PsaFormat::Json => pretty(&export),
        PsaFormat::Csv => export.to_csv().trim_end().to_owned(),
    })?;
    Ok(ExitCode::SUCCESS)
}
