//! The provider's billing warnings, typed as the reference's `GetProviderWarningsQuery` gives
//! them: the suspension (with what the person looking can do about it and when the
//! subscription cancels) and the tax-id warning. The tax facts live in the payment processor,
//! not in mspkit, so the caller supplies them ([`TaxFacts`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the person looking at a suspended provider can do about it (the reference's
/// `SuspensionWarning.Resolution`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuspensionResolution {
    /// A provider admin of an unpaid subscription: add a payment method (and pay) before it
    /// cancels.
    AddPaymentMethod,
    /// Anyone else in the team of an unpaid subscription: ask a provider admin.
    ContactAdministrator,
    /// The provider is disabled for another reason (cancelled, or disabled by the vendor):
    /// contact support.
    ContactSupport,
}

impl SuspensionResolution {
    /// The stable snake_case name (the reference's string).
    pub fn name(self) -> &'static str {
        match self {
            Self::AddPaymentMethod => "add_payment_method",
            Self::ContactAdministrator => "contact_administrator",
            Self::ContactSupport => "contact_support",
        }
    }
}

/// The provider is suspended (disabled while it has a subscription).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspensionWarning {
    /// What the person looking can do.
    pub resolution: SuspensionResolution,
    /// When the unpaid subscription cancels: given to a provider admin only, with
    /// [`SuspensionResolution::AddPaymentMethod`] (absent in JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_cancels_on: Option<NaiveDate>,
}

/// What is wrong with the provider's tax id (the reference's `TaxIdWarning.Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxIdWarning {
    /// The vendor is registered for tax in the provider's country and the provider gave no
    /// tax id.
    TaxIdMissing,
    /// The tax id waits for verification.
    TaxIdPendingVerification,
    /// The tax id failed verification.
    TaxIdFailedVerification,
}

impl TaxIdWarning {
    /// The stable snake_case name (the reference's string).
    pub fn name(self) -> &'static str {
        match self {
            Self::TaxIdMissing => "tax_id_missing",
            Self::TaxIdPendingVerification => "tax_id_pending_verification",
            Self::TaxIdFailedVerification => "tax_id_failed_verification",
        }
    }
}

/// How the payment processor's verification of a tax id stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxIdVerification {
    /// No verification is known (the reference then gives no warning).
    #[default]
    Unknown,
    /// Waiting for verification.
    Pending,
    /// Verified.
    Verified,
    /// Failed verification.
    Unverified,
}

/// What the payment processor knows about the provider's taxes, supplied by the caller: mspkit
/// keeps no customer record. The default (no country, no registration, no tax id) gives no
/// tax-id warning.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxFacts {
    /// The customer is tax exempt or reverse-charged (the reference warns only customers whose
    /// `TaxExempt` is none).
    #[serde(default)]
    pub exempt: bool,
    /// The customer's country, as an ISO 3166 two-letter code (`US` is never warned).
    #[serde(default)]
    pub country: Option<String>,
    /// The vendor has an active or scheduled tax registration in that country.
    #[serde(default)]
    pub registered: bool,
    /// The customer's first tax id and its verification; `None` when it gave none.
    #[serde(default)]
    pub tax_id: Option<TaxIdVerification>,
}

impl TaxFacts {
    /// The tax-id warning a provider admin sees (the reference's `GetTaxIdWarningAsync`): none
    /// for an exempt customer, a US customer, or a country the vendor is not registered in;
    /// else `tax_id_missing` without a tax id, and the verification's warning with one.
    pub fn warning(&self) -> Option<TaxIdWarning> {
        let country = self.country.as_deref().map(str::trim);
        if self.exempt || country.is_some_and(|c| c.eq_ignore_ascii_case("US")) || !self.registered {
            return None;
        }
        match self.tax_id {
            None => Some(TaxIdWarning::TaxIdMissing),
            Some(TaxIdVerification::Pending) => Some(TaxIdWarning::TaxIdPendingVerification),
            Some(TaxIdVerification::Unverified) => Some(TaxIdWarning::TaxIdFailedVerification),
            Some(TaxIdVerification::Unknown | TaxIdVerification::Verified) => None,
        }
    }
}

/// The provider's billing warnings (the reference's `ProviderWarnings`): each absent when there
/// is nothing to say. JSON: `{"suspension": {"resolution": "add_payment_method",
/// "subscription_cancels_on": "2027-01-22"}, "tax_id": "tax_id_missing"}`, each key absent
/// when `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderWarnings {
    /// The suspension, while the provider is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspension: Option<SuspensionWarning>,
    /// The tax-id warning (provider admins only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<TaxIdWarning>,
}

impl ProviderWarnings {
    /// Whether there is nothing to warn of.
    pub fn is_empty(&self) -> bool {
        self.suspension.is_none() && self.tax_id.is_none()
    }
}
