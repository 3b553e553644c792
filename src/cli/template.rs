//! `ledger template`: the blank Annex 3 workbook for departments to fill in.

use super::output::{self, Kind};
use super::{Context, Outcome};
use crate::atomic;
use crate::render::xlsx;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write.
    #[arg(short, long, value_name = "FILE.xlsx", default_value = crate::workspace::TEMPLATE_FILE)]
    output: PathBuf,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    output::file_kind(&args.output, &[Kind::Xlsx])?;
    // Inside a workspace the title carries the organisation's name.
    let organisation = ctx
        .workspace_if_any()?
        .map_or("", |ws| &ws.config.organisation.name);
    let bytes = xlsx::template(organisation)?.save_to_buffer()?;
    atomic::write(&args.output, &bytes)?;
    output::print(&format!("{}\n", args.output.display()))?;
    Ok(Outcome::Ok)
}
