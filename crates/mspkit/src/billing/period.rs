//! Billing periods and proration.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{BillingError, Money};
use crate::plan::Cadence;

/// One billing period: from `start` (included) to `end` (excluded), as whole days.
///
/// Periods are counted from the subscription's anchor date, never from the previous period,
/// so a subscription anchored on the 31st is charged on the 31st of long months and on the
/// last day of short ones (Jan 31 → Feb 28 → Mar 31), as card processors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BillingPeriod {
    start: NaiveDate,
    end: NaiveDate,
}

impl BillingPeriod {
    /// The `index`-th period (0 is the first) of a subscription anchored on `anchor` and
    /// charged at `cadence` (`Cadence::None` counts as monthly).
    pub fn nth(anchor: NaiveDate, cadence: Cadence, index: u32) -> Result<Self, BillingError> {
        let months_per_period = match cadence {
            Cadence::Annually => 12u32,
            _ => 1,
        };
        let at = |i: u32| {
            i.checked_mul(months_per_period)
                .and_then(|m| anchor.checked_add_months(Months::new(m)))
                .ok_or(BillingError::DateOutOfRange)
        };
        let start = at(index)?;
        let end = at(index.checked_add(1).ok_or(BillingError::DateOutOfRange)?)?;
        Ok(Self { start, end })
    }

    /// The period of a subscription anchored on `anchor` that contains `date` (the first one
    /// when `date` is before the anchor is refused with `date_before_subscription`).
    pub fn containing(anchor: NaiveDate, cadence: Cadence, date: NaiveDate) -> Result<Self, BillingError> {
        if date < anchor {
            return Err(BillingError::DateBeforeSubscription { date, start: anchor });
        }
        let months =
            (date.year() - anchor.year()) * 12 + date.month().cast_signed() - anchor.month().cast_signed();
        let per = if cadence == Cadence::Annually { 12 } else { 1 };
        let mut index = u32::try_from(months / per).map_err(|_| BillingError::DateOutOfRange)?;
        // The month count is exact or one too many (when the anchor day is later in the month).
        loop {
            let period = Self::nth(anchor, cadence, index)?;
            if period.start <= date && date < period.end {
                return Ok(period);
            }
            if period.start > date && index > 0 {
                index -= 1;
            } else {
                index = index.checked_add(1).ok_or(BillingError::DateOutOfRange)?;
            }
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The day after the last day (the next period's first day, its charge date).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Its length in days.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// Whether `date` falls in it.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date < self.end
    }

    /// The days from `date` to the end of the period, `date` included (the whole period on its
    /// first day, 1 on its last day).
    pub fn remaining_days(&self, date: NaiveDate) -> Result<i64, BillingError> {
        if !self.contains(date) {
            return Err(BillingError::DateOutsidePeriod { date, start: self.start, end: self.end });
        }
        Ok((self.end - date).num_days())
    }

    /// What buying `seats` extra seats at `price` per seat per period costs on `date`:
    /// `seats × price × remaining days ÷ days in the period`, rounded once, half away from
    /// zero, to the cent.
    pub fn prorate(&self, seats: u32, price: Money, date: NaiveDate) -> Result<Money, BillingError> {
        let remaining = self.remaining_days(date)?;
        price.checked_mul(i64::from(seats))?.mul_ratio(remaining, self.days())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_keep_their_anchor_day() {
        let anchor = d(2026, 1, 31);
        let p = |i| BillingPeriod::nth(anchor, Cadence::Monthly, i).unwrap();
        assert_eq!((p(0).start(), p(0).end()), (d(2026, 1, 31), d(2026, 2, 28)));
        assert_eq!((p(1).start(), p(1).end()), (d(2026, 2, 28), d(2026, 3, 31)));
        assert_eq!(p(1).days(), 31);
        let leap = BillingPeriod::nth(d(2028, 1, 31), Cadence::Monthly, 0).unwrap();
        assert_eq!(leap.end(), d(2028, 2, 29));
        let year = BillingPeriod::nth(d(2027, 3, 1), Cadence::Annually, 1).unwrap();
        assert_eq!((year.start(), year.end(), year.days()), (d(2028, 3, 1), d(2029, 3, 1), 365));
        let leap_year = BillingPeriod::nth(d(2027, 3, 1), Cadence::Annually, 0).unwrap();
        assert_eq!(leap_year.days(), 366, "March 2027 to March 2028 holds 29 February 2028");
    }

    #[test]
    fn the_period_containing_a_date() {
        let anchor = d(2026, 1, 31);
        for (date, start) in [
            (d(2026, 1, 31), d(2026, 1, 31)),
            (d(2026, 2, 27), d(2026, 1, 31)),
            (d(2026, 2, 28), d(2026, 2, 28)),
            (d(2026, 3, 30), d(2026, 2, 28)),
            (d(2026, 3, 31), d(2026, 3, 31)),
            (d(2027, 1, 1), d(2026, 12, 31)),
        ] {
            let p = BillingPeriod::containing(anchor, Cadence::Monthly, date).unwrap();
            assert_eq!(p.start(), start, "{date}");
            assert!(p.contains(date));
        }
        let annual = BillingPeriod::containing(d(2026, 6, 15), Cadence::Annually, d(2028, 6, 14)).unwrap();
        assert_eq!(annual.start(), d(2027, 6, 15));
        let err = BillingPeriod::containing(anchor, Cadence::Monthly, d(2026, 1, 30)).unwrap_err();
        assert_eq!(err.code(), "date_before_subscription");
    }

    #[test]
    fn proration_at_the_period_edges() {
        let four = Money::from_cents(400);
        // A 30-day month (November): first day = whole price, last day = 1/30.
        let nov = BillingPeriod::nth(d(2026, 11, 1), Cadence::Monthly, 0).unwrap();
        assert_eq!(nov.days(), 30);
        assert_eq!(nov.prorate(3, four, d(2026, 11, 1)).unwrap().cents(), 1_200);
        assert_eq!(nov.prorate(1, four, d(2026, 11, 30)).unwrap().cents(), 13, "400/30 = 13.33");
        assert_eq!(nov.prorate(1, four, d(2026, 11, 16)).unwrap().cents(), 200, "15 of 30 days");
        // A 31-day month (December): 400 × 1/31 = 12.90 → 13; 6 × 600 × 16/31 = 1858.06 → 1858.
        let dec = BillingPeriod::nth(d(2026, 12, 1), Cadence::Monthly, 0).unwrap();
        assert_eq!(dec.days(), 31);
        assert_eq!(dec.prorate(1, four, d(2026, 12, 31)).unwrap().cents(), 13);
        assert_eq!(dec.prorate(6, Money::from_cents(600), d(2026, 12, 16)).unwrap().cents(), 1_858);
        // February of a leap year: 29 days; 2 × 600 × 1/29 = 41.38 → 41.
        let feb = BillingPeriod::nth(d(2028, 2, 1), Cadence::Monthly, 0).unwrap();
        assert_eq!(feb.days(), 29);
        assert_eq!(feb.prorate(2, Money::from_cents(600), d(2028, 2, 29)).unwrap().cents(), 41);
        assert_eq!(feb.prorate(2, Money::from_cents(600), d(2028, 2, 1)).unwrap().cents(), 1_200);
        // February of a common year: 28 days; 400 × 14/28 = 200 exactly.
        let feb27 = BillingPeriod::nth(d(2027, 2, 1), Cadence::Monthly, 0).unwrap();
        assert_eq!(feb27.prorate(1, four, d(2027, 2, 15)).unwrap().cents(), 200);
        // Half a cent rounds away from zero: 1 seat at $0.01 × 15/30 = 0.5 cent → 1 cent.
        assert_eq!(nov.prorate(1, Money::from_cents(1), d(2026, 11, 16)).unwrap().cents(), 1);
        // Annual: $72 × 1/365 on the last day = 19.73 → 20 cents; a whole year on the first.
        let year = BillingPeriod::nth(d(2026, 7, 1), Cadence::Annually, 0).unwrap();
        assert_eq!(year.days(), 365);
        assert_eq!(year.prorate(1, Money::from_cents(7_200), d(2027, 6, 30)).unwrap().cents(), 20);
        assert_eq!(year.prorate(10, Money::from_cents(7_200), d(2026, 7, 1)).unwrap().cents(), 72_000);
        // Outside the period.
        assert_eq!(nov.prorate(1, four, d(2026, 12, 1)).unwrap_err().code(), "date_outside_period");
        assert_eq!(nov.prorate(1, four, d(2026, 10, 31)).unwrap_err().code(), "date_outside_period");
    }
}
