//! `mspkit verify`, `seal`, `keygen` and `chain` (issue 20, item 1), run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on the first surprise"
)]

mod common;
use common::{example, mspkit, scratch, text};

#[test]
fn the_example_verifies_and_a_tampered_copy_names_its_line() {
    let log = example("events.jsonl");
    let out = mspkit(&["verify", log.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("the chain holds: 345 events"), "{}", text(&out));
    let d = scratch("seal", "tampered");
    let original = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
    lines[9] = lines[9].replacen("\"sequence\":9", "\"sequence\":90", 1);
    let tampered = d.join("tampered.jsonl");
    std::fs::write(&tampered, lines.join("\n") + "\n").unwrap();
    let out = mspkit(&["verify", tampered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("line 10: the line was changed after it was written"), "{}", text(&out));
    assert!(text(&out).trim_end().ends_with("[event_hash_mismatch]"));
    let out = mspkit(&["verify", tampered.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["ok"].as_bool(), report["line"].as_u64()), (Some(false), Some(10)));
    // Two lines swapped: the first of them does not follow.
    let mut swapped: Vec<String> = original.lines().map(str::to_owned).collect();
    swapped.swap(20, 21);
    std::fs::write(&tampered, swapped.join("\n") + "\n").unwrap();
    let out = mspkit(&["verify", tampered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("line 21: the line does not follow line 20"), "{}", text(&out));
}

#[test]
fn keygen_seal_and_verify_with_the_public_key_detect_a_cut() {
    let d = scratch("seal", "sealed");
    let out = mspkit(&["keygen", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let (secret, public) = (d.join("mspkit-seal.key"), d.join("mspkit-seal.pub"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(
        !text(&out).contains(std::fs::read_to_string(&secret).unwrap().trim()),
        "the secret is not printed"
    );
    // Never overwritten.
    assert_eq!(mspkit(&["keygen", d.to_str().unwrap()]).status.code(), Some(2));
    let log = d.join("events.jsonl");
    std::fs::copy(example("events.jsonl"), &log).unwrap();
    let out = mspkit(&[
        "seal",
        log.to_str().unwrap(),
        "--key",
        secret.to_str().unwrap(),
        "--now",
        "2026-12-07T13:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let kept = d.join("checkpoint.jsonl");
    std::fs::write(&kept, &out.stdout).unwrap();
    let (l, p, k) = (log.to_str().unwrap(), public.to_str().unwrap(), kept.to_str().unwrap());
    let out = mspkit(&["verify", l, "--public-key", p, "--checkpoint", k]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("1 checkpoints"), "{}", text(&out));
    // The sealed log still replays to the example portfolio.
    let out = mspkit(&["replay", l]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(example("portfolio.json")).unwrap()
    );
    // Cut after the checkpoint was kept: the last two events and the checkpoint gone.
    let sealed = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = sealed.lines().collect();
    std::fs::write(&log, lines[..lines.len() - 3].join("\n") + "\n").unwrap();
    assert_eq!(mspkit(&["verify", l]).status.code(), Some(0), "the chain alone cannot see a cut");
    let out = mspkit(&["verify", l, "--public-key", p, "--checkpoint", k]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("the log was cut: a checkpoint sealed it at sequence 345"), "{}", text(&out));
    let out = mspkit(&["verify", l, "--public-key", p]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).trim_end().ends_with("[event_log_unsealed]"), "{}", text(&out));
    // A secret key where a public one belongs is bad input.
    let out = mspkit(&["verify", l, "--public-key", secret.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).trim_end().ends_with("[seal_key_invalid]"), "{}", text(&out));
    assert!(!text(&out).contains(std::fs::read_to_string(&secret).unwrap().trim()));
}

#[test]
fn a_version_1_log_is_chained_by_mspkit_chain() {
    let d = scratch("seal", "chain");
    let v1 = mspkit_tests::example_log::unchained(&std::fs::read_to_string(example("events.jsonl")).unwrap());
    let path = d.join("v1.jsonl");
    std::fs::write(&path, v1).unwrap();
    let out = mspkit(&["verify", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).trim_end().ends_with("[event_log_unchained]"), "{}", text(&out));
    let out = mspkit(&["chain", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(example("events.jsonl")).unwrap()
    );
}
