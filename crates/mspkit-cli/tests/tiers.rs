//! `mspkit client tags` and the tiered `mspkit check` (issue 17 item 3), run as a user would:
//! the tags written back and shown in `mspkit report`, the bundled tiers, and a client no
//! baseline selects.
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

const ADA: &str = "ada.lovelace@northwind-it.example";
const NOW: &str = "2026-11-30T09:00:00Z";

fn copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mspkit-cli-tiers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::copy(example("portfolio.json"), &path).unwrap();
    path
}

#[test]
fn tags_are_written_back_and_reported() {
    let p = copy("tags.json");
    let path = p.to_str().unwrap();
    let out =
        mspkit(&["client", "tags", path, "Litware Bakery", "Kiosk,standard", "--as", ADA, "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let event: mspkit::Event = serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert_eq!(event.kind(), "client_tags_changed");
    let report = String::from_utf8(mspkit(&["report", path, "--now", NOW]).stdout).unwrap();
    assert!(report.contains("full [kiosk, standard]"), "{report}");
    let bad = mspkit(&["client", "tags", path, "Litware Bakery", "no way", "--as", ADA]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[client_tag_invalid]"));
}

#[test]
fn the_bundled_tiers() {
    let portfolio = example("portfolio.json");
    let args = |format: &'static str| {
        vec![
            "check".to_owned(),
            "--baseline".to_owned(),
            example("baseline.toml").display().to_string(),
            "--baseline".to_owned(),
            example("baseline-regulated.toml").display().to_string(),
            portfolio.display().to_string(),
            "--now".to_owned(),
            NOW.to_owned(),
            "--format".to_owned(),
            format.to_owned(),
        ]
    };
    let run = |format| {
        let a = args(format);
        mspkit(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let table = run("table");
    assert_eq!(table.status.code(), Some(1));
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("== Tier: MSP security baseline (4 client(s))"), "{table}");
    assert!(table.contains("== Tier: MSP security baseline + Regulated tier (2 client(s))"), "{table}");
    assert!(
        table.contains(
            "Woodgrove Credit Union setting_weaker         maximum_vault_timeout.minutes        <= 30"
        ),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_slice(&run("json").stdout).unwrap();
    assert_eq!(json["tiers"][1]["baselines"][1], "Regulated tier");
    let junit = String::from_utf8(run("junit").stdout).unwrap();
    assert!(junit.starts_with("<?xml") && junit.contains("policy compliance by tier"), "{junit}");
}

#[test]
fn a_client_no_baseline_selects_is_a_finding() {
    let p = copy("unselected.json");
    let path = p.to_str().unwrap();
    let out = mspkit(&["client", "tags", path, "Adatum Architects", "--as", ADA, "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let regulated = example("baseline-regulated.toml");
    let out = mspkit(&["check", "--baseline", regulated.to_str().unwrap(), path, "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("Selected by no baseline: 4 client(s)"), "{table}");
    assert!(table.contains("Adatum Architects (no tags)"), "{table}");
}
