//! The emergency stop (issue 20): suspending every provider member's access at once, resuming
//! it, and the application of their changes.

use chrono::{DateTime, Utc};

use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::ProviderUserId;
use crate::permissions::{Action, Target, authorize_unsuspended};
use crate::provider::head::{AccessSuspension, check_reason};
use crate::provider::team::TeamError;
use crate::provider::{Provider, ProviderError};

impl Provider {
    /// Suspends every provider member's access to the provider and every client at once — one
    /// event, `provider_access_suspended`. From then on the permission check refuses every
    /// action of every member with `provider_access_suspended`; the admin who suspended keeps
    /// only [`Provider::resume_access`]. Any provider admin whose access is not suspended may
    /// suspend (`manage_team`); `reason` is trimmed, 1 to 500 characters
    /// (`suspension_reason_invalid`). Suspending while everyone is suspended is
    /// `access_already_suspended`; an admin whose access was resumed may suspend again, which
    /// suspends everyone again.
    pub fn suspend_access(
        &mut self,
        actor: ProviderUserId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        let reason = check_reason(reason)?;
        if self.access_suspension.as_ref().is_some_and(|s| s.resumed().is_empty()) {
            return Err(ProviderError::AccessAlreadySuspended.into());
        }
        self.commit_one(Actor::Member(actor), now, Change::ProviderAccessSuspended { reason })
    }

    /// Resumes access suspended by [`Provider::suspend_access`]: of every member (`members`
    /// `None`: the suspension ends, and each member has exactly the permissions they had), or
    /// of the members listed (the others stay suspended; a member listed twice or already
    /// resumed counts once, and a resume that resumes nobody new returns no event). The admin
    /// who suspended may resume, and so may a provider admin whose access was resumed. Without
    /// a suspension: `access_not_suspended`; a member not of the team: `member_not_found`.
    pub fn resume_access(
        &mut self,
        actor: ProviderUserId,
        members: Option<&[ProviderUserId]>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.live()?;
        let Some(suspension) = &self.access_suspension else {
            return Err(ProviderError::AccessNotSuspended.into());
        };
        if actor == suspension.by() {
            authorize_unsuspended(self, actor, Action::ManageTeam, Target::Provider)?;
        } else {
            self.allow(actor, Action::ManageTeam, Target::Provider)?;
        }
        let members = match members {
            None => None,
            Some(list) => {
                let mut fresh: Vec<ProviderUserId> = Vec::with_capacity(list.len());
                for &member in list {
                    if self.member(member).is_none() {
                        return Err(TeamError::MemberNotFound { member }.into());
                    }
                    if suspension.suspends(member) && !fresh.contains(&member) {
                        fresh.push(member);
                    }
                }
                if fresh.is_empty() {
                    return Ok(Vec::new());
                }
                Some(fresh)
            }
        };
        self.commit_one(Actor::Member(actor), now, Change::ProviderAccessResumed { members })
    }

    /// Applies `provider_access_suspended` or `provider_access_resumed` (the emergency stop).
    pub(in crate::provider) fn access(&mut self, event: &Event) -> Result<(), Error> {
        match &event.change {
            Change::ProviderAccessSuspended { reason } => {
                self.apply_access_suspended(event.actor, event.at, reason)
            }
            Change::ProviderAccessResumed { members } => self.apply_access_resumed(members.as_deref()),
            _ => Err(self.mismatch("not a change of the provider's access".to_owned())),
        }
    }

    /// `provider_access_suspended`: by a member, with a stored reason, not while everyone is
    /// suspended already.
    fn apply_access_suspended(&mut self, actor: Actor, at: DateTime<Utc>, reason: &str) -> Result<(), Error> {
        let Actor::Member(by) = actor else {
            return Err(self.mismatch("access is suspended by a provider member".to_owned()));
        };
        if self.member(by).is_none() {
            return Err(TeamError::MemberNotFound { member: by }.into());
        }
        if self.access_suspension.as_ref().is_some_and(|s| s.resumed().is_empty()) {
            return Err(ProviderError::AccessAlreadySuspended.into());
        }
        let suspension = AccessSuspension::new(by, at, reason)?;
        if suspension.reason() != reason {
            return Err(self.mismatch("the reason is recorded trimmed".to_owned()));
        }
        self.access_suspension = Some(suspension);
        Ok(())
    }

    /// `provider_access_resumed`: of everyone, or of members of the team, each suspended, once.
    fn apply_access_resumed(&mut self, members: Option<&[ProviderUserId]>) -> Result<(), Error> {
        let Some(suspension) = &self.access_suspension else {
            return Err(ProviderError::AccessNotSuspended.into());
        };
        let Some(list) = members else {
            self.access_suspension = None;
            return Ok(());
        };
        if list.is_empty() {
            return Err(self.mismatch("a resume names at least one member".to_owned()));
        }
        for (i, &member) in list.iter().enumerate() {
            if self.member(member).is_none() {
                return Err(TeamError::MemberNotFound { member }.into());
            }
            if !suspension.suspends(member) || list.get(..i).is_some_and(|before| before.contains(&member)) {
                return Err(self.mismatch(format!("member `{member}` is resumed once, while suspended")));
            }
        }
        if let Some(suspension) = self.access_suspension.as_mut() {
            suspension.resume(list);
        }
        Ok(())
    }
}
