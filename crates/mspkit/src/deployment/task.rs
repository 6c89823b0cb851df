//! The tasks of a new organization's initial setup (a leaf: the catalogue and the checklist
//! both name them).

use serde::{Deserialize, Serialize};

/// A task of a new organization's initial setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupTask {
    /// Create the collections that hold shared items.
    CreateCollections,
    /// Import the data from the previous password manager, or add the first items.
    ImportData,
    /// Configure the enterprise policies.
    ConfigurePolicies,
    /// Set up login with SSO (only for clients that use SSO).
    SetUpSso,
    /// Create the groups that grant access to collections.
    CreateGroups,
    /// Invite the users.
    InviteUsers,
}

impl SetupTask {
    /// Every task, in checklist order.
    pub const ALL: [Self; 6] = [
        Self::CreateCollections,
        Self::ImportData,
        Self::ConfigurePolicies,
        Self::SetUpSso,
        Self::CreateGroups,
        Self::InviteUsers,
    ];

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreateCollections => "create_collections",
            Self::ImportData => "import_data",
            Self::ConfigurePolicies => "configure_policies",
            Self::SetUpSso => "set_up_sso",
            Self::CreateGroups => "create_groups",
            Self::InviteUsers => "invite_users",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::CreateCollections => "create collections",
            Self::ImportData => "import data",
            Self::ConfigurePolicies => "configure enterprise policies",
            Self::SetUpSso => "set up SSO",
            Self::CreateGroups => "create groups",
            Self::InviteUsers => "invite users",
        }
    }
}
