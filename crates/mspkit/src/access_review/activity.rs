//! What the log says about who acted where and when: the part of an access review only the
//! log knows. Fed one event at a time (a log streams), it keeps per member and per (member,
//! client) the last time, and the scopes service users lost when their clients left.

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher as _;

use chrono::{DateTime, Utc};
use hashbrown::HashTable;

use crate::event::{Actor, Change, Event, Subject};
use crate::ids::{OrganizationId, ProviderId, ProviderUserId};
use crate::layout::IdHashing;

/// A client that left while in a service user's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartedClient {
    /// The client.
    pub client: OrganizationId,
    /// Its name, when the log named it.
    pub name: Option<String>,
    /// When it left.
    pub at: DateTime<Utc>,
}

/// A member (its position in [`Activity`]'s list of members) and the last time they acted.
type Act = (u32, DateTime<Utc>);

/// A position of a list kept as `u32` (the tables below are indexed by `u32` to halve them).
fn at(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

/// One client the log named or acted on: its id, its latest name while it is a client, and
/// the members who acted on it (the first inline: a client is mostly acted on by one member).
/// 40 bytes, kept in one list in the order the log first names each client; the members after
/// the first, rare, are kept apart (`ClientTable::more`).
#[derive(Debug, Clone)]
struct ClientSlot {
    id: OrganizationId,
    /// Its latest name, a range `start..start + len` of [`ClientTable::text`]; `start` is
    /// [`NO_NAME`] once it left (or before the log named it).
    name: (u32, u32),
    first: Option<Act>,
}

/// [`ClientSlot::name`]'s start when there is no name.
const NO_NAME: u32 = u32::MAX;

/// Who acted on one client, as read (a copy of the first, to read after the slot itself may
/// have left the cache): see [`Activity::acts_at`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActsView<'a> {
    first: Option<Act>,
    more: &'a [Act],
}

impl ActsView<'_> {
    /// When the member at position `member` (see [`Activity::member_position`]) last acted on
    /// the client.
    pub(crate) fn last(self, member: u32) -> Option<DateTime<Utc>> {
        self.first.iter().chain(self.more).find(|(m, _)| *m == member).map(|(_, at)| *at)
    }
}

/// Every client the log names or acts on, densely: one list of [`ClientSlot`]s, an index
/// that holds only each client's position and half its hash (8 bytes a client: the id is
/// compared in the list, and the index grows without reading the list), and every name in one
/// text. 100 000 clients take about 5 MB of list and 640 KB of
/// index, where a map from id to who acted took 7 MB and a second list of names 3 MB (issue
/// 20).
#[derive(Debug, Clone, Default)]
struct ClientTable {
    list: Vec<ClientSlot>,
    /// The members after the first who acted on a client, by the client's position.
    more: ById<u32, Vec<Act>>,
    index: HashTable<(u32, u32)>,
    hashing: IdHashing,
    /// The client looked up last, and its position (an event names its client twice: as
    /// its subject, and in its change).
    recent: Option<(OrganizationId, u32)>,
    text: String,
}

/// The hash the index keeps of a client: half its keyed hash.
fn half(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// The hash the index is placed by, made from the half it keeps.
fn whole(half: u32) -> u64 {
    u64::from(half) | (u64::from(half) << 32)
}

impl ClientTable {
    /// Room for `clients` more clients in the list, and `indexed` in the index.
    fn reserve(&mut self, clients: usize, indexed: usize) {
        self.list.reserve(clients);
        self.index.reserve(indexed, |&(_, hi)| whole(hi));
    }

    /// The position of `client`, if the log named it.
    fn position(&self, client: OrganizationId) -> Option<usize> {
        let list = &self.list;
        let h = half(self.hashing.hash_one(client));
        self.index
            .find(whole(h), |&(i, hi)| hi == h && list.get(at(i)).is_some_and(|s| s.id == client))
            .map(|&(i, _)| at(i))
    }

    /// The slot of `client`, made if the log had not named it yet (`None`: more clients than
    /// a `u32` counts).
    fn slot(&mut self, client: OrganizationId) -> Option<(u32, &mut ClientSlot)> {
        if let Some((id, i)) = self.recent
            && id == client
        {
            return Some((i, self.list.get_mut(at(i))?));
        }
        let h = half(self.hashing.hash_one(client));
        let list = &mut self.list;
        let found =
            self.index.find(whole(h), |&(i, hi)| hi == h && list.get(at(i)).is_some_and(|s| s.id == client));
        let i = if let Some(&(i, _)) = found {
            i
        } else {
            let i = u32::try_from(list.len()).ok()?;
            list.push(ClientSlot { id: client, name: (NO_NAME, 0), first: None });
            self.index.insert_unique(whole(h), (i, h), |&(_, hi)| whole(hi));
            i
        };
        self.recent = Some((client, i));
        Some((i, list.get_mut(at(i))?))
    }

    /// Records that member `member` (a position) acted on `client` at `when`.
    fn record(&mut self, client: OrganizationId, member: u32, when: DateTime<Utc>) {
        let Some((i, slot)) = self.slot(client) else { return };
        let Some(first) = &mut slot.first else {
            slot.first = Some((member, when));
            return;
        };
        if first.0 == member {
            first.1 = when;
            return;
        }
        let more = self.more.entry(i).or_default();
        match more.iter_mut().find(|(m, _)| *m == member) {
            Some(entry) => entry.1 = when,
            None => more.push((member, when)),
        }
    }

    /// Who acted on `client`.
    /// Who acted on `client`; `cursor` is where to look first (the place after the client
    /// looked up before: clients are mostly asked about in the order the log named them, and
    /// then no index is read), and is set after this one.
    fn view(&self, client: OrganizationId, cursor: &mut usize) -> Option<ActsView<'_>> {
        let position = match self.list.get(*cursor) {
            Some(slot) if slot.id == client => *cursor,
            _ => self.position(client)?,
        };
        *cursor = position.saturating_add(1);
        let slot = self.list.get(position)?;
        let more = if self.more.is_empty() {
            &[][..]
        } else {
            u32::try_from(position).ok().and_then(|i| self.more.get(&i)).map_or(&[][..], Vec::as_slice)
        };
        Some(ActsView { first: slot.first, more })
    }

    /// `client` is named `name` (a later name replaces an earlier one).
    fn name(&mut self, client: OrganizationId, name: &str) {
        let start = self.text.len();
        let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(name.len())) else { return };
        if start == NO_NAME {
            return;
        }
        self.text.push_str(name);
        if let Some((_, slot)) = self.slot(client) {
            slot.name = (start, len);
        }
    }

    /// The latest name of `client`, forgotten (it left).
    fn take_name(&mut self, client: OrganizationId) -> Option<String> {
        let position = self.position(client)?;
        let slot = self.list.get_mut(position)?;
        let (start, len) = std::mem::replace(&mut slot.name, (NO_NAME, 0));
        if start == NO_NAME {
            return None;
        }
        self.text.get(at(start)..at(start).saturating_add(at(len))).map(str::to_owned)
    }
}

/// A map keyed by id, with the keyed fast hashing of the provider's indexes.
type ById<K, V> = HashMap<K, V, IdHashing>;

/// The activity of a provider's members, read from its log ([`Activity::record`] each event,
/// in order). Events of other providers are ignored.
///
/// Who acted on a client is kept per client (one entry, one lookup for every member of an
/// access review's client, issue 20), not per (member, client).
#[derive(Debug, Clone)]
pub struct Activity {
    provider: ProviderId,
    events: u64,
    last: ById<ProviderUserId, DateTime<Utc>>,
    /// Every member who acted on a client, in the order they first did: [`ClientSlot`]s name
    /// them by position (4 bytes where an id takes 16).
    members: Vec<ProviderUserId>,
    positions: ById<ProviderUserId, u32>,
    /// The last member looked up in `positions` (a log's events come in runs of one actor).
    recent: Option<(ProviderUserId, u32)>,
    clients: ClientTable,
    joined: ById<ProviderUserId, DateTime<Utc>>,
    accepted: ById<ProviderUserId, DateTime<Utc>>,
    scopes: ById<ProviderUserId, BTreeSet<OrganizationId>>,
    departed: ById<ProviderUserId, Vec<DepartedClient>>,
}

impl Activity {
    /// Nothing recorded yet, for `provider`'s log.
    pub fn new(provider: ProviderId) -> Self {
        Self {
            provider,
            events: 0,
            last: ById::default(),
            members: Vec::new(),
            positions: ById::default(),
            recent: None,
            clients: ClientTable::default(),
            joined: ById::default(),
            accepted: ById::default(),
            scopes: ById::default(),
            departed: ById::default(),
        }
    }

    /// The activity of `events` (of `provider`; others are ignored).
    pub fn of<'a>(provider: ProviderId, events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut activity = Self::new(provider);
        let events = events.into_iter();
        // A log names at most one client an event: room for that many at once, not grown by
        // doubling, which copied the list and left each earlier one behind as a hole in the
        // heap (issue 20: a review of 10 000 clients faulted 341 pages a call, 8 with this).
        // The list up to 32 768 clients (past that it grows as needed: a long log of fewer
        // clients would leave most of a larger list unused); the index (8 bytes a client) up
        // to 131 072, so that it is not rebuilt twice on the way to 100 000 clients (each
        // rebuild writes every entry again at a random place: 10 % of the activity there).
        let hint = events.size_hint().0;
        activity.clients.reserve(hint.min(1 << 15), hint.min(1 << 17));
        for event in events {
            activity.record(event);
        }
        activity
    }

    /// How many of the provider's events were recorded.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Records one event: its actor acted (on its subject, when a client), and what it does
    /// to memberships, scopes and clients.
    pub fn record(&mut self, event: &Event) {
        if event.provider != self.provider {
            return;
        }
        self.events = self.events.saturating_add(1);
        let at = event.at;
        if let Actor::Member(member) = event.actor {
            self.last.insert(member, at);
            if let Subject::Client(client) = event.change.subject(self.provider)
                && let Some(position) = self.position_of(member)
            {
                self.clients.record(client, position, at);
            }
        }
        match &event.change {
            Change::ProviderSetUp { member, .. }
            | Change::MemberInvited { member, .. }
            | Change::MemberReinvited { member, .. }
            | Change::MemberConfirmed { member }
            | Change::MemberRestored { member } => {
                self.joined.insert(*member, at);
            }
            Change::MemberAccepted { member, .. } => {
                self.joined.insert(*member, at);
                self.accepted.insert(*member, at);
            }
            Change::MemberScopeChanged { member, scope } => {
                self.departed.remove(member);
                match scope {
                    Some(scope) => self.scopes.insert(*member, scope.clone()),
                    None => self.scopes.remove(member),
                };
            }
            Change::MemberRoleChanged { member, .. } => {
                self.departed.remove(member);
                self.scopes.remove(member);
            }
            Change::MemberRemoved { member } | Change::MemberLeft { member } => {
                for map in [&mut self.last, &mut self.joined, &mut self.accepted] {
                    map.remove(member);
                }
                self.scopes.remove(member);
                self.departed.remove(member);
            }
            Change::ClientCreated { client, name, .. } | Change::ClientAdded { client, name, .. } => {
                self.clients.name(*client, name);
            }
            Change::ClientUnlinked { client, .. } | Change::ClientDeleted { client } => {
                let name = self.clients.take_name(*client);
                for (member, scope) in &mut self.scopes {
                    if scope.remove(client) {
                        self.departed.entry(*member).or_default().push(DepartedClient {
                            client: *client,
                            name: name.clone(),
                            at,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// When `member` last acted (any event they recorded).
    pub fn last_acted(&self, member: ProviderUserId) -> Option<DateTime<Utc>> {
        self.last.get(&member).copied()
    }

    /// The position of `member` among those who acted on a client, made at their first.
    fn position_of(&mut self, member: ProviderUserId) -> Option<u32> {
        if let Some((m, p)) = self.recent
            && m == member
        {
            return Some(p);
        }
        let p = if let Some(p) = self.positions.get(&member) {
            *p
        } else {
            let p = u32::try_from(self.members.len()).ok()?;
            self.members.push(member);
            self.positions.insert(member, p);
            p
        };
        self.recent = Some((member, p));
        Some(p)
    }

    /// The position of `member` among those who acted on a client ([`ActsView::last`] takes
    /// it): `None` when they never did.
    pub(crate) fn member_position(&self, member: ProviderUserId) -> Option<u32> {
        self.positions.get(&member).copied()
    }

    /// When `member` last acted on `client`.
    pub fn last_acted_at(&self, member: ProviderUserId, client: OrganizationId) -> Option<DateTime<Utc>> {
        self.acts_at(client).and_then(|acts| acts.last(self.member_position(member)?))
    }

    /// Who acted on `client`, each with the last time.
    pub(crate) fn acts_at(&self, client: OrganizationId) -> Option<ActsView<'_>> {
        let mut cursor = usize::MAX;
        self.clients.view(client, &mut cursor)
    }

    /// Who acted on `client`, looked up first at `cursor` (see [`ClientTable::view`]): for the
    /// clients asked about in turn.
    pub(crate) fn acts_after(&self, client: OrganizationId, cursor: &mut usize) -> Option<ActsView<'_>> {
        self.clients.view(client, cursor)
    }

    /// When `member` last joined (set up, invited or invited again, accepted, confirmed,
    /// restored): inactivity counts from then at the earliest.
    pub fn joined(&self, member: ProviderUserId) -> Option<DateTime<Utc>> {
        self.joined.get(&member).copied()
    }

    /// When `member` accepted their invitation.
    pub fn accepted(&self, member: ProviderUserId) -> Option<DateTime<Utc>> {
        self.accepted.get(&member).copied()
    }

    /// The clients that left while in `member`'s scope, since their scope last changed.
    pub fn departed(&self, member: ProviderUserId) -> &[DepartedClient] {
        self.departed.get(&member).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::ClientTable;
    use crate::ids::OrganizationId;

    #[test]
    fn names_give_the_latest_name_once() {
        let (a, b) =
            (OrganizationId::new(uuid::Uuid::from_u128(1)), OrganizationId::new(uuid::Uuid::from_u128(2)));
        let mut names = ClientTable::default();
        names.name(a, "Contoso");
        names.name(b, "Fabrikam");
        names.name(a, "Contoso Ltd");
        assert_eq!(names.take_name(a).as_deref(), Some("Contoso Ltd"));
        assert_eq!(names.take_name(a), None);
        names.name(a, "Contoso again");
        assert_eq!(names.take_name(b).as_deref(), Some("Fabrikam"));
        assert_eq!(names.take_name(a).as_deref(), Some("Contoso again"));
        assert_eq!(names.take_name(OrganizationId::new(uuid::Uuid::from_u128(3))), None);
        assert_eq!(names.list.len(), 2);
    }
}
