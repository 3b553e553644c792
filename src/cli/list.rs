//! `ledger list`: the stored records, filtered.

use super::output::{self, Layouts};
use super::{Context, Outcome};
use super::{FilterArgs, Format};
use crate::division::DeptNames;
use crate::record::Hazard;
use crate::render::record::RecordJson;
use crate::render::tables::RECORD;
use crate::render::tabular::{self, Sheet};
use crate::render::{self, list};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    filters: FilterArgs,
    /// Output format on stdout: table, csv or json (default table).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Leave cells that start with = + - @ as they are in CSV output.
    #[arg(long)]
    raw: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let target = output::target(args.format, args.output.as_deref(), output::ROWS)?;
    let ws = ctx.workspace()?;
    let store = ctx.store()?;
    let filter = args.filters.filter(DeptNames(ws.division.as_ref()));
    let hazards = store.hazards(&filter.query(&store)?)?;
    let records: Vec<&Hazard> = hazards.iter().filter(|h| filter.accepts(h)).collect();
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || {
            let json: Vec<_> = records.iter().map(|h| RecordJson::new(h, true)).collect();
            render::json(&json)
        },
        table: || list::list_table(&records, lang),
        sheets: || {
            vec![Sheet {
                name: "台账",
                title: format!("{organisation}隐患整改台账（{} 条）", records.len()),
                heads: tabular::heads(&RECORD).collect(),
                rows: Box::new(records.iter().map(|h| tabular::cells(&RECORD, *h))),
                lang,
            }]
        },
    };
    output::deliver(target, layouts, args.raw, lang)?;
    Ok(Outcome::Ok)
}
