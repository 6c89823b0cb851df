//! One member of the provider's team: its role, its status, its record and its transitions.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::TeamError;
use crate::email::Email;
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderUserId, UserId};

use super::role::{ProviderUserStatus, ProviderUserType};

/// One membership in a provider's team.
///
/// Members are created by [`Provider::invite`](crate::Provider::invite) and changed only through
/// the provider's commands, which keep the team's invariants. Deserializing one checks the
/// member's own invariants (a state with what it needs, a scope only for a service user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ProviderUserRecord", into = "ProviderUserRecord")]
pub struct ProviderUser {
    pub(in crate::provider) id: ProviderUserId,
    pub(in crate::provider) email: Email,
    pub(in crate::provider) name: Option<String>,
    pub(in crate::provider) user_id: Option<UserId>,
    pub(in crate::provider) role: ProviderUserType,
    pub(in crate::provider) status: ProviderUserStatus,
    /// The status a revoked member returns to when restored.
    pub(in crate::provider) status_before_revoke: Option<ProviderUserStatus>,
    pub(in crate::provider) invited_at: DateTime<Utc>,
    pub(in crate::provider) invitation_expires_at: Option<DateTime<Utc>>,
    pub(in crate::provider) public_key_fingerprint: Option<String>,
    /// The clients a scoped service user may reach; `None` reaches every client.
    pub(in crate::provider) client_scope: Option<BTreeSet<OrganizationId>>,
}

/// The serialized form of a member: plain values, checked when converted to a [`ProviderUser`]
/// so that each refusal keeps its own error code.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProviderUserRecord {
    pub(crate) id: ProviderUserId,
    pub(crate) email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) user_id: Option<UserId>,
    pub(crate) role: ProviderUserType,
    pub(crate) status: ProviderUserStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) status_before_revoke: Option<ProviderUserStatus>,
    pub(crate) invited_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) invitation_expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) public_key_fingerprint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) client_scope: Option<BTreeSet<OrganizationId>>,
}

impl TryFrom<ProviderUserRecord> for ProviderUser {
    type Error = Error;

    fn try_from(r: ProviderUserRecord) -> Result<Self, Self::Error> {
        let member = Self {
            id: r.id,
            email: Email::new(&r.email)?,
            name: r.name,
            user_id: r.user_id,
            role: r.role,
            status: r.status,
            status_before_revoke: r.status_before_revoke,
            invited_at: r.invited_at,
            invitation_expires_at: r.invitation_expires_at,
            public_key_fingerprint: r.public_key_fingerprint,
            client_scope: r.client_scope,
        };
        member.check()?;
        Ok(member)
    }
}

impl From<ProviderUser> for ProviderUserRecord {
    fn from(m: ProviderUser) -> Self {
        Self {
            id: m.id,
            email: m.email.into(),
            name: m.name,
            user_id: m.user_id,
            role: m.role,
            status: m.status,
            status_before_revoke: m.status_before_revoke,
            invited_at: m.invited_at,
            invitation_expires_at: m.invitation_expires_at,
            public_key_fingerprint: m.public_key_fingerprint,
            client_scope: m.client_scope,
        }
    }
}

impl ProviderUser {
    /// Reads one member from mspkit's JSON (as it appears in a provider's `members`), checking
    /// the member's own invariants. JSON of the wrong shape is refused with `invalid_document`,
    /// a broken invariant with its own code (`email_invalid`, `invalid_member_record`).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let record: ProviderUserRecord = crate::document::parse_json("member", json)?;
        Self::try_from(record)
    }

    /// The membership's id.
    pub fn id(&self) -> ProviderUserId {
        self.id
    }

    /// The invited email address.
    pub fn email(&self) -> &Email {
        &self.email
    }

    /// The member's display name, once known.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The account that accepted the invitation, once accepted.
    pub fn user_id(&self) -> Option<UserId> {
        self.user_id
    }

    /// The member's role.
    pub fn role(&self) -> ProviderUserType {
        self.role
    }

    /// The membership's state.
    pub fn status(&self) -> ProviderUserStatus {
        self.status
    }

    /// When the (latest) invitation was sent.
    pub fn invited_at(&self) -> DateTime<Utc> {
        self.invited_at
    }

    /// When a pending invitation expires; `None` once accepted.
    pub fn invitation_expires_at(&self) -> Option<DateTime<Utc>> {
        self.invitation_expires_at
    }

    /// The public-key fingerprint the member gave when accepting, if any.
    pub fn public_key_fingerprint(&self) -> Option<&str> {
        self.public_key_fingerprint.as_deref()
    }

    /// The clients a scoped service user may reach; `None` when unscoped.
    pub fn client_scope(&self) -> Option<&BTreeSet<OrganizationId>> {
        self.client_scope.as_ref()
    }

    /// Whether the member is a confirmed, non-revoked provider admin.
    pub fn is_confirmed_admin(&self) -> bool {
        self.role == ProviderUserType::ProviderAdmin && self.status == ProviderUserStatus::Confirmed
    }

    /// Whether the member's invitation is pending and past its expiry at `now`.
    pub fn invitation_expired(&self, now: DateTime<Utc>) -> bool {
        self.status == ProviderUserStatus::Invited
            && self.invitation_expires_at.is_some_and(|expires| now >= expires)
    }

    /// Whether the member may reach the client `client` (always, unless a scoped service user).
    pub fn reaches_client(&self, client: OrganizationId) -> bool {
        match (&self.role, &self.client_scope) {
            (ProviderUserType::ServiceUser, Some(scope)) => scope.contains(&client),
            _ => true,
        }
    }

    /// Checks the member's own invariants. A revoked member is checked in the state a restore
    /// returns it to: an invitation has no account yet (its expiry may be unknown: the reference's
    /// API sends no dates), an accepted or
    /// confirmed member needs its account; only a service user has a client scope.
    pub(crate) fn check(&self) -> Result<(), TeamError> {
        let invalid = |detail: String| TeamError::InvalidMember { member: self.id, detail };
        let (effective, once) = match (self.status, self.status_before_revoke) {
            (ProviderUserStatus::Revoked, Some(ProviderUserStatus::Revoked) | None) => {
                return Err(invalid("it is revoked but has no status to restore".to_owned()));
            }
            (ProviderUserStatus::Revoked, Some(before)) => (before, " once restored"),
            (status, None) => (status, ""),
            (_, Some(_)) => {
                return Err(invalid("it is not revoked but has a status to restore".to_owned()));
            }
        };
        match effective {
            ProviderUserStatus::Invited if self.user_id.is_some() => {
                return Err(invalid(format!(
                    "it is invited{once} but has a user id; only an accepted invitation has an account"
                )));
            }
            ProviderUserStatus::Accepted | ProviderUserStatus::Confirmed if self.user_id.is_none() => {
                return Err(invalid(format!("it is {}{once} but has no user id", effective.name())));
            }
            _ => {}
        }
        if self.role == ProviderUserType::ProviderAdmin && self.client_scope.is_some() {
            return Err(invalid("a provider admin cannot have a client scope".to_owned()));
        }
        Ok(())
    }
}

// ---- transitions of one member (called by `Provider::apply` only) ----

impl ProviderUser {
    /// A new invitation.
    pub(crate) fn invited(
        id: ProviderUserId,
        email: Email,
        role: ProviderUserType,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            email,
            name: None,
            user_id: None,
            role,
            status: ProviderUserStatus::Invited,
            status_before_revoke: None,
            invited_at: at,
            invitation_expires_at: Some(expires_at),
            public_key_fingerprint: None,
            client_scope: None,
        }
    }

    /// The first admin of a provider, confirmed at once by setting the provider up.
    pub(crate) fn founder(id: ProviderUserId, email: Email, user: UserId, at: DateTime<Utc>) -> Self {
        Self {
            id,
            email,
            name: None,
            user_id: Some(user),
            role: ProviderUserType::ProviderAdmin,
            status: ProviderUserStatus::Confirmed,
            status_before_revoke: None,
            invited_at: at,
            invitation_expires_at: None,
            public_key_fingerprint: None,
            client_scope: None,
        }
    }

    pub(in crate::provider) fn require_invited(&self) -> Result<(), TeamError> {
        if self.status != ProviderUserStatus::Invited {
            return Err(TeamError::NotInvited { member: self.id, status: self.status });
        }
        Ok(())
    }

    /// Sends the invitation again: invited stays invited with a new expiry.
    pub(in crate::provider) fn reinvite(
        &mut self,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), TeamError> {
        self.require_invited()?;
        self.invited_at = at;
        self.invitation_expires_at = Some(expires_at);
        Ok(())
    }

    /// Invited → accepted by `user`, before the invitation expires.
    pub(in crate::provider) fn accept(
        &mut self,
        user: UserId,
        fingerprint: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), TeamError> {
        self.require_invited()?;
        if self.invitation_expired(at) {
            return Err(TeamError::InvitationExpired { email: self.email.clone() });
        }
        self.status = ProviderUserStatus::Accepted;
        self.user_id = Some(user);
        self.invitation_expires_at = None;
        self.public_key_fingerprint = fingerprint.map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
        Ok(())
    }

    /// Accepted → confirmed.
    pub(in crate::provider) fn confirm(&mut self) -> Result<(), TeamError> {
        if self.status != ProviderUserStatus::Accepted {
            return Err(TeamError::NotAccepted { member: self.id, status: self.status });
        }
        self.status = ProviderUserStatus::Confirmed;
        Ok(())
    }

    /// Any state but revoked → revoked, remembering the state to restore.
    pub(in crate::provider) fn revoke(&mut self) -> Result<(), TeamError> {
        if self.status == ProviderUserStatus::Revoked {
            return Err(TeamError::AlreadyRevoked { member: self.id });
        }
        self.status_before_revoke = Some(self.status);
        self.status = ProviderUserStatus::Revoked;
        Ok(())
    }

    /// Revoked → the state it had.
    pub(in crate::provider) fn restore(&mut self) -> Result<(), TeamError> {
        if self.status != ProviderUserStatus::Revoked {
            return Err(TeamError::NotRevoked { member: self.id });
        }
        self.status = self.status_before_revoke.take().unwrap_or(ProviderUserStatus::Invited);
        Ok(())
    }

    /// A new role; a provider admin has no client scope.
    pub(in crate::provider) fn set_role(&mut self, role: ProviderUserType) {
        self.role = role;
        if role == ProviderUserType::ProviderAdmin {
            self.client_scope = None;
        }
    }

    /// A new client scope (service users only).
    pub(in crate::provider) fn set_scope(
        &mut self,
        scope: Option<BTreeSet<OrganizationId>>,
    ) -> Result<(), TeamError> {
        if self.role == ProviderUserType::ProviderAdmin && scope.is_some() {
            return Err(TeamError::ScopeNeedsServiceUser { member: self.id });
        }
        self.client_scope = scope;
        Ok(())
    }

    /// Drops a client that left the provider from the scope (a scope that becomes empty stays
    /// empty: the service user reaches no client until given one).
    pub(crate) fn forget_client(&mut self, client: OrganizationId) {
        if let Some(scope) = self.client_scope.as_mut() {
            scope.remove(&client);
        }
    }
}
