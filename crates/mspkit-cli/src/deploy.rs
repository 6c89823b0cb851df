//! `mspkit deploy <portfolio>`: every client's deployment status, one client's plan step by
//! step (`--client`), as text or JSON, and the timeline as SVG (`--svg FILE`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use mspkit::deployment::{
    ClientDeployment, DeploymentCatalog, DeploymentError, DeploymentReport, Hosting, OrganizationFacts,
    PhaseStatus, Provisioning, SortKey, StepStatus,
};
use mspkit_i18n::{Lang, display_width};
use serde_json::json;

use crate::common::{
    CliError, Format, Limits, lang, print, print_text, read_document, read_portfolio, shown, tr,
};

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
    // Output for people follows the guide in the run's language (the built-in edition has a
    // zh-CN one; a catalogue file is shown as written); JSON always keeps the English edition.
    let lang = lang();
    let translated = if args.catalog.is_none() && lang != Lang::En {
        let catalog = mspkit_i18n::deployment_catalog(lang).map_err(CliError::Library)?;
        let mut report =
            DeploymentReport::build(&catalog, &portfolio, today).map_err(domain(&args.portfolio))?;
        report.sort(args.sort.into());
        Some((catalog, report))
    } else {
        None
    };
    let (shown_catalog, shown_report) = translated.as_ref().map_or((&catalog, &report), |(c, r)| (c, r));

    if let Some(svg) = &args.svg {
        std::fs::write(svg, mspkit_i18n::timeline_svg(lang, shown_report))
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
                Format::Text => {
                    let row = shown_report.rows.iter().find(|r| r.client == deployment.client());
                    (client_text(shown_catalog, deployment, &name, row, &facts), true)
                }
            }
        }
        None => match args.format {
            Format::Json => (report.to_json().map_err(mspkit::Error::from)?, false),
            Format::Text => (portfolio_text(shown_report, shown_catalog.edition()), true),
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
        .map(|i| rows.iter().filter_map(|r| r.get(i)).map(|c| display_width(c)).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            // Padded by terminal columns: a Chinese character takes two.
            let pad = " ".repeat(width.saturating_sub(display_width(cell)));
            if right.contains(&i) {
                let _ = write!(line, "{pad}{cell}");
            } else {
                let _ = write!(line, "{cell}{pad}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn status_label(s: PhaseStatus) -> String {
    let id = match s {
        PhaseStatus::NotStarted => "deploy-phase-not_started",
        PhaseStatus::InProgress => "deploy-phase-in_progress",
        PhaseStatus::Blocked => "deploy-phase-blocked",
        PhaseStatus::Done => "deploy-phase-done",
        PhaseStatus::Complete => "deploy-phase-complete",
    };
    tr(id, &[])
}

/// The labels `ids` as a table's header row.
fn header(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| tr(id, &[])).collect()
}

fn portfolio_text(report: &DeploymentReport, edition: &str) -> String {
    if report.rows.is_empty() {
        return format!("{}\n", tr("deploy-none", &[("today", report.today.to_string())]));
    }
    let mut rows = vec![header(&[
        "deploy-col-client",
        "deploy-col-phase",
        "deploy-col-status",
        "deploy-col-done",
        "deploy-col-remaining",
        "deploy-col-end",
        "deploy-col-due",
        "deploy-col-overdue",
        "deploy-col-blocked",
    ])];
    for r in &report.rows {
        let phase = r
            .current_phase
            .map_or_else(|| tr("deploy-finished", &[]), |p| format!("{p} {}", shown(&r.phase_name)));
        let blocked = r.blocked_steps.iter().map(|s| format!("#{s}")).collect::<Vec<_>>().join(" ");
        rows.push(vec![
            shown(&r.name),
            phase,
            status_label(r.phase_status),
            format!("{}%", r.percent),
            tr("deploy-hours", &[("hours", r.remaining.to_string())]),
            date(r.projected_end),
            date(r.due),
            if r.overdue { tr("deploy-yes", &[]) } else { String::new() },
            blocked,
        ]);
    }
    let overdue = report.rows.iter().filter(|r| r.overdue).count();
    let title = tr(
        "deploy-title",
        &[
            ("today", report.today.to_string()),
            ("edition", if edition.is_empty() { tr("deploy-custom-edition", &[]) } else { shown(edition) }),
            ("clients", report.rows.len().to_string()),
            ("overdue", overdue.to_string()),
        ],
    );
    format!("{title}\n\n{}", table(&rows, &[3, 4]))
}

fn profile_text(d: &ClientDeployment) -> String {
    let p = d.plan().profile();
    let hosting = match p.hosting() {
        Hosting::Cloud => "deploy-hosting-cloud",
        Hosting::SelfHosted => "deploy-hosting-self_hosted",
    };
    let provisioning = match p.provisioning() {
        Provisioning::Manual => "deploy-provisioning-manual",
        Provisioning::Scim => "deploy-provisioning-scim",
        Provisioning::DirectoryConnector => "deploy-provisioning-directory_connector",
    };
    let sso = if p.sso() { "deploy-sso" } else { "deploy-no-sso" };
    let siem = if p.siem() { "deploy-siem" } else { "deploy-no-siem" };
    header(&[hosting, sso, provisioning, siem]).join(&tr("list-separator", &[]))
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
    let _ = writeln!(out, "{}", tr("deploy-profile", &[("profile", profile_text(d))]));
    let overdue = if row.is_some_and(|r| r.overdue) {
        // The English mark follows a space; a Chinese one does not.
        let mark = tr("deploy-progress-overdue", &[]);
        if lang() == Lang::En { format!(" {mark}") } else { mark }
    } else {
        String::new()
    };
    let progress_line = tr(
        "deploy-progress",
        &[
            ("done", progress.done.to_string()),
            ("planned", progress.planned.to_string()),
            ("percent", progress.percent.to_string()),
            ("remaining", progress.remaining.to_string()),
            ("end", date(row.and_then(|r| r.projected_end))),
            ("due", date(d.due())),
            ("overdue", overdue),
        ],
    );
    let _ = writeln!(out, "{progress_line}");
    for phase in catalog.phases() {
        let n = phase.number();
        let pp = plan.phase_progress(catalog, n);
        let projected = row.and_then(|r| r.phases.iter().find(|p| p.phase == n));
        let heading = tr(
            "deploy-phase",
            &[
                ("number", n.to_string()),
                ("name", shown(phase.name())),
                ("status", status_label(plan.phase_status(catalog, n))),
                ("done", pp.done.to_string()),
                ("planned", pp.planned.to_string()),
                ("start", date(projected.and_then(|p| p.start))),
                ("end", date(projected.and_then(|p| p.end))),
            ],
        );
        let _ = writeln!(out, "\n{heading}");
        let mut rows = vec![header(&[
            "deploy-col-number",
            "deploy-col-topic",
            "deploy-col-hours",
            "deploy-col-status",
            "deploy-col-by",
            "deploy-col-at",
            "deploy-col-note",
        ])];
        for step in catalog.steps_of(n) {
            let state = plan.state(step.number());
            let label = tr(&format!("deploy-step-{}", state.status().as_str()), &[]);
            let status = if step.applies_to(plan.profile()) {
                label
            } else if state.status() == StepStatus::NotStarted {
                tr("deploy-not-applicable", &[])
            } else {
                // Recorded under an earlier profile; it counts nowhere now.
                tr("deploy-not-applicable-was", &[("status", label)])
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
    let _ = writeln!(out, "\n{}", tr("deploy-setup", &[]));
    for item in checklist.items() {
        let mark = match (item.applicable, item.done) {
            (false, _) => "[-]",
            (true, true) => "[x]",
            (true, false) => "[ ]",
        };
        let source = tr(&format!("deploy-source-{}", format!("{:?}", item.source).to_lowercase()), &[]);
        let task = tr(&format!("deploy-task-{}", item.task.as_str()), &[]);
        let line = tr("deploy-setup-item", &[("mark", mark.to_owned()), ("task", task), ("source", source)]);
        let _ = writeln!(out, "  {line}");
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
