//! `ledger duties --month YYYY-MM`: the 2-2-2 duty of each official and the
//! monthly and quarterly checks of each department.

use super::output::{self, Layouts};
use super::{Context, Format, Outcome, ReportFormat};
use crate::render::{self, duties};
use crate::report::{self, filter::Month};
use crate::store::Query;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", value_parser = super::parse_month_arg)]
    month: Month,
    /// Output format on stdout: table or json (default table).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let format = args.format.map(Format::from);
    let target = output::target(format, args.output.as_deref(), output::ROWS)?;
    let ws = ctx.workspace()?;
    let store = ctx.store()?;
    let report = report::duties::compute(
        // Duties count hazards found by the month's end.
        &store.hazards(&Query {
            found_by: Some(args.month.last_day()),
            ..Query::default()
        })?,
        args.month,
        ws.division.as_ref(),
    );
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || render::json(&duties::json(&report)),
        table: || duties::table(&report, lang),
        sheets: || duties::sheets(&report, organisation, lang),
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(Outcome::Ok)
}
