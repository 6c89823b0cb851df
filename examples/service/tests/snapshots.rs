//! Constant cost per request: a write appends its events and writes a snapshot only every N
//! events; a load is the latest snapshot plus the events after it, equal to a replay; a process
//! whose loaded copy is behind (another process wrote) catches up by applying the new events.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a test fails loudly")]

mod common;

use common::{ADA, TempDb};
use mspkit::{Event, Provider};
use mspkit_service::app::LoadedFrom;
use mspkit_service::{App, Location, Store};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_every_n_events_and_loads_from_snapshot_and_tail() {
    let db = TempDb::new("snapshots");
    let config = mspkit_service::Config { snapshot_every: 5, ..common::config(Location::File(db.0.clone())) };
    let first = mspkit_service::start(&config).await.unwrap();
    let second = mspkit_service::start(&config).await.unwrap();
    let mut a = common::client(&first);
    let mut b = common::client(&second);
    let (p, _) = common::billable_provider(&mut a, "Northwind IT").await;
    let created = common::ok(
        &mut a,
        "POST",
        &format!("/providers/{p}/clients"),
        Some(ADA),
        Some(json!({ "name": "Contoso", "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 })),
    )
    .await;
    let seats = format!("/providers/{p}/clients/{}/seats", created["client"].as_str().unwrap());
    for k in 0..23u64 {
        // alternate processes: each finds its loaded copy behind and applies the other's events
        let client = if k % 2 == 0 { &mut a } else { &mut b };
        let written = common::ok(client, "PUT", &seats, Some(ADA), Some(json!({ "seats": 20 + k }))).await;
        let read = common::ok(client, "GET", &format!("/providers/{p}"), Some(ADA), None).await;
        assert_eq!(read["last_sequence"], written["version"]);
    }
    let store = Store::open_file(&db.0).unwrap();
    let last = *store.sequences(&p).unwrap().last().unwrap();
    let (snapshot_version, _) = store.snapshot(&p).unwrap().unwrap();
    assert!(
        snapshot_version < last && last - snapshot_version < 5,
        "snapshot {snapshot_version}, log {last}"
    );
    let events: Vec<Event> =
        store.events(&p).unwrap().iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let app = App::new(store, mspkit::TokenKey::new(&[1u8; 32]).unwrap());
    let (loaded, from) = app.load(p.parse().unwrap()).unwrap();
    assert_eq!(from, LoadedFrom::Snapshot);
    assert_eq!(loaded, Provider::replay(&events).unwrap());
    assert_eq!(loaded.client(created["client"].as_str().unwrap().parse().unwrap()).unwrap().seats(), 42);
    first.stop().await.unwrap();
    second.stop().await.unwrap();
}

/// A write runs on the loaded copy without reading the log's last sequence first: a copy behind
/// the log (another process wrote) conflicts and runs again, and the answers no append checks —
/// a refusal, a command that changes nothing — are judged again on the log as stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_on_a_copy_behind_the_log_is_judged_on_the_log() {
    let db = TempDb::new("stale-copy");
    let config = common::config(Location::File(db.0.clone()));
    let first = mspkit_service::start(&config).await.unwrap();
    let second = mspkit_service::start(&config).await.unwrap();
    let mut a = common::client(&first);
    let mut b = common::client(&second);
    let (p, _) = common::billable_provider(&mut a, "Northwind IT").await;
    let contoso = json!({ "name": "Contoso", "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 });
    let created =
        common::ok(&mut a, "POST", &format!("/providers/{p}/clients"), Some(ADA), Some(contoso)).await;
    let seats = format!("/providers/{p}/clients/{}/seats", created["client"].as_str().unwrap());
    // both processes load the provider
    common::ok(&mut a, "GET", &format!("/providers/{p}"), Some(ADA), None).await;
    common::ok(&mut b, "GET", &format!("/providers/{p}"), Some(ADA), None).await;
    // the second creates a client the first's copy does not know: a seat change to it through
    // the first is refused on its copy, judged again on the log, and done
    let fabrikam = json!({ "name": "Fabrikam", "owner_email": "owner@fabrikam.example", "plan": "teams_monthly", "seats": 5 });
    let new = common::ok(&mut b, "POST", &format!("/providers/{p}/clients"), Some(ADA), Some(fabrikam)).await;
    let new_seats = format!("/providers/{p}/clients/{}/seats", new["client"].as_str().unwrap());
    let written = common::ok(&mut a, "PUT", &new_seats, Some(ADA), Some(json!({ "seats": 7 }))).await;
    assert_eq!(written["version"].as_u64(), Some(new["version"].as_u64().unwrap() + 1));
    // the second sets 20 seats; 10 through the first (its copy would say nothing changes) is a
    // change on the log: one event, the next version
    let twenty = common::ok(&mut b, "PUT", &seats, Some(ADA), Some(json!({ "seats": 20 }))).await;
    common::ok(&mut a, "GET", &format!("/providers/{p}"), Some(ADA), None).await;
    let ten = common::ok(&mut b, "PUT", &seats, Some(ADA), Some(json!({ "seats": 10 }))).await;
    let again = common::ok(&mut a, "PUT", &seats, Some(ADA), Some(json!({ "seats": 20 }))).await;
    assert_eq!(again["events"].as_array().map(Vec::len), Some(1), "{again}");
    assert_eq!(again["version"].as_u64(), Some(ten["version"].as_u64().unwrap() + 1));
    assert!(twenty["version"].as_u64() < ten["version"].as_u64());
    // and a change the log already has, through a copy behind it, appends nothing
    let same = common::ok(&mut b, "PUT", &seats, Some(ADA), Some(json!({ "seats": 30 }))).await;
    let nothing = common::ok(&mut a, "PUT", &seats, Some(ADA), Some(json!({ "seats": 30 }))).await;
    assert_eq!(nothing["events"].as_array().map(Vec::len), Some(0), "{nothing}");
    assert_eq!(nothing["version"], same["version"]);
    // a refusal stays a refusal once judged on the log
    let refused = common::call(&mut a, "PUT", &seats, Some(ADA), Some(json!({ "seats": 0 }))).await;
    assert!(refused.status >= 400, "{}", refused.body);
    first.stop().await.unwrap();
    second.stop().await.unwrap();
}
