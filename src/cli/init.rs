//! `ledger init [DIR]`: a new workspace with its settings, an example task
//! division, a blank template and an empty store.

use super::{Context, Outcome};
use crate::atomic;
use crate::config;
use crate::render::xlsx;
use crate::store::{self, Store};
use crate::workspace::{CONFIG_FILE, TASKS_FILE, TEMPLATE_FILE};
use std::path::{Path, PathBuf};

/// The example division `init` writes: 磁器口街道's, from seed 001.
pub const TASKS_TEMPLATE: &str = include_str!("../../data-templates/tasks.toml");

/// The example member list a district workspace starts with.
pub const DISTRICT_TEMPLATE: &str = include_str!("../../data-templates/district-tasks.toml");

#[derive(clap::Args)]
pub struct Args {
    /// The folder to make a workspace of (created if missing); default the
    /// --workspace folder, else the current one.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The organisation's name, for report titles (e.g. 磁器口街道).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// A district office (区安办) over 镇街 rather than a sub-district: its
    /// tasks.toml lists the 镇街 as [[members]].
    #[arg(long)]
    district: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let dir = &args
        .dir
        .or_else(|| ctx.dir().map(Path::to_path_buf))
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
    let settings = settings(args.name.as_deref(), args.district);
    let organisation = crate::config::Config::parse(&settings, CONFIG_FILE)?
        .organisation
        .name;
    write_new(&dir.join(CONFIG_FILE), settings.as_bytes())?;
    let tasks = if args.district {
        DISTRICT_TEMPLATE
    } else {
        TASKS_TEMPLATE
    };
    write_new(&dir.join(TASKS_FILE), tasks.as_bytes())?;
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

/// The settings template, with the organisation's name when given, and
/// marked a district's when it is one.
fn settings(name: Option<&str>, district: bool) -> String {
    let mut line = format!("name = {}", toml_string(name.unwrap_or("某某街道")));
    if district {
        line.push_str(
            "\n# A district office: tasks.toml lists its 镇街 as [[members]].\ndistrict = true",
        );
    }
    config::TEMPLATE.replacen("name = \"某某街道\"", &line, 1)
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    atomic::write(path, bytes)
}
