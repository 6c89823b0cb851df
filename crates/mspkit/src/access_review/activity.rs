//! What the log says about who acted where and when: the part of an access review only the
//! log knows. Fed one event at a time (a log streams), it keeps per member and per (member,
//! client) the last time, and the scopes service users lost when their clients left.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

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

/// A member and the last time they acted.
type Act = (ProviderUserId, DateTime<Utc>);

/// The members who acted on one client, each with the last time: the first inline (a client
/// is mostly acted on by one member), the others after it.
#[derive(Debug, Clone)]
pub(crate) struct ClientActs {
    first: Act,
    /// Boxed: one word while empty, which a client mostly is.
    #[expect(
        clippy::box_collection,
        reason = "one word per client instead of three: most have no other member"
    )]
    more: Option<Box<Vec<Act>>>,
}

impl ClientActs {
    /// A copy of the entry's first member and a view of the others, to read after the entry
    /// itself may have left the cache.
    pub(crate) fn view(&self) -> ActsView<'_> {
        ActsView { first: self.first, more: self.more.as_deref().map_or(&[][..], Vec::as_slice) }
    }

    /// Records that `member` acted at `at`.
    fn record(&mut self, member: ProviderUserId, at: DateTime<Utc>) {
        if self.first.0 == member {
            self.first.1 = at;
            return;
        }
        let more = self.more.get_or_insert_with(Box::default);
        match more.iter_mut().find(|(m, _)| *m == member) {
            Some(entry) => entry.1 = at,
            None => more.push((member, at)),
        }
    }
}

/// [`ClientActs`] as read: see [`ClientActs::view`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActsView<'a> {
    first: Act,
    more: &'a [Act],
}

impl ActsView<'_> {
    /// When `member` last acted on the client.
    pub(crate) fn last(self, member: ProviderUserId) -> Option<DateTime<Utc>> {
        std::iter::once(&self.first).chain(self.more).find(|(m, _)| *m == member).map(|(_, at)| *at)
    }
}

/// The clients' names, in the order the log names them: one text for every name and a list
/// appended to, indexed by id only once a client leaves (a name is read only then, most logs
/// never unlink a client, and appending costs no lookup per client).
#[derive(Debug, Clone, Default)]
struct Names {
    text: String,
    list: Vec<(OrganizationId, std::ops::Range<usize>)>,
    /// The position in `list` of each client's latest name, once a client has left.
    index: Option<ById<OrganizationId, usize>>,
}

impl Names {
    fn insert(&mut self, client: OrganizationId, name: &str) {
        let start = self.text.len();
        self.text.push_str(name);
        if let Some(index) = &mut self.index {
            index.insert(client, self.list.len());
        }
        self.list.push((client, start..self.text.len()));
    }

    /// The latest name of `client`, forgotten.
    fn remove(&mut self, client: OrganizationId) -> Option<String> {
        let list = &self.list;
        let index = self.index.get_or_insert_with(|| {
            // A later name of the same id replaces an earlier one, as the map did.
            list.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect()
        });
        let (_, range) = list.get(index.remove(&client)?)?;
        self.text.get(range.clone()).map(str::to_owned)
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
    at_client: ById<OrganizationId, ClientActs>,
    joined: ById<ProviderUserId, DateTime<Utc>>,
    accepted: ById<ProviderUserId, DateTime<Utc>>,
    scopes: ById<ProviderUserId, BTreeSet<OrganizationId>>,
    departed: ById<ProviderUserId, Vec<DepartedClient>>,
    names: Names,
}

impl Activity {
    /// Nothing recorded yet, for `provider`'s log.
    pub fn new(provider: ProviderId) -> Self {
        Self {
            provider,
            events: 0,
            last: ById::default(),
            at_client: ById::default(),
            joined: ById::default(),
            accepted: ById::default(),
            scopes: ById::default(),
            departed: ById::default(),
            names: Names::default(),
        }
    }

    /// The activity of `events` (of `provider`; others are ignored).
    pub fn of<'a>(provider: ProviderId, events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut activity = Self::new(provider);
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
            if let Subject::Client(client) = event.change.subject(self.provider) {
                match self.at_client.entry(client) {
                    Entry::Occupied(mut acts) => acts.get_mut().record(member, at),
                    Entry::Vacant(slot) => {
                        slot.insert(ClientActs { first: (member, at), more: None });
                    }
                }
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
                self.names.insert(*client, name);
            }
            Change::ClientUnlinked { client, .. } | Change::ClientDeleted { client } => {
                let name = self.names.remove(*client);
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

    /// When `member` last acted on `client`.
    pub fn last_acted_at(&self, member: ProviderUserId, client: OrganizationId) -> Option<DateTime<Utc>> {
        self.acts_at(client).and_then(|acts| acts.view().last(member))
    }

    /// Who acted on `client`, each with the last time.
    pub(crate) fn acts_at(&self, client: OrganizationId) -> Option<&ClientActs> {
        self.at_client.get(&client)
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
    use super::Names;
    use crate::ids::OrganizationId;

    #[test]
    fn names_give_the_latest_name_once() {
        let (a, b) =
            (OrganizationId::new(uuid::Uuid::from_u128(1)), OrganizationId::new(uuid::Uuid::from_u128(2)));
        let mut names = Names::default();
        names.insert(a, "Contoso");
        names.insert(b, "Fabrikam");
        names.insert(a, "Contoso Ltd");
        assert_eq!(names.remove(a).as_deref(), Some("Contoso Ltd"));
        assert_eq!(names.remove(a), None);
        names.insert(a, "Contoso again");
        assert_eq!(names.remove(b).as_deref(), Some("Fabrikam"));
        assert_eq!(names.remove(a).as_deref(), Some("Contoso again"));
    }
}
