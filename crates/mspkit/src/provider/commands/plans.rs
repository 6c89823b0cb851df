//! Issue 15's reference features about plans: the organizations a member may add
//! (`ProviderBillingService.GetAddableOrganizations`), a business unit's plan change
//! (`ProviderBillingService.ChangePlan`), the conversion of an organization into a business unit
//! (`BusinessUnitConverter`), and the routing of the clients' exits and records.

use chrono::{DateTime, NaiveDate, Utc};

use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};
use crate::plan::{PlanType, ProductTier};
use crate::provider::clients::{
    AddableOrganization, ClientError, ExistingOrganization, OrganizationUserStatus,
};
use crate::provider::head::LEGACY_PRICING_BEFORE;
use crate::provider::team::{ProviderUserStatus, ProviderUserType, TeamError};
use crate::provider::{Provider, ProviderError, ProviderSettings, ProviderType};

/// The plans an organization may be on to be offered to a provider of `kind` (the reference's
/// `Organization_ReadAddableToProviderByUserId`: every Teams and Enterprise plan for an MSP,
/// every Enterprise plan for a business unit; a reseller is offered nothing this way).
fn offered_to(kind: ProviderType, plan: PlanType) -> bool {
    let code = plan.code();
    match kind {
        ProviderType::Msp => matches!(code, 2..=5 | 8..=15 | 17..=20),
        ProviderType::BusinessUnit => matches!(code, 4 | 5 | 10 | 11 | 14 | 15 | 19 | 20),
        ProviderType::Reseller => false,
    }
}

impl Provider {
    /// The organizations `viewer` may add as clients, from the candidates the caller knows
    /// (the reference's `GetAddableOrganizations`, whose query reads them from its database): those
    /// the viewer owns (a confirmed owner with the viewer's address), with seats, no Secrets
    /// Manager, no provider yet, on a plan offered to this kind of provider (every Teams and
    /// Enterprise plan for an MSP, every Enterprise plan for a business unit) and with an active
    /// subscription. Each is named by its plan (`Teams` / `Enterprise` for an MSP, the plan's
    /// name otherwise) and, for a service user, `disabled` when adding it would buy seats. The
    /// viewer must be a confirmed member (`member_not_found` for a stranger,
    /// `member_not_confirmed` otherwise).
    pub fn addable_organizations(
        &self,
        viewer: ProviderUserId,
        candidates: &[ExistingOrganization],
    ) -> Result<Vec<AddableOrganization>, Error> {
        let member = self.member(viewer).ok_or(Error::Team(TeamError::MemberNotFound { member: viewer }))?;
        if member.status() != ProviderUserStatus::Confirmed {
            return Err(Error::Denied(crate::permissions::Denial {
                reason: crate::permissions::DenialReason::MemberNotConfirmed,
                action: crate::permissions::Action::AddExistingClient,
                actor: viewer,
                target: crate::permissions::Target::Provider,
            }));
        }
        let service_user = member.role() == ProviderUserType::ServiceUser;
        let owns = |o: &ExistingOrganization| {
            o.members.iter().any(|m| m.is_confirmed_owner() && &m.email == member.email())
        };
        Ok(candidates
            .iter()
            .filter(|o| {
                owns(o)
                    && o.seats > 0
                    && !o.uses_secrets_manager
                    && !o.linked_to_provider
                    && self.client(o.id).is_none()
                    && offered_to(self.kind, o.plan)
                    && o.subscription_active
            })
            .map(|o| {
                let plan = match (self.kind, o.plan.tier()) {
                    (ProviderType::Msp, ProductTier::Enterprise) => "Enterprise".to_owned(),
                    (ProviderType::Msp, _) => "Teams".to_owned(),
                    _ => o.plan.display_name().to_owned(),
                };
                let disabled = service_user
                    && self
                        .kind
                        .plan_for_added(o.plan)
                        .is_some_and(|managed| self.is_purchase(managed, 0, o.seats));
                AddableOrganization { id: o.id, name: o.name.clone(), plan, seats: o.seats, disabled }
            })
            .collect())
    }

    /// Whether the provider was created before 2023-11-06 and keeps the 2020 prices: an
    /// organization it adds moves to the 2020 edition of its plan (the reference's
    /// `ProviderService.AddOrganization`, `ProviderCreatedPriorNov62023`).
    pub fn legacy_pricing(&self) -> bool {
        let (y, m, d) = LEGACY_PRICING_BEFORE;
        NaiveDate::from_ymd_opt(y, m, d).is_some_and(|day| self.created_at.date_naive() < day)
    }

    /// Whether a client of this provider may be on `plan`: its kind's plans, and for a provider
    /// with legacy pricing their 2020 editions too.
    pub(crate) fn allows_plan(&self, plan: PlanType) -> bool {
        if self.legacy_pricing() { self.kind.allows_legacy_plan(plan) } else { self.kind.allows_plan(plan) }
    }

    /// The plan an added organization on `plan` moves to: its kind's ([`ProviderType::plan_for_added`]),
    /// in its 2020 edition for a provider with legacy pricing.
    pub(crate) fn plan_for_added(&self, plan: PlanType) -> Option<PlanType> {
        let managed = self.kind.plan_for_added(plan)?;
        if self.legacy_pricing() { managed.edition_2020() } else { Some(managed) }
    }

    /// Changes a business unit's plan from `from` to `to` (Enterprise monthly ↔ annually: the
    /// vendor's action with `actor` `None`, or a provider admin managing billing), as the
    /// reference's `ChangePlan`: every client moves to `to` and `from`'s seat minimum becomes
    /// `to`'s. The same plan again returns no event; a plan the provider does not bill is
    /// `plan_not_billed`; another kind of provider gets `plan_change_not_supported`.
    pub fn change_plan(
        &mut self,
        actor: Option<ProviderUserId>,
        from: PlanType,
        to: PlanType,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        let by = self.billing_actor(actor)?;
        self.check_plan_change(from, to)?;
        if from == to {
            return Ok(Vec::new());
        }
        let clients = self.clients().iter().map(crate::ClientOrganization::id).collect();
        self.commit_one(by, now, Change::PlanChanged { from, to, clients })
    }

    /// A plan change's rules: a business unit, both plans its kind's, `from` billed (a seat
    /// minimum or a client on it).
    fn check_plan_change(&self, from: PlanType, to: PlanType) -> Result<(), Error> {
        if self.kind != ProviderType::BusinessUnit {
            return Err(Error::Provider(ProviderError::PlanChangeNotSupported { kind: self.kind }));
        }
        for plan in [from, to] {
            if !self.kind.allows_plan(plan) {
                return Err(Error::Client(ClientError::PlanNotAllowed { plan, kind: self.kind }));
            }
        }
        if !self.seat_minimums.contains_key(&from) && self.clients.assigned(from) == 0 {
            return Err(Error::Billing(crate::billing::BillingError::PlanNotBilled { plan: from }));
        }
        Ok(())
    }

    /// Converts an existing organization into a business unit whose first admin is `admin`
    /// (the reference's `BusinessUnitConverter`, initiation and finalization at once: the caller
    /// handles the invitation). Refused, naming every problem, unless the organization is on an
    /// Enterprise plan, not subscribed to Secrets Manager, with an active subscription, linked to
    /// no provider, and `admin_email` a confirmed member of it (`business_unit_conversion_refused`).
    /// The new provider (id `id`, named and billed like the organization, events on) is issued to
    /// the admin, set up by them, billable, and manages the organization on Enterprise monthly or
    /// annually (by its cadence) with no seat minimum: its seats are all purchased. Returns the
    /// provider and its log.
    pub fn convert_to_business_unit(
        id: ProviderId,
        organization: &ExistingOrganization,
        admin: UserId,
        admin_email: &Email,
        now: DateTime<Utc>,
    ) -> Result<(Self, Vec<Event>), Error> {
        let mut problems = Vec::new();
        if organization.plan.tier() != ProductTier::Enterprise {
            problems.push("it must be on an Enterprise plan".to_owned());
        }
        if organization.uses_secrets_manager {
            problems.push("it is subscribed to Secrets Manager: Customer Support converts it".to_owned());
        }
        if !organization.subscription_active {
            problems.push("it must have an active subscription".to_owned());
        }
        if organization.linked_to_provider {
            problems.push("it is already linked to a provider".to_owned());
        }
        let confirmed = |m: &&crate::ClientMember| {
            &m.email == admin_email && m.status == OrganizationUserStatus::Confirmed
        };
        if !organization.members.iter().any(|m| confirmed(&m)) {
            problems.push(format!("`{admin_email}` must be a confirmed member of it"));
        }
        if !problems.is_empty() {
            return Err(Error::Client(ClientError::ConversionRefused {
                organization: organization.id,
                problems,
            }));
        }
        let settings = ProviderSettings::new(&organization.name)?
            .with_billing_email(Some(organization.billing_email.clone()));
        let (mut provider, mut log) =
            Self::issue(id, ProviderType::BusinessUnit, settings, admin_email.clone(), now);
        let created = provider.set_up(admin, admin_email, now)?;
        log.extend(created.events);
        log.extend(provider.mark_billable(now)?);
        let plan = provider.kind.plan_for_added(organization.plan).ok_or(Error::Client(
            ClientError::PlanNotAllowed { plan: organization.plan, kind: ProviderType::BusinessUnit },
        ))?;
        let change = Change::ClientAdded {
            client: organization.id,
            name: crate::provider::clients::check_client_name(&organization.name)?,
            plan,
            seats: organization.seats,
            billing_email: organization.billing_email.clone(),
            members: organization.members.clone(),
        };
        log.extend(provider.commit_one(Actor::Member(created.id), now, change)?);
        Ok((provider, log))
    }

    /// A client that leaves (unlinked or deleted, its deployment with it), a vault access, or a
    /// plan change: the clients' changes that are not about one client's own data.
    pub(in crate::provider) fn apply_client_exit_or_plan(&mut self, event: &Event) -> Result<(), Error> {
        match &event.change {
            Change::ClientUnlinked { client, billing_email, reenabled } => {
                self.apply_client_unlinked(*client, billing_email, *reenabled)?;
                self.deployments.client_left(*client);
                self.access_reviews.client_left(*client);
                Ok(())
            }
            Change::ClientDeleted { client } => {
                self.apply_client_left(*client)?;
                self.deployments.client_left(*client);
                self.access_reviews.client_left(*client);
                Ok(())
            }
            Change::ClientVaultAccessed { client } => self.apply_client_vault_accessed(event.actor, *client),
            Change::PlanChanged { from, to, clients } => self.apply_plan_changed(*from, *to, clients),
            _ => Err(self.mismatch("not a client's exit, vault access or plan change".to_owned())),
        }
    }

    /// A plan change: the rules of [`Provider::change_plan`], a real change, and the clients it
    /// names are every client, in order; then each moves and the minimum follows.
    fn apply_plan_changed(
        &mut self,
        from: PlanType,
        to: PlanType,
        clients: &[OrganizationId],
    ) -> Result<(), Error> {
        self.check_plan_change(from, to)?;
        if from == to {
            return Err(self.mismatch(format!("the plan is already `{}`", to.name())));
        }
        if !self.clients().iter().map(crate::ClientOrganization::id).eq(clients.iter().copied()) {
            return Err(
                self.mismatch("a plan change moves every client of the business unit, in order".to_owned())
            );
        }
        for client in clients {
            self.clients.change_plan(*client, to)?;
        }
        if let Some(minimum) = self.seat_minimums.remove(&from) {
            self.seat_minimums.insert(to, minimum);
        }
        Ok(())
    }
}
