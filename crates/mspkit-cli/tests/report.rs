//! The `mspkit report` command, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::{example, mspkit};

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mspkit-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn report_on_the_bundled_example() {
    let out =
        mspkit(&["report", example("portfolio.json").to_str().unwrap(), "--now", "2026-11-24T12:00:00Z"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Northwind Managed IT (msp, billable)"));
    assert!(text.contains("Clients: 6"));
    assert!(text.contains("[invitation_expired]"));
    assert!(text.contains("Tailspin Logistics"));
}

#[test]
fn json_report_is_machine_readable() {
    let out = mspkit(&[
        "report",
        example("portfolio.json").to_str().unwrap(),
        "--format",
        "json",
        "--now",
        "2026-11-24T12:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["provider"]["kind"], "msp");
    assert_eq!(value["clients"].as_array().unwrap().len(), 6);
    assert_eq!(value["team_counts"]["confirmed_admins"], 2);
    let codes: Vec<&str> =
        value["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"client_full"));
}

#[test]
fn a_missing_file_is_one_line_and_exit_2() {
    let out = mspkit(&["report", "/nonexistent/portfolio.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("mspkit: cannot read `/nonexistent/portfolio.json`"));
}

#[test]
fn a_malformed_file_is_one_line_and_exit_2() {
    for (name, contents, code) in [
        ("garbage.json", "{ not json", "invalid_document"),
        ("version.json", r#"{"schema_version": 9, "provider": {}}"#, "portfolio_schema_unsupported"),
        ("empty.json", "", "invalid_document"),
    ] {
        let path = temp_file(name, contents);
        let out = mspkit(&["report", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(code), "{name}: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn an_invariant_broken_in_the_file_is_refused() {
    let text = std::fs::read_to_string(example("portfolio.json")).unwrap();
    // Make every admin a service user: a billable provider with no confirmed admin.
    let broken = text.replace("\"role\": \"provider_admin\"", "\"role\": \"service_user\"");
    let path = temp_file("no-admin.json", &broken);
    let out = mspkit(&["report", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("confirmed provider admin"));
}

#[test]
fn a_reader_that_went_away_is_a_clean_exit_not_a_panic() {
    // `mspkit report x | head -0`: the read end of the pipe is closed before mspkit writes, so
    // every write fails with a broken pipe (Rust ignores SIGPIPE).
    for args in [
        vec!["report", "--now", "2026-11-24T12:00:00Z"],
        vec!["report", "--format", "json", "--now", "2026-11-24T12:00:00Z"],
        vec!["deploy", "--today", "2026-11-24"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_mspkit"))
            .args(&args)
            .arg(example("portfolio.json"))
            .stdout(writer)
            .output()
            .expect("the binary runs");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

// Issue 15: the billing warnings of GetProviderWarningsQuery in `mspkit report`: a provider
// admin's view by default, another member's with `--as`, the tax-id warning from `--tax`.
#[test]
fn report_shows_the_billing_warnings_of_the_tax_facts() {
    let tax = temp_file("tax.json", r#"{"country": "DE", "registered": true}"#);
    let portfolio = example("portfolio.json");
    let args = [
        "report",
        portfolio.to_str().unwrap(),
        "--now",
        "2026-11-24T12:00:00Z",
        "--tax",
        tax.to_str().unwrap(),
    ];
    let out = mspkit(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Billing:\n  [tax_id_missing] add the provider's tax id"), "{text}");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json", "--as", "ada.lovelace@northwind-it.example"]);
    let out = mspkit(&json_args);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["billing_warnings"], serde_json::json!({"tax_id": "tax_id_missing"}));
    let mut stranger = args.to_vec();
    stranger.extend(["--as", "nobody@x.example"]);
    assert_eq!(mspkit(&stranger).status.code(), Some(2));
    let bad = temp_file("bad-tax.json", r#"{"countri": "DE"}"#);
    let out =
        mspkit(&["report", example("portfolio.json").to_str().unwrap(), "--tax", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}
