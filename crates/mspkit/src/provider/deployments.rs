//! The deployment area of the provider: one deployment plan per client at most (planned, its
//! checklist recorded by hand, its steps and phases), changed only by the `deployment_*`
//! events through [`Provider::apply`], so a provider has one log and one replay.
//!
//! The area owns its state ([`Deployments`]), its apply ([`Deployments::apply`], every rule
//! checked before anything is written) and its errors ([`DeploymentError`]): a second plan for
//! one client is `duplicate_client`, a checklist item or a step of a client with no plan is
//! `unknown_client`, a step the catalogue does not know or a transition the plan refuses keeps
//! the plan's own code (`unknown_step`, `invalid_transition`, …), and deployment work recorded
//! by anyone but a provider member is `event_mismatch`.
//!
//! The steps a plan knows come from a [`DeploymentCatalog`]: the built-in edition unless the
//! provider was given another ([`Provider::with_deployment_catalog`],
//! [`Provider::replay_with_catalog`]); the log does not name the edition (DESIGN.md, "One log,
//! one replay").

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::Provider;
use crate::deployment::{
    ChecklistRecord, ClientDeployment, ClientProfile, DeploymentCatalog, DeploymentError, DeploymentEvent,
    DeploymentPlan, Schedule, SetupTask,
};
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};

/// The deployments of a provider's clients, in the order they were planned, with the catalogue
/// their steps are checked against.
#[derive(Clone, Default)]
pub(crate) struct Deployments {
    /// The edition the plans follow; `None` is the built-in one, read when first needed.
    catalog: Option<Arc<DeploymentCatalog>>,
    list: Vec<ClientDeployment>,
    index: HashMap<OrganizationId, usize>,
}

impl std::fmt::Debug for Deployments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deployments")
            .field("edition", &self.catalog.as_ref().map(|c| c.edition()))
            .field("list", &self.list)
            .finish_non_exhaustive()
    }
}

/// Two providers are equal by their deployments, not by the catalogue they were given (it is
/// configuration, not state; a plan checked against one catalogue stays as it is).
impl PartialEq for Deployments {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Eq for Deployments {}

/// The built-in edition, or `empty_catalog` when the library is built without the `toml`
/// feature (a provider must then be given its catalogue).
fn builtin() -> Result<DeploymentCatalog, DeploymentError> {
    #[cfg(feature = "toml")]
    {
        DeploymentCatalog::builtin()
    }
    #[cfg(not(feature = "toml"))]
    {
        Err(DeploymentError::EmptyCatalog { what: "edition (the built-in one needs the `toml` feature)" })
    }
}

impl Deployments {
    /// The deployments as a document gives them; `is_client` says which organizations are
    /// clients of the provider. One per client, and only for clients.
    pub(crate) fn new(
        list: Vec<ClientDeployment>,
        is_client: impl Fn(OrganizationId) -> bool,
    ) -> Result<Self, DeploymentError> {
        let mut index = HashMap::with_capacity(list.len());
        for (i, d) in list.iter().enumerate() {
            if !is_client(d.client()) {
                return Err(DeploymentError::NotAClient { client: d.client().to_string() });
            }
            if index.insert(d.client(), i).is_some() {
                return Err(DeploymentError::DuplicateClient { client: d.client().to_string() });
            }
        }
        Ok(Self { catalog: None, list, index })
    }

    /// Replaces the deployments, keeping the catalogue.
    pub(crate) fn replace(&mut self, other: Self) {
        self.list = other.list;
        self.index = other.index;
    }

    pub(crate) fn list(&self) -> &[ClientDeployment] {
        &self.list
    }

    pub(crate) fn take(&mut self) -> Vec<ClientDeployment> {
        self.index.clear();
        std::mem::take(&mut self.list)
    }

    pub(crate) fn get(&self, client: OrganizationId) -> Option<&ClientDeployment> {
        self.index.get(&client).and_then(|&i| self.list.get(i))
    }

    /// The catalogue, reading the built-in one the first time it is needed.
    fn catalog(&mut self) -> Result<Arc<DeploymentCatalog>, DeploymentError> {
        if let Some(catalog) = &self.catalog {
            return Ok(Arc::clone(catalog));
        }
        let catalog = Arc::new(builtin()?);
        self.catalog = Some(Arc::clone(&catalog));
        Ok(catalog)
    }

    /// Gives the area another catalogue; every plan must follow it (its steps and sign-offs
    /// known to it), or the catalogue is refused with the plan's error.
    pub(crate) fn set_catalog(&mut self, catalog: Arc<DeploymentCatalog>) -> Result<(), DeploymentError> {
        for d in &self.list {
            d.plan().check(&catalog)?;
        }
        self.catalog = Some(catalog);
        Ok(())
    }

    /// The client leaves the provider: its deployment goes with it.
    pub(crate) fn client_left(&mut self, client: OrganizationId) {
        if let Some(i) = self.index.remove(&client) {
            if i < self.list.len() {
                self.list.remove(i);
            }
            for position in self.index.values_mut().filter(|p| **p > i) {
                *position = position.saturating_sub(1);
            }
        }
    }

    /// Applies one `deployment_*` event (the client is known to exist). Every rule is checked
    /// before anything is written; a refused event leaves the area as it was.
    pub(crate) fn apply(&mut self, event: &Event) -> Result<(), Error> {
        let Actor::Member(by) = event.actor else {
            return Err(Error::Event(EventError::Mismatch {
                sequence: event.sequence,
                change: event.change.name(),
                detail: "deployment work is recorded by a provider member".to_owned(),
            }));
        };
        let planned = |client: &OrganizationId, index: &HashMap<OrganizationId, usize>| {
            index.get(client).copied().ok_or_else(|| {
                Error::Deployment(DeploymentError::UnknownClient { client: client.to_string() })
            })
        };
        match &event.change {
            Change::DeploymentPlanned { client, profile, schedule, due } => {
                if self.index.contains_key(client) {
                    return Err(Error::Deployment(DeploymentError::DuplicateClient {
                        client: client.to_string(),
                    }));
                }
                let planned =
                    ClientDeployment::new(DeploymentPlan::new(*client, *profile), schedule.clone(), *due)?;
                self.index.insert(*client, self.list.len());
                self.list.push(planned);
            }
            Change::DeploymentChecklistRecorded { client, task, done } => {
                let i = planned(client, &self.index)?;
                if let Some(d) = self.list.get_mut(i) {
                    d.record_checklist(*task, ChecklistRecord { done: *done, by, at: event.at })?;
                }
            }
            _ => {
                // A step, phase or profile event: through the plan's own command.
                let Some(recorded) = event.to_deployment() else {
                    return Err(Error::Event(EventError::Mismatch {
                        sequence: event.sequence,
                        change: event.change.name(),
                        detail: "not a deployment change".to_owned(),
                    }));
                };
                let i = planned(&recorded.client, &self.index)?;
                let catalog = self.catalog()?;
                if let Some(d) = self.list.get_mut(i) {
                    d.plan_mut().apply_event(&catalog, &recorded)?;
                }
            }
        }
        Ok(())
    }
}

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
    pub(super) fn apply_deployment(&mut self, event: &Event, client: OrganizationId) -> Result<(), Error> {
        if self.clients.get(client).is_none() {
            return Err(Error::Client(super::ClientError::NotFound { client }));
        }
        self.deployments.apply(event)
    }
}
