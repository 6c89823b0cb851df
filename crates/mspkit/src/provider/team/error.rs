//! The errors of the team area.

use super::{MAX_INVITES_PER_BATCH, ProviderUserStatus};
use crate::email::Email;
use crate::ids::{ProviderUserId, UserId};

/// The message of [`TeamError::AlreadyMember`]: the one address, or every address of a batch.
fn already_members(email: &Email, emails: &[Email]) -> String {
    if emails.len() <= 1 {
        return format!("`{email}` is already a member of the provider's team");
    }
    let listed: Vec<String> = emails.iter().map(|e| format!("`{e}`")).collect();
    format!(
        "{} are already members of the provider's team; invite the others without them",
        listed.join(", ")
    )
}

/// A provider-team command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TeamError {
    /// No emails or members were given.
    #[error("the batch is empty; give at least one email or member")]
    EmptyBatch,
    /// Too many emails in one invitation batch.
    #[error("{count} emails in one batch; invite at most {MAX_INVITES_PER_BATCH} at a time")]
    BatchTooLarge {
        /// How many were given.
        count: usize,
    },
    /// The same email twice in one batch.
    #[error("`{email}` appears twice in the batch")]
    DuplicateInBatch {
        /// The address.
        email: Email,
    },
    /// The email is already in the team. An invitation batch is refused whole and names every
    /// address of it already in the team (`emails`), so a caller can invite the others again
    /// without them (the reference skips them silently; see `DESIGN.md`, issue 15).
    #[error("{}", already_members(email, emails))]
    AlreadyMember {
        /// The first such address.
        email: Email,
        /// Every address of the batch already in the team, in the batch's order (`email` first);
        /// just `email` outside a batch.
        emails: Vec<Email>,
    },
    /// The account already holds a membership in the team.
    #[error("account `{user}` already holds a membership in the provider's team")]
    AccountAlreadyMember {
        /// The account.
        user: UserId,
    },
    /// No such member.
    #[error("member `{member}` is not in the provider's team")]
    MemberNotFound {
        /// The member id.
        member: ProviderUserId,
    },
    /// Accepting or resending needs an invited member.
    #[error("member `{member}` is `{status}`, not invited", status = status.name())]
    NotInvited {
        /// The member.
        member: ProviderUserId,
        /// Its status.
        status: ProviderUserStatus,
    },
    /// The invitation expired.
    #[error("the invitation of `{email}` has expired; ask a provider admin to resend it")]
    InvitationExpired {
        /// The invited address.
        email: Email,
    },
    /// The accepting account's email differs from the invitation's.
    #[error("the invitation was sent to `{invited}`, not to `{given}`; log in with the invited address")]
    EmailMismatch {
        /// The invited address.
        invited: Email,
        /// The accepting account's address.
        given: Email,
    },
    /// Confirming needs an accepted member.
    #[error("member `{member}` is `{status}`; only accepted members can be confirmed", status = status.name())]
    NotAccepted {
        /// The member.
        member: ProviderUserId,
        /// Its status.
        status: ProviderUserStatus,
    },
    /// The fingerprint phrase does not match the member's key.
    #[error(
        "the fingerprint given does not match member `{member}`'s public key; do not confirm this member"
    )]
    FingerprintMismatch {
        /// The member.
        member: ProviderUserId,
    },
    /// The member is already revoked.
    #[error("member `{member}` is already revoked")]
    AlreadyRevoked {
        /// The member.
        member: ProviderUserId,
    },
    /// Restoring needs a revoked member.
    #[error("member `{member}` is not revoked")]
    NotRevoked {
        /// The member.
        member: ProviderUserId,
    },
    /// The change would leave no confirmed provider admin.
    #[error(
        "the provider must keep at least one confirmed provider admin; confirm or promote another admin first"
    )]
    LastConfirmedAdmin,
    /// Only service users can be scoped to clients.
    #[error("member `{member}` is a provider admin; only service users can be scoped to clients")]
    ScopeNeedsServiceUser {
        /// The member.
        member: ProviderUserId,
    },
    /// A member tried to remove themselves: leaving is its own command.
    #[error("member `{member}` cannot remove themselves from the team; leave the provider instead")]
    CannotRemoveSelf {
        /// The member.
        member: ProviderUserId,
    },
    /// A stored member breaks one of its own invariants.
    #[error("member record `{member}` is invalid: {detail}")]
    InvalidMember {
        /// The member.
        member: ProviderUserId,
        /// What is wrong.
        detail: String,
    },
}

error_codes! {
    TeamError {
        Self::EmptyBatch => "empty_batch", InvalidInput;
        Self::BatchTooLarge { .. } => "invite_batch_too_large", InvalidInput;
        Self::DuplicateInBatch { .. } => "duplicate_invite", InvalidInput;
        Self::AlreadyMember { .. } => "already_member", Conflict;
        Self::AccountAlreadyMember { .. } => "account_already_member", Conflict;
        Self::MemberNotFound { .. } => "member_not_found", NotFound;
        Self::NotInvited { .. } => "member_not_invited", Conflict;
        Self::InvitationExpired { .. } => "invitation_expired", Conflict;
        Self::EmailMismatch { .. } => "invitation_email_mismatch", Forbidden;
        Self::NotAccepted { .. } => "member_not_accepted", Conflict;
        Self::FingerprintMismatch { .. } => "fingerprint_mismatch", InvalidInput;
        Self::AlreadyRevoked { .. } => "member_already_revoked", Conflict;
        Self::NotRevoked { .. } => "member_not_revoked", Conflict;
        Self::LastConfirmedAdmin => "last_confirmed_admin", Conflict;
        Self::ScopeNeedsServiceUser { .. } => "scope_needs_service_user", Conflict;
        Self::CannotRemoveSelf { .. } => "cannot_remove_self", InvalidInput;
        Self::InvalidMember { .. } => "invalid_member_record", CorruptDocument;
    }
}
