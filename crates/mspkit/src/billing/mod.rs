//! Consolidated billing: exact money, seat prices and discounts, billing periods and
//! proration, the subscription and its lifecycle, invoices, the client invoice report, seat
//! utilisation, what-if and the usage-based comparison, and the PSA export.
//!
//! Everything here is pure: it reads a [`Provider`](crate::Provider) through its public
//! accessors and a [`Subscription`], takes the date as an input, and never reads a clock.
//!
//! One rounding rule everywhere: an amount that falls between two cents (a prorated purchase,
//! a discounted total) is computed exactly in integers and rounded **once, half away from
//! zero**, to the cent.

mod amounts;
mod cheaper;
mod error;
mod issued;
mod money;
mod period;
mod price;
mod provider_ext;
mod psa_import;
pub(crate) mod report;
mod rules;
mod subscription;
mod warnings;
mod whatif;

#[cfg(test)]
mod tests;

pub use cheaper::CheaperModel;
pub use error::BillingError;
#[cfg(test)]
pub(crate) use issued::copies as issued_copies;
pub use issued::{InvoiceItem, IssuedInvoice, IssuedPlan};
pub use money::Money;
pub use period::BillingPeriod;
pub use price::{Discount, SeatPrices, billing_cadence, list_price, reference_provider_price};
#[cfg(feature = "csv")]
pub use psa_import::read_psa_companies;
pub use psa_import::{
    MAX_PSA_CELL_CHARS, MAX_PSA_COMPANIES, MAX_PSA_QUANTITY, PsaColumns, PsaCompanies, PsaCompany, PsaSystem,
    parse_psa_quantity,
};
pub use report::{
    BillingMonth, CLIENT_INVOICE_COLUMNS, ClientInvoiceReport, ClientInvoiceRow, ClientUtilisation,
    DEFAULT_IDLE_THRESHOLD, IdleShare, Invoice, InvoiceLine, IssuedFacts, PSA_COLUMNS,
    PSA_RECONCILIATION_COLUMNS, PlanUtilisation, ProrationLine, PsaClient, PsaExport, PsaFinding,
    PsaFindingKind, PsaMatch, PsaMatchKind, PsaReconciliation, PsaRow, SeatUtilisation,
    normalised_company_name,
};
pub use rules::{is_purchase, purchased_seats, seats_bought, unassigned_seats};
pub(crate) use subscription::SubscriptionMark;
pub use subscription::{
    BUSINESS_UNIT_TRIAL_DAYS, CANCEL_AFTER_UNPAID_DAYS, CollectionMethod, INVOICE_DAYS_TO_PAY, Lifecycle,
    MAX_CLIENT_REFERENCE_LEN, MSP_TRIAL_DAYS, OpenInvoice, SeatPurchase, Subscription, SubscriptionChange,
    SubscriptionStatus, WARNING_DAYS_AUTOMATIC, WARNING_DAYS_INVOICE, change_name, check_client_reference,
};
pub use warnings::{
    ProviderWarnings, SuspensionResolution, SuspensionWarning, TaxFacts, TaxIdVerification, TaxIdWarning,
};
pub use whatif::{
    ChangeOutcome, MinimumChange, ModelComparison, PlanComparison, ProposedChange, Refusal, SeatChange,
    WhatIf, WhatIfResult,
};
