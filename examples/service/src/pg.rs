//! Storage in PostgreSQL, for deployments that outgrow one machine: the same tables and the same
//! version contract as the SQLite [`crate::Store`], through `tokio-postgres` with a
//! `deadpool-postgres` pool.
//!
//! The schema follows the multi-tenant model of Citus (distributed PostgreSQL): every table's key
//! starts with `provider_id`, every statement in [`sql::PER_PROVIDER`] filters by it (bound to
//! `$1`), and no transaction touches two providers, so each table can be distributed by
//! `provider_id` and every transaction runs on one shard. [`sql::PROVIDERS`] (the list for an
//! export) is the one read across providers, never inside a transaction.
//!
//! Two service processes on different machines stay correct through the append's transaction:
//! it reads the provider's last sequence, and inserts the next sequences; the primary key
//! `(provider_id, sequence)` lets only one of two writers that started from the same version
//! commit — the other gets a unique violation, reported as [`AppendError::Conflict`], and the
//! application reloads and retries.
//!
//! The store's methods block (as the SQLite store's do): each runs its statements on the store's
//! own small tokio runtime and waits for the answer, so it may be called from a blocking task, a
//! plain thread or (briefly) an async test alike.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use deadpool_postgres::GenericClient;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{IsolationLevel, NoTls, Row};
use zeroize::Zeroize;

use crate::store::{AppendError, EventStore, LoadBase, NewEvent, Remembered, StoreError, Stored};

/// Every statement the store sends, in one place so a test can check each.
#[path = "pg_sql.rs"]
pub mod sql;

/// The versioned schema: `schema_migrations` holds the versions applied; a migration runs once,
/// in the transaction that records it. Migration 2 adds each event's place in the hash chain;
/// the hashes of the events stored before are computed by `migrate` in the same transaction,
/// with the append-only trigger lifted for that one update.
pub const MIGRATIONS: &[(i32, &str)] = &[
    (
    1,
    "CREATE TABLE events (
        provider_id TEXT NOT NULL,
        sequence BIGINT NOT NULL CHECK (sequence >= 1),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (provider_id, sequence)
    );
    CREATE FUNCTION mspkit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the events table is append-only'; END $$;
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION mspkit_events_append_only();
    CREATE TABLE snapshots (
        provider_id TEXT NOT NULL PRIMARY KEY,
        version BIGINT NOT NULL CHECK (version >= 1),
        document TEXT NOT NULL
    );
    CREATE TABLE idempotency (
        provider_id TEXT NOT NULL,
        account TEXT NOT NULL,
        key TEXT NOT NULL,
        request TEXT NOT NULL,
        response TEXT NOT NULL,
        PRIMARY KEY (provider_id, account, key)
    );",
    ),
    (
        2,
        "ALTER TABLE events ADD COLUMN prev TEXT NOT NULL DEFAULT '', ADD COLUMN hash TEXT NOT NULL DEFAULT '';
        ALTER TABLE events DISABLE TRIGGER events_append_only;",
    ),
];

/// Computes `prev` and `hash` of every stored event (migration 2), then restores the
/// append-only trigger.
async fn backfill_chain(tx: &tokio_postgres::Transaction<'_>) -> Result<(), StoreError> {
    let rows = tx
        .query("SELECT provider_id, sequence, document FROM events ORDER BY provider_id, sequence", &[])
        .await
        .map_err(|e| pg_error(&e))?;
    let mut head = (String::new(), crate::store::GENESIS.to_owned());
    for row in rows {
        let provider: String = row.try_get(0).map_err(|e| pg_error(&e))?;
        let sequence: i64 = row.try_get(1).map_err(|e| pg_error(&e))?;
        let document: String = row.try_get(2).map_err(|e| pg_error(&e))?;
        if head.0 != provider {
            head = (provider.clone(), crate::store::GENESIS.to_owned());
        }
        let hash = crate::store::link(&head.1, &document)
            .ok_or_else(|| StoreError::Inconsistent("a stored hash is not a hash".to_owned()))?;
        tx.execute(
            "UPDATE events SET prev = $1, hash = $2 WHERE provider_id = $3 AND sequence = $4",
            &[&head.1, &hash, &provider, &sequence],
        )
        .await
        .map_err(|e| pg_error(&e))?;
        head.1 = hash;
    }
    tx.batch_execute("ALTER TABLE events ENABLE TRIGGER events_append_only").await.map_err(|e| pg_error(&e))
}

/// The newest schema version this code knows.
pub fn schema_version() -> i32 {
    MIGRATIONS.last().map_or(0, |(v, _)| *v)
}

/// A PostgreSQL connection URL (`postgres://…` or `postgresql://…`). It may hold a password: its
/// `Debug` shows none, and it is zeroized on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct PgUrl(String);

impl PgUrl {
    /// The URL, if `text` is one (it starts with `postgres://` or `postgresql://`).
    pub fn parse(text: &str) -> Option<Self> {
        (text.starts_with("postgres://") || text.starts_with("postgresql://")).then(|| Self(text.to_owned()))
    }

    /// The URL as given (with any password).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PgUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // scheme://[user[:password]@]host…: the password is left out
        let shown = match (self.0.split_once("://"), self.0.rfind('@')) {
            (Some((scheme, rest)), Some(at)) => {
                let userinfo = rest.get(..at.saturating_sub(scheme.len() + 3)).unwrap_or("");
                let user = userinfo.split(':').next().unwrap_or("");
                format!("{scheme}://{user}:…@{}", self.0.get(at + 1..).unwrap_or(""))
            }
            _ => self.0.clone(),
        };
        f.debug_tuple("PgUrl").field(&shown).finish()
    }
}

impl Drop for PgUrl {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// One statement as the store sent it: for the test that checks the multi-tenant rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The transaction it ran in (0: none).
    pub transaction: u64,
    /// The statement (one of [`sql`]'s constants).
    pub statement: &'static str,
    /// The value bound to `$1` (the provider id), if any.
    pub provider: Option<String>,
}

#[derive(Debug, Default)]
struct Recorder {
    sent: Mutex<Option<Vec<Sent>>>,
    transactions: AtomicU64,
}

impl Recorder {
    fn record(&self, transaction: u64, statement: &'static str, provider: Option<&str>) {
        let mut sent = match self.sent.lock() {
            Ok(sent) => sent,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(sent) = sent.as_mut() {
            sent.push(Sent { transaction, statement, provider: provider.map(str::to_owned) });
        }
    }

    fn transaction(&self) -> u64 {
        self.transactions.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// The PostgreSQL store.
pub struct PgStore {
    pool: Pool,
    recorder: Arc<Recorder>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("pool", &self.pool.status()).finish_non_exhaustive()
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // a runtime may not be dropped in an async context; this ends its threads without waiting
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn pg_error(e: &tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError::Postgres(format!("{} ({})", db.message(), db.code().code())),
        None => StoreError::Postgres(e.to_string()),
    }
}

fn is_unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&SqlState::UNIQUE_VIOLATION)
}

fn to_i64(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value)
        .map_err(|_| StoreError::Inconsistent(format!("sequence {value} exceeds PostgreSQL's BIGINT")))
}

fn to_u64(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::Inconsistent(format!("negative sequence {value}")))
}

/// The most events one `INSERT … SELECT … FROM UNNEST(…)` of an import carries.
pub const BULK_CHUNK: usize = 10_000;

/// The most connections the pool opens.
pub const POOL_SIZE: usize = 16;

/// Sends `statement` with the provider id bound to `$1` and `rest` after it, recording it. The
/// statement is prepared once per connection (deadpool's statement cache): a write sends five
/// statements, and preparing each every time cost a round trip each.
async fn query<C: GenericClient + Sync>(
    recorder: &Recorder,
    client: &C,
    transaction: u64,
    statement: &'static str,
    provider: &str,
    rest: &[&(dyn ToSql + Sync)],
) -> Result<Vec<Row>, tokio_postgres::Error> {
    recorder.record(transaction, statement, Some(provider));
    let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(rest.len() + 1);
    params.push(&provider);
    params.extend_from_slice(rest);
    let prepared = client.prepare_cached(statement).await?;
    client.query(&prepared, &params).await
}

async fn last_sequence<C: GenericClient + Sync>(
    recorder: &Recorder,
    client: &C,
    transaction: u64,
    provider: &str,
) -> Result<u64, StoreError> {
    Ok(tip(recorder, client, transaction, provider).await?.0)
}

/// The last sequence and its hash ((0, [`crate::store::GENESIS`]) for no provider).
async fn tip<C: GenericClient + Sync>(
    recorder: &Recorder,
    client: &C,
    transaction: u64,
    provider: &str,
) -> Result<(u64, String), StoreError> {
    let rows =
        query(recorder, client, transaction, sql::TIP, provider, &[]).await.map_err(|e| pg_error(&e))?;
    match rows.first() {
        None => Ok((0, crate::store::GENESIS.to_owned())),
        Some(row) => {
            let sequence: i64 = row.try_get(0).map_err(|e| pg_error(&e))?;
            Ok((to_u64(sequence)?, row.try_get(1).map_err(|e| pg_error(&e))?))
        }
    }
}

async fn head_at<C: GenericClient + Sync>(
    recorder: &Recorder,
    client: &C,
    transaction: u64,
    provider: &str,
    version: u64,
) -> Result<String, StoreError> {
    if version == 0 {
        return Ok(crate::store::GENESIS.to_owned());
    }
    let sequence = to_i64(version)?;
    let rows = query(recorder, client, transaction, sql::HEAD, provider, &[&sequence])
        .await
        .map_err(|e| pg_error(&e))?;
    match rows.first() {
        Some(row) => row.try_get(0).map_err(|e| pg_error(&e)),
        None => Err(StoreError::Inconsistent(format!("provider `{provider}` has no event {version}"))),
    }
}

async fn documents<C: GenericClient + Sync>(
    recorder: &Recorder,
    client: &C,
    transaction: u64,
    statement: &'static str,
    provider: &str,
    rest: &[&(dyn ToSql + Sync)],
) -> Result<Vec<String>, StoreError> {
    let rows =
        query(recorder, client, transaction, statement, provider, rest).await.map_err(|e| pg_error(&e))?;
    rows.iter().map(|r| r.try_get::<_, String>(0).map_err(|e| pg_error(&e))).collect()
}

async fn snapshot_row<C: GenericClient + Sync>(
    recorder: &Recorder,
    client: &C,
    transaction: u64,
    provider: &str,
) -> Result<Option<(u64, String)>, StoreError> {
    let rows =
        query(recorder, client, transaction, sql::SNAPSHOT, provider, &[]).await.map_err(|e| pg_error(&e))?;
    match rows.first() {
        None => Ok(None),
        Some(row) => {
            let version: i64 = row.try_get(0).map_err(|e| pg_error(&e))?;
            Ok(Some((to_u64(version)?, row.try_get(1).map_err(|e| pg_error(&e))?)))
        }
    }
}

type Shared = (Pool, Arc<Recorder>);

async fn connection(pool: &Pool) -> Result<deadpool_postgres::Object, StoreError> {
    pool.get().await.map_err(|e| StoreError::Postgres(format!("no connection from the pool: {e}")))
}

impl PgStore {
    /// Connects to `url`, brings the schema to [`schema_version`] (refusing a newer one) and
    /// keeps a pool of up to [`POOL_SIZE`] connections.
    pub fn connect(url: &PgUrl) -> Result<Self, StoreError> {
        let config: tokio_postgres::Config = url
            .expose()
            .parse()
            .map_err(|e| StoreError::Postgres(format!("the database URL does not read: {e}")))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mspkit-postgres")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Postgres(format!("cannot start the PostgreSQL runtime: {e}")))?;
        let manager =
            Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = {
            let _entered = runtime.enter();
            Pool::builder(manager)
                .max_size(POOL_SIZE)
                .runtime(deadpool_postgres::Runtime::Tokio1)
                .build()
                .map_err(|e| StoreError::Postgres(format!("cannot make the connection pool: {e}")))?
        };
        let store = Self { pool, recorder: Arc::new(Recorder::default()), runtime: Some(runtime) };
        store.run(|(pool, _)| async move { migrate(&pool).await })?;
        Ok(store)
    }

    /// Starts recording every statement sent (for the test of the multi-tenant rules).
    pub fn record_statements(&self) {
        if let Ok(mut sent) = self.recorder.sent.lock() {
            sent.get_or_insert_with(Vec::new);
        }
    }

    /// The statements sent since [`PgStore::record_statements`], in order.
    pub fn recorded(&self) -> Vec<Sent> {
        self.recorder.sent.lock().ok().and_then(|s| s.clone()).unwrap_or_default()
    }

    /// Runs `work` on the store's runtime and waits for its answer.
    fn run<T, E, F, Fut>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(Shared) -> Fut,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
    {
        let runtime = self
            .runtime
            .as_ref()
            .ok_or_else(|| StoreError::Postgres("the PostgreSQL runtime has stopped".to_owned()))?;
        let future = work((self.pool.clone(), Arc::clone(&self.recorder)));
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        runtime.spawn(async move {
            let _ = tx.send(future.await);
        });
        rx.recv()
            .map_err(|_| StoreError::Postgres("the PostgreSQL task ended without an answer".to_owned()))?
    }
}

/// Applies the migrations the database lacks, under an advisory lock so that two services
/// starting at once do not both apply them.
async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    let mut client = connection(pool).await?;
    let tx = client.transaction().await.map_err(|e| pg_error(&e))?;
    // a fixed key, the same in every process of this service
    tx.execute("SELECT pg_advisory_xact_lock(120265896716660)", &[]).await.map_err(|e| pg_error(&e))?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )",
    )
    .await
    .map_err(|e| pg_error(&e))?;
    let row = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])
        .await
        .map_err(|e| pg_error(&e))?;
    let current: i32 = row.try_get(0).map_err(|e| pg_error(&e))?;
    let newest = schema_version();
    if current > newest {
        return Err(StoreError::Inconsistent(format!(
            "the database is of schema version {current}, newer than this service's {newest}"
        )));
    }
    for (version, migration) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.batch_execute(migration).await.map_err(|e| pg_error(&e))?;
        if *version == 2 {
            backfill_chain(&tx).await?;
        }
        tx.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version])
            .await
            .map_err(|e| pg_error(&e))?;
    }
    tx.commit().await.map_err(|e| pg_error(&e))
}

impl EventStore for PgStore {
    fn load(&self, provider: &str) -> Result<Option<Stored>, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let mut client = connection(&pool).await?;
            let t = rec.transaction();
            rec.record(t, sql::BEGIN, Some(&provider));
            let tx = client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
                .map_err(|e| pg_error(&e))?;
            let version = last_sequence(&rec, &tx, t, &provider).await?;
            if version == 0 {
                return Ok(None);
            }
            if let Some((snapshot_version, document)) = snapshot_row(&rec, &tx, t, &provider).await?
                && snapshot_version == version
            {
                return Ok(Some(Stored::Snapshot { version, document }));
            }
            let events = documents(&rec, &tx, t, sql::EVENTS, &provider, &[]).await?;
            rec.record(t, sql::COMMIT, Some(&provider));
            tx.commit().await.map_err(|e| pg_error(&e))?;
            Ok(Some(Stored::Log { version, events }))
        })
    }

    fn append_remembering(
        &self,
        provider: &str,
        expected: u64,
        events: &[NewEvent],
        snapshot: &str,
        remember: &[Remembered],
    ) -> Result<(), AppendError> {
        let provider = provider.to_owned();
        let events = events.to_vec();
        let snapshot = snapshot.to_owned();
        let remember = remember.to_vec();
        self.run(|(pool, rec)| async move {
            let conflict = |actual| AppendError::Conflict { provider: provider.clone(), expected, actual };
            let mut client = connection(&pool).await?;
            let t = rec.transaction();
            rec.record(t, sql::BEGIN, Some(&provider));
            let tx = client.transaction().await.map_err(|e| pg_error(&e))?;
            let actual = last_sequence(&rec, &tx, t, &provider).await?;
            if actual != expected {
                return Err(conflict(actual));
            }
            let mut version = expected;
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
            let head = head_at(&rec, &tx, t, &provider, expected).await?;
            crate::store::check_chain(&provider, &head, &events)?;
            if events.len() > 1 {
                // an import: the events in chunks of one statement each, not a statement each
                for chunk in events.chunks(BULK_CHUNK) {
                    let column = |f: fn(&NewEvent) -> &String| chunk.iter().map(f).collect::<Vec<_>>();
                    let sequences =
                        chunk.iter().map(|e| to_i64(e.sequence)).collect::<Result<Vec<i64>, _>>()?;
                    let (at, kind, document) =
                        (column(|e| &e.at), column(|e| &e.kind), column(|e| &e.document));
                    let (prev, hash) = (column(|e| &e.prev), column(|e| &e.hash));
                    match query(
                        &rec,
                        &tx,
                        t,
                        sql::INSERT_EVENTS,
                        &provider,
                        &[&sequences, &at, &kind, &document, &prev, &hash],
                    )
                    .await
                    {
                        Ok(_) => {}
                        Err(e) if is_unique_violation(&e) => return Err(conflict(expected + 1)),
                        Err(e) => return Err(pg_error(&e).into()),
                    }
                }
                version = events.last().map_or(expected, |e| e.sequence);
            }
            for event in events.iter().filter(|_| events.len() == 1) {
                let sequence = to_i64(event.sequence)?;
                match query(
                    &rec,
                    &tx,
                    t,
                    sql::INSERT_EVENT,
                    &provider,
                    &[&sequence, &event.at, &event.kind, &event.document, &event.prev, &event.hash],
                )
                .await
                {
                    Ok(_) => {}
                    // another writer appended this sequence first and committed
                    Err(e) if is_unique_violation(&e) => return Err(conflict(event.sequence)),
                    Err(e) => return Err(pg_error(&e).into()),
                }
                version = event.sequence;
            }
            if version > expected && !snapshot.is_empty() {
                let v = to_i64(version)?;
                query(&rec, &tx, t, sql::UPSERT_SNAPSHOT, &provider, &[&v, &snapshot])
                    .await
                    .map_err(|e| pg_error(&e))?;
            }
            for r in &remember {
                match query(
                    &rec,
                    &tx,
                    t,
                    sql::REMEMBER,
                    &provider,
                    &[&r.account, &r.key, &r.request, &r.response],
                )
                .await
                {
                    Ok(_) => {}
                    Err(e) if is_unique_violation(&e) => return Err(conflict(expected)),
                    Err(e) => return Err(pg_error(&e).into()),
                }
            }
            rec.record(t, sql::COMMIT, Some(&provider));
            match tx.commit().await {
                Ok(()) => Ok(()),
                Err(e) if is_unique_violation(&e) => Err(conflict(expected)),
                Err(e) => Err(pg_error(&e).into()),
            }
        })
    }

    fn remembered(
        &self,
        provider: &str,
        account: &str,
        key: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let (provider, account, key) = (provider.to_owned(), account.to_owned(), key.to_owned());
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            let rows = query(&rec, &client, 0, sql::REMEMBERED, &provider, &[&account, &key])
                .await
                .map_err(|e| pg_error(&e))?;
            match rows.first() {
                None => Ok(None),
                Some(row) => Ok(Some((
                    row.try_get(0).map_err(|e| pg_error(&e))?,
                    row.try_get(1).map_err(|e| pg_error(&e))?,
                ))),
            }
        })
    }

    fn last_version(&self, provider: &str) -> Result<u64, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            last_sequence(&rec, &client, 0, &provider).await
        })
    }

    fn tip(&self, provider: &str) -> Result<(u64, String), StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            tip(&rec, &client, 0, &provider).await
        })
    }

    fn head(&self, provider: &str, version: u64) -> Result<String, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            head_at(&rec, &client, 0, &provider, version).await
        })
    }

    fn events_after(&self, provider: &str, after: u64) -> Result<Vec<String>, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            let after = to_i64(after)?;
            documents(&rec, &client, 0, sql::EVENTS_AFTER, &provider, &[&after]).await
        })
    }

    fn load_base(&self, provider: &str) -> Result<Option<LoadBase>, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let mut client = connection(&pool).await?;
            let t = rec.transaction();
            rec.record(t, sql::BEGIN, Some(&provider));
            let tx = client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await
                .map_err(|e| pg_error(&e))?;
            if last_sequence(&rec, &tx, t, &provider).await? == 0 {
                return Ok(None);
            }
            let snapshot = snapshot_row(&rec, &tx, t, &provider).await?;
            let after = to_i64(snapshot.as_ref().map_or(0, |(v, _)| *v))?;
            let events = documents(&rec, &tx, t, sql::EVENTS_AFTER, &provider, &[&after]).await?;
            rec.record(t, sql::COMMIT, Some(&provider));
            tx.commit().await.map_err(|e| pg_error(&e))?;
            Ok(Some((snapshot, events)))
        })
    }

    fn save_snapshot(&self, provider: &str, version: u64, document: &str) -> Result<(), StoreError> {
        let (provider, document) = (provider.to_owned(), document.to_owned());
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            let version = to_i64(version)?;
            query(&rec, &client, 0, sql::UPSERT_SNAPSHOT, &provider, &[&version, &document])
                .await
                .map_err(|e| pg_error(&e))?;
            Ok(())
        })
    }

    fn forget_snapshot(&self, provider: &str) -> Result<(), StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            query(&rec, &client, 0, sql::DELETE_SNAPSHOT, &provider, &[]).await.map_err(|e| pg_error(&e))?;
            Ok(())
        })
    }

    fn events(&self, provider: &str) -> Result<Vec<String>, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            documents(&rec, &client, 0, sql::EVENTS, &provider, &[]).await
        })
    }

    fn sequences(&self, provider: &str) -> Result<Vec<u64>, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            let rows =
                query(&rec, &client, 0, sql::SEQUENCES, &provider, &[]).await.map_err(|e| pg_error(&e))?;
            rows.iter().map(|r| r.try_get::<_, i64>(0).map_err(|e| pg_error(&e)).and_then(to_u64)).collect()
        })
    }

    fn snapshot(&self, provider: &str) -> Result<Option<(u64, String)>, StoreError> {
        let provider = provider.to_owned();
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            snapshot_row(&rec, &client, 0, &provider).await
        })
    }

    fn providers(&self) -> Result<Vec<String>, StoreError> {
        self.run(|(pool, rec)| async move {
            let client = connection(&pool).await?;
            rec.record(0, sql::PROVIDERS, None);
            let rows = client.query(sql::PROVIDERS, &[]).await.map_err(|e| pg_error(&e))?;
            rows.iter().map(|r| r.try_get::<_, String>(0).map_err(|e| pg_error(&e))).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_per_provider_statement_binds_the_provider_to_the_first_parameter() {
        for statement in sql::PER_PROVIDER {
            let filters = statement.contains("WHERE provider_id = $1");
            let inserts = statement.starts_with("INSERT INTO")
                && statement.contains("(provider_id,")
                && (statement.contains("VALUES ($1,") || statement.contains("SELECT $1,"));
            assert!(filters || inserts, "{statement}");
            // an upsert's update touches only the row of the key it inserted
            if statement.contains("DO UPDATE") {
                assert!(statement.contains("snapshots.provider_id = $1"), "{statement}");
            }
        }
        assert!(!sql::PER_PROVIDER.contains(&sql::PROVIDERS));
    }

    #[test]
    fn every_table_is_keyed_by_the_provider_first() {
        let (_, schema) = MIGRATIONS[0];
        for table in schema.split("CREATE TABLE ").skip(1) {
            let name = table.split_whitespace().next().unwrap();
            let key = table
                .lines()
                .find(|l| l.contains("PRIMARY KEY"))
                .unwrap_or_else(|| panic!("{name} has no primary key"));
            assert!(
                key.trim_start().starts_with("provider_id") || key.contains("PRIMARY KEY (provider_id"),
                "{name}: {key}"
            );
        }
    }

    #[test]
    fn a_url_shows_no_password() {
        let url = PgUrl::parse("postgres://mspkit:s3cret@db.example:5432/mspkit").unwrap();
        let shown = format!("{url:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.example:5432/mspkit"), "{shown}");
        assert_eq!(PgUrl::parse("file.db"), None);
    }
}
