//! Group commit for the SQLite store: one writer thread owns the write connection, gathers the
//! appends that arrive while it commits (from any number of providers) and commits them in one
//! transaction, each in a savepoint of its own; every caller is answered only after the
//! transaction that holds its events committed (with `synchronous = FULL`, after the fsync).
//!
//! An append refused (version conflict, broken chain, a key already remembered) is rolled back to
//! its savepoint and leaves the others of its batch alone. Per-provider order is kept: the
//! application sends at most one append per provider at a time (a batch of that provider's
//! commands, `pipeline.rs`), and two appends to one provider in one batch (from other callers)
//! meet the same version check as in two transactions — the second sees the first's events and
//! is refused as a conflict.
//!
//! Reads go through [`Readers`]: for a file, a small pool of read connections (WAL lets them read
//! while the writer writes; they see only committed transactions); in memory, the writer's one
//! connection, locked between batches.

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, ErrorCode, TransactionBehavior, params};

use crate::store::{AppendError, NewEvent, Remembered, StoreError, check_chain};

/// The most appends committed in one transaction, unless configured (`--group-commit`).
pub const DEFAULT_GROUP_COMMIT: usize = 256;

/// The most idle read connections a file store keeps.
const MAX_IDLE_READERS: usize = 16;

/// One append waiting for the writer.
struct Job {
    provider: String,
    expected: u64,
    events: Vec<NewEvent>,
    snapshot: String,
    remember: Vec<Remembered>,
    /// A snapshot alone (no version check, no events): store `snapshot` as of this version
    /// unless a newer one is there.
    snapshot_only: Option<u64>,
    reply: mpsc::SyncSender<Result<(), AppendError>>,
}

/// The writer thread and the channel to it.
#[derive(Debug)]
pub(crate) struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn stopped() -> StoreError {
    StoreError::Inconsistent("the SQLite writer has stopped".to_owned())
}

impl Writer {
    /// Starts the writer thread on `conn`, committing at most `max_batch` appends at once.
    pub(crate) fn start(conn: Arc<Mutex<Connection>>, max_batch: usize) -> Result<Self, StoreError> {
        let max_batch = max_batch.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("mspkit-sqlite-writer".to_owned())
            .spawn(move || serve(&conn, &queue, max_batch))
            .map_err(|e| StoreError::Inconsistent(format!("cannot start the SQLite writer: {e}")))?;
        Ok(Self { jobs: Some(jobs), thread: Some(thread) })
    }

    /// Appends `events` (see [`crate::Store::append_remembering`]) in the writer's next
    /// transaction and waits until it committed.
    pub(crate) fn append(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
        remember: &[Remembered],
    ) -> Result<(), AppendError> {
        let (reply, answer) = mpsc::sync_channel(1);
        let job = Job {
            provider: provider.to_owned(),
            expected,
            events: events.to_vec(),
            snapshot: snapshot.to_owned(),
            remember: remember.to_vec(),
            snapshot_only: None,
            reply,
        };
        self.jobs.as_ref().ok_or_else(stopped)?.send(job).map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
    }

    /// Stores `document` as the snapshot of `provider` at `version` (unless a newer one is
    /// there) in the writer's next transaction: the writer holds the database's one write lock,
    /// so a snapshot written through it waits for no lock and makes the writer wait for none.
    pub(crate) fn save_snapshot(
        &self,
        provider: &str,
        version: u64,
        document: &str,
    ) -> Result<(), StoreError> {
        let (reply, answer) = mpsc::sync_channel(1);
        let job = Job {
            provider: provider.to_owned(),
            expected: version,
            events: Vec::new(),
            snapshot: document.to_owned(),
            remember: Vec::new(),
            snapshot_only: Some(version),
            reply,
        };
        self.jobs.as_ref().ok_or_else(stopped)?.send(job).map_err(|_| stopped())?;
        match answer.recv().map_err(|_| stopped())? {
            Ok(()) => Ok(()),
            Err(AppendError::Store(e)) => Err(e),
            Err(e) => Err(StoreError::Inconsistent(e.to_string())),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // closing the channel ends the thread once it has answered the jobs it holds
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The writer's loop: a batch is the first job waiting plus every other already queued.
fn serve(conn: &Mutex<Connection>, queue: &mpsc::Receiver<Job>, max_batch: usize) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < max_batch {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut guard = match conn.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let results = match commit(&mut guard, &batch) {
            Ok(results) => results,
            Err(e) => {
                let message = e.to_string();
                batch.iter().map(|_| Err(StoreError::Batch(message.clone()).into())).collect()
            }
        };
        drop(guard);
        for (job, result) in batch.into_iter().zip(results) {
            // a caller that gave up waiting is no longer listening; its events are stored anyway
            let _ = job.reply.send(result);
        }
    }
}

/// Runs `batch` in one `IMMEDIATE` transaction, each append in a savepoint; returns each
/// append's outcome, or the error that lost the whole transaction.
fn commit(conn: &mut Connection, batch: &[Job]) -> Result<Vec<Result<(), AppendError>>, rusqlite::Error> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        let savepoint = tx.savepoint()?;
        let result = append(&savepoint, job);
        if result.is_ok() {
            savepoint.commit()?;
        } else {
            // rolled back to where it started, and released
            savepoint.finish()?;
        }
        results.push(result);
    }
    tx.commit()?;
    Ok(results)
}

fn to_i64(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::Inconsistent(format!("sequence {value} exceeds SQLite's range")))
}

/// One append inside the batch's transaction: the version contract, the chain, the events, the
/// snapshot when given, the remembered answer.
fn append(conn: &Connection, job: &Job) -> Result<(), AppendError> {
    let Job { provider, expected, events, snapshot, remember, snapshot_only, .. } = job;
    let (provider, expected) = (provider.as_str(), *expected);
    if let Some(version) = snapshot_only {
        crate::store::upsert_snapshot(conn, provider, *version, snapshot)?;
        return Ok(());
    }
    let actual = crate::store::last_sequence(conn, provider)?;
    if actual != expected {
        return Err(AppendError::Conflict { provider: provider.to_owned(), expected, actual });
    }
    for (i, event) in events.iter().enumerate() {
        if event.sequence != expected.saturating_add(1).saturating_add(i as u64) {
            return Err(StoreError::Inconsistent(format!(
                "event {} does not follow version {} of provider `{provider}`",
                event.sequence,
                event.sequence.saturating_sub(1)
            ))
            .into());
        }
    }
    check_chain(provider, &crate::store::head_at(conn, provider, expected)?, events)?;
    let mut version = expected;
    {
        let mut insert = conn
            .prepare_cached(
                "INSERT INTO events (provider_id, sequence, at, kind, document, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .map_err(StoreError::from)?;
        for event in events {
            match insert.execute(params![
                provider,
                to_i64(event.sequence)?,
                event.at,
                event.kind,
                event.document,
                event.prev,
                event.hash
            ]) {
                Ok(_) => {}
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
                    return Err(AppendError::Conflict {
                        provider: provider.to_owned(),
                        expected,
                        actual: event.sequence,
                    });
                }
                Err(e) => return Err(StoreError::from(e).into()),
            }
            version = event.sequence;
        }
    }
    if version > expected && !snapshot.is_empty() {
        crate::store::upsert_snapshot(conn, provider, version, snapshot)?;
    }
    for r in remember {
        match conn
            .prepare_cached(
                "INSERT INTO idempotency (provider_id, account, key, request, response) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut insert| insert.execute(params![provider, r.account, r.key, r.request, r.response]))
        {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
                return Err(AppendError::Conflict { provider: provider.to_owned(), expected, actual: expected });
            }
            Err(e) => return Err(StoreError::from(e).into()),
        }
    }
    Ok(())
}

/// The connections reads run on.
#[derive(Debug)]
pub(crate) enum Readers {
    /// The writer's connection (an in-memory database is private to its connection).
    Shared(Arc<Mutex<Connection>>),
    /// A pool of read connections to a file.
    Pool {
        /// The database file.
        path: PathBuf,
        /// Connections not in use.
        idle: Mutex<Vec<Connection>>,
    },
}

/// Opens one more connection to the file `path`, as the store's first one is set up (WAL is the
/// file's own setting; `synchronous` and the busy timeout are each connection's).
pub(crate) fn open_connection(path: &std::path::Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

impl Readers {
    /// Runs `work` on a read connection (it may also write: a snapshot made by a replay).
    pub(crate) fn with<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match self {
            Self::Shared(conn) => {
                let mut conn = conn.lock().map_err(|_| StoreError::Poisoned)?;
                work(&mut conn)
            }
            Self::Pool { path, idle } => {
                let pooled = idle.lock().map_err(|_| StoreError::Poisoned)?.pop();
                let mut conn = match pooled {
                    Some(conn) => conn,
                    None => open_connection(path)?,
                };
                let result = work(&mut conn);
                let mut idle = idle.lock().map_err(|_| StoreError::Poisoned)?;
                if idle.len() < MAX_IDLE_READERS {
                    idle.push(conn);
                }
                result
            }
        }
    }
}
