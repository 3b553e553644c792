//! `check --columns`: how every header cell of a file was read and why, so a
//! clerk can see a wrong reading and fix it with one line of `[columns]`.

use crate::columns::Why;
use crate::field::Field;
use crate::i18n::Lang;
use crate::read::SheetLayout;
use crate::read::cell::{CellRef, column_letters};
use crate::read::header::Column;
use serde::Serialize;

/// One header cell as read.
#[derive(Serialize)]
pub struct ColumnJson<'a> {
    /// Where the header cell is (`D3`).
    pub cell: String,
    pub label: &'a str,
    /// The field's key, or None for an extra column.
    pub field: Option<&'static str>,
    pub why: String,
}

/// One sheet's header.
#[derive(Serialize)]
pub struct SheetJson<'a> {
    pub sheet: &'a str,
    /// One-based, as a spreadsheet shows it.
    pub header_row: u32,
    pub columns: Vec<ColumnJson<'a>>,
}

pub fn json<'a>(sheets: &'a [SheetLayout], lang: Lang) -> Vec<SheetJson<'a>> {
    sheets
        .iter()
        .map(|s| SheetJson {
            sheet: &s.name,
            header_row: s.header.row + 1,
            columns: s
                .header
                .columns
                .iter()
                .map(|c| ColumnJson {
                    cell: CellRef {
                        row: s.header.row,
                        col: c.col,
                    }
                    .to_string(),
                    label: &c.label,
                    field: c.field.map(Field::key),
                    why: why(c, lang),
                })
                .collect(),
        })
        .collect()
}

/// The sheets' headers as terminal tables, under the file's name.
pub fn table(file: &str, sheets: &[SheetLayout], lang: Lang) -> String {
    let mut out = String::new();
    for s in sheets {
        let sheet = if s.name.is_empty() {
            file.to_string()
        } else {
            format!("{file} {}", s.name)
        };
        out.push_str(&lang.pick(
            format!("== {sheet}：表头在第 {} 行 ==\n", s.header.row + 1),
            format!("== {sheet}: header on row {} ==\n", s.header.row + 1),
        ));
        let headers = [
            lang.pick("列", "column"),
            lang.pick("表头", "header"),
            lang.pick("读作", "read as"),
            lang.pick("依据", "why"),
        ];
        let rows = s.header.columns.iter().map(|c| {
            vec![
                column_letters(c.col),
                c.label.clone(),
                c.field.map_or_else(
                    || lang.pick("（附加列）", "(extra)").to_string(),
                    |f| format!("{} {}", f.label(), f.key()),
                ),
                why(c, lang),
            ]
        });
        out.push_str(&super::table::table(&headers, rows).to_string());
        out.push('\n');
    }
    out
}

/// Why a cell was read as it was, in `lang`.
fn why(c: &Column, lang: Lang) -> String {
    match &c.why {
        Why::Taught => lang
            .pick("工作区 [columns] 指定", "named in [columns]")
            .into(),
        Why::Synonym => lang.pick("常用列名", "a known name").into(),
        Why::Words(zh, en) => lang.pick(format!("词义：{zh}"), format!("its words: {en}")),
        Why::Ignored => lang
            .pick("工作区 [columns] 忽略", "ignored by [columns]")
            .into(),
        Why::Unknown => lang
            .pick(
                "未识别，随记录保留；可在 [columns] 中指定",
                "not recognised; kept with the record; name it in [columns]",
            )
            .into(),
        Why::Outranked { by } => lang.pick(
            format!("{} 列更明确地是这一项，本列随记录保留", column_letters(*by)),
            format!(
                "column {} says it more surely; kept with the record",
                column_letters(*by)
            ),
        ),
    }
}
