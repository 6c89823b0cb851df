//! How a provider changes: issued, replayed, and every event applied through one envelope check
//! that routes the change to its area.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::clients::Clients;
use super::deployments::Deployments;
use super::head::{ProviderSettings, ProviderStatus, ProviderType};
use super::team::{Team, TeamError};
use super::{LOOKAHEAD, Owed, Provider};
use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::ProviderId;

impl Provider {
    /// Issues a new provider, as the vendor does: pending, enabled, with no team yet, to be set
    /// up by the person at `issued_to`. Returns the provider and its first event
    /// (`provider_issued`, sequence 1), which starts its log.
    pub fn issue(
        id: ProviderId,
        kind: ProviderType,
        settings: ProviderSettings,
        issued_to: Email,
        now: DateTime<Utc>,
    ) -> (Self, Vec<Event>) {
        let event = Event {
            provider: id,
            sequence: 1,
            at: now,
            actor: Actor::System,
            change: Change::ProviderIssued {
                kind,
                settings: Box::new(settings.clone()),
                issued_to: issued_to.clone(),
            },
        };
        (Self::issued(id, kind, settings, issued_to, now), vec![event])
    }

    pub(in crate::provider) fn issued(
        id: ProviderId,
        kind: ProviderType,
        settings: ProviderSettings,
        issued_to: Email,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            kind,
            status: ProviderStatus::Pending,
            enabled: true,
            issued_to: Some(issued_to),
            settings,
            created_at: at,
            revised_at: at,
            team: Team::default(),
            clients: Clients::default(),
            seat_minimums: BTreeMap::new(),
            subscription: None,
            deployments: Deployments::default(),
            last_sequence: 1,
            deleted: false,
            access_suspension: None,
            access_reviews: super::head::AccessReviews::default(),
            owed: None,
        }
    }

    /// Rebuilds a provider from its log: the first event must be its `provider_issued` event at
    /// sequence 1, and every later event is applied in order with [`Provider::apply`]. The
    /// first event that does not fit stops the replay with its typed error.
    ///
    /// Everything the log records is rebuilt, the deployments of the clients included (their
    /// steps follow the built-in edition of the deployment guide; see
    /// [`Provider::replay_with_catalog`] for another).
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Result<Self, Error> {
        Self::replay_from(events, None)
    }

    /// The provider a log's first event issues: its `provider_issued` event at sequence 1, or
    /// `event_log_not_issuing`. Its deployments follow `catalog` (`None`: the built-in edition).
    pub(crate) fn from_first_event(
        first: &Event,
        catalog: Option<std::sync::Arc<crate::deployment::DeploymentCatalog>>,
    ) -> Result<Self, Error> {
        let mut provider = match &first.change {
            Change::ProviderIssued { kind, settings, issued_to } if first.sequence == 1 => {
                Self::issued(first.provider, *kind, (**settings).clone(), issued_to.clone(), first.at)
            }
            other => {
                return Err(Error::Event(EventError::NotIssuing {
                    found: other.name(),
                    sequence: first.sequence,
                }));
            }
        };
        if let Some(catalog) = catalog {
            provider.deployments.set_catalog(catalog)?;
        }
        Ok(provider)
    }

    pub(in crate::provider) fn replay_from<'a>(
        events: impl IntoIterator<Item = &'a Event>,
        catalog: Option<std::sync::Arc<crate::deployment::DeploymentCatalog>>,
    ) -> Result<Self, Error> {
        let mut events = events.into_iter();
        let first = events.next().ok_or(Error::Event(EventError::EmptyLog))?;
        let mut provider = Self::from_first_event(first, catalog)?;
        let mut batch: Vec<&Event> = Vec::with_capacity(LOOKAHEAD);
        for event in events {
            batch.push(event);
            if batch.len() == LOOKAHEAD {
                provider.prepare(batch.iter().copied());
                for event in batch.drain(..) {
                    provider.apply(event)?;
                }
            }
        }
        provider.prepare(batch.iter().copied());
        for event in batch {
            provider.apply(event)?;
        }
        Ok(provider)
    }

    /// Looks up, ahead of applying them, the clients `events` name, so that their index
    /// entries are in the cache when the events are applied. It changes nothing; applying the
    /// events afterwards gives the same result, errors included.
    ///
    /// Why: with many clients (100 000) the client index no longer stays in the caches while a
    /// long log streams through, and each event's lookup waited for memory on its own. Looked
    /// up together, independent lookups wait for memory at the same time (a replay of 1 M
    /// events spent about half its time in these waits).
    pub(crate) fn prepare<'a>(&self, events: impl IntoIterator<Item = &'a Event>) {
        for event in events {
            if let crate::event::Subject::Client(client) = event.change.subject(self.id) {
                self.clients.prefetch(client);
            }
        }
    }

    /// Applies one event: the only way a provider changes. The event must be this provider's
    /// and the next in sequence, and its change must fit the state (a member or client that
    /// exists, a transition the state allows, the seat rule, recorded values that match);
    /// otherwise it is refused with its typed error and the provider is left as it was.
    ///
    /// Permissions are not checked again: they are the command's, and the actor is recorded.
    /// A `deployment_*` change goes to the client's deployment plan (a second plan, a step with
    /// no plan, a transition the plan refuses are refused with the deployment's own code); it
    /// moves the sequence but not [`Provider::revised_at`], and so does a vault access.
    pub fn apply(&mut self, event: &Event) -> Result<(), Error> {
        if event.provider != self.id {
            return Err(Error::Event(EventError::WrongProvider {
                sequence: event.sequence,
                expected: self.id,
                found: event.provider,
            }));
        }
        self.live()?;
        let expected = self.last_sequence.saturating_add(1);
        if event.sequence != expected {
            return Err(Error::Event(EventError::OutOfSequence {
                last: self.last_sequence,
                expected,
                found: event.sequence,
            }));
        }
        // The change a command owes comes next, or the log was cut or forged in between.
        let owed = self.owed.take();
        let paid_up = match (owed, &event.change) {
            (None, _)
            | (Some(Owed::Enabled), Change::ProviderEnabled)
            | (Some(Owed::Disabled), Change::ProviderDisabled) => Ok(()),
            (Some(owed), _) => Err(Error::Event(EventError::Mismatch {
                sequence: event.sequence,
                change: event.change.name(),
                detail: format!(
                    "the previous event's command also changed the provider: `{}` comes next",
                    match owed {
                        Owed::Enabled => "provider_enabled",
                        Owed::Disabled => "provider_disabled",
                    }
                ),
            })),
        };
        if let Err(e) =
            paid_up.and_then(|()| self.refuse_if_suspended(&event.change)).and_then(|()| self.dispatch(event))
        {
            self.owed = owed;
            return Err(match e {
                Error::Event(EventError::Mismatch { sequence, detail, .. }) => {
                    Error::Event(EventError::Mismatch { sequence, change: event.change.name(), detail })
                }
                other => other,
            });
        }
        self.last_sequence = event.sequence;
        if event.change.changes_provider() {
            self.revised_at = event.at;
        }
        Ok(())
    }

    /// Sends one change to the apply function of its area (`settings.rs`, `team.rs`,
    /// `clients.rs`). Each checks the state's rules before it changes anything.
    #[allow(
        clippy::too_many_lines,
        reason = "the routing table, one arm per kind of change: it grows with every area, and merges move it across the limit (`allow`, not `expect`)"
    )]
    pub(in crate::provider) fn dispatch(&mut self, event: &Event) -> Result<(), Error> {
        let at = event.at;
        match &event.change {
            Change::ProviderIssued { .. } => {
                Err(EventError::AlreadyIssued { sequence: event.sequence }.into())
            }
            // Lifecycle and settings (settings.rs).
            Change::ProviderSetUp { member, user, email } => self.apply_set_up(*member, *user, email, at),
            Change::ProviderUpdated { settings } => self.apply_updated(settings),
            Change::ProviderStatusChanged { from, to } => self.apply_status_changed(*from, *to),
            Change::ProviderEnabled => self.apply_enabled(true),
            Change::ProviderDisabled => self.apply_enabled(false),
            Change::ProviderDeleted => self.apply_deleted(),
            Change::ProviderAccessSuspended { .. } | Change::ProviderAccessResumed { .. } => {
                self.access(event)
            }
            Change::AccessReviewSigned { reviewer, clients, findings, next_due } => self
                .apply_access_review_signed(
                    event.actor,
                    *reviewer,
                    clients.as_deref(),
                    *findings,
                    *next_due,
                    at,
                ),
            // Team (team.rs).
            Change::MemberInvited { member, email, role, expires_at } => {
                self.apply_member_invited(*member, email, *role, at, *expires_at)
            }
            Change::MemberReinvited { member, expires_at } => {
                self.apply_member_reinvited(*member, at, *expires_at)
            }
            Change::MemberAccepted { member, user, public_key_fingerprint } => {
                self.apply_member_accepted(*member, *user, public_key_fingerprint.as_deref(), at)
            }
            Change::MemberConfirmed { member } => self.apply_member_confirmed(*member),
            Change::MemberRoleChanged { member, from, to } => {
                self.apply_member_role_changed(*member, *from, *to)
            }
            Change::MemberScopeChanged { member, scope } => {
                self.apply_member_scope_changed(*member, scope.as_ref())
            }
            Change::MemberRevoked { member } => self.apply_member_revoked(*member),
            Change::MemberRestored { member } => self.apply_member_restored(*member),
            // A member never removes themselves (leaving is `member_left`): no command records it.
            Change::MemberRemoved { member } if event.actor == crate::event::Actor::Member(*member) => {
                self.keep_an_admin(&[*member])?;
                Err(Error::Team(TeamError::CannotRemoveSelf { member: *member }))
            }
            Change::MemberRemoved { member } | Change::MemberLeft { member } => {
                self.apply_member_removed(*member)
            }
            // Clients and seats (clients.rs).
            Change::ClientCreated {
                client,
                name,
                plan,
                seats,
                owner_email,
                billing_email,
                first_collection,
            } => self.apply_client_created(
                *client,
                name,
                *plan,
                *seats,
                owner_email,
                billing_email,
                first_collection.as_ref(),
                at,
            ),
            Change::ClientAdded { client, name, plan, seats, billing_email, members } => {
                self.apply_client_added(*client, name, *plan, *seats, billing_email, members, at)
            }
            Change::ClientSeatsChanged { client, from, to, purchase } => {
                // The purchase is checked before the seats change, and recorded after.
                self.check_seat_purchase(*client, *from, *to, purchase.as_ref(), at)?;
                self.apply_client_seats_changed(*client, *from, *to)?;
                self.apply_seat_purchase(purchase.as_ref())
            }
            Change::ClientMemberAdded { client, member } => self.apply_client_member_added(*client, member),
            Change::ClientMemberRemoved { client, email } => self.apply_client_member_removed(*client, email),
            Change::ClientMemberRevoked { client, email, reason } => {
                self.apply_client_member_revoked(event.actor, *client, email, *reason)
            }
            // Clients that leave (with their deployments), vault accesses, plan changes (plans.rs).
            Change::ClientUnlinked { .. }
            | Change::ClientDeleted { .. }
            | Change::ClientVaultAccessed { .. }
            | Change::PlanChanged { .. } => self.apply_client_exit_or_plan(event),
            Change::SeatMinimumChanged { plan, from, to } => {
                self.apply_seat_minimum_changed(*plan, *from, *to)
            }
            // Consolidated billing (subscription.rs).
            Change::SubscriptionStarted { .. }
            | Change::SubscriptionInvoiced { .. }
            | Change::SubscriptionPaid { .. }
            | Change::SubscriptionUnpaid { .. }
            | Change::SubscriptionCancelled { .. }
            | Change::SubscriptionPricesChanged { .. }
            | Change::SubscriptionDiscountChanged { .. }
            | Change::ClientReferenceSet { .. } => self.apply_subscription_change(&event.change, at),
            Change::ClientStateChanged { .. } => self.apply_client_state_changed(&event.change, at),
            Change::ClientTagsChanged { client, from, to } => {
                self.apply_client_tags_changed(*client, from, to)
            }
            // Client policies (policies.rs).
            Change::ClientPolicyChanged { client, change } => {
                self.apply_client_policy_changed(*client, change)
            }
            // Deployments (deployments.rs).
            Change::DeploymentPlanned { client, .. }
            | Change::DeploymentChecklistRecorded { client, .. }
            | Change::DeploymentStepStarted { client, .. }
            | Change::DeploymentStepCompleted { client, .. }
            | Change::DeploymentStepSkipped { client, .. }
            | Change::DeploymentStepBlocked { client, .. }
            | Change::DeploymentStepReopened { client, .. }
            | Change::DeploymentPhaseCompleted { client, .. }
            | Change::DeploymentPhaseReopened { client, .. }
            | Change::DeploymentProfileChanged { client, .. } => self.apply_deployment(event, *client),
        }
    }

    /// The error of an event whose recorded value does not match the state (the change's name
    /// is filled in by [`Provider::apply`]).
    pub(in crate::provider) fn mismatch(&self, detail: String) -> Error {
        Error::Event(EventError::Mismatch {
            sequence: self.last_sequence.saturating_add(1),
            change: "",
            detail,
        })
    }
}
