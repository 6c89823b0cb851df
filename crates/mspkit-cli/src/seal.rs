//! `mspkit verify`, `mspkit seal`, `mspkit keygen` and `mspkit chain`: the tamper-evident event
//! log (version 2), its signed checkpoints and their keys.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use mspkit::event_log::{
    ChainOptions, ChainReport, ChainWriter, Checkpoint, EventLogReader, SealKey, SealPublicKey, seal_chain,
    verify_chain,
};
use mspkit::{LogError, Sensitive};
use zeroize::Zeroizing;

use crate::common::{CliError, Format, label, lang, now_or_clock, print, print_text, shown, tr};

/// Arguments of `mspkit verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The event log (version 2: each line carries its hash and the previous line's).
    pub log: PathBuf,
    /// Check every checkpoint against this public key (`mspkit keygen` writes it as
    /// `NAME.pub`); the log must have at least one.
    #[arg(long, value_name = "FILE")]
    pub public_key: Option<PathBuf>,
    /// A checkpoint kept outside the log (the line `mspkit seal` printed; a file may hold
    /// several, one a line): the log must still hold it, so a log cut after it is detected.
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Arguments of `mspkit seal`.
#[derive(Debug, clap::Args)]
pub struct SealArgs {
    /// The event log to seal (version 2); the checkpoint is appended to it.
    pub log: PathBuf,
    /// The secret key (`mspkit keygen` writes it as `NAME.key`).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// The checkpoint's time (RFC 3339) instead of the clock's.
    #[arg(long)]
    pub now: Option<DateTime<Utc>>,
}

/// Arguments of `mspkit keygen`.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// The directory to write the key pair to (created when missing).
    pub dir: PathBuf,
    /// The files' name: `NAME.key` (secret, readable by its owner only) and `NAME.pub`.
    #[arg(long, default_value = "mspkit-seal")]
    pub name: String,
}

/// Arguments of `mspkit chain`.
#[derive(Debug, clap::Args)]
pub struct ChainArgs {
    /// An event log of version 1 (or 2); printed as a version 2 log, each line chained.
    pub log: PathBuf,
}

fn open(path: &Path) -> Result<File, CliError> {
    File::open(path).map_err(|source| CliError::Read { path: path.to_owned(), source })
}

fn read_text(path: &Path) -> Result<Zeroizing<String>, CliError> {
    let mut text = Zeroizing::new(String::new());
    let mut file = open(path)?.take(64 * 1024);
    file.read_to_string(&mut text).map_err(|source| CliError::Read { path: path.to_owned(), source })?;
    Ok(text)
}

fn invalid(path: &Path, e: impl Into<mspkit::Error>) -> CliError {
    CliError::Invalid { path: path.to_owned(), source: e.into() }
}

fn bad_line(path: &Path, e: LogError) -> CliError {
    CliError::BadLine { path: path.to_owned(), line: e.line(), source: e.into_error() }
}

/// Whether a refusal is a finding about the log (exit 1) rather than a log that cannot be
/// verified at all (exit 2: no header, version 1, an unknown version).
fn is_finding(e: &LogError) -> bool {
    e.line() > 1
        && !matches!(e.code(), "event_log_empty" | "event_log_unchained" | "event_log_schema_unsupported")
}

/// Runs `mspkit verify`: exit 0 when the chain and every checkpoint hold, 1 naming the first
/// line that does not follow, 2 when the log cannot be verified.
pub fn verify(args: &VerifyArgs) -> Result<ExitCode, CliError> {
    let mut options = ChainOptions::new();
    if let Some(path) = &args.public_key {
        let key = SealPublicKey::from_text(&read_text(path)?).map_err(|e| invalid(path, e))?;
        options = options.trusting(key);
    }
    for path in &args.checkpoint {
        let text = read_text(path)?;
        let kept = kept_checkpoints(&text).map_err(|e| invalid(path, e))?;
        options = options.keeping(kept);
    }
    let source = BufReader::with_capacity(1 << 20, open(&args.log)?);
    match verify_chain(source, &options) {
        Ok(report) => {
            print_report(args, &report)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if is_finding(&e) => {
            match args.format {
                Format::Json => {
                    let value = serde_json::json!({
                        "ok": false,
                        "line": e.line(),
                        "code": e.code(),
                        "message": e.error().to_string(),
                    });
                    print(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
                }
                Format::Text => {
                    let message = mspkit_i18n::error_message(lang(), e.code(), &e.error().to_string());
                    print_text(&format!(
                        "{}: {}: {} [{}]",
                        shown(&args.log.to_string_lossy()),
                        tr("cli-line", &[("line", e.line().to_string())]),
                        shown(&message),
                        e.code()
                    ))?;
                }
            }
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(bad_line(&args.log, e)),
    }
}

/// The checkpoints of a file `mspkit seal` printed to: one checkpoint line (or a checkpoint's
/// JSON) per line.
fn kept_checkpoints(text: &str) -> Result<Vec<Checkpoint>, mspkit::Error> {
    let reader = mspkit::DocumentReader::new();
    let mut kept = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let number = n.saturating_add(1);
        let body = mspkit::event_log::chain::ChainedLine::split(line.as_bytes())
            .map_or(line, |split| std::str::from_utf8(split.body()).unwrap_or_default());
        kept.push(reader.parse_line(body, "checkpoint", number)?);
    }
    Ok(kept)
}

fn print_report(args: &VerifyArgs, report: &ChainReport) -> Result<(), CliError> {
    use std::fmt::Write as _;
    if args.format == Format::Json {
        let mut value = serde_json::to_value(report).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.insert("ok".to_owned(), serde_json::Value::Bool(true));
        }
        return print(&serde_json::to_string_pretty(&value).unwrap_or_default());
    }
    let mut text = tr(
        "verify-holds",
        &[
            ("path", shown(&args.log.to_string_lossy())),
            ("events", report.events.to_string()),
            ("checkpoints", report.checkpoints.len().to_string()),
            ("last", report.last_sequence.map_or_else(|| "-".to_owned(), |s| s.to_string())),
            ("head", report.head.to_string()),
        ],
    );
    text.push('\n');
    if !report.checkpoints.is_empty() {
        let _ = writeln!(
            text,
            "{} {} {} {}",
            label("verify-col-line", 6),
            label("verify-col-sequence", 9),
            label("verify-col-at", 21),
            tr("verify-col-signed-by", &[])
        );
        for seen in &report.checkpoints {
            let cp = &seen.checkpoint;
            let _ = writeln!(
                text,
                "{:<6} {:<9} {:<21} {} {}",
                seen.line,
                cp.sequence(),
                cp.at().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                cp.public_key().to_hex(),
                tr(if args.public_key.is_some() { "verify-key-given" } else { "verify-key-unchecked" }, &[])
            );
        }
    }
    print_text(text.trim_end())
}

/// Runs `mspkit seal`: verifies the log, appends a checkpoint signed with the key, and prints
/// the checkpoint line (keep a copy outside the log: `verify --checkpoint` detects a log cut
/// after it).
pub fn seal(args: &SealArgs) -> Result<ExitCode, CliError> {
    let text = read_text(&args.key)?;
    let key = SealKey::from_text(&text).map_err(|e| invalid(&args.key, e))?;
    drop(text);
    let write_error = |source| CliError::Write { path: args.log.clone(), source };
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(&args.log)
        .map_err(|source| CliError::Read { path: args.log.clone(), source })?;
    let length = file.metadata().map_err(write_error)?.len();
    let (_, line) = seal_chain(BufReader::new((&file).take(length)), &key, now_or_clock(args.now))
        .map_err(|e| bad_line(&args.log, e))?;
    let mut last = [0u8; 1];
    if length > 0 {
        file.seek(SeekFrom::Start(length - 1)).map_err(write_error)?;
        file.read_exact(&mut last).map_err(write_error)?;
    }
    if file.metadata().map_err(write_error)?.len() != length {
        return Err(CliError::Usage(format!(
            "`{}` grew while it was being sealed; seal it again",
            shown(&args.log.to_string_lossy())
        )));
    }
    let mut appended = String::new();
    if length > 0 && last[0] != b'\n' {
        appended.push('\n');
    }
    appended.push_str(&line);
    appended.push('\n');
    file.write_all(appended.as_bytes()).and_then(|()| file.sync_all()).map_err(write_error)?;
    print(&line)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `mspkit keygen`: a new key pair from the operating system's generator.
pub fn keygen(args: &KeygenArgs) -> Result<ExitCode, CliError> {
    if args.name.is_empty() || args.name.contains(['/', '\\']) || args.name.starts_with('.') {
        return Err(CliError::Usage(format!("`{}` is not a file name (--name)", shown(&args.name))));
    }
    let mut drawn = Zeroizing::new([0u8; 32]);
    getrandom::fill(drawn.as_mut_slice())
        .map_err(|e| CliError::Usage(format!("the operating system gave no random bytes: {e}")))?;
    let key = SealKey::from_seed(&Sensitive::new(*drawn));
    drop(drawn);
    std::fs::create_dir_all(&args.dir)
        .map_err(|source| CliError::Write { path: args.dir.clone(), source })?;
    let secret_path = args.dir.join(format!("{}.key", args.name));
    let public_path = args.dir.join(format!("{}.pub", args.name));
    for path in [&secret_path, &public_path] {
        if path.exists() {
            return Err(CliError::Usage(format!(
                "`{}` exists; keygen never overwrites a key (choose another --name or directory)",
                shown(&path.to_string_lossy())
            )));
        }
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let secret = key.to_text();
    options
        .open(&secret_path)
        .and_then(|mut f| {
            f.write_all(format!("{}\n", secret.expose()).as_bytes()).and_then(|()| f.sync_all())
        })
        .map_err(|source| CliError::Write { path: secret_path.clone(), source })?;
    drop(secret);
    let public = key.public_key();
    std::fs::write(&public_path, format!("{}\n", public.to_text()))
        .map_err(|source| CliError::Write { path: public_path.clone(), source })?;
    let wrote = tr(
        "keygen-wrote",
        &[
            ("secret", shown(&secret_path.to_string_lossy())),
            ("public", shown(&public_path.to_string_lossy())),
        ],
    );
    print_text(&format!("{wrote}\n{}", tr("keygen-public", &[("key", public.to_hex())])))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `mspkit chain`: prints the log as a version 2 log (each event read, then written
/// chained; a version 2 log's checkpoints are dropped, its chain checked as it is read).
pub fn chain(args: &ChainArgs) -> Result<ExitCode, CliError> {
    let reader = EventLogReader::new(BufReader::with_capacity(1 << 16, open(&args.log)?));
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut writer = ChainWriter::new();
    let mut written = writeln!(out, "{}", ChainWriter::header());
    for read in reader {
        let (_, event) = read.map_err(|e| bad_line(&args.log, e))?;
        if written.is_ok() {
            written = writeln!(out, "{}", writer.event_line(&event));
        }
    }
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Stdout(e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}
