//! `ledger check FILE...`: read ledgers and say precisely what is wrong.

mod columns;

use super::output::{self, Kind, Layouts};
use super::{Context, Format, Outcome, ReportFormat};
use crate::config::Config;
use crate::ingest::{self, FileResult};
use crate::render::{self, Style, check};
use crate::report::check::Totals;
use chrono::NaiveDate;
use std::path::PathBuf;

/// `import` and `submit` list a file's findings as `check` does.
#[derive(clap::Args)]
pub struct Args {
    /// Ledger files: .xlsx .xlsm .xls .ods .csv .txt
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The date the files describe: discovery date of rows without one, and the day overdue is judged on.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<NaiveDate>,
    /// Output format on stdout: table or json (default table).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write the findings to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Treat warnings as errors for the exit status.
    #[arg(long)]
    strict: bool,
    /// Show how every header cell was read and why, instead of checking the rows.
    #[arg(long)]
    columns: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    // The header readings are not rows of findings: no sheet to write them in.
    let accepts = match args.columns {
        true => &[Kind::Json, Kind::Txt][..],
        false => output::ROWS,
    };
    let target = output::target(
        args.format.map(Format::from),
        args.output.as_deref(),
        accepts,
    )?;
    // Inside a workspace its rules apply; elsewhere the defaults of docs/rules.md.
    let ws = ctx.workspace_if_any()?;
    let builtin = Config::builtin();
    let config = ws.map_or(&builtin, |w| &w.config);
    if args.columns {
        return columns::run(&args.files, target, config, lang);
    }
    let opts = ingest::Options {
        config,
        division: ws.and_then(|w| w.division.as_ref()),
        as_of: args.as_of,
        today: ctx.today,
        progress: None,
        keep_findings: usize::MAX,
        only_sheet: None,
    };
    let results: Vec<_> = args
        .files
        .iter()
        .map(|f| ingest::with_records(f, &opts))
        .collect();
    let files: Vec<&FileResult> = results.iter().map(|(r, _)| r).collect();
    for note in check::skipped_sheets(&files, lang) {
        eprintln!("{note}");
    }
    let totals = Totals::of(&files);
    let style = match target.file() {
        None => Style::stdout(),
        Some(_) => Style { color: false },
    };
    let layouts = Layouts {
        json: || render::json(&check::json(&results, &totals, lang)),
        table: || check::table(&results, &totals, lang, style),
        sheets: || vec![check::sheet(&results, &totals, lang)],
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(if totals.unreadable > 0 {
        Outcome::Incomplete
    } else if totals.errors > 0 || (args.strict && totals.warnings > 0) {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
