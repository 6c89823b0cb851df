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
        Some("import") => return import(args.get(1..).unwrap_or_default()),
        Some("export") => return export(args.get(1..).unwrap_or_default()),
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

/// The `--db` value and the other arguments of `import` and `export`.
fn db_and_rest(args: &[String]) -> Result<(mspkit_service::Location, Vec<String>), String> {
    let mut db = None;
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            db = Some(args.next().ok_or("`--db` needs a value")?.clone());
        } else if let Some(value) = arg.strip_prefix("--db=") {
            db = Some(value.to_owned());
        } else {
            rest.push(arg.clone());
        }
    }
    let db = db.ok_or("`--db` is required")?;
    let location = match mspkit_service::Location::parse(&db) {
        mspkit_service::Location::Memory => {
            return Err(
                "import and export need a database file or a postgres:// URL, not :memory:".to_owned()
            );
        }
        location => location,
    };
    Ok((location, rest))
}

/// `mspkit-service import --db FILE LOG.jsonl…`: stores the providers of each log that the
/// database does not hold yet (each replayed and checked, its events and snapshot written in one
/// transaction).
fn import(args: &[String]) -> ExitCode {
    let run = || -> Result<(usize, usize), String> {
        let (db, logs) = db_and_rest(args)?;
        if logs.is_empty() {
            return Err("give at least one event log (JSON Lines)".to_owned());
        }
        let store = mspkit_service::store::open(&db).map_err(|e| e.to_string())?;
        // an import signs and checks no token: any key serves
        let key = mspkit::TokenKey::new(&[0u8; 32]).map_err(|e| e.to_string())?;
        let app = mspkit_service::App::new(store, key);
        let (mut added, mut events) = (0, 0);
        for log in &logs {
            let path = std::path::Path::new(log);
            let before = app.store().providers().map_err(|e| e.to_string())?;
            added += mspkit_service::seed(&app, path)
                .map_err(|e| format!("`{log}`: {}: {}", e.code, e.message))?;
            for provider in app.store().providers().map_err(|e| e.to_string())? {
                if !before.contains(&provider) {
                    events += app.store().sequences(&provider).map_err(|e| e.to_string())?.len();
                }
            }
        }
        Ok((added, events))
    };
    match run() {
        Ok((providers, events)) => {
            println!("imported {providers} provider(s), {events} event(s)");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprint!("error: {message}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

/// `mspkit-service export --db FILE [PROVIDER…]`: every provider's events (or the named
/// providers'), as JSON Lines on standard output, in provider and sequence order — a log that
/// `import` and `mspkit` read back.
fn export(args: &[String]) -> ExitCode {
    use std::io::Write as _;
    let run = || -> Result<(), String> {
        let (db, named) = db_and_rest(args)?;
        let store = mspkit_service::store::open(&db).map_err(|e| e.to_string())?;
        let providers = if named.is_empty() { store.providers().map_err(|e| e.to_string())? } else { named };
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        // a version 2 log: its header, then each event chained to the line before (one chain
        // through the file; for one provider the hashes are the stored ones)
        writeln!(out, "{}", mspkit::event_log::ChainWriter::header()).map_err(|e| e.to_string())?;
        let mut chain = mspkit::event_log::ChainWriter::new();
        for provider in providers {
            let events = store.events(&provider).map_err(|e| e.to_string())?;
            if events.is_empty() {
                return Err(format!("there is no provider `{provider}` in the database"));
            }
            for event in events {
                let line = chain.line(mspkit::event_log::LineKind::Event, &event);
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            }
        }
        out.flush().map_err(|e| e.to_string())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("error: {message}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
