//! The rows of an access review: one client's access and review, one finding.

use std::sync::Arc;

use serde::Serialize;

use super::list::AccessList;
use super::message::FindingMessage;
use super::stamp::ReviewStamp;
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderUserId};

/// One client: who can act there, and its last review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientAccess {
    /// The client.
    pub client: OrganizationId,
    /// Its name (a [`SmolStr`](smol_str::SmolStr) copied from the provider's client without
    /// allocating: it reads as a `&str`).
    pub name: smol_str::SmolStr,
    /// Who can act there: provider members first (the team's order), then its own owners and
    /// admins. It reads as a list of [`AccessEntry`](super::entry::AccessEntry) (see [`AccessList`]).
    pub access: AccessList,
    /// Its last review (the later of a review of every client and one that named it; shared by
    /// the clients of one sign-off).
    #[serde(serialize_with = "shared_stamp")]
    pub last_review: Option<Arc<ReviewStamp>>,
    /// Never reviewed, or its next review is due.
    pub review_overdue: bool,
}

/// One finding, with what resolves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessFinding {
    /// Its stable code (`invitation_expired`, `invitation_stale`, `member_inactive`,
    /// `too_many_admins`, `scope_client_left`, `client_no_own_owner`, `review_missing`,
    /// `review_overdue`).
    pub code: &'static str,
    /// The client it is about, if any.
    pub client: Option<OrganizationId>,
    /// The provider member it is about, if any.
    pub member: Option<ProviderUserId>,
    /// That member's email.
    pub email: Option<Email>,
    /// What was found (its text is written when it is read: `to_string()`, `Display`, JSON).
    pub message: FindingMessage,
    /// The command that resolves it (the `Provider` method, the same name in Python).
    pub command: &'static str,
    /// How to resolve it, in words (a fixed text: borrowed, not copied per finding).
    pub resolve: &'static str,
}

/// A shared sign-off serialized as the sign-off.
#[expect(clippy::ref_option, reason = "serde's `serialize_with` lends the field itself")]
pub(super) fn shared_stamp<S: serde::Serializer>(
    stamp: &Option<Arc<ReviewStamp>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    stamp.as_deref().serialize(serializer)
}

impl AccessFinding {
    /// Whether it is about the review itself (missing, overdue) rather than about access: those
    /// are left out of the findings hash, which a sign-off resolves.
    pub fn is_review_status(&self) -> bool {
        matches!(self.code, "review_missing" | "review_overdue")
    }
}
