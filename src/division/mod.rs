//! `tasks.toml`: the office's task division (任务分工).
//!
//! Annex 1 of seed 001 says who inspects which sector (领导, 行业领域, 检查对象,
//! 牵头科室, 负责人) and becomes `[[departments]]`; Annex 2 splits the fifteen
//! measures into tasks with responsible departments and deadlines and becomes
//! `[[measures]]` with their `[[measures.tasks]]`. Loading checks what serde
//! cannot: unique task ids, departments that exist, deadlines the grammar
//! understands; every error names its line.

use crate::config::Config;
use crate::i18n::{Lang, Localized};
use crate::record::build::context;
use crate::record::deadline::{self, Deadline, DeadlineError};
use crate::text::{compact, is_compact};
use chrono::NaiveDate;
use foldhash::HashMap;
use serde::{Deserialize, Deserializer};
use std::path::{Path, PathBuf};
use toml::Spanned;

pub mod annex;

/// How often a recurring task falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Every {
    #[serde(rename = "month")]
    Month,
    #[serde(rename = "quarter")]
    Quarter,
    #[serde(rename = "half-year")]
    HalfYear,
    #[serde(rename = "year")]
    Year,
}

impl Every {
    pub fn key(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::HalfYear => "half-year",
            Every::Year => "year",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Every::Month => "每月",
            Every::Quarter => "每季度",
            Every::HalfYear => "每半年",
            Every::Year => "每年",
        }
    }

    /// Months in one period.
    pub fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::HalfYear => 6,
            Every::Year => 12,
        }
    }

    /// The recurrence a requirement states in words (每月, 每季度, 每半年, 每年).
    pub fn from_words(text: &str) -> Option<Every> {
        let key = compact(text);
        [
            ("每半年", Every::HalfYear),
            ("每季度", Every::Quarter),
            ("每季", Every::Quarter),
            ("每月", Every::Month),
            ("每年", Every::Year),
        ]
        .into_iter()
        .find(|(w, _)| key.contains(w))
        .map(|(_, e)| e)
    }
}

/// A date or a named date, as `plan.end` may be written.
#[derive(Debug, Clone)]
struct DateOrName(String);

impl<'de> Deserialize<'de> for DateOrName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Toml(toml::value::Datetime),
            Text(String),
        }
        Ok(DateOrName(match Raw::deserialize(d)? {
            Raw::Toml(dt) => dt.to_string(),
            Raw::Text(s) => s,
        }))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDivision {
    plan: RawPlan,
    #[serde(default)]
    departments: Vec<RawDepartment>,
    /// A district's 镇街, which report to it as departments report to a 街道.
    #[serde(default)]
    members: Vec<RawDepartment>,
    #[serde(default)]
    measures: Vec<RawMeasure>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: String,
    #[serde(deserialize_with = "crate::config::deserialize_date")]
    start: NaiveDate,
    end: Option<Spanned<DateOrName>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    leader: Option<String>,
    head: Option<String>,
    #[serde(default)]
    sectors: Vec<String>,
    #[serde(default)]
    targets: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    no: u32,
    title: String,
    #[serde(default)]
    tasks: Vec<RawTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: Spanned<String>,
    task: String,
    #[serde(default)]
    requirement: String,
    departments: Vec<Spanned<String>>,
    #[serde(default)]
    deadline: Option<Spanned<String>>,
    every: Option<Every>,
    #[serde(default, deserialize_with = "crate::config::deserialize_opt_date")]
    done: Option<NaiveDate>,
}

/// 计划: the campaign the tasks belong to.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    /// Anchors deadline phrases that have no year.
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// A department or community (科室 / 社区) of Annex 1.
#[derive(Debug, Clone)]
pub struct Department {
    pub name: String,
    pub aliases: Vec<String>,
    /// 分管领导.
    pub leader: Option<String>,
    /// 负责人.
    pub head: Option<String>,
    pub sectors: Vec<String>,
    pub targets: Vec<String>,
    /// A district's member (镇街), listed in every report like a department
    /// with an inspection duty.
    pub member: bool,
}

/// When a task falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskDeadline {
    Date(NaiveDate),
    /// 长期, or no deadline at all: only a recurrence can make it due.
    None,
}

/// One task of Annex 2 (重点任务分解 with its 具体要求).
#[derive(Debug, Clone)]
pub struct Task {
    pub id: String,
    /// The measure's number (一 → 1) and title.
    pub measure: u32,
    pub measure_title: String,
    pub task: String,
    pub requirement: String,
    /// Canonical department names.
    pub departments: Vec<String>,
    pub deadline_text: String,
    pub deadline: TaskDeadline,
    pub every: Option<Every>,
    pub done: Option<NaiveDate>,
}

/// The loaded task division.
#[derive(Debug, Clone)]
pub struct Division {
    pub plan: Plan,
    pub departments: Vec<Department>,
    pub tasks: Vec<Task>,
    /// Compacted name or alias → index in `departments`.
    names: HashMap<String, usize>,
}

/// The one-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Why `tasks.toml` could not be used.
#[derive(Debug)]
pub enum DivisionError {
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not TOML, or a key the division does not take: the parser's account.
    Invalid { file: String, detail: String },
    /// A value serde accepted but the division cannot: at `line` of `file`.
    At {
        file: String,
        line: usize,
        problem: DivisionProblem,
    },
}

/// What is wrong at a line of `tasks.toml`.
#[derive(Debug, Clone, PartialEq)]
pub enum DivisionProblem {
    PlanEnd {
        written: String,
    },
    TaskTwice {
        id: String,
        first: usize,
    },
    UnknownDepartment {
        task: String,
        name: String,
        closest: Option<String>,
    },
    Deadline {
        task: String,
        written: String,
        why: Unresolved,
    },
    NameTwice {
        name: String,
    },
}

/// Why a task's deadline phrase gives no date.
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    /// 已整改 and the like: a done task says so with `done = date`.
    Done,
    /// A named date (二十大前) that `[named_dates]` does not define.
    UnknownName(String),
    NotADeadline,
}

impl Localized for DivisionError {
    fn message(&self, lang: Lang) -> String {
        match self {
            DivisionError::Unreadable { path, source } => lang.pick(
                format!("无法读取任务分工文件 {}：{source}", path.display()),
                format!("cannot read task division {}: {source}", path.display()),
            ),
            DivisionError::Invalid { file, detail } => lang.pick(
                format!("任务分工文件 {file} 有误：{detail}"),
                format!("error in task division {file}: {detail}"),
            ),
            DivisionError::At {
                file,
                line,
                problem,
            } => lang.pick(
                format!("{file} 第 {line} 行：{}", problem.message(lang)),
                format!("{file} line {line}: {}", problem.message(lang)),
            ),
        }
    }
}

impl DivisionProblem {
    fn message(&self, lang: Lang) -> String {
        match self {
            DivisionProblem::PlanEnd { written } => lang.pick(
                format!("plan.end“{written}”不是日期或已定义的命名日期"),
                format!("plan.end '{written}' is neither a date nor a defined named date"),
            ),
            DivisionProblem::TaskTwice { id, first } => lang.pick(
                format!("任务编号“{id}”重复（第 {first} 行已用过）"),
                format!("task id '{id}' is used twice (first at line {first})"),
            ),
            DivisionProblem::UnknownDepartment {
                task,
                name,
                closest,
            } => {
                let (hz, he) = closest
                    .as_ref()
                    .map(|s| (format!("，是否为“{s}”？"), format!("; did you mean '{s}'?")))
                    .unwrap_or_default();
                lang.pick(
                    format!("任务 {task} 的责任科室“{name}”没有在 [[departments]] 中定义{hz}"),
                    format!(
                        "task {task}: department '{name}' is not defined in [[departments]]{he}"
                    ),
                )
            }
            DivisionProblem::Deadline { task, written, why } => {
                let (zh, en) = match why {
                    Unresolved::Done => (
                        "已完成的任务请填写 done = 日期".to_string(),
                        "a finished task says so with done = DATE".to_string(),
                    ),
                    Unresolved::UnknownName(name) => (
                        format!("“{name}”需在 ledger.toml 的 [named_dates] 中定义"),
                        format!("'{name}' must be defined in ledger.toml's [named_dates]"),
                    ),
                    Unresolved::NotADeadline => (
                        "不是日期或期限".to_string(),
                        "neither a date nor a time limit".to_string(),
                    ),
                };
                lang.pick(
                    format!("任务 {task} 的时限“{written}”无法识别（{zh}）"),
                    format!("task {task}: deadline '{written}' is not understood ({en})"),
                )
            }
            DivisionProblem::NameTwice { name } => lang.pick(
                format!("科室名称或别名“{name}”重复"),
                format!("department name or alias '{name}' is defined twice"),
            ),
        }
    }
}

crate::i18n::localized_error!(DivisionError);

impl Division {
    /// Parses `tasks.toml`; deadlines resolve with the workspace's named dates.
    pub fn parse(text: &str, file: &str, config: &Config) -> Result<Division, DivisionError> {
        let raw: RawDivision = toml::from_str(text).map_err(|e| DivisionError::Invalid {
            file: file.to_string(),
            detail: e.to_string(),
        })?;
        let fail = |span: std::ops::Range<usize>, problem: DivisionProblem| DivisionError::At {
            file: file.to_string(),
            line: line_of(text, span.start),
            problem,
        };
        let members = raw.members.len();
        let mut raw_departments = raw.members;
        raw_departments.extend(raw.departments);
        let (mut departments, names) = Division::departments(raw_departments, &fail)?;
        for d in &mut departments[..members] {
            d.member = true;
        }
        let mut division = Division {
            plan: Plan {
                name: raw.plan.name,
                start: raw.plan.start,
                end: None,
            },
            departments,
            tasks: Vec::new(),
            names,
        };
        if let Some(end) = raw.plan.end {
            let span = end.span();
            let written = end.into_inner().0;
            match division.resolve(&written, config) {
                Ok(TaskDeadline::Date(d)) => division.plan.end = Some(d),
                _ => {
                    return Err(fail(span, DivisionProblem::PlanEnd { written }));
                }
            }
        }
        let mut seen: HashMap<String, usize> = HashMap::default();
        for m in raw.measures {
            for t in m.tasks {
                let id_span = t.id.span();
                let id = t.id.into_inner();
                if let Some(first) = seen.insert(id.clone(), line_of(text, id_span.start)) {
                    return Err(fail(id_span, DivisionProblem::TaskTwice { id, first }));
                }
                let mut departments = Vec::new();
                for d in t.departments {
                    let span = d.span();
                    let name = d.into_inner();
                    match division.canonical(&name) {
                        Some(c) => departments.push(c.to_string()),
                        None => {
                            let closest = division.suggest(&name).map(str::to_string);
                            let problem = DivisionProblem::UnknownDepartment {
                                task: id,
                                name,
                                closest,
                            };
                            return Err(fail(span, problem));
                        }
                    }
                }
                let (deadline_text, deadline) = match t.deadline {
                    None => (String::new(), TaskDeadline::None),
                    Some(d) => {
                        let span = d.span();
                        let written = d.into_inner();
                        let resolved = match division.resolve(&written, config) {
                            Ok(resolved) => resolved,
                            Err(why) => {
                                let problem = DivisionProblem::Deadline {
                                    task: id,
                                    written,
                                    why,
                                };
                                return Err(fail(span, problem));
                            }
                        };
                        (written, resolved)
                    }
                };
                division.tasks.push(Task {
                    id,
                    measure: m.no,
                    measure_title: m.title.clone(),
                    task: t.task,
                    requirement: t.requirement,
                    departments,
                    deadline_text,
                    deadline,
                    every: t.every,
                    done: t.done,
                });
            }
        }
        Ok(division)
    }

    /// Loads `tasks.toml` from a path.
    pub fn load(path: &Path, config: &Config) -> Result<Division, DivisionError> {
        let text = std::fs::read_to_string(path).map_err(|source| DivisionError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        Division::parse(&text, &path.display().to_string(), config)
    }

    fn departments(
        raw: Vec<RawDepartment>,
        fail: &dyn Fn(std::ops::Range<usize>, DivisionProblem) -> DivisionError,
    ) -> Result<(Vec<Department>, HashMap<String, usize>), DivisionError> {
        let mut names = HashMap::default();
        let mut departments = Vec::new();
        for (i, d) in raw.into_iter().enumerate() {
            for name in std::iter::once(&d.name).chain(&d.aliases) {
                let key = compact(name.get_ref());
                if let Some(other) = names.insert(key, i)
                    && other != i
                {
                    let problem = DivisionProblem::NameTwice {
                        name: name.get_ref().clone(),
                    };
                    return Err(fail(name.span(), problem));
                }
            }
            departments.push(Department {
                name: d.name.into_inner(),
                aliases: d.aliases.into_iter().map(Spanned::into_inner).collect(),
                leader: d.leader,
                head: d.head,
                sectors: d.sectors,
                targets: d.targets,
                member: false,
            });
        }
        Ok((departments, names))
    }

    /// A deadline phrase anchored at the plan's start.
    fn resolve(&self, written: &str, config: &Config) -> Result<TaskDeadline, Unresolved> {
        match deadline::parse_deadline(written, &context(config, self.plan.start, false)) {
            Ok(Deadline::Date(d)) => Ok(TaskDeadline::Date(d)),
            Ok(Deadline::LongTerm) | Err(DeadlineError::Empty) => Ok(TaskDeadline::None),
            Ok(Deadline::AlreadyRectified) => Err(Unresolved::Done),
            Err(DeadlineError::UnknownNamedDate(name)) => Err(Unresolved::UnknownName(name)),
            Err(_) => Err(Unresolved::NotADeadline),
        }
    }

    /// The canonical name of a 责任单位 as written, when it is a known
    /// department or alias (compared without spaces or width differences).
    pub fn canonical(&self, written: &str) -> Option<&str> {
        // Most cells name a department exactly as the division does, and a
        // name is its own compacted form: looked up as written first, a
        // million-row ledger compacts no name. A name it does not know is
        // compacted only when that could change it.
        self.names
            .get(written)
            .or_else(|| {
                (!is_compact(written))
                    .then(|| self.names.get(&compact(written)))
                    .flatten()
            })
            .map(|&i| self.departments[i].name.as_str())
    }

    /// The known department closest to an unknown name, when one is close:
    /// one name contains the other, or they differ in under half their characters.
    pub fn suggest(&self, written: &str) -> Option<&str> {
        let key = compact(written);
        if key.is_empty() {
            return None;
        }
        self.names
            .iter()
            .map(|(name, &i)| {
                let contains = name.contains(&key) || key.contains(name.as_str());
                let score =
                    strsim::normalized_levenshtein(name, &key) + if contains { 0.5 } else { 0.0 };
                (score, i, name)
            })
            .filter(|(score, ..)| *score >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.2.cmp(a.2)))
            .map(|(_, i, _)| self.departments[i].name.as_str())
    }

    pub fn department(&self, canonical: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.name == canonical)
    }
}

/// Department names as reports use them: canonical when the workspace has a
/// task division that knows the name, else as written.
#[derive(Clone, Copy)]
pub struct DeptNames<'a>(pub Option<&'a Division>);

impl<'a> DeptNames<'a> {
    /// The division's name for a department, else the name as written, trimmed.
    pub fn canonical<'s>(&self, written: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.0
            .and_then(|d| d.canonical(written))
            .unwrap_or_else(|| crate::text::trim(written))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[plan]
name = "测试计划"
start = 2022-05-01
end = "党的二十大结束"

[[departments]]
name = "应急办"
aliases = ["应急管理办", "街道应急办"]
leader = "姜毅"
head = "赵家平"

[[departments]]
name = "市政办"

[[measures]]
no = 1
title = "落实责任"

[[measures.tasks]]
id = "1.1"
task = "建立责任制"
requirement = "建立五有责任制"
departments = ["应急办"]
deadline = "5月底"

[[measures.tasks]]
id = "1.2"
task = "专题研究"
requirement = "每季度组织1次专题研究"
departments = ["街道 应急办", "市政办"]
deadline = "2022年5月至党的二十大结束"
every = "quarter"
done = 2022-06-20
"#;

    fn parse(text: &str) -> Result<Division, DivisionError> {
        Division::parse(text, "tasks.toml", &Config::builtin())
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    #[test]
    fn a_division_loads_with_deadlines_resolved_at_the_plan_start() {
        let div = parse(SMALL).unwrap();
        assert_eq!(div.plan.end, Some(d(10, 22)));
        assert_eq!(div.tasks[0].deadline, TaskDeadline::Date(d(5, 31)));
        assert_eq!(div.tasks[1].deadline, TaskDeadline::Date(d(10, 22)));
        assert_eq!(div.tasks[1].departments, ["应急办", "市政办"]);
        assert_eq!(div.tasks[1].every, Some(Every::Quarter));
        assert_eq!(div.tasks[1].done, Some(d(6, 20)));
    }

    #[test]
    fn names_and_aliases_match_after_normalisation_and_unknown_ones_get_a_suggestion() {
        let div = parse(SMALL).unwrap();
        assert_eq!(div.canonical("应急管理办"), Some("应急办"));
        assert_eq!(div.canonical(" 街道应急办\n"), Some("应急办"));
        assert_eq!(div.canonical("市政办"), Some("市政办"));
        assert_eq!(div.canonical("应急局"), None);
        assert_eq!(div.suggest("应急局"), Some("应急办"));
        assert_eq!(div.suggest("磁器口应急办公室"), Some("应急办"));
        assert_eq!(div.suggest("派出所"), None);
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn schema_errors_name_the_line() {
        let e = error(&SMALL.replace(
            "title = \"落实责任\"",
            "title = \"落实责任\"\nowner = \"x\"",
        ));
        assert!(e.contains("line 19") && e.contains("owner"), "{e}");
        let e = error(&SMALL.replace("id = \"1.2\"", "id = \"1.1\""));
        assert!(
            e.contains("line 28") && e.contains("'1.1' is used twice (first at line 21)"),
            "{e}"
        );
        let e = error(&SMALL.replace("\"街道 应急办\", \"市政办\"", "\"应急局\""));
        assert!(
            e.contains("line 31") && e.contains("'应急局'") && e.contains("did you mean '应急办'"),
            "{e}"
        );
        let e = error(&SMALL.replace("deadline = \"5月底\"", "deadline = \"尽快\""));
        assert!(e.contains("line 25") && e.contains("尽快"), "{e}");
        let e = error(&SMALL.replace(
            "aliases = [\"应急管理办\", \"街道应急办\"]",
            "aliases = [\"市政办\"]",
        ));
        assert!(e.contains("line 14") && e.contains("defined twice"), "{e}");
        let e = error(&SMALL.replace("every = \"quarter\"", "every = \"weekly\""));
        assert!(e.contains("line 33") && e.contains("weekly"), "{e}");
    }

    #[test]
    fn errors_hold_what_went_wrong_and_say_it_in_the_language_asked() {
        let bad = SMALL.replace("deadline = \"5月底\"", "deadline = \"尽快\"");
        let e = parse(&bad).unwrap_err();
        let DivisionError::At { line, problem, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*line, 25);
        assert!(matches!(
            problem,
            DivisionProblem::Deadline {
                why: Unresolved::NotADeadline,
                ..
            }
        ));
        let en = e.message(Lang::En);
        assert!(en.contains("neither a date nor a time limit"), "{en}");
        let zh = e.message(Lang::Zh);
        assert!(
            zh.contains("第 25 行") && zh.contains("不是日期或期限"),
            "{zh}"
        );
    }

    #[test]
    fn the_shipped_ciqikou_division_loads() {
        let div = parse(crate::cli::TASKS_TEMPLATE).unwrap();
        assert_eq!(div.departments.len(), 14);
        assert_eq!(div.tasks.len(), 39);
        assert_eq!(div.plan.end, Some(d(10, 22)));
        assert_eq!(div.canonical("经发办（产业办）"), Some("经发办"));
        let t = div.tasks.iter().find(|t| t.id == "24.2").unwrap();
        assert_eq!(t.every, Some(Every::Month));
        assert_eq!(div.tasks[0].deadline, TaskDeadline::Date(d(5, 31)));
    }

    #[test]
    fn recurrence_words() {
        assert_eq!(
            Every::from_words("每季度组织1次专题研究"),
            Some(Every::Quarter)
        );
        assert_eq!(
            Every::from_words("每半年听取1次汇报"),
            Some(Every::HalfYear)
        );
        assert_eq!(Every::from_words("每月至少检查2家"), Some(Every::Month));
        assert_eq!(Every::from_words("每年至少专题学习1次"), Some(Every::Year));
        assert_eq!(Every::from_words("建立机制"), None);
    }
}
