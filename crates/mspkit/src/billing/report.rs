//! What consolidated billing produces from a provider and its subscription: the invoice of a
//! month, the client invoice report, the seat utilisation report and the PSA export.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{BillingError, BillingPeriod, Money, SeatPurchase, Subscription, billing_cadence, rules};
use crate::ClientOrganization;
use crate::Provider;
use crate::ids::OrganizationId;
use crate::plan::{Cadence, PlanType};

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

/// The plans a provider is billed for: those with a minimum or a client, in plan order.
fn billed_plans(provider: &Provider) -> Vec<PlanType> {
    provider.seat_summary().into_iter().map(|s| s.plan).collect()
}

/// The discounted price per seat of every billed plan.
fn discounted_prices(
    provider: &Provider,
    sub: &Subscription,
) -> Result<BTreeMap<PlanType, Money>, BillingError> {
    billed_plans(provider)
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
}

impl Invoice {
    /// The invoice of the charge date in `month` (the subscription's anchor day, or the month's
    /// last day when shorter). Annual plans are charged only in the anniversary month of the
    /// first charge. A month before the first charge is `date_before_subscription`.
    pub fn build(provider: &Provider, sub: &Subscription, month: BillingMonth) -> Result<Self, BillingError> {
        let first = BillingMonth::of(sub.anchor());
        let index = month.months_since(first);
        let index = u32::try_from(index).map_err(|_| BillingError::DateBeforeSubscription {
            date: NaiveDate::from_ymd_opt(month.year, month.month, 1).unwrap_or(sub.anchor()),
            start: sub.anchor(),
        })?;
        let charge_date = BillingPeriod::nth(sub.anchor(), Cadence::Monthly, index)?.start();
        let mut lines = Vec::new();
        for seats in provider.seat_summary() {
            if billing_cadence(seats.plan) == Cadence::Annually && index % 12 != 0 {
                continue;
            }
            let unit_price = sub.price(seats.plan)?;
            let purchased = rules::purchased_seats(seats.assigned_seats, seats.seat_minimum);
            let quantity = u64::from(seats.seat_minimum).saturating_add(purchased);
            let subtotal =
                unit_price.checked_mul(i64::try_from(quantity).map_err(|_| BillingError::Overflow)?)?;
            lines.push(InvoiceLine {
                plan: seats.plan,
                plan_name: seats.plan.display_name(),
                cadence: cadence_name(billing_cadence(seats.plan)),
                seat_minimum: seats.seat_minimum,
                purchased_seats: purchased,
                assigned_seats: seats.assigned_seats,
                quantity,
                unit_price,
                subtotal,
                total: sub.discount().apply(subtotal)?,
            });
        }
        let prorations = sub
            .purchases_charged_on(charge_date)
            .map(|p| Ok(ProrationLine { purchase: *p, total: sub.discount().apply(p.cost)? }))
            .collect::<Result<Vec<_>, BillingError>>()?;
        let subtotal =
            Money::sum(lines.iter().map(|l| l.subtotal).chain(prorations.iter().map(|p| p.purchase.cost)))?;
        let total = Money::sum(lines.iter().map(|l| l.total).chain(prorations.iter().map(|p| p.total)))?;
        Ok(Self { month, charge_date, discount: sub.discount(), lines, prorations, subtotal, total })
    }
}

/// One row of the client invoice report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientInvoiceRow {
    /// The client's name, or `Unassigned seats`.
    pub client: String,
    /// The client's id (none for an `Unassigned seats` row).
    pub id: Option<OrganizationId>,
    /// Seats assigned (for `Unassigned seats`: minimum − assigned seats of the plan).
    pub assigned: u64,
    /// Seats used (0 for `Unassigned seats`).
    pub used: u64,
    /// Assigned − used.
    pub remaining: u64,
    /// The plan.
    pub plan_type: PlanType,
    /// The plan's readable name, as the reference writes it (`Teams (Monthly)`).
    pub plan: &'static str,
    /// Assigned × the plan's seat price × (100 − discount %) / 100, rounded once.
    pub estimated_total: Money,
}

/// The client invoice report: a row per client and an `Unassigned seats` row per plan with
/// no purchased seats, in the reference's columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientInvoiceReport {
    /// The rows: clients in the provider's order, then the `Unassigned seats` rows in plan order.
    pub rows: Vec<ClientInvoiceRow>,
    /// The sum of the estimated totals.
    pub total: Money,
}

/// The client invoice report's columns, in the reference's order.
pub const CLIENT_INVOICE_COLUMNS: [&str; 7] =
    ["Client", "Id", "Assigned", "Used", "Remaining", "Plan", "Estimated total"];

impl ClientInvoiceReport {
    /// Builds the report.
    pub fn build(provider: &Provider, sub: &Subscription) -> Result<Self, BillingError> {
        let prices = discounted_prices(provider, sub)?;
        let price_of =
            |plan: PlanType| prices.get(&plan).copied().ok_or(BillingError::PlanNotBilled { plan });
        let mut rows = Vec::with_capacity(provider.clients().len().saturating_add(2));
        for c in provider.clients() {
            let used = c.occupied_seats();
            rows.push(ClientInvoiceRow {
                client: c.name().to_owned(),
                id: Some(c.id()),
                assigned: u64::from(c.seats()),
                used: u64::from(used),
                remaining: u64::from(c.seats().saturating_sub(used)),
                plan_type: c.plan(),
                plan: c.plan().display_name(),
                estimated_total: discounted_total(sub, c.plan(), u64::from(c.seats()))?,
            });
        }
        for plan in provider.seat_minimums().keys() {
            let seats = provider.plan_seats(*plan);
            if seats.purchased_seats == 0 {
                price_of(*plan)?;
                rows.push(ClientInvoiceRow {
                    client: "Unassigned seats".to_owned(),
                    id: None,
                    assigned: seats.unassigned_seats,
                    used: 0,
                    remaining: seats.unassigned_seats,
                    plan_type: *plan,
                    plan: plan.display_name(),
                    estimated_total: discounted_total(sub, *plan, seats.unassigned_seats)?,
                });
            }
        }
        let total = Money::sum(rows.iter().map(|r| r.estimated_total))?;
        Ok(Self { rows, total })
    }

    /// The report as CSV, in the reference's columns (`Client`, `Id`, `Assigned`, `Used`,
    /// `Remaining`, `Plan`, `Estimated total`), amounts as `$1,234.50`. (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> String {
        use std::fmt::Write as _;
        let mut out = csv::Writer::from_writer(Vec::with_capacity(self.rows.len().saturating_mul(96)));
        // Writing to memory cannot fail; a failure would only drop a row, never panic. One set of
        // buffers serves every row: the report of 100 000 clients allocates no string per cell.
        let _ = out.write_record(CLIENT_INVOICE_COLUMNS);
        let mut id = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let mut cell = String::with_capacity(32);
        let mut amount = [0u8; 40];
        for r in &self.rows {
            let _ = out.write_field(r.client.as_bytes());
            let _ = out.write_field(match r.id {
                Some(client) => client.uuid().hyphenated().encode_lower(&mut id).as_bytes(),
                None => b"",
            });
            for n in [r.assigned, r.used, r.remaining] {
                cell.clear();
                let _ = write!(cell, "{n}");
                let _ = out.write_field(cell.as_bytes());
            }
            let _ = out.write_field(r.plan.as_bytes());
            let _ = out.write_field(r.estimated_total.format_into(&mut amount).as_bytes());
            let _ = out.write_record(None::<&[u8]>);
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

fn discounted_total(sub: &Subscription, plan: PlanType, seats: u64) -> Result<Money, BillingError> {
    let seats = i64::try_from(seats).map_err(|_| BillingError::Overflow)?;
    sub.discount().apply(sub.price(plan)?.checked_mul(seats)?)
}

/// A share of idle seats, in ten-thousandths (`0.2500` is a quarter), exact and comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct IdleShare(u16);

impl IdleShare {
    /// `free ÷ assigned`, rounded half away from zero to four decimals (0 when nothing is
    /// assigned).
    pub fn of(free: u64, assigned: u64) -> Self {
        if assigned == 0 {
            return Self(0);
        }
        let share = super::money::mul_div_round(i128::from(free), 10_000, i128::from(assigned)).unwrap_or(0);
        Self(u16::try_from(share.clamp(0, 10_000)).unwrap_or(0))
    }

    /// The share in ten-thousandths.
    pub fn ten_thousandths(self) -> u16 {
        self.0
    }

    /// The share as a fraction from 0 to 1 (for display).
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

impl fmt::Display for IdleShare {
    /// `25.0%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (u32::from(self.0) + 5) / 10;
        write!(f, "{}.{}%", tenths / 10, tenths % 10)
    }
}

impl Serialize for IdleShare {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

/// One client's seat utilisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientUtilisation {
    /// The client.
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: PlanType,
    /// Seats assigned.
    pub assigned: u32,
    /// Seats used.
    pub used: u32,
    /// Seats free (assigned − used).
    pub free: u32,
    /// Free ÷ assigned.
    pub idle_share: IdleShare,
    /// Whether every seat is used (inviting a member is refused: no autoscale).
    pub full: bool,
}

/// One plan's seat utilisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanUtilisation {
    /// The plan.
    pub plan: PlanType,
    /// Its seat minimum.
    pub seat_minimum: u32,
    /// Seats assigned to its clients.
    pub assigned: u64,
    /// Seats used.
    pub used: u64,
    /// Seats assigned and not used.
    pub free: u64,
    /// Free ÷ assigned.
    pub idle_share: IdleShare,
    /// Seats paid for and given to no client.
    pub unassigned: u64,
    /// Seats bought beyond the minimum.
    pub purchased: u64,
}

/// Seat utilisation across every client: per client, per plan, which clients are full and
/// which hold more than a threshold of idle seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatUtilisation {
    /// Per client, in the provider's order.
    pub clients: Vec<ClientUtilisation>,
    /// Per plan.
    pub plans: Vec<PlanUtilisation>,
    /// The clients with no free seat.
    pub full_clients: Vec<OrganizationId>,
    /// The idle-seat threshold.
    pub idle_threshold: u32,
    /// The clients with more than `idle_threshold` free seats.
    pub idle_clients: Vec<OrganizationId>,
}

impl SeatUtilisation {
    /// Builds the report; clients with more than `idle_threshold` free seats are listed in
    /// `idle_clients`. Needs no subscription: it is about seats, not money.
    pub fn build(provider: &Provider, idle_threshold: u32) -> Self {
        let clients: Vec<ClientUtilisation> = provider.clients().iter().map(client_utilisation).collect();
        let plans = provider
            .seat_summary()
            .into_iter()
            .map(|s| {
                let free = s.assigned_seats.saturating_sub(s.occupied_seats);
                PlanUtilisation {
                    plan: s.plan,
                    seat_minimum: s.seat_minimum,
                    assigned: s.assigned_seats,
                    used: s.occupied_seats,
                    free,
                    idle_share: IdleShare::of(free, s.assigned_seats),
                    unassigned: s.unassigned_seats,
                    purchased: s.purchased_seats,
                }
            })
            .collect();
        let full_clients = clients.iter().filter(|c| c.full).map(|c| c.id).collect();
        let idle_clients = clients.iter().filter(|c| c.free > idle_threshold).map(|c| c.id).collect();
        Self { clients, plans, full_clients, idle_threshold, idle_clients }
    }
}

fn client_utilisation(c: &ClientOrganization) -> ClientUtilisation {
    let used = c.occupied_seats();
    let free = c.seats().saturating_sub(used);
    ClientUtilisation {
        id: c.id(),
        name: c.name().to_owned(),
        plan: c.plan(),
        assigned: c.seats(),
        used,
        free,
        idle_share: IdleShare::of(u64::from(free), u64::from(c.seats())),
        full: free == 0,
    }
}

/// One client's row of the PSA export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaRow {
    /// The client's name.
    pub client: String,
    /// The client's id.
    pub client_id: OrganizationId,
    /// The provider's own reference for the client, when set.
    pub reference: Option<String>,
    /// The plan.
    pub plan: PlanType,
    /// The plan's readable name (the agreement's product).
    pub product: &'static str,
    /// Seats: the agreement's quantity.
    pub quantity: u32,
    /// The discounted price per seat per period, rounded once to the cent.
    pub unit_price: Money,
    /// `quantity × unit price`.
    pub total: Money,
    /// `monthly` or `annually`.
    pub billing_cycle: &'static str,
}

/// What a PSA agreement (ConnectWise, Autotask, HaloPSA style) needs per client: quantity and
/// unit price, with the provider's own client reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaExport {
    /// One row per client, in the provider's order.
    pub rows: Vec<PsaRow>,
}

/// The PSA export's CSV columns.
pub const PSA_COLUMNS: [&str; 8] =
    ["Client", "Client Id", "Reference", "Product", "Quantity", "Unit Price", "Total", "Billing Cycle"];

impl PsaExport {
    /// Builds the export.
    pub fn build(provider: &Provider, sub: &Subscription) -> Result<Self, BillingError> {
        let prices = discounted_prices(provider, sub)?;
        let rows = provider
            .clients()
            .iter()
            .map(|c| {
                let unit_price =
                    prices.get(&c.plan()).copied().ok_or(BillingError::PlanNotBilled { plan: c.plan() })?;
                Ok(PsaRow {
                    client: c.name().to_owned(),
                    client_id: c.id(),
                    reference: sub.client_reference(c.id()).map(str::to_owned),
                    plan: c.plan(),
                    product: c.plan().display_name(),
                    quantity: c.seats(),
                    unit_price,
                    total: unit_price.checked_mul(i64::from(c.seats()))?,
                    billing_cycle: cadence_name(billing_cadence(c.plan())),
                })
            })
            .collect::<Result<_, BillingError>>()?;
        Ok(Self { rows })
    }

    /// The export as CSV; amounts as plain decimals (`4.00`), which PSA imports read as numbers.
    /// (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; a failure would only drop a row, never panic.
        let _ = out.write_record(PSA_COLUMNS);
        for r in &self.rows {
            let _ = out.write_record([
                r.client.as_str(),
                &r.client_id.to_string(),
                r.reference.as_deref().unwrap_or(""),
                r.product,
                &r.quantity.to_string(),
                &r.unit_price.to_decimal_string(),
                &r.total.to_decimal_string(),
                r.billing_cycle,
            ]);
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_and_write_as_yyyy_mm() {
        let m: BillingMonth = "2026-11".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2026, 11));
        assert_eq!(m.to_string(), "2026-11");
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", "abcd-ef", "2026-11-01"] {
            assert_eq!(bad.parse::<BillingMonth>().unwrap_err().code(), "period_invalid", "{bad}");
        }
        assert_eq!(m.months_since("2025-12".parse().unwrap()), 11);
        assert_eq!(m.months_since("2027-01".parse().unwrap()), -2);
    }

    #[test]
    fn idle_share_is_exact_and_rounded_once() {
        assert_eq!(IdleShare::of(1, 3).ten_thousandths(), 3_333);
        assert_eq!(IdleShare::of(2, 3).ten_thousandths(), 6_667);
        assert_eq!(IdleShare::of(0, 0).ten_thousandths(), 0);
        assert_eq!(IdleShare::of(5, 5).to_string(), "100.0%");
        assert_eq!(IdleShare::of(1, 3).to_string(), "33.3%");
        assert_eq!(serde_json::to_string(&IdleShare::of(1, 4)).unwrap(), "0.25");
    }
}
