//! The provider's team: members, their roles and the states of their membership.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::email::Email;
use crate::error::{Error, TeamError};
use crate::ids::{OrganizationId, ProviderUserId, UserId};

/// How long an invitation stays valid: 120 hours (5 days).
pub const INVITATION_LIFETIME_HOURS: i64 = 120;

/// The most emails one invitation batch may carry.
pub const MAX_INVITES_PER_BATCH: usize = 20;

/// The invitation lifetime as a duration.
pub fn invitation_lifetime() -> Duration {
    Duration::hours(INVITATION_LIFETIME_HOURS)
}

/// When an invitation sent at `now` expires: 120 hours later, or at the end of representable
/// time for an invitation sent less than 120 hours before it (never a panic).
pub(crate) fn invitation_expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_add_signed(invitation_lifetime()).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

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

/// One membership in a provider's team.
///
/// Members are created by [`Provider::invite`](crate::Provider::invite) and changed only through
/// the provider's commands, which keep the team's invariants. Deserializing one checks the
/// member's own invariants (a state with what it needs, a scope only for a service user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ProviderUserRecord", into = "ProviderUserRecord")]
pub struct ProviderUser {
    pub(crate) id: ProviderUserId,
    pub(crate) email: Email,
    pub(crate) name: Option<String>,
    pub(crate) user_id: Option<UserId>,
    pub(crate) role: ProviderUserType,
    pub(crate) status: ProviderUserStatus,
    /// The status a revoked member returns to when restored.
    pub(crate) status_before_revoke: Option<ProviderUserStatus>,
    pub(crate) invited_at: DateTime<Utc>,
    pub(crate) invitation_expires_at: Option<DateTime<Utc>>,
    pub(crate) public_key_fingerprint: Option<String>,
    /// The clients a scoped service user may reach; `None` reaches every client.
    pub(crate) client_scope: Option<BTreeSet<OrganizationId>>,
}

/// The serialized form of a member: plain values, checked when converted to a [`ProviderUser`]
/// so that each refusal keeps its own error code.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProviderUserRecord {
    id: ProviderUserId,
    email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_id: Option<UserId>,
    role: ProviderUserType,
    status: ProviderUserStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_before_revoke: Option<ProviderUserStatus>,
    invited_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    invitation_expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public_key_fingerprint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_scope: Option<BTreeSet<OrganizationId>>,
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
    /// the member's own invariants. JSON of the wrong shape is refused with `portfolio_invalid`,
    /// a broken invariant with its own code (`email_invalid`, `invalid_member_record`).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let record: ProviderUserRecord = serde_json::from_str(json).map_err(|e| {
            Error::Portfolio(crate::portfolio::PortfolioError::Invalid { detail: e.to_string() })
        })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitations_expire_after_120_hours_and_never_overflow() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(invitation_expiry(now), now + Duration::hours(120));
        assert_eq!(invitation_expiry(DateTime::<Utc>::MAX_UTC), DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn codes_round_trip() {
        for code in [-1, 0, 1, 2] {
            assert_eq!(ProviderUserStatus::from_code(code).map(ProviderUserStatus::code), Some(code));
        }
        assert_eq!(ProviderUserStatus::from_code(3), None);
        assert_eq!(ProviderUserType::from_code(1), Some(ProviderUserType::ServiceUser));
        assert_eq!(ProviderUserType::from_code(2), None);
        for code in [-1, 0, 1, 2] {
            let status = ProviderUserStatus::from_code(code).unwrap();
            assert_eq!(serde_json::to_value(status).unwrap(), status.name());
        }
        for role in [ProviderUserType::ProviderAdmin, ProviderUserType::ServiceUser] {
            assert_eq!(serde_json::to_value(role).unwrap(), role.name());
        }
    }
}
