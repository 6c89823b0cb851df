//! The typed settings of each policy kind, read and written by setting name.

use std::num::NonZeroU32;

use crate::password::{CharacterClasses, MasterPasswordPolicy};

use super::{GeneratorType, SendAccess, SettingValue, UriMatchStrategy, VaultTimeoutAction};

/// Reading and writing a settings struct by setting name. Values reaching `set` are already
/// checked against the kind's [`SettingSpec`]s.
pub(super) trait ByName {
    fn get(&self, name: &str) -> Option<SettingValue>;
    fn set(&mut self, name: &str, value: Option<SettingValue>);
}

fn as_bool(v: Option<&SettingValue>) -> bool {
    matches!(v, Some(SettingValue::Bool(true)))
}

fn as_u32(v: Option<&SettingValue>) -> Option<u32> {
    match v {
        Some(SettingValue::Int(n)) => u32::try_from(*n).ok(),
        _ => None,
    }
}

fn as_u8(v: Option<&SettingValue>) -> Option<u8> {
    as_u32(v).and_then(|n| u8::try_from(n).ok())
}

fn as_text(v: Option<SettingValue>) -> Option<String> {
    match v {
        Some(SettingValue::Text(s)) => Some(s),
        _ => None,
    }
}

fn int(n: Option<impl Into<i64>>) -> Option<SettingValue> {
    n.map(|n| SettingValue::Int(n.into()))
}

fn text_value(s: Option<&String>) -> Option<SettingValue> {
    s.map(|s| SettingValue::Text(s.clone()))
}

fn name_value(s: Option<&'static str>) -> Option<SettingValue> {
    s.map(|s| SettingValue::Text(s.to_owned()))
}

impl ByName for MasterPasswordPolicy {
    fn get(&self, name: &str) -> Option<SettingValue> {
        match name {
            "min_complexity" => int(self.min_complexity()),
            "min_length" => int(self.min_length()),
            "require_upper" => Some(SettingValue::Bool(self.require_upper())),
            "require_lower" => Some(SettingValue::Bool(self.require_lower())),
            "require_numbers" => Some(SettingValue::Bool(self.require_numbers())),
            "require_special" => Some(SettingValue::Bool(self.require_special())),
            "enforce_on_login" => Some(SettingValue::Bool(self.enforce_on_login())),
            _ => None,
        }
    }

    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        let number = match &value {
            Some(SettingValue::Int(n)) => Some(i128::from(*n)),
            _ => None,
        };
        let mut classes = CharacterClasses {
            upper: self.require_upper(),
            lower: self.require_lower(),
            numbers: self.require_numbers(),
            special: self.require_special(),
        };
        let on = as_bool(value.as_ref());
        // The ranges were checked against the same bounds already; a refusal here keeps the
        // policy as it was.
        *self = match name {
            "min_complexity" => self.with_min_complexity(number).unwrap_or(*self),
            "min_length" => self.with_min_length(number).unwrap_or(*self),
            "enforce_on_login" => self.with_enforce_on_login(on),
            "require_upper" | "require_lower" | "require_numbers" | "require_special" => {
                match name {
                    "require_upper" => classes.upper = on,
                    "require_lower" => classes.lower = on,
                    "require_numbers" => classes.numbers = on,
                    _ => classes.special = on,
                }
                self.requiring(classes)
            }
            _ => *self,
        };
    }
}

/// The password generator policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools, reason = "the reference's settings are independent flags")]
pub struct PasswordGeneratorSettings {
    default_type: Option<GeneratorType>,
    min_length: Option<u8>,
    use_upper: bool,
    use_lower: bool,
    use_numbers: bool,
    use_special: bool,
    min_numbers: Option<u8>,
    min_special: Option<u8>,
    min_number_words: Option<u8>,
    capitalize: bool,
    include_number: bool,
}

impl PasswordGeneratorSettings {
    /// The default generator type, if the policy sets one.
    pub fn default_type(&self) -> Option<GeneratorType> {
        self.default_type
    }
    /// The minimum password length (5–128).
    pub fn min_length(&self) -> Option<u8> {
        self.min_length
    }
    /// The minimum count of digits (0–9).
    pub fn min_numbers(&self) -> Option<u8> {
        self.min_numbers
    }
    /// The minimum count of special characters (0–9).
    pub fn min_special(&self) -> Option<u8> {
        self.min_special
    }
    /// The minimum count of passphrase words (3–20).
    pub fn min_number_words(&self) -> Option<u8> {
        self.min_number_words
    }
    /// Whether generated passwords must use upper-case, lower-case, digits, specials.
    pub fn uses(&self) -> CharacterClasses {
        CharacterClasses {
            upper: self.use_upper,
            lower: self.use_lower,
            numbers: self.use_numbers,
            special: self.use_special,
        }
    }
    /// Whether passphrase words are capitalized.
    pub fn capitalize(&self) -> bool {
        self.capitalize
    }
    /// Whether passphrases include a number.
    pub fn include_number(&self) -> bool {
        self.include_number
    }
}

impl ByName for PasswordGeneratorSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        match name {
            "default_type" => name_value(self.default_type.map(GeneratorType::name)),
            "min_length" => int(self.min_length),
            "use_upper" => Some(SettingValue::Bool(self.use_upper)),
            "use_lower" => Some(SettingValue::Bool(self.use_lower)),
            "use_numbers" => Some(SettingValue::Bool(self.use_numbers)),
            "use_special" => Some(SettingValue::Bool(self.use_special)),
            "min_numbers" => int(self.min_numbers),
            "min_special" => int(self.min_special),
            "min_number_words" => int(self.min_number_words),
            "capitalize" => Some(SettingValue::Bool(self.capitalize)),
            "include_number" => Some(SettingValue::Bool(self.include_number)),
            _ => None,
        }
    }

    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        let v = value.as_ref();
        match name {
            "default_type" => {
                self.default_type = as_text(value).as_deref().and_then(GeneratorType::from_name);
            }
            "min_length" => self.min_length = as_u8(v),
            "use_upper" => self.use_upper = as_bool(v),
            "use_lower" => self.use_lower = as_bool(v),
            "use_numbers" => self.use_numbers = as_bool(v),
            "use_special" => self.use_special = as_bool(v),
            "min_numbers" => self.min_numbers = as_u8(v),
            "min_special" => self.min_special = as_u8(v),
            "min_number_words" => self.min_number_words = as_u8(v),
            "capitalize" => self.capitalize = as_bool(v),
            "include_number" => self.include_number = as_bool(v),
            _ => {}
        }
    }
}

/// The Send options policy's settings (superseded by send_controls).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SendOptionsSettings {
    disable_hide_email: bool,
}

impl SendOptionsSettings {
    /// Whether senders may not hide their email address.
    pub fn disable_hide_email(&self) -> bool {
        self.disable_hide_email
    }
}

impl ByName for SendOptionsSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        (name == "disable_hide_email").then_some(SettingValue::Bool(self.disable_hide_email))
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        if name == "disable_hide_email" {
            self.disable_hide_email = as_bool(value.as_ref());
        }
    }
}

/// The account recovery policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ResetPasswordSettings {
    auto_enroll_enabled: bool,
}

impl ResetPasswordSettings {
    /// Whether new members are enrolled in account recovery automatically.
    pub fn auto_enroll_enabled(&self) -> bool {
        self.auto_enroll_enabled
    }
}

impl ByName for ResetPasswordSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        (name == "auto_enroll_enabled").then_some(SettingValue::Bool(self.auto_enroll_enabled))
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        if name == "auto_enroll_enabled" {
            self.auto_enroll_enabled = as_bool(value.as_ref());
        }
    }
}

/// The maximum vault timeout policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MaximumVaultTimeoutSettings {
    minutes: Option<NonZeroU32>,
    action: Option<VaultTimeoutAction>,
}

impl MaximumVaultTimeoutSettings {
    /// The longest vault timeout members may choose, in minutes (required to enable the policy).
    pub fn minutes(&self) -> Option<NonZeroU32> {
        self.minutes
    }
    /// The action imposed on timeout; `None` leaves it to the member.
    pub fn action(&self) -> Option<VaultTimeoutAction> {
        self.action
    }
}

impl ByName for MaximumVaultTimeoutSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        match name {
            "minutes" => int(self.minutes.map(NonZeroU32::get)),
            "action" => name_value(self.action.map(VaultTimeoutAction::name)),
            _ => None,
        }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        match name {
            "minutes" => self.minutes = as_u32(value.as_ref()).and_then(NonZeroU32::new),
            "action" => self.action = as_text(value).as_deref().and_then(VaultTimeoutAction::from_name),
            _ => {}
        }
    }
}

/// The automatic login with SSO policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AutomaticAppLogInSettings {
    /// Boxed: a thin pointer, so that every policy's settings take 16 bytes (a client's
    /// stored policies are read for every client of a portfolio check; issue 14).
    #[expect(clippy::box_collection, reason = "a thin pointer to a rare setting keeps every policy small")]
    idp_host: Option<Box<String>>,
}

impl AutomaticAppLogInSettings {
    /// The identity provider's host.
    pub fn idp_host(&self) -> Option<&str> {
        self.idp_host.as_deref().map(String::as_str)
    }
}

impl ByName for AutomaticAppLogInSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        if name == "idp_host" { text_value(self.idp_host.as_deref()) } else { None }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        if name == "idp_host" {
            self.idp_host = as_text(value).map(Box::new);
        }
    }
}

/// The default URI match detection policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct UriMatchDefaultsSettings {
    match_detection: Option<UriMatchStrategy>,
}

impl UriMatchDefaultsSettings {
    /// The default match strategy (required to enable the policy).
    pub fn match_detection(&self) -> Option<UriMatchStrategy> {
        self.match_detection
    }
}

impl ByName for UriMatchDefaultsSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        if name == "match_detection" {
            name_value(self.match_detection.map(UriMatchStrategy::name))
        } else {
            None
        }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        if name == "match_detection" {
            self.match_detection = as_text(value).as_deref().and_then(UriMatchStrategy::from_name);
        }
    }
}

/// The vault banner message policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct OrganizationUserNotificationSettings {
    allow_banner: bool,
    header: Option<String>,
    description: Option<String>,
    button_text: Option<String>,
    show_after_every_login: bool,
}

impl OrganizationUserNotificationSettings {
    /// Whether the banner is shown.
    pub fn allow_banner(&self) -> bool {
        self.allow_banner
    }
    /// The banner's header (≤ 40 characters).
    pub fn header(&self) -> Option<&str> {
        self.header.as_deref()
    }
    /// The banner's text (≤ 250 characters).
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// The banner's button text (≤ 20 characters).
    pub fn button_text(&self) -> Option<&str> {
        self.button_text.as_deref()
    }
    /// Whether the banner comes back after every login.
    pub fn show_after_every_login(&self) -> bool {
        self.show_after_every_login
    }
}

impl ByName for OrganizationUserNotificationSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        match name {
            "allow_banner" => Some(SettingValue::Bool(self.allow_banner)),
            "header" => text_value(self.header.as_ref()),
            "description" => text_value(self.description.as_ref()),
            "button_text" => text_value(self.button_text.as_ref()),
            "show_after_every_login" => Some(SettingValue::Bool(self.show_after_every_login)),
            _ => None,
        }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        match name {
            "allow_banner" => self.allow_banner = as_bool(value.as_ref()),
            "header" => self.header = as_text(value),
            "description" => self.description = as_text(value),
            "button_text" => self.button_text = as_text(value),
            "show_after_every_login" => self.show_after_every_login = as_bool(value.as_ref()),
            _ => {}
        }
    }
}

/// The Send controls policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SendControlsSettings {
    disable_send: bool,
    disable_hide_email: bool,
    who_can_access: Option<SendAccess>,
}

impl SendControlsSettings {
    /// Whether Send is removed.
    pub fn disable_send(&self) -> bool {
        self.disable_send
    }
    /// Whether senders may not hide their email address.
    pub fn disable_hide_email(&self) -> bool {
        self.disable_hide_email
    }
    /// Who may open a Send, if the policy restricts it.
    pub fn who_can_access(&self) -> Option<SendAccess> {
        self.who_can_access
    }
}

impl ByName for SendControlsSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        match name {
            "disable_send" => Some(SettingValue::Bool(self.disable_send)),
            "disable_hide_email" => Some(SettingValue::Bool(self.disable_hide_email)),
            "who_can_access" => name_value(self.who_can_access.map(SendAccess::name)),
            _ => None,
        }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        match name {
            "disable_send" => self.disable_send = as_bool(value.as_ref()),
            "disable_hide_email" => self.disable_hide_email = as_bool(value.as_ref()),
            "who_can_access" => {
                self.who_can_access = as_text(value).as_deref().and_then(SendAccess::from_name);
            }
            _ => {}
        }
    }
}

/// The fill assist policy's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FillAssistSettings {
    /// Boxed: a thin pointer, so that every policy's settings take 16 bytes (a client's
    /// stored policies are read for every client of a portfolio check; issue 14).
    #[expect(clippy::box_collection, reason = "a thin pointer to a rare setting keeps every policy small")]
    rules_url: Option<Box<String>>,
}

impl FillAssistSettings {
    /// Where the rules are published: an `https://` URL (required to enable the policy).
    pub fn rules_url(&self) -> Option<&str> {
        self.rules_url.as_deref().map(String::as_str)
    }
}

impl ByName for FillAssistSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        if name == "rules_url" { text_value(self.rules_url.as_deref()) } else { None }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        if name == "rules_url" {
            self.rules_url = as_text(value).map(Box::new);
        }
    }
}
