//! The emergency stop (issue 20): every provider member's access suspended at once, by one
//! event, until it is resumed — for everyone, or member by member.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ProviderError;
use crate::ids::ProviderUserId;

/// The longest reason for a suspension, in characters.
pub const MAX_SUSPENSION_REASON_LEN: usize = 500;

/// A suspension of the provider's access: who suspended it, when and why, and the members whose
/// access was resumed since (everyone else is refused every action with
/// `provider_access_suspended`; the admin who suspended keeps only resuming).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessSuspension {
    by: ProviderUserId,
    at: DateTime<Utc>,
    reason: String,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    resumed: BTreeSet<ProviderUserId>,
}

impl AccessSuspension {
    /// A suspension by `by` at `at`, for `reason` (trimmed: 1 to [`MAX_SUSPENSION_REASON_LEN`]
    /// characters, no control characters).
    pub fn new(by: ProviderUserId, at: DateTime<Utc>, reason: &str) -> Result<Self, ProviderError> {
        Ok(Self { by, at, reason: check_reason(reason)?, resumed: BTreeSet::new() })
    }

    /// The admin who suspended access (the one who keeps resuming).
    pub fn by(&self) -> ProviderUserId {
        self.by
    }

    /// When.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// Why.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The members whose access was resumed since.
    pub fn resumed(&self) -> &BTreeSet<ProviderUserId> {
        &self.resumed
    }

    /// Whether `member`'s access is suspended (not resumed yet).
    pub fn suspends(&self, member: ProviderUserId) -> bool {
        !self.resumed.contains(&member)
    }

    /// Resumes `members`' access.
    pub(crate) fn resume(&mut self, members: &[ProviderUserId]) {
        self.resumed.extend(members.iter().copied());
    }

    /// Checks a stored suspension's reason.
    pub(crate) fn checked(self) -> Result<Self, ProviderError> {
        check_reason(&self.reason).map(|_| self)
    }
}

/// A reason as stored: trimmed, 1 to [`MAX_SUSPENSION_REASON_LEN`] characters, no control
/// characters.
pub fn check_reason(reason: &str) -> Result<String, ProviderError> {
    let reason = reason.trim();
    let length = reason.chars().count();
    if length == 0 || length > MAX_SUSPENSION_REASON_LEN || reason.chars().any(char::is_control) {
        return Err(ProviderError::SuspensionReasonInvalid { length });
    }
    Ok(reason.to_owned())
}
