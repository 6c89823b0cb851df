//! The policy catalogue as a list of entries (issue 18, item 2): each kind with its reference
//! code, names, the policies it requires and its settings, serializable as the bindings and
//! tools show it.

use serde::Serialize;
use serde::ser::SerializeMap;

use super::{PolicyKind, SettingRule, SettingSpec};

/// One kind of the catalogue. JSON: `{"code", "name", "display_name", "requires": [names],
/// "settings": [{"name", "required", "rule", …}]}` (a setting's rule is `at_least`/`at_most`
/// with `min` and `max`, `flag`, `choice` with `choices`, or `text`/`https_url` with
/// `max_chars`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CatalogueEntry {
    /// The kind.
    pub kind: PolicyKind,
}

impl CatalogueEntry {
    /// The kind's settings as the catalogue lists them.
    pub fn settings(self) -> Vec<CatalogueSetting> {
        self.kind.settings().iter().map(|&spec| CatalogueSetting { spec }).collect()
    }
}

/// Every kind of the catalogue, in code order.
pub fn catalogue() -> Vec<CatalogueEntry> {
    PolicyKind::all().iter().map(|&kind| CatalogueEntry { kind }).collect()
}

impl Serialize for CatalogueEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("code", &self.kind.code())?;
        map.serialize_entry("name", self.kind.name())?;
        map.serialize_entry("display_name", self.kind.display_name())?;
        let requires: Vec<&str> = self.kind.requires().iter().map(|k| k.name()).collect();
        map.serialize_entry("requires", &requires)?;
        map.serialize_entry("settings", &self.settings())?;
        map.end()
    }
}

/// One setting of a kind as the catalogue lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueSetting {
    /// The setting.
    pub spec: SettingSpec,
}

impl CatalogueSetting {
    /// The rule's name: `at_least`, `at_most`, `flag`, `choice`, `text` or `https_url`.
    pub fn rule_name(self) -> &'static str {
        match self.spec.rule {
            SettingRule::AtLeast { .. } => "at_least",
            SettingRule::AtMost { .. } => "at_most",
            SettingRule::Flag => "flag",
            SettingRule::Choice(_) => "choice",
            SettingRule::Text { https_url: true, .. } => "https_url",
            SettingRule::Text { https_url: false, .. } => "text",
        }
    }
}

impl Serialize for CatalogueSetting {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", self.spec.name)?;
        map.serialize_entry("required", &self.spec.required)?;
        map.serialize_entry("rule", self.rule_name())?;
        match self.spec.rule {
            SettingRule::AtLeast { min, max } | SettingRule::AtMost { min, max } => {
                map.serialize_entry("min", &min)?;
                map.serialize_entry("max", &max)?;
            }
            SettingRule::Flag => {}
            SettingRule::Choice(names) => map.serialize_entry("choices", names)?,
            SettingRule::Text { max_chars, .. } => map.serialize_entry("max_chars", &max_chars)?,
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_with_its_settings() {
        let entries = catalogue();
        assert_eq!(entries.len(), PolicyKind::all().len());
        let json = serde_json::to_value(entries).unwrap();
        let master = json.as_array().unwrap().iter().find(|e| e["name"] == "master_password").unwrap();
        assert_eq!(master["code"], 1);
        let length =
            master["settings"].as_array().unwrap().iter().find(|s| s["name"] == "min_length").unwrap();
        assert_eq!(length["rule"], "at_least");
        assert!(length["min"].is_i64() && length["max"].is_i64());
    }
}
