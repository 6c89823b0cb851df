//! Client lifecycle states on the provider (issue 17): the command, its apply function, the
//! rule that a suspended client takes no administration, the trial warnings and the seats
//! billed to each client. The states and their table are in the clients area
//! (`provider/clients/lifecycle.rs`).

use chrono::{DateTime, Utc};

use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::provider::clients::ClientOrganization;
use crate::provider::clients::lifecycle::{ClientState, TRIAL_WARNING_DAYS};
use crate::provider::{ClientError, Provider, Warning};

impl Provider {
    /// Moves a client to lifecycle state `to` (provider admins only: every state is a billing
    /// decision, so it needs [`Action::ManageBilling`]). The move must be in the transition
    /// table (`client_state_transition_refused`); a trial ends on a day from today (`now`'s
    /// date) to [`MAX_TRIAL_DAYS`](crate::provider::clients::lifecycle::MAX_TRIAL_DAYS) later
    /// (`trial_end_invalid`). The state the client already has returns no event.
    ///
    /// ```
    /// # use mspkit::{ClientState, Email, NewClient, PlanType, Provider, ProviderId, ProviderSettings, ProviderType, UserId};
    /// # use mspkit::chrono::{NaiveDate, TimeZone, Utc};
    /// # use mspkit::uuid::Uuid;
    /// let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    /// # let settings = ProviderSettings::new("Northwind IT")?.with_billing_email(Some(Email::new("billing@northwind.example")?));
    /// # let ada = Email::new("ada@northwind.example")?;
    /// # let (mut provider, _) = Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), now);
    /// # let admin = provider.set_up(UserId::new(Uuid::from_u128(2)), &ada, now)?.id;
    /// # provider.mark_billable(now)?;
    /// # let new = NewClient { name: "Contoso".into(), owner_email: Email::new("it@contoso.example")?, plan: PlanType::TeamsMonthly, seats: 10, first_collection: None };
    /// let client = provider.create_client(admin, new, now)?.id;
    /// let until = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    /// let events = provider.set_client_state(admin, client, ClientState::Trial { until }, now)?;
    /// assert_eq!(events[0].kind(), "client_state_changed");
    /// assert_eq!(provider.client_billed_seats(client), Some(0));
    /// assert_eq!(provider.warnings(now + mspkit::chrono::Duration::days(10))[1].code(), "trial_ending");
    /// provider.set_client_state(admin, client, ClientState::Active, now)?;
    /// assert_eq!(provider.client_billed_seats(client), Some(10));
    /// # Ok::<(), mspkit::Error>(())
    /// ```
    pub fn set_client_state(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        to: ClientState,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageBilling, Target::Provider)?;
        let from = self.existing_client(client)?.state();
        if from == to {
            return Ok(Vec::new());
        }
        from.check_transition(to, now.date_naive())?;
        self.commit_one(Actor::Member(actor), now, Change::ClientStateChanged { client, from, to })
    }

    /// A client's state changes: the client exists, `from` is its state, the move is in the
    /// table on the event's day (a trial's last day counted from it), and it is a move.
    pub(in crate::provider) fn apply_client_state_changed(
        &mut self,
        change: &Change,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let &Change::ClientStateChanged { client, from, to } = change else {
            return Err(self.mismatch("not a client state change".to_owned()));
        };
        let current = self.existing_client(client)?.state();
        if current != from {
            return Err(self.mismatch(format!(
                "client `{client}` is `{}`, not `{}`",
                current.name(),
                from.name()
            )));
        }
        if from == to {
            return Err(self.mismatch(format!("client `{client}` is already `{}`", to.name())));
        }
        from.check_transition(to, at.date_naive())?;
        // A suspended client's own flag is off while it is, and set again when it leaves
        // suspension (the count of disabled clients follows).
        let suspends = to.refuses_members();
        let mut flag_moved = None;
        self.clients.update(client, |c| {
            if c.state.refuses_members() != suspends && c.enabled == suspends {
                c.enabled = !suspends;
                flag_moved = Some(suspends);
            }
            c.state = to;
            Ok(())
        })?;
        match flag_moved {
            Some(true) => self.clients.disabled = self.clients.disabled.saturating_add(1),
            Some(false) => self.clients.disabled = self.clients.disabled.saturating_sub(1),
            None => {}
        }
        Ok(())
    }

    /// Refuses a change that administers a suspended client (a member joining or leaving it, a
    /// policy, deployment progress): the same rule the permission check applies to the
    /// commands (`client_suspended`). Its seats, reference, state, unlinking and deletion stay
    /// open: they are the provider's billing and data decisions.
    pub(in crate::provider) fn refuse_if_suspended(&self, change: &Change) -> Result<(), Error> {
        let administered = match change {
            Change::ClientMemberAdded { client, .. }
            | Change::ClientMemberRemoved { client, .. }
            | Change::ClientPolicyChanged { client, .. }
            | Change::DeploymentPlanned { client, .. }
            | Change::DeploymentChecklistRecorded { client, .. }
            | Change::DeploymentStepStarted { client, .. }
            | Change::DeploymentStepCompleted { client, .. }
            | Change::DeploymentStepSkipped { client, .. }
            | Change::DeploymentStepBlocked { client, .. }
            | Change::DeploymentStepReopened { client, .. }
            | Change::DeploymentPhaseCompleted { client, .. }
            | Change::DeploymentPhaseReopened { client, .. }
            | Change::DeploymentProfileChanged { client, .. } => *client,
            _ => return Ok(()),
        };
        match self.clients.get(administered) {
            Some(c) if c.state().refuses_members() => {
                Err(Error::Client(ClientError::Suspended { client: administered }))
            }
            _ => Ok(()),
        }
    }

    /// The seats the MSP bills client `id` for ([`ClientState::billed_seats`]: all when active
    /// or suspended, the occupied ones when paused, none on trial or not-for-resale); `None`
    /// for a client that is not this provider's. The provider's own invoice counts every
    /// client's assigned seats, whatever its state.
    pub fn client_billed_seats(&self, id: OrganizationId) -> Option<u32> {
        self.clients.get(id).map(|c| c.state().billed_seats(c.seats(), c.occupied_seats()))
    }

    /// The trial warnings of [`Provider::warnings`] among `clients`: `trial_ending` from
    /// [`TRIAL_WARNING_DAYS`] days before a trial's last day through that day, `trial_ended` after
    /// it (the state changes only by a command: the MSP decides).
    pub(in crate::provider) fn lifecycle_warnings<'a>(
        now: DateTime<Utc>,
        clients: impl Iterator<Item = &'a ClientOrganization>,
        warnings: &mut Vec<Warning>,
    ) {
        let today = now.date_naive();
        for c in clients {
            let (Some(until), Some(days_left)) = (c.state().trial_until(), c.state().trial_days_left(today))
            else {
                continue;
            };
            let (client, name) = (c.id(), c.name().to_owned());
            if days_left < 0 {
                warnings.push(Warning::TrialEnded { client, name, until });
            } else if days_left <= TRIAL_WARNING_DAYS {
                warnings.push(Warning::TrialEnding { client, name, until, days_left });
            }
        }
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
