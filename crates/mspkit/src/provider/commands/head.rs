//! The lifecycle commands (set up, settings, billable, enabled, deleted) and the application of
//! their changes.

use chrono::{DateTime, Utc};

use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{ProviderUserId, UserId};
use crate::permissions::{Action, Target};
use crate::provider::Provider;
use crate::provider::team::{ProviderUser, TeamError};
use crate::provider::{ProviderError, ProviderSettings, ProviderStatus};

// ---- lifecycle commands and their application ----

impl Provider {
    /// Sets up a pending provider: the person it was issued to (the account's `email` must be
    /// the address it was issued to, compared case-insensitively) becomes its first confirmed
    /// provider admin, and the status becomes `created`. Returns the new admin's membership id.
    pub fn set_up(
        &mut self,
        user: UserId,
        email: &Email,
        now: DateTime<Utc>,
    ) -> Result<crate::provider::Created<ProviderUserId>, Error> {
        self.live()?;
        self.check_set_up(email)?;
        let member = self.fresh_member_id(self.last_sequence, &[]);
        let events = self.commit_one(
            Actor::User(user),
            now,
            Change::ProviderSetUp { member, user, email: email.clone() },
        )?;
        Ok(crate::provider::Created { id: member, events })
    }

    pub(in crate::provider) fn check_set_up(&self, email: &Email) -> Result<(), Error> {
        if self.status != ProviderStatus::Pending {
            return Err(Error::Provider(ProviderError::AlreadySetUp));
        }
        match &self.issued_to {
            None => Err(Error::Provider(ProviderError::IssuedToUnknown)),
            Some(issued_to) if issued_to != email => {
                Err(Error::Provider(ProviderError::SetupEmailMismatch {
                    issued_to: issued_to.clone(),
                    given: email.clone(),
                }))
            }
            Some(_) => Ok(()),
        }
    }

    /// Replaces the settings (provider admins only). The same settings again return no event.
    pub fn update_settings(
        &mut self,
        actor: ProviderUserId,
        settings: ProviderSettings,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::EditProviderSettings, Target::Provider)?;
        if settings == self.settings {
            return Ok(Vec::new());
        }
        self.commit_one(Actor::Member(actor), now, Change::ProviderUpdated { settings: Box::new(settings) })
    }

    /// Marks the provider billable once its subscription runs (the vendor's or billing system's
    /// action): created → billable. An already billable provider returns no event.
    pub fn mark_billable(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        match self.status {
            ProviderStatus::Pending => Err(Error::Provider(ProviderError::NotSetUp)),
            ProviderStatus::Billable => Ok(Vec::new()),
            ProviderStatus::Created => self.commit_one(
                Actor::System,
                now,
                Change::ProviderStatusChanged { from: ProviderStatus::Created, to: ProviderStatus::Billable },
            ),
        }
    }

    /// Enables or disables the provider (the vendor's or billing system's action). An MSP's or
    /// business unit's clients follow in the same event; a reseller's are not touched. Setting
    /// the current value again changes nothing and returns no event.
    pub fn set_enabled(&mut self, enabled: bool, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        if self.enabled == enabled {
            return Ok(Vec::new());
        }
        let change = if enabled { Change::ProviderEnabled } else { Change::ProviderDisabled };
        self.commit_one(Actor::System, now, change)
    }

    /// Checks that the provider may be deleted and returns the deletion event; the caller then
    /// drops it. A deleted provider refuses every later command and event (`provider_deleted`). A pending provider may be deleted directly (`actor` `None`, the vendor);
    /// otherwise only a provider admin may, and only when no client organization is left.
    pub fn delete(&mut self, actor: Option<ProviderUserId>, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        let by = match actor {
            Some(actor) => {
                self.allow(actor, Action::DeleteProvider, Target::Provider)?;
                Actor::Member(actor)
            }
            None if self.status == ProviderStatus::Pending => Actor::System,
            None => return Err(Error::Provider(ProviderError::DeleteNeedsAdmin)),
        };
        self.commit_one(by, now, Change::ProviderDeleted)
    }

    // ---- application ----

    pub(in crate::provider) fn apply_set_up(
        &mut self,
        member: ProviderUserId,
        user: UserId,
        email: &Email,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.check_set_up(email)?;
        self.check_fresh_member(member)?;
        if self.team.by_email(email).is_some() {
            return Err(Error::Team(TeamError::AlreadyMember {
                email: email.clone(),
                emails: vec![email.clone()],
            }));
        }
        self.team
            .push(ProviderUser::founder(member, email.clone(), user, at))
            .map_err(|detail| Error::Team(TeamError::InvalidMember { member, detail }))?;
        self.status = ProviderStatus::Created;
        Ok(())
    }

    pub(in crate::provider) fn apply_status_changed(
        &mut self,
        from: ProviderStatus,
        to: ProviderStatus,
    ) -> Result<(), Error> {
        match (self.status, from, to) {
            (ProviderStatus::Created, ProviderStatus::Created, ProviderStatus::Billable) => {
                self.status = to;
                Ok(())
            }
            (ProviderStatus::Pending, ..) => Err(Error::Provider(ProviderError::NotSetUp)),
            (current, ..) => Err(self.mismatch(format!(
                "the provider is `{}`; it cannot go from `{}` to `{}`",
                current.name(),
                from.name(),
                to.name()
            ))),
        }
    }

    pub(in crate::provider) fn apply_enabled(&mut self, enabled: bool) -> Result<(), Error> {
        if self.enabled == enabled {
            let state = if enabled { "enabled" } else { "disabled" };
            return Err(self.mismatch(format!("the provider is already {state}")));
        }
        self.enabled = enabled;
        self.clients_follow();
        Ok(())
    }

    pub(in crate::provider) fn apply_deleted(&mut self) -> Result<(), Error> {
        if !self.clients.is_empty() {
            return Err(Error::Provider(ProviderError::HasClients { clients: self.clients.len() }));
        }
        self.deleted = true;
        Ok(())
    }

    pub(in crate::provider) fn apply_updated(&mut self, settings: &ProviderSettings) -> Result<(), Error> {
        if *settings == self.settings {
            return Err(
                self.mismatch("the settings are already these (a command records no event then)".to_owned())
            );
        }
        self.settings = settings.clone();
        Ok(())
    }
}
