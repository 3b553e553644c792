//! The column tables of `list`, `overdue` and `summary`: each column's key,
//! headers, width and cell, spelt once for CSV (scripts and people) and the
//! workbook ([`super::tabular`]). The keys are the scripts' contract; keep them.

use super::record::yuan;
use super::report::{STATISTICS_HEADERS, summary_headers};
use super::tabular::{Column, Head, Value};
use super::xlsx::width;
use crate::field::Field;
use crate::record::{ClosedSource, Hazard};
use crate::report::duties::{DeptDuty, OwnerDuty};
use crate::report::monthly::DeptRow;
use crate::report::overdue::Item;
use crate::report::period::Period;
use crate::report::statistics::StatRow;
use crate::report::tasks::TaskStatus;
use crate::store::imports::ImportLine;

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn closed_source(s: Option<ClosedSource>) -> Value {
    let (key, zh) = match s {
        None => ("", ""),
        Some(ClosedSource::Column) => ("column", "完成日期列"),
        Some(ClosedSource::Text) => ("text", "整改情况文字"),
        Some(ClosedSource::Observed) => ("observed", "导入时所见"),
    };
    Value::Word { key, zh }
}

/// A stored record: the RECORD keys, `id` first.
#[rustfmt::skip]
pub const RECORD: [Column<Hazard>; 33] = [
    Column { key: "id", zh: "编号", en: "id", width: width(Field::Id), cell: |h| text(&h.id) },
    Column { key: "seq", zh: "序号", en: "no.", width: width(Field::Seq), cell: |h| text(&h.seq) },
    Column { key: "unit", zh: "单位名称", en: "unit", width: width(Field::Unit), cell: |h| text(&h.unit) },
    Column { key: "address", zh: "单位地址", en: "address", width: width(Field::Address), cell: |h| text(&h.address) },
    Column { key: "unit_head", zh: "单位负责人", en: "unit head", width: width(Field::UnitHead), cell: |h| text(&h.unit_head) },
    Column { key: "phone", zh: "联系电话", en: "phone", width: width(Field::Phone), cell: |h| text(&h.phone) },
    Column { key: "dept", zh: "责任单位", en: "department", width: width(Field::Dept), cell: |h| text(&h.dept) },
    Column { key: "owner", zh: "责任人", en: "owner", width: width(Field::Owner), cell: |h| text(&h.owner) },
    Column { key: "hazard", zh: "问题隐患", en: "hazard", width: width(Field::Hazard), cell: |h| text(&h.hazard) },
    Column { key: "measures", zh: "整改措施及情况", en: "measures", width: width(Field::Measures), cell: |h| text(&h.measures) },
    Column { key: "deadline_text", zh: "整改时限（原文）", en: "deadline as written", width: width(Field::Deadline), cell: |h| text(&h.deadline_text) },
    Column { key: "deadline", zh: "整改时限", en: "deadline", width: width(Field::Found), cell: |h| Value::Date(h.deadline) },
    Column { key: "long_term", zh: "长期整改", en: "long term", width: 9.0, cell: |h| Value::Bool(h.long_term) },
    Column { key: "level", zh: "隐患等级", en: "level", width: width(Field::Level), cell: |h| text(h.level.zh()) },
    Column { key: "found", zh: "发现日期", en: "found", width: width(Field::Found), cell: |h| Value::Date(Some(h.found)) },
    Column { key: "found_assumed", zh: "发现日期系推定", en: "found date assumed", width: 9.0, cell: |h| Value::Bool(h.found_assumed) },
    Column { key: "status", zh: "整改状态", en: "status", width: width(Field::Status), cell: |h| text(h.status.zh()) },
    Column { key: "closed", zh: "完成日期", en: "closed", width: width(Field::Closed), cell: |h| Value::Date(h.closed) },
    Column { key: "closed_source", zh: "完成日期来源", en: "closed date from", width: 12.0, cell: |h| closed_source(h.closed_source) },
    Column { key: "extended_deadline", zh: "延期时限", en: "extended deadline", width: width(Field::Extension), cell: |h| Value::Date(h.extended_deadline) },
    Column { key: "extension_approval", zh: "延期审批", en: "extension approval", width: width(Field::Approval), cell: |h| text(&h.extension_approval) },
    Column { key: "extension_approved", zh: "延期已获批准", en: "extension approved", width: 9.0, cell: |h| Value::Bool(h.extension_approved) },
    Column { key: "interview", zh: "约谈日期", en: "interview", width: width(Field::Interview), cell: |h| Value::Date(h.interview) },
    Column { key: "sector", zh: "行业领域", en: "sector", width: width(Field::Sector), cell: |h| text(&h.sector) },
    Column { key: "remarks", zh: "备注", en: "remarks", width: width(Field::Remarks), cell: |h| text(&h.remarks) },
    Column { key: "funds", zh: "整改资金（元）", en: "funds (yuan)", width: width(Field::Funds), cell: |h| Value::Amount(h.funds.map(yuan)) },
    Column { key: "file", zh: "来源文件", en: "file", width: 18.0, cell: |h| text(&h.source.file) },
    Column { key: "sheet", zh: "来源工作表", en: "sheet", width: 10.0, cell: |h| text(&h.source.sheet) },
    Column { key: "row", zh: "来源行", en: "row", width: 7.0, cell: |h| Value::Int(i64::from(h.source.row)) },
    Column { key: "code", zh: "隐患编号", en: "code", width: width(Field::Code), cell: |h| text(&h.code) },
    Column { key: "location", zh: "隐患位置", en: "location", width: width(Field::Location), cell: |h| text(&h.location) },
    Column { key: "inspector", zh: "检查人", en: "inspector", width: width(Field::Inspector), cell: |h| text(&h.inspector) },
    Column { key: "reviewer", zh: "复查人", en: "reviewer", width: width(Field::Reviewer), cell: |h| text(&h.reviewer) },
];

/// A line of `overdue`: an item and whether it is overdue or falling due.
pub struct Line<'r, 'a> {
    pub item: &'r Item<'a>,
    pub overdue: bool,
}

/// The columns `overdue` adds after the record's (a function, as a constant's
/// columns could only be of lines that live forever).
#[rustfmt::skip]
pub fn overdue<'r, 'a>() -> [Column<Line<'r, 'a>>; 6] { [
    Column {
        key: "list",
        zh: "类别",
        en: "list",
        width: 9.0,
        cell: |l| match l.overdue {
            true => Value::Word { key: "overdue", zh: "逾期" },
            false => Value::Word { key: "upcoming", zh: "即将到期" },
        },
    },
    Column { key: "effective_deadline", zh: "现整改时限", en: "effective deadline", width: 12.0, cell: |l| Value::Date(Some(l.item.effective_deadline)) },
    Column { key: "days_overdue", zh: "逾期天数", en: "days overdue", width: 9.0, cell: |l| Value::Count(l.overdue.then_some(l.item.days)) },
    Column { key: "days_left", zh: "剩余天数", en: "days left", width: 9.0, cell: |l| Value::Count((!l.overdue).then_some(l.item.days)) },
    Column { key: "interview_due", zh: "应约谈日期", en: "interview due", width: 12.0, cell: |l| Value::Date(l.item.interview_due) },
    Column {
        key: "interview_state",
        zh: "约谈情况",
        en: "interview",
        width: 10.0,
        cell: |l| match l.item.interview_state {
            Some(s) => Value::Word { key: s.key(), zh: s.zh() },
            None => Value::Word { key: "", zh: "" },
        },
    },
] }

/// The summary (汇总), one row a department and the total.
#[rustfmt::skip]
pub const SUMMARY: [Column<DeptRow>; 12] = [
    Column { key: "rank", zh: "排名", en: "rank", width: 6.0, cell: |r| Value::Count(r.rank.map(|n| n as i64)) },
    Column { key: "dept", zh: "责任单位", en: "department", width: 14.0, cell: |r| text(&r.dept) },
    Column { key: "carried", zh: "上月结转", en: "carried", width: 10.0, cell: |r| r.figures.carried.into() },
    Column { key: "new", zh: "本月新增", en: "new", width: 10.0, cell: |r| r.figures.new.into() },
    Column { key: "rectified", zh: "本月整改", en: "rectified", width: 10.0, cell: |r| r.figures.rectified.into() },
    Column { key: "open", zh: "月末未整改", en: "open", width: 11.0, cell: |r| r.figures.open.into() },
    Column { key: "overdue", zh: "其中逾期", en: "overdue", width: 10.0, cell: |r| r.figures.overdue.into() },
    Column { key: "open_major", zh: "重大隐患", en: "open major", width: 10.0, cell: |r| r.figures.open_major.into() },
    Column { key: "rectification_rate", zh: "整改率", en: "rectified %", width: 10.0, cell: |r| Value::Rate(r.figures.rectification_rate()) },
    Column { key: "on_time_rate", zh: "按期整改率", en: "on time %", width: 11.0, cell: |r| Value::Rate(r.figures.on_time_rate()) },
    Column {
        key: "last",
        zh: "备注",
        en: "last",
        width: 8.0,
        cell: |r| match r.last {
            true => Value::Word { key: "true", zh: "末位" },
            false => Value::Word { key: "false", zh: "" },
        },
    },
    Column { key: "found_to_date", zh: "累计查出", en: "found to date", width: 10.0, cell: |r| r.figures.found_to_date.into() },
];

/// The summary's heads for `period`: the Chinese as the report's 汇总 sheet
/// has it ([`summary_headers`]: 上月/本月/月末 for a month, 期初/本期/期末
/// otherwise), then 累计查出, which only the files carry.
pub fn summary_heads(period: Period) -> Vec<Head> {
    let report = summary_headers(period);
    SUMMARY
        .iter()
        .enumerate()
        .map(|(i, c)| Head {
            zh: report.get(i).copied().unwrap_or(c.zh),
            ..c.head()
        })
        .collect()
}

/// The standard statistics (统计), one row a department and the total; the
/// Chinese headers are the report's.
#[rustfmt::skip]
pub const STATISTICS: [Column<StatRow>; 11] = [
    Column { key: "dept", zh: STATISTICS_HEADERS[0], en: "department", width: 14.0, cell: |r| text(&r.dept) },
    Column { key: "units_checked", zh: STATISTICS_HEADERS[1], en: "units checked", width: 10.0, cell: |r| r.stats.units_checked.into() },
    Column { key: "found", zh: STATISTICS_HEADERS[2], en: "found", width: 10.0, cell: |r| r.stats.found.into() },
    Column { key: "found_major", zh: STATISTICS_HEADERS[3], en: "major", width: 10.0, cell: |r| r.stats.found_major.into() },
    Column { key: "rectified", zh: STATISTICS_HEADERS[4], en: "rectified", width: 10.0, cell: |r| r.stats.rectified.into() },
    Column { key: "rectification_rate", zh: STATISTICS_HEADERS[5], en: "rectified %", width: 10.0, cell: |r| Value::Rate(r.stats.rectification_rate()) },
    Column { key: "rectified_major", zh: STATISTICS_HEADERS[6], en: "majors rectified", width: 10.0, cell: |r| r.stats.rectified_major.into() },
    Column { key: "major_rate", zh: STATISTICS_HEADERS[7], en: "major %", width: 10.0, cell: |r| Value::Rate(r.stats.major_rate()) },
    Column { key: "on_time_rate", zh: STATISTICS_HEADERS[8], en: "on time %", width: 10.0, cell: |r| Value::Rate(r.stats.on_time_rate()) },
    Column { key: "overdue", zh: STATISTICS_HEADERS[9], en: "overdue", width: 10.0, cell: |r| r.stats.overdue.into() },
    Column { key: "funds", zh: STATISTICS_HEADERS[10], en: "funds (yuan)", width: 12.0, cell: |r| Value::Money(yuan(r.stats.funds)) },
];

/// A line of `status`: a file a department handed in, or none.
pub struct Submission<'s> {
    pub dept: &'s str,
    pub file: Option<&'s ImportLine>,
}

/// The columns of `status`.
#[rustfmt::skip]
pub fn submissions<'s>() -> [Column<Submission<'s>>; 6] { [
    Column { key: "dept", zh: "责任单位", en: "dept", width: 14.0, cell: |s| text(s.dept) },
    Column {
        key: "state",
        zh: "报送情况",
        en: "state",
        width: 10.0,
        cell: |s| match s.file {
            Some(_) => Value::Word { key: "received", zh: "已报送" },
            None => Value::Word { key: "missing", zh: "未报送" },
        },
    },
    Column { key: "file", zh: "文件", en: "file", width: 28.0, cell: |s| text(s.file.map_or("", |f| &f.file)) },
    Column { key: "as_of", zh: "填报日期", en: "as of", width: 12.0, cell: |s| Value::Date(s.file.map(|f| f.as_of)) },
    Column { key: "imported_at", zh: "导入时间", en: "imported", width: 17.0, cell: |s| Value::Text(s.file.map(|f| super::time::local(&f.at)).unwrap_or_default()) },
    Column { key: "rows", zh: "行数", en: "rows", width: 7.0, cell: |s| Value::Count(s.file.map(|f| f.rows as i64)) },
] }

fn duty(short: bool) -> Value {
    match short {
        true => Value::Word {
            key: "short",
            zh: "未达标",
        },
        false => Value::Word {
            key: "met",
            zh: "达标",
        },
    }
}

/// The officials' 2-2-2 duty (`duties`, the report's 履职).
#[rustfmt::skip]
pub const OWNER_DUTIES: [Column<OwnerDuty>; 5] = [
    Column { key: "owner", zh: "责任人", en: "owner", width: 10.0, cell: |o| text(&o.owner) },
    Column { key: "dept", zh: "责任单位", en: "dept", width: 14.0, cell: |o| text(&o.dept) },
    Column { key: "units_checked", zh: "检查单位数", en: "units checked", width: 10.0, cell: |o| o.units_checked.into() },
    Column { key: "hazards_rectified", zh: "督促整改数", en: "hazards rectified", width: 10.0, cell: |o| o.hazards_rectified.into() },
    Column { key: "duty", zh: "达标", en: "duty", width: 8.0, cell: |o| duty(o.short) },
];

/// The departments' checks (`duties`).
#[rustfmt::skip]
pub const DEPT_CHECKS: [Column<DeptDuty>; 4] = [
    Column { key: "dept", zh: "责任单位", en: "dept", width: 14.0, cell: |d| text(&d.dept) },
    Column { key: "inspections_month", zh: "本月检查", en: "this month", width: 10.0, cell: |d| d.inspections_month.into() },
    Column { key: "inspections_quarter", zh: "本季度检查", en: "this quarter", width: 10.0, cell: |d| d.inspections_quarter.into() },
    Column { key: "duty", zh: "达标", en: "duty", width: 8.0, cell: |d| duty(d.short) },
];

/// The columns of `tasks`.
#[rustfmt::skip]
pub fn tasks<'a>() -> [Column<TaskStatus<'a>>; 6] { [
    Column { key: "id", zh: "编号", en: "id", width: 7.0, cell: |s| text(&s.task.id) },
    Column { key: "task", zh: "重点任务", en: "task", width: 36.0, cell: |s| text(&s.task.task) },
    Column { key: "departments", zh: "责任科室", en: "departments", width: 18.0, cell: |s| Value::Text(s.task.departments.join("、")) },
    Column {
        key: "deadline_text",
        zh: "时限",
        en: "deadline",
        width: 20.0,
        cell: |s| {
            let every = s.task.every.map(|e| format!("（{}）", e.zh())).unwrap_or_default();
            Value::Text(format!("{}{every}", s.task.deadline_text))
        },
    },
    Column { key: "due", zh: "到期日", en: "due", width: 12.0, cell: |s| Value::Date(s.due) },
    Column { key: "state", zh: "状态", en: "state", width: 9.0, cell: |s| Value::Word { key: s.state.key(), zh: s.state.zh() } },
] }

/// A finding of `check`, or a file it could not read.
pub struct FindingLine {
    pub file: String,
    pub error: bool,
    pub location: String,
    pub code: &'static str,
    pub message: String,
}

/// The columns of `check`'s findings.
#[rustfmt::skip]
pub const FINDINGS: [Column<FindingLine>; 5] = [
    Column { key: "file", zh: "文件", en: "file", width: 24.0, cell: |f| text(&f.file) },
    Column {
        key: "severity",
        zh: "级别",
        en: "severity",
        width: 7.0,
        cell: |f| match f.error {
            true => Value::Word { key: "error", zh: "错误" },
            false => Value::Word { key: "warning", zh: "警告" },
        },
    },
    Column { key: "location", zh: "位置", en: "location", width: 14.0, cell: |f| text(&f.location) },
    Column { key: "code", zh: "代码", en: "code", width: 22.0, cell: |f| text(f.code) },
    Column { key: "message", zh: "说明", en: "message", width: 50.0, cell: |f| text(&f.message) },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::filter::Month;

    #[test]
    fn the_summary_files_carry_the_report_sheets_headers() {
        let month = Period::Month(Month {
            year: 2022,
            month: 7,
        });
        let zh: Vec<&str> = summary_heads(month).iter().map(|h| h.zh).collect();
        assert_eq!(zh[..11], summary_headers(month));
        assert_eq!(zh[11], "累计查出");
        let year: Vec<&str> = summary_heads(Period::Year(2022))
            .iter()
            .map(|h| h.zh)
            .collect();
        assert_eq!(year[2], "期初结转");
        let stats: Vec<&str> = STATISTICS.iter().map(|c| c.zh).collect();
        assert_eq!(stats, STATISTICS_HEADERS);
    }
}
