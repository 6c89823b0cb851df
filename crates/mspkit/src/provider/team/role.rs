//! A member's role and the state of a membership (a leaf: the errors and the changes name them).

use serde::{Deserialize, Serialize};

/// A member's role in the provider (the reference's `ProviderUserType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderUserType {
    /// Administers the provider, its team, its billing and every client (code 0).
    ProviderAdmin,
    /// Administers client organizations, optionally only the clients assigned to it (code 1).
    ServiceUser,
}

reference_codes!(ProviderUserType: u8 {
    ProviderAdmin = 0, "provider_admin";
    ServiceUser = 1, "service_user";
});

impl ProviderUserType {
    /// The readable name (`Provider Admin`, `Service User`).
    pub fn display_name(self) -> &'static str {
        match self {
            Self::ProviderAdmin => "Provider Admin",
            Self::ServiceUser => "Service User",
        }
    }
}

/// The state of a membership (the reference's `ProviderUserStatusType`, plus `revoked`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderUserStatus {
    /// Suspended: the membership is kept but grants nothing (code -1, beyond the reference).
    Revoked,
    /// Invited by email, not yet accepted (code 0).
    Invited,
    /// Accepted by the invited person, waiting for an admin to confirm (code 1).
    Accepted,
    /// Confirmed: a full member (code 2).
    Confirmed,
}

reference_codes!(ProviderUserStatus: i8 {
    Revoked = -1, "revoked";
    Invited = 0, "invited";
    Accepted = 1, "accepted";
    Confirmed = 2, "confirmed";
});
