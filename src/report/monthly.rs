//! The figures of a month (or quarter, or year) per department and in total,
//! as docs/rules.md defines them for the monthly report (汇总), the department
//! ranking with its last place (末位), and the report assembled from them.

use super::duty_departments;
use super::period::{Period, Window};
use crate::division::{DeptNames, Division};
use crate::level::Level;
use crate::record::Hazard;
use crate::store::{Query, Store};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One department's (or the total's) figures for the month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// 上月结转: open at the start of the month.
    pub carried: usize,
    /// 本月新增: found in the month.
    pub new: usize,
    /// 本月整改: rectified in the month.
    pub rectified: usize,
    /// 月末未整改: open at the end of the month.
    pub open: usize,
    /// 其中逾期: of those, overdue at the end of the month.
    pub overdue: usize,
    /// 重大隐患: open majors at the end of the month.
    pub open_major: usize,
    /// Found up to the end of the month, and rectified by then (整改率's parts).
    pub found_to_date: usize,
    pub rectified_to_date: usize,
    /// Of those rectified by then, on or before their effective deadline.
    pub on_time_to_date: usize,
}

impl Figures {
    /// 整改率: rectified ÷ found, cumulative to the end of the month.
    pub fn rectification_rate(&self) -> Option<f64> {
        ratio(self.rectified_to_date, self.found_to_date)
    }

    /// 按期整改率: rectified on time ÷ rectified, cumulative.
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(self.on_time_to_date, self.rectified_to_date)
    }

    fn add(&mut self, h: &Hazard, period: &Window) {
        let (first, end) = (period.first, period.end);
        if h.found > end {
            return;
        }
        let open_at_start = h.found < first && !h.rectified_by(first.pred_opt().unwrap_or(first));
        let open_at_end = !h.rectified_by(end);
        self.carried += usize::from(open_at_start);
        self.new += usize::from(first <= h.found);
        self.rectified +=
            usize::from(h.status.is_done() && h.closed.is_some_and(|c| first <= c && c <= end));
        self.open += usize::from(open_at_end);
        self.overdue += usize::from(h.overdue_on(end));
        self.open_major += usize::from(open_at_end && h.level == Level::Major);
        self.found_to_date += 1;
        if h.rectified_by(end) {
            self.rectified_to_date += 1;
            self.on_time_to_date += usize::from(!h.rectified_late());
        }
    }

    fn merge(&mut self, o: &Figures) {
        self.carried += o.carried;
        self.new += o.new;
        self.rectified += o.rectified;
        self.open += o.open;
        self.overdue += o.overdue;
        self.open_major += o.open_major;
        self.found_to_date += o.found_to_date;
        self.rectified_to_date += o.rectified_to_date;
        self.on_time_to_date += o.on_time_to_date;
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A department's row of the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct DeptRow {
    pub dept: String,
    pub figures: Figures,
    /// 1 = best; None for a department with no hazards to rank on.
    pub rank: Option<usize>,
    /// 末位: the last ranked department.
    pub last: bool,
}

/// The period's summary: rows ranked, then the total.
#[derive(Debug, Clone)]
pub struct Summary {
    pub period: Period,
    /// The day the figures are taken on: the month's last day, or an earlier `--as-of`.
    pub as_of: NaiveDate,
    pub rows: Vec<DeptRow>,
    pub total: Figures,
}

/// The hazards every figure of `period` counts: those found by its end, in a
/// district grouped by 镇街.
pub fn hazards_of(store: &Store, period: Period, district: bool) -> anyhow::Result<Vec<Hazard>> {
    let mut hazards = store.hazards(&Query {
        found_by: Some(period.last_day()),
        ..Query::default()
    })?;
    if district {
        super::district::by_member(&mut hazards);
    }
    Ok(hazards)
}

/// The summary of `period`. Departments: those with hazards found by the end,
/// and those the division gives an inspection duty (a 行业领域), by canonical name.
///
/// Ranked by 整改率, then 按期整改率, then fewer overdue: the order a safety
/// committee reads a circular in. A department with nothing found is not ranked.
pub fn compute<'h>(
    hazards: impl IntoIterator<Item = &'h Hazard>,
    period: Period,
    as_of: Option<NaiveDate>,
    division: Option<&Division>,
) -> Summary {
    let window = Window::of(period, as_of);
    let names = DeptNames(division);
    let mut by_dept: BTreeMap<String, Figures> = BTreeMap::new();
    for h in hazards {
        if h.found <= window.end {
            super::tally(&mut by_dept, names.canonical(&h.dept)).add(h, &window);
        }
    }
    for name in duty_departments(division) {
        by_dept.entry(name.to_string()).or_default();
    }
    let mut total = Figures::default();
    let mut rows: Vec<DeptRow> = by_dept
        .into_iter()
        .map(|(dept, figures)| {
            total.merge(&figures);
            DeptRow {
                dept,
                figures,
                rank: None,
                last: false,
            }
        })
        .collect();
    rank(&mut rows, division);
    Summary {
        period,
        as_of: window.end,
        rows,
        total,
    }
}

fn rank(rows: &mut [DeptRow], division: Option<&Division>) {
    let order = |dept: &str| {
        division
            .and_then(|d| d.departments.iter().position(|x| x.name == dept))
            .unwrap_or(usize::MAX)
    };
    let key = |r: &DeptRow| {
        (
            r.figures.found_to_date == 0,
            std::cmp::Reverse(milli(r.figures.rectification_rate())),
            std::cmp::Reverse(milli(r.figures.on_time_rate())),
            r.figures.overdue,
            order(&r.dept),
            r.dept.clone(),
        )
    };
    rows.sort_by_cached_key(key);
    let mut n = 0;
    for r in rows.iter_mut().filter(|r| r.figures.found_to_date > 0) {
        n += 1;
        r.rank = Some(n);
    }
    if n > 1
        && let Some(last) = rows.iter_mut().find(|r| r.rank == Some(n))
    {
        last.last = true;
    }
}

/// A rate in thousandths, for ordering without floating-point comparisons.
fn milli(rate: Option<f64>) -> i64 {
    rate.map_or(-1, |r| (r * 1000.0).round() as i64)
}

/// Everything the monthly submission holds, computed once and laid out by
/// the renderer: the summary, the month's Annex 3 ledger, the overdue and
/// major-hazard lists, the duties and the tasks falling due.
pub struct Report<'a> {
    pub summary: Summary,
    /// The standard statistics of hazard governance (统计).
    pub statistics: super::statistics::Statistics,
    /// Which departments handed in their ledgers, month by month (报送).
    pub submissions: Vec<super::submissions::Submissions>,
    /// The month's ledger: hazards found in it or still open at its start.
    pub ledger: Vec<&'a Hazard>,
    pub overdue: super::overdue::Overdue<'a>,
    /// Open 重大 hazards at the end of the month (listed supervision).
    pub majors: Vec<&'a Hazard>,
    /// The duties of the period's last month.
    pub duties: super::duties::Duties,
    /// Tasks due by the end of the period, and their state.
    pub tasks: Vec<super::tasks::TaskStatus<'a>>,
}

/// The report of `period` from the store's hazards and its import log.
pub fn report<'a>(
    hazards: &'a [Hazard],
    period: Period,
    as_of: Option<NaiveDate>,
    config: &crate::config::Config,
    division: Option<&'a Division>,
    imports_log: &str,
) -> Report<'a> {
    // Each part is a pass over every hazard: half of them run on a second core.
    let ((summary, duties), (window, ledger, majors, overdue, statistics)) = crate::pipeline::both(
        || {
            (
                compute(hazards, period, as_of, division),
                super::duties::compute(hazards, period.last_month(), division),
            )
        },
        || {
            let window = Window::of(period, as_of);
            let (ledger, majors) = listed(hazards, &window, division);
            let overdue = super::overdue::compute(
                hazards.iter().filter(|h| h.found <= window.end),
                window.end,
                None,
                config,
            );
            let statistics = super::statistics::compute(hazards, period, as_of, division);
            (window, ledger, majors, overdue, statistics)
        },
    );
    Report {
        summary,
        statistics,
        submissions: period
            .months()
            .into_iter()
            .map(|m| super::submissions::compute(imports_log, m, division))
            .collect(),
        ledger,
        overdue,
        majors,
        duties,
        tasks: tasks_due(division, window.end, period.last_day()),
    }
}

/// The month's ledger (hazards found in it or still open at its start) and
/// the open 重大 hazards at its end, each in the division's department order.
fn listed<'a>(
    hazards: &'a [Hazard],
    window: &Window,
    division: Option<&Division>,
) -> (Vec<&'a Hazard>, Vec<&'a Hazard>) {
    let names = DeptNames(division);
    let order = |h: &&'a Hazard| {
        let dept = names.canonical(&h.dept);
        let at = division.and_then(|d| d.departments.iter().position(|x| x.name == dept));
        (at.unwrap_or(usize::MAX), dept, h.id.as_str())
    };
    let day_before = window.first.pred_opt().unwrap_or(window.first);
    let mut ledger: Vec<&Hazard> = hazards
        .iter()
        .filter(|h| {
            h.found <= window.end && (window.first <= h.found || !h.rectified_by(day_before))
        })
        .collect();
    ledger.sort_by_cached_key(order);
    let mut majors: Vec<&Hazard> = hazards
        .iter()
        .filter(|h| h.level == Level::Major && h.found <= window.end && !h.rectified_by(window.end))
        .collect();
    majors.sort_by_cached_key(order);
    (ledger, majors)
}

/// Tasks due by `month_end`, and their state on `on`.
fn tasks_due<'a>(
    division: Option<&'a Division>,
    on: NaiveDate,
    month_end: NaiveDate,
) -> Vec<super::tasks::TaskStatus<'a>> {
    division.map_or_else(Vec::new, |d| {
        super::tasks::compute(d, on, 7, None)
            .into_iter()
            .filter(|t| t.due.is_some_and(|due| due <= month_end))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{ClosedSource, Source, Stated, Text};
    use crate::status::Status;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    fn hazard(
        dept: &str,
        found: NaiveDate,
        deadline: NaiveDate,
        closed: Option<NaiveDate>,
        level: Level,
    ) -> Hazard {
        Hazard {
            id: Text::default(),
            seq: Text::default(),
            unit: "u".into(),
            address: Text::default(),
            unit_head: Text::default(),
            phone: Text::default(),
            dept: dept.into(),
            owner: Text::default(),
            hazard: "h".into(),
            measures: Text::default(),
            deadline_text: deadline.to_string().into(),
            deadline: Some(deadline),
            long_term: false,
            level,
            found,
            found_assumed: false,
            status: if closed.is_some() {
                Status::Rectified
            } else {
                Status::Open
            },
            closed,
            closed_source: closed.map(|_| ClosedSource::Column),
            extension_text: Text::default(),
            extended_deadline: None,
            extension_approval: Text::default(),
            extension_approved: false,
            interview: None,
            sector: Text::default(),
            remarks: Text::default(),
            code: Text::default(),
            location: Text::default(),
            inspector: Text::default(),
            reviewer: Text::default(),
            funds: None,
            extras: Vec::new(),
            source: Source::default(),
            observed: d(7, 31),
            stated: Stated::default(),
        }
    }

    #[test]
    fn figures_follow_the_definitions_and_carried_plus_new_minus_rectified_is_open() {
        let hs = [
            hazard("A", d(5, 20), d(6, 10), None, Level::General),
            hazard("A", d(6, 1), d(6, 20), Some(d(6, 25)), Level::General),
            hazard("A", d(6, 2), d(6, 30), Some(d(7, 3)), Level::Major),
            hazard("A", d(6, 5), d(7, 20), None, Level::Major),
            hazard("A", d(5, 1), d(5, 10), Some(d(5, 9)), Level::General),
            hazard("B", d(7, 2), d(7, 5), Some(d(7, 5)), Level::General),
            hazard("B", d(8, 1), d(8, 5), None, Level::General),
        ];
        let s = compute(&hs, Period::Month("2022-07".parse().unwrap()), None, None);
        let a = &s.rows.iter().find(|r| r.dept == "A").unwrap().figures;
        assert_eq!(
            (
                a.carried,
                a.new,
                a.rectified,
                a.open,
                a.overdue,
                a.open_major
            ),
            (3, 0, 1, 2, 2, 1)
        );
        assert_eq!(a.carried + a.new - a.rectified, a.open);
        assert_eq!(
            (a.found_to_date, a.rectified_to_date, a.on_time_to_date),
            (5, 3, 1)
        );
        assert_eq!(a.rectification_rate(), Some(0.6));
        let b = &s.rows.iter().find(|r| r.dept == "B").unwrap().figures;
        assert_eq!(
            (b.carried, b.new, b.rectified, b.open, b.found_to_date),
            (0, 1, 1, 0, 1),
            "August's hazard is not July's"
        );
        assert_eq!(s.total.found_to_date, 6);
        assert_eq!(
            s.total.carried + s.total.new - s.total.rectified,
            s.total.open
        );
    }

    #[test]
    fn departments_rank_by_rectification_rate_and_the_last_is_marked() {
        let hs = [
            hazard("A", d(7, 1), d(7, 5), Some(d(7, 4)), Level::General),
            hazard("B", d(7, 1), d(7, 5), None, Level::General),
            hazard("C", d(7, 1), d(7, 5), Some(d(7, 9)), Level::General),
        ];
        let s = compute(&hs, Period::Month("2022-07".parse().unwrap()), None, None);
        let order: Vec<_> = s
            .rows
            .iter()
            .map(|r| (r.dept.as_str(), r.rank, r.last))
            .collect();
        assert_eq!(
            order,
            [
                ("A", Some(1), false),
                ("C", Some(2), false),
                ("B", Some(3), true)
            ]
        );
    }

    #[test]
    fn an_earlier_as_of_cuts_the_month() {
        let hs = [hazard(
            "A",
            d(7, 1),
            d(7, 5),
            Some(d(7, 20)),
            Level::General,
        )];
        let s = compute(
            &hs,
            Period::Month("2022-07".parse().unwrap()),
            Some(d(7, 10)),
            None,
        );
        assert_eq!(s.as_of, d(7, 10));
        assert_eq!(
            (s.total.rectified, s.total.open, s.total.overdue),
            (0, 1, 1)
        );
    }
}
