//! The deployments' commands (plan, checklist, steps and phases) and the provider's queries
//! of its deployments.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::deployment::{
    ClientDeployment, ClientProfile, DeploymentCatalog, DeploymentError, DeploymentEvent, Schedule, SetupTask,
};
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::provider::Provider;
use crate::provider::deployments::Deployments;

impl Provider {
    /// Records that a client's deployment is planned, with its profile, schedule and due date
    /// (anyone who may administer the client). A client has one plan: planning it again is
    /// `duplicate_client`.
    pub fn plan_deployment(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        profile: ClientProfile,
        schedule: Schedule,
        due: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        self.commit_one(
            Actor::Member(actor),
            now,
            Change::DeploymentPlanned { client, profile, schedule, due },
        )
    }

    /// Records a checklist item of a client's initial setup by hand (anyone who may administer
    /// the client); the client's deployment must be planned (`unknown_client`).
    pub fn record_checklist(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        task: SetupTask,
        done: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        self.commit_one(Actor::Member(actor), now, Change::DeploymentChecklistRecorded { client, task, done })
    }

    /// Records an event of a client's deployment plan (a step started, a phase signed off, …)
    /// in the provider's log, at the event's own time and by its own actor. The provider's plan
    /// of that client takes it through the plan's own command, so an event the plan refuses
    /// (no plan, an unknown step, a transition it does not allow) is refused with its code.
    pub fn record_deployment(&mut self, event: &DeploymentEvent) -> Result<Vec<Event>, Error> {
        self.allow(event.actor, Action::AdministerClient, Target::Client(event.client))?;
        let change = Change::from_deployment(event).ok_or_else(|| {
            Error::Event(EventError::Mismatch {
                sequence: self.last_sequence.saturating_add(1),
                change: event.kind.as_str(),
                detail: "the deployment event lacks the step, phase or profile its kind needs".to_owned(),
            })
        })?;
        self.commit_one(Actor::Member(event.actor), event.at, change)
    }

    /// The deployments of the provider's clients, in the order they were planned.
    pub fn deployments(&self) -> &[ClientDeployment] {
        self.deployments.list()
    }

    /// The deployment of one client, if it was planned.
    pub fn deployment(&self, client: OrganizationId) -> Option<&ClientDeployment> {
        self.deployments.get(client)
    }

    /// The provider with another edition of the deployment guide (the built-in one otherwise):
    /// the deployments' steps are checked against it from now on. Refused with the plan's
    /// error (`unknown_step`, `phase_not_in_catalog`, …) when a plan it holds does not follow
    /// it.
    pub fn with_deployment_catalog(mut self, catalog: DeploymentCatalog) -> Result<Self, Error> {
        self.deployments.set_catalog(Arc::new(catalog))?;
        Ok(self)
    }

    /// Rebuilds a provider from its log, as [`Provider::replay`] does, with its deployments
    /// following `catalog` instead of the built-in edition.
    pub fn replay_with_catalog<'a>(
        events: impl IntoIterator<Item = &'a Event>,
        catalog: &DeploymentCatalog,
    ) -> Result<Self, Error> {
        Self::replay_from(events, Some(Arc::new(catalog.clone())))
    }

    /// Replaces the deployments (a portfolio document's), checking that each is for a client
    /// of this provider and that no client has two.
    pub(crate) fn set_deployments(&mut self, list: Vec<ClientDeployment>) -> Result<(), DeploymentError> {
        let deployments = Deployments::new(list, |client| self.clients.get(client).is_some())?;
        self.deployments.replace(deployments);
        Ok(())
    }

    /// Takes the deployments out (a portfolio document writes them beside the provider).
    pub(crate) fn take_deployments(&mut self) -> Vec<ClientDeployment> {
        self.deployments.take()
    }

    /// Applies a `deployment_*` change: its client must exist, then the area judges it.
    pub(in crate::provider) fn apply_deployment(
        &mut self,
        event: &Event,
        client: OrganizationId,
    ) -> Result<(), Error> {
        if self.clients.get(client).is_none() {
            return Err(Error::Client(crate::provider::ClientError::NotFound { client }));
        }
        self.deployments.apply(event)
    }
}
