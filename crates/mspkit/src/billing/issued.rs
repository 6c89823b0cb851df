//! What an issued invoice billed, kept with the subscription (the reference's
//! `ProviderInvoiceItem` rows, and the seat figures of each plan): the client invoice report and
//! the invoice of a billed month are rebuilt from these, not from the seats as they are later.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Discount, Money};
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::provider::clients::ClientState;

/// One row of an issued invoice (the reference's `ProviderInvoiceItem`): a client's seats and
/// estimated total, or a plan's `Unassigned seats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceItem {
    /// The client; none for an `Unassigned seats` row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<OrganizationId>,
    /// The client's name then, or `Unassigned seats`.
    pub client_name: String,
    /// The plan.
    pub plan: PlanType,
    /// Seats assigned then.
    pub assigned_seats: u64,
    /// Seats used then.
    pub used_seats: u64,
    /// The row's estimated total (its share of its plan's line, after the discount).
    pub total: Money,
    /// The client's lifecycle state then (absent when active).
    #[serde(default, skip_serializing_if = "ClientState::is_active")]
    pub state: ClientState,
}

/// One plan's seat figures on an issued invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedPlan {
    /// The plan.
    pub plan: PlanType,
    /// Its seat minimum then.
    pub seat_minimum: u32,
    /// The seats assigned to clients then.
    pub assigned_seats: u64,
    /// The price per seat then (before the discount).
    pub unit_price: Money,
}

/// An invoice as it was issued: the day, the amount, the discount, each plan's seats and price,
/// and the client rows. Recorded by `subscription_invoiced` from the provider's state at that
/// event (see `DESIGN.md`, issue 15).
// Tests count the copies (issue 14: no command copies the issued invoices, which keep one row
// per client), so the copy is written out there.
#[cfg_attr(not(test), derive(Clone))]
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedInvoice {
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// The amount the billing system invoiced.
    pub amount: Money,
    /// The discount then.
    pub discount: Discount,
    /// Each billed plan's seats and price then, in plan order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<IssuedPlan>,
    /// The client rows then, in the client invoice report's order (empty when the report
    /// could not be built: a plan without a price).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<InvoiceItem>,
}

#[cfg(test)]
thread_local! {
    static COPIES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many issued invoices this thread has copied so far (tests only).
#[cfg(test)]
pub(crate) fn copies() -> usize {
    COPIES.with(std::cell::Cell::get)
}

#[cfg(test)]
impl Clone for IssuedInvoice {
    fn clone(&self) -> Self {
        COPIES.with(|c| c.set(c.get() + 1));
        Self {
            issued_on: self.issued_on,
            amount: self.amount,
            discount: self.discount,
            plans: self.plans.clone(),
            items: self.items.clone(),
        }
    }
}
