//! Seat prices (the reference's provider prices, or a provider's negotiated ones) and the
//! provider's discount.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{BillingError, Money};
use crate::plan::{Cadence, PlanType};

/// The reference's provider price per seat of `plan`, per billing period of the plan's cadence:
/// Teams monthly $4, Enterprise monthly $6, Enterprise annually $72; `None` for a plan a
/// provider with consolidated billing cannot hold.
pub fn reference_provider_price(plan: PlanType) -> Option<Money> {
    match plan {
        PlanType::TeamsMonthly => Some(Money::from_cents(400)),
        PlanType::EnterpriseMonthly => Some(Money::from_cents(600)),
        PlanType::EnterpriseAnnually => Some(Money::from_cents(7_200)),
        _ => None,
    }
}

/// The list price per seat of `plan` outside a provider (Teams $5, Enterprise $7 a month,
/// Enterprise $72 a year): what a usage-based model bills per used seat.
pub fn list_price(plan: PlanType) -> Option<Money> {
    plan.list_price_cents().map(|c| Money::from_cents(i64::from(c)))
}

/// The price per seat of each plan of a consolidated subscription: the reference's provider
/// prices unless the provider negotiated its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BTreeMap<PlanType, Money>", into = "BTreeMap<PlanType, Money>")]
pub struct SeatPrices {
    negotiated: BTreeMap<PlanType, Money>,
}

impl TryFrom<BTreeMap<PlanType, Money>> for SeatPrices {
    type Error = BillingError;

    fn try_from(map: BTreeMap<PlanType, Money>) -> Result<Self, Self::Error> {
        map.into_iter().try_fold(Self::default(), |prices, (plan, price)| prices.with_price(plan, price))
    }
}

impl From<SeatPrices> for BTreeMap<PlanType, Money> {
    fn from(p: SeatPrices) -> Self {
        p.negotiated
    }
}

impl SeatPrices {
    /// The reference's provider prices.
    pub fn reference() -> Self {
        Self::default()
    }

    /// With a negotiated price for `plan` (a plan billed per seat in consolidated billing, and
    /// not negative).
    pub fn with_price(mut self, plan: PlanType, price: Money) -> Result<Self, BillingError> {
        if reference_provider_price(plan).is_none() {
            return Err(BillingError::PlanNotBilled { plan });
        }
        if price.is_negative() {
            return Err(BillingError::NegativePrice { plan, price });
        }
        self.negotiated.insert(plan, price);
        Ok(self)
    }

    /// The prices negotiated by the provider (the others are the reference's).
    pub fn negotiated(&self) -> &BTreeMap<PlanType, Money> {
        &self.negotiated
    }

    /// The price per seat of `plan` per period of its cadence, or `plan_not_billed`.
    pub fn price(&self, plan: PlanType) -> Result<Money, BillingError> {
        self.negotiated
            .get(&plan)
            .copied()
            .or_else(|| reference_provider_price(plan))
            .ok_or(BillingError::PlanNotBilled { plan })
    }

    /// Whether `plan`'s price is the provider's own.
    pub fn is_negotiated(&self, plan: PlanType) -> bool {
        self.negotiated.contains_key(&plan)
    }
}

/// The cadence a plan of consolidated billing is charged at: monthly, or annually for a
/// business unit's Enterprise (annual) plan.
pub fn billing_cadence(plan: PlanType) -> Cadence {
    match plan.cadence() {
        Cadence::Annually => Cadence::Annually,
        _ => Cadence::Monthly,
    }
}

/// A percentage taken off a provider's invoices, in hundredths of a percent (`12.5 %` is 1 250):
/// 0 to 100 %.
///
/// As the reference applies its provider coupon: every seat price is multiplied by
/// `(100 − percent) / 100` and each amount is rounded once, half away from zero, to the cent.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "DiscountRecord", into = "DiscountRecord")]
pub struct Discount {
    basis_points: u16,
}

/// JSON form of a discount: a percentage as a number with at most two decimals (`12.5`) or
/// a string (`"12.5"`).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum DiscountRecord {
    Number(serde_json::Number),
    Text(String),
}

impl TryFrom<DiscountRecord> for Discount {
    type Error = BillingError;

    fn try_from(r: DiscountRecord) -> Result<Self, Self::Error> {
        match r {
            DiscountRecord::Number(n) => n.to_string().parse(),
            DiscountRecord::Text(t) => t.parse(),
        }
    }
}

impl From<Discount> for DiscountRecord {
    fn from(d: Discount) -> Self {
        let text = d.to_string();
        let text = text.trim_end_matches('%');
        match serde_json::from_str::<serde_json::Number>(text) {
            Ok(n) => Self::Number(n),
            Err(_) => Self::Text(text.to_owned()),
        }
    }
}

impl Discount {
    /// No discount.
    pub const NONE: Self = Self { basis_points: 0 };

    /// A discount of `basis_points` hundredths of a percent (at most 10 000, which is 100 %).
    pub fn from_basis_points(basis_points: u16) -> Result<Self, BillingError> {
        if basis_points > 10_000 {
            return Err(BillingError::InvalidDiscount {
                input: format!("{}.{:02}", basis_points / 100, basis_points % 100),
            });
        }
        Ok(Self { basis_points })
    }

    /// A discount of whole `percent` (0–100).
    pub fn from_percent(percent: u8) -> Result<Self, BillingError> {
        Self::from_basis_points(u16::from(percent).saturating_mul(100))
    }

    /// The discount in hundredths of a percent.
    pub fn basis_points(self) -> u16 {
        self.basis_points
    }

    /// `amount` after the discount: `amount × (100 − percent) / 100`, rounded once, half away
    /// from zero, to the cent.
    pub fn apply(self, amount: Money) -> Result<Money, BillingError> {
        amount.mul_ratio(10_000 - i64::from(self.basis_points), 10_000)
    }
}

impl std::str::FromStr for Discount {
    type Err = BillingError;

    /// Reads `10`, `12.5`, `12.50` or `12.5%`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || BillingError::InvalidDiscount { input: s.chars().take(40).collect() };
        let text = s.trim();
        let text = text.strip_suffix('%').unwrap_or(text).trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || whole.len() > 3
            || fraction.len() > 2
            || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
            || (text.contains('.') && fraction.is_empty())
        {
            return Err(invalid());
        }
        let whole: u16 = whole.parse().map_err(|_| invalid())?;
        let fraction: u16 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
        let bp = whole.checked_mul(100).and_then(|w| w.checked_add(fraction)).ok_or_else(invalid)?;
        if bp > 10_000 {
            return Err(invalid());
        }
        Self::from_basis_points(bp)
    }
}

impl fmt::Display for Discount {
    /// `12.5%`, `10%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.basis_points / 100;
        let fraction = self.basis_points % 100;
        if fraction == 0 {
            write!(f, "{whole}%")
        } else if fraction.is_multiple_of(10) {
            write!(f, "{whole}.{}%", fraction / 10)
        } else {
            write!(f, "{whole}.{fraction:02}%")
        }
    }
}

impl fmt::Debug for Discount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Discount({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_prices_by_default_negotiated_when_set() {
        let prices = SeatPrices::reference();
        assert_eq!(prices.price(PlanType::TeamsMonthly).unwrap().cents(), 400);
        assert_eq!(prices.price(PlanType::EnterpriseMonthly).unwrap().cents(), 600);
        assert_eq!(prices.price(PlanType::EnterpriseAnnually).unwrap().cents(), 7_200);
        assert_eq!(prices.price(PlanType::TeamsAnnually).unwrap_err().code(), "plan_not_billed");
        let own = prices.with_price(PlanType::TeamsMonthly, Money::from_cents(350)).unwrap();
        assert_eq!(own.price(PlanType::TeamsMonthly).unwrap().cents(), 350);
        assert!(own.is_negotiated(PlanType::TeamsMonthly));
        assert_eq!(own.price(PlanType::EnterpriseMonthly).unwrap().cents(), 600);
        let err = own.clone().with_price(PlanType::EnterpriseMonthly, Money::from_cents(-1)).unwrap_err();
        assert_eq!(err.code(), "price_negative");
        assert_eq!(
            own.clone().with_price(PlanType::Free, Money::ZERO).unwrap_err().code(),
            "plan_not_billed"
        );
        let json = serde_json::to_string(&own).unwrap();
        assert_eq!(json, r#"{"teams_monthly":"3.50"}"#);
        assert_eq!(serde_json::from_str::<SeatPrices>(&json).unwrap(), own);
        assert!(serde_json::from_str::<SeatPrices>(r#"{"teams_monthly":"-3.50"}"#).is_err());
        assert_eq!(list_price(PlanType::TeamsMonthly).unwrap().cents(), 500);
        assert_eq!(list_price(PlanType::EnterpriseMonthly).unwrap().cents(), 700);
        assert_eq!(billing_cadence(PlanType::EnterpriseAnnually), Cadence::Annually);
        assert_eq!(billing_cadence(PlanType::TeamsMonthly), Cadence::Monthly);
    }

    #[test]
    fn discounts_read_write_and_apply_as_the_reference() {
        let d: Discount = "12.5".parse().unwrap();
        assert_eq!(d.basis_points(), 1_250);
        assert_eq!(d.to_string(), "12.5%");
        assert_eq!("10%".parse::<Discount>().unwrap().to_string(), "10%");
        assert_eq!("0.05".parse::<Discount>().unwrap().to_string(), "0.05%");
        assert_eq!("100".parse::<Discount>().unwrap().basis_points(), 10_000);
        for bad in ["", "100.01", "101", "-1", "1.234", "1.", "x", "1000"] {
            assert_eq!(bad.parse::<Discount>().unwrap_err().code(), "discount_invalid", "{bad}");
        }
        assert!(Discount::from_basis_points(10_001).is_err());
        // $6 × 0.875 = $5.25 exactly; $4 × 0.875 = $3.50.
        assert_eq!(d.apply(Money::from_cents(600)).unwrap().cents(), 525);
        // 7 cents × 0.875 = 6.125 → 6; 5 cents × 0.9 = 4.5 → 5 (half away from zero).
        assert_eq!(d.apply(Money::from_cents(7)).unwrap().cents(), 6);
        assert_eq!("10".parse::<Discount>().unwrap().apply(Money::from_cents(5)).unwrap().cents(), 5);
        assert_eq!(Discount::NONE.apply(Money::from_cents(123)).unwrap().cents(), 123);
        assert_eq!(Discount::from_percent(100).unwrap().apply(Money::from_cents(123)).unwrap(), Money::ZERO);
        assert_eq!(serde_json::to_string(&d).unwrap(), "12.5");
        assert_eq!(serde_json::from_str::<Discount>("12.5").unwrap(), d);
        assert_eq!(serde_json::from_str::<Discount>("\"12.5\"").unwrap(), d);
        assert!(serde_json::from_str::<Discount>("101").is_err());
    }
}
