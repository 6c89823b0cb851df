//! The clients' commands (create, add, seats, members, unlink, delete, seat minimums) and the
//! application of their changes.

use chrono::{DateTime, Utc};

use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::plan::PlanType;
use crate::policy::PolicySet;
use crate::provider::clients::{
    ClientError, ClientMember, ClientOrganization, ClientState, ExistingOrganization, NewClient,
    OrganizationUserStatus, OrganizationUserType, SeatCount, check_client_name, checked_client_name,
    first_duplicate_member, occupied,
};
use crate::provider::team::TeamError;
use crate::provider::{Provider, ProviderError, ProviderStatus, ProviderType};

/// What a command that creates something returns: the new thing's id and the events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created<Id> {
    /// The id of what was created.
    pub id: Id,
    /// The events the command caused.
    pub events: Vec<Event>,
}

// ---- client commands and their application ----

impl Provider {
    /// Creates a client organization (provider admins only; an MSP or business unit must be
    /// billable). Its owner is invited as Owner, it takes the provider's billing email and is
    /// marked managed; a provider without a billing email is refused (`billing_email_missing`).
    /// Returns the new client's id with the events.
    pub fn create_client(
        &mut self,
        actor: ProviderUserId,
        new: NewClient,
        now: DateTime<Utc>,
    ) -> Result<Created<OrganizationId>, Error> {
        self.allow(actor, Action::CreateClient, Target::Provider)?;
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        let name = check_client_name(&new.name)?;
        if !self.kind.allows_plan(new.plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed { plan: new.plan, kind: self.kind }));
        }
        let id = self.fresh_client_id();
        SeatCount::new(id, new.seats, 1)?;
        let billing_email =
            self.settings.billing_email().cloned().ok_or(Error::Provider(ProviderError::NoBillingEmail))?;
        let first_collection =
            new.first_collection.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let change = Change::ClientCreated {
            client: id,
            name,
            plan: new.plan,
            seats: new.seats,
            owner_email: new.owner_email,
            billing_email,
            first_collection,
        };
        let events = self.commit_one(Actor::Member(actor), now, change)?;
        Ok(Created { id, events })
    }

    /// Adds an existing organization as a client (provider admins who are also confirmed owners
    /// of it). It needs an active Teams or Enterprise subscription and no provider yet; an MSP
    /// moves it to the monthly plan of its tier. Its seats count once toward assigned seats. On
    /// a provider with consolidated billing it is then managed, as a created client is. An
    /// organization subscribed to Secrets Manager is refused (`organization_uses_secrets_manager`),
    /// and a provider created before 2023-11-06 moves it to the 2020 edition of its plan
    /// ([`Provider::legacy_pricing`]), as the reference's `ProviderService.AddOrganization` does.
    pub fn add_existing_client(
        &mut self,
        actor: ProviderUserId,
        organization: ExistingOrganization,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AddExistingClient, Target::Provider)?;
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        let actor_email = self
            .team
            .get(actor)
            .map(|m| m.email().clone())
            .ok_or(Error::Team(TeamError::MemberNotFound { member: actor }))?;
        if !organization.members.iter().any(|m| m.is_confirmed_owner() && m.email == actor_email) {
            return Err(Error::Client(ClientError::NotOwner { organization: organization.id }));
        }
        if self.clients.get(organization.id).is_some() || organization.linked_to_provider {
            return Err(Error::Client(ClientError::AlreadyLinked { organization: organization.id }));
        }
        if !organization.subscription_active {
            return Err(Error::Client(ClientError::SubscriptionInactive { organization: organization.id }));
        }
        // The reference's `ProviderService.AddOrganization` refuses an organization subscribed to
        // Secrets Manager, and gives a provider created before 2023-11-06 the 2020 plan.
        if organization.uses_secrets_manager {
            return Err(Error::Client(ClientError::UsesSecretsManager { organization: organization.id }));
        }
        let plan = self
            .plan_for_added(organization.plan)
            .ok_or(Error::Client(ClientError::PlanNotAllowed { plan: organization.plan, kind: self.kind }))?;
        let name = check_client_name(&organization.name)?;
        let billing_email = match (self.kind.has_consolidated_billing(), self.settings.billing_email()) {
            (true, Some(email)) => email.clone(),
            _ => organization.billing_email.clone(),
        };
        let change = Change::ClientAdded {
            client: organization.id,
            name,
            plan,
            seats: organization.seats,
            billing_email,
            members: organization.members,
        };
        self.commit_one(Actor::Member(actor), now, change)
    }

    /// Whether giving a client on `plan` `to` seats instead of `from` results in a purchase: the
    /// plan's assigned total ends above the minimum and above where it was. O(1): the plan's
    /// total is kept as clients change.
    pub fn is_purchase(&self, plan: PlanType, from: u32, to: u32) -> bool {
        crate::billing::is_purchase(self.clients.assigned(plan), self.seat_minimum(plan), from, to)
    }

    /// Changes a client's seats. Never below 1 nor below its occupied seats; a service user may
    /// not make a change that results in a purchase. The same count again returns no event.
    pub fn set_client_seats(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        seats: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let target = Target::Client(client);
        self.allow(actor, Action::ChangeClientSeats { purchase: false }, target)?;
        self.require_consolidated_billing()?;
        let c = self.existing_client(client)?;
        SeatCount::new(client, seats, c.occupied_seats())?;
        let (from, plan) = (c.seats(), c.plan());
        if seats == from {
            return Ok(Vec::new());
        }
        let purchase = self.is_purchase(plan, from, seats);
        self.allow(actor, Action::ChangeClientSeats { purchase }, target)?;
        // A purchase on a provider with a subscription records what it costs (prorated).
        let purchase = if purchase { self.seat_purchase(client, plan, from, seats, now)? } else { None };
        self.commit_one(
            Actor::Member(actor),
            now,
            Change::ClientSeatsChanged { client, from, to: seats, purchase },
        )
    }

    /// Adds a member to a client organization (anyone who may administer the client). Clients of
    /// a provider do not autoscale: with no free seat the member is refused (`no_free_seats`).
    pub fn add_client_member(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        member: ClientMember,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        self.commit_one(Actor::Member(actor), now, Change::ClientMemberAdded { client, member })
    }

    /// Removes a member from a client organization (anyone who may administer the client).
    pub fn remove_client_member(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        email: &Email,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        self.commit_one(
            Actor::Member(actor),
            now,
            Change::ClientMemberRemoved { client, email: email.clone() },
        )
    }

    /// Unlinks a client (provider admins only). The client needs a confirmed owner who is not a
    /// provider member; its billing email becomes the alphabetically first such owner's, and its
    /// seats leave the provider's assigned seats. A disabled client that leaves a billable MSP or
    /// business unit as a managed Teams or Enterprise organization is enabled again (it gets a
    /// subscription of its own; the event records `reenabled`), as the reference's
    /// `RemoveOrganizationFromProviderCommand` does. Returns the organization as it leaves.
    pub fn unlink_client(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
    ) -> Result<(ClientOrganization, Vec<Event>), Error> {
        self.allow(actor, Action::UnlinkClient, Target::Client(client))?;
        let c = self.existing_client(client)?;
        let billing_email = self.leaving_billing_email(c)?;
        let reenabled = self.reenabled_on_unlink(c);
        let leaving = c.clone().unlinked(billing_email.clone(), reenabled);
        let change = Change::ClientUnlinked { client, billing_email, reenabled };
        let events = self.commit_one(Actor::Member(actor), now, change)?;
        Ok((leaving, events))
    }

    /// Records that `actor` opened client `client`'s vault in its admin console (anyone who may
    /// administer the client: provider admins, in-scope service users), as the reference logs
    /// `ProviderOrganization_VaultAccessed` (1903) when a provider user lists a client's
    /// collections (`ProviderService.LogProviderAccessToOrganizationAsync`). The event changes
    /// nothing; it is the record access reviews read (the audit export lists it).
    pub fn record_vault_access(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        self.commit_one(Actor::Member(actor), now, Change::ClientVaultAccessed { client })
    }

    /// Deletes a client organization (provider admins only).
    pub fn delete_client(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::DeleteClient, Target::Client(client))?;
        self.commit_one(Actor::Member(actor), now, Change::ClientDeleted { client })
    }

    /// Sets a plan's seat minimum (provider admins through billing, or the vendor with `actor`
    /// `None`). Only providers with consolidated billing have minimums, and only for the plans
    /// their clients may hold. The same minimum again returns no event.
    pub fn set_seat_minimum(
        &mut self,
        actor: Option<ProviderUserId>,
        plan: PlanType,
        minimum: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        let by = match actor {
            Some(actor) => {
                self.allow(actor, Action::ManageBilling, Target::Provider)?;
                Actor::Member(actor)
            }
            None => Actor::System,
        };
        self.check_seat_minimum_plan(plan)?;
        let from = self.seat_minimum(plan);
        if from == minimum {
            return Ok(Vec::new());
        }
        self.commit_one(by, now, Change::SeatMinimumChanged { plan, from, to: minimum })
    }

    pub(in crate::provider) fn existing_client(
        &self,
        id: OrganizationId,
    ) -> Result<&ClientOrganization, Error> {
        self.clients.get(id).ok_or(Error::Client(ClientError::NotFound { client: id }))
    }

    pub(in crate::provider) fn check_seat_minimum_plan(&self, plan: PlanType) -> Result<(), Error> {
        if !self.kind.has_consolidated_billing() {
            return Err(Error::Provider(ProviderError::NoConsolidatedBilling));
        }
        if !self.kind.allows_plan(plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed { plan, kind: self.kind }));
        }
        Ok(())
    }

    /// Whether client `id` can be used: its own flag, and its provider's for a client of an
    /// MSP or business unit, which is disabled with its provider (a reseller's clients do not
    /// follow it). `None` for a client that is not this provider's. O(1): disabling or enabling
    /// the provider is one change of the provider's flag, not one write per client.
    pub fn client_enabled(&self, id: OrganizationId) -> Option<bool> {
        self.clients.get(id).map(|c| self.effective_enabled(c))
    }

    /// A copy of client `id` as the provider's document writes it: its
    /// [`enabled`](ClientOrganization::enabled) flag is [`Provider::client_enabled`]'s answer
    /// (the state that counts), everything else as it is. For a caller that hands a client on
    /// by itself (the Python binding's snapshots, a client's own JSON).
    pub fn client_snapshot(&self, id: OrganizationId) -> Option<ClientOrganization> {
        self.clients.get(id).map(|c| ClientOrganization { enabled: self.effective_enabled(c), ..c.clone() })
    }

    /// The rule "an MSP's or business unit's clients follow it", written once: a client is
    /// enabled when its own flag is set and, unless its provider is a reseller, its provider is
    /// enabled.
    pub(crate) fn effective_enabled(&self, c: &ClientOrganization) -> bool {
        c.enabled && (self.enabled || self.kind == ProviderType::Reseller)
    }

    /// The own flag of a client that joins: set, except for a client that joins a disabled
    /// reseller (whose clients do not follow it later either), which joins disabled.
    pub(in crate::provider) fn joining_enabled(&self) -> bool {
        self.enabled || self.kind != ProviderType::Reseller
    }

    /// After the provider is enabled or disabled: an MSP's or business unit's clients follow it
    /// through [`Provider::effective_enabled`]; their own flags are all set again (O(1) unless a
    /// document disabled one by itself), so that enabling the provider enables every client, as
    /// the spec says, and a disabled provider's document reads back the same.
    pub(in crate::provider) fn clients_follow(&mut self) {
        if self.kind != ProviderType::Reseller {
            self.clients.enable_all();
        }
    }

    // ---- application (no permission checks: the command did them; the state's rules hold) ----

    #[expect(clippy::too_many_arguments, reason = "one argument per field of the event")]
    pub(in crate::provider) fn apply_client_created(
        &mut self,
        client: OrganizationId,
        name: &str,
        plan: PlanType,
        seats: u32,
        owner_email: &Email,
        billing_email: &Email,
        first_collection: Option<&String>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        self.check_billing_email(Some(billing_email))?;
        if self.clients.get(client).is_none() {
            let expected = self.fresh_client_id();
            if client != expected {
                return Err(self.mismatch(format!("the new client's id is `{expected}`, not `{client}`")));
            }
        }
        if let Some(collection) = first_collection
            && (collection.trim() != collection || collection.is_empty())
        {
            return Err(self
                .mismatch(format!("the first collection `{collection}` is recorded trimmed and not blank")));
        }
        let owner = ClientMember::new(
            owner_email.clone(),
            OrganizationUserType::Owner,
            OrganizationUserStatus::Invited,
        );
        let organization = ClientOrganization {
            id: client,
            name: self.recorded_client_name(name)?,
            plan,
            seats: SeatCount::new(client, seats, 1)?,
            // The provider's own (checked equal above): every client shares its one text.
            billing_email: self.settings.billing_email().cloned(),
            enabled: self.joining_enabled(),
            managed: true,
            members: first_members(owner),
            unlisted_occupied_seats: 0,
            occupied: 1,
            created_at: at,
            first_collection: first_collection.cloned(),
            policies: PolicySet::default(),
            state: ClientState::Active,
            tags: std::collections::BTreeSet::new(),
        };
        self.admit_client(organization)
    }

    #[expect(clippy::too_many_arguments, reason = "one argument per field of the event")]
    pub(in crate::provider) fn apply_client_added(
        &mut self,
        client: OrganizationId,
        name: &str,
        plan: PlanType,
        seats: u32,
        billing_email: &Email,
        members: &[ClientMember],
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        if self.kind.has_consolidated_billing() && self.settings.billing_email().is_some() {
            self.check_billing_email(Some(billing_email))?;
        }
        if let Some(email) = first_duplicate_member(members) {
            return Err(Error::Client(ClientError::MemberExists { client, email: email.clone() }));
        }
        let occupied = occupied(members, 0);
        let organization = ClientOrganization {
            id: client,
            name: self.recorded_client_name(name)?,
            plan,
            seats: SeatCount::new(client, seats, occupied)?,
            billing_email: Some(billing_email.clone()),
            enabled: self.joining_enabled(),
            // Managed like a created client under consolidated billing: the reference's
            // `ProviderBillingService.AddExistingOrganization` sets the status Managed (issue 15).
            managed: self.kind.has_consolidated_billing(),
            members: members.to_vec(),
            unlisted_occupied_seats: 0,
            occupied,
            created_at: at,
            first_collection: None,
            policies: PolicySet::default(),
            state: ClientState::Active,
            tags: std::collections::BTreeSet::new(),
        };
        self.admit_client(organization)
    }

    /// A client's name as recorded: one [`check_client_name`] accepts, as it returns it (kept
    /// inline when short: a replayed client allocates no text for its name).
    pub(in crate::provider) fn recorded_client_name(&self, name: &str) -> Result<smol_str::SmolStr, Error> {
        let checked = checked_client_name(name)?;
        if checked != name {
            return Err(self.mismatch(format!("the client name `{name}` is recorded as `{checked}`")));
        }
        Ok(smol_str::SmolStr::new(checked))
    }

    /// A client joins with the provider's billing email (`billing_email_missing` when it has
    /// none).
    pub(in crate::provider) fn check_billing_email(&self, recorded: Option<&Email>) -> Result<(), Error> {
        let billing_email =
            self.settings.billing_email().ok_or(Error::Provider(ProviderError::NoBillingEmail))?;
        if recorded != Some(billing_email) {
            return Err(
                self.mismatch(format!("a client joins with the provider's billing email `{billing_email}`"))
            );
        }
        Ok(())
    }

    /// The billing email a client that is unlinked leaves with: its alphabetically first
    /// confirmed owner who is not a provider member (`no_confirmed_owner` without one).
    pub(in crate::provider) fn leaving_billing_email(&self, c: &ClientOrganization) -> Result<Email, Error> {
        c.confirmed_owner_emails()
            .into_iter()
            .find(|email| self.team.by_email(email).is_none())
            .cloned()
            .ok_or(Error::Client(ClientError::NoConfirmedOwner { client: c.id() }))
    }

    /// Whether client `c`, disabled, is enabled as it leaves: the provider is billable with
    /// consolidated billing and the client is a managed organization on a current Teams or
    /// Enterprise plan, which the reference moves to a subscription of its own, enabled
    /// (`RemoveOrganizationFromProviderCommand`: `IsBillable` and `IsValidClient`).
    pub(in crate::provider) fn reenabled_on_unlink(&self, c: &ClientOrganization) -> bool {
        let billable = self.kind.has_consolidated_billing() && self.status == ProviderStatus::Billable;
        let valid_client = c.managed
            && matches!(
                c.plan,
                PlanType::TeamsMonthly | PlanType::EnterpriseMonthly | PlanType::EnterpriseAnnually
            );
        billable && valid_client && !self.effective_enabled(c)
    }

    /// A client is unlinked with the billing email [`Self::leaving_billing_email`] gives, and
    /// re-enabled exactly when [`Self::reenabled_on_unlink`] says so.
    pub(in crate::provider) fn apply_client_unlinked(
        &mut self,
        client: OrganizationId,
        billing_email: &Email,
        reenabled: bool,
    ) -> Result<(), Error> {
        let c = self.existing_client(client)?;
        let expected = self.leaving_billing_email(c)?;
        if expected != *billing_email {
            return Err(
                self.mismatch(format!("client `{client}` leaves with the billing email `{expected}`"))
            );
        }
        let expected = self.reenabled_on_unlink(c);
        if expected != reenabled {
            let detail = if expected {
                format!("client `{client}` is disabled and leaves a billable provider: it is re-enabled")
            } else {
                format!("client `{client}` is not re-enabled as it leaves")
            };
            return Err(self.mismatch(detail));
        }
        self.apply_client_left(client)
    }

    pub(in crate::provider) fn admit_client(
        &mut self,
        organization: ClientOrganization,
    ) -> Result<(), Error> {
        if !self.allows_plan(organization.plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed {
                plan: organization.plan,
                kind: self.kind,
            }));
        }
        if self.clients.get(organization.id).is_some() {
            return Err(Error::Client(ClientError::AlreadyLinked { organization: organization.id }));
        }
        let id = organization.id;
        self.clients
            .push(organization)
            .map_err(|_| Error::Client(ClientError::AlreadyLinked { organization: id }))
    }

    pub(in crate::provider) fn apply_client_seats_changed(
        &mut self,
        client: OrganizationId,
        from: u32,
        to: u32,
    ) -> Result<(), Error> {
        self.require_consolidated_billing()?;
        // One lookup: the recorded count is checked on the client found for the change (the
        // change's name is filled in by `apply`).
        let sequence = self.last_sequence.saturating_add(1);
        self.clients.update(client, |c| {
            let current = c.seats();
            if from == to {
                let detail = format!("client `{client}` already has {to} seats");
                return Err(Error::Event(EventError::Mismatch { sequence, change: "", detail }));
            }
            if current != from {
                let detail = format!("client `{client}` has {current} seats, not {from}");
                return Err(Error::Event(EventError::Mismatch { sequence, change: "", detail }));
            }
            Ok(c.set_seats(to)?)
        })
    }

    pub(in crate::provider) fn apply_client_member_added(
        &mut self,
        client: OrganizationId,
        member: &ClientMember,
    ) -> Result<(), Error> {
        self.clients.update(client, |c| Ok(c.add_member(member.clone())?))
    }

    pub(in crate::provider) fn apply_client_member_removed(
        &mut self,
        client: OrganizationId,
        email: &Email,
    ) -> Result<(), Error> {
        self.clients.update(client, |c| Ok(c.remove_member(email)?))
    }

    /// A vault access: of a client of the provider, by a member of its team (only members open
    /// a client's vault; who may is the command's question).
    pub(in crate::provider) fn apply_client_vault_accessed(
        &mut self,
        actor: Actor,
        client: OrganizationId,
    ) -> Result<(), Error> {
        self.existing_client(client)?;
        match actor {
            Actor::Member(member) if self.team.get(member).is_some() => Ok(()),
            _ => Err(self.mismatch("only a member of the provider's team opens a client's vault".to_owned())),
        }
    }

    /// A client leaves (unlinked or deleted): out of the list and out of every scope.
    pub(in crate::provider) fn apply_client_left(&mut self, client: OrganizationId) -> Result<(), Error> {
        self.clients.remove(client)?;
        self.team.forget_client(client);
        self.forget_client_reference(client);
        Ok(())
    }

    pub(in crate::provider) fn apply_seat_minimum_changed(
        &mut self,
        plan: PlanType,
        from: u32,
        to: u32,
    ) -> Result<(), Error> {
        self.check_seat_minimum_plan(plan)?;
        let current = self.seat_minimum(plan);
        if from == to {
            return Err(self.mismatch(format!("the seat minimum of `{}` is already {to}", plan.name())));
        }
        if current != from {
            return Err(
                self.mismatch(format!("the seat minimum of `{}` is {current}, not {from}", plan.name()))
            );
        }
        self.seat_minimums.insert(plan, to);
        Ok(())
    }
}

/// A new client's members: its owner, with room for three more. A list of one grows to room
/// for four at its first added member anyway; made at that size, replaying a client's first
/// member neither moves the list nor leaves its old block for the allocator to merge later
/// (issue 14: at 100 000 clients those small freed blocks, scattered through the heap, were a
/// cache miss each when the allocator merged them).
fn first_members(owner: ClientMember) -> Vec<ClientMember> {
    let mut members = Vec::with_capacity(4);
    members.push(owner);
    members
}
