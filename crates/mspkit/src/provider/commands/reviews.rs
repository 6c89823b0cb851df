//! Access reviews (issue 20, item 2): a provider admin signs off the review of every client, or
//! of some, and the application of that sign-off.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::provider::head::{FindingsHash, ReviewSignOff, check_next_due};
use crate::provider::team::TeamError;
use crate::provider::{ClientError, Provider, ProviderError};

impl Provider {
    /// Signs off an access review — one event, `access_review_signed` — of every client
    /// (`clients` `None`) or of the clients listed: `findings` is the hash of the findings the
    /// reviewer saw ([`AccessReview::findings_hash`](crate::access_review::AccessReview::findings_hash)
    /// of the same clients) and `next_due` the day the next review is due (after today, at most
    /// 366 days later: `review_due_invalid`).
    ///
    /// The reviewer is a confirmed provider admin whose access is not suspended (`manage_team`;
    /// `reviewer_not_admin` for another member). A list names each client once and at least
    /// one (`review_scope_invalid`), every one a client (`client_not_found`).
    pub fn sign_access_review(
        &mut self,
        actor: ProviderUserId,
        clients: Option<&[OrganizationId]>,
        findings: FindingsHash,
        next_due: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        self.check_review(actor, clients, next_due, now)?;
        self.commit_one(
            Actor::Member(actor),
            now,
            Change::AccessReviewSigned {
                reviewer: actor,
                clients: clients.map(<[_]>::to_vec),
                findings,
                next_due,
            },
        )
    }

    /// The state's rules of a sign-off, for the command and for `apply` alike.
    fn check_review(
        &self,
        reviewer: ProviderUserId,
        clients: Option<&[OrganizationId]>,
        next_due: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let Some(member) = self.member(reviewer) else {
            return Err(TeamError::MemberNotFound { member: reviewer }.into());
        };
        if !member.is_confirmed_admin() {
            return Err(ProviderError::ReviewerNotAdmin { member: reviewer }.into());
        }
        check_next_due(next_due, at.date_naive())?;
        if let Some(list) = clients {
            if list.is_empty() {
                return Err(
                    ProviderError::ReviewScopeInvalid { detail: "are an empty list".to_owned() }.into()
                );
            }
            let mut seen = std::collections::HashSet::with_capacity(list.len());
            for &client in list {
                if self.client(client).is_none() {
                    return Err(ClientError::NotFound { client }.into());
                }
                if !seen.insert(client) {
                    return Err(ProviderError::ReviewScopeInvalid {
                        detail: format!("name `{client}` twice"),
                    }
                    .into());
                }
            }
        }
        Ok(())
    }

    /// Applies `access_review_signed`: recorded by its reviewer, a confirmed provider admin, due
    /// after its day and within a year, over clients that exist, each named once.
    pub(in crate::provider) fn apply_access_review_signed(
        &mut self,
        actor: Actor,
        reviewer: ProviderUserId,
        clients: Option<&[OrganizationId]>,
        findings: FindingsHash,
        next_due: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        if actor != Actor::Member(reviewer) {
            return Err(self.mismatch("an access review is recorded by its reviewer".to_owned()));
        }
        self.check_review(reviewer, clients, next_due, at)?;
        let by_email = self
            .member(reviewer)
            .map(|m| m.email().clone())
            .ok_or(TeamError::MemberNotFound { member: reviewer })?;
        self.access_reviews.record(clients, ReviewSignOff { by: reviewer, by_email, at, findings, next_due });
        Ok(())
    }
}
