//! Writes to one provider from many threads at once are committed in batches (`pipeline.rs`):
//! every command is answered with its own version, none is refused or retried, the log has no
//! gap and the loaded copy equals the replayed log; one idempotency key sent by many threads at
//! once runs once; and when the store fails some batches, every acknowledged write is still the
//! event at its version, and the copy is loaded again.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a test fails loudly")]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::{ADA, TempDb};
use mspkit::{Event, Provider, ProviderId, UserId};
use mspkit_service::app::Idempotency;
use mspkit_service::domain::Command;
use mspkit_service::store::{AppendError, LoadBase, NewEvent, Remembered, StoreError, Stored};
use mspkit_service::{App, EventStore, Store};
use serde_json::json;

const THREADS: u64 = 8;
const WRITES: u64 = 40;

/// A provider with one client, set up over HTTP in `db`; returns their ids.
fn provider(db: &TempDb) -> (ProviderId, String) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let running = common::start(db).await;
        let mut client = common::client(&running);
        let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
        let created = common::ok(
            &mut client,
            "POST",
            &format!("/providers/{p}/clients"),
            Some(ADA),
            Some(json!({ "name": "Contoso", "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 })),
        )
        .await;
        running.stop().await.unwrap();
        (p.parse().unwrap(), created["client"].as_str().unwrap().to_owned())
    })
}

fn key() -> mspkit::TokenKey {
    mspkit::TokenKey::new(&[1u8; 32]).unwrap()
}

fn seats(client: &str, seats: u32) -> Command {
    Command::SetSeats { client: client.to_owned(), seats }
}

fn stored_events(store: &dyn EventStore, p: ProviderId) -> Vec<Event> {
    store.events(&p.to_string()).unwrap().iter().map(|d| serde_json::from_str(d).unwrap()).collect()
}

/// Runs `WRITES` seat changes from each of `THREADS` threads; returns the acknowledged
/// (version, seats) and the refusals' codes.
fn hammer(app: &Arc<App>, p: ProviderId, client: &str) -> (Vec<(u64, u32)>, Vec<&'static str>) {
    let ada: UserId = ADA.parse().unwrap();
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let (app, client) = (Arc::clone(app), client.to_owned());
            std::thread::spawn(move || {
                let (mut acks, mut refused) = (Vec::new(), Vec::new());
                for k in 0..WRITES {
                    let value = u32::try_from(100 * t + k + 11).unwrap();
                    match app.command(p, ada, None, None, &seats(&client, value)) {
                        Ok(written) => acks.push((written.version, value)),
                        Err(e) => refused.push(e.code),
                    }
                }
                (acks, refused)
            })
        })
        .collect();
    let (mut acks, mut refused) = (Vec::new(), Vec::new());
    for thread in threads {
        let (a, r) = thread.join().unwrap();
        acks.extend(a);
        refused.extend(r);
    }
    (acks, refused)
}

/// Every acknowledged write is the event at its version.
fn check_acknowledged(events: &[Event], acks: &[(u64, u32)]) {
    for (version, value) in acks {
        let change = serde_json::to_value(&events[usize::try_from(*version).unwrap() - 1].change).unwrap();
        assert_eq!(change["to"], json!(value), "acknowledged write at version {version}");
    }
}

#[test]
fn many_writers_to_one_provider_are_committed_in_batches() {
    let db = TempDb::new("pipeline");
    let (p, client) = provider(&db);
    let app = Arc::new(App::new(Store::open_file(&db.0).unwrap(), key()).with_snapshot_every(7));
    let before = app.store().last_version(&p.to_string()).unwrap();
    let (acks, refused) = hammer(&app, p, &client);
    assert_eq!(refused, Vec::<&str>::new(), "no write refused");
    assert_eq!(app.retries(), 0, "no write retried");
    let mut versions: Vec<u64> = acks.iter().map(|(v, _)| *v).collect();
    versions.sort_unstable();
    assert_eq!(versions, (before + 1..=before + THREADS * WRITES).collect::<Vec<_>>(), "one version each");
    let events = stored_events(app.store(), p);
    assert_eq!(events.len() as u64, before + THREADS * WRITES);
    check_acknowledged(&events, &acks);
    let replayed = Provider::replay(&events).unwrap();
    assert_eq!(app.read(p, |provider| Ok(provider.clone())).unwrap(), replayed);
    // the snapshots were written in the background; after a flush the newest is the provider
    // at its version, and a load is that snapshot plus the tail
    app.flush_snapshots();
    let (version, document) = app.store().snapshot(&p.to_string()).unwrap().unwrap();
    assert!(events.len() as u64 - version < 7 + THREADS, "snapshot at {version} of {}", events.len());
    assert_eq!(
        Provider::from_json(&document).unwrap(),
        Provider::replay(&events[..usize::try_from(version).unwrap()]).unwrap()
    );
    assert_eq!(app.load(p).unwrap().0, replayed);
}

#[test]
fn one_idempotency_key_sent_by_many_threads_at_once_runs_once() {
    let db = TempDb::new("pipeline-key");
    let (p, client) = provider(&db);
    let app = Arc::new(App::new(Store::open_file(&db.0).unwrap(), key()));
    let before = app.store().last_version(&p.to_string()).unwrap();
    let ada: UserId = ADA.parse().unwrap();
    let idempotency =
        Idempotency { account: ADA.to_owned(), key: "seats-77".to_owned(), request: "digest".to_owned() };
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (app, client, idempotency) = (Arc::clone(&app), client.clone(), idempotency.clone());
            std::thread::spawn(move || {
                app.command(p, ada, None, Some(&idempotency), &seats(&client, 77)).unwrap().body()
            })
        })
        .collect();
    let bodies: Vec<serde_json::Value> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(bodies.iter().all(|b| *b == bodies[0]), "{bodies:?}");
    assert_eq!(app.store().last_version(&p.to_string()).unwrap(), before + 1, "appended once");
}

/// A store that fails every `every`-th append (nothing of it stored).
#[derive(Debug)]
struct Flaky {
    inner: Store,
    appends: AtomicU64,
    every: u64,
}

impl EventStore for Flaky {
    fn load(&self, provider: &str) -> Result<Option<Stored>, StoreError> {
        self.inner.load(provider)
    }
    fn append_remembering(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
        remember: &[Remembered],
    ) -> Result<(), AppendError> {
        if self.appends.fetch_add(1, Ordering::Relaxed) % self.every == self.every - 1 {
            return Err(StoreError::Batch("injected failure".to_owned()).into());
        }
        self.inner.append_remembering(provider, expected, events, snapshot, remember)
    }
    fn remembered(&self, p: &str, account: &str, key: &str) -> Result<Option<(String, String)>, StoreError> {
        self.inner.remembered(p, account, key)
    }
    fn last_version(&self, provider: &str) -> Result<u64, StoreError> {
        self.inner.last_version(provider)
    }
    fn tip(&self, provider: &str) -> Result<(u64, String), StoreError> {
        EventStore::tip(&self.inner, provider)
    }
    fn head(&self, provider: &str, version: u64) -> Result<String, StoreError> {
        self.inner.head(provider, version)
    }
    fn events_after(&self, provider: &str, after: u64) -> Result<Vec<String>, StoreError> {
        self.inner.events_after(provider, after)
    }
    fn load_base(&self, provider: &str) -> Result<Option<LoadBase>, StoreError> {
        self.inner.load_base(provider)
    }
    fn save_snapshot(&self, provider: &str, version: u64, document: &str) -> Result<(), StoreError> {
        self.inner.save_snapshot(provider, version, document)
    }
    fn forget_snapshot(&self, provider: &str) -> Result<(), StoreError> {
        self.inner.forget_snapshot(provider)
    }
    fn events(&self, provider: &str) -> Result<Vec<String>, StoreError> {
        self.inner.events(provider)
    }
    fn sequences(&self, provider: &str) -> Result<Vec<u64>, StoreError> {
        self.inner.sequences(provider)
    }
    fn snapshot(&self, provider: &str) -> Result<Option<(u64, String)>, StoreError> {
        self.inner.snapshot(provider)
    }
    fn providers(&self) -> Result<Vec<String>, StoreError> {
        self.inner.providers()
    }
}

#[test]
fn a_failed_batch_loses_no_acknowledged_write_and_reloads_the_copy() {
    let db = TempDb::new("pipeline-flaky");
    let (p, client) = provider(&db);
    let flaky = Flaky { inner: Store::open_file(&db.0).unwrap(), appends: AtomicU64::new(0), every: 5 };
    let app = Arc::new(App::new(Box::new(flaky) as Box<dyn EventStore>, key()).with_snapshot_every(3));
    let (acks, refused) = hammer(&app, p, &client);
    assert!(!refused.is_empty() && refused.iter().all(|c| *c == "storage_failed"), "{refused:?}");
    assert!(!acks.is_empty());
    assert_eq!((acks.len() + refused.len()) as u64, THREADS * WRITES, "every write answered");
    let events = stored_events(app.store(), p);
    let sequences = app.store().sequences(&p.to_string()).unwrap();
    assert_eq!(sequences, (1..=events.len() as u64).collect::<Vec<_>>(), "no gap");
    check_acknowledged(&events, &acks);
    // the copy is the log: nothing of a failed batch lingers in it
    let replayed = Provider::replay(&events).unwrap();
    assert_eq!(app.read(p, |provider| Ok(provider.clone())).unwrap(), replayed);
    app.flush_snapshots();
    assert_eq!(app.load(p).unwrap().0, replayed);
}
