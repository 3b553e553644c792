//! What a sub-district's monthly report workbook (as `ledger report` writes
//! it) says about itself, for a district receiving it: its title, the day its
//! figures were taken, and its own 汇总 and 统计 tables, which a district
//! recomputes from the workbook's 台账 sheet.

use super::{Unreadable, guard, open_regular};
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

/// The sheet whose rows are the submission's hazards.
pub const LEDGER_SHEET: &str = "台账";
pub const SUMMARY_SHEET: &str = "汇总";
pub const STATISTICS_SHEET: &str = "统计";
pub const MAJORS_SHEET: &str = "重大隐患";
/// The 重大隐患 sheet's column of the listed-supervision tier.
pub const LISTED_COLUMN: &str = "挂牌督办";

/// A figure table of the workbook: its header and the rows under it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub sheet: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One row of a figure table.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// One-based, as a spreadsheet shows it.
    pub row: u32,
    /// The 责任单位 (or 合计) the row is about.
    pub name: String,
    /// Each column's value as a number, when it holds one.
    pub values: Vec<Option<f64>>,
}

impl Table {
    /// The column headed `header`, zero-based.
    pub fn col(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == header)
    }
}

/// A report workbook: its title (汇总's first line) and figure tables.
#[derive(Debug, Clone, Default)]
pub struct ReportBook {
    pub title: String,
    /// 统计截至 as the 汇总 sheet's note states it.
    pub as_of: Option<NaiveDate>,
    pub summary: Option<Table>,
    pub statistics: Option<Table>,
    /// (编号, tier) of each major hazard the 重大隐患 sheet lists under
    /// 挂牌督办, which the 台账 sheet does not carry.
    pub listed: Vec<(String, String)>,
}

/// The report workbook at `path`, or None when the file is not one (any
/// other ledger file): an xlsx with both a 汇总 and a 台账 sheet.
pub fn scan(path: &Path) -> Result<Option<ReportBook>, Unreadable> {
    let mut file = open_regular(path)?;
    let mut magic = [0u8; 4];
    let n = std::io::Read::read(&mut file, &mut magic)?;
    if !magic[..n].starts_with(b"PK") {
        return Ok(None);
    }
    let bytes = std::fs::read(path)?;
    guard::check_zip(&bytes)?;
    guard::contain(|| {
        let Ok(mut book) = Xlsx::new(Cursor::new(&bytes[..])) else {
            return Ok(None);
        };
        let names = book.sheet_names();
        let has = |name: &str| names.iter().any(|n| n == name);
        if !has(SUMMARY_SHEET) || !has(LEDGER_SHEET) {
            return Ok(None);
        }
        let mut grid = |name: &str| -> Result<Vec<Vec<Data>>, Unreadable> {
            if !has(name) {
                return Ok(Vec::new());
            }
            let range = book
                .worksheet_range(name)
                .map_err(|e| Unreadable::Corrupt(e.to_string()))?;
            let (top, _) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); top as usize];
            rows.extend(range.rows().map(<[Data]>::to_vec));
            Ok(rows)
        };
        let summary = grid(SUMMARY_SHEET)?;
        let statistics = grid(STATISTICS_SHEET)?;
        let majors = grid(MAJORS_SHEET)?;
        let first_text = |g: &[Vec<Data>]| {
            g.iter()
                .flat_map(|r| r.iter())
                .find_map(|c| text(c).filter(|t| !t.is_empty()))
                .unwrap_or_default()
        };
        Ok(Some(ReportBook {
            title: first_text(&summary),
            as_of: summary
                .iter()
                .flat_map(|r| r.iter())
                .filter_map(text)
                .find_map(|t| stated_day(&t)),
            summary: table(SUMMARY_SHEET, &summary),
            statistics: table(STATISTICS_SHEET, &statistics),
            listed: listed(&majors),
        }))
    })
}

fn text(c: &Data) -> Option<String> {
    match c {
        Data::String(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

fn number(c: &Data) -> Option<f64> {
    match c {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The day after 统计截至 in a note ("统计截至 2022-07-31。…").
fn stated_day(note: &str) -> Option<NaiveDate> {
    let rest = note.split_once("统计截至")?.1.trim_start();
    NaiveDate::parse_from_str(rest.get(..10)?, "%Y-%m-%d").ok()
}

/// The (编号, 挂牌督办) pairs under the 重大隐患 sheet's header.
fn listed(grid: &[Vec<Data>]) -> Vec<(String, String)> {
    let header =
        |r: &Vec<Data>, name: &str| r.iter().position(|c| text(c).as_deref() == Some(name));
    let Some((at, id, tier)) = grid
        .iter()
        .enumerate()
        .find_map(|(i, r)| Some((i, header(r, "编号")?, header(r, LISTED_COLUMN)?)))
    else {
        return Vec::new();
    };
    grid[at + 1..]
        .iter()
        .filter_map(|r| {
            let id = r.get(id).and_then(text).filter(|t| !t.is_empty())?;
            let tier = r.get(tier).and_then(text).filter(|t| !t.is_empty())?;
            Some((id, tier))
        })
        .collect()
}

/// The table under the first row that has a 责任单位 header: every row down
/// to the first without a name.
fn table(sheet: &str, grid: &[Vec<Data>]) -> Option<Table> {
    let at = grid
        .iter()
        .position(|r| r.iter().any(|c| text(c).as_deref() == Some("责任单位")))?;
    let headers: Vec<String> = grid[at]
        .iter()
        .map(|c| text(c).unwrap_or_default())
        .collect();
    let name_col = headers.iter().position(|h| h == "责任单位")?;
    let rows = grid[at + 1..]
        .iter()
        .enumerate()
        .map_while(|(i, r)| {
            let name = r.get(name_col).and_then(text).filter(|t| !t.is_empty())?;
            Some(TableRow {
                row: (at + i + 2) as u32,
                name,
                values: r.iter().map(number).collect(),
            })
        })
        .collect();
    Some(Table {
        sheet: sheet.to_string(),
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_is_read_after_the_words_statistics_as_of() {
        assert_eq!(
            stated_day("统计截至 2022-07-31。整改率 = …"),
            NaiveDate::from_ymd_opt(2022, 7, 31)
        );
        assert_eq!(stated_day("本月查出的隐患"), None);
    }

    #[test]
    fn a_table_runs_from_its_header_to_the_first_row_without_a_name() {
        let s = |t: &str| Data::String(t.into());
        let grid = vec![
            vec![s("某街道月报")],
            vec![s("排名"), s("责任单位"), s("本月新增")],
            vec![Data::Float(1.0), s("应急办"), Data::Float(3.0)],
            vec![Data::Empty, s("合计"), Data::Int(3)],
            vec![Data::Empty, Data::Empty, Data::Empty],
            vec![Data::Empty, s("注"), Data::Empty],
        ];
        let t = table("汇总", &grid).unwrap();
        assert_eq!(t.col("本月新增"), Some(2));
        let rows: Vec<(u32, &str, Option<f64>)> = t
            .rows
            .iter()
            .map(|r| (r.row, r.name.as_str(), r.values[2]))
            .collect();
        assert_eq!(rows, [(3, "应急办", Some(3.0)), (4, "合计", Some(3.0))]);
    }
}
