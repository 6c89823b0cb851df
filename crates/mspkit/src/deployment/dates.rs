//! The range of dates a deployment document may hold.
//!
//! A deployment happens in a working life, not in year 262 142: every date a document, a
//! command or a report holds (a schedule's start and holidays, a due date, the time of a step
//! change, a sign-off or a checklist record, the report's `today`) lies between
//! [`EARLIEST_DATE`] and [`LATEST_DATE`], both included. Outside, the value is refused with
//! `date_out_of_range`, so no projection, report or chart ever has to span thousands of years.

use chrono::{DateTime, NaiveDate, Utc};

use super::DeploymentError;

/// The first year a deployment date may fall in.
pub const EARLIEST_YEAR: i32 = 1900;
/// The last year a deployment date may fall in.
pub const LATEST_YEAR: i32 = 2200;

/// The earliest date a deployment document may hold: 1 January 1900.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// The latest date a deployment document may hold: 31 December 2200.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(LATEST_YEAR, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Whether `date` lies in the range a deployment document may hold.
pub fn in_range(date: NaiveDate) -> bool {
    (EARLIEST_DATE..=LATEST_DATE).contains(&date)
}

/// `date`, or `date_out_of_range` naming `what` (`due date`, `schedule start`, …).
pub(crate) fn check_date(date: NaiveDate, what: &'static str) -> Result<NaiveDate, DeploymentError> {
    if in_range(date) {
        Ok(date)
    } else {
        Err(DeploymentError::DateOutOfRange { what, date: date.to_string() })
    }
}

/// `at`, or `date_out_of_range` naming `what` when its UTC date is outside the range.
pub(crate) fn check_time(at: DateTime<Utc>, what: &'static str) -> Result<DateTime<Utc>, DeploymentError> {
    check_date(at.date_naive(), what).map(|_| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_inclusive_and_refusals_name_the_date() {
        assert!(in_range(EARLIEST_DATE) && in_range(LATEST_DATE));
        assert!(!in_range(EARLIEST_DATE.pred_opt().unwrap()));
        assert!(!in_range(LATEST_DATE.succ_opt().unwrap()));
        let far = NaiveDate::from_ymd_opt(262_142, 12, 31).unwrap();
        let e = check_date(far, "due date").unwrap_err();
        assert_eq!(e.code(), "date_out_of_range");
        assert_eq!(e.to_string(), "the due date `+262142-12-31` is outside 1900-01-01 to 2200-12-31");
    }
}
