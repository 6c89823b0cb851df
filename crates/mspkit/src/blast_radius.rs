//! The blast radius of the emergency stop (issue 20): before suspending (or resuming) access,
//! which clients lose provider access, what each member loses, and — what matters first —
//! which clients would be left with no confirmed owner of their own (locked out), so the MSP
//! knows whom to call. The same report for one member: what a stolen account reaches.
//!
//! The report asks the one permission check, [`authorize`](crate::permissions::authorize), as
//! it would answer without a suspension: a member's reach is what the suspension takes away
//! and a resume gives back. It is one pass over the clients in the order they are stored, each
//! asking every member who can act on clients, with the member, the client and the member's
//! scope in hand (no lookup per client).

mod reach;

use std::sync::Arc;

use serde::Serialize;

use reach::ReachStore;
pub use reach::{Reach, ReachIter, ReachList};

use crate::email::Email;
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, ScopeReach, Target, authorize_in_hand, authorize_unsuspended};
use crate::provider::Provider;
use crate::team::{ProviderUser, TeamError};

/// A client that loses provider access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientExposure {
    /// The client.
    pub client: OrganizationId,
    /// Its name (a [`SmolStr`](smol_str::SmolStr) copied from the provider's client without
    /// allocating: it reads as a `&str`).
    pub name: smol_str::SmolStr,
    /// The members who reach it (administer it, or change its seats). It reads as a list of
    /// [`Reach`] (see [`ReachList`]).
    pub reached_by: ReachList,
    /// Its confirmed owners who are not provider members: its own way in.
    pub own_owners: Vec<Email>,
    /// No confirmed owner of its own: suspending provider access locks it out.
    pub locked_out: bool,
}

/// What one member can do, and so loses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberExposure {
    /// The member.
    pub member: ProviderUserId,
    /// Their email.
    pub email: Email,
    /// Their role's name.
    pub role: &'static str,
    /// Their status's name (only a confirmed member can act).
    pub status: &'static str,
    /// The provider actions they may take (names of [`Action`]).
    pub provider_actions: Vec<&'static str>,
    /// The client actions they may take on at least one client.
    pub client_actions: Vec<&'static str>,
    /// How many clients they reach.
    pub clients: usize,
}

/// The blast radius report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlastRadius {
    /// The member the report is about (`None`: every member, as a suspension of all access).
    pub member: Option<ProviderUserId>,
    /// Whether access is suspended now (the report is what a resume gives back).
    pub suspended: bool,
    /// The clients that lose provider access, by name.
    pub clients: Vec<ClientExposure>,
    /// The members and what each loses, in the team's order.
    pub members: Vec<MemberExposure>,
    /// The clients locked out (no confirmed owner of their own), by name: call them first.
    pub locked_out: Vec<OrganizationId>,
}

/// A member in hand: the member, its scope's reach (`None`: it reaches no client), the client
/// actions seen and the clients reached.
type Member<'a> = (&'a ProviderUser, Option<ScopeReach>, Vec<bool>, usize);

/// How many rows ahead the report reads the client of a row.
const LOOKAHEAD: usize = 8;

/// The confirmed owners of their own of the clients reached, each client's in turn (its
/// `ends` by the client's position).
struct Owners {
    emails: Vec<Email>,
    ends: Vec<u32>,
}

impl Owners {
    /// The own owners of the client at `position`.
    fn of(&self, position: usize) -> &[Email] {
        let at = |i: Option<&u32>| i.and_then(|i| usize::try_from(*i).ok()).unwrap_or(0);
        let start = position.checked_sub(1).map_or(0, |before| at(self.ends.get(before)));
        self.emails.get(start..at(self.ends.get(position))).unwrap_or_default()
    }
}

/// Whether `member` may reach any client at all: a member refused before the client is looked
/// at (not confirmed, revoked, not a member, a disabled provider) reaches none, so one question
/// settles every client (the blast radius and the access review ask it once per member).
pub(crate) fn may_reach_clients(provider: &Provider, member: ProviderUserId) -> bool {
    provider.clients().first().is_some_and(|first| {
        !matches!(
            authorize_unsuspended(provider, member, Action::AdministerClient, Target::Client(first.id()))
                .map_err(|d| d.reason),
            Err(crate::DenialReason::MemberRevoked
                | crate::DenialReason::MemberNotConfirmed
                | crate::DenialReason::NotAMember
                | crate::DenialReason::ProviderDisabled)
        )
    })
}

impl BlastRadius {
    /// The report for `provider`: of every member (`member` `None`), or of one member
    /// (`member_not_found` for another id).
    pub fn new(provider: &Provider, member: Option<ProviderUserId>) -> Result<Self, Error> {
        if let Some(id) = member
            && provider.member(id).is_none()
        {
            return Err(TeamError::MemberNotFound { member: id }.into());
        }
        // What a member may do to a client (vault items are never theirs).
        let client_kinds: Vec<Action> = Action::all()
            .into_iter()
            .filter(|a| a.targets_client() && *a != Action::AccessClientVault)
            .collect();
        let all_clients = provider.clients();
        // Per member: the member, its scope's reach (`None`: it reaches no client), the client
        // actions seen and the clients reached.
        let mut team: Vec<Member<'_>> = provider
            .members()
            .iter()
            .filter(|m| member.is_none_or(|id| id == m.id()))
            .map(|m| {
                let reach = may_reach_clients(provider, m.id()).then(|| ScopeReach::of(provider, m));
                (m, reach, vec![false; client_kinds.len()], 0usize)
            })
            .collect();
        let (store, keys, owners) = Self::reach(provider, &client_kinds, &mut team);
        let store = Arc::new(store);
        // Then the clients reached, in name order: a second pass whose reads (a client's id and
        // name) are independent of one another.
        let order = crate::layout::sort_name_keys(keys, all_clients, |c| (c.name(), c.id()));
        let mut clients = Vec::with_capacity(order.len());
        for k in 0..order.len() {
            let Some(p) = order.get(k) else { continue };
            if let Some(ahead) = order.get(k.saturating_add(LOOKAHEAD)).and_then(|q| all_clients.get(q)) {
                // Read ahead: the client a few rows on, and its name.
                std::hint::black_box((ahead.id(), ahead.name().as_bytes().first().copied()));
            }
            let (Some(c), Ok(position)) = (all_clients.get(p), u32::try_from(p)) else {
                continue;
            };
            let own_owners = owners.of(p).to_vec();
            clients.push(ClientExposure {
                client: c.id(),
                name: c.shared_name().clone(),
                reached_by: ReachList::at(&store, position),
                locked_out: own_owners.is_empty(),
                own_owners,
            });
        }
        let members = team
            .into_iter()
            .map(|(m, _, client_actions, count)| {
                let allowed =
                    |action: Action, target: Target| authorize_unsuspended(provider, m.id(), action, target);
                MemberExposure {
                    member: m.id(),
                    email: m.email().clone(),
                    role: m.role().name(),
                    status: m.status().name(),
                    provider_actions: Action::all()
                        .into_iter()
                        .filter(|a| !a.targets_client() && allowed(*a, Target::Provider).is_ok())
                        .map(Action::name)
                        .collect(),
                    client_actions: client_kinds
                        .iter()
                        .zip(client_actions)
                        .filter(|(_, seen)| *seen)
                        .map(|(a, _)| a.name())
                        .collect(),
                    clients: count,
                }
            })
            .collect();
        let locked_out = clients.iter().filter(|c| c.locked_out).map(|c| c.client).collect();
        Ok(Self { member, suspended: provider.access_suspension().is_some(), clients, members, locked_out })
    }

    /// Who reaches each client: one pass over the clients in storage order, each asking every
    /// member of `team` in hand (no lookup per client), who reaches it kept as a bit per member
    /// in one store the clients share (issue 20); and, for the clients reached, their keys in
    /// name order ([`crate::layout::name_key`]) and their own owners, read here in the order of
    /// memory rather than in name order.
    fn reach(
        provider: &Provider,
        client_kinds: &[Action],
        team: &mut [Member<'_>],
    ) -> (ReachStore, Vec<u128>, Owners) {
        let all_clients = provider.clients();
        let mut store = ReachStore::new(
            team.iter()
                .filter(|(_, reach, ..)| reach.is_some())
                .map(|(m, ..)| Reach { member: m.id(), email: m.email().clone(), role: m.role().name() })
                .collect(),
            all_clients.len(),
        );
        let mut keys = Vec::with_capacity(all_clients.len());
        let mut owners = Owners { emails: Vec::new(), ends: Vec::with_capacity(all_clients.len()) };
        for (position, c) in all_clients.iter().enumerate() {
            store.begin();
            let mut any_member = false;
            let reaching = team
                .iter_mut()
                .filter_map(|(m, reach, actions, count)| Some((m, reach.as_ref()?, actions, count)));
            for (k, (m, reach, client_actions, count)) in reaching.enumerate() {
                let mut any = false;
                for (seen, action) in client_actions.iter_mut().zip(client_kinds) {
                    if authorize_in_hand(provider, m, *action, c, reach, position).is_ok() {
                        *seen = true;
                        any = true;
                    }
                }
                if any {
                    *count = count.saturating_add(1);
                    store.set(k);
                    any_member = true;
                }
            }
            // (A client past 2^32 has no place in the store: it is left out, as before.)
            if any_member && u32::try_from(position).is_ok() {
                keys.push(crate::layout::name_key(c.name(), position));
                owners.emails.extend(
                    c.confirmed_owner_emails()
                        .into_iter()
                        .filter(|email| provider.member_by_email(email).is_none())
                        .cloned(),
                );
            }
            owners.ends.push(u32::try_from(owners.emails.len()).unwrap_or(u32::MAX));
        }
        (store, keys, owners)
    }

    /// Whether any client would be locked out (the command line's exit 1).
    pub fn has_findings(&self) -> bool {
        !self.locked_out.is_empty()
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data: serializing it cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
