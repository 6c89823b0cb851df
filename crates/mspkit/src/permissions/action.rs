//! What a member may try to do, on what, and why it may be refused: the values
//! [`authorize`](super::authorize) answers with (a leaf: the errors name them).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{OrganizationId, ProviderUserId};

/// Something a provider member may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Administer a client organization: members, groups, collections, policies, SSO, SCIM,
    /// import, the organization's event logs, account recovery.
    AdministerClient,
    /// View, create, edit or export a client's vault items: never allowed to provider members
    /// (since 2024.7.0).
    AccessClientVault,
    /// Create a new client organization.
    CreateClient,
    /// Add an existing organization as a client.
    AddExistingClient,
    /// Change a client's seat count; `purchase` says whether the change buys seats beyond the
    /// provider's unassigned seats.
    ChangeClientSeats {
        /// Whether the change results in a purchase.
        purchase: bool,
    },
    /// Unlink a client organization from the provider.
    UnlinkClient,
    /// Delete a client organization.
    DeleteClient,
    /// Invite, confirm, remove, revoke or restore members, change their roles or scopes.
    ManageTeam,
    /// View the provider's event log.
    ViewProviderEvents,
    /// Export the provider's event log.
    ExportProviderEvents,
    /// Change the provider's settings.
    EditProviderSettings,
    /// Delete the provider.
    DeleteProvider,
    /// View and manage billing, the subscription, seat minimums and invoices.
    ManageBilling,
}

impl Action {
    /// The action's stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::AdministerClient => "administer_client",
            Self::AccessClientVault => "access_client_vault",
            Self::CreateClient => "create_client",
            Self::AddExistingClient => "add_existing_client",
            Self::ChangeClientSeats { purchase: false } => "change_client_seats",
            Self::ChangeClientSeats { purchase: true } => "purchase_client_seats",
            Self::UnlinkClient => "unlink_client",
            Self::DeleteClient => "delete_client",
            Self::ManageTeam => "manage_team",
            Self::ViewProviderEvents => "view_provider_events",
            Self::ExportProviderEvents => "export_provider_events",
            Self::EditProviderSettings => "edit_provider_settings",
            Self::DeleteProvider => "delete_provider",
            Self::ManageBilling => "manage_billing",
        }
    }

    /// Every action (seat changes once without and once with a purchase).
    pub fn all() -> [Action; 14] {
        [
            Self::AdministerClient,
            Self::AccessClientVault,
            Self::CreateClient,
            Self::AddExistingClient,
            Self::ChangeClientSeats { purchase: false },
            Self::ChangeClientSeats { purchase: true },
            Self::UnlinkClient,
            Self::DeleteClient,
            Self::ManageTeam,
            Self::ViewProviderEvents,
            Self::ExportProviderEvents,
            Self::EditProviderSettings,
            Self::DeleteProvider,
            Self::ManageBilling,
        ]
    }

    /// Whether the action is done to one client (as opposed to the provider).
    pub fn targets_client(self) -> bool {
        matches!(
            self,
            Self::AdministerClient
                | Self::AccessClientVault
                | Self::ChangeClientSeats { .. }
                | Self::UnlinkClient
                | Self::DeleteClient
        )
    }

    fn describe(self) -> &'static str {
        match self {
            Self::AdministerClient => "administer a client organization",
            Self::AccessClientVault => "access a client's vault items",
            Self::CreateClient => "create a client organization",
            Self::AddExistingClient => "add an existing organization",
            Self::ChangeClientSeats { purchase: false } => "change a client's seats",
            Self::ChangeClientSeats { purchase: true } => "purchase seats for a client",
            Self::UnlinkClient => "unlink a client organization",
            Self::DeleteClient => "delete a client organization",
            Self::ManageTeam => "manage the provider's team",
            Self::ViewProviderEvents => "view the provider's event log",
            Self::ExportProviderEvents => "export the provider's event log",
            Self::EditProviderSettings => "edit the provider's settings",
            Self::DeleteProvider => "delete the provider",
            Self::ManageBilling => "manage the provider's billing",
        }
    }
}

/// What an action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Target {
    /// The provider itself.
    Provider,
    /// One client organization.
    Client(OrganizationId),
}

/// Why an action was denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DenialReason {
    /// The actor is not a member of the provider.
    NotAMember,
    /// The actor's membership is revoked.
    MemberRevoked,
    /// The actor has not been confirmed yet (invited or accepted).
    MemberNotConfirmed,
    /// The provider is disabled: its members keep their membership but may do nothing.
    ProviderDisabled,
    /// Provider members never reach client vault items.
    VaultItemsNever,
    /// Only provider admins may do this.
    ProviderAdminOnly,
    /// A service user may change seats only within the provider's unassigned seats.
    PurchaseRequiresAdmin,
    /// The organization is not a client of this provider.
    ClientNotManaged,
    /// The service user is scoped to other clients.
    ClientOutOfScope,
    /// The action applies to a client but the provider was named, or the reverse.
    WrongTarget,
    /// The client is suspended: nobody administers it until it is active again (issue 17).
    ClientSuspended,
    /// The provider's access is suspended (the emergency stop, issue 20): every member is
    /// refused every action until it is resumed.
    ProviderAccessSuspended,
}

error_codes! {
    DenialReason (copy) {
        Self::NotAMember => "not_a_member", Forbidden;
        Self::MemberRevoked => "member_revoked", Forbidden;
        Self::MemberNotConfirmed => "member_not_confirmed", Forbidden;
        Self::ProviderDisabled => "provider_disabled", Forbidden;
        Self::VaultItemsNever => "vault_items_never", Forbidden;
        Self::ProviderAdminOnly => "provider_admin_only", Forbidden;
        Self::PurchaseRequiresAdmin => "purchase_requires_admin", Forbidden;
        Self::ClientNotManaged => "client_not_managed", NotFound;
        Self::ClientOutOfScope => "client_out_of_scope", Forbidden;
        Self::WrongTarget => "wrong_target", Forbidden;
        Self::ClientSuspended => "client_suspended", Forbidden;
        Self::ProviderAccessSuspended => "provider_access_suspended", Forbidden;
    }
}

/// A refused action: the reason, with a sentence a person can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
pub struct Denial {
    /// Why the action was refused.
    pub reason: DenialReason,
    /// The refused action.
    pub action: Action,
    /// Who tried it.
    pub actor: ProviderUserId,
    /// What it was tried on.
    pub target: Target,
}

impl Denial {
    /// The stable snake_case code of the reason.
    pub fn code(&self) -> &'static str {
        self.reason.code()
    }
}

impl Denial {
    /// The category of its reason: `forbidden`, except an organization that is not a client of
    /// the provider (`client_not_managed`), which is `not_found`.
    pub fn category(&self) -> crate::ErrorCategory {
        self.reason.category()
    }
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.action.describe();
        match self.reason {
            DenialReason::NotAMember => {
                write!(f, "`{}` is not a member of this provider and may not {what}", self.actor)
            }
            DenialReason::MemberRevoked => write!(
                f,
                "member `{}` is revoked and may not {what}; a provider admin can restore the membership",
                self.actor
            ),
            DenialReason::MemberNotConfirmed => write!(
                f,
                "member `{}` is not confirmed yet and may not {what}; a provider admin must confirm the member first",
                self.actor
            ),
            DenialReason::ProviderDisabled => {
                write!(f, "the provider is disabled, so no member may {what}; re-enable it first")
            }
            DenialReason::VaultItemsNever => {
                write!(f, "provider members may never {what}; ask a member of the client organization")
            }
            DenialReason::ProviderAdminOnly => write!(f, "only a provider admin may {what}"),
            DenialReason::PurchaseRequiresAdmin => write!(
                f,
                "this seat change needs seats beyond the provider's unassigned seats; only a provider admin may purchase seats"
            ),
            DenialReason::ClientNotManaged => match self.target {
                Target::Client(id) => write!(f, "organization `{id}` is not a client of this provider"),
                Target::Provider => write!(f, "the organization is not a client of this provider"),
            },
            DenialReason::ClientOutOfScope => match self.target {
                Target::Client(id) => write!(
                    f,
                    "service user `{}` is not assigned to client `{id}` and may not {what}",
                    self.actor
                ),
                Target::Provider => write!(f, "service user `{}` may not {what}", self.actor),
            },
            DenialReason::ClientSuspended => match self.target {
                Target::Client(id) => write!(
                    f,
                    "client `{id}` is suspended, so no member may {what}; a provider admin must make it active first"
                ),
                Target::Provider => write!(f, "a suspended client takes no administration"),
            },
            DenialReason::ProviderAccessSuspended => write!(
                f,
                "the provider's access is suspended, so member `{}` may not {what}; the admin who suspended it can resume it",
                self.actor
            ),
            DenialReason::WrongTarget => {
                if self.action.targets_client() {
                    write!(f, "to {what}, name the client organization, not the provider")
                } else {
                    write!(f, "to {what}, name the provider, not a client organization")
                }
            }
        }
    }
}
