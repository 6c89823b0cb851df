//! Signed tokens for the three steps a person completes from an email: accepting an invitation to
//! the team, setting up a provider the vendor issued to them, and confirming a provider's
//! deletion that an admin initiated.
//!
//! The reference server mails a token for each and checks it when the link is followed; mspkit
//! does the same without I/O, a clock or randomness of its own: the embedding service supplies
//! the key ([`TokenKey`], at least 32 secret bytes it keeps) and the time. A token is
//! `<issued>.<mac>`: the issue time in microseconds since 1970 and an HMAC-SHA256, in lowercase
//! hex, over the token's purpose, the provider id, the member id, the email and the issue time.
//! Checking recomputes the HMAC and compares it in constant time.
//!
//! | token | binds | valid for | a new one … |
//! |---|---|---|---|
//! | invitation | member id, invited email, the member's `invited_at` | 120 hours | is issued by a resend, which moves `invited_at`: the old one stops working |
//! | set-up | provider id, the email it was issued to, the issue time | 120 hours | may be issued at any time (older ones stay valid until they expire) |
//! | deletion | provider id, the initiating admin's membership and email, the issue time | 1 hour | may be issued at any time |
//!
//! ```
//! use mspkit::chrono::{Duration, TimeZone, Utc};
//! use mspkit::token::TokenKey;
//! use mspkit::{Email, Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserType, UserId};
//! use mspkit::uuid::Uuid;
//!
//! let key = TokenKey::new(&[7u8; 32])?;
//! let now = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
//! let ada = Email::new("ada@example.com")?;
//! let settings = ProviderSettings::new("Acme IT")?;
//! let (mut provider, _) =
//!     Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), now);
//! let admin = provider.set_up(UserId::new(Uuid::from_u128(2)), &ada, now)?.id;
//!
//! let invited = provider.invite_with_tokens(admin, &["bob@example.com"], ProviderUserType::ServiceUser, &key, now)?;
//! let invitation = &invited.id[0];
//! let bob = Email::new("bob@example.com")?;
//! // Someone who guessed the member id but has no token is refused.
//! let guess = mspkit::token::Token::from("0.00");
//! let refused = provider.accept_with_token(invitation.member, UserId::new(Uuid::from_u128(3)), &bob, &guess, &key, None, now);
//! assert_eq!(refused.unwrap_err().code(), "invitation_token_invalid");
//! // Bob, with the token from his email, is accepted.
//! provider.accept_with_token(invitation.member, UserId::new(Uuid::from_u128(3)), &bob, &invitation.token, &key, None, now + Duration::hours(1))?;
//! # Ok::<(), mspkit::Error>(())
//! ```

mod error;

pub use error::TokenError;

use std::fmt::{self, Write as _};

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

use crate::secret::Sensitive;
use crate::{Created, Email, Error, Event, Provider, ProviderUserId, ProviderUserType, UserId};

/// How long an invitation or set-up token stays valid (the invitation's own expiry).
pub const INVITATION_TOKEN_HOURS: i64 = 120;
/// How long a deletion token stays valid.
pub const DELETE_TOKEN_HOURS: i64 = 1;
/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// The secret key tokens are signed with, supplied by the embedding service (at least 32
/// random bytes, kept across restarts: a new key invalidates every token issued). Zeroized on
/// drop; never printed.
#[derive(Clone)]
pub struct TokenKey(Sensitive<Vec<u8>>);

impl TokenKey {
    /// Takes a key of at least [`MIN_KEY_BYTES`] bytes (`token_key_too_short` otherwise).
    pub fn new(bytes: &[u8]) -> Result<Self, TokenError> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(TokenError::KeyTooShort { length: bytes.len() });
        }
        Ok(Self(Sensitive::new(bytes.to_vec())))
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey([REDACTED])")
    }
}

/// A token as mailed to a person and sent back by them. Any text converts to a token; checking
/// it is what refuses a malformed one. Zeroized on drop; `Debug` and `Display` never show it:
/// read it with [`Token::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The token's text, to put in a link or compare.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Token {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<String> for Token {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl Drop for Token {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([REDACTED])")
    }
}

/// One invitee of [`Provider::invite_with_tokens`]: the new membership and the token to mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The new membership.
    pub member: ProviderUserId,
    /// The invited address.
    pub email: Email,
    /// The token to send to `email`.
    pub token: Token,
}

#[derive(Clone, Copy)]
enum Purpose {
    Invitation,
    Setup,
    Delete,
}

impl Purpose {
    fn tag(self) -> &'static [u8] {
        match self {
            Self::Invitation => b"invitation",
            Self::Setup => b"provider-setup",
            Self::Delete => b"provider-delete",
        }
    }

    fn hours(self) -> i64 {
        match self {
            Self::Invitation | Self::Setup => INVITATION_TOKEN_HOURS,
            Self::Delete => DELETE_TOKEN_HOURS,
        }
    }

    fn invalid(self) -> TokenError {
        match self {
            Self::Invitation => TokenError::InvitationInvalid,
            Self::Setup => TokenError::SetupInvalid,
            Self::Delete => TokenError::DeleteInvalid,
        }
    }

    fn expired(self) -> TokenError {
        match self {
            Self::Invitation => TokenError::InvitationExpired,
            Self::Setup => TokenError::SetupExpired,
            Self::Delete => TokenError::DeleteExpired,
        }
    }
}

/// What a token binds, besides its issue time.
struct Claims<'a> {
    purpose: Purpose,
    provider: uuid::Uuid,
    subject: uuid::Uuid,
    email: &'a Email,
}

impl Claims<'_> {
    fn mac(&self, key: &TokenKey, issued: i64) -> Hmac<Sha256> {
        // HMAC takes a key of any length (`TokenKey::new` already enforced 32 bytes), so this
        // never fails; an all-zero key stands in rather than a panic.
        let mut mac = Hmac::<Sha256>::new_from_slice(key.0.expose())
            .unwrap_or_else(|_| Hmac::<Sha256>::new(&hmac::digest::Key::<Hmac<Sha256>>::default()));
        // Every field has a fixed length or is terminated, so no two claims share an input.
        mac.update(b"mspkit-token-v1\0");
        mac.update(self.purpose.tag());
        mac.update(b"\0");
        mac.update(self.provider.as_bytes());
        mac.update(self.subject.as_bytes());
        mac.update(self.email.as_str().as_bytes());
        mac.update(b"\0");
        mac.update(&issued.to_be_bytes());
        mac
    }

    fn sign(&self, key: &TokenKey, issued_at: DateTime<Utc>) -> Token {
        let issued = issued_at.timestamp_micros();
        let tag = self.mac(key, issued).finalize().into_bytes();
        let mut text = format!("{issued}.");
        for byte in tag {
            let _ = write!(text, "{byte:02x}");
        }
        Token(text)
    }

    /// Checks the signature and returns the issue time; then the expiry against `now`.
    fn verify(&self, key: &TokenKey, token: &Token, now: DateTime<Utc>) -> Result<DateTime<Utc>, TokenError> {
        let invalid = self.purpose.invalid();
        let (issued, hex) = token.0.split_once('.').ok_or(invalid.clone())?;
        let issued: i64 = issued.parse().map_err(|_| invalid.clone())?;
        let tag = decode_hex(hex).ok_or(invalid.clone())?;
        self.mac(key, issued).verify_slice(&tag).map_err(|_| invalid.clone())?;
        let issued_at = DateTime::<Utc>::from_timestamp_micros(issued).ok_or(invalid)?;
        match issued_at.checked_add_signed(Duration::hours(self.purpose.hours())) {
            Some(expiry) if now < expiry => Ok(issued_at),
            _ => Err(self.purpose.expired()),
        }
    }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() != 64 {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    hex.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [high, low] => Some(digit(*high)? << 4 | digit(*low)?),
            _ => None,
        })
        .collect()
}

// ---- the provider's token-checked commands ----

impl Provider {
    fn invitation_claims(&self, member: ProviderUserId) -> Result<(Claims<'_>, DateTime<Utc>), Error> {
        let m = self.member(member).ok_or(Error::Team(crate::TeamError::MemberNotFound { member }))?;
        Ok((
            Claims {
                purpose: Purpose::Invitation,
                provider: self.id().uuid(),
                subject: member.uuid(),
                email: m.email(),
            },
            m.invited_at(),
        ))
    }

    /// The token of a pending invitation as last sent (bound to the member's `invited_at`, so
    /// the same until a resend). `member_not_found`, or `member_not_invited` once accepted.
    pub fn invitation_token(&self, member: ProviderUserId, key: &TokenKey) -> Result<Token, Error> {
        let m = self.member(member).ok_or(Error::Team(crate::TeamError::MemberNotFound { member }))?;
        if m.status() != crate::ProviderUserStatus::Invited {
            return Err(Error::Team(crate::TeamError::NotInvited { member, status: m.status() }));
        }
        let (claims, invited_at) = self.invitation_claims(member)?;
        Ok(claims.sign(key, invited_at))
    }

    /// As [`Provider::invite`], returning beside the events, per invitee in the order of
    /// `emails`, the new membership and the token to send in the invitation email.
    pub fn invite_with_tokens(
        &mut self,
        actor: ProviderUserId,
        emails: &[&str],
        role: ProviderUserType,
        key: &TokenKey,
        now: DateTime<Utc>,
    ) -> Result<Created<Vec<Invitation>>, Error> {
        let created = self.invite_members(actor, emails, role, now)?;
        let mut invitations = Vec::with_capacity(created.id.len());
        for member in created.id {
            let token = self.invitation_token(member, key)?;
            let email = self.invitation_claims(member)?.0.email.clone();
            invitations.push(Invitation { member, email, token });
        }
        Ok(Created { id: invitations, events: created.events })
    }

    /// As [`Provider::reinvite`], returning the new token beside the events: the resend moves
    /// the invitation's `invited_at`, so every earlier token of this invitation stops working.
    pub fn reinvite_with_token(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        key: &TokenKey,
        now: DateTime<Utc>,
    ) -> Result<Created<Token>, Error> {
        let events = self.reinvite(actor, member, now)?;
        let token = self.invitation_token(member, key)?;
        Ok(Created { id: token, events })
    }

    /// As [`Provider::accept`], after checking the invitation's token: it must be the one
    /// issued by the latest (re)send of this member's invitation, signed with `key`
    /// (`invitation_token_invalid`), and younger than 120 hours (`invitation_token_expired`).
    #[allow(clippy::too_many_arguments, reason = "accept's arguments plus the token and its key")]
    pub fn accept_with_token(
        &mut self,
        member: ProviderUserId,
        user: UserId,
        email: &Email,
        token: &Token,
        key: &TokenKey,
        public_key_fingerprint: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let (claims, invited_at) = self.invitation_claims(member)?;
        let issued = claims.verify(key, token, now)?;
        // Tokens carry microseconds; `invited_at` may carry nanoseconds.
        if issued.timestamp_micros() != invited_at.timestamp_micros() {
            // An earlier send's token: a resend replaced it.
            return Err(Error::Token(TokenError::InvitationInvalid));
        }
        self.accept(member, user, email, public_key_fingerprint, now)
    }

    /// A token for the person a pending provider was issued to, to set it up with
    /// [`Provider::set_up_with_token`] within 120 hours of `now`. `provider_already_set_up`
    /// once set up, `provider_issued_to_unknown` when the provider has no recorded recipient.
    pub fn setup_token(&self, key: &TokenKey, now: DateTime<Utc>) -> Result<Token, Error> {
        if self.status() != crate::ProviderStatus::Pending {
            return Err(Error::Provider(crate::ProviderError::AlreadySetUp));
        }
        let email = self.issued_to().ok_or(Error::Provider(crate::ProviderError::IssuedToUnknown))?;
        Ok(Claims { purpose: Purpose::Setup, provider: self.id().uuid(), subject: self.id().uuid(), email }
            .sign(key, now))
    }

    /// As [`Provider::set_up`], after checking the set-up token: issued for this provider and
    /// the address it was issued to (`setup_token_invalid`), younger than 120 hours
    /// (`setup_token_expired`).
    pub fn set_up_with_token(
        &mut self,
        user: UserId,
        email: &Email,
        token: &Token,
        key: &TokenKey,
        now: DateTime<Utc>,
    ) -> Result<Created<ProviderUserId>, Error> {
        if self.status() != crate::ProviderStatus::Pending {
            return Err(Error::Provider(crate::ProviderError::AlreadySetUp));
        }
        let issued_to = self.issued_to().ok_or(Error::Provider(crate::ProviderError::IssuedToUnknown))?;
        Claims {
            purpose: Purpose::Setup,
            provider: self.id().uuid(),
            subject: self.id().uuid(),
            email: issued_to,
        }
        .verify(key, token, now)?;
        self.set_up(user, email, now)
    }

    /// An admin initiates the provider's deletion: checks that `actor` may delete it now and
    /// returns a token, bound to the provider and this admin, for
    /// [`Provider::delete_with_token`] within one hour. Nothing changes yet.
    pub fn delete_token(
        &self,
        actor: ProviderUserId,
        key: &TokenKey,
        now: DateTime<Utc>,
    ) -> Result<Token, Error> {
        // The same checks as the deletion itself, on a copy that is dropped.
        self.clone().delete(Some(actor), now)?;
        let email = self
            .member(actor)
            .map(crate::ProviderUser::email)
            .ok_or(Error::Team(crate::TeamError::MemberNotFound { member: actor }))?;
        Ok(Claims { purpose: Purpose::Delete, provider: self.id().uuid(), subject: actor.uuid(), email }
            .sign(key, now))
    }

    /// As [`Provider::delete`] by the admin `actor`, after checking the token
    /// [`Provider::delete_token`] gave that admin: `delete_token_invalid` for another admin or
    /// provider, `delete_token_expired` after one hour.
    pub fn delete_with_token(
        &mut self,
        actor: ProviderUserId,
        token: &Token,
        key: &TokenKey,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let email = self
            .member(actor)
            .map(crate::ProviderUser::email)
            .ok_or(Error::Token(TokenError::DeleteInvalid))?;
        Claims { purpose: Purpose::Delete, provider: self.id().uuid(), subject: actor.uuid(), email }
            .verify(key, token, now)?;
        self.delete(Some(actor), now)
    }
}

#[cfg(test)]
mod tests;
