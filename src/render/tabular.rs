//! Tabular outputs written from one column table each: a column's key,
//! Chinese and English headers, width in a workbook and cell function are
//! spelt once ([`Column`]), and CSV for scripts, CSV for people and the
//! workbook are all laid out from it.
//!
//! Scripts get the stable keys and `true`/`false`; people get the headers
//! in their language, 是/否, percentages, and typed workbook cells.

use super::large_table::LargeTables;
use super::xlsx::{self, Formats, XCell, XRow};
use crate::i18n::Lang;
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

/// A cell's value, typed so that each output writes it its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A word with a stable key for scripts and its Chinese for people.
    Word {
        key: &'static str,
        zh: &'static str,
    },
    Bool(bool),
    Date(Option<NaiveDate>),
    Int(i64),
    /// A count that some rows leave blank.
    Count(Option<i64>),
    /// A rate in 0..=1, blank when undefined.
    Rate(Option<f64>),
    /// Money in 元 as stored, blank when not recorded.
    Amount(Option<f64>),
    /// Money in 元, always shown with two decimals.
    Money(f64),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::Int(n as i64)
    }
}

/// Who reads a CSV: scripts keep the keys, people read their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Scripts,
    People(Lang),
}

impl Value {
    /// The cell as CSV text for `audience`.
    pub fn text(&self, audience: Audience) -> String {
        let people = match audience {
            Audience::Scripts => None,
            Audience::People(lang) => Some(lang),
        };
        match self {
            Value::Text(s) => s.clone(),
            Value::Word { key, zh } => match people {
                Some(Lang::Zh) => zh.to_string(),
                _ => key.to_string(),
            },
            Value::Bool(b) => match people {
                None => b.to_string(),
                Some(lang) => lang
                    .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                    .to_string(),
            },
            Value::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Value::Int(n) => n.to_string(),
            Value::Count(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Value::Rate(r) => match (r, people) {
                (None, _) => String::new(),
                (Some(r), None) => format!("{r:.4}"),
                (Some(r), Some(_)) => format!("{:.1}%", r * 100.0),
            },
            Value::Amount(a) => a.map(|a| a.to_string()).unwrap_or_default(),
            Value::Money(m) => format!("{m:.2}"),
        }
    }

    /// The cell as a workbook writes it, for people.
    pub fn xcell(self, lang: Lang) -> XCell {
        match self {
            Value::Text(s) => XCell::Text(s),
            Value::Date(d) => XCell::Date(d),
            Value::Int(n) => XCell::Int(n),
            Value::Count(Some(n)) => XCell::Int(n),
            Value::Rate(r) => XCell::Percent(r),
            Value::Amount(Some(m)) | Value::Money(m) => XCell::Money(m),
            Value::Count(None) | Value::Amount(None) => XCell::Text(String::new()),
            other => XCell::Text(other.text(Audience::People(lang))),
        }
    }
}

/// One column of a tabular output.
pub struct Column<T: ?Sized> {
    /// The stable CSV/JSON key scripts read.
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Width in a workbook, in characters.
    pub width: f64,
    pub cell: fn(&T) -> Value,
}

/// A column's header and width, whatever it is a column of.
#[derive(Debug, Clone, Copy)]
pub struct Head {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub width: f64,
}

impl<T: ?Sized> Column<T> {
    pub fn head(&self) -> Head {
        Head {
            key: self.key,
            zh: self.zh,
            en: self.en,
            width: self.width,
        }
    }
}

/// The heads of a column table.
pub fn heads<T: ?Sized>(columns: &[Column<T>]) -> impl Iterator<Item = Head> + '_ {
    columns.iter().map(Column::head)
}

/// One row's cells, in the table's order.
pub fn cells<T: ?Sized>(columns: &[Column<T>], item: &T) -> Vec<Value> {
    columns.iter().map(|c| (c.cell)(item)).collect()
}

/// A table ready to be written: a sheet of a workbook, or a CSV.
pub struct Sheet<'a> {
    /// The worksheet's name.
    pub name: &'a str,
    /// The line over the table in a workbook.
    pub title: String,
    pub heads: Vec<Head>,
    /// Sized and sendable, so that a workbook writes them on their own core.
    pub rows: Box<dyn ExactSizeIterator<Item = Vec<Value>> + Send + 'a>,
    pub lang: Lang,
}

impl<'a> Sheet<'a> {
    /// The header row for `audience`.
    pub fn header(&self, audience: Audience) -> Vec<&'static str> {
        self.heads
            .iter()
            .map(|h| match audience {
                Audience::Scripts => h.key,
                Audience::People(lang) => lang.pick(h.zh, h.en),
            })
            .collect()
    }

    /// The rows as CSV text for `audience`; consumes the rows.
    pub fn text_rows(self, audience: Audience) -> impl Iterator<Item = Vec<String>> + 'a {
        self.rows
            .map(move |row| row.iter().map(|v| v.text(audience)).collect())
    }
}

/// The terminal table of `heads` and `rows`, as people read it in `lang`.
pub fn terminal(
    heads: &[Head],
    rows: impl Iterator<Item = Vec<Value>>,
    lang: Lang,
) -> comfy_table::Table {
    let headers: Vec<&str> = heads.iter().map(|h| lang.pick(h.zh, h.en)).collect();
    let audience = Audience::People(lang);
    super::table::table(
        &headers,
        rows.map(|row| row.iter().map(|v| v.text(audience)).collect::<Vec<_>>()),
    )
}

/// A workbook of `sheets` in the house style of the report: 宋体, the
/// columns' widths, a title, a header frozen on screen and repeated on every
/// printed page, and an autofilter over the table.
pub fn xlsx(sheets: Vec<Sheet<'_>>) -> anyhow::Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // The rows are written as the workbook is saved, as the report's are:
    // a list of a million hazards is no million cells held in memory.
    let mut tables = LargeTables::default();
    for sheet in sheets {
        let lang = sheet.lang;
        let headers: Vec<(&str, f64)> = sheet
            .heads
            .iter()
            .map(|h| (lang.pick(h.zh, h.en), h.width))
            .collect();
        let ws = wb.add_worksheet().set_name(sheet.name)?;
        let header_row = xlsx::title(ws, &f, &headers, &sheet.title, None)?;
        let labels: Vec<XCell> = headers.iter().map(|(h, _)| XCell::from(*h)).collect();
        let widths: Vec<f64> = headers.iter().map(|(_, w)| *w).collect();
        let lines = xlsx::row_lines(&labels, &widths);
        if lines > 1 {
            ws.set_row_height(header_row, xlsx::row_height(lines))?;
        }
        let columns = headers.len() as u16;
        let last_row = header_row + sheet.rows.len().max(1) as u32;
        xlsx::page_setup(ws, header_row + 1, columns)?;
        ws.autofilter(header_row, 0, last_row, columns - 1)?;
        let rows = sheet
            .rows
            .map(move |row| XRow::plain(row.into_iter().map(|v| v.xcell(lang)).collect()));
        tables.add(ws, &f, header_row, &headers, rows)?;
    }
    tables.save(&mut wb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_read_keys_and_true_false_and_people_read_words_and_yes_no() {
        let word = Value::Word {
            key: "overdue",
            zh: "逾期",
        };
        assert_eq!(word.text(Audience::Scripts), "overdue");
        assert_eq!(word.text(Audience::People(Lang::Zh)), "逾期");
        assert_eq!(Value::Bool(true).text(Audience::Scripts), "true");
        assert_eq!(Value::Bool(true).text(Audience::People(Lang::Zh)), "是");
        assert_eq!(Value::Bool(false).text(Audience::People(Lang::Zh)), "否");
        assert_eq!(Value::Rate(Some(0.5)).text(Audience::Scripts), "0.5000");
        assert_eq!(
            Value::Rate(Some(0.5)).text(Audience::People(Lang::Zh)),
            "50.0%"
        );
        assert_eq!(Value::Money(12.5).text(Audience::Scripts), "12.50");
        assert_eq!(Value::Count(None).text(Audience::Scripts), "");
    }

    #[test]
    fn a_workbook_keeps_types_that_csv_writes_as_text() {
        let d = NaiveDate::from_ymd_opt(2022, 7, 31);
        assert_eq!(Value::Date(d).xcell(Lang::Zh), XCell::Date(d));
        assert_eq!(Value::Amount(Some(3.0)).xcell(Lang::Zh), XCell::Money(3.0));
        assert_eq!(Value::Bool(true).xcell(Lang::Zh), XCell::Text("是".into()));
        assert_eq!(Value::Rate(None).xcell(Lang::Zh), XCell::Percent(None));
    }
}
