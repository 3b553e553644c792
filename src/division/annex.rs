//! Converting the office's own tables to `tasks.toml`: Annex 2 (措施 / 重点任务分解
//! / 具体要求 / 责任科室 / 时限) into measures and tasks, Annex 1 (领导 / 行业领域 /
//! 检查对象 / 牵头科室 / 负责人) into departments.
//!
//! The tables are read like ledgers (header found in the first rows, merges
//! spread), then blank cells are read as the seed means them: "same as the row
//! above" for the measure, task, deadline, leader and department columns.

use crate::columns::Columns;
use crate::read::{self, RowView, SheetLayout, Unreadable, Visitor};
use crate::text::{compact, trim};
use serde::Serialize;
use std::path::Path;

/// The columns of Annex 2, 重点任务分工.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskColumn {
    Measure,
    Task,
    Requirement,
    Departments,
    Deadline,
}

impl Columns for TaskColumn {
    const ALL: &'static [TaskColumn] = &[
        TaskColumn::Measure,
        TaskColumn::Task,
        TaskColumn::Requirement,
        TaskColumn::Departments,
        TaskColumn::Deadline,
    ];
    const NUMBERING: Option<TaskColumn> = None;

    fn index(self) -> usize {
        self as usize
    }

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            TaskColumn::Measure => &[
                "十五条硬措施",
                "硬措施",
                "措施",
                "主要措施",
                "重点措施",
                "工作措施",
            ],
            TaskColumn::Task => &[
                "重点任务分解",
                "重点任务",
                "任务分解",
                "主要任务",
                "工作任务",
                "任务",
            ],
            TaskColumn::Requirement => &["具体要求", "工作要求", "要求", "具体措施", "工作内容"],
            TaskColumn::Departments => &[
                "责任科室",
                "责任单位",
                "责任部门",
                "牵头科室",
                "牵头单位",
                "负责科室",
            ],
            TaskColumn::Deadline => &[
                "时限",
                "完成时限",
                "完成时间",
                "时间要求",
                "工作时限",
                "截止时间",
            ],
        }
    }

    fn is_table(has: &dyn Fn(TaskColumn) -> bool) -> bool {
        has(TaskColumn::Requirement) || has(TaskColumn::Task)
    }
}

/// The columns of Annex 1, 任务分工.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeptColumn {
    Leader,
    Sector,
    Target,
    Dept,
    Head,
}

impl Columns for DeptColumn {
    const ALL: &'static [DeptColumn] = &[
        DeptColumn::Leader,
        DeptColumn::Sector,
        DeptColumn::Target,
        DeptColumn::Dept,
        DeptColumn::Head,
    ];
    const NUMBERING: Option<DeptColumn> = None;

    fn index(self) -> usize {
        self as usize
    }

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            DeptColumn::Leader => &["领导", "分管领导", "包片领导", "责任领导", "牵头领导"],
            DeptColumn::Sector => &["行业领域", "领域", "行业"],
            DeptColumn::Target => &["检查对象", "对象", "检查范围"],
            DeptColumn::Dept => &["牵头科室", "责任科室", "科室", "牵头单位", "责任单位"],
            DeptColumn::Head => &["负责人", "科室负责人", "联系人"],
        }
    }

    fn is_table(has: &dyn Fn(DeptColumn) -> bool) -> bool {
        has(DeptColumn::Dept)
            && (has(DeptColumn::Leader) || has(DeptColumn::Target) || has(DeptColumn::Sector))
    }
}

/// The rows of every sheet with a `C` header, as text per column, plus the
/// first title line seen (the table's name).
struct Rows<C: Columns> {
    header: Option<read::header::Header<C>>,
    title: Option<String>,
    rows: Vec<Vec<String>>,
}

impl<C: Columns> Visitor<C> for Rows<C> {
    fn sheet(&mut self, sheet: &SheetLayout<C>) {
        self.header = Some(sheet.header.clone());
        if self.title.is_none() {
            self.title = sheet.title.first().cloned();
        }
    }

    fn row(&mut self, _row: u32, cells: RowView<'_>) {
        let Some(header) = &self.header else { return };
        self.rows.push(
            C::ALL
                .iter()
                .map(|c| {
                    header.col(*c).map_or(String::new(), |col| {
                        trim(&cells.get(col).display()).to_string()
                    })
                })
                .collect(),
        );
    }
}

fn read_rows<C: Columns>(path: &Path) -> Result<Rows<C>, Unreadable> {
    let mut rows = Rows {
        header: None,
        title: None,
        rows: Vec::new(),
    };
    read::read_file(path, &mut rows)?;
    Ok(rows)
}

/// What a file held: Annex 2 tasks, Annex 1 departments, or both.
#[derive(Debug, Default)]
pub struct Converted {
    pub title: Option<String>,
    pub measures: Vec<OutMeasure>,
    pub departments: Vec<OutDepartment>,
}

/// Reads Annex 1 and Annex 2 tables from `path`; None when it has neither.
pub fn convert(path: &Path) -> Result<Converted, Unreadable> {
    let tasks = read_rows::<TaskColumn>(path);
    let depts = read_rows::<DeptColumn>(path);
    if let (Err(e), Err(_)) = (&tasks, &depts) {
        return Err(e.clone());
    }
    let mut out = Converted::default();
    if let Ok(t) = tasks {
        out.title = t.title;
        out.measures = measures(&t.rows);
    }
    if let Ok(d) = depts {
        out.title = out.title.or(d.title);
        out.departments = departments(&d.rows);
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct OutDepartment {
    pub name: String,
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    pub sectors: Vec<String>,
    pub targets: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct OutMeasure {
    pub no: u32,
    pub title: String,
    pub tasks: Vec<OutTask>,
}

#[derive(Debug, Serialize)]
pub struct OutTask {
    pub id: String,
    pub task: String,
    pub requirement: String,
    pub departments: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every: Option<&'static str>,
}

/// Names in a cell listing several: line breaks, 、，,;； and spaces separate them.
pub fn split_names(cell: &str) -> Vec<String> {
    cell.split(|c: char| "、，,;；/\n".contains(c) || crate::text::is_space(c))
        .map(trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A leading Chinese numeral with 、 ("十五、统筹做好…") → (15, "统筹做好…").
fn measure_number(text: &str) -> Option<(u32, &str)> {
    let (head, rest) = text.split_once(['、', '.', '．'])?;
    let n = chinese_number(trim(head))?;
    Some((n, trim(rest)))
}

fn chinese_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c),
        ['十', c] => Some(10 + digit(*c)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', c] => Some(digit(*t)? * 10 + digit(*c)?),
        _ => None,
    }
}

/// A leading item number ("24.严格落实…", "24、…") → (24, rest).
fn item_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = text[digits..].strip_prefix(['.', '、', '．', '。'])?;
    Some((text[..digits].parse().ok()?, trim(rest)))
}

/// A leading "（1）" or "(1)" → (1, rest).
fn sub_number(text: &str) -> Option<(u32, &str)> {
    let folded = crate::text::fold_width(text);
    let inner = folded.strip_prefix('(')?;
    let (n, _) = inner.split_once(')')?;
    let n: u32 = n.trim().parse().ok()?;
    let (close, paren) = text.char_indices().find(|(_, c)| matches!(c, ')' | '）'))?;
    Some((n, trim(&text[close + paren.len_utf8()..])))
}

/// The task's short name: its first sentence.
fn first_sentence(text: &str) -> String {
    let end = text.find(['。', '；']).unwrap_or(text.len());
    trim(&text[..end]).to_string()
}

/// Annex 2 rows → measures with tasks; blank measure, task and deadline cells
/// carry down, and ids come from the numbering in the text.
fn measures(rows: &[Vec<String>]) -> Vec<OutMeasure> {
    let [m_col, t_col, r_col, d_col, dl_col] = [0, 1, 2, 3, 4];
    let mut out: Vec<OutMeasure> = Vec::new();
    let (mut measure, mut task, mut deadline) = (String::new(), String::new(), String::new());
    let mut items: Vec<(usize, String, Vec<OutTask>, Option<u32>)> = Vec::new();
    for row in rows {
        let carried = |cell: &String, last: &mut String| {
            if !cell.is_empty() {
                *last = cell.clone();
            }
        };
        carried(&row[m_col], &mut measure);
        carried(&row[t_col], &mut task);
        carried(&row[dl_col], &mut deadline);
        if row[r_col].is_empty() && row[t_col].is_empty() {
            continue;
        }
        if out
            .last()
            .is_none_or(|m| compact(&m.title) != compact(measure_title(&measure, out.len()).1))
        {
            let (no, title) = measure_title(&measure, out.len());
            out.push(OutMeasure {
                no,
                title: title.to_string(),
                tasks: Vec::new(),
            });
        }
        let m = out.len() - 1;
        if items
            .last()
            .is_none_or(|(mi, t, ..)| *mi != m || *t != task)
        {
            items.push((
                m,
                task.clone(),
                Vec::new(),
                item_number(&task).map(|(n, _)| n),
            ));
        }
        let (sub, requirement) = sub_number(&row[r_col])
            .map(|(n, r)| (Some(n), r.to_string()))
            .unwrap_or((None, row[r_col].clone()));
        let item = items.last_mut().expect("just pushed");
        let task_name = item_number(&task).map_or(task.as_str(), |(_, t)| t);
        item.2.push(OutTask {
            id: sub.map(|s| s.to_string()).unwrap_or_default(),
            task: first_sentence(task_name),
            every: crate::division::Every::from_words(&requirement).map(|e| e.key()),
            requirement,
            departments: split_names(&row[d_col]),
            deadline: (!deadline.is_empty()).then(|| deadline.clone()),
        });
    }
    for (m, _, tasks, number) in items {
        let single = tasks.len() == 1;
        let prefix = number.map_or_else(|| out[m].no.to_string(), |n| n.to_string());
        for (k, mut t) in tasks.into_iter().enumerate() {
            t.id = match (number, t.id.is_empty(), single) {
                (Some(_), true, true) => prefix.clone(),
                (_, true, _) => format!("{prefix}.{}", k + 1),
                (_, false, _) => format!("{prefix}.{}", t.id),
            };
            out[m].tasks.push(t);
        }
    }
    out
}

fn measure_title(text: &str, seen: usize) -> (u32, &str) {
    measure_number(text).unwrap_or((seen as u32 + 1, text))
}

/// Annex 1 rows → departments. A blank leader is the one above; a blank
/// department adds its sectors and targets to the department above.
fn departments(rows: &[Vec<String>]) -> Vec<OutDepartment> {
    let [l_col, s_col, t_col, d_col, h_col] = [0, 1, 2, 3, 4];
    let mut out: Vec<OutDepartment> = Vec::new();
    let mut leader = String::new();
    for row in rows {
        if !row[l_col].is_empty() {
            leader = row[l_col].split_whitespace().collect();
        }
        let sectors = split_names(&row[s_col].replace('、', "\n"));
        let targets = split_names(&row[t_col].replace('、', "\n"));
        if row[d_col].is_empty() {
            if let Some(d) = out.last_mut() {
                d.sectors.extend(sectors);
                d.targets.extend(targets);
                if d.head.is_none() && !row[h_col].is_empty() {
                    d.head = Some(row[h_col].clone());
                }
            }
            continue;
        }
        let name = row[d_col].clone();
        let (name, aliases) = match name.split_once(['（', '(']) {
            Some((short, _)) => (trim(short).to_string(), vec![name.clone()]),
            None => (name, Vec::new()),
        };
        out.push(OutDepartment {
            name,
            aliases,
            leader: (!leader.is_empty()).then(|| leader.clone()),
            head: (!row[h_col].is_empty()).then(|| row[h_col].split_whitespace().collect()),
            sectors,
            targets,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_in_the_text() {
        assert_eq!(
            measure_number("十五、统筹做好经济发展"),
            Some((15, "统筹做好经济发展"))
        );
        assert_eq!(measure_number("一、严格落实"), Some((1, "严格落实")));
        assert_eq!(measure_number("二十三、x"), Some((23, "x")));
        assert_eq!(measure_number("十、重拳出击"), Some((10, "重拳出击")));
        assert_eq!(item_number("24.严格落实企业"), Some((24, "严格落实企业")));
        assert_eq!(item_number("严格落实"), None);
        assert_eq!(
            sub_number("（2）行业主管部门制定"),
            Some((2, "行业主管部门制定"))
        );
        assert_eq!(sub_number("(10) 每月检查"), Some((10, "每月检查")));
        assert_eq!(sub_number("建立机制"), None);
        assert_eq!(split_names("应急办\n党政办"), ["应急办", "党政办"]);
        assert_eq!(
            split_names("应急办、\n负有安全监管职责科室"),
            ["应急办", "负有安全监管职责科室"]
        );
    }

    fn row(cells: [&str; 5]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn annex2_rows_carry_down_and_take_ids_from_their_numbering() {
        let rows = vec![
            row([
                "一、严格落实责任",
                "1.严格落实细则。加大权重",
                "（1）5月底，建立责任制。",
                "应急办",
                "5月底",
            ]),
            row([
                "",
                "",
                "（2）加大约束性指标权重。",
                "经发办",
                "2022年5月至党的二十大结束",
            ]),
            row([
                "",
                "2.完善学习机制",
                "（1）建立跟进学习机制。",
                "党政办",
                "",
            ]),
            row(["", "", "（2）每年至少专题学习1次。", "文服中心", ""]),
            row([
                "五、企业主要负责人",
                "26.纳入必查内容",
                "检查执法两个必查",
                "经发办\n应急办",
                "长期",
            ]),
        ];
        let m = measures(&rows);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].no, m[0].title.as_str()), (1, "严格落实责任"));
        let ids: Vec<_> = m[0].tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["1.1", "1.2", "2.1", "2.2"]);
        assert_eq!(m[0].tasks[0].task, "严格落实细则");
        assert_eq!(m[0].tasks[0].requirement, "5月底，建立责任制。");
        assert_eq!(
            m[0].tasks[2].deadline.as_deref(),
            Some("2022年5月至党的二十大结束"),
            "carried down"
        );
        assert_eq!(m[0].tasks[3].every, Some("year"));
        assert_eq!(m[1].no, 5);
        assert_eq!(m[1].tasks[0].id, "26");
        assert_eq!(m[1].tasks[0].departments, ["经发办", "应急办"]);
    }

    #[test]
    fn annex1_rows_carry_leaders_and_merge_blank_departments_into_the_one_above() {
        let rows = vec![
            row([
                "陈维薇",
                "消防、电力燃气",
                "商家、企业",
                "经发办（产业办）",
                "程盈",
            ]),
            row(["姜  毅", "城市运行", "城市基础设施", "市政办", "崔恺"]),
            row(["", "道路交通", "支路干道、停车场", "", ""]),
            row(["", "消防", "烟花爆竹", "应急办", "赵家平"]),
        ];
        let d = departments(&rows);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].name, "经发办");
        assert_eq!(d[0].aliases, ["经发办（产业办）"]);
        assert_eq!(d[0].sectors, ["消防", "电力燃气"]);
        assert_eq!(d[1].leader.as_deref(), Some("姜毅"));
        assert_eq!(d[1].sectors, ["城市运行", "道路交通"]);
        assert_eq!(d[1].targets, ["城市基础设施", "支路干道", "停车场"]);
        assert_eq!(d[2].leader.as_deref(), Some("姜毅"), "carried down");
    }
}
