//! `ledger import` in a district workspace: each file is one 镇街's
//! submission, merged under that 镇街 (see [`crate::report::district_import`]).

use crate::cli::{Context, Outcome};
use crate::finding::Severity;
use crate::ingest;
use crate::render::Style;
use crate::render::submit as say;
use crate::report::district_import::{self, Submission};
use crate::store::merge::Merge;

/// Findings listed per file, as a sub-district's import lists them.
const FINDINGS_SHOWN: usize = 100;

pub fn run(args: &super::Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let (lang, ws) = (ctx.lang, ctx.workspace()?);
    let Some(division) = ws.division.as_ref() else {
        anyhow::bail!(
            "{}",
            lang.pick(
                "区级工作区需要 tasks.toml 列出各镇街（[[members]]）",
                "a district workspace needs tasks.toml to list its 镇街 ([[members]])"
            )
        );
    };
    let opts = ingest::Options {
        config: &ws.config,
        division: None,
        as_of: args.as_of,
        today: ctx.today,
        progress: None,
        keep_findings: FINDINGS_SHOWN,
        only_sheet: None,
    };
    let mut submissions: Vec<Submission> = Vec::new();
    for path in &args.files {
        let s = district_import::read(path, &opts, args.org.as_deref(), division)?;
        if let Err(e) = &s.result.outcome {
            eprintln!(
                "{}",
                say::cannot_read(&s.result.name(), &e.message(lang), lang)
            );
            return Ok(Outcome::Incomplete);
        }
        submissions.push(s);
    }
    let mut store = ctx.store_for_write()?;
    let logged = store.imports_log()?;
    let at = ctx.now();
    let mut merge = Merge::new(&mut store, &ws.config, at.clone())?;
    merge.for_district();
    let (merged, log) = district_import::merge(&mut submissions, &mut merge, &at, &logged)?;
    let out = say::blocks(&submissions, &merged, FINDINGS_SHOWN, lang, Style::stdout());
    crate::cli::output::print(&out)?;
    if args.dry_run {
        eprintln!("{}", crate::render::import::dry_run(lang));
    } else {
        merge.commit(&log)?;
    }
    let misstated: usize = submissions.iter().map(|s| s.discrepancies.len()).sum();
    if misstated > 0 {
        eprintln!("{}", say::misstated(misstated, lang));
    }
    let read = submissions
        .iter()
        .filter_map(|s| s.result.outcome.as_ref().ok());
    let errors: usize = read.map(|l| l.count(Severity::Error)).sum();
    Ok(if errors + misstated > 0 {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}
