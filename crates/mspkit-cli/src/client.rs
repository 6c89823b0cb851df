//! `mspkit client state`: moves a client to a lifecycle state (issue 17) — active, trial (with
//! its last day), not-for-resale, paused or suspended — writes the portfolio back and prints the
//! recorded event as a JSON line (to append to the provider's event log). `mspkit client tags`
//! sets a client's tags the same way, and `mspkit client vault-access` records that a member
//! opened a client's vault (issue 15: 1903). `mspkit client policy-preview` is a dry run.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use mspkit::{ClientState, Email, OrganizationId, Portfolio, Provider, ProviderUserId};

use crate::common::{CliError, Limits, now_or_clock, print, read_portfolio, shown};

/// Arguments of `mspkit client`.
#[derive(Debug, clap::Args)]
pub struct ClientArgs {
    #[command(subcommand)]
    command: ClientCommand,
}

/// What `mspkit client` does.
#[derive(Debug, clap::Subcommand)]
enum ClientCommand {
    /// Move a client to a lifecycle state; the portfolio is written back, the event printed.
    State(StateArgs),
    /// Unlink a client after its exit check (refused while a blocking finding stands); the
    /// portfolio is written back and the exit receipt printed (signed with `--key`).
    Unlink(crate::exit::UnlinkArgs),
    /// Set a client's tags (the whole set; none clears them); the portfolio is written back,
    /// the event printed.
    Tags(TagsArgs),
    /// Record that a provider member opened a client's vault (reference code 1903); the
    /// portfolio is written back, the event printed.
    VaultAccess(VaultAccessArgs),
    /// Say which members enabling `single_org` or `two_factor_authentication` on a client would
    /// revoke (a dry run: nothing is written).
    PolicyPreview(PolicyPreviewArgs),
}

/// Arguments of `mspkit client tags`.
#[derive(Debug, clap::Args)]
struct TagsArgs {
    /// The portfolio document (JSON); it is rewritten with the change unless `--out` is given.
    portfolio: PathBuf,
    /// The client: its id, or its name (compared case-insensitively).
    client: String,
    /// The tags (letters, digits, `-`, `_`; `a,b` or `a b`); none clears them.
    tags: Vec<String>,
    /// Who acts, when, and where the change goes.
    #[command(flatten)]
    record: RecordOptions,
}

/// Arguments of `mspkit client policy-preview`.
#[derive(Debug, clap::Args)]
struct PolicyPreviewArgs {
    /// The portfolio document (JSON); read only.
    portfolio: PathBuf,
    /// The client: its id, or its name (compared case-insensitively).
    client: String,
    /// The policy to enable, by its snake_case name (`single_org`, `two_factor_authentication`).
    policy: String,
    /// The members' facts (JSON: `{"a@x.example": {"other_organizations": true, "two_factor":
    /// false, "master_password": true}}`); members left out are kept.
    #[arg(long, value_name = "FILE")]
    facts: PathBuf,
    /// The email of the provider member who would enable it.
    #[arg(long = "as", value_name = "EMAIL")]
    actor: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: crate::common::Format,
    /// The document size limit.
    #[command(flatten)]
    limits: Limits,
}

/// Arguments of `mspkit client vault-access`.
#[derive(Debug, clap::Args)]
struct VaultAccessArgs {
    /// The portfolio document (JSON); it is rewritten with the change unless `--out` is given.
    portfolio: PathBuf,
    /// The client: its id, or its name (compared case-insensitively).
    client: String,
    /// Who acts, when, and where the change goes.
    #[command(flatten)]
    record: RecordOptions,
}

/// The options of every `mspkit client` command that records an event.
#[derive(Debug, clap::Args)]
struct RecordOptions {
    /// The email of the provider member who acts (a provider admin, but for a vault access).
    #[arg(long = "as", value_name = "EMAIL")]
    actor: String,
    /// Record the change at this time (RFC 3339) instead of the clock's.
    #[arg(long)]
    now: Option<DateTime<Utc>>,
    /// Write the changed portfolio to this file instead of over PORTFOLIO.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Append the recorded event to the provider's event log (chained in a version 2 log; the
    /// log must end where the portfolio does).
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    /// The document size limit.
    #[command(flatten)]
    limits: Limits,
}

/// Records one change to `client` of the portfolio at `path`: reads the portfolio, finds the
/// client and the acting member, asks `change` for the events (all or nothing), then writes
/// and prints what [`finish`] does.
fn record(
    path: &Path,
    client: &str,
    options: &RecordOptions,
    change: impl FnOnce(
        &mut Provider,
        ProviderUserId,
        OrganizationId,
        DateTime<Utc>,
    ) -> Result<Vec<mspkit::Event>, mspkit::Error>,
) -> Result<ExitCode, CliError> {
    let mut portfolio = read_portfolio(path, options.limits)?;
    let client = find_client(portfolio.provider(), client)?;
    let actor = member_by_email(portfolio.provider(), &options.actor)?;
    let now = now_or_clock(options.now);
    let events = portfolio.update_provider(|p| change(p, actor, client, now))?;
    finish(
        &Recorded { portfolio: path, out: options.out.as_deref(), log: options.log.as_deref() },
        &portfolio,
        &events,
    )
}

/// The lifecycle states, by their JSON names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
enum StateName {
    /// Used and billed for its assigned seats.
    Active,
    /// Used, not billed, until `--until` (its last day).
    Trial,
    /// The MSP's own organization: never billed to a client, its seats still counted.
    NotForResale,
    /// Used, billed for its occupied seats only.
    Paused,
    /// Members refused, data kept, still billed.
    Suspended,
}

/// Arguments of `mspkit client state`.
#[derive(Debug, clap::Args)]
struct StateArgs {
    /// The portfolio document (JSON); it is rewritten with the change unless `--out` is given.
    portfolio: PathBuf,
    /// The client: its id, or its name (compared case-insensitively; a name two clients share
    /// needs the id).
    client: String,
    /// The state.
    #[arg(value_enum)]
    state: StateName,
    /// The trial's last day (YYYY-MM-DD): with `trial` only, from today to 90 days later.
    #[arg(long)]
    until: Option<NaiveDate>,
    /// Who acts, when, and where the change goes.
    #[command(flatten)]
    record: RecordOptions,
}

/// Runs `mspkit client …`.
pub fn run(args: &ClientArgs) -> Result<ExitCode, CliError> {
    match &args.command {
        ClientCommand::State(args) => state(args),
        ClientCommand::Unlink(args) => crate::exit::unlink(args),
        ClientCommand::Tags(args) => tags(args),
        ClientCommand::VaultAccess(args) => vault_access(args),
        ClientCommand::PolicyPreview(args) => policy_preview(args),
    }
}

fn tags(args: &TagsArgs) -> Result<ExitCode, CliError> {
    let tags =
        mspkit::client::parse_tags(args.tags.iter().map(String::as_str)).map_err(mspkit::Error::from)?;
    record(&args.portfolio, &args.client, &args.record, |p, actor, client, now| {
        p.set_client_tags(actor, client, tags, now)
    })
}

fn policy_preview(args: &PolicyPreviewArgs) -> Result<ExitCode, CliError> {
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let p = portfolio.provider();
    let client = find_client(p, &args.client)?;
    let actor = member_by_email(p, &args.actor)?;
    let kind = mspkit::policy::PolicyKind::from_name(args.policy.trim()).ok_or_else(|| {
        CliError::Usage(format!(
            "`{}` is not a policy: use its snake_case name, e.g. `single_org`",
            shown(&args.policy)
        ))
    })?;
    let text = crate::common::read_document(&args.facts, args.limits, "member facts")?;
    let facts: mspkit::policy::ComplianceFacts = serde_json::from_str(&text).map_err(|e| {
        CliError::Usage(format!("`{}`: not member facts: {}", args.facts.display(), shown(&e.to_string())))
    })?;
    let effects = p.preview_client_policy(actor, client, kind, &facts)?;
    let name = p.client(client).map(mspkit::ClientOrganization::name).unwrap_or_default();
    match args.format {
        crate::common::Format::Json => {
            print(&serde_json::to_string_pretty(&effects).map_err(|e| CliError::Stdout(e.into()))?)?;
        }
        crate::common::Format::Text => print(&preview_text(kind.name(), name, &effects))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// "enabling single_org on client Contoso revokes a@x.example and b@x.example", and who is kept
/// for want of facts or blocks the enabling.
fn preview_text(policy: &str, client: &str, effects: &mspkit::policy::SideEffects) -> String {
    use crate::common::tr;
    let list = |emails: &[mspkit::Email]| {
        let names: Vec<String> = emails.iter().map(|e| shown(e.as_str())).collect();
        match names.split_last() {
            None => tr("preview-nobody", &[]),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => {
                tr("preview-and", &[("first", rest.join(&tr("list-separator", &[]))), ("last", last.clone())])
            }
        }
    };
    let mut text = tr(
        "preview-revokes",
        &[("policy", policy.to_owned()), ("client", shown(client)), ("revokes", list(&effects.revokes))],
    );
    if let Some(refused) = &effects.refused {
        let message = mspkit_i18n::error_message(crate::common::lang(), &refused.code, &refused.message);
        let line = tr("preview-refused", &[("code", refused.code.clone()), ("message", shown(&message))]);
        let _ = write!(text, "\n{line}");
    }
    if !effects.would_lose_access.is_empty() {
        let line = tr("preview-lose-access", &[("members", list(&effects.would_lose_access))]);
        let _ = write!(text, "\n{line}");
    }
    if let Some(first) = effects.unknown.first() {
        let more = effects.unknown.len() - 1;
        let line = if more > 0 {
            tr("preview-unknown-more", &[("first", shown(first.as_str())), ("more", more.to_string())])
        } else {
            tr("preview-unknown", &[("first", shown(first.as_str()))])
        };
        let _ = write!(text, "\n{line}");
    }
    text
}

fn vault_access(args: &VaultAccessArgs) -> Result<ExitCode, CliError> {
    record(&args.portfolio, &args.client, &args.record, |p, actor, client, now| {
        p.record_vault_access(actor, client, now)
    })
}

/// The NOTE of a client's line with its tags after the rest (`regulated, kiosk` in brackets).
pub fn tags_note(tags: &[mspkit::client::ClientTag], note: &str) -> String {
    if tags.is_empty() {
        return note.to_owned();
    }
    let list: Vec<&str> = tags.iter().map(mspkit::client::ClientTag::as_str).collect();
    let tags = format!("[{}]", list.join(", "));
    if note.is_empty() { tags } else { format!("{note} {tags}") }
}

fn state(args: &StateArgs) -> Result<ExitCode, CliError> {
    let name = match args.state {
        StateName::Active => "active",
        StateName::Trial => "trial",
        StateName::NotForResale => "not_for_resale",
        StateName::Paused => "paused",
        StateName::Suspended => "suspended",
    };
    let to = ClientState::from_name(name, args.until).ok_or_else(|| {
        CliError::Usage(if name == "trial" {
            "a trial needs its last day: add `--until YYYY-MM-DD`".to_owned()
        } else {
            format!("`--until` is for a trial only, not for `{name}`")
        })
    })?;
    record(&args.portfolio, &args.client, &args.record, |p, actor, client, now| {
        p.set_client_state(actor, client, to, now)
    })
}

/// Where a command that records events writes: the portfolio (or `--out`) and `--log`.
pub struct Recorded<'a> {
    /// The portfolio read (written back unless `out` is given).
    pub portfolio: &'a Path,
    /// `--out`: where the changed portfolio goes instead.
    pub out: Option<&'a Path>,
    /// `--log`: the provider's event log the events are appended to.
    pub log: Option<&'a Path>,
}

/// Ends a command that recorded `events`: appends them to `--log` (checked first: nothing is
/// written if the log does not end where the portfolio did), writes the portfolio when
/// something changed or `--out` is given, and prints each event as a JSON line.
pub fn finish(
    to: &Recorded<'_>,
    portfolio: &Portfolio,
    events: &[mspkit::Event],
) -> Result<ExitCode, CliError> {
    if let (Some(log), Some(first)) = (to.log, events.first()) {
        let end = crate::log_append::read_log_end(log, first.provider, |_| ())?;
        crate::log_append::append_events(log, &end, events)?;
    }
    if !events.is_empty() || to.out.is_some() {
        write_portfolio(to.out.unwrap_or(to.portfolio), portfolio)?;
    }
    for event in events {
        print(&serde_json::to_string(event).map_err(|e| CliError::Stdout(e.into()))?)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The provider member whose email is `email` (the actor of a command run from the CLI).
pub fn member_by_email(p: &Provider, email: &str) -> Result<ProviderUserId, CliError> {
    let email = Email::new(email).map_err(mspkit::Error::from)?;
    p.member_by_email(&email)
        .map(mspkit::ProviderUser::id)
        .ok_or_else(|| CliError::Usage(format!("`{email}` is not a member of the provider")))
}

/// The client named by `key`: its id, or its name (case-insensitive), found once.
pub(crate) fn find_client(p: &Provider, key: &str) -> Result<OrganizationId, CliError> {
    if let Ok(id) = key.trim().parse::<OrganizationId>()
        && p.client(id).is_some()
    {
        return Ok(id);
    }
    let wanted = key.trim().to_lowercase();
    let mut named = p.clients().iter().filter(|c| c.name().to_lowercase() == wanted);
    match (named.next(), named.next()) {
        (Some(c), None) => Ok(c.id()),
        (Some(_), Some(_)) => {
            Err(CliError::Usage(format!("two clients are named `{}`: give the client's id", key.trim())))
        }
        (None, _) => Err(CliError::Usage(format!(
            "`{}` is neither the id nor the name of one of the provider's clients",
            key.trim()
        ))),
    }
}

/// Writes the portfolio to `path` whole or not at all: to a file beside it, then renamed over it.
pub fn write_portfolio(path: &Path, portfolio: &Portfolio) -> Result<(), CliError> {
    let fail = |source| CliError::Write { path: path.to_owned(), source };
    let json = portfolio.to_json()?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".mspkit-tmp");
    let temporary = PathBuf::from(temporary);
    let written = std::fs::File::create(&temporary)
        .and_then(|mut f| {
            f.write_all(json.as_bytes()).and_then(|()| f.write_all(b"\n")).and_then(|()| f.sync_all())
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(fail(e));
    }
    Ok(())
}

/// The NOTE of a client's line in `mspkit report`: its lifecycle state when not active
/// (`trial until 2026-12-15, bills 0`, `suspended, bills 10`, …) before the other `note`
/// (`full`; a suspended client is disabled by its suspension, which says so).
pub fn state_note(state: ClientState, billed_seats: Option<u32>, note: &str) -> String {
    let label = match state {
        ClientState::Active => return note.to_owned(),
        ClientState::Trial { until } => {
            crate::common::tr("report-note-trial", &[("until", until.to_string())])
        }
        other => crate::common::value(other.name()).replace('_', " "),
    };
    let bills = billed_seats
        .map(|n| format!(", {}", crate::common::tr("report-note-bills", &[("count", n.to_string())])))
        .unwrap_or_default();
    let disabled = crate::common::tr("report-note-disabled", &[]);
    match note {
        "" => format!("{label}{bills}"),
        other if other == disabled && state == ClientState::Suspended => format!("{label}{bills}"),
        other => format!("{label}{bills}, {other}"),
    }
}
