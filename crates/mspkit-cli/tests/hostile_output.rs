//! Every command's output with hostile values (issue 16, the output side): text output never
//! carries a control or bidi character raw, never lets a value forge a line, and cuts a long
//! value; CSV output never starts a cell with a formula; an error line escapes once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use mspkit_tests::hostile::output_payloads;
use serde_json::Value;

/// The longest line text output may have: 1 000 characters of a value, the marker, and the
/// table around it.
const LONGEST_LINE: usize = 1_200;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mspkit")).args(args).output().unwrap()
}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("mspkit-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

fn example_doc() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("examples/portfolio.json")).unwrap()).unwrap()
}

/// The problems of one command's text output: a raw unsafe character, a forged `mspkit:` line,
/// a line longer than [`LONGEST_LINE`].
fn text_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(ch) = text.chars().find(|c| *c != '\n' && mspkit::text::is_unsafe(*c)) {
        problems.push(format!("{ch:?} raw"));
    }
    if text.lines().any(|l| l.starts_with("mspkit: ") || l.starts_with("forged")) {
        problems.push("a forged line".to_owned());
    }
    if let Some(long) = text.lines().map(|l| l.chars().count()).max().filter(|n| *n > LONGEST_LINE) {
        problems.push(format!("a line of {long} characters"));
    }
    problems
}

#[test]
fn every_command_s_text_output_escapes_and_cuts_hostile_values() {
    let dir = Dir::new("hostile-text");
    let texts = output_payloads("text");
    assert!(texts.len() >= 3);
    let mut wrong = Vec::new();
    let mut ran = 0;
    let huge = format!("Huge{}", "\u{1b}x".repeat(2_000_000));
    for (i, hostile) in texts.iter().chain([&huge]).enumerate() {
        // The provider's name and every value of the baseline are free text.
        // The provider's name has at most 50 characters; the baseline's values are not bounded.
        let mut doc = example_doc();
        if hostile.chars().count() <= 50 {
            doc["provider"]["settings"]["name"] = hostile.as_str().into();
        }
        let portfolio = dir.file(&format!("p{i}.json"), &doc.to_string());
        let baseline = serde_json::json!({
            "name": hostile,
            "description": hostile,
            "policies": {"single_org": {}, "maximum_vault_timeout": {"minutes": 60}},
            "exceptions": [{
                "client": "Woodgrove Credit Union",
                "policy": "maximum_vault_timeout",
                "setting": "minutes",
                "reason": hostile,
                "expires": "2027-03-31"
            }]
        });
        let baseline = dir.file(&format!("b{i}.json"), &baseline.to_string());
        let what_if = root().join("examples/what-if.json").display().to_string();
        let commands: Vec<Vec<&str>> = vec![
            vec!["report", &portfolio, "--now", "2026-11-24T12:00:00Z"],
            vec!["deploy", &portfolio, "--today", "2026-11-24"],
            vec!["deploy", &portfolio, "--today", "2026-11-24", "--client", "Contoso"],
            vec!["seats", &portfolio],
            vec!["invoice", &portfolio, "--period", "2026-12"],
            vec!["what-if", &portfolio, &what_if],
            vec!["check", "--baseline", &baseline, &portfolio, "--now", "2026-12-01T09:00:00Z"],
        ];
        for args in commands {
            ran += 1;
            let out = run(&args);
            let code = out.status.code();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            let mut problems = text_problems(&stdout);
            // Standard error is `mspkit: …` lines by design: only its characters and length count.
            problems.extend(
                text_problems(&stderr)
                    .into_iter()
                    .filter(|p| p != "a forged line")
                    .map(|p| format!("stderr: {p}")),
            );
            if !matches!(code, Some(0 | 1)) {
                problems.push(format!("exit {code:?}: {}", stderr.chars().take(300).collect::<String>()));
            }
            if !problems.is_empty() {
                wrong.push(format!(
                    "{} {:?}: {}",
                    args[0],
                    hostile.chars().take(40).collect::<String>(),
                    problems.join(", ")
                ));
            }
            // What is shown is the value escaped, not dropped.
            if i == 0 && !matches!(args[0], "deploy" | "what-if") {
                assert!(
                    stdout.contains("\\u{1b}[2J\\rCorp") || stdout.contains("Evil\\u{1b}[2J"),
                    "{args:?}:\n{stdout}"
                );
            }
        }
    }
    assert!(ran >= 28, "{ran}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_table_cannot_forge_a_row_with_a_line_break() {
    let dir = Dir::new("hostile-forge");
    let portfolio = root().join("examples/portfolio.json").display().to_string();
    let reason = "ok)\nHIGH     Contoso Legal LLP      forged";
    let baseline = serde_json::json!({
        "name": "Baseline\nmspkit: all clients compliant",
        "policies": {"maximum_vault_timeout": {"minutes": 60}},
        "exceptions": [{
            "client": "Woodgrove Credit Union",
            "policy": "maximum_vault_timeout",
            "setting": "minutes",
            "reason": reason,
            "expires": "2027-03-31"
        }]
    });
    let baseline = dir.file("b.json", &baseline.to_string());
    let out = run(&["check", "--baseline", &baseline, &portfolio, "--now", "2026-12-01T09:00:00Z"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.starts_with("Policy compliance against Baseline\\nmspkit: all clients compliant\n"),
        "{stdout}"
    );
    assert!(stdout.contains("(ok)\\nHIGH     Contoso Legal LLP      forged)"), "{stdout}");
    assert!(!stdout.lines().any(|l| l.starts_with("HIGH ") || l.starts_with("mspkit:")), "{stdout}");
}

#[test]
fn every_csv_output_neutralises_formulas() {
    let dir = Dir::new("hostile-csv");
    let mut doc = example_doc();
    let formulas: Vec<String> = output_payloads("formulas")
        .into_iter()
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty() && f.chars().count() <= 50)
        .collect();
    for (client, name) in doc["provider"]["clients"].as_array_mut().unwrap().iter_mut().zip(&formulas) {
        client["name"] = name.as_str().into();
    }
    for value in doc["provider"]["subscription"]["client_references"].as_object_mut().unwrap().values_mut() {
        *value = "=1+2".into();
    }
    let portfolio = dir.file("formulas.json", &doc.to_string());
    // The example log with a member whose email is a formula.
    // (Its version 1 form: an edited chained line is refused for its hash.)
    let log = mspkit_tests::example_log::unchained(
        &std::fs::read_to_string(root().join("examples/events.jsonl")).unwrap(),
    );
    let member = log.lines().find_map(|l| {
        let v: Value = serde_json::from_str(l).ok()?;
        v["change"]["email"].as_str().map(str::to_owned)
    });
    let log = match member {
        Some(email) => log.replace(&email, "=1+2@evil.example"),
        None => log,
    };
    let log = log.replace("\"name\":\"Fabrikam Dental\"", "\"name\":\"@SUM(1+1)\"");
    let log = dir.file("formulas.jsonl", &log);
    for args in [
        vec!["invoice", portfolio.as_str(), "--period", "2026-12", "--csv"],
        vec!["psa", portfolio.as_str()],
        vec!["events", log.as_str()],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let csv = String::from_utf8(out.stdout).unwrap();
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
        let mut marked = 0;
        for record in reader.records() {
            for cell in &record.unwrap() {
                assert_eq!(mspkit::text::csv_cell(cell), cell, "{args:?}: {cell:?} starts a formula");
                marked += usize::from(cell.starts_with('\''));
            }
        }
        assert!(marked > 0, "{args:?}: no formula reached the output:\n{csv}");
    }
}

#[test]
fn an_error_line_escapes_once() {
    let dir = Dir::new("hostile-error");
    // A client name with ESC: refused, and the line shows it escaped once.
    let mut doc = example_doc();
    doc["provider"]["clients"][0]["name"] = "Evil\u{1b}[2J\u{202e}".into();
    let path = dir.file("bad.json", &doc.to_string());
    let out = run(&["report", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Evil\\u{1b}[2J\\u{202e}"), "{err}");
    assert!(!err.contains("\\\\u{"), "escaped twice: {err}");
    assert!(err.trim_end().ends_with("[client_name_invalid]"), "{err}");
    // A repeated key quoted by the reader: escaped by the library, shown once.
    let path = dir.file("dup.json", r#"{"a\u001b": 1, "a\u001b": 2}"#);
    let out = run(&["report", &path]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("a\\u{1b}"), "{err}");
    assert!(!err.contains("\\\\u{"), "escaped twice: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let _ = Path::new(&path);
}
