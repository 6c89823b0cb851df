//! Typed policy settings, validated against one table of setting specifications.
//!
//! Every setting of every policy kind is described once ([`PolicyKind::settings`]): its name,
//! its rule (a minimum, a ceiling, a flag, a choice or a text) and its range. The typed settings
//! structs, documents (portfolio JSON, baselines) and the reference interop all go through that
//! table, so a range is checked in one place.

mod by_kind;
mod typed;

pub use by_kind::PolicySettings;
pub use typed::{
    AutomaticAppLogInSettings, FillAssistSettings, MaximumVaultTimeoutSettings,
    OrganizationUserNotificationSettings, PasswordGeneratorSettings, ResetPasswordSettings,
    SendControlsSettings, SendOptionsSettings, UriMatchDefaultsSettings,
};

use serde::{Deserialize, Serialize};

use super::{PolicyError, PolicyKind};

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

#[cfg(test)]
mod tests;
