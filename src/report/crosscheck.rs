//! A submission's own 汇总 and 统计 figures against the same figures
//! recomputed from its 台账 rows: a figure that differs is under- (or over-)
//! reporting, found before the district ranks on it.
//!
//! Only the figures the 台账 sheet determines are compared: it lists the
//! hazards found in the month and those open at its start, so the month's
//! flows and end-of-month counts are all in it, while the cumulative rates
//! need hazards closed in earlier months, which it does not carry.

use super::monthly::{self, Figures};
use super::period::Period;
use super::statistics::{self, Stats};
use crate::read::submission::{ReportBook, Table};
use crate::record::Hazard;
use chrono::NaiveDate;

/// One figure of the submission that its 台账 does not bear out.
#[derive(Debug, Clone, PartialEq)]
pub struct Discrepancy {
    pub sheet: String,
    /// The cell in A1 form (`E5`).
    pub cell: String,
    /// The row's 责任单位, or 合计.
    pub name: String,
    /// The column's header.
    pub column: String,
    pub stated: f64,
    pub recomputed: usize,
}

const TOTAL: &str = "合计";

/// A figure's column header and how it is taken from the recomputed figures.
type Column<T> = (&'static str, fn(&T) -> usize);

const SUMMARY: &[Column<Figures>] = &[
    ("上月结转", |f| f.carried),
    ("本月新增", |f| f.new),
    ("本月整改", |f| f.rectified),
    ("月末未整改", |f| f.open),
    ("其中逾期", |f| f.overdue),
    ("重大隐患", |f| f.open_major),
];

const STATISTICS: &[Column<Stats>] = &[
    ("检查单位数", |s| s.units_checked),
    ("查出隐患数", |s| s.found),
    ("其中重大隐患数", |s| s.found_major),
    ("已整改数", |s| s.rectified),
    ("重大隐患已整改数", |s| s.rectified_major),
    ("逾期未整改数", |s| s.overdue),
];

/// Every figure of `book`'s 汇总 and 统计 that `ledger` (its 台账 rows)
/// does not give for the month ending on `as_of`.
pub fn check(book: &ReportBook, ledger: &[Hazard], as_of: NaiveDate) -> Vec<Discrepancy> {
    let period = Period::Month(super::filter::Month::of(as_of));
    let mut found = Vec::new();
    if let Some(table) = &book.summary {
        let s = monthly::compute(ledger, period, Some(as_of), None);
        let figures = |name: &str| {
            if name == TOTAL {
                return s.total.clone();
            }
            s.rows
                .iter()
                .find(|r| r.dept == name)
                .map(|r| r.figures.clone())
                .unwrap_or_default()
        };
        compare(table, SUMMARY, figures, &mut found);
    }
    if let Some(table) = &book.statistics {
        let s = statistics::compute(ledger, period, Some(as_of), None);
        let stats = |name: &str| {
            if name == TOTAL {
                return s.total.clone();
            }
            s.rows
                .iter()
                .find(|r| r.dept == name)
                .map(|r| r.stats.clone())
                .unwrap_or_default()
        };
        compare(table, STATISTICS, stats, &mut found);
    }
    found
}

fn compare<T>(
    table: &Table,
    columns: &[Column<T>],
    recompute: impl Fn(&str) -> T,
    found: &mut Vec<Discrepancy>,
) {
    for row in &table.rows {
        let figures = recompute(&row.name);
        for (header, figure) in columns {
            let Some(col) = table.col(header) else {
                continue;
            };
            let Some(stated) = row.values.get(col).copied().flatten() else {
                continue;
            };
            let recomputed = figure(&figures);
            if (stated - recomputed as f64).abs() > 1e-9 {
                found.push(Discrepancy {
                    sheet: table.sheet.clone(),
                    cell: format!("{}{}", column_letters(col), row.row),
                    name: row.name.clone(),
                    column: (*header).to_string(),
                    stated,
                    recomputed,
                });
            }
        }
    }
}

/// A zero-based column as Excel letters (0 → A, 26 → AA).
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(26), "AA");
    }
}
