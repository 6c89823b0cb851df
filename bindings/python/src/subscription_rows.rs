//! The rows of the model comparison, the what-if and the subscription's lifecycle as typed
//! objects (issue 18, item 2), as [`crate::billing_rows`] does for the reports' rows.

use mspkit::billing as core;
use pyo3::prelude::*;
use uuid::Uuid;

use crate::billing::{decimal, to_dict};
use crate::convert::PyDay;
use crate::enums::PlanType;
use crate::rows::row_class;

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

/// Registers the row classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PlanComparison>()?;
    m.add_class::<Refusal>()?;
    m.add_class::<ChangeOutcome>()?;
    m.add_class::<OpenInvoice>()?;
    m.add_class::<SubscriptionLifecycle>()?;
    Ok(())
}
