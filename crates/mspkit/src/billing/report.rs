//! What consolidated billing produces from a provider and its subscription: the invoice of a
//! month, the client invoice report, the seat utilisation report and the PSA export.

mod client_invoice;
pub(crate) mod client_rows;
mod psa;
mod reconcile;
mod utilisation;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::issued::IssuedInvoice;
use super::{BillingError, BillingPeriod, Money, SeatPurchase, Subscription, billing_cadence, rules};
use crate::Provider;
use crate::plan::{Cadence, PlanType};

pub use client_invoice::{CLIENT_INVOICE_COLUMNS, ClientInvoiceReport, ClientInvoiceRow};

pub use psa::{PSA_COLUMNS, PsaExport, PsaRow};
pub use reconcile::{
    PSA_RECONCILIATION_COLUMNS, PsaClient, PsaFinding, PsaFindingKind, PsaMatch, PsaMatchKind,
    PsaReconciliation, normalised_company_name,
};
pub use utilisation::{
    ClientUtilisation, DEFAULT_IDLE_THRESHOLD, IdleShare, PlanUtilisation, SeatUtilisation,
};

/// A calendar month, written `YYYY-MM`: which invoice to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BillingMonth {
    year: i32,
    month: u32,
}

impl BillingMonth {
    /// The month `month` (1–12) of `year`.
    pub fn new(year: i32, month: u32) -> Result<Self, BillingError> {
        if !(1..=12).contains(&month) || NaiveDate::from_ymd_opt(year, month, 1).is_none() {
            return Err(BillingError::InvalidMonth { input: format!("{year:04}-{month:02}") });
        }
        Ok(Self { year, month })
    }

    /// The month holding `date`.
    pub fn of(date: NaiveDate) -> Self {
        Self { year: date.year(), month: date.month() }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// Months from `other` to `self` (negative when `self` is earlier).
    fn months_since(self, other: Self) -> i64 {
        (i64::from(self.year) - i64::from(other.year)) * 12 + i64::from(self.month) - i64::from(other.month)
    }
}

impl FromStr for BillingMonth {
    type Err = BillingError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || BillingError::InvalidMonth { input: s.chars().take(40).collect() };
        let (y, m) = s.trim().split_once('-').ok_or_else(invalid)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        Self::new(y.parse().map_err(|_| invalid())?, m.parse().map_err(|_| invalid())?).map_err(|_| invalid())
    }
}

impl fmt::Display for BillingMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for BillingMonth {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BillingMonth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

fn cadence_name(cadence: Cadence) -> &'static str {
    match cadence {
        Cadence::Annually => "annually",
        _ => "monthly",
    }
}

/// The discounted price per seat of every billed plan.
fn discounted_prices(
    provider: &Provider,
    sub: &Subscription,
) -> Result<BTreeMap<PlanType, Money>, BillingError> {
    provider
        .billed_plans()
        .into_iter()
        .map(|plan| Ok((plan, sub.discount().apply(sub.price(plan)?)?)))
        .collect()
}

/// One plan's line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceLine {
    /// The plan.
    pub plan: PlanType,
    /// Its readable name (`Teams (Monthly)`).
    pub plan_name: &'static str,
    /// `monthly` or `annually`.
    pub cadence: &'static str,
    /// The seat minimum.
    pub seat_minimum: u32,
    /// Seats beyond the minimum.
    pub purchased_seats: u64,
    /// The seats given to clients.
    pub assigned_seats: u64,
    /// Seats billed: minimum + purchased.
    pub quantity: u64,
    /// The price per seat per period.
    pub unit_price: Money,
    /// `quantity × unit price`.
    pub subtotal: Money,
    /// The subtotal after the discount.
    pub total: Money,
}

/// A prorated purchase on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProrationLine {
    /// The purchase, as recorded.
    #[serde(flatten)]
    pub purchase: SeatPurchase,
    /// Its cost after the discount.
    pub total: Money,
}

/// The provider's invoice for the charge date of a month: a line per plan charged that day,
/// the prorated purchases of the period that ended then, and the total (the sum of both).
///
/// It is computed from the provider's seats as they are now: the estimate of that invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invoice {
    /// The month asked for.
    pub month: BillingMonth,
    /// The charge date in that month.
    pub charge_date: NaiveDate,
    /// The discount applied.
    pub discount: super::Discount,
    /// One line per plan charged that day.
    pub lines: Vec<InvoiceLine>,
    /// The prorated purchases charged that day.
    pub prorations: Vec<ProrationLine>,
    /// The total before the discount.
    pub subtotal: Money,
    /// The sum of every line's and every proration's total.
    pub total: Money,
    /// For a billed month (an invoice was issued in it): the day it was issued and the amount
    /// invoiced; the lines are then the seats and prices of that day (absent in JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<IssuedFacts>,
}

/// The facts of an issued invoice an [`Invoice`] of a billed month shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IssuedFacts {
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// The amount invoiced.
    pub amount: Money,
}

/// One plan's figures an invoice line is computed from.
struct PlanFigures {
    plan: PlanType,
    seat_minimum: u32,
    assigned_seats: u64,
    /// Its price, or why it has none (refused only when the plan is charged that month).
    unit_price: Result<Money, BillingError>,
}

/// The invoice line of `f`, discounted by `discount`.
fn invoice_line(f: &PlanFigures, discount: super::Discount) -> Result<InvoiceLine, BillingError> {
    let purchased = rules::purchased_seats(f.assigned_seats, f.seat_minimum);
    let quantity = u64::from(f.seat_minimum).saturating_add(purchased);
    let unit_price = f.unit_price.clone()?;
    let subtotal = unit_price.checked_mul(i64::try_from(quantity).map_err(|_| BillingError::Overflow)?)?;
    Ok(InvoiceLine {
        plan: f.plan,
        plan_name: f.plan.display_name(),
        cadence: cadence_name(billing_cadence(f.plan)),
        seat_minimum: f.seat_minimum,
        purchased_seats: purchased,
        assigned_seats: f.assigned_seats,
        quantity,
        unit_price,
        subtotal,
        total: discount.apply(subtotal)?,
    })
}

impl Invoice {
    /// The invoice of the charge date in `month` (the subscription's anchor day, or the month's
    /// last day when shorter). Annual plans are charged only in the anniversary month of the
    /// first charge. A month before the first charge is `date_before_subscription`.
    pub fn build(provider: &Provider, sub: &Subscription, month: BillingMonth) -> Result<Self, BillingError> {
        // The plans and their seats from the running totals: O(plans), whatever the clients.
        let figures: Vec<PlanFigures> = provider
            .billed_plans()
            .into_iter()
            .map(|plan| PlanFigures {
                plan,
                seat_minimum: provider.seat_minimum(plan),
                assigned_seats: provider.assigned_seats(plan),
                unit_price: sub.price(plan),
            })
            .collect();
        Self::of_figures(sub, month, &figures, sub.discount(), None)
    }

    /// The invoice of `month` as `issued` billed it: its plans' seats, prices and discount then
    /// (issue 15), the prorated purchases charged on the month's charge date.
    pub fn billed(
        sub: &Subscription,
        month: BillingMonth,
        issued: &IssuedInvoice,
    ) -> Result<Self, BillingError> {
        let figures: Vec<PlanFigures> = issued
            .plans
            .iter()
            .map(|p| PlanFigures {
                plan: p.plan,
                seat_minimum: p.seat_minimum,
                assigned_seats: p.assigned_seats,
                unit_price: Ok(p.unit_price),
            })
            .collect();
        let facts = IssuedFacts { issued_on: issued.issued_on, amount: issued.amount };
        Self::of_figures(sub, month, &figures, issued.discount, Some(facts))
    }

    fn of_figures(
        sub: &Subscription,
        month: BillingMonth,
        figures: &[PlanFigures],
        discount: super::Discount,
        issued: Option<IssuedFacts>,
    ) -> Result<Self, BillingError> {
        let first = BillingMonth::of(sub.anchor());
        let index = month.months_since(first);
        let index = u32::try_from(index).map_err(|_| BillingError::DateBeforeSubscription {
            date: NaiveDate::from_ymd_opt(month.year, month.month, 1).unwrap_or(sub.anchor()),
            start: sub.anchor(),
        })?;
        let charge_date = BillingPeriod::nth(sub.anchor(), Cadence::Monthly, index)?.start();
        let mut lines = Vec::new();
        for f in figures {
            if billing_cadence(f.plan) == Cadence::Annually && index % 12 != 0 {
                continue;
            }
            lines.push(invoice_line(f, discount)?);
        }
        let prorations = sub
            .purchases_charged_on(charge_date)
            .map(|p| Ok(ProrationLine { purchase: *p, total: discount.apply(p.cost)? }))
            .collect::<Result<Vec<_>, BillingError>>()?;
        let subtotal =
            Money::sum(lines.iter().map(|l| l.subtotal).chain(prorations.iter().map(|p| p.purchase.cost)))?;
        let total = Money::sum(lines.iter().map(|l| l.total).chain(prorations.iter().map(|p| p.total)))?;
        Ok(Self { month, charge_date, discount, lines, prorations, subtotal, total, issued })
    }
}

#[cfg(test)]
mod tests;
