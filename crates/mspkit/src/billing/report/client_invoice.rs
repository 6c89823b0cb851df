//! The client invoice report: one row per client with its plan, seats, price and total, and
//! its CSV.

use serde::Serialize;

use crate::Provider;
use crate::billing::{BillingError, Money, Subscription};
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::provider::clients::{ClientOrganization, ClientState};

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
/// from zero ([`Discount::apply`](crate::billing::Discount::apply)), as the invoice computes it. The
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
    fn new(discount: crate::billing::Discount) -> Self {
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
            let line_total = crate::billing::money::mul_div_round(
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
fn multiply_discounted(
    discount: crate::billing::Discount,
    price: Money,
    seats: u64,
) -> Result<Money, BillingError> {
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
