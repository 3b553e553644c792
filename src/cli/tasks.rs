//! `ledger tasks`: the task division's tasks and where each stands, and
//! `ledger tasks import`, which turns the office's Annex 1/2 tables into TOML.

use super::output::{self, Layouts};
use super::{Format, Outcome, ReportFormat};
use crate::atomic;
use crate::config::Config;
use crate::division::annex::{self, OutDepartment};
use crate::division::{DeptNames, Division};
use crate::i18n::{Lang, Localized};
use crate::ingest::display_name;
use crate::render::tasks;
use crate::report::annex::add_missing_departments;
use crate::report::filter::UnknownDept;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

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
    Import(ImportArgs),
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

#[derive(clap::Args)]
struct ImportArgs {
    /// Annex 1 and/or Annex 2 tables: .xlsx .xls .ods .csv
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Where to write the TOML.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The plan's start, anchoring deadlines without a year (default: 1 January this year).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    start: Option<NaiveDate>,
}

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    match args.command {
        Some(Command::Import(import)) => run_import(import, lang, workspace),
        None => run_show(args.show, lang, workspace),
    }
}

/// The division of a workspace, or an error saying how to give it one.
pub fn division(ws: &Workspace, lang: Lang) -> anyhow::Result<&Division> {
    ws.division.as_ref().ok_or_else(|| {
        anyhow::anyhow!(
            "{}",
            lang.pick(
                "工作区没有 tasks.toml（任务分工）；用 `ledger tasks import 分工表.xlsx -o tasks.toml` 转换，或参照 data-templates/tasks.toml 编写",
                "the workspace has no tasks.toml (task division); convert one with `ledger tasks import TABLE.xlsx -o tasks.toml` or write one after data-templates/tasks.toml",
            )
        )
    })
}

fn run_show(args: ShowArgs, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let format = args.format.map(Format::from);
    let target = output::target(format, args.output.as_deref(), output::ROWS)?;
    let ws = Workspace::require(workspace)?;
    let division = division(&ws, lang)?;
    let as_of = args.as_of.unwrap_or_else(super::today);
    // A department the division does not know would show no tasks, which
    // reads as "nothing due": refused like list's and overdue's --dept.
    let dept = match args.dept.as_deref() {
        Some(d) => match division.canonical(d) {
            Some(known) => Some(known.to_owned()),
            None => {
                let unknown = UnknownDept::among(d, &[], &DeptNames(Some(division)));
                return Err(unknown.into());
            }
        },
        None => None,
    };
    let statuses = crate::report::tasks::compute(division, as_of, args.due_within, dept.as_deref());
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || tasks::json(&statuses, as_of),
        table: || tasks::tasks_table(&statuses, as_of, lang),
        sheets: || vec![tasks::sheet(&statuses, organisation, as_of, lang)],
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(Outcome::Ok)
}

fn run_import(args: ImportArgs, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    super::output::file_kind(&args.output, &[super::output::Kind::Toml])?;
    let mut title = None;
    let mut measures = Vec::new();
    let mut departments: Vec<OutDepartment> = Vec::new();
    for file in &args.files {
        let converted = annex::convert(file).map_err(|e| {
            anyhow::anyhow!(
                "{}",
                lang.pick(
                    format!("{}：{}", display_name(file), e.message(lang)),
                    format!("{}: {}", display_name(file), e.message(lang))
                )
            )
        })?;
        eprintln!(
            "{}",
            tasks::converted(&display_name(file), &converted, lang)
        );
        title = title.or(converted.title);
        measures.extend(converted.measures);
        departments.extend(converted.departments);
    }
    add_missing_departments(&mut departments, &measures);
    let start = args.start.unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&super::today()), 1, 1).expect("1 January")
    });
    let text = tasks::division_toml(title, start, departments, measures, lang)?;
    atomic::write(&args.output, text.as_bytes())?;
    // Check what was written as the workspace will read it.
    let builtin = Config::builtin();
    let ws = Workspace::locate(workspace).and_then(|root| Workspace::open(&root).ok());
    let config = ws.as_ref().map_or(&builtin, |w| &w.config);
    match Division::parse(&text, &args.output.display().to_string(), config) {
        Ok(_) => Ok(Outcome::Ok),
        Err(e) => {
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
    }
}
