//! An organization a provider member may add as a client (the reference's
//! `AddableOrganization`, from `ProviderBillingService.GetAddableOrganizations`).

use serde::{Deserialize, Serialize};

use crate::ids::OrganizationId;

/// An organization a provider member may add, as the reference lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddableOrganization {
    /// The organization.
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
    /// Its plan as the reference names it here: `Teams` or `Enterprise` for an MSP, the plan's
    /// name (`Enterprise (Annually)`) for a business unit.
    pub plan: String,
    /// Its seats.
    pub seats: u32,
    /// Whether the member may not add it: a service user, when adding its seats would be a
    /// seat purchase.
    pub disabled: bool,
}
