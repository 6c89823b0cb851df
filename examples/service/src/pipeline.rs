//! Writes to one provider in this process, committed in batches.
//!
//! A provider's commands still run one at a time against its loaded copy (the slot's lock), but a
//! command no longer holds that lock while its events are committed. It runs, chains its events
//! to the copy's head, adds them to the provider's *queued batch* and advances the copy (which so
//! runs ahead of the store by the batches not yet committed); then it waits with the lock
//! released. Batches are committed one at a time per provider, in order: when the batch being
//! committed is answered, a member of the next one takes it and commits it (every event of its
//! commands and every answer to remember, in one append of one transaction, under the version
//! contract: the batch's `expected` is the version the first of its commands started from). Each
//! command is answered only after its batch committed.
//!
//! Why this is correct:
//! - The store checks every append against the log as stored (the version and the hash chain), so
//!   nothing reaches the log that does not continue what is there; the copy running ahead is only
//!   a guess of what the log will be.
//! - If a batch fails (a conflict with another process, a key already remembered, a storage
//!   failure), the batch queued behind it was built on it and is refused with it (its commands run
//!   again), and the copy is dropped: the next command waits until no batch is in flight and loads
//!   the provider from the store again.
//! - Reads wait until no batch is in flight (and new commands wait for waiting reads), so a read
//!   never sees events that are not committed.
//! - Two commands under one `Idempotency-Key` never share the pipeline: the second waits until
//!   the first's batch is answered, then finds its remembered answer.

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex, MutexGuard};

use mspkit::Provider;

use crate::error::ApiError;
use crate::store::{NewEvent, Remembered};

/// One provider's place in this process: its loaded copy and its write pipeline.
#[derive(Debug, Default)]
pub(crate) struct Slot {
    state: Mutex<State>,
    changed: Condvar,
}

/// What the slot's lock guards.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The loaded copy, with the events of the batches not yet committed applied.
    pub(crate) provider: Option<Provider>,
    /// The hash of the copy's last event (the `prev` of the next), when known.
    pub(crate) head: Option<String>,
    /// A batch is with the store.
    committing: bool,
    /// The batch commands are added to now.
    queued: Option<Batch>,
    /// The id the next batch gets.
    next_batch: u64,
    /// Answered batches: their outcome and how many members have yet to read it.
    finished: HashMap<u64, (Outcome, usize)>,
    /// Reads waiting for the pipeline to empty.
    readers_waiting: usize,
    /// The idempotency keys (account, key) of the commands in flight.
    keys: HashSet<(String, String)>,
}

/// The events and answers of commands to one provider, appended in one transaction.
#[derive(Debug)]
pub(crate) struct Batch {
    /// Its id (in the order batches are made).
    pub(crate) id: u64,
    /// The version the provider is at before it (the store must be at it).
    pub(crate) expected: u64,
    /// Every event of its commands, in order.
    pub(crate) events: Vec<NewEvent>,
    /// The answers to remember under idempotency keys.
    pub(crate) remember: Vec<Remembered>,
    /// How many commands it holds.
    members: usize,
}

impl Batch {
    /// The provider's version after the batch.
    pub(crate) fn version(&self) -> u64 {
        self.events.last().map_or(self.expected, |e| e.sequence)
    }
}

/// How a batch ended.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Committed: its commands are answered.
    Committed,
    /// The store was not where the batch started (another writer appended first) or a key was
    /// already remembered: its commands run again on the provider as stored.
    Conflict(u64),
    /// Storage failed or the log is corrupt: its commands are answered with this error.
    Failed(ApiError),
}

impl Slot {
    /// Locks the slot. A lock poisoned by a panic drops the copy: it is loaded again.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                guard.forget();
                guard
            }
        }
    }

    /// Waits until another thread changes the slot (the lock is released meanwhile).
    pub(crate) fn wait<'a>(&self, guard: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        match self.changed.wait(guard) {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                guard.forget();
                guard
            }
        }
    }

    /// Wakes every thread waiting on the slot.
    pub(crate) fn notify(&self) {
        self.changed.notify_all();
    }

    /// Locks the slot for a read: once no batch is in flight (new commands wait meanwhile).
    pub(crate) fn lock_settled(&self) -> MutexGuard<'_, State> {
        let mut state = self.lock();
        state.readers_waiting += 1;
        while !state.idle() {
            state = self.wait(state);
        }
        state.readers_waiting = state.readers_waiting.saturating_sub(1);
        self.notify();
        state
    }

    /// Waits until a command may start: no read waiting, no command of the same idempotency key
    /// in flight, and a copy to run on (or, to load one, no batch in flight).
    pub(crate) fn ready<'a>(
        &self,
        mut state: MutexGuard<'a, State>,
        key: Option<(&str, &str)>,
    ) -> MutexGuard<'a, State> {
        loop {
            let key_in_flight =
                key.is_some_and(|(a, k)| state.keys.iter().any(|(ka, kk)| ka == a && kk == k));
            // a missing copy is loaded from the store, which must then hold every batch
            let copy_usable = (state.provider.is_some() && state.head.is_some()) || state.idle();
            if state.readers_waiting == 0 && !key_in_flight && copy_usable {
                return state;
            }
            state = self.wait(state);
        }
    }
}

impl State {
    /// No batch is queued or being committed: the copy is the log as this process committed it.
    pub(crate) fn idle(&self) -> bool {
        !self.committing && self.queued.is_none()
    }

    /// Drops the copy (it is loaded again from the store).
    pub(crate) fn forget(&mut self) {
        self.provider = None;
        self.head = None;
    }

    /// Adds a command's events (chained after the copy's head, which moves to their end) and the
    /// answer to remember to the queued batch; returns the batch's id. `expected` is the version
    /// the command started from.
    pub(crate) fn enqueue(
        &mut self,
        expected: u64,
        events: Vec<NewEvent>,
        remember: Option<Remembered>,
    ) -> u64 {
        if let Some(last) = events.last() {
            self.head = Some(last.hash.clone());
        }
        if let Some(r) = &remember {
            self.keys.insert((r.account.clone(), r.key.clone()));
        }
        let id = self.next_batch;
        let batch = self.queued.get_or_insert_with(|| Batch {
            id,
            expected,
            events: Vec::new(),
            remember: Vec::new(),
            members: 0,
        });
        if batch.id == id {
            // a new batch (a queued one's id is always below the next)
            self.next_batch = id.wrapping_add(1);
        }
        batch.events.extend(events);
        batch.remember.extend(remember);
        batch.members += 1;
        batch.id
    }

    /// Takes batch `id` to commit it, when it is the queued one and no other is with the store.
    pub(crate) fn lead(&mut self, id: u64) -> Option<Batch> {
        if self.committing || self.queued.as_ref().is_none_or(|b| b.id != id) {
            return None;
        }
        self.committing = true;
        self.queued.take()
    }

    /// Records how the batch taken by [`State::lead`] ended. A batch that did not commit takes the
    /// batch queued behind it along (its commands run again) and drops the copy.
    pub(crate) fn finish(&mut self, batch: &Batch, outcome: Outcome) {
        self.committing = false;
        for r in &batch.remember {
            self.keys.remove(&(r.account.clone(), r.key.clone()));
        }
        if !matches!(outcome, Outcome::Committed) {
            self.forget();
            if let Some(next) = self.queued.take() {
                for r in &next.remember {
                    self.keys.remove(&(r.account.clone(), r.key.clone()));
                }
                self.finished.insert(next.id, (Outcome::Conflict(batch.expected), next.members));
            }
        }
        self.finished.insert(batch.id, (outcome, batch.members));
    }

    /// The outcome of batch `id` once it is answered (each member reads it once).
    pub(crate) fn outcome(&mut self, id: u64) -> Option<Outcome> {
        let entry = self.finished.get_mut(&id)?;
        let outcome = entry.0.clone();
        entry.1 = entry.1.saturating_sub(1);
        if entry.1 == 0 {
            self.finished.remove(&id);
        }
        Some(outcome)
    }
}
