//! `ledger completions SHELL`: the shell's tab completion for `ledger`.

use super::{Context, Outcome, help};

#[derive(clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Writes the script to stdout; shells that show descriptions show them in `lang`.
pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let mut cmd = help::command(ctx.lang);
    // Generated whole first: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "ledger", &mut script);
    super::output::print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Ok)
}
