//! Excel and OpenDocument workbooks through calamine.
//!
//! A sheet is walked row by row: its first rows are read to find the header,
//! merged ranges are spread over the rows as they pass (see spread.rs), and
//! the data rows go to the visitor. An xlsx is read from calamine's stream of
//! cells, so its rows can be handed on while the rest of the sheet is read;
//! xls and ods are read whole by calamine and walked from that grid.

use super::cell::Value;
use super::guard;
use super::header::{self, SEARCH_ROWS};
use super::spread::Spread;
use super::xlsx_merges::BySheet;
use super::{RowView, SheetLayout, SheetSummary, SheetWalk, Unreadable, Visitor};
use crate::columns::Columns;
use calamine::{CellErrorType, Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsx, XlsxCellReader};
use chrono::NaiveDate;
use std::collections::VecDeque;
use std::io::Cursor;
use std::sync::mpsc;

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
    let grids = if bytes.starts_with(b"PK") {
        guard::check_zip(&bytes)?;
        if !is_ods(&bytes) {
            return guard::contain(|| read_xlsx(&bytes, visitor));
        }
        guard::contain(|| read_ods(bytes))?
    } else {
        super::compound::check(&bytes)?;
        guard::contain(|| read_xls(bytes))?
    };
    grids
        .into_iter()
        .map(|s| {
            let merges = Merges::Known(Some(s.merges));
            let walked = walk_sheet(&s.name, &mut GridRows::new(s.grid), merges, visitor)?;
            walked.ok_or_else(|| corrupt("merges"))
        })
        .collect()
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

type XlsxBook<'b> = Xlsx<Cursor<&'b [u8]>>;

/// Reads an xlsx sheet by sheet, each row handed on as it is read.
///
/// Merged ranges are found by a second pass over the sheets' XML, which also
/// refuses XML that calamine would buffer whole. For large sheets it runs
/// first, so that calamine never sees such XML; small sheets cannot hold
/// enough to matter, and are scanned on a second core while the first rows
/// are read.
fn read_xlsx<C: Columns>(
    bytes: &[u8],
    visitor: &mut dyn Visitor<C>,
) -> Result<Vec<SheetSummary>, Unreadable> {
    if guard::has_large_sheet(bytes) {
        let scanned = super::xlsx_merges::read(bytes)?;
        return xlsx_sheets(bytes, PackageMerges::Scanned(scanned), visitor);
    }
    let (tx, rx) = mpsc::channel();
    let ((), read) = crate::pipeline::both(
        move || {
            // The receiver is gone only when reading stopped early.
            let _ = tx.send(super::xlsx_merges::read(bytes));
        },
        || xlsx_sheets(bytes, PackageMerges::Scanning(rx), visitor),
    );
    read
}

/// Merged ranges by sheet, from the scan of the package's XML.
enum PackageMerges {
    Scanning(mpsc::Receiver<Result<Option<BySheet>, Unreadable>>),
    /// None: the package is laid out unexpectedly, and calamine is asked.
    Scanned(Option<BySheet>),
}

impl PackageMerges {
    /// The merges of sheet `name` once the scan is done (`wait` waits for
    /// it): Some(Ok(None)) when the scan did not find the sheet.
    fn of(
        &mut self,
        name: &str,
        wait: bool,
    ) -> Option<Result<Option<Vec<Dimensions>>, Unreadable>> {
        if let PackageMerges::Scanning(rx) = self {
            let scanned = if wait {
                rx.recv().unwrap_or(Ok(None))
            } else {
                match rx.try_recv() {
                    Ok(scanned) => scanned,
                    Err(mpsc::TryRecvError::Empty) => return None,
                    Err(mpsc::TryRecvError::Disconnected) => Ok(None),
                }
            };
            match scanned {
                Ok(scanned) => *self = PackageMerges::Scanned(scanned),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(match self {
            PackageMerges::Scanned(Some(by_sheet)) => by_sheet.remove(name),
            _ => None,
        }))
    }
}

/// One sheet's merged ranges: known, or awaited from the package's scan.
enum Merges<'p> {
    Known(Option<Vec<Dimensions>>),
    Awaited(&'p mut PackageMerges, &'p str),
}

impl Merges<'_> {
    /// The merges, if known by now or, with `wait`, once they are; Ok(None)
    /// when they cannot be known this way.
    fn get(&mut self, wait: bool) -> Option<Result<Option<Vec<Dimensions>>, Unreadable>> {
        match self {
            Merges::Known(merges) => Some(Ok(merges.take())),
            Merges::Awaited(package, sheet) => package.of(sheet, wait),
        }
    }
}

fn xlsx_sheets<C: Columns>(
    bytes: &[u8],
    mut merges: PackageMerges,
    visitor: &mut dyn Visitor<C>,
) -> Result<Vec<SheetSummary>, Unreadable> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let walked = {
            let mut rows = XlsxRows::open(&mut book, &name)?;
            walk_sheet(
                &name,
                &mut rows,
                Merges::Awaited(&mut merges, &name),
                visitor,
            )?
        };
        let summary = match walked {
            Some(summary) => summary,
            // Asked before the sheet's header is looked for, so the sheet
            // is read again from the start with calamine's merges.
            None => {
                let found = book.merge_cells_by_sheet_name(&name).map_err(corrupt)?;
                let mut rows = XlsxRows::open(&mut book, &name)?;
                walk_sheet(&name, &mut rows, Merges::Known(Some(found)), visitor)?
                    .ok_or_else(|| corrupt("merges"))?
            }
        };
        sheets.push(summary);
    }
    Ok(sheets)
}

/// A sheet's rows in ascending order, each with its zero-based number;
/// rows without cells are left out.
trait RowSource {
    fn next_row(&mut self) -> Result<Option<(u32, Vec<Value>)>, Unreadable>;
}

/// An xlsx sheet's rows, read from calamine's stream of cells rather than
/// its dense range, so that a stray cell far from the data does not allocate
/// the rectangle between them, and a row number past the format's last row
/// is refused rather than allocated.
struct XlsxRows<'a, 'b> {
    cells: XlsxCellReader<'a, Cursor<&'b [u8]>>,
    sheet: &'a str,
    /// The width a row is made at first, so that it does not grow cell by cell.
    width: usize,
    /// The first cell of the next row, read to see that a row had ended.
    ahead: Option<(u32, u32, Value)>,
    /// calamine's stream was read to its end, past which it must not be asked.
    ended: bool,
}

impl<'a, 'b> XlsxRows<'a, 'b> {
    fn open(book: &'a mut XlsxBook<'b>, sheet: &'a str) -> Result<XlsxRows<'a, 'b>, Unreadable> {
        let cells = book.worksheet_cells_reader(sheet).map_err(corrupt)?;
        // As wide as the sheet says, but not wider than a ledger can be, so
        // that a stray cell far to the right does not widen every row.
        const LEDGER_WIDTH: u32 = 64;
        let width = (cells.dimensions().end.1 + 1).min(LEDGER_WIDTH) as usize;
        Ok(XlsxRows {
            cells,
            sheet,
            width,
            ahead: None,
            ended: false,
        })
    }

    fn next_cell(&mut self) -> Result<Option<(u32, u32, Value)>, Unreadable> {
        if let Some(cell) = self.ahead.take() {
            return Ok(Some(cell));
        }
        if self.ended {
            return Ok(None);
        }
        while let Some(cell) = self.cells.next_cell().map_err(corrupt)? {
            let (row, col) = cell.get_position();
            let value = value_of_ref(cell.get_value());
            if value != Value::Empty {
                guard::check_cell(self.sheet, row, col)?;
                return Ok(Some((row, col, value)));
            }
        }
        self.ended = true;
        Ok(None)
    }
}

impl RowSource for XlsxRows<'_, '_> {
    fn next_row(&mut self) -> Result<Option<(u32, Vec<Value>)>, Unreadable> {
        let Some((row, col, value)) = self.next_cell()? else {
            return Ok(None);
        };
        let mut cells = Vec::with_capacity(self.width);
        put(&mut cells, col as usize, value);
        while let Some((next, col, value)) = self.next_cell()? {
            if next != row {
                // The format lists rows in ascending order; one that goes
                // back could only be misplaced, so it is refused.
                if next < row {
                    return Err(corrupt(format!(
                        "{}: row {} after row {}",
                        self.sheet,
                        next + 1,
                        row + 1
                    )));
                }
                self.ahead = Some((next, col, value));
                break;
            }
            put(&mut cells, col as usize, value);
        }
        Ok(Some((row, cells)))
    }
}

/// The rows of a grid already read whole (xls, ods).
struct GridRows(std::iter::Enumerate<std::vec::IntoIter<Vec<Value>>>);

impl GridRows {
    fn new(grid: Grid) -> GridRows {
        GridRows(grid.into_iter().enumerate())
    }
}

impl RowSource for GridRows {
    fn next_row(&mut self) -> Result<Option<(u32, Vec<Value>)>, Unreadable> {
        Ok(self
            .0
            .find(|(_, cells)| !cells.is_empty())
            .map(|(row, cells)| (row as u32, cells)))
    }
}

fn put(cells: &mut Vec<Value>, col: usize, value: Value) {
    if cells.len() <= col {
        cells.resize(col + 1, Value::Empty);
    }
    cells[col] = value;
}

fn put_in_grid(grid: &mut Grid, row: usize, col: usize, value: Value) {
    if grid.len() <= row {
        grid.resize_with(row + 1, Vec::new);
    }
    put(&mut grid[row], col, value);
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
                put_in_grid(&mut grid, row0 as usize + r, col0 as usize + c, value);
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

/// Walks one sheet: finds its header in the first rows, then hands its data
/// rows to `visitor`, as they are read when the visitor can take them before
/// the sheet's footer is known, else after the whole sheet is read. The
/// merges are needed once the first rows are read; until the package's scan
/// has them, rows are read on, so that this core is not idle. Merges that
/// cannot be known leave the sheet half read, and the walk returns None.
fn walk_sheet<C: Columns>(
    name: &str,
    rows: &mut dyn RowSource,
    mut merges: Merges<'_>,
    visitor: &mut dyn Visitor<C>,
) -> Result<Option<SheetSummary>, Unreadable> {
    let mut first = Vec::new();
    let mut ahead = VecDeque::new();
    while let Some((row, cells)) = rows.next_row()? {
        if row as usize > SEARCH_ROWS {
            ahead.push_back((row, cells));
            break;
        }
        first.push((row, cells));
    }
    let known = loop {
        if let Some(known) = merges.get(ahead.is_empty()) {
            break known?;
        }
        match rows.next_row()? {
            Some(row) => ahead.push_back(row),
            None => break merges.get(true).unwrap_or(Ok(None))?,
        }
    };
    let Some(merges) = known else {
        return Ok(None);
    };
    let (spread, spans) = Spread::new(name, &merges);
    let mut spread = Spreading { spread, last: None };
    let mut top: Grid = Vec::new();
    for (row, cells) in first {
        spread.row(row, cells, &mut |row, cells| {
            if top.len() <= row as usize {
                top.resize_with(row as usize + 1, Vec::new);
            }
            top[row as usize] = cells;
        })?;
    }
    if !ahead.is_empty() {
        top.resize_with(SEARCH_ROWS + 1, Vec::new);
    }
    let texts: Vec<Vec<String>> = top
        .iter()
        .map(|r| r.iter().map(|v| v.as_cell().display()).collect())
        .collect();
    let top_rows = header::TopRows {
        rows: &texts,
        spans: &spans,
        fill_left: false,
        taught: visitor.taught(),
    };
    let Some(found) = header::detect::<C>(&top_rows) else {
        return Ok(Some(SheetSummary {
            name: name.to_string(),
            header_row: None,
            rows: 0,
            near_miss: header::near_miss::<C>(&top_rows),
        }));
    };
    let mut layout = SheetLayout {
        title: title_lines(&texts[..found.row as usize]),
        footer: Vec::new(),
        name: name.to_string(),
        header: found,
    };
    let data_start = layout.header.data_start() as usize;
    let mut data = DataRows {
        top: top.into_iter().enumerate().skip(data_start),
        ahead,
        rows,
        spread,
        spread_out: VecDeque::new(),
    };
    // A sheet whose rows the visitor cannot take before its footer is read
    // whole first.
    let whole = if visitor.streams(&layout) {
        None
    } else {
        let mut all = Vec::new();
        while let Some(row) = data.next()? {
            all.push(row);
        }
        layout.footer = super::footer_lines(
            &layout.header,
            all.iter().rev().map(|(_, r)| RowView::Values(r)),
        );
        Some(all)
    };
    visitor.sheet(&layout);
    let mut walk = SheetWalk {
        visitor,
        header: layout.header.clone(),
        rows: 0,
    };
    match whole {
        // The rows are handed over, not copied.
        Some(all) => {
            for (row, cells) in all {
                walk.row_values(row, cells);
            }
        }
        None => {
            // The rows after the last data row, for the footer.
            let mut tail = Vec::new();
            while let Some((row, cells)) = data.next()? {
                match walk.row_values(row, cells) {
                    Some(not_data) => tail.push(not_data),
                    None => tail.clear(),
                }
            }
            let footer = super::footer_lines(
                &layout.header,
                tail.iter().rev().map(|r| RowView::Values(r)),
            );
            walk.visitor.footer(&footer);
        }
    }
    Ok(Some(SheetSummary {
        name: name.to_string(),
        header_row: Some(layout.header.row),
        rows: walk.rows,
        near_miss: Vec::new(),
    }))
}

/// Rows in order with the sheet's merges spread over them, and the rows
/// without cells that a merge covers put in between.
struct Spreading {
    spread: Spread,
    last: Option<u32>,
}

impl Spreading {
    fn row(
        &mut self,
        row: u32,
        mut cells: Vec<Value>,
        out: &mut dyn FnMut(u32, Vec<Value>),
    ) -> Result<(), Unreadable> {
        let from = self.last.map_or(0, |last| last + 1);
        if let Some(through) = self.spread.covers_through(from) {
            for gap in from..row.min(through.saturating_add(1)) {
                let mut filled = Vec::new();
                self.spread.fill(gap, &mut filled)?;
                out(gap, filled);
            }
        }
        self.spread.fill(row, &mut cells)?;
        self.last = Some(row);
        out(row, cells);
        Ok(())
    }
}

/// A sheet's rows from its data start: those read with the first rows,
/// then the rest as they are read, merges spread over all.
struct DataRows<'r, T: Iterator<Item = (usize, Vec<Value>)>> {
    top: T,
    /// Rows read past the first ones, before the merges were known.
    ahead: VecDeque<(u32, Vec<Value>)>,
    rows: &'r mut dyn RowSource,
    spread: Spreading,
    /// Rows spread but not yet taken: a row and the merged rows before it.
    spread_out: VecDeque<(u32, Vec<Value>)>,
}

impl<T: Iterator<Item = (usize, Vec<Value>)>> DataRows<'_, T> {
    fn next(&mut self) -> Result<Option<(u32, Vec<Value>)>, Unreadable> {
        if let Some((row, cells)) = self.top.next() {
            return Ok(Some((row as u32, cells)));
        }
        while self.spread_out.is_empty() {
            let next = match self.ahead.pop_front() {
                Some(row) => Some(row),
                None => self.rows.next_row()?,
            };
            let Some((row, cells)) = next else {
                return Ok(None);
            };
            let out = &mut self.spread_out;
            self.spread
                .row(row, cells, &mut |row, cells| out.push_back((row, cells)))?;
        }
        Ok(self.spread_out.pop_front())
    }
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

    const HEADER: [&str; 5] = ["序号", "单位名称", "责任单位", "问题隐患", "整改时限"];

    fn row(cells: &[&str]) -> Vec<Value> {
        cells.iter().map(|c| text(c)).collect()
    }

    /// A title, the Annex 3 header, three hazards with 应急办 merged down
    /// their 责任单位 cells, a blank row and a footer.
    fn sheet() -> (Grid, Vec<Dimensions>) {
        let grid = vec![
            row(&["磁器口街道安全生产大检查问题整改台账"]),
            row(&HEADER),
            row(&["1", "张记小吃", "应急办", "灭火器过期", "立即整改"]),
            row(&["2", "李家茶馆", "", "通道堵塞", "6月底"]),
            Vec::new(),
            row(&["4", "王记超市", "", "电线私拉", "15日内"]),
            Vec::new(),
            row(&["填报人：张三 填报日期：2022年7月31日"]),
        ];
        let merges = vec![
            Dimensions::new((0, 0), (0, 4)),
            Dimensions::new((2, 2), (4, 2)),
        ];
        (grid, merges)
    }

    /// What a visitor was given, and when.
    #[derive(Default)]
    struct Seen {
        streams: bool,
        footer_in_layout: Vec<String>,
        rows: Vec<(u32, String)>,
        footer: Vec<String>,
    }

    impl Visitor for Seen {
        fn streams(&self, _: &SheetLayout) -> bool {
            self.streams
        }
        fn sheet(&mut self, sheet: &SheetLayout) {
            self.footer_in_layout = sheet.footer.clone();
        }
        fn row(&mut self, row: u32, cells: RowView<'_>) {
            let dept = cells.get(2).display();
            self.rows.push((row, dept));
        }
        fn footer(&mut self, lines: &[String]) {
            self.footer = lines.to_vec();
        }
    }

    fn walk(streams: bool) -> (Seen, SheetSummary) {
        let (grid, merges) = sheet();
        let mut seen = Seen {
            streams,
            ..Seen::default()
        };
        let merges = Merges::Known(Some(merges));
        let summary = walk_sheet("台账", &mut GridRows::new(grid), merges, &mut seen)
            .unwrap()
            .unwrap();
        (seen, summary)
    }

    #[test]
    fn a_merge_down_the_rows_gives_each_row_its_value_whether_streamed_or_read_whole() {
        let (streamed, summary) = walk(true);
        let (whole, _) = walk(false);
        assert_eq!(summary.header_row, Some(1));
        assert_eq!(summary.rows, 4);
        let expected = [(2, "应急办"), (3, "应急办"), (4, "应急办"), (5, "")];
        let rows: Vec<(u32, &str)> = streamed
            .rows
            .iter()
            .map(|(r, d)| (*r, d.as_str()))
            .collect();
        assert_eq!(
            rows, expected,
            "row 4 has no cells of its own, but the merge's"
        );
        assert_eq!(streamed.rows, whole.rows);
    }

    #[test]
    fn a_streamed_sheet_gets_its_footer_after_its_rows_and_a_whole_one_before() {
        let footer = ["填报人：张三 填报日期：2022年7月31日".to_string()];
        let (streamed, _) = walk(true);
        assert!(streamed.footer_in_layout.is_empty());
        assert_eq!(streamed.footer, footer);
        let (whole, _) = walk(false);
        assert_eq!(whole.footer_in_layout, footer);
        assert!(whole.footer.is_empty());
    }

    #[test]
    fn rows_read_while_the_merges_were_awaited_get_them_all_the_same() {
        let mut grid = vec![row(&HEADER)];
        for n in 1..=60 {
            let dept = if n == 40 { "市政办" } else { "" };
            grid.push(row(&[&n.to_string(), "某单位", dept, "隐患", "立即整改"]));
        }
        let (tx, rx) = mpsc::channel();
        let scan = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            let by_sheet =
                BySheet::from([("台账".to_string(), vec![Dimensions::new((40, 2), (45, 2))])]);
            tx.send(Ok(Some(by_sheet))).unwrap();
        });
        let mut package = PackageMerges::Scanning(rx);
        let mut seen = Seen {
            streams: true,
            ..Seen::default()
        };
        let merges = Merges::Awaited(&mut package, "台账");
        let summary = walk_sheet("台账", &mut GridRows::new(grid), merges, &mut seen)
            .unwrap()
            .unwrap();
        scan.join().unwrap();
        assert_eq!(summary.rows, 60);
        let rows: Vec<u32> = seen.rows.iter().map(|(r, _)| *r).collect();
        assert_eq!(rows, (1..=60).collect::<Vec<u32>>());
        let merged: Vec<u32> = seen
            .rows
            .iter()
            .filter(|(_, dept)| dept == "市政办")
            .map(|(r, _)| *r)
            .collect();
        assert_eq!(merged, (40..=45).collect::<Vec<u32>>());
    }

    #[test]
    fn a_sheet_whose_merges_are_unknown_is_left_after_its_first_rows() {
        let (grid, _) = sheet();
        let mut seen = Seen::default();
        let walked = walk_sheet(
            "台账",
            &mut GridRows::new(grid),
            Merges::Known(None),
            &mut seen,
        )
        .unwrap();
        assert!(walked.is_none());
        assert!(seen.rows.is_empty());
    }

    #[test]
    fn rows_past_the_sheets_last_are_not_made_for_a_merge_that_runs_on() {
        let mut grid = vec![row(&HEADER)];
        grid.push(row(&["1", "张记小吃", "应急办", "灭火器过期", "立即整改"]));
        let merges = Merges::Known(Some(vec![Dimensions::new((1, 2), (1_000_000, 16_383))]));
        let mut seen = Seen::default();
        let summary = walk_sheet("s", &mut GridRows::new(grid), merges, &mut seen)
            .unwrap()
            .unwrap();
        assert_eq!(summary.rows, 1);
    }
}
