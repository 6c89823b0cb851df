//! The providers this process keeps loaded: one slot each (the copy and its write pipeline),
//! at most a bound of them. Past the bound, the least recently used slots that no request holds
//! are dropped (down to seven eighths of the bound, so a process that touches more providers than
//! it keeps does not scan the map on every request); a provider dropped is loaded again on its
//! next request, from its latest snapshot plus the events after it.
//!
//! Dropping a slot is safe whenever only the map holds it: every request that uses a slot holds
//! an `Arc` of it from before its first lock until its answer (a batch in flight, a waiting read,
//! a command between its run and its commit all do), and a slot is only handed out under the
//! map's lock, so no request can pick up a slot being dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mspkit::ProviderId;

use crate::pipeline::Slot;

/// How many providers a process keeps loaded unless configured (`--max-loaded-providers`).
pub const DEFAULT_MAX_LOADED_PROVIDERS: usize = 1000;

/// A slot with the tick of its last use.
#[derive(Debug)]
struct Entry {
    slot: Arc<Slot>,
    used: u64,
}

/// The map and its clock.
#[derive(Debug, Default)]
struct Inner {
    slots: HashMap<ProviderId, Entry>,
    tick: u64,
}

/// The loaded providers, at most `max` of them once their requests are answered.
#[derive(Debug)]
pub(crate) struct Loaded {
    inner: Mutex<Inner>,
    max: usize,
}

impl Loaded {
    /// An empty set keeping at most `max` (at least 1) providers.
    pub(crate) fn new(max: usize) -> Self {
        Self { inner: Mutex::new(Inner::default()), max: max.max(1) }
    }

    /// The most providers kept.
    pub(crate) fn max(&self) -> usize {
        self.max
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(inner) => inner,
            // the map holds no invariant a panic could break half-way
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The slot of provider `id` (a new, empty one when it is not loaded), marked as just used;
    /// drops the least recently used idle slots when the map is past its bound.
    pub(crate) fn slot(&self, id: ProviderId) -> Arc<Slot> {
        let mut inner = self.lock();
        inner.tick = inner.tick.wrapping_add(1);
        let used = inner.tick;
        let entry = inner.slots.entry(id).or_insert_with(|| Entry { slot: Arc::default(), used });
        entry.used = used;
        let slot = Arc::clone(&entry.slot);
        if inner.slots.len() > self.max {
            self.evict(&mut inner);
        }
        slot
    }

    /// Drops idle slots, least recently used first, until at most seven eighths of the bound
    /// remain (or no idle slot is left: slots in use are never dropped).
    fn evict(&self, inner: &mut Inner) {
        let keep = self.max - self.max / 8;
        let mut idle: Vec<(u64, ProviderId)> = inner
            .slots
            .iter()
            .filter(|(_, entry)| Arc::strong_count(&entry.slot) == 1)
            .map(|(id, entry)| (entry.used, *id))
            .collect();
        idle.sort_unstable();
        let excess = inner.slots.len().saturating_sub(keep);
        for (_, id) in idle.into_iter().take(excess) {
            inner.slots.remove(&id);
        }
        tracing::debug!(loaded = inner.slots.len(), max = self.max, "dropped least recently used providers");
    }

    /// How many providers are loaded now (with a slot: a slot whose copy was dropped after a
    /// refusal counts too).
    pub(crate) fn len(&self) -> usize {
        self.lock().slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> ProviderId {
        ProviderId::new(mspkit::uuid::Uuid::from_u128(n))
    }

    #[test]
    fn keeps_at_most_the_bound_dropping_the_least_recently_used_idle_slots() {
        let loaded = Loaded::new(8);
        for n in 0..8 {
            drop(loaded.slot(id(n)));
        }
        assert_eq!(loaded.len(), 8);
        // provider 0 used again: the oldest idle is now 1
        drop(loaded.slot(id(0)));
        let held = loaded.slot(id(1));
        // a ninth: past the bound, down to 7, the held slot 1 and the recent 0 stay
        drop(loaded.slot(id(8)));
        assert_eq!(loaded.len(), 7);
        let kept: Vec<ProviderId> = loaded.lock().slots.keys().copied().collect();
        for n in [0, 1, 8] {
            assert!(kept.contains(&id(n)), "{n} was dropped");
        }
        for n in [2, 3] {
            assert!(!kept.contains(&id(n)), "{n} was kept");
        }
        // the held slot is the one handed out again
        assert!(Arc::ptr_eq(&held, &loaded.slot(id(1))));
    }

    #[test]
    fn never_drops_a_slot_in_use() {
        let loaded = Loaded::new(2);
        let held: Vec<Arc<Slot>> = (0..5).map(|n| loaded.slot(id(n))).collect();
        assert_eq!(loaded.len(), 5);
        drop(held);
        drop(loaded.slot(id(9)));
        assert!(loaded.len() <= 2);
    }
}
