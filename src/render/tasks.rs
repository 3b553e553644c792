//! `ledger tasks`'s layouts: the tasks and where each stands as JSON, the
//! terminal table and the sheet; and `tasks import`'s tasks.toml and the
//! line it says for each table it converted.

use super::table;
use super::tables;
use super::tabular::{self, Sheet};
use crate::division::annex::{Converted, OutDepartment, OutMeasure};
use crate::i18n::Lang;
use crate::report::tasks::TaskStatus;
use chrono::NaiveDate;
use serde::Serialize;

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

/// The tasks as JSON, with the day they were judged on.
pub fn json(statuses: &[TaskStatus<'_>], as_of: NaiveDate) -> String {
    super::json(&TasksJson {
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
}

/// The tasks as a terminal table, under the day they were judged on.
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

/// The workbook's sheet (and the CSV) of the tasks.
pub fn sheet<'r>(
    statuses: &'r [TaskStatus<'_>],
    organisation: &str,
    as_of: NaiveDate,
    lang: Lang,
) -> Sheet<'r> {
    Sheet {
        name: "任务",
        title: format!("{organisation}任务分工落实情况（截至 {as_of}）"),
        heads: tabular::heads(&tables::tasks()).collect(),
        rows: Box::new(statuses.iter().map(|s| tabular::cells(&tables::tasks(), s))),
        lang,
    }
}

/// What `tasks import` found in one table, for stderr.
pub fn converted(file: &str, converted: &Converted, lang: Lang) -> String {
    let tasks = converted
        .measures
        .iter()
        .map(|m| m.tasks.len())
        .sum::<usize>();
    let (measures, departments) = (converted.measures.len(), converted.departments.len());
    lang.pick(
        format!("{file}：{measures} 项措施、{tasks} 项任务、{departments} 个科室"),
        format!("{file}: {measures} measures, {tasks} tasks, {departments} departments"),
    )
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

/// tasks.toml as `tasks import` writes it: a header asking for a check,
/// then the plan, its departments and its measures.
pub fn division_toml(
    title: Option<String>,
    start: NaiveDate,
    departments: Vec<OutDepartment>,
    measures: Vec<OutMeasure>,
    lang: Lang,
) -> Result<String, toml::ser::Error> {
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
    Ok(format!("{header}{}", toml::to_string(&division)?))
}
