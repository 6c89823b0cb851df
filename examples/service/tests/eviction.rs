//! A bounded set of loaded providers (`--max-loaded-providers`): a service that serves more
//! providers than it keeps loaded drops the least recently used, loads them again (snapshot and
//! tail) when asked for, and answers exactly as a service that keeps them all.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a test fails loudly")]

mod common;

use common::{ADA, TempDb};
use mspkit_service::Location;
use serde_json::json;

/// Five providers round-robin, through a service keeping two loaded (snapshots every 3
/// events, so a reload is a snapshot plus a tail): every write continues the provider's own
/// version, every read sees every write before it, and no more than two stay loaded.
async fn more_providers_than_kept(db: Location) {
    let config = mspkit_service::Config { snapshot_every: 3, max_loaded_providers: 2, ..common::config(db) };
    let running = mspkit_service::start(&config).await.unwrap();
    let mut client = common::client(&running);
    let mut providers = Vec::new();
    for i in 0..5 {
        let (p, _) = common::billable_provider(&mut client, &format!("Provider {i}")).await;
        let created = common::ok(
            &mut client,
            "POST",
            &format!("/providers/{p}/clients"),
            Some(ADA),
            Some(json!({ "name": format!("Client {i}"), "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 })),
        )
        .await;
        let version = created["version"].as_u64().unwrap();
        providers.push((p, created["client"].as_str().unwrap().to_owned(), version));
    }
    assert!(running.app().loaded_providers().0 <= 2, "{:?}", running.app().loaded_providers());
    for round in 0..4u64 {
        for (i, (p, c, version)) in providers.iter_mut().enumerate() {
            let seats = 20 + round * 10 + i as u64;
            let written = common::ok(
                &mut client,
                "PUT",
                &format!("/providers/{p}/clients/{c}/seats"),
                Some(ADA),
                Some(json!({ "seats": seats })),
            )
            .await;
            let now = written["version"].as_u64().unwrap();
            assert!(now > *version, "provider {i}: version {now} after {version}");
            *version = now;
            let read = common::ok(&mut client, "GET", &format!("/providers/{p}"), Some(ADA), None).await;
            assert_eq!(read["last_sequence"].as_u64(), Some(now));
            let report =
                common::ok(&mut client, "GET", &format!("/providers/{p}/report"), Some(ADA), None).await;
            assert_eq!(report["clients"][0]["seats"].as_u64(), Some(seats), "provider {i}, round {round}");
            assert_eq!(report["clients"].as_array().map(Vec::len), Some(1));
            let (loaded, max) = running.app().loaded_providers();
            assert!(loaded <= max && max == 2, "{loaded} loaded, {max} kept at most");
        }
    }
    // every provider's log replays to what the service answers
    for (p, _, version) in &providers {
        let events = running.app().events(p.parse().unwrap()).unwrap();
        assert_eq!(events.len() as u64, *version);
    }
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_providers_than_kept_loaded_sqlite() {
    let db = TempDb::new("eviction");
    more_providers_than_kept(Location::File(db.0.clone())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_providers_than_kept_loaded_postgres() {
    let Some(db) = common::pg_db("eviction") else { return };
    more_providers_than_kept(db).await;
}
