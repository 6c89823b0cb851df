//! Exact money: US dollars held as a whole number of cents, never a binary float.

use std::fmt;

use serde::Serialize;

/// An amount of US dollars, held exactly as a whole number of cents.
///
/// Arithmetic is checked: an overflow is the typed error `amount_overflow`, never a wrapped or
/// saturated amount. `Display` formats as the reference does (`$1,234.50`, `-$1.00`); serde
/// uses the plain decimal string (`"1234.50"`), which every language reads without a float.
///
/// ```
/// use mspkit::billing::Money;
///
/// let price = Money::from_cents(123_450);
/// assert_eq!(price.to_string(), "$1,234.50");
/// assert_eq!("1234.5".parse::<Money>()?, price);
/// assert_eq!(Money::from_cents(-100).to_string(), "-$1.00");
/// # Ok::<(), mspkit::billing::BillingError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    cents: i64,
}

/// The one rounding rule of mspkit's billing: half away from zero, to the cent
/// (`0.5` cent becomes `1` cent, `-0.5` becomes `-1`): what the reference's US-dollar
/// formatting does with a fraction of a cent.
///
/// Computes `value × numerator ÷ denominator` in 128-bit integers and rounds once.
pub(crate) fn mul_div_round(value: i128, numerator: i128, denominator: i128) -> Option<i128> {
    if denominator == 0 {
        return None;
    }
    let product = value.checked_mul(numerator)?;
    let (product, denominator) =
        if denominator < 0 { (product.checked_neg()?, -denominator) } else { (product, denominator) };
    let quotient = product / denominator;
    let remainder = product % denominator;
    // |remainder| * 2 >= denominator rounds away from zero.
    if remainder.checked_abs()?.checked_mul(2)? >= denominator {
        Some(if product < 0 { quotient - 1 } else { quotient + 1 })
    } else {
        Some(quotient)
    }
}

/// [`mul_div_round`] in 64 bits, for a positive `denominator` and a product that fits; `None`
/// otherwise (the caller then takes the 128-bit path, which decides every case).
pub(super) fn mul_div_round_i64(value: i64, numerator: i64, denominator: i64) -> Option<i64> {
    if denominator <= 0 {
        return None;
    }
    let product = value.checked_mul(numerator)?;
    let quotient = product / denominator;
    let remainder = product % denominator;
    // |remainder| < denominator <= i64::MAX, so twice it fits in u64.
    if remainder.unsigned_abs() * 2 >= denominator.unsigned_abs() {
        Some(if product < 0 { quotient - 1 } else { quotient + 1 })
    } else {
        Some(quotient)
    }
}

impl Money {
    /// Zero dollars.
    pub const ZERO: Self = Self { cents: 0 };

    /// The currency of every amount: US dollars.
    pub const CURRENCY: &'static str = "USD";

    /// An amount of `cents` cents.
    pub const fn from_cents(cents: i64) -> Self {
        Self { cents }
    }

    /// An amount of whole dollars (`None` on overflow).
    pub const fn from_dollars(dollars: i64) -> Option<Self> {
        match dollars.checked_mul(100) {
            Some(cents) => Some(Self { cents }),
            None => None,
        }
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.cents
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.cents < 0
    }

    /// Formats as `-$1,234.50` into `buf`, right-aligned, and returns the text: no allocation,
    /// for reports of many rows. 40 bytes hold the longest amount (`-$92,233,720,368,547,758.08`).
    pub fn format_into(self, buf: &mut [u8; 40]) -> &str {
        std::str::from_utf8(self.format_ascii(buf)).unwrap_or_default()
    }

    /// [`Money::format_into`] as ASCII bytes (no UTF-8 check: for writers that copy bytes).
    pub(crate) fn format_ascii(self, buf: &mut [u8; 40]) -> &[u8] {
        let abs = self.cents.unsigned_abs();
        let mut at = buf.len();
        let mut put = |buf: &mut [u8; 40], byte: u8| {
            at -= 1;
            if let Some(slot) = buf.get_mut(at) {
                *slot = byte;
            }
        };
        let cents = abs % 100;
        put(buf, b'0' + u8::try_from(cents % 10).unwrap_or(0));
        put(buf, b'0' + u8::try_from(cents / 10).unwrap_or(0));
        put(buf, b'.');
        let mut dollars = abs / 100;
        let mut digits = 0u32;
        loop {
            if digits > 0 && digits.is_multiple_of(3) {
                put(buf, b',');
            }
            put(buf, b'0' + u8::try_from(dollars % 10).unwrap_or(0));
            digits += 1;
            dollars /= 10;
            if dollars == 0 {
                break;
            }
        }
        put(buf, b'$');
        if self.cents < 0 {
            put(buf, b'-');
        }
        buf.get(at..).unwrap_or_default()
    }

    /// The plain decimal form, `-1234.50` (no currency sign, no thousands separators).
    pub fn to_decimal_string(self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Money {
    /// `$1,234.50`; negative amounts `-$1,234.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 40];
        f.write_str(self.format_into(&mut buf))
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_decimal_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_the_reference_does() {
        let cases = [
            (0, "$0.00"),
            (5, "$0.05"),
            (100, "$1.00"),
            (99_999, "$999.99"),
            (100_000, "$1,000.00"),
            (123_450, "$1,234.50"),
            (123_456_789, "$1,234,567.89"),
            (-100, "-$1.00"),
            (-123_450, "-$1,234.50"),
        ];
        for (cents, text) in cases {
            assert_eq!(Money::from_cents(cents).to_string(), text);
            assert_eq!(text.parse::<Money>().unwrap(), Money::from_cents(cents), "{text}");
        }
        assert_eq!(Money::from_cents(i64::MIN).to_string(), "-$92,233,720,368,547,758.08");
    }

    #[test]
    fn parses_plain_decimals_and_refuses_the_rest() {
        assert_eq!("1234.5".parse::<Money>().unwrap().cents(), 123_450);
        assert_eq!("12".parse::<Money>().unwrap().cents(), 1_200);
        assert_eq!("-0.07".parse::<Money>().unwrap().cents(), -7);
        for bad in [
            "",
            "$",
            "1.234",
            "1.",
            ".5",
            "1,23.00",
            ",123",
            "abc",
            "1e3",
            "--1",
            "1.-5",
            "99999999999999999999",
        ] {
            let err = bad.parse::<Money>().unwrap_err();
            assert!(matches!(err.code(), "amount_invalid" | "amount_overflow"), "{bad}: {err}");
        }
    }

    #[test]
    fn serde_is_an_exact_decimal_string() {
        let m = Money::from_cents(-123_405);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"-1234.05\"");
        assert_eq!(serde_json::from_str::<Money>("\"-1234.05\"").unwrap(), m);
        assert!(serde_json::from_str::<Money>("12.5").is_err(), "a JSON number is not accepted");
    }

    #[test]
    fn arithmetic_is_checked() {
        let max = Money::from_cents(i64::MAX);
        assert_eq!(max.checked_add(Money::from_cents(1)).unwrap_err().code(), "amount_overflow");
        assert_eq!(
            Money::from_cents(i64::MIN).checked_sub(Money::from_cents(1)).unwrap_err().code(),
            "amount_overflow"
        );
        assert_eq!(max.checked_mul(2).unwrap_err().code(), "amount_overflow");
        assert_eq!(max.mul_ratio(3, 2).unwrap_err().code(), "amount_overflow");
        assert_eq!(Money::from_cents(1).mul_ratio(1, 0).unwrap_err().code(), "amount_overflow");
        assert_eq!(Money::sum([Money::from_cents(1), Money::from_cents(2)]).unwrap().cents(), 3);
        assert_eq!(Money::from_dollars(i64::MAX), None);
    }

    #[test]
    fn rounding_is_half_away_from_zero_once() {
        // 1 cent × 1/2 = 0.5 → 1; 3 × 1/2 = 1.5 → 2; 5 × 1/2 = 2.5 → 3 (not banker's 2).
        assert_eq!(Money::from_cents(1).mul_ratio(1, 2).unwrap().cents(), 1);
        assert_eq!(Money::from_cents(5).mul_ratio(1, 2).unwrap().cents(), 3);
        assert_eq!(Money::from_cents(-5).mul_ratio(1, 2).unwrap().cents(), -3);
        // 0.49 rounds down, 0.5 up.
        assert_eq!(Money::from_cents(49).mul_ratio(1, 100).unwrap().cents(), 0);
        assert_eq!(Money::from_cents(50).mul_ratio(1, 100).unwrap().cents(), 1);
        assert_eq!(Money::from_cents(100).mul_ratio(1, 3).unwrap().cents(), 33);
        assert_eq!(Money::from_cents(200).mul_ratio(1, 3).unwrap().cents(), 67);
        assert_eq!(Money::from_cents(100).mul_ratio(-1, 3).unwrap().cents(), -33);
    }

    #[test]
    fn the_64_bit_path_rounds_as_the_128_bit_one() {
        let values = [
            0,
            1,
            -1,
            2,
            -2,
            5,
            -5,
            49,
            50,
            -50,
            99,
            12_345,
            -12_345,
            1 << 40,
            -(1 << 40),
            i64::MAX,
            i64::MIN,
        ];
        let ratios = [
            (1, 2),
            (1, 3),
            (2, 3),
            (8_750, 10_000),
            (-1, 3),
            (7, 31),
            (1, 1),
            (3, -4),
            (0, 5),
            (i64::MAX, 2),
        ];
        for value in values {
            for (numerator, denominator) in ratios {
                let wide = mul_div_round(i128::from(value), i128::from(numerator), i128::from(denominator))
                    .and_then(|c| i64::try_from(c).ok());
                let fast = mul_div_round_i64(value, numerator, denominator);
                if let Some(fast) = fast {
                    assert_eq!(Some(fast), wide, "{value} × {numerator} / {denominator}");
                }
                assert_eq!(
                    Money::from_cents(value).mul_ratio(numerator, denominator).ok().map(Money::cents),
                    wide,
                    "{value} × {numerator} / {denominator}"
                );
            }
        }
        // The fast path takes the products that fit and leaves the rest to the wide one.
        assert_eq!(mul_div_round_i64(5, 8_750, 10_000), Some(4));
        assert_eq!(mul_div_round_i64(i64::MAX, 2, 3), None);
        assert_eq!(Money::from_cents(i64::MAX).mul_ratio(2, 3).unwrap().cents(), 6_148_914_691_236_517_205);
    }
}
