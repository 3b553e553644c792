//! The record filters shared by `list`, `overdue` and `export`.

use crate::division::DeptNames;
use crate::i18n::{Lang, Localized};
use crate::level::Level;
use crate::record::Hazard;
use crate::status::Status;
use crate::store::{Query, Store};
use chrono::{Datelike, NaiveDate};

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("not the first day ever")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        Month::of(d) == self
    }
}

/// Reads a month as clerks write it: `2022-07`, `2022-7`, `2022年7月`,
/// `2022年07月份`, `202207`, `2022.7`, `2022/7`, full-width digits too.
impl std::str::FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a month (YYYY-MM)");
        let (y, m) = month_parts(s).ok_or_else(bad)?;
        let month = Month {
            year: y.parse().map_err(|_| bad())?,
            month: m.parse().map_err(|_| bad())?,
        };
        if !(1..=12).contains(&month.month) || !(1900..=9999).contains(&month.year) {
            return Err(bad());
        }
        Ok(month)
    }
}

/// The year and month digits of a month as written, before range checks.
fn month_parts(s: &str) -> Option<(String, String)> {
    let folded = crate::text::fold_width(s.trim());
    let text = folded
        .trim_end_matches('份')
        .trim_end_matches('月')
        .replace('年', "-");
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if text.len() == 6 && all_digits(&text) {
        return Some((text[..4].to_string(), text[4..].to_string()));
    }
    let (y, m) = text.split_once(['-', '/', '.'])?;
    (y.len() == 4 && all_digits(y) && (1..=2).contains(&m.len()) && all_digits(m))
        .then(|| (y.to_string(), m.to_string()))
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Which records a command shows.
#[derive(Clone)]
pub struct Filter<'a> {
    pub names: DeptNames<'a>,
    /// 责任单位 by canonical name (any alias of a department selects it).
    pub dept: Option<String>,
    /// The department as asked for, to name it when nothing answers to it.
    pub dept_asked: Option<String>,
    pub level: Option<Level>,
    pub status: Option<Status>,
    /// Found in this month.
    pub month: Option<Month>,
}

impl<'a> Filter<'a> {
    /// No filtering, departments named through `names`.
    pub fn all(names: DeptNames<'a>) -> Filter<'a> {
        Filter {
            names,
            dept: None,
            dept_asked: None,
            level: None,
            status: None,
            month: None,
        }
    }

    /// Keeps only the department `dept` (as written, or any alias).
    pub fn with_dept(mut self, dept: Option<&str>) -> Filter<'a> {
        self.dept = dept.map(|d| crate::text::compact(self.names.canonical(d)));
        self.dept_asked = dept.map(str::to_string);
        self
    }

    /// What to ask the store for: the stored spellings of the department,
    /// when one is asked for, so that only its hazards are read.
    pub fn query(&self, store: &Store) -> anyhow::Result<Query> {
        let Some(dept) = &self.dept else {
            return Ok(Query::default());
        };
        let stored = store.depts()?;
        let depts: Vec<String> = stored
            .iter()
            .filter(|d| *dept == crate::text::compact(self.names.canonical(d)))
            .cloned()
            .collect();
        let asked = self.dept_asked.as_deref().unwrap_or(dept);
        let divided = self.names.0.is_some_and(|d| d.canonical(asked).is_some());
        if depts.is_empty() && !divided {
            return Err(UnknownDept::among(asked, &stored, &self.names).into());
        }
        Ok(Query {
            depts: Some(depts),
            ..Query::default()
        })
    }

    pub fn accepts(&self, h: &Hazard) -> bool {
        self.dept
            .as_ref()
            .is_none_or(|d| *d == crate::text::compact(self.names.canonical(&h.dept)))
            && self.level.is_none_or(|l| l == h.level)
            && self.status.is_none_or(|s| s == h.status)
            && self.month.is_none_or(|m| m.contains(h.found))
    }
}

/// `--dept` names no department: neither the task division nor any stored
/// hazard knows it. Answering "nothing overdue" would read as good news.
#[derive(Debug)]
pub struct UnknownDept {
    pub name: String,
    /// The nearest known names, nearest first.
    pub closest: Vec<String>,
}

impl UnknownDept {
    pub fn among(name: &str, stored: &[String], names: &DeptNames<'_>) -> UnknownDept {
        let key = crate::text::compact(name);
        let mut known: Vec<&str> = stored.iter().map(|d| names.canonical(d)).collect();
        known.extend(names.0.and_then(|d| d.suggest(name)));
        known.sort_unstable();
        known.dedup();
        let mut scored: Vec<(f64, &str)> = known
            .into_iter()
            .filter(|k| !k.is_empty())
            .map(|k| {
                let other = crate::text::compact(k);
                let contains = other.contains(&key) || key.contains(&other);
                let score =
                    strsim::normalized_levenshtein(&other, &key) + if contains { 0.5 } else { 0.0 };
                (score, k)
            })
            .filter(|(score, _)| *score > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        UnknownDept {
            name: name.to_string(),
            closest: scored
                .into_iter()
                .take(3)
                .map(|(_, k)| k.to_string())
                .collect(),
        }
    }
}

impl Localized for UnknownDept {
    fn message(&self, lang: Lang) -> String {
        let closest = if self.closest.is_empty() {
            String::new()
        } else {
            lang.pick(
                format!("；最接近的是：{}", self.closest.join("、")),
                format!("; the closest: {}", self.closest.join(", ")),
            )
        };
        lang.pick(
            format!("没有名为“{}”的责任单位（任务分工和台账中都没有）{closest}", self.name),
            format!(
                "no department is called '{}' (neither the task division nor any ledger names it){closest}",
                self.name
            ),
        )
    }
}

crate::i18n::localized_error!(UnknownDept);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let m: Month = "2022-02".parse().unwrap();
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2022, 2, 28).unwrap());
        assert_eq!(
            "2022-12".parse::<Month>().unwrap().next().to_string(),
            "2023-01"
        );
        assert!("2022-13".parse::<Month>().is_err());
        assert!("六月".parse::<Month>().is_err());
    }

    #[test]
    fn months_parse_in_every_form_a_clerk_writes() {
        for text in [
            "2022-07",
            "2022-7",
            "2022年7月",
            "2022年07月",
            "2022年7月份",
            "202207",
            "2022.7",
            "2022/7",
            "２０２２年７月",
            " 2022-07 ",
        ] {
            assert_eq!(
                text.parse::<Month>(),
                Ok(Month {
                    year: 2022,
                    month: 7
                }),
                "{text}"
            );
        }
        for text in [
            "2022",
            "20227",
            "2022-007",
            "2022年13月",
            "22-07",
            "2022-07-31",
            "七月",
        ] {
            assert!(text.parse::<Month>().is_err(), "{text}");
        }
    }
}
