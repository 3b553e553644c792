//! `ledger man`: the manual pages (roff), generated from the same command
//! definition as `--help`, in the reader's language.

use super::{Context, Outcome, help};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Write a page for every command into this folder (default: ledger.1 to stdout).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let cmd = help::command(ctx.lang);
    match args.dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(cmd, &dir)?;
            super::output::print(&format!("{}\n", dir.display()))?;
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page)?;
            super::output::print(&String::from_utf8_lossy(&page))?;
        }
    }
    Ok(Outcome::Ok)
}
