//! The billing commands: `seats` (utilisation), `invoice` (the invoice of a month, or with
//! `--csv` the client invoice report), `what-if` (proposed changes on a copy) and `psa` (the PSA
//! export).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use mspkit::billing::{
    BillingMonth, Invoice, ModelComparison, PsaExport, SeatUtilisation, WhatIf, WhatIfResult,
};
use mspkit::{Portfolio, Provider};

use crate::common::{
    CliError, Format, Limits, cell, print, print_text, read_document, read_portfolio, shown,
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
    let _ = writeln!(s, "Seat utilisation of {}\n", shown(p.name()));
    let _ = writeln!(
        s,
        "{} {:>8} {:>9} {:>6} {:>6} {:>7} {:>11} {:>10}",
        cell("PLAN", 22),
        "MINIMUM",
        "ASSIGNED",
        "USED",
        "FREE",
        "IDLE",
        "UNASSIGNED",
        "PURCHASED"
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
        "\n{} {} {:>9} {:>6} {:>6} {:>7}",
        cell("CLIENT", 28),
        cell("PLAN", 22),
        "ASSIGNED",
        "USED",
        "FREE",
        "IDLE"
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
            if c.full { "  FULL" } else { "" }
        );
    }
    let names = |ids: &[mspkit::OrganizationId]| {
        if ids.is_empty() {
            "none".to_owned()
        } else {
            ids.iter().map(|id| name_of(p, *id)).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(s, "\nFull (new members refused, no autoscale): {}", names(&r.full_clients));
    let _ = write!(s, "More than {} idle seats: {}", r.idle_threshold, names(&r.idle_clients));
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
    let _ = writeln!(s, "Invoice of {} for {} (charged {})", shown(p.name()), inv.month, inv.charge_date);
    match inv.issued {
        Some(issued) => {
            let _ = writeln!(
                s,
                "Issued {} for {}: the seats and prices below are those billed then",
                issued.issued_on, issued.amount
            );
        }
        None => {
            let _ = writeln!(s, "Not issued yet: an estimate from the seats as they are now");
        }
    }
    let _ = writeln!(
        s,
        "\n{} {:>8} {:>9} {:>9} {:>6} {:>10} {:>12} {:>12}",
        cell("PLAN", 22),
        "MINIMUM",
        "ASSIGNED",
        "PURCHASED",
        "SEATS",
        "PRICE",
        "SUBTOTAL",
        "TOTAL"
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
        let _ = writeln!(s, "\nProrated purchases: none");
    } else {
        let _ = writeln!(s, "\nProrated purchases:");
        for pr in &inv.prorations {
            let b = &pr.purchase;
            let _ = writeln!(
                s,
                "  {} {} +{} seat(s) of {} × {}/{} days = {} → {}",
                b.on,
                name_of(p, b.client),
                b.seats,
                b.plan.display_name(),
                b.remaining_days,
                b.period_days,
                b.cost,
                pr.total
            );
        }
    }
    let _ = writeln!(s, "\nSubtotal {}", inv.subtotal);
    let _ = writeln!(s, "Discount {}", inv.discount);
    let _ = write!(s, "Total    {}", inv.total);
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
    let _ = writeln!(s, "What if, on {} ({} — nothing is changed)\n", r.on, shown(p.name()));
    for (i, o) in r.outcomes.iter().enumerate() {
        let what = match &o.client_name {
            Some(name) => format!("{}: seats {} → {}", shown(name), o.from, o.to),
            None => format!("{} minimum {} → {}", o.plan.display_name(), o.from, o.to),
        };
        let verdict = match &o.refused {
            Some(refusal) => format!("REFUSED [{}] {}", refusal.code, refusal.message),
            None if o.purchase => format!(
                "purchase of {} seat(s), {} prorated; a service user could not make it",
                o.seats_bought, o.prorated_cost
            ),
            None if o.service_user_allowed => "no purchase; a service user could make it".to_owned(),
            None => "a provider admin's change".to_owned(),
        };
        let _ = writeln!(s, "{}. {what}: {verdict}", i + 1);
    }
    let _ = writeln!(s, "\nNext recurring charge: {} → {}", r.recurring_before, r.recurring_after);
    let _ = writeln!(s, "Prorated purchases:    {}", r.prorated_purchases);
    let _ = writeln!(s, "Next invoice changes by {}", r.next_invoice_difference);
    let _ = writeln!(
        s,
        "{}\n",
        if r.service_user_allowed {
            "A service user could make every change."
        } else {
            "A service user could not make every change: purchases and minimums need a provider admin."
        }
    );
    s.push_str(&render_comparison(&r.comparison_after));
    s
}

/// Renders the seat-minimum model against the usage-based one.
pub fn render_comparison(c: &ModelComparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Seat-minimum model against usage-based billing (used seats at list prices):");
    let _ = writeln!(
        s,
        "{} {:>9} {:>6} {:>7} {:>14} {:>11} {:>12}",
        cell("PLAN", 22),
        "PERIOD",
        "USED",
        "BILLED",
        "SEAT MINIMUM",
        "LIST PRICE",
        "USAGE-BASED"
    );
    for pl in &c.plans {
        let _ = writeln!(
            s,
            "{} {:>9} {:>6} {:>7} {:>14} {:>11} {:>12}",
            cell(pl.plan.display_name(), 22),
            pl.cadence,
            pl.used,
            pl.billed_seats,
            pl.seat_minimum_model.to_string(),
            pl.list_price.to_string(),
            pl.usage_based.to_string()
        );
    }
    let _ = writeln!(
        s,
        "Per year: seat minimum {}, usage-based {}",
        c.seat_minimum_model_per_year, c.usage_based_per_year
    );
    let _ = write!(
        s,
        "{}",
        match c.cheaper {
            "equal" => "Both models cost the same.".to_owned(),
            "seat_minimum" => format!("The seat-minimum model is cheaper by {} a year.", c.saving_per_year),
            _ => format!("Usage-based billing would be cheaper by {} a year.", c.saving_per_year),
        }
    );
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
