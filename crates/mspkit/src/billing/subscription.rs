//! The consolidated subscription of an MSP or business unit: prices, discount, billing anchor,
//! recorded seat purchases, the provider's own client references, and the lifecycle (trial,
//! invoiced, overdue, unpaid, cancelled) as a state machine.
//!
//! Every lifecycle command checks its transition, returns the [`SubscriptionChange`] it
//! caused and changes the subscription only through [`Subscription::apply`], the same function
//! a replay goes through.

mod lifecycle;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::issued::IssuedInvoice;
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

/// What a billing command can change in a subscription, saved before it and put back if the
/// command is refused ([`Subscription::mark`]).
#[derive(Debug, Clone)]
pub(crate) struct SubscriptionMark {
    lifecycle: Lifecycle,
    prices: SeatPrices,
    discount: Discount,
    issued: usize,
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
    /// Every invoice issued, as it was billed (issue 15: the reference's `ProviderInvoiceItem`
    /// rows), in the order issued.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    issued: Vec<IssuedInvoice>,
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
            issued: Vec::new(),
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

    /// Every invoice issued, as it was billed, in the order issued.
    pub fn issued_invoices(&self) -> &[IssuedInvoice] {
        &self.issued
    }

    /// The last invoice issued in the month of `day` (its year and month), if any.
    pub fn issued_in_month_of(&self, day: NaiveDate) -> Option<&IssuedInvoice> {
        use chrono::Datelike;
        self.issued
            .iter()
            .rev()
            .find(|i| i.issued_on.year() == day.year() && i.issued_on.month() == day.month())
    }

    /// What a billing command can change, saved before it (its all-or-nothing snapshot): the
    /// lifecycle, the prices, the discount and how many invoices were issued. Nothing that grows
    /// with the clients or the history is copied (issue 14: each issued invoice keeps one row per
    /// client, and copying them made `mark_unpaid` grow with the clients and the invoices). The
    /// issued list only grows ([`Subscription::record_issued`]), so
    /// [`Subscription::restore_mark`] puts it back by length.
    pub(crate) fn mark(&self) -> SubscriptionMark {
        SubscriptionMark {
            lifecycle: self.lifecycle,
            prices: self.prices.clone(),
            discount: self.discount,
            issued: self.issued.len(),
        }
    }

    /// Puts back what [`Subscription::mark`] saved (after a refused command).
    pub(crate) fn restore_mark(&mut self, mark: SubscriptionMark) {
        self.lifecycle = mark.lifecycle;
        self.prices = mark.prices;
        self.discount = mark.discount;
        self.issued.truncate(mark.issued);
    }

    /// Keeps what an invoice issued by the last `subscription_invoiced` billed (the provider's
    /// `apply` computes it from its state before the event).
    pub(crate) fn record_issued(&mut self, issued: IssuedInvoice) {
        self.issued.push(issued);
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

    /// Forgets the reference of a client that left the provider.
    pub fn forget_client(&mut self, client: OrganizationId) {
        self.client_references.remove(&client);
    }

    /// Puts back a client's reference as it was before a refused command (see
    /// `Provider::commit`).
    pub(crate) fn restore_reference(&mut self, client: OrganizationId, reference: Option<String>) {
        match reference {
            Some(r) => self.client_references.insert(client, r),
            None => self.client_references.remove(&client),
        };
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
