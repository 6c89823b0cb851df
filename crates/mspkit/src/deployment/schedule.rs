//! Projecting when each phase of a deployment will finish, from working days and the hours a
//! technician can give per day.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::{LATEST_DATE, check_date};
use super::duration::{HoursValue, resolve};
use super::{DeploymentCatalog, DeploymentError, DeploymentPlan, Minutes, PhaseNumber};

/// A day of the week, written `mon` … `sun`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// Monday to Friday.
    pub const WORK_WEEK: [Self; 5] = [Self::Mon, Self::Tue, Self::Wed, Self::Thu, Self::Fri];

    /// The weekday of a date.
    pub fn of(date: NaiveDate) -> Self {
        match date.weekday() {
            chrono::Weekday::Mon => Self::Mon,
            chrono::Weekday::Tue => Self::Tue,
            chrono::Weekday::Wed => Self::Wed,
            chrono::Weekday::Thu => Self::Thu,
            chrono::Weekday::Fri => Self::Fri,
            chrono::Weekday::Sat => Self::Sat,
            chrono::Weekday::Sun => Self::Sun,
        }
    }

    /// The three-letter name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mon => "mon",
            Self::Tue => "tue",
            Self::Wed => "wed",
            Self::Thu => "thu",
            Self::Fri => "fri",
            Self::Sat => "sat",
            Self::Sun => "sun",
        }
    }
}

impl std::str::FromStr for Weekday {
    type Err = DeploymentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let all = [Self::Mon, Self::Tue, Self::Wed, Self::Thu, Self::Fri, Self::Sat, Self::Sun];
        let lower = s.trim().to_ascii_lowercase();
        all.into_iter()
            .find(|d| d.as_str() == lower)
            .ok_or_else(|| DeploymentError::InvalidWeekday { input: s.to_owned() })
    }
}

/// A schedule as a document gives it, before it is checked (readers convert it with
/// `Schedule::try_from`, so a refusal keeps its own code).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSchedule {
    start: NaiveDate,
    hours_per_day: Option<HoursValue>,
    minutes_per_day: Option<i64>,
    working_days: Option<Vec<Weekday>>,
    #[serde(default)]
    holidays: Vec<NaiveDate>,
}

#[derive(Serialize)]
struct SchedulePlain {
    start: NaiveDate,
    minutes_per_day: u32,
    working_days: Vec<Weekday>,
    holidays: Vec<NaiveDate>,
}

/// When work on a deployment can happen: a start date, the minutes a technician gives per
/// working day, the working weekdays (Monday to Friday unless told) and the holidays.
///
/// Invariants: between 1 minute and 24 hours a day; at least one working weekday.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawSchedule")]
pub struct Schedule {
    start: NaiveDate,
    per_day: Minutes,
    working_days: BTreeSet<Weekday>,
    holidays: BTreeSet<NaiveDate>,
}

impl Serialize for Schedule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SchedulePlain {
            start: self.start,
            minutes_per_day: self.per_day.get(),
            working_days: self.working_days.iter().copied().collect(),
            holidays: self.holidays.iter().copied().collect(),
        }
        .serialize(serializer)
    }
}

impl TryFrom<RawSchedule> for Schedule {
    type Error = DeploymentError;
    fn try_from(r: RawSchedule) -> Result<Self, Self::Error> {
        let per_day = resolve(r.hours_per_day.as_ref(), r.minutes_per_day, "hours per day")?;
        Self::new(r.start, per_day, r.working_days.unwrap_or_else(|| Weekday::WORK_WEEK.to_vec()), r.holidays)
    }
}

/// When one phase starts and finishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseProjection {
    /// The phase.
    pub phase: PhaseNumber,
    /// The first day of work on it: the earliest recorded change of one of its applicable
    /// steps, else the projected
    /// first day; none for a finished phase without records.
    pub start: Option<NaiveDate>,
    /// The day it finishes: projected, or for a finished phase its last recorded step change.
    pub end: Option<NaiveDate>,
    /// The time still to spend on it (JSON: `remaining_minutes`, whole minutes).
    #[serde(rename = "remaining_minutes")]
    pub remaining: Minutes,
    /// Whether every applicable step is done or skipped.
    pub finished: bool,
}

/// The projected dates of a deployment. Its JSON reads back (`{"phases": [{"phase", "start",
/// "end", "remaining_minutes", "finished"}], "end"}`), so a stored projection can be compared
/// with a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Projection {
    /// One entry per phase of the catalogue, in order.
    pub phases: Vec<PhaseProjection>,
    /// When the whole deployment finishes (the latest phase end).
    pub end: Option<NaiveDate>,
}

impl Schedule {
    /// A validated schedule.
    pub fn new(
        start: NaiveDate,
        per_day: Minutes,
        working_days: impl IntoIterator<Item = Weekday>,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, DeploymentError> {
        if per_day.is_zero() || per_day.get() > 24 * 60 {
            return Err(DeploymentError::InvalidDuration {
                context: "hours per day".to_owned(),
                input: per_day.hours(),
            });
        }
        let working_days: BTreeSet<Weekday> = working_days.into_iter().collect();
        if working_days.is_empty() {
            return Err(DeploymentError::NoWorkingDays);
        }
        check_date(start, "schedule start")?;
        let holidays =
            holidays.into_iter().map(|h| check_date(h, "holiday")).collect::<Result<BTreeSet<_>, _>>()?;
        Ok(Self { start, per_day, working_days, holidays })
    }

    /// The first day work may happen.
    pub fn start(&self) -> NaiveDate {
        self.start
    }
    /// The time given per working day.
    pub fn per_day(&self) -> Minutes {
        self.per_day
    }
    /// The working weekdays.
    pub fn working_days(&self) -> impl Iterator<Item = Weekday> + '_ {
        self.working_days.iter().copied()
    }
    /// The days off.
    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// Whether work happens on this date.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.working_days.contains(&Weekday::of(date)) && !self.holidays.contains(&date)
    }

    fn first_working_day_from(&self, mut date: NaiveDate) -> Result<NaiveDate, DeploymentError> {
        // Terminates: some weekday works and the holidays are finitely many.
        while !self.is_working_day(date) {
            date = date.succ_opt().ok_or(DeploymentError::ScheduleOutOfRange)?;
        }
        if date > LATEST_DATE {
            return Err(DeploymentError::ScheduleOutOfRange);
        }
        Ok(date)
    }

    fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, DeploymentError> {
        self.first_working_day_from(date.succ_opt().ok_or(DeploymentError::ScheduleOutOfRange)?)
    }

    /// The baseline: when each phase would finish if work began on the start date and went
    /// exactly as estimated.
    pub fn estimate(
        &self,
        catalog: &DeploymentCatalog,
        plan: &DeploymentPlan,
    ) -> Result<Projection, DeploymentError> {
        let fresh = DeploymentPlan::new(plan.client(), *plan.profile());
        self.project(catalog, &fresh, self.start)
    }

    /// Recomputes the dates from actual progress: what remains is worked from `today` (or the
    /// start, if later), phase by phase, filling each working day.
    pub fn project(
        &self,
        catalog: &DeploymentCatalog,
        plan: &DeploymentPlan,
        today: NaiveDate,
    ) -> Result<Projection, DeploymentError> {
        let mut day = self.first_working_day_from(today.max(self.start))?;
        let mut used = Minutes::ZERO;
        let mut phases = Vec::with_capacity(catalog.phases().len());
        for phase in catalog.phases() {
            let number = phase.number();
            let remaining = plan.phase_progress(catalog, number).remaining;
            let recorded: Vec<NaiveDate> = catalog
                .steps_of(number)
                .filter(|s| s.applies_to(plan.profile()))
                .filter_map(|s| plan.state(s.number()).at())
                .map(|at| at.date_naive())
                .collect();
            let first_record = recorded.iter().min().copied();
            let last_record = recorded.iter().max().copied();
            let finished = plan.phase_status(catalog, number).is_finished();
            if finished || remaining.is_zero() {
                phases.push(PhaseProjection {
                    phase: number,
                    start: first_record,
                    end: last_record,
                    remaining,
                    finished,
                });
                continue;
            }
            if used >= self.per_day {
                day = self.next_working_day(day)?;
                used = Minutes::ZERO;
            }
            let first_day = day;
            let mut left = remaining.get();
            loop {
                let take = left.min(self.per_day.get().saturating_sub(used.get()));
                left -= take;
                used += Minutes::new(take);
                if left == 0 {
                    break;
                }
                day = self.next_working_day(day)?;
                used = Minutes::ZERO;
            }
            let start = first_record.map_or(first_day, |r| r.min(first_day));
            phases.push(PhaseProjection {
                phase: number,
                start: Some(start),
                end: Some(day),
                remaining,
                finished,
            });
        }
        let end = phases.iter().filter_map(|p| p.end).max();
        Ok(Projection { phases, end })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    use super::*;
    use crate::deployment::{ClientProfile, Decryption, Hosting, Provisioning};
    use crate::ids::{OrganizationId, ProviderUserId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn full_plan() -> DeploymentPlan {
        let profile =
            ClientProfile::new(Hosting::Cloud, true, Decryption::TrustedDevices, Provisioning::Scim, true)
                .unwrap();
        DeploymentPlan::new(OrganizationId::new(Uuid::from_u128(9)), profile)
    }

    #[test]
    fn the_baseline_skips_weekends_and_holidays_across_the_year_end() {
        let c = DeploymentCatalog::builtin().unwrap();
        // Monday 28 December 2026, 2 h a day, New Year's Day off.
        let s =
            Schedule::new(d(2026, 12, 28), Minutes::new(120), Weekday::WORK_WEEK, [d(2027, 1, 1)]).unwrap();
        let p = s.estimate(&c, &full_plan()).unwrap();
        let ends: Vec<_> = p.phases.iter().map(|p| p.end.unwrap()).collect();
        assert_eq!(ends, [d(2026, 12, 30), d(2027, 1, 5), d(2027, 1, 11), d(2027, 1, 12)]);
        assert_eq!(p.end, Some(d(2027, 1, 12)));
        assert_eq!(p.phases[1].start, Some(d(2026, 12, 30)));
    }

    #[test]
    fn a_start_on_a_weekend_moves_to_monday_and_month_ends_roll_over() {
        let c = DeploymentCatalog::builtin().unwrap();
        // Saturday 31 October 2026; 8 h a day; phase 1 (5.25 h) fits Monday 2 November.
        let s = Schedule::new(d(2026, 10, 31), Minutes::new(480), Weekday::WORK_WEEK, []).unwrap();
        let p = s.estimate(&c, &full_plan()).unwrap();
        assert_eq!(p.phases[0].start, Some(d(2026, 11, 2)));
        assert_eq!(p.phases[0].end, Some(d(2026, 11, 2)));
        // 21.1 h at 8 h a day: three days.
        assert_eq!(p.end, Some(d(2026, 11, 4)));
        // Friday 27 February 2026, Mondays and Fridays, 3 h a day: phase 1 (5.25 h) takes 3 h on
        // Friday and its last 2.25 h on Monday 2 March, across the weekend and the month end;
        // phase 2 begins in the 0.75 h left that Monday.
        let s = Schedule::new(d(2026, 2, 27), Minutes::new(180), [Weekday::Mon, Weekday::Fri], []).unwrap();
        let p = s.estimate(&c, &full_plan()).unwrap();
        assert_eq!((p.phases[0].start, p.phases[0].end), (Some(d(2026, 2, 27)), Some(d(2026, 3, 2))));
        assert_eq!(p.phases[1].start, Some(d(2026, 3, 2)));
        // At 1 h a day the 6 hours of phase 1 are 27 Feb, 2, 6, 9, 13 and 16 March: Tuesdays to
        // Thursdays are skipped too.
        let s = Schedule::new(d(2026, 2, 27), Minutes::new(60), [Weekday::Mon, Weekday::Fri], []).unwrap();
        let p = s.estimate(&c, &full_plan()).unwrap();
        assert_eq!((p.phases[0].start, p.phases[0].end), (Some(d(2026, 2, 27)), Some(d(2026, 3, 16))));
    }

    #[test]
    fn projections_follow_actual_progress() {
        let c = DeploymentCatalog::builtin().unwrap();
        let s = Schedule::new(d(2026, 11, 2), Minutes::new(120), Weekday::WORK_WEEK, []).unwrap();
        let mut plan = full_plan();
        let ada = ProviderUserId::new(Uuid::from_u128(1));
        let at = Utc.with_ymd_and_hms(2026, 11, 3, 10, 0, 0).unwrap();
        for step in 1..=11 {
            plan.complete(&c, step, ada, at).unwrap();
        }
        // From Wednesday 4 November, 15.85 h remain: 8 working days at 2 h.
        let p = s.project(&c, &plan, d(2026, 11, 4)).unwrap();
        assert!(p.phases[0].finished);
        assert_eq!((p.phases[0].start, p.phases[0].end), (Some(d(2026, 11, 3)), Some(d(2026, 11, 3))));
        assert_eq!(p.phases[1].start, Some(d(2026, 11, 4)));
        assert_eq!(p.end, Some(d(2026, 11, 13)));
    }

    #[test]
    fn invalid_schedules_are_refused() {
        assert_eq!(
            Schedule::new(d(2026, 1, 1), Minutes::new(60), [], []).unwrap_err().code(),
            "no_working_days"
        );
        assert_eq!(
            Schedule::new(d(2026, 1, 1), Minutes::ZERO, Weekday::WORK_WEEK, []).unwrap_err().code(),
            "invalid_duration"
        );
        let s: Schedule = serde_json::from_str(r#"{"start": "2026-11-02", "hours_per_day": 1.5}"#).unwrap();
        assert_eq!(s.per_day(), Minutes::new(90));
        let back: Schedule = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        let c = DeploymentCatalog::builtin().unwrap();
        let p = s.estimate(&c, &full_plan()).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"remaining_minutes\":315"), "{json}");
        assert_eq!(serde_json::from_str::<Projection>(&json).unwrap(), p);
        assert!(serde_json::from_str::<Schedule>(r#"{"start": "2026-11-02", "hours_per_day": -1}"#).is_err());
        assert!(
            serde_json::from_str::<Schedule>(
                r#"{"start": "2026-11-02", "minutes_per_day": 60, "working_days": ["xyz"]}"#
            )
            .is_err()
        );
        assert_eq!("Tue".parse::<Weekday>().unwrap(), Weekday::Tue);
    }
}
