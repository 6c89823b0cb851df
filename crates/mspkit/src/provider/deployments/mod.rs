//! The deployment area of the provider: one deployment plan per client at most (planned, its
//! checklist recorded by hand, its steps and phases), changed only by the `deployment_*`
//! events through [`Provider::apply`](crate::Provider::apply), so a provider has one log and one replay.
//!
//! The area owns its state ([`Deployments`]), its apply ([`Deployments::apply`], every rule
//! checked before anything is written) and its errors ([`DeploymentError`]): a second plan for
//! one client is `duplicate_client`, a checklist item or a step of a client with no plan is
//! `unknown_client`, a step the catalogue does not know or a transition the plan refuses keeps
//! the plan's own code (`unknown_step`, `invalid_transition`, …), and deployment work recorded
//! by anyone but a provider member is `event_mismatch`.
//!
//! The steps a plan knows come from a [`DeploymentCatalog`]: the built-in edition unless the
//! provider was given another ([`Provider::with_deployment_catalog`](crate::Provider::with_deployment_catalog),
//! [`Provider::replay_with_catalog`](crate::Provider::replay_with_catalog)); the log does not name the edition (DESIGN.md, "One log,
//! one replay").

use std::collections::HashMap;
use std::sync::Arc;

use crate::deployment::{
    ChecklistRecord, ClientDeployment, DeploymentCatalog, DeploymentError, DeploymentPlan,
};
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::OrganizationId;

/// The deployments of a provider's clients, in the order they were planned, with the catalogue
/// their steps are checked against.
#[derive(Clone, Default)]
pub(crate) struct Deployments {
    /// The edition the plans follow; `None` is the built-in one, read when first needed.
    pub(in crate::provider) catalog: Option<Arc<DeploymentCatalog>>,
    pub(in crate::provider) list: Vec<ClientDeployment>,
    pub(in crate::provider) index: HashMap<OrganizationId, usize>,
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
    pub(in crate::provider) fn catalog(&mut self) -> Result<Arc<DeploymentCatalog>, DeploymentError> {
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
