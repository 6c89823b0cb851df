//! The team: its members in the order they joined, with their indexes.

use std::collections::HashMap;

use super::{ProviderUser, TeamError};
use crate::email::Email;
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderUserId, UserId};
use crate::layout::IdHashing;

/// The team: members in the order they joined, found by id, email or account in O(1).
#[derive(Debug, Clone, Default)]
pub(crate) struct Team {
    pub(in crate::provider) members: Vec<ProviderUser>,
    pub(in crate::provider) by_id: HashMap<ProviderUserId, usize, IdHashing>,
    pub(in crate::provider) by_email: HashMap<Email, usize, IdHashing>,
    pub(in crate::provider) by_user: HashMap<UserId, usize, IdHashing>,
    pub(in crate::provider) confirmed_admins: usize,
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
