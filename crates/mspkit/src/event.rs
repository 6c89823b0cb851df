//! Domain events: every command that changes a provider returns the events it caused, so an
//! embedding service can persist and audit them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};

/// What happened. Kinds with a reference `EventType` code return it from [`EventKind::code`];
/// the others are mspkit's own (the reference records nothing for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// The vendor issued a new, pending provider.
    ProviderIssued,
    /// The first admin set the provider up (pending → created).
    ProviderSetUp,
    /// The provider's settings changed.
    ProviderUpdated,
    /// The provider's status changed (for example created → billable).
    ProviderStatusChanged,
    /// The provider was enabled.
    ProviderEnabled,
    /// The provider was disabled (for example, unpaid).
    ProviderDisabled,
    /// The provider was deleted.
    ProviderDeleted,
    /// A member was invited (`ProviderUser_Invited`, 1800).
    MemberInvited,
    /// An invitation was sent again with a renewed expiry (`ProviderUser_Invited`, 1800).
    MemberReinvited,
    /// The invited person accepted (no reference code).
    MemberAccepted,
    /// A member was confirmed (`ProviderUser_Confirmed`, 1801).
    MemberConfirmed,
    /// A member's role or client scope changed (`ProviderUser_Updated`, 1802).
    MemberUpdated,
    /// A member was revoked (`ProviderUser_Updated`, 1802: the reference has no revoke).
    MemberRevoked,
    /// A revoked member was restored (`ProviderUser_Updated`, 1802).
    MemberRestored,
    /// A member was removed by an admin (`ProviderUser_Removed`, 1803).
    MemberRemoved,
    /// A member left the provider (`ProviderUser_Removed`, 1803).
    MemberLeft,
    /// A client organization was created (`ProviderOrganization_Created`, 1900).
    ClientCreated,
    /// An existing organization was added as a client (`ProviderOrganization_Added`, 1901).
    ClientAdded,
    /// A client organization was unlinked from the provider (`ProviderOrganization_Removed`, 1902).
    ClientUnlinked,
    /// A client organization was deleted (`ProviderOrganization_Removed`, 1902).
    ClientDeleted,
    /// A provider member opened a client's vault (`ProviderOrganization_VaultAccessed`, 1903).
    ClientVaultAccessed,
    /// A client's seat count changed (no reference code).
    ClientSeatsChanged,
    /// A client was enabled or disabled with its provider (no reference code).
    ClientEnabledChanged,
    /// A plan's seat minimum changed (no reference code).
    SeatMinimumChanged,
    /// A member was added to a client organization (no provider-range reference code).
    ClientMemberAdded,
    /// A member was removed from a client organization (no provider-range reference code).
    ClientMemberRemoved,
}

impl EventKind {
    /// The reference server's `EventType` code, where the reference has one.
    pub fn code(self) -> Option<u16> {
        Some(match self {
            Self::MemberInvited | Self::MemberReinvited => 1800,
            Self::MemberConfirmed => 1801,
            Self::MemberUpdated | Self::MemberRevoked | Self::MemberRestored => 1802,
            Self::MemberRemoved | Self::MemberLeft => 1803,
            Self::ClientCreated => 1900,
            Self::ClientAdded => 1901,
            Self::ClientUnlinked | Self::ClientDeleted => 1902,
            Self::ClientVaultAccessed => 1903,
            Self::ProviderIssued
            | Self::ProviderSetUp
            | Self::ProviderUpdated
            | Self::ProviderStatusChanged
            | Self::ProviderEnabled
            | Self::ProviderDisabled
            | Self::ProviderDeleted
            | Self::MemberAccepted
            | Self::ClientSeatsChanged
            | Self::ClientEnabledChanged
            | Self::SeatMinimumChanged
            | Self::ClientMemberAdded
            | Self::ClientMemberRemoved => return None,
        })
    }

    /// The kind whose reference code is `code` (the first library kind that maps to it).
    pub fn from_code(code: u16) -> Option<Self> {
        Some(match code {
            1800 => Self::MemberInvited,
            1801 => Self::MemberConfirmed,
            1802 => Self::MemberUpdated,
            1803 => Self::MemberRemoved,
            1900 => Self::ClientCreated,
            1901 => Self::ClientAdded,
            1902 => Self::ClientUnlinked,
            1903 => Self::ClientVaultAccessed,
            _ => return None,
        })
    }
}

/// Who caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// A member of the provider's team.
    Member(ProviderUserId),
    /// A person acting on their own account: setting up a provider, accepting an invitation.
    User(UserId),
    /// The vendor or the billing system (issuing, enabling, disabling a provider).
    System,
}

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// The provider itself.
    Provider(ProviderId),
    /// One membership in the provider's team.
    Member(ProviderUserId),
    /// One client organization.
    Client(OrganizationId),
}

/// One thing that happened to a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The provider it happened to.
    pub provider: ProviderId,
    /// The position of the event in the provider's history (1, 2, 3, …).
    pub sequence: u64,
    /// What happened.
    pub kind: EventKind,
    /// Who did it.
    pub actor: Actor,
    /// What it was done to.
    pub subject: Subject,
    /// When it happened (the `now` the command was given).
    pub at: DateTime<Utc>,
}

impl Event {
    /// The reference server's `EventType` code, if it has one.
    pub fn code(&self) -> Option<u16> {
        self.kind.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_codes_round_trip() {
        for code in [1800, 1801, 1802, 1803, 1900, 1901, 1902, 1903] {
            assert_eq!(EventKind::from_code(code).and_then(EventKind::code), Some(code));
        }
        assert_eq!(EventKind::from_code(1500), None);
        assert_eq!(EventKind::MemberAccepted.code(), None);
    }
}
