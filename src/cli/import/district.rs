//! `ledger import` in a district workspace: each file is one 镇街's
//! submission (its monthly report workbook, its export, or any ledger file),
//! merged under that 镇街, with a report workbook's own figures checked
//! against its 台账 rows.

use crate::cli::Outcome;
use crate::finding::Severity;
use crate::i18n::Lang;
use crate::ingest::{self, FileResult, Incoming, district};
use crate::read::submission::{self, LEDGER_SHEET, ReportBook};
use crate::render::Style;
use crate::render::check;
use crate::render::submit as say;
use crate::report::crosscheck::{self, Discrepancy};
use crate::report::filter::Month;
use crate::report::import::Counts;
use crate::store::Store;
use crate::store::imports::already_logged;
use crate::store::merge::Merge;
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
                eprintln!("{}", say::cannot_read(&name, &e.message(lang), lang));
                return Ok(Outcome::Incomplete);
            }
        };
        let as_of = args.as_of.or(book.as_ref().and_then(|b| b.as_of));
        let opts = ingest::Options {
            config: &ws.config,
            division: None,
            as_of,
            today: crate::cli::today(),
            progress: None,
            keep_findings: FINDINGS_SHOWN,
            only_sheet: book.as_ref().map(|_| LEDGER_SHEET),
        };
        let mut records = Vec::new();
        let result = ingest::ingest(path, &opts, &mut |batch| records.extend(batch.records));
        let ledger = match &result.outcome {
            Ok(ledger) => ledger,
            Err(e) => {
                eprintln!("{}", say::cannot_read(&name, &e.message(lang), lang));
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
        let mut counts = Counts::default();
        merge.start_file();
        for r in s.records {
            counts.add(if ledger.export {
                merge.correct(r.hazard, r.identity)?
            } else {
                merge.apply(r.hazard, r.identity)?
            });
        }
        let name = s.result.name();
        let month = Month::of(ledger.as_of);
        let withdrawn = if ledger.export {
            0
        } else {
            merge.withdraw_unlisted(&s.org, month.first_day(), month.last_day(), &name)?
        };
        let line = counts.line(&at, name.clone(), ledger, vec![s.org.clone()]);
        if !already_logged(&logged, &line) {
            log.push(line);
        }
        out.push_str(&say::file_summary(
            &name, &s.org, ledger, &counts, withdrawn, lang,
        ));
        for d in &s.discrepancies {
            out.push_str(&say::discrepancy_line(&s.org, d, lang));
        }
        misstated += s.discrepancies.len();
        errors += ledger.count(Severity::Error);
        check::file_block(&mut out, ledger, Some(FINDINGS_SHOWN), lang, style);
    }
    print!("{out}");
    if args.dry_run {
        eprintln!("{}", crate::render::import::dry_run(lang));
    } else {
        merge.commit(&log)?;
    }
    if misstated > 0 {
        eprintln!("{}", say::misstated(misstated, lang));
    }
    Ok(if errors + misstated > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
