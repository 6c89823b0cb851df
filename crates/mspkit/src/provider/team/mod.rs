//! The provider's team: members, their roles and the states of their membership (the team
//! area: its state, its transitions and its error; its commands are in `provider/commands`).

mod error;
mod member;
mod role;
mod roster;

use chrono::{DateTime, Duration, Utc};

pub use error::TeamError;
pub use member::ProviderUser;
pub(crate) use member::ProviderUserRecord;
pub use role::{ProviderUserStatus, ProviderUserType};
pub(crate) use roster::Team;

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

#[cfg(test)]
mod tests;
