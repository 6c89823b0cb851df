//! What a finding found, in words, written when it is read (issue 20, performance): a client's
//! finding keeps the client's shared name (and the sign-off it is late on), not a text, so a
//! report over 100 000 clients formats no message until one is shown.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::stamp::ReviewStamp;

/// A finding's message: shown by `Display` (`to_string()` for the text) and serialized as that
/// text. Two messages are equal when their texts are.
#[derive(Debug, Clone)]
pub struct FindingMessage(Text);

#[derive(Debug, Clone)]
enum Text {
    /// Written whole (the team's findings: a few per member).
    Written(Box<str>),
    /// `client_no_own_owner` of the client so named.
    NoOwnOwner(smol_str::SmolStr),
    /// `review_missing` of the client so named.
    NeverReviewed(smol_str::SmolStr),
    /// `review_overdue` of the client so named, with its last sign-off.
    Overdue(smol_str::SmolStr, Arc<ReviewStamp>),
}

impl FindingMessage {
    /// A message written whole.
    pub fn new(text: impl Into<Box<str>>) -> Self {
        Self(Text::Written(text.into()))
    }

    /// The client `name` has no confirmed owner of its own.
    pub(super) fn no_own_owner(name: smol_str::SmolStr) -> Self {
        Self(Text::NoOwnOwner(name))
    }

    /// The client `name` was never reviewed.
    pub(super) fn never_reviewed(name: smol_str::SmolStr) -> Self {
        Self(Text::NeverReviewed(name))
    }

    /// The client `name`'s next review, after `stamp`, is due.
    pub(super) fn overdue(name: smol_str::SmolStr, stamp: Arc<ReviewStamp>) -> Self {
        Self(Text::Overdue(name, stamp))
    }
}

impl fmt::Display for FindingMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Text::Written(text) => f.write_str(text),
            Text::NoOwnOwner(name) => {
                write!(f, "`{name}` has no confirmed owner of its own: only the provider can act there")
            }
            Text::NeverReviewed(name) => write!(f, "`{name}` was never reviewed"),
            Text::Overdue(name, s) => write!(
                f,
                "`{name}` was last reviewed {} by `{}`; the next review was due {}",
                s.at.format("%Y-%m-%d"),
                s.by_email,
                s.next_due
            ),
        }
    }
}

impl From<String> for FindingMessage {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for FindingMessage {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

/// Equal texts.
impl PartialEq for FindingMessage {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Text::Written(a), Text::Written(b)) => a == b,
            (Text::NoOwnOwner(a), Text::NoOwnOwner(b)) | (Text::NeverReviewed(a), Text::NeverReviewed(b)) => {
                a == b
            }
            _ => self.to_string() == other.to_string(),
        }
    }
}

impl Eq for FindingMessage {}

impl Serialize for FindingMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_are_equal_messages() {
        let name = smol_str::SmolStr::new("Contoso");
        let made = FindingMessage::never_reviewed(name.clone());
        assert_eq!(made.to_string(), "`Contoso` was never reviewed");
        assert_eq!(made, FindingMessage::new("`Contoso` was never reviewed"));
        assert_ne!(made, FindingMessage::no_own_owner(name));
        assert_eq!(serde_json::to_value(&made).unwrap(), "`Contoso` was never reviewed");
    }
}
