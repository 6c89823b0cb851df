//! Billing queries on the provider: each finds the provider's subscription and builds the report.

use chrono::NaiveDate;

use super::{
    BillingError, BillingMonth, ClientInvoiceReport, Invoice, IssuedInvoice, Lifecycle, ModelComparison,
    ProviderWarnings, PsaCompany, PsaExport, PsaReconciliation, SeatUtilisation, Subscription,
    SuspensionResolution, SuspensionWarning, TaxFacts, WhatIf, WhatIfResult,
};
use crate::Provider;
use crate::ids::ProviderUserId;

impl Provider {
    /// The consolidated subscription: `no_consolidated_billing` for a reseller,
    /// `no_subscription` when none was started.
    pub fn billing_subscription(&self) -> Result<&Subscription, BillingError> {
        if !self.kind().has_consolidated_billing() {
            return Err(BillingError::NoConsolidatedBilling);
        }
        self.subscription().ok_or(BillingError::NoSubscription)
    }

    /// The invoice of the charge date in `month`: for a billed month (an invoice was issued in
    /// it) what that invoice billed — its plans' seats, prices and discount then
    /// ([`Invoice::billed`]) —, otherwise the estimate from the seats as they are now.
    pub fn invoice(&self, month: BillingMonth) -> Result<Invoice, BillingError> {
        let sub = self.billing_subscription()?;
        match self.issued_invoice(month)? {
            Some(issued) => Invoice::billed(sub, month, issued),
            None => Invoice::build(self, sub, month),
        }
    }

    /// The last invoice issued in `month`, as it was billed (issue 15: the reference keeps the
    /// client rows of every invoice, `ProviderInvoiceItem`); `None` when none was.
    pub fn issued_invoice(&self, month: BillingMonth) -> Result<Option<&IssuedInvoice>, BillingError> {
        let day = NaiveDate::from_ymd_opt(month.year(), month.month(), 1)
            .ok_or(BillingError::InvalidMonth { input: month.to_string() })?;
        Ok(self.billing_subscription()?.issued_in_month_of(day))
    }

    /// The client invoice report of the seats as they are now (the next invoice's estimate).
    pub fn client_invoice_report(&self) -> Result<ClientInvoiceReport, BillingError> {
        ClientInvoiceReport::build(self, self.billing_subscription()?)
    }

    /// The client invoice report of `month`: the rows the invoice issued in it recorded (what
    /// was billed, whatever the seats are now), or the estimate of today's seats for a month not
    /// billed yet.
    pub fn client_invoice_report_of(&self, month: BillingMonth) -> Result<ClientInvoiceReport, BillingError> {
        match self.issued_invoice(month)? {
            Some(issued) => ClientInvoiceReport::from_items(&issued.items),
            None => self.client_invoice_report(),
        }
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

    /// The provider's billing warnings as `viewer` sees them (the reference's
    /// `GetProviderWarningsQuery`), with the tax facts the caller knows (`tax`). Nothing without
    /// a subscription. While the provider is disabled: an unpaid subscription asks a confirmed
    /// provider admin to add a payment method (with the day it cancels) and anyone else in the
    /// team to contact an administrator; any other disabled provider says to contact support.
    /// The tax-id warning ([`TaxFacts::warning`]) is for confirmed provider admins only. A
    /// viewer outside the team is `member_not_found` (it answers even on a disabled provider,
    /// whose members may otherwise do nothing: that is when it matters).
    pub fn provider_warnings(
        &self,
        viewer: ProviderUserId,
        tax: &TaxFacts,
    ) -> Result<ProviderWarnings, crate::error::Error> {
        let member = self.member(viewer).ok_or(crate::error::Error::Team(
            crate::provider::team::TeamError::MemberNotFound { member: viewer },
        ))?;
        Ok(self.provider_warnings_for(member.is_confirmed_admin(), tax))
    }

    /// [`Provider::provider_warnings`] for a provider admin (`admin`) or another member.
    pub fn provider_warnings_for(&self, admin: bool, tax: &TaxFacts) -> ProviderWarnings {
        let Some(sub) = self.subscription() else { return ProviderWarnings::default() };
        let suspension = (!self.enabled()).then(|| match *sub.lifecycle() {
            Lifecycle::Unpaid { cancels_on, .. } if admin => SuspensionWarning {
                resolution: SuspensionResolution::AddPaymentMethod,
                subscription_cancels_on: Some(cancels_on),
            },
            Lifecycle::Unpaid { .. } => SuspensionWarning {
                resolution: SuspensionResolution::ContactAdministrator,
                subscription_cancels_on: None,
            },
            _ => SuspensionWarning {
                resolution: SuspensionResolution::ContactSupport,
                subscription_cancels_on: None,
            },
        });
        let tax_id = if admin { tax.warning() } else { None };
        ProviderWarnings { suspension, tax_id }
    }
}
