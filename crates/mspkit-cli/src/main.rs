//! The `mspkit` command line: reads a portfolio document or an event log and reports on it.
//!
//! Exit codes: 0 when the command ran, 1 when it ran and found problems (kept for `check`),
//! 2 when it could not run (missing or malformed file, bad arguments).

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod access;
mod billing;
mod check;
mod client;
mod common;
mod deploy;
mod events;
mod exit;
mod log_append;
mod psa;
mod report;
mod seal;

/// The provider side of a team password manager, from the command line.
#[derive(Debug, Parser)]
#[command(name = "mspkit", version, about)]
struct Cli {
    /// The language of the output for people (tables, warnings, findings, error lines): `en` or
    /// `zh-CN`. Default: `LC_ALL`, else `LANG` (a locale starting with `zh` is Simplified
    /// Chinese), else English. JSON, CSV and codes never change.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<mspkit_i18n::Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a summary of a portfolio: team, roles, clients, seats and warnings.
    Report(report::ReportArgs),
    /// Customer deployments: the portfolio's status, one client's plan, or the timeline as SVG.
    Deploy(deploy::DeployArgs),
    /// Seat utilisation per client and plan: full clients and clients holding idle seats.
    Seats(billing::SeatsArgs),
    /// The provider's invoice of a month, or with `--csv` the client invoice report.
    Invoice(billing::InvoiceArgs),
    /// What proposed seat and minimum changes would cost, tried on a copy; and the usage-based comparison.
    #[command(name = "what-if")]
    WhatIf(billing::WhatIfArgs),
    /// Per client quantity and unit price for a PSA agreement (CSV or JSON); `psa reconcile` compares with a PSA export.
    Psa(billing::PsaArgs),
    /// Check every client's policies against a baseline (exit 0 compliant, 1 findings, 2 bad input).
    Check(check::CheckArgs),
    /// Client lifecycle: `mspkit client state PORTFOLIO CLIENT STATE` (active, trial, not_for_resale, paused, suspended).
    Client(client::ClientArgs),
    /// Rebuild a portfolio from its event log (JSON Lines) and print it.
    Replay(events::ReplayArgs),
    /// Export an event log as the provider's audit log (CSV or JSON), optionally for a time window.
    Events(events::EventsArgs),
    /// Check a version 2 event log's hash chain and its signed checkpoints (exit 0 intact, 1 naming the first line that does not follow).
    Verify(seal::VerifyArgs),
    /// Append a checkpoint signed with an Ed25519 key over the log's head hash and last sequence.
    Seal(seal::SealArgs),
    /// Make a key pair for `seal` (NAME.key, secret; NAME.pub).
    Keygen(seal::KeygenArgs),
    /// Print an event log (version 1 or 2) as a version 2 log, each line chained.
    Chain(seal::ChainArgs),
    /// What suspending every member's access (or one member's account) reaches: clients that lose provider access, what each member loses, clients locked out (exit 1 when any).
    #[command(name = "blast-radius")]
    BlastRadius(access::BlastRadiusArgs),
    /// What blocks or should precede unlinking a client (exit 1 when a finding blocks it).
    #[command(name = "exit-check")]
    ExitCheck(exit::ExitCheckArgs),
    /// Verify a client's exit receipt against a public key (exit 1 when it does not verify).
    #[command(name = "exit-receipt")]
    ExitReceipt(exit::ExitReceiptArgs),
}

/// Writes `mspkit: <message>` as one line on standard error. Not `eprintln!`, which panics when
/// standard error is a closed pipe.
fn fail(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr().lock(), "mspkit: {}", common::one_line(message));
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: clap's text on standard output, exit 0.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            // clap's first line, without its `error: ` prefix; the usage it adds after is
            // replaced by a pointer to --help, so an argument error is one line too.
            let rendered = err.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            return fail(&format!("{first} (see `mspkit --help`)"));
        }
    };
    let lc_all = std::env::var("LC_ALL").ok();
    let lang = std::env::var("LANG").ok();
    common::set_lang(mspkit_i18n::Lang::resolve(cli.lang, lc_all.as_deref(), lang.as_deref()));
    let result = match &cli.command {
        Command::Report(args) => report::run(args).map_err(|e| e.localized()),
        Command::Deploy(args) => deploy::run(args).map_err(|e| e.localized()),
        Command::Seats(args) => billing::seats(args).map_err(|e| e.localized()),
        Command::Invoice(args) => billing::invoice(args).map_err(|e| e.localized()),
        Command::WhatIf(args) => billing::what_if(args).map_err(|e| e.localized()),
        Command::Psa(args) => billing::psa(args).map_err(|e| e.localized()),
        Command::Check(args) => check::run(args).map_err(|e| e.localized()),
        Command::Client(args) => client::run(args).map_err(|e| e.localized()),
        Command::Replay(args) => events::replay(args).map_err(|e| e.localized()),
        Command::Events(args) => events::export(args).map_err(|e| e.localized()),
        Command::Verify(args) => seal::verify(args).map_err(|e| e.localized()),
        Command::Seal(args) => seal::seal(args).map_err(|e| e.localized()),
        Command::Keygen(args) => seal::keygen(args).map_err(|e| e.localized()),
        Command::Chain(args) => seal::chain(args).map_err(|e| e.localized()),
        Command::BlastRadius(args) => access::blast_radius(args).map_err(|e| e.localized()),
        Command::ExitCheck(args) => exit::exit_check(args).map_err(|e| e.localized()),
        Command::ExitReceipt(args) => exit::exit_receipt(args).map_err(|e| e.localized()),
    };
    match result {
        Ok(code) => code,
        Err(err) => fail(&err),
    }
}
