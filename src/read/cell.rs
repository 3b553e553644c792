//! Cell values and positions as the readers hand them over.

use chrono::NaiveDate;
use std::fmt;

/// A cell's content, borrowed from the reader's buffer so that a million-row
/// CSV is not copied cell by cell before the record layer decides what to keep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    /// A cell Excel formats as a date (the time of day, if any, dropped).
    Date(NaiveDate),
    Bool(bool),
    /// A formula error such as `#REF!`.
    Error(&'static str),
}

impl Cell<'_> {
    /// True for empty cells and cells holding only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => crate::text::trim(s).is_empty(),
            _ => false,
        }
    }

    /// The cell as a clerk reads it: numbers without a spurious `.0` (phone
    /// numbers typed as numbers), dates as `YYYY-MM-DD`, text trimmed.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => crate::text::trim(s).to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => (*e).to_string(),
        }
    }
}

/// Integral numbers print without a decimal point; others as Rust prints them.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// An owned cell, for workbook grids that outlive the reader's buffers.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(&'static str),
}

impl Value {
    pub fn as_cell(&self) -> Cell<'_> {
        match self {
            Value::Empty => Cell::Empty,
            Value::Text(s) => Cell::Text(s),
            Value::Number(n) => Cell::Number(*n),
            Value::Date(d) => Cell::Date(*d),
            Value::Bool(b) => Cell::Bool(*b),
            Value::Error(e) => Cell::Error(e),
        }
    }
}

/// A cell position, zero-based, shown in A1 form (`J12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.row + 1)
    }
}

/// Spreadsheet column letters for a zero-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(CellRef { row: 11, col: 9 }.to_string(), "J12");
        assert_eq!(CellRef { row: 0, col: 0 }.to_string(), "A1");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn numbers_display_without_trailing_zero() {
        assert_eq!(Cell::Number(13812345678.0).display(), "13812345678");
        assert_eq!(Cell::Number(2.5).display(), "2.5");
        assert_eq!(Cell::Text("  应急办 ").display(), "应急办");
    }
}
