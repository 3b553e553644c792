//! `ledger imports`: the files imported so far, newest first: when, which
//! file, for which date, and what each changed.

use super::{Context, Outcome, ReportFormat};
use crate::i18n::Lang;
use crate::render::{self, table};
use crate::store::imports::Listed;

#[derive(clap::Args)]
pub struct Args {
    /// Output format: table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let _ws = ctx.workspace()?;
    let store = ctx.store()?;
    let mut lines = store.imports()?;
    lines.reverse();
    match args.format {
        ReportFormat::Json => super::output::print(&render::json(&lines))?,
        ReportFormat::Table => super::output::print(&as_table(&lines, lang))?,
    }
    Ok(Outcome::Ok)
}

fn as_table(lines: &[Listed], lang: Lang) -> String {
    if lines.is_empty() {
        return lang
            .pick("还没有导入过台账\n", "nothing has been imported yet\n")
            .to_string();
    }
    let headers = [
        lang.pick("编号", "no."),
        lang.pick("导入时间", "imported"),
        lang.pick("文件", "file"),
        lang.pick("填报日期", "as of"),
        lang.pick("行数", "rows"),
        lang.pick("新增", "inserted"),
        lang.pick("更新", "updated"),
        lang.pick("未变", "unchanged"),
        lang.pick("早于库中", "older"),
        lang.pick("撤销", "undone"),
    ];
    let rows = lines.iter().map(|listed| {
        let l = &listed.line;
        vec![
            listed.number.to_string(),
            render::time::local(&l.at),
            l.file.clone(),
            l.as_of.to_string(),
            l.rows.to_string(),
            l.inserted.to_string(),
            l.updated.to_string(),
            l.unchanged.to_string(),
            l.stale.to_string(),
            listed
                .undone
                .as_deref()
                .map(render::time::local)
                .unwrap_or_default(),
        ]
    });
    format!("{}\n", table::table(&headers, rows))
}
