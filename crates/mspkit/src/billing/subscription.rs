//! The consolidated subscription of an MSP or business unit: prices, discount, billing anchor,
//! recorded seat purchases, the provider's own client references, and the lifecycle (trial,
//! invoiced, overdue, unpaid, cancelled) as a state machine.
//!
//! Every lifecycle command checks its transition, returns the [`SubscriptionChange`] it
//! caused and changes the subscription only through [`Subscription::apply`], the same function
//! a replay goes through.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{BillingError, BillingPeriod, Discount, Money, SeatPrices, billing_cadence};
use crate::ProviderType;
use crate::ids::OrganizationId;
use crate::plan::{Cadence, PlanType};

/// Trial length of a new MSP subscription, in days.
pub const MSP_TRIAL_DAYS: u64 = 14;
/// Trial length of a new business-unit subscription, in days.
pub const BUSINESS_UNIT_TRIAL_DAYS: u64 = 4;
/// Days an invoice sent for payment gives to pay.
pub const INVOICE_DAYS_TO_PAY: u64 = 30;
/// Days overdue after which a suspension warning shows, when paying by automatic charge.
pub const WARNING_DAYS_AUTOMATIC: i64 = 14;
/// Days overdue after which a suspension warning shows, when paying by invoice.
pub const WARNING_DAYS_INVOICE: i64 = 30;
/// Days between an unpaid subscription (provider disabled) and its cancellation.
pub const CANCEL_AFTER_UNPAID_DAYS: u64 = 7;
/// The longest client reference accepted, in characters.
pub const MAX_CLIENT_REFERENCE_LEN: usize = 64;

/// How the subscription is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectionMethod {
    /// A card or bank account is charged on the charge date (overdue at once if it fails).
    #[default]
    AutomaticCharge,
    /// An invoice is sent, with 30 days to pay.
    SendInvoice,
}

impl CollectionMethod {
    /// Every collection method, in the order of their names.
    pub const ALL: [Self; 2] = [Self::AutomaticCharge, Self::SendInvoice];

    /// The stable snake_case name (its JSON form): `automatic_charge` or `send_invoice`.
    pub fn name(self) -> &'static str {
        match self {
            Self::AutomaticCharge => "automatic_charge",
            Self::SendInvoice => "send_invoice",
        }
    }

    /// The method of a name (`automatic_charge`, `send_invoice`), or `None`: the one name table
    /// the binding, the CLI and the service read.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// An invoice sent and not yet paid. Reading one (a portfolio, an event) refuses a negative
/// amount and a due date before the issue date: no command issues such an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "OpenInvoiceRecord")]
pub struct OpenInvoice {
    /// The day it was issued (the charge date).
    pub issued_on: NaiveDate,
    /// The day it must be paid by (the issue date on automatic charge, 30 days later on invoice).
    pub due_on: NaiveDate,
    /// The amount due.
    pub amount: Money,
}

/// An open invoice as written, checked into an [`OpenInvoice`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenInvoiceRecord {
    issued_on: NaiveDate,
    due_on: NaiveDate,
    amount: Money,
}

impl TryFrom<OpenInvoiceRecord> for OpenInvoice {
    type Error = String;
    fn try_from(r: OpenInvoiceRecord) -> Result<Self, String> {
        if r.amount < Money::ZERO {
            return Err(format!("an open invoice cannot have a negative amount (`{}`)", r.amount));
        }
        if r.due_on < r.issued_on {
            return Err(format!(
                "an open invoice cannot be due (`{}`) before it was issued (`{}`)",
                r.due_on, r.issued_on
            ));
        }
        Ok(Self { issued_on: r.issued_on, due_on: r.due_on, amount: r.amount })
    }
}

/// Where the subscription stands in its lifecycle (stored; the overdue state and the
/// suspension warning are derived from it and the date, see [`Subscription::status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum Lifecycle {
    /// In its free trial.
    Trialing {
        /// The first day after the trial (the first charge date).
        trial_ends_on: NaiveDate,
    },
    /// Paid up.
    Active,
    /// An invoice is open.
    Invoiced {
        /// The open invoice.
        invoice: OpenInvoice,
    },
    /// Not paid: the provider and its clients are disabled; the subscription cancels on
    /// `cancels_on` unless paid first.
    Unpaid {
        /// The open invoice.
        invoice: OpenInvoice,
        /// When it was declared unpaid.
        since: NaiveDate,
        /// When it cancels.
        cancels_on: NaiveDate,
    },
    /// Cancelled: nothing more happens to it.
    Cancelled {
        /// When.
        on: NaiveDate,
    },
}

/// The subscription's status on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// In its free trial.
    Trialing,
    /// Paid up.
    Active,
    /// An invoice is open and not yet due.
    Invoiced,
    /// An invoice is past its due date.
    Overdue,
    /// Declared unpaid: provider and clients disabled.
    Unpaid,
    /// Cancelled.
    Cancelled,
}

impl SubscriptionStatus {
    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Trialing => "trialing",
            Self::Active => "active",
            Self::Invoiced => "invoiced",
            Self::Overdue => "overdue",
            Self::Unpaid => "unpaid",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Seats bought in the middle of a period, charged prorated on the plan's next invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatPurchase {
    /// The client whose seat change caused it.
    pub client: OrganizationId,
    /// The plan.
    pub plan: PlanType,
    /// The day of the purchase.
    pub on: NaiveDate,
    /// Seats bought beyond the minimum by this change.
    pub seats: u32,
    /// The price per seat per period at the time.
    pub unit_price: Money,
    /// Days left in the period, the purchase day included.
    pub remaining_days: i64,
    /// Days in the period.
    pub period_days: i64,
    /// `seats × unit price × remaining days ÷ period days`, rounded half away from zero to
    /// the cent (before any discount).
    pub cost: Money,
    /// The charge date of the invoice it appears on (the end of its period).
    pub charged_on: NaiveDate,
}

/// A change to a subscription, with everything needed to apply it again (the data of its
/// event in the provider's log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum SubscriptionChange {
    /// The subscription started, in its trial.
    Started {
        /// The subscription as it started.
        subscription: Box<Subscription>,
    },
    /// An invoice was issued.
    Invoiced {
        /// The invoice.
        invoice: OpenInvoice,
    },
    /// The open invoice was paid; a provider disabled for non-payment is enabled again.
    Paid {
        /// The day.
        on: NaiveDate,
        /// The amount paid.
        amount: Money,
        /// Whether the provider (and its clients) are enabled again.
        reenables_provider: bool,
    },
    /// The open invoice was declared unpaid: the provider and its clients are disabled.
    MarkedUnpaid {
        /// The day.
        on: NaiveDate,
        /// When the subscription cancels unless paid.
        cancels_on: NaiveDate,
    },
    /// The subscription was cancelled.
    Cancelled {
        /// The day.
        on: NaiveDate,
    },
    /// Seats were purchased (recorded by a client's seat change).
    SeatsPurchased {
        /// The purchase.
        purchase: SeatPurchase,
    },
    /// The negotiated prices changed.
    PricesChanged {
        /// The new prices.
        prices: SeatPrices,
    },
    /// The discount changed.
    DiscountChanged {
        /// The new discount.
        discount: Discount,
    },
    /// The provider's own reference for a client was set or cleared.
    ClientReferenceSet {
        /// The client.
        client: OrganizationId,
        /// The reference, or none to clear it.
        reference: Option<String>,
    },
}

/// The consolidated subscription of an MSP or business unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// The kind of provider it bills (an MSP or a business unit).
    kind: ProviderType,
    /// Per-seat prices.
    #[serde(default)]
    prices: SeatPrices,
    /// The discount on every invoice.
    #[serde(default)]
    discount: Discount,
    /// How it is paid.
    #[serde(default)]
    collection: CollectionMethod,
    /// The first charge date, from which every period is counted.
    anchor: NaiveDate,
    /// The lifecycle state.
    lifecycle: Lifecycle,
    /// Seat purchases not yet charged (and those charged, kept for the record).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    purchases: Vec<SeatPurchase>,
    /// The provider's own identifiers for its clients (for PSA export).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    client_references: BTreeMap<OrganizationId, String>,
}

/// A client reference, trimmed: 1–64 characters, no control characters.
pub fn check_client_reference(reference: &str) -> Result<String, BillingError> {
    let trimmed = reference.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > MAX_CLIENT_REFERENCE_LEN
        || trimmed.chars().any(char::is_control)
    {
        return Err(BillingError::InvalidClientReference { reference: trimmed.chars().take(70).collect() });
    }
    Ok(trimmed.to_owned())
}

/// The trial of a new subscription of `kind` collected by `collection`, in days: none when
/// collected by invoice (the reference's `ProviderBillingService.SetupSubscription` grants the
/// trial only with a payment method), else 14 for an MSP and 4 for a business unit.
fn trial_days(kind: ProviderType, collection: CollectionMethod) -> Result<u64, BillingError> {
    let trial = match kind {
        ProviderType::Msp => MSP_TRIAL_DAYS,
        ProviderType::BusinessUnit => BUSINESS_UNIT_TRIAL_DAYS,
        ProviderType::Reseller => return Err(BillingError::NoConsolidatedBilling),
    };
    Ok(match collection {
        CollectionMethod::AutomaticCharge => trial,
        CollectionMethod::SendInvoice => 0,
    })
}

fn add_days(date: NaiveDate, days: u64) -> Result<NaiveDate, BillingError> {
    date.checked_add_days(Days::new(days)).ok_or(BillingError::DateOutOfRange)
}

impl Subscription {
    /// Starts the subscription of a provider of `kind` on `today`: a trial of 14 days for an
    /// MSP, 4 for a business unit, when charged automatically; **no trial when collected by
    /// invoice** (issue 15: the reference grants the trial only with a payment method). The first
    /// charge date (the anchor of every period) is the day after the trial, or `today` without
    /// one. A reseller has no consolidated billing (`no_consolidated_billing`).
    pub fn start(
        kind: ProviderType,
        prices: SeatPrices,
        discount: Discount,
        collection: CollectionMethod,
        today: NaiveDate,
    ) -> Result<(Self, SubscriptionChange), BillingError> {
        let trial = trial_days(kind, collection)?;
        let trial_ends_on = add_days(today, trial)?;
        let subscription = Self {
            kind,
            prices,
            discount,
            collection,
            anchor: trial_ends_on,
            lifecycle: Lifecycle::Trialing { trial_ends_on },
            purchases: Vec::new(),
            client_references: BTreeMap::new(),
        };
        let change = SubscriptionChange::Started { subscription: Box::new(subscription.clone()) };
        Ok((subscription, change))
    }

    // ---- queries ----

    /// The kind of provider it bills.
    pub fn kind(&self) -> ProviderType {
        self.kind
    }

    /// The per-seat prices.
    pub fn prices(&self) -> &SeatPrices {
        &self.prices
    }

    /// The discount.
    pub fn discount(&self) -> Discount {
        self.discount
    }

    /// How it is paid.
    pub fn collection(&self) -> CollectionMethod {
        self.collection
    }

    /// The first charge date.
    pub fn anchor(&self) -> NaiveDate {
        self.anchor
    }

    /// The stored lifecycle state.
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// The recorded seat purchases.
    pub fn purchases(&self) -> &[SeatPurchase] {
        &self.purchases
    }

    /// The provider's own reference for `client`, if set.
    pub fn client_reference(&self, client: OrganizationId) -> Option<&str> {
        self.client_references.get(&client).map(String::as_str)
    }

    /// Every client reference.
    pub fn client_references(&self) -> &BTreeMap<OrganizationId, String> {
        &self.client_references
    }

    /// The price per seat of `plan` (negotiated or the reference's).
    pub fn price(&self, plan: PlanType) -> Result<Money, BillingError> {
        self.prices.price(plan)
    }

    /// The billing period of `plan` that contains `date`.
    pub fn period(&self, plan: PlanType, date: NaiveDate) -> Result<BillingPeriod, BillingError> {
        BillingPeriod::containing(self.anchor, billing_cadence(plan), date)
    }

    /// The next charge date of `plan` on or after `date` (the anchor while in trial).
    pub fn next_charge_date(&self, plan: PlanType, date: NaiveDate) -> Result<NaiveDate, BillingError> {
        if date <= self.anchor {
            return Ok(self.anchor);
        }
        let period = self.period(plan, date)?;
        Ok(if period.start() == date { date } else { period.end() })
    }

    /// The status on `today`.
    pub fn status(&self, today: NaiveDate) -> SubscriptionStatus {
        match self.lifecycle {
            Lifecycle::Trialing { trial_ends_on } if today < trial_ends_on => SubscriptionStatus::Trialing,
            Lifecycle::Trialing { .. } | Lifecycle::Active => SubscriptionStatus::Active,
            Lifecycle::Invoiced { invoice } if today > invoice.due_on => SubscriptionStatus::Overdue,
            Lifecycle::Invoiced { .. } => SubscriptionStatus::Invoiced,
            Lifecycle::Unpaid { .. } => SubscriptionStatus::Unpaid,
            Lifecycle::Cancelled { .. } => SubscriptionStatus::Cancelled,
        }
    }

    /// Days the open invoice is past due on `today` (0 when none is, or it is not yet due).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        match self.lifecycle {
            Lifecycle::Invoiced { invoice } | Lifecycle::Unpaid { invoice, .. } => {
                (today - invoice.due_on).num_days().max(0)
            }
            _ => 0,
        }
    }

    /// Whether a suspension warning shows on `today`: the invoice is at least 14 days overdue
    /// on automatic charge, 30 on invoice; or the subscription is unpaid, its overdue invoice
    /// still open (the reference reports the suspension for a past-due *or* unpaid subscription
    /// with an open invoice, issue 15).
    pub fn suspension_warning(&self, today: NaiveDate) -> bool {
        let threshold = match self.collection {
            CollectionMethod::AutomaticCharge => WARNING_DAYS_AUTOMATIC,
            CollectionMethod::SendInvoice => WARNING_DAYS_INVOICE,
        };
        match self.lifecycle {
            Lifecycle::Invoiced { .. } => self.days_overdue(today) >= threshold,
            Lifecycle::Unpaid { .. } => true,
            _ => false,
        }
    }

    /// The purchases charged on the invoice of `charge_date`.
    pub fn purchases_charged_on(&self, charge_date: NaiveDate) -> impl Iterator<Item = &SeatPurchase> {
        self.purchases.iter().filter(move |p| p.charged_on == charge_date)
    }

    // ---- commands (each returns the change; `apply` makes it) ----

    fn refuse_when_cancelled(&self) -> Result<(), BillingError> {
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
        let change = SubscriptionChange::Invoiced { invoice: OpenInvoice { issued_on: on, due_on, amount } };
        self.apply(&change)?;
        Ok(change)
    }

    /// Pays the open invoice on `on` (`no_open_invoice` when none is open). Paying an unpaid
    /// subscription enables the provider again.
    pub fn pay(&mut self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let change = match self.lifecycle {
            Lifecycle::Invoiced { invoice } => {
                SubscriptionChange::Paid { on, amount: invoice.amount, reenables_provider: false }
            }
            Lifecycle::Unpaid { invoice, .. } => {
                SubscriptionChange::Paid { on, amount: invoice.amount, reenables_provider: true }
            }
            _ => return Err(BillingError::NoOpenInvoice),
        };
        self.apply(&change)?;
        Ok(change)
    }

    /// Declares the open invoice unpaid on `on` (it must be past due: `invoice_not_overdue`):
    /// the provider and its clients are disabled, and the subscription cancels 7 days later.
    pub fn mark_unpaid(&mut self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let Lifecycle::Invoiced { invoice } = self.lifecycle else {
            return Err(BillingError::NoOpenInvoice);
        };
        if on <= invoice.due_on {
            return Err(BillingError::NotOverdue { due_on: invoice.due_on });
        }
        let change =
            SubscriptionChange::MarkedUnpaid { on, cancels_on: add_days(on, CANCEL_AFTER_UNPAID_DAYS)? };
        self.apply(&change)?;
        Ok(change)
    }

    /// Cancels an unpaid subscription on `on`, no earlier than 7 days after it was declared
    /// unpaid (`cancel_too_early`; `subscription_not_unpaid` when it is not unpaid).
    pub fn cancel(&mut self, on: NaiveDate) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let Lifecycle::Unpaid { cancels_on, .. } = self.lifecycle else {
            return Err(BillingError::NotUnpaid);
        };
        if on < cancels_on {
            return Err(BillingError::CancelTooEarly { cancels_on });
        }
        let change = SubscriptionChange::Cancelled { on };
        self.apply(&change)?;
        Ok(change)
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
        let reference = reference.map(check_client_reference).transpose()?;
        let change = SubscriptionChange::ClientReferenceSet { client, reference };
        self.apply(&change)?;
        Ok(change)
    }

    /// Sets the discount.
    pub fn set_discount(&mut self, discount: Discount) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let change = SubscriptionChange::DiscountChanged { discount };
        self.apply(&change)?;
        Ok(change)
    }

    /// Sets the negotiated prices.
    pub fn set_prices(&mut self, prices: SeatPrices) -> Result<SubscriptionChange, BillingError> {
        self.refuse_when_cancelled()?;
        let change = SubscriptionChange::PricesChanged { prices };
        self.apply(&change)?;
        Ok(change)
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
    fn due_on(&self, issued_on: NaiveDate) -> Result<NaiveDate, BillingError> {
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

    /// Forgets the reference of a client that left the provider.
    pub fn forget_client(&mut self, client: OrganizationId) {
        self.client_references.remove(&client);
    }

    /// The cadence of `plan` in this subscription.
    pub fn cadence(&self, plan: PlanType) -> Cadence {
        billing_cadence(plan)
    }
}

/// The stable snake_case name of a change.
pub fn change_name(change: &SubscriptionChange) -> &'static str {
    match change {
        SubscriptionChange::Started { .. } => "subscription_started",
        SubscriptionChange::Invoiced { .. } => "subscription_invoiced",
        SubscriptionChange::Paid { .. } => "subscription_paid",
        SubscriptionChange::MarkedUnpaid { .. } => "subscription_unpaid",
        SubscriptionChange::Cancelled { .. } => "subscription_cancelled",
        SubscriptionChange::SeatsPurchased { .. } => "seats_purchased",
        SubscriptionChange::PricesChanged { .. } => "prices_changed",
        SubscriptionChange::DiscountChanged { .. } => "discount_changed",
        SubscriptionChange::ClientReferenceSet { .. } => "client_reference_set",
    }
}

#[cfg(test)]
mod tests;
