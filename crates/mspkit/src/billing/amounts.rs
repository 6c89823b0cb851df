//! Arithmetic that may overflow and the reading of amounts: the fallible side of [`Money`],
//! which returns [`BillingError`] (here, not in money.rs, so that the amount is a leaf the
//! errors name).

use std::str::FromStr;

use serde::Deserialize;

use super::BillingError;
use super::money::{Money, mul_div_round, mul_div_round_i64};

impl Money {
    /// `self + other`, or `amount_overflow`.
    pub fn checked_add(self, other: Self) -> Result<Self, BillingError> {
        self.cents().checked_add(other.cents()).map(Self::from_cents).ok_or(BillingError::Overflow)
    }

    /// `self − other`, or `amount_overflow`.
    pub fn checked_sub(self, other: Self) -> Result<Self, BillingError> {
        self.cents().checked_sub(other.cents()).map(Self::from_cents).ok_or(BillingError::Overflow)
    }

    /// `self × quantity`, or `amount_overflow`.
    pub fn checked_mul(self, quantity: i64) -> Result<Self, BillingError> {
        self.cents().checked_mul(quantity).map(Self::from_cents).ok_or(BillingError::Overflow)
    }

    /// `self × numerator ÷ denominator`, rounded once, half away from zero, to the cent (the
    /// rule every prorated amount and every discount follows), or `amount_overflow`.
    pub fn mul_ratio(self, numerator: i64, denominator: i64) -> Result<Self, BillingError> {
        // Every discount and proration fits in 64 bits: there, one hardware division replaces
        // the 128-bit one (a library call), with the same rounding.
        if let Some(cents) = mul_div_round_i64(self.cents(), numerator, denominator) {
            return Ok(Self::from_cents(cents));
        }
        mul_div_round(i128::from(self.cents()), i128::from(numerator), i128::from(denominator))
            .and_then(|c| i64::try_from(c).ok())
            .map(Self::from_cents)
            .ok_or(BillingError::Overflow)
    }

    /// The sum of `amounts`, or `amount_overflow`.
    pub fn sum<I: IntoIterator<Item = Self>>(amounts: I) -> Result<Self, BillingError> {
        amounts.into_iter().try_fold(Self::ZERO, Self::checked_add)
    }
}

impl FromStr for Money {
    type Err = BillingError;

    /// Reads `1234.5`, `1234.50`, `-3`, `$1,234.50` or `-$1.00`: at most two decimals (a
    /// third would be a fraction of a cent, refused rather than rounded).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || BillingError::InvalidAmount { input: s.chars().take(40).collect() };
        let text = s.trim();
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let text = text.strip_prefix('$').unwrap_or(text);
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        let whole: String = if whole.contains(',') {
            // Thousands separators only in groups of three.
            let mut groups = whole.split(',');
            let first = groups.next().unwrap_or_default();
            if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
                return Err(invalid());
            }
            whole.chars().filter(|c| *c != ',').collect()
        } else {
            whole.to_owned()
        };
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || fraction.len() > 2
            || !fraction.bytes().all(|b| b.is_ascii_digit())
            || (text.contains('.') && fraction.is_empty())
        {
            return Err(invalid());
        }
        let dollars: i64 = whole.parse().map_err(|_| invalid())?;
        let cents: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| invalid())? * 10,
            _ => fraction.parse().map_err(|_| invalid())?,
        };
        let total =
            dollars.checked_mul(100).and_then(|d| d.checked_add(cents)).ok_or(BillingError::Overflow)?;
        Ok(Self::from_cents(if negative { -total } else { total }))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
