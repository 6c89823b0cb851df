//! `mspkit exit-check`, `mspkit client unlink` and `mspkit exit-receipt` (issue 20, item 3).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

mod common;
use common::{example, mspkit, text};

#[test]
fn a_client_leaves_with_a_signed_receipt() {
    let dir = std::env::temp_dir().join(format!("mspkit-cli-exit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (portfolio, log) = (dir.join("portfolio.json"), dir.join("events.jsonl"));
    std::fs::copy(example("portfolio.json"), &portfolio).unwrap();
    std::fs::copy(example("events.jsonl"), &log).unwrap();
    let (p, l) = (portfolio.to_str().unwrap(), log.to_str().unwrap());
    let out = mspkit(&["exit-check", p, "--client", "Fabrikam Dental"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("exit_psa_reference"), "{}", text(&out));
    let out = mspkit(&["exit-check", p, "--client", "Fabrikam Dental", "--format", "json"]);
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(check["findings"].as_array().unwrap().iter().all(|f| f["severity"] == "advisory"));
    assert_eq!(mspkit(&["keygen", dir.join("keys").to_str().unwrap()]).status.code(), Some(0));
    let key = dir.join("keys/mspkit-seal.key");
    let public = dir.join("keys/mspkit-seal.pub");
    let out = mspkit(&[
        "client",
        "unlink",
        p,
        "Fabrikam Dental",
        "--as",
        "ada.lovelace@northwind-it.example",
        "--log",
        l,
        "--key",
        key.to_str().unwrap(),
        "--now",
        "2026-12-07T14:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let receipt = dir.join("receipt.json");
    std::fs::write(&receipt, &out.stdout).unwrap();
    let r = receipt.to_str().unwrap();
    let out = mspkit(&["exit-receipt", "--verify", r, "--public-key", public.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // The log took the unlink event, chained, and replays to the portfolio written.
    assert_eq!(mspkit(&["verify", l]).status.code(), Some(0));
    let out = mspkit(&["replay", l]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), std::fs::read_to_string(&portfolio).unwrap());
    // The client is gone; a changed receipt does not verify.
    assert_eq!(mspkit(&["exit-check", p, "--client", "Fabrikam Dental"]).status.code(), Some(2));
    let changed = std::fs::read_to_string(&receipt).unwrap().replace("Northwind Managed IT", "Southwind");
    std::fs::write(&receipt, changed).unwrap();
    let out = mspkit(&["exit-receipt", "--verify", r, "--public-key", public.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).trim_end().ends_with("[receipt_signature_invalid]"), "{}", text(&out));
}
