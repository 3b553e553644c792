//! `ledger check FILE...`: read ledgers and say precisely what is wrong.

use super::output::{self, Kind, Layouts, Rendered, Target};
use super::{Format, Outcome, ReportFormat};
use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::i18n::Lang;
use crate::ingest::{self, FileResult, Ledger};
use crate::record::Hazard;
use crate::render::record::RecordJson;
use crate::render::tables::{FINDINGS, FindingLine};
use crate::render::tabular::{self, Sheet};
use crate::render::{self, Style};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

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
        json: || render::json(&json(&results, &totals, lang)),
        table: || table(&results, &totals, lang, style),
        sheets: || {
            vec![Sheet {
                name: "问题",
                title: lang.pick(
                    format!(
                        "台账检查结果：{} 个错误，{} 个警告",
                        totals.errors, totals.warnings
                    ),
                    format!(
                        "ledger check: {} errors, {} warnings",
                        totals.errors, totals.warnings
                    ),
                ),
                heads: tabular::heads(&FINDINGS).collect(),
                rows: Box::new(
                    finding_lines(&results, lang)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .map(|f| tabular::cells(&FINDINGS, &f)),
                ),
                lang,
            }]
        },
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
/// Every finding of every file, and each file that could not be read.
fn finding_lines(
    results: &[(FileResult, Vec<Hazard>)],
    lang: Lang,
) -> impl Iterator<Item = FindingLine> + '_ {
    results.iter().flat_map(move |(r, _)| {
        let file = r.name();
        let lines: Vec<FindingLine> = match &r.outcome {
            Err(e) => vec![FindingLine {
                file,
                error: true,
                location: String::new(),
                code: "unreadable",
                message: e.message(lang),
            }],
            Ok(ledger) => ledger
                .findings
                .iter()
                .map(|f| FindingLine {
                    file: file.clone(),
                    error: f.severity() == Severity::Error,
                    location: f.location(lang),
                    code: f.problem.code(),
                    message: f.problem.message(lang),
                })
                .collect(),
        };
        lines
    })
}

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
                eprintln!(
                    "{}",
                    lang.pick(
                        format!("错误：{name} 无法读取：{}", e.message(lang)),
                        format!("error: {name} is unreadable: {}", e.message(lang)),
                    )
                );
                outcome = Outcome::Incomplete;
            }
        }
    }
    let path = match target {
        Target::File(path, _) => Some(path),
        Target::Stdout(_) => None,
    };
    if path.is_some() {
        crate::render::table::for_file();
    }
    let text = match target {
        Target::Stdout(Format::Json) | Target::File(_, Kind::Json) => {
            let files: Vec<_> = all
                .iter()
                .map(|(file, sheets)| {
                    serde_json::json!({ "file": file, "sheets": render::columns::json(sheets, lang) })
                })
                .collect();
            render::json(&files)
        }
        _ => all
            .iter()
            .map(|(file, sheets)| render::columns::table(file, sheets, lang))
            .collect(),
    };
    output::emit(Rendered::Text(text), path, false)?;
    Ok(outcome)
}

/// Sheets without a ledger header are skipped, said on stderr.
pub fn report_skipped_sheets(results: &[&FileResult], lang: Lang) {
    for r in results {
        let Ok(ledger) = &r.outcome else { continue };
        for s in ledger.sheets.iter().filter(|s| s.header_row.is_none()) {
            eprintln!(
                "{}",
                lang.pick(
                    format!(
                        "说明：{} 的工作表“{}”没有台账表头，已跳过",
                        r.name(),
                        s.name
                    ),
                    format!(
                        "note: sheet '{}' of {} has no ledger header; skipped",
                        s.name,
                        r.name()
                    ),
                )
            );
        }
    }
}

#[derive(Default, Serialize)]
struct Totals {
    files: usize,
    records: usize,
    errors: usize,
    warnings: usize,
    #[serde(skip)]
    unreadable: usize,
}

impl Totals {
    fn of(results: &[&FileResult]) -> Totals {
        let mut t = Totals {
            files: results.len(),
            ..Totals::default()
        };
        for r in results {
            match &r.outcome {
                Ok(l) => {
                    t.records += l.rows;
                    t.errors += l.count(Severity::Error);
                    t.warnings += l.count(Severity::Warning);
                }
                Err(_) => t.unreadable += 1,
            }
        }
        t
    }
}

fn table(
    results: &[(FileResult, Vec<Hazard>)],
    totals: &Totals,
    lang: Lang,
    style: Style,
) -> String {
    let mut out = String::new();
    for (r, _) in results {
        out.push_str(&style.bold(&format!("== {} ==", r.name())));
        out.push('\n');
        match &r.outcome {
            Err(e) => {
                out.push_str(&style.red(&lang.pick(
                    format!("无法读取：{}", e.message(lang)),
                    format!("unreadable: {}", e.message(lang)),
                )));
                out.push_str("\n\n");
            }
            Ok(ledger) => file_block(&mut out, ledger, Some(FINDINGS_LISTED), lang, style),
        }
    }
    out.push_str(&lang.pick(
        format!(
            "合计：{} 个文件，{} 条记录，{} 个错误，{} 个警告",
            totals.files, totals.records, totals.errors, totals.warnings
        ),
        format!(
            "total: {} files, {} records, {} errors, {} warnings",
            totals.files, totals.records, totals.errors, totals.warnings
        ),
    ));
    if totals.unreadable > 0 {
        out.push_str(&lang.pick(
            format!("，{} 个文件无法读取", totals.unreadable),
            format!(", {} files unreadable", totals.unreadable),
        ));
    }
    out.push('\n');
    out
}

/// Findings `check` lists in its table; JSON has them all.
const FINDINGS_LISTED: usize = 1000;

/// A file's findings as a table (the first `limit` of the kept ones, with a
/// count of the rest by code) and its totals.
pub fn file_block(
    out: &mut String,
    ledger: &Ledger,
    limit: Option<usize>,
    lang: Lang,
    style: Style,
) {
    let shown = limit.unwrap_or(usize::MAX).min(ledger.findings.len());
    let records = ledger.rows;
    if shown > 0 {
        let headers = [
            lang.pick("级别", "severity"),
            lang.pick("位置", "location"),
            lang.pick("代码", "code"),
            lang.pick("说明", "message"),
        ];
        let rows = ledger.findings[..shown].iter().map(|f| {
            let word = f.severity().word(lang);
            let severity = match f.severity() {
                Severity::Error => style.cell(word, comfy_table::Color::Red),
                Severity::Warning => style.cell(word, comfy_table::Color::Yellow),
            };
            vec![
                severity,
                f.location(lang).into(),
                f.problem.code().into(),
                f.problem.message(lang).into(),
            ]
        });
        out.push_str(&render::table::table(&headers, rows).to_string());
        out.push('\n');
    }
    let total = ledger.counts.errors + ledger.counts.warnings;
    if shown < total {
        out.push_str(&more_findings(ledger, shown, lang));
    }
    out.push_str(&lang.pick(
        format!(
            "{records} 条记录，{} 个错误，{} 个警告",
            ledger.count(Severity::Error),
            ledger.count(Severity::Warning)
        ),
        format!(
            "{records} records, {} errors, {} warnings",
            ledger.count(Severity::Error),
            ledger.count(Severity::Warning)
        ),
    ));
    out.push_str("\n\n");
}

/// The findings not listed, counted by code.
fn more_findings(ledger: &Ledger, shown: usize, lang: Lang) -> String {
    let listed = &ledger.findings[..shown];
    let rest: Vec<(&str, usize)> = ledger
        .counts
        .by_code
        .iter()
        .map(|(code, n)| {
            (
                *code,
                n - listed.iter().filter(|f| f.problem.code() == *code).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let count: usize = rest.iter().map(|(_, n)| n).sum();
    let list = rest
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    lang.pick(
        format!(
            "……另有 {count} 条未列出（{list}）；`ledger check 文件 --format json` 可列出全部\n"
        ),
        format!(
            "… {count} more not listed ({list}); `ledger check FILE --format json` lists them all\n"
        ),
    )
}

#[derive(Serialize)]
struct CheckJson<'a> {
    files: Vec<FileJson<'a>>,
    summary: &'a Totals,
}

#[derive(Serialize)]
struct FileJson<'a> {
    file: String,
    status: &'static str,
    error: Option<String>,
    sheets: Vec<SheetJson<'a>>,
    records: Vec<RecordJson<'a>>,
    findings: Vec<FindingJson>,
}

#[derive(Serialize)]
struct SheetJson<'a> {
    name: &'a str,
    /// One-based, as the spreadsheet shows it; null for a skipped sheet.
    header_row: Option<u32>,
    rows: usize,
}

#[derive(Serialize)]
pub struct FindingJson {
    code: &'static str,
    severity: Severity,
    sheet: String,
    row: u32,
    cell: Option<String>,
    message: String,
}

impl FindingJson {
    pub fn new(f: &Finding, lang: Lang) -> FindingJson {
        FindingJson {
            code: f.problem.code(),
            severity: f.severity(),
            sheet: f.sheet.clone(),
            row: f.row + 1,
            cell: f.cell(),
            message: f.problem.message(lang),
        }
    }
}

fn json<'a>(
    results: &'a [(FileResult, Vec<Hazard>)],
    totals: &'a Totals,
    lang: Lang,
) -> CheckJson<'a> {
    let files = results
        .iter()
        .map(|(r, records)| match &r.outcome {
            Err(e) => FileJson {
                file: r.path.display().to_string(),
                status: "unreadable",
                error: Some(e.message(lang)),
                sheets: Vec::new(),
                records: Vec::new(),
                findings: Vec::new(),
            },
            Ok(l) => FileJson {
                file: r.path.display().to_string(),
                status: "ok",
                error: None,
                sheets: l
                    .sheets
                    .iter()
                    .map(|s| SheetJson {
                        name: &s.name,
                        header_row: s.header_row.map(|r| r + 1),
                        rows: s.rows,
                    })
                    .collect(),
                records: records.iter().map(|h| RecordJson::new(h, false)).collect(),
                findings: l
                    .findings
                    .iter()
                    .map(|f| FindingJson::new(f, lang))
                    .collect(),
            },
        })
        .collect();
    CheckJson {
        files,
        summary: totals,
    }
}
