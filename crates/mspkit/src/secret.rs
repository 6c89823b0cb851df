//! Secret values: passwords, keys and hashes.
//!
//! A [`Sensitive`] value prints as `[REDACTED]`, is wiped from memory when dropped, cannot be
//! serialized, and gives up its contents only through the explicit [`Sensitive::expose`].

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret that is zeroized on drop and never shown by `Debug` or `Display`.
///
/// ```
/// use mspkit::Sensitive;
///
/// let password = Sensitive::new(String::from("correct horse battery staple"));
/// assert_eq!(format!("{password:?}"), "[REDACTED]");
/// assert_eq!(password.expose().len(), 28);
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Sensitive<T> {
    /// Takes ownership of a secret.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Reads the secret. Every call site that reveals a secret is greppable.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Writes the secret in place (to derive a key straight into its owner's buffer).
    pub(crate) fn expose_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Zeroize> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl<T: Zeroize> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl<T: Zeroize + AsRef<[u8]>> Sensitive<T> {
    /// Compares two secrets in constant time (for equal lengths).
    pub fn ct_eq(&self, other: &[u8]) -> bool {
        self.0.as_ref().ct_eq(other).into()
    }
}

/// A password or other secret text.
pub type SecretString = Sensitive<String>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = SecretString::new("hunter2hunter2".into());
        assert!(!format!("{s:?} {s}").contains("hunter2"));
    }

    #[test]
    fn constant_time_comparison_compares() {
        let s = Sensitive::new(vec![1u8, 2, 3]);
        assert!(s.ct_eq(&[1, 2, 3]));
        assert!(!s.ct_eq(&[1, 2, 4]));
        assert!(!s.ct_eq(&[1, 2]));
    }
}
