//! The billing commands on the bundled example (Northwind: Teams minimum 100, Enterprise
//! minimum 150, a 10 % discount, charges on the 16th), run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

mod common;
use common::{example_arg, mspkit, root};

fn ok(args: &[&str]) -> String {
    let out = mspkit(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A refusal: exit code 2 and one line on standard error, naming the code.
fn refused(args: &[&str], code: &str) {
    let out = mspkit(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&format!("[{code}]")), "{err}");
}

#[test]
fn the_client_invoice_csv_is_the_hand_computed_report() {
    let csv = ok(&["invoice", &example_arg("portfolio.json"), "--period", "2026-12", "--csv"]);
    let expected =
        std::fs::read_to_string(root().join("tests/fixtures/billing/client-invoice-report.csv")).unwrap();
    assert_eq!(csv, expected);
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "invoice",
        &example_arg("portfolio.json"),
        "--period",
        "2026-12",
        "--csv",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 7);
    assert_eq!(json["rows"][6]["client"], "Unassigned seats");
    assert_eq!(json["total"], "1548.00");
}

#[test]
fn the_invoice_has_a_line_per_plan_and_its_total() {
    let text = ok(&["invoice", &example_arg("portfolio.json"), "--period", "2026-12"]);
    assert!(text.contains("charged 2026-12-16"), "{text}");
    let enterprise = text.lines().find(|l| l.starts_with("Enterprise (Monthly)")).unwrap();
    assert!(enterprise.contains("$1,320.00") && enterprise.contains("$1,188.00"), "{enterprise}");
    assert!(text.ends_with("Total    $1,548.00\n"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "invoice",
        &example_arg("portfolio.json"),
        "--period",
        "2026-12",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["total"], "1548.00");
    assert_eq!(json["lines"][1]["purchased_seats"], 70);
    refused(&["invoice", &example_arg("portfolio.json"), "--period", "2026-13"], "period_invalid");
    refused(&["invoice", &example_arg("portfolio.json"), "--period", "2026-02"], "date_before_subscription");
}

#[test]
fn seats_lists_full_and_idle_clients() {
    let text = ok(&["seats", &example_arg("portfolio.json"), "--idle", "20"]);
    assert!(
        text.contains("Full (new members refused, no autoscale): Tailspin Logistics, Litware Bakery"),
        "{text}"
    );
    assert!(text.contains("More than 20 idle seats: Woodgrove Credit Union"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["seats", &example_arg("portfolio.json"), "--format", "json"])).unwrap();
    assert_eq!(json["idle_threshold"], 10);
    assert_eq!(json["plans"][1]["purchased"], 70);
    assert_eq!(json["clients"][0]["idle_share"], 0.08);
}

#[test]
fn what_if_reports_each_change_and_the_next_invoice() {
    let text = ok(&["what-if", &example_arg("portfolio.json"), &example_arg("what-if.json")]);
    assert!(
        text.contains("Tailspin Logistics: seats 120 → 130: purchase of 10 seat(s), $52.00 prorated"),
        "{text}"
    );
    assert!(text.contains("REFUSED [seats_below_occupied]"), "{text}");
    assert!(text.contains("Next invoice changes by $100.80"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "what-if",
        &example_arg("portfolio.json"),
        &example_arg("what-if.json"),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["recurring_before"], "1548.00");
    assert_eq!(json["recurring_after"], "1602.00");
    assert_eq!(json["outcomes"][0]["service_user_allowed"], true);
    assert_eq!(json["comparison_after"]["cheaper"], "usage_based");
    // The portfolio file is untouched.
    assert!(ok(&["seats", &example_arg("portfolio.json")]).contains("Tailspin Logistics"));
    let bad = std::env::temp_dir().join(format!("mspkit-what-if-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{"changes": [{"client": "Nobody", "seats": 3}]}"#).unwrap();
    refused(&["what-if", &example_arg("portfolio.json"), bad.to_str().unwrap()], "what_if_client_unknown");
    std::fs::write(&bad, r#"{"changes": [{"seats": 3}]}"#).unwrap();
    refused(&["what-if", &example_arg("portfolio.json"), bad.to_str().unwrap()], "what_if_invalid");
    std::fs::remove_file(&bad).unwrap();
}

#[test]
fn psa_exports_quantity_unit_price_and_reference() {
    let csv = ok(&["psa", &example_arg("portfolio.json")]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Client,Client Id,Reference,Product,Quantity,Unit Price,Total,Billing Cycle");
    assert_eq!(
        lines[1],
        "Fabrikam Dental,4f675534-8d07-592f-9292-f914019a3e33,CW-1001,Teams (Monthly),25,3.60,90.00,monthly"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["psa", &example_arg("portfolio.json"), "--format", "json"])).unwrap();
    assert_eq!(json["rows"][2]["reference"], "AT-2040");
    assert_eq!(json["rows"][3]["reference"], serde_json::Value::Null);
}
