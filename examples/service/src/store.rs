//! Storage in SQLite: the append-only `events` table is the source of truth, `snapshots` holds
//! one provider document per provider for fast loads.
//!
//! The store knows nothing of mspkit but the hash of its event log's chain: it keeps provider
//! ids, sequence numbers, JSON documents and each event's place in the chain.
//! [`crate::domain`] turns them into providers and events.
//!
//! - `events (provider_id, sequence, at, kind, document, prev, hash)`, `PRIMARY KEY
//!   (provider_id, sequence)`: two writers that both append sequence `n` to one provider cannot
//!   both succeed; triggers refuse `UPDATE` and `DELETE`, so the log is append-only. `hash` is
//!   the hash of the event's line in a version 2 event log (`mspkit::event_log::chain`) and
//!   `prev` the previous event's `hash` ([`GENESIS`] for the first): an append whose first
//!   event's `prev` is not the stored head, or whose hashes are not their documents', is
//!   refused ([`AppendError::Chain`]), so the stored log exports as a log `mspkit verify`
//!   accepts.
//! - `snapshots (provider_id, version, document)`: the provider document after the event whose
//!   sequence is `version`. It is only a cache: a snapshot whose version is not the log's last
//!   sequence is ignored and the provider is rebuilt by replay.
//!
//! A file database runs in WAL mode with `synchronous = FULL`. Appends go to one writer thread
//! that commits those arriving together (from any providers) in one `IMMEDIATE` transaction, each
//! in its own savepoint that checks the expected version and the chain, appends the events and
//! updates the snapshot when one is given (`group.rs`: group commit, one fsync for many
//! requests, each answered after its transaction committed); reads run on a small pool of read
//! connections.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A private in-memory database, gone when the service stops.
    Memory,
    /// A SQLite file (created when missing).
    File(PathBuf),
    /// A PostgreSQL database (`--db postgres://…`).
    Postgres(crate::pg::PgUrl),
}

impl Location {
    /// What `--db VALUE` names: `:memory:`, a `postgres://…` (or `postgresql://…`) URL, or a
    /// SQLite file.
    pub fn parse(value: &str) -> Self {
        if value == ":memory:" {
            Self::Memory
        } else if let Some(url) = crate::pg::PgUrl::parse(value) {
            Self::Postgres(url)
        } else {
            Self::File(PathBuf::from(value))
        }
    }
}

/// A storage failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite refused or failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused or failed (or could not be reached).
    #[error("postgres: {0}")]
    Postgres(String),
    /// A stored value is not what the schema promises.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    /// A group commit failed as a whole (every append of its batch gets this).
    #[error("sqlite: {0}")]
    Batch(String),
    /// The lock around the connection was poisoned by a panic in another request.
    #[error("the database connection lock is poisoned")]
    Poisoned,
}

/// Why an append did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// The provider's log is not at the expected version: another writer appended first.
    #[error("provider `{provider}` is at version {actual}, not {expected}")]
    Conflict {
        /// The provider.
        provider: String,
        /// The version the writer started from.
        expected: u64,
        /// The version in the log.
        actual: u64,
    },
    /// The events do not continue the provider's hash chain (a caller's bug: the store's head
    /// is read in the transaction that checks the version).
    #[error("the events do not continue the hash chain of provider `{provider}`: {detail}")]
    Chain {
        /// The provider.
        provider: String,
        /// What does not follow.
        detail: String,
    },
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub use crate::chain::{GENESIS, check_chain, link};
pub use crate::group::DEFAULT_GROUP_COMMIT;

/// One event ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// Its sequence in the provider's log.
    pub sequence: u64,
    /// When it happened (RFC 3339).
    pub at: String,
    /// Its kind (the change's tag), for queries.
    pub kind: String,
    /// The whole event as JSON.
    pub document: String,
    /// The hash of the event before it ([`GENESIS`] for the first).
    pub prev: String,
    /// Its hash: [`link`] of `prev` and `document`.
    pub hash: String,
}

/// What is stored for one provider, as loading needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// The snapshot is current: its version is the log's last sequence.
    Snapshot {
        /// The version (last sequence).
        version: u64,
        /// The provider document.
        document: String,
    },
    /// The snapshot is missing or stale: here is the whole log, in sequence order.
    Log {
        /// The log's last sequence.
        version: u64,
        /// The event documents.
        events: Vec<String>,
    },
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    provider_id TEXT NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    document TEXT NOT NULL,
    prev TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (provider_id, sequence)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the events table is append-only'); END;
CREATE TABLE IF NOT EXISTS idempotency (
    provider_id TEXT NOT NULL,
    account TEXT NOT NULL,
    key TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT NOT NULL,
    PRIMARY KEY (provider_id, account, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    provider_id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL CHECK (version >= 1),
    document TEXT NOT NULL
);
";

/// Migration 1: `snapshots` was a `WITHOUT ROWID` table, whose B-tree holds each document in its
/// key's page chain: writing a small provider's snapshot beside a 100 000-client one's moved and
/// rewrote large cells. As a rowid table each document lives in its own overflow pages and the
/// index on `provider_id` stays small.
const MIGRATION_1: &str = "
CREATE TABLE snapshots_rowid (
    provider_id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL CHECK (version >= 1),
    document TEXT NOT NULL
);
INSERT INTO snapshots_rowid (provider_id, version, document) SELECT provider_id, version, document FROM snapshots;
DROP TABLE snapshots;
ALTER TABLE snapshots_rowid RENAME TO snapshots;
";

/// The latest snapshot (version and document), if any, and the event documents after it.
pub type LoadBase = (Option<(u64, String)>, Vec<String>);

/// The schema version this code writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 2;

/// Brings a database of an earlier schema version to [`SCHEMA_VERSION`], in one transaction.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version < 1 {
        let sql: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        if sql.is_some_and(|sql| sql.to_ascii_uppercase().contains("WITHOUT ROWID")) {
            tx.execute_batch(MIGRATION_1)?;
        }
    }
    if version < 2 {
        crate::chain::migrate_sqlite(&tx)?;
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::Inconsistent(format!(
            "the database is of schema version {version}, newer than this service's {SCHEMA_VERSION}"
        )));
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// A command's answer kept under the `Idempotency-Key` its account sent, written in the
/// transaction that appends the command's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// The account (or `vendor`) that sent the key: keys are per account.
    pub account: String,
    /// The key as sent.
    pub key: String,
    /// A digest of the request, to refuse a key reused for another request.
    pub request: String,
    /// The answer's JSON body.
    pub response: String,
}

/// The store: a writer thread that commits appends in groups (group commit) and the
/// connections reads run on.
#[derive(Debug)]
pub struct Store {
    writer: crate::group::Writer,
    readers: crate::group::Readers,
}

fn to_i64(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::Inconsistent(format!("sequence {value} exceeds SQLite's range")))
}

fn to_u64(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::Inconsistent(format!("negative sequence {value}")))
}

impl Store {
    /// Opens (creating when needed) the database and its tables. A file database is switched to
    /// WAL mode with `synchronous = FULL` — every acknowledged write is on disk when the answer
    /// leaves, even across a power loss (`NORMAL` would leave the last transactions before a
    /// power cut at risk, though never the database's consistency) — and waits up to five
    /// seconds for another process's lock.
    pub fn open(location: &Location) -> Result<Self, StoreError> {
        Self::open_grouping(location, DEFAULT_GROUP_COMMIT)
    }

    /// As [`Store::open`], committing at most `max_batch` appends in one transaction (1: each
    /// append in a transaction of its own, an fsync each).
    pub fn open_grouping(location: &Location, max_batch: usize) -> Result<Self, StoreError> {
        let mut conn = match location {
            Location::Memory => Connection::open_in_memory()?,
            Location::Postgres(_) => {
                return Err(StoreError::Inconsistent(
                    "a PostgreSQL URL names no SQLite database: open it with `store::open`".to_owned(),
                ));
            }
            Location::File(path) => {
                let conn = crate::group::open_connection(path)?;
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn
            }
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        migrate(&mut conn)?;
        let conn = Arc::new(Mutex::new(conn));
        let readers = match location {
            Location::File(path) => {
                crate::group::Readers::Pool { path: path.clone(), idle: Mutex::new(Vec::new()) }
            }
            Location::Memory | Location::Postgres(_) => crate::group::Readers::Shared(Arc::clone(&conn)),
        };
        Ok(Self { writer: crate::group::Writer::start(conn, max_batch)?, readers })
    }

    /// Opens a file database (a shorthand for [`Store::open`]).
    pub fn open_file(path: &Path) -> Result<Self, StoreError> {
        Self::open(&Location::File(path.to_path_buf()))
    }

    /// Runs `work` on a read connection.
    fn with<T>(&self, work: impl FnOnce(&mut Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.readers.with(work)
    }

    /// What loading `provider` needs: its current snapshot, or (missing or stale) its whole
    /// log. `None` when the provider has no event at all.
    pub fn load(&self, provider: &str) -> Result<Option<Stored>, StoreError> {
        self.with(|conn| {
            // One read transaction: another service on the same database file may append between
            // these reads, and the version, the snapshot and the events must be of one moment.
            let conn = conn.transaction()?;
            let version = last_sequence(&conn, provider)?;
            if version == 0 {
                return Ok(None);
            }
            let snapshot: Option<(i64, String)> = conn
                .query_row(
                    "SELECT version, document FROM snapshots WHERE provider_id = ?1",
                    params![provider],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            if let Some((snapshot_version, document)) = snapshot
                && to_u64(snapshot_version)? == version
            {
                return Ok(Some(Stored::Snapshot { version, document }));
            }
            let events = event_documents(&conn, provider)?;
            Ok(Some(Stored::Log { version, events }))
        })
    }

    /// Appends `events` to the log of `provider` whose last sequence must be `expected`, and
    /// stores `snapshot` (the provider after the events) as its snapshot, in one transaction.
    /// The events must continue the log: `expected + 1`, `expected + 2`, ….
    pub fn append(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
    ) -> Result<(), AppendError> {
        self.append_remembering(provider, expected, events, snapshot, &[])
    }

    /// The answer remembered for `account`'s `key` on `provider`: `(request, response)`.
    pub fn remembered(
        &self,
        provider: &str,
        account: &str,
        key: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        self.with(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT request, response FROM idempotency WHERE provider_id = ?1 AND account = ?2 AND key = ?3",
                )?
                .query_row(params![provider, account, key], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?)
        })
    }

    /// As [`Store::append`], remembering the answers of the commands whose events these are
    /// under their idempotency keys, in the same transaction (so the events and the answers are
    /// stored together or not at all; the application appends the commands of one provider that
    /// arrived together as one batch). With no events, only the answers are stored. An empty `snapshot` writes none (snapshots are
    /// written every N events, not on every write). A key already taken is a conflict: the caller
    /// reloads and finds the answer.
    ///
    /// The append is committed by the store's writer thread together with the appends other
    /// callers sent meanwhile (group commit, see `group.rs`); it returns once that
    /// transaction committed.
    pub fn append_remembering(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
        remember: &[Remembered],
    ) -> Result<(), AppendError> {
        self.writer.append(provider, expected, events, snapshot, remember)
    }

    /// The log's last sequence for `provider` (0: no such provider).
    pub fn last_version(&self, provider: &str) -> Result<u64, StoreError> {
        self.with(|conn| last_sequence(conn, provider))
    }

    /// The hash of event `version` of `provider` ([`GENESIS`] for 0): the `prev` of the next.
    pub fn head(&self, provider: &str, version: u64) -> Result<String, StoreError> {
        self.with(|conn| head_at(conn, provider, version))
    }

    /// The event documents of `provider` after sequence `after`, in order.
    pub fn events_after(&self, provider: &str, after: u64) -> Result<Vec<String>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT document FROM events WHERE provider_id = ?1 AND sequence > ?2 ORDER BY sequence",
            )?;
            let rows = stmt.query_map(params![provider, to_i64(after)?], |row| row.get::<_, String>(0))?;
            rows.map(|r| r.map_err(StoreError::from)).collect()
        })
    }

    /// What a load starts from: the latest snapshot (version and document), current or not, and
    /// the events after it, read in one transaction. `None` when the provider has no event.
    pub fn load_base(&self, provider: &str) -> Result<Option<LoadBase>, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            if last_sequence(&tx, provider)? == 0 {
                return Ok(None);
            }
            let snapshot: Option<(i64, String)> = tx
                .query_row(
                    "SELECT version, document FROM snapshots WHERE provider_id = ?1",
                    params![provider],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let snapshot = snapshot.map(|(v, d)| Ok::<_, StoreError>((to_u64(v)?, d))).transpose()?;
            let after = snapshot.as_ref().map_or(0, |(v, _)| *v);
            let events = {
                let mut stmt = tx.prepare_cached(
                    "SELECT document FROM events WHERE provider_id = ?1 AND sequence > ?2 ORDER BY sequence",
                )?;
                let rows =
                    stmt.query_map(params![provider, to_i64(after)?], |row| row.get::<_, String>(0))?;
                rows.collect::<Result<Vec<String>, _>>()?
            };
            Ok(Some((snapshot, events)))
        })
    }

    /// Stores a snapshot (made by a replay, or by the application's background snapshot
    /// thread), unless a newer one is already there. It goes through the writer thread, which
    /// holds the file's one write lock: no busy wait against the group commit.
    pub fn save_snapshot(&self, provider: &str, version: u64, document: &str) -> Result<(), StoreError> {
        self.writer.save_snapshot(provider, version, document)
    }

    /// Drops the snapshot of `provider`, so its next load replays the log (for a rebuild after
    /// an upgrade that changes the document, and for the benchmark).
    pub fn forget_snapshot(&self, provider: &str) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute("DELETE FROM snapshots WHERE provider_id = ?1", params![provider])?;
            Ok(())
        })
    }

    /// The event documents of `provider`, in sequence order.
    pub fn events(&self, provider: &str) -> Result<Vec<String>, StoreError> {
        self.with(|conn| event_documents(conn, provider))
    }

    /// The sequences stored for `provider`, in order (for checks of the log's shape).
    pub fn sequences(&self, provider: &str) -> Result<Vec<u64>, StoreError> {
        self.with(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT sequence FROM events WHERE provider_id = ?1 ORDER BY sequence")?;
            let rows = stmt.query_map(params![provider], |row| row.get::<_, i64>(0))?;
            rows.map(|r| r.map_err(StoreError::from).and_then(to_u64)).collect()
        })
    }

    /// The stored snapshot of `provider` (version and document), current or not.
    pub fn snapshot(&self, provider: &str) -> Result<Option<(u64, String)>, StoreError> {
        self.with(|conn| {
            let row: Option<(i64, String)> = conn
                .query_row(
                    "SELECT version, document FROM snapshots WHERE provider_id = ?1",
                    params![provider],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            row.map(|(v, d)| Ok((to_u64(v)?, d))).transpose()
        })
    }

    /// Every provider with at least one event, in id order.
    pub fn providers(&self) -> Result<Vec<String>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare("SELECT DISTINCT provider_id FROM events ORDER BY provider_id")?;
            let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
            rows.map(|r| r.map_err(StoreError::from)).collect()
        })
    }
}

/// The storage interface the application runs on: an append-only log per provider under the
/// version contract, a snapshot per provider, and the answers remembered under idempotency keys.
/// [`Store`] (SQLite, the embedded default) and [`crate::pg::PgStore`] (PostgreSQL, for
/// scale-out) implement it; every method but [`EventStore::providers`] concerns one provider.
///
/// The methods block: the service calls them from blocking tasks.
pub trait EventStore: std::fmt::Debug + Send + Sync {
    /// What loading `provider` needs: its current snapshot, or (missing or stale) its whole
    /// log. `None` when the provider has no event at all.
    fn load(&self, provider: &str) -> Result<Option<Stored>, StoreError>;

    /// Appends `events` to the log of `provider` whose last sequence must be `expected`, and
    /// stores `snapshot` as its snapshot, in one transaction (see [`Store::append`]).
    fn append(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
    ) -> Result<(), AppendError> {
        self.append_remembering(provider, expected, events, snapshot, &[])
    }

    /// As [`EventStore::append`], remembering the commands' answers under their idempotency keys
    /// in the same transaction (see [`Store::append_remembering`]).
    fn append_remembering(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
        remember: &[Remembered],
    ) -> Result<(), AppendError>;

    /// The answer remembered for `account`'s `key` on `provider`: `(request, response)`.
    fn remembered(
        &self,
        provider: &str,
        account: &str,
        key: &str,
    ) -> Result<Option<(String, String)>, StoreError>;

    /// The log's last sequence for `provider` (0: no such provider).
    fn last_version(&self, provider: &str) -> Result<u64, StoreError>;

    /// The log's last sequence and the hash of that event (`(0, GENESIS)`: no such provider), in
    /// one read: a write checks its cached provider against the first and chains its events to
    /// the second.
    fn tip(&self, provider: &str) -> Result<(u64, String), StoreError> {
        let version = self.last_version(provider)?;
        Ok((version, self.head(provider, version)?))
    }

    /// The hash of event `version` of `provider` ([`GENESIS`] for 0): the `prev` of the next.
    fn head(&self, provider: &str, version: u64) -> Result<String, StoreError>;

    /// The event documents of `provider` after sequence `after`, in order.
    fn events_after(&self, provider: &str, after: u64) -> Result<Vec<String>, StoreError>;

    /// The latest snapshot, current or not, and the events after it, read in one transaction.
    fn load_base(&self, provider: &str) -> Result<Option<LoadBase>, StoreError>;

    /// Stores a snapshot made by replay, unless a newer one is already there.
    fn save_snapshot(&self, provider: &str, version: u64, document: &str) -> Result<(), StoreError>;

    /// Drops the snapshot of `provider`, so its next load replays the log.
    fn forget_snapshot(&self, provider: &str) -> Result<(), StoreError>;

    /// The event documents of `provider`, in sequence order.
    fn events(&self, provider: &str) -> Result<Vec<String>, StoreError>;

    /// The sequences stored for `provider`, in order.
    fn sequences(&self, provider: &str) -> Result<Vec<u64>, StoreError>;

    /// The stored snapshot of `provider` (version and document), current or not.
    fn snapshot(&self, provider: &str) -> Result<Option<(u64, String)>, StoreError>;

    /// Every provider with at least one event, in id order (for export: the one read across
    /// providers, never inside a write).
    fn providers(&self) -> Result<Vec<String>, StoreError>;
}

impl EventStore for Store {
    fn load(&self, provider: &str) -> Result<Option<Stored>, StoreError> {
        Store::load(self, provider)
    }

    fn append_remembering(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
        remember: &[Remembered],
    ) -> Result<(), AppendError> {
        Store::append_remembering(self, provider, expected, events, snapshot, remember)
    }

    fn remembered(
        &self,
        provider: &str,
        account: &str,
        key: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        Store::remembered(self, provider, account, key)
    }

    fn last_version(&self, provider: &str) -> Result<u64, StoreError> {
        Store::last_version(self, provider)
    }

    fn tip(&self, provider: &str) -> Result<(u64, String), StoreError> {
        self.with(|conn| {
            let row: Option<(i64, String)> = conn
                .prepare_cached(
                    "SELECT sequence, hash FROM events WHERE provider_id = ?1 ORDER BY sequence DESC LIMIT 1",
                )?
                .query_row(params![provider], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            match row {
                None => Ok((0, GENESIS.to_owned())),
                Some((sequence, hash)) => Ok((to_u64(sequence)?, hash)),
            }
        })
    }

    fn head(&self, provider: &str, version: u64) -> Result<String, StoreError> {
        Store::head(self, provider, version)
    }

    fn events_after(&self, provider: &str, after: u64) -> Result<Vec<String>, StoreError> {
        Store::events_after(self, provider, after)
    }

    fn load_base(&self, provider: &str) -> Result<Option<LoadBase>, StoreError> {
        Store::load_base(self, provider)
    }

    fn save_snapshot(&self, provider: &str, version: u64, document: &str) -> Result<(), StoreError> {
        Store::save_snapshot(self, provider, version, document)
    }

    fn forget_snapshot(&self, provider: &str) -> Result<(), StoreError> {
        Store::forget_snapshot(self, provider)
    }

    fn events(&self, provider: &str) -> Result<Vec<String>, StoreError> {
        Store::events(self, provider)
    }

    fn sequences(&self, provider: &str) -> Result<Vec<u64>, StoreError> {
        Store::sequences(self, provider)
    }

    fn snapshot(&self, provider: &str) -> Result<Option<(u64, String)>, StoreError> {
        Store::snapshot(self, provider)
    }

    fn providers(&self) -> Result<Vec<String>, StoreError> {
        Store::providers(self)
    }
}

impl From<Store> for Box<dyn EventStore> {
    fn from(store: Store) -> Self {
        Box::new(store)
    }
}

/// Opens the store `location` names: SQLite for a file or memory, PostgreSQL for a URL.
pub fn open(location: &Location) -> Result<Box<dyn EventStore>, StoreError> {
    open_grouping(location, DEFAULT_GROUP_COMMIT)
}

/// As [`open`], a SQLite store committing at most `max_batch` appends in one transaction (see
/// [`Store::open_grouping`]).
pub fn open_grouping(location: &Location, max_batch: usize) -> Result<Box<dyn EventStore>, StoreError> {
    match location {
        Location::Postgres(url) => Ok(Box::new(crate::pg::PgStore::connect(url)?)),
        Location::Memory | Location::File(_) => Ok(Box::new(Store::open_grouping(location, max_batch)?)),
    }
}

pub(crate) fn last_sequence(conn: &Connection, provider: &str) -> Result<u64, StoreError> {
    // cached statements: a seat change reads the last sequence and the head on every request
    let max: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE provider_id = ?1")?
        .query_row(params![provider], |row| row.get(0))?;
    to_u64(max)
}

pub(crate) fn head_at(conn: &Connection, provider: &str, version: u64) -> Result<String, StoreError> {
    if version == 0 {
        return Ok(GENESIS.to_owned());
    }
    conn.prepare_cached("SELECT hash FROM events WHERE provider_id = ?1 AND sequence = ?2")?
        .query_row(params![provider, to_i64(version)?], |row| row.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Inconsistent(format!("provider `{provider}` has no event {version}")))
}

fn event_documents(conn: &Connection, provider: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT document FROM events WHERE provider_id = ?1 ORDER BY sequence")?;
    let rows = stmt.query_map(params![provider], |row| row.get::<_, String>(0))?;
    rows.map(|r| r.map_err(StoreError::from)).collect()
}

pub(crate) fn upsert_snapshot(
    conn: &Connection,
    provider: &str,
    version: u64,
    document: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO snapshots (provider_id, version, document) VALUES (?1, ?2, ?3)
         ON CONFLICT (provider_id) DO UPDATE SET version = excluded.version, document = excluded.document
         WHERE excluded.version > snapshots.version",
    )?
    .execute(params![provider, to_i64(version)?, document])?;
    Ok(())
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
