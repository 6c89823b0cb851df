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
use mspkit_service::{App, Location, Store, app::LoadedFrom};
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
    provider_scenario(&Location::File(db.0.clone())).await;
}

#[tokio::test]
async fn a_provider_is_run_over_http_and_rebuilt_from_its_log_in_postgres() {
    if let Some(db) = common::pg_db("scenario") {
        provider_scenario(&db).await;
    }
}

async fn provider_scenario(db: &Location) {
    let running = common::start_at(db).await;
    let mut client = common::client(&running);
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
    let token = |i: usize| invited["invitations"][i]["token"].as_str().expect("a token").to_owned();
    // the member id and email alone no longer accept an invitation
    for forged in [
        json!({ "email": "grace@northwind.example", "token": "0.00" }),
        json!({ "email": "grace@northwind.example", "token": token(1) }),
    ] {
        let response = common::call(
            &mut client,
            "POST",
            &format!("{base}/members/{grace}/accept"),
            Some(MALLORY),
            Some(forged),
        )
        .await;
        assert_eq!(
            (response.status, response.json()["code"].as_str()),
            (403, Some("invitation_token_invalid")),
            "{}",
            response.body
        );
    }
    let missing = common::call(
        &mut client,
        "POST",
        &format!("{base}/members/{grace}/accept"),
        Some(MALLORY),
        Some(json!({ "email": "grace@northwind.example" })),
    )
    .await;
    assert_eq!(missing.status, 400, "{}", missing.body);
    for (i, (member, user, email)) in
        [(grace, GRACE, "grace@northwind.example"), (linus, LINUS, "linus@northwind.example")]
            .into_iter()
            .enumerate()
    {
        assert_eq!(invited["invitations"][i]["member"].as_str(), Some(member.as_str()));
        ok(
            &mut client,
            "POST",
            &format!("{base}/members/{member}/accept"),
            Some(user),
            Some(json!({ "email": email, "token": token(i) })),
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
        "token_missing",
    )
    .await;
    // a write against a version the client no longer holds
    let current = version(&mut client, &p).await;
    let stale = client
        .send(
            "PUT",
            &format!("{base}/clients/{}/seats", clients[1]),
            &[common::bearer(ADA), (mspkit_service::http::VERSION_HEADER, (current - 1).to_string())],
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
            &[common::bearer(ADA), (mspkit_service::http::VERSION_HEADER, current.to_string())],
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
    let store = mspkit_service::store::open(db).unwrap();
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
    store.forget_snapshot(&p).unwrap();
    store.save_snapshot(&p, final_version - 1, "{}").unwrap();
    drop(store);
    let app = App::new(mspkit_service::store::open(db).unwrap(), mspkit::TokenKey::new(&[1u8; 32]).unwrap());
    let id = p.parse().unwrap();
    let (loaded, from) = app.load(id).unwrap();
    assert_eq!((loaded, from), (snapshot, LoadedFrom::Replay));
    assert_eq!(app.load(id).unwrap().1, LoadedFrom::Snapshot);
}

/// The kinds of the events a write answered with.
fn kinds(written: &Value) -> Vec<String> {
    written["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["change"]["type"].as_str().expect("a kind").to_owned())
        .collect()
}

/// Reads that must leave the log where it was.
async fn read_only(
    client: &mut Client,
    provider: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Value {
    let before = version(client, provider).await;
    let answer = ok(client, method, path, Some(ADA), body).await;
    assert_eq!(version(client, provider).await, before, "{method} {path} appended events");
    answer
}

/// Stores an MSP set up by Ada whose subscription (automatic charge) began 70 days ago and
/// whose invoice of 40 days ago is open; returns its id.
fn overdue_provider(app: &App) -> String {
    use mspkit::billing::{CollectionMethod, Discount, Money, SeatPrices};
    use mspkit::chrono::TimeDelta;
    use mspkit::{Email, ProviderId, ProviderSettings, ProviderType, UserId};

    let now = mspkit_service::domain::now();
    let (began, invoiced) = (now - TimeDelta::days(70), now - TimeDelta::days(40));
    let ada = Email::new("ada@southwind.example").unwrap();
    let settings = ProviderSettings::new("Southwind IT")
        .unwrap()
        .with_billing_email(Some(Email::new("billing@southwind.example").unwrap()));
    let id = ProviderId::new(mspkit::uuid::Uuid::from_u128(0x5007_4000_8000_0000_0000_0000_0001));
    let (mut provider, mut events) = Provider::issue(id, ProviderType::Msp, settings, ada.clone(), began);
    events.extend(provider.set_up(ADA.parse::<UserId>().unwrap(), &ada, began).unwrap().events);
    events.extend(provider.mark_billable(began).unwrap());
    events.extend(
        provider
            .start_subscription(
                began.date_naive(),
                SeatPrices::reference(),
                Discount::default(),
                CollectionMethod::AutomaticCharge,
                began,
            )
            .unwrap(),
    );
    events.extend(provider.issue_invoice(Money::from_cents(40_000), invoiced).unwrap());
    app.create(&provider, &events).unwrap();
    id.to_string()
}

#[tokio::test]
async fn billing_and_policies_are_run_over_http_and_rebuilt_from_the_log() {
    let db = TempDb::new("billing-policies");
    let running = common::start(&db).await;
    let mut client = common::client(&running);
    let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
    let base = format!("/providers/{p}");
    let vendor = format!("/vendor/providers/{p}");

    // grace is a confirmed service user
    let invited = ok(
        &mut client,
        "POST",
        &format!("{base}/members"),
        Some(ADA),
        Some(json!({ "emails": ["grace@northwind.example"], "role": "service_user" })),
    )
    .await;
    let grace = invited["members"][0].as_str().unwrap().to_owned();
    let token = invited["invitations"][0]["token"].as_str().unwrap().to_owned();
    ok(
        &mut client,
        "POST",
        &format!("{base}/members/{grace}/accept"),
        Some(GRACE),
        Some(json!({ "email": "grace@northwind.example", "token": token })),
    )
    .await;
    ok(&mut client, "POST", &format!("{base}/members/{grace}/confirm"), Some(ADA), None).await;

    // no subscription yet: the billing reports are a conflict with the current state
    let today = mspkit_service::domain::now().date_naive();
    let month = today.format("%Y-%m").to_string();
    refused(&mut client, &p, ("GET", format!("{base}/psa"), Some(ADA), None), 409, "no_subscription").await;

    // the vendor starts the subscription (begun 70 days ago: the trial is over)
    let tomorrow = (today + mspkit::chrono::Days::new(1)).to_string();
    refused(
        &mut client,
        &p,
        ("POST", format!("{vendor}/subscription"), None, Some(json!({ "started_on": tomorrow }))),
        400,
        "subscription_start_in_future",
    )
    .await;
    let started_on = (today - mspkit::chrono::Days::new(70)).to_string();
    let started = ok(
        &mut client,
        "POST",
        &format!("{vendor}/subscription"),
        None,
        Some(json!({ "started_on": started_on, "prices": { "enterprise_monthly": "5.50" }, "discount": 10, "collection": "send_invoice" })),
    )
    .await;
    assert_eq!(kinds(&started), ["subscription_started"], "{started}");
    assert_eq!(started["events"][0]["actor"]["type"], "system", "{started}");
    refused(
        &mut client,
        &p,
        ("POST", format!("{vendor}/subscription"), None, None),
        409,
        "subscription_already_started",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{vendor}/subscription"), None, Some(json!({ "collection": "cheque" }))),
        400,
        "collection_unknown",
    )
    .await;

    // seat minimums: the vendor's and a billing manager's; a service user may not
    let minimum = ok(
        &mut client,
        "PUT",
        &format!("{vendor}/seat-minimums/teams_monthly"),
        None,
        Some(json!({ "minimum": 10 })),
    )
    .await;
    assert_eq!(kinds(&minimum), ["seat_minimum_changed"], "{minimum}");
    let minimum = ok(
        &mut client,
        "PUT",
        &format!("{base}/seat-minimums/enterprise_monthly"),
        Some(ADA),
        Some(json!({ "minimum": 20 })),
    )
    .await;
    assert_eq!(kinds(&minimum), ["seat_minimum_changed"], "{minimum}");
    assert_eq!(minimum["events"][0]["actor"]["type"], "member", "{minimum}");
    refused(
        &mut client,
        &p,
        (
            "PUT",
            format!("{base}/seat-minimums/enterprise_monthly"),
            Some(GRACE),
            Some(json!({ "minimum": 5 })),
        ),
        403,
        "provider_admin_only",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("PUT", format!("{vendor}/seat-minimums/bogus"), None, Some(json!({ "minimum": 5 }))),
        400,
        "plan_unknown",
    )
    .await;

    // prices and discount
    let prices = ok(
        &mut client,
        "PUT",
        &format!("{base}/prices"),
        Some(ADA),
        Some(json!({ "prices": { "teams_monthly": "3.50", "enterprise_monthly": 5.5 } })),
    )
    .await;
    assert_eq!(kinds(&prices), ["subscription_prices_changed"], "{prices}");
    refused(
        &mut client,
        &p,
        ("PUT", format!("{base}/prices"), Some(ADA), Some(json!({ "prices": { "teams_monthly": "-1" } }))),
        400,
        "price_negative",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("PUT", format!("{vendor}/prices"), None, Some(json!({ "prices": { "free": "1" } }))),
        409,
        "plan_not_billed",
    )
    .await;
    let discount =
        ok(&mut client, "PUT", &format!("{vendor}/discount"), None, Some(json!({ "discount": "12.5" })))
            .await;
    assert_eq!(kinds(&discount), ["subscription_discount_changed"], "{discount}");
    let same =
        ok(&mut client, "PUT", &format!("{base}/discount"), Some(ADA), Some(json!({ "discount": 12.5 })))
            .await;
    assert_eq!((same["events"].clone(), same["version"].clone()), (json!([]), discount["version"].clone()));
    refused(
        &mut client,
        &p,
        ("PUT", format!("{base}/discount"), Some(ADA), Some(json!({ "discount": 150 }))),
        400,
        "discount_invalid",
    )
    .await;

    // clients: a Teams client (no SSO) and an Enterprise client with a PSA reference
    let mut clients = Vec::new();
    for (name, plan, seats) in [("Contoso", "teams_monthly", 12), ("Tailspin", "enterprise_monthly", 25)] {
        let created = ok(
            &mut client,
            "POST",
            &format!("{base}/clients"),
            Some(ADA),
            Some(json!({ "name": name, "owner_email": format!("owner@{name}.example").to_lowercase(), "plan": plan, "seats": seats })),
        )
        .await;
        clients.push(created["client"].as_str().unwrap().to_owned());
    }
    let (contoso, tailspin) = (&clients[0], &clients[1]);
    let reference = ok(
        &mut client,
        "PUT",
        &format!("{base}/clients/{tailspin}/reference"),
        Some(ADA),
        Some(json!({ "reference": "TAIL-0042" })),
    )
    .await;
    assert_eq!(kinds(&reference), ["client_reference_set"], "{reference}");
    refused(
        &mut client,
        &p,
        (
            "PUT",
            "{base}/clients/00000000-0000-4000-8000-000000000123/reference".replace("{base}", &base),
            Some(ADA),
            Some(json!({ "reference": "X" })),
        ),
        404,
        "client_not_found",
    )
    .await;

    // the billing system invoices; the invoice is paid; paying again is refused
    let invoiced = ok(
        &mut client,
        "POST",
        &format!("{vendor}/subscription/invoice"),
        None,
        Some(json!({ "amount": "1234.50" })),
    )
    .await;
    assert_eq!(kinds(&invoiced), ["subscription_invoiced"], "{invoiced}");
    refused(
        &mut client,
        &p,
        ("POST", format!("{vendor}/subscription/invoice"), None, Some(json!({ "amount": "12.345" }))),
        400,
        "amount_invalid",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{vendor}/subscription/unpaid"), None, None),
        409,
        "invoice_not_overdue",
    )
    .await;
    let paid = ok(&mut client, "POST", &format!("{vendor}/subscription/pay"), None, None).await;
    assert_eq!(kinds(&paid), ["subscription_paid"], "{paid}");
    refused(
        &mut client,
        &p,
        ("POST", format!("{vendor}/subscription/pay"), None, None),
        409,
        "no_open_invoice",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{vendor}/subscription/cancel"), None, None),
        409,
        "subscription_not_unpaid",
    )
    .await;

    // billing reads: utilisation for any member, the rest for billing managers; none appends
    let seats = read_only(&mut client, &p, "GET", &format!("{base}/seats?idle=5"), None).await;
    assert_eq!(seats["idle_threshold"], 5, "{seats}");
    assert_eq!(seats["clients"].as_array().unwrap().len(), 2, "{seats}");
    let by_grace = ok(&mut client, "GET", &format!("{base}/seats"), Some(GRACE), None).await;
    assert_eq!(by_grace["idle_threshold"], mspkit_service::domain::DEFAULT_IDLE, "{by_grace}");
    refused(&mut client, &p, ("GET", format!("{base}/seats"), Some(MALLORY), None), 403, "not_a_member")
        .await;
    refused(
        &mut client,
        &p,
        ("GET", format!("{base}/seats?idle=many"), Some(ADA), None),
        400,
        "query_invalid",
    )
    .await;

    let invoice = read_only(&mut client, &p, "GET", &format!("{base}/invoices/{month}"), None).await;
    assert_eq!(invoice["month"], month, "{invoice}");
    assert!(!invoice["lines"].as_array().unwrap().is_empty(), "{invoice}");
    let csv = call(&mut client, "GET", &format!("{base}/invoices/{month}?format=csv"), Some(ADA), None).await;
    assert_eq!((csv.status, csv.header("content-type")), (200, Some("text/csv")), "{}", csv.body);
    assert_eq!(csv.body.lines().next(), Some("Client,Id,Assigned,Used,Remaining,Plan,Estimated total"));
    // CRLF record ends, as the reference's client invoice report (issue 15).
    assert!(csv.body.ends_with("\r\n") && !csv.body.replace("\r\n", "").contains('\n'), "{:?}", csv.body);
    assert!(csv.body.contains("Tailspin") && csv.body.contains("Contoso"), "{}", csv.body);
    refused(
        &mut client,
        &p,
        ("GET", format!("{base}/invoices/{month}"), Some(GRACE), None),
        403,
        "provider_admin_only",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("GET", format!("{base}/invoices/2026-13"), Some(ADA), None),
        400,
        "period_invalid",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("GET", format!("{base}/invoices/{month}?format=xml"), Some(ADA), None),
        400,
        "format_unknown",
    )
    .await;

    let psa = call(&mut client, "GET", &format!("{base}/psa"), Some(ADA), None).await;
    assert_eq!((psa.status, psa.header("content-type")), (200, Some("text/csv")), "{}", psa.body);
    assert!(psa.body.contains("TAIL-0042"), "{}", psa.body);
    let psa_json = read_only(&mut client, &p, "GET", &format!("{base}/psa?format=json"), None).await;
    assert!(psa_json.to_string().contains("TAIL-0042"), "{psa_json}");
    refused(&mut client, &p, ("GET", format!("{base}/psa"), Some(GRACE), None), 403, "provider_admin_only")
        .await;
    refused(
        &mut client,
        &p,
        ("GET", format!("{base}/psa?format=xml"), Some(ADA), None),
        400,
        "format_unknown",
    )
    .await;

    // what-if: the CLI's CHANGES document, tried on a copy
    let changes = json!({ "changes": [
        { "client": "Contoso", "seats": 30 },
        { "plan": "enterprise_monthly", "seat_minimum": 40 }
    ] });
    let what_if = read_only(&mut client, &p, "POST", &format!("{base}/what-if"), Some(changes.clone())).await;
    assert_eq!(what_if["outcomes"].as_array().unwrap().len(), 2, "{what_if}");
    assert_eq!(what_if["outcomes"][0]["purchase"], true, "{what_if}");
    refused(
        &mut client,
        &p,
        ("POST", format!("{base}/what-if"), Some(GRACE), Some(changes)),
        403,
        "provider_admin_only",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{base}/what-if"), Some(ADA), Some(json!({ "changes": "all of them" }))),
        400,
        "what_if_invalid",
    )
    .await;

    // client policies: enable, change, disable, read
    let policies = format!("{base}/clients/{tailspin}/policies");
    let enabled = ok(&mut client, "POST", &format!("{policies}/single_org/enable"), Some(GRACE), None).await;
    assert_eq!(kinds(&enabled), ["client_policy_changed"], "{enabled}");
    let enabled = ok(
        &mut client,
        "POST",
        &format!("{policies}/master_password/enable"),
        Some(ADA),
        Some(json!({ "settings": { "min_length": 12, "min_complexity": 3 } })),
    )
    .await;
    assert_eq!(kinds(&enabled), ["client_policy_changed"], "{enabled}");
    let settings_saved = ok(
        &mut client,
        "PUT",
        &format!("{policies}/master_password"),
        Some(ADA),
        Some(json!({ "settings": { "min_length": 14, "min_complexity": 3 } })),
    )
    .await;
    assert_eq!(kinds(&settings_saved), ["client_policy_changed"], "{settings_saved}");
    refused(
        &mut client,
        &p,
        (
            "PUT",
            format!("{policies}/master_password"),
            Some(ADA),
            Some(json!({ "settings": { "min_length": 1000 } })),
        ),
        400,
        "policy_setting_out_of_range",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{base}/clients/{contoso}/policies/require_sso/enable"), Some(ADA), None),
        409,
        "policy_not_on_plan",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{policies}/bogus/enable"), Some(ADA), None),
        400,
        "unknown_policy",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{policies}/single_org/enable"), Some(MALLORY), None),
        403,
        "not_a_member",
    )
    .await;
    let disabled = ok(&mut client, "POST", &format!("{policies}/single_org/disable"), Some(ADA), None).await;
    assert_eq!(kinds(&disabled), ["client_policy_changed"], "{disabled}");
    // Disabling a policy that is off succeeds with no event (the reference's SavePolicyCommand).
    let again = ok(&mut client, "POST", &format!("{policies}/single_org/disable"), Some(ADA), None).await;
    assert!(kinds(&again).is_empty(), "{again}");
    let read = read_only(&mut client, &p, "GET", &policies, None).await;
    assert_eq!(read["client"], json!(tailspin), "{read}");
    assert_eq!(
        read["policies"],
        json!([
            {
                "policy": "master_password",
                "enabled": true,
                "settings": {
                    "enforce_on_login": false, "min_complexity": 3, "min_length": 14, "require_lower": false,
                    "require_numbers": false, "require_special": false, "require_upper": false
                }
            },
            { "policy": "single_org", "enabled": false }
        ]),
        "{read}"
    );
    refused(
        &mut client,
        &p,
        ("GET", format!("{base}/clients/00000000-0000-4000-8000-000000000123/policies"), Some(ADA), None),
        404,
        "client_not_found",
    )
    .await;

    // remediation: the plan made from the client's policies and a baseline, carried out at once
    let standard = json!({ "name": "standard", "policies": {
        "single_org": {},
        "master_password": { "min_length": 16 },
        "disable_personal_vault_export": {}
    } });
    let remediated = ok(
        &mut client,
        "POST",
        &format!("{base}/clients/{tailspin}/remediate"),
        Some(ADA),
        Some(standard.clone()),
    )
    .await;
    let steps = remediated["steps"].as_u64().unwrap();
    assert_eq!(steps, 3, "{remediated}");
    assert_eq!(kinds(&remediated), ["client_policy_changed"; 3], "{remediated}");
    assert_eq!(remediated["unfixable"], json!([]), "{remediated}");
    let checked =
        ok(&mut client, "POST", &format!("{base}/compliance"), Some(ADA), Some(standard.clone())).await;
    let tailspin_check =
        checked["clients"].as_array().unwrap().iter().find(|c| c["client_name"] == "Tailspin").unwrap();
    assert_eq!(tailspin_check["findings"], json!([]), "{checked}");
    let again = ok(
        &mut client,
        "POST",
        &format!("{base}/clients/{tailspin}/remediate"),
        Some(ADA),
        Some(standard.clone()),
    )
    .await;
    assert_eq!((again["steps"].clone(), again["events"].clone()), (json!(0), json!([])), "{again}");
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/clients/00000000-0000-4000-8000-000000000123/remediate"),
            Some(ADA),
            Some(standard.clone()),
        ),
        404,
        "client_not_found",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{base}/clients/{contoso}/remediate"), Some(MALLORY), Some(standard)),
        403,
        "not_a_member",
    )
    .await;
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/clients/{contoso}/remediate"),
            Some(ADA),
            Some(json!({ "policies": { "master_password": { "min_length": "long" } } })),
        ),
        400,
        "baseline_invalid_value",
    )
    .await;

    // compliance against a baseline posted in the body, TOML or JSON
    let toml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../baseline.toml")).unwrap();
    let before = version(&mut client, &p).await;
    let report = client
        .send(
            "POST",
            &format!("{base}/compliance"),
            &[common::bearer(GRACE), ("content-type", "text/plain".to_owned())],
            Some(&toml),
        )
        .await
        .unwrap();
    // a cross-site page can send `text/plain`: refused before the endpoint
    assert_eq!(report.status, 415, "{}", report.body);
    let report = client
        .send(
            "POST",
            &format!("{base}/compliance"),
            &[common::bearer(GRACE), ("content-type", "application/toml".to_owned())],
            Some(&toml),
        )
        .await
        .unwrap();
    assert_eq!(report.status, 200, "{}", report.body);
    let report = report.json();
    assert_eq!(report["compliant"], false, "{report}");
    assert_eq!(report["clients"].as_array().unwrap().len(), 2, "{report}");
    let json_baseline =
        json!({ "name": "passwords", "policies": { "master_password": { "min_length": 14 } } });
    let from_json =
        ok(&mut client, "POST", &format!("{base}/compliance"), Some(ADA), Some(json_baseline.clone())).await;
    assert_eq!(from_json["baseline"], "passwords", "{from_json}");
    let junit = client
        .send(
            "POST",
            &format!("{base}/compliance?format=junit&now=2026-12-01T00:00:00Z"),
            &[common::bearer(ADA), ("content-type", "application/toml".to_owned())],
            Some(&toml),
        )
        .await
        .unwrap();
    assert_eq!(
        (junit.status, junit.header("content-type")),
        (200, Some("application/xml")),
        "{}",
        junit.body
    );
    assert!(junit.body.starts_with("<?xml") && junit.body.contains("<testsuite"), "{}", junit.body);
    assert_eq!(version(&mut client, &p).await, before, "compliance appended events");
    refused(
        &mut client,
        &p,
        (
            "POST",
            format!("{base}/compliance"),
            Some(ADA),
            Some(json!({ "policies": { "no_such_policy": {} } })),
        ),
        400,
        "baseline_unknown_policy",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{base}/compliance?now=yesterday"), Some(ADA), Some(json!({ "policies": {} }))),
        400,
        "query_invalid",
    )
    .await;
    refused(
        &mut client,
        &p,
        ("POST", format!("{base}/compliance"), Some(MALLORY), Some(json_baseline)),
        403,
        "not_a_member",
    )
    .await;
    // a second provider charged automatically, stored with its history (an invoice issued 40
    // days ago, so its failed charge is overdue): it is declared unpaid (provider disabled), may
    // not be cancelled before 7 days, and is enabled again when paid
    let q = overdue_provider(running.app());
    let vendor_q = format!("/vendor/providers/{q}");
    let prices = ok(
        &mut client,
        "PUT",
        &format!("{vendor_q}/prices"),
        None,
        Some(json!({ "prices": { "teams_monthly": "3.75" } })),
    )
    .await;
    assert_eq!(kinds(&prices), ["subscription_prices_changed"], "{prices}");
    refused(
        &mut client,
        &q,
        ("PUT", format!("{vendor_q}/discount"), None, Some(json!({ "discount": "ten" }))),
        400,
        "discount_invalid",
    )
    .await;
    refused(
        &mut client,
        &q,
        ("POST", format!("{vendor_q}/subscription/invoice"), None, Some(json!({ "amount": 400 }))),
        409,
        "invoice_already_open",
    )
    .await;
    let unpaid = ok(&mut client, "POST", &format!("{vendor_q}/subscription/unpaid"), None, None).await;
    assert_eq!(kinds(&unpaid), ["subscription_unpaid", "provider_disabled"], "{unpaid}");
    refused(
        &mut client,
        &q,
        ("POST", format!("{vendor_q}/subscription/cancel"), None, None),
        409,
        "cancel_too_early",
    )
    .await;
    let paid = ok(&mut client, "POST", &format!("{vendor_q}/subscription/pay"), None, None).await;
    assert_eq!(kinds(&paid), ["subscription_paid", "provider_enabled"], "{paid}");
    running.stop().await.unwrap();

    // the database read back: every billing and policy command is in the log, and the provider
    // rebuilt from the events table equals the snapshot
    let store = Store::open_file(&db.0).unwrap();
    let events: Vec<Event> =
        store.events(&p).unwrap().iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let stored_kinds: Vec<&str> = events.iter().map(|e| e.change.name()).collect();
    for kind in [
        "subscription_started",
        "seat_minimum_changed",
        "subscription_prices_changed",
        "subscription_discount_changed",
        "client_reference_set",
        "subscription_invoiced",
        "subscription_paid",
        "client_policy_changed",
    ] {
        assert!(stored_kinds.contains(&kind), "{kind} not stored: {stored_kinds:?}");
    }
    assert_eq!(stored_kinds.iter().filter(|k| **k == "client_policy_changed").count(), 4 + 3);
    let replayed = Provider::replay(&events).unwrap();
    let (snapshot_version, snapshot) = store.snapshot(&p).unwrap().unwrap();
    assert_eq!(snapshot_version, replayed.last_sequence());
    let snapshot = Provider::from_json(&snapshot).unwrap();
    assert_eq!(replayed, snapshot);
    assert_eq!(replayed.to_json(), snapshot.to_json());
    let subscription = replayed.subscription().expect("a subscription");
    assert_eq!(subscription.discount().to_string(), "12.5%");
    assert_eq!(replayed.seat_minimums().values().copied().collect::<Vec<_>>(), [10, 20]);
    let events: Vec<Event> =
        store.events(&q).unwrap().iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let replayed = Provider::replay(&events).unwrap();
    let snapshot = Provider::from_json(&store.snapshot(&q).unwrap().unwrap().1).unwrap();
    assert_eq!(replayed, snapshot);
    assert!(replayed.enabled());
}
