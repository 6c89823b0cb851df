//! KDF settings: PBKDF2-SHA256 and Argon2id, validated at construction.

use std::fmt;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::PasswordError;

/// PBKDF2 iterations an existing account may have (derivable).
pub const PBKDF2_ITERATIONS: RangeInclusive<u32> = 5_000..=2_000_000;
/// PBKDF2 iterations acceptable for new or changed settings (the reference server's check).
pub const PBKDF2_ACCEPTABLE_ITERATIONS: RangeInclusive<u32> = 600_000..=2_000_000;
/// Argon2id iterations.
pub const ARGON2_ITERATIONS: RangeInclusive<u32> = 2..=10;
/// Argon2id memory, in MiB (the clients' floor of 16; the ceiling stops memory exhaustion).
pub const ARGON2_MEMORY_MIB: RangeInclusive<u32> = 16..=1024;
/// Argon2id parallelism (lanes).
pub const ARGON2_PARALLELISM: RangeInclusive<u32> = 1..=16;

/// The key-derivation function (the reference's `KdfType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KdfType {
    /// PBKDF2-HMAC-SHA256 (code 0).
    Pbkdf2Sha256,
    /// Argon2id v1.3 (code 1).
    Argon2id,
}

impl KdfType {
    /// The reference's integer code.
    pub fn code(self) -> u8 {
        match self {
            Self::Pbkdf2Sha256 => 0,
            Self::Argon2id => 1,
        }
    }

    /// mspkit's name of the type (`pbkdf2_sha256`, `argon2id`), as in its JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pbkdf2Sha256 => "pbkdf2_sha256",
            Self::Argon2id => "argon2id",
        }
    }

    /// The type with the reference code `code`.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Self::Pbkdf2Sha256),
            1 => Some(Self::Argon2id),
            _ => None,
        }
    }
}

/// Validated KDF settings. Every value is checked when the settings are built (or
/// deserialized), never later at derivation.
///
/// ```
/// use mspkit::password::Kdf;
///
/// let kdf = Kdf::argon2id(3, 64, 4)?;
/// assert_eq!(kdf, Kdf::argon2id_client_default());
/// let err = Kdf::pbkdf2(1_000).unwrap_err();
/// assert_eq!(err.code(), "kdf_iterations_out_of_range");
/// assert_eq!(err.to_string(), "`iterations` is 1000; it must be between 5000 and 2000000");
/// assert!(!Kdf::pbkdf2(100_000)?.is_acceptable()); // derivable, but weak for new settings
/// # Ok::<(), mspkit::password::PasswordError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawKdf", into = "RawKdf")]
pub struct Kdf {
    kind: KdfType,
    iterations: u32,
    memory_mib: u32,
    parallelism: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum RawKdf {
    Pbkdf2Sha256 { iterations: u32 },
    Argon2id { iterations: u32, memory_mib: u32, parallelism: u32 },
}

impl TryFrom<RawKdf> for Kdf {
    type Error = PasswordError;

    fn try_from(raw: RawKdf) -> Result<Self, Self::Error> {
        match raw {
            RawKdf::Pbkdf2Sha256 { iterations } => Self::pbkdf2(iterations),
            RawKdf::Argon2id { iterations, memory_mib, parallelism } => {
                Self::argon2id(iterations, memory_mib, parallelism)
            }
        }
    }
}

impl From<Kdf> for RawKdf {
    fn from(k: Kdf) -> Self {
        match k.kind {
            KdfType::Pbkdf2Sha256 => Self::Pbkdf2Sha256 { iterations: k.iterations },
            KdfType::Argon2id => Self::Argon2id {
                iterations: k.iterations,
                memory_mib: k.memory_mib,
                parallelism: k.parallelism,
            },
        }
    }
}

/// `value` as a setting in `range`. Any integer is accepted and checked, so a value too wide for
/// the setting's type (negative, or above `u32::MAX`, from Python or a form) gets the same
/// out-of-range error as any other.
fn check(field: &'static str, value: i128, range: &RangeInclusive<u32>) -> Result<u32, PasswordError> {
    match u32::try_from(value) {
        Ok(setting) if range.contains(&setting) => Ok(setting),
        _ => Err(PasswordError::OutOfRange {
            field,
            value,
            range: u64::from(*range.start())..=u64::from(*range.end()),
        }),
    }
}

impl Kdf {
    /// PBKDF2-SHA256 with `iterations` (5 000 – 2 000 000). Any integer type is accepted; a value
    /// out of range, negative ones included, is refused with the field and its range.
    pub fn pbkdf2(iterations: impl Into<i128>) -> Result<Self, PasswordError> {
        Ok(Self {
            kind: KdfType::Pbkdf2Sha256,
            iterations: check("iterations", iterations.into(), &PBKDF2_ITERATIONS)?,
            memory_mib: 0,
            parallelism: 0,
        })
    }

    /// Argon2id with `iterations` (2–10), `memory_mib` (16–1024) and `parallelism` (1–16). Any
    /// integer type is accepted; the first value out of range is refused with its field and range.
    pub fn argon2id(
        iterations: impl Into<i128>,
        memory_mib: impl Into<i128>,
        parallelism: impl Into<i128>,
    ) -> Result<Self, PasswordError> {
        Ok(Self {
            kind: KdfType::Argon2id,
            iterations: check("iterations", iterations.into(), &ARGON2_ITERATIONS)?,
            memory_mib: check("memory_mib", memory_mib.into(), &ARGON2_MEMORY_MIB)?,
            parallelism: check("parallelism", parallelism.into(), &ARGON2_PARALLELISM)?,
        })
    }

    /// Settings from the reference's integer type code and its three numbers (the wire form of
    /// an account's `kdf`, `kdfIterations`, `kdfMemory`, `kdfParallelism`). The numbers are wire
    /// integers: any value is checked, and a missing Argon2id number is out of range.
    pub fn from_code(
        code: impl Into<i128>,
        iterations: impl Into<i128>,
        memory_mib: Option<i128>,
        parallelism: Option<i128>,
    ) -> Result<Self, PasswordError> {
        let code = code.into();
        match u8::try_from(code).ok().and_then(KdfType::from_code) {
            Some(KdfType::Pbkdf2Sha256) => Self::pbkdf2(iterations),
            Some(KdfType::Argon2id) => {
                Self::argon2id(iterations, memory_mib.unwrap_or(0), parallelism.unwrap_or(0))
            }
            None => Err(PasswordError::UnknownKdfType(code)),
        }
    }

    /// The reference default: PBKDF2-SHA256, 600 000 iterations.
    pub const fn pbkdf2_default() -> Self {
        Self { kind: KdfType::Pbkdf2Sha256, iterations: 600_000, memory_mib: 0, parallelism: 0 }
    }

    /// The reference clients' Argon2id default: 3 iterations, 64 MiB, 4 lanes.
    pub const fn argon2id_client_default() -> Self {
        Self { kind: KdfType::Argon2id, iterations: 3, memory_mib: 64, parallelism: 4 }
    }

    /// The reference server's and SDK's Argon2id default: 6 iterations, 32 MiB, 4 lanes.
    pub const fn argon2id_server_default() -> Self {
        Self { kind: KdfType::Argon2id, iterations: 6, memory_mib: 32, parallelism: 4 }
    }

    /// The function.
    pub fn kind(&self) -> KdfType {
        self.kind
    }

    /// Iterations (PBKDF2 rounds, or Argon2 passes).
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Argon2id memory in MiB (`None` for PBKDF2).
    pub fn memory_mib(&self) -> Option<u32> {
        (self.kind == KdfType::Argon2id).then_some(self.memory_mib)
    }

    /// Argon2id lanes (`None` for PBKDF2).
    pub fn parallelism(&self) -> Option<u32> {
        (self.kind == KdfType::Argon2id).then_some(self.parallelism)
    }

    /// Whether the reference server would accept these settings for a new or changed account.
    /// Derivable settings that are not acceptable are weak.
    pub fn is_acceptable(&self) -> bool {
        match self.kind {
            KdfType::Pbkdf2Sha256 => PBKDF2_ACCEPTABLE_ITERATIONS.contains(&self.iterations),
            KdfType::Argon2id => true,
        }
    }
}

impl fmt::Debug for Kdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            KdfType::Pbkdf2Sha256 => write!(f, "Kdf::Pbkdf2Sha256 {{ iterations: {} }}", self.iterations),
            KdfType::Argon2id => write!(
                f,
                "Kdf::Argon2id {{ iterations: {}, memory_mib: {}, parallelism: {} }}",
                self.iterations, self.memory_mib, self.parallelism
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_named() {
        assert!(Kdf::pbkdf2(5_000).is_ok());
        assert!(Kdf::pbkdf2(2_000_000).is_ok());
        assert_eq!(Kdf::pbkdf2(4_999).unwrap_err().code(), "kdf_iterations_out_of_range");
        assert_eq!(Kdf::pbkdf2(2_000_001).unwrap_err().code(), "kdf_iterations_out_of_range");
        assert!(Kdf::argon2id(2, 16, 1).is_ok());
        assert!(Kdf::argon2id(10, 1024, 16).is_ok());
        assert_eq!(Kdf::argon2id(1, 64, 4).unwrap_err().code(), "kdf_iterations_out_of_range");
        assert_eq!(Kdf::argon2id(3, 15, 4).unwrap_err().code(), "kdf_memory_out_of_range");
        assert_eq!(Kdf::argon2id(3, 1025, 4).unwrap_err().code(), "kdf_memory_out_of_range");
        let err = Kdf::argon2id(3, 64, 17).unwrap_err();
        assert_eq!(err.code(), "kdf_parallelism_out_of_range");
        assert_eq!(err.to_string(), "`parallelism` is 17; it must be between 1 and 16");
    }

    #[test]
    fn presets_are_valid_and_acceptable() {
        for preset in [Kdf::pbkdf2_default(), Kdf::argon2id_client_default(), Kdf::argon2id_server_default()]
        {
            let rebuilt = match preset.kind() {
                KdfType::Pbkdf2Sha256 => Kdf::pbkdf2(preset.iterations()),
                KdfType::Argon2id => Kdf::argon2id(
                    preset.iterations(),
                    preset.memory_mib().unwrap(),
                    preset.parallelism().unwrap(),
                ),
            };
            assert_eq!(rebuilt.unwrap(), preset);
            assert!(preset.is_acceptable());
        }
        assert!(!Kdf::pbkdf2(599_999).unwrap().is_acceptable());
    }

    #[test]
    fn serde_goes_through_the_constructors() {
        let json = serde_json::to_string(&Kdf::argon2id_client_default()).unwrap();
        assert_eq!(json, r#"{"type":"argon2id","iterations":3,"memory_mib":64,"parallelism":4}"#);
        assert_eq!(serde_json::from_str::<Kdf>(&json).unwrap(), Kdf::argon2id_client_default());
        let bad = r#"{"type":"argon2id","iterations":3,"memory_mib":4096,"parallelism":4}"#;
        assert!(serde_json::from_str::<Kdf>(bad).unwrap_err().to_string().contains("memory_mib"));
        assert!(
            serde_json::from_str::<Kdf>(r#"{"type":"pbkdf2_sha256","iterations":600000,"x":1}"#).is_err()
        );
    }

    #[test]
    fn values_too_wide_for_the_setting_are_out_of_range_too() {
        let err = Kdf::pbkdf2(-1).unwrap_err();
        assert_eq!(err.code(), "kdf_iterations_out_of_range");
        assert_eq!(err.to_string(), "`iterations` is -1; it must be between 5000 and 2000000");
        let err = Kdf::pbkdf2(1_u64 << 32).unwrap_err();
        assert_eq!(err.to_string(), "`iterations` is 4294967296; it must be between 5000 and 2000000");
        // 2^32 + 600 000 would wrap to an acceptable count in a `u32`: it must not.
        assert!(Kdf::pbkdf2((1_i64 << 32) + 600_000).is_err());
        assert_eq!(Kdf::argon2id(3, 1_i128 << 100, 4).unwrap_err().code(), "kdf_memory_out_of_range");
        assert_eq!(Kdf::argon2id(3, 64, -4).unwrap_err().code(), "kdf_parallelism_out_of_range");
        assert_eq!(Kdf::from_code(1, 3, Some(-64), Some(4)).unwrap_err().code(), "kdf_memory_out_of_range");
        assert_eq!(Kdf::pbkdf2(600_000_u32).unwrap(), Kdf::pbkdf2_default());
    }

    #[test]
    fn names_are_the_serde_names() {
        for kind in [KdfType::Pbkdf2Sha256, KdfType::Argon2id] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
    }

    #[test]
    fn codes() {
        assert_eq!(Kdf::from_code(0, 600_000, None, None).unwrap(), Kdf::pbkdf2_default());
        assert_eq!(Kdf::from_code(1, 3, Some(64), Some(4)).unwrap(), Kdf::argon2id_client_default());
        assert_eq!(Kdf::from_code(2, 3, None, None).unwrap_err().code(), "unknown_kdf_type");
        let err = Kdf::from_code(-1_i128 << 70, 3, None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`-1180591620717411303424` is not a KDF type code (0 is PBKDF2-SHA256, 1 is Argon2id)"
        );
        assert_eq!(Kdf::from_code(1, 3, None, Some(4)).unwrap_err().code(), "kdf_memory_out_of_range");
    }
}
