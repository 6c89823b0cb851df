//! Who caused an event and what it is about (a leaf: the changes and the envelope name them).

use serde::{Deserialize, Serialize};

use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};

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

/// The kind of an [`Actor`], without its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// [`Actor::Member`].
    Member,
    /// [`Actor::User`].
    User,
    /// [`Actor::System`].
    System,
}

impl Actor {
    /// Its kind (`member`, `user`, `system`: the JSON `type`).
    pub fn kind(self) -> ActorKind {
        match self {
            Self::Member(_) => ActorKind::Member,
            Self::User(_) => ActorKind::User,
            Self::System => ActorKind::System,
        }
    }
}

/// The kind of a [`Subject`], without its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// [`Subject::Provider`].
    Provider,
    /// [`Subject::Member`].
    Member,
    /// [`Subject::Client`].
    Client,
}

impl Subject {
    /// Its kind (`provider`, `member`, `client`: the JSON `type`).
    pub fn kind(self) -> SubjectKind {
        match self {
            Self::Provider(_) => SubjectKind::Provider,
            Self::Member(_) => SubjectKind::Member,
            Self::Client(_) => SubjectKind::Client,
        }
    }
}
