//! The `mspkit check` command (policy-as-code), run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected value"
)]

use std::process::Output;

const NOW: &str = "2026-12-01T09:00:00Z";

fn temp_file(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("mspkit-check-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_owned()
}

fn check(baseline: &str, portfolio: &str, format: &str, now: &str) -> Output {
    mspkit(&["check", "--baseline", baseline, portfolio, "--format", format, "--now", now])
}

/// The example portfolio with only Contoso Legal LLP, which meets the example baseline.
fn contoso_only() -> String {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example_arg("portfolio.json")).unwrap()).unwrap();
    let clients = doc["provider"]["clients"].as_array_mut().unwrap();
    clients.retain(|c| c["name"] == "Contoso Legal LLP");
    for member in doc["provider"]["members"].as_array_mut().unwrap() {
        member.as_object_mut().unwrap().remove("client_scope");
    }
    doc.as_object_mut().unwrap().remove("deployments");
    // The subscription's PSA references name clients that are gone now.
    if let Some(subscription) = doc["provider"]["subscription"].as_object_mut() {
        subscription.remove("client_references");
    }
    temp_file("contoso.json", &doc.to_string())
}

#[test]
fn the_example_has_compliant_and_drifting_clients_exit_1() {
    let out = check(&example_arg("baseline.toml"), &example_arg("portfolio.json"), "table", NOW);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Policy compliance against MSP security baseline"));
    assert!(text.contains("Tailspin Logistics     setting_weaker         master_password.min_length           >= 14            12"));
    assert!(text.contains("Tailspin Logistics     policy_disabled"));
    assert!(text.contains("Fabrikam Dental        not_available_on_plan"));
    assert!(!text.contains("Contoso Legal LLP"), "Contoso is compliant");
    assert!(
        text.contains(
            "Woodgrove Credit Union maximum_vault_timeout.minutes: setting_weaker until 2027-03-31"
        )
    );
    assert!(
        text.ends_with(
            "2 of 6 clients compliant; 22 finding(s) (19 high, 3 medium); 1 accepted by exception\n"
        )
    );
}

#[test]
fn a_compliant_portfolio_exits_0() {
    let out = check(&example_arg("baseline.toml"), &contoso_only(), "table", NOW);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8(out.stdout).unwrap().contains("1 of 1 clients compliant; 0 finding(s)"));
}

#[test]
fn an_expired_exception_is_a_finding_again() {
    let out =
        check(&example_arg("baseline.toml"), &example_arg("portfolio.json"), "json", "2027-04-01T00:00:00Z");
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["totals"]["accepted"], 0);
    let woodgrove = value["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_name"] == "Woodgrove Credit Union")
        .unwrap();
    assert_eq!(woodgrove["findings"][0]["code"], "setting_weaker");
    assert_eq!(woodgrove["findings"][0]["exception_expired"], "2027-03-31");
}

#[test]
fn json_output_has_totals_per_code() {
    let out = check(&example_arg("baseline.toml"), &example_arg("portfolio.json"), "json", NOW);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["compliant"], false);
    assert_eq!(value["totals"]["by_code"]["not_available_on_plan"], 18);
    assert_eq!(value["totals"]["by_code"]["setting_weaker"], 3);
    assert_eq!(value["totals"]["compliant_clients"], 2);
}

#[test]
fn junit_output_is_well_formed_xml() {
    let out = check(&example_arg("baseline.toml"), &example_arg("portfolio.json"), "junit", NOW);
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    let elements = well_formed_xml(&xml).unwrap();
    assert_eq!(elements.iter().filter(|e| *e == "testsuite").count(), 6);
    assert_eq!(elements.iter().filter(|e| *e == "testcase").count(), 36);
    assert_eq!(elements.iter().filter(|e| *e == "failure").count(), 22);
    assert_eq!(elements.iter().filter(|e| *e == "skipped").count(), 1);
    assert!(xml.contains("tests=\"36\" failures=\"22\""));
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let bad = temp_file("bad.toml", "[policies.master_password]\nmin_length = 14\nmin_lenght = 3\n");
    let out = check(&bad, &example_arg("portfolio.json"), "table", NOW);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("line 3, `policies.master_password.min_lenght`"), "{err}");
    assert!(err.trim_end().ends_with("[baseline_unknown_setting]"), "{err}");
    for (baseline, portfolio) in [
        (example_arg("baseline.toml"), "/nonexistent/portfolio.json".to_owned()),
        ("/nonexistent/baseline.toml".to_owned(), example_arg("portfolio.json")),
        (temp_file("b.yaml", "x"), example_arg("portfolio.json")),
        (temp_file("broken.toml", "[policies"), example_arg("portfolio.json")),
    ] {
        let out = check(&baseline, &portfolio, "table", NOW);
        assert_eq!(out.status.code(), Some(2), "{baseline} {portfolio}");
        assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
    }
    let out = mspkit(&[
        "check",
        "--baseline",
        &example_arg("baseline.toml"),
        &example_arg("portfolio.json"),
        "--format",
        "xml",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[path = "../../../tests/public_api/xml.rs"]
mod xml;
use xml::well_formed_xml;

mod common;
use common::{example_arg, mspkit};
