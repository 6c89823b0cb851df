//! The service's core loop: load a provider (snapshot or replay), run a command, append its
//! events under the version contract (in batches per provider, `pipeline.rs`), retry on
//! conflict; snapshots are stored in the background (`snapshots.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, MutexGuard};

use mspkit::{Event, Provider, ProviderId, TokenKey, UserId};
use serde_json::{Map, Value};

use crate::domain::{self, Applied, Command, VendorCommand};
use crate::error::{ApiError, Category};
use crate::loaded::Loaded;
use crate::pipeline::{Batch, Outcome, Slot, State};
use crate::snapshots::Snapshots;
use crate::store::{AppendError, EventStore, Remembered};

/// How many times a write is tried when other writers keep appending first.
pub const MAX_ATTEMPTS: u32 = 32;

/// How a provider was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadedFrom {
    /// From a current snapshot.
    Snapshot,
    /// By replaying the whole log (the snapshot was missing or stale).
    Replay,
}

/// The outcome of a write, as the response reports it.
#[derive(Debug, Clone)]
pub struct Written {
    /// The provider's version after the write.
    pub version: u64,
    /// The events appended (none when the command changed nothing).
    pub events: Vec<Event>,
    /// What the command returned (new ids, …).
    pub result: Value,
    /// The first answer, when this is a retry under an `Idempotency-Key` already answered.
    pub replayed: Option<Value>,
}

/// An `Idempotency-Key` as sent, with who sent it and a digest of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    /// The account's id, or `vendor`.
    pub account: String,
    /// The key.
    pub key: String,
    /// A digest of the command, so a key reused for another command is refused.
    pub request: String,
}

impl Written {
    /// The response body: `version`, `events`, and the command's result fields.
    pub fn body(&self) -> Value {
        if let Some(first) = &self.replayed {
            return first.clone();
        }
        let mut body = Map::new();
        if let Value::Object(result) = &self.result {
            body.extend(result.clone());
        }
        body.insert("version".to_owned(), Value::from(self.version));
        body.insert("events".to_owned(), serde_json::to_value(&self.events).unwrap_or(Value::Null));
        Value::Object(body)
    }
}

/// The application: the store plus the write loop.
#[derive(Debug)]
pub struct App {
    store: Arc<dyn EventStore>,
    retries: AtomicU64,
    token_key: TokenKey,
    verifier: Option<crate::auth::Verifier>,
    limits: crate::serve::Limits,
    rate: crate::serve::RateLimiter,
    /// Loaded providers, one slot each: commands to one provider run one at a time in this
    /// process and are committed in batches (`pipeline.rs`), and a loaded provider is brought up
    /// to the log's last sequence by applying the events after it rather than loaded again. At
    /// most a bound of them, least recently used dropped first (`loaded.rs`).
    loaded: Loaded,
    snapshot_every: u64,
    snapshots: Snapshots,
}

/// How many events may follow a provider's snapshot before a write stores a new one.
pub const DEFAULT_SNAPSHOT_EVERY: u64 = 1000;

fn provider_not_found(id: &str) -> ApiError {
    ApiError::new(Category::NotFound, "provider_not_found", format!("there is no provider `{id}`"))
}

fn store_failed(e: &impl std::fmt::Display) -> ApiError {
    ApiError::internal("storage_failed", e)
}

impl App {
    /// An application over `store`, signing and checking set-up and invitation tokens with
    /// `token_key`. `store` is a [`crate::Store`] (SQLite) or any boxed [`EventStore`].
    pub fn new(store: impl Into<Box<dyn EventStore>>, token_key: TokenKey) -> Self {
        let store: Arc<dyn EventStore> = Arc::from(store.into());
        let limits = crate::serve::Limits::default();
        let rate = crate::serve::RateLimiter::new(limits.per_account_per_second);
        Self {
            snapshots: Snapshots::start(Arc::clone(&store)),
            store,
            retries: AtomicU64::new(0),
            token_key,
            verifier: None,
            limits,
            rate,
            loaded: Loaded::new(crate::loaded::DEFAULT_MAX_LOADED_PROVIDERS),
            snapshot_every: DEFAULT_SNAPSHOT_EVERY,
        }
    }

    /// The application storing a snapshot once `every` events (at least 1) follow the last one.
    #[must_use]
    pub fn with_snapshot_every(mut self, every: u64) -> Self {
        self.snapshot_every = every.max(1);
        self
    }

    /// Waits until the snapshots handed to the background writer so far are stored (a graceful
    /// stop does this; tests that read the stored snapshot too).
    pub fn flush_snapshots(&self) {
        self.snapshots.flush();
    }

    /// The application keeping at most `max` (at least 1) providers loaded; past it, the least
    /// recently used are dropped and loaded again (snapshot and tail) when asked for.
    #[must_use]
    pub fn with_max_loaded_providers(mut self, max: usize) -> Self {
        self.loaded = Loaded::new(max);
        self
    }

    /// How many providers are loaded now, and the most kept.
    pub fn loaded_providers(&self) -> (usize, usize) {
        (self.loaded.len(), self.loaded.max())
    }

    fn slot(&self, id: ProviderId) -> Arc<Slot> {
        self.loaded.slot(id)
    }

    /// Brings the copy in `state` to the log's last sequence (only when no batch is in flight:
    /// the store is then the copy's truth): loads it when missing, applies the events another
    /// process appended when behind, and sets the head a write chains to.
    fn refresh(&self, id: ProviderId, state: &mut State) -> Result<(), ApiError> {
        let key = id.to_string();
        let (latest, tip_hash) = self.store.tip(&key).map_err(|e| store_failed(&e))?;
        if latest == 0 {
            state.forget();
            return Err(provider_not_found(&key));
        }
        let mut current = false;
        if let Some(provider) = state.provider.as_mut() {
            let version = domain::version(provider);
            if version < latest {
                let tail = self.store.events_after(&key, version).map_err(|e| store_failed(&e))?;
                let applied = domain::events_from_documents(&tail)
                    .and_then(|events| events.iter().try_for_each(|e| domain::apply(provider, e)));
                current = applied.is_ok();
            } else {
                current = version == latest;
            }
        }
        if !current {
            state.forget();
            state.provider = Some(self.load(id)?.0);
        }
        let version = state.provider.as_ref().map_or(0, domain::version);
        // the tip read is the head when the copy is at it (one read less)
        state.head = Some(if version == latest {
            tip_hash
        } else {
            self.store.head(&key, version).map_err(|e| store_failed(&e))?
        });
        Ok(())
    }

    /// Runs `read` on provider `id` as the log has it now (from the process's loaded copy, once
    /// no batch of this process is in flight: a read sees only committed events).
    pub fn read<T>(
        &self,
        id: ProviderId,
        read: impl FnOnce(&Provider) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let slot = self.slot(id);
        let mut state = slot.lock_settled();
        self.refresh(id, &mut state)?;
        match state.provider.as_ref() {
            Some(provider) => read(provider),
            None => Err(provider_not_found(&id.to_string())),
        }
    }

    /// The application under `limits`.
    #[must_use]
    pub fn with_limits(mut self, limits: crate::serve::Limits) -> Self {
        self.rate = crate::serve::RateLimiter::new(limits.per_account_per_second);
        self.limits = limits;
        self
    }

    /// The limits it runs under.
    pub fn limits(&self) -> &crate::serve::Limits {
        &self.limits
    }

    /// The per-account rate limiter.
    pub fn rate(&self) -> &crate::serve::RateLimiter {
        &self.rate
    }

    /// The application verifying bearer tokens with `verifier` (without one, every request
    /// that needs an account is refused 401).
    #[must_use]
    pub fn with_verifier(mut self, verifier: crate::auth::Verifier) -> Self {
        self.verifier = Some(verifier);
        self
    }

    /// The token verifier, when configured.
    pub fn verifier(&self) -> Option<&crate::auth::Verifier> {
        self.verifier.as_ref()
    }

    /// The key set-up and invitation tokens are signed with.
    pub fn token_key(&self) -> &TokenKey {
        &self.token_key
    }

    /// The store.
    pub fn store(&self) -> &dyn EventStore {
        self.store.as_ref()
    }

    /// How many writes were retried after a version conflict since the start.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// Loads a provider from the store: its latest snapshot plus the events after it, applied;
    /// without a snapshot (or one that does not read or does not fit) by replaying the whole
    /// log, and then storing a fresh snapshot.
    pub fn load(&self, id: ProviderId) -> Result<(Provider, LoadedFrom), ApiError> {
        let key = id.to_string();
        let Some((snapshot, tail)) = self.store.load_base(&key).map_err(|e| store_failed(&e))? else {
            return Err(provider_not_found(&key));
        };
        if let Some((_, document)) = &snapshot
            && let Ok(mut provider) = domain::provider_from_document(document)
        {
            let events = domain::events_from_documents(&tail)?;
            if events.iter().try_for_each(|e| domain::apply(&mut provider, e)).is_ok() {
                return Ok((provider, LoadedFrom::Snapshot));
            }
        }
        let events = domain::events_from_documents(&self.store.events(&key).map_err(|e| store_failed(&e))?)?;
        let provider = domain::replay(&events)?;
        let version = domain::version(&provider);
        self.store
            .save_snapshot(&key, version, &domain::provider_document(&provider)?)
            .map_err(|e| store_failed(&e))?;
        Ok((provider, LoadedFrom::Replay))
    }

    /// Stores a newly issued provider (its first events and snapshot).
    pub fn create(&self, provider: &Provider, events: &[Event]) -> Result<Written, ApiError> {
        let key = domain::provider_id_text(provider);
        let stored = domain::stored_events(crate::store::GENESIS, events)?;
        match self.store.append(&key, 0, &stored, &domain::provider_document(provider)?) {
            Ok(()) => Ok(Written {
                version: domain::version(provider),
                events: events.to_vec(),
                result: Value::Null,
                replayed: None,
            }),
            Err(AppendError::Conflict { .. }) => Err(ApiError::new(
                Category::Conflict,
                "provider_exists",
                format!("provider `{key}` already exists"),
            )),
            Err(e @ AppendError::Chain { .. }) => Err(ApiError::internal("event_chain_broken", &e)),
            Err(AppendError::Store(e)) => Err(store_failed(&e)),
        }
    }

    /// Runs `command` on provider `id` and appends its events. When `expected` is given, the
    /// provider must be at that version (`version_conflict` otherwise). The command runs on the
    /// process's copy of the provider, its events are committed with those of the commands to
    /// the same provider that arrive meanwhile (`pipeline.rs`), and it is answered once they
    /// are. When another writer appended first, the whole command is run again on the fresh
    /// provider, at most [`MAX_ATTEMPTS`] times. With an `Idempotency-Key`, a command already
    /// answered under it returns that first answer and runs nothing; a new one's answer is
    /// stored in the transaction that appends its events.
    pub fn write(
        &self,
        id: ProviderId,
        expected: Option<u64>,
        idempotency: Option<&Idempotency>,
        command: impl Fn(&mut Provider) -> Result<Applied, ApiError>,
    ) -> Result<Written, ApiError> {
        let key = id.to_string();
        let slot = self.slot(id);
        let mut state = slot.lock();
        let mut last_conflict = None;
        // whether the next attempt must run on a copy checked against the store first
        let mut verify = false;
        let mut conflicted = false;
        for attempt in 0..MAX_ATTEMPTS {
            if std::mem::take(&mut conflicted) {
                self.retries.fetch_add(1, Ordering::Relaxed);
            }
            state = slot.ready(state, idempotency.map(|i| (i.account.as_str(), i.key.as_str())));
            if let Some(first) = self.remembered(&key, idempotency)? {
                return Ok(first);
            }
            // A loaded copy is used as it is, unchecked: the append's own version check is the
            // check against the store's latest sequence (a copy behind it conflicts, and the
            // command runs again on the provider as stored). Only an answer that no append will
            // check — a refusal, a command that changes nothing — is given from a checked copy.
            let unchecked = state.idle() && !verify && state.provider.is_some() && state.head.is_some();
            if state.idle() && !unchecked {
                self.refresh(id, &mut state)?;
            }
            let Some(provider) = state.provider.as_mut() else { return Err(provider_not_found(&key)) };
            let version = domain::version(provider);
            if let Err(e) = domain::check_version(provider, expected) {
                if unchecked {
                    verify = true;
                    continue;
                }
                return Err(e);
            }
            let applied = match command(provider) {
                Ok(applied) => applied,
                Err(e) => {
                    // a refused command changes nothing in the library; the copy is dropped
                    // anyway (and loaded again once no batch is in flight), so no half-run
                    // command could ever linger in it
                    state.forget();
                    slot.notify();
                    if unchecked {
                        // judged on a copy that may be behind: judge it again on the store's
                        verify = true;
                        continue;
                    }
                    return Err(e);
                }
            };
            let written = Written {
                version: domain::version(provider),
                events: applied.events,
                result: applied.result,
                replayed: None,
            };
            if written.events.is_empty() && idempotency.is_none() && state.idle() {
                if unchecked {
                    verify = true;
                    continue;
                }
                return Ok(written);
            }
            // a command that changed nothing still waits for the batches it saw
            let Some(head) = state.head.clone() else { return Err(provider_not_found(&key)) };
            let stored = domain::stored_events(&head, &written.events)?;
            let remember = idempotency.map(|i| Remembered {
                account: i.account.clone(),
                key: i.key.clone(),
                request: i.request.clone(),
                response: written.body().to_string(),
            });
            let batch = state.enqueue(version, stored, remember);
            let outcome;
            (state, outcome) = self.committed(&key, &slot, state, batch);
            match outcome {
                Outcome::Committed => return Ok(written),
                Outcome::Conflict(actual) => {
                    // another process appended first: reload and judge the command again
                    tracing::debug!(provider = %key, actual, attempt, "version conflict; retrying");
                    last_conflict = Some(actual);
                    conflicted = true;
                }
                Outcome::Failed(e) => return Err(e),
            }
        }
        Err(ApiError::new(
            Category::Conflict,
            "version_conflict",
            format!(
                "provider `{key}` kept changing ({MAX_ATTEMPTS} attempts, last seen at version {}); try again",
                last_conflict.unwrap_or_default()
            ),
        ))
    }

    /// Waits for the outcome of batch `id`, committing it when its turn comes (see
    /// `pipeline.rs`).
    fn committed<'a>(
        &self,
        key: &str,
        slot: &'a Slot,
        mut state: MutexGuard<'a, State>,
        id: u64,
    ) -> (MutexGuard<'a, State>, Outcome) {
        loop {
            if let Some(outcome) = state.outcome(id) {
                return (state, outcome);
            }
            let Some(batch) = state.lead(id) else {
                state = slot.wait(state);
                continue;
            };
            // a copy for the snapshot when the batch crosses a multiple of the interval: the
            // copy is now exactly the provider after this batch (nothing is queued behind it)
            let every = self.snapshot_every;
            let snapshot = state
                .provider
                .as_ref()
                .filter(|p| {
                    batch.version() / every > batch.expected / every && domain::version(p) == batch.version()
                })
                .cloned();
            drop(state);
            let outcome = self.commit(key, &batch);
            state = slot.lock();
            state.finish(&batch, outcome.clone());
            slot.notify();
            if let (Outcome::Committed, Some(provider)) = (&outcome, snapshot) {
                self.snapshots.save(self.store.as_ref(), key.to_owned(), batch.version(), provider);
            }
        }
    }

    /// Appends a batch's events and answers in one transaction.
    fn commit(&self, key: &str, batch: &Batch) -> Outcome {
        if batch.events.is_empty() && batch.remember.is_empty() {
            // commands that changed nothing, waiting for the batches before them
            return Outcome::Committed;
        }
        match self.store.append_remembering(key, batch.expected, &batch.events, "", &batch.remember) {
            Ok(()) => Outcome::Committed,
            Err(AppendError::Conflict { actual, .. }) => Outcome::Conflict(actual),
            Err(e @ AppendError::Chain { .. }) => {
                Outcome::Failed(ApiError::internal("event_chain_broken", &e))
            }
            Err(AppendError::Store(e)) => Outcome::Failed(store_failed(&e)),
        }
    }

    /// The first answer to `idempotency`'s key, if it was answered; `idempotency_key_reused`
    /// (422) when the key was used for another command.
    fn remembered(
        &self,
        provider: &str,
        idempotency: Option<&Idempotency>,
    ) -> Result<Option<Written>, ApiError> {
        let Some(i) = idempotency else { return Ok(None) };
        let Some((request, response)) =
            self.store.remembered(provider, &i.account, &i.key).map_err(|e| store_failed(&e))?
        else {
            return Ok(None);
        };
        if request != i.request {
            return Err(ApiError::new(
                Category::CorruptDocument,
                "idempotency_key_reused",
                "this `Idempotency-Key` was used for another request; use a new key for a new request",
            ));
        }
        let first: Value =
            serde_json::from_str(&response).map_err(|e| ApiError::internal("stored_answer_corrupt", &e))?;
        let version = first.get("version").and_then(Value::as_u64).unwrap_or_default();
        Ok(Some(Written { version, events: Vec::new(), result: Value::Null, replayed: Some(first) }))
    }

    /// Runs a command of the signed-in account `user`.
    pub fn command(
        &self,
        id: ProviderId,
        user: UserId,
        expected: Option<u64>,
        idempotency: Option<&Idempotency>,
        command: &Command,
    ) -> Result<Written, ApiError> {
        self.write(id, expected, idempotency, |provider| {
            domain::run(provider, user, command.clone(), &self.token_key, domain::now())
        })
    }

    /// Runs a command of the vendor or its billing system.
    pub fn vendor(
        &self,
        id: ProviderId,
        expected: Option<u64>,
        idempotency: Option<&Idempotency>,
        command: &VendorCommand,
    ) -> Result<Written, ApiError> {
        self.write(id, expected, idempotency, |provider| {
            domain::run_vendor(provider, command.clone(), domain::now())
        })
    }

    /// The stored events of a provider (after checking it exists).
    pub fn events(&self, id: ProviderId) -> Result<Vec<Event>, ApiError> {
        let documents = self.store.events(&id.to_string()).map_err(|e| store_failed(&e))?;
        if documents.is_empty() {
            return Err(provider_not_found(&id.to_string()));
        }
        domain::events_from_documents(&documents)
    }
}
