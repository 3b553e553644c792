//! `ledger overdue`: what is overdue and what falls due, for the weekly meeting.

use super::output::{self, Layouts};
use super::{Context, Format, Outcome};
use crate::division::DeptNames;
use crate::level::Level;
use crate::render::overdue;
use crate::report::filter::Filter;
use crate::store::Query;
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The day to judge on (default today).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<NaiveDate>,
    /// 责任单位 (department or community).
    #[arg(long, value_name = "X")]
    dept: Option<String>,
    /// 一般, 较大 or 重大.
    #[arg(long, value_name = "L", value_parser = super::parse_level_arg)]
    level: Option<Level>,
    /// Also list hazards falling due in the next N days.
    #[arg(long, value_name = "N")]
    upcoming: Option<u32>,
    /// Output format on stdout: table, csv or json (default table).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Leave cells that start with = + - @ as they are in CSV output.
    #[arg(long)]
    raw: bool,
    /// Exit 1 when anything is overdue (for cron jobs and scripts).
    #[arg(long)]
    fail_if_any: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let target = output::target(args.format, args.output.as_deref(), output::ROWS)?;
    let ws = ctx.workspace()?;
    let store = ctx.store()?;
    let as_of = args.as_of.unwrap_or_else(super::today);
    let names = DeptNames(ws.division.as_ref());
    let filter = Filter {
        level: args.level,
        ..Filter::all(names).with_dept(args.dept.as_deref())
    };
    // Overdue, or due within the upcoming days, and not rectified by the day.
    let query = Query {
        due_before: Some(as_of + chrono::Days::new(u64::from(args.upcoming.unwrap_or(0)))),
        open_on: Some(as_of),
        ..filter.query(&store)?
    };
    let mut hazards: Vec<_> = store
        .hazards(&query)?
        .into_iter()
        .filter(|h| filter.accepts(h))
        .collect();
    if ws.config.organisation.district {
        crate::report::district::by_member_and_dept(&mut hazards);
    }
    let report = crate::report::overdue::compute(hazards.iter(), as_of, args.upcoming, &ws.config);
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || overdue::json(&report),
        table: || overdue::table(&report, args.upcoming, names, lang),
        sheets: || vec![overdue::sheet(&report, organisation, lang)],
    };
    output::deliver(target, layouts, args.raw, lang)?;
    Ok(if args.fail_if_any && !report.overdue.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
