//! Billing queries on the provider: each finds the provider's subscription and builds the report.

use chrono::NaiveDate;

use super::{
    BillingError, BillingMonth, ClientInvoiceReport, Invoice, ModelComparison, PsaCompany, PsaExport,
    PsaReconciliation, SeatUtilisation, Subscription, WhatIf, WhatIfResult,
};
use crate::Provider;

impl Provider {
    /// The consolidated subscription: `no_consolidated_billing` for a reseller,
    /// `no_subscription` when none was started.
    pub fn billing_subscription(&self) -> Result<&Subscription, BillingError> {
        if !self.kind().has_consolidated_billing() {
            return Err(BillingError::NoConsolidatedBilling);
        }
        self.subscription().ok_or(BillingError::NoSubscription)
    }

    /// The invoice of the charge date in `month`.
    pub fn invoice(&self, month: BillingMonth) -> Result<Invoice, BillingError> {
        Invoice::build(self, self.billing_subscription()?, month)
    }

    /// The client invoice report.
    pub fn client_invoice_report(&self) -> Result<ClientInvoiceReport, BillingError> {
        ClientInvoiceReport::build(self, self.billing_subscription()?)
    }

    /// The client invoice report as CSV, written straight from the provider (no report is
    /// built: see [`ClientInvoiceReport::csv_of`]). The same text as
    /// `client_invoice_report()?.to_csv()`. (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn client_invoice_csv(&self) -> Result<String, BillingError> {
        ClientInvoiceReport::csv_of(self, self.billing_subscription()?)
    }

    /// The seat utilisation report; clients with more than `idle_threshold` free seats are
    /// listed as idle. (It needs no subscription, but a reseller has no consolidated seats:
    /// `no_consolidated_billing`.)
    pub fn seat_utilisation(&self, idle_threshold: u32) -> Result<SeatUtilisation, BillingError> {
        if !self.kind().has_consolidated_billing() {
            return Err(BillingError::NoConsolidatedBilling);
        }
        Ok(SeatUtilisation::build(self, idle_threshold))
    }

    /// The PSA export.
    pub fn psa_export(&self) -> Result<PsaExport, BillingError> {
        PsaExport::build(self, self.billing_subscription()?)
    }

    /// Reconciles the clients and their PSA references with a PSA's companies (issue 17; see
    /// [`PsaReconciliation`]). References live in the subscription: `no_subscription` without
    /// one, `no_consolidated_billing` for a reseller.
    pub fn reconcile_psa(&self, companies: &[PsaCompany]) -> Result<PsaReconciliation, BillingError> {
        Ok(PsaReconciliation::build(self, self.billing_subscription()?, companies))
    }

    /// What `what_if`'s changes would do, tried on a copy (on `what_if.on`, else `today`).
    pub fn what_if(&self, what_if: &WhatIf, today: NaiveDate) -> Result<WhatIfResult, BillingError> {
        WhatIfResult::build(self, self.billing_subscription()?, what_if, today)
    }

    /// The seat-minimum model against the usage-based one.
    pub fn model_comparison(&self) -> Result<ModelComparison, BillingError> {
        ModelComparison::build(self, self.billing_subscription()?)
    }
}
