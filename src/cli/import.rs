//! `ledger import FILE...`: read and check like `check`, then merge into the store.

mod district;

use super::Outcome;
use crate::division::DeptNames;
use crate::finding::Severity;
use crate::i18n::Lang;
use crate::ingest::{self, Batch, FileResult};
use crate::pipeline::pipelined;
use crate::progress::Progress;
use crate::render::Style;
use crate::render::check;
use crate::render::import as say;
use crate::report::import::{Counts, reported_for};
use crate::store::Store;
use crate::store::imports;
use crate::store::merge::Merge;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

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

/// What flows from reading to merging: a batch of records, or the end of a file.
enum Item {
    Records(Batch),
    FileEnd,
}

/// Reads each file and merges its records as they are read, on a second
/// core; returns each file's result and what merging did, or the first
/// error writing to the store, after which nothing more is merged.
fn read_and_merge(
    paths: &[PathBuf],
    opts: &ingest::Options<'_>,
    merge: &mut Merge<'_>,
) -> anyhow::Result<Vec<(FileResult, Counts)>> {
    let (read, merged) = pipelined(
        |send| {
            paths
                .iter()
                .map(|path| {
                    let read = ingest::ingest(path, opts, &mut |batch| send(Item::Records(batch)));
                    send(Item::FileEnd);
                    read
                })
                .collect::<Vec<FileResult>>()
        },
        |items| {
            let mut files = Vec::new();
            let mut counts = Counts::default();
            for item in items {
                let batch = match item {
                    Item::Records(batch) => batch,
                    Item::FileEnd => {
                        files.push(std::mem::take(&mut counts));
                        continue;
                    }
                };
                for read in batch.records {
                    counts.add(if batch.export {
                        merge.correct(read.hazard, read.identity)?
                    } else {
                        merge.apply(read.hazard, read.identity)?
                    });
                }
            }
            anyhow::Ok(files)
        },
    );
    Ok(read.into_iter().zip(merged?).collect())
}

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let ws = Workspace::require(workspace)?;
    if ws.config.organisation.district {
        let request = district::Request {
            files: &args.files,
            as_of: args.as_of,
            org: args.org.as_deref(),
            dry_run: args.dry_run,
        };
        return district::run(&request, &ws, lang);
    }
    let progress = Progress::start(lang.pick("读取台账库", "loading the store"));
    let mut store = Store::open_for_write(&ws.root, lang)?;
    progress.set_message(lang.pick("读取台账", "reading ledgers"));
    let opts = ingest::Options {
        config: &ws.config,
        division: ws.division.as_ref(),
        as_of: args.as_of,
        today: super::today(),
        progress: Some(&progress),
        keep_findings: FINDINGS_SHOWN,
        only_sheet: None,
    };
    let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let logged = store.imports_log()?;
    let mut merge = Merge::new(&mut store, &ws.config, at.clone())?;
    merge.reserve(
        args.files
            .iter()
            .filter_map(|f| crate::read::csv::estimated_lines(f))
            .sum(),
    );
    let names = DeptNames(ws.division.as_ref());
    // Nothing is written before every file has been read without failing.
    let files = read_and_merge(&args.files, &opts, &mut merge)?;
    progress.set_message(lang.pick("写入台账库", "writing the store"));
    let results: Vec<&FileResult> = files.iter().map(|(r, ..)| r).collect();
    for note in check::skipped_sheets(&results, lang) {
        eprintln!("{note}");
    }
    let unreadable: Vec<_> = results.iter().filter(|r| r.outcome.is_err()).collect();
    if !unreadable.is_empty() {
        for r in unreadable {
            if let Err(e) = &r.outcome {
                eprintln!("{}", say::cannot_read(&r.name(), &e.message(lang), lang));
            }
        }
        eprintln!("{}", say::unreadable_wrote_nothing(lang));
        return Ok(Outcome::Incomplete);
    }
    let errors: usize = results
        .iter()
        .filter_map(|r| r.outcome.as_ref().ok())
        .map(|l| l.count(Severity::Error))
        .sum();
    let style = Style::stdout();
    let mut log = Vec::new();
    let mut out = String::new();
    for (result, counts) in &files {
        let Ok(ledger) = &result.outcome else {
            continue;
        };
        let name = result.name();
        let line = counts.line(
            &at,
            name.clone(),
            ledger,
            reported_for(ledger, &args.dept, names),
        );
        // An export coming back is the store's own view, not a submission.
        if !ledger.export && !imports::already_logged(&logged, &line) {
            log.push(line);
        }
        out.push_str(&say::file_summary(&name, ledger, counts, lang));
        check::file_block(&mut out, ledger, Some(FINDINGS_SHOWN), lang, style);
    }
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
