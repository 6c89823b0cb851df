//! The team's commands (invite, accept, confirm, roles, scopes, revoke, remove, leave) and
//! the application of its changes.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId, UserId};
use crate::permissions::{Action, Target};
use crate::provider::Provider;
use crate::provider::clients::ClientError;
use crate::provider::team::{
    MAX_INVITES_PER_BATCH, ProviderUser, ProviderUserStatus, ProviderUserType, TeamError, invitation_expiry,
};

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
    ) -> Result<crate::provider::Created<Vec<ProviderUserId>>, Error> {
        let events = self.invite(actor, emails, role, now)?;
        let id = events
            .iter()
            .filter_map(|e| match &e.change {
                Change::MemberInvited { member, .. } => Some(*member),
                _ => None,
            })
            .collect();
        Ok(crate::provider::Created { id, events })
    }

    /// Invites 1–20 people as members with one role (provider admins only). Each email is
    /// trimmed and compared case-insensitively; an email twice in the batch refuses it
    /// (`duplicate_invite`), and so do emails already in the team (`already_member`, naming
    /// every one of them in `emails`, so the caller can invite the others again without them;
    /// the reference skips them silently, see `DESIGN.md`). Invitations expire 120 hours after
    /// `now`.
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
        let mut members: Vec<Email> = Vec::new();
        for raw in emails {
            let email = Email::new(raw)?;
            if batch.contains(&email) {
                return Err(Error::Team(TeamError::DuplicateInBatch { email }));
            }
            if self.team.by_email(&email).is_some() {
                members.push(email.clone());
            }
            batch.push(email);
        }
        if let Some(email) = members.first() {
            return Err(Error::Team(TeamError::AlreadyMember { email: email.clone(), emails: members }));
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

    pub(in crate::provider) fn existing_member(&self, id: ProviderUserId) -> Result<&ProviderUser, Error> {
        self.team.get(id).ok_or(Error::Team(TeamError::MemberNotFound { member: id }))
    }

    /// Refuses a change after which no confirmed, non-revoked admin would remain.
    pub(in crate::provider) fn keep_an_admin(&self, losing: &[ProviderUserId]) -> Result<(), Error> {
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

    pub(in crate::provider) fn apply_member_invited(
        &mut self,
        member: ProviderUserId,
        email: &Email,
        role: ProviderUserType,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.require_set_up()?;
        if self.team.by_email(email).is_some() {
            return Err(Error::Team(TeamError::AlreadyMember {
                email: email.clone(),
                emails: vec![email.clone()],
            }));
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

    pub(in crate::provider) fn apply_member_reinvited(
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
    pub(in crate::provider) fn check_fresh_member(&self, member: ProviderUserId) -> Result<(), Error> {
        let expected = self.fresh_member_id(self.last_sequence, &[]);
        if member != expected {
            return Err(self.mismatch(format!("the new member's id is `{expected}`, not `{member}`")));
        }
        Ok(())
    }

    /// An invitation sent at `at` expires [`invitation_lifetime`] later.
    pub(in crate::provider) fn check_expiry(
        &self,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let expected = invitation_expiry(at);
        if expires_at != expected {
            return Err(self.mismatch(format!(
                "an invitation sent at `{at}` expires at `{expected}`, not `{expires_at}`"
            )));
        }
        Ok(())
    }

    pub(in crate::provider) fn apply_member_accepted(
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

    pub(in crate::provider) fn apply_member_confirmed(
        &mut self,
        member: ProviderUserId,
    ) -> Result<(), Error> {
        self.team.update(member, ProviderUser::confirm)
    }

    pub(in crate::provider) fn apply_member_role_changed(
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

    pub(in crate::provider) fn apply_member_scope_changed(
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

    pub(in crate::provider) fn apply_member_revoked(&mut self, member: ProviderUserId) -> Result<(), Error> {
        self.existing_member(member)?;
        self.keep_an_admin(&[member])?;
        self.team.update(member, ProviderUser::revoke)
    }

    pub(in crate::provider) fn apply_member_restored(&mut self, member: ProviderUserId) -> Result<(), Error> {
        self.team.update(member, ProviderUser::restore)
    }

    pub(in crate::provider) fn apply_member_removed(&mut self, member: ProviderUserId) -> Result<(), Error> {
        self.existing_member(member)?;
        self.keep_an_admin(&[member])?;
        self.team.remove(member);
        Ok(())
    }
}
