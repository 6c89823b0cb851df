//! `mspkit blast-radius` (issue 20, item 2), run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

mod common;
use common::{example, mspkit};

#[test]
fn the_blast_radius_of_the_example_and_of_one_member() {
    let portfolio = example("portfolio.json");
    let p = portfolio.to_str().unwrap();
    let out = mspkit(&["blast-radius", p]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Blast radius of suspending every member's access: 6 clients lose provider access; 0 would be locked out"), "{text}");
    let out =
        mspkit(&["blast-radius", p, "--member", "alan.turing@northwind-it.example", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["members"].as_array().unwrap().len(), 1);
    assert_eq!(report["members"][0]["role"], "service_user");
    assert_eq!(report["members"][0]["clients"], report["clients"].as_array().unwrap().len());
    let out = mspkit(&["blast-radius", p, "--member", "nobody@northwind-it.example"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_client_locked_out_is_a_finding() {
    // Every client's own owners removed from the document: each would be locked out.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    for client in doc["provider"]["clients"].as_array_mut().unwrap() {
        for member in client["members"].as_array_mut().unwrap() {
            if member["role"] == "owner" {
                member["role"] = "user".into();
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("mspkit-cli-access-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("no-owners.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = mspkit(&["blast-radius", path.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("6 would be locked out"), "{text}");
    assert!(text.contains("LOCKED OUT: call these clients first"), "{text}");
}
