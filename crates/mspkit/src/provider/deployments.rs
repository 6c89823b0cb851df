//! Deployment progress in the provider's log: the commands that record a client's deployment
//! (planned, checklist items, the deployment plan's own events) as `deployment_*` events, so a
//! provider has one log. The plan itself lives in [`crate::deployment`]; replaying a log
//! rebuilds it ([`EventLog::replay_portfolio`](crate::EventLog::replay_portfolio)).

use chrono::{DateTime, NaiveDate, Utc};

use super::Provider;
use crate::deployment::{ClientProfile, DeploymentEvent, Schedule, SetupTask};
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};

impl Provider {
    /// Records that a client's deployment is planned, with its profile, schedule and due date
    /// (anyone who may administer the client).
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
    /// the client).
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
    /// in the provider's log, at the event's own time and by its own actor.
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
}
