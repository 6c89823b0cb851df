//! `mspkit access-review` and `mspkit access-review sign` (issue 20, item 2), run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

mod common;
use common::{example, mspkit, scratch_with};

#[test]
fn the_review_of_the_example_in_each_format() {
    let p = example("portfolio.json");
    let log = example("events.jsonl");
    let (p, log) = (p.to_str().unwrap(), log.to_str().unwrap());
    let at = "2026-12-07T00:00:00Z";
    let out = mspkit(&["access-review", p, "--log", log, "--as-of", at]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.starts_with("Access review as of 2026-12-07T00:00:00Z: 6 clients,"), "{text}");
    assert!(text.contains("invitation_expired"), "{text}");
    assert!(text.contains("review_missing"), "{text}");
    assert!(text.contains("resolve: send it again (`reinvite`)"), "{text}");
    let out = mspkit(&["access-review", p, "--log", log, "--as-of", at, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["clients"].as_array().unwrap().len(), 6);
    assert_eq!(report["activity_known"], true);
    let out = mspkit(&["access-review", p, "--as-of", at, "--format", "csv"]);
    assert_eq!(out.status.code(), Some(1));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("code,client_id,client,member_id,email,message,command,resolve,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + report["findings"].as_array().unwrap().len());
    // A log that does not end where the portfolio does is refused (exit 2).
    let dir = scratch_with("review", "short", &["portfolio.json", "events.jsonl"]);
    let short = dir.join("events.jsonl");
    let text = std::fs::read_to_string(&short).unwrap();
    let kept: Vec<&str> = text.lines().take(10).collect();
    std::fs::write(&short, kept.join("\n") + "\n").unwrap();
    let out = mspkit(&["access-review", p, "--log", short.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not end where the portfolio does"));
}

#[test]
fn a_sign_off_is_recorded_chained_and_shown() {
    let dir = scratch_with("review", "sign", &["portfolio.json", "events.jsonl"]);
    let p = dir.join("portfolio.json");
    let log = dir.join("events.jsonl");
    let (p, log) = (p.to_str().unwrap(), log.to_str().unwrap());
    let now = "2026-12-07T10:00:00Z";
    let ada = "ada.lovelace@northwind-it.example";
    // A stale expected hash is refused, nothing written.
    let out = mspkit(&[
        "access-review",
        "sign",
        p,
        "--as",
        ada,
        "--next-due",
        "2027-03-01",
        "--log",
        log,
        "--now",
        now,
        "--expect-hash",
        "0000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let before: serde_json::Value = serde_json::from_slice(
        &mspkit(&["access-review", p, "--log", log, "--as-of", now, "--format", "json"]).stdout,
    )
    .unwrap();
    let hash = before["findings_hash"].as_str().unwrap();
    let out = mspkit(&[
        "access-review",
        "sign",
        p,
        "--as",
        ada,
        "--next-due",
        "2027-03-01",
        "--log",
        log,
        "--now",
        now,
        "--expect-hash",
        hash,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let event: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(event["change"]["type"], "access_review_signed");
    assert_eq!(event["change"]["findings"], hash);
    assert_eq!(mspkit(&["verify", log]).status.code(), Some(0));
    let out = mspkit(&["access-review", p, "--log", log, "--as-of", now]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Last review of every client: 2026-12-07T10:00:00Z by ada.lovelace@northwind-it.example, next due 2027-03-01"), "{text}");
    assert!(!text.contains("review_missing"), "{text}");
    // Overdue after the due day.
    let out = mspkit(&["access-review", p, "--log", log, "--as-of", "2027-03-02T00:00:00Z"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("review_overdue"), "{text}");
    assert!(text.contains("OVERDUE"), "{text}");
    // A service user may not sign; a due date in the past is refused.
    let out = mspkit(&[
        "access-review",
        "sign",
        p,
        "--as",
        "alan.turing@northwind-it.example",
        "--next-due",
        "2027-03-01",
        "--now",
        now,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[provider_admin_only]"));
    let out = mspkit(&[
        "access-review",
        "sign",
        p,
        "--as",
        ada,
        "--next-due",
        "2026-12-01",
        "--client",
        "Litware Bakery",
        "--now",
        now,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[review_due_invalid]"));
}
