//! An access entry — one person who can act in a client — and the closed sets of its names: the
//! role someone acts in a client with, how they reach it, and their membership's status (of the
//! provider, or of the client organization).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::client::OrganizationUserStatus;
use crate::email::Email;
use crate::ids::ProviderUserId;
use crate::team::{ProviderUserStatus, ProviderUserType};

/// The role someone acts in a client with: a provider member's, or the client's own owner's or
/// admin's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessRole {
    /// A provider admin (every client).
    ProviderAdmin,
    /// A service user (every client, or the clients of its scope).
    ServiceUser,
    /// An owner of the client organization.
    Owner,
    /// An admin of the client organization.
    Admin,
}

impl AccessRole {
    /// The stable snake_case name (its JSON form).
    pub fn name(self) -> &'static str {
        match self {
            Self::ProviderAdmin => "provider_admin",
            Self::ServiceUser => "service_user",
            Self::Owner => "owner",
            Self::Admin => "admin",
        }
    }
}

impl From<ProviderUserType> for AccessRole {
    fn from(role: ProviderUserType) -> Self {
        match role {
            ProviderUserType::ProviderAdmin => Self::ProviderAdmin,
            ProviderUserType::ServiceUser => Self::ServiceUser,
        }
    }
}

/// How someone reaches a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessVia {
    /// A provider member who reaches every client.
    Provider,
    /// A service user scoped to the client.
    Scope,
    /// A member of the client organization itself.
    Organization,
}

impl AccessVia {
    /// The stable snake_case name (its JSON form).
    pub fn name(self) -> &'static str {
        match self {
            Self::Provider => "provider",
            Self::Scope => "scope",
            Self::Organization => "organization",
        }
    }
}

/// The status of the membership someone acts through: the provider membership's, or the client
/// organization membership's (the same names; `staged` only for the latter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessStatus {
    /// Revoked.
    Revoked,
    /// Invited, not yet accepted.
    Invited,
    /// Accepted, not yet confirmed.
    Accepted,
    /// Confirmed.
    Confirmed,
    /// Staged (an organization membership only).
    Staged,
}

impl AccessStatus {
    /// The stable snake_case name (its JSON form).
    pub fn name(self) -> &'static str {
        match self {
            Self::Revoked => "revoked",
            Self::Invited => "invited",
            Self::Accepted => "accepted",
            Self::Confirmed => "confirmed",
            Self::Staged => "staged",
        }
    }
}

impl From<ProviderUserStatus> for AccessStatus {
    fn from(status: ProviderUserStatus) -> Self {
        match status {
            ProviderUserStatus::Revoked => Self::Revoked,
            ProviderUserStatus::Invited => Self::Invited,
            ProviderUserStatus::Accepted => Self::Accepted,
            ProviderUserStatus::Confirmed => Self::Confirmed,
        }
    }
}

impl From<OrganizationUserStatus> for AccessStatus {
    fn from(status: OrganizationUserStatus) -> Self {
        match status {
            OrganizationUserStatus::Revoked => Self::Revoked,
            OrganizationUserStatus::Invited => Self::Invited,
            OrganizationUserStatus::Accepted => Self::Accepted,
            OrganizationUserStatus::Confirmed => Self::Confirmed,
            OrganizationUserStatus::Staged => Self::Staged,
        }
    }
}

/// One person who can act in a client, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessEntry {
    /// Their email.
    pub email: Email,
    /// Their provider membership (`None`: a member of the organization only).
    pub member: Option<ProviderUserId>,
    /// `provider_admin`, `service_user` (provider members), `owner` or `admin` (the client's
    /// own).
    pub role: AccessRole,
    /// How they reach it: `provider` (every client), `scope` (a service user scoped to it) or
    /// `organization` (a member of the client organization).
    pub via: AccessVia,
    /// Their status (of the provider membership, or of the organization membership).
    pub status: AccessStatus,
    /// When they last acted there, by the log (provider members only; `None`: never, or no
    /// log).
    pub last_acted: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_json_forms_and_the_membership_names() {
        for role in [AccessRole::ProviderAdmin, AccessRole::ServiceUser, AccessRole::Owner, AccessRole::Admin]
        {
            assert_eq!(serde_json::to_value(role).unwrap(), role.name());
        }
        for via in [AccessVia::Provider, AccessVia::Scope, AccessVia::Organization] {
            assert_eq!(serde_json::to_value(via).unwrap(), via.name());
        }
        for status in [
            OrganizationUserStatus::Revoked,
            OrganizationUserStatus::Invited,
            OrganizationUserStatus::Accepted,
            OrganizationUserStatus::Confirmed,
            OrganizationUserStatus::Staged,
        ] {
            let access = AccessStatus::from(status);
            assert_eq!(access.name(), status.name());
            assert_eq!(serde_json::to_value(access).unwrap(), access.name());
        }
        for role in [ProviderUserType::ProviderAdmin, ProviderUserType::ServiceUser] {
            assert_eq!(AccessRole::from(role).name(), role.name());
        }
    }
}
