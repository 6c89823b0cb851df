//! The reference server's policy JSON (`GET /organizations/{id}/policies`), read into mspkit's
//! policy types and written back.
//!
//! The reference re-emits each policy's `data` verbatim as stored, so this reader tolerates
//! `null`, missing and unknown keys, and keeps what it does not model to write it back: keys it
//! does not know, `null`s, values out of mspkit's ranges (older rows), the other top-level fields
//! (`id`, `revisionDate`, `canToggleState`, `object`) and entries of unknown policy types.
//!
//! The synthetic Send-controls entry: when an organization has no stored SendControls (21) row
//! the server adds one derived from DisableSend (6) and SendOptions (7): `enabled` is 6 or 7
//! enabled, `data` is `{"disableSend": <6 enabled>, "disableHideEmail": <7 enabled and its
//! disableHideEmail>}`. A 21 entry that is exactly that derivation, without an `id`, is read as
//! synthesized (not stored in the [`PolicySet`]), and the writer adds it again whenever the set
//! has no send_controls policy.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::settings::{SendAccess, UriMatchStrategy};
use super::{Policy, PolicyError, PolicyKind, PolicySet, PolicySettings, SettingValue};
use crate::document::DocumentReader;
use crate::ids::OrganizationId;

/// How one setting is written in the reference's `data`.
#[derive(Clone, Copy)]
enum Wire {
    /// The same JSON value.
    Plain,
    /// An integer code: the index in the choice names.
    Code(&'static [&'static str]),
    /// The vault-timeout action: `lock` / `logOut`.
    TimeoutAction,
}

/// `(setting, data key, how)` for every setting of `kind`.
fn keys(kind: PolicyKind) -> &'static [(&'static str, &'static str, Wire)] {
    use Wire::{Code, Plain, TimeoutAction};
    match kind {
        PolicyKind::MasterPassword => &[
            ("min_complexity", "minComplexity", Plain),
            ("min_length", "minLength", Plain),
            ("require_upper", "requireUpper", Plain),
            ("require_lower", "requireLower", Plain),
            ("require_numbers", "requireNumbers", Plain),
            ("require_special", "requireSpecial", Plain),
            ("enforce_on_login", "enforceOnLogin", Plain),
        ],
        PolicyKind::PasswordGenerator => &[
            ("default_type", "overridePasswordType", Plain),
            ("min_length", "minLength", Plain),
            ("use_upper", "useUpper", Plain),
            ("use_lower", "useLower", Plain),
            ("use_numbers", "useNumbers", Plain),
            ("use_special", "useSpecial", Plain),
            ("min_numbers", "minNumbers", Plain),
            ("min_special", "minSpecial", Plain),
            ("min_number_words", "minNumberWords", Plain),
            ("capitalize", "capitalize", Plain),
            ("include_number", "includeNumber", Plain),
        ],
        PolicyKind::SendOptions => &[("disable_hide_email", "disableHideEmail", Plain)],
        PolicyKind::ResetPassword => &[("auto_enroll_enabled", "autoEnrollEnabled", Plain)],
        PolicyKind::MaximumVaultTimeout => {
            &[("minutes", "minutes", Plain), ("action", "action", TimeoutAction)]
        }
        PolicyKind::AutomaticAppLogIn => &[("idp_host", "idpHost", Plain)],
        PolicyKind::UriMatchDefaults => {
            &[("match_detection", "uriMatchDetection", Code(UriMatchStrategy::NAMES))]
        }
        PolicyKind::OrganizationUserNotification => &[
            ("allow_banner", "allowBanner", Plain),
            ("header", "header", Plain),
            ("description", "description", Plain),
            ("button_text", "buttonText", Plain),
            ("show_after_every_login", "showAfterEveryLogin", Plain),
        ],
        PolicyKind::SendControls => &[
            ("disable_send", "disableSend", Plain),
            ("disable_hide_email", "disableHideEmail", Plain),
            ("who_can_access", "whoCanAccess", Code(SendAccess::NAMES)),
        ],
        PolicyKind::FillAssist => &[("rules_url", "rulesUrl", Plain)],
        _ => &[],
    }
}

/// The older web vaults' name for `overridePasswordType`.
const LEGACY_DEFAULT_TYPE: &str = "defaultType";

fn from_wire(wire: Wire, value: &Value) -> Option<SettingValue> {
    match (wire, value) {
        (Wire::Plain, Value::Bool(b)) => Some(SettingValue::Bool(*b)),
        (Wire::Plain, Value::Number(n)) => n.as_i64().map(SettingValue::Int),
        (Wire::Plain | Wire::Code(_), Value::String(s)) => Some(SettingValue::Text(s.clone())),
        (Wire::Code(names), Value::Number(n)) => n
            .as_u64()
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| names.get(i))
            .map(|s| SettingValue::Text((*s).to_owned())),
        (Wire::TimeoutAction, Value::String(s)) => match s.as_str() {
            "lock" => Some(SettingValue::Text("lock".into())),
            "logOut" => Some(SettingValue::Text("log_out".into())),
            _ => None,
        },
        _ => None,
    }
}

fn to_wire(wire: Wire, value: &SettingValue) -> Value {
    match (wire, value) {
        (Wire::Code(names), SettingValue::Text(s)) => {
            names.iter().position(|n| n == s).map_or_else(|| Value::String(s.clone()), Value::from)
        }
        (Wire::TimeoutAction, SettingValue::Text(s)) if s == "log_out" => Value::String("logOut".into()),
        (_, v) => v.to_json(),
    }
}

/// What the reader keeps of one entry besides its settings, to write it back as it came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredEntry {
    /// Top-level fields other than `organizationId`, `type`, `enabled` and `data`.
    pub fields: Map<String, Value>,
    /// The `data` keys that were present (and so are written back even when unset or off).
    pub data_keys: Vec<String>,
    /// `data` values mspkit does not model or could not accept, kept verbatim.
    pub kept_data: Map<String, Value>,
    /// Whether `data` was `null` (the PolicyResponseModel's "nothing stored").
    pub data_null: bool,
}

/// One organization's policies as read from the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferencePolicies {
    /// The organization.
    pub organization_id: OrganizationId,
    /// The stored policies.
    pub policies: PolicySet,
    /// Whether the list held the server's synthesized send_controls entry.
    pub send_controls_synthesized: bool,
    /// What each entry carried beyond mspkit's model.
    pub stored: BTreeMap<PolicyKind, StoredEntry>,
    /// Entries of policy types mspkit does not know, verbatim.
    pub unknown_types: Vec<Value>,
}

fn invalid(message: impl Into<String>) -> PolicyError {
    PolicyError::InvalidReference(message.into())
}

/// Reads the reference's policy list for one organization: a JSON array of policy objects, or
/// the API's `{"object": "list", "data": [...]}` wrapper.
///
/// The text goes through the one document reader (the default [`DocumentReader`]): its size
/// limit, no repeated key (`duplicate_key`, with the line and column), JSON syntax
/// (`invalid_document`). [`read_reference_policies_with`] takes another reader.
pub fn read_reference_policies(json: &str) -> Result<ReferencePolicies, PolicyError> {
    read_reference_policies_with(json, &DocumentReader::new())
}

/// [`read_reference_policies`] through `reader` (its size limit).
pub fn read_reference_policies_with(
    json: &str,
    reader: &DocumentReader,
) -> Result<ReferencePolicies, PolicyError> {
    let value: Value = reader.parse(json, "reference policy list").map_err(PolicyError::Document)?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut wrapper) => match wrapper.remove("data") {
            Some(Value::Array(items)) => items,
            _ => return Err(invalid("expected a list of policies or an object with a `data` list")),
        },
        _ => return Err(invalid("expected a list of policies")),
    };
    let mut organization = None;
    let mut policies = Vec::new();
    let mut stored = BTreeMap::new();
    let mut unknown_types = Vec::new();
    let mut send_controls = None;
    for item in items {
        let Value::Object(mut fields) = item else { return Err(invalid("a policy entry is not an object")) };
        let org = match fields.remove("organizationId") {
            Some(Value::String(s)) => s
                .parse::<OrganizationId>()
                .map_err(|_| invalid(format!("`{s}` is not an organization id")))?,
            _ => return Err(invalid("a policy entry has no `organizationId`")),
        };
        if *organization.get_or_insert(org) != org {
            return Err(invalid(format!(
                "the list mixes organizations (`{org}`); read one organization at a time"
            )));
        }
        let Some(code) = fields.get("type").and_then(Value::as_i64) else {
            return Err(invalid("a policy entry has no integer `type`"));
        };
        let Some(kind) = u8::try_from(code).ok().and_then(PolicyKind::from_code) else {
            fields.insert("organizationId".into(), Value::String(org.to_string()));
            unknown_types.push(Value::Object(fields));
            continue;
        };
        fields.remove("type");
        let Some(enabled) = fields.remove("enabled").and_then(|v| v.as_bool()) else {
            return Err(invalid(format!("policy type {code} has no boolean `enabled`")));
        };
        let mut entry = StoredEntry::default();
        let data = match fields.remove("data") {
            None | Some(Value::Null) => {
                entry.data_null = true;
                Map::new()
            }
            Some(Value::Object(data)) => data,
            Some(_) => return Err(invalid(format!("policy type {code} has a `data` that is not an object"))),
        };
        entry.fields = fields;
        let mut settings = PolicySettings::new(kind);
        for (key, value) in &data {
            entry.data_keys.push(key.clone());
            let known = keys(kind).iter().find(|(_, k, _)| {
                k == key
                    || (kind == PolicyKind::PasswordGenerator
                        && key == LEGACY_DEFAULT_TYPE
                        && *k == "overridePasswordType")
            });
            let accepted = known.and_then(|(name, _, wire)| {
                from_wire(*wire, value).and_then(|v| settings.clone().with(name, Some(v)).ok())
            });
            match accepted {
                Some(next) => settings = next,
                // Unknown keys, nulls, the legacy key and values mspkit cannot accept stay verbatim.
                _ => {
                    entry.kept_data.insert(key.clone(), value.clone());
                }
            }
        }
        if kind == PolicyKind::SendControls {
            send_controls = Some((Policy::new(settings, enabled), entry, data));
            continue;
        }
        stored.insert(kind, entry);
        policies.push(Policy::new(settings, enabled));
    }
    let organization_id = organization.ok_or_else(|| {
        invalid("the list is empty; the server always sends at least the send_controls entry")
    })?;
    let mut set = PolicySet::from_policies(policies)?;
    let mut send_controls_synthesized = false;
    if let Some((policy, entry, data)) = send_controls {
        let (derived_enabled, derived_data) = synthesized_send_controls(&set);
        if !entry.fields.contains_key("id")
            && !entry.data_null
            && policy.enabled() == derived_enabled
            && data == derived_data
        {
            send_controls_synthesized = true;
        } else {
            let mut all: Vec<Policy> = set.iter().cloned().collect();
            all.push(policy);
            set = PolicySet::from_policies(all)?;
            stored.insert(PolicyKind::SendControls, entry);
        }
    }
    Ok(ReferencePolicies { organization_id, policies: set, send_controls_synthesized, stored, unknown_types })
}

/// The server's synthesized send_controls entry for a set without one: `(enabled, data)`.
fn synthesized_send_controls(set: &PolicySet) -> (bool, Map<String, Value>) {
    let disable_send = set.is_enabled(PolicyKind::DisableSend);
    let hide = set.get(PolicyKind::SendOptions).is_some_and(|p| {
        p.enabled() && p.settings().get("disable_hide_email") == Some(SettingValue::Bool(true))
    });
    let mut data = Map::new();
    data.insert("disableSend".into(), Value::Bool(disable_send));
    data.insert("disableHideEmail".into(), Value::Bool(hide));
    (disable_send || set.is_enabled(PolicyKind::SendOptions), data)
}

fn entry_json(organization: OrganizationId, policy: &Policy, entry: Option<&StoredEntry>) -> Value {
    let kind = policy.kind();
    let mut data = Map::new();
    let defaults = PolicySettings::new(kind);
    let has = |key: &str| entry.is_some_and(|e| e.data_keys.iter().any(|k| k == key));
    for (name, key, wire) in keys(kind) {
        let value = policy.settings().get(name);
        // An older vault's `defaultType` is written back under its own name.
        let key = if *key == "overridePasswordType" && has(LEGACY_DEFAULT_TYPE) && !has(key) {
            LEGACY_DEFAULT_TYPE
        } else {
            key
        };
        let is_default = value == defaults.get(name);
        // A stored `null` stays `null` while mspkit's value is still the default (a flag reads
        // a missing value as off).
        let kept_null = entry.is_some_and(|e| e.kept_data.get(key).is_some_and(Value::is_null));
        if let Some(value) = value
            && !(kept_null && is_default)
            && (has(key) || !is_default)
        {
            data.insert((*key).to_owned(), to_wire(*wire, &value));
        }
    }
    let mut out = Map::new();
    if let Some(entry) = entry {
        for (k, v) in &entry.kept_data {
            // A kept value (an unknown key, a null, an older row's value) wins only where mspkit has no value.
            data.entry(k.clone()).or_insert_with(|| v.clone());
        }
        out.extend(entry.fields.clone());
    }
    out.insert("organizationId".into(), Value::String(organization.to_string()));
    out.insert("type".into(), Value::from(kind.code()));
    let null_data = entry.is_some_and(|e| e.data_null) && data.is_empty();
    out.insert("data".into(), if null_data { Value::Null } else { Value::Object(data) });
    out.insert("enabled".into(), Value::Bool(policy.enabled()));
    Value::Object(out)
}

/// Writes one organization's policies as the reference's list (code order, the synthesized
/// send_controls entry added when the set has no send_controls policy, unknown types last).
pub fn write_reference_policies(policies: &ReferencePolicies) -> Value {
    let org = policies.organization_id;
    let mut items: Vec<Value> =
        policies.policies.iter().map(|p| entry_json(org, p, policies.stored.get(&p.kind()))).collect();
    if policies.policies.get(PolicyKind::SendControls).is_none() {
        let (enabled, data) = synthesized_send_controls(&policies.policies);
        let mut out = Map::new();
        out.insert("object".into(), Value::String("policy".into()));
        out.insert("organizationId".into(), Value::String(org.to_string()));
        out.insert("type".into(), Value::from(PolicyKind::SendControls.code()));
        out.insert("data".into(), Value::Object(data));
        out.insert("enabled".into(), Value::Bool(enabled));
        out.insert("canToggleState".into(), Value::Bool(true));
        let at = items
            .iter()
            .position(|v| v.get("type").and_then(Value::as_u64).is_some_and(|t| t > 21))
            .unwrap_or(items.len());
        items.insert(at, Value::Object(out));
    }
    items.extend(policies.unknown_types.iter().cloned());
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "5d3a7a1e-7c1b-4b8e-9a51-1f2f3e4d5c6b";

    fn entry(code: u8, enabled: bool, data: &str) -> String {
        format!(
            r#"{{"object":"policy","organizationId":"{ORG}","type":{code},"data":{data},"enabled":{enabled},"canToggleState":true}}"#
        )
    }

    #[test]
    fn reads_settings_with_the_keys_as_stored() {
        let json = format!(
            "[{}, {}, {}, {}, {}]",
            entry(
                1,
                true,
                r#"{"minComplexity":3,"minLength":14,"requireUpper":true,"requireLower":null,"enforceOnLogin":false,"newKey":"x"}"#
            ),
            entry(3, true, "{}"),
            entry(9, true, r#"{"minutes":60,"action":"logOut"}"#),
            entry(16, false, r#"{"uriMatchDetection":1}"#),
            entry(21, false, r#"{"disableSend":false,"disableHideEmail":false}"#),
        );
        let read = read_reference_policies(&json).unwrap();
        assert!(read.send_controls_synthesized);
        assert_eq!(read.policies.len(), 4);
        let mp = read.policies.get(PolicyKind::MasterPassword).unwrap();
        assert_eq!(mp.settings().get("min_length"), Some(SettingValue::Int(14)));
        assert_eq!(mp.settings().get("min_complexity"), Some(SettingValue::Int(3)));
        let timeout = read.policies.get(PolicyKind::MaximumVaultTimeout).unwrap();
        assert_eq!(timeout.settings().get("action"), Some(SettingValue::Text("log_out".into())));
        let uri = read.policies.get(PolicyKind::UriMatchDefaults).unwrap();
        assert_eq!(uri.settings().get("match_detection"), Some(SettingValue::Text("host".into())));
        // Written back: the same JSON, value for value.
        let original: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(write_reference_policies(&read), original);
    }

    #[test]
    fn an_organization_without_policies_sends_only_the_synthetic_entry() {
        let json = format!("[{}]", entry(21, false, r#"{"disableSend":false,"disableHideEmail":false}"#));
        let read = read_reference_policies(&json).unwrap();
        assert!(read.policies.is_empty() && read.send_controls_synthesized);
        assert_eq!(write_reference_policies(&read), serde_json::from_str::<Value>(&json).unwrap());
    }

    #[test]
    fn a_stored_send_controls_row_is_kept_and_derivation_follows_6_and_7() {
        let json = format!(
            "[{}, {}, {}]",
            entry(6, true, "{}"),
            entry(7, true, r#"{"disableHideEmail":true}"#),
            entry(21, true, r#"{"disableSend":true,"disableHideEmail":true}"#),
        );
        let read = read_reference_policies(&json).unwrap();
        assert!(read.send_controls_synthesized, "21 is exactly derived from 6 and 7");
        let stored = format!(
            "[{}]",
            entry(21, true, r#"{"disableSend":true,"disableHideEmail":false,"whoCanAccess":1}"#)
        );
        let read = read_reference_policies(&stored).unwrap();
        assert!(!read.send_controls_synthesized);
        let sc = read.policies.get(PolicyKind::SendControls).unwrap();
        assert_eq!(sc.settings().get("who_can_access"), Some(SettingValue::Text("password".into())));
        assert_eq!(write_reference_policies(&read), serde_json::from_str::<Value>(&stored).unwrap());
    }

    #[test]
    fn out_of_range_nulls_legacy_keys_and_unknown_types_survive_the_round_trip() {
        let json = format!(
            r#"{{"object":"list","data":[{}, {}, {}, {}]}}"#,
            entry(1, true, r#"{"minLength":8,"requireSpecial":true}"#),
            entry(2, true, r#"{"defaultType":"passphrase","minNumberWords":4}"#),
            entry(21, false, r#"{"disableSend":false,"disableHideEmail":false}"#),
            entry(99, true, r#"{"future":1}"#),
        );
        let read = read_reference_policies(&json).unwrap();
        let mp = read.policies.get(PolicyKind::MasterPassword).unwrap();
        assert_eq!(mp.settings().get("min_length"), None, "8 is below the range: kept verbatim, not read");
        assert_eq!(read.unknown_types.len(), 1);
        let list: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(write_reference_policies(&read), list.get("data").cloned().unwrap());
    }

    #[test]
    fn malformed_lists_are_refused() {
        for bad in ["[1]", "[]", r#"[{"type":1,"enabled":true}]"#] {
            assert_eq!(read_reference_policies(bad).unwrap_err().code(), "invalid_reference_policy", "{bad}");
        }
        // Through the one document reader: syntax, repeated keys, the size limit.
        assert_eq!(read_reference_policies("{").unwrap_err().code(), "invalid_document");
        let twice =
            format!("[{}]", entry(1, true, "{}").replacen("\"enabled\"", "\"enabled\":false,\"enabled\"", 1));
        assert_eq!(read_reference_policies(&twice).unwrap_err().code(), "duplicate_key", "{twice}");
        let small = DocumentReader::with_max_bytes(4);
        assert_eq!(read_reference_policies_with("[1, 2]", &small).unwrap_err().code(), "document_too_large");
        let other = "0d3a7a1e-7c1b-4b8e-9a51-1f2f3e4d5c6b";
        let mixed = format!(
            r#"[{}, {{"organizationId":"{other}","type":3,"data":{{}},"enabled":true}}]"#,
            entry(1, true, "{}")
        );
        assert_eq!(read_reference_policies(&mixed).unwrap_err().code(), "invalid_reference_policy");
    }
}
