//! `mspkit deploy <portfolio>`: every client's deployment status, one client's plan step by
//! step (`--client`), as text or JSON, and the timeline as SVG (`--svg FILE`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use mspkit::deployment::{
    ClientDeployment, DeploymentCatalog, DeploymentError, DeploymentReport, Hosting, OrganizationFacts,
    PhaseStatus, Provisioning, SortKey, StepStatus, render_timeline_svg,
};
use serde_json::json;

use crate::common::{CliError, Format, Limits, print, print_text, read_document, read_portfolio, shown};

/// The row order of the portfolio report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sort {
    /// Current phase, earliest first; finished last.
    Phase,
    /// Percent done, least first.
    Percent,
    /// Remaining hours, most first.
    Remaining,
    /// Projected end, soonest first.
    End,
    /// Client name.
    Name,
}

impl From<Sort> for SortKey {
    fn from(s: Sort) -> Self {
        match s {
            Sort::Phase => Self::Phase,
            Sort::Percent => Self::Percent,
            Sort::Remaining => Self::Remaining,
            Sort::End => Self::End,
            Sort::Name => Self::Name,
        }
    }
}

/// Arguments of `mspkit deploy`.
#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The portfolio JSON document (its `deployments` are read, other fields ignored).
    pub portfolio: PathBuf,
    /// Show one client's plan step by step (its id or its name).
    #[arg(long)]
    pub client: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Also write the deployment timeline (a Gantt chart) to this SVG file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// The day to report on (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Row order of the portfolio report.
    #[arg(long, value_enum, default_value = "name")]
    pub sort: Sort,
    /// The edition of the guide to follow, as TOML or JSON (default: the built-in 36 steps).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// The document size limit (portfolio and catalogue).
    #[command(flatten)]
    pub limits: Limits,
}

fn domain(path: &Path) -> impl Fn(DeploymentError) -> CliError + '_ {
    move |source| CliError::Invalid { path: path.to_owned(), source: source.into() }
}

/// Runs `mspkit deploy`.
pub fn run(args: &DeployArgs) -> Result<ExitCode, CliError> {
    let catalog = match &args.catalog {
        Some(path) => {
            let text = read_document(path, args.limits, "catalogue")?;
            let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let parsed = if is_json {
                DeploymentCatalog::from_json(&text)
            } else {
                DeploymentCatalog::from_toml(&text)
            };
            parsed.map_err(domain(path))?
        }
        None => DeploymentCatalog::builtin().map_err(domain(Path::new("built-in catalogue")))?,
    };
    let document = read_portfolio(&args.portfolio, args.limits)?;
    let portfolio = document.deployment_portfolio().map_err(domain(&args.portfolio))?;
    let today = args.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut report = DeploymentReport::build(&catalog, &portfolio, today).map_err(domain(&args.portfolio))?;
    report.sort(args.sort.into());

    if let Some(svg) = &args.svg {
        std::fs::write(svg, render_timeline_svg(&report))
            .map_err(|source| CliError::Write { path: svg.clone(), source })?;
    }
    let (out, text) = match &args.client {
        Some(client) => {
            let deployment = portfolio.find(client).map_err(domain(&args.portfolio))?;
            let name = portfolio.name_of(deployment.client());
            let row = report.rows.iter().find(|r| r.client == deployment.client());
            let facts = document
                .provider()
                .client(deployment.client())
                .map(OrganizationFacts::from_client)
                .unwrap_or_default();
            match args.format {
                Format::Json => (client_json(&catalog, deployment, &name, row, &facts)?, false),
                Format::Text => (client_text(&catalog, deployment, &name, row, &facts), true),
            }
        }
        None => match args.format {
            Format::Json => (report.to_json().map_err(mspkit::Error::from)?, false),
            Format::Text => (portfolio_text(&report, catalog.edition()), true),
        },
    };
    if text {
        print_text(out.trim_end())?;
    } else {
        print(out.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.to_string())
}

fn table(rows: &[Vec<String>], right: &[usize]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            if right.contains(&i) {
                let _ = write!(line, "{cell:>width$}");
            } else {
                let _ = write!(line, "{cell:<width$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn status_label(s: PhaseStatus) -> &'static str {
    match s {
        PhaseStatus::NotStarted => "not started",
        PhaseStatus::InProgress => "in progress",
        PhaseStatus::Blocked => "blocked",
        PhaseStatus::Done => "done",
        PhaseStatus::Complete => "complete",
    }
}

fn portfolio_text(report: &DeploymentReport, edition: &str) -> String {
    if report.rows.is_empty() {
        return format!("Deployments on {}: no deployments in this portfolio\n", report.today);
    }
    let mut rows = vec![
        ["CLIENT", "PHASE", "STATUS", "DONE", "REMAINING", "END", "DUE", "OVERDUE", "BLOCKED"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for r in &report.rows {
        let phase = r
            .current_phase
            .map_or_else(|| "finished".to_owned(), |p| format!("{p} {}", shown(&r.phase_name)));
        let blocked = r.blocked_steps.iter().map(|s| format!("#{s}")).collect::<Vec<_>>().join(" ");
        rows.push(vec![
            shown(&r.name),
            phase,
            status_label(r.phase_status).to_owned(),
            format!("{}%", r.percent),
            format!("{} h", r.remaining),
            date(r.projected_end),
            date(r.due),
            if r.overdue { "yes".to_owned() } else { String::new() },
            blocked,
        ]);
    }
    let overdue = report.rows.iter().filter(|r| r.overdue).count();
    format!(
        "Deployments on {} ({}): {} clients, {} overdue\n\n{}",
        report.today,
        if edition.is_empty() { "custom edition".to_owned() } else { shown(edition) },
        report.rows.len(),
        overdue,
        table(&rows, &[3, 4])
    )
}

fn profile_text(d: &ClientDeployment) -> String {
    let p = d.plan().profile();
    let hosting = match p.hosting() {
        Hosting::Cloud => "cloud",
        Hosting::SelfHosted => "self-hosted",
    };
    let provisioning = match p.provisioning() {
        Provisioning::Manual => "manual invitations",
        Provisioning::Scim => "SCIM",
        Provisioning::DirectoryConnector => "Directory Connector",
    };
    let sso = if p.sso() { "SSO" } else { "no SSO" };
    let siem = if p.siem() { "SIEM" } else { "no SIEM" };
    format!("{hosting}, {sso}, {provisioning}, {siem}")
}

fn client_text(
    catalog: &DeploymentCatalog,
    d: &ClientDeployment,
    name: &str,
    row: Option<&mspkit::deployment::DeploymentRow>,
    facts: &OrganizationFacts,
) -> String {
    let plan = d.plan();
    let progress = plan.progress(catalog);
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", shown(name), d.client());
    let _ = writeln!(out, "profile: {}", profile_text(d));
    let _ = writeln!(
        out,
        "progress: {} of {} h done ({}%), {} h remaining; projected end {}, due {}{}",
        progress.done,
        progress.planned,
        progress.percent,
        progress.remaining,
        date(row.and_then(|r| r.projected_end)),
        date(d.due()),
        if row.is_some_and(|r| r.overdue) { " (overdue)" } else { "" }
    );
    for phase in catalog.phases() {
        let n = phase.number();
        let pp = plan.phase_progress(catalog, n);
        let projected = row.and_then(|r| r.phases.iter().find(|p| p.phase == n));
        let _ = writeln!(
            out,
            "\nPhase {n} {} — {} ({} of {} h; {} to {})",
            shown(phase.name()),
            status_label(plan.phase_status(catalog, n)),
            pp.done,
            pp.planned,
            date(projected.and_then(|p| p.start)),
            date(projected.and_then(|p| p.end)),
        );
        let mut rows =
            vec![["#", "TOPIC", "HOURS", "STATUS", "BY", "AT", "NOTE"].map(str::to_owned).to_vec()];
        for step in catalog.steps_of(n) {
            let state = plan.state(step.number());
            let label = state.status().as_str().replace('_', " ");
            let status = if step.applies_to(plan.profile()) {
                label
            } else if state.status() == StepStatus::NotStarted {
                "not applicable".to_owned()
            } else {
                // Recorded under an earlier profile; it counts nowhere now.
                format!("not applicable (was {label})")
            };
            let by = state.by().map(|b| b.to_string().chars().take(8).collect()).unwrap_or_default();
            let at = state.at().map(|a| a.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
            rows.push(vec![
                step.number().to_string(),
                shown(step.topic()),
                step.duration().hours(),
                status,
                by,
                at,
                shown(state.reason().unwrap_or_default()),
            ]);
        }
        for line in table(&rows, &[0, 2]).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    let checklist = d.checklist(catalog, facts);
    let _ = writeln!(out, "\nInitial setup");
    for item in checklist.items() {
        let mark = match (item.applicable, item.done) {
            (false, _) => "[-]",
            (true, true) => "[x]",
            (true, false) => "[ ]",
        };
        let source = format!("{:?}", item.source).to_lowercase();
        let _ = writeln!(out, "  {mark} {} ({source})", item.task.label());
    }
    out
}

fn client_json(
    catalog: &DeploymentCatalog,
    d: &ClientDeployment,
    name: &str,
    row: Option<&mspkit::deployment::DeploymentRow>,
    facts: &OrganizationFacts,
) -> Result<String, CliError> {
    let plan = d.plan();
    let phases: Vec<_> = catalog
        .phases()
        .iter()
        .map(|phase| {
            let n = phase.number();
            let projected = row.and_then(|r| r.phases.iter().find(|p| p.phase == n));
            let steps: Vec<_> = catalog
                .steps_of(n)
                .map(|s| {
                    let state = plan.state(s.number());
                    json!({
                        "number": s.number(),
                        "topic": s.topic(),
                        "action": s.action(),
                        "hours": s.duration().hours(),
                        "minutes": s.duration().get(),
                        "applicable": s.applies_to(plan.profile()),
                        "state": state,
                    })
                })
                .collect();
            json!({
                "phase": n,
                "name": phase.name(),
                "status": plan.phase_status(catalog, n),
                "progress": plan.phase_progress(catalog, n),
                "start": projected.and_then(|p| p.start),
                "end": projected.and_then(|p| p.end),
                "steps": steps,
            })
        })
        .collect();
    let value = json!({
        "client": d.client(),
        "name": name,
        "profile": plan.profile(),
        "current_phase": plan.current_phase(catalog),
        "progress": plan.progress(catalog),
        "projected_end": row.and_then(|r| r.projected_end),
        "due": d.due(),
        "overdue": row.is_some_and(|r| r.overdue),
        "phases": phases,
        "checklist": d.checklist(catalog, facts).items(),
    });
    serde_json::to_string_pretty(&value).map_err(|e| {
        CliError::Library(DeploymentError::WriteFailed { what: "client plan", message: e.to_string() }.into())
    })
}
