//! `mspkit replay` and `mspkit events`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(name)
}

fn mspkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mspkit")).args(args).output().expect("the binary runs")
}

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
    assert_eq!(lines[0], "time,code,event,actor_email,subject,details");
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
    let text = std::fs::read_to_string(example("events.jsonl")).unwrap();
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
    let header = temp_file("v2.jsonl", "{\"schema_version\": 2}\n");
    let out = mspkit(&["replay", header.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 1: event log schema version 2 is not supported"), "{err}");
}
