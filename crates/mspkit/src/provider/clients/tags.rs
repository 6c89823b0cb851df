//! Client tags (issue 17, item 3): short labels a provider gives its clients (`regulated`,
//! `standard`, `kiosk`) to group them; a baseline may say which tags it applies to
//! ([`crate::policy::Baseline::applies_to`]). This file is the clients area's part: the tag
//! value and the set rule; the command and its apply are in `provider/commands/tags.rs`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ClientError;

/// The longest tag, in characters.
pub const MAX_TAG_LEN: usize = 32;

/// The most tags one client may carry.
pub const MAX_CLIENT_TAGS: usize = 16;

/// A client tag: 1 to [`MAX_TAG_LEN`] characters, each a lower-case ASCII letter, a digit, `-`
/// or `_`. [`ClientTag::new`] trims the text and lower-cases ASCII letters first, so `Regulated`
/// is the tag `regulated`; anything else is `client_tag_invalid`. JSON: the plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientTag(String);

impl ClientTag {
    /// The tag written `text` (trimmed, ASCII letters lower-cased), or `client_tag_invalid`.
    pub fn new(text: &str) -> Result<Self, ClientError> {
        let tag = text.trim().to_ascii_lowercase();
        let valid = !tag.is_empty()
            && tag.len() <= MAX_TAG_LEN
            && tag.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if valid { Ok(Self(tag)) } else { Err(ClientError::TagInvalid { tag: crate::text::shown(text, 40) }) }
    }

    /// The tag's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClientTag {
    type Error = ClientError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::new(&text)
    }
}

impl From<ClientTag> for String {
    fn from(tag: ClientTag) -> Self {
        tag.0
    }
}

impl std::fmt::Display for ClientTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for ClientTag {
    type Err = ClientError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::new(text)
    }
}

/// A client's tags as a set: the same tag twice is once; more than [`MAX_CLIENT_TAGS`] is
/// `client_tags_too_many`.
pub fn tag_set(tags: impl IntoIterator<Item = ClientTag>) -> Result<BTreeSet<ClientTag>, ClientError> {
    let set: BTreeSet<ClientTag> = tags.into_iter().collect();
    if set.len() > MAX_CLIENT_TAGS {
        return Err(ClientError::TooManyTags { count: set.len(), limit: MAX_CLIENT_TAGS });
    }
    Ok(set)
}

/// Tags read from text (`"regulated, kiosk"` or several words): each checked by
/// [`ClientTag::new`], then [`tag_set`].
pub fn parse_tags<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<BTreeSet<ClientTag>, ClientError> {
    let tags = texts
        .into_iter()
        .flat_map(|t| t.split(','))
        .filter(|t| !t.trim().is_empty())
        .map(ClientTag::new)
        .collect::<Result<Vec<_>, _>>()?;
    tag_set(tags)
}
