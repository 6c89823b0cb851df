//! The clients of a provider: the list, the index by id and the running seat totals.

use std::collections::{BTreeMap, HashMap};

use super::{ClientError, ClientOrganization};
use crate::error::Error;
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::policy::{PolicyChange, PolicySet};

/// The clients of a provider in the order they joined, found by id in O(1), with each plan's
/// assigned seats kept as a running total (so a seat change never sums every client).
#[derive(Debug, Clone, Default)]
pub(crate) struct Clients {
    pub(in crate::provider) list: Vec<ClientOrganization>,
    by_id: HashMap<OrganizationId, usize, IdHashing>,
    pub(in crate::provider) assigned: BTreeMap<PlanType, u64>,
    /// How many clients have their own flag off (only a document gives one: no command
    /// disables a single client), so that a provider that is enabled or disabled walks its
    /// clients only when one of them needs its flag set (see [`Clients::enable_all`]).
    pub(in crate::provider) disabled: usize,
}

/// The hashing of the client index: a keyed multiply-and-fold over the id's bytes, a few
/// instructions where the standard SipHash takes about a hundred (a replay looks a client up for
/// nearly every event). The two keys are drawn from the standard library's random source for
/// each index, so ids chosen to collide (a hostile log) cannot be prepared in advance.
#[derive(Debug, Clone, Copy)]
struct IdHashing {
    pub(in crate::provider) keys: [u64; 2],
}

impl Default for IdHashing {
    fn default() -> Self {
        use std::hash::BuildHasher as _;
        let random = std::collections::hash_map::RandomState::new();
        Self { keys: [random.hash_one(0x9e37_79b9_u64), random.hash_one(0x7f4a_7c15_u64) | 1] }
    }
}

impl std::hash::BuildHasher for IdHashing {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher { state: self.keys[0], key: self.keys[1] }
    }
}

/// The hasher of [`IdHashing`].
#[derive(Debug)]
struct IdHasher {
    pub(in crate::provider) state: u64,
    pub(in crate::provider) key: u64,
}

impl IdHasher {
    /// Mixes one word into the state: the 128-bit product of the two, folded to 64 bits.
    #[expect(clippy::cast_possible_truncation, reason = "the fold keeps each half of the product on purpose")]
    pub(in crate::provider) fn mix(&mut self, word: u64) {
        let product = u128::from(self.state ^ word).wrapping_mul(u128::from(self.key));
        self.state = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(word);
            self.mix(u64::from_le_bytes(b));
        }
        let mut tail = [0u8; 8];
        for (t, byte) in tail.iter_mut().zip(words.remainder()) {
            *t = *byte;
        }
        if !words.remainder().is_empty() {
            self.mix(u64::from_le_bytes(tail));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn finish(&self) -> u64 {
        // One more round, so that the last word reaches every bit (hashbrown takes its control
        // byte from the top seven).
        let product = u128::from(self.state).wrapping_mul(u128::from(self.key));
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the fold keeps each half of the product on purpose"
        )]
        let folded = (product as u64) ^ ((product >> 64) as u64);
        folded
    }
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
    pub(crate) fn new(list: Vec<ClientOrganization>) -> Result<Self, String> {
        let mut clients = Self::default();
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
        self.by_id.get(&id).and_then(|i| self.list.get(*i))
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
        if self.by_id.contains_key(&client.id) {
            return Err(format!("client `{}` appears twice", client.id));
        }
        self.by_id.insert(client.id, self.list.len());
        let total = self.assigned.entry(client.plan).or_insert(0);
        *total = total.saturating_add(u64::from(client.seats()));
        if !client.enabled {
            self.disabled = self.disabled.saturating_add(1);
        }
        self.list.push(client);
        Ok(())
    }

    /// Applies a policy change to one client's policies (all-or-nothing: the policy set checks
    /// before it writes; seats do not change).
    pub(in crate::provider) fn update_policies(
        &mut self,
        id: OrganizationId,
        change: &PolicyChange,
    ) -> Result<(), Error> {
        let index = *self.by_id.get(&id).ok_or(ClientError::NotFound { client: id })?;
        let client = self.list.get_mut(index).ok_or(ClientError::NotFound { client: id })?;
        client.apply_policy_change(change).map_err(Error::Policy)
    }

    /// Puts back a client's policies saved before a command that is refused (see
    /// `Provider::commit`).
    pub(in crate::provider) fn restore_policies(&mut self, id: OrganizationId, policies: PolicySet) {
        if let Some(client) = self.by_id.get(&id).and_then(|i| self.list.get_mut(*i)) {
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
        let index = *self.by_id.get(&id).ok_or(ClientError::NotFound { client: id })?;
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
        let index = *self.by_id.get(&id).ok_or(ClientError::NotFound { client: id })?;
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
        let index = self.by_id.remove(&id).ok_or(ClientError::NotFound { client: id })?;
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
        for (i, c) in self.list.iter().enumerate().skip(index) {
            self.by_id.insert(c.id, i);
        }
        Ok(client)
    }
}
