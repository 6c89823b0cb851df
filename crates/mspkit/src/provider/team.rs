//! The provider's team: members, their roles and the states of their membership.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Provider;
use super::clients::ClientError;
use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId, UserId};
use crate::permissions::{Action, Target};

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
    id: ProviderUserId,
    email: Email,
    name: Option<String>,
    user_id: Option<UserId>,
    role: ProviderUserType,
    status: ProviderUserStatus,
    /// The status a revoked member returns to when restored.
    status_before_revoke: Option<ProviderUserStatus>,
    invited_at: DateTime<Utc>,
    invitation_expires_at: Option<DateTime<Utc>>,
    public_key_fingerprint: Option<String>,
    /// The clients a scoped service user may reach; `None` reaches every client.
    client_scope: Option<BTreeSet<OrganizationId>>,
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

    fn require_invited(&self) -> Result<(), TeamError> {
        if self.status != ProviderUserStatus::Invited {
            return Err(TeamError::NotInvited { member: self.id, status: self.status });
        }
        Ok(())
    }

    /// Sends the invitation again: invited stays invited with a new expiry.
    fn reinvite(&mut self, at: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<(), TeamError> {
        self.require_invited()?;
        self.invited_at = at;
        self.invitation_expires_at = Some(expires_at);
        Ok(())
    }

    /// Invited → accepted by `user`, before the invitation expires.
    fn accept(
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
    fn confirm(&mut self) -> Result<(), TeamError> {
        if self.status != ProviderUserStatus::Accepted {
            return Err(TeamError::NotAccepted { member: self.id, status: self.status });
        }
        self.status = ProviderUserStatus::Confirmed;
        Ok(())
    }

    /// Any state but revoked → revoked, remembering the state to restore.
    fn revoke(&mut self) -> Result<(), TeamError> {
        if self.status == ProviderUserStatus::Revoked {
            return Err(TeamError::AlreadyRevoked { member: self.id });
        }
        self.status_before_revoke = Some(self.status);
        self.status = ProviderUserStatus::Revoked;
        Ok(())
    }

    /// Revoked → the state it had.
    fn restore(&mut self) -> Result<(), TeamError> {
        if self.status != ProviderUserStatus::Revoked {
            return Err(TeamError::NotRevoked { member: self.id });
        }
        self.status = self.status_before_revoke.take().unwrap_or(ProviderUserStatus::Invited);
        Ok(())
    }

    /// A new role; a provider admin has no client scope.
    fn set_role(&mut self, role: ProviderUserType) {
        self.role = role;
        if role == ProviderUserType::ProviderAdmin {
            self.client_scope = None;
        }
    }

    /// A new client scope (service users only).
    fn set_scope(&mut self, scope: Option<BTreeSet<OrganizationId>>) -> Result<(), TeamError> {
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

/// The team: members in the order they joined, found by id, email or account in O(1).
#[derive(Debug, Clone, Default)]
pub(crate) struct Team {
    members: Vec<ProviderUser>,
    by_id: HashMap<ProviderUserId, usize>,
    by_email: HashMap<Email, usize>,
    by_user: HashMap<UserId, usize>,
    confirmed_admins: usize,
}

/// Two teams are equal when their members are (the indexes follow from them).
impl PartialEq for Team {
    fn eq(&self, other: &Self) -> bool {
        self.members == other.members
    }
}

impl Eq for Team {}

impl Team {
    /// A team of `members`, refusing a member, an email or an account that appears twice.
    pub(crate) fn new(members: Vec<ProviderUser>) -> Result<Self, String> {
        let mut team = Self::default();
        for m in members {
            team.push(m)?;
        }
        Ok(team)
    }

    pub(crate) fn as_slice(&self) -> &[ProviderUser] {
        &self.members
    }

    pub(crate) fn into_vec(self) -> Vec<ProviderUser> {
        self.members
    }

    pub(crate) fn get(&self, id: ProviderUserId) -> Option<&ProviderUser> {
        self.by_id.get(&id).and_then(|i| self.members.get(*i))
    }

    pub(crate) fn by_email(&self, email: &Email) -> Option<&ProviderUser> {
        self.by_email.get(email).and_then(|i| self.members.get(*i))
    }

    pub(crate) fn by_user(&self, user: UserId) -> Option<&ProviderUser> {
        self.by_user.get(&user).and_then(|i| self.members.get(*i))
    }

    pub(crate) fn confirmed_admins(&self) -> usize {
        self.confirmed_admins
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Adds a member, refusing a duplicate id, email or account (the message says which).
    pub(crate) fn push(&mut self, member: ProviderUser) -> Result<(), String> {
        if self.by_id.contains_key(&member.id) {
            return Err(format!("member `{}` appears twice", member.id));
        }
        if self.by_email.contains_key(&member.email) {
            return Err(format!("email `{}` appears twice in the team", member.email));
        }
        if let Some(user) = member.user_id
            && self.by_user.contains_key(&user)
        {
            return Err(format!("account `{user}` holds two memberships in the team"));
        }
        let index = self.members.len();
        self.by_id.insert(member.id, index);
        self.by_email.insert(member.email.clone(), index);
        if let Some(user) = member.user_id {
            self.by_user.insert(user, index);
        }
        if member.is_confirmed_admin() {
            self.confirmed_admins = self.confirmed_admins.saturating_add(1);
        }
        self.members.push(member);
        Ok(())
    }

    /// Changes one member through `change`; all-or-nothing (the member is changed only when
    /// `change` succeeds), keeping the indexes and the admin count right.
    pub(crate) fn update<T>(
        &mut self,
        id: ProviderUserId,
        change: impl FnOnce(&mut ProviderUser) -> Result<T, TeamError>,
    ) -> Result<T, Error> {
        let index = *self.by_id.get(&id).ok_or(TeamError::MemberNotFound { member: id })?;
        let member = self.members.get_mut(index).ok_or(TeamError::MemberNotFound { member: id })?;
        let mut changed = member.clone();
        let out = change(&mut changed)?;
        if let Some(user) = changed.user_id
            && member.user_id != Some(user)
        {
            if self.by_user.contains_key(&user) {
                return Err(Error::Team(TeamError::AccountAlreadyMember { user }));
            }
            self.by_user.insert(user, index);
        }
        let was_admin = member.is_confirmed_admin();
        let is_admin = changed.is_confirmed_admin();
        *member = changed;
        match (was_admin, is_admin) {
            (false, true) => self.confirmed_admins = self.confirmed_admins.saturating_add(1),
            (true, false) => self.confirmed_admins = self.confirmed_admins.saturating_sub(1),
            _ => {}
        }
        Ok(out)
    }

    /// Removes a member (O(n): the later members move up and are re-indexed).
    pub(crate) fn remove(&mut self, id: ProviderUserId) -> Option<ProviderUser> {
        let index = self.by_id.remove(&id)?;
        if index >= self.members.len() {
            return None;
        }
        let member = self.members.remove(index);
        self.by_email.remove(&member.email);
        if let Some(user) = member.user_id {
            self.by_user.remove(&user);
        }
        if member.is_confirmed_admin() {
            self.confirmed_admins = self.confirmed_admins.saturating_sub(1);
        }
        for (i, m) in self.members.iter().enumerate().skip(index) {
            self.by_id.insert(m.id, i);
            self.by_email.insert(m.email.clone(), i);
            if let Some(user) = m.user_id {
                self.by_user.insert(user, i);
            }
        }
        Some(member)
    }

    /// Drops a client from every scope.
    pub(crate) fn forget_client(&mut self, client: OrganizationId) {
        for m in &mut self.members {
            m.forget_client(client);
        }
    }
}

// ---- team commands and their application ----

impl Provider {
    /// As [`Self::invite`], returning the new members' ids directly, in the order of `emails`,
    /// beside the events.
    pub fn invite_members(
        &mut self,
        actor: ProviderUserId,
        emails: &[&str],
        role: ProviderUserType,
        now: DateTime<Utc>,
    ) -> Result<super::Created<Vec<ProviderUserId>>, Error> {
        let events = self.invite(actor, emails, role, now)?;
        let id = events
            .iter()
            .filter_map(|e| match &e.change {
                Change::MemberInvited { member, .. } => Some(*member),
                _ => None,
            })
            .collect();
        Ok(super::Created { id, events })
    }

    /// Invites 1–20 people as members with one role (provider admins only). Each email is
    /// trimmed and compared case-insensitively; one already in the team, or twice in the batch,
    /// refuses the whole batch. Invitations expire 120 hours after `now`.
    pub fn invite(
        &mut self,
        actor: ProviderUserId,
        emails: &[&str],
        role: ProviderUserType,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        if emails.is_empty() {
            return Err(Error::Team(TeamError::EmptyBatch));
        }
        if emails.len() > MAX_INVITES_PER_BATCH {
            return Err(Error::Team(TeamError::BatchTooLarge { count: emails.len() }));
        }
        let mut batch: Vec<Email> = Vec::with_capacity(emails.len());
        for raw in emails {
            let email = Email::new(raw)?;
            if batch.contains(&email) {
                return Err(Error::Team(TeamError::DuplicateInBatch { email }));
            }
            if self.team.by_email(&email).is_some() {
                return Err(Error::Team(TeamError::AlreadyMember { email }));
            }
            batch.push(email);
        }
        let mut taken = Vec::with_capacity(batch.len());
        let mut changes = Vec::with_capacity(batch.len());
        for (offset, email) in (0u64..).zip(batch) {
            let member = self.fresh_member_id(self.last_sequence.saturating_add(offset), &taken);
            taken.push(member);
            changes.push(Change::MemberInvited { member, email, role, expires_at: invitation_expiry(now) });
        }
        self.commit(Actor::Member(actor), now, changes)
    }

    /// Sends a pending invitation again, renewing its expiry (provider admins only).
    pub fn reinvite(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        self.existing_member(member)?.require_invited()?;
        self.commit_one(
            Actor::Member(actor),
            now,
            Change::MemberReinvited { member, expires_at: invitation_expiry(now) },
        )
    }

    /// The invited person accepts: the account's email must match the invitation and the
    /// invitation must not have expired. Invited → accepted.
    pub fn accept(
        &mut self,
        member: ProviderUserId,
        user: UserId,
        email: &Email,
        public_key_fingerprint: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        let m = self.existing_member(member)?;
        m.require_invited()?;
        if &m.email != email {
            return Err(Error::Team(TeamError::EmailMismatch {
                invited: m.email.clone(),
                given: email.clone(),
            }));
        }
        let public_key_fingerprint =
            public_key_fingerprint.map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
        self.commit_one(
            Actor::User(user),
            now,
            Change::MemberAccepted { member, user, public_key_fingerprint },
        )
    }

    /// Confirms an accepted member (provider admins only). When the member gave a public-key
    /// fingerprint and the admin passes the phrase they compared, the two must match.
    pub fn confirm(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        fingerprint: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        let m = self.existing_member(member)?;
        if m.status != ProviderUserStatus::Accepted {
            return Err(Error::Team(TeamError::NotAccepted { member, status: m.status }));
        }
        if let (Some(expected), Some(given)) = (m.public_key_fingerprint.as_deref(), fingerprint)
            && expected != given.trim()
        {
            return Err(Error::Team(TeamError::FingerprintMismatch { member }));
        }
        self.commit_one(Actor::Member(actor), now, Change::MemberConfirmed { member })
    }

    /// Revokes a membership: it is kept but grants nothing until restored (provider admins only;
    /// never the last confirmed admin).
    pub fn revoke(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        self.existing_member(member)?;
        self.keep_an_admin(&[member])?;
        self.commit_one(Actor::Member(actor), now, Change::MemberRevoked { member })
    }

    /// Restores a revoked membership to the state it had (provider admins only).
    pub fn restore(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        self.commit_one(Actor::Member(actor), now, Change::MemberRestored { member })
    }

    /// Changes a member's role (provider admins only; never demotes the last confirmed admin).
    /// Promoting a scoped service user drops its scope. The same role again changes nothing and
    /// returns no event.
    pub fn change_role(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        role: ProviderUserType,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        let from = self.existing_member(member)?.role;
        if role == ProviderUserType::ServiceUser {
            self.keep_an_admin(&[member])?;
        }
        if from == role {
            return Ok(Vec::new());
        }
        self.commit_one(Actor::Member(actor), now, Change::MemberRoleChanged { member, from, to: role })
    }

    /// Scopes a service user to the given clients, or (`None`) lets it reach every client
    /// (provider admins only). Every client in the scope must be a client of this provider
    /// (checked in one pass over the scope). The same scope again returns no event.
    pub fn set_client_scope(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        scope: Option<BTreeSet<OrganizationId>>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        let m = self.existing_member(member)?;
        if m.client_scope == scope {
            return Ok(Vec::new());
        }
        self.commit_one(Actor::Member(actor), now, Change::MemberScopeChanged { member, scope })
    }

    /// Removes members (provider admins only). The batch is checked as a whole: it may not
    /// remove every confirmed admin. A member named twice is removed once.
    pub fn remove(
        &mut self,
        actor: ProviderUserId,
        members: &[ProviderUserId],
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        if members.is_empty() {
            return Err(Error::Team(TeamError::EmptyBatch));
        }
        for member in members {
            self.existing_member(*member)?;
        }
        self.keep_an_admin(members)?;
        // The reference's ProviderService.DeleteUsersAsync refuses the caller's own id:
        // leaving is its own command ([`Provider::leave`]).
        if members.contains(&actor) {
            return Err(Error::Team(TeamError::CannotRemoveSelf { member: actor }));
        }
        let unique: BTreeSet<ProviderUserId> = members.iter().copied().collect();
        let changes = unique.into_iter().map(|member| Change::MemberRemoved { member }).collect();
        self.commit(Actor::Member(actor), now, changes)
    }

    /// A member leaves the provider by themselves (any state; never the last confirmed admin).
    pub fn leave(&mut self, member: ProviderUserId, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        self.existing_member(member)?;
        self.keep_an_admin(&[member])?;
        self.commit_one(Actor::Member(member), now, Change::MemberLeft { member })
    }

    fn existing_member(&self, id: ProviderUserId) -> Result<&ProviderUser, Error> {
        self.team.get(id).ok_or(Error::Team(TeamError::MemberNotFound { member: id }))
    }

    /// Refuses a change after which no confirmed, non-revoked admin would remain.
    pub(super) fn keep_an_admin(&self, losing: &[ProviderUserId]) -> Result<(), Error> {
        let mut lost = BTreeSet::new();
        for id in losing {
            if self.team.get(*id).is_some_and(ProviderUser::is_confirmed_admin) {
                lost.insert(*id);
            }
        }
        if !lost.is_empty() && lost.len() >= self.team.confirmed_admins() {
            return Err(Error::Team(TeamError::LastConfirmedAdmin));
        }
        Ok(())
    }

    // ---- application (no permission checks: the command did them; the state's rules hold) ----

    pub(super) fn apply_member_invited(
        &mut self,
        member: ProviderUserId,
        email: &Email,
        role: ProviderUserType,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.require_set_up()?;
        if self.team.by_email(email).is_some() {
            return Err(Error::Team(TeamError::AlreadyMember { email: email.clone() }));
        }
        if self.team.get(member).is_none() {
            // (A member id taken already is refused by `push` below, with its own code.)
            self.check_expiry(at, expires_at)?;
            self.check_fresh_member(member)?;
        }
        self.team
            .push(ProviderUser::invited(member, email.clone(), role, at, expires_at))
            .map_err(|detail| Error::Team(TeamError::InvalidMember { member, detail }))
    }

    pub(super) fn apply_member_reinvited(
        &mut self,
        member: ProviderUserId,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.check_expiry(at, expires_at)?;
        self.team.update(member, |m| m.reinvite(at, expires_at))
    }

    /// A new member's id is the one the command derives for this event (see
    /// [`Provider::fresh_member_id`]): a log cannot choose it.
    pub(super) fn check_fresh_member(&self, member: ProviderUserId) -> Result<(), Error> {
        let expected = self.fresh_member_id(self.last_sequence, &[]);
        if member != expected {
            return Err(self.mismatch(format!("the new member's id is `{expected}`, not `{member}`")));
        }
        Ok(())
    }

    /// An invitation sent at `at` expires [`invitation_lifetime`] later.
    fn check_expiry(&self, at: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<(), Error> {
        let expected = invitation_expiry(at);
        if expires_at != expected {
            return Err(self.mismatch(format!(
                "an invitation sent at `{at}` expires at `{expected}`, not `{expires_at}`"
            )));
        }
        Ok(())
    }

    pub(super) fn apply_member_accepted(
        &mut self,
        member: ProviderUserId,
        user: UserId,
        fingerprint: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        if let Some(f) = fingerprint
            && (f.trim() != f || f.is_empty())
        {
            return Err(self.mismatch(format!("the fingerprint `{f}` is recorded trimmed and not blank")));
        }
        self.team.update(member, |m| m.accept(user, fingerprint, at))
    }

    pub(super) fn apply_member_confirmed(&mut self, member: ProviderUserId) -> Result<(), Error> {
        self.team.update(member, ProviderUser::confirm)
    }

    pub(super) fn apply_member_role_changed(
        &mut self,
        member: ProviderUserId,
        from: ProviderUserType,
        to: ProviderUserType,
    ) -> Result<(), Error> {
        let current = self.existing_member(member)?.role;
        if from == to {
            return Err(self.mismatch(format!("member `{member}` is already `{}`", to.name())));
        }
        if current != from {
            return Err(self.mismatch(format!(
                "member `{member}` is `{}`, not `{}`",
                current.name(),
                from.name()
            )));
        }
        if to == ProviderUserType::ServiceUser {
            self.keep_an_admin(&[member])?;
        }
        self.team.update(member, |m| {
            m.set_role(to);
            Ok(())
        })
    }

    pub(super) fn apply_member_scope_changed(
        &mut self,
        member: ProviderUserId,
        scope: Option<&BTreeSet<OrganizationId>>,
    ) -> Result<(), Error> {
        if let Some(unknown) = scope.into_iter().flatten().find(|id| self.clients.get(**id).is_none()) {
            return Err(Error::Client(ClientError::NotFound { client: *unknown }));
        }
        if self.existing_member(member)?.client_scope.as_ref() == scope {
            return Err(self.mismatch(format!("member `{member}` already has this scope")));
        }
        self.team.update(member, |m| m.set_scope(scope.cloned()))
    }

    pub(super) fn apply_member_revoked(&mut self, member: ProviderUserId) -> Result<(), Error> {
        self.existing_member(member)?;
        self.keep_an_admin(&[member])?;
        self.team.update(member, ProviderUser::revoke)
    }

    pub(super) fn apply_member_restored(&mut self, member: ProviderUserId) -> Result<(), Error> {
        self.team.update(member, ProviderUser::restore)
    }

    pub(super) fn apply_member_removed(&mut self, member: ProviderUserId) -> Result<(), Error> {
        self.existing_member(member)?;
        self.keep_an_admin(&[member])?;
        self.team.remove(member);
        Ok(())
    }
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
    /// The email is already in the team.
    #[error("`{email}` is already a member of the provider's team")]
    AlreadyMember {
        /// The address.
        email: Email,
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
