//! `mspkit-service`: the example service. `--help` lists the options.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use mspkit_service::config::{Config, Parsed, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(colour).with_target(false).init();
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(config)) => config,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprint!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let running = match mspkit_service::start(&config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("mspkit-service listening on http://{}", running.addr());
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for ctrl-c: {e}");
    }
    tracing::info!("stopping");
    if let Err(e) = running.stop().await {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
