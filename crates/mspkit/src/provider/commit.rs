//! All-or-nothing for a command of several changes: what it saves before applying them, and
//! how a refusal puts it back.

use chrono::{DateTime, Utc};

use super::team::Team;
use super::{Owed, Provider};
use crate::billing::{Subscription, SubscriptionMark};
use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::OrganizationId;

/// What a command of several changes saved before applying them (see `Provider::commit`).
pub(super) enum Saved {
    /// Member changes touch the team only.
    Team(Head, Box<Team>),
    /// Policy changes of one client touch that client's policies only.
    Policies(Head, OrganizationId, Box<crate::policy::PolicySet>),
    /// Subscription changes and the provider change they bring (`provider_enabled` or
    /// `provider_disabled`, the last event of its command, so the clients that follow it are
    /// never changed before a refusal).
    /// Of the subscription only what these changes write is kept (its lifecycle, prices,
    /// discount and how many invoices were issued: [`Subscription::mark`]), never its purchases,
    /// references or issued invoices, which grow with the clients and the history.
    Billing(Head, Option<SubscriptionMark>),
    /// Client references (a PSA reconciliation's): the references of the clients named, as
    /// they were.
    References(Head, Vec<(OrganizationId, Option<String>)>),
    /// Anything else: the whole provider.
    Everything(Box<Provider>),
}

/// The provider's own fields a change of any area moves (sequence, time, flags).
#[derive(Clone, Copy)]
pub(super) struct Head {
    last_sequence: u64,
    revised_at: DateTime<Utc>,
    enabled: bool,
    deleted: bool,
    owed: Option<Owed>,
}

impl Head {
    pub(in crate::provider) fn of(p: &Provider) -> Self {
        Self {
            last_sequence: p.last_sequence,
            revised_at: p.revised_at,
            enabled: p.enabled,
            deleted: p.deleted,
            owed: p.owed,
        }
    }

    pub(in crate::provider) fn restore(self, p: &mut Provider) {
        p.last_sequence = self.last_sequence;
        p.revised_at = self.revised_at;
        p.enabled = self.enabled;
        p.deleted = self.deleted;
        p.owed = self.owed;
    }
}

impl Saved {
    pub(in crate::provider) fn of(p: &Provider, changes: &[Change]) -> Self {
        let head = Head::of(p);
        let team = |c: &Change| {
            matches!(
                c,
                Change::MemberInvited { .. }
                    | Change::MemberReinvited { .. }
                    | Change::MemberAccepted { .. }
                    | Change::MemberConfirmed { .. }
                    | Change::MemberRoleChanged { .. }
                    | Change::MemberScopeChanged { .. }
                    | Change::MemberRevoked { .. }
                    | Change::MemberRestored { .. }
                    | Change::MemberRemoved { .. }
                    | Change::MemberLeft { .. }
            )
        };
        let policies_of = |c: &Change| match c {
            Change::ClientPolicyChanged { client, .. } => Some(*client),
            _ => None,
        };
        let billing = |(i, c): (usize, &Change)| match c {
            Change::SubscriptionInvoiced { .. }
            | Change::SubscriptionPaid { .. }
            | Change::SubscriptionUnpaid { .. }
            | Change::SubscriptionCancelled { .. }
            | Change::SubscriptionPricesChanged { .. }
            | Change::SubscriptionDiscountChanged { .. } => true,
            // Only as the last change: its clients follow it after every other change fitted.
            Change::ProviderEnabled | Change::ProviderDisabled => i + 1 == changes.len(),
            _ => false,
        };
        if changes.iter().all(team) {
            return Self::Team(head, Box::new(p.team.clone()));
        }
        if let Some(client) = changes.first().and_then(policies_of)
            && changes.iter().all(|c| policies_of(c) == Some(client))
            && let Some(c) = p.clients.get(client)
        {
            return Self::Policies(head, client, Box::new(c.policies().clone()));
        }
        let reference_of = |c: &Change| match c {
            Change::ClientReferenceSet { client, .. } => Some(*client),
            _ => None,
        };
        if let Some(sub) = &p.subscription
            && let Some(clients) = changes.iter().map(reference_of).collect::<Option<Vec<_>>>()
        {
            let saved =
                clients.into_iter().map(|c| (c, sub.client_reference(c).map(str::to_owned))).collect();
            return Self::References(head, saved);
        }
        if changes.iter().enumerate().all(billing) {
            return Self::Billing(head, p.subscription.as_ref().map(Subscription::mark));
        }
        Self::Everything(Box::new(p.clone()))
    }

    pub(in crate::provider) fn restore(self, p: &mut Provider) {
        match self {
            Self::Team(head, team) => {
                head.restore(p);
                p.team = *team;
            }
            Self::Policies(head, client, policies) => {
                head.restore(p);
                p.clients.restore_policies(client, *policies);
            }
            Self::Billing(head, subscription) => {
                head.restore(p);
                // The changes neither start nor remove a subscription: one was there before.
                if let (Some(mark), Some(sub)) = (subscription, p.subscription.as_mut()) {
                    sub.restore_mark(mark);
                }
            }
            Self::References(head, references) => {
                head.restore(p);
                if let Some(sub) = p.subscription.as_mut() {
                    // In reverse, so a client named twice ends with its first saved reference.
                    for (client, reference) in references.into_iter().rev() {
                        sub.restore_reference(client, reference);
                    }
                }
            }
            Self::Everything(saved) => *p = *saved,
        }
    }
}

impl Provider {
    /// Records one change: builds its event and applies it (all-or-nothing).
    pub(in crate::provider) fn commit_one(
        &mut self,
        actor: Actor,
        at: DateTime<Utc>,
        change: Change,
    ) -> Result<Vec<Event>, Error> {
        let event =
            Event { provider: self.id, sequence: self.last_sequence.saturating_add(1), at, actor, change };
        self.apply(&event)?;
        Ok(vec![event])
    }

    /// Records several changes of one command: all are applied, or none. Only what the
    /// changes can touch is saved before and put back on a refusal (`Saved`): the team for
    /// member changes, one client's policies for policy changes, the subscription and the
    /// provider's flags for billing changes and the provider change they bring — never the
    /// whole provider unless the changes span areas.
    pub(in crate::provider) fn commit(
        &mut self,
        actor: Actor,
        at: DateTime<Utc>,
        changes: Vec<Change>,
    ) -> Result<Vec<Event>, Error> {
        let mut changes = changes;
        if changes.len() == 1
            && let Some(change) = changes.pop()
        {
            return self.commit_one(actor, at, change);
        }
        let saved = Saved::of(self, &changes);
        let mut events = Vec::with_capacity(changes.len());
        for change in changes {
            match self.commit_one(actor, at, change) {
                Ok(event) => events.extend(event),
                Err(e) => {
                    saved.restore(self);
                    return Err(e);
                }
            }
        }
        Ok(events)
    }
}
