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
        fn state(&self) -> PyResult<crate::names::ClientState> {
            self.inner.state.kind().try_into()
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
        fn state(&self) -> PyResult<crate::names::ClientState> {
            self.inner.state.kind().try_into()
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
    crate::subscription_rows::register(m)?;
    Ok(())
}
