//! The service's core loop: load a provider (snapshot or replay), run a command, append its
//! events under the version contract, retry on conflict.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use mspkit::{Event, Provider, ProviderId, TokenKey, UserId};
use serde_json::{Map, Value};

use crate::domain::{self, Applied, Command, VendorCommand};
use crate::error::{ApiError, Category};
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
    store: Box<dyn EventStore>,
    retries: AtomicU64,
    token_key: TokenKey,
    verifier: Option<crate::auth::Verifier>,
    limits: crate::serve::Limits,
    rate: crate::serve::RateLimiter,
    /// Loaded providers, one lock each: commands to one provider run one at a time in this
    /// process, and a loaded provider is brought up to the log's last sequence by applying the
    /// events after it rather than loaded again.
    cache: std::sync::Mutex<std::collections::HashMap<ProviderId, Arc<std::sync::Mutex<Option<Provider>>>>>,
    snapshot_every: u64,
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
        let store = store.into();
        let limits = crate::serve::Limits::default();
        let rate = crate::serve::RateLimiter::new(limits.per_account_per_second);
        Self {
            store,
            retries: AtomicU64::new(0),
            token_key,
            verifier: None,
            limits,
            rate,
            cache: std::sync::Mutex::new(std::collections::HashMap::new()),
            snapshot_every: DEFAULT_SNAPSHOT_EVERY,
        }
    }

    /// The application storing a snapshot once `every` events (at least 1) follow the last one.
    #[must_use]
    pub fn with_snapshot_every(mut self, every: u64) -> Self {
        self.snapshot_every = every.max(1);
        self
    }

    fn slot(&self, id: ProviderId) -> Arc<std::sync::Mutex<Option<Provider>>> {
        let mut cache = match self.cache.lock() {
            Ok(cache) => cache,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(cache.entry(id).or_default())
    }

    /// Brings the cached provider in `slot` to the log's last sequence: loads it when missing,
    /// applies the events another process appended when behind. Returns the log's tip as read
    /// (last sequence and its hash): the head a write chains to when the provider is at it.
    fn refresh(&self, id: ProviderId, slot: &mut Option<Provider>) -> Result<(u64, String), ApiError> {
        let key = id.to_string();
        let tip = self.store.tip(&key).map_err(|e| store_failed(&e))?;
        let latest = tip.0;
        if latest == 0 {
            *slot = None;
            return Err(provider_not_found(&key));
        }
        if let Some(provider) = slot.as_mut() {
            let version = domain::version(provider);
            if version == latest {
                return Ok(tip);
            }
            if version < latest {
                let tail = self.store.events_after(&key, version).map_err(|e| store_failed(&e))?;
                let applied = domain::events_from_documents(&tail)
                    .and_then(|events| events.iter().try_for_each(|e| domain::apply(provider, e)));
                if applied.is_ok() && domain::version(provider) == latest {
                    return Ok(tip);
                }
            }
        }
        *slot = Some(self.load(id)?.0);
        Ok(tip)
    }

    /// Runs `read` on provider `id` as the log has it now (from the process's loaded copy).
    pub fn read<T>(
        &self,
        id: ProviderId,
        read: impl FnOnce(&Provider) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let slot = self.slot(id);
        let mut guard = match slot.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                *guard = None;
                guard
            }
        };
        self.refresh(id, &mut guard)?;
        match guard.as_ref() {
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
    /// provider must be at that version (`version_conflict` otherwise). When another writer
    /// appends between the load and the append, the whole command is run again on the fresh
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
        // one command at a time per provider in this process: no retries between its requests
        let mut guard = match slot.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                *guard = None;
                guard
            }
        };
        let mut last_conflict = None;
        for attempt in 0..MAX_ATTEMPTS {
            if attempt > 0 {
                self.retries.fetch_add(1, Ordering::Relaxed);
                std::thread::yield_now();
            }
            if let Some(first) = self.remembered(&key, idempotency)? {
                return Ok(first);
            }
            let tip = self.refresh(id, &mut guard)?;
            let Some(provider) = guard.as_mut() else { return Err(provider_not_found(&key)) };
            domain::check_version(provider, expected)?;
            let version = domain::version(provider);
            let applied = match command(provider) {
                Ok(applied) => applied,
                Err(e) => {
                    // a refused command changes nothing in the library; the copy is dropped
                    // anyway, so no half-run command could ever linger in it
                    *guard = None;
                    return Err(e);
                }
            };
            let Some(provider) = guard.as_ref() else { return Err(provider_not_found(&key)) };
            let written = Written {
                version: domain::version(provider),
                events: applied.events,
                result: applied.result,
                replayed: None,
            };
            if written.events.is_empty() && idempotency.is_none() {
                return Ok(written);
            }
            // the tip read by the refresh is the head when the provider is at it (one read less)
            let head = if tip.0 == version {
                tip.1
            } else {
                self.store.head(&key, version).map_err(|e| store_failed(&e))?
            };
            let stored = domain::stored_events(&head, &written.events)?;
            let remember = idempotency.map(|i| Remembered {
                account: i.account.clone(),
                key: i.key.clone(),
                request: i.request.clone(),
                response: written.body().to_string(),
            });
            let every = self.snapshot_every;
            let snapshot = if written.version / every > version / every {
                domain::provider_document(provider)?
            } else {
                String::new()
            };
            match self.store.append_remembering(&key, version, &stored, &snapshot, remember.as_ref()) {
                Ok(()) => return Ok(written),
                Err(AppendError::Conflict { expected, actual, .. }) => {
                    // another process appended first: reload and judge the command again
                    tracing::debug!(provider = %key, expected, actual, attempt, "version conflict; retrying");
                    *guard = None;
                    last_conflict = Some(actual);
                }
                Err(e @ AppendError::Chain { .. }) => {
                    *guard = None;
                    return Err(ApiError::internal("event_chain_broken", &e));
                }
                Err(AppendError::Store(e)) => {
                    *guard = None;
                    return Err(store_failed(&e));
                }
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
