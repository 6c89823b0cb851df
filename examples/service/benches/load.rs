//! Load benchmark of the example service over loopback HTTP (a bounded number of requests from a
//! small tokio client), and the cost of loading a provider from its snapshot vs replaying a
//! 100 000-event log.
//!
//! `cargo bench -p mspkit-service --bench load` (MSPKIT_SERVICE_BENCH_REQUESTS sets the number
//! of requests per run, 4000 by default; MSPKIT_SERVICE_BENCH_EVENTS the log length, 100000).
//! With MSPKIT_BENCH_PG (or MSPKIT_TEST_PG) naming a PostgreSQL server, the same rows run against
//! it too, in a schema of their own, after SQLite's. MSPKIT_SERVICE_BENCH_ROWS picks the rows
//! (comma-separated, all by default): `seats` (seat changes, 1 and 8 connections), `policies`,
//! `report`, `providers` (100 providers) and `load` (snapshot against replay); for example
//! `MSPKIT_SERVICE_BENCH_ROWS=report MSPKIT_SERVICE_BENCH_STORES=file` runs only the report over
//! HTTP. MSPKIT_SERVICE_BENCH_REPORT_ONLY=1 times the report's parts without HTTP instead.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a benchmark fails loudly on bad setup; figures are approximate"
)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mspkit::chrono::{TimeZone, Utc};
use mspkit::{Email, NewClient, PlanType, Provider, ProviderId, ProviderSettings, ProviderType, UserId};
use mspkit_service::app::LoadedFrom;
use mspkit_service::auth::{self, Signer};
use mspkit_service::client::Client;
use mspkit_service::{App, Config, Location, Store, domain};
use serde_json::json;

/// The connections of the concurrent runs.
const CONNECTIONS: usize = 8;
const PROVIDERS: usize = 100;
const ADA: &str = "00000000-0000-4000-8000-00000000000a";

/// Whether MSPKIT_SERVICE_BENCH_ROWS (all rows when unset) names `row`.
fn row(row: &str) -> bool {
    std::env::var("MSPKIT_SERVICE_BENCH_ROWS").map_or(true, |rows| rows.split(',').any(|r| r.trim() == row))
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn ok(
    client: &mut Client,
    method: &str,
    path: &str,
    user: Option<&str>,
    body: serde_json::Value,
) -> serde_json::Value {
    let response = client.call(method, path, user, Some(&body)).await.expect("the service answers");
    assert!(response.status < 300, "{method} {path}: {} {}", response.status, response.body);
    response.json()
}

/// A billable provider with one client; returns the seat-change path.
async fn provider(client: &mut Client, i: usize) -> String {
    let issued = ok(
        client,
        "POST",
        "/vendor/providers",
        None,
        json!({ "kind": "msp", "name": format!("Provider {i}"), "issued_to": "ada@northwind.example", "billing_email": "billing@northwind.example" }),
    )
    .await;
    let p = issued["provider"].as_str().expect("id").to_owned();
    let token = issued["setup_token"].as_str().expect("a set-up token").to_owned();
    ok(
        client,
        "POST",
        &format!("/providers/{p}/set-up"),
        Some(ADA),
        json!({ "email": "ada@northwind.example", "token": token }),
    )
    .await;
    ok(client, "POST", &format!("/vendor/providers/{p}/billable"), None, json!({})).await;
    let created = ok(
        client,
        "POST",
        &format!("/providers/{p}/clients"),
        Some(ADA),
        json!({ "name": "Contoso", "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 }),
    )
    .await;
    format!("/providers/{p}/clients/{}/seats", created["client"].as_str().expect("id"))
}

/// What a run sends: seat changes (a PUT to each seat path in turn) or reads (a GET).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    SeatChange,
    Read,
}

/// Sends `requests` requests from `connections` keep-alive connections, request `k` to
/// `paths[k % paths.len()]`; returns the elapsed time, every completed request's latency and the
/// refused ones counted apart (409 `version_conflict` apart from the others).
async fn calls(
    addr: SocketAddr,
    signer: &Arc<Signer>,
    kind: Kind,
    paths: &[String],
    requests: usize,
    connections: usize,
) -> Run {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let paths = paths.to_vec();
        let signer = Arc::clone(signer);
        tasks.push(tokio::spawn(async move {
            let mut client = Client::with_signer(addr, signer);
            let (mut latencies, mut refused, mut conflicts) = (Vec::new(), 0usize, 0usize);
            let mut k = c;
            while k < requests {
                let path = &paths[k % paths.len()];
                let t = Instant::now();
                let response = if kind == Kind::SeatChange {
                    let body = json!({ "seats": 11 + (k / paths.len()) % 50 });
                    client.call("PUT", path, Some(ADA), Some(&body)).await.expect("answer")
                } else {
                    client.call("GET", path, Some(ADA), None).await.expect("answer")
                };
                match response.status {
                    200 => latencies.push(t.elapsed()),
                    409 => conflicts += 1,
                    _ => refused += 1,
                }
                k += connections;
            }
            (latencies, refused, conflicts)
        }));
    }
    let (mut latencies, mut refused, mut conflicts) = (Vec::new(), 0, 0);
    for task in tasks {
        let (l, r, c) = task.await.expect("client task");
        latencies.extend(l);
        refused += r;
        conflicts += c;
    }
    Run { elapsed: start.elapsed(), latencies, refused, conflicts }
}

/// The seat changes of [`calls`].
async fn seat_changes(
    addr: SocketAddr,
    signer: &Arc<Signer>,
    paths: &[String],
    requests: usize,
    connections: usize,
) -> Run {
    calls(addr, signer, Kind::SeatChange, paths, requests, connections).await
}

/// The outcome of a run: completed requests' latencies, and the refused counted apart.
#[derive(Default)]
struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// Refused with another status than 409.
    refused: usize,
    /// Refused 409 (`version_conflict`).
    conflicts: usize,
}

impl Run {
    /// Completed requests per second.
    fn rate(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    /// Adds another run's requests (the times add up).
    fn add(&mut self, other: Self) {
        self.elapsed += other.elapsed;
        self.latencies.extend(other.latencies);
        self.refused += other.refused;
        self.conflicts += other.conflicts;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(name: &str, Run { elapsed, mut latencies, refused, conflicts }: Run) -> Duration {
    latencies.sort();
    let done = latencies.len();
    if done == 0 {
        println!("{name:<44} {done:>6} done {refused:>4} refused {conflicts:>4} 409");
        return Duration::ZERO;
    }
    let p50 = percentile(&latencies, 0.50);
    println!(
        "{name:<44} {done:>6} done {refused:>4} refused {conflicts:>4} 409  {:>8.0} done/s  p50 {:>8.2} ms  p99 {:>8.2} ms",
        done as f64 / elapsed.as_secs_f64(),
        p50.as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
    );
    p50
}

/// The event log of a billable provider with `clients` clients, Ada (the benchmark's account)
/// its admin; its id and its first client's.
fn provider_events(index: u128, clients: usize) -> (String, ProviderId, mspkit::OrganizationId) {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().expect("time");
    let ada = Email::new("ada@northwind.example").expect("email");
    let settings = ProviderSettings::new(&format!("Provider {index}"))
        .expect("settings")
        .with_billing_email(Some(Email::new("billing@northwind.example").expect("email")));
    let id = ProviderId::new(mspkit::uuid::Uuid::from_u128(1000 + index));
    let (mut provider, mut log) = Provider::issue(id, ProviderType::Msp, settings, ada.clone(), now);
    let user: UserId = ADA.parse().expect("ada");
    log.extend(provider.set_up(user, &ada, now).expect("set up").events);
    log.extend(provider.mark_billable(now).expect("billable"));
    let admin = provider.member_by_user(user).expect("admin").id();
    let mut first = None;
    for c in 0..clients {
        let new = NewClient {
            name: format!("Client {c}"),
            owner_email: Email::new(&format!("owner{c}@client.example")).expect("email"),
            plan: PlanType::TeamsMonthly,
            seats: 10,
            first_collection: None,
        };
        let created = provider.create_client(admin, new, now).expect("client");
        first.get_or_insert(created.id);
        log.extend(created.events);
    }
    let text = mspkit::event_log::write_jsonl(&log);
    (text, id, first.expect("a client"))
}

/// A provider whose log has `events` events: set up, billable, one client, then seat changes.
fn long_log(events: usize) -> (Provider, Vec<mspkit::Event>) {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().expect("time");
    let ada = Email::new("ada@northwind.example").expect("email");
    let settings = ProviderSettings::new("Long log")
        .expect("settings")
        .with_billing_email(Some(Email::new("billing@northwind.example").expect("email")));
    let id = ProviderId::new(mspkit::uuid::Uuid::from_u128(7));
    let (mut provider, mut log) = Provider::issue(id, ProviderType::Msp, settings, ada.clone(), now);
    let user = UserId::new(mspkit::uuid::Uuid::from_u128(8));
    log.extend(provider.set_up(user, &ada, now).expect("set up").events);
    log.extend(provider.mark_billable(now).expect("billable"));
    let admin = provider.member_by_user(user).expect("admin").id();
    let new = NewClient {
        name: "Contoso".to_owned(),
        owner_email: Email::new("owner@contoso.example").expect("email"),
        plan: PlanType::TeamsMonthly,
        seats: 10,
        first_collection: None,
    };
    let created = provider.create_client(admin, new, now).expect("client");
    log.extend(created.events);
    let mut seats = 10;
    while log.len() < events {
        seats = if seats == 10 { 11 } else { 10 };
        log.extend(provider.set_client_seats(admin, created.id, seats, now).expect("seats"));
    }
    (provider, log)
}

fn load_costs(events: usize) {
    let (provider, log) = long_log(events);
    let app = App::new(
        Store::open(&Location::Memory).expect("store"),
        mspkit::TokenKey::new(&[1u8; 32]).expect("key"),
    );
    app.create(&provider, &log).expect("stored");
    let id = provider.id();
    let key = id.to_string();
    let rounds = 5;
    let mut snapshot = Vec::new();
    let mut replay = Vec::new();
    for _ in 0..rounds {
        app.store().forget_snapshot(&key).expect("forget");
        let t = Instant::now();
        let (p, from) = app.load(id).expect("replay");
        replay.push(t.elapsed());
        assert_eq!((from, &p), (LoadedFrom::Replay, &provider));
        let t = Instant::now();
        let (p, from) = app.load(id).expect("snapshot");
        snapshot.push(t.elapsed());
        assert_eq!((from, &p), (LoadedFrom::Snapshot, &provider));
    }
    snapshot.sort();
    replay.sort();
    let (s, r) = (snapshot[rounds / 2], replay[rounds / 2]);
    println!(
        "load of a {events}-event provider      snapshot {:>8.2} ms  replay {:>8.2} ms  ({:.0}x; replay includes reading the log from SQLite, parsing and applying it, and storing the new snapshot)",
        s.as_secs_f64() * 1e3,
        r.as_secs_f64() * 1e3,
        r.as_secs_f64() / s.as_secs_f64()
    );
    let _ = domain::version(&provider);
}

/// The report's parts without HTTP, at each provider size, interleaved call by call: the
/// library's owned report (`PortfolioReport::new`), its JSON text (what the service answered
/// before it wrote from the borrowed report) and the service's answer now (`domain::report`:
/// `PortfolioReportView::to_json`); medians of a few calls (`MSPKIT_SERVICE_BENCH_REPORT_ROUNDS`).
fn report_costs(sizes: &[usize]) {
    let ada: UserId = ADA.parse().expect("ada");
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).single().expect("time");
    for &clients in sizes {
        let (log, _, _) = provider_events(0, clients);
        let (provider, _) = domain::read_log(&log).expect("log").pop().expect("a provider");
        let rounds = env("MSPKIT_SERVICE_BENCH_REPORT_ROUNDS", if clients >= 100_000 { 5 } else { 11 });
        let (mut build, mut owned, mut text) = (Vec::new(), Vec::new(), Vec::new());
        let mut length = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let report = mspkit::PortfolioReport::new(&provider, now);
            build.push(t.elapsed());
            drop(report);
            let t = Instant::now();
            let json = serde_json::to_string(&mspkit::PortfolioReport::new(&provider, now)).expect("text");
            owned.push(t.elapsed());
            drop(json);
            let t = Instant::now();
            let body = domain::report(&provider, ada, now).expect("report");
            text.push(t.elapsed());
            length = body.len();
            drop(body);
        }
        let median = |v: &mut Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64() * 1e3
        };
        println!(
            "report of {clients:>6} clients without HTTP: PortfolioReport::new {:>8.2} ms; its JSON text {:>8.2} ms; the service's answer (borrowed) {:>8.2} ms; {length} bytes",
            median(&mut build),
            median(&mut owned),
            median(&mut text)
        );
    }
}

/// Runs `statements` on the PostgreSQL server `url`.
async fn pg_schema_sql(url: &str, statements: &str) {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("postgres");
    tokio::spawn(connection);
    client.batch_execute(statements).await.expect("the schema statements");
}

/// One database to run on: its label, the SQLite file to remove, where it is, the group commit.
struct Target {
    label: &'static str,
    file: Option<std::path::PathBuf>,
    location: Location,
    group_commit: usize,
}

/// The databases to run on, of those `MSPKIT_SERVICE_BENCH_STORES` names (`file`, `file-1`: a
/// file committing each append alone, as before group commit; `memory`, `pg`; all by default):
/// SQLite files, SQLite in memory and, when a server is named, a fresh PostgreSQL schema of its
/// own.
async fn targets(pg: Option<&str>, pg_schema: &str) -> Vec<Target> {
    let chosen =
        std::env::var("MSPKIT_SERVICE_BENCH_STORES").unwrap_or_else(|_| "file,file-1,memory,pg".to_owned());
    let chosen: Vec<&str> = chosen.split(',').map(str::trim).collect();
    let file = std::env::temp_dir().join(format!("mspkit-service-bench-{}.db", std::process::id()));
    let mut targets = Vec::new();
    if chosen.contains(&"file") {
        targets.push(Target {
            label: "SQLite file, synchronous = FULL, group commit",
            file: Some(file.clone()),
            location: Location::File(file.clone()),
            group_commit: mspkit_service::store::DEFAULT_GROUP_COMMIT,
        });
    }
    if chosen.contains(&"file-1") {
        targets.push(Target {
            label: "SQLite file, synchronous = FULL, a transaction per append (--group-commit 1)",
            file: Some(file.clone()),
            location: Location::File(file),
            group_commit: 1,
        });
    }
    if chosen.contains(&"memory") {
        targets.push(Target {
            label: "SQLite in memory",
            file: None,
            location: Location::Memory,
            group_commit: mspkit_service::store::DEFAULT_GROUP_COMMIT,
        });
    }
    if let Some(url) = pg.filter(|_| chosen.contains(&"pg")) {
        pg_schema_sql(url, &format!("DROP SCHEMA IF EXISTS {pg_schema} CASCADE; CREATE SCHEMA {pg_schema}"))
            .await;
        let separator = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{separator}options=-c%20search_path%3D{pg_schema}");
        targets.push(Target {
            label: "PostgreSQL (local server, 16-connection pool)",
            file: None,
            location: Location::parse(&url),
            group_commit: 1,
        });
    }
    targets
}

fn remove_db(file: Option<&std::path::Path>) {
    if let Some(db) = file {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
}

/// The rows of one provider size: seat changes and per-client reads with 1 and 8 connections,
/// then the report; prints each ratio to the 1-client provider's p50 (`ones`).
async fn size_rows(
    addr: SocketAddr,
    signer: &Arc<Signer>,
    (id, client): (ProviderId, mspkit::OrganizationId),
    clients: usize,
    requests: usize,
    ones: &mut std::collections::HashMap<&'static str, Duration>,
) {
    let seats = vec![format!("/providers/{id}/clients/{client}/seats")];
    let policies = vec![format!("/providers/{id}/clients/{client}/policies")];
    let report_path = vec![format!("/providers/{id}/report")];
    // the report is linear in the clients: fewer of them at large sizes
    let report_requests = (requests * 10 / clients.max(1)).clamp(11, requests);
    // seat changes with 1 and 8 connections, interleaved in rounds (paired: the machine's speed
    // drifts), each row the sum of its rounds
    let rounds = env("MSPKIT_SERVICE_BENCH_ROUNDS", 3).max(1);
    if row("seats") {
        seat_rows(addr, signer, &seats, clients, requests, rounds, ones).await;
    }
    let rows: [(&'static str, Kind, &Vec<String>, usize, usize); 3] = [
        ("client policies", Kind::Read, &policies, requests, 1),
        ("client policies", Kind::Read, &policies, requests, CONNECTIONS),
        ("report", Kind::Read, &report_path, report_requests, 1),
    ];
    for (what, kind, paths, n, connections) in rows {
        if !row(if what == "report" { "report" } else { "policies" }) {
            continue;
        }
        let name = format!("  {clients:>6} clients, {what}, {connections} conn.");
        let p50 = report(&name, calls(addr, signer, kind, paths, n, connections).await);
        if connections > 1 {
            continue;
        }
        if clients == 1 {
            ones.insert(what, p50);
        } else if let Some(one) = ones.get(what) {
            println!(
                "  {:<42} p50 at {clients} clients / at 1 client: {:.2}x",
                what,
                p50.as_secs_f64() / one.as_secs_f64()
            );
        }
    }
}

/// The seat changes of one provider size with 1 and 8 connections, interleaved in `rounds`.
async fn seat_rows(
    addr: SocketAddr,
    signer: &Arc<Signer>,
    seats: &[String],
    clients: usize,
    requests: usize,
    rounds: usize,
    ones: &mut std::collections::HashMap<&'static str, Duration>,
) {
    let (mut one, mut eight) = (Run::default(), Run::default());
    let mut ratios = Vec::new();
    for _ in 0..rounds {
        let a = seat_changes(addr, signer, seats, requests / rounds, 1).await;
        let b = seat_changes(addr, signer, seats, requests / rounds, CONNECTIONS).await;
        ratios.push(b.rate() / a.rate());
        one.add(a);
        eight.add(b);
    }
    let p50 = report(&format!("  {clients:>6} clients, seat change, 1 conn."), one);
    report(&format!("  {clients:>6} clients, seat change, {CONNECTIONS} conn."), eight);
    ratios.sort_by(f64::total_cmp);
    println!(
        "  {:<42} done/s at {CONNECTIONS} conn. / at 1, per round: {}; median {:.2}x",
        "seat change",
        ratios.iter().map(|r| format!("{r:.2}x")).collect::<Vec<_>>().join(" "),
        ratios[ratios.len() / 2]
    );
    if clients == 1 {
        ones.insert("seat change", p50);
    } else if let Some(one) = ones.get("seat change") {
        println!(
            "  {:<42} p50 at {clients} clients / at 1 client: {:.2}x",
            "seat change",
            p50.as_secs_f64() / one.as_secs_f64()
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a test run (`cargo test --benches`) passes nothing else
    let requests = env("MSPKIT_SERVICE_BENCH_REQUESTS", 2000);
    let events = env("MSPKIT_SERVICE_BENCH_EVENTS", 100_000);
    let sizes: Vec<usize> = std::env::var("MSPKIT_SERVICE_BENCH_CLIENTS")
        .unwrap_or_else(|_| "1,1000,10000,100000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    if std::env::var("MSPKIT_SERVICE_BENCH_REPORT_ONLY").is_ok() {
        report_costs(&sizes);
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let keys = std::env::temp_dir().join(format!("mspkit-service-bench-keys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&keys);
        auth::keygen(&keys).expect("keys");
        let signer = Arc::new(
            Signer::from_pem_file(&keys.join("signing.pem"), auth::DEFAULT_ISSUER, auth::DEFAULT_AUDIENCE)
                .expect("signer"),
        );
        let pg = std::env::var("MSPKIT_BENCH_PG").or_else(|_| std::env::var("MSPKIT_TEST_PG")).ok();
        let pg_schema = format!("mspkit_bench_{}", std::process::id());
        let targets = targets(pg.as_deref(), &pg_schema).await;
        for target in targets {
            remove_db(target.file.as_deref());
            let config = Config {
                db: target.location.clone(),
                addr: SocketAddr::from(([127, 0, 0, 1], 0)),
                jwks: Some(keys.join("jwks.json")),
                // one account sends every request: no rate limit in the benchmark
                limits: mspkit_service::serve::Limits { per_account_per_second: 0, ..Default::default() },
                group_commit: target.group_commit,
                ..Config::default()
            };
            let running = mspkit_service::start(&config).await.expect("service");
            let addr = running.addr();
            println!("mspkit-service over loopback HTTP, {}, release build", target.label);
            // providers of each size, seeded through `import` (mspkit_service::seed)
            let mut ones = std::collections::HashMap::new();
            for (i, clients) in sizes.iter().copied().enumerate() {
                let (log, id, client) = provider_events(i as u128, clients);
                let file = std::env::temp_dir()
                    .join(format!("mspkit-service-bench-{}-{clients}.jsonl", std::process::id()));
                std::fs::write(&file, &log).expect("log");
                let t = Instant::now();
                mspkit_service::seed(running.app(), &file).expect("import");
                let seeded = t.elapsed();
                let _ = std::fs::remove_file(&file);
                println!("  {clients}-client provider imported in {:.2} s", seeded.as_secs_f64());
                size_rows(addr, &signer, (id, client), clients, requests, &mut ones).await;
            }
            if !row("providers") {
                running.stop().await.expect("stopped");
                remove_db(target.file.as_deref());
                continue;
            }
            // 100 small providers
            let mut client = Client::with_signer(addr, Arc::clone(&signer));
            let mut paths = Vec::new();
            for i in 0..PROVIDERS {
                paths.push(provider(&mut client, i).await);
            }
            for connections in [1, CONNECTIONS, 4 * CONNECTIONS] {
                let name = format!("  100 providers, seat change, {connections} conn.");
                report(&name, seat_changes(addr, &signer, &paths, requests * 2, connections).await);
            }
            println!("  version conflicts retried: {}", running.app().retries());
            running.stop().await.expect("stopped");
            remove_db(target.file.as_deref());
        }
        if let Some(url) = &pg {
            let (client, connection) =
                tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("postgres");
            tokio::spawn(connection);
            client.batch_execute(&format!("DROP SCHEMA {pg_schema} CASCADE")).await.expect("dropped");
        }
        let _ = std::fs::remove_dir_all(&keys);
    });
    if row("load") {
        load_costs(events);
    }
}
