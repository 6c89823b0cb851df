//! The `mspkit` command line: reads a portfolio document or an event log and reports on it.
//!
//! Exit codes: 0 when the command ran, 1 when it ran and found problems (kept for `check`),
//! 2 when it could not run (missing or malformed file, bad arguments).

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod common;
mod deploy;
mod events;
mod report;

/// The provider side of a team password manager, from the command line.
#[derive(Debug, Parser)]
#[command(name = "mspkit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a summary of a portfolio: team, roles, clients, seats and warnings.
    Report(report::ReportArgs),
    /// Customer deployments: the portfolio's status, one client's plan, or the timeline as SVG.
    Deploy(deploy::DeployArgs),
    /// Check every client's policies against a baseline (exit 0 compliant, 1 findings, 2 bad input).
    Check(check::CheckArgs),
    /// Rebuild a portfolio from its event log (JSON Lines) and print it.
    Replay(events::ReplayArgs),
    /// Export an event log as the provider's audit log (CSV or JSON), optionally for a time window.
    Events(events::EventsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Report(args) => report::run(args).map_err(|e| e.to_string()),
        Command::Deploy(args) => deploy::run(args).map_err(|e| e.to_string()),
        Command::Check(args) => check::run(args).map_err(|e| e.to_string()),
        Command::Replay(args) => events::replay(args).map_err(|e| e.to_string()),
        Command::Events(args) => events::export(args).map_err(|e| e.to_string()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // Not `eprintln!`, which panics when standard error is a closed pipe.
            let _ = writeln!(std::io::stderr().lock(), "mspkit: {err}");
            ExitCode::from(2)
        }
    }
}
