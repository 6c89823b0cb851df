//! A client's exit (issue 20, item 3): `mspkit exit-check` (what blocks or should precede
//! unlinking), `mspkit client unlink` (refusing the blocking findings, printing the receipt)
//! and `mspkit exit-receipt --verify`.

use std::fmt::Write as _;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use mspkit::deployment::DeploymentCatalog;
use mspkit::event_log::{SealKey, SealPublicKey};
use mspkit::exit::{ExitCheck, ExitReceipt, ExitSeverity, SignedReceipt};
use mspkit::{Email, Subject};
use zeroize::Zeroizing;

use crate::client::{find_client, write_portfolio};
use crate::common::{
    CliError, Format, Limits, cell, lang, now_or_clock, print, print_text, read_portfolio, shown, tr,
};
use crate::log_append::{LogEnd, append_events, read_log_end};
use mspkit_i18n::translate;

/// Arguments of `mspkit exit-check`.
#[derive(Debug, clap::Args)]
pub struct ExitCheckArgs {
    /// The portfolio document (JSON).
    pub portfolio: PathBuf,
    /// The client: its id or its name.
    #[arg(long)]
    pub client: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Size limits of the documents read.
    #[command(flatten)]
    pub limits: Limits,
}

/// Arguments of `mspkit client unlink`.
#[derive(Debug, clap::Args)]
pub struct UnlinkArgs {
    /// The portfolio document (JSON); it is rewritten with the change unless `--out` is given.
    portfolio: PathBuf,
    /// The client: its id or its name.
    client: String,
    /// The email of the provider admin who unlinks it.
    #[arg(long = "as", value_name = "EMAIL")]
    actor: String,
    /// The provider's event log: the receipt counts the client's events in it and names its
    /// head, and the unlink event is appended to it (chained, for a version 2 log).
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    /// Sign the receipt with this secret key (`mspkit keygen`).
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// Record the unlink at this time (RFC 3339) instead of the clock's.
    #[arg(long)]
    now: Option<DateTime<Utc>>,
    /// Write the changed portfolio to this file instead of over PORTFOLIO.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The document size limit.
    #[command(flatten)]
    limits: Limits,
}

/// Arguments of `mspkit exit-receipt`.
#[derive(Debug, clap::Args)]
pub struct ExitReceiptArgs {
    /// The receipt to verify (JSON, as `mspkit client unlink` printed it).
    #[arg(long, value_name = "RECEIPT")]
    pub verify: PathBuf,
    /// The public key it must be signed with.
    #[arg(long, value_name = "FILE")]
    pub public_key: PathBuf,
}

fn catalog() -> Result<DeploymentCatalog, CliError> {
    DeploymentCatalog::builtin().map_err(|e| CliError::Library(e.into()))
}

fn read_small(path: &std::path::Path) -> Result<Zeroizing<String>, CliError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.to_owned(), source })?;
    Ok(Zeroizing::new(text))
}

fn table(check: &ExitCheck) -> String {
    let verdict = if check.is_blocked() {
        "exit-blocked"
    } else if check.findings.is_empty() {
        "exit-clear"
    } else {
        "exit-advisory"
    };
    let mut out = tr(
        "exit-title",
        &[("name", shown(&check.name)), ("client", check.client.to_string()), ("verdict", tr(verdict, &[]))],
    );
    for f in &check.findings {
        let severity = match f.severity {
            ExitSeverity::Blocking => tr("exit-blocking", &[]),
            ExitSeverity::Advisory => tr("exit-advisory-mark", &[]),
        };
        let message = translate(lang(), &format!("exit-finding-{}", f.code), &f.message);
        let _ = write!(out, "\n  {}  {:<28}  {}", cell(&severity, 8), f.code, shown(&message));
    }
    out
}

/// Runs `mspkit exit-check`: exit 0 when nothing blocks the unlink, 1 when a finding does.
pub fn exit_check(args: &ExitCheckArgs) -> Result<ExitCode, CliError> {
    let portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let client = find_client(portfolio.provider(), &args.client)?;
    let check = ExitCheck::new(portfolio.provider(), client, &catalog()?)?;
    match args.format {
        Format::Json => print(&check.to_json())?,
        Format::Text => print_text(&table(&check))?,
    }
    Ok(if check.is_blocked() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Runs `mspkit client unlink`: refused (exit 1, the findings printed) while a blocking finding
/// stands; otherwise unlinks, writes the portfolio (and appends the event to `--log`) and prints
/// the receipt.
pub fn unlink(args: &UnlinkArgs) -> Result<ExitCode, CliError> {
    let mut portfolio = read_portfolio(&args.portfolio, args.limits)?;
    let client = find_client(portfolio.provider(), &args.client)?;
    let check = ExitCheck::new(portfolio.provider(), client, &catalog()?)?;
    if check.is_blocked() {
        print_text(&table(&check))?;
        return Ok(ExitCode::from(1));
    }
    let email = Email::new(&args.actor).map_err(mspkit::Error::from)?;
    let actor = portfolio
        .provider()
        .member_by_email(&email)
        .map(mspkit::ProviderUser::id)
        .ok_or_else(|| CliError::Usage(format!("`{email}` is not a member of the provider")))?;
    let key = match &args.key {
        Some(path) => Some(
            SealKey::from_text(&read_small(path)?)
                .map_err(|e| CliError::Invalid { path: path.clone(), source: e.into() })?,
        ),
        None => None,
    };
    // The client's events in the log, and how the log ends (its head, a version 2 log).
    let mut count = 0u64;
    let end = match &args.log {
        Some(path) => Some(read_log_end(path, portfolio.provider().id(), |event| {
            if event.subject() == Subject::Client(client) {
                count = count.saturating_add(1);
            }
        })?),
        None => None,
    };
    let head = end.as_ref().and_then(LogEnd::head);
    let before = portfolio.provider().clone();
    let now = now_or_clock(args.now);
    let mut leaving = None;
    let events = portfolio.update_provider(|p| {
        let (org, events) = p.unlink_client(actor, client, now)?;
        leaving = Some(org);
        Ok(events)
    })?;
    let (Some(leaving), Some(event)) = (leaving, events.first()) else {
        return Err(CliError::Usage("the unlink recorded no event".to_owned()));
    };
    let receipt = ExitReceipt::new(&before, &leaving, event, count.saturating_add(1), head, check.findings)?;
    let signed = receipt.sign(key.as_ref());
    if let (Some(path), Some(end)) = (&args.log, &end) {
        append_events(path, end, &events)?;
    }
    write_portfolio(args.out.as_deref().unwrap_or(&args.portfolio), &portfolio)?;
    print(&signed.to_json())?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `mspkit exit-receipt --verify`: exit 0 when the receipt is signed by the key and
/// unchanged, 1 when not.
pub fn exit_receipt(args: &ExitReceiptArgs) -> Result<ExitCode, CliError> {
    let text = read_small(&args.verify)?;
    let receipt = SignedReceipt::from_json(&text)
        .map_err(|source| CliError::Invalid { path: args.verify.clone(), source })?;
    let key = SealPublicKey::from_text(&read_small(&args.public_key)?)
        .map_err(|e| CliError::Invalid { path: args.public_key.clone(), source: e.into() })?;
    match receipt.verify(&key) {
        Ok(()) => {
            print_text(&tr(
                "exit-receipt-ok",
                &[
                    ("path", shown(&args.verify.to_string_lossy())),
                    ("key", key.to_hex()),
                    ("client", receipt.receipt.client.to_string()),
                    ("provider", shown(&receipt.receipt.provider_name)),
                    ("at", receipt.receipt.left_at.clone()),
                ],
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let message = mspkit_i18n::error_message(lang(), e.code(), &e.to_string());
            print_text(&format!("{}: {message} [{}]", shown(&args.verify.to_string_lossy()), e.code()))?;
            Ok(ExitCode::from(1))
        }
    }
}
