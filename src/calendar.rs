//! The office's working calendar.
//!
//! Deadlines written as "N个工作日" and workspaces that count in `workdays` both
//! depend on the State Council's yearly holiday notice, which moves weekdays off
//! and weekends on (调休). The notices of [`BUILTIN_YEARS`] are built in (the
//! `chinese_holiday` crate, which cites each notice); the workspace config adds
//! other years. Everything else follows the Monday–Friday week.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate};

/// The years whose State Council holiday notice (放假安排) is built in.
pub const BUILTIN_YEARS: RangeInclusive<i32> = 2020..=2026;

/// Holidays and make-up workdays (调休), and the years they are known for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
    makeup_workdays: BTreeSet<NaiveDate>,
    /// Years with a notice: a year without one is counted as if it had no
    /// holidays, which a workday count reaching it must say.
    known_years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// Exactly the listed dates; the years they fall in count as known.
    pub fn new(
        holidays: impl IntoIterator<Item = NaiveDate>,
        makeup_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let makeup_workdays: BTreeSet<NaiveDate> = makeup_workdays.into_iter().collect();
        let known_years = holidays
            .iter()
            .chain(&makeup_workdays)
            .map(|d| d.year())
            .collect();
        Self {
            holidays,
            makeup_workdays,
            known_years,
        }
    }

    /// The built-in notices of [`BUILTIN_YEARS`] plus the listed dates.
    pub fn with_builtin(
        holidays: impl IntoIterator<Item = NaiveDate>,
        makeup_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        let (builtin_holidays, builtin_workdays) = builtin_days();
        let mut calendar = Self::new(
            builtin_holidays.into_iter().chain(holidays),
            builtin_workdays.into_iter().chain(makeup_workdays),
        );
        calendar.known_years.extend(BUILTIN_YEARS);
        calendar
    }

    /// The first year from `from`'s to `to`'s whose holidays are unknown.
    pub fn first_unknown_year(&self, from: NaiveDate, to: NaiveDate) -> Option<i32> {
        (from.year()..=to.year()).find(|y| !self.known_years.contains(y))
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

/// The weekday holidays and weekend make-up workdays of [`BUILTIN_YEARS`].
///
/// The crate answers day by day and asserts on dates past its last notice,
/// so only the days of the built-in years are asked; weekends it calls
/// holidays and weekdays it calls workdays are the plain week and left out.
fn builtin_days() -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let first = NaiveDate::from_ymd_opt(*BUILTIN_YEARS.start(), 1, 1).expect("a valid date");
    let last = NaiveDate::from_ymd_opt(*BUILTIN_YEARS.end(), 12, 25).expect("a valid date");
    let (mut holidays, mut workdays) = (Vec::new(), Vec::new());
    for day in first.iter_days().take_while(|d| *d <= last) {
        let ymd = chinese_holiday::Ymd::new(day.year() as u16, day.month() as u8, day.day() as u8);
        let kind = chinese_holiday::chinese_holiday(ymd);
        match (is_weekend(day), kind.is_holiday()) {
            (false, true) => holidays.push(day),
            (true, false) => workdays.push(day),
            _ => {}
        }
    }
    (holidays, workdays)
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

    #[test]
    fn the_builtin_2026_notice_is_the_state_councils() {
        let cal = WorkCalendar::with_builtin([], []);
        // 国办发明电〔2025〕7号: 国庆节、中秋节 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班；
        // 中秋节 9月25日至27日… 各节日逐一核对。
        for day in (1..=7).map(|day| d(2026, 10, day)) {
            assert!(!cal.is_workday(day), "{day}");
        }
        assert!(cal.is_workday(d(2026, 9, 20)), "make-up Sunday");
        assert!(cal.is_workday(d(2026, 10, 10)), "make-up Saturday");
        assert!(!cal.is_workday(d(2026, 2, 16)), "Spring Festival");
        assert!(cal.is_workday(d(2026, 2, 14)) && cal.is_workday(d(2026, 2, 28)));
        assert!(!cal.is_workday(d(2026, 5, 5)) && cal.is_workday(d(2026, 5, 9)));
        assert!(cal.is_workday(d(2026, 1, 4)), "New Year's make-up Sunday");
        assert!(!cal.is_workday(d(2020, 1, 1)) && !cal.is_workday(d(2025, 10, 8)));
    }

    #[test]
    fn seven_workdays_from_2026_09_28_skip_national_day() {
        let cal = WorkCalendar::with_builtin([], []);
        // Tue 29, Wed 30, (1–7 off), Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13.
        assert_eq!(cal.add_workdays(d(2026, 9, 28), 7), d(2026, 10, 13));
    }

    #[test]
    fn years_without_a_notice_are_unknown_until_the_config_lists_them() {
        let cal = WorkCalendar::with_builtin([], []);
        assert_eq!(
            cal.first_unknown_year(d(2026, 12, 1), d(2026, 12, 31)),
            None
        );
        assert_eq!(
            cal.first_unknown_year(d(2026, 12, 20), d(2027, 1, 8)),
            Some(2027)
        );
        assert_eq!(
            cal.first_unknown_year(d(2019, 12, 20), d(2020, 1, 8)),
            Some(2019)
        );
        let cal = WorkCalendar::with_builtin([d(2027, 1, 1)], [d(2027, 2, 6)]);
        assert_eq!(cal.first_unknown_year(d(2026, 12, 20), d(2027, 1, 8)), None);
        assert!(!cal.is_workday(d(2027, 1, 1)) && cal.is_workday(d(2027, 2, 6)));
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
