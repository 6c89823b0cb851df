//! The errors of a token that is refused or a key that is too short.

/// A token was refused, or a key was too short.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The invitation token is malformed, forged, for someone else, or replaced by a resend.
    #[error("the invitation token is not valid for this invitation; ask for the invitation to be sent again")]
    InvitationInvalid,
    /// The invitation token is older than 120 hours.
    #[error(
        "the invitation token expired 120 hours after it was sent; ask for the invitation to be sent again"
    )]
    InvitationExpired,
    /// The set-up token is malformed, forged, or for another provider or person.
    #[error(
        "the provider set-up token is not valid for this provider and address; ask the vendor for a new one"
    )]
    SetupInvalid,
    /// The set-up token is older than 120 hours.
    #[error("the provider set-up token expired 120 hours after it was issued; ask the vendor for a new one")]
    SetupExpired,
    /// The deletion token is malformed, forged, or issued to another admin or provider.
    #[error("the deletion token is not valid for this provider and admin; initiate the deletion again")]
    DeleteInvalid,
    /// The deletion token is older than one hour.
    #[error("the deletion token expired one hour after it was issued; initiate the deletion again")]
    DeleteExpired,
    /// The signing key is shorter than 32 bytes.
    #[error("a token key needs at least 32 bytes, got {length}; generate 32 random bytes and keep them")]
    KeyTooShort {
        /// The length given.
        length: usize,
    },
}

error_codes! {
    TokenError {
        Self::InvitationInvalid => "invitation_token_invalid", Forbidden;
        Self::InvitationExpired => "invitation_token_expired", Forbidden;
        Self::SetupInvalid => "setup_token_invalid", Forbidden;
        Self::SetupExpired => "setup_token_expired", Forbidden;
        Self::DeleteInvalid => "delete_token_invalid", Forbidden;
        Self::DeleteExpired => "delete_token_expired", Forbidden;
        Self::KeyTooShort { .. } => "token_key_too_short", InvalidInput;
    }
}
