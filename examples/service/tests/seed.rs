//! Seeding from the bundled event log, once, and refusing a broken log.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a test fails loudly")]

mod common;

use std::path::PathBuf;

use common::TempDb;
use mspkit_service::{Config, Location, StartError, Store};

fn bundled_log() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../events.jsonl")
}

fn config(db: &TempDb, seed: PathBuf) -> Config {
    Config { seed: Some(seed), ..common::config(Location::File(db.0.clone())) }
}

#[tokio::test]
async fn the_bundled_log_seeds_a_provider_once() {
    let text = std::fs::read_to_string(bundled_log()).unwrap();
    let log = mspkit::EventLog::from_jsonl(&text).unwrap();
    let provider = log.replay_provider().unwrap();
    let id = provider.id().to_string();
    let admin = provider.members().iter().find(|m| m.is_confirmed_admin()).unwrap().user_id().unwrap();

    let db = TempDb::new("seed");
    let running = mspkit_service::start(&config(&db, bundled_log())).await.unwrap();
    let mut client = common::client(&running);
    let report =
        client.call("GET", &format!("/providers/{id}/report"), Some(&admin.to_string()), None).await.unwrap();
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(report.json()["clients"].as_array().unwrap().len(), provider.clients().len());
    running.stop().await.unwrap();

    // a second start with the same seed adds nothing
    let again = mspkit_service::start(&config(&db, bundled_log())).await.unwrap();
    again.stop().await.unwrap();
    let store = Store::open_file(&db.0).unwrap();
    let sequences = store.sequences(&id).unwrap();
    assert_eq!(sequences.len(), log.events().len());
    assert_eq!(sequences.last().copied(), Some(provider.last_sequence()));
    let (version, snapshot) = store.snapshot(&id).unwrap().unwrap();
    assert_eq!(version, provider.last_sequence());
    assert_eq!(mspkit::Provider::from_json(&snapshot).unwrap(), provider);
}

#[tokio::test]
async fn a_broken_log_is_refused_with_its_line() {
    let text = std::fs::read_to_string(bundled_log()).unwrap();
    let broken: Vec<&str> = text.lines().enumerate().filter(|(i, _)| *i != 3).map(|(_, l)| l).collect();
    let path = std::env::temp_dir().join(format!("mspkit-service-broken-{}.jsonl", std::process::id()));
    std::fs::write(&path, broken.join("\n")).unwrap();
    let db = TempDb::new("broken-seed");
    let err = mspkit_service::start(&config(&db, path.clone())).await.unwrap_err();
    let _ = std::fs::remove_file(&path);
    match err {
        StartError::Seed { message, .. } => {
            // a line removed from a chained log: the line after it does not follow
            assert!(message.starts_with("event_chain_broken: line 4"), "{message}");
        }
        other => panic!("{other}"),
    }
}
