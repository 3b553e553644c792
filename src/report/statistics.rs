//! The standard statistics of hazard governance (隐患排查治理统计), per
//! department and in total, for a month, a quarter or a year.
//!
//! Counted over the hazards found in the period: units checked, hazards
//! found, majors, how many of them were rectified by the period's end (and
//! the rates), how many on time, and the funds spent on them; plus the
//! hazards of any date still overdue at the period's end.

use super::duty_departments;
use super::period::Period;
use super::period::Window;
use crate::division::{DeptNames, Division};
use crate::level::Level;
use crate::record::Hazard;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One department's (or the total's) statistics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// 检查单位数: distinct units with hazards found in the period.
    pub units_checked: usize,
    /// 查出隐患数.
    pub found: usize,
    /// 其中重大隐患数.
    pub found_major: usize,
    /// 已整改数: of those found, rectified by the period's end.
    pub rectified: usize,
    /// 重大隐患已整改数.
    pub rectified_major: usize,
    /// Of those rectified, on or before their effective deadline.
    pub on_time: usize,
    /// 逾期未整改数: hazards of any date overdue at the period's end.
    pub overdue: usize,
    /// 整改资金 in 分.
    pub funds: i64,
}

impl Stats {
    /// 隐患整改率.
    pub fn rectification_rate(&self) -> Option<f64> {
        ratio(self.rectified, self.found)
    }

    /// 重大隐患整改率.
    pub fn major_rate(&self) -> Option<f64> {
        ratio(self.rectified_major, self.found_major)
    }

    /// 按期整改率.
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(self.on_time, self.rectified)
    }

    fn merge(&mut self, o: &Stats) {
        self.units_checked += o.units_checked;
        self.found += o.found;
        self.found_major += o.found_major;
        self.rectified += o.rectified;
        self.rectified_major += o.rectified_major;
        self.on_time += o.on_time;
        self.overdue += o.overdue;
        self.funds += o.funds;
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    pub dept: String,
    pub stats: Stats,
}

#[derive(Debug, Clone)]
pub struct Statistics {
    pub period: Period,
    pub as_of: NaiveDate,
    pub rows: Vec<StatRow>,
    pub total: Stats,
}

#[derive(Default)]
struct Tally {
    stats: Stats,
    /// Compacted unit names; hashed, as a month holds tens of thousands.
    units: foldhash::HashSet<String>,
}

/// The statistics of `period` (cut at `as_of` when earlier than its end).
pub fn compute<'h>(
    hazards: impl IntoIterator<Item = &'h Hazard>,
    period: Period,
    as_of: Option<NaiveDate>,
    division: Option<&Division>,
) -> Statistics {
    let window = Window::of(period, as_of);
    let names = DeptNames(division);
    let mut by_dept: BTreeMap<String, Tally> = BTreeMap::new();
    for h in hazards.into_iter().filter(|h| h.found <= window.end) {
        let t = super::tally(&mut by_dept, names.canonical(&h.dept));
        t.stats.overdue += usize::from(h.overdue_on(window.end));
        if !window.contains(h.found) {
            continue;
        }
        let major = h.level == Level::Major;
        let rectified = h.rectified_by(window.end);
        t.units.insert(crate::text::compact(&h.unit));
        t.stats.found += 1;
        t.stats.found_major += usize::from(major);
        t.stats.rectified += usize::from(rectified);
        t.stats.rectified_major += usize::from(rectified && major);
        t.stats.on_time += usize::from(rectified && !h.rectified_late());
        t.stats.funds += h.funds.unwrap_or(0);
    }
    for name in duty_departments(division) {
        by_dept.entry(name.to_string()).or_default();
    }
    let order = |dept: &str| {
        let at = division.and_then(|d| d.departments.iter().position(|x| x.name == dept));
        (at.unwrap_or(usize::MAX), dept.to_string())
    };
    let mut total = Stats::default();
    let mut rows: Vec<StatRow> = by_dept
        .into_iter()
        .map(|(dept, mut t)| {
            t.stats.units_checked = t.units.len();
            total.merge(&t.stats);
            StatRow {
                dept,
                stats: t.stats,
            }
        })
        .collect();
    rows.sort_by_cached_key(|r| order(&r.dept));
    Statistics {
        period,
        as_of: window.end,
        rows,
        total,
    }
}
