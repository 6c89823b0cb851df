//! Errors of the password area.

use std::ops::RangeInclusive;

/// A KDF setting, a derivation input or a master-password rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordError {
    /// A KDF or policy setting is outside its allowed range.
    #[error("`{field}` is {value}; it must be between {} and {}", range.start(), range.end())]
    OutOfRange {
        /// The setting (`iterations`, `memory_mib`, `parallelism`, `min_length`, `min_complexity`).
        field: &'static str,
        /// The value given (any integer a caller can pass, negative ones included).
        value: i128,
        /// The allowed range.
        range: RangeInclusive<u64>,
    },
    /// An integer that is not a `KdfType` code.
    #[error("`{0}` is not a KDF type code (0 is PBKDF2-SHA256, 1 is Argon2id)")]
    UnknownKdfType(i128),
    /// The password is empty.
    #[error("the password is empty")]
    EmptyPassword,
    /// The email (the salt) is empty.
    #[error("the email is empty; the master key is salted with it")]
    EmptyEmail,
    /// The password is too short to register. The error does not say how long it is: a
    /// password's length is a secret too.
    #[error("the master password is too short; it needs at least {minimum} characters")]
    TooShort {
        /// The minimum.
        minimum: usize,
    },
    /// The password fails the organization's master-password policy.
    #[error("the master password does not meet the organization's policy: {}", codes.join(", "))]
    PolicyNotMet {
        /// The codes of every unmet rule.
        codes: Vec<&'static str>,
    },
    /// The password is weak and the user has not accepted the warning.
    #[error("the master password is weak (score {score} of 4); choose a stronger one or accept the warning")]
    Weak {
        /// Its zxcvbn score.
        score: u8,
    },
    /// The key-derivation library refused the inputs (for example, a password over its length limit).
    #[error("key derivation failed: {0}")]
    Derivation(String),
}

error_codes! {
    PasswordError {
        Self::OutOfRange { field: "iterations", .. } => "kdf_iterations_out_of_range", InvalidInput;
        Self::OutOfRange { field: "memory_mib", .. } => "kdf_memory_out_of_range", InvalidInput;
        Self::OutOfRange { field: "parallelism", .. } => "kdf_parallelism_out_of_range", InvalidInput;
        Self::OutOfRange { field: "min_length", .. } => "policy_min_length_out_of_range", InvalidInput;
        Self::OutOfRange { field: "min_complexity", .. } => "policy_min_complexity_out_of_range", InvalidInput;
        Self::OutOfRange { .. } => "setting_out_of_range", InvalidInput;
        Self::UnknownKdfType(_) => "unknown_kdf_type", InvalidInput;
        Self::EmptyPassword => "password_empty", InvalidInput;
        Self::EmptyEmail => "salt_email_empty", InvalidInput;
        Self::TooShort { .. } => "password_too_short", InvalidInput;
        Self::PolicyNotMet { .. } => "policy_not_met", InvalidInput;
        Self::Weak { .. } => "password_weak", InvalidInput;
        Self::Derivation(_) => "derivation_failed", InvalidInput;
    }
}
