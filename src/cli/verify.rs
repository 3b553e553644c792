//! `ledger verify`: checks the store for damage and names what is damaged.

use super::{Context, Outcome};
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::verify::Damage;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let (path, report) = Store::verify(&ctx.workspace()?.root, lang)?;
    for damage in &report.damage {
        super::output::print(&format!("{}\n", describe(damage, lang)))?;
    }
    if report.damage.is_empty() {
        super::output::print(&lang.pick(
            format!(
                "台账库完好：{}，{} 条隐患，{} 条历史记录\n",
                path.display(),
                report.hazards,
                report.history
            ),
            format!(
                "the store is sound: {}, {} hazards, {} history entries\n",
                path.display(),
                report.hazards,
                report.history
            ),
        ))?;
        return Ok(Outcome::Ok);
    }
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "台账库 {} 有 {} 处损坏；请从备份恢复 store 目录",
                path.display(),
                report.damage.len()
            ),
            format!(
                "{} has {} damaged places; restore the store folder from a backup",
                path.display(),
                report.damage.len()
            ),
        )
    );
    Ok(Outcome::Failed)
}

fn describe(damage: &Damage, lang: Lang) -> String {
    match damage {
        Damage::File(detail) => lang.pick(
            format!("数据库文件结构损坏：{detail}"),
            format!("the database file is damaged: {detail}"),
        ),
        Damage::Hazard { pos, id } => lang.pick(
            format!("隐患 {id}（第 {pos} 行）在 ledger 之外被改动或已损坏"),
            format!("hazard {id} (row {pos}) was changed outside ledger or is damaged"),
        ),
        Damage::History { seq, id } => lang.pick(
            format!("历史记录第 {seq} 条（隐患 {id}）在 ledger 之外被改动或已损坏"),
            format!("history entry {seq} (hazard {id}) was changed outside ledger or is damaged"),
        ),
        Damage::ChainCut { expected, found } => lang.pick(
            format!("历史记录不完整或末条被改动：应有 {expected} 条，实有 {found} 条"),
            format!(
                "the history was cut or its last entry changed: {expected} entries recorded, {found} found"
            ),
        ),
        Damage::Unreadable(detail) => lang.pick(
            format!("数据库已损坏，无法读取：{detail}"),
            format!("the database is damaged and cannot be read: {detail}"),
        ),
    }
}
