//! The service as a process: `import` and `export` round-trip an event log, and a SIGKILL in the
//! middle of a stream of writes loses no acknowledged write and leaves no gap (three kills, one
//! database file, SQLite with `synchronous = FULL`; and the same against PostgreSQL when
//! `MSPKIT_TEST_PG` is set).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::{ADA, TempDb};
use mspkit::Event;
use mspkit_service::client::Client;
use mspkit_service::{Location, store};
use serde_json::json;

const BINARY: &str = env!("CARGO_BIN_EXE_mspkit-service");

fn bundled_log() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../events.jsonl")
}

fn events_of(text: &str) -> Vec<Event> {
    let mut events: Vec<Event> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains("schema_version"))
        .map(|l| {
            // a chained line holds the event after `"event":`
            let body = l.find(",\"event\":").map_or(l, |at| &l[at + 9..l.len() - 1]);
            serde_json::from_str(body).unwrap()
        })
        .collect();
    events.sort_by_key(|e| (e.provider.to_string(), e.sequence));
    events
}

/// The `--db` value naming `location`.
fn db_arg(location: &Location) -> String {
    match location {
        Location::File(path) => path.to_str().unwrap().to_owned(),
        Location::Postgres(url) => url.expose().to_owned(),
        Location::Memory => panic!("no --db value for :memory:"),
    }
}

#[test]
fn import_and_export_round_trip_a_log() {
    let db = TempDb::new("import");
    let copy = TempDb::new("import-copy");
    import_export("sqlite", &Location::File(db.0.clone()), &Location::File(copy.0.clone()));
}

#[test]
fn import_and_export_round_trip_a_log_in_postgres() {
    if let (Some(db), Some(copy)) = (common::pg_db("import"), common::pg_db("import-copy")) {
        import_export("postgres", &db, &copy);
    }
}

/// Imports the bundled log into `db`, exports it, imports the export into `copy`; `tag` names
/// this run's temporary file (the SQLite and PostgreSQL runs share a process and run at once).
fn import_export(tag: &str, db: &Location, copy: &Location) {
    let run = |args: &[&str]| {
        let out = Command::new(BINARY).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let path = &db_arg(db);
    let log = bundled_log();
    let imported = run(&["import", "--db", path, log.to_str().unwrap()]);
    let original = std::fs::read_to_string(&log).unwrap();
    let count = events_of(&original).len();
    assert!(imported.starts_with("imported 1 provider(s),"), "{imported}");
    assert!(imported.contains(&format!("{count} event(s)")), "{imported}");
    // again: nothing new
    assert!(run(&["import", "--db", path, log.to_str().unwrap()]).starts_with("imported 0 provider(s)"));
    let exported = run(&["export", "--db", path]);
    assert_eq!(exported.lines().next(), Some(r#"{"schema_version":2}"#));
    assert_eq!(events_of(&exported), events_of(&original));
    // the export imports into a fresh database as the same provider
    let file = std::env::temp_dir().join(format!("mspkit-service-export-{tag}-{}.jsonl", std::process::id()));
    std::fs::write(&file, &exported).unwrap();
    run(&["import", "--db", &db_arg(copy), file.to_str().unwrap()]);
    let p = store::open(copy).unwrap().providers().unwrap();
    assert_eq!(p, store::open(db).unwrap().providers().unwrap());
    let _ = std::fs::remove_file(&file);
    // refusals
    let out = Command::new(BINARY).args(["import", log.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    let out = Command::new(BINARY)
        .args(["export", "--db", path, "00000000-0000-0000-0000-000000000000"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// Starts the service binary on `db`; returns the child and its address.
fn spawn(db: &str) -> (Child, std::net::SocketAddr) {
    let keys = &common::keys().dir;
    let mut child = Command::new(BINARY)
        // snapshots every few events: the background snapshot writer is killed mid-way too
        .args(["--db", db, "--addr", "127.0.0.1:0", "--rate-limit", "0", "--snapshot-every", "7"])
        .arg("--jwks")
        .arg(keys.join("jwks.json"))
        .arg("--token-key")
        .arg(keys.join("token.key"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().parse().unwrap();
    (child, addr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_service_keeps_every_acknowledged_write() {
    let db = TempDb::new("crash");
    killed_service(&Location::File(db.0.clone())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_service_keeps_every_acknowledged_write_in_postgres() {
    if let Some(db) = common::pg_db("crash") {
        killed_service(&db).await;
    }
}

async fn killed_service(db: &Location) {
    let signer = Arc::clone(&common::keys().signer);
    let (mut child, mut addr) = spawn(&db_arg(db));
    let mut client = Client::with_signer(addr, Arc::clone(&signer));
    let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
    let created = common::ok(
        &mut client,
        "POST",
        &format!("/providers/{p}/clients"),
        Some(ADA),
        Some(json!({ "name": "Contoso", "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 })),
    )
    .await;
    let seats = format!("/providers/{p}/clients/{}/seats", created["client"].as_str().unwrap());
    let mut acknowledged: Vec<(u64, u64)> = Vec::new();
    for round in 0..3u64 {
        // four writers in a stream; the process is killed while they write
        let mut writers = Vec::new();
        for w in 0..4u64 {
            let (signer, seats) = (Arc::clone(&signer), seats.clone());
            writers.push(tokio::spawn(async move {
                let mut client = Client::with_signer(addr, signer);
                let mut acks = Vec::new();
                for k in 0.. {
                    let value = 1000 * (round + 1) + 100 * w + k % 100 + 20;
                    match client.call("PUT", &seats, Some(ADA), Some(&json!({ "seats": value }))).await {
                        Ok(r) if r.status == 200 => acks.push((r.json()["version"].as_u64().unwrap(), value)),
                        Ok(r) => panic!("refused: {} {}", r.status, r.body),
                        Err(_) => break,
                    }
                }
                acks
            }));
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        for writer in writers {
            acknowledged.extend(writer.await.unwrap());
        }
        // the log: no gap, and every acknowledged write is the event at its version
        let store = store::open(db).unwrap();
        let sequences = store.sequences(&p).unwrap();
        assert_eq!(sequences, (1..=sequences.len() as u64).collect::<Vec<_>>(), "no gap after kill {round}");
        let events: Vec<Event> =
            store.events(&p).unwrap().iter().map(|d| serde_json::from_str(d).unwrap()).collect();
        for (version, value) in &acknowledged {
            let event = &events[usize::try_from(*version).unwrap() - 1];
            let change = serde_json::to_value(&event.change).unwrap();
            assert_eq!(change["to"], json!(value), "acknowledged write at version {version}");
        }
        drop(store);
        // restarted, it serves the provider at the log's last version; the next round writes to it.
        // (A PostgreSQL server may still commit a transaction whose COMMIT the killed process had
        // sent, unacknowledged, after the read above: the log is read again.)
        (child, addr) = spawn(&db_arg(db));
        let mut client = Client::with_signer(addr, Arc::clone(&signer));
        let document = common::ok(&mut client, "GET", &format!("/providers/{p}"), Some(ADA), None).await;
        let store = store::open(db).unwrap();
        let now = store.sequences(&p).unwrap();
        assert_eq!(now, (1..=now.len() as u64).collect::<Vec<_>>(), "no gap after restart {round}");
        assert!(now.len() >= sequences.len());
        assert_eq!(document["last_sequence"].as_u64(), Some(now.len() as u64));
    }
    assert!(acknowledged.len() >= 3, "writes were acknowledged before the kills ({})", acknowledged.len());
    child.kill().unwrap();
    child.wait().unwrap();
}
