//! Who can act in a client, as the report keeps it (issue 20, performance): every client's
//! entries live in one store shared by the whole report, a provider member's entry as the
//! position of the member's own entry and the time they last acted there (16 bytes), so that a
//! report over 100 000 clients makes no allocation per client and keeps about a third of the
//! bytes a list of [`AccessEntry`] per client took. An [`AccessList`] reads as that list did:
//! `len`, `iter` (each entry made as it is read), `for a in &list`, and JSON as an array.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use super::AccessEntry;

/// The store of every client's entries of one report.
#[derive(Debug, Default)]
pub(super) struct AccessRows {
    /// The entry of each provider member who reaches a client (`last_acted` `None`).
    pub(super) team: Vec<AccessEntry>,
    /// A provider member in a client: the position of their entry in `team`, and when they
    /// last acted there.
    pub(super) team_rows: Vec<(u32, Option<DateTime<Utc>>)>,
    /// The clients' own owners and admins.
    pub(super) own: Vec<AccessEntry>,
}

/// A position of the store as a list position.
fn at(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

/// Who can act in one client: provider members first (the team's order), then the client's own
/// owners and admins. It reads as a list of [`AccessEntry`] (`len`, `iter`, `get`, `to_vec`,
/// `for a in &list`; serialized as an array of entries); the entries are made as they are read,
/// from a store the report's clients share (see the module's documentation).
#[derive(Clone, Default)]
pub struct AccessList {
    rows: Option<Arc<AccessRows>>,
    /// The range of `team_rows`.
    team: (u32, u32),
    /// The range of `own`.
    own: (u32, u32),
}

impl AccessList {
    /// The client's entries at `team` (of the store's `team_rows`) and `own`, in a store given
    /// later ([`AccessList::set_rows`]).
    pub(super) fn pending(team: (u32, u32), own: (u32, u32)) -> Self {
        Self { rows: None, team, own }
    }

    /// Gives the list its store.
    pub(super) fn set_rows(&mut self, rows: &Arc<AccessRows>) {
        self.rows = Some(Arc::clone(rows));
    }

    fn parts(&self) -> (&[(u32, Option<DateTime<Utc>>)], &[AccessEntry], &[AccessEntry]) {
        let Some(rows) = self.rows.as_deref() else { return (&[], &[], &[]) };
        (
            rows.team_rows.get(at(self.team.0)..at(self.team.1)).unwrap_or_default(),
            &rows.team,
            rows.own.get(at(self.own.0)..at(self.own.1)).unwrap_or_default(),
        )
    }

    /// How many people can act in the client.
    pub fn len(&self) -> usize {
        let (team_rows, _, own) = self.parts();
        team_rows.len().saturating_add(own.len())
    }

    /// Whether nobody can.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries, in order, each made as it is read.
    pub fn iter(&self) -> AccessIter<'_> {
        let (team_rows, team, own) = self.parts();
        AccessIter { team_rows: team_rows.iter(), team, own: own.iter() }
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
        let own = (0, u32::try_from(entries.len()).unwrap_or(u32::MAX));
        Self { rows: Some(Arc::new(AccessRows { own: entries, ..AccessRows::default() })), team: (0, 0), own }
    }
}

impl std::fmt::Debug for AccessList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Two lists are equal when their entries are.
impl PartialEq for AccessList {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for AccessList {}

impl Serialize for AccessList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'a> IntoIterator for &'a AccessList {
    type Item = AccessEntry;
    type IntoIter = AccessIter<'a>;

    fn into_iter(self) -> AccessIter<'a> {
        self.iter()
    }
}

/// The entries of an [`AccessList`], each made as it is read.
#[derive(Debug, Clone)]
pub struct AccessIter<'a> {
    team_rows: std::slice::Iter<'a, (u32, Option<DateTime<Utc>>)>,
    team: &'a [AccessEntry],
    own: std::slice::Iter<'a, AccessEntry>,
}

impl Iterator for AccessIter<'_> {
    type Item = AccessEntry;

    fn next(&mut self) -> Option<AccessEntry> {
        for (member, last_acted) in self.team_rows.by_ref() {
            if let Some(entry) = self.team.get(at(*member)) {
                return Some(AccessEntry { last_acted: *last_acted, ..entry.clone() });
            }
        }
        self.own.next().cloned()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.team_rows.len().saturating_add(self.own.len());
        (n, Some(n))
    }
}

impl ExactSizeIterator for AccessIter<'_> {}
