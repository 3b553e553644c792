//! `ledger import`'s words: each file's summary on stdout, and what it
//! says on stderr when it writes nothing or merges rows with errors.

use super::Style;
use crate::i18n::Lang;
use crate::ingest::{FileResult, Ledger};
use crate::report::import::Counts;

/// Each file read: its summary, then its findings, the first `shown` listed.
pub fn file_blocks(
    files: &[(FileResult, Counts)],
    shown: usize,
    lang: Lang,
    style: Style,
) -> String {
    let mut out = String::new();
    for (result, counts) in files {
        let Ok(ledger) = &result.outcome else {
            continue;
        };
        out.push_str(&file_summary(&result.name(), ledger, counts, lang));
        super::check::file_block(&mut out, ledger, Some(shown), lang, style);
    }
    out
}

/// Each file that could not be read and why, and that nothing was written;
/// none when every file was read.
pub fn unreadable(results: &[&FileResult], lang: Lang) -> Option<String> {
    let lines: Vec<String> = results
        .iter()
        .filter_map(|r| r.outcome.as_ref().err().map(|e| (r, e)))
        .map(|(r, e)| cannot_read(&r.name(), &e.message(lang), lang))
        .collect();
    (!lines.is_empty()).then(|| format!("{}\n{}", lines.join("\n"), unreadable_wrote_nothing(lang)))
}

/// The heading of a file's block: its date and how its records merged.
pub fn file_summary(name: &str, ledger: &Ledger, c: &Counts, lang: Lang) -> String {
    format!("== {name} ==\n{}\n", merged(ledger, c, lang))
}

/// A file's date and how its records merged, the rows older than the store
/// said only when there were some; a district's heading puts its 镇街 before.
pub fn merged(ledger: &Ledger, c: &Counts, lang: Lang) -> String {
    let (date, inserted, updated, unchanged) = (ledger.as_of, c.inserted, c.updated, c.unchanged);
    let mut out = lang.pick(
        format!("填报日期 {date}：新增 {inserted}，更新 {updated}，未变 {unchanged}"),
        format!("as of {date}: {inserted} inserted, {updated} updated, {unchanged} unchanged"),
    );
    if c.stale > 0 {
        out.push_str(&lang.pick(
            format!("，{} 条早于库中记录未更新", c.stale),
            format!(", {} older than the store, not applied", c.stale),
        ));
    }
    out
}

/// A file that could not be read, and why.
pub fn cannot_read(name: &str, why: &str, lang: Lang) -> String {
    lang.pick(
        format!("无法读取 {name}：{why}"),
        format!("cannot read {name}: {why}"),
    )
}

/// After the unreadable files: the import wrote nothing.
pub fn unreadable_wrote_nothing(lang: Lang) -> &'static str {
    lang.pick(
        "有文件无法读取，本次导入未写入任何内容",
        "some files could not be read; nothing was imported",
    )
}

/// `--strict` refusing an import with errors.
pub fn strict_refused(errors: usize, lang: Lang) -> String {
    lang.pick(
        format!("--strict：有 {errors} 个错误，未写入任何内容"),
        format!("--strict: {errors} errors; nothing was imported"),
    )
}

/// A dry run's last word.
pub fn dry_run(lang: Lang) -> &'static str {
    lang.pick(
        "试运行（--dry-run）：未写入任何内容",
        "dry run: nothing was written",
    )
}

/// An import that merged rows with errors: fix them and import again.
pub fn merged_with_errors(errors: usize, lang: Lang) -> String {
    lang.pick(
        format!("已导入；其中 {errors} 个错误所在的行也已并入，请按上面的位置改正后重新导入"),
        format!("imported; the rows with the {errors} errors were merged too: fix them where shown above and import again"),
    )
}
