//! A baseline's size limits, counted before it is read (a JSON or TOML baseline of more values
//! or exceptions than allowed is refused without being built).

use crate::policy::BaselineError;

/// The most exceptions a baseline may document (`baseline_too_large` beyond). A provider's
/// exceptions are reviewed by hand, each with its reason and expiry: ten thousand is far beyond
/// any real list, and keeps a baseline's memory bounded.
pub const MAX_BASELINE_EXCEPTIONS: usize = 10_000;

/// The most values (every key's value and every list item, at any depth) a baseline may hold
/// (`baseline_too_large` beyond). The policies and settings are a closed catalogue of about a
/// hundred values, and each exception holds at most six, so this is room for every exception
/// allowed; a document built in memory costs tens of bytes per value, so this bounds it.
pub const MAX_BASELINE_VALUES: usize = 100_000;

/// What a baseline is counted against: its values and its exceptions.
pub(super) fn too_large(what: &'static str, limit: usize) -> BaselineError {
    BaselineError::TooLarge { what, limit }
}

/// The marker of the counting pass's own refusal (any other error is left to the reader).
const COUNT_EXCEEDED: &str = "mspkit baseline count exceeded";

/// Counts the values of a JSON baseline without keeping any, refusing more than
/// [`MAX_BASELINE_VALUES`] values or [`MAX_BASELINE_EXCEPTIONS`] items in the top-level
/// `exceptions`. Malformed text is left to the reader that follows.
pub(super) fn count_json(text: &str) -> Result<(), BaselineError> {
    use serde::de::DeserializeSeed as _;
    let mut left = MAX_BASELINE_VALUES;
    let mut exceptions = false;
    let mut de = serde_json::Deserializer::from_str(text);
    match (Count { left: &mut left, top: true, exceptions: &mut exceptions, list_of_exceptions: false })
        .deserialize(&mut de)
    {
        Err(e) if e.to_string().starts_with(COUNT_EXCEEDED) => Err(if exceptions {
            too_large("exceptions", MAX_BASELINE_EXCEPTIONS)
        } else {
            too_large("values", MAX_BASELINE_VALUES)
        }),
        _ => Ok(()),
    }
}

/// One value of the counting pass.
struct Count<'a> {
    left: &'a mut usize,
    /// The document's top-level table, whose `exceptions` list is counted on its own.
    top: bool,
    /// Set when the `exceptions` list is over its limit.
    exceptions: &'a mut bool,
    /// This value is the top-level `exceptions` list.
    list_of_exceptions: bool,
}

impl Count<'_> {
    fn spend<E: serde::de::Error>(&mut self) -> Result<(), E> {
        *self.left = self.left.checked_sub(1).ok_or_else(|| E::custom(COUNT_EXCEEDED))?;
        Ok(())
    }
    fn inner(&mut self) -> Count<'_> {
        Count { left: self.left, top: false, exceptions: self.exceptions, list_of_exceptions: false }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Count<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        self.spend()?;
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a baseline value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut items = 0usize;
        while seq.next_element_seed(self.inner())?.is_some() {
            items = items.saturating_add(1);
            if self.list_of_exceptions && items > MAX_BASELINE_EXCEPTIONS {
                *self.exceptions = true;
                return Err(serde::de::Error::custom(COUNT_EXCEEDED));
            }
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let list_of_exceptions = self.top && key == "exceptions";
            let mut value = self.inner();
            value.list_of_exceptions = list_of_exceptions;
            map.next_value_seed(value)?;
        }
        Ok(())
    }
}

/// How far over [`MAX_BASELINE_VALUES`] the quick count of a TOML text may go before the text
/// is refused unread: the quick count also counts the `=`, `,` and `[` inside strings (a reason
/// with commas), so it is given room; the exact count follows the parse.
#[cfg(feature = "toml")]
pub(super) const TOML_PRE_COUNT_FACTOR: usize = 4;

/// An upper bound of the values of a TOML text, from its bytes alone: every value is a
/// `key = value` (one `=`), an item of an array (one `,` after every item but the last, which
/// follows a `[`) or a table (one `[`).
#[cfg(feature = "toml")]
pub(super) fn toml_values_at_most(text: &str) -> usize {
    text.bytes().filter(|b| matches!(b, b'=' | b',' | b'[')).count()
}

/// [`count_json`] of a TOML baseline, once read.
#[cfg(feature = "toml")]
pub(super) fn count_toml(table: &toml::Table) -> Result<(), BaselineError> {
    if let Some(toml::Value::Array(items)) = table.get("exceptions")
        && items.len() > MAX_BASELINE_EXCEPTIONS
    {
        return Err(too_large("exceptions", MAX_BASELINE_EXCEPTIONS));
    }
    let mut left = MAX_BASELINE_VALUES;
    let mut stack: Vec<&toml::Value> = table.values().collect();
    while let Some(value) = stack.pop() {
        left = left.checked_sub(1).ok_or_else(|| too_large("values", MAX_BASELINE_VALUES))?;
        match value {
            toml::Value::Array(items) => stack.extend(items.iter()),
            toml::Value::Table(t) => stack.extend(t.values()),
            _ => {}
        }
    }
    Ok(())
}
