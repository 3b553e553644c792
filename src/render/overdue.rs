//! `ledger overdue`'s layouts: JSON for scripts, the terminal table by
//! department, and the sheet of records with overdue's columns.

use super::record::RecordJson;
use super::tables::{self, Line, RECORD};
use super::tabular::{self, Sheet};
use crate::division::DeptNames;
use crate::i18n::Lang;
use crate::record::Hazard;
use crate::report::overdue::{Item, Overdue};
use crate::report::overdue_by_dept::by_dept;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
struct ItemJson<'a> {
    #[serde(flatten)]
    record: RecordJson<'a>,
    effective_deadline: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_overdue: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_left: Option<i64>,
    interview_due: Option<NaiveDate>,
    interview_state: Option<&'static str>,
}

#[derive(Serialize)]
struct OverdueJson<'a> {
    as_of: NaiveDate,
    overdue: Vec<ItemJson<'a>>,
    upcoming: Vec<ItemJson<'a>>,
}

fn item_json<'a>(item: &Item<'a>, overdue: bool) -> ItemJson<'a> {
    ItemJson {
        record: RecordJson::new(item.hazard, true),
        effective_deadline: item.effective_deadline,
        days_overdue: overdue.then_some(item.days),
        days_left: (!overdue).then_some(item.days),
        interview_due: item.interview_due,
        interview_state: item.interview_state.map(|s| s.key()),
    }
}

/// The report as JSON: the overdue items, then those falling due.
pub fn json(report: &Overdue<'_>) -> String {
    super::json(&OverdueJson {
        as_of: report.as_of,
        overdue: report.overdue.iter().map(|i| item_json(i, true)).collect(),
        upcoming: report
            .upcoming
            .iter()
            .map(|i| item_json(i, false))
            .collect(),
    })
}

/// The workbook's sheet (and the CSV): the record's columns, then overdue's.
pub fn sheet<'r>(report: &'r Overdue<'_>, organisation: &str, lang: Lang) -> Sheet<'r> {
    Sheet {
        name: "逾期",
        title: format!(
            "{organisation}逾期未整改隐患（截至 {}，{} 项）",
            report.as_of,
            report.overdue.len()
        ),
        heads: tabular::heads(&RECORD)
            .chain(tabular::heads(&tables::overdue()))
            .collect(),
        rows: Box::new(lines(report).collect::<Vec<_>>().into_iter().map(|line| {
            let mut row = tabular::cells(&RECORD, line.item.hazard);
            row.extend(tabular::cells(&tables::overdue(), &line));
            row
        })),
        lang,
    }
}

/// The overdue items, then those falling due.
fn lines<'r, 'a>(report: &'r Overdue<'a>) -> impl Iterator<Item = Line<'r, 'a>> {
    let overdue = report.overdue.iter().map(|item| Line {
        item,
        overdue: true,
    });
    let upcoming = report.upcoming.iter().map(|item| Line {
        item,
        overdue: false,
    });
    overdue.chain(upcoming)
}

/// The terminal table: the overdue items by department, then those falling due.
pub fn table(
    report: &Overdue<'_>,
    upcoming: Option<u32>,
    names: DeptNames<'_>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    out.push_str(&lang.pick(
        format!(
            "截至 {}，逾期未整改 {} 项\n",
            report.as_of,
            report.overdue.len()
        ),
        format!("as of {}: {} overdue\n", report.as_of, report.overdue.len()),
    ));
    for (dept, items) in by_dept(&report.overdue, names) {
        out.push_str(&format!(
            "\n【{}】{}\n",
            if dept.is_empty() { "—" } else { &dept },
            lang.pick(
                format!("{} 项", items.len()),
                format!("{} overdue", items.len())
            )
        ));
        let headers = [
            lang.pick("编号", "id"),
            unit_header(items.iter().map(|i| i.hazard), lang),
            lang.pick("问题隐患", "hazard"),
            lang.pick("责任人", "owner"),
            lang.pick("等级", "level"),
            lang.pick("整改时限", "deadline"),
            lang.pick("逾期天数", "days"),
            lang.pick("约谈", "interview"),
        ];
        let rows = items.iter().map(|i| {
            let interview = match (i.interview_state, i.interview_due) {
                (Some(s), Some(due)) => format!("{} {}", lang.pick(s.zh(), s.key()), due),
                (Some(s), None) => lang.pick(s.zh(), s.key()).to_string(),
                _ => String::new(),
            };
            vec![
                i.hazard.id.to_string(),
                unit_or_place(i.hazard).to_string(),
                i.hazard.hazard.to_string(),
                i.hazard.owner.to_string(),
                lang.pick(i.hazard.level.zh(), i.hazard.level.en())
                    .to_string(),
                i.effective_deadline.to_string(),
                i.days.to_string(),
                interview,
            ]
        });
        out.push_str(&super::table::table(&headers, rows).to_string());
        out.push('\n');
    }
    if let Some(n) = upcoming {
        out.push_str(&lang.pick(
            format!("\n未来 {n} 天内到期 {} 项\n", report.upcoming.len()),
            format!(
                "\nfalling due in the next {n} days: {}\n",
                report.upcoming.len()
            ),
        ));
        if !report.upcoming.is_empty() {
            let headers = [
                lang.pick("编号", "id"),
                lang.pick("责任单位", "dept"),
                unit_header(report.upcoming.iter().map(|i| i.hazard), lang),
                lang.pick("问题隐患", "hazard"),
                lang.pick("整改时限", "deadline"),
                lang.pick("剩余天数", "days left"),
            ];
            let rows = report.upcoming.iter().map(|i| {
                vec![
                    i.hazard.id.to_string(),
                    i.hazard.dept.to_string(),
                    unit_or_place(i.hazard).to_string(),
                    i.hazard.hazard.to_string(),
                    i.effective_deadline.to_string(),
                    i.days.to_string(),
                ]
            });
            out.push_str(&super::table::table(&headers, rows).to_string());
            out.push('\n');
        }
    }
    out
}

/// What a table's unit column shows of a hazard: its unit, or where it is
/// when its ledger names no units (many systems' exports list 隐患位置 or
/// 检查场所 instead), so that the clerk can still tell the rows apart.
fn unit_or_place(h: &Hazard) -> &str {
    if h.unit.is_empty() {
        &h.location
    } else {
        &h.unit
    }
}

/// The unit column's heading: it says so when some row shows a place.
fn unit_header<'h>(mut hazards: impl Iterator<Item = &'h Hazard>, lang: Lang) -> &'static str {
    if hazards.any(|h| h.unit.is_empty() && !h.location.is_empty()) {
        lang.pick("单位名称或位置", "unit or location")
    } else {
        lang.pick("单位名称", "unit")
    }
}
