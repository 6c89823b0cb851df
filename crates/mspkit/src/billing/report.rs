//! What consolidated billing produces from a provider and its subscription: the invoice of a
//! month, the client invoice report, the seat utilisation report and the PSA export.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{BillingError, BillingPeriod, Money, SeatPurchase, Subscription, billing_cadence, rules};
use crate::ClientOrganization;
use crate::ClientState;
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
        // The plans and their seats from the running totals: O(plans), whatever the clients.
        for plan in provider.billed_plans() {
            if billing_cadence(plan) == Cadence::Annually && index % 12 != 0 {
                continue;
            }
            let seat_minimum = provider.seat_minimum(plan);
            let assigned_seats = provider.assigned_seats(plan);
            let unit_price = sub.price(plan)?;
            let purchased = rules::purchased_seats(assigned_seats, seat_minimum);
            let quantity = u64::from(seat_minimum).saturating_add(purchased);
            let subtotal =
                unit_price.checked_mul(i64::try_from(quantity).map_err(|_| BillingError::Overflow)?)?;
            lines.push(InvoiceLine {
                plan,
                plan_name: plan.display_name(),
                cadence: cadence_name(billing_cadence(plan)),
                seat_minimum,
                purchased_seats: purchased,
                assigned_seats,
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
    /// Assigned × the plan's seat price × (100 − discount %) / 100: the row's share of its
    /// plan's invoice line total, so the rows of a plan add up to that line to the cent (the
    /// cents of rounding go to the rows with the largest remainders; see `DESIGN.md`).
    pub estimated_total: Money,
    /// The client's lifecycle state (issue 17; absent in JSON when active, and for an
    /// `Unassigned seats` row). Not a CSV column: the CSV keeps the reference's columns.
    #[serde(default, skip_serializing_if = "ClientState::is_active")]
    pub state: ClientState,
}

impl ClientInvoiceRow {
    /// The seats the MSP bills the client for ([`ClientState::billed_seats`] of the row's
    /// assigned and used seats, saturated to `u32`; an `Unassigned seats` row bills nobody).
    pub fn billed_seats(&self) -> u64 {
        if self.id.is_none() {
            return 0;
        }
        let seats = u32::try_from(self.assigned).unwrap_or(u32::MAX);
        let used = u32::try_from(self.used).unwrap_or(u32::MAX);
        u64::from(self.state.billed_seats(seats, used))
    }
}

/// The client invoice report: a row per client and an `Unassigned seats` row per plan with
/// no purchased seats, in the reference's columns.
///
/// Not-for-resale clients (issue 17) are shown apart: their rows come after every other
/// client's, before the `Unassigned seats` rows, and their estimated totals (what they cost the
/// provider, never billed to a client) add up to `not_for_resale_total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientInvoiceReport {
    /// The rows: the resold clients in the provider's order, then the not-for-resale clients
    /// in the provider's order, then the `Unassigned seats` rows in plan order.
    pub rows: Vec<ClientInvoiceRow>,
    /// The sum of the estimated totals.
    pub total: Money,
    /// The sum of the not-for-resale clients' estimated totals (absent in JSON when zero).
    #[serde(skip_serializing_if = "is_zero_money")]
    pub not_for_resale_total: Money,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_zero_money(m: &Money) -> bool {
    *m == Money::ZERO
}

/// The provider's clients in the client invoice report's order: the resold ones, then the
/// not-for-resale ones (each group in the provider's order).
fn report_order(provider: &Provider) -> impl Iterator<Item = &ClientOrganization> {
    let clients = provider.clients();
    clients.iter().filter(|c| c.state().is_resold()).chain(clients.iter().filter(|c| !c.state().is_resold()))
}

/// The client invoice report's columns, in the reference's order.
pub const CLIENT_INVOICE_COLUMNS: [&str; 7] =
    ["Client", "Id", "Assigned", "Used", "Remaining", "Plan", "Estimated total"];

impl ClientInvoiceReport {
    /// Builds the report.
    ///
    /// Two passes over the clients (one to count each plan's rounding remainders, one to write
    /// the rows), in O(clients); the rows of a plan add up to its invoice line (largest
    /// remainder, see [`ClientInvoiceRow::estimated_total`]). It refuses what it always
    /// refused, in the same order, before any row is made: first a billed plan (one with a minimum or a client) without a price, in plan
    /// order; then the first client whose total does not fit; then an `Unassigned seats` row;
    /// then a total that does not fit.
    pub fn build(provider: &Provider, sub: &Subscription) -> Result<Self, BillingError> {
        let mut rows = Vec::with_capacity(provider.clients().len().saturating_add(2));
        let total = each_client_invoice_row(provider, sub, |row| rows.push(row.to_owned_row()))?;
        let not_for_resale_total = Money::sum(
            rows.iter().filter(|r| r.id.is_some() && !r.state.is_resold()).map(|r| r.estimated_total),
        )?;
        Ok(Self { rows, total, not_for_resale_total })
    }

    /// The report's CSV ([`ClientInvoiceReport::to_csv`]) written straight from the provider,
    /// without building the report: no row and no copy of a client's name is made, which for
    /// a provider of many thousands of clients is most of the work. The same text, the same
    /// refusals as [`ClientInvoiceReport::build`]. (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn csv_of(provider: &Provider, sub: &Subscription) -> Result<String, BillingError> {
        let mut csv = ClientInvoiceCsv::with_rows(provider.clients().len().saturating_add(2));
        each_client_invoice_row(provider, sub, |row| csv.push(&row))?;
        Ok(csv.finish())
    }

    /// The report as CSV, in the reference's columns (`Client`, `Id`, `Assigned`, `Used`,
    /// `Remaining`, `Plan`, `Estimated total`), amounts as `$1,234.50`, each record ended by
    /// CRLF as the reference's CSV writer ends it (issue 15). A cell a spreadsheet
    /// would run as a formula (a client name starting with `=`, `+`, `-`, `@`, …) is written
    /// with a leading `'` ([`crate::text::csv_cell`]). (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> String {
        let mut csv = ClientInvoiceCsv::with_rows(self.rows.len());
        for r in &self.rows {
            csv.push(&RowView {
                client: &r.client,
                id: r.id,
                assigned: r.assigned,
                used: r.used,
                remaining: r.remaining,
                plan_type: r.plan_type,
                plan: r.plan,
                estimated_total: r.estimated_total,
                state: r.state,
            });
        }
        csv.finish()
    }
}

/// A row of the client invoice report, borrowing the client's name.
struct RowView<'a> {
    client: &'a str,
    id: Option<OrganizationId>,
    assigned: u64,
    used: u64,
    remaining: u64,
    plan_type: PlanType,
    plan: &'static str,
    estimated_total: Money,
    state: ClientState,
}

impl RowView<'_> {
    fn to_owned_row(&self) -> ClientInvoiceRow {
        ClientInvoiceRow {
            client: self.client.to_owned(),
            id: self.id,
            assigned: self.assigned,
            used: self.used,
            remaining: self.remaining,
            plan_type: self.plan_type,
            plan: self.plan,
            estimated_total: self.estimated_total,
            state: self.state,
        }
    }
}

/// The rules of the client invoice report, in one place for the report and its direct CSV:
/// gives `row` every row in order (a client's, then the `Unassigned seats` ones) and returns
/// the total. Every refusal comes before the first row.
///
/// The rows of a plan share its invoice line's total (`seats × price`, after the discount,
/// rounded once) by the largest-remainder method ([`PlanShares`]), so they add up to it to the
/// cent: each row gets its exact share rounded down, and the cents left go one each to the
/// rows with the largest remainders, the earlier row first on a tie.
fn each_client_invoice_row<'p>(
    provider: &'p Provider,
    sub: &Subscription,
    mut row: impl FnMut(RowView<'p>),
) -> Result<Money, BillingError> {
    let discount = sub.discount();
    // The price of each plan met, checked once: a provider has a handful of plans.
    let mut prices = PlanPrices::default();
    let mut first_refusal: Option<BillingError> = None;
    let mut shares = PlanShares::new(discount);
    // First pass: the refusals, and each plan's seats and remainders (rows in report order:
    // the shares of tied rows go to the earlier one).
    for c in report_order(provider) {
        // No price: reported below, with the other plans, in plan order.
        if let Some(price) = prices.price(sub, c.plan()) {
            let seats = u64::from(c.seats());
            match multiply_discounted(discount, price, seats) {
                Ok(_) => shares.add(c.plan(), price, seats),
                Err(refusal) => {
                    first_refusal.get_or_insert(refusal);
                }
            }
        }
    }
    for plan in provider.seat_minimums().keys() {
        prices.price(sub, *plan);
    }
    prices.first_refusal()?;
    if let Some(refusal) = first_refusal {
        return Err(refusal);
    }
    let mut unassigned_rows = Vec::new();
    for plan in provider.seat_minimums().keys() {
        // The plan's seat figures (`Provider::plan_seats`), from its running total.
        let assigned = provider.assigned_seats(*plan);
        let minimum = u64::from(provider.seat_minimum(*plan));
        if assigned.saturating_sub(minimum) == 0 {
            let unassigned = minimum.saturating_sub(assigned);
            let price = prices.price(sub, *plan).ok_or(BillingError::PlanNotBilled { plan: *plan })?;
            multiply_discounted(discount, price, unassigned)?;
            shares.add(*plan, price, unassigned);
            unassigned_rows.push((*plan, unassigned));
        }
    }
    shares.settle();
    // Second pass: the rows, each with its share.
    // The running total; `None` once it overflowed (reported after every other refusal).
    let mut total = Some(Money::ZERO);
    for c in report_order(provider) {
        let plan = c.plan();
        let used = c.occupied_seats();
        let estimated_total = shares.take(plan, u64::from(c.seats()))?;
        total = total.and_then(|t| t.checked_add(estimated_total).ok());
        row(RowView {
            client: c.name(),
            id: Some(c.id()),
            assigned: u64::from(c.seats()),
            used: u64::from(used),
            remaining: u64::from(c.seats().saturating_sub(used)),
            plan_type: plan,
            plan: plan.display_name(),
            estimated_total,
            state: c.state(),
        });
    }
    for (plan, unassigned) in unassigned_rows {
        let estimated_total = shares.take(plan, unassigned)?;
        total = total.and_then(|t| t.checked_add(estimated_total).ok());
        row(RowView {
            client: "Unassigned seats",
            id: None,
            assigned: unassigned,
            used: 0,
            remaining: unassigned,
            plan_type: plan,
            plan: plan.display_name(),
            estimated_total,
            state: ClientState::Active,
        });
    }
    total.ok_or(BillingError::Overflow)
}

/// The denominator of a discount: amounts are multiplied by `10 000 − basis points` and
/// divided by this.
const DISCOUNT_DENOMINATOR: i128 = 10_000;

/// How each plan's invoice line total is shared among the plan's rows of the client invoice
/// report (largest remainder, also called Hamilton's method).
///
/// A row's exact share is `seats × price × (10 000 − discount basis points) / 10 000` cents; its
/// remainder is the fraction of a cent dropped by rounding it down (in ten-thousandths of a
/// cent). The plan's line total is the same product over all its seats, rounded once, half away
/// from zero ([`Discount::apply`](super::Discount::apply)), as the invoice computes it. The
/// cents between that total and the sum of the rounded-down shares — never more than the
/// number of rows with a remainder — go one each to the rows with the largest remainders; on a
/// tie, to the earlier row. The remainders are counted per value (10 000 of them), so the
/// threshold is found without sorting and without keeping the rows.
struct PlanShares {
    factor: i128,
    plans: Vec<PlanShare>,
}

/// One plan's share of its invoice line total.
struct PlanShare {
    plan: PlanType,
    price: i128,
    seats: i128,
    rounded_down: i128,
    /// How many rows have each remainder (index 0 unused: no cent goes to an exact share).
    remainders: Vec<u32>,
    /// After [`PlanShares::settle`]: a row whose remainder is above this gets a cent…
    threshold: i128,
    /// …and so do the first `ties` rows whose remainder is exactly the threshold.
    ties: u32,
}

impl PlanShares {
    fn new(discount: super::Discount) -> Self {
        Self { factor: DISCOUNT_DENOMINATOR - i128::from(discount.basis_points()), plans: Vec::new() }
    }

    /// A row's exact share, rounded down, and its remainder.
    fn split(&self, price: i128, seats: u64) -> (i128, i128) {
        let exact = price.saturating_mul(i128::from(seats)).saturating_mul(self.factor);
        (exact.div_euclid(DISCOUNT_DENOMINATOR), exact.rem_euclid(DISCOUNT_DENOMINATOR))
    }

    fn plan_mut(&mut self, plan: PlanType) -> Option<&mut PlanShare> {
        self.plans.iter_mut().find(|p| p.plan == plan)
    }

    /// Counts a row of `seats` seats of `plan` at `price` per seat.
    fn add(&mut self, plan: PlanType, price: Money, seats: u64) {
        let price = i128::from(price.cents());
        let (rounded_down, remainder) = self.split(price, seats);
        if self.plan_mut(plan).is_none() {
            self.plans.push(PlanShare {
                plan,
                price,
                seats: 0,
                rounded_down: 0,
                remainders: vec![0; 10_000],
                threshold: DISCOUNT_DENOMINATOR,
                ties: 0,
            });
        }
        if let Some(share) = self.plan_mut(plan) {
            share.seats = share.seats.saturating_add(i128::from(seats));
            share.rounded_down = share.rounded_down.saturating_add(rounded_down);
            if let Some(count) = usize::try_from(remainder).ok().and_then(|r| share.remainders.get_mut(r)) {
                *count = count.saturating_add(1);
            }
        }
    }

    /// Finds, for each plan, which rows get a cent.
    fn settle(&mut self) {
        for share in &mut self.plans {
            let line_total = super::money::mul_div_round(
                share.price.saturating_mul(share.seats),
                self.factor,
                DISCOUNT_DENOMINATOR,
            )
            .unwrap_or(share.rounded_down);
            let mut cents_left = line_total.saturating_sub(share.rounded_down);
            for remainder in (1..DISCOUNT_DENOMINATOR).rev() {
                if cents_left <= 0 {
                    break;
                }
                let count = usize::try_from(remainder)
                    .ok()
                    .and_then(|r| share.remainders.get(r))
                    .copied()
                    .unwrap_or(0);
                share.threshold = remainder;
                if i128::from(count) >= cents_left {
                    share.ties = u32::try_from(cents_left).unwrap_or(count);
                    cents_left = 0;
                } else {
                    share.ties = count;
                    cents_left -= i128::from(count);
                }
            }
            // Every row with a remainder before the threshold was passed gets its cent: the
            // rows at the threshold are counted by `ties`, those above by `threshold`.
        }
    }

    /// The share of the next row of `plan` (rows are taken in the order they were added).
    fn take(&mut self, plan: PlanType, seats: u64) -> Result<Money, BillingError> {
        let Some(price) = self.plans.iter().find(|p| p.plan == plan).map(|p| p.price) else {
            return Err(BillingError::PlanNotBilled { plan });
        };
        let (rounded_down, remainder) = self.split(price, seats);
        let mut cents = rounded_down;
        if let Some(share) = self.plan_mut(plan) {
            if remainder > 0 && remainder > share.threshold {
                cents = cents.saturating_add(1);
            } else if remainder > 0 && remainder == share.threshold && share.ties > 0 {
                share.ties -= 1;
                cents = cents.saturating_add(1);
            }
        }
        i64::try_from(cents).map(Money::from_cents).map_err(|_| BillingError::Overflow)
    }
}

/// The client invoice CSV being written: one pre-sized buffer, quoted as the `csv` crate's
/// writer quotes by default (only a field holding a comma, a quote or a line break, its quotes
/// doubled), with no string per cell and no writer per row.
#[cfg(feature = "csv")]
struct ClientInvoiceCsv {
    out: Vec<u8>,
    id: [u8; uuid::fmt::Hyphenated::LENGTH],
    amount: [u8; 40],
}

#[cfg(feature = "csv")]
impl ClientInvoiceCsv {
    /// The header; room for `rows` rows of about 100 bytes (a 36-byte id, a name of about 20):
    /// longer rows only grow the buffer.
    fn with_rows(rows: usize) -> Self {
        let mut out = Vec::with_capacity(rows.saturating_mul(128).saturating_add(128));
        for (i, column) in CLIENT_INVOICE_COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_csv_field(&mut out, column.as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        Self { out, id: [0; uuid::fmt::Hyphenated::LENGTH], amount: [0; 40] }
    }

    fn push(&mut self, r: &RowView<'_>) {
        let out = &mut self.out;
        push_csv_field(out, r.client.as_bytes());
        out.push(b',');
        if let Some(client) = r.id {
            out.extend_from_slice(client.uuid().hyphenated().encode_lower(&mut self.id).as_bytes());
        }
        for n in [r.assigned, r.used, r.remaining] {
            out.push(b',');
            push_decimal(out, n);
        }
        out.push(b',');
        push_csv_field(out, r.plan.as_bytes());
        out.push(b',');
        push_csv_field(out, r.estimated_total.format_ascii(&mut self.amount));
        out.extend_from_slice(b"\r\n");
    }

    fn finish(self) -> String {
        // Only whole UTF-8 strings and ASCII went in: this checks, it never fails.
        String::from_utf8(self.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// The checked price of each plan a report meets, looked up once per plan (a provider has a
/// handful of plans: a short list beats a map).
#[derive(Default)]
struct PlanPrices {
    plans: Vec<(PlanType, Result<Money, BillingError>)>,
}

impl PlanPrices {
    /// `plan`'s price per seat; `None` when it has none (or its discounted price does not fit),
    /// which [`PlanPrices::first_refusal`] then reports.
    fn price(&mut self, sub: &Subscription, plan: PlanType) -> Option<Money> {
        if let Some((_, price)) = self.plans.iter().find(|(p, _)| *p == plan) {
            return price.as_ref().ok().copied();
        }
        let price = sub.price(plan).and_then(|price| sub.discount().apply(price).map(|_| price));
        let found = price.as_ref().ok().copied();
        self.plans.push((plan, price));
        found
    }

    /// The refusal of the first plan, in plan order, that has no price.
    fn first_refusal(&self) -> Result<(), BillingError> {
        match self
            .plans
            .iter()
            .filter_map(|(plan, price)| price.as_ref().err().map(|e| (plan, e)))
            .min_by_key(|(plan, _)| **plan)
        {
            Some((_, refusal)) => Err(refusal.clone()),
            None => Ok(()),
        }
    }
}

/// `seats × price`, after the discount, rounded once.
fn multiply_discounted(discount: super::Discount, price: Money, seats: u64) -> Result<Money, BillingError> {
    let seats = i64::try_from(seats).map_err(|_| BillingError::Overflow)?;
    discount.apply(price.checked_mul(seats)?)
}

/// Appends one CSV field, neutralised against formula injection as
/// [`crate::text::csv_cell`] does (a leading `'`), then quoted only when it holds a comma, a
/// quote, a line feed or a carriage return, with its quotes doubled: what the `csv` crate's
/// writer does by default.
#[cfg(feature = "csv")]
fn push_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    if crate::text::csv_cell_needs_quote_mark(field) {
        let mut marked = Vec::with_capacity(field.len().saturating_add(1));
        marked.push(b'\'');
        marked.extend_from_slice(field);
        push_quoted_csv_field(out, &marked);
    } else {
        push_quoted_csv_field(out, field);
    }
}

/// Appends one CSV field as it is, quoted only when it must be (see [`push_csv_field`]).
#[cfg(feature = "csv")]
fn push_quoted_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    // Every special byte is at most `,` (0x2C): one comparison rules out most bytes, and the
    // fold (no early exit) lets the compiler check many bytes at a time.
    let special = |b: u8| b <= b',' && matches!(b, b',' | b'"' | b'\n' | b'\r');
    if !field.iter().fold(false, |found, b| found | special(*b)) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for (i, part) in field.split(|b| *b == b'"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part);
    }
    out.push(b'"');
}

/// Appends `n` in decimal digits.
#[cfg(feature = "csv")]
fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(slot) = digits.get_mut(at) {
            *slot = b'0' + u8::try_from(n % 10).unwrap_or(0);
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
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
/// which hold more than a threshold of idle seats ([`DEFAULT_IDLE_THRESHOLD`] unless a caller
/// gives another).
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

/// The idle-seat threshold of the seat utilisation when the caller gives none (the CLI's
/// `--idle`, the binding's `idle=`): a client holding more free seats than this is idle.
pub const DEFAULT_IDLE_THRESHOLD: u32 = 10;

impl SeatUtilisation {
    /// Builds the report; clients with more than `idle_threshold` free seats are listed in
    /// `idle_clients`. Needs no subscription: it is about seats, not money.
    pub fn build(provider: &Provider, idle_threshold: u32) -> Self {
        let mut clients = Vec::with_capacity(provider.clients().len());
        let mut full_clients = Vec::new();
        let mut idle_clients = Vec::new();
        for c in provider.clients() {
            let row = client_utilisation(c);
            if row.full {
                full_clients.push(row.id);
            }
            if row.free > idle_threshold {
                idle_clients.push(row.id);
            }
            clients.push(row);
        }
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
    /// Seats: the agreement's quantity, the seats the MSP bills the client for
    /// ([`ClientState::billed_seats`]: every assigned seat of an active or suspended client, the
    /// occupied ones of a paused client, none on trial or not-for-resale).
    pub quantity: u32,
    /// The discounted price per seat per period, rounded once to the cent.
    pub unit_price: Money,
    /// `quantity × unit price`.
    pub total: Money,
    /// `monthly` or `annually`.
    pub billing_cycle: &'static str,
    /// The client's lifecycle state (issue 17; absent in JSON when active). Not a CSV column.
    #[serde(skip_serializing_if = "ClientState::is_active")]
    pub state: ClientState,
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
                let quantity = c.state().billed_seats(c.seats(), c.occupied_seats());
                Ok(PsaRow {
                    client: c.name().to_owned(),
                    client_id: c.id(),
                    reference: sub.client_reference(c.id()).map(str::to_owned),
                    plan: c.plan(),
                    product: c.plan().display_name(),
                    quantity,
                    unit_price,
                    total: unit_price.checked_mul(i64::from(quantity))?,
                    billing_cycle: cadence_name(billing_cadence(c.plan())),
                    state: c.state(),
                })
            })
            .collect::<Result<_, BillingError>>()?;
        Ok(Self { rows })
    }

    /// The export as CSV; amounts as plain decimals (`4.00`), which PSA imports read as numbers.
    /// A cell a spreadsheet would run as a formula (a name or reference starting with `=`, `+`,
    /// `-`, `@`, …) is written with a leading `'` ([`crate::text::csv_cell`]). (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; a failure would only drop a row, never panic.
        let _ = out.write_record(PSA_COLUMNS);
        for r in &self.rows {
            let cells = [
                r.client.as_str(),
                &r.client_id.to_string(),
                r.reference.as_deref().unwrap_or(""),
                r.product,
                &r.quantity.to_string(),
                &r.unit_price.to_decimal_string(),
                &r.total.to_decimal_string(),
                r.billing_cycle,
            ];
            // Every cell neutralised against formula injection (a PSA tool imports this file).
            let cells = cells.map(crate::text::csv_cell);
            let _ = out.write_record(cells.iter().map(|cell| cell.as_bytes()));
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
