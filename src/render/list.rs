//! `ledger list`'s terminal table: the filtered records, one line each.

use super::table;
use crate::i18n::Lang;
use crate::record::Hazard;

/// The records as a table, with their count under it.
pub fn list_table(records: &[&Hazard], lang: Lang) -> String {
    let headers = [
        lang.pick("编号", "id"),
        lang.pick("责任单位", "dept"),
        lang.pick("单位名称", "unit"),
        lang.pick("问题隐患", "hazard"),
        lang.pick("等级", "level"),
        lang.pick("状态", "status"),
        lang.pick("发现日期", "found"),
        lang.pick("整改时限", "deadline"),
    ];
    let rows = records.iter().map(|h| {
        vec![
            h.id.to_string(),
            h.dept.to_string(),
            h.unit.to_string(),
            h.hazard.to_string(),
            lang.pick(h.level.zh(), h.level.en()).to_string(),
            lang.pick(h.status.zh(), h.status.en()).to_string(),
            h.found.to_string(),
            deadline_cell(h),
        ]
    });
    let mut out = table::table(&headers, rows).to_string();
    out.push('\n');
    out.push_str(&lang.pick(
        format!("共 {} 条\n", records.len()),
        format!("{} records\n", records.len()),
    ));
    out
}

/// The deadline as a date when resolved, else as written.
fn deadline_cell(h: &Hazard) -> String {
    h.effective_deadline()
        .map_or_else(|| h.deadline_text.to_string(), |d| d.to_string())
}
