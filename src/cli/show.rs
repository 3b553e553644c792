//! `ledger show ID`: one record and its history.

use super::{Context, Outcome, ReportFormat};
use crate::render::show;
use crate::store::history::Op;

#[derive(clap::Args)]
pub struct Args {
    /// The hazard's id (编号), e.g. YH-2022-0001.
    id: String,
    /// Output format: table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let _ws = ctx.workspace()?;
    let store = ctx.store()?;
    let id = args.id.trim();
    let Some(h) = store.hazard(id)? else {
        if store
            .history(id)?
            .last()
            .is_some_and(|e| e.op == Op::Remove)
        {
            anyhow::bail!(
                "{}",
                lang.pick(
                    format!("隐患 {id} 所在的导入已撤销（`ledger undo`），它已移出台账，编号不再使用"),
                    format!("hazard {id} was taken out when its import was undone (`ledger undo`); its id is not reused")
                )
            );
        }
        anyhow::bail!(
            "{}",
            lang.pick(
                format!("没有编号为 {id} 的隐患"),
                format!("no hazard with id {id}")
            )
        );
    };
    let history = store.history(&h.id)?;
    match args.format {
        ReportFormat::Json => super::output::print(&show::json(&h, &history))?,
        ReportFormat::Table => super::output::print(&show::show_table(&h, &history, lang))?,
    }
    Ok(Outcome::Ok)
}
