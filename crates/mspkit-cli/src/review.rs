//! `mspkit access-review` (issue 20, item 2): for every client, who can act there and how, when
//! each provider member last acted there (from `--log`), the findings with the command that
//! resolves each, and when each client was last reviewed and by whom (exit 0 no findings, 1
//! findings, 2 error). `mspkit access-review sign` records a reviewer's sign-off.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use mspkit::access_review::{AccessReview, AccessVia, Activity, DEFAULT_INACTIVE_DAYS};
use mspkit::{OrganizationId, Provider};

use mspkit_i18n::translate;

use crate::client::{Recorded, find_client, finish, member_by_email};
use crate::common::{
    CliError, Limits, cell, label, lang, now_or_clock, print, print_text, read_portfolio, shown, tr, value,
};
use crate::log_append::{LogEnd, append_events, read_log_end};

/// Arguments of `mspkit access-review`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AccessReviewArgs {
    #[command(subcommand)]
    command: Option<ReviewCommand>,
    /// The portfolio document (JSON).
    #[arg(required = true)]
    portfolio: Option<PathBuf>,
    /// The provider's event log (the whole log, ending where the portfolio does): when each
    /// member last acted, inactive members, scopes of clients that left.
    #[arg(long, value_name = "LOG")]
    log: Option<PathBuf>,
    /// Take the review at this time (RFC 3339) instead of the clock's.
    #[arg(long, value_name = "T")]
    as_of: Option<DateTime<Utc>>,
    /// A member without a recorded action for this many days is inactive.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_INACTIVE_DAYS)]
    inactive_days: u32,
    /// Output format: a table for people, JSON (the whole report) or CSV (the findings) for
    /// machines.
    #[arg(long, value_enum, default_value = "table")]
    format: ReviewFormat,
    /// The document size limit.
    #[command(flatten)]
    limits: Limits,
}

/// How `mspkit access-review` prints the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReviewFormat {
    /// A table for people.
    Table,
    /// The whole report as JSON.
    Json,
    /// The findings as CSV, one row each.
    Csv,
}

/// What `mspkit access-review` does besides the report.
#[derive(Debug, clap::Subcommand)]
enum ReviewCommand {
    /// Sign off the review of every client (or of `--client`s): records `access_review_signed`
    /// with the findings' hash and the next due date; the portfolio is written back, the event
    /// printed (and appended to `--log`).
    Sign(SignArgs),
}

/// Arguments of `mspkit access-review sign`.
#[derive(Debug, clap::Args)]
struct SignArgs {
    /// The portfolio document (JSON); it is rewritten with the sign-off unless `--out` is given.
    portfolio: PathBuf,
    /// The email of the provider admin who signs.
    #[arg(long = "as", value_name = "EMAIL")]
    actor: String,
    /// When the next review is due (YYYY-MM-DD: after today, at most 366 days later).
    #[arg(long, value_name = "DATE")]
    next_due: NaiveDate,
    /// A client reviewed (its id or name; repeat for several); none: every client.
    #[arg(long = "client", value_name = "CLIENT")]
    clients: Vec<String>,
    /// The provider's event log: read for the findings, and the sign-off is appended to it.
    #[arg(long, value_name = "LOG")]
    log: Option<PathBuf>,
    /// Refuse to sign unless the findings' hash is this one (the hash of the report reviewed:
    /// the findings did not change since).
    #[arg(long, value_name = "HASH")]
    expect_hash: Option<String>,
    /// Inactivity threshold of the findings signed off, in days.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_INACTIVE_DAYS)]
    inactive_days: u32,
    /// Record the sign-off at this time (RFC 3339) instead of the clock's.
    #[arg(long)]
    now: Option<DateTime<Utc>>,
    /// Write the changed portfolio to this file instead of over PORTFOLIO.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The document size limit.
    #[command(flatten)]
    limits: Limits,
}

/// Runs `mspkit access-review …`.
pub fn run(args: &AccessReviewArgs) -> Result<ExitCode, CliError> {
    if let Some(ReviewCommand::Sign(sign_args)) = &args.command {
        return sign(sign_args);
    }
    let Some(path) = &args.portfolio else {
        return Err(CliError::Usage("give the portfolio: `mspkit access-review PORTFOLIO`".to_owned()));
    };
    let portfolio = read_portfolio(path, args.limits)?;
    let provider = portfolio.provider();
    let activity = args.log.as_deref().map(|log| activity_of(log, provider)).transpose()?;
    let review = AccessReview::new(
        provider,
        activity.as_ref().map(|(a, _)| a),
        now_or_clock(args.as_of),
        args.inactive_days,
    );
    match args.format {
        ReviewFormat::Json => print(&review.to_json())?,
        ReviewFormat::Csv => print(review.findings_csv().trim_end())?,
        ReviewFormat::Table => print_text(&table(&review))?,
    }
    Ok(if review.has_findings() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The activity of `provider`'s members in the log at `log`, which must end where the
/// portfolio does (a shorter or longer log would date the activity wrongly).
fn activity_of(log: &Path, provider: &Provider) -> Result<(Activity, LogEnd), CliError> {
    let mut activity = Activity::new(provider.id());
    let end = read_log_end(log, provider.id(), |event| activity.record(event))?;
    if end.last_sequence() != Some(provider.last_sequence()) {
        return Err(CliError::Usage(format!(
            "`{}` does not end where the portfolio does: its last event of the provider is {}, the portfolio's is number {}; give the provider's own, complete log",
            log.display(),
            end.last_sequence().map_or_else(|| "none".to_owned(), |s| format!("number {s}")),
            provider.last_sequence()
        )));
    }
    Ok((activity, end))
}

fn sign(args: &SignArgs) -> Result<ExitCode, CliError> {
    let mut portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let provider = portfolio.provider();
    let actor = member_by_email(provider, &args.actor)?;
    let clients: Option<Vec<OrganizationId>> = if args.clients.is_empty() {
        None
    } else {
        Some(args.clients.iter().map(|c| find_client(provider, c)).collect::<Result<_, _>>()?)
    };
    let read = args.log.as_deref().map(|log| activity_of(log, provider)).transpose()?;
    let now = now_or_clock(args.now);
    let review = AccessReview::new(provider, read.as_ref().map(|(a, _)| a), now, args.inactive_days);
    let hash = review.findings_hash(clients.as_deref());
    if let Some(expected) = &args.expect_hash
        && expected.trim() != hash.to_string()
    {
        return Err(CliError::Usage(format!(
            "the findings changed since the review you read: their hash is now {hash}, not `{}`; run `mspkit access-review` again",
            shown(expected.trim())
        )));
    }
    let events = portfolio
        .update_provider(|p| p.sign_access_review(actor, clients.as_deref(), hash, args.next_due, now))?;
    if let (Some(log), Some((_, end))) = (&args.log, &read) {
        append_events(log, end, &events)?;
    }
    finish(&Recorded { portfolio: &args.portfolio, out: args.out.as_deref(), log: None }, &portfolio, &events)
}

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "-".to_owned(), |t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// A role as this run's language shows it: a provider role by its value, an organization's
/// `owner` and `admin` by the review's own labels.
fn role(name: &str) -> String {
    match name {
        "owner" | "admin" => tr(&format!("review-role-{name}"), &[]),
        other => value(other),
    }
}

fn table(review: &AccessReview) -> String {
    let mut out = String::new();
    let title = tr(
        "review-title",
        &[
            ("at", when(Some(review.as_of))),
            ("clients", review.clients.len().to_string()),
            ("findings", review.findings.len().to_string()),
            ("admins", review.admins.to_string()),
            ("needed", review.admins_needed.to_string()),
            ("activity", if review.activity_known { String::new() } else { tr("review-no-log", &[]) }),
            ("suspended", if review.suspended { tr("review-suspended-now", &[]) } else { String::new() }),
        ],
    );
    let _ = writeln!(out, "{title}");
    let full = review.last_full_review.as_ref().map_or_else(
        || tr("review-never", &[]),
        |s| {
            tr(
                "review-by",
                &[
                    ("at", when(Some(s.at))),
                    ("by", shown(s.by_email.as_str())),
                    ("due", s.next_due.to_string()),
                    ("overdue", if s.overdue { tr("review-overdue-mark", &[]) } else { String::new() }),
                ],
            )
        },
    );
    let _ = writeln!(out, "{}", tr("review-last-full", &[("review", full)]));
    let _ = writeln!(out, "{}", tr("review-hash", &[("hash", review.findings_hash.to_string())]));
    if !review.findings.is_empty() {
        let _ = writeln!(out, "\n{}", tr("review-findings", &[]));
        for f in &review.findings {
            let message = translate(lang(), &format!("review-finding-{}", f.code), &f.message.to_string());
            let resolve = translate(lang(), &format!("review-fix-{}", f.code), f.resolve);
            let _ = writeln!(out, "  {} {}", cell(f.code, 20), shown(&message));
            let _ = writeln!(out, "  {} {}", cell("", 20), tr("review-resolve", &[("how", shown(&resolve))]));
        }
    }
    let _ = writeln!(
        out,
        "\n{} {} {} {}",
        label("review-col-client", 32),
        label("review-col-reviewed", 20),
        label("review-col-by", 28),
        tr("review-col-due", &[])
    );
    for c in review.clients.iter() {
        let (at, by, due) = c.last_review.as_ref().map_or_else(
            || (tr("review-never", &[]), "-".to_owned(), "-".to_owned()),
            |s| (when(Some(s.at)), s.by_email.as_str().to_owned(), s.next_due.to_string()),
        );
        let overdue =
            if c.review_overdue { format!("  {}", tr("review-overdue", &[])) } else { String::new() };
        let _ = writeln!(out, "{} {} {} {due}{overdue}", cell(&c.name, 32), cell(&at, 20), cell(&by, 28));
        for a in &c.access {
            let acted = if a.member.is_some() && a.via != AccessVia::Organization {
                when(a.last_acted)
            } else {
                "-".to_owned()
            };
            let _ = writeln!(
                out,
                "    {} {} {} {} {}",
                cell(a.email.as_str(), 34),
                mspkit_i18n::cell(&role(a.role.name()), 15),
                mspkit_i18n::cell(&tr(&format!("review-via-{}", a.via.name()), &[]), 12),
                mspkit_i18n::cell(&value(a.status.name()), 10),
                tr("review-last-acted", &[("at", acted)])
            );
        }
    }
    out.trim_end().to_owned()
}
