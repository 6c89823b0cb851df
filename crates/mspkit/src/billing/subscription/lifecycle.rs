//! The subscription's lifecycle: each command checks its transition and returns the change;
//! `apply` (after `judge`, every rule of the state) makes it.

use super::{
    CANCEL_AFTER_UNPAID_DAYS, CollectionMethod, INVOICE_DAYS_TO_PAY, Lifecycle, OpenInvoice, SeatPurchase,
    Subscription, SubscriptionChange, add_days, change_name, check_client_reference, trial_days,
};
use crate::billing::{BillingError, BillingPeriod, Discount, Money, SeatPrices, billing_cadence};
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use chrono::{Days, NaiveDate};

impl Subscription {
    // ---- commands (each returns the change; `apply` makes it) ----

    pub(super) fn refuse_when_cancelled(&self) -> Result<(), BillingError> {
        if let Lifecycle::Cancelled { on } = self.lifecycle {
            return Err(BillingError::Cancelled { on });
        }
        Ok(())
    }

    /// Issues an invoice of `amount` on `on`: due the same day on automatic charge, 30 days
    /// later on invoice. Refused during the trial (`trial_not_over`), while another invoice is
    /// open (`invoice_already_open`) and once cancelled (`subscription_cancelled`).
    pub fn issue_invoice(
        &mut self,
        on: NaiveDate,
        amount: Money,
    ) -> Result<SubscriptionChange, BillingError> {
        let change = self.invoice_change(on, amount)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The change [`Subscription::issue_invoice`] makes, changing nothing (a provider's command
    /// reads it from the subscription it keeps, without a copy: issue 14).
    pub(crate) fn invoice_change(
        &self,
        on: NaiveDate,
        amount: Money,
    ) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        match self.lifecycle {
            Lifecycle::Trialing { trial_ends_on } if on < trial_ends_on => {
                return Err(BillingError::TrialNotOver { trial_ends_on });
            }
            Lifecycle::Invoiced { invoice } | Lifecycle::Unpaid { invoice, .. } => {
                return Err(BillingError::InvoiceAlreadyOpen { issued_on: invoice.issued_on });
            }
            _ => {}
        }
        if amount.is_negative() {
            return Err(BillingError::InvalidAmount { input: amount.to_decimal_string() });
        }
        let due_on = self.due_on(on)?;
        Ok(SubscriptionChange::Invoiced { invoice: OpenInvoice { issued_on: on, due_on, amount } })
    }

    /// Pays the open invoice on `on` (`no_open_invoice` when none is open). Paying an unpaid
    /// subscription enables the provider again.
    pub fn pay(&mut self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        let change = self.pay_change(on)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The change [`Subscription::pay`] makes, changing nothing.
    pub(crate) fn pay_change(&self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        Ok(match self.lifecycle {
            Lifecycle::Invoiced { invoice } => {
                SubscriptionChange::Paid { on, amount: invoice.amount, reenables_provider: false }
            }
            Lifecycle::Unpaid { invoice, .. } => {
                SubscriptionChange::Paid { on, amount: invoice.amount, reenables_provider: true }
            }
            _ => return Err(BillingError::NoOpenInvoice),
        })
    }

    /// Declares the open invoice unpaid on `on` (it must be past due: `invoice_not_overdue`):
    /// the provider and its clients are disabled, and the subscription cancels 7 days later.
    pub fn mark_unpaid(&mut self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        let change = self.unpaid_change(on)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The change [`Subscription::mark_unpaid`] makes, changing nothing.
    pub(crate) fn unpaid_change(&self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let Lifecycle::Invoiced { invoice } = self.lifecycle else {
            return Err(BillingError::NoOpenInvoice);
        };
        if on <= invoice.due_on {
            return Err(BillingError::NotOverdue { due_on: invoice.due_on });
        }
        Ok(SubscriptionChange::MarkedUnpaid { on, cancels_on: add_days(on, CANCEL_AFTER_UNPAID_DAYS)? })
    }

    /// Cancels an unpaid subscription on `on`, no earlier than 7 days after it was declared
    /// unpaid (`cancel_too_early`; `subscription_not_unpaid` when it is not unpaid).
    pub fn cancel(&mut self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        let change = self.cancel_change(on)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The change [`Subscription::cancel`] makes, changing nothing.
    pub(crate) fn cancel_change(&self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let Lifecycle::Unpaid { cancels_on, .. } = self.lifecycle else {
            return Err(BillingError::NotUnpaid);
        };
        if on < cancels_on {
            return Err(BillingError::CancelTooEarly { cancels_on });
        }
        Ok(SubscriptionChange::Cancelled { on })
    }

    /// What buying `seats` seats of `plan` for `client` on `on` costs, as the change that
    /// records it: prorated over what is left of the plan's period (the whole first period when
    /// bought during the trial, charged on the first charge date).
    pub fn purchase(
        &self,
        client: OrganizationId,
        plan: PlanType,
        seats: u32,
        on: NaiveDate,
    ) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let unit_price = self.price(plan)?;
        let period = if on < self.anchor {
            // During the trial seats are billed from the first charge date, in full.
            BillingPeriod::nth(self.anchor, billing_cadence(plan), 0)?
        } else {
            self.period(plan, on)?
        };
        let (remaining_days, charged_on) = if on < self.anchor {
            (period.days(), self.anchor)
        } else {
            (period.remaining_days(on)?, period.end())
        };
        let cost = if on < self.anchor { Money::ZERO } else { period.prorate(seats, unit_price, on)? };
        Ok(SubscriptionChange::SeatsPurchased {
            purchase: SeatPurchase {
                client,
                plan,
                on,
                seats,
                unit_price,
                remaining_days,
                period_days: period.days(),
                cost,
                charged_on,
            },
        })
    }

    /// Sets (or with `None` clears) the provider's own reference for `client`.
    pub fn set_client_reference(
        &mut self,
        client: OrganizationId,
        reference: Option<&str>,
    ) -> Result<SubscriptionChange, BillingError> {
        let change = Self::client_reference_change(client, reference)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The change [`Subscription::set_client_reference`] makes (the reference checked and
    /// trimmed), changing nothing.
    pub(crate) fn client_reference_change(
        client: OrganizationId,
        reference: Option<&str>,
    ) -> Result<SubscriptionChange, BillingError> {
        let reference = reference.map(check_client_reference).transpose()?;
        Ok(SubscriptionChange::ClientReferenceSet { client, reference })
    }

    /// Sets the discount.
    pub fn set_discount(&mut self, discount: Discount) -> Result<SubscriptionChange, BillingError> {
        let change = self.discount_change(discount)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The change [`Subscription::set_discount`] makes, changing nothing.
    pub(crate) fn discount_change(&self, discount: Discount) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        Ok(SubscriptionChange::DiscountChanged { discount })
    }

    /// Sets the negotiated prices.
    pub fn set_prices(&mut self, prices: SeatPrices) -> Result<SubscriptionChange, BillingError> {
        let change = self.prices_change(prices)?;
        self.apply(&change)?;
        Ok(change)
    }

    /// The change [`Subscription::set_prices`] makes, changing nothing.
    pub(crate) fn prices_change(&self, prices: SeatPrices) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        Ok(SubscriptionChange::PricesChanged { prices })
    }

    /// Applies a change: the one place the subscription changes, for commands and replay
    /// alike, and the judge of every change. A change the lifecycle does not allow from the
    /// current state is refused (`billing_change_out_of_order`), so a log replayed out of order
    /// cannot corrupt it; a change that records what no command would have recorded from this
    /// state is refused with the command's own code (`trial_not_over`, `invoice_not_overdue`,
    /// `cancel_too_early`, `subscription_cancelled`, `amount_invalid`,
    /// `client_reference_invalid`) or `billing_change_mismatch` (a paid amount that is not the
    /// open invoice's, a `reenables_provider` that does not match, a due or cancel date the
    /// collection method does not give, a purchase priced otherwise). Nothing is written
    /// until every check passed.
    pub fn apply(&mut self, change: &SubscriptionChange) -> Result<(), BillingError> {
        self.judge(change)?;
        match change {
            SubscriptionChange::Started { subscription } => *self = (**subscription).clone(),
            SubscriptionChange::Invoiced { invoice } => {
                self.lifecycle = Lifecycle::Invoiced { invoice: *invoice }
            }
            SubscriptionChange::Paid { .. } => self.lifecycle = Lifecycle::Active,
            SubscriptionChange::MarkedUnpaid { on, cancels_on } => {
                if let Lifecycle::Invoiced { invoice } = self.lifecycle {
                    self.lifecycle = Lifecycle::Unpaid { invoice, since: *on, cancels_on: *cancels_on };
                }
            }
            SubscriptionChange::Cancelled { on } => self.lifecycle = Lifecycle::Cancelled { on: *on },
            SubscriptionChange::SeatsPurchased { purchase } => self.purchases.push(*purchase),
            SubscriptionChange::PricesChanged { prices } => self.prices = prices.clone(),
            SubscriptionChange::DiscountChanged { discount } => self.discount = *discount,
            SubscriptionChange::ClientReferenceSet { client, reference } => match reference {
                Some(r) => {
                    self.client_references.insert(*client, r.clone());
                }
                None => {
                    self.client_references.remove(client);
                }
            },
        }
        Ok(())
    }

    /// Checks a change as [`Subscription::apply`] does, changing nothing.
    pub(crate) fn judge(&self, change: &SubscriptionChange) -> Result<(), BillingError> {
        let out_of_order = || BillingError::OutOfOrder { change: change_name(change) };
        let mismatch = |detail: String| BillingError::ChangeMismatch { change: change_name(change), detail };
        match change {
            SubscriptionChange::Started { subscription } => {
                subscription.started_on()?;
            }
            SubscriptionChange::Invoiced { invoice } => {
                match self.lifecycle {
                    Lifecycle::Trialing { trial_ends_on } if invoice.issued_on < trial_ends_on => {
                        return Err(BillingError::TrialNotOver { trial_ends_on });
                    }
                    Lifecycle::Trialing { .. } | Lifecycle::Active => {}
                    _ => return Err(out_of_order()),
                }
                if invoice.amount.is_negative() {
                    return Err(BillingError::InvalidAmount { input: invoice.amount.to_decimal_string() });
                }
                let due_on = self.due_on(invoice.issued_on)?;
                if invoice.due_on != due_on {
                    return Err(mismatch(format!(
                        "an invoice issued on `{}` is due on `{due_on}`, not `{}`",
                        invoice.issued_on, invoice.due_on
                    )));
                }
            }
            SubscriptionChange::Paid { amount, reenables_provider, .. } => {
                let (invoice, unpaid) = match self.lifecycle {
                    Lifecycle::Invoiced { invoice } => (invoice, false),
                    Lifecycle::Unpaid { invoice, .. } => (invoice, true),
                    _ => return Err(out_of_order()),
                };
                if *amount != invoice.amount {
                    return Err(mismatch(format!(
                        "the open invoice is of {}, not {}",
                        invoice.amount.to_decimal_string(),
                        amount.to_decimal_string()
                    )));
                }
                if *reenables_provider != unpaid {
                    return Err(mismatch(format!(
                        "the subscription is {}unpaid, so paying it {} the provider",
                        if unpaid { "" } else { "not " },
                        if unpaid { "re-enables" } else { "does not re-enable" }
                    )));
                }
            }
            SubscriptionChange::MarkedUnpaid { on, cancels_on } => {
                let Lifecycle::Invoiced { invoice } = self.lifecycle else { return Err(out_of_order()) };
                if *on <= invoice.due_on {
                    return Err(BillingError::NotOverdue { due_on: invoice.due_on });
                }
                let expected = add_days(*on, CANCEL_AFTER_UNPAID_DAYS)?;
                if *cancels_on != expected {
                    return Err(mismatch(format!(
                        "a subscription unpaid on `{on}` cancels on `{expected}`, not `{cancels_on}`"
                    )));
                }
            }
            SubscriptionChange::Cancelled { on } => {
                let Lifecycle::Unpaid { cancels_on, .. } = self.lifecycle else { return Err(out_of_order()) };
                if *on < cancels_on {
                    return Err(BillingError::CancelTooEarly { cancels_on });
                }
            }
            SubscriptionChange::SeatsPurchased { purchase } => {
                let priced = self.purchase(purchase.client, purchase.plan, purchase.seats, purchase.on)?;
                if priced != *change {
                    return Err(mismatch(format!(
                        "{} seat(s) of `{}` bought on `{}` are priced otherwise",
                        purchase.seats,
                        purchase.plan.name(),
                        purchase.on
                    )));
                }
            }
            SubscriptionChange::PricesChanged { prices } => {
                self.refuse_when_cancelled()?;
                if *prices == self.prices {
                    return Err(mismatch("the prices are already these".to_owned()));
                }
            }
            SubscriptionChange::DiscountChanged { discount } => {
                self.refuse_when_cancelled()?;
                if *discount == self.discount {
                    return Err(mismatch("the discount is already this".to_owned()));
                }
            }
            SubscriptionChange::ClientReferenceSet { client, reference } => {
                if let Some(r) = reference
                    && check_client_reference(r)? != *r
                {
                    return Err(mismatch(format!("the reference `{r}` is recorded trimmed")));
                }
                if self.client_references.get(client) == reference.as_ref() {
                    return Err(mismatch(format!("the reference of `{client}` is already this")));
                }
            }
        }
        Ok(())
    }

    /// The due date of an invoice issued on `issued_on`: the same day on automatic charge, 30
    /// days later on invoice.
    pub(super) fn due_on(&self, issued_on: NaiveDate) -> Result<NaiveDate, BillingError> {
        match self.collection {
            CollectionMethod::AutomaticCharge => Ok(issued_on),
            CollectionMethod::SendInvoice => add_days(issued_on, INVOICE_DAYS_TO_PAY),
        }
    }

    /// The day a subscription that has just started began, checking that it is one
    /// [`Subscription::start`] gives: in its trial (of its kind's length) up to its first charge
    /// date, with no purchase and no client reference yet (`billing_change_mismatch`
    /// otherwise).
    pub(crate) fn started_on(&self) -> Result<NaiveDate, BillingError> {
        let mismatch = |detail: &str| BillingError::ChangeMismatch {
            change: "subscription_started",
            detail: detail.to_owned(),
        };
        let trial = trial_days(self.kind, self.collection)?;
        let started_on =
            self.anchor.checked_sub_days(Days::new(trial)).ok_or(BillingError::DateOutOfRange)?;
        let (fresh, _) =
            Self::start(self.kind, self.prices.clone(), self.discount, self.collection, started_on)?;
        if fresh != *self {
            return Err(mismatch(
                "a subscription starts in its trial, up to its first charge date, with no purchase and no client reference",
            ));
        }
        Ok(started_on)
    }
}
