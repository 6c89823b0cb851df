//! The curl sessions of the README ("## The service") and of the guide's embedding chapter
//! (`docs/src/embedding.md`, "## A session") really run: every `$ curl …` line of the text blocks
//! under the heading is run by `sh` (with the variables of the section's `sh` block, the tokens
//! made by this package's `mspkit-service token` with keys of `mspkit-service keygen`) against a
//! service seeded from `examples/events.jsonl` on an ephemeral port, in order, and prints what
//! the page shows — times and dates masked, since they are the clock's, and blank lines at the
//! end of an output ignored.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;

use mspkit_service::{Config, Location};

const README_ADDR: &str = "http://127.0.0.1:8080";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One command of the session and the output the page shows for it.
struct Step {
    command: String,
    expected: String,
}

/// The session under `heading` (a `## ` heading, up to the next one): the variables (the `sh`
/// blocks' lines that set one) and the steps.
fn session(page: &str, heading: &str) -> (String, Vec<Step>) {
    let start = page.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("no `{heading}` section"));
    let rest = &page[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let section = &rest[..end];
    let (mut variables, mut steps) = (String::new(), Vec::<Step>::new());
    let mut block: Option<&str> = None;
    for line in section.lines() {
        if let Some(fence) = line.strip_prefix("```") {
            block = if block.is_some() { None } else { Some(fence) };
            continue;
        }
        match block {
            Some("sh") if line.contains('=') && !line.starts_with('#') => {
                variables.push_str(line);
                variables.push('\n');
            }
            Some("text") => {
                if let Some(command) = line.strip_prefix("$ ") {
                    steps.push(Step { command: command.to_owned(), expected: String::new() });
                } else if let Some(step) = steps.last_mut() {
                    step.expected.push_str(line);
                    step.expected.push('\n');
                }
            }
            _ => {}
        }
    }
    (variables, steps)
}

/// `text` with every date (`2026-12-01`) and time (`2026-12-01T19:32:11.268371399Z`) as `<time>`.
fn masked(text: &str) -> String {
    let bytes = text.as_bytes();
    let digits =
        |from: usize, n: usize| bytes.get(from..from + n).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let mut out = String::new();
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        let date = digits(i, 4)
            && bytes.get(i + 4) == Some(&b'-')
            && digits(i + 5, 2)
            && bytes.get(i + 7) == Some(&b'-')
            && digits(i + 8, 2);
        if !date {
            i += 1;
            continue;
        }
        out.push_str(&text[copied..i]);
        out.push_str("<time>");
        let mut j = i + 10;
        if bytes.get(j) == Some(&b'T') {
            let mut k = j + 1;
            while bytes.get(k).is_some_and(|b| b.is_ascii_digit() || *b == b':' || *b == b'.') {
                k += 1;
            }
            if bytes.get(k) == Some(&b'Z') {
                j = k + 1;
            }
        }
        i = j;
        copied = j;
    }
    out.push_str(&text[copied..]);
    out
}

fn available(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guides_curl_session_runs_as_shown() {
    let guide = std::fs::read_to_string(root().join("docs/src/embedding.md")).unwrap();
    run_session(&guide, "## A session", 25).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readmes_curl_session_runs_as_shown() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    run_session(&readme, "## The service", 2).await;
}

/// Runs the session under `heading` of `page` against a fresh service and compares every
/// command's output with the page's; `at_least` steps must be found.
async fn run_session(page: &str, heading: &str, at_least: usize) {
    if !available("curl") || !available("python3") {
        eprintln!("curl or python3 is not available; the session `{heading}` is not run");
        return;
    }
    let (variables, steps) = session(page, heading);
    assert!(steps.len() >= at_least, "the session `{heading}` was not found ({} steps)", steps.len());
    // the keys as the README makes them, in a folder of the test's own
    // (one folder per session: the two sessions run at once in one process)
    let session_name: String = heading.chars().filter(char::is_ascii_alphanumeric).collect();
    let keys = std::env::temp_dir()
        .join(format!("mspkit-service-readme-keys-{}-{session_name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keys);
    let binary = env!("CARGO_BIN_EXE_mspkit-service");
    let made = Command::new(binary).arg("keygen").arg(&keys).output().unwrap();
    assert!(made.status.success(), "keygen: {}", String::from_utf8_lossy(&made.stderr));
    let config = Config {
        db: Location::Memory,
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        seed: Some(root().join("examples/events.jsonl")),
        jwks: Some(keys.join("jwks.json")),
        token_key: Some(keys.join("token.key")),
        ..Config::default()
    };
    let running = mspkit_service::start(&config).await.expect("service starts");
    let addr = format!("http://{}", running.addr());
    let variables = variables
        .replace(README_ADDR, &addr)
        .replace("cargo run -q -p mspkit-service --", binary)
        .replace("dev-keys/", &format!("{}/", keys.display()));
    assert!(variables.contains(binary), "the session makes its tokens with `mspkit-service token`");
    let outputs = tokio::task::spawn_blocking(move || {
        steps
            .into_iter()
            .map(|step| {
                let script = format!("set -e\n{variables}{}\n", step.command.replace(README_ADDR, &addr));
                let out = Command::new("sh").arg("-c").arg(&script).current_dir(root()).output().unwrap();
                assert!(
                    out.status.success(),
                    "`{}` failed: {}",
                    step.command,
                    String::from_utf8_lossy(&out.stderr)
                );
                let mut shown = String::from_utf8(out.stdout).unwrap();
                shown.push('\n');
                (step, shown)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    running.stop().await.unwrap();
    let _ = std::fs::remove_dir_all(&keys);
    let mut report = String::new();
    let mut wrong = 0;
    for (step, shown) in &outputs {
        if masked(shown).trim_end() != masked(&step.expected).trim_end() {
            wrong += 1;
            let _ = write!(report, "\n$ {}\n--- page\n{}--- service\n{}", step.command, step.expected, shown);
        }
    }
    assert!(wrong == 0, "{wrong} command(s) of the session `{heading}` print something else:{report}");
}

#[test]
fn times_and_dates_are_masked() {
    assert_eq!(
        masked(r#"{"at":"2026-12-01T19:32:11.268371399Z","on":"2026-12-16"},2026-11-24T14:00:00Z,1800"#),
        r#"{"at":"<time>","on":"<time>"},<time>,1800"#
    );
}
