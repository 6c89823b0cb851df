//! The provider's settings: name, business, billing contact, address, events.

use crate::email::Email;
use crate::error::Error;
use serde::{Deserialize, Serialize};

use super::ProviderError;

/// The longest provider name accepted, in characters.
pub const MAX_PROVIDER_NAME_LEN: usize = 50;

/// The longest free-text setting (business name, phone, address lines), in characters.
pub const MAX_SETTING_LEN: usize = 256;

/// The provider's business address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessAddress {
    /// First address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    /// Second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// Third address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line3: Option<String>,
    /// Country (ISO code or name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Tax number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_number: Option<String>,
}

/// The provider's editable settings, validated at construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSettings", into = "RawSettings")]
pub struct ProviderSettings {
    pub(in crate::provider) name: String,
    pub(in crate::provider) business_name: Option<String>,
    pub(in crate::provider) billing_email: Option<Email>,
    pub(in crate::provider) billing_phone: Option<String>,
    pub(in crate::provider) address: BusinessAddress,
    pub(in crate::provider) use_events: bool,
}

/// The serialized form of the settings: plain values, checked when converted.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSettings {
    pub(in crate::provider) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(in crate::provider) business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(in crate::provider) billing_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(in crate::provider) billing_phone: Option<String>,
    #[serde(default)]
    pub(in crate::provider) address: BusinessAddress,
    /// A stored document without the key predates issue 15's default: it keeps events off.
    #[serde(default)]
    pub(in crate::provider) use_events: bool,
}

impl TryFrom<RawSettings> for ProviderSettings {
    type Error = Error;

    fn try_from(raw: RawSettings) -> Result<Self, Self::Error> {
        let mut settings = Self::new(&raw.name)?
            .with_business_name(raw.business_name.as_deref())?
            .with_billing_phone(raw.billing_phone.as_deref())?
            .with_address(&raw.address)?;
        settings.billing_email = raw.billing_email.as_deref().map(Email::new).transpose()?;
        settings.use_events = raw.use_events;
        Ok(settings)
    }
}

impl From<ProviderSettings> for RawSettings {
    fn from(s: ProviderSettings) -> Self {
        Self {
            name: s.name,
            business_name: s.business_name,
            billing_email: s.billing_email.map(String::from),
            billing_phone: s.billing_phone,
            address: s.address,
            use_events: s.use_events,
        }
    }
}

fn check_text(field: &'static str, value: &str, max: usize) -> Result<String, ProviderError> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(ProviderError::SettingTooLong { field, max });
    }
    Ok(trimmed.to_owned())
}

fn optional_text(field: &'static str, value: Option<&str>) -> Result<Option<String>, ProviderError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => check_text(field, text, MAX_SETTING_LEN).map(Some),
    }
}

/// A change of some settings, as a form or a keyword call gives it: a field left `None` keeps
/// the current value; a blank text clears an optional setting (every one but `name`, which
/// cannot be cleared). [`ProviderSettings::updated`] applies it with every check of the
/// constructors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsUpdate {
    /// The new name.
    pub name: Option<String>,
    /// The new business name (blank: none).
    pub business_name: Option<String>,
    /// The new billing email (blank: none).
    pub billing_email: Option<String>,
    /// The new billing phone (blank: none).
    pub billing_phone: Option<String>,
    /// The new first address line (blank: none).
    pub address_line1: Option<String>,
    /// The new second address line (blank: none).
    pub address_line2: Option<String>,
    /// The new third address line (blank: none).
    pub address_line3: Option<String>,
    /// The new country (blank: none).
    pub country: Option<String>,
    /// The new tax number (blank: none).
    pub tax_number: Option<String>,
    /// Whether provider events are recorded.
    pub use_events: Option<bool>,
}

impl ProviderSettings {
    /// These settings with `update` applied (see [`SettingsUpdate`]): the name, text lengths
    /// and the billing email are checked as the constructors check them.
    pub fn updated(&self, update: &SettingsUpdate) -> Result<Self, Error> {
        let keep =
            |given: &Option<String>, current: Option<&str>| given.as_deref().or(current).map(str::to_owned);
        let was = &self.address;
        let address = BusinessAddress {
            line1: keep(&update.address_line1, was.line1.as_deref()),
            line2: keep(&update.address_line2, was.line2.as_deref()),
            line3: keep(&update.address_line3, was.line3.as_deref()),
            country: keep(&update.country, was.country.as_deref()),
            tax_number: keep(&update.tax_number, was.tax_number.as_deref()),
        };
        let billing_email = match update.billing_email.as_deref().map(str::trim) {
            Some("") => None,
            Some(text) => Some(Email::new(text)?),
            None => self.billing_email.clone(),
        };
        Ok(Self::new(update.name.as_deref().unwrap_or(&self.name))?
            .with_business_name(keep(&update.business_name, self.business_name.as_deref()).as_deref())?
            .with_billing_phone(keep(&update.billing_phone, self.billing_phone.as_deref()).as_deref())?
            .with_address(&address)?
            .with_billing_email(billing_email)
            .with_use_events(update.use_events.unwrap_or(self.use_events)))
    }

    /// Settings with a name (not blank, at most 50 characters) and nothing else; events are on,
    /// as the reference's `CreateProviderCommand` sets `UseEvents` for every new provider
    /// (issue 15; [`ProviderSettings::with_use_events`] turns them off).
    pub fn new(name: &str) -> Result<Self, ProviderError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ProviderError::NameBlank);
        }
        if name.chars().count() > MAX_PROVIDER_NAME_LEN {
            return Err(ProviderError::NameTooLong { length: name.chars().count() });
        }
        Ok(Self {
            name: name.to_owned(),
            business_name: None,
            billing_email: None,
            billing_phone: None,
            address: BusinessAddress::default(),
            use_events: true,
        })
    }

    /// With a business name.
    pub fn with_business_name(mut self, business_name: Option<&str>) -> Result<Self, ProviderError> {
        self.business_name = optional_text("business_name", business_name)?;
        Ok(self)
    }

    /// With a billing email.
    #[must_use]
    pub fn with_billing_email(mut self, billing_email: Option<Email>) -> Self {
        self.billing_email = billing_email;
        self
    }

    /// With a billing phone number.
    pub fn with_billing_phone(mut self, phone: Option<&str>) -> Result<Self, ProviderError> {
        self.billing_phone = optional_text("billing_phone", phone)?;
        Ok(self)
    }

    /// With a business address.
    pub fn with_address(mut self, address: &BusinessAddress) -> Result<Self, ProviderError> {
        self.address = BusinessAddress {
            line1: optional_text("address.line1", address.line1.as_deref())?,
            line2: optional_text("address.line2", address.line2.as_deref())?,
            line3: optional_text("address.line3", address.line3.as_deref())?,
            country: optional_text("address.country", address.country.as_deref())?,
            tax_number: optional_text("address.tax_number", address.tax_number.as_deref())?,
        };
        Ok(self)
    }

    /// Whether provider events are recorded.
    #[must_use]
    pub fn with_use_events(mut self, use_events: bool) -> Self {
        self.use_events = use_events;
        self
    }

    /// The provider's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The business name.
    pub fn business_name(&self) -> Option<&str> {
        self.business_name.as_deref()
    }

    /// The billing email.
    pub fn billing_email(&self) -> Option<&Email> {
        self.billing_email.as_ref()
    }

    /// The billing phone.
    pub fn billing_phone(&self) -> Option<&str> {
        self.billing_phone.as_deref()
    }

    /// The business address.
    pub fn address(&self) -> &BusinessAddress {
        &self.address
    }

    /// Whether provider events are recorded.
    pub fn use_events(&self) -> bool {
        self.use_events
    }
}
