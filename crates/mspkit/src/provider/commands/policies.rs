//! Client policies as provider commands: enable, change and disable a client organization's
//! policies (provider admins, and service users within their scope), each one
//! `client_policy_changed` event carrying the change.

use chrono::{DateTime, Utc};

use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::policy::{PolicyChange, PolicyKind, PolicySettings, RemediationPlan};
use crate::provider::ClientError;
use crate::provider::Provider;

impl Provider {
    pub(in crate::provider) fn client_policy_command(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
        decide: impl FnOnce(
            &crate::policy::PolicySet,
            crate::plan::PlanType,
        ) -> Result<Option<PolicyChange>, crate::policy::PolicyError>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        let c = self.client(client).ok_or(Error::Client(ClientError::NotFound { client }))?;
        let Some(change) = decide(c.policies(), c.plan())? else { return Ok(Vec::new()) };
        self.commit_one(Actor::Member(actor), now, Change::ClientPolicyChanged { client, change })
    }

    /// Enables a policy of a client organization with `settings`: refused when the client's plan
    /// does not offer it (`policy_not_on_plan`), a required setting is unset, or a policy it
    /// requires is off (all named). Saving is an upsert, as the reference's `SavePolicyCommand`:
    /// enabling an enabled policy saves its settings (`settings_changed`, no dependency check;
    /// no event when they are the stored ones).
    pub fn enable_client_policy(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        settings: PolicySettings,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.client_policy_command(actor, client, now, |set, plan| {
            let kind = settings.kind();
            if !set.is_enabled(kind) {
                return set.enable(plan, settings).map(Some);
            }
            if set.get(kind).is_some_and(|p| *p.settings() == settings) {
                return Ok(None);
            }
            set.change(plan, settings).map(Some)
        })
    }

    /// Saves new settings for a client's stored policy (enabled or not).
    pub fn change_client_policy(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        settings: PolicySettings,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.client_policy_command(actor, client, now, |set, plan| set.change(plan, settings).map(Some))
    }

    /// Disables a client's policy: refused when enabled policies require it (all named). A
    /// policy that is already off is left as it is, with no event (the reference's
    /// `SavePolicyCommand` saves it unchanged and checks dependencies only on a real transition).
    pub fn disable_client_policy(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        kind: PolicyKind,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.client_policy_command(actor, client, now, |set, _| {
            if !set.is_enabled(kind) {
                return Ok(None);
            }
            set.disable(kind).map(Some)
        })
    }

    /// Carries out a remediation plan for `client`: the plan is validated against the client's
    /// current policies first, then every step is committed as one event, all or nothing.
    pub fn remediate_client(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        plan: &RemediationPlan,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        let c = self.client(client).ok_or(Error::Client(ClientError::NotFound { client }))?;
        if plan.client_id != client || plan.plan != c.plan() {
            return Err(Error::Policy(crate::policy::PolicyError::ChangeDoesNotFit {
                kind: plan.steps.first().map_or(PolicyKind::SingleOrg, PolicyChange::kind),
                reason: "the remediation plan was made for another client or plan",
            }));
        }
        plan.validate(c.policies())?;
        if plan.steps.is_empty() {
            return Ok(Vec::new());
        }
        let changes = plan
            .steps
            .iter()
            .map(|change| Change::ClientPolicyChanged { client, change: change.clone() })
            .collect();
        self.commit(Actor::Member(actor), now, changes)
    }

    pub(in crate::provider) fn apply_client_policy_changed(
        &mut self,
        client: OrganizationId,
        change: &PolicyChange,
    ) -> Result<(), Error> {
        self.clients.update_policies(client, change)
    }
}
