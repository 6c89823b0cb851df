//! Client policies as provider commands: enable, change and disable a client organization's
//! policies (provider admins, and service users within their scope), each one
//! `client_policy_changed` event carrying the change.

use chrono::{DateTime, Utc};

use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::policy::{
    ComplianceFacts, PolicyChange, PolicyKind, PolicySettings, RemediationPlan, RevocationReason,
    SideEffects, revocable, side_effects,
};
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

    /// What enabling `kind` on `client` would do to its members, given the caller's facts
    /// (anyone who may administer the client; nothing is changed): for `single_org` the members
    /// in another organization, for two-step login those without it, are revoked — accepted or
    /// confirmed members who are neither owner nor admin nor the person acting (the reference's
    /// `SingleOrgPolicyEventHandler` / `TwoFactorAuthenticationPolicyEventHandler`). Nothing for
    /// another policy or one already enabled (only switching on revokes). When enabling would be
    /// refused as things stand (the plan does not offer the policy, a policy it requires is
    /// off), `refused` says why; the members listed are whom it would revoke once allowed.
    pub fn preview_client_policy(
        &self,
        actor: ProviderUserId,
        client: OrganizationId,
        kind: PolicyKind,
        facts: &ComplianceFacts,
    ) -> Result<SideEffects, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        let c = self.client(client).ok_or(Error::Client(ClientError::NotFound { client }))?;
        if c.policies().is_enabled(kind) {
            return Ok(SideEffects::default());
        }
        let acting = self.member(actor).map(crate::ProviderUser::email);
        let mut effects = side_effects(kind, c.members(), acting, facts);
        if RevocationReason::of(kind).is_some()
            && let Err(e) = c.policies().enable(c.plan(), PolicySettings::new(kind))
        {
            effects.refused =
                Some(crate::policy::PreviewRefusal { code: e.code().to_owned(), message: e.to_string() });
        }
        Ok(effects)
    }

    /// Enables a client's policy as [`Provider::enable_client_policy`] does and, when it is
    /// switched on, revokes the members who do not comply ([`Provider::preview_client_policy`]
    /// with the same facts): one `client_policy_changed` and one `client_member_revoked` per
    /// revoked member (codes 1520 / 1521), all or nothing. Two-step login is refused when a
    /// member it revokes has no master password (`members_would_lose_access`). Members without
    /// facts are kept.
    pub fn enable_client_policy_with_facts(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        settings: PolicySettings,
        facts: &ComplianceFacts,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let kind = settings.kind();
        let effects = self.preview_client_policy(actor, client, kind, facts)?;
        if !effects.would_lose_access.is_empty() {
            return Err(Error::Policy(crate::policy::PolicyError::MembersWouldLoseAccess {
                emails: effects.would_lose_access.iter().map(|e| e.as_str().to_owned()).collect(),
            }));
        }
        let (Some(reason), false) = (RevocationReason::of(kind), effects.revokes.is_empty()) else {
            return self.enable_client_policy(actor, client, settings, now);
        };
        let c = self.client(client).ok_or(Error::Client(ClientError::NotFound { client }))?;
        let change = c.policies().enable(c.plan(), settings)?;
        let mut changes = vec![Change::ClientPolicyChanged { client, change }];
        changes.extend(effects.revokes.into_iter().map(|email| Change::ClientMemberRevoked {
            client,
            email,
            reason,
        }));
        self.commit(Actor::Member(actor), now, changes)
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

    /// A member revoked for non-compliance: the policy of the reason is enabled on the client
    /// (the command records it right after the enabling) and the member is revocable (accepted or
    /// confirmed, neither owner nor admin, not the actor).
    pub(in crate::provider) fn apply_client_member_revoked(
        &mut self,
        actor: Actor,
        client: OrganizationId,
        email: &crate::email::Email,
        reason: RevocationReason,
    ) -> Result<(), Error> {
        let c = self.client(client).ok_or(Error::Client(ClientError::NotFound { client }))?;
        if !c.policies().is_enabled(reason.policy()) {
            return Err(self.mismatch(format!(
                "`{}` is not enabled on client `{client}`: nobody is revoked for it",
                reason.policy().name()
            )));
        }
        let acting = match actor {
            Actor::Member(m) => self.member(m).map(crate::ProviderUser::email),
            _ => None,
        };
        let member = c
            .members()
            .iter()
            .find(|m| &m.email == email)
            .ok_or_else(|| Error::Client(ClientError::MemberNotFound { client, email: email.clone() }))?;
        if !revocable(member, acting) {
            return Err(self.mismatch(format!(
                "`{email}` is not a member a policy revokes (accepted or confirmed, neither owner nor admin, not the actor)"
            )));
        }
        self.clients.update(client, |c| Ok(c.revoke_member(email)?))
    }

    pub(in crate::provider) fn apply_client_policy_changed(
        &mut self,
        client: OrganizationId,
        change: &PolicyChange,
    ) -> Result<(), Error> {
        self.clients.update_policies(client, change)
    }
}
