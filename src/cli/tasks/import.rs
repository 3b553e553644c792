//! `ledger tasks import`: the office's Annex 1/2 tables as tasks.toml.

use crate::atomic;
use crate::cli::output::{self, Kind};
use crate::cli::{Context, Outcome};
use crate::config::Config;
use crate::division::Division;
use crate::division::annex::{self, OutDepartment};
use crate::i18n::Localized;
use crate::ingest::display_name;
use crate::render::tasks;
use crate::report::annex::add_missing_departments;
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Annex 1 and/or Annex 2 tables: .xlsx .xls .ods .csv
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Where to write the TOML.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The plan's start, anchoring deadlines without a year (default: 1 January this year).
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_date_arg)]
    start: Option<NaiveDate>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    output::file_kind(&args.output, &[Kind::Toml])?;
    let mut title = None;
    let mut measures = Vec::new();
    let mut departments: Vec<OutDepartment> = Vec::new();
    for file in &args.files {
        let name = display_name(file);
        let converted = annex::convert(file).map_err(|e| {
            let why = e.message(lang);
            anyhow::anyhow!(
                "{}",
                lang.pick(format!("{name}：{why}"), format!("{name}: {why}"))
            )
        })?;
        eprintln!("{}", tasks::converted(&name, &converted, lang));
        title = title.or(converted.title);
        measures.extend(converted.measures);
        departments.extend(converted.departments);
    }
    add_missing_departments(&mut departments, &measures);
    let start = args.start.unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&ctx.today), 1, 1).expect("1 January")
    });
    let text = tasks::division_toml(title, start, departments, measures, lang)?;
    atomic::write(&args.output, text.as_bytes())?;
    // Check what was written as the workspace will read it.
    let builtin = Config::builtin();
    let ws = ctx.workspace_if_any().ok().flatten();
    let config = ws.map_or(&builtin, |w| &w.config);
    let Err(e) = Division::parse(&text, &args.output.display().to_string(), config) else {
        return Ok(Outcome::Ok);
    };
    eprintln!(
        "{}",
        lang.pick(
            format!("已写入，但需修改后才能使用：{}", e.message(lang)),
            format!(
                "written, but it needs a fix before use: {}",
                e.message(lang)
            )
        )
    );
    Ok(Outcome::Failed)
}
