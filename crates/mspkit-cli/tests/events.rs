//! `mspkit replay` and `mspkit events`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

use std::path::PathBuf;

mod common;
use common::{example, mspkit};

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mspkit-cli-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn log() -> String {
    example("events.jsonl").to_str().unwrap().to_owned()
}

/// The example log in its version 1 form, for tests that edit what an event holds (a chained
/// line that was edited is refused first for its hash).
fn unchained_log() -> String {
    mspkit_tests::example_log::unchained(&std::fs::read_to_string(example("events.jsonl")).unwrap())
}

#[test]
fn replay_prints_the_portfolio_the_log_rebuilds() {
    let out = mspkit(&["replay", &log()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed, std::fs::read_to_string(example("portfolio.json")).unwrap());
}

#[test]
fn events_export_the_audit_log_as_csv_with_names() {
    let out = mspkit(&["events", &log()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // A chained log's export names its head on every row.
    assert_eq!(lines[0], "time,code,event,actor_email,subject,details,log_head");
    let head = lines[1].rsplit(',').next().unwrap();
    assert_eq!(head.len(), 64);
    assert!(lines[1..].iter().all(|l| l.ends_with(head)));
    let verified = mspkit(&["verify", &log(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(report["head"], head, "the head `verify` reports");
    let events = std::fs::read_to_string(example("events.jsonl")).unwrap().lines().count() - 1;
    assert_eq!(lines.len(), events + 1, "one row per event");
    assert!(lines[1].starts_with("2026-03-02T09:00:00Z,,provider_issued,system,Northwind Managed IT,"));
    assert!(lines[2].starts_with(
        "2026-03-02T09:00:00Z,,provider_set_up,ada.lovelace@northwind-it.example,ada.lovelace@northwind-it.example,"
    ));
    assert!(
        lines
            .iter()
            .any(|l| l.contains(",1900,client_created,ada.lovelace@northwind-it.example,Fabrikam Dental,"))
    );
}

#[test]
fn events_can_be_limited_to_a_window_and_exported_as_json() {
    let out = mspkit(&[
        "events",
        &log(),
        "--format",
        "json",
        "--since",
        "2026-11-20T00:00:00Z",
        "--until",
        "2026-11-20T12:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["member_invited", "deployment_step_started"]);
    assert_eq!(rows[0]["code"], 1800);
    assert_eq!(rows[0]["subject"], "margaret.hamilton@northwind-it.example");
    assert_eq!(rows[1]["actor_email"], "alan.turing@northwind-it.example");
    assert_eq!(rows[1]["details"]["step"], 14);
    // A date is midnight UTC; `--until` is not included.
    let out = mspkit(&["events", &log(), "--since", "2026-11-20", "--until", "2026-11-20"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1, "only the header");
    let out = mspkit(&["events", &log(), "--since", "last tuesday"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_line_is_reported_with_its_number_and_exit_2() {
    let text = unchained_log();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[4] = "{\"provider\": \"not a uuid\"}";
    let broken = temp_file("broken.jsonl", &lines.join("\n"));
    for command in ["replay", "events"] {
        let out = mspkit(&[command, broken.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("broken.jsonl`: line 5: cannot read the event at line 5, column"), "{err}");
        assert!(err.trim_end().ends_with("[invalid_document]"), "{err}");
    }
    // An event that does not fit is reported on its line too.
    let mut gap: Vec<&str> = text.lines().collect();
    gap.remove(2);
    let gap = temp_file("gap.jsonl", &gap.join("\n"));
    for command in ["replay", "events"] {
        let out = mspkit(&[command, gap.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("gap.jsonl`: line 3: event 3 does not follow event 1"), "{err}");
        assert!(err.trim_end().ends_with("[event_out_of_sequence]"), "{err}");
    }
    let out = mspkit(&["replay", "/nonexistent/events.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    let header = temp_file("v3.jsonl", "{\"schema_version\": 3}\n");
    let out = mspkit(&["replay", header.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 1: event log schema version 3 is not supported"), "{err}");
}

/// Issue 16, item 10: `events` refuses exactly the logs `replay` refuses, with the same line and
/// code (deployment transitions included: they are judged by the one `Provider::apply`).
#[test]
fn events_and_replay_give_one_verdict_per_log() {
    let text = unchained_log();
    let lines: Vec<&str> = text.lines().collect();
    let planned = lines.iter().position(|l| l.contains("deployment_planned")).unwrap();
    let step = lines.iter().position(|l| l.contains("deployment_step_started")).unwrap();
    let mut cases: Vec<(String, &str)> = Vec::new();
    // A deployment step moved before its plan: the plan does not exist yet.
    let mut moved: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let step_line = moved.remove(step);
    moved.insert(planned, step_line);
    cases.push((moved.join("\n"), "event_out_of_sequence"));
    // The same plan twice (the second renumbered to follow the log).
    let last = lines.len() - 1;
    let again =
        lines[planned].replace(&format!("\"sequence\":{planned},"), &format!("\"sequence\":{},", last + 1));
    cases.push((format!("{text}{again}\n"), "duplicate_client"));
    // A step of a client with no plan.
    let litware = "4746f316-11d0-50d9-973a-c8fecdd5a8c2";
    let client = lines[step].split("\"client\":\"").nth(1).unwrap().split('"').next().unwrap();
    let orphan = lines[step]
        .replace(client, litware)
        .replace(&format!("\"sequence\":{step},"), &format!("\"sequence\":{},", last + 1));
    cases.push((format!("{text}{orphan}\n"), "unknown_client"));
    // A byte that is not UTF-8, and a line over 1 MiB.
    let mut bytes = text.clone().into_bytes();
    let at = text.match_indices('\n').nth(9).unwrap().0;
    bytes.insert(at, 0xff);
    let long = format!("{text}{}\n", "x".repeat(1024 * 1024 + 1));
    for (i, (case, code)) in cases.iter().enumerate() {
        let path = temp_file(&format!("verdict-{i}.jsonl"), case);
        verdicts_agree(&path, code);
    }
    let path = temp_file("not-utf8.jsonl", "");
    std::fs::write(&path, &bytes).unwrap();
    let (line, _) = verdicts_agree(&path, "read_failed");
    assert_eq!(line, 10);
    let path = temp_file("long.jsonl", &long);
    let (line, _) = verdicts_agree(&path, "event_line_too_long");
    assert_eq!(line, lines.len() + 1);
}

/// Runs `replay` and `events` (both formats) on `path`: each exits 2, prints nothing on
/// standard output and names the same line with `code`. Returns the line and the message.
fn verdicts_agree(path: &std::path::Path, code: &str) -> (usize, String) {
    let mut seen: Vec<String> = Vec::new();
    for args in [vec!["replay"], vec!["events"], vec!["events", "--format", "json"]] {
        let mut args: Vec<&str> = args;
        args.push(path.to_str().unwrap());
        let out = mspkit(&args);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed before refusing");
        assert!(err.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {err}");
        seen.push(err);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
    let line = seen[0].split(": line ").nth(1).unwrap().split(':').next().unwrap().parse().unwrap();
    (line, seen.swap_remove(0))
}

/// Issue 16, item 13: the JSON export written row by row is the array serialized whole.
#[test]
fn the_json_export_is_the_whole_array() {
    let out = mspkit(&["events", &log(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Pretty, two spaces, in the rows' field order, ending with one line break.
    assert!(
        text.starts_with("[\n  {\n    \"time\": \"2026-03-02T09:00:00Z\",\n    \"code\": null,\n"),
        "{}",
        &text[..80]
    );
    assert!(text.ends_with("\n  }\n]\n"));
    assert_eq!(text.matches("\n  },\n  {\n").count(), 344);
    assert_eq!(rows.as_array().unwrap().len(), 345);
    let out = mspkit(&["events", &log(), "--format", "json", "--since", "2030-01-01"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "[]\n");
}
