//! `ledger export`: the whole ledger for Excel, to edit and import again.

use super::FilterArgs;
use super::output::{self, Kind, Rendered};
use super::{Context, Outcome};
use crate::atomic;
use crate::division::DeptNames;
use crate::progress::Progress;
use crate::record::Hazard;
use crate::render::export::Export;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// FILE.xlsx or FILE.csv (default: <organisation>台账导出-YYYY-MM-DD.xlsx here).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Leave cells that start with = + - @ as they are in CSV output.
    #[arg(long)]
    raw: bool,
    /// Mask phone numbers and unit heads' given names; importing such an export
    /// back never overwrites the real ones.
    #[arg(long)]
    redact: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let ws = ctx.workspace()?;
    let organisation = &ws.config.organisation.name;
    let today = ctx.today;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{organisation}台账导出-{today}.xlsx")));
    let kind = output::file_kind(&path, &[Kind::Xlsx, Kind::Csv])?;
    let progress = Progress::start(lang.pick("读取台账库", "loading the store"));
    let store = ctx.store()?;
    progress.set_message(lang.pick("导出", "exporting"));
    let filter = args.filters.filter(DeptNames(ws.division.as_ref()));
    let hazards = store.hazards(&filter.query(&store)?)?;
    let records: Vec<&Hazard> = hazards.iter().filter(|h| filter.accepts(h)).collect();
    let mut export = Export::new(organisation, today, records, args.redact);
    if let Some(division) = &ws.division {
        export.depts = division
            .departments
            .iter()
            .map(|d| d.name.clone())
            .collect();
    }
    match kind {
        Kind::Csv => {
            let title = [export.title.clone()];
            let header = export.headers();
            let rows = std::iter::once(title.to_vec())
                .chain(std::iter::once(
                    header.iter().map(|s| s.to_string()).collect(),
                ))
                .chain(
                    export
                        .records
                        .iter()
                        .map(|h| export.cells(h).iter().map(Export::text).collect()),
                );
            output::emit(
                Rendered::Csv {
                    header: &[],
                    rows: Box::new(rows),
                },
                Some(&path),
                args.raw,
            )?;
        }
        _ => atomic::write(&path, &export.xlsx()?)?,
    }
    drop(progress);
    output::print(&format!("{}\n", path.display()))?;
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "已导出 {} 条；按编号修改后可用 ledger import 导回",
                export.records.len()
            ),
            format!(
                "exported {} records; edit them and ledger import the file to apply the changes",
                export.records.len()
            ),
        )
    );
    Ok(Outcome::Ok)
}
