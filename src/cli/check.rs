//! `ledger check FILE...`: read ledgers and say precisely what is wrong.

use super::output::{self, Kind, Layouts, Rendered, Target};
use super::{Format, Outcome, ReportFormat};
use crate::config::Config;
use crate::i18n::Lang;
use crate::ingest::{self, FileResult};
use crate::record::Hazard;
use crate::render::{self, Style, check};
use crate::report::check::Totals;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

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

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    // The header readings are not rows of findings: no sheet to write them in.
    let accepts = if args.columns {
        &[Kind::Json, Kind::Txt][..]
    } else {
        output::ROWS
    };
    let format = args.format.map(Format::from);
    let target = output::target(format, args.output.as_deref(), accepts)?;
    // Inside a workspace its rules apply; elsewhere the defaults of docs/rules.md.
    let ws = Workspace::locate(workspace)
        .map(|root| Workspace::open(&root))
        .transpose()?;
    let builtin = Config::builtin();
    let config = ws.as_ref().map_or(&builtin, |w| &w.config);
    if args.columns {
        return columns(&args, target, config, lang);
    }
    let opts = ingest::Options {
        config,
        division: ws.as_ref().and_then(|w| w.division.as_ref()),
        as_of: args.as_of,
        today: super::today(),
        progress: None,
        keep_findings: usize::MAX,
        only_sheet: None,
    };
    let results: Vec<(FileResult, Vec<Hazard>)> = args
        .files
        .iter()
        .map(|f| {
            let mut records = Vec::new();
            let result = ingest::ingest(f, &opts, &mut |batch| {
                records.extend(batch.records.into_iter().map(|r| r.hazard));
            });
            (result, records)
        })
        .collect();
    let files: Vec<&FileResult> = results.iter().map(|(r, _)| r).collect();
    report_skipped_sheets(&files, lang);
    let totals = Totals::of(&files);
    let style = match target {
        Target::Stdout(_) => Style::stdout(),
        Target::File(..) => Style { color: false },
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

/// `--columns`: each file's headers as read; an unreadable file is said on stderr.
fn columns(
    args: &Args,
    target: Target<'_>,
    config: &Config,
    lang: Lang,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::Ok;
    let mut all = Vec::new();
    for path in &args.files {
        let name = ingest::display_name(path);
        match crate::read::headers(path, &config.columns) {
            Ok(sheets) => all.push((name, sheets)),
            Err(e) => {
                eprintln!("{}", check::unreadable(&name, &e.message(lang), lang));
                outcome = Outcome::Incomplete;
            }
        }
    }
    let path = match target {
        Target::File(path, _) => Some(path),
        Target::Stdout(_) => None,
    };
    if path.is_some() {
        render::table::for_file();
    }
    let json = matches!(
        target,
        Target::Stdout(Format::Json) | Target::File(_, Kind::Json)
    );
    let text = check::columns(&all, json, lang);
    output::emit(Rendered::Text(text), path, false)?;
    Ok(outcome)
}

/// Sheets without a ledger header are skipped, said on stderr.
fn report_skipped_sheets(results: &[&FileResult], lang: Lang) {
    for note in check::skipped_sheets(results, lang) {
        eprintln!("{note}");
    }
}
