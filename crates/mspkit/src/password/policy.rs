//! The organization's master-password policy, the registration rule, and how several
//! organizations' policies combine.

use serde::{Deserialize, Serialize};

use super::PasswordError;
#[cfg(feature = "password")]
use super::strength::{Strength, password_strength, user_inputs};

/// The characters that count as special (the reference's set).
pub const SPECIAL_CHARACTERS: &str = "!@#$%^&*";

/// The shortest master password the reference lets anyone register, in UTF-16 code units (see
/// [`password_length`]).
pub const MIN_REGISTRATION_LENGTH: usize = 12;

/// A password's length as the reference clients measure it (JavaScript's `password.length`):
/// UTF-16 code units. A character outside the Basic Multilingual Plane, such as an emoji,
/// counts 2, so mspkit and the clients agree on every password's `too_short`.
///
/// ```
/// use mspkit::password::password_length;
///
/// assert_eq!(password_length("correct horse"), 13);
/// assert_eq!(password_length("\u{1F511}"), 2); // 🔑: one character, two code units
/// ```
pub fn password_length(password: &str) -> usize {
    password.encode_utf16().count()
}

const MIN_LENGTH_RANGE: (u32, u32) = (12, 128);
const MAX_COMPLEXITY: u8 = 4;

/// What a password is checked against besides itself: the account's email and extra words
/// (the organization's name, …) that must not make a password strong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordContext {
    /// The account's email.
    pub email: Option<String>,
    /// Extra words.
    pub extra_words: Vec<String>,
}

impl PasswordContext {
    /// A context for `email`.
    pub fn for_email(email: &str) -> Self {
        Self { email: Some(email.to_owned()), extra_words: Vec::new() }
    }

    /// With extra words.
    #[must_use]
    pub fn with_words<S: AsRef<str>>(mut self, words: &[S]) -> Self {
        self.extra_words.extend(words.iter().map(|w| w.as_ref().to_owned()));
        self
    }

    /// The zxcvbn user inputs of this context.
    #[cfg(feature = "password")]
    pub fn user_inputs(&self) -> Vec<String> {
        let extra: Vec<&str> = self.extra_words.iter().map(String::as_str).collect();
        user_inputs(self.email.as_deref(), &extra)
    }

    /// The strength of `password` in this context.
    #[cfg(feature = "password")]
    pub fn strength(&self, password: &str) -> Strength {
        let inputs = self.user_inputs();
        let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        password_strength(password, &refs)
    }
}

/// The character classes a policy may require.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent setting of the reference, not a state machine"
)]
pub struct CharacterClasses {
    /// An upper-case letter: one that lower-casing changes (`A`–`Z`, `É`, `Σ`, …), the reference's test.
    pub upper: bool,
    /// A lower-case letter: one that upper-casing changes (`a`–`z`, `é`, `ß`, …), the reference's test.
    pub lower: bool,
    /// A digit (0–9).
    pub numbers: bool,
    /// One of `!@#$%^&*`.
    pub special: bool,
}

impl CharacterClasses {
    /// Every class.
    pub const ALL: Self = Self { upper: true, lower: true, numbers: true, special: true };
}

/// One character-class rule: whether it is required, its code, its test, what to add.
#[cfg(feature = "password")]
type ClassRule = (bool, &'static str, fn(char) -> bool, &'static str);

/// One unmet rule of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyViolation {
    /// Stable code: `too_short`, `too_weak`, `missing_upper`, `missing_lower`, `missing_number`,
    /// `missing_special`.
    pub code: &'static str,
    /// What to do.
    pub message: String,
}

/// An organization's `MasterPassword` policy settings, validated at construction.
///
/// ```
/// use mspkit::password::{CharacterClasses, MasterPasswordPolicy, PasswordContext};
///
/// let policy = MasterPasswordPolicy::default()
///     .with_min_length(Some(14))?
///     .with_min_complexity(Some(3))?
///     .requiring(CharacterClasses::ALL);
/// let codes: Vec<_> = policy.evaluate("short", &PasswordContext::default()).into_iter().map(|v| v.code).collect();
/// assert_eq!(codes, ["too_short", "too_weak", "missing_upper", "missing_number", "missing_special"]);
/// # Ok::<(), mspkit::password::PasswordError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawPolicy", into = "RawPolicy")]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent setting of the reference, not a state machine"
)]
pub struct MasterPasswordPolicy {
    min_complexity: Option<u8>,
    /// 12–128: one byte, so that the policy takes 8 bytes and a client's stored policy 24
    /// (issue 14).
    min_length: Option<u8>,
    require_upper: bool,
    require_lower: bool,
    require_numbers: bool,
    require_special: bool,
    enforce_on_login: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent setting of the reference, not a state machine"
)]
struct RawPolicy {
    #[serde(default)]
    min_complexity: Option<u8>,
    #[serde(default)]
    min_length: Option<u32>,
    #[serde(default)]
    require_upper: bool,
    #[serde(default)]
    require_lower: bool,
    #[serde(default)]
    require_numbers: bool,
    #[serde(default)]
    require_special: bool,
    #[serde(default)]
    enforce_on_login: bool,
}

impl TryFrom<RawPolicy> for MasterPasswordPolicy {
    type Error = PasswordError;

    fn try_from(r: RawPolicy) -> Result<Self, Self::Error> {
        Ok(Self::default()
            .with_min_complexity(r.min_complexity.map(i128::from))?
            .with_min_length(r.min_length.map(i128::from))?
            .requiring(CharacterClasses {
                upper: r.require_upper,
                lower: r.require_lower,
                numbers: r.require_numbers,
                special: r.require_special,
            })
            .with_enforce_on_login(r.enforce_on_login))
    }
}

impl From<MasterPasswordPolicy> for RawPolicy {
    fn from(p: MasterPasswordPolicy) -> Self {
        Self {
            min_complexity: p.min_complexity,
            min_length: p.min_length.map(u32::from),
            require_upper: p.require_upper,
            require_lower: p.require_lower,
            require_numbers: p.require_numbers,
            require_special: p.require_special,
            enforce_on_login: p.enforce_on_login,
        }
    }
}

impl MasterPasswordPolicy {
    /// With a minimum zxcvbn score (0–4), or none. Any integer is checked, negative ones included.
    pub fn with_min_complexity(mut self, score: Option<i128>) -> Result<Self, PasswordError> {
        self.min_complexity = match score {
            None => None,
            Some(value) => Some(u8::try_from(value).ok().filter(|s| *s <= MAX_COMPLEXITY).ok_or(
                PasswordError::OutOfRange {
                    field: "min_complexity",
                    value,
                    range: 0..=u64::from(MAX_COMPLEXITY),
                },
            )?),
        };
        Ok(self)
    }

    /// With a minimum length (12–128), or none. Any integer is checked, negative ones included.
    pub fn with_min_length(mut self, length: Option<i128>) -> Result<Self, PasswordError> {
        let (low, high) = MIN_LENGTH_RANGE;
        self.min_length = match length {
            None => None,
            Some(value) => {
                Some(u8::try_from(value).ok().filter(|n| (low..=high).contains(&u32::from(*n))).ok_or(
                    PasswordError::OutOfRange {
                        field: "min_length",
                        value,
                        range: u64::from(low)..=u64::from(high),
                    },
                )?)
            }
        };
        Ok(self)
    }

    /// With the required character classes.
    #[must_use]
    pub fn requiring(mut self, classes: CharacterClasses) -> Self {
        self.require_upper = classes.upper;
        self.require_lower = classes.lower;
        self.require_numbers = classes.numbers;
        self.require_special = classes.special;
        self
    }

    /// Whether members must change a non-compliant password when they log in.
    #[must_use]
    pub fn with_enforce_on_login(mut self, enforce: bool) -> Self {
        self.enforce_on_login = enforce;
        self
    }

    /// The minimum score.
    pub fn min_complexity(&self) -> Option<u8> {
        self.min_complexity
    }

    /// The minimum length.
    pub fn min_length(&self) -> Option<u32> {
        self.min_length.map(u32::from)
    }

    /// Whether an upper-case letter (one that lower-casing changes) is required.
    pub fn require_upper(&self) -> bool {
        self.require_upper
    }

    /// Whether a lower-case letter (one that upper-casing changes) is required.
    pub fn require_lower(&self) -> bool {
        self.require_lower
    }

    /// Whether a digit is required.
    pub fn require_numbers(&self) -> bool {
        self.require_numbers
    }

    /// Whether one of `!@#$%^&*` is required.
    pub fn require_special(&self) -> bool {
        self.require_special
    }

    /// Whether the policy is enforced on login.
    pub fn enforce_on_login(&self) -> bool {
        self.enforce_on_login
    }

    #[cfg(feature = "password")]
    /// Every unmet rule (not just the first), in a fixed order. Length counts UTF-16 code units,
    /// as the reference clients do ([`password_length`]); upper and lower case are found by case
    /// mapping, as there; digits are `0`–`9` and specials `!@#$%^&*`.
    pub fn evaluate(&self, password: &str, context: &PasswordContext) -> Vec<PolicyViolation> {
        let mut unmet = Vec::new();
        let length = password_length(password);
        if let Some(min) = self.min_length
            && length < usize::from(min)
        {
            // The message gives the minimum, never the password's own length.
            unmet.push(PolicyViolation {
                code: "too_short",
                message: format!("use at least {min} characters"),
            });
        }
        if let Some(min) = self.min_complexity {
            let score = context.strength(password).score;
            if score < min {
                unmet.push(PolicyViolation {
                    code: "too_weak",
                    message: format!("the password scores {score} of 4; the policy asks for at least {min}"),
                });
            }
        }
        let classes: [ClassRule; 4] = [
            // Upper and lower case as the reference clients test them (`password.toLowerCase()
            // === password` means no upper-case letter): by case mapping, not only A-Z.
            (self.require_upper, "missing_upper", |c| !c.to_lowercase().eq([c]), "an upper-case letter"),
            (self.require_lower, "missing_lower", |c| !c.to_uppercase().eq([c]), "a lower-case letter"),
            (self.require_numbers, "missing_number", |c| c.is_ascii_digit(), "a number (0-9)"),
            (self.require_special, "missing_special", |c| SPECIAL_CHARACTERS.contains(c), "one of !@#$%^&*"),
        ];
        for (required, code, test, what) in classes {
            if required && !password.chars().any(test) {
                unmet.push(PolicyViolation { code, message: format!("add {what}") });
            }
        }
        unmet
    }

    /// The strictest combination of several organizations' policies: the largest of each number
    /// and any flag that one of them sets.
    pub fn strictest<'a>(policies: impl IntoIterator<Item = &'a Self>) -> Self {
        policies.into_iter().fold(Self::default(), |acc, p| Self {
            min_complexity: acc.min_complexity.max(p.min_complexity),
            min_length: acc.min_length.max(p.min_length),
            require_upper: acc.require_upper || p.require_upper,
            require_lower: acc.require_lower || p.require_lower,
            require_numbers: acc.require_numbers || p.require_numbers,
            require_special: acc.require_special || p.require_special,
            enforce_on_login: acc.enforce_on_login || p.enforce_on_login,
        })
    }
}

#[cfg(feature = "password")]
/// The result of a registration check that passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationCheck {
    /// The password's strength.
    pub strength: Strength,
    /// Whether the score is below 3 (accepted only because the caller accepted the warning).
    pub weak: bool,
}

#[cfg(feature = "password")]
/// The reference's registration rule, plus the organizations' policy: at least 12 UTF-16 code
/// units ([`password_length`]; refused below), every policy rule met (refused otherwise, with
/// every unmet code), and a score of at least 3 unless the user accepted the weak-password
/// warning.
pub fn check_registration(
    password: &str,
    context: &PasswordContext,
    policy: Option<&MasterPasswordPolicy>,
    accept_weak: bool,
) -> Result<RegistrationCheck, PasswordError> {
    if password_length(password) < MIN_REGISTRATION_LENGTH {
        return Err(PasswordError::TooShort { minimum: MIN_REGISTRATION_LENGTH });
    }
    if let Some(policy) = policy {
        let unmet = policy.evaluate(password, context);
        if !unmet.is_empty() {
            return Err(PasswordError::PolicyNotMet { codes: unmet.iter().map(|v| v.code).collect() });
        }
    }
    let strength = context.strength(password);
    let weak = strength.score < 3;
    if weak && !accept_weak {
        return Err(PasswordError::Weak { score: strength.score });
    }
    Ok(RegistrationCheck { strength, weak })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(policy: &MasterPasswordPolicy, password: &str) -> Vec<&'static str> {
        policy
            .evaluate(password, &PasswordContext::for_email("jane.doe@example.com"))
            .into_iter()
            .map(|v| v.code)
            .collect()
    }

    #[test]
    fn ranges_are_validated() {
        let p = MasterPasswordPolicy::default();
        assert_eq!(p.with_min_length(Some(11)).unwrap_err().code(), "policy_min_length_out_of_range");
        assert_eq!(p.with_min_length(Some(129)).unwrap_err().code(), "policy_min_length_out_of_range");
        assert_eq!(p.with_min_complexity(Some(5)).unwrap_err().code(), "policy_min_complexity_out_of_range");
        assert!(p.with_min_length(Some(128)).is_ok() && p.with_min_complexity(Some(0)).is_ok());
        let err = p.with_min_complexity(Some(-1)).unwrap_err();
        assert_eq!(err.to_string(), "`min_complexity` is -1; it must be between 0 and 4");
        // 256 + 3 would wrap to 3 in a `u8`: it must not.
        assert_eq!(
            p.with_min_complexity(Some(259)).unwrap_err().code(),
            "policy_min_complexity_out_of_range"
        );
        let err = p.with_min_length(Some(1 << 40)).unwrap_err();
        assert_eq!(err.to_string(), "`min_length` is 1099511627776; it must be between 12 and 128");
        assert_eq!(p.with_min_length(None).unwrap(), p);
        assert!(serde_json::from_str::<MasterPasswordPolicy>(r#"{"min_length": 8}"#).is_err());
        assert!(serde_json::from_str::<MasterPasswordPolicy>(r#"{"min_len": 14}"#).is_err());
    }

    #[test]
    fn every_unmet_rule_is_reported() {
        let strict = MasterPasswordPolicy::default()
            .with_min_length(Some(16))
            .unwrap()
            .with_min_complexity(Some(4))
            .unwrap()
            .requiring(CharacterClasses::ALL);
        assert_eq!(
            codes(&strict, "abc"),
            ["too_short", "too_weak", "missing_upper", "missing_number", "missing_special"]
        );
        assert_eq!(
            codes(&strict, "ABC"),
            ["too_short", "too_weak", "missing_lower", "missing_number", "missing_special"]
        );
        assert!(codes(&strict, "Plinth-Quasar-Ember-42!").is_empty());
        let too_short = strict.evaluate("abc", &PasswordContext::default()).remove(0);
        assert_eq!(too_short.message, "use at least 16 characters");
        assert!(codes(&MasterPasswordPolicy::default(), "a").is_empty());
    }

    #[test]
    fn the_users_own_words_lower_the_score() {
        let policy = MasterPasswordPolicy::default().with_min_complexity(Some(4)).unwrap();
        let password = "JaneDoeNorthwind";
        let plain = policy.evaluate(password, &PasswordContext::default());
        let personal = policy.evaluate(
            password,
            &PasswordContext::for_email("jane.doe@example.com").with_words(&["Northwind"]),
        );
        assert!(plain.is_empty());
        assert_eq!(personal.iter().map(|v| v.code).collect::<Vec<_>>(), ["too_weak"]);
    }

    #[test]
    fn upper_and_lower_case_are_found_by_case_mapping_like_the_reference() {
        let both = MasterPasswordPolicy::default().requiring(CharacterClasses {
            upper: true,
            lower: true,
            ..CharacterClasses::default()
        });
        assert!(codes(&both, "\u{c9}cole-\u{e9}t\u{e9}").is_empty()); // École-été: É is upper
        assert!(codes(&both, "\u{3a3}\u{3c9}\u{3ba}").is_empty()); // Σωκ
        assert_eq!(codes(&both, "stra\u{df}e"), ["missing_upper"]); // straße
        assert_eq!(codes(&both, "\u{c9}T\u{c9}"), ["missing_lower"]); // ÉTÉ
        assert_eq!(codes(&both, "1234-\u{1F511}"), ["missing_upper", "missing_lower"]);
    }

    #[test]
    fn length_counts_utf16_code_units_like_the_reference() {
        let key = "\u{1F511}"; // 🔑, outside the BMP: two code units
        let ctx = PasswordContext::default();
        // Six keys are 12 code units: long enough (then refused as weak, not as short).
        let six = key.repeat(6);
        assert_eq!((six.chars().count(), password_length(&six)), (6, 12));
        assert_eq!(check_registration(&six, &ctx, None, false).unwrap_err().code(), "password_weak");
        // Five keys and a letter are 11: too short.
        let eleven = format!("{}a", key.repeat(5));
        assert_eq!(check_registration(&eleven, &ctx, None, true).unwrap_err().code(), "password_too_short");
        let policy = MasterPasswordPolicy::default().with_min_length(Some(14)).unwrap();
        assert!(codes(&policy, &key.repeat(7)).is_empty());
        assert_eq!(codes(&policy, &format!("{}ab", key.repeat(5))), ["too_short"]);
        // Characters inside the BMP count one each, accented or not.
        assert_eq!(password_length("\u{e9}t\u{e9}"), 3);
    }

    #[test]
    fn strictest_takes_the_max_and_the_or() {
        let a = MasterPasswordPolicy::default()
            .with_min_length(Some(14))
            .unwrap()
            .requiring(CharacterClasses { upper: true, ..CharacterClasses::default() });
        let b = MasterPasswordPolicy::default()
            .with_min_length(Some(12))
            .unwrap()
            .with_min_complexity(Some(2))
            .unwrap()
            .requiring(CharacterClasses { numbers: true, ..CharacterClasses::default() })
            .with_enforce_on_login(true);
        let s = MasterPasswordPolicy::strictest([&a, &b]);
        assert_eq!((s.min_length(), s.min_complexity()), (Some(14), Some(2)));
        assert!(s.require_upper() && s.require_numbers() && !s.require_lower() && !s.require_special());
        assert!(s.enforce_on_login());
        assert_eq!(MasterPasswordPolicy::strictest([]), MasterPasswordPolicy::default());
    }

    #[test]
    fn registration_rule() {
        let ctx = PasswordContext::for_email("jane.doe@example.com");
        let err = check_registration("elevenchars", &ctx, None, true).unwrap_err();
        assert_eq!(err.code(), "password_too_short");
        assert_eq!(err.to_string(), "the master password is too short; it needs at least 12 characters");
        assert_eq!(
            check_registration("passwordpassword", &ctx, None, false).unwrap_err().code(),
            "password_weak"
        );
        let weak = check_registration("passwordpassword", &ctx, None, true).unwrap();
        assert!(weak.weak);
        let strong = check_registration("Plinth-Quasar-Ember-42!", &ctx, None, false).unwrap();
        assert!(!strong.weak && strong.strength.score >= 3);
        let policy = MasterPasswordPolicy::default()
            .requiring(CharacterClasses { special: true, ..CharacterClasses::default() });
        let err = check_registration("Plinth Quasar Ember 42", &ctx, Some(&policy), true).unwrap_err();
        assert_eq!(err.code(), "policy_not_met");
        assert_eq!(
            err.to_string(),
            "the master password does not meet the organization's policy: missing_special"
        );
    }
}
