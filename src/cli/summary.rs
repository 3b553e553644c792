//! `ledger summary --month YYYY-MM`: the report's 汇总 figures in the terminal.

use super::output::{self, Layouts};
use super::{Context, Format, Outcome, PeriodArgs};
use crate::render::{self, summary};
use crate::report::{monthly, statistics};
use chrono::NaiveDate;
use std::path::PathBuf;

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

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let target = output::target(args.format, args.output.as_deref(), output::ROWS)?;
    let ws = ctx.workspace()?;
    let store = ctx.store()?;
    let period = args.period.period();
    let hazards = monthly::hazards_of(&store, period, ws.config.organisation.district)?;
    let s = monthly::compute(&hazards, period, args.as_of, ws.division.as_ref());
    let stats = statistics::compute(&hazards, period, args.as_of, ws.division.as_ref());
    let organisation = &ws.config.organisation.name;
    let rows = match ws.config.organisation.district {
        true => summary::Rows::Members,
        false => summary::Rows::Departments,
    };
    let layouts = Layouts {
        json: || render::json(&summary::json(&s, &stats)),
        table: || summary::table(&s, &stats, args.statistics, rows, lang),
        sheets: || summary::sheets(&s, &stats, organisation, args.statistics, rows, lang),
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(Outcome::Ok)
}
