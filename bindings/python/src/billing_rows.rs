//! The rows of the billing reports as typed objects (issue 18, item 2): each holds the core's
//! row and forwards its fields (amounts as `Decimal`, days as `date`, ids as `UUID`, plans as
//! `PlanType`); `to_dict()` is the dict the report's property returned before.

use mspkit::billing as core;
use pyo3::prelude::*;
use uuid::Uuid;

use crate::billing::{decimal, to_dict};
use crate::convert::PyDay;
use crate::enums::PlanType;
use crate::rows::row_class;

row_class! {
    /// One client's seat utilisation (a row of `SeatUtilisation.clients`).
    ClientUtilisation(core::ClientUtilisation), dict: to_dict;
    {
        /// The client's id.
        #[getter]
        fn id(&self) -> Uuid {
            self.inner.id.uuid()
        }

        /// Its name.
        #[getter]
        fn name(&self) -> &str {
            &self.inner.name
        }

        /// Its plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// Seats assigned.
        #[getter]
        fn assigned(&self) -> u32 {
            self.inner.assigned
        }

        /// Seats used.
        #[getter]
        fn used(&self) -> u32 {
            self.inner.used
        }

        /// Seats free (assigned − used).
        #[getter]
        fn free(&self) -> u32 {
            self.inner.free
        }

        /// Free ÷ assigned, from 0 to 1 (four decimals).
        #[getter]
        fn idle_share(&self) -> f64 {
            self.inner.idle_share.as_f64()
        }

        /// Whether every seat is used (inviting a member is refused).
        #[getter]
        fn full(&self) -> bool {
            self.inner.full
        }
    }
}

row_class! {
    /// One plan's seat utilisation (a row of `SeatUtilisation.plans`).
    PlanUtilisation(core::PlanUtilisation), dict: to_dict;
    {
        /// The plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// Its seat minimum.
        #[getter]
        fn seat_minimum(&self) -> u32 {
            self.inner.seat_minimum
        }

        /// Seats assigned to its clients.
        #[getter]
        fn assigned(&self) -> u64 {
            self.inner.assigned
        }

        /// Seats used.
        #[getter]
        fn used(&self) -> u64 {
            self.inner.used
        }

        /// Seats assigned and not used.
        #[getter]
        fn free(&self) -> u64 {
            self.inner.free
        }

        /// Free ÷ assigned, from 0 to 1 (four decimals).
        #[getter]
        fn idle_share(&self) -> f64 {
            self.inner.idle_share.as_f64()
        }

        /// Seats paid for and given to no client.
        #[getter]
        fn unassigned(&self) -> u64 {
            self.inner.unassigned
        }

        /// Seats bought beyond the minimum.
        #[getter]
        fn purchased(&self) -> u64 {
            self.inner.purchased
        }
    }
}

row_class! {
    /// One plan's line of an invoice (a row of `Invoice.lines`).
    InvoiceLine(core::InvoiceLine), dict: to_dict;
    {
        /// The plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// Its readable name (`Teams (Monthly)`).
        #[getter]
        fn plan_name(&self) -> &'static str {
            self.inner.plan_name
        }

        /// `monthly` or `annually`.
        #[getter]
        fn cadence(&self) -> &'static str {
            self.inner.cadence
        }

        /// The seat minimum.
        #[getter]
        fn seat_minimum(&self) -> u32 {
            self.inner.seat_minimum
        }

        /// Seats beyond the minimum.
        #[getter]
        fn purchased_seats(&self) -> u64 {
            self.inner.purchased_seats
        }

        /// The seats given to clients.
        #[getter]
        fn assigned_seats(&self) -> u64 {
            self.inner.assigned_seats
        }

        /// Seats billed: minimum + purchased.
        #[getter]
        fn quantity(&self) -> u64 {
            self.inner.quantity
        }

        /// The price per seat per period.
        #[getter]
        fn unit_price<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.unit_price)
        }

        /// `quantity × unit price`.
        #[getter]
        fn subtotal<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.subtotal)
        }

        /// The subtotal after the discount.
        #[getter]
        fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.total)
        }
    }
}

row_class! {
    /// Seats bought in the middle of a period, charged prorated on the plan's next invoice (a
    /// row of `Subscription.purchases`).
    SeatPurchase(core::SeatPurchase), dict: to_dict;
    {
        /// The client whose seat change caused it.
        #[getter]
        fn client(&self) -> Uuid {
            self.inner.client.uuid()
        }

        /// The plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// The day of the purchase.
        #[getter]
        fn on(&self) -> PyDay {
            PyDay(self.inner.on)
        }

        /// Seats bought beyond the minimum by this change.
        #[getter]
        fn seats(&self) -> u32 {
            self.inner.seats
        }

        /// The price per seat per period at the time.
        #[getter]
        fn unit_price<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.unit_price)
        }

        /// Days left in the period, the purchase day included.
        #[getter]
        fn remaining_days(&self) -> i64 {
            self.inner.remaining_days
        }

        /// Days in the period.
        #[getter]
        fn period_days(&self) -> i64 {
            self.inner.period_days
        }

        /// The prorated cost before any discount.
        #[getter]
        fn cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.cost)
        }

        /// The charge date of the invoice it appears on.
        #[getter]
        fn charged_on(&self) -> PyDay {
            PyDay(self.inner.charged_on)
        }
    }
}

row_class! {
    /// A prorated purchase on an invoice (a row of `Invoice.prorations`): the purchase's fields
    /// and its cost after the discount.
    ProrationLine(core::ProrationLine), dict: to_dict;
    {
        /// The purchase, as recorded.
        #[getter]
        fn purchase(&self) -> SeatPurchase {
            SeatPurchase::from(self.inner.purchase)
        }

        /// The client whose seat change caused it.
        #[getter]
        fn client(&self) -> Uuid {
            self.inner.purchase.client.uuid()
        }

        /// The plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.purchase.plan)
        }

        /// The day of the purchase.
        #[getter]
        fn on(&self) -> PyDay {
            PyDay(self.inner.purchase.on)
        }

        /// Seats bought.
        #[getter]
        fn seats(&self) -> u32 {
            self.inner.purchase.seats
        }

        /// The prorated cost before the discount.
        #[getter]
        fn cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.purchase.cost)
        }

        /// Its cost after the discount.
        #[getter]
        fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.total)
        }
    }
}

row_class! {
    /// One row of the client invoice report (`ClientInvoiceReport.rows`): a client, or the
    /// `Unassigned seats` of a plan.
    ClientInvoiceRow(core::ClientInvoiceRow), dict: to_dict;
    {
        /// The client's name, or `Unassigned seats`.
        #[getter]
        fn client(&self) -> &str {
            &self.inner.client
        }

        /// The client's id (`None` for an `Unassigned seats` row).
        #[getter]
        fn id(&self) -> Option<Uuid> {
            self.inner.id.map(mspkit::OrganizationId::uuid)
        }

        /// Seats assigned.
        #[getter]
        fn assigned(&self) -> u64 {
            self.inner.assigned
        }

        /// Seats used.
        #[getter]
        fn used(&self) -> u64 {
            self.inner.used
        }

        /// Assigned − used.
        #[getter]
        fn remaining(&self) -> u64 {
            self.inner.remaining
        }

        /// The plan.
        #[getter]
        fn plan_type(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan_type)
        }

        /// The plan's readable name, as the reference writes it (`Teams (Monthly)`).
        #[getter]
        fn plan(&self) -> &'static str {
            self.inner.plan
        }

        /// The row's share of its plan's invoice line total.
        #[getter]
        fn estimated_total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.estimated_total)
        }

        /// The client's lifecycle state (`active`, `trial`, `paused`, …).
        #[getter]
        fn state(&self) -> &'static str {
            self.inner.state.name()
        }

        /// The seats the MSP bills the client for (0 for an `Unassigned seats` row).
        #[getter]
        fn billed_seats(&self) -> u64 {
            self.inner.billed_seats()
        }
    }
}

row_class! {
    /// One client's row of the PSA export (`PsaExport.rows`).
    PsaRow(core::PsaRow), dict: to_dict;
    {
        /// The client's name.
        #[getter]
        fn client(&self) -> &str {
            &self.inner.client
        }

        /// The client's id.
        #[getter]
        fn client_id(&self) -> Uuid {
            self.inner.client_id.uuid()
        }

        /// The provider's own reference for the client, when set.
        #[getter]
        fn reference(&self) -> Option<&str> {
            self.inner.reference.as_deref()
        }

        /// The plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// The plan's readable name (the agreement's product).
        #[getter]
        fn product(&self) -> &'static str {
            self.inner.product
        }

        /// Seats billed to the client.
        #[getter]
        fn quantity(&self) -> u32 {
            self.inner.quantity
        }

        /// The discounted price per seat per period.
        #[getter]
        fn unit_price<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.unit_price)
        }

        /// `quantity × unit price`.
        #[getter]
        fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.total)
        }

        /// `monthly` or `annually`.
        #[getter]
        fn billing_cycle(&self) -> &'static str {
            self.inner.billing_cycle
        }

        /// The client's lifecycle state.
        #[getter]
        fn state(&self) -> &'static str {
            self.inner.state.name()
        }
    }
}

row_class! {
    /// One plan of the model comparison (`ModelComparison.plans`).
    PlanComparison(core::PlanComparison), dict: to_dict;
    {
        /// The plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// `monthly` or `annually`: the period of the two amounts.
        #[getter]
        fn cadence(&self) -> &'static str {
            self.inner.cadence
        }

        /// Seats used.
        #[getter]
        fn used(&self) -> u64 {
            self.inner.used
        }

        /// Seats billed in the seat-minimum model.
        #[getter]
        fn billed_seats(&self) -> u64 {
            self.inner.billed_seats
        }

        /// The seat-minimum model's charge per period.
        #[getter]
        fn seat_minimum_model<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.seat_minimum_model)
        }

        /// The list price per seat.
        #[getter]
        fn list_price<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.list_price)
        }

        /// The usage-based charge per period.
        #[getter]
        fn usage_based<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.usage_based)
        }
    }
}

row_class! {
    /// Why a proposed change would be refused: the code and message the command would give.
    Refusal(core::Refusal), dict: to_dict;
    {
        /// The stable code (`seats_below_occupied`, …).
        #[getter]
        fn code(&self) -> &'static str {
            self.inner.code
        }

        /// The message.
        #[getter]
        fn message(&self) -> &str {
            &self.inner.message
        }
    }
}

row_class! {
    /// What one proposed change would do (a row of `WhatIfResult.outcomes`).
    ChangeOutcome(core::ChangeOutcome), dict: to_dict;
    {
        /// `seats` or `seat_minimum`.
        #[getter]
        fn kind(&self) -> &'static str {
            self.inner.kind
        }

        /// The client (seat changes).
        #[getter]
        fn client(&self) -> Option<Uuid> {
            self.inner.client.map(mspkit::OrganizationId::uuid)
        }

        /// The client's name (seat changes).
        #[getter]
        fn client_name(&self) -> Option<&str> {
            self.inner.client_name.as_deref()
        }

        /// The plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// Seats or minimum before (the dict's `from`).
        #[getter]
        fn from_(&self) -> u32 {
            self.inner.from
        }

        /// Seats or minimum after.
        #[getter]
        fn to(&self) -> u32 {
            self.inner.to
        }

        /// Whether it results in a purchase.
        #[getter]
        fn purchase(&self) -> bool {
            self.inner.purchase
        }

        /// Seats it buys beyond the minimum.
        #[getter]
        fn seats_bought(&self) -> u32 {
            self.inner.seats_bought
        }

        /// Whether a service user could make it.
        #[getter]
        fn service_user_allowed(&self) -> bool {
            self.inner.service_user_allowed
        }

        /// Its prorated cost on the next invoice (before the discount).
        #[getter]
        fn prorated_cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.prorated_cost)
        }

        /// Why the change would be refused, if it would.
        #[getter]
        fn refused(&self) -> Option<Refusal> {
            self.inner.refused.clone().map(Refusal::from)
        }
    }
}

row_class! {
    /// An invoice sent and not yet paid.
    OpenInvoice(core::OpenInvoice), dict: to_dict;
    {
        /// The day it was issued.
        #[getter]
        fn issued_on(&self) -> PyDay {
            PyDay(self.inner.issued_on)
        }

        /// The day it must be paid by.
        #[getter]
        fn due_on(&self) -> PyDay {
            PyDay(self.inner.due_on)
        }

        /// The amount due.
        #[getter]
        fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            decimal(py, self.inner.amount)
        }
    }
}

row_class! {
    /// Where a subscription stands in its lifecycle (`Subscription.lifecycle`): `state` and
    /// the fields of that state (`None` where the state has no such field).
    SubscriptionLifecycle(core::Lifecycle), dict: to_dict;
    {
        /// `trialing`, `active`, `invoiced`, `unpaid` or `cancelled`.
        #[getter]
        fn state(&self) -> &'static str {
            match self.inner {
                core::Lifecycle::Trialing { .. } => "trialing",
                core::Lifecycle::Active => "active",
                core::Lifecycle::Invoiced { .. } => "invoiced",
                core::Lifecycle::Unpaid { .. } => "unpaid",
                core::Lifecycle::Cancelled { .. } => "cancelled",
            }
        }

        /// Trialing: the first day after the trial.
        #[getter]
        fn trial_ends_on(&self) -> Option<PyDay> {
            match self.inner {
                core::Lifecycle::Trialing { trial_ends_on } => Some(PyDay(trial_ends_on)),
                _ => None,
            }
        }

        /// Invoiced or unpaid: the open invoice.
        #[getter]
        fn invoice(&self) -> Option<OpenInvoice> {
            match self.inner {
                core::Lifecycle::Invoiced { invoice } | core::Lifecycle::Unpaid { invoice, .. } => {
                    Some(OpenInvoice::from(invoice))
                }
                _ => None,
            }
        }

        /// Unpaid: when it was declared unpaid.
        #[getter]
        fn since(&self) -> Option<PyDay> {
            match self.inner {
                core::Lifecycle::Unpaid { since, .. } => Some(PyDay(since)),
                _ => None,
            }
        }

        /// Unpaid: when it cancels.
        #[getter]
        fn cancels_on(&self) -> Option<PyDay> {
            match self.inner {
                core::Lifecycle::Unpaid { cancels_on, .. } => Some(PyDay(cancels_on)),
                _ => None,
            }
        }

        /// Cancelled: when.
        #[getter]
        fn on(&self) -> Option<PyDay> {
            match self.inner {
                core::Lifecycle::Cancelled { on } => Some(PyDay(on)),
                _ => None,
            }
        }
    }
}

row_class! {
    /// A client named by a PSA finding.
    PsaClient(core::PsaClient), dict: to_dict;
    {
        /// The client's id.
        #[getter]
        fn id(&self) -> Uuid {
            self.inner.id.uuid()
        }

        /// The client's name.
        #[getter]
        fn name(&self) -> &str {
            &self.inner.name
        }
    }
}

row_class! {
    /// One finding of a PSA reconciliation (`PsaReconciliation.findings`).
    PsaFinding(core::PsaFinding), dict: to_dict;
    {
        /// What it is about (`client_without_reference`, `reference_unmatched`,
        /// `company_without_client`, `quantity_mismatch`).
        #[getter]
        fn kind(&self) -> &'static str {
            self.inner.kind.name()
        }

        /// The clients concerned.
        #[getter]
        fn clients(&self) -> Vec<PsaClient> {
            crate::rows::wrap(&self.inner.clients)
        }

        /// The PSA company id, when a company is concerned.
        #[getter]
        fn company_id(&self) -> Option<&str> {
            self.inner.company_id.as_deref()
        }

        /// The PSA company's name, when a company is concerned.
        #[getter]
        fn company(&self) -> Option<&str> {
            self.inner.company.as_deref()
        }

        /// The seats billed to the clients.
        #[getter]
        fn billed_seats(&self) -> Option<u64> {
            self.inner.billed_seats
        }

        /// The company's quantity in the PSA.
        #[getter]
        fn psa_quantity(&self) -> Option<u64> {
            self.inner.psa_quantity
        }

        /// A sentence for people.
        #[getter]
        fn detail(&self) -> &str {
            &self.inner.detail
        }
    }
}

row_class! {
    /// A proposed reference (`PsaReconciliation.proposals`): the client is that company.
    PsaMatch(core::PsaMatch), dict: to_dict;
    {
        /// The client's id.
        #[getter]
        fn client_id(&self) -> Uuid {
            self.inner.client_id.uuid()
        }

        /// The client's name.
        #[getter]
        fn client(&self) -> &str {
            &self.inner.client
        }

        /// The company's id: the reference to set.
        #[getter]
        fn company_id(&self) -> &str {
            &self.inner.company_id
        }

        /// The company's name.
        #[getter]
        fn company(&self) -> &str {
            &self.inner.company
        }

        /// How the match was found (`exact_name` or `normalised_name`).
        #[getter]
        fn by(&self) -> &'static str {
            self.inner.by.name()
        }
    }
}

/// Registers the row classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ClientUtilisation>()?;
    m.add_class::<PlanUtilisation>()?;
    m.add_class::<InvoiceLine>()?;
    m.add_class::<SeatPurchase>()?;
    m.add_class::<ProrationLine>()?;
    m.add_class::<ClientInvoiceRow>()?;
    m.add_class::<PsaRow>()?;
    m.add_class::<PlanComparison>()?;
    m.add_class::<Refusal>()?;
    m.add_class::<ChangeOutcome>()?;
    m.add_class::<OpenInvoice>()?;
    m.add_class::<SubscriptionLifecycle>()?;
    m.add_class::<PsaClient>()?;
    m.add_class::<PsaFinding>()?;
    m.add_class::<PsaMatch>()?;
    Ok(())
}
