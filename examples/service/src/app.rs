//! The service's core loop: load a provider (snapshot or replay), run a command, append its
//! events under the version contract, retry on conflict.

use std::sync::atomic::{AtomicU64, Ordering};

use mspkit::{Event, Provider, ProviderId, UserId};
use serde_json::{Map, Value};

use crate::domain::{self, Applied, Command, VendorCommand};
use crate::error::{ApiError, Category};
use crate::store::{AppendError, Store, Stored};

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
}

impl Written {
    /// The response body: `version`, `events`, and the command's result fields.
    pub fn body(&self) -> Value {
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
    store: Store,
    retries: AtomicU64,
}

fn provider_not_found(id: &str) -> ApiError {
    ApiError::new(Category::NotFound, "provider_not_found", format!("there is no provider `{id}`"))
}

fn store_failed(e: &impl std::fmt::Display) -> ApiError {
    ApiError::internal("storage_failed", e)
}

impl App {
    /// An application over `store`.
    pub fn new(store: Store) -> Self {
        Self { store, retries: AtomicU64::new(0) }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// How many writes were retried after a version conflict since the start.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// Loads a provider: from its snapshot when the snapshot's version is the log's last
    /// sequence, else by replaying the log (and then storing the fresh snapshot).
    pub fn load(&self, id: ProviderId) -> Result<(Provider, LoadedFrom), ApiError> {
        let key = id.to_string();
        match self.store.load(&key).map_err(|e| store_failed(&e))? {
            None => Err(provider_not_found(&key)),
            Some(Stored::Snapshot { document, .. }) => {
                Ok((domain::provider_from_document(&document)?, LoadedFrom::Snapshot))
            }
            Some(Stored::Log { version, events }) => {
                let events = domain::events_from_documents(&events)?;
                let provider = domain::replay(&events)?;
                if domain::version(&provider) != version {
                    return Err(ApiError::internal(
                        "stored_log_corrupt",
                        &format!(
                            "replaying provider `{key}` ends at {}, not {version}",
                            domain::version(&provider)
                        ),
                    ));
                }
                self.store
                    .save_snapshot(&key, version, &domain::provider_document(&provider)?)
                    .map_err(|e| store_failed(&e))?;
                Ok((provider, LoadedFrom::Replay))
            }
        }
    }

    /// Stores a newly issued provider (its first events and snapshot).
    pub fn create(&self, provider: &Provider, events: &[Event]) -> Result<Written, ApiError> {
        let key = domain::provider_id_text(provider);
        let stored = domain::stored_events(events)?;
        match self.store.append(&key, 0, &stored, &domain::provider_document(provider)?) {
            Ok(()) => Ok(Written {
                version: domain::version(provider),
                events: events.to_vec(),
                result: Value::Null,
            }),
            Err(AppendError::Conflict { .. }) => Err(ApiError::new(
                Category::Conflict,
                "provider_exists",
                format!("provider `{key}` already exists"),
            )),
            Err(AppendError::Store(e)) => Err(store_failed(&e)),
        }
    }

    /// Runs `command` on provider `id` and appends its events. When `expected` is given, the
    /// provider must be at that version (`version_conflict` otherwise). When another writer
    /// appends between the load and the append, the whole command is run again on the fresh
    /// provider, at most [`MAX_ATTEMPTS`] times.
    pub fn write(
        &self,
        id: ProviderId,
        expected: Option<u64>,
        command: impl Fn(&mut Provider) -> Result<Applied, ApiError>,
    ) -> Result<Written, ApiError> {
        let key = id.to_string();
        let mut last_conflict = None;
        for attempt in 0..MAX_ATTEMPTS {
            if attempt > 0 {
                self.retries.fetch_add(1, Ordering::Relaxed);
                std::thread::yield_now();
            }
            let (mut provider, _) = self.load(id)?;
            domain::check_version(&provider, expected)?;
            let version = domain::version(&provider);
            let applied = command(&mut provider)?;
            if applied.events.is_empty() {
                return Ok(Written { version, events: Vec::new(), result: applied.result });
            }
            let stored = domain::stored_events(&applied.events)?;
            match self.store.append(&key, version, &stored, &domain::provider_document(&provider)?) {
                Ok(()) => {
                    return Ok(Written {
                        version: domain::version(&provider),
                        events: applied.events,
                        result: applied.result,
                    });
                }
                Err(AppendError::Conflict { expected, actual, .. }) => {
                    tracing::debug!(provider = %key, expected, actual, attempt, "version conflict; retrying");
                    last_conflict = Some(actual);
                }
                Err(AppendError::Store(e)) => return Err(store_failed(&e)),
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

    /// Runs a command of the signed-in account `user`.
    pub fn command(
        &self,
        id: ProviderId,
        user: UserId,
        expected: Option<u64>,
        command: &Command,
    ) -> Result<Written, ApiError> {
        self.write(id, expected, |provider| domain::run(provider, user, command.clone(), domain::now()))
    }

    /// Runs a command of the vendor or its billing system.
    pub fn vendor(
        &self,
        id: ProviderId,
        expected: Option<u64>,
        command: &VendorCommand,
    ) -> Result<Written, ApiError> {
        self.write(id, expected, |provider| domain::run_vendor(provider, command.clone(), domain::now()))
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
