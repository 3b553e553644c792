//! `check` laid out: the findings' JSON, terminal table and sheet, each
//! file's block of findings (shared with `import` and `submit`), and the
//! notes and `--columns` text the command writes.

use super::record::RecordJson;
use super::tables::{FINDINGS, FindingLine};
use super::tabular::{self, Sheet};
use super::{Style, table};
use crate::finding::{Finding, Severity};
use crate::i18n::Lang;
use crate::ingest::{FileResult, Ledger};
use crate::read::SheetLayout;
use crate::record::Hazard;
use crate::report::check::{self, Totals};
use serde::Serialize;

/// The 问题 sheet: every finding, and each file that could not be read.
pub fn sheet<'a>(
    results: &'a [(FileResult, Vec<Hazard>)],
    totals: &Totals,
    lang: Lang,
) -> Sheet<'a> {
    Sheet {
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
            finding_lines(results, lang)
                .collect::<Vec<_>>()
                .into_iter()
                .map(|f| tabular::cells(&FINDINGS, &f)),
        ),
        lang,
    }
}

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

/// The terminal table: each file's findings under its name, then the totals.
pub fn table(
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
        out.push_str(&table::table(&headers, rows).to_string());
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
    let rest = check::unlisted(ledger, shown);
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

/// `--columns`: each file's headers as read, as JSON or as tables.
pub fn columns(files: &[(String, Vec<SheetLayout>)], json: bool, lang: Lang) -> String {
    if json {
        let files: Vec<_> = files
            .iter()
            .map(|(file, sheets)| {
                serde_json::json!({ "file": file, "sheets": super::columns::json(sheets, lang) })
            })
            .collect();
        super::json(&files)
    } else {
        files
            .iter()
            .map(|(file, sheets)| super::columns::table(file, sheets, lang))
            .collect()
    }
}

/// The error `--columns` gives for a file it cannot read.
pub fn unreadable(name: &str, message: &str, lang: Lang) -> String {
    lang.pick(
        format!("错误：{name} 无法读取：{message}"),
        format!("error: {name} is unreadable: {message}"),
    )
}

/// A note for each sheet without a ledger header, skipped.
pub fn skipped_sheets<'a>(
    results: &'a [&FileResult],
    lang: Lang,
) -> impl Iterator<Item = String> + 'a {
    results.iter().flat_map(move |r| {
        let sheets = r
            .outcome
            .as_ref()
            .map(|l| l.sheets.as_slice())
            .unwrap_or_default();
        sheets
            .iter()
            .filter(|s| s.header_row.is_none())
            .map(move |s| {
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
            })
    })
}

#[derive(Serialize)]
pub struct CheckJson<'a> {
    files: Vec<FileJson<'a>>,
    summary: TotalsJson,
}

#[derive(Serialize)]
struct TotalsJson {
    files: usize,
    records: usize,
    errors: usize,
    warnings: usize,
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
struct FindingJson {
    code: &'static str,
    severity: Severity,
    sheet: String,
    row: u32,
    cell: Option<String>,
    message: String,
}

impl FindingJson {
    fn new(f: &Finding, lang: Lang) -> FindingJson {
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

/// The JSON `check` prints: every file's sheets, records and findings, and the totals.
pub fn json<'a>(
    results: &'a [(FileResult, Vec<Hazard>)],
    totals: &Totals,
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
        summary: TotalsJson {
            files: totals.files,
            records: totals.records,
            errors: totals.errors,
            warnings: totals.warnings,
        },
    }
}
