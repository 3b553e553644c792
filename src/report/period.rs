//! The period a report covers: a month, a quarter (`2022Q3`) or a year.

use super::filter::Month;
use chrono::{Datelike, NaiveDate};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month(Month),
    /// Year and quarter 1–4.
    Quarter(i32, u32),
    Year(i32),
}

const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];

impl Period {
    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Month(m) => m.first_day(),
            Period::Quarter(y, q) => {
                NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1).expect("a valid quarter")
            }
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).expect("a valid year"),
        }
    }

    pub fn last_day(self) -> NaiveDate {
        self.months()
            .last()
            .expect("a period has months")
            .last_day()
    }

    /// The months the period spans, in order.
    pub fn months(self) -> Vec<Month> {
        let (year, first, count) = match self {
            Period::Month(m) => (m.year, m.month, 1),
            Period::Quarter(y, q) => (y, (q - 1) * 3 + 1, 3),
            Period::Year(y) => (y, 1, 12),
        };
        (first..first + count)
            .map(|month| Month { year, month })
            .collect()
    }

    /// The period's last month (the one a monthly duty is judged on).
    pub fn last_month(self) -> Month {
        *self.months().last().expect("a period has months")
    }

    /// As a title says it: 2022年7月, 2022年第三季度, 2022年.
    pub fn zh(self) -> String {
        match self {
            Period::Month(m) => format!("{}年{}月", m.year, m.month),
            Period::Quarter(y, q) => format!("{y}年第{}季度", QUARTERS[(q - 1) as usize]),
            Period::Year(y) => format!("{y}年"),
        }
    }

    /// For file names: 2022年07月, 2022年第三季度, 2022年度.
    pub fn file_label(self) -> String {
        match self {
            Period::Month(m) => format!("{}年{:02}月", m.year, m.month),
            Period::Quarter(..) => self.zh(),
            Period::Year(y) => format!("{y}年度"),
        }
    }

    /// The quarter containing a day.
    pub fn quarter_of(d: NaiveDate) -> Period {
        Period::Quarter(d.year(), (d.month() - 1) / 3 + 1)
    }

    /// When a quarter's statistics are due: the 15th of the next quarter's
    /// first month (docs/rules.md, "The monthly report").
    pub fn quarterly_due(self) -> NaiveDate {
        let next = self
            .last_day()
            .succ_opt()
            .expect("dates far from the end of time");
        next.with_day(15).expect("every month has a 15th")
    }
}

/// Parses `--quarter`: `2022Q3`, `2022-Q3`, `2022q3`.
pub fn parse_quarter(s: &str) -> Result<Period, String> {
    let bad = || format!("'{s}' is not a quarter (e.g. 2022Q3)");
    let upper = s.trim().to_ascii_uppercase();
    let (y, q) = upper.split_once('Q').ok_or_else(bad)?;
    let year: i32 = y.trim_end_matches('-').parse().map_err(|_| bad())?;
    let q: u32 = q.parse().map_err(|_| bad())?;
    if !(1..=4).contains(&q) || !(1900..=9999).contains(&year) {
        return Err(bad());
    }
    Ok(Period::Quarter(year, q))
}

/// Parses `--year`: `2022`.
pub fn parse_year(s: &str) -> Result<Period, String> {
    match s.trim().parse::<i32>() {
        Ok(y) if (1900..=9999).contains(&y) => Ok(Period::Year(y)),
        _ => Err(format!("'{s}' is not a year (e.g. 2022)")),
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::Year(y) => write!(f, "{y}"),
        }
    }
}

/// The period's days, cut at `as_of` when that is earlier than its last day.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub first: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
    pub fn of(period: Period, as_of: Option<NaiveDate>) -> Window {
        let last = period.last_day();
        Window {
            first: period.first_day(),
            end: as_of.filter(|d| *d < last).unwrap_or(last),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_and_years() {
        let q3 = parse_quarter("2022Q3").unwrap();
        assert_eq!(
            (q3.first_day(), q3.last_day()),
            (d(2022, 7, 1), d(2022, 9, 30))
        );
        assert_eq!(q3.zh(), "2022年第三季度");
        assert_eq!(q3.to_string(), "2022Q3");
        assert_eq!(q3.quarterly_due(), d(2022, 10, 15));
        assert_eq!(
            parse_quarter("2022-q4").unwrap().quarterly_due(),
            d(2023, 1, 15)
        );
        assert!(parse_quarter("2022Q5").is_err());
        let y = parse_year("2022").unwrap();
        assert_eq!(
            (y.first_day(), y.last_day(), y.months().len()),
            (d(2022, 1, 1), d(2022, 12, 31), 12)
        );
        assert_eq!(Period::quarter_of(d(2022, 8, 3)), q3);
        assert_eq!(
            Period::Month("2022-07".parse().unwrap())
                .last_month()
                .to_string(),
            "2022-07"
        );
    }
}
