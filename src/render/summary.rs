//! `summary` laid out: the JSON shape of the 汇总 and 统计 figures, their
//! terminal tables, and their sheets with a 合计 row.

use super::export::Export;
use super::report::{STATISTICS_HEADERS, figure_cells, stat_cells, summary_headers};
use super::table;
use super::tables::{STATISTICS, SUMMARY, summary_heads};
use super::tabular::{self, Sheet};
use crate::i18n::Lang;
use crate::report::monthly::{DeptRow, Figures, Summary};
use crate::report::statistics::{StatRow, Statistics, Stats};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
struct FiguresJson {
    carried: usize,
    new: usize,
    rectified: usize,
    open: usize,
    overdue: usize,
    open_major: usize,
    found_to_date: usize,
    rectified_to_date: usize,
    on_time_to_date: usize,
    rectification_rate: Option<f64>,
    on_time_rate: Option<f64>,
}

impl From<&Figures> for FiguresJson {
    fn from(f: &Figures) -> Self {
        FiguresJson {
            carried: f.carried,
            new: f.new,
            rectified: f.rectified,
            open: f.open,
            overdue: f.overdue,
            open_major: f.open_major,
            found_to_date: f.found_to_date,
            rectified_to_date: f.rectified_to_date,
            on_time_to_date: f.on_time_to_date,
            rectification_rate: f.rectification_rate(),
            on_time_rate: f.on_time_rate(),
        }
    }
}

#[derive(Serialize)]
struct RowJson<'a> {
    rank: Option<usize>,
    dept: &'a str,
    #[serde(flatten)]
    figures: FiguresJson,
    last: bool,
}

#[derive(Serialize)]
pub struct SummaryJson<'a> {
    period: String,
    as_of: NaiveDate,
    departments: Vec<RowJson<'a>>,
    total: FiguresJson,
    statistics: StatisticsJson<'a>,
}

#[derive(Serialize)]
struct StatsJson {
    units_checked: usize,
    found: usize,
    found_major: usize,
    rectified: usize,
    rectification_rate: Option<f64>,
    rectified_major: usize,
    major_rate: Option<f64>,
    on_time_rate: Option<f64>,
    overdue: usize,
    /// 整改资金 in 元.
    funds: f64,
}

impl From<&Stats> for StatsJson {
    fn from(s: &Stats) -> Self {
        StatsJson {
            units_checked: s.units_checked,
            found: s.found,
            found_major: s.found_major,
            rectified: s.rectified,
            rectification_rate: s.rectification_rate(),
            rectified_major: s.rectified_major,
            major_rate: s.major_rate(),
            on_time_rate: s.on_time_rate(),
            overdue: s.overdue,
            funds: super::record::yuan(s.funds),
        }
    }
}

#[derive(Serialize)]
struct StatRowJson<'a> {
    dept: &'a str,
    #[serde(flatten)]
    stats: StatsJson,
}

#[derive(Serialize)]
struct StatisticsJson<'a> {
    departments: Vec<StatRowJson<'a>>,
    total: StatsJson,
}

/// The JSON `summary` prints: both the 汇总 and the 统计 figures.
pub fn json<'a>(s: &'a Summary, stats: &'a Statistics) -> SummaryJson<'a> {
    SummaryJson {
        period: s.period.to_string(),
        as_of: s.as_of,
        departments: s
            .rows
            .iter()
            .map(|r| RowJson {
                rank: r.rank,
                dept: &r.dept,
                figures: (&r.figures).into(),
                last: r.last,
            })
            .collect(),
        total: (&s.total).into(),
        statistics: StatisticsJson {
            departments: stats
                .rows
                .iter()
                .map(|r| StatRowJson {
                    dept: &r.dept,
                    stats: (&r.stats).into(),
                })
                .collect(),
            total: (&stats.total).into(),
        },
    }
}

/// The terminal tables: the 统计 alone with `statistics_only`, else the 汇总 then the 统计.
pub fn table(
    s: &Summary,
    stats: &Statistics,
    statistics_only: bool,
    rows: Rows,
    lang: Lang,
) -> String {
    match statistics_only {
        true => statistics_table(stats, rows, lang),
        false => format!(
            "{}\n{}",
            summary_table(s, rows, lang),
            statistics_table(stats, rows, lang)
        ),
    }
}

/// What the rows of the summary and the statistics are.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    Departments,
    /// A district's 镇街.
    Members,
}

impl Rows {
    /// Names the row column `at` of `heads` for a district's 镇街.
    fn name(self, heads: &mut [&str], at: usize, lang: Lang) {
        if self == Rows::Members {
            heads[at] = lang.pick("镇街", "sub-district");
        }
    }
}

/// The 汇总 and 统计 sheets, each closed by a 合计 row; the one asked for
/// first, as the CSV writes only the first.
pub fn sheets(
    s: &Summary,
    stats: &Statistics,
    organisation: &str,
    statistics_first: bool,
    rows: Rows,
    lang: Lang,
) -> Vec<Sheet<'static>> {
    let summary_rows: Vec<DeptRow> = s
        .rows
        .iter()
        .cloned()
        .chain(std::iter::once(DeptRow {
            dept: "合计".into(),
            figures: s.total.clone(),
            rank: None,
            last: false,
        }))
        .collect();
    let stat_rows: Vec<StatRow> = stats
        .rows
        .iter()
        .cloned()
        .chain(std::iter::once(StatRow {
            dept: "合计".into(),
            stats: stats.total.clone(),
        }))
        .collect();
    let period = s.period.zh();
    let mut summary_heads = summary_heads(s.period);
    let mut statistics_heads: Vec<_> = tabular::heads(&STATISTICS).collect();
    if rows == Rows::Members {
        for head in [&mut summary_heads[1], &mut statistics_heads[0]] {
            (head.zh, head.en) = ("镇街", "sub-district");
        }
    }
    let summary = Sheet {
        name: "汇总",
        title: format!(
            "{organisation}安全生产大检查汇总（{period}，统计截至 {}）",
            s.as_of
        ),
        heads: summary_heads,
        rows: Box::new(
            summary_rows
                .into_iter()
                .map(|r| tabular::cells(&SUMMARY, &r)),
        ),
        lang,
    };
    let statistics = Sheet {
        name: "统计",
        title: format!(
            "{organisation}隐患排查治理统计（{period}，统计截至 {}）",
            stats.as_of
        ),
        heads: statistics_heads,
        rows: Box::new(
            stat_rows
                .into_iter()
                .map(|r| tabular::cells(&STATISTICS, &r)),
        ),
        lang,
    };
    match statistics_first {
        true => vec![statistics, summary],
        false => vec![summary, statistics],
    }
}

fn summary_table(s: &Summary, rows_are: Rows, lang: Lang) -> String {
    let cells = |f: &Figures| figure_cells(f).iter().map(Export::text).collect::<Vec<_>>();
    let mut rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.rank.map(|n| n.to_string()).unwrap_or_default(),
                r.dept.clone(),
            ];
            row.extend(cells(&r.figures));
            row.push(
                if r.last {
                    lang.pick("末位", "last")
                } else {
                    ""
                }
                .to_string(),
            );
            row
        })
        .collect();
    let mut total = vec![String::new(), lang.pick("合计", "total").to_string()];
    total.extend(cells(&s.total));
    total.push(String::new());
    rows.push(total);
    let mut headers: Vec<&str> = if lang == Lang::Zh {
        summary_headers(s.period).to_vec()
    } else {
        vec![
            "rank",
            "dept",
            "carried",
            "new",
            "rectified",
            "open",
            "overdue",
            "open major",
            "rectified %",
            "on time %",
            "note",
        ]
    };
    rows_are.name(&mut headers, 1, lang);
    let mut out = lang.pick(
        format!("{} 汇总（统计截至 {}）\n", s.period.zh(), s.as_of),
        format!("{} summary (as of {})\n", s.period, s.as_of),
    );
    out.push_str(&table::table(&headers, rows).to_string());
    out.push('\n');
    out
}

fn statistics_table(s: &Statistics, rows_are: Rows, lang: Lang) -> String {
    let cells = |x: &Stats| stat_cells(x).iter().map(Export::text).collect::<Vec<_>>();
    let mut rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.dept.clone()];
            row.extend(cells(&r.stats));
            row
        })
        .collect();
    let mut total = vec![lang.pick("合计", "total").to_string()];
    total.extend(cells(&s.total));
    rows.push(total);
    let mut headers: Vec<&str> = if lang == Lang::Zh {
        STATISTICS_HEADERS.to_vec()
    } else {
        vec![
            "dept",
            "units checked",
            "found",
            "major",
            "rectified",
            "rectified %",
            "majors rectified",
            "major %",
            "on time %",
            "overdue",
            "funds (yuan)",
        ]
    };
    rows_are.name(&mut headers, 0, lang);
    let mut out = lang.pick(
        format!(
            "{} 隐患排查治理统计（统计截至 {}）\n",
            s.period.zh(),
            s.as_of
        ),
        format!("{} hazard statistics (as of {})\n", s.period, s.as_of),
    );
    out.push_str(&table::table(&headers, rows).to_string());
    out.push('\n');
    out
}
