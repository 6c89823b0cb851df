//! Provider baselines: the provider's written standard for its clients' policies, read from a
//! TOML or JSON file.
//!
//! ```toml
//! name = "Northwind MSP standard"
//! applies_to = ["standard", "regulated"]        # optional: the client tags it applies to
//!
//! [policies.two_factor_authentication]          # must be enabled
//!
//! [policies.master_password]
//! min_length = 14                               # "at least" numbers: a minimum
//! min_complexity = 3
//!
//! [policies.maximum_vault_timeout]
//! minutes = 60                                  # "at most" numbers: a ceiling
//! action = ["lock", "log_out"]                  # choices: the allowed set (or one name)
//!
//! [policies.reset_password]
//! auto_enroll_enabled = true                    # flags and texts: the required value
//!
//! [[exceptions]]
//! client = "Contoso"                            # the client's name or id
//! policy = "maximum_vault_timeout"
//! setting = "minutes"                           # optional: without it, the whole policy
//! reason = "kiosk machines, reviewed by the CISO"
//! expires = 2027-03-31                          # accepted through this day (UTC)
//! ```

mod limits;

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::Location;
use super::{BaselineError, PolicyError, PolicyKind, SettingRule, SettingValue};
use crate::document::{DocumentError, DocumentReader, MAX_QUOTED_CHARS, quote_cut};
use crate::provider::clients::ClientTag;

use limits::count_json;
pub use limits::{MAX_BASELINE_EXCEPTIONS, MAX_BASELINE_VALUES};
#[cfg(feature = "toml")]
use limits::{TOML_PRE_COUNT_FACTOR, count_toml, toml_values_at_most, too_large};

/// What a baseline asks of one setting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Expectation {
    /// At least this number.
    AtLeast(i64),
    /// At most this number.
    AtMost(i64),
    /// Exactly this flag or text.
    Equals(SettingValue),
    /// One of these choices.
    OneOf(Vec<String>),
}

impl Expectation {
    /// Whether `actual` (`None`: unset) meets the expectation.
    pub fn is_met_by(&self, actual: Option<&SettingValue>) -> bool {
        match (self, actual) {
            (Self::AtLeast(min), Some(SettingValue::Int(n))) => n >= min,
            (Self::AtMost(max), Some(SettingValue::Int(n))) => n <= max,
            (Self::Equals(want), Some(got)) => want == got,
            (Self::OneOf(names), Some(SettingValue::Text(got))) => names.iter().any(|n| n == got),
            _ => false,
        }
    }

    /// The weakest value that meets the expectation: what remediation sets.
    pub fn target(&self) -> SettingValue {
        match self {
            Self::AtLeast(n) | Self::AtMost(n) => SettingValue::Int(*n),
            Self::Equals(v) => v.clone(),
            Self::OneOf(names) => SettingValue::Text(names.first().cloned().unwrap_or_default()),
        }
    }
}

impl std::fmt::Display for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AtLeast(n) => write!(f, ">= {n}"),
            Self::AtMost(n) => write!(f, "<= {n}"),
            Self::Equals(v) => write!(f, "{v}"),
            Self::OneOf(names) if names.len() == 1 => f.write_str(names.first().map_or("", String::as_str)),
            Self::OneOf(names) => write!(f, "one of {}", names.join(", ")),
        }
    }
}

/// What a baseline asks of one setting of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SettingRequirement {
    /// The setting.
    pub setting: &'static str,
    /// What it must be.
    pub expectation: Expectation,
}

/// One policy a baseline requires to be enabled, and the weakest settings it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Requirement {
    /// The policy.
    pub kind: PolicyKind,
    /// Its settings' requirements, in catalogue order.
    pub settings: Vec<SettingRequirement>,
}

/// A documented, expiring acceptance of a finding for one client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PolicyException {
    /// The client's name or organization id, as written in the baseline.
    pub client: String,
    /// The policy.
    pub policy: PolicyKind,
    /// The setting; `None` accepts every finding of the policy.
    pub setting: Option<&'static str>,
    /// Why the risk is accepted.
    pub reason: String,
    /// The last day (UTC) the exception holds.
    pub expires: NaiveDate,
}

impl PolicyException {
    /// Whether the exception still holds on `today` (the expiry day included).
    pub fn holds_on(&self, today: NaiveDate) -> bool {
        today <= self.expires
    }
}

/// A provider's baseline: the policies every client must have enabled, the weakest settings
/// accepted, and the documented exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Baseline {
    /// Its name, if the file gives one.
    pub name: Option<String>,
    /// A description, if the file gives one.
    pub description: Option<String>,
    /// The required policies, in code order.
    pub requirements: Vec<Requirement>,
    /// The exceptions, in file order.
    pub exceptions: Vec<PolicyException>,
    /// The client tags it applies to (issue 17): a client carrying any of them is checked
    /// against it; empty (no `applies_to` in the file) applies to every client.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<ClientTag>,
}

impl Baseline {
    /// Reads a TOML baseline. Errors name the line and the key. (Feature `toml`.) The text goes
    /// through the default [`DocumentReader`]: see [`Self::from_toml_with`].
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self, BaselineError> {
        Self::from_toml_with(text, &DocumentReader::new())
    }

    /// Reads a TOML baseline with `reader`'s size limit (`document_too_large`). TOML itself
    /// refuses a key given twice (`baseline_malformed`, with the line). A baseline of more than
    /// [`MAX_BASELINE_EXCEPTIONS`] exceptions or [`MAX_BASELINE_VALUES`] values is
    /// `baseline_too_large`. (Feature `toml`.)
    #[cfg(feature = "toml")]
    pub fn from_toml_with(text: &str, reader: &DocumentReader) -> Result<Self, BaselineError> {
        reader.check_size(text, "baseline").map_err(BaselineError::Document)?;
        // The TOML crate builds its whole document before it can be counted: a text with far
        // more values than a baseline may hold is refused before that memory is spent.
        if toml_values_at_most(text) > TOML_PRE_COUNT_FACTOR.saturating_mul(MAX_BASELINE_VALUES) {
            return Err(too_large("values", MAX_BASELINE_VALUES));
        }
        let table: toml::Table = toml::from_str(text).map_err(|e| BaselineError::Malformed {
            format: "TOML",
            at: Location { key: String::new(), line: e.span().map(|s| line_at(text, s.start)) },
            message: quote_cut(&first_line(e.message()), 4 * MAX_QUOTED_CHARS),
        })?;
        count_toml(&table)?;
        let json = toml_to_json(toml::Value::Table(table));
        let lines = |path: &[PathPart<'_>]| toml_line(text, path);
        Self::from_value(&json, &lines)
    }

    /// Reads a JSON baseline. Errors name the key (and the line for syntax errors). The text
    /// goes through the default [`DocumentReader`]: see [`Self::from_json_with`].
    pub fn from_json(text: &str) -> Result<Self, BaselineError> {
        Self::from_json_with(text, &DocumentReader::new())
    }

    /// Reads a JSON baseline through `reader`, the one document reader: its size limit
    /// (`document_too_large`) and no key repeated in any object (`duplicate_key`, with the line
    /// and column: `{"min_length": 14, "min_length": 12}` is refused, not read as 12). A
    /// baseline of more than [`MAX_BASELINE_EXCEPTIONS`] exceptions or [`MAX_BASELINE_VALUES`]
    /// values is `baseline_too_large`, found by a pass that keeps nothing, before the document
    /// is built in memory.
    pub fn from_json_with(text: &str, reader: &DocumentReader) -> Result<Self, BaselineError> {
        let malformed = |message: String, line: usize| BaselineError::Malformed {
            format: "JSON",
            at: Location { key: String::new(), line: Some(line) },
            message,
        };
        match reader.check(text, "baseline") {
            Ok(()) => {}
            Err(DocumentError::Invalid { message, line, .. }) => return Err(malformed(message, line)),
            Err(other) => return Err(BaselineError::Document(other)),
        }
        count_json(text)?;
        let json: Value = serde_json::from_str(text)
            .map_err(|e| malformed(quote_cut(&e.to_string(), 4 * MAX_QUOTED_CHARS), e.line()))?;
        Self::from_value(&json, &|_| None)
    }

    /// Reads a baseline file's text, choosing the format by the file name (`.toml` or `.json`).
    pub fn from_file_text(file_name: &str, text: &str) -> Result<Self, BaselineError> {
        Self::from_file_text_with(file_name, text, &DocumentReader::new())
    }

    /// [`Self::from_file_text`] through `reader` (its size limit).
    pub fn from_file_text_with(
        file_name: &str,
        text: &str,
        reader: &DocumentReader,
    ) -> Result<Self, BaselineError> {
        let extension = std::path::Path::new(file_name).extension().and_then(|e| e.to_str());
        if extension.is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
            #[cfg(feature = "toml")]
            return Self::from_toml_with(text, reader);
            #[cfg(not(feature = "toml"))]
            return Err(BaselineError::UnknownFormat(format!("{file_name} (TOML needs the `toml` feature)")));
        } else if extension.is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            Self::from_json_with(text, reader)
        } else {
            Err(BaselineError::UnknownFormat(quote_cut(file_name, MAX_QUOTED_CHARS)))
        }
    }

    /// The requirement for `kind`, if the baseline has one.
    pub fn requirement(&self, kind: PolicyKind) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.kind == kind)
    }

    fn from_value(
        value: &Value,
        lines: &dyn Fn(&[PathPart<'_>]) -> Option<usize>,
    ) -> Result<Self, BaselineError> {
        let at = |path: &[PathPart<'_>]| Location { key: dotted(path), line: lines(path) };
        let Value::Object(top) = value else {
            return Err(BaselineError::InvalidValue { at: at(&[]), message: "a baseline is a table".into() });
        };
        let mut baseline = Self::default();
        for (key, value) in top {
            let path = [PathPart::Key(key)];
            match key.as_str() {
                "name" => baseline.name = Some(string(value, &at(&path))?),
                "description" => baseline.description = Some(string(value, &at(&path))?),
                "policies" => baseline.requirements = requirements(value, &at)?,
                "applies_to" => baseline.applies_to = tags(value, &at(&path))?,
                "exceptions" => {}
                _ => return Err(BaselineError::UnknownKey { at: at(&path) }),
            }
        }
        if let Some(exceptions) = top.get("exceptions") {
            baseline.exceptions = baseline.exceptions_from(exceptions, &at)?;
        }
        Ok(baseline)
    }

    fn exceptions_from(
        &self,
        value: &Value,
        at: &dyn Fn(&[PathPart<'_>]) -> Location,
    ) -> Result<Vec<PolicyException>, BaselineError> {
        let Value::Array(items) = value else {
            return Err(BaselineError::InvalidValue {
                at: at(&[PathPart::Key("exceptions")]),
                message: "`exceptions` is a list of tables ([[exceptions]])".into(),
            });
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let here = [PathPart::Key("exceptions"), PathPart::Index(i)];
            let invalid = |key: Option<&str>, message: String| {
                let mut path = here.to_vec();
                if let Some(key) = key {
                    path.push(PathPart::Key(key));
                }
                BaselineError::InvalidException { at: at(&path), message }
            };
            let Value::Object(fields) = item else {
                return Err(invalid(None, "an exception is a table".into()));
            };
            for key in fields.keys() {
                if !["client", "policy", "setting", "reason", "expires"].contains(&key.as_str()) {
                    return Err(invalid(
                        Some(key),
                        "unknown key; an exception has `client`, `policy`, `setting`, `reason` and `expires`"
                            .into(),
                    ));
                }
            }
            let text = |key: &str| match fields.get(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
                None => Ok(None),
                Some(other) => Err(invalid(Some(key), format!("`{other}` is not a non-empty text"))),
            };
            let need = |key: &'static str| {
                text(key)?.ok_or_else(|| invalid(None, format!("an exception needs `{key}`")))
            };
            let client = need("client")?;
            let policy_name = need("policy")?;
            let reason = need("reason")?;
            let expires_text = need("expires")?;
            let policy = PolicyKind::from_name(&policy_name)
                .ok_or_else(|| invalid(Some("policy"), format!("`{policy_name}` is not a policy")))?;
            let Some(requirement) = self.requirement(policy) else {
                return Err(invalid(
                    Some("policy"),
                    format!("the baseline does not require `{policy_name}`, so there is nothing to except"),
                ));
            };
            let setting = match text("setting")? {
                None => None,
                Some(name) => Some(
                    requirement
                        .settings
                        .iter()
                        .find(|s| s.setting == name)
                        .map(|s| s.setting)
                        .ok_or_else(|| {
                            invalid(
                                Some("setting"),
                                format!("the baseline asks nothing of `{policy_name}.{name}`, so there is nothing to except"),
                            )
                        })?,
                ),
            };
            // A TOML date arrives as its text; a TOML date-time is refused: exceptions end on a day.
            // Years 1 to 9999: a day every reader (Python's `date` included) can hold.
            let expires = NaiveDate::parse_from_str(&expires_text, "%Y-%m-%d")
                .ok()
                .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
                .ok_or_else(|| {
                    invalid(
                        Some("expires"),
                        format!(
                            "`{}` is not a date (YYYY-MM-DD, years 1 to 9999)",
                            quote_cut(&expires_text, MAX_QUOTED_CHARS)
                        ),
                    )
                })?;
            out.push(PolicyException { client, policy, setting, reason, expires });
        }
        Ok(out)
    }
}

#[derive(Debug, Clone, Copy)]
enum PathPart<'a> {
    Key(&'a str),
    Index(usize),
}

fn dotted(path: &[PathPart<'_>]) -> String {
    let mut out = String::new();
    for part in path {
        match part {
            PathPart::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathPart::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// `applies_to`: a list of client tags (one tag alone is a list of one), none given twice.
fn tags(value: &Value, at: &Location) -> Result<Vec<ClientTag>, BaselineError> {
    let invalid = |message: String| BaselineError::InvalidValue { at: at.clone(), message };
    let items = match value {
        Value::String(_) => std::slice::from_ref(value),
        Value::Array(items) => items.as_slice(),
        other => return Err(invalid(format!("`{other}` is not a list of client tags"))),
    };
    let mut out: Vec<ClientTag> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(text) = item else {
            return Err(invalid(format!("`{item}` is not a client tag")));
        };
        let tag = ClientTag::new(text).map_err(|e| invalid(e.to_string()))?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.is_empty() {
        return Err(invalid("`applies_to` names no tag; leave it out to apply to every client".into()));
    }
    Ok(out)
}

fn string(value: &Value, at: &Location) -> Result<String, BaselineError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => {
            Err(BaselineError::InvalidValue { at: at.clone(), message: format!("`{other}` is not a text") })
        }
    }
}

fn requirements(
    value: &Value,
    at: &dyn Fn(&[PathPart<'_>]) -> Location,
) -> Result<Vec<Requirement>, BaselineError> {
    let Value::Object(policies) = value else {
        return Err(BaselineError::InvalidValue {
            at: at(&[PathPart::Key("policies")]),
            message: "`policies` is a table of policies ([policies.single_org], …)".into(),
        });
    };
    let mut out = Vec::with_capacity(policies.len());
    for (name, settings) in policies {
        let path = [PathPart::Key("policies"), PathPart::Key(name)];
        let kind = PolicyKind::from_name(name)
            .ok_or_else(|| BaselineError::UnknownPolicy { at: at(&path), name: name.clone() })?;
        let Value::Object(settings) = settings else {
            return Err(BaselineError::InvalidValue {
                at: at(&path),
                message: format!("`{name}` is a table of settings (empty when the policy has none to check)"),
            });
        };
        let mut requirement = Requirement { kind, settings: Vec::new() };
        for (setting, value) in settings {
            let path = [PathPart::Key("policies"), PathPart::Key(name), PathPart::Key(setting)];
            let spec = kind.setting(setting).ok_or_else(|| BaselineError::UnknownSetting {
                at: at(&path),
                kind,
                setting: setting.clone(),
                known: known_settings(kind),
            })?;
            let expectation = expectation(kind, spec, value)
                .map_err(|message| BaselineError::InvalidValue { at: at(&path), message })?;
            requirement.settings.push(SettingRequirement { setting: spec.name, expectation });
        }
        if let Some(spec) = kind
            .settings()
            .iter()
            .find(|s| s.required && !requirement.settings.iter().any(|r| r.setting == s.name))
        {
            return Err(BaselineError::MissingSetting { at: at(&path), kind, setting: spec.name });
        }
        let order = |s: &SettingRequirement| kind.settings().iter().position(|spec| spec.name == s.setting);
        requirement.settings.sort_by_key(order);
        out.push(requirement);
    }
    out.sort_by_key(|r| r.kind);
    Ok(out)
}

fn known_settings(kind: PolicyKind) -> String {
    let names: Vec<String> = kind.settings().iter().map(|s| format!("`{}`", s.name)).collect();
    if names.is_empty() { "none".to_owned() } else { names.join(", ") }
}

fn expectation(kind: PolicyKind, spec: &super::SettingSpec, value: &Value) -> Result<Expectation, String> {
    let check =
        |v: SettingValue| spec.check(kind, Some(v)).map(|_| ()).map_err(|e: PolicyError| e.to_string());
    match (spec.rule, value) {
        (SettingRule::AtLeast { .. } | SettingRule::AtMost { .. }, Value::Number(n)) => {
            let n = n.as_i64().ok_or_else(|| format!("`{n}` is not a whole number"))?;
            check(SettingValue::Int(n))?;
            Ok(if matches!(spec.rule, SettingRule::AtMost { .. }) {
                Expectation::AtMost(n)
            } else {
                Expectation::AtLeast(n)
            })
        }
        (SettingRule::Flag, Value::Bool(b)) => Ok(Expectation::Equals(SettingValue::Bool(*b))),
        (SettingRule::Text { .. }, Value::String(s)) => {
            check(SettingValue::Text(s.clone()))?;
            Ok(Expectation::Equals(SettingValue::Text(s.clone())))
        }
        (SettingRule::Choice(_), Value::String(s)) => {
            check(SettingValue::Text(s.clone()))?;
            Ok(Expectation::OneOf(vec![s.clone()]))
        }
        (SettingRule::Choice(_), Value::Array(items)) if !items.is_empty() => {
            let mut names = Vec::with_capacity(items.len());
            for item in items {
                let Value::String(s) = item else { return Err(format!("`{item}` is not a choice name")) };
                check(SettingValue::Text(s.clone()))?;
                if !names.contains(s) {
                    names.push(s.clone());
                }
            }
            Ok(Expectation::OneOf(names))
        }
        (rule, other) => Err(format!(
            "`{other}` is not {}",
            match rule {
                SettingRule::AtLeast { .. } => "a whole number (the minimum accepted)",
                SettingRule::AtMost { .. } => "a whole number (the maximum accepted)",
                SettingRule::Flag => "true or false",
                SettingRule::Choice(_) => "a choice name or a non-empty list of them",
                SettingRule::Text { .. } => "a text",
            }
        )),
    }
}

#[cfg(feature = "toml")]
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_owned()
}

#[cfg(feature = "toml")]
fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

#[cfg(feature = "toml")]
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => Value::from(n),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(feature = "toml")]
/// The 1-based line where the key at `path` is written in a TOML text.
fn toml_line(text: &str, path: &[PathPart<'_>]) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    let mut span = None;
    let mut parts = path.iter().peekable();
    while let Some(part) = parts.next() {
        let PathPart::Key(key) = part else { return None };
        let (k, v) = table.iter().find(|(k, _)| k.get_ref().as_ref() == *key)?;
        span = Some(k.span().start);
        match (v.get_ref(), parts.peek()) {
            (DeValue::Table(t), Some(PathPart::Key(_))) => table = t,
            (DeValue::Array(items), Some(PathPart::Index(i))) => {
                parts.next();
                let item = items.get(*i)?;
                span = Some(item.span().start);
                match item.get_ref() {
                    DeValue::Table(t) => table = t,
                    _ => break,
                }
            }
            _ => {}
        }
    }
    span.map(|offset| line_at(text, offset))
}

#[cfg(test)]
mod tests;
