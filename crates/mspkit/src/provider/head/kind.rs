//! What kind of provider it is and where it is in its lifecycle (a leaf: the errors name them).

use serde::{Deserialize, Serialize};

use crate::plan::{Cadence, PlanType, ProductTier};

/// Providers created before this day (year, month, day) keep the 2020 prices: an organization
/// they add moves to the 2020 edition of its plan (the reference's
/// `Constants.ProviderCreatedPriorNov62023`, used by `ProviderService.AddOrganization`).
pub const LEGACY_PRICING_BEFORE: (i32, u32, u32) = (2023, 11, 6);

/// What kind of provider this is (the reference's `ProviderType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderType {
    /// A managed service provider: manages client organizations and their billing (code 0).
    Msp,
    /// A reseller: sells; its clients are billed per organization (code 1).
    Reseller,
    /// An enterprise managing several of its own Enterprise organizations (code 2).
    BusinessUnit,
}

reference_codes!(ProviderType: u8 {
    Msp = 0, "msp";
    Reseller = 1, "reseller";
    BusinessUnit = 2, "business_unit";
});

impl ProviderType {
    /// Whether the provider pays for its clients' seats in one consolidated subscription.
    pub fn has_consolidated_billing(self) -> bool {
        !matches!(self, Self::Reseller)
    }

    /// Whether a client of this kind of provider may be on `plan`.
    pub fn allows_plan(self, plan: PlanType) -> bool {
        match self {
            Self::Msp => matches!(plan, PlanType::TeamsMonthly | PlanType::EnterpriseMonthly),
            Self::BusinessUnit => matches!(plan, PlanType::EnterpriseMonthly | PlanType::EnterpriseAnnually),
            Self::Reseller => !matches!(plan.tier(), ProductTier::Free | ProductTier::Families),
        }
    }

    /// Whether a client of a provider of this kind created before 2023-11-06 (legacy pricing,
    /// see [`LEGACY_PRICING_BEFORE`]) may be on `plan`: the plans of [`Self::allows_plan`] and
    /// the 2020 editions of them, which such a provider gives the organizations it adds.
    pub fn allows_legacy_plan(self, plan: PlanType) -> bool {
        self.allows_plan(plan) || plan.current_of_2020().is_some_and(|current| self.allows_plan(current))
    }

    /// The plan an existing organization on `plan` moves to when added to this kind of provider,
    /// or `None` when it cannot be added.
    pub fn plan_for_added(self, plan: PlanType) -> Option<PlanType> {
        if !plan.is_business() {
            return None;
        }
        match (self, plan.tier(), plan.cadence()) {
            (Self::Msp, ProductTier::Teams, _) => Some(PlanType::TeamsMonthly),
            (Self::BusinessUnit, ProductTier::Enterprise, Cadence::Annually) => {
                Some(PlanType::EnterpriseAnnually)
            }
            (Self::Msp | Self::BusinessUnit, ProductTier::Enterprise, _) => Some(PlanType::EnterpriseMonthly),
            (Self::Reseller, _, _) => Some(plan),
            _ => None,
        }
    }
}

/// The provider's lifecycle state (the reference's `ProviderStatusType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    /// Issued by the vendor, not yet set up (code 0).
    Pending,
    /// Set up by its first admin (code 1).
    Created,
    /// Its subscription is running (code 2).
    Billable,
}

reference_codes!(ProviderStatus: u8 {
    Pending = 0, "pending";
    Created = 1, "created";
    Billable = 2, "billable";
});
