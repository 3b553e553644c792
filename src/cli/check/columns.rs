//! `ledger check --columns`: how every header cell was read and why.

use crate::cli::Outcome;
use crate::cli::output::{self, Rendered, Target};
use crate::config::Config;
use crate::i18n::Lang;
use crate::ingest;
use crate::render::{self, check};
use std::path::PathBuf;

/// `--columns`: each file's headers as read; an unreadable file is said on stderr.
pub fn run(
    files: &[PathBuf],
    target: Target<'_>,
    config: &Config,
    lang: Lang,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::Ok;
    let mut all = Vec::new();
    for path in files {
        let name = ingest::display_name(path);
        match crate::read::headers(path, &config.columns) {
            Ok(sheets) => all.push((name, sheets)),
            Err(e) => {
                eprintln!("{}", check::unreadable(&name, &e.message(lang), lang));
                outcome = Outcome::Incomplete;
            }
        }
    }
    if target.file().is_some() {
        render::table::for_file();
    }
    let text = check::columns(&all, target.is_json(), lang);
    output::emit(Rendered::Text(text), target.file(), false)?;
    Ok(outcome)
}
