//! `ledger status`: who has handed in the month's ledger, and who has not (未报送).

use super::output::{self, Layouts};
use super::{Context, Format, Outcome, ReportFormat};
use crate::render::{self, status};
use crate::report::filter::Month;
use crate::report::submissions;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The month (YYYY-MM); default the current month.
    #[arg(long, value_name = "YYYY-MM", value_parser = super::parse_month_arg)]
    month: Option<Month>,
    /// Output format on stdout: table or json (default table).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when any department has not reported.
    #[arg(long)]
    fail_if_missing: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let format = args.format.map(Format::from);
    let target = output::target(format, args.output.as_deref(), output::ROWS)?;
    let ws = ctx.workspace()?;
    let store = ctx.store()?;
    let month = args.month.unwrap_or_else(|| Month::of(ctx.today));
    let s = submissions::compute(&store.imports_log()?, month, ws.division.as_ref());
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || render::json(&status::json(&s)),
        table: || status::table(&s, lang),
        sheets: || vec![status::sheet(&s, organisation, lang)],
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(if args.fail_if_missing && s.missing().next().is_some() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
