//! Signed checkpoints of a version 2 event log: an Ed25519 signature over the provider, the
//! sequence of the last event and the chain's head there.
//!
//! A checkpoint is a line of the chain (`{"hash":…,"prev":…,"checkpoint":{…}}`), so the lines
//! after it continue from its hash. Its `head` is its own `prev`: the hash of the line before
//! it. The signature covers the UTF-8 text
//!
//! ```text
//! mspkit event log checkpoint v1
//! provider <provider id>
//! sequence <last event's sequence>
//! head <64 hex digits>
//! at <RFC 3339 time, whole seconds, Z>
//! ```
//!
//! (each line ending with a line feed). Keys are written as one line of text:
//! `mspkit-seal-secret-key-v1:<64 hex digits of the Ed25519 seed>` and
//! `mspkit-seal-public-key-v1:<64 hex digits>`. The core draws no random numbers: a new key
//! comes from a seed the caller draws ([`SealKey::from_seed`]).

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::chain::ChainHash;
use crate::event::EventError;
use crate::ids::ProviderId;
use crate::secret::{SecretString, Sensitive};

const SECRET_PREFIX: &str = "mspkit-seal-secret-key-v1:";
const PUBLIC_PREFIX: &str = "mspkit-seal-public-key-v1:";

/// The secret half of a seal key. It is wiped from memory when dropped, is never serialized,
/// and its `Debug` shows only the public key.
pub struct SealKey(SigningKey);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealKey(public {})", self.public_key().to_hex())
    }
}

impl SealKey {
    /// The key of a 32-byte Ed25519 seed (draw it from the operating system's generator).
    pub fn from_seed(seed: &Sensitive<[u8; 32]>) -> Self {
        Self(SigningKey::from_bytes(seed.expose()))
    }

    /// Reads a secret key file's text (`mspkit-seal-secret-key-v1:<64 hex digits>`; spaces and
    /// line breaks around it are ignored).
    pub fn from_text(text: &str) -> Result<Self, EventError> {
        let invalid = |detail| EventError::SealKeyInvalid { what: "secret key", detail };
        let text = text.trim();
        let Some(hex) = text.strip_prefix(SECRET_PREFIX) else {
            return Err(if text.starts_with(PUBLIC_PREFIX) {
                invalid("it is a public key; seal with the secret key `mspkit keygen` wrote beside it")
            } else {
                invalid("it does not start with `mspkit-seal-secret-key-v1:`")
            });
        };
        let seed =
            Sensitive::new(hex_decode::<32>(hex).ok_or(invalid("the key is not 64 hexadecimal digits"))?);
        Ok(Self::from_seed(&seed))
    }

    /// The secret key file's text (one line, without a line break).
    pub fn to_text(&self) -> SecretString {
        let seed = Sensitive::new(self.0.to_bytes());
        let mut text = String::with_capacity(SECRET_PREFIX.len() + 64);
        text.push_str(SECRET_PREFIX);
        hex_push(&mut text, seed.expose());
        Sensitive::new(text)
    }

    /// The public half.
    pub fn public_key(&self) -> SealPublicKey {
        SealPublicKey(self.0.verifying_key())
    }

    /// Signs `bytes` (another document's, such as an exit receipt, whose own text names what it
    /// is): the signature as 128 hexadecimal digits.
    pub fn sign_bytes(&self, bytes: &[u8]) -> String {
        let mut text = String::with_capacity(128);
        hex_push(&mut text, &self.0.sign(bytes).to_bytes());
        text
    }

    /// Signs a checkpoint of `provider`'s log whose last event is `sequence` and whose head is
    /// `head`, made at `at` (whole seconds).
    pub fn checkpoint(
        &self,
        provider: ProviderId,
        sequence: u64,
        head: ChainHash,
        at: DateTime<Utc>,
    ) -> Checkpoint {
        let at = at.with_nanosecond_zero();
        let message = message(provider, sequence, &head, &at);
        let signature = self.0.sign(message.as_bytes()).to_bytes();
        Checkpoint {
            provider,
            sequence,
            head,
            at,
            public_key: self.public_key(),
            signature: SealSignature(signature),
        }
    }
}

trait WholeSeconds {
    fn with_nanosecond_zero(self) -> Self;
}

impl WholeSeconds for DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike as _;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// The public half of a seal key: what a verifier trusts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SealPublicKey(VerifyingKey);

impl std::fmt::Debug for SealPublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealPublicKey({})", self.to_hex())
    }
}

impl SealPublicKey {
    /// Reads a public key file's text (`mspkit-seal-public-key-v1:<64 hex digits>`), or the 64
    /// hexadecimal digits alone (as a checkpoint names its key).
    pub fn from_text(text: &str) -> Result<Self, EventError> {
        let invalid = |detail| EventError::SealKeyInvalid { what: "public key", detail };
        let text = text.trim();
        if text.starts_with(SECRET_PREFIX) {
            return Err(invalid("it is a secret key; verify with the public key (the `.pub` file)"));
        }
        let hex = text.strip_prefix(PUBLIC_PREFIX).unwrap_or(text);
        let bytes = hex_decode::<32>(hex).ok_or(invalid("the key is not 64 hexadecimal digits"))?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| invalid("the digits are not an Ed25519 public key"))
    }

    /// Checks a signature made by [`SealKey::sign_bytes`] over `bytes`
    /// (`checkpoint_signature_invalid` when it does not verify).
    pub fn verify_bytes(&self, bytes: &[u8], signature: &str) -> Result<(), EventError> {
        let signature = hex_decode::<64>(signature).ok_or(EventError::CheckpointSignatureInvalid)?;
        self.0
            .verify(bytes, &ed25519_dalek::Signature::from_bytes(&signature))
            .map_err(|_| EventError::CheckpointSignatureInvalid)
    }

    /// The public key file's text (one line, without a line break).
    pub fn to_text(&self) -> String {
        format!("{PUBLIC_PREFIX}{}", self.to_hex())
    }

    /// The key's 64 hexadecimal digits.
    pub fn to_hex(&self) -> String {
        let mut text = String::with_capacity(64);
        hex_push(&mut text, self.0.as_bytes());
        text
    }
}

impl Serialize for SealPublicKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for SealPublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::from_text(&text).map_err(serde::de::Error::custom)
    }
}

/// An Ed25519 signature (64 bytes, written as 128 hexadecimal digits).
#[derive(Clone, Copy, PartialEq, Eq)]
struct SealSignature([u8; 64]);

impl std::fmt::Debug for SealSignature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::with_capacity(128);
        hex_push(&mut text, &self.0);
        write!(f, "SealSignature({text})")
    }
}

impl Serialize for SealSignature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(128);
        hex_push(&mut text, &self.0);
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for SealSignature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        hex_decode::<64>(&text)
            .map(Self)
            .ok_or_else(|| serde::de::Error::custom("a signature is 128 hexadecimal digits"))
    }
}

/// A signed checkpoint: the provider, the sequence of the last event before it, the chain's head
/// there, when it was made, the key that signed it and the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    provider: ProviderId,
    sequence: u64,
    head: ChainHash,
    #[serde(with = "whole_seconds")]
    at: DateTime<Utc>,
    public_key: SealPublicKey,
    signature: SealSignature,
}

mod whole_seconds {
    use chrono::{DateTime, SecondsFormat, Utc};

    pub fn serialize<S: serde::Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }
}

impl Checkpoint {
    /// The provider whose log it seals.
    pub fn provider(&self) -> ProviderId {
        self.provider
    }

    /// The sequence of the last event before it.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// The chain's head it seals (the hash of the line before it).
    pub fn head(&self) -> ChainHash {
        self.head
    }

    /// When it was made.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The key that signed it.
    pub fn public_key(&self) -> SealPublicKey {
        self.public_key
    }

    /// Its JSON (one line), as a checkpoint line carries it.
    pub fn to_json(&self) -> String {
        // Plain data: serializing it cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Whether its signature verifies with its own key and, when given, that key is `trusted`.
    pub fn verify(&self, trusted: Option<&SealPublicKey>) -> Result<(), EventError> {
        if let Some(trusted) = trusted
            && trusted != &self.public_key
        {
            return Err(EventError::CheckpointKeyMismatch { found: self.public_key.to_hex() });
        }
        let message = message(self.provider, self.sequence, &self.head, &self.at);
        let signature = ed25519_dalek::Signature::from_bytes(&self.signature.0);
        self.public_key
            .0
            .verify(message.as_bytes(), &signature)
            .map_err(|_| EventError::CheckpointSignatureInvalid)
    }
}

/// The text a checkpoint's signature covers.
fn message(provider: ProviderId, sequence: u64, head: &ChainHash, at: &DateTime<Utc>) -> String {
    format!(
        "mspkit event log checkpoint v1\nprovider {provider}\nsequence {sequence}\nhead {head}\nat {}\n",
        at.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

fn hex_push(out: &mut String, bytes: &[u8]) {
    for byte in bytes {
        out.push(char::from(super::chain::hex_digit(byte >> 4)));
        out.push(char::from(super::chain::hex_digit(*byte)));
    }
}

fn hex_decode<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digits = text.as_bytes();
    if digits.len() != N * 2 {
        return None;
    }
    let value = |d: u8| match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        b'A'..=b'F' => Some(d - b'A' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let [high, low] = pair else { return None };
        *byte = (value(*high)? << 4) | value(*low)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SealKey {
        SealKey::from_seed(&Sensitive::new([7u8; 32]))
    }

    #[test]
    fn keys_read_back_and_never_show_the_secret() {
        let key = key();
        let text = key.to_text();
        assert!(text.expose().starts_with(SECRET_PREFIX));
        let again = SealKey::from_text(text.expose()).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        assert!(!format!("{key:?}").contains(&text.expose()[SECRET_PREFIX.len()..]));
        let public = SealPublicKey::from_text(&key.public_key().to_text()).unwrap();
        assert_eq!(public, key.public_key());
        assert_eq!(SealKey::from_text(&public.to_text()).unwrap_err().code(), "seal_key_invalid");
        assert_eq!(SealPublicKey::from_text(text.expose()).unwrap_err().code(), "seal_key_invalid");
        assert_eq!(
            SealKey::from_text("mspkit-seal-secret-key-v1:zz").unwrap_err().code(),
            "seal_key_invalid"
        );
    }

    #[test]
    fn a_checkpoint_verifies_and_a_changed_one_does_not() {
        let key = key();
        let provider: ProviderId = "3f2a4e9c-0b7d-4c1e-9a55-6d8e2f1b7c40".parse().unwrap();
        let at = "2026-12-07T13:00:00.5Z".parse().unwrap();
        let cp = key.checkpoint(provider, 9, ChainHash::GENESIS, at);
        cp.verify(None).unwrap();
        cp.verify(Some(&key.public_key())).unwrap();
        let back: Checkpoint = serde_json::from_str(&cp.to_json()).unwrap();
        assert_eq!(back, cp);
        back.verify(None).unwrap();
        let other = SealKey::from_seed(&Sensitive::new([8u8; 32])).public_key();
        assert_eq!(cp.verify(Some(&other)).unwrap_err().code(), "checkpoint_key_mismatch");
        let forged = Checkpoint { sequence: 10, ..cp };
        assert_eq!(forged.verify(None).unwrap_err().code(), "checkpoint_signature_invalid");
    }
}
