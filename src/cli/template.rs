//! `ledger template`: the blank Annex 3 workbook for departments to fill in.

use super::Outcome;
use super::output::{self, Kind};
use crate::atomic;
use crate::render::xlsx;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Where to write.
    #[arg(short, long, value_name = "FILE.xlsx", default_value = crate::workspace::TEMPLATE_FILE)]
    output: PathBuf,
}

pub fn run(args: Args, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    output::file_kind(&args.output, &[Kind::Xlsx])?;
    // Inside a workspace the title carries the organisation's name.
    let organisation = match Workspace::locate(workspace) {
        Some(root) => Workspace::open(&root)?.config.organisation.name,
        None => String::new(),
    };
    let bytes = xlsx::template(&organisation)?.save_to_buffer()?;
    atomic::write(&args.output, &bytes)?;
    output::print(&format!("{}\n", args.output.display()))?;
    Ok(Outcome::Ok)
}
