//! Who reaches each client, as the blast radius keeps it (issue 20, performance): one bit per
//! member who can act on clients, in a store the report's clients share, so that a report over
//! 100 000 clients makes no allocation per client. A [`ReachList`] reads as the list of
//! [`Reach`] it stands for: `len`, `iter` (each made as it is read), `for r in &list`, JSON as an
//! array.

use std::sync::Arc;

use serde::Serialize;

use crate::email::Email;
use crate::ids::ProviderUserId;

/// A member who reaches a client, and as what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// The member.
    pub member: ProviderUserId,
    /// Their email.
    pub email: Email,
    /// Their role's name (`provider_admin`, `service_user`).
    pub role: &'static str,
}

/// The store of every client's bits of one report.
#[derive(Debug, Default)]
pub(super) struct ReachStore {
    /// The members who can act on clients, as each client's list shows them.
    team: Vec<Reach>,
    /// `u64` words a client (one bit per member of `team`).
    words: usize,
    bits: Vec<u64>,
}

/// A position kept as `u32`.
fn at(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

impl ReachStore {
    /// A store for `clients` clients and the members of `team`.
    pub(super) fn new(team: Vec<Reach>, clients: usize) -> Self {
        let words = team.len().div_ceil(64);
        Self { team, words, bits: Vec::with_capacity(clients.saturating_mul(words)) }
    }

    /// Starts the next client (its place is one more than the client before it, from 0).
    pub(super) fn begin(&mut self) {
        self.bits.resize(self.bits.len().saturating_add(self.words), 0);
    }

    /// The member at `position` of the team reaches the client begun last.
    pub(super) fn set(&mut self, position: usize) {
        let start = self.bits.len().saturating_sub(self.words);
        if let Some(word) = self.bits.get_mut(start.saturating_add(position / 64)) {
            *word |= 1 << (position % 64);
        }
    }
}

/// The members who reach one client (administer it, or change its seats), in the team's order.
/// It reads as a list of [`Reach`] (`len`, `iter`, `get`, `to_vec`, `for r in &list`;
/// serialized as an array); each is made as it is read, from a store the report's clients share.
#[derive(Clone, Default)]
pub struct ReachList {
    store: Option<Arc<ReachStore>>,
    client: u32,
}

impl ReachList {
    /// The list of the client at `client` in `store`.
    pub(super) fn at(store: &Arc<ReachStore>, client: u32) -> Self {
        Self { store: Some(Arc::clone(store)), client }
    }

    fn part(&self) -> (&[Reach], &[u64]) {
        let Some(store) = self.store.as_deref() else { return (&[], &[]) };
        let start = at(self.client).saturating_mul(store.words);
        (&store.team, store.bits.get(start..start.saturating_add(store.words)).unwrap_or_default())
    }

    /// How many members reach the client.
    pub fn len(&self) -> usize {
        let ones: u32 = self.part().1.iter().map(|w| w.count_ones()).sum();
        at(ones)
    }

    /// Whether none does.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The members, in order, each made as it is read.
    pub fn iter(&self) -> ReachIter<'_> {
        let (team, bits) = self.part();
        ReachIter { team, bits, next: 0, left: self.len() }
    }

    /// The member at `index`.
    pub fn get(&self, index: usize) -> Option<Reach> {
        self.iter().nth(index)
    }

    /// The members as a list.
    pub fn to_vec(&self) -> Vec<Reach> {
        self.iter().collect()
    }
}

/// A list given whole (its own store).
impl From<Vec<Reach>> for ReachList {
    fn from(team: Vec<Reach>) -> Self {
        let mut store = ReachStore::new(team, 1);
        store.begin();
        for position in 0..store.team.len() {
            store.set(position);
        }
        Self::at(&Arc::new(store), 0)
    }
}

crate::lazy_list::lazy_list_traits!(ReachList, Reach, ReachIter);

/// The members of a [`ReachList`], each made as it is read.
#[derive(Debug, Clone)]
pub struct ReachIter<'a> {
    team: &'a [Reach],
    bits: &'a [u64],
    next: usize,
    left: usize,
}

impl Iterator for ReachIter<'_> {
    type Item = Reach;

    fn next(&mut self) -> Option<Reach> {
        while let Some(reach) = self.team.get(self.next) {
            let position = self.next;
            self.next = position.saturating_add(1);
            if self.bits.get(position / 64).is_some_and(|w| w & (1 << (position % 64)) != 0) {
                self.left = self.left.saturating_sub(1);
                return Some(reach.clone());
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for ReachIter<'_> {}
