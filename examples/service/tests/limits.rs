//! The limits as an attacker meets them: a slow or half-sent request, an idle connection, a
//! body over the limit, too many connections, too many requests, a wrong method — each closed or
//! refused in the `{code, message}` shape — and a stop that ends while a client holds a request.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::time::Duration;

use common::{ADA, TempDb};
use mspkit_service::serve::Limits;
use mspkit_service::{Location, Running};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous bound on how long a test waits for the service to act (never reached when it does).
const PATIENCE: Duration = Duration::from_secs(20);

async fn start(db: &TempDb, limits: Limits) -> Running {
    let config = mspkit_service::Config { limits, ..common::config(Location::File(db.0.clone())) };
    mspkit_service::start(&config).await.expect("service starts")
}

fn short() -> Limits {
    Limits {
        header_read: Duration::from_secs(1),
        request: Duration::from_secs(1),
        body_bytes: 1024,
        connections: 4,
        per_account_per_second: 1000,
        shutdown: Duration::from_secs(1),
    }
}

/// Reads until the server closes the connection; what it sent.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut all = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut all))
        .await
        .expect("the service closes the connection in time")
        .ok();
    String::from_utf8_lossy(&all).into_owned()
}

fn status_and_code(answer: &str) -> (u16, String) {
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(body.trim()).unwrap_or_default();
    (status, json["code"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn slow_and_idle_connections_are_closed() {
    let db = TempDb::new("limits-slow");
    let running = start(&db, short()).await;
    // slowloris: headers never finished
    let mut slow = TcpStream::connect(running.addr()).await.unwrap();
    slow.write_all(b"GET /health HTTP/1.1\r\nhost: x\r\nx-a: ").await.unwrap();
    until_closed(&mut slow).await;
    // idle after a request on a keep-alive connection
    let mut idle = TcpStream::connect(running.addr()).await.unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let answer = until_closed(&mut idle).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // a half-sent body: the request's time runs out, answered 503 in the error shape
    let token = common::bearer(ADA).1;
    let mut half = TcpStream::connect(running.addr()).await.unwrap();
    let request = format!(
        "PUT /providers/00000000-0000-4000-8000-000000000001/discount HTTP/1.1\r\nhost: x\r\nauthorization: {token}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"discount\""
    );
    half.write_all(request.as_bytes()).await.unwrap();
    let answer = until_closed(&mut half).await;
    assert_eq!(status_and_code(&answer), (503, "request_timeout".to_owned()), "{answer}");
    running.stop().await.unwrap();
}

#[tokio::test]
async fn refusals_are_in_the_error_shape() {
    let db = TempDb::new("limits-shape");
    let running = start(&db, short()).await;
    let mut client = common::client(&running);
    let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
    let big = format!(r#"{{"emails": ["{}@example.com"], "role": "service_user"}}"#, "a".repeat(2000));
    let headers = [common::bearer(ADA), ("content-type", "application/json".to_owned())];
    let response =
        client.send("POST", &format!("/providers/{p}/members"), &headers, Some(&big)).await.unwrap();
    assert_eq!(
        (response.status, response.json()["code"].as_str()),
        (413, Some("body_too_large")),
        "{}",
        response.body
    );
    let response =
        client.send("DELETE", &format!("/providers/{p}/report"), &[common::bearer(ADA)], None).await.unwrap();
    assert_eq!(
        (response.status, response.json()["code"].as_str()),
        (405, Some("method_not_allowed")),
        "{}",
        response.body
    );
    assert!(response.header("allow").is_some_and(|a| a.contains("GET")), "{:?}", response.headers);
    let response = client.send("GET", "/no/such/route", &[common::bearer(ADA)], None).await.unwrap();
    assert_eq!((response.status, response.json()["code"].as_str()), (404, Some("route_not_found")));
    running.stop().await.unwrap();
}

#[tokio::test]
async fn connections_and_requests_are_limited() {
    let db = TempDb::new("limits-count");
    let limits =
        Limits { connections: 2, per_account_per_second: 5, header_read: Duration::from_secs(5), ..short() };
    let running = start(&db, limits).await;
    // two connections held open: the third is refused 503 and closed
    let held = [
        TcpStream::connect(running.addr()).await.unwrap(),
        TcpStream::connect(running.addr()).await.unwrap(),
    ];
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = TcpStream::connect(running.addr()).await.unwrap();
    let answer = until_closed(&mut third).await;
    assert_eq!(status_and_code(&answer), (503, "too_many_connections".to_owned()), "{answer}");
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // an account over its rate is answered 429 with Retry-After; another account is not slowed
    let mut client = common::client(&running);
    let mut limited = 0;
    for _ in 0..20 {
        let response = client
            .send("GET", "/providers/00000000-0000-4000-8000-000000000001", &[common::bearer(ADA)], None)
            .await
            .unwrap();
        if response.status == 429 {
            assert_eq!(response.json()["code"], "rate_limited");
            assert!(response.header("retry-after").is_some());
            limited += 1;
        } else {
            assert_eq!(response.status, 404, "{}", response.body);
        }
    }
    assert!(limited >= 10, "{limited} of 20 refused");
    let other = client
        .send(
            "GET",
            "/providers/00000000-0000-4000-8000-000000000001",
            &[common::bearer(common::GRACE)],
            None,
        )
        .await
        .unwrap();
    assert_eq!(other.status, 404);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_stop_ends_while_a_client_holds_a_request() {
    let db = TempDb::new("limits-stop");
    let limits =
        Limits { request: Duration::from_secs(600), header_read: Duration::from_secs(600), ..short() };
    let running = start(&db, limits).await;
    let token = common::bearer(ADA).1;
    let mut holder = TcpStream::connect(running.addr()).await.unwrap();
    let request = format!(
        "PUT /providers/00000000-0000-4000-8000-000000000001/discount HTTP/1.1\r\nhost: x\r\nauthorization: {token}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{"
    );
    holder.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    tokio::time::timeout(PATIENCE, running.stop()).await.expect("the stop ends at its deadline").unwrap();
    until_closed(&mut holder).await;
}
