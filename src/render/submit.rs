//! What `ledger import` says in a district workspace: each submission's
//! summary and misstated figures on stdout, and its refusals on stderr.

use super::Style;
use crate::i18n::Lang;
use crate::ingest::Ledger;
use crate::report::crosscheck::Discrepancy;
use crate::report::district_import::{Merged, Submission};
use crate::report::import::Counts;

/// Each submission merged: its summary, its misstated figures, then its
/// findings, the first `shown` listed.
pub fn blocks(
    submissions: &[Submission],
    merged: &[Merged],
    shown: usize,
    lang: Lang,
    style: Style,
) -> String {
    let mut out = String::new();
    let read = submissions
        .iter()
        .filter_map(|s| Some((s, s.result.outcome.as_ref().ok()?)));
    for ((s, ledger), m) in read.zip(merged) {
        let name = s.result.name();
        out.push_str(&file_summary(
            &name,
            &s.org,
            ledger,
            &m.counts,
            m.withdrawn,
            lang,
        ));
        for d in &s.discrepancies {
            out.push_str(&discrepancy_line(&s.org, d, lang));
        }
        super::check::file_block(&mut out, ledger, Some(shown), lang, style);
    }
    out
}

/// The heading of a submission's block: its 镇街, its date, how its records
/// merged and how many of the month's earlier rows it withdrew.
pub fn file_summary(
    name: &str,
    org: &str,
    ledger: &Ledger,
    c: &Counts,
    withdrawn: usize,
    lang: Lang,
) -> String {
    let withdrawn = if withdrawn > 0 {
        lang.pick(
            format!("，撤回当月此前报送而本次未列的 {withdrawn} 条"),
            format!(
                ", {withdrawn} withdrawn (listed by an earlier submission for the month, not this one)"
            ),
        )
    } else {
        String::new()
    };
    let merged = super::import::merged(ledger, c, lang);
    let comma = lang.pick("，", ", ");
    format!("== {name} ==\n{org}{comma}{merged}{withdrawn}\n")
}

/// A figure the submission's report states that its own rows do not give.
pub fn discrepancy_line(org: &str, d: &Discrepancy, lang: Lang) -> String {
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

/// A submission that could not be read, after which nothing is imported.
pub fn cannot_read(name: &str, why: &str, lang: Lang) -> String {
    lang.pick(
        format!("无法读取 {name}：{why}；本次导入未写入任何内容"),
        format!("cannot read {name}: {why}; nothing was imported"),
    )
}

/// The count of misstated figures, once the rows are in.
pub fn misstated(misstated: usize, lang: Lang) -> String {
    lang.pick(
        format!("有 {misstated} 个报送数字与其台账不符，见上；台账已按行导入"),
        format!("{misstated} submitted figures differ from their own 台账 rows (above); the rows were imported"),
    )
}
