//! `ledger summary --month YYYY-MM`: the report's 汇总 figures in the terminal.

use super::output::{self, Rendered};
use super::{Format, Outcome, PeriodArgs};
use crate::i18n::Lang;
use crate::render::export::Export;
use crate::render::report::{STATISTICS_HEADERS, figure_cells, stat_cells, summary_headers};
use crate::render::{self, table};
use crate::report::monthly::{self, Figures, Summary};
use crate::report::statistics::{self, Statistics, Stats};
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
    /// Output format: table, csv or json (default: by the -o file's extension, else table).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE instead of stdout (CSV files get a BOM for Excel).
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

const CSV_HEADER: [&str; 12] = [
    "rank",
    "dept",
    "carried",
    "new",
    "rectified",
    "open",
    "overdue",
    "open_major",
    "rectification_rate",
    "on_time_rate",
    "last",
    "found_to_date",
];

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
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
    let rendered = match output::format_for(args.format, args.output.as_deref()) {
        Format::Json => Rendered::Text(render::json(&SummaryJson {
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
        })),
        Format::Csv if args.statistics => Rendered::Csv {
            header: &STATS_HEADER,
            rows: Box::new(stats_rows(&stats)),
        },
        Format::Csv => Rendered::Csv {
            header: &CSV_HEADER,
            rows: Box::new(csv_rows(&s)),
        },
        Format::Table if args.statistics => Rendered::Text(statistics_table(&stats, lang)),
        Format::Table => Rendered::Text(format!(
            "{}\n{}",
            summary_table(&s, lang),
            statistics_table(&stats, lang)
        )),
    };
    output::emit(rendered, args.output.as_deref(), false)?;
    Ok(Outcome::Ok)
}

fn csv_rows(s: &Summary) -> impl Iterator<Item = Vec<String>> + '_ {
    let row = |rank: Option<usize>, dept: &str, f: &Figures, last: bool| {
        let rate = |r: Option<f64>| r.map(|r| format!("{r:.4}")).unwrap_or_default();
        vec![
            rank.map(|r| r.to_string()).unwrap_or_default(),
            dept.to_string(),
            f.carried.to_string(),
            f.new.to_string(),
            f.rectified.to_string(),
            f.open.to_string(),
            f.overdue.to_string(),
            f.open_major.to_string(),
            rate(f.rectification_rate()),
            rate(f.on_time_rate()),
            last.to_string(),
            f.found_to_date.to_string(),
        ]
    };
    s.rows
        .iter()
        .map(move |r| row(r.rank, &r.dept, &r.figures, r.last))
        .chain(std::iter::once(row(None, "合计", &s.total, false)))
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

const STATS_HEADER: [&str; 11] = [
    "dept",
    "units_checked",
    "found",
    "found_major",
    "rectified",
    "rectification_rate",
    "rectified_major",
    "major_rate",
    "on_time_rate",
    "overdue",
    "funds",
];

fn stats_rows(s: &Statistics) -> impl Iterator<Item = Vec<String>> + '_ {
    let row = |dept: &str, x: &Stats| {
        let rate = |r: Option<f64>| r.map(|r| format!("{r:.4}")).unwrap_or_default();
        vec![
            dept.to_string(),
            x.units_checked.to_string(),
            x.found.to_string(),
            x.found_major.to_string(),
            x.rectified.to_string(),
            rate(x.rectification_rate()),
            x.rectified_major.to_string(),
            rate(x.major_rate()),
            rate(x.on_time_rate()),
            x.overdue.to_string(),
            format!("{:.2}", crate::render::record::yuan(x.funds)),
        ]
    };
    s.rows
        .iter()
        .map(move |r| row(&r.dept, &r.stats))
        .chain(std::iter::once(row("合计", &s.total)))
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
