//! The tamper-evident event log (issue 20, item 1): each line of a version 2 log carries its own
//! hash and the previous line's; `verify_chain` names the first line that does not follow, and
//! signed checkpoints seal the head.

use chrono::{TimeZone, Utc};
use mspkit::event_log::{
    ChainHash, ChainOptions, ChainWriter, Checkpoint, EventLogReader, LineKind, SealKey, seal_chain,
    verify_chain,
};
use mspkit::{EventLog, Portfolio, Sensitive};
use proptest::prelude::*;

use crate::support::cases;

fn example() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/events.jsonl");
    std::fs::read_to_string(path).unwrap()
}

fn key(seed: u8) -> SealKey {
    SealKey::from_seed(&Sensitive::new([seed; 32]))
}

fn verdict(text: &str, options: &ChainOptions) -> Result<usize, (usize, &'static str)> {
    verify_chain(text.as_bytes(), options).map(|r| r.checkpoints.len()).map_err(|e| (e.line(), e.code()))
}

fn joined(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[test]
fn the_example_verifies_and_names_its_head() {
    let text = example();
    let report = verify_chain(text.as_bytes(), &ChainOptions::new()).unwrap();
    assert_eq!(report.events, 345);
    assert_eq!(report.last_sequence, Some(345));
    let last = text.lines().last().unwrap();
    assert_eq!(report.head.as_str(), &last[9..73], "the head is the last line's hash");
    // Reading the log checks the same chain and ends at the same head.
    let mut reader = EventLogReader::new(text.as_bytes());
    reader.by_ref().for_each(|r| {
        r.unwrap();
    });
    assert_eq!(reader.head(), Some(report.head));
    // The canonical form, hashed by any SHA-256: the line without its hash member.
    let first = text.lines().nth(1).unwrap();
    let canonical = format!("{{{}", &first[75..]);
    assert!(canonical.starts_with("{\"prev\":\"0000"));
    let mut writer = ChainWriter::new();
    let event = EventLog::from_jsonl(&text).unwrap().events()[0].clone();
    assert_eq!(writer.event_line(&event), first, "the writer writes what the log holds");
}

#[test]
fn a_version_1_log_still_reads_but_has_no_chain_to_verify() {
    let v1 = mspkit_tests::example_log::unchained(&example());
    assert!(v1.starts_with("{\"schema_version\":1}\n{\"provider\""));
    let read = EventLog::from_jsonl(&v1).unwrap();
    assert_eq!(read, EventLog::from_jsonl(&example()).unwrap());
    let provider = read.replay_provider().unwrap();
    let document = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/portfolio.json"),
    )
    .unwrap();
    assert_eq!(Portfolio::new(provider).to_json().unwrap() + "\n", document);
    assert_eq!(verdict(&v1, &ChainOptions::new()), Err((1, "event_log_unchained")));
    assert_eq!(EventLogReader::new(v1.as_bytes()).head(), None);
    // Written again, it is the version 2 example.
    assert_eq!(read.to_jsonl(), example());
}

#[test]
fn a_sealed_log_verifies_replays_and_continues() {
    let text = example();
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 13, 0, 0).unwrap();
    let (checkpoint, line) = seal_chain(text.as_bytes(), &key(1), at).unwrap();
    assert_eq!(checkpoint.sequence(), 345);
    let sealed = format!("{text}{line}\n");
    let trusted = ChainOptions::new().trusting(key(1).public_key());
    assert_eq!(verdict(&sealed, &trusted), Ok(1));
    // It still replays (a checkpoint is not an event) to the same portfolio.
    let replayed = EventLogReader::new(sealed.as_bytes()).replay().unwrap();
    assert_eq!(replayed, EventLog::from_jsonl(&text).unwrap().replay_provider().unwrap());
    // Another key's checkpoint is refused when a key is trusted; without one, it verifies by
    // its own key.
    let other = ChainOptions::new().trusting(key(2).public_key());
    assert_eq!(verdict(&sealed, &other), Err((347, "checkpoint_key_mismatch")));
    assert_eq!(verdict(&sealed, &ChainOptions::new()), Ok(1));
    // A trusted key and no checkpoint: nothing is sealed.
    assert_eq!(verdict(&text, &trusted), Err((347, "event_log_unsealed")));
    // Events after the checkpoint continue from its hash, and can be sealed again.
    let report = verify_chain(sealed.as_bytes(), &ChainOptions::new()).unwrap();
    let log = EventLog::from_jsonl(&text).unwrap();
    let mut provider = log.replay_provider().unwrap();
    let admin = provider.members().iter().find(|m| m.is_confirmed_admin()).unwrap().id();
    let mut settings = provider.settings().clone();
    settings = settings.with_billing_phone(Some("+44 20 7946 0999")).unwrap();
    let events = provider.update_settings(admin, settings, at).unwrap();
    let mut writer = ChainWriter::resume(report.head);
    let mut grown = sealed;
    for event in &events {
        grown.push_str(&writer.event_line(event));
        grown.push('\n');
    }
    let (_, again) = seal_chain(grown.as_bytes(), &key(1), at).unwrap();
    grown.push_str(&again);
    grown.push('\n');
    assert_eq!(verdict(&grown, &trusted), Ok(2));
    assert_eq!(EventLogReader::new(grown.as_bytes()).replay().unwrap(), provider);
}

#[test]
fn a_forged_or_misplaced_checkpoint_is_refused() {
    let text = example();
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 13, 0, 0).unwrap();
    let (checkpoint, _) = seal_chain(text.as_bytes(), &key(1), at).unwrap();
    let head = verify_chain(text.as_bytes(), &ChainOptions::new()).unwrap().head;
    // The signature of another sequence, re-chained so only the signature is wrong.
    let json = checkpoint.to_json().replace("\"sequence\":345", "\"sequence\":344");
    let forged = ChainWriter::resume(head).line(LineKind::Checkpoint, &json);
    assert_eq!(
        verdict(&format!("{text}{forged}\n"), &ChainOptions::new()).unwrap_err().1,
        "checkpoint_mismatch"
    );
    let lines: Vec<&str> = text.lines().collect();
    // A checkpoint signed at sequence 344 placed after event 345.
    let short = joined(&lines[..345].iter().map(|l| (*l).to_owned()).collect::<Vec<_>>());
    let (_, early) = seal_chain(short.as_bytes(), &key(1), at).unwrap();
    let body = &early[early.find("\"checkpoint\":").unwrap() + 13..early.len() - 1];
    let misplaced = ChainWriter::resume(head).line(LineKind::Checkpoint, body);
    assert_eq!(
        verdict(&format!("{text}{misplaced}\n"), &ChainOptions::new()).unwrap_err(),
        (347, "checkpoint_mismatch")
    );
    // A signature changed by one digit.
    let sig = checkpoint.to_json();
    let at_sig = sig.find("\"signature\":\"").unwrap() + 13;
    let mut bytes = sig.into_bytes();
    bytes[at_sig] = if bytes[at_sig] == b'0' { b'1' } else { b'0' };
    let changed = ChainWriter::resume(head).line(LineKind::Checkpoint, &String::from_utf8(bytes).unwrap());
    assert_eq!(
        verdict(&format!("{text}{changed}\n"), &ChainOptions::new()),
        Err((347, "checkpoint_signature_invalid"))
    );
}

#[test]
fn a_log_cut_after_a_kept_checkpoint_is_detected() {
    let text = example();
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 13, 0, 0).unwrap();
    let (checkpoint, line) = seal_chain(text.as_bytes(), &key(1), at).unwrap();
    let sealed = format!("{text}{line}\n");
    let kept: Checkpoint = serde_json::from_str(&checkpoint.to_json()).unwrap();
    let options = ChainOptions::new().trusting(key(1).public_key()).keeping([kept]);
    assert_eq!(verdict(&sealed, &options), Ok(1));
    // Cut: the last event and the checkpoint gone. The chain alone still holds.
    let lines: Vec<String> = sealed.lines().map(str::to_owned).collect();
    let cut = joined(&lines[..345]);
    assert_eq!(verdict(&cut, &ChainOptions::new()), Ok(0));
    assert_eq!(verdict(&cut, &options), Err((346, "event_log_truncated")));
    // Rewritten from the cut on: the log reaches the sequence, the checkpoint is not in it.
    let log = EventLog::from_jsonl(&text).unwrap();
    let mut rewritten = cut.clone();
    let head = verify_chain(cut.as_bytes(), &ChainOptions::new()).unwrap().head;
    let mut writer = ChainWriter::resume(head);
    let mut last = log.events()[344].clone();
    last.at = at;
    rewritten.push_str(&writer.event_line(&last));
    rewritten.push('\n');
    let (_, reseal) = seal_chain(rewritten.as_bytes(), &key(3), at).unwrap();
    rewritten.push_str(&reseal);
    rewritten.push('\n');
    let kept_only = ChainOptions::new().keeping([checkpoint]);
    assert_eq!(verdict(&rewritten, &kept_only).unwrap_err().1, "checkpoint_missing");
}

#[test]
fn the_first_line_of_the_chain_follows_zeros() {
    let text = example();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.remove(1);
    assert_eq!(verdict(&joined(&lines), &ChainOptions::new()), Err((2, "event_chain_broken")));
    let err = verify_chain(joined(&lines).as_bytes(), &ChainOptions::new()).unwrap_err();
    assert!(err.to_string().contains("does not follow the start of the log"), "{err}");
    assert_eq!(ChainHash::parse(&"0".repeat(64)), Some(ChainHash::GENESIS));
}

/// One change to the lines of a log (index 0 is the header, never touched).
#[derive(Debug, Clone)]
enum Tamper {
    /// A byte of a line replaced by another printable character.
    Edit { line: usize, at: usize, to: u8 },
    /// A line removed.
    Delete { line: usize },
    /// A copy of line `from` inserted before line `line`.
    Insert { line: usize, from: usize },
    /// A line and the next swapped.
    Swap { line: usize },
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        (1usize..346, 0usize..4000, 0x20u8..0x7f).prop_map(|(line, at, to)| Tamper::Edit { line, at, to }),
        (1usize..346).prop_map(|line| Tamper::Delete { line }),
        (1usize..347, 1usize..346).prop_map(|(line, from)| Tamper::Insert { line, from }),
        (1usize..345).prop_map(|line| Tamper::Swap { line }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// Any single edit, deletion, insertion or swap of lines is detected at the first line that
    /// differs from the log as written (file lines from 1); only a deletion of the last line — a
    /// cut, which the chain cannot see — passes (a kept checkpoint detects it, above). The
    /// streaming reader names the same line.
    #[test]
    fn any_single_tamper_is_detected_at_its_line(change in tamper()) {
        let text = example();
        let original: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut lines = original.clone();
        match change {
            Tamper::Edit { line, at, to } => {
                let mut bytes = lines[line].clone().into_bytes();
                let at = at % bytes.len();
                prop_assume!(bytes[at] != to);
                bytes[at] = to;
                lines[line] = String::from_utf8(bytes).unwrap();
            }
            Tamper::Delete { line } => {
                lines.remove(line);
            }
            Tamper::Insert { line, from } => {
                let copy = lines[from].clone();
                lines.insert(line, copy);
            }
            Tamper::Swap { line } => lines.swap(line, line + 1),
        }
        let first_difference = lines.iter().zip(&original).position(|(a, b)| a != b);
        let expected = match first_difference {
            Some(index) => Some(index + 1),
            None if lines.len() > original.len() => Some(original.len() + 1),
            None => None,
        };
        let tampered = joined(&lines);
        let verified = verify_chain(tampered.as_bytes(), &ChainOptions::new());
        let read = EventLogReader::new(tampered.as_bytes()).find_map(Result::err);
        match expected {
            None => {
                prop_assert!(verified.is_ok(), "{change:?}: {verified:?}");
                prop_assert!(read.is_none(), "{change:?}: {read:?}");
            }
            Some(line) => {
                let err = verified.unwrap_err();
                prop_assert_eq!(err.line(), line, "{:?}: {}", change, err);
                prop_assert!(
                    matches!(err.code(), "event_hash_mismatch" | "event_chain_broken" | "event_line_unchained"),
                    "{:?}: {}", change, err
                );
                let read = read.unwrap();
                prop_assert_eq!((read.line(), read.code()), (line, err.code()), "{:?}", change);
            }
        }
    }
}
