//! `mspkit psa reconcile` (issue 17 item 2), run as a user would: the bundled ConnectWise
//! export against the bundled portfolio in each format, `--apply` writing the references back
//! as events the log accepts, each PSA's header, and hostile exports refused or neutralised.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{example, mspkit};

const ADA: &str = "ada.lovelace@northwind-it.example";
const NOW: &str = "2026-11-24T09:00:00Z";

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mspkit-cli-psa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A file of `text` in the test's directory.
fn file(name: &str, text: &str) -> PathBuf {
    let path = dir().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn reconcile(portfolio: &Path, companies: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["psa", "reconcile", portfolio.to_str().unwrap(), companies.to_str().unwrap()];
    args.extend_from_slice(extra);
    mspkit(&args)
}

fn stdout(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn the_bundled_export_in_every_format() {
    let portfolio = example("portfolio.json");
    let companies = example("psa-companies.csv");
    let table = stdout(&reconcile(&portfolio, &companies, &[]));
    assert!(
        table.starts_with("PSA reconciliation (connectwise): 7 companies, 6 clients, 2 matched"),
        "{table}"
    );
    for expected in [
        "proposed: company `CW-1003` (Adatum Architects, exact name)",
        "(Woodgrove Credit Union Inc., normalised name)",
        "not matched: 2 companies of the export share this name",
        "the reference `AT-2040` names no company of the export",
        "CW-1010 Wide World Importers",
        "the PSA bills 55, mspkit bills 60",
        "Proposed (record them with --apply): 2 reference(s)",
    ] {
        assert!(table.contains(expected), "{expected} in\n{table}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&reconcile(&portfolio, &companies, &["--format", "json"]))).unwrap();
    assert_eq!(json["psa"], "connectwise");
    assert_eq!(json["findings"].as_array().unwrap().len(), 8);
    assert_eq!(json["proposals"][1]["by"], "normalised_name");
    assert_eq!(json["events"].as_array().unwrap().len(), 0);
    let csv = stdout(&reconcile(&portfolio, &companies, &["--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("Finding"));
    assert_eq!(reader.records().count(), 8);
    // The export is still `mspkit psa PORTFOLIO`.
    assert!(stdout(&mspkit(&["psa", portfolio.to_str().unwrap()])).starts_with("Client,Client Id,Reference"));
}

#[test]
fn apply_records_the_proposals_as_events_the_log_accepts() {
    let portfolio = dir().join("apply.json");
    std::fs::copy(example("portfolio.json"), &portfolio).unwrap();
    let companies = example("psa-companies.csv");
    let refused = reconcile(&portfolio, &companies, &["--apply"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--as EMAIL"));
    let out = stdout(&reconcile(
        &portfolio,
        &companies,
        &["--apply", "--as", ADA, "--now", NOW, "--format", "json"],
    ));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let events: Vec<mspkit::Event> = serde_json::from_value(json["events"].clone()).unwrap();
    assert_eq!(events.iter().map(mspkit::Event::kind).collect::<Vec<_>>(), ["client_reference_set"; 2]);
    // The events extend the bundled log: the log replays to the portfolio written.
    let log = std::fs::read_to_string(example("events.jsonl")).unwrap();
    let mut all = mspkit::EventLog::from_jsonl(&log).unwrap().events().to_vec();
    all.extend(events);
    let written = mspkit::Portfolio::from_json(&std::fs::read_to_string(&portfolio).unwrap()).unwrap();
    assert_eq!(&mspkit::Provider::replay(&all).unwrap(), written.provider());
    // Run again: four clients matched, nothing left to propose or record.
    let again = stdout(&reconcile(&portfolio, &companies, &["--apply", "--as", ADA, "--now", NOW]));
    assert!(again.contains("4 matched by reference"), "{again}");
    assert!(again.contains("Nothing to record"), "{again}");
}

#[test]
fn each_psa_header_and_the_flag() {
    let portfolio = example("portfolio.json");
    let autotask = file(
        "autotask.csv",
        "Company Number,Company Name,Contract Name,Units\nAT-2040,Tailspin Logistics,PM,120\n",
    );
    let out = stdout(&reconcile(&portfolio, &autotask, &[]));
    assert!(out.starts_with("PSA reconciliation (autotask)"), "{out}");
    assert!(!out.contains("reference_unmatched      Tailspin"), "{out}");
    let halo = file(
        "halo.csv",
        "\u{feff}Client ID,Client Name,Contract Ref,Quantity\r\n\"H-1\",\"Adatum Architects\",PM,15\r\n",
    );
    let out = stdout(&reconcile(&portfolio, &halo, &["--psa", "halo"]));
    assert!(out.contains("proposed: company `H-1`"), "{out}");
    let wrong = reconcile(&portfolio, &halo, &["--psa", "connectwise"]);
    assert_eq!(wrong.status.code(), Some(2));
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(err.contains("[psa_header_invalid]") && err.contains("halo.csv"), "{err}");
}

#[test]
fn hostile_exports_are_refused_or_neutralised() {
    let portfolio = example("portfolio.json");
    let escape = file("escape.csv", "Client ID,Client Name\n1,\"Evil\u{1b}[2J\"\n");
    let out = reconcile(&portfolio, &escape, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("[psa_row_invalid]") && err.contains("row 2") && !err.contains('\u{1b}'), "{err}");
    let big = file("big.csv", &format!("Client ID,Client Name\n1,{}\n", "x".repeat(2000)));
    let out = reconcile(&portfolio, &big, &["--max-bytes", "1000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[document_too_large]"));
    let formula = file("formula.csv", "Client ID,Client Name,Quantity\n=1+2,@SUM(A1),3\n+cmd,-calc,\n");
    let csv = stdout(&reconcile(&portfolio, &formula, &["--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in &record.unwrap() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?} in {csv}");
        }
    }
}
