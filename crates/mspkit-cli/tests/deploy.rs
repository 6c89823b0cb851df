//! `mspkit deploy` end to end, on the bundled example deployments.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

use std::process::Output;

mod common;
use common::{example, mspkit, stdout};

fn deploy(extra: &[&str]) -> Output {
    let path = example("portfolio.json");
    let mut args = vec!["deploy", path.to_str().unwrap(), "--today", "2026-11-24"];
    args.extend_from_slice(extra);
    mspkit(&args)
}

#[test]
fn the_portfolio_prints_as_an_aligned_table() {
    let out = deploy(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("5 clients, 1 overdue"));
    let header = text.lines().find(|l| l.starts_with("CLIENT")).unwrap();
    let remaining = header.find("REMAINING").unwrap();
    let woodgrove = text.lines().find(|l| l.starts_with("Woodgrove")).unwrap();
    assert!(woodgrove.contains("yes"));
    // Right-aligned under its header.
    assert_eq!(&woodgrove[remaining..remaining + 9], "  19.35 h");
}

#[test]
fn a_finished_deployment_without_sign_offs_is_done_not_complete() {
    let text = stdout(&deploy(&[]));
    let tailspin = text.lines().find(|l| l.starts_with("Tailspin")).unwrap();
    assert!(tailspin.contains("finished") && tailspin.contains("complete"), "{tailspin}");
    // The same portfolio with Tailspin's phases not signed off.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    let tailspin_id = "01a7b364-b407-5390-a063-8e9c0dd2621c";
    let entry = doc["deployments"].as_array_mut().unwrap().iter_mut().find(|d| d["client"] == tailspin_id);
    entry.unwrap()["plan"]["phases"] = serde_json::json!({});
    let file = std::env::temp_dir().join(format!("mspkit-unsigned-{}.json", std::process::id()));
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = mspkit(&["deploy", file.to_str().unwrap(), "--today", "2026-11-24"]);
    std::fs::remove_file(&file).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    let tailspin = text.lines().find(|l| l.starts_with("Tailspin")).unwrap();
    assert!(tailspin.contains("finished") && tailspin.contains(" done "), "{tailspin}");
    assert!(!tailspin.contains("complete"), "{tailspin}");
}

#[test]
fn sorting_and_json() {
    let out = deploy(&["--sort", "percent", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["name"], "Fabrikam Dental");
    assert_eq!(rows[4]["name"], "Tailspin Logistics");
    assert_eq!(rows[4]["percent"], 100);
    // Durations name their unit: whole minutes.
    let woodgrove = rows.iter().find(|r| r["name"] == "Woodgrove Credit Union").unwrap();
    assert_eq!(woodgrove["remaining_minutes"], 1161); // 19.35 h
    assert_eq!(woodgrove["planned_minutes"], 1236); // 20.6 h: no SIEM
    assert_eq!(woodgrove["done_minutes"], 75);
    assert!(woodgrove["phases"][0]["remaining_minutes"].is_u64());
    for bare in ["done", "planned", "remaining"] {
        assert!(woodgrove.get(bare).is_none(), "{bare}");
    }
}

#[test]
fn one_client_step_by_step() {
    let out = deploy(&["--client", "Contoso Legal LLP"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Phase 2 Organization setup — blocked"));
    assert!(text.contains("waiting for the client's sign-off"));
    let out = deploy(&["--client", "72c01a01-dc83-5b69-b728-9a55b984f719", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["name"], "Adatum Architects");
    assert_eq!(v["current_phase"], 3);
    assert_eq!(v["phases"][2]["steps"][3]["state"]["status"], "in_progress");
}

#[test]
fn a_step_recorded_under_an_earlier_profile_shows_but_does_not_count() {
    // Woodgrove Credit Union uses SSO; the same document with SSO dropped after step 20 was done.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    let woodgrove = "7b406e35-79d3-59a5-8f60-49bb08f1e860";
    let entry = doc["deployments"].as_array_mut().unwrap().iter_mut().find(|d| d["client"] == woodgrove);
    let entry = entry.unwrap();
    entry["profile"]["sso"] = serde_json::json!(false);
    entry["plan"]["steps"]["20"] = serde_json::json!(
        {"status": "done", "by": "67a027d7-c07a-5ee8-9454-7c06f5616831", "at": "2026-11-20T10:00:00Z"}
    );
    let file = std::env::temp_dir().join(format!("mspkit-dormant-{}.json", std::process::id()));
    std::fs::write(&file, doc.to_string()).unwrap();
    let path = file.to_str().unwrap();
    let text = stdout(&mspkit(&["deploy", path, "--today", "2026-11-24", "--client", "Woodgrove"]));
    let json = stdout(&mspkit(&[
        "deploy",
        path,
        "--today",
        "2026-11-24",
        "--client",
        "Woodgrove",
        "--format",
        "json",
    ]));
    std::fs::remove_file(&file).unwrap();
    let line = text.lines().find(|l| l.trim_start().starts_with("20 ")).unwrap();
    assert!(line.contains("not applicable (was done)"), "{line}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Without SSO (3, 20, 21, 25 out) and without SIEM: 21.1 - 3.75 - 0.5 = 16.85 h; 20 not done.
    assert_eq!(v["progress"]["planned_minutes"], 1011);
    let step20 = &v["phases"][1]["steps"][8];
    assert_eq!((step20["number"].as_u64(), step20["applicable"].as_bool()), (Some(20), Some(false)));
    assert_eq!(step20["state"]["status"], "done");
}

#[test]
fn the_timeline_is_written_as_svg() {
    let dir = std::env::temp_dir().join(format!("mspkit-deploy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("timeline.svg");
    let out = deploy(&["--svg", file.to_str().unwrap()]);
    assert!(out.status.success());
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("Woodgrove Credit Union") && svg.contains("today 2026-11-24")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_custom_edition_can_be_followed() {
    let dir = std::env::temp_dir().join(format!("mspkit-deploy-37-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = dir.join("one.json");
    // The example portfolio with one fresh deployment, for Fabrikam Dental.
    let mut one: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    one["deployments"] = serde_json::json!([{
        "client": "4f675534-8d07-592f-9292-f914019a3e33",
        "profile": {"sso": true, "siem": true, "provisioning": "scim"},
        "schedule": {"start": "2026-11-30", "hours_per_day": 2}
    }]);
    std::fs::write(&doc, one.to_string()).unwrap();
    let guide = example("deployment-guide-37.toml");
    let args =
        ["deploy", doc.to_str().unwrap(), "--today", "2026-11-24", "--catalog", guide.to_str().unwrap()];
    let out = mspkit(&[&args[..], &["--client", "Fabrikam", "--format", "json"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["phases"][2]["steps"][3]["topic"], "Organization data ownership");
    assert_eq!(v["progress"]["planned_minutes"], 1272); // 21.2 h
    assert_eq!(v["phases"][2]["progress"]["planned_minutes"], 432); // 7.2 h
    assert!(v["progress"].get("planned").is_none());
    // The example plans follow the 36-step numbering: under the 37-step edition one is refused.
    let path = example("portfolio.json");
    let out = mspkit(&["deploy", path.to_str().unwrap(), "--catalog", guide.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_is_one_line_on_stderr_and_exit_code_2() {
    for args in [
        vec!["deploy", "/nonexistent/portfolio.json"],
        vec!["deploy", env!("CARGO_MANIFEST_DIR")],
        vec!["deploy", concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")],
    ] {
        let out = mspkit(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.starts_with("mspkit: "));
    }
    let empty = std::env::temp_dir().join(format!("mspkit-empty-{}.json", std::process::id()));
    let mut none: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    none.as_object_mut().unwrap().remove("deployments");
    std::fs::write(&empty, none.to_string()).unwrap();
    let out = mspkit(&["deploy", empty.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("no deployments in this portfolio"));
    std::fs::remove_file(&empty).unwrap();
    let out = deploy(&["--client", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("[unknown_client]"));
    // A deployment of an organization that is not a client of the provider is refused.
    let mut stray: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("portfolio.json")).unwrap()).unwrap();
    stray["deployments"][0]["client"] = serde_json::json!("00000000-0000-4000-8000-000000000001");
    std::fs::write(&empty, stray.to_string()).unwrap();
    let out = mspkit(&["deploy", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("names no client of this provider"));
    std::fs::remove_file(&empty).unwrap();
}
