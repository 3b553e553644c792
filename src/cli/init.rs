//! `ledger init [DIR]`: a new workspace with its settings, an example task
//! division, a blank template and an empty store.

use super::Outcome;
use crate::atomic;
use crate::config;
use crate::i18n::Lang;
use crate::render::xlsx;
use crate::store::{self, Store};
use crate::workspace::{CONFIG_FILE, TASKS_FILE};
use std::path::{Path, PathBuf};

/// The example division `init` writes: 磁器口街道's, from seed 001.
pub const TASKS_TEMPLATE: &str = include_str!("../../data-templates/tasks.toml");

/// The blank Annex 3 workbook's name in a new workspace.
pub const TEMPLATE_FILE: &str = "台账模板.xlsx";

#[derive(clap::Args)]
pub struct Args {
    /// The folder to make a workspace of (created if missing); default the
    /// --workspace folder, else the current one.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The organisation's name, for report titles (e.g. 磁器口街道).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let dir = &args
        .dir
        .or_else(|| workspace.map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    if dir.join(CONFIG_FILE).exists() || dir.join(store::DIR).exists() {
        anyhow::bail!(
            "{}",
            lang.pick(
                format!("{} 已是工作区，未做任何改动", dir.display()),
                format!("{} is already a workspace; nothing changed", dir.display()),
            )
        );
    }
    std::fs::create_dir_all(dir)?;
    let settings = settings(args.name.as_deref());
    let organisation = crate::config::Config::parse(&settings, CONFIG_FILE)?
        .organisation
        .name;
    write_new(&dir.join(CONFIG_FILE), settings.as_bytes())?;
    write_new(&dir.join(TASKS_FILE), TASKS_TEMPLATE.as_bytes())?;
    let template = xlsx::template(&organisation)?.save_to_buffer()?;
    write_new(&dir.join(TEMPLATE_FILE), &template)?;
    Store::create(dir)?;
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "已建立工作区 {}：{CONFIG_FILE}（规则、节假日、命名日期）、{TASKS_FILE}（任务分工示例）、{TEMPLATE_FILE}、store/。\n下一步：编辑 {CONFIG_FILE} 中的单位名称，然后 ledger import 各科室台账",
                dir.display()
            ),
            format!(
                "created workspace {}: {CONFIG_FILE} (rules, holidays, named dates), {TASKS_FILE} (example task division), {TEMPLATE_FILE}, store/.\nNext: set the organisation name in {CONFIG_FILE}, then ledger import the departments' ledgers",
                dir.display()
            ),
        )
    );
    Ok(Outcome::Ok)
}

/// The settings template, with the organisation's name when given.
fn settings(name: Option<&str>) -> String {
    match name {
        Some(name) => config::TEMPLATE.replacen(
            "name = \"某某街道\"",
            &format!("name = {}", toml_string(name)),
            1,
        ),
        None => config::TEMPLATE.to_string(),
    }
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    atomic::write(path, bytes)
}
