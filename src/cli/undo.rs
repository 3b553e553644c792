//! `ledger undo [N]`: revert the latest import (or import N) by appending
//! the inverse of its changes to the history.

use super::{Context, Outcome};
use crate::i18n::Lang;
use crate::render::undo;

#[derive(clap::Args)]
pub struct Args {
    /// The import's number as `ledger imports` shows it (default: the latest not undone).
    #[arg(value_name = "N")]
    number: Option<i64>,
    /// Show what would change, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let _ws = ctx.workspace()?;
    let mut store = ctx.store_for_write()?;
    let at = ctx.now();
    let plan = store.undo(args.number, args.dry_run, &at)?;
    super::output::print(&undo::as_table(&plan, lang))?;
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
