//! The provider's head: its kind, status and settings (the head area: its values and its
//! error; its commands are in `provider/commands`).

mod error;
mod kind;
mod review;
mod settings;
mod suspension;

pub use error::ProviderError;
pub use kind::{LEGACY_PRICING_BEFORE, ProviderStatus, ProviderType};
pub use review::{AccessReviews, FindingsHash, MAX_REVIEW_INTERVAL_DAYS, ReviewSignOff, check_next_due};
pub(crate) use settings::RawSettings;
pub use settings::{
    BusinessAddress, MAX_PROVIDER_NAME_LEN, MAX_SETTING_LEN, ProviderSettings, SettingsUpdate,
};
pub use suspension::{AccessSuspension, MAX_SUSPENSION_REASON_LEN, check_reason};

#[cfg(test)]
mod tests;
