//! The `mspkit` command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod deploy;

/// The provider side of a team password manager, from the command line.
#[derive(Debug, Parser)]
#[command(name = "mspkit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Customer deployments: the portfolio's status, one client's plan, or the timeline as SVG.
    Deploy(deploy::DeployArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Deploy(args) => deploy::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mspkit: {err}");
            ExitCode::from(2)
        }
    }
}
