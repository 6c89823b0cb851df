//! Typed policy settings, validated against one table of setting specifications.
//!
//! Every setting of every policy kind is described once ([`PolicyKind::settings`]): its name,
//! its rule (a minimum, a ceiling, a flag, a choice or a text) and its range. The typed settings
//! structs, documents (portfolio JSON, baselines) and the reference interop all go through that
//! table, so a range is checked in one place.

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use super::{PolicyError, PolicyKind};
use crate::password::{CharacterClasses, MasterPasswordPolicy};

/// One setting's value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SettingValue {
    /// A flag.
    Bool(bool),
    /// A number.
    Int(i64),
    /// A choice or a text.
    Text(String),
}

impl std::fmt::Display for SettingValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bool(b) => write!(f, "{b}"),
            Self::Int(n) => write!(f, "{n}"),
            Self::Text(s) => f.write_str(s),
        }
    }
}

impl SettingValue {
    /// The value of a JSON scalar: `Ok(None)` for `null`, `Err(())` for arrays, objects and
    /// numbers that are not whole.
    fn from_json(value: &serde_json::Value) -> Result<Option<Self>, ()> {
        match value {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::Bool(b) => Ok(Some(Self::Bool(*b))),
            serde_json::Value::Number(n) => n.as_i64().map(|n| Some(Self::Int(n))).ok_or(()),
            serde_json::Value::String(s) => Ok(Some(Self::Text(s.clone()))),
            _ => Err(()),
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Bool(b) => serde_json::Value::Bool(*b),
            Self::Int(n) => serde_json::Value::from(*n),
            Self::Text(s) => serde_json::Value::String(s.clone()),
        }
    }
}

/// What a setting is, and so how a baseline compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingRule {
    /// An "at least" number (a minimum length, a minimum score): higher is stricter.
    AtLeast {
        /// The smallest value allowed.
        min: i64,
        /// The largest value allowed.
        max: i64,
    },
    /// An "at most" number (a timeout ceiling): lower is stricter.
    AtMost {
        /// The smallest value allowed.
        min: i64,
        /// The largest value allowed.
        max: i64,
    },
    /// A flag.
    Flag,
    /// One of a fixed set of names.
    Choice(&'static [&'static str]),
    /// A text of at most `max_chars` characters; `https_url` when it must be an `https://` URL.
    Text {
        /// The longest text allowed, in characters.
        max_chars: usize,
        /// Whether the text must be an `https://` URL.
        https_url: bool,
    },
}

/// One setting of a policy kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingSpec {
    /// The setting's snake_case name.
    pub name: &'static str,
    /// Its rule and range.
    pub rule: SettingRule,
    /// Whether the policy cannot be enabled without it.
    pub required: bool,
}

const fn at_least(name: &'static str, min: i64, max: i64) -> SettingSpec {
    SettingSpec { name, rule: SettingRule::AtLeast { min, max }, required: false }
}

const fn flag(name: &'static str) -> SettingSpec {
    SettingSpec { name, rule: SettingRule::Flag, required: false }
}

const fn choice(name: &'static str, names: &'static [&'static str], required: bool) -> SettingSpec {
    SettingSpec { name, rule: SettingRule::Choice(names), required }
}

const fn text(name: &'static str, max_chars: usize) -> SettingSpec {
    SettingSpec { name, rule: SettingRule::Text { max_chars, https_url: false }, required: false }
}

/// The longest vault timeout ceiling, in minutes (the reference stores a 32-bit integer).
pub const MAX_VAULT_TIMEOUT_MINUTES: i64 = 2_147_483_647;

const MASTER_PASSWORD: &[SettingSpec] = &[
    at_least("min_complexity", 0, 4),
    at_least("min_length", 12, 128),
    flag("require_upper"),
    flag("require_lower"),
    flag("require_numbers"),
    flag("require_special"),
    flag("enforce_on_login"),
];
const PASSWORD_GENERATOR: &[SettingSpec] = &[
    choice("default_type", GeneratorType::NAMES, false),
    at_least("min_length", 5, 128),
    flag("use_upper"),
    flag("use_lower"),
    flag("use_numbers"),
    flag("use_special"),
    at_least("min_numbers", 0, 9),
    at_least("min_special", 0, 9),
    at_least("min_number_words", 3, 20),
    flag("capitalize"),
    flag("include_number"),
];
const SEND_OPTIONS: &[SettingSpec] = &[flag("disable_hide_email")];
const RESET_PASSWORD: &[SettingSpec] = &[flag("auto_enroll_enabled")];
const MAXIMUM_VAULT_TIMEOUT: &[SettingSpec] = &[
    SettingSpec {
        name: "minutes",
        rule: SettingRule::AtMost { min: 1, max: MAX_VAULT_TIMEOUT_MINUTES },
        required: true,
    },
    choice("action", VaultTimeoutAction::NAMES, false),
];
const AUTOMATIC_APP_LOG_IN: &[SettingSpec] = &[text("idp_host", 255)];
const URI_MATCH_DEFAULTS: &[SettingSpec] = &[choice("match_detection", UriMatchStrategy::NAMES, true)];
const ORGANIZATION_USER_NOTIFICATION: &[SettingSpec] = &[
    flag("allow_banner"),
    text("header", 40),
    text("description", 250),
    text("button_text", 20),
    flag("show_after_every_login"),
];
const SEND_CONTROLS: &[SettingSpec] =
    &[flag("disable_send"), flag("disable_hide_email"), choice("who_can_access", SendAccess::NAMES, false)];
const FILL_ASSIST: &[SettingSpec] = &[SettingSpec {
    name: "rules_url",
    rule: SettingRule::Text { max_chars: 2048, https_url: true },
    required: true,
}];

impl PolicyKind {
    /// The policy's settings, in a fixed order (empty for an on/off policy).
    pub fn settings(self) -> &'static [SettingSpec] {
        match self {
            Self::MasterPassword => MASTER_PASSWORD,
            Self::PasswordGenerator => PASSWORD_GENERATOR,
            Self::SendOptions => SEND_OPTIONS,
            Self::ResetPassword => RESET_PASSWORD,
            Self::MaximumVaultTimeout => MAXIMUM_VAULT_TIMEOUT,
            Self::AutomaticAppLogIn => AUTOMATIC_APP_LOG_IN,
            Self::UriMatchDefaults => URI_MATCH_DEFAULTS,
            Self::OrganizationUserNotification => ORGANIZATION_USER_NOTIFICATION,
            Self::SendControls => SEND_CONTROLS,
            Self::FillAssist => FILL_ASSIST,
            _ => &[],
        }
    }

    /// The specification of the setting `name`, if the policy has one.
    pub fn setting(self, name: &str) -> Option<&'static SettingSpec> {
        self.settings().iter().find(|s| s.name == name)
    }
}

impl SettingSpec {
    /// Checks `value` against the rule and range; `None` (unset) passes.
    pub fn check(
        &self,
        kind: PolicyKind,
        value: Option<SettingValue>,
    ) -> Result<Option<SettingValue>, PolicyError> {
        let Some(value) = value else { return Ok(None) };
        let wrong = |expected: &'static str| PolicyError::InvalidSetting {
            kind,
            setting: self.name,
            expected,
            found: value.to_string(),
        };
        match (self.rule, &value) {
            (SettingRule::AtLeast { min, max } | SettingRule::AtMost { min, max }, SettingValue::Int(n)) => {
                if (min..=max).contains(n) {
                    Ok(Some(value))
                } else {
                    Err(PolicyError::SettingOutOfRange { kind, setting: self.name, value: *n, min, max })
                }
            }
            (SettingRule::AtLeast { .. } | SettingRule::AtMost { .. }, _) => Err(wrong("a whole number")),
            (SettingRule::Flag, SettingValue::Bool(_)) => Ok(Some(value)),
            (SettingRule::Flag, _) => Err(wrong("true or false")),
            (SettingRule::Choice(names), SettingValue::Text(s)) if names.contains(&s.as_str()) => {
                Ok(Some(value))
            }
            (SettingRule::Choice(_), _) => Err(wrong(self.choice_list())),
            (SettingRule::Text { max_chars, https_url }, SettingValue::Text(s)) => {
                if s.chars().count() > max_chars {
                    Err(PolicyError::SettingTooLong { kind, setting: self.name, max_chars })
                } else if https_url && !is_https_url(s) {
                    Err(wrong("an https:// URL"))
                } else {
                    Ok(Some(value))
                }
            }
            (SettingRule::Text { .. }, _) => Err(wrong("a text")),
        }
    }

    fn choice_list(&self) -> &'static str {
        match self.name {
            "default_type" => "`password` or `passphrase`",
            "action" => "`lock` or `log_out`",
            "match_detection" => "`domain`, `host`, `starts_with`, `exact`, `regular_expression` or `never`",
            "who_can_access" => "`any`, `password` or `specific_people`",
            _ => "one of the listed choices",
        }
    }
}

fn is_https_url(s: &str) -> bool {
    s.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !rest.chars().any(char::is_whitespace)
    })
}

macro_rules! named_choice {
    ($(#[$meta:meta])* $ty:ident { $($(#[$vmeta:meta])* $variant:ident = $name:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $ty {
            $($(#[$vmeta])* $variant,)+
        }

        impl $ty {
            /// Every name, in order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The stable snake_case name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// The value named `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

named_choice!(
    /// The password generator's default type.
    GeneratorType {
        /// Random characters.
        Password = "password",
        /// Words.
        Passphrase = "passphrase",
    }
);

named_choice!(
    /// What happens when the vault times out.
    VaultTimeoutAction {
        /// Lock the vault.
        Lock = "lock",
        /// Log out.
        LogOut = "log_out",
    }
);

named_choice!(
    /// The default URI match detection (the reference's `UriMatchType`, codes 0–5 in order).
    UriMatchStrategy {
        /// Base domain (0).
        Domain = "domain",
        /// Host (1).
        Host = "host",
        /// Starts with (2).
        StartsWith = "starts_with",
        /// Exact (3).
        Exact = "exact",
        /// Regular expression (4).
        RegularExpression = "regular_expression",
        /// Never (5).
        Never = "never",
    }
);

named_choice!(
    /// Who may open a Send (the reference's codes 0–2 in order).
    SendAccess {
        /// Anyone with the link (0).
        Any = "any",
        /// Anyone with the link and the password (1).
        Password = "password",
        /// Specific people (2).
        SpecificPeople = "specific_people",
    }
);

/// Reading and writing a settings struct by setting name. Values reaching `set` are already
/// checked against the kind's [`SettingSpec`]s.
trait ByName {
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
    idp_host: Option<String>,
}

impl AutomaticAppLogInSettings {
    /// The identity provider's host.
    pub fn idp_host(&self) -> Option<&str> {
        self.idp_host.as_deref()
    }
}

impl ByName for AutomaticAppLogInSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        if name == "idp_host" { text_value(self.idp_host.as_ref()) } else { None }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        if name == "idp_host" {
            self.idp_host = as_text(value);
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
    rules_url: Option<String>,
}

impl FillAssistSettings {
    /// Where the rules are published: an `https://` URL (required to enable the policy).
    pub fn rules_url(&self) -> Option<&str> {
        self.rules_url.as_deref()
    }
}

impl ByName for FillAssistSettings {
    fn get(&self, name: &str) -> Option<SettingValue> {
        if name == "rules_url" { text_value(self.rules_url.as_ref()) } else { None }
    }
    fn set(&mut self, name: &str, value: Option<SettingValue>) {
        if name == "rules_url" {
            self.rules_url = as_text(value);
        }
    }
}

/// One policy kind with its settings: what an organization stores for a policy besides whether
/// it is enabled. Made with [`PolicySettings::new`] and [`PolicySettings::with`], which check
/// every value against the kind's [`SettingSpec`]s.
///
/// ```
/// use mspkit::policy::{PolicyKind, PolicySettings, SettingValue};
///
/// let timeout = PolicySettings::new(PolicyKind::MaximumVaultTimeout)
///     .with("minutes", Some(SettingValue::Int(60)))?;
/// assert_eq!(timeout.get("minutes"), Some(SettingValue::Int(60)));
/// let err = timeout.clone().with("minutes", Some(SettingValue::Int(0))).unwrap_err();
/// assert_eq!(err.code(), "policy_setting_out_of_range");
/// # Ok::<(), mspkit::policy::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicySettings {
    /// Two-step login (no settings).
    TwoFactorAuthentication,
    /// The master-password policy: the password module's type.
    MasterPassword(MasterPasswordPolicy),
    /// Password generator minimums.
    PasswordGenerator(PasswordGeneratorSettings),
    /// Single organization (no settings).
    SingleOrg,
    /// Require SSO (no settings).
    RequireSso,
    /// Organization data ownership (no settings).
    OrganizationDataOwnership,
    /// Remove Send (no settings).
    DisableSend,
    /// Send options.
    SendOptions(SendOptionsSettings),
    /// Account recovery administration.
    ResetPassword(ResetPasswordSettings),
    /// Vault timeout ceiling.
    MaximumVaultTimeout(MaximumVaultTimeoutSettings),
    /// Remove individual vault export (no settings).
    DisablePersonalVaultExport,
    /// Activate autofill (no settings).
    ActivateAutofill,
    /// Automatic login with SSO.
    AutomaticAppLogIn(AutomaticAppLogInSettings),
    /// Remove free Families sponsorship (no settings).
    FreeFamiliesSponsorshipPolicy,
    /// Remove unlock with PIN (no settings).
    RemoveUnlockWithPin,
    /// Restricted item types (on/off only: the reference stores no settings for it).
    RestrictedItemTypesPolicy,
    /// Default URI match detection.
    UriMatchDefaults(UriMatchDefaultsSettings),
    /// Autotype default (on/off only: the reference stores no settings for it).
    AutotypeDefaultSetting,
    /// Automatic user confirmation (no settings).
    AutomaticUserConfirmation,
    /// Block account creation for claimed domains (no settings).
    BlockClaimedDomainAccountCreation,
    /// Vault banner message.
    OrganizationUserNotification(Box<OrganizationUserNotificationSettings>),
    /// Send controls.
    SendControls(SendControlsSettings),
    /// Fill assist.
    FillAssist(FillAssistSettings),
}

impl PolicySettings {
    /// The settings of a fresh `kind` policy: every setting unset or off.
    pub fn new(kind: PolicyKind) -> Self {
        match kind {
            PolicyKind::TwoFactorAuthentication => Self::TwoFactorAuthentication,
            PolicyKind::MasterPassword => Self::MasterPassword(MasterPasswordPolicy::default()),
            PolicyKind::PasswordGenerator => Self::PasswordGenerator(PasswordGeneratorSettings::default()),
            PolicyKind::SingleOrg => Self::SingleOrg,
            PolicyKind::RequireSso => Self::RequireSso,
            PolicyKind::OrganizationDataOwnership => Self::OrganizationDataOwnership,
            PolicyKind::DisableSend => Self::DisableSend,
            PolicyKind::SendOptions => Self::SendOptions(SendOptionsSettings::default()),
            PolicyKind::ResetPassword => Self::ResetPassword(ResetPasswordSettings::default()),
            PolicyKind::MaximumVaultTimeout => {
                Self::MaximumVaultTimeout(MaximumVaultTimeoutSettings::default())
            }
            PolicyKind::DisablePersonalVaultExport => Self::DisablePersonalVaultExport,
            PolicyKind::ActivateAutofill => Self::ActivateAutofill,
            PolicyKind::AutomaticAppLogIn => Self::AutomaticAppLogIn(AutomaticAppLogInSettings::default()),
            PolicyKind::FreeFamiliesSponsorshipPolicy => Self::FreeFamiliesSponsorshipPolicy,
            PolicyKind::RemoveUnlockWithPin => Self::RemoveUnlockWithPin,
            PolicyKind::RestrictedItemTypesPolicy => Self::RestrictedItemTypesPolicy,
            PolicyKind::UriMatchDefaults => Self::UriMatchDefaults(UriMatchDefaultsSettings::default()),
            PolicyKind::AutotypeDefaultSetting => Self::AutotypeDefaultSetting,
            PolicyKind::AutomaticUserConfirmation => Self::AutomaticUserConfirmation,
            PolicyKind::BlockClaimedDomainAccountCreation => Self::BlockClaimedDomainAccountCreation,
            PolicyKind::OrganizationUserNotification => Self::OrganizationUserNotification(Box::default()),
            PolicyKind::SendControls => Self::SendControls(SendControlsSettings::default()),
            PolicyKind::FillAssist => Self::FillAssist(FillAssistSettings::default()),
        }
    }

    /// The master-password policy as settings.
    pub fn master_password(policy: MasterPasswordPolicy) -> Self {
        Self::MasterPassword(policy)
    }

    /// The policy kind.
    pub fn kind(&self) -> PolicyKind {
        match self {
            Self::TwoFactorAuthentication => PolicyKind::TwoFactorAuthentication,
            Self::MasterPassword(_) => PolicyKind::MasterPassword,
            Self::PasswordGenerator(_) => PolicyKind::PasswordGenerator,
            Self::SingleOrg => PolicyKind::SingleOrg,
            Self::RequireSso => PolicyKind::RequireSso,
            Self::OrganizationDataOwnership => PolicyKind::OrganizationDataOwnership,
            Self::DisableSend => PolicyKind::DisableSend,
            Self::SendOptions(_) => PolicyKind::SendOptions,
            Self::ResetPassword(_) => PolicyKind::ResetPassword,
            Self::MaximumVaultTimeout(_) => PolicyKind::MaximumVaultTimeout,
            Self::DisablePersonalVaultExport => PolicyKind::DisablePersonalVaultExport,
            Self::ActivateAutofill => PolicyKind::ActivateAutofill,
            Self::AutomaticAppLogIn(_) => PolicyKind::AutomaticAppLogIn,
            Self::FreeFamiliesSponsorshipPolicy => PolicyKind::FreeFamiliesSponsorshipPolicy,
            Self::RemoveUnlockWithPin => PolicyKind::RemoveUnlockWithPin,
            Self::RestrictedItemTypesPolicy => PolicyKind::RestrictedItemTypesPolicy,
            Self::UriMatchDefaults(_) => PolicyKind::UriMatchDefaults,
            Self::AutotypeDefaultSetting => PolicyKind::AutotypeDefaultSetting,
            Self::AutomaticUserConfirmation => PolicyKind::AutomaticUserConfirmation,
            Self::BlockClaimedDomainAccountCreation => PolicyKind::BlockClaimedDomainAccountCreation,
            Self::OrganizationUserNotification(_) => PolicyKind::OrganizationUserNotification,
            Self::SendControls(_) => PolicyKind::SendControls,
            Self::FillAssist(_) => PolicyKind::FillAssist,
        }
    }

    fn by_name(&self) -> Option<&dyn ByName> {
        Some(match self {
            Self::MasterPassword(s) => s,
            Self::PasswordGenerator(s) => s,
            Self::SendOptions(s) => s,
            Self::ResetPassword(s) => s,
            Self::MaximumVaultTimeout(s) => s,
            Self::AutomaticAppLogIn(s) => s,
            Self::UriMatchDefaults(s) => s,
            Self::OrganizationUserNotification(s) => s.as_ref(),
            Self::SendControls(s) => s,
            Self::FillAssist(s) => s,
            _ => return None,
        })
    }

    fn by_name_mut(&mut self) -> Option<&mut dyn ByName> {
        Some(match self {
            Self::MasterPassword(s) => s,
            Self::PasswordGenerator(s) => s,
            Self::SendOptions(s) => s,
            Self::ResetPassword(s) => s,
            Self::MaximumVaultTimeout(s) => s,
            Self::AutomaticAppLogIn(s) => s,
            Self::UriMatchDefaults(s) => s,
            Self::OrganizationUserNotification(s) => s.as_mut(),
            Self::SendControls(s) => s,
            Self::FillAssist(s) => s,
            _ => return None,
        })
    }

    /// The value of the setting `name` (`None` when unset or when the policy has no such setting).
    pub fn get(&self, name: &str) -> Option<SettingValue> {
        self.by_name().and_then(|s| s.get(name))
    }

    /// With the setting `name` set to `value` (`None` unsets it), checked against its range.
    pub fn with(mut self, name: &str, value: Option<SettingValue>) -> Result<Self, PolicyError> {
        let kind = self.kind();
        let spec = kind
            .setting(name)
            .ok_or_else(|| PolicyError::UnknownSetting { kind, setting: name.to_owned() })?;
        let value = spec.check(kind, value)?;
        if let Some(settings) = self.by_name_mut() {
            settings.set(spec.name, value);
        }
        Ok(self)
    }

    /// With the setting `name` set from a JSON value (`null` unsets it).
    pub fn with_json(self, name: &str, value: &serde_json::Value) -> Result<Self, PolicyError> {
        let kind = self.kind();
        let spec = kind
            .setting(name)
            .ok_or_else(|| PolicyError::UnknownSetting { kind, setting: name.to_owned() })?;
        let value = SettingValue::from_json(value).map_err(|()| PolicyError::InvalidSetting {
            kind,
            setting: spec.name,
            expected: "a number, a flag or a text",
            found: value.to_string(),
        })?;
        self.with(name, value)
    }

    /// Settings of `kind` from a JSON object of setting names (mspkit's snake_case names).
    pub fn from_json_map(
        kind: PolicyKind,
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, PolicyError> {
        map.iter().try_fold(Self::new(kind), |settings, (name, value)| settings.with_json(name, value))
    }

    /// Every setting that is set, in catalogue order.
    pub fn values(&self) -> Vec<(&'static str, SettingValue)> {
        self.kind().settings().iter().filter_map(|spec| self.get(spec.name).map(|v| (spec.name, v))).collect()
    }

    /// The settings as a JSON object (unset settings left out).
    pub fn to_json_map(&self) -> serde_json::Map<String, serde_json::Value> {
        self.values().into_iter().map(|(name, value)| (name.to_owned(), value.to_json())).collect()
    }

    /// `Ok` when every setting the kind needs to be enabled is set (the vault timeout's
    /// `minutes`, the URI match default, the fill-assist `rules_url`).
    pub fn check_complete(&self) -> Result<(), PolicyError> {
        let kind = self.kind();
        match kind.settings().iter().find(|spec| spec.required && self.get(spec.name).is_none()) {
            Some(spec) => Err(PolicyError::MissingSetting { kind, setting: spec.name }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
