//! What the log says about who acted where and when: the part of an access review only the
//! log knows. Fed one event at a time (a log streams), it keeps per member and per (member,
//! client) the last time, and the scopes service users lost when their clients left.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::event::{Actor, Change, Event, Subject};
use crate::ids::{OrganizationId, ProviderId, ProviderUserId};

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

/// The activity of a provider's members, read from its log ([`Activity::record`] each event,
/// in order). Events of other providers are ignored.
#[derive(Debug, Clone)]
pub struct Activity {
    provider: ProviderId,
    events: u64,
    last: HashMap<ProviderUserId, DateTime<Utc>>,
    at_client: HashMap<(ProviderUserId, OrganizationId), DateTime<Utc>>,
    joined: HashMap<ProviderUserId, DateTime<Utc>>,
    accepted: HashMap<ProviderUserId, DateTime<Utc>>,
    scopes: HashMap<ProviderUserId, BTreeSet<OrganizationId>>,
    departed: HashMap<ProviderUserId, Vec<DepartedClient>>,
    names: HashMap<OrganizationId, String>,
}

impl Activity {
    /// Nothing recorded yet, for `provider`'s log.
    pub fn new(provider: ProviderId) -> Self {
        Self {
            provider,
            events: 0,
            last: HashMap::new(),
            at_client: HashMap::new(),
            joined: HashMap::new(),
            accepted: HashMap::new(),
            scopes: HashMap::new(),
            departed: HashMap::new(),
            names: HashMap::new(),
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
                self.at_client.insert((member, client), at);
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
                self.names.insert(*client, name.clone());
            }
            Change::ClientUnlinked { client, .. } | Change::ClientDeleted { client } => {
                let name = self.names.remove(client);
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
        self.at_client.get(&(member, client)).copied()
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
