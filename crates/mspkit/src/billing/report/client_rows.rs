//! The rules of the client invoice report's rows, on the provider's clients and seat figures
//! (no `Provider`: the provider's `apply` records an issued invoice's rows through this, and
//! the report names the provider): the order, each row's share of its plan's line, the
//! refusals.

use std::collections::BTreeMap;

use crate::billing::issued::{InvoiceItem, IssuedPlan};
use crate::billing::{BillingError, Money, Subscription};
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::provider::clients::{ClientOrganization, ClientState};

/// What the rows are made of: the clients in the provider's order, the seat minimums, each
/// plan's assigned seats (the provider's running total) and the billed plans.
pub(crate) struct Book<'a> {
    /// The clients, in the provider's order.
    pub clients: &'a [ClientOrganization],
    /// The seat minimums that were set.
    pub minimums: &'a BTreeMap<PlanType, u32>,
    /// The seats assigned to the clients of a plan.
    pub assigned: &'a dyn Fn(PlanType) -> u64,
    /// The plans billed (a minimum or a client), in plan order.
    pub billed_plans: &'a [PlanType],
}

/// The provider's clients in the client invoice report's order: the resold ones, then the
/// not-for-resale ones (each group in the provider's order).
pub(crate) fn report_order(clients: &[ClientOrganization]) -> impl Iterator<Item = &ClientOrganization> {
    clients.iter().filter(|c| c.state().is_resold()).chain(clients.iter().filter(|c| !c.state().is_resold()))
}

/// Each billed plan's seats and price on an invoice issued now (a plan without a price is left
/// out) and the client rows ([`InvoiceItem`]s; none when the report cannot be built).
pub(crate) fn issued_rows(book: &Book<'_>, sub: &Subscription) -> (Vec<IssuedPlan>, Vec<InvoiceItem>) {
    let plans = book
        .billed_plans
        .iter()
        .filter_map(|plan| {
            let unit_price = sub.price(*plan).ok()?;
            Some(IssuedPlan {
                plan: *plan,
                seat_minimum: book.minimums.get(plan).copied().unwrap_or(0),
                assigned_seats: (book.assigned)(*plan),
                unit_price,
            })
        })
        .collect();
    let mut items = Vec::with_capacity(book.clients.len().saturating_add(2));
    let built = each_client_invoice_row(book, sub, |r| {
        items.push(InvoiceItem {
            client: r.id,
            client_name: r.client.to_owned(),
            plan: r.plan_type,
            assigned_seats: r.assigned,
            used_seats: r.used,
            total: r.estimated_total,
            state: r.state,
        });
    });
    if built.is_err() {
        items.clear();
    }
    (plans, items)
}

/// A row of the client invoice report, borrowing the client's name.
pub(crate) struct RowView<'a> {
    pub(crate) client: &'a str,
    pub(crate) id: Option<OrganizationId>,
    pub(crate) assigned: u64,
    pub(crate) used: u64,
    pub(crate) remaining: u64,
    pub(crate) plan_type: PlanType,
    pub(crate) plan: &'static str,
    pub(crate) estimated_total: Money,
    pub(crate) state: ClientState,
}

/// The rules of the client invoice report, in one place for the report and its direct CSV:
/// gives `row` every row in order (a client's, then the `Unassigned seats` ones) and returns
/// the total. Every refusal comes before the first row.
///
/// The rows of a plan share its invoice line's total (`seats × price`, after the discount,
/// rounded once) by the largest-remainder method ([`PlanShares`]), so they add up to it to the
/// cent: each row gets its exact share rounded down, and the cents left go one each to the
/// rows with the largest remainders, the earlier row first on a tie.
pub(crate) fn each_client_invoice_row<'p>(
    book: &Book<'p>,
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
    for c in report_order(book.clients) {
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
    for plan in book.minimums.keys() {
        prices.price(sub, *plan);
    }
    prices.first_refusal()?;
    if let Some(refusal) = first_refusal {
        return Err(refusal);
    }
    let mut unassigned_rows = Vec::new();
    for plan in book.minimums.keys() {
        // The plan's seat figures (`Provider::plan_seats`), from its running total.
        let assigned = (book.assigned)(*plan);
        let minimum = u64::from(book.minimums.get(plan).copied().unwrap_or(0));
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
    for c in report_order(book.clients) {
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
