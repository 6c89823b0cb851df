//! The provider's head: its kind, status and settings (the head area: its values and its
//! error; its commands are in `provider/commands`).

mod error;
mod kind;
mod settings;

pub use error::ProviderError;
pub use kind::{LEGACY_PRICING_BEFORE, ProviderStatus, ProviderType};
pub(crate) use settings::RawSettings;
pub use settings::{
    BusinessAddress, MAX_PROVIDER_NAME_LEN, MAX_SETTING_LEN, ProviderSettings, SettingsUpdate,
};

#[cfg(test)]
mod tests;
