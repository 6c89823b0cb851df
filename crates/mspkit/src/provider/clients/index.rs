//! The clients of a provider: the list, the index by id and the running seat totals.

use std::collections::BTreeMap;
use std::hash::BuildHasher as _;

use hashbrown::HashTable;

use super::{ClientError, ClientOrganization};
use crate::error::Error;
use crate::ids::OrganizationId;
use crate::layout::IdHashing;
use crate::plan::PlanType;
use crate::policy::{PolicyChange, PolicySet};

/// The clients of a provider in the order they joined, found by id in O(1), with each plan's
/// assigned seats kept as a running total (so a seat change never sums every client).
///
/// The index by id holds only each client's position (4 bytes; the id is compared in the list,
/// where the client is read anyway): 100 000 clients take a table of about 640 KB, which stays
/// in the cache while a log streams through, where a map from id to position took 3 MB
/// (issue 14).
#[derive(Debug, Clone, Default)]
pub(crate) struct Clients {
    pub(in crate::provider) list: Vec<ClientOrganization>,
    by_id: HashTable<u32>,
    hashing: IdHashing,
    pub(in crate::provider) assigned: BTreeMap<PlanType, u64>,
    /// How many clients have their own flag off (only a document gives one: no command
    /// disables a single client), so that a provider that is enabled or disabled walks its
    /// clients only when one of them needs its flag set (see [`Clients::enable_all`]).
    pub(in crate::provider) disabled: usize,
}

/// Gives every client's policies a new block, allocated one after another in list order, and
/// frees the old ones.
///
/// Why: a document's clients are converted one at a time among the reader's temporaries, so a
/// client's policies lay among its other blocks and the holes the temporaries left: at 100 000
/// clients a walk over every client's policies (a compliance check) read about three times the
/// bytes it used from memory, past the caches (issue 14). Allocated in one run, in list order,
/// blocks of one size lie one after another (an allocator serves a run of same-size requests
/// from adjacent memory), and the walk reads them as one stream. Costs one copy of the policies.
fn lay_out_in_order(list: &mut [ClientOrganization]) {
    let policies: Vec<PolicySet> = list.iter().map(|c| c.policies.clone()).collect();
    for (c, p) in list.iter_mut().zip(policies) {
        c.policies = p;
    }
}

/// A position of the index as a list position.
fn at(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

/// Two client lists are equal when their clients are (the index and totals follow from them).
impl PartialEq for Clients {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Eq for Clients {}

impl Clients {
    /// The clients `list`, refusing one that appears twice.
    pub(crate) fn new(mut list: Vec<ClientOrganization>) -> Result<Self, String> {
        lay_out_in_order(&mut list);
        let mut clients = Self {
            list: Vec::with_capacity(list.len()),
            by_id: HashTable::with_capacity(list.len()),
            ..Self::default()
        };
        for c in list {
            clients.push(c)?;
        }
        Ok(clients)
    }

    pub(crate) fn as_slice(&self) -> &[ClientOrganization] {
        &self.list
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn get(&self, id: OrganizationId) -> Option<&ClientOrganization> {
        self.position(id).and_then(|i| self.list.get(i))
    }

    /// The position of client `id` in the list (O(1)).
    pub(crate) fn position(&self, id: OrganizationId) -> Option<usize> {
        let list = &self.list;
        self.by_id
            .find(self.hashing.hash_one(id), |&i| list.get(at(i)).is_some_and(|c| c.id == id))
            .map(|&i| at(i))
    }

    /// Indexes the client at position `value` of the list, whose id hashes to `hash`.
    fn index(&mut self, hash: u64, value: u32) {
        if self.by_id.len() >= self.by_id.capacity() {
            self.grow();
        }
        let (list, hashing) = (&self.list, self.hashing);
        let rehash = |&i: &u32| list.get(at(i)).map_or(0, |c| hashing.hash_one(c.id));
        self.by_id.insert_unique(hash, value, rehash);
    }

    /// Doubles the index's room and fills it again in list order, each client's id read once,
    /// in order. The table's own growth would read the ids in its order, one random read of the
    /// list each: at 100 000 clients (a list of about 19 MB, past the caches) that was a cache
    /// miss per client each time the table grew during a replay (issue 14).
    fn grow(&mut self) {
        let indexed = self.by_id.len();
        let mut table = HashTable::with_capacity(indexed.saturating_mul(2).max(16));
        let (list, hashing) = (&self.list, self.hashing);
        let rehash = |&i: &u32| list.get(at(i)).map_or(0, |c| hashing.hash_one(c.id));
        for (value, c) in (0u32..).zip(list.iter().take(indexed)) {
            table.insert_unique(hashing.hash_one(c.id), value, rehash);
        }
        self.by_id = table;
    }

    /// Reads the index entry and the seat count of client `id`, if there is one, and drops
    /// them: a software prefetch for [`Provider::prepare`](crate::Provider::prepare).
    pub(crate) fn prefetch(&self, id: OrganizationId) {
        std::hint::black_box(self.get(id).map(ClientOrganization::seats));
    }

    /// The seats assigned to clients on `plan`.
    pub(crate) fn assigned(&self, plan: PlanType) -> u64 {
        self.assigned.get(&plan).copied().unwrap_or(0)
    }

    /// The plans that have a client, in plan order. Every client has at least one seat
    /// ([`SeatCount`] refuses zero), so a plan has a client exactly when its running total of
    /// assigned seats is above zero: no client is visited.
    pub(crate) fn plans(&self) -> impl Iterator<Item = PlanType> + '_ {
        self.assigned.iter().filter(|(_, total)| **total > 0).map(|(plan, _)| *plan)
    }

    pub(crate) fn push(&mut self, client: ClientOrganization) -> Result<(), String> {
        if self.position(client.id).is_some() {
            return Err(format!("client `{}` appears twice", client.id));
        }
        let value =
            u32::try_from(self.list.len()).map_err(|_| "more clients than the index holds".to_owned())?;
        let hash = self.hashing.hash_one(client.id);
        let total = self.assigned.entry(client.plan).or_insert(0);
        *total = total.saturating_add(u64::from(client.seats()));
        if !client.enabled {
            self.disabled = self.disabled.saturating_add(1);
        }
        self.list.push(client);
        self.index(hash, value);
        Ok(())
    }

    /// Applies a policy change to one client's policies (all-or-nothing: the policy set checks
    /// before it writes; seats do not change).
    pub(in crate::provider) fn update_policies(
        &mut self,
        id: OrganizationId,
        change: &PolicyChange,
    ) -> Result<(), Error> {
        let index = self.position(id).ok_or(ClientError::NotFound { client: id })?;
        let client = self.list.get_mut(index).ok_or(ClientError::NotFound { client: id })?;
        client.apply_policy_change(change).map_err(Error::Policy)
    }

    /// Puts back a client's policies saved before a command that is refused (see
    /// `Provider::commit`).
    pub(in crate::provider) fn restore_policies(&mut self, id: OrganizationId, policies: PolicySet) {
        if let Some(client) = self.position(id).and_then(|i| self.list.get_mut(i)) {
            client.policies = policies;
        }
    }

    /// Changes one client through `change`, keeping the seat totals right. `change` is one of
    /// the client's transitions, each of which checks everything before its first write, so a
    /// refused change leaves the client as it was (no copy is needed: this is the hot path of a
    /// replay).
    pub(in crate::provider) fn update(
        &mut self,
        id: OrganizationId,
        change: impl FnOnce(&mut ClientOrganization) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let index = self.position(id).ok_or(ClientError::NotFound { client: id })?;
        let client = self.list.get_mut(index).ok_or(ClientError::NotFound { client: id })?;
        let before = client.seats();
        change(client)?;
        if let Some(total) = self.assigned.get_mut(&client.plan) {
            *total = total.saturating_sub(u64::from(before)).saturating_add(u64::from(client.seats()));
        }
        Ok(())
    }

    /// Moves client `id` to `to`, its seats with it in the plans' running totals.
    pub(in crate::provider) fn change_plan(&mut self, id: OrganizationId, to: PlanType) -> Result<(), Error> {
        let index = self.position(id).ok_or(ClientError::NotFound { client: id })?;
        let client = self.list.get_mut(index).ok_or(ClientError::NotFound { client: id })?;
        let seats = u64::from(client.seats());
        if let Some(total) = self.assigned.get_mut(&client.plan) {
            *total = total.saturating_sub(seats);
        }
        client.plan = to;
        let total = self.assigned.entry(to).or_insert(0);
        *total = total.saturating_add(seats);
        Ok(())
    }

    /// Sets every client's own flag: O(1) unless some client has it off, which only a document
    /// gives (the clients of an MSP or business unit follow it through
    /// [`Provider::client_enabled`](crate::Provider::client_enabled), not through their flag).
    pub(in crate::provider) fn enable_all(&mut self) {
        if self.disabled == 0 {
            return;
        }
        // A suspended client stays disabled (issue 17).
        let mut suspended = 0;
        for c in &mut self.list {
            c.enabled = !c.state.refuses_members();
            suspended += usize::from(!c.enabled);
        }
        self.disabled = suspended;
    }

    /// Removes a client (O(n): the later clients move up and are re-indexed).
    pub(in crate::provider) fn remove(&mut self, id: OrganizationId) -> Result<ClientOrganization, Error> {
        let index = self.position(id).ok_or(ClientError::NotFound { client: id })?;
        if index >= self.list.len() {
            return Err(Error::Client(ClientError::NotFound { client: id }));
        }
        let client = self.list.remove(index);
        if let Some(total) = self.assigned.get_mut(&client.plan) {
            *total = total.saturating_sub(u64::from(client.seats()));
        }
        if !client.enabled {
            self.disabled = self.disabled.saturating_sub(1);
        }
        // Every later client moved up: the index is built again (O(n), as the move is).
        self.by_id.clear();
        let hashes: Vec<u64> = self.list.iter().map(|c| self.hashing.hash_one(c.id)).collect();
        for (value, hash) in (0u32..).zip(hashes) {
            self.index(hash, value);
        }
        Ok(client)
    }
}
