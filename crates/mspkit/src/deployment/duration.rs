//! Exact durations: whole minutes, written as decimal hours.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use super::DeploymentError;

/// A duration in whole minutes. Estimates are tenths or quarters of an hour, so minutes are
/// exact where binary floats would drift when summed.
///
/// `Display` writes decimal hours with at least one decimal: `5.25`, `7.1`, `3.0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Minutes(u32);

impl Minutes {
    /// No time.
    pub const ZERO: Self = Self(0);

    /// A duration of `minutes` minutes.
    pub const fn new(minutes: u32) -> Self {
        Self(minutes)
    }

    /// The number of minutes.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// Whether the duration is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Reads decimal hours exactly (`"0.1"` is 6 minutes, `"5.25"` is 315); refuses negative
    /// values, garbage and values that are not whole minutes (`"0.01"`).
    pub fn from_hours_str(text: &str, context: &str) -> Result<Self, DeploymentError> {
        let invalid =
            || DeploymentError::InvalidDuration { context: context.to_owned(), input: text.to_owned() };
        let t = text.trim();
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 9
        {
            return Err(invalid());
        }
        let int: u64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| invalid())? };
        let frac_value: u64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| invalid())? };
        let scale = 10u64.pow(u32::try_from(frac.len()).map_err(|_| invalid())?);
        let scaled = int
            .checked_mul(60)
            .and_then(|m| m.checked_mul(scale))
            .and_then(|m| m.checked_add(frac_value.checked_mul(60)?))
            .ok_or_else(invalid)?;
        if scaled % scale != 0 {
            return Err(invalid());
        }
        u32::try_from(scaled / scale).map(Self).map_err(|_| invalid())
    }

    /// Reads a number of hours given as a decimal's sign, digits and exponent (Python's
    /// `Decimal.as_tuple()`: `1E+1` is `(false, [1], 1)`, 10 h), exactly. Refused as
    /// `invalid_duration` (its `input` is `shown`): a negative value, a digit above 9, more
    /// than 12 whole digits (no day's work) or a fraction finer than 9 decimals (no whole
    /// minute) — checked on the parts, before any text of the size of the exponent is built.
    pub fn from_hours_decimal(
        negative: bool,
        digits: &[u8],
        exponent: i64,
        shown: &str,
        context: &str,
    ) -> Result<Self, DeploymentError> {
        let invalid =
            || DeploymentError::InvalidDuration { context: context.to_owned(), input: shown.to_owned() };
        let mut digits = digits.to_vec();
        let mut exponent = exponent;
        while digits.len() > 1 && digits.last() == Some(&0) {
            digits.pop();
            exponent = exponent.saturating_add(1);
        }
        while digits.len() > 1 && digits.first() == Some(&0) {
            digits.remove(0);
        }
        if digits.iter().all(|&d| d == 0) {
            return Self::from_hours_str("0", context).map_err(|_| invalid());
        }
        if negative || digits.iter().any(|&d| d > 9) {
            return Err(invalid());
        }
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        let len = i64::try_from(text.len()).unwrap_or(i64::MAX);
        if len.saturating_add(exponent) > 12 || exponent < -9 {
            return Err(invalid());
        }
        let shift = usize::try_from(exponent.unsigned_abs()).map_err(|_| invalid())?;
        let positional = if exponent >= 0 {
            format!("{text}{}", "0".repeat(shift))
        } else if text.len() > shift {
            let (whole, fraction) = text.split_at(text.len() - shift);
            format!("{whole}.{fraction}")
        } else {
            format!("0.{}{text}", "0".repeat(shift - text.len()))
        };
        Self::from_hours_str(&positional, context).map_err(|_| invalid())
    }

    /// Reads a number of hours given as a float (as JSON and TOML numbers arrive), exactly
    /// through its shortest decimal form: `0.1` is 6 minutes, not 6.000000000000001.
    pub fn from_hours_f64(hours: f64, context: &str) -> Result<Self, DeploymentError> {
        if !hours.is_finite() || hours < 0.0 {
            return Err(DeploymentError::InvalidDuration {
                context: context.to_owned(),
                input: hours.to_string(),
            });
        }
        Self::from_hours_str(&hours.to_string(), context)
    }

    /// The duration as decimal hours, exact when it is (`"7.1"`), else rounded to two decimals.
    pub fn hours(self) -> String {
        self.to_string()
    }

    /// The duration in hours as a float, for display and charts only.
    pub fn as_hours_f64(self) -> f64 {
        f64::from(self.0) / 60.0
    }

    /// `self - other`, or zero.
    #[must_use]
    pub const fn saturating_sub(self, other: Self) -> Self {
        Self(self.0.saturating_sub(other.0))
    }
}

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 60;
        let rest = self.0 % 60;
        // Hundredths of an hour, rounded half up; exact whenever `rest` is a multiple of 3.
        let mut hundredths = (rest * 100 + 30) / 60;
        let mut whole = whole;
        if hundredths == 100 {
            whole += 1;
            hundredths = 0;
        }
        if hundredths.is_multiple_of(10) {
            write!(f, "{whole}.{}", hundredths / 10)
        } else {
            write!(f, "{whole}.{hundredths:02}")
        }
    }
}

impl Add for Minutes {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Minutes {
    fn add_assign(&mut self, rhs: Self) {
        *self = *self + rhs;
    }
}

impl Sum for Minutes {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

/// A duration as a file gives it: a number or a string of decimal hours.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum HoursValue {
    /// `hours = 0.1`
    Number(f64),
    /// `hours = "0.1"`
    Text(String),
}

impl HoursValue {
    pub(crate) fn to_minutes(&self, context: &str) -> Result<Minutes, DeploymentError> {
        match self {
            Self::Number(n) => Minutes::from_hours_f64(*n, context),
            Self::Text(t) => Minutes::from_hours_str(t, context),
        }
    }
}

/// Resolves `hours` / `minutes` given in a file: exactly one, positive.
pub(crate) fn resolve(
    hours: Option<&HoursValue>,
    minutes: Option<i64>,
    context: &str,
) -> Result<Minutes, DeploymentError> {
    let value = match (hours, minutes) {
        (Some(h), None) => h.to_minutes(context)?,
        (None, Some(m)) => u32::try_from(m).map(Minutes).map_err(|_| DeploymentError::InvalidDuration {
            context: context.to_owned(),
            input: format!("{m} minutes"),
        })?,
        (Some(_), Some(_)) => {
            return Err(DeploymentError::InvalidDuration {
                context: context.to_owned(),
                input: "both hours and minutes".to_owned(),
            });
        }
        (None, None) => {
            return Err(DeploymentError::InvalidDuration {
                context: context.to_owned(),
                input: "nothing".to_owned(),
            });
        }
    };
    if value.is_zero() {
        return Err(DeploymentError::InvalidDuration { context: context.to_owned(), input: "0".to_owned() });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_exactly_from_their_parts() {
        let read = |neg, digits: &[u8], exp| Minutes::from_hours_decimal(neg, digits, exp, "x", "hours");
        assert_eq!(read(false, &[1], 1).unwrap(), Minutes::new(600));
        assert_eq!(read(false, &[1, 5], -1).unwrap(), Minutes::new(90));
        assert_eq!(read(false, &[0], 5).unwrap(), Minutes::ZERO);
        assert_eq!(read(true, &[1], 0).unwrap_err().code(), "invalid_duration");
        assert_eq!(read(false, &[1], 12).unwrap_err().code(), "invalid_duration");
        assert_eq!(read(false, &[1], i64::MAX).unwrap_err().code(), "invalid_duration");
        assert_eq!(read(false, &[1], -10).unwrap_err().code(), "invalid_duration");
        assert_eq!(read(false, &[1, 0, 1], -2).unwrap_err().code(), "invalid_duration");
    }

    #[test]
    fn decimal_hours_are_read_exactly() {
        assert_eq!(Minutes::from_hours_str("0.1", "x").unwrap(), Minutes::new(6));
        assert_eq!(Minutes::from_hours_str("5.25", "x").unwrap(), Minutes::new(315));
        assert_eq!(Minutes::from_hours_str("2", "x").unwrap(), Minutes::new(120));
        assert_eq!(Minutes::from_hours_str(".5", "x").unwrap(), Minutes::new(30));
        assert_eq!(Minutes::from_hours_f64(0.1, "x").unwrap(), Minutes::new(6));
        assert_eq!(Minutes::from_hours_f64(0.1 + 0.2, "x").unwrap_err().code(), "invalid_duration");
        for bad in ["0.01", "-1", "", ".", "abc", "1.2.3", "1e3"] {
            assert_eq!(Minutes::from_hours_str(bad, "x").unwrap_err().code(), "invalid_duration", "{bad}");
        }
        assert!(Minutes::from_hours_f64(-0.5, "x").is_err());
        assert!(Minutes::from_hours_f64(f64::NAN, "x").is_err());
    }

    #[test]
    fn hours_display_exactly() {
        assert_eq!(Minutes::new(315).hours(), "5.25");
        assert_eq!(Minutes::new(426).hours(), "7.1");
        assert_eq!(Minutes::new(180).hours(), "3.0");
        assert_eq!(Minutes::new(1266).hours(), "21.1");
        assert_eq!(Minutes::new(20).hours(), "0.33");
        assert_eq!(Minutes::new(0).hours(), "0.0");
    }

    #[test]
    fn zero_negative_and_double_durations_are_refused() {
        assert!(resolve(None, Some(0), "s").is_err());
        assert!(resolve(None, Some(-5), "s").is_err());
        assert!(resolve(Some(&HoursValue::Number(0.0)), None, "s").is_err());
        assert!(resolve(Some(&HoursValue::Number(1.0)), Some(60), "s").is_err());
        assert!(resolve(None, None, "s").is_err());
        assert_eq!(resolve(None, Some(6), "s").unwrap(), Minutes::new(6));
    }
}
