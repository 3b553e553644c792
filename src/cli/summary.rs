//! `ledger summary --month YYYY-MM`: the report's 汇总 figures in the terminal.

use super::output::{self, Layouts};
use super::{Format, Outcome, PeriodArgs};
use crate::i18n::Lang;
use crate::render::export::Export;
use crate::render::report::{STATISTICS_HEADERS, figure_cells, stat_cells, summary_headers};
use crate::render::tables::{STATISTICS, SUMMARY, summary_heads};
use crate::render::tabular::{self, Sheet};
use crate::render::{self, table};
use crate::report::monthly::{self, DeptRow, Figures, Summary};
use crate::report::statistics::{self, StatRow, Statistics, Stats};
use crate::store::{Query, Store};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    period: PeriodArgs,
    /// Show the standard statistics (统计) instead of the summary (汇总) in table and CSV output.
    #[arg(long)]
    statistics: bool,
    /// Take the figures on this day instead of the period's last (if earlier).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<NaiveDate>,
    /// Output format on stdout: table, csv or json (default table).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

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
struct SummaryJson<'a> {
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
            funds: crate::render::record::yuan(s.funds),
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

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let target = output::target(args.format, args.output.as_deref(), output::ROWS)?;
    let ws = Workspace::require(workspace)?;
    let store = Store::open(&ws.root, lang)?;
    let period = args.period.period();
    // Every figure counts hazards found by the period's end.
    let mut hazards = store.hazards(&Query {
        found_by: Some(period.last_day()),
        ..Query::default()
    })?;
    if ws.config.organisation.district {
        crate::report::district::by_member(&mut hazards);
    }
    let s = monthly::compute(&hazards, period, args.as_of, ws.division.as_ref());
    let stats = statistics::compute(&hazards, period, args.as_of, ws.division.as_ref());
    let organisation = &ws.config.organisation.name;
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
    let layouts = Layouts {
        json: || {
            render::json(&SummaryJson {
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
            })
        },
        table: || match args.statistics {
            true => statistics_table(&stats, lang),
            false => format!(
                "{}\n{}",
                summary_table(&s, lang),
                statistics_table(&stats, lang)
            ),
        },
        sheets: || {
            let period = s.period.zh();
            let summary = Sheet {
                name: "汇总",
                title: format!(
                    "{organisation}安全生产大检查汇总（{period}，统计截至 {}）",
                    s.as_of
                ),
                heads: summary_heads(s.period),
                rows: Box::new(summary_rows.iter().map(|r| tabular::cells(&SUMMARY, r))),
                lang,
            };
            let statistics = Sheet {
                name: "统计",
                title: format!(
                    "{organisation}隐患排查治理统计（{period}，统计截至 {}）",
                    stats.as_of
                ),
                heads: tabular::heads(&STATISTICS).collect(),
                rows: Box::new(stat_rows.iter().map(|r| tabular::cells(&STATISTICS, r))),
                lang,
            };
            match args.statistics {
                true => vec![statistics, summary],
                false => vec![summary, statistics],
            }
        },
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(Outcome::Ok)
}

fn summary_table(s: &Summary, lang: Lang) -> String {
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
    let headers: Vec<&str> = if lang == Lang::Zh {
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
    let mut out = lang.pick(
        format!("{} 汇总（统计截至 {}）\n", s.period.zh(), s.as_of),
        format!("{} summary (as of {})\n", s.period, s.as_of),
    );
    out.push_str(&table::table(&headers, rows).to_string());
    out.push('\n');
    out
}

fn statistics_table(s: &Statistics, lang: Lang) -> String {
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
    let headers: Vec<&str> = if lang == Lang::Zh {
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
