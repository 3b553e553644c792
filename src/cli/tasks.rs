//! `ledger tasks`: the task division's tasks and where each stands, and
//! `ledger tasks import`, which turns the office's Annex 1/2 tables into TOML.

mod import;

use super::output::{self, Layouts};
use super::{Context, Format, Outcome, ReportFormat};
use crate::render::tasks;
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    show: ShowArgs,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Convert Annex 2 (措施/重点任务分解/具体要求/责任科室/时限) and Annex 1
    /// (领导/行业领域/检查对象/牵头科室/负责人) tables to tasks.toml.
    Import(import::Args),
}

#[derive(clap::Args)]
struct ShowArgs {
    /// The day to judge on (default today).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<NaiveDate>,
    /// Only this department's tasks (name or alias).
    #[arg(long, value_name = "X")]
    dept: Option<String>,
    /// Days ahead that count as due soon.
    #[arg(long, value_name = "N", default_value_t = 7)]
    due_within: u32,
    /// Output format on stdout: table or json (default table).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<Outcome> {
    match args.command {
        Some(Command::Import(import)) => import::run(import, ctx),
        None => run_show(args.show, ctx),
    }
}

fn run_show(args: ShowArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let lang = ctx.lang;
    let format = args.format.map(Format::from);
    let target = output::target(format, args.output.as_deref(), output::ROWS)?;
    let ws = ctx.workspace()?;
    let Some(division) = ws.division.as_ref() else {
        anyhow::bail!(
            "{}",
            lang.pick(
                "工作区没有 tasks.toml（任务分工）；用 `ledger tasks import 分工表.xlsx -o tasks.toml` 转换，或参照 data-templates/tasks.toml 编写",
                "the workspace has no tasks.toml (task division); convert one with `ledger tasks import TABLE.xlsx -o tasks.toml` or write one after data-templates/tasks.toml",
            )
        );
    };
    let as_of = args.as_of.unwrap_or(ctx.today);
    let dept = crate::report::tasks::department(division, args.dept.as_deref())?;
    let statuses = crate::report::tasks::compute(division, as_of, args.due_within, dept);
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || tasks::json(&statuses, as_of),
        table: || tasks::tasks_table(&statuses, as_of, lang),
        sheets: || vec![tasks::sheet(&statuses, organisation, as_of, lang)],
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(Outcome::Ok)
}
