//! `ledger undo [N]`: revert the latest import (or import N) by appending
//! the inverse of its changes to the history.

use super::Outcome;
use crate::field::Field;
use crate::i18n::Lang;
use crate::render::table;
use crate::store::Store;
use crate::store::undo::Plan;
use crate::workspace::Workspace;
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// The import's number as `ledger imports` shows it (default: the latest not undone).
    #[arg(value_name = "N")]
    number: Option<i64>,
    /// Show what would change, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let ws = Workspace::require(workspace)?;
    let mut store = Store::open_for_write(&ws.root, lang)?;
    let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let plan = store.undo(args.number, args.dry_run, &at)?;
    super::output::print(&as_table(&plan, lang))?;
    let files = plan.files.join("、");
    let (removed, restored) = (plan.removed.len(), plan.restored.len());
    eprintln!(
        "{}",
        match (args.dry_run, lang) {
            (true, Lang::Zh) => format!(
                "试运行（--dry-run）：撤销第 {} 号导入（{files}）将移出 {removed} 条、恢复 {restored} 条；未写入任何内容",
                plan.number
            ),
            (true, Lang::En) => format!(
                "dry run: undoing import #{} ({files}) would take out {removed} and restore {restored}; nothing was written",
                plan.number
            ),
            (false, Lang::Zh) => format!(
                "已撤销第 {} 号导入（{files}）：移出 {removed} 条，恢复 {restored} 条；历史记录保留，编号不再使用",
                plan.number
            ),
            (false, Lang::En) => format!(
                "undid import #{} ({files}): {removed} taken out, {restored} restored; the history is kept and the ids are not reused",
                plan.number
            ),
        }
    );
    Ok(Outcome::Ok)
}

/// Store columns that follow from others shown beside them, left out of
/// the list (the history keeps them).
const DERIVED: &[&str] = &[
    "closed_source",
    "found_assumed",
    "long_term",
    "extension_approved",
];

/// A store column as a clerk knows it: its Annex 3 header in Chinese.
fn name(column: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return column.to_string();
    }
    let key = if column == "deadline_text" {
        "deadline"
    } else {
        column
    };
    Field::ALL
        .into_iter()
        .find(|f| f.key() == key)
        .map_or_else(|| column.to_string(), |f| f.label().to_string())
}

/// One line per hazard: what happens to it.
fn as_table(plan: &Plan, lang: Lang) -> String {
    if plan.removed.is_empty() && plan.restored.is_empty() {
        return String::new();
    }
    let headers = [
        lang.pick("编号", "id"),
        lang.pick("单位名称", "unit"),
        lang.pick("撤销", "undo"),
    ];
    let removed = plan.removed.iter().map(|h| {
        vec![
            h.id.to_string(),
            h.unit.to_string(),
            lang.pick("移出（本次导入新增）", "taken out (inserted by it)")
                .to_string(),
        ]
    });
    let restored = plan.restored.iter().map(|r| {
        let what = if r.changes.is_empty() {
            lang.pick(
                "恢复上次读到的位置和日期",
                "back to where and when it was last read",
            )
            .to_string()
        } else {
            r.changes
                .iter()
                .filter(|c| !DERIVED.contains(&c.field.as_str()))
                .map(|c| {
                    let shown = |v: &str| {
                        if v.is_empty() {
                            lang.pick("（空）", "(empty)").to_string()
                        } else {
                            v.to_string()
                        }
                    };
                    let colon = lang.pick("：", ": ");
                    let field = name(&c.field, lang);
                    format!("{field}{colon}{} → {}", shown(&c.from), shown(&c.to))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        vec![r.now.id.to_string(), r.now.unit.to_string(), what]
    });
    format!("{}\n", table::table(&headers, removed.chain(restored)))
}
