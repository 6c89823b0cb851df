//! The provider's kind, status and settings (the head area, [`super::head`]), under the
//! path they always had.

pub use super::head::{
    BusinessAddress, MAX_PROVIDER_NAME_LEN, MAX_SETTING_LEN, ProviderError, ProviderSettings, ProviderStatus,
    ProviderType, SettingsUpdate,
};
