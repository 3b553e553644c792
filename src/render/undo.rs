//! `ledger undo`'s terminal table: each hazard the undo takes out or puts
//! back, and what changes.

use super::table;
use crate::field::Field;
use crate::i18n::Lang;
use crate::store::undo::Plan;

/// Store columns that follow from others shown beside them, left out of
/// the list (the history keeps them).
const DERIVED: &[&str] = &[
    "closed_source",
    "found_assumed",
    "long_term",
    "extension_approved",
];

/// A store column as a clerk knows it: its Annex 3 header in Chinese.
fn name(column: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return column.to_string();
    }
    let key = if column == "deadline_text" {
        "deadline"
    } else {
        column
    };
    Field::ALL
        .into_iter()
        .find(|f| f.key() == key)
        .map_or_else(|| column.to_string(), |f| f.label().to_string())
}

/// One line per hazard: what happens to it.
pub fn as_table(plan: &Plan, lang: Lang) -> String {
    if plan.removed.is_empty() && plan.restored.is_empty() {
        return String::new();
    }
    let headers = [
        lang.pick("编号", "id"),
        lang.pick("单位名称", "unit"),
        lang.pick("撤销", "undo"),
    ];
    let removed = plan.removed.iter().map(|h| {
        vec![
            h.id.to_string(),
            h.unit.to_string(),
            lang.pick("移出（本次导入新增）", "taken out (inserted by it)")
                .to_string(),
        ]
    });
    let restored = plan.restored.iter().map(|r| {
        let what = if r.changes.is_empty() {
            lang.pick(
                "恢复上次读到的位置和日期",
                "back to where and when it was last read",
            )
            .to_string()
        } else {
            r.changes
                .iter()
                .filter(|c| !DERIVED.contains(&c.field.as_str()))
                .map(|c| {
                    let shown = |v: &str| {
                        if v.is_empty() {
                            lang.pick("（空）", "(empty)").to_string()
                        } else {
                            v.to_string()
                        }
                    };
                    let colon = lang.pick("：", ": ");
                    let field = name(&c.field, lang);
                    format!("{field}{colon}{} → {}", shown(&c.from), shown(&c.to))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        vec![r.now.id.to_string(), r.now.unit.to_string(), what]
    });
    format!("{}\n", table::table(&headers, removed.chain(restored)))
}
