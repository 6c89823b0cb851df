//! A validated email address.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The longest email address accepted, in characters (the reference's column size).
pub const MAX_EMAIL_LEN: usize = 256;

/// Why a string is not an acceptable email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmailError {
    /// The address is empty or only white space.
    #[error("the email address is empty")]
    Empty,
    /// The address is longer than [`MAX_EMAIL_LEN`].
    #[error("the email address `{0}` is longer than 256 characters")]
    TooLong(String),
    /// The address has no `@` or more than one, an empty local part, a domain without a dot,
    /// an empty label (`..`, a leading or trailing dot) or white space inside.
    #[error("`{0}` is not a valid email address")]
    Malformed(String),
}

error_codes! {
    EmailError {
        Self::Empty => "email_empty", InvalidInput;
        Self::TooLong(_) => "email_too_long", InvalidInput;
        Self::Malformed(_) => "email_invalid", InvalidInput;
    }
}

/// An email address, trimmed and lower-cased, so two spellings of one address compare equal.
///
/// ```
/// use mspkit::Email;
///
/// let email = Email::new("  Alice@Example.COM ")?;
/// assert_eq!(email.as_str(), "alice@example.com");
/// assert_eq!(email.local_part(), "alice");
/// # Ok::<(), mspkit::EmailError>(())
/// ```
///
/// The text is shared (`Arc<str>`): a clone, such as a member's email applied from an event or
/// every client's copy of the provider's billing email, is a reference count and no allocation,
/// and an address takes 16 bytes where it is kept (issue 14).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(Arc<str>);

/// Reads an address as [`Email::new`] (or `TryFrom<String>`) does, with its errors, from the
/// borrowed text when the reader lends it: one allocation per address, the shared text.
impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(EmailVisitor)
    }
}

struct EmailVisitor;

impl serde::de::Visitor<'_> for EmailVisitor {
    type Value = Email;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The words of serde's `String`, so an error reads as it did.
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Email, E> {
        Email::new(value).map_err(E::custom)
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Email, E> {
        Email::try_from(value).map_err(E::custom)
    }

    fn visit_bytes<E: serde::de::Error>(self, value: &[u8]) -> Result<Email, E> {
        match std::str::from_utf8(value) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(value), &self)),
        }
    }
}

impl Serialize for Email {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl Email {
    /// Validates and normalises an address.
    pub fn new(input: &str) -> Result<Self, EmailError> {
        match plain_ascii(input) {
            Some(plain) => {
                // Lower-cased where it is shared: one allocation.
                let mut text: Arc<str> = Arc::from(plain);
                match Arc::get_mut(&mut text) {
                    Some(shared) => shared.make_ascii_lowercase(),
                    None => text = plain.to_ascii_lowercase().into(),
                }
                Ok(Self(text))
            }
            None => Self::checked(input),
        }
    }

    /// [`Self::new`] for any text: the general checks, with their errors.
    fn checked(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > MAX_EMAIL_LEN {
            return Err(EmailError::TooLong(truncate(trimmed)));
        }
        // The refused address is kept escaped (`quote_cut`), so a message showing it stays one
        // safe line.
        let malformed = || EmailError::Malformed(crate::document::quote_cut(trimmed, MAX_EMAIL_LEN));
        let (local, domain) = trimmed.split_once('@').ok_or_else(malformed)?;
        // One `@`; a local part whose dots separate non-empty parts; a domain of at least two
        // non-empty labels (so `..`, a leading or a trailing dot are refused on either side).
        if domain.contains('@')
            || local.split('.').any(str::is_empty)
            || !domain.contains('.')
            || domain.split('.').any(str::is_empty)
            || trimmed.chars().any(char::is_whitespace)
            // Control and invisible format characters (NUL, ESC, the bidi override U+202E, …)
            // have no place in an address and could disguise one in a listing.
            || trimmed.chars().any(crate::document::needs_escape)
        {
            return Err(malformed());
        }
        Ok(Self(trimmed.to_lowercase().into()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or(&self.0, |(local, _)| local)
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

/// `input` without its surrounding white space when it is an acceptable address made only of
/// printable ASCII: one pass over the bytes giving exactly [`Email::new`]'s verdict for such
/// text (for ASCII, white space, control characters and the backslash are the bytes up to the
/// space, DEL and `\\`; lower-casing is ASCII lower-casing). `None` sends any other text, and
/// every refusal, through the general checks, so their errors are unchanged.
fn plain_ascii(input: &str) -> Option<&str> {
    let trimmed = input.trim_ascii();
    let bytes = trimmed.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_EMAIL_LEN {
        return None;
    }
    let mut at = None;
    let mut domain_dot = false;
    let mut previous = b'.';
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'@' if at.is_none() && previous != b'.' => at = Some(i),
            b'.' if previous != b'.' && previous != b'@' => domain_dot |= at.is_some(),
            b'@' | b'.' | ..=b' ' | b'\\' | 0x7f.. => return None,
            _ => {}
        }
        previous = b;
    }
    (at.is_some() && domain_dot && previous != b'.' && previous != b'@').then_some(trimmed)
}

fn truncate(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    out.push('…');
    out
}

impl FromStr for Email {
    type Err = EmailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(mut value: String) -> Result<Self, Self::Error> {
        // An address already in its normal form (every address mspkit writes) is taken as it is.
        if plain_ascii(&value).is_some_and(|plain| plain.len() == value.len()) {
            value.make_ascii_lowercase();
            return Ok(Self(value.into()));
        }
        Self::new(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0.as_ref().to_owned()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_ascii_path_gives_the_general_checks_verdict() {
        // Every text of up to five characters from an alphabet of the characters that matter.
        let alphabet = ['a', 'B', '.', '@', ' ', '\\', '\u{b}', '\u{7f}', '\t', 'é', '\u{3000}'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.chars().count() == texts.last().map_or(0, |l| l.chars().count()))
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.extend(["x@y.z", " Ada@Example.COM\n", "a.b@c.d.e", "a@b.c.", "a@b..c"].map(String::from));
        texts.push(format!("{}@example.com", "a".repeat(MAX_EMAIL_LEN - 12)));
        texts.push(format!("{}@example.com", "a".repeat(MAX_EMAIL_LEN - 11)));
        let mut accepted = 0;
        for text in &texts {
            let general = Email::checked(text);
            accepted += usize::from(general.is_ok());
            assert_eq!(Email::new(text), general, "{text:?}");
            assert_eq!(Email::try_from(text.clone()), general, "{text:?}");
        }
        assert!(accepted > 20 && texts.len() > 100_000, "{accepted} of {}", texts.len());
    }

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(Email::new(" TEST@bitwarden.com").unwrap().as_str(), "test@bitwarden.com");
    }

    #[test]
    fn refuses_bad_addresses_with_codes() {
        assert_eq!(Email::new("  ").unwrap_err().code(), "email_empty");
        assert_eq!(Email::new("no-at-sign").unwrap_err().code(), "email_invalid");
        assert_eq!(Email::new("@example.com").unwrap_err().code(), "email_invalid");
        assert_eq!(Email::new("a b@example.com").unwrap_err().code(), "email_invalid");
        for bad in [
            "a@b@example.com",
            "a@@example.com",
            "a@localhost",
            "a@example..com",
            "a@.example.com",
            "a@example.com.",
            "a..b@example.com",
            ".a@example.com",
            "a.@example.com",
            "a@",
        ] {
            assert_eq!(Email::new(bad).unwrap_err().code(), "email_invalid", "{bad}");
        }
        for good in ["a.b+tag@example.com", "x@sub.example.co.uk", "o'neil@example.ie"] {
            assert!(Email::new(good).is_ok(), "{good}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::new(&long).unwrap_err().code(), "email_too_long");
    }

    #[test]
    fn deserialization_validates() {
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
        let e: Email = serde_json::from_str("\"Bob@Example.com\"").unwrap();
        assert_eq!(e.as_str(), "bob@example.com");
    }
}
