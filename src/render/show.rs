//! `ledger show`'s layouts: one record and its history, as JSON for
//! scripts and as two tables for a clerk.

use super::record::RecordJson;
use super::table;
use crate::field::Field;
use crate::i18n::Lang;
use crate::record::{ClosedSource, Hazard};
use crate::store::history::{Event, Op};
use serde::Serialize;

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    record: RecordJson<'a>,
    history: &'a [Event],
}

/// The record and its history as JSON.
pub fn json(h: &Hazard, history: &[Event]) -> String {
    super::json(&ShowJson {
        record: RecordJson::new(h, true),
        history,
    })
}

/// The deadline as written and, when the text is not already the date, what
/// it resolved to: "6月底 → 2022-06-30", but "2022-07-28" once.
fn deadline_cell(h: &Hazard, lang: Lang) -> String {
    let text = h.deadline_text.as_str();
    match h.deadline {
        Some(d) if d.to_string() == text => text.to_string(),
        Some(d) => format!("{text} → {d}"),
        None if text.is_empty() => String::new(),
        None if h.long_term => lang.pick(
            format!("{text}（长期整改，无截止日期）"),
            format!("{text} (long-term: no deadline)"),
        ),
        None => lang.pick(
            format!("{text}（无法确定日期）"),
            format!("{text} (not understood as a date)"),
        ),
    }
}

/// The closing date and where it came from, so a clerk can tell a recorded
/// date from an inferred one.
fn closed_cell(h: &Hazard, lang: Lang) -> String {
    let Some(source) = h.closed_source else {
        return String::new();
    };
    let date = h.closed.map(|d| d.to_string()).unwrap_or_default();
    let from = match source {
        ClosedSource::Column => lang.pick("完成日期列", "the completion date column"),
        ClosedSource::Text => lang.pick("整改措施所述", "stated in the measures"),
        ClosedSource::Observed => lang.pick("按填报日期推定", "assumed: the file's date"),
    };
    lang.pick(format!("{date}（{from}）"), format!("{date} ({from})"))
}

/// The record field by field, then its history, for a clerk.
pub fn show_table(h: &Hazard, history: &[Event], lang: Lang) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let label = |f: Field| lang.pick(f.label(), f.key()).to_string();
    let mut rows: Vec<[String; 2]> = vec![
        [lang.pick("编号", "id").into(), h.id.to_string()],
        [label(Field::Unit), h.unit.to_string()],
        [label(Field::Address), h.address.to_string()],
        [label(Field::UnitHead), h.unit_head.to_string()],
        [label(Field::Phone), h.phone.to_string()],
        [label(Field::Dept), h.dept.to_string()],
        [label(Field::Owner), h.owner.to_string()],
        [label(Field::Hazard), h.hazard.to_string()],
        [label(Field::Measures), h.measures.to_string()],
        [label(Field::Deadline), deadline_cell(h, lang)],
        [
            label(Field::Level),
            lang.pick(h.level.zh(), h.level.en()).into(),
        ],
        [
            label(Field::Found),
            if h.found_assumed {
                lang.pick(
                    format!("{}（按填报日期推定）", h.found),
                    format!("{} (assumed: the file's date)", h.found),
                )
            } else {
                h.found.to_string()
            },
        ],
        [
            label(Field::Status),
            lang.pick(h.status.zh(), h.status.en()).into(),
        ],
        [label(Field::Closed), closed_cell(h, lang)],
    ];
    // What other systems' files say besides Annex 3, where they said it.
    for (field, value) in [
        (Field::Code, &h.code),
        (Field::Location, &h.location),
        (Field::Inspector, &h.inspector),
        (Field::Reviewer, &h.reviewer),
    ] {
        if !value.is_empty() {
            rows.push([label(field), value.to_string()]);
        }
    }
    if !h.extension_text.is_empty() || !h.extension_approval.is_empty() {
        let approved = if h.extension_approved {
            lang.pick("已批准", "approved")
        } else {
            lang.pick("未获两方批准", "not approved by two parties")
        };
        rows.push([
            label(Field::Extension),
            format!("{} ({approved})", date(h.extended_deadline)),
        ]);
        rows.push([label(Field::Approval), h.extension_approval.to_string()]);
    }
    rows.push([label(Field::Interview), date(h.interview)]);
    rows.push([label(Field::Remarks), h.remarks.to_string()]);
    for (k, v) in &h.extras {
        rows.push([k.clone(), v.clone()]);
    }
    let mut out = table::table(
        &[lang.pick("项目", "field"), lang.pick("内容", "value")],
        rows,
    )
    .to_string();
    out.push_str(lang.pick("\n\n历史\n", "\n\nhistory\n"));
    let events = history.iter().map(|e| {
        let what = match e.op {
            Op::Insert => lang.pick("首次导入".to_string(), "first imported".to_string()),
            Op::Update | Op::Undo => {
                let changes = e
                    .changes
                    .iter()
                    .map(|c| format!("{}: {} → {}", c.field, c.from, c.to))
                    .collect::<Vec<_>>()
                    .join("\n");
                if e.op == Op::Undo {
                    lang.pick(
                        format!("撤销导入，恢复原值\n{changes}"),
                        format!("import undone, values put back\n{changes}"),
                    )
                } else {
                    changes
                }
            }
            Op::Remove => lang.pick(
                "撤销导入，已移出台账".to_string(),
                "import undone, taken out of the ledger".to_string(),
            ),
            Op::Withdraw => lang.pick(
                "该镇街更正后的当月报送不再列出，已撤回".to_string(),
                "withdrawn: its 镇街's corrected submission for the month no longer lists it"
                    .to_string(),
            ),
        };
        vec![
            crate::render::time::local(&e.at),
            format!("{} {}!{}", e.file, e.sheet, e.row),
            e.observed.to_string(),
            what,
        ]
    });
    out.push_str(
        &table::table(
            &[
                lang.pick("时间", "at"),
                lang.pick("来源", "source"),
                lang.pick("填报日期", "as of"),
                lang.pick("变更", "change"),
            ],
            events,
        )
        .to_string(),
    );
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::table::tests::sample;
    use chrono::NaiveDate;

    fn deadline(text: &str, date: Option<(u32, u32)>, long_term: bool) -> String {
        let h = Hazard {
            deadline_text: text.into(),
            deadline: date.map(|(m, d)| NaiveDate::from_ymd_opt(2022, m, d).unwrap()),
            long_term,
            ..sample()
        };
        deadline_cell(&h, Lang::Zh)
    }

    #[test]
    fn a_deadline_shows_what_its_phrase_resolved_to() {
        assert_eq!(
            deadline("6月底", Some((6, 30)), false),
            "6月底 → 2022-06-30"
        );
        assert_eq!(
            deadline("2022/7/28", Some((7, 28)), false),
            "2022/7/28 → 2022-07-28"
        );
    }

    #[test]
    fn a_deadline_written_as_the_date_is_shown_once() {
        assert_eq!(deadline("2022-07-28", Some((7, 28)), false), "2022-07-28");
    }

    #[test]
    fn a_closing_date_says_where_it_came_from_in_the_clerks_language() {
        let closed = |source| Hazard {
            closed: NaiveDate::from_ymd_opt(2022, 6, 12),
            closed_source: source,
            ..sample()
        };
        let h = closed(Some(ClosedSource::Text));
        assert_eq!(closed_cell(&h, Lang::Zh), "2022-06-12（整改措施所述）");
        assert_eq!(
            closed_cell(&h, Lang::En),
            "2022-06-12 (stated in the measures)"
        );
        let h = closed(Some(ClosedSource::Column));
        assert_eq!(closed_cell(&h, Lang::Zh), "2022-06-12（完成日期列）");
        assert_eq!(closed_cell(&closed(None), Lang::Zh), "");
    }

    #[test]
    fn the_english_table_names_level_and_status_in_english() {
        let table = show_table(&sample(), &[], Lang::En);
        assert!(
            table.contains("major") && table.contains("rectified"),
            "{table}"
        );
        assert!(
            !table.contains("重大") && !table.contains("已整改"),
            "{table}"
        );
    }

    #[test]
    fn a_deadline_without_a_date_says_why_and_none_shows_nothing() {
        assert_eq!(deadline("长期", None, true), "长期（长期整改，无截止日期）");
        assert_eq!(deadline("尽快", None, false), "尽快（无法确定日期）");
        assert_eq!(deadline("", None, false), "");
    }
}
