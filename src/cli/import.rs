//! `ledger import FILE...`: read and check like `check`, then merge into the store.

mod district;

use super::{Context, Outcome};
use crate::division::DeptNames;
use crate::ingest::{self, FileResult};
use crate::progress::Progress;
use crate::render::import as say;
use crate::render::{Style, check};
use crate::report::check::Totals;
use crate::report::import::{log_lines, read_and_merge};
use crate::store::merge::Merge;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Findings an import lists per file; `check` lists them all.
const FINDINGS_SHOWN: usize = 100;

#[derive(clap::Args)]
pub struct Args {
    /// Ledger files: .xlsx .xlsm .xls .ods .csv .txt
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The date the files describe (their 填报日期): discovery date of rows without one, and
    /// the observed date of their statuses. Default: a 填报日期 in the file, else today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<NaiveDate>,
    /// Read, check and report what would change, but write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write nothing if any row has an error.
    #[arg(long)]
    strict: bool,
    /// The department (or community) the files report for, besides the
    /// 责任单位 of their rows: an empty ledger with --dept counts as reported.
    #[arg(long, value_name = "X")]
    dept: Vec<String>,
    /// In a district workspace: the 镇街 the files come from, when their
    /// title or 填报单位 line does not say.
    #[arg(long, value_name = "NAME")]
    org: Option<String>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let (lang, ws) = (ctx.lang, ctx.workspace()?);
    if ws.config.organisation.district {
        return district::run(&args, ctx);
    }
    let progress = Progress::start(lang.pick("读取台账库", "loading the store"));
    let mut store = ctx.store_for_write()?;
    progress.set_message(lang.pick("读取台账", "reading ledgers"));
    let opts = ingest::Options {
        config: &ws.config,
        division: ws.division.as_ref(),
        as_of: args.as_of,
        today: ctx.today,
        progress: Some(&progress),
        keep_findings: FINDINGS_SHOWN,
        only_sheet: None,
    };
    let at = ctx.now();
    let logged = store.imports_log()?;
    let mut merge = Merge::new(&mut store, &ws.config, at.clone())?;
    let estimated = args
        .files
        .iter()
        .filter_map(|f| crate::read::csv::estimated_lines(f));
    merge.reserve(estimated.sum());
    // Nothing is written before every file has been read without failing.
    let files = read_and_merge(&args.files, &opts, &mut merge)?;
    progress.set_message(lang.pick("写入台账库", "writing the store"));
    let results: Vec<&FileResult> = files.iter().map(|(r, ..)| r).collect();
    for note in check::skipped_sheets(&results, lang) {
        eprintln!("{note}");
    }
    if let Some(unreadable) = say::unreadable(&results, lang) {
        eprintln!("{unreadable}");
        return Ok(Outcome::Incomplete);
    }
    let errors = Totals::of(&results).errors;
    let names = DeptNames(ws.division.as_ref());
    let log = log_lines(&files, &at, &args.dept, names, &logged);
    let out = say::file_blocks(&files, FINDINGS_SHOWN, lang, Style::stdout());
    drop(progress);
    super::output::print(&out)?;
    if args.strict && errors > 0 {
        eprintln!("{}", say::strict_refused(errors, lang));
        return Ok(Outcome::Failed);
    }
    // Rows with errors are merged like the rest (a clerk fixes and re-imports
    // them), but the exit status says they were there, as `check`'s does.
    let outcome = if errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    };
    if args.dry_run {
        eprintln!("{}", say::dry_run(lang));
        return Ok(outcome);
    }
    merge.commit(&log)?;
    if errors > 0 {
        eprintln!("{}", say::merged_with_errors(errors, lang));
    }
    Ok(outcome)
}
