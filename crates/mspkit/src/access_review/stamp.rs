//! A sign-off as an access review shows it: shared by the clients one sign-off covers, and by
//! the findings that a review is late.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::email::Email;
use crate::ids::ProviderUserId;
use crate::provider::head::{FindingsHash, ReviewSignOff};

/// A sign-off as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewStamp {
    /// When it was signed.
    pub at: DateTime<Utc>,
    /// The reviewer.
    pub by: ProviderUserId,
    /// Their email when they signed.
    pub by_email: Email,
    /// The hash of the findings they signed off.
    pub findings: FindingsHash,
    /// When the next review is due.
    pub next_due: NaiveDate,
    /// Whether the next review is due on or before the report's day.
    pub overdue: bool,
}

impl ReviewStamp {
    pub(super) fn new(s: &ReviewSignOff, today: NaiveDate) -> Self {
        Self {
            at: s.at,
            by: s.by,
            by_email: s.by_email.clone(),
            findings: s.findings,
            next_due: s.next_due,
            overdue: s.overdue(today),
        }
    }
}
