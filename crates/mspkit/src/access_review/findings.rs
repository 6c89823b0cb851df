//! The findings of an access review as the report keeps them (issue 20, performance): the
//! team's findings whole, and each client's as its kind and the client's place in the report
//! (4 bytes, where a whole finding took 136 and a message of its own), made into an
//! [`AccessFinding`] when read from the client's shared name and sign-off. [`Findings`] reads as
//! the list of findings did: `len`, `iter`, `get`, `to_vec`, `for f in &findings`, and JSON as
//! an array.

use std::sync::Arc;

use super::message::FindingMessage;
use super::rows::{AccessFinding, ClientAccess};

/// A client's finding, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClientFinding {
    /// `client_no_own_owner`.
    NoOwnOwner,
    /// `review_missing`.
    ReviewMissing,
    /// `review_overdue`.
    ReviewOverdue,
}

impl ClientFinding {
    /// The kinds about access (not about the review itself), by code: what the findings hash
    /// covers.
    pub(super) const ACCESS: [Self; 1] = [Self::NoOwnOwner];

    /// Its code.
    pub(super) fn code(self) -> &'static str {
        match self {
            Self::NoOwnOwner => "client_no_own_owner",
            Self::ReviewMissing => "review_missing",
            Self::ReviewOverdue => "review_overdue",
        }
    }

    /// The finding about client `c`.
    fn about(self, c: &ClientAccess) -> AccessFinding {
        let name = c.name.clone();
        let (message, command, resolve) = match (self, &c.last_review) {
            (Self::NoOwnOwner, _) => (
                FindingMessage::no_own_owner(name),
                "add_client_member",
                "invite an owner of its own and have them confirmed (`add_client_member`)",
            ),
            (Self::ReviewOverdue, Some(stamp)) => (
                FindingMessage::overdue(name, Arc::clone(stamp)),
                "sign_access_review",
                "review its access and sign off (`mspkit access-review sign`)",
            ),
            (Self::ReviewMissing | Self::ReviewOverdue, _) => (
                FindingMessage::never_reviewed(name),
                "sign_access_review",
                "review its access and sign off (`mspkit access-review sign`)",
            ),
        };
        AccessFinding {
            code: self.code(),
            client: Some(c.client),
            member: None,
            email: None,
            message,
            command,
            resolve,
        }
    }
}

/// A position kept as `u32`.
pub(super) fn at(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

/// A client's finding as the report keeps it (4 bytes, where a kind and a row took 8): the
/// client's row in the top 30 bits, the kind in the low 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Row(u32);

impl Row {
    /// The finding `kind` about the client at `row` (`None` past 2^30 clients).
    pub(super) fn new(kind: ClientFinding, row: usize) -> Option<Self> {
        let row = u32::try_from(row).ok().filter(|r| *r < 1 << 30)?;
        let kind = match kind {
            ClientFinding::NoOwnOwner => 0,
            ClientFinding::ReviewMissing => 1,
            ClientFinding::ReviewOverdue => 2,
        };
        Some(Self(row << 2 | kind))
    }

    /// Its kind.
    pub(super) fn kind(self) -> ClientFinding {
        match self.0 & 3 {
            0 => ClientFinding::NoOwnOwner,
            1 => ClientFinding::ReviewMissing,
            _ => ClientFinding::ReviewOverdue,
        }
    }

    /// The client's row.
    pub(super) fn row(self) -> usize {
        at(self.0 >> 2)
    }
}

/// The findings of a review: the team's first, then each client's in the clients' order. It
/// reads as a list of [`AccessFinding`] (`len`, `iter`, `get`, `to_vec`, `for f in &findings`;
/// serialized as an array of findings); a client's finding is made as it is read (see the
/// module's documentation).
#[derive(Clone, Default)]
pub struct Findings {
    pub(super) team: Vec<AccessFinding>,
    /// Each client's findings: the kind and the client's position in `clients`.
    pub(super) rows: Vec<Row>,
    pub(super) clients: Arc<Vec<ClientAccess>>,
}

impl Findings {
    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.team.len().saturating_add(self.rows.len())
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The findings, in order, each client's made as it is read.
    pub fn iter(&self) -> FindingsIter<'_> {
        FindingsIter { team: self.team.iter(), rows: self.rows.iter(), clients: &self.clients }
    }

    /// The finding at `index`.
    pub fn get(&self, index: usize) -> Option<AccessFinding> {
        if let Some(f) = self.team.get(index) {
            return Some(f.clone());
        }
        let row = self.rows.get(index.checked_sub(self.team.len())?)?;
        Some(row.kind().about(self.clients.get(row.row())?))
    }

    /// The findings as a list.
    pub fn to_vec(&self) -> Vec<AccessFinding> {
        self.iter().collect()
    }
}

/// Findings given whole (the team's, or any).
impl From<Vec<AccessFinding>> for Findings {
    fn from(team: Vec<AccessFinding>) -> Self {
        Self { team, ..Self::default() }
    }
}

crate::lazy_list::lazy_list_traits!(Findings, AccessFinding, FindingsIter);

/// The findings of a [`Findings`], each client's made as it is read.
#[derive(Debug, Clone)]
pub struct FindingsIter<'a> {
    team: std::slice::Iter<'a, AccessFinding>,
    rows: std::slice::Iter<'a, Row>,
    clients: &'a [ClientAccess],
}

impl Iterator for FindingsIter<'_> {
    type Item = AccessFinding;

    fn next(&mut self) -> Option<AccessFinding> {
        if let Some(f) = self.team.next() {
            return Some(f.clone());
        }
        for row in self.rows.by_ref() {
            if let Some(c) = self.clients.get(row.row()) {
                return Some(row.kind().about(c));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.team.len().saturating_add(self.rows.len());
        (n, Some(n))
    }
}

impl ExactSizeIterator for FindingsIter<'_> {}
