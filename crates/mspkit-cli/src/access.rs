//! `mspkit blast-radius`: before the emergency stop (suspending every member's access) or a
//! resume, which clients lose provider access, what each member loses, and which clients would
//! be locked out (no confirmed owner of their own).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use mspkit::blast_radius::BlastRadius;
use mspkit::{Email, ProviderUserId};

use crate::common::{
    CliError, Format, Limits, cell, label, label_right, print, print_text, read_portfolio, shown, tr, value,
};

/// Arguments of `mspkit blast-radius`.
#[derive(Debug, clap::Args)]
pub struct BlastRadiusArgs {
    /// The portfolio document (JSON).
    pub portfolio: PathBuf,
    /// Only this member (an id or an email): what their account reaches.
    #[arg(long, value_name = "MEMBER")]
    pub member: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Size limits of the documents read.
    #[command(flatten)]
    pub limits: Limits,
}

/// Runs the command: exit 0, or 1 when a client would be locked out.
pub fn blast_radius(args: &BlastRadiusArgs) -> Result<ExitCode, CliError> {
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let provider = portfolio.provider();
    let member = match &args.member {
        None => None,
        Some(text) => Some(member_id(provider, text)?),
    };
    let report = BlastRadius::new(provider, member)?;
    match args.format {
        Format::Json => print(&report.to_json())?,
        Format::Text => print_text(&table(&report))?,
    }
    Ok(if report.has_findings() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A member named by id or email.
fn member_id(provider: &mspkit::Provider, text: &str) -> Result<ProviderUserId, CliError> {
    if let Ok(id) = text.parse::<ProviderUserId>() {
        return Ok(id);
    }
    let email = Email::new(text).map_err(|e| CliError::Usage(format!("--member: {e}")))?;
    provider.member_by_email(&email).map(mspkit::ProviderUser::id).ok_or_else(|| {
        CliError::Usage(format!("--member: no member of the provider has the email `{}`", shown(text)))
    })
}

fn table(report: &BlastRadius) -> String {
    let mut out = String::new();
    let whose = match report.members.first() {
        Some(m) if report.member.is_some() => {
            tr("blast-member", &[("email", shown(m.email.as_str())), ("role", value(m.role))])
        }
        _ => tr("blast-everyone", &[]),
    };
    let suspended = if report.suspended { tr("blast-suspended-now", &[]) } else { String::new() };
    let title = tr(
        "blast-title",
        &[
            ("whose", whose),
            ("suspended", suspended),
            ("clients", report.clients.len().to_string()),
            ("locked", report.locked_out.len().to_string()),
        ],
    );
    let _ = writeln!(out, "{title}");
    if !report.locked_out.is_empty() {
        let _ = writeln!(out, "\n{}", tr("blast-locked-out", &[]));
        for c in report.clients.iter().filter(|c| c.locked_out) {
            let _ = writeln!(out, "  {}  {}", cell(&c.name, 32), c.client);
        }
    }
    let _ = writeln!(
        out,
        "\n{} {} {} {}  {}",
        label("blast-col-member", 36),
        label("report-col-role", 15),
        label("report-col-status", 10),
        label_right("report-col-clients", 7),
        tr("blast-col-can", &[])
    );
    for m in &report.members {
        let mut can: Vec<&str> = m.provider_actions.clone();
        can.extend(&m.client_actions);
        let _ = writeln!(
            out,
            "{} {} {} {:>7}  {}",
            cell(m.email.as_str(), 36),
            cell(&value(m.role), 15),
            cell(&value(m.status), 10),
            m.clients,
            if can.is_empty() { "-".to_owned() } else { can.join(", ") }
        );
    }
    if !report.clients.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}  {}",
            label("deploy-col-client", 32),
            label_right("blast-col-members", 7),
            tr("blast-col-own-owners", &[])
        );
        for c in &report.clients {
            let owners: Vec<&str> = c.own_owners.iter().map(Email::as_str).collect();
            let _ = writeln!(
                out,
                "{} {:>7}  {}",
                cell(&c.name, 32),
                c.reached_by.len(),
                if owners.is_empty() { tr("blast-no-owner", &[]) } else { shown(&owners.join(", ")) }
            );
        }
    }
    out.trim_end().to_owned()
}
