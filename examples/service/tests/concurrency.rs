//! Many simultaneous changes to one provider: each applies or is refused with a typed error,
//! the log has no gap and no duplicate, and no invitation is lost. Two services share the
//! database file (and, with `MSPKIT_TEST_PG`, one PostgreSQL database), so the version contract
//! is exercised across connections too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::collections::BTreeSet;

use common::{ADA, TempDb, ok};
use mspkit::{Event, Provider};
use mspkit_service::Location;
use mspkit_service::client::Client;
use serde_json::json;

const INVITES: usize = 24;
const SEAT_CHANGES: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_changes_to_one_provider_lose_nothing() {
    let db = TempDb::new("concurrency");
    simultaneous_changes(&Location::File(db.0.clone())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_changes_through_two_services_on_one_postgres_database_lose_nothing() {
    if let Some(db) = common::pg_db("concurrency") {
        simultaneous_changes(&db).await;
    }
}

async fn simultaneous_changes(db: &Location) {
    let running = common::start_at(db).await;
    // two services on one database, as two processes of one deployment would be (on one machine
    // or, with PostgreSQL, on two): the version check and the primary key hold across their
    // connections
    let second = common::start_at(db).await;
    let addrs = [running.addr(), second.addr()];
    let addr = running.addr();
    let mut client = Client::with_signer(addr, std::sync::Arc::clone(&common::keys().signer));
    let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
    let created = ok(
        &mut client,
        "POST",
        &format!("/providers/{p}/clients"),
        Some(ADA),
        Some(json!({ "name": "Contoso", "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 })),
    )
    .await;
    let contoso = created["client"].as_str().unwrap().to_owned();

    // every request on its own connection, all started before any is awaited
    let mut tasks = Vec::new();
    for i in 0..INVITES {
        let path = format!("/providers/{p}/members");
        let addr = addrs[i % 2];
        tasks.push(tokio::spawn(async move {
            let mut client = Client::with_signer(addr, std::sync::Arc::clone(&common::keys().signer));
            let email = format!("tech{i}@northwind.example");
            let body = json!({ "emails": [email.clone()], "role": "service_user" });
            (Some(email), client.call("POST", &path, Some(ADA), Some(&body)).await.unwrap())
        }));
    }
    for i in 0..SEAT_CHANGES {
        let path = format!("/providers/{p}/clients/{contoso}/seats");
        let addr = addrs[(i + 1) % 2];
        tasks.push(tokio::spawn(async move {
            let mut client = Client::with_signer(addr, std::sync::Arc::clone(&common::keys().signer));
            let body = json!({ "seats": 11 + i });
            (None, client.call("PUT", &path, Some(ADA), Some(&body)).await.unwrap())
        }));
    }
    let mut invited = BTreeSet::new();
    let mut applied_seat_changes = 0;
    for task in tasks {
        let (email, response) = task.await.unwrap();
        if response.status == 200 {
            assert!(!response.json()["events"].as_array().unwrap().is_empty());
            match email {
                Some(email) => {
                    invited.insert(email);
                }
                None => applied_seat_changes += 1,
            }
        } else {
            // refused: only with a typed error, never a bare failure
            let error = response.json();
            assert!(error["code"].is_string() && error["message"].is_string(), "{}", response.body);
            assert_eq!((response.status, error["code"].as_str().unwrap()), (409, "version_conflict"));
        }
    }
    println!(
        "{} invitations and {applied_seat_changes} seat changes applied; {} + {} writes retried after a version conflict",
        invited.len(),
        running.app().retries(),
        second.app().retries()
    );
    running.stop().await.unwrap();
    second.stop().await.unwrap();

    let store = mspkit_service::store::open(db).unwrap();
    let sequences = store.sequences(&p).unwrap();
    let last = *sequences.last().unwrap();
    assert_eq!(sequences, (1..=last).collect::<Vec<_>>(), "no gap and no duplicate");
    let events: Vec<Event> =
        store.events(&p).unwrap().iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let provider = Provider::replay(&events).unwrap();
    let members: BTreeSet<String> = provider.members().iter().map(|m| m.email().to_string()).collect();
    for email in &invited {
        assert!(members.contains(email), "invitation of {email} lost");
    }
    // exactly the applied commands are in the log: set-up etc. (4 events), one per invitation,
    // one per seat change
    assert_eq!(usize::try_from(last).unwrap(), 4 + invited.len() + applied_seat_changes);
    assert_eq!(members.len(), 1 + invited.len());
    // under this load nearly everything applies; a refusal must stay the exception
    assert!(invited.len() >= INVITES / 2, "only {} of {INVITES} invitations applied", invited.len());
    let (version, snapshot) = store.snapshot(&p).unwrap().unwrap();
    assert_eq!(version, last);
    assert_eq!(Provider::from_json(&snapshot).unwrap(), provider);
}
