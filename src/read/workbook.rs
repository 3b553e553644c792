//! Excel and OpenDocument workbooks through calamine.
//!
//! Each sheet becomes an in-memory grid of owned values. Merges are resolved
//! before the walker sees the grid: a merge over several rows (a department
//! merged down a block of hazards) gives its value to every cell of the range;
//! a merge within one row (a title, a split-header label) is kept as a span for
//! header detection and otherwise left as Excel shows it, in its first cell.

use super::cell::Value;
use super::guard;
use super::header::{self, SEARCH_ROWS};
use super::{RowView, SheetLayout, SheetSummary, SheetWalk, Unreadable, Visitor};
use crate::columns::Columns;
use calamine::{CellErrorType, Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;

/// Zip (xlsx, xlsm, ods) or OLE compound file (xls).
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

type Grid = Vec<Vec<Value>>;

/// One sheet's cells and merged ranges.
struct SheetData {
    name: String,
    grid: Grid,
    merges: Vec<Dimensions>,
}

/// Reads every sheet of a workbook into `visitor`.
pub fn read<C: Columns>(
    bytes: Vec<u8>,
    visitor: &mut dyn Visitor<C>,
) -> Result<Vec<SheetSummary>, Unreadable> {
    let sheets = if bytes.starts_with(b"PK") {
        guard::check_zip(&bytes)?;
        if is_ods(&bytes) {
            guard::contain(|| read_ods(bytes))?
        } else {
            guard::contain(|| read_xlsx(bytes))?
        }
    } else {
        super::compound::check(&bytes)?;
        guard::contain(|| read_xls(bytes))?
    };
    sheets.into_iter().map(|s| walk_sheet(s, visitor)).collect()
}

fn is_ods(bytes: &[u8]) -> bool {
    // The ODF package starts with an uncompressed `mimetype` entry.
    bytes.get(30..120).is_some_and(|head| {
        head.windows(39)
            .any(|w| w == b"application/vnd.oasis.opendocument.spre")
    })
}

fn corrupt(e: impl std::fmt::Display) -> Unreadable {
    Unreadable::Corrupt(e.to_string())
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<SheetData>, Unreadable> {
    // Merged ranges are found by a second pass over the sheets' XML, which
    // also refuses XML that calamine would buffer whole. For large sheets it
    // runs first, so that calamine never sees such XML; small sheets cannot
    // hold enough to matter, and are read on a second core meanwhile.
    let (spans, grids) = if guard::has_large_sheet(&bytes) {
        let spans = super::xlsx_merges::read(&bytes)?;
        (spans, xlsx_grids(&bytes))
    } else {
        let (spans, grids) =
            crate::pipeline::both(|| super::xlsx_merges::read(&bytes), || xlsx_grids(&bytes));
        (spans?, grids)
    };
    let (mut book, grids) = grids?;
    let mut spans = spans;
    let mut sheets = Vec::new();
    for (name, grid) in grids {
        let merges = match spans.as_mut().and_then(|s| s.remove(&name)) {
            Some(merges) => merges,
            None => book.merge_cells_by_sheet_name(&name).map_err(corrupt)?,
        };
        sheets.push(SheetData { name, grid, merges });
    }
    Ok(sheets)
}

type XlsxBook<'b> = Xlsx<Cursor<&'b [u8]>>;

/// Every sheet's cells, by name, and the workbook for what else is needed.
fn xlsx_grids(bytes: &[u8]) -> Result<(XlsxBook<'_>, Vec<(String, Grid)>), Unreadable> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let grids = book
        .sheet_names()
        .into_iter()
        .map(|name| Ok((name.clone(), xlsx_grid(&mut book, &name)?)))
        .collect::<Result<Vec<_>, Unreadable>>()?;
    Ok((book, grids))
}

/// Streams the sheet's cells rather than building calamine's dense range, so a
/// stray cell far from the data does not allocate the rectangle between them:
/// rows without cells stay empty, and a row number past the format's last row
/// is refused rather than allocated.
fn xlsx_grid(book: &mut XlsxBook<'_>, name: &str) -> Result<Grid, Unreadable> {
    let mut cells = book.worksheet_cells_reader(name).map_err(corrupt)?;
    // A row with cells is made as wide as the sheet says it is, so that it
    // does not grow cell by cell; not wider than a ledger can be, so that a
    // stray cell far to the right does not reserve that width for every row.
    const LEDGER_WIDTH: u32 = 64;
    let width = (cells.dimensions().end.1 + 1).min(LEDGER_WIDTH) as usize;
    let mut grid: Grid = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(corrupt)? {
        let (row, col) = cell.get_position();
        let value = value_of_ref(cell.get_value());
        if value != Value::Empty {
            guard::check_cell(name, row, col)?;
            if grid.len() <= row as usize {
                grid.resize_with(row as usize + 1, Vec::new);
            }
            let cells = &mut grid[row as usize];
            if cells.capacity() == 0 {
                cells.reserve(width);
            }
            put(&mut grid, row as usize, col as usize, value);
        }
    }
    Ok(grid)
}

fn put(grid: &mut Grid, row: usize, col: usize, value: Value) {
    if grid.len() <= row {
        grid.resize_with(row + 1, Vec::new);
    }
    let cells = &mut grid[row];
    if cells.len() <= col {
        cells.resize(col + 1, Value::Empty);
    }
    cells[col] = value;
}

fn read_xls(bytes: Vec<u8>) -> Result<Vec<SheetData>, Unreadable> {
    let mut book = Xls::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(corrupt)?;
        let merges = book.merge_cells_by_sheet_name(&name).map_err(corrupt)?;
        sheets.push(SheetData {
            grid: range_grid(&name, &range)?,
            name,
            merges,
        });
    }
    Ok(sheets)
}

fn read_ods(bytes: Vec<u8>) -> Result<Vec<SheetData>, Unreadable> {
    let mut spans = super::ods_spans::read(&bytes);
    let mut book = Ods::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(corrupt)?;
        sheets.push(SheetData {
            grid: range_grid(&name, &range)?,
            merges: spans.remove(&name).unwrap_or_default(),
            name,
        });
    }
    Ok(sheets)
}

fn range_grid(name: &str, range: &calamine::Range<Data>) -> Result<Grid, Unreadable> {
    let Some((row0, col0)) = range.start() else {
        return Ok(Vec::new());
    };
    let mut grid: Grid = Vec::new();
    for (r, row) in range.rows().enumerate() {
        for (c, data) in row.iter().enumerate() {
            let value = value_of(data);
            if value != Value::Empty {
                guard::check_cell(name, row0 + r as u32, col0 + c as u32)?;
                put(&mut grid, row0 as usize + r, col0 as usize + c, value);
            }
        }
    }
    Ok(grid)
}

fn value_of(data: &Data) -> Value {
    match data {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => text(s),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => Value::Error(error_text(e)),
        Data::Empty => Value::Empty,
    }
}

fn value_of_ref(data: &DataRef<'_>) -> Value {
    match data {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Value::Error(error_text(e)),
        DataRef::Empty => Value::Empty,
    }
}

fn text(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_string())
    }
}

fn date_time(dt: &calamine::ExcelDateTime) -> Value {
    if !dt.is_datetime() {
        return Value::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
        .map_or(Value::Number(dt.as_f64()), Value::Date)
}

fn iso_date(s: &str) -> Value {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| text(s), Value::Date)
}

fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}

/// Spreads multi-row merges over their range and returns the one-row merges
/// as (row, first column, last column) spans. Merges are clipped to the rows
/// and columns a ledger can have, and the cells they fill are bounded, so a
/// crafted file cannot turn a few bytes of merges into unbounded work.
fn resolve_merges(
    name: &str,
    grid: &mut Grid,
    merges: &[Dimensions],
) -> Result<Vec<(u32, u32, u32)>, Unreadable> {
    let mut spans = Vec::new();
    let mut filled = 0u64;
    for m in merges {
        let (r0, c0) = m.start;
        let (r1, c1) = m.end;
        if r1 == r0 {
            spans.push((r0, c0, c1));
            continue;
        }
        let value = grid
            .get(r0 as usize)
            .and_then(|r| r.get(c0 as usize))
            .cloned()
            .unwrap_or_default();
        if value == Value::Empty {
            continue;
        }
        let last_row = r1.min(grid.len().saturating_sub(1) as u32);
        let last_col = c1.min(super::guard::MAX_COLUMNS - 1);
        filled +=
            u64::from(last_row.saturating_sub(r0) + 1) * u64::from(last_col.saturating_sub(c0) + 1);
        if filled > super::guard::MAX_MERGED_CELLS {
            return Err(Unreadable::TooLarge(super::Limit::Merges {
                sheet: name.to_string(),
            }));
        }
        for r in r0..=last_row {
            for c in c0..=last_col {
                put(grid, r as usize, c as usize, value.clone());
            }
        }
    }
    Ok(spans)
}

fn walk_sheet<C: Columns>(
    mut sheet: SheetData,
    visitor: &mut dyn Visitor<C>,
) -> Result<SheetSummary, Unreadable> {
    let spans = resolve_merges(&sheet.name, &mut sheet.grid, &sheet.merges)?;
    let top: Vec<Vec<String>> = sheet
        .grid
        .iter()
        .take(SEARCH_ROWS + 1)
        .map(|r| r.iter().map(|v| v.as_cell().display()).collect())
        .collect();
    let top_rows = header::TopRows {
        rows: &top,
        spans: &spans,
        fill_left: false,
        taught: visitor.taught(),
    };
    let Some(found) = header::detect::<C>(&top_rows) else {
        return Ok(SheetSummary {
            name: sheet.name,
            header_row: None,
            rows: 0,
            near_miss: header::near_miss::<C>(&top_rows),
        });
    };
    let data = &sheet.grid[found.data_start().min(sheet.grid.len() as u32) as usize..];
    let layout = SheetLayout {
        title: title_lines(&top[..found.row as usize]),
        footer: super::footer_lines(&found, data.iter().rev().map(|r| RowView::Values(r))),
        name: sheet.name.clone(),
        header: found,
    };
    visitor.sheet(&layout);
    let mut walk = SheetWalk {
        visitor,
        header: layout.header.clone(),
        rows: 0,
    };
    // The grid is not needed after its rows: they are handed over, not copied.
    for (i, row) in sheet
        .grid
        .into_iter()
        .enumerate()
        .skip(layout.header.data_start() as usize)
    {
        walk.row_values(i as u32, row);
    }
    Ok(SheetSummary {
        name: sheet.name,
        header_row: Some(layout.header.row),
        rows: walk.rows,
        near_miss: Vec::new(),
    })
}

/// Title rows as text, a merged title said once rather than once per cell.
fn title_lines(rows: &[Vec<String>]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let mut parts: Vec<&str> = Vec::new();
            for s in r
                .iter()
                .map(|s| crate::text::trim(s))
                .filter(|s| !s.is_empty())
            {
                if !parts.contains(&s) {
                    parts.push(s);
                }
            }
            parts.join(" ")
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: usize) -> Grid {
        (0..rows)
            .map(|_| vec![Value::Text("应急办".into())])
            .collect()
    }

    #[test]
    fn a_merge_spreads_down_its_rows_and_is_clipped_to_the_grid_and_the_column_limit() {
        let mut g = grid(3);
        let spans =
            resolve_merges("s", &mut g, &[Dimensions::new((0, 0), (1_000_000, 16_383))]).unwrap();
        assert!(spans.is_empty());
        assert_eq!(g.len(), 3, "rows past the sheet's own are not made");
        assert_eq!(g[2].len(), super::super::guard::MAX_COLUMNS as usize);
    }

    #[test]
    fn merges_that_would_fill_too_many_cells_are_refused() {
        let mut g = grid(20_001);
        let merges = [Dimensions::new((0, 0), (20_000, 999))];
        let e = resolve_merges("台账", &mut g, &merges).unwrap_err();
        assert!(
            matches!(e, Unreadable::TooLarge(super::super::Limit::Merges { .. })),
            "{e:?}"
        );
    }
}
