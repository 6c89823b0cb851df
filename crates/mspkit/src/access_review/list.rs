//! Who can act in a client, as the report keeps it (issue 20, performance): every client's
//! entries live in one store shared by the whole report, a provider member's entry as the
//! position of the member's own entry and the time they last acted there (16 bytes), so that a
//! report over 100 000 clients makes no allocation per client and keeps about a third of the
//! bytes a list of [`AccessEntry`] per client took. An [`AccessList`] reads as that list did:
//! `len`, `iter` (each entry made as it is read), `for a in &list`, and JSON as an array.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::entry::{AccessEntry, AccessRole, AccessStatus, AccessVia};
use crate::email::Email;
use crate::ids::ProviderUserId;

/// A client's own owner or admin, as the store keeps it (24 bytes).
#[derive(Debug, Clone)]
struct Own {
    email: Email,
    /// The position in [`AccessRows::members`] of the provider member with that email, or
    /// `u32::MAX`.
    member: u32,
    role: AccessRole,
    status: AccessStatus,
}

/// The store of every client's entries of one report.
#[derive(Debug, Default)]
pub(super) struct AccessRows {
    /// The entry of each provider member who reaches a client (`last_acted` `None`).
    team: Vec<AccessEntry>,
    /// `u64` words of `reach` per client (one bit per member of `team`).
    words: usize,
    /// Which of `team` reach each client: `words` words a client.
    reach: Vec<u64>,
    /// When a member of `team` (by position) last acted in a client, for those who did: each
    /// client's in turn, by position.
    acts: Vec<(u32, DateTime<Utc>)>,
    /// The clients' own owners and admins, each client's in turn.
    own: Vec<Own>,
    /// Where each client's `acts` and `own` end.
    ends: Vec<(u32, u32)>,
    /// The provider members who are also a client's own owner or admin.
    members: Vec<ProviderUserId>,
}

/// A position of the store as a list position.
fn at(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

/// A length of the store as a position.
fn mark(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl AccessRows {
    /// A store for `clients` clients reached by the members of `team`.
    pub(super) fn new(team: Vec<AccessEntry>, clients: usize) -> Self {
        let words = team.len().div_ceil(64);
        Self {
            team,
            words,
            reach: Vec::with_capacity(clients.saturating_mul(words)),
            acts: Vec::with_capacity(clients),
            own: Vec::with_capacity(clients),
            ends: Vec::with_capacity(clients),
            members: Vec::new(),
        }
    }

    /// Starts the next client's entries.
    pub(super) fn begin(&mut self) {
        self.reach.resize(self.reach.len().saturating_add(self.words), 0);
    }

    /// The member at `position` of the team reaches the client, and last acted there at `last`.
    pub(super) fn reach(&mut self, position: usize, last: Option<DateTime<Utc>>) {
        let start = self.reach.len().saturating_sub(self.words);
        if let Some(word) = self.reach.get_mut(start.saturating_add(position / 64)) {
            *word |= 1 << (position % 64);
        }
        if let Some(last) = last {
            self.acts.push((mark(position), last));
        }
    }

    /// The client's own owner or admin `email`, the provider member `member` if one has that
    /// email.
    pub(super) fn own(
        &mut self,
        email: &Email,
        member: Option<ProviderUserId>,
        role: AccessRole,
        status: AccessStatus,
    ) {
        let member = member.map_or(u32::MAX, |id| {
            if let Some(p) = self.members.iter().position(|m| *m == id) {
                mark(p)
            } else {
                self.members.push(id);
                mark(self.members.len().saturating_sub(1))
            }
        });
        self.own.push(Own { email: email.clone(), member, role, status });
    }

    /// Ends the client's entries (its list is [`AccessList::at`] its place: the clients in
    /// the order they were given, from 0).
    pub(super) fn end(&mut self) {
        self.ends.push((mark(self.acts.len()), mark(self.own.len())));
    }

    /// Gives back what was reserved and not used.
    pub(super) fn trim(&mut self) {
        self.acts.shrink_to_fit();
        self.own.shrink_to_fit();
    }
}

/// Who can act in one client: provider members first (the team's order), then the client's own
/// owners and admins. It reads as a list of [`AccessEntry`] (`len`, `iter`, `get`, `to_vec`,
/// `for a in &list`; serialized as an array of entries); the entries are made as they are read,
/// from a store the report's clients share (see the module's documentation).
#[derive(Clone, Default)]
pub struct AccessList {
    rows: Option<Arc<AccessRows>>,
    /// The client's place in the store.
    client: u32,
}

/// One client's part of the store.
struct Part<'a> {
    rows: &'a AccessRows,
    reach: &'a [u64],
    acts: &'a [(u32, DateTime<Utc>)],
    own: &'a [Own],
}

impl AccessList {
    /// The list of the client at `client` in `rows`.
    pub(super) fn at(rows: &Arc<AccessRows>, client: u32) -> Self {
        Self { rows: Some(Arc::clone(rows)), client }
    }

    fn part(&self) -> Option<Part<'_>> {
        let rows = self.rows.as_deref()?;
        let i = at(self.client);
        let (acts_start, own_start) = match i.checked_sub(1) {
            Some(before) => rows.ends.get(before).copied()?,
            None => (0, 0),
        };
        let (acts_end, own_end) = rows.ends.get(i).copied()?;
        let reach_start = i.saturating_mul(rows.words);
        Some(Part {
            rows,
            reach: rows.reach.get(reach_start..reach_start.saturating_add(rows.words))?,
            acts: rows.acts.get(at(acts_start)..at(acts_end))?,
            own: rows.own.get(at(own_start)..at(own_end))?,
        })
    }

    /// How many people can act in the client.
    pub fn len(&self) -> usize {
        self.part().map_or(0, |p| {
            let team: u32 = p.reach.iter().map(|w| w.count_ones()).sum();
            at(team).saturating_add(p.own.len())
        })
    }

    /// Whether nobody can.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, in order, each made as it is read.
    pub fn iter(&self) -> AccessIter<'_> {
        let part = self.part();
        let len = self.len();
        AccessIter { part, next_team: 0, next_own: 0, left: len }
    }

    /// The entry at `index`.
    pub fn get(&self, index: usize) -> Option<AccessEntry> {
        self.iter().nth(index)
    }

    /// The entries as a list.
    pub fn to_vec(&self) -> Vec<AccessEntry> {
        self.iter().collect()
    }
}

/// A list of entries given whole (its own store).
impl From<Vec<AccessEntry>> for AccessList {
    fn from(entries: Vec<AccessEntry>) -> Self {
        let mut rows = AccessRows::new(entries, 1);
        rows.begin();
        for position in 0..rows.team.len() {
            let last = rows.team.get(position).and_then(|e| e.last_acted);
            rows.reach(position, last);
        }
        rows.end();
        Self::at(&Arc::new(rows), 0)
    }
}

crate::lazy_list::lazy_list_traits!(AccessList, AccessEntry, AccessIter);

/// The entries of an [`AccessList`], each made as it is read.
pub struct AccessIter<'a> {
    part: Option<Part<'a>>,
    /// The next member of the team to look at.
    next_team: usize,
    next_own: usize,
    left: usize,
}

impl std::fmt::Debug for AccessIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessIter").field("left", &self.left).finish_non_exhaustive()
    }
}

impl Iterator for AccessIter<'_> {
    type Item = AccessEntry;

    fn next(&mut self) -> Option<AccessEntry> {
        let part = self.part.as_ref()?;
        while let Some(entry) = part.rows.team.get(self.next_team) {
            let position = self.next_team;
            self.next_team = position.saturating_add(1);
            let reached = part.reach.get(position / 64).is_some_and(|w| w & (1 << (position % 64)) != 0);
            if reached {
                self.left = self.left.saturating_sub(1);
                let last_acted = part.acts.iter().find(|(m, _)| at(*m) == position).map(|(_, t)| *t);
                return Some(AccessEntry { last_acted, ..entry.clone() });
            }
        }
        let own = part.own.get(self.next_own)?;
        self.next_own = self.next_own.saturating_add(1);
        self.left = self.left.saturating_sub(1);
        Some(AccessEntry {
            email: own.email.clone(),
            member: part.rows.members.get(at(own.member)).copied(),
            role: own.role,
            via: AccessVia::Organization,
            status: own.status,
            last_acted: None,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for AccessIter<'_> {}
