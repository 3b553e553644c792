//! `ledger tasks`: the task division's tasks and where each stands, and
//! `ledger tasks import`, which turns the office's Annex 1/2 tables into TOML.

use super::output::{self, Layouts};
use super::{Format, Outcome, ReportFormat};
use crate::atomic;
use crate::config::Config;
use crate::division::annex::{self, OutDepartment, OutMeasure};
use crate::division::{DeptNames, Division};
use crate::i18n::{Lang, Localized};
use crate::ingest::display_name;
use crate::render::tabular::{self, Sheet};
use crate::render::{self, table, tables};
use crate::report::filter::UnknownDept;
use crate::report::tasks::{self, TaskStatus};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use serde::Serialize;
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

#[derive(Serialize)]
struct TaskJson<'a> {
    id: &'a str,
    measure: u32,
    task: &'a str,
    requirement: &'a str,
    departments: &'a [String],
    deadline_text: &'a str,
    due: Option<NaiveDate>,
    state: &'static str,
    every: Option<&'static str>,
}

#[derive(Serialize)]
struct TasksJson<'a> {
    as_of: NaiveDate,
    tasks: Vec<TaskJson<'a>>,
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
    let statuses = tasks::compute(division, as_of, args.due_within, dept.as_deref());
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || {
            render::json(&TasksJson {
                as_of,
                tasks: statuses
                    .iter()
                    .map(|s| TaskJson {
                        id: &s.task.id,
                        measure: s.task.measure,
                        task: &s.task.task,
                        requirement: &s.task.requirement,
                        departments: &s.task.departments,
                        deadline_text: &s.task.deadline_text,
                        due: s.due,
                        state: s.state.key(),
                        every: s.task.every.map(|e| e.key()),
                    })
                    .collect(),
            })
        },
        table: || tasks_table(&statuses, as_of, lang),
        sheets: || {
            vec![Sheet {
                name: "任务",
                title: format!("{organisation}任务分工落实情况（截至 {as_of}）"),
                heads: tabular::heads(&tables::tasks()).collect(),
                rows: Box::new(statuses.iter().map(|s| tabular::cells(&tables::tasks(), s))),
                lang,
            }]
        },
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(Outcome::Ok)
}

/// The task table shared with the monthly report's 任务 sheet.
pub fn tasks_table(statuses: &[TaskStatus<'_>], as_of: NaiveDate, lang: Lang) -> String {
    let headers = [
        lang.pick("编号", "id"),
        lang.pick("重点任务", "task"),
        lang.pick("责任科室", "departments"),
        lang.pick("时限", "deadline"),
        lang.pick("到期日", "due"),
        lang.pick("状态", "state"),
    ];
    let rows = statuses.iter().map(|s| {
        let every = s
            .task
            .every
            .map(|e| format!("（{}）", lang.pick(e.zh(), e.key())))
            .unwrap_or_default();
        vec![
            s.task.id.clone(),
            s.task.task.clone(),
            s.task.departments.join("、"),
            format!("{}{every}", s.task.deadline_text),
            s.due.map(|d| d.to_string()).unwrap_or_default(),
            lang.pick(s.state.zh(), s.state.key()).to_string(),
        ]
    });
    let mut out = lang.pick(format!("截至 {as_of}\n"), format!("as of {as_of}\n"));
    out.push_str(&table::table(&headers, rows).to_string());
    out.push('\n');
    out
}

#[derive(Serialize)]
struct OutDivision {
    plan: OutPlan,
    departments: Vec<OutDepartment>,
    measures: Vec<OutMeasure>,
}

#[derive(Serialize)]
struct OutPlan {
    name: String,
    start: toml::value::Datetime,
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
            lang.pick(
                format!(
                    "{}：{} 项措施、{} 项任务、{} 个科室",
                    display_name(file),
                    converted.measures.len(),
                    converted
                        .measures
                        .iter()
                        .map(|m| m.tasks.len())
                        .sum::<usize>(),
                    converted.departments.len()
                ),
                format!(
                    "{}: {} measures, {} tasks, {} departments",
                    display_name(file),
                    converted.measures.len(),
                    converted
                        .measures
                        .iter()
                        .map(|m| m.tasks.len())
                        .sum::<usize>(),
                    converted.departments.len()
                ),
            )
        );
        title = title.or(converted.title);
        measures.extend(converted.measures);
        departments.extend(converted.departments);
    }
    add_missing_departments(&mut departments, &measures);
    let start = args.start.unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(chrono::Datelike::year(&super::today()), 1, 1).expect("1 January")
    });
    let division = OutDivision {
        plan: OutPlan {
            name: title.unwrap_or_else(|| "任务分工".to_string()),
            start: start.to_string().parse().expect("a date"),
        },
        departments,
        measures,
    };
    let header = lang.pick(
        "# tasks.toml：由 ledger tasks import 从任务分工表转换而来。请核对后使用。\n# Converted by `ledger tasks import`; check it before use.\n\n",
        "# tasks.toml: converted by `ledger tasks import` from the office's task tables; check it before use.\n\n",
    );
    let text = format!("{header}{}", toml::to_string(&division)?);
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

/// Every department a task names must be defined; those Annex 1 lacked get
/// an entry of their own.
fn add_missing_departments(departments: &mut Vec<OutDepartment>, measures: &[OutMeasure]) {
    for name in measures
        .iter()
        .flat_map(|m| &m.tasks)
        .flat_map(|t| &t.departments)
    {
        let known = departments.iter().any(|d| {
            d.name == *name
                || d.aliases
                    .iter()
                    .any(|a| crate::text::compact(a) == crate::text::compact(name))
        });
        if !known {
            departments.push(OutDepartment {
                name: name.clone(),
                aliases: Vec::new(),
                leader: None,
                head: None,
                sectors: Vec::new(),
                targets: Vec::new(),
            });
        }
    }
}
