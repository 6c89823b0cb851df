//! Master passwords: KDF settings, zero-knowledge derivation of the master key and its hashes,
//! strength estimation, and the organizations' master-password policy.
//!
//! The service never sees a master password: the client derives a master key from the password
//! and the email with the account's [`Kdf`], and sends only the [`MasterKey::server_hash`].

mod error;
#[cfg(feature = "password")]
mod kdf;
#[cfg(feature = "password")]
mod master_key;
mod policy;
#[cfg(feature = "password")]
mod strength;

pub use error::PasswordError;
#[cfg(feature = "password")]
pub use kdf::{
    ARGON2_ITERATIONS, ARGON2_MEMORY_MIB, ARGON2_PARALLELISM, Kdf, KdfType, PBKDF2_ACCEPTABLE_ITERATIONS,
    PBKDF2_ITERATIONS,
};
#[cfg(feature = "password")]
pub use master_key::{KdfDeriver, MasterKey, PasswordHash, StretchedKey, salt_text};
pub use policy::{
    CharacterClasses, MIN_REGISTRATION_LENGTH, MasterPasswordPolicy, PasswordContext, PolicyViolation,
    SPECIAL_CHARACTERS, password_length,
};
#[cfg(feature = "password")]
pub use policy::{RegistrationCheck, check_registration};
#[cfg(feature = "password")]
pub use strength::{
    CrackTimes, PRODUCT_WORDS, Strength, password_strength, password_strength_batch, user_inputs,
};
