//! The fuzz targets' committed seeds (`fuzz/seeds/<target>/`) are documents each target's parser
//! accepts, so every fuzzing run starts from deep inside the format rather than from syntax
//! errors. A crash reproducer fuzzing finds becomes a test here too, so the bug stays fixed.

use std::path::{Path, PathBuf};

use mspkit::interop::{ReferenceFacts, read_reference_events, read_reference_with};
use mspkit::{DeploymentCatalog, DeploymentPlan, DeploymentPortfolio, Event, Portfolio, Provider};

fn seeds(target: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
}

#[test]
fn the_document_seeds_read() {
    for (path, text) in seeds("portfolio") {
        Portfolio::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    for (path, text) in seeds("catalog_toml") {
        DeploymentCatalog::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    for (path, text) in seeds("catalog_json") {
        DeploymentCatalog::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let catalog = DeploymentCatalog::builtin().unwrap();
    let mut read = (0, 0);
    for (_, text) in seeds("deployment") {
        read.0 += usize::from(DeploymentPlan::from_json(&text, &catalog).is_ok());
        // A deployment portfolio ignores other fields, so only one with deployments counts.
        read.1 +=
            usize::from(DeploymentPortfolio::from_json(&text).is_ok_and(|p| !p.deployments().is_empty()));
    }
    assert_eq!(read, (1, 1), "one plan seed and one deployment-portfolio seed");
}

#[test]
fn the_baseline_seeds_read_as_a_baseline_and_a_what_if() {
    let mut read = (0, 0);
    for (_, text) in seeds("baseline_json") {
        read.0 += usize::from(mspkit::policy::Baseline::from_json(&text).is_ok());
        read.1 += usize::from(mspkit::billing::WhatIf::from_json(&text).is_ok());
    }
    assert_eq!(read, (1, 1), "one baseline seed and one what-if seed");
}

#[test]
fn the_event_log_seed_replays() {
    for (path, text) in seeds("events") {
        let events: Vec<Event> = serde_json::from_str(&text).unwrap();
        let provider = Provider::replay(&events).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(provider.last_sequence(), u64::try_from(events.len()).unwrap());
    }
}

#[test]
fn the_reference_seeds_read() {
    let mut providers = 0;
    for (path, text) in seeds("reference") {
        if read_reference_events(&text).is_ok() {
            continue;
        }
        let parts: Vec<&str> = text.split('\0').collect();
        let mut facts = ReferenceFacts::new();
        if let Some(profile) = parts.get(3) {
            facts = facts.with_profile_json(profile).unwrap();
        }
        read_reference_with(parts[0], parts[1], parts[2], &facts)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        providers += 1;
    }
    assert_eq!(providers, 2, "the API responses and the database entities");
}

fn reproducer(target: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions").join(target).join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Found by the `reference` target (10-minute run at 7ebb248): the caller's profile, read through
/// the document reader since the reference readers refuse repeated keys, was refused with
/// `duplicate_key` where the target expected only `reference_malformed`. The library was right
/// (a repeated key must not silently keep the last value); the target's property was stale and
/// now admits the reader's codes. This keeps the library's side: the profile of the reproducer
/// is refused with `duplicate_key` (one of its objects gives `status` twice), never read.
#[test]
fn a_profile_with_a_repeated_key_is_refused_not_read() {
    let input = reproducer("reference", "crash-cb450c329ba68978b0341b9e27886955a7900622");
    let parts: Vec<&str> = input.splitn(4, '\0').collect();
    let err = ReferenceFacts::new().with_profile_json(parts[3]).unwrap_err();
    assert_eq!(err.code(), "duplicate_key");
    assert!(err.to_string().contains("the key `status`"), "{err}");
}

#[test]
fn the_chain_seeds_verify_and_the_psa_seeds_read() {
    use mspkit::event_log::{ChainOptions, verify_chain};
    for (path, text) in seeds("chain") {
        let report = verify_chain(text.as_bytes(), &ChainOptions::new())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(report.events > 0, "{}", path.display());
    }
    let reader = mspkit::DocumentReader::new();
    for (path, text) in seeds("psa_csv") {
        let read = mspkit::billing::read_psa_companies(&text, None, &reader)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!read.companies.is_empty(), "{}", path.display());
    }
}
