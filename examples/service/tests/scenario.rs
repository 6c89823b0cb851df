//! A whole scenario over HTTP against a service on an ephemeral loopback port, then the
//! database read back: the provider rebuilt from the events table equals the snapshot.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::too_many_lines,
    reason = "a test fails loudly; one scenario reads best as one story"
)]

mod common;

use common::{ADA, GRACE, LINUS, MALLORY, TempDb, call, ok};
use mspkit::{Event, Provider};
use mspkit_service::client::Client;
use mspkit_service::{App, Store, app::LoadedFrom};
use serde_json::{Value, json};

/// Sends a request that must be refused with `status` and `code`, and checks the provider's
/// log did not move.
async fn refused(
    client: &mut Client,
    provider: &str,
    (method, path, user, body): (&str, String, Option<&str>, Option<Value>),
    status: u16,
    code: &str,
) {
    let before = version(client, provider).await;
    let response = call(client, method, &path, user, body).await;
    assert_eq!(response.status, status, "{method} {path}: {}", response.body);
    let error = response.json();
    assert_eq!(error["code"], code, "{}", response.body);
    let message = error["message"].as_str().expect("a message");
    assert!(!message.is_empty() && !message.ends_with('.'), "{message}");
    assert_eq!(version(client, provider).await, before, "a refused command changed the log");
}

async fn version(client: &mut Client, provider: &str) -> u64 {
    let document = ok(client, "GET", &format!("/providers/{provider}"), Some(ADA), None).await;
    document["last_sequence"].as_u64().expect("a version")
}

#[tokio::test]
async fn a_provider_is_run_over_http_and_rebuilt_from_its_log() {
    let db = TempDb::new("scenario");
    let running = common::start(&db).await;
    let mut client = Client::new(running.addr());
    let (p, ada) = common::billable_provider(&mut client, "Northwind IT").await;
    let base = format!("/providers/{p}");

    // the team: two service users invited, accepted and confirmed
    let invited = ok(
        &mut client,
        "POST",
        &format!("{base}/members"),
        Some(ADA),
        Some(json!({ "emails": ["grace@northwind.example", "linus@northwind.example"], "role": "service_user" })),
    )
    .await;
    let members: Vec<String> = invited["members"]
        .as_array()
        .expect("new member ids")
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(members.len(), 2);
    assert_eq!(invited["events"].as_array().unwrap().len(), 2);
    let (grace, linus) = (&members[0], &members[1]);
    for (member, user, email) in
        [(grace, GRACE, "grace@northwind.example"), (linus, LINUS, "linus@northwind.example")]
    {
        ok(
            &mut client,
            "POST",
            &format!("{base}/members/{member}/accept"),
            Some(user),
            Some(json!({ "email": email })),
        )
        .await;
        ok(&mut client, "POST", &format!("{base}/members/{member}/confirm"), Some(ADA), None).await;
    }
    // linus is promoted, revoked, restored, then leaves
    ok(
        &mut client,
        "PUT",
        &format!("{base}/members/{linus}/role"),
        Some(ADA),
        Some(json!({ "role": "provider_admin" })),
    )
    .await;
    ok(&mut client, "POST", &format!("{base}/members/{linus}/revoke"), Some(ADA), None).await;
    ok(&mut client, "POST", &format!("{base}/members/{linus}/restore"), Some(ADA), None).await;
    ok(&mut client, "POST", &format!("{base}/leave"), Some(LINUS), None).await;

    // clients created, seats changed
    let mut clients = Vec::new();
    for (name, seats) in [("Contoso", 10), ("Fabrikam", 5)] {
        let created = ok(
            &mut client,
            "POST",
            &format!("{base}/clients"),
            Some(ADA),
            Some(json!({ "name": name, "owner_email": format!("owner@{name}.example").to_lowercase(), "plan": "teams_monthly", "seats": seats })),
        )
        .await;
        clients.push(created["client"].as_str().expect("a client id").to_owned());
    }
    let seats = ok(
        &mut client,
        "PUT",
        &format!("{base}/clients/{}/seats", clients[0]),
        Some(ADA),
        Some(json!({ "seats": 12 })),
    )
    .await;
    assert_eq!(seats["events"][0]["change"]["type"], "client_seats_changed", "{seats}");
    // the same seat count again changes nothing: no event, same version
    let same = ok(
        &mut client,
        "PUT",
        &format!("{base}/clients/{}/seats", clients[0]),
        Some(ADA),
        Some(json!({ "seats": 12 })),
    )
    .await;
    assert_eq!(same["events"], json!([]));
    assert_eq!(same["version"], seats["version"]);

    // one refused command per category, none of which touches the log
    let unknown_client = "00000000-0000-4000-8000-000000000123";
    refused(
        &mut client,
        &p,
        ("PUT", format!("{base}/clients/{unknown_client}/seats"), Some(GRACE), Some(json!({ "seats": 3 }))),
        404,
        "client_not_found",
    )
    .await;
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/members"),
            Some(GRACE),
            Some(json!({ "emails": ["eve@example.com"], "role": "service_user" })),
        ),
        403,
        "provider_admin_only",
    )
    .await;
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/members"),
            Some(MALLORY),
            Some(json!({ "emails": ["eve@example.com"], "role": "service_user" })),
        ),
        403,
        "not_a_member",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("PUT", format!("{base}/clients/{}/seats", clients[1]), Some(ADA), Some(json!({ "seats": 0 }))),
        400,
        "seats_zero",
    )
    .await;
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/members"),
            Some(ADA),
            Some(json!({ "emails": ["not an email"], "role": "service_user" })),
        ),
        400,
        "email_invalid",
    )
    .await;
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/members"),
            Some(ADA),
            Some(json!({ "emails": ["grace@northwind.example"], "role": "service_user" })),
        ),
        409,
        "already_member",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{base}/members/{ada}/revoke"), Some(ADA), None),
        409,
        "last_confirmed_admin",
    )
    .await;
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/clients"),
            Some(ADA),
            Some(json!({ "name": "Initech", "plan": "teams_monthly", "seats": 3 })),
        ),
        422,
        "request_document_invalid",
    )
    .await;
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/members"),
            None,
            Some(json!({ "emails": ["eve@example.com"], "role": "service_user" })),
        ),
        401,
        "user_header_missing",
    )
    .await;
    // a write against a version the client no longer holds
    let current = version(&mut client, &p).await;
    let stale = client
        .send(
            "PUT",
            &format!("{base}/clients/{}/seats", clients[1]),
            &[
                (mspkit_service::http::USER_HEADER, ADA.to_owned()),
                (mspkit_service::http::VERSION_HEADER, (current - 1).to_string()),
            ],
            Some(r#"{"seats": 6}"#),
        )
        .await
        .unwrap();
    assert_eq!(
        (stale.status, stale.json()["code"].clone()),
        (409, json!("version_conflict")),
        "{}",
        stale.body
    );
    let fresh = client
        .send(
            "PUT",
            &format!("{base}/clients/{}/seats", clients[1]),
            &[
                (mspkit_service::http::USER_HEADER, ADA.to_owned()),
                (mspkit_service::http::VERSION_HEADER, current.to_string()),
            ],
            Some(r#"{"seats": 6}"#),
        )
        .await
        .unwrap();
    assert_eq!(fresh.status, 200, "{}", fresh.body);

    // the report and the exports
    let report = ok(&mut client, "GET", &format!("{base}/report"), Some(GRACE), None).await;
    assert_eq!(report["clients"].as_array().unwrap().len(), 2, "{report}");
    let log = call(&mut client, "GET", &format!("{base}/events"), Some(ADA), None).await;
    assert_eq!(log.status, 200);
    let csv = call(&mut client, "GET", &format!("{base}/events?format=csv"), Some(ADA), None).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv"));
    let final_version = version(&mut client, &p).await;
    assert_eq!(csv.body.lines().count() as u64, final_version + 1, "a header row and one row per event");
    // a service user may not export
    let denied = call(&mut client, "GET", &format!("{base}/events"), Some(GRACE), None).await;
    assert_eq!(denied.status, 403);
    running.stop().await.unwrap();

    // the database read back: a gapless log, and the replayed provider equals the snapshot
    let store = Store::open_file(&db.0).unwrap();
    assert_eq!(store.providers().unwrap(), vec![p.clone()]);
    let sequences = store.sequences(&p).unwrap();
    assert_eq!(sequences, (1..=final_version).collect::<Vec<_>>());
    let events: Vec<Event> =
        store.events(&p).unwrap().iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let replayed = Provider::replay(&events).unwrap();
    let (snapshot_version, snapshot) = store.snapshot(&p).unwrap().unwrap();
    assert_eq!(snapshot_version, final_version);
    let snapshot = Provider::from_json(&snapshot).unwrap();
    assert_eq!(replayed, snapshot);
    assert_eq!(replayed.to_json(), snapshot.to_json());
    // what the log served over HTTP is exactly the stored events
    let served = mspkit::EventLog::from_jsonl(&log.body).unwrap().into_events();
    assert_eq!(served, events);
    assert_eq!(replayed.clients().len(), 2);
    assert_eq!(replayed.members().len(), 2, "ada and grace; linus left");

    // a stale snapshot is ignored: the provider is rebuilt by replay, and the snapshot renewed
    store.save_snapshot(&p, final_version, "{}").unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&db.0).unwrap();
    conn.execute("UPDATE snapshots SET version = version - 1", []).unwrap();
    drop(conn);
    let app = App::new(Store::open_file(&db.0).unwrap());
    let id = p.parse().unwrap();
    let (loaded, from) = app.load(id).unwrap();
    assert_eq!((loaded, from), (snapshot, LoadedFrom::Replay));
    assert_eq!(app.load(id).unwrap().1, LoadedFrom::Snapshot);
}
