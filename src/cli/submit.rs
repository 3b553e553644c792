//! `ledger import` in a district workspace: each file is one 镇街's
//! submission (its monthly report workbook, its export, or any ledger file),
//! merged under that 镇街, with a report workbook's own figures checked
//! against its 台账 rows.

use super::Outcome;
use super::check;
use crate::finding::Severity;
use crate::i18n::Lang;
use crate::ingest::{self, FileResult, Incoming, district};
use crate::read::submission::{self, LEDGER_SHEET, ReportBook};
use crate::render::Style;
use crate::report::crosscheck::{self, Discrepancy};
use crate::report::filter::Month;
use crate::store::Store;
use crate::store::imports::{ImportLine, already_logged};
use crate::store::merge::{Merge, Outcome as Merged};
use crate::workspace::Workspace;

/// Findings listed per file, as a sub-district's import lists them.
const FINDINGS_SHOWN: usize = 100;

/// What the import command was asked, as a district reads it.
pub struct Request<'a> {
    pub files: &'a [std::path::PathBuf],
    pub as_of: Option<chrono::NaiveDate>,
    /// `--org`: the 镇街, when a file does not say.
    pub org: Option<&'a str>,
    pub dry_run: bool,
}

/// One submission as read: its records under their 镇街, what reading found,
/// and what its own figures misstate.
struct Submission {
    result: FileResult,
    org: String,
    records: Vec<Incoming>,
    discrepancies: Vec<Discrepancy>,
}

pub fn run(args: &Request<'_>, ws: &Workspace, lang: Lang) -> anyhow::Result<Outcome> {
    let Some(division) = ws.division.as_ref() else {
        anyhow::bail!(
            "{}",
            lang.pick(
                "区级工作区需要 tasks.toml 列出各镇街（[[members]]）",
                "a district workspace needs tasks.toml to list its 镇街 ([[members]])"
            )
        );
    };
    let mut submissions = Vec::new();
    for path in args.files {
        let name = ingest::display_name(path);
        let book = match submission::scan(path) {
            Ok(book) => book,
            Err(e) => {
                eprintln!(
                    "{}",
                    lang.pick(
                        format!(
                            "无法读取 {name}：{}；本次导入未写入任何内容",
                            e.message(lang)
                        ),
                        format!(
                            "cannot read {name}: {}; nothing was imported",
                            e.message(lang)
                        )
                    )
                );
                return Ok(Outcome::Incomplete);
            }
        };
        let as_of = args.as_of.or(book.as_ref().and_then(|b| b.as_of));
        let opts = ingest::Options {
            config: &ws.config,
            division: None,
            as_of,
            today: super::today(),
            progress: None,
            keep_findings: FINDINGS_SHOWN,
            only_sheet: book.as_ref().map(|_| LEDGER_SHEET),
        };
        let mut records = Vec::new();
        let result = ingest::ingest(path, &opts, &mut |batch| records.extend(batch.records));
        let ledger = match &result.outcome {
            Ok(ledger) => ledger,
            Err(e) => {
                eprintln!(
                    "{}",
                    lang.pick(
                        format!(
                            "无法读取 {name}：{}；本次导入未写入任何内容",
                            e.message(lang)
                        ),
                        format!(
                            "cannot read {name}: {}; nothing was imported",
                            e.message(lang)
                        )
                    )
                );
                return Ok(Outcome::Incomplete);
            }
        };
        let mut texts: Vec<&str> = book.iter().map(|b: &ReportBook| b.title.as_str()).collect();
        texts.extend(ledger.titles.iter().map(String::as_str));
        texts.extend(ledger.reporting.iter().map(String::as_str));
        let org = district::resolve(&texts, args.org, division)
            .map_err(|why| district::Refused {
                file: name.clone(),
                why,
            })?
            .to_string();
        let discrepancies = book.as_ref().map_or_else(Vec::new, |b| {
            let hazards: Vec<_> = records.iter().map(|r| r.hazard.clone()).collect();
            crosscheck::check(b, &hazards, ledger.as_of)
        });
        for r in &mut records {
            if let Some((_, tier)) = book
                .iter()
                .flat_map(|b| &b.listed)
                .find(|(id, _)| id == crate::text::trim(&r.hazard.id))
            {
                district::list(&mut r.hazard, tier);
            }
            district::assign(&mut r.hazard, &org);
        }
        submissions.push(Submission {
            result,
            org,
            records,
            discrepancies,
        });
    }
    merge(args, ws, submissions, lang)
}

/// Merges every submission in one transaction and reports each file.
fn merge(
    args: &Request<'_>,
    ws: &Workspace,
    submissions: Vec<Submission>,
    lang: Lang,
) -> anyhow::Result<Outcome> {
    let mut store = Store::open_for_write(&ws.root, lang)?;
    let logged = store.imports_log()?;
    let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let mut merge = Merge::new(&mut store, &ws.config, at.clone())?;
    merge.for_district();
    let style = Style::stdout();
    let (mut log, mut out) = (Vec::new(), String::new());
    let (mut errors, mut misstated) = (0, 0);
    for s in submissions {
        let Ok(ledger) = &s.result.outcome else {
            continue;
        };
        let mut counts = [0usize; 4];
        merge.start_file();
        for r in s.records {
            let outcome = if ledger.export {
                merge.correct(r.hazard, r.identity)?
            } else {
                merge.apply(r.hazard, r.identity)?
            };
            counts[match outcome {
                Merged::Inserted => 0,
                Merged::Updated => 1,
                Merged::Unchanged => 2,
                Merged::Stale => 3,
            }] += 1;
        }
        let name = s.result.name();
        let month = Month::of(ledger.as_of);
        let withdrawn = if ledger.export {
            0
        } else {
            merge.withdraw_unlisted(&s.org, month.first_day(), month.last_day(), &name)?
        };
        let line = ImportLine {
            at: at.clone(),
            file: name.clone(),
            fingerprint: format!("{:016x}", ledger.fingerprint),
            as_of: ledger.as_of,
            rows: ledger.rows,
            inserted: counts[0],
            updated: counts[1],
            unchanged: counts[2],
            stale: counts[3],
            depts: vec![s.org.clone()],
        };
        if !already_logged(&logged, &line) {
            log.push(line);
        }
        out.push_str(&lang.pick(
            format!(
                "== {name} ==\n{}，填报日期 {}：新增 {}，更新 {}，未变 {}{}\n",
                s.org,
                ledger.as_of,
                counts[0],
                counts[1],
                counts[2],
                if withdrawn > 0 {
                    format!("，撤回当月此前报送而本次未列的 {withdrawn} 条")
                } else {
                    String::new()
                }
            ),
            format!(
                "== {name} ==\n{}, as of {}: {} inserted, {} updated, {} unchanged{}\n",
                s.org,
                ledger.as_of,
                counts[0],
                counts[1],
                counts[2],
                if withdrawn > 0 {
                    format!(", {withdrawn} withdrawn (listed by an earlier submission for the month, not this one)")
                } else {
                    String::new()
                }
            ),
        ));
        for d in &s.discrepancies {
            out.push_str(&discrepancy_line(&s.org, d, lang));
        }
        misstated += s.discrepancies.len();
        errors += ledger.count(Severity::Error);
        check::file_block(&mut out, ledger, Some(FINDINGS_SHOWN), lang, style);
    }
    print!("{out}");
    if args.dry_run {
        eprintln!(
            "{}",
            lang.pick(
                "试运行（--dry-run）：未写入任何内容",
                "dry run: nothing was written"
            )
        );
    } else {
        merge.commit(&log)?;
    }
    if misstated > 0 {
        eprintln!(
            "{}",
            lang.pick(
                format!("有 {misstated} 个报送数字与其台账不符，见上；台账已按行导入"),
                format!("{misstated} submitted figures differ from their own 台账 rows (above); the rows were imported")
            )
        );
    }
    Ok(if errors + misstated > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

fn discrepancy_line(org: &str, d: &Discrepancy, lang: Lang) -> String {
    lang.pick(
        format!(
            "核对不符  {org} {}!{}（{} {}）：报 {}，按台账应为 {}\n",
            d.sheet, d.cell, d.name, d.column, d.stated, d.recomputed
        ),
        format!(
            "mismatch  {org} {}!{} ({} {}): states {}, its 台账 gives {}\n",
            d.sheet, d.cell, d.name, d.column, d.stated, d.recomputed
        ),
    )
}
