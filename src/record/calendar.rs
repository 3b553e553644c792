//! The office's working calendar.
//!
//! Deadlines written as "N个工作日" and workspaces that count in `workdays` both
//! depend on the State Council's yearly holiday notice, which moves weekdays off
//! and weekends on (调休). Those dates come from the workspace config; everything
//! else follows the Monday–Friday week.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

use chrono::{Datelike, Days, NaiveDate};

/// Holidays and make-up workdays (调休) from the workspace config.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
    makeup_workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn new(
        holidays: impl IntoIterator<Item = NaiveDate>,
        makeup_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
            makeup_workdays: makeup_workdays.into_iter().collect(),
        }
    }

    /// Mon–Fri unless a listed holiday; Sat/Sun only when a listed make-up workday.
    ///
    /// A holiday listed on a weekend and a make-up day listed on a weekday change
    /// nothing, so a sloppy config cannot double-count a day.
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        if is_weekend(d) {
            self.makeup_workdays.contains(&d)
        } else {
            !self.holidays.contains(&d)
        }
    }

    /// The date n workdays after `from` (from itself not counted). add_workdays(2022-06-10 Fri, 7) == 2022-06-21.
    ///
    /// Jumps whole weeks while they cannot overshoot, so the cost grows with the
    /// number of listed dates rather than with `n`. Saturates at the last date
    /// chrono can represent instead of panicking.
    pub fn add_workdays(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = i64::from(n);
        while left > 5 {
            let weeks = (left - 1) / 5;
            let Some(next) = day.checked_add_days(Days::new(weeks.unsigned_abs() * 7)) else {
                return NaiveDate::MAX;
            };
            let gained = self.workdays_between(day, next);
            if gained >= left {
                break;
            }
            day = next;
            left -= gained;
        }
        while left > 0 {
            let Some(next) = day.succ_opt() else {
                return NaiveDate::MAX;
            };
            day = next;
            if self.is_workday(day) {
                left -= 1;
            }
        }
        day
    }

    /// Number of workdays in (from, to]; 0 when to <= from. Inverse of add_workdays.
    ///
    /// Runs once per record on large ledgers, so weekdays are counted by
    /// arithmetic and only the listed dates inside the span are visited.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        let span = (Excluded(from), Included(to));
        let holidays = self
            .holidays
            .range(span)
            .filter(|d| !is_weekend(**d))
            .count();
        let makeups = self
            .makeup_workdays
            .range(span)
            .filter(|d| is_weekend(**d))
            .count();
        weekdays_after(from, (to - from).num_days()) - holidays as i64 + makeups as i64
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    d.weekday().num_days_from_monday() >= 5
}

/// Mon–Fri days among the `days` days that follow `from`.
fn weekdays_after(from: NaiveDate, days: i64) -> i64 {
    let start = i64::from(from.weekday().num_days_from_monday());
    let partial = (1..=days % 7).filter(|i| (start + i) % 7 < 5).count();
    days / 7 * 5 + partial as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 2022: Dragon Boat Festival on Fri 06-03, National Day 10-01..07 with
    /// the make-up weekend 10-08 (Sat) and 10-09 (Sun).
    fn calendar_2022() -> WorkCalendar {
        let national_day = (1..=7).map(|day| d(2022, 10, day));
        WorkCalendar::new(
            std::iter::once(d(2022, 6, 3)).chain(national_day),
            [d(2022, 10, 8), d(2022, 10, 9)],
        )
    }

    #[test]
    fn weekends_are_off_and_weekdays_on_without_a_config() {
        let cal = WorkCalendar::default();
        assert!(cal.is_workday(d(2022, 6, 10)));
        assert!(!cal.is_workday(d(2022, 6, 11)));
        assert!(!cal.is_workday(d(2022, 6, 12)));
        assert!(cal.is_workday(d(2022, 6, 13)));
    }

    #[test]
    fn listed_holidays_and_makeup_days_override_the_week() {
        let cal = calendar_2022();
        assert!(!cal.is_workday(d(2022, 6, 3)));
        assert!(!cal.is_workday(d(2022, 10, 3)));
        assert!(cal.is_workday(d(2022, 10, 8)));
        assert!(cal.is_workday(d(2022, 10, 9)));
        assert!(cal.is_workday(d(2022, 10, 10)));
    }

    #[test]
    fn add_workdays_skips_weekends() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_workdays(d(2022, 6, 10), 0), d(2022, 6, 10));
        assert_eq!(cal.add_workdays(d(2022, 6, 10), 1), d(2022, 6, 13));
        assert_eq!(cal.add_workdays(d(2022, 6, 10), 5), d(2022, 6, 17));
        assert_eq!(cal.add_workdays(d(2022, 6, 10), 7), d(2022, 6, 21));
        assert_eq!(cal.add_workdays(d(2022, 6, 11), 5), d(2022, 6, 17));
        assert_eq!(cal.add_workdays(d(2022, 6, 11), 10), d(2022, 6, 24));
    }

    #[test]
    fn add_workdays_follows_the_holiday_list() {
        let cal = calendar_2022();
        assert_eq!(cal.add_workdays(d(2022, 6, 1), 2), d(2022, 6, 6));
        assert_eq!(cal.add_workdays(d(2022, 9, 30), 1), d(2022, 10, 8));
        assert_eq!(cal.add_workdays(d(2022, 9, 30), 3), d(2022, 10, 10));
        assert_eq!(cal.add_workdays(d(2022, 9, 23), 10), d(2022, 10, 12));
    }

    #[test]
    fn add_workdays_saturates_at_the_end_of_time() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_workdays(NaiveDate::MAX, 3), NaiveDate::MAX);
        assert_eq!(cal.add_workdays(d(2022, 6, 10), u32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn workdays_between_counts_the_half_open_span() {
        let cal = calendar_2022();
        assert_eq!(cal.workdays_between(d(2022, 6, 10), d(2022, 6, 10)), 0);
        assert_eq!(cal.workdays_between(d(2022, 6, 10), d(2022, 6, 1)), 0);
        assert_eq!(cal.workdays_between(d(2022, 6, 10), d(2022, 6, 12)), 0);
        assert_eq!(cal.workdays_between(d(2022, 6, 10), d(2022, 6, 21)), 7);
        assert_eq!(cal.workdays_between(d(2022, 5, 31), d(2022, 6, 6)), 3);
        assert_eq!(cal.workdays_between(d(2022, 9, 30), d(2022, 10, 9)), 2);
        assert_eq!(
            cal.workdays_between(d(2022, 1, 1), d(2022, 12, 31)),
            260 - 6 + 2
        );
    }

    /// Dates from 2021 to 2024, so the 2022 holidays fall inside many spans.
    fn date_near_2022() -> impl Strategy<Value = NaiveDate> {
        (0u64..1200).prop_map(|n| d(2021, 1, 1) + Days::new(n))
    }

    proptest! {
        #[test]
        fn workdays_between_inverts_add_workdays(from in date_near_2022(), n in 0u32..3000) {
            let cal = calendar_2022();
            let to = cal.add_workdays(from, n);
            prop_assert_eq!(cal.workdays_between(from, to), i64::from(n));
            if n > 0 {
                prop_assert!(cal.is_workday(to));
            }
        }

        #[test]
        fn workdays_between_matches_counting_day_by_day(
            from in date_near_2022(),
            len in 0u64..800,
        ) {
            let cal = calendar_2022();
            let to = from + Days::new(len);
            let counted = from.iter_days().skip(1).take_while(|x| *x <= to)
                .filter(|x| cal.is_workday(*x)).count();
            prop_assert_eq!(cal.workdays_between(from, to), counted as i64);
        }
    }
}
