//! `mspkit client state` (issue 17), run as a user would: the portfolio rewritten, the event
//! printed as a JSON line that the event log accepts, the state in `mspkit report`, and
//! refusals as one line with their code and exit code 2, the file untouched.
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

/// A fresh copy of the bundled portfolio.
fn copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mspkit-cli-client-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::copy(example("portfolio.json"), &path).unwrap();
    path
}

fn state(portfolio: &Path, client: &str, state: &str, extra: &[&str]) -> Output {
    let mut args =
        vec!["client", "state", portfolio.to_str().unwrap(), client, state, "--as", ADA, "--now", NOW];
    args.extend_from_slice(extra);
    mspkit(&args)
}

#[test]
fn a_trial_is_recorded_written_back_and_reported() {
    let p = copy("trial.json");
    let out = state(&p, "fabrikam dental", "trial", &["--until", "2026-12-15"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    let event: mspkit::Event = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(event.kind(), "client_state_changed");
    let portfolio = mspkit::Portfolio::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let client = portfolio.provider().clients().iter().find(|c| c.name() == "Fabrikam Dental").unwrap();
    assert_eq!(client.state().trial_until(), chrono::NaiveDate::from_ymd_opt(2026, 12, 15));
    assert_eq!(event.sequence, portfolio.provider().last_sequence());
    // The event extends the bundled log: the log replays to the portfolio written.
    let log_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/events.jsonl");
    let mut log = mspkit::EventLog::from_jsonl(&std::fs::read_to_string(log_path).unwrap()).unwrap();
    let mut events = log.events().to_vec();
    events.push(event);
    log = mspkit::EventLog::new(events);
    assert_eq!(&mspkit::Provider::replay(log.events()).unwrap(), portfolio.provider());
    // The report shows it, with the warning the week before it ends.
    let report = mspkit(&["report", p.to_str().unwrap(), "--now", "2026-12-08T09:00:00Z"]);
    let text = String::from_utf8(report.stdout).unwrap();
    assert!(text.contains("trial until 2026-12-15, bills 0"), "{text}");
    assert!(text.contains("[trial_ending]"), "{text}");
    let json = mspkit(&["report", p.to_str().unwrap(), "--format", "json", "--now", NOW]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let line = value["clients"].as_array().unwrap().iter().find(|c| c["name"] == "Fabrikam Dental").unwrap();
    assert_eq!(line["state"], serde_json::json!({"type": "trial", "until": "2026-12-15"}));
    assert_eq!(line["billed_seats"], 0);
    // The same state again: no event, the file as it was.
    let before = std::fs::read(&p).unwrap();
    let again = state(&p, "Fabrikam Dental", "trial", &["--until", "2026-12-15"]);
    assert_eq!((again.status.code(), again.stdout.is_empty()), (Some(0), true));
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn out_writes_elsewhere_and_leaves_the_portfolio() {
    let p = copy("out.json");
    let out_file = p.with_file_name("out-changed.json");
    let before = std::fs::read(&p).unwrap();
    let out = state(&p, "Litware Bakery", "suspended", &["--out", out_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&p).unwrap(), before);
    let report = mspkit(&["report", out_file.to_str().unwrap(), "--now", NOW]);
    let text = String::from_utf8(report.stdout).unwrap();
    assert!(text.contains("suspended, bills 8"), "{text}");
}

#[test]
fn refusals_are_one_line_with_their_code_and_change_nothing() {
    let p = copy("refused.json");
    let before = std::fs::read(&p).unwrap();
    let cases: [(&str, &str, &[&str], &str); 7] = [
        ("Fabrikam Dental", "trial", &[], "add `--until"),
        ("Fabrikam Dental", "paused", &["--until", "2026-12-01"], "`--until` is for a trial only"),
        ("Fabrikam Dental", "trial", &["--until", "2027-06-01"], "[trial_end_invalid]"),
        ("Fabrikam Dental", "trial", &["--until", "2026-11-23"], "[trial_end_invalid]"),
        ("Nobody \u{1b}[31m", "paused", &[], "neither the id nor the name"),
        ("Fabrikam Dental", "frozen", &[], "invalid value"),
        ("Fabrikam Dental", "not-for-resale", &[], "invalid value"),
    ];
    for (client, to, extra, expected) in cases {
        let out = state(&p, client, to, extra);
        assert_eq!(out.status.code(), Some(2), "{client} {to} {extra:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{err}");
        assert!(!err.contains('\u{1b}'), "escaped: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
    // A service user may not; a stranger is no member.
    let su = mspkit(&[
        "client",
        "state",
        p.to_str().unwrap(),
        "Fabrikam Dental",
        "paused",
        "--as",
        "alan.turing@northwind-it.example",
        "--now",
        NOW,
    ]);
    assert!(String::from_utf8_lossy(&su.stderr).contains("[provider_admin_only]"));
    let stranger = mspkit(&[
        "client",
        "state",
        p.to_str().unwrap(),
        "Fabrikam Dental",
        "paused",
        "--as",
        "eve@x.example",
        "--now",
        NOW,
    ]);
    assert!(String::from_utf8_lossy(&stranger.stderr).contains("not a member"));
    // Suspended, then a move the table refuses.
    assert_eq!(state(&p, "Fabrikam Dental", "suspended", &[]).status.code(), Some(0));
    let suspended = std::fs::read(&p).unwrap();
    let refused = state(&p, "Fabrikam Dental", "not_for_resale", &[]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("[client_state_transition_refused]"));
    assert_eq!(std::fs::read(&p).unwrap(), suspended);
    assert_ne!(suspended, before);
}

// Issue 15: `mspkit client vault-access` records 1903 (`ProviderOrganization_VaultAccessed`, the
// reference's `ProviderService.LogProviderAccessToOrganizationAsync`); the event extends the log
// and the audit export lists it with its code.
#[test]
fn a_vault_access_is_recorded_and_exported() {
    let p = copy("vault.json");
    let out = mspkit(&[
        "client",
        "vault-access",
        p.to_str().unwrap(),
        "Contoso Legal LLP",
        "--as",
        ADA,
        "--now",
        NOW,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let event: mspkit::Event = serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert_eq!((event.kind(), event.code()), ("client_vault_accessed", Some(1903)));
    let portfolio = mspkit::Portfolio::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(event.sequence, portfolio.provider().last_sequence());
    let log_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/events.jsonl");
    let mut text = std::fs::read_to_string(log_path).unwrap();
    // The example is a version 2 log: the event is appended chained to its head.
    let head = mspkit::event_log::verify_chain(text.as_bytes(), &mspkit::event_log::ChainOptions::new())
        .unwrap()
        .head;
    text.push_str(&mspkit::event_log::ChainWriter::resume(head).event_line(&event));
    text.push('\n');
    let log = p.with_extension("jsonl");
    std::fs::write(&log, text).unwrap();
    let out = mspkit(&["events", log.to_str().unwrap(), "--since", "2026-11-24T09:00:00Z"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains(",1903,client_vault_accessed,ada.lovelace@northwind-it.example,Contoso Legal LLP,"),
        "{csv}"
    );
    // Someone outside the team is refused, the file untouched.
    let before = std::fs::read_to_string(&p).unwrap();
    let out =
        mspkit(&["client", "vault-access", p.to_str().unwrap(), "Contoso Legal LLP", "--as", "x@y.example"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), before);
}

// Issue 15: `mspkit client policy-preview` says who enabling single_org or two-step login would
// revoke (the reference's SingleOrgPolicyEventHandler / TwoFactorAuthenticationPolicyEventHandler),
// writing nothing.
#[test]
fn a_policy_preview_names_who_would_be_revoked() {
    let facts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/member-facts.json");
    let run = |policy: &str, format: &str| {
        mspkit(&[
            "client",
            "policy-preview",
            example("portfolio.json").to_str().unwrap(),
            "Fabrikam Dental",
            policy,
            "--facts",
            facts.to_str().unwrap(),
            "--as",
            ADA,
            "--format",
            format,
        ])
    };
    let out = run("single_org", "text");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("enabling single_org on client Fabrikam Dental revokes user3@fabrikam-dental.example and user4@fabrikam-dental.example\n"),
        "{text}"
    );
    assert!(text.contains("\nrefused for now [policy_not_on_plan]: "), "{text}");
    let out = run("two_factor_authentication", "json");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["revokes"], serde_json::json!(["user4@fabrikam-dental.example"]));
    assert_eq!(run("no_such_policy", "text").status.code(), Some(2));
}

/// `--log`: the event goes into the provider's version 2 log chained to its head, so the log
/// still verifies and replays to the portfolio written; a log that does not end where the
/// portfolio does (the same change recorded twice from the same portfolio) is refused, with
/// neither file touched.
#[test]
fn log_appends_the_event_chained_and_refuses_a_log_that_does_not_follow() {
    let p = copy("log.json");
    let original = std::fs::read(&p).unwrap();
    let log = p.with_extension("jsonl");
    std::fs::copy(example("portfolio.json").with_file_name("events.jsonl"), &log).unwrap();
    let logged = |extra: &[&str]| {
        let mut args = vec!["--log", log.to_str().unwrap()];
        args.extend_from_slice(extra);
        state(&p, "Fabrikam Dental", "paused", &args)
    };
    let out = logged(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let verify = mspkit(&["verify", log.to_str().unwrap()]);
    assert_eq!(verify.status.code(), Some(0), "{}", String::from_utf8_lossy(&verify.stdout));
    let text = std::fs::read_to_string(&log).unwrap();
    let replayed = mspkit::Provider::replay(mspkit::EventLog::from_jsonl(&text).unwrap().events()).unwrap();
    let portfolio = mspkit::Portfolio::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(&replayed, portfolio.provider());
    // The portfolio as it was, the log already a step ahead: refused, nothing written.
    std::fs::write(&p, &original).unwrap();
    let out = logged(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not end where the portfolio does"));
    assert_eq!(std::fs::read_to_string(&log).unwrap(), text);
    assert_eq!(std::fs::read(&p).unwrap(), original);
    // A log that does not read is refused the same way.
    std::fs::write(&log, "not a log\n").unwrap();
    let out = logged(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&p).unwrap(), original);
}
