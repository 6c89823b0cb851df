//! `mspkit-service`: the example service. `--help` lists the options.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use mspkit_service::config::{Config, Parsed, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(colour).with_target(false).init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("keygen") => return keygen(args.get(1..).unwrap_or_default()),
        Some("token") => return token(args.get(1..).unwrap_or_default()),
        _ => {}
    }
    let config = match Config::from_args(args) {
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

/// `mspkit-service keygen DIR`.
fn keygen(args: &[String]) -> ExitCode {
    let [dir] = args else {
        eprint!("error: keygen takes one directory\n{USAGE}");
        return ExitCode::from(2);
    };
    match mspkit_service::auth::keygen(std::path::Path::new(dir)) {
        Ok(generated) => {
            println!("signing key {}", generated.signing_key.display());
            println!("public keys {}", generated.jwks.display());
            println!("token key   {}", generated.token_key.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `mspkit-service token --signing-key PEM --sub UUID [--vendor] [--ttl 1h] [--issuer] [--audience]`.
fn token(args: &[String]) -> ExitCode {
    match make_token(args) {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprint!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn make_token(args: &[String]) -> Result<String, String> {
    use mspkit_service::auth;
    let (mut key, mut sub, mut vendor, mut ttl) = (None, None, false, std::time::Duration::from_secs(3600));
    let (mut issuer, mut audience) = (auth::DEFAULT_ISSUER.to_owned(), auth::DEFAULT_AUDIENCE.to_owned());
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or(format!("`{arg}` needs a value"));
        match arg.as_str() {
            "--signing-key" => key = Some(value()?),
            "--sub" => sub = Some(value()?),
            "--vendor" => vendor = true,
            "--ttl" => ttl = auth::parse_ttl(&value()?)?,
            "--issuer" => issuer = value()?,
            "--audience" => audience = value()?,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let key = key.ok_or("`--signing-key` is required")?;
    let sub = sub.ok_or("`--sub` is required")?;
    let sub = mspkit::uuid::Uuid::parse_str(sub.trim())
        .map(mspkit::UserId::new)
        .map_err(|_| format!("`{sub}` is not an account id (a UUID)"))?;
    let signer = auth::Signer::from_pem_file(std::path::Path::new(&key), &issuer, &audience)?;
    signer.token(sub, vendor, ttl)
}
