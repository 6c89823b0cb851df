//! What kind of provider it is and where it is in its lifecycle (a leaf: the errors name them).

use serde::{Deserialize, Serialize};

use crate::plan::{Cadence, PlanType, ProductTier};

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
