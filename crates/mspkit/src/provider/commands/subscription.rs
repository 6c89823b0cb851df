//! The provider's consolidated subscription: its commands (start, invoice, pay, unpaid, cancel,
//! prices, discount, client references) and the application of its changes. The lifecycle rules
//! are the subscription's own ([`crate::billing::Subscription`]); this area records each change
//! as an event and keeps the provider's side effects (disabled while unpaid, enabled when paid)
//! in the existing `provider_disabled` / `provider_enabled` events.

use chrono::{DateTime, NaiveDate, Utc};

use crate::billing::{
    self, BillingError, CollectionMethod, Discount, Money, SeatPrices, SeatPurchase, Subscription,
    SubscriptionChange,
};
use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::plan::PlanType;
use crate::provider::Provider;

/// The event of a subscription change (seat purchases ride on `client_seats_changed`).
fn to_change(change: SubscriptionChange) -> Option<Change> {
    Some(match change {
        SubscriptionChange::Started { subscription } => Change::SubscriptionStarted { subscription },
        SubscriptionChange::Invoiced { invoice } => Change::SubscriptionInvoiced { invoice },
        SubscriptionChange::Paid { on, amount, reenables_provider } => {
            Change::SubscriptionPaid { on, amount, reenables_provider }
        }
        SubscriptionChange::MarkedUnpaid { on, cancels_on } => Change::SubscriptionUnpaid { on, cancels_on },
        SubscriptionChange::Cancelled { on } => Change::SubscriptionCancelled { on },
        SubscriptionChange::PricesChanged { prices } => Change::SubscriptionPricesChanged { prices },
        SubscriptionChange::DiscountChanged { discount } => Change::SubscriptionDiscountChanged { discount },
        SubscriptionChange::ClientReferenceSet { client, reference } => {
            Change::ClientReferenceSet { client, reference }
        }
        _ => return None,
    })
}

/// The subscription change an event records (none for other events).
fn from_change(change: &Change) -> Option<SubscriptionChange> {
    Some(match change {
        Change::SubscriptionStarted { subscription } => {
            SubscriptionChange::Started { subscription: subscription.clone() }
        }
        Change::SubscriptionInvoiced { invoice } => SubscriptionChange::Invoiced { invoice: *invoice },
        Change::SubscriptionPaid { on, amount, reenables_provider } => {
            SubscriptionChange::Paid { on: *on, amount: *amount, reenables_provider: *reenables_provider }
        }
        Change::SubscriptionUnpaid { on, cancels_on } => {
            SubscriptionChange::MarkedUnpaid { on: *on, cancels_on: *cancels_on }
        }
        Change::SubscriptionCancelled { on } => SubscriptionChange::Cancelled { on: *on },
        Change::SubscriptionPricesChanged { prices } => {
            SubscriptionChange::PricesChanged { prices: prices.clone() }
        }
        Change::SubscriptionDiscountChanged { discount } => {
            SubscriptionChange::DiscountChanged { discount: *discount }
        }
        Change::ClientReferenceSet { client, reference } => {
            SubscriptionChange::ClientReferenceSet { client: *client, reference: reference.clone() }
        }
        _ => return None,
    })
}

impl Provider {
    /// Records the consolidated subscription of an MSP or business unit, which began on
    /// `started_on` (today or earlier: a subscription that began before mspkit kept the provider
    /// is recorded with its real start, so its periods fall on the real charge dates) — the
    /// vendor's or billing system's action. A 14-day trial for an MSP, 4 days for a business
    /// unit, the first charge the day after. A reseller gets `no_consolidated_billing`; a
    /// provider whose subscription runs (not cancelled) gets `subscription_already_started`; a
    /// start after `now`'s day `subscription_start_in_future`.
    pub fn start_subscription(
        &mut self,
        started_on: NaiveDate,
        prices: SeatPrices,
        discount: Discount,
        collection: CollectionMethod,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        self.require_set_up()?;
        if let Some(sub) = &self.subscription
            && !matches!(sub.lifecycle(), billing::Lifecycle::Cancelled { .. })
        {
            return Err(Error::Billing(BillingError::AlreadyStarted));
        }
        if started_on > now.date_naive() {
            return Err(Error::Billing(BillingError::StartInFuture { started_on }));
        }
        let (_, change) = Subscription::start(self.kind, prices, discount, collection, started_on)?;
        self.commit_subscription(Actor::System, now, change, Vec::new())
    }

    /// Issues an invoice of `amount` on `now`'s day (the billing system's action).
    pub fn issue_invoice(&mut self, amount: Money, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        let change = self.billing_subscription()?.invoice_change(now.date_naive(), amount)?;
        self.commit_subscription(Actor::System, now, change, Vec::new())
    }

    /// Records the payment of the open invoice; a provider disabled for non-payment is enabled
    /// again (with its clients) in the same command.
    pub fn pay_invoice(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        let change = self.billing_subscription()?.pay_change(now.date_naive())?;
        let reenable =
            matches!(change, SubscriptionChange::Paid { reenables_provider: true, .. }) && !self.enabled;
        let follow = if reenable { vec![Change::ProviderEnabled] } else { Vec::new() };
        self.commit_subscription(Actor::System, now, change, follow)
    }

    /// Declares the open invoice unpaid (it must be overdue): the provider and its clients are
    /// disabled in the same command, and the subscription cancels 7 days later.
    pub fn mark_unpaid(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        let change = self.billing_subscription()?.unpaid_change(now.date_naive())?;
        let follow = if self.enabled { vec![Change::ProviderDisabled] } else { Vec::new() };
        self.commit_subscription(Actor::System, now, change, follow)
    }

    /// Cancels an unpaid subscription, no earlier than 7 days after it became unpaid.
    pub fn cancel_subscription(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        let change = self.billing_subscription()?.cancel_change(now.date_naive())?;
        self.commit_subscription(Actor::System, now, change, Vec::new())
    }

    /// Sets the negotiated seat prices (a provider admin managing billing, or the vendor with
    /// `actor` `None`).
    pub fn set_seat_prices(
        &mut self,
        actor: Option<ProviderUserId>,
        prices: SeatPrices,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        let by = self.billing_actor(actor)?;
        let sub = self.billing_subscription()?;
        if sub.prices() == &prices {
            return Ok(Vec::new());
        }
        let change = sub.prices_change(prices)?;
        self.commit_subscription(by, now, change, Vec::new())
    }

    /// Sets the discount (a provider admin managing billing, or the vendor with `actor` `None`).
    pub fn set_discount(
        &mut self,
        actor: Option<ProviderUserId>,
        discount: Discount,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        let by = self.billing_actor(actor)?;
        let sub = self.billing_subscription()?;
        if sub.discount() == discount {
            return Ok(Vec::new());
        }
        let change = sub.discount_change(discount)?;
        self.commit_subscription(by, now, change, Vec::new())
    }

    /// Sets (or with `None` clears) the provider's own reference for a client, as its PSA
    /// knows it (provider admins managing billing).
    pub fn set_client_reference(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        reference: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageBilling, Target::Provider)?;
        self.existing_client(client)?;
        let sub = self.billing_subscription()?;
        let reference = reference.map(billing::check_client_reference).transpose()?;
        if sub.client_reference(client) == reference.as_deref() {
            return Ok(Vec::new());
        }
        let change = Subscription::client_reference_change(client, reference.as_deref())?;
        self.commit_subscription(Actor::Member(actor), now, change, Vec::new())
    }

    /// Sets several client references at once (a PSA reconciliation's proposals,
    /// [`crate::billing::PsaReconciliation::references`]): one `client_reference_set` event per
    /// reference that changes, all recorded or none (the first refusal — an unknown client, an
    /// invalid reference — refuses the whole). A pair that names a client twice is refused
    /// (`client_reference_invalid`): a reconciliation never proposes two companies for one client.
    pub fn set_client_references(
        &mut self,
        actor: ProviderUserId,
        references: &[(OrganizationId, String)],
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageBilling, Target::Provider)?;
        let sub = self.billing_subscription()?;
        let mut seen = std::collections::HashSet::new();
        let mut changes = Vec::new();
        for (client, reference) in references {
            self.existing_client(*client)?;
            let reference = billing::check_client_reference(reference)?;
            if !seen.insert(*client) {
                return Err(Error::Billing(BillingError::InvalidClientReference { reference }));
            }
            if sub.client_reference(*client) == Some(reference.as_str()) {
                continue;
            }
            let change = Subscription::client_reference_change(*client, Some(&reference))?;
            changes.extend(to_change(change));
        }
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        self.commit(Actor::Member(actor), now, changes)
    }

    /// What a purchase by a seat change of `client` from `from` to `to` seats on `plan` costs, as
    /// recorded in its event: `None` without a subscription (the provider is then billed
    /// elsewhere) or when nothing is bought.
    pub(in crate::provider) fn seat_purchase(
        &self,
        client: OrganizationId,
        plan: PlanType,
        from: u32,
        to: u32,
        now: DateTime<Utc>,
    ) -> Result<Option<SeatPurchase>, Error> {
        let Some(sub) = &self.subscription else { return Ok(None) };
        let bought = billing::seats_bought(self.clients.assigned(plan), self.seat_minimum(plan), from, to);
        if bought == 0 {
            return Ok(None);
        }
        match sub.purchase(client, plan, bought, now.date_naive())? {
            SubscriptionChange::SeatsPurchased { purchase } => Ok(Some(purchase)),
            _ => Ok(None),
        }
    }

    pub(in crate::provider) fn billing_actor(&self, actor: Option<ProviderUserId>) -> Result<Actor, Error> {
        match actor {
            Some(actor) => {
                self.allow(actor, Action::ManageBilling, Target::Provider)?;
                Ok(Actor::Member(actor))
            }
            None => Ok(Actor::System),
        }
    }

    /// Records a subscription change and the provider changes that follow from it, all or none.
    pub(in crate::provider) fn commit_subscription(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        change: SubscriptionChange,
        follow: Vec<Change>,
    ) -> Result<Vec<Event>, Error> {
        let change = to_change(change)
            .ok_or(Error::Billing(BillingError::OutOfOrder { change: "seats_purchased" }))?;
        let mut changes = vec![change];
        changes.extend(follow);
        self.commit(actor, now, changes)
    }

    // ---- application ----

    /// Applies a subscription event: the subscription's own `apply` checks the transition and
    /// the recorded values; here, what the provider knows: the day each change is dated is the
    /// day of its event (a command dates it `now`), a subscription starts on a set-up provider
    /// of its kind no later than its event, and the provider changes a payment or a non-payment
    /// brings are owed by the next event (`Provider::owed`).
    pub(in crate::provider) fn apply_subscription_change(
        &mut self,
        change: &Change,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let Some(change) = from_change(change) else { return Ok(()) };
        let today = at.date_naive();
        match &change {
            SubscriptionChange::Started { subscription } => {
                self.require_set_up()?;
                if !self.kind.has_consolidated_billing() {
                    return Err(Error::Billing(BillingError::NoConsolidatedBilling));
                }
                if subscription.kind() != self.kind {
                    return Err(self.mismatch(format!(
                        "the subscription bills a provider of kind `{}`, not `{}`",
                        subscription.kind().name(),
                        self.kind.name()
                    )));
                }
                if let Some(sub) = &self.subscription
                    && !matches!(sub.lifecycle(), billing::Lifecycle::Cancelled { .. })
                {
                    return Err(Error::Billing(BillingError::AlreadyStarted));
                }
                let started_on = subscription.started_on()?;
                if started_on > today {
                    return Err(Error::Billing(BillingError::StartInFuture { started_on }));
                }
                self.subscription = Some((**subscription).clone());
                Ok(())
            }
            SubscriptionChange::ClientReferenceSet { client, .. } => {
                self.existing_client(*client)?;
                self.subscription_mut()?.apply(&change).map_err(Error::Billing)
            }
            _ => {
                self.subscription_mut()?.judge(&change).map_err(Error::Billing)?;
                let dated = match &change {
                    SubscriptionChange::Invoiced { invoice } => Some(invoice.issued_on),
                    SubscriptionChange::Paid { on, .. }
                    | SubscriptionChange::MarkedUnpaid { on, .. }
                    | SubscriptionChange::Cancelled { on } => Some(*on),
                    _ => None,
                };
                if let Some(on) = dated
                    && on != today
                {
                    return Err(self.mismatch(format!("the change is dated `{on}`, its event `{today}`")));
                }
                // What an invoice bills is recorded from the state before it (issue 15: the
                // reference's `ProviderInvoiceItem` rows), derived here rather than carried by
                // the event, so logs written before it replay to the same record.
                let issued = match &change {
                    SubscriptionChange::Invoiced { invoice } => Some(self.invoice_as_issued(invoice)?),
                    _ => None,
                };
                let enabled = self.enabled;
                self.subscription_mut()?.apply(&change).map_err(Error::Billing)?;
                if let Some(issued) = issued {
                    self.subscription_mut()?.record_issued(issued);
                }
                self.owed = match change {
                    SubscriptionChange::Paid { reenables_provider: true, .. } if !enabled => {
                        Some(crate::provider::Owed::Enabled)
                    }
                    SubscriptionChange::MarkedUnpaid { .. } if enabled => {
                        Some(crate::provider::Owed::Disabled)
                    }
                    _ => None,
                };
                Ok(())
            }
        }
    }

    /// Checks the purchase a `client_seats_changed` event records, before the seats change: a
    /// provider with a running subscription records every change that buys seats as a purchase
    /// of exactly the seats it bought, on the event's day, priced by the subscription; any other
    /// change records none.
    pub(in crate::provider) fn check_seat_purchase(
        &self,
        client: OrganizationId,
        from: u32,
        to: u32,
        purchase: Option<&SeatPurchase>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        if purchase.is_none() && self.subscription.is_none() {
            // Nothing is bought without a subscription (the replay's common case: no lookup).
            return Ok(());
        }
        let plan = self.existing_client(client)?.plan();
        let bought = match &self.subscription {
            Some(_) => billing::seats_bought(self.clients.assigned(plan), self.seat_minimum(plan), from, to),
            None => 0,
        };
        match purchase {
            None if bought == 0 => Ok(()),
            None => Err(self.mismatch(format!("the change buys {bought} seat(s) and records no purchase"))),
            Some(p) if p.client != client || p.plan != plan || p.seats != bought || p.on != at.date_naive() => {
                Err(self.mismatch(format!(
                    "the change buys {bought} seat(s) of `{}` for `{client}` on `{}`; the purchase records {} of `{}` for `{}` on `{}`",
                    plan.name(),
                    at.date_naive(),
                    p.seats,
                    p.plan.name(),
                    p.client,
                    p.on
                )))
            }
            // Priced by the subscription's own `apply`, which refuses it when cancelled.
            Some(_) => Ok(()),
        }
    }

    /// Records a seat purchase carried by a `client_seats_changed` event (checked by
    /// [`Provider::check_seat_purchase`] and priced by the subscription's `apply`).
    pub(in crate::provider) fn apply_seat_purchase(
        &mut self,
        purchase: Option<&SeatPurchase>,
    ) -> Result<(), Error> {
        let Some(purchase) = purchase else { return Ok(()) };
        self.subscription_mut()?
            .apply(&SubscriptionChange::SeatsPurchased { purchase: *purchase })
            .map_err(Error::Billing)
    }

    /// What an invoice issued now bills: the discount, each billed plan's seats and price, and
    /// the client invoice report's rows as the provider stands.
    fn invoice_as_issued(&self, invoice: &billing::OpenInvoice) -> Result<billing::IssuedInvoice, Error> {
        let sub = self.subscription.as_ref().ok_or(Error::Billing(BillingError::NoSubscription))?;
        let assigned = |plan| self.clients.assigned(plan);
        let billed_plans = self.billed_plans();
        let book = billing::report::client_rows::Book {
            clients: self.clients.as_slice(),
            minimums: &self.seat_minimums,
            assigned: &assigned,
            billed_plans: &billed_plans,
        };
        let (plans, items) = billing::report::client_rows::issued_rows(&book, sub);
        Ok(billing::IssuedInvoice {
            issued_on: invoice.issued_on,
            amount: invoice.amount,
            discount: sub.discount(),
            plans,
            items,
        })
    }

    pub(in crate::provider) fn subscription_mut(&mut self) -> Result<&mut Subscription, Error> {
        if !self.kind.has_consolidated_billing() {
            return Err(Error::Billing(BillingError::NoConsolidatedBilling));
        }
        self.subscription.as_mut().ok_or(Error::Billing(BillingError::NoSubscription))
    }

    /// Forgets the PSA reference of a client that left.
    pub(in crate::provider) fn forget_client_reference(&mut self, client: OrganizationId) {
        if let Some(sub) = self.subscription.as_mut() {
            sub.forget_client(client);
        }
    }
}
