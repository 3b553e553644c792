//! The BIFF records of an `.xls` workbook stream, checked before calamine
//! reads them.
//!
//! calamine builds each sheet as a dense grid spanning its cells' positions
//! and reserves room for the area a DIMENSIONS record declares. A record is
//! four bytes of header and a few of position, so a small hostile file can
//! claim a sheet of billions of cells. The xls format itself stops at 65,536
//! rows by 256 columns; cells and dimensions beyond that are refused, which
//! bounds calamine's grid at the format's own (about half a gigabyte).

use super::Unreadable;

/// The columns of the xls grid (IV is the last).
const COLUMNS: u32 = 256;
/// The rows of the xls grid.
const ROWS: u32 = 65_536;

const DIMENSIONS: u16 = 0x0200;
/// Records holding one cell, with its row and column first: FORMULA, BLANK,
/// NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING.
const CELLS: [u16; 8] = [
    0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6,
];
/// Records holding a run of cells in one row, the last column at their end:
/// MULRK, MULBLANK.
const RUNS: [u16; 2] = [0x00BD, 0x00BE];

/// Beginning of a substream: the workbook globals, then each sheet.
const BOF: u16 = 0x0809;

/// The most grid cells calamine may spread a workbook's sheets over (each
/// sheet spans its cells' bounding box, twice: values and formulas, about 56
/// bytes a cell) unless the cells present fill a quarter of it.
const MAX_SPREAD: u64 = 4 << 20;

/// Refuses a workbook stream with a cell or a declared sheet area beyond the
/// xls grid, or whose few cells lie so far apart that the grids calamine
/// builds between them would exhaust memory. A record that runs past the
/// stream ends the scan: calamine reports it.
pub fn check(stream: &[u8]) -> Result<(), Unreadable> {
    let mut spread = Spread::default();
    for (kind, data) in records(stream) {
        let cells = if CELLS.contains(&kind) {
            u16_at(data, 0).zip(u16_at(data, 2)).map(|(r, c)| (r, c, c))
        } else if RUNS.contains(&kind) {
            let last = data.len().checked_sub(2).and_then(|end| u16_at(data, end));
            u16_at(data, 0)
                .zip(u16_at(data, 2))
                .zip(last)
                .map(|((r, c), l)| (r, c, l))
        } else {
            if kind == DIMENSIONS {
                check_dimensions(data)?;
            } else if kind == BOF {
                spread.next_sheet();
            }
            None
        };
        let Some((row, first, last)) = cells else {
            continue;
        };
        if u32::from(last) >= COLUMNS {
            return Err(beyond(format!("a cell in column {}", u32::from(last) + 1)));
        }
        spread.add(row, first, last);
    }
    spread.next_sheet();
    if spread.area > MAX_SPREAD.max(4 * spread.cells) {
        return Err(Unreadable::TooLarge(super::Limit::Spread {
            cells: spread.cells,
            area: spread.area,
        }));
    }
    Ok(())
}

/// The cells of the sheets read so far, and the area of their bounding boxes.
#[derive(Default)]
struct Spread {
    cells: u64,
    area: u64,
    /// The current sheet's box: first and last row, first and last column.
    sheet: Option<(u16, u16, u16, u16)>,
}

impl Spread {
    fn add(&mut self, row: u16, first: u16, last: u16) {
        let (first, last) = (first.min(last), first.max(last));
        self.cells += u64::from(last - first) + 1;
        self.sheet = Some(match self.sheet {
            None => (row, row, first, last),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(first), c1.max(last)),
        });
    }

    fn next_sheet(&mut self) {
        if let Some((r0, r1, c0, c1)) = self.sheet.take() {
            self.area += (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        }
    }
}

/// The records of a stream: kind and data.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// DIMENSIONS: first row, last row + 1, first column, last column + 1; rows
/// are 32-bit in BIFF8 (14 bytes) and 16-bit in BIFF5 (10 bytes).
fn check_dimensions(data: &[u8]) -> Result<(), Unreadable> {
    let (rows, columns) = match data.len() {
        10 => (u16_at(data, 2).map(u32::from), u16_at(data, 6)),
        14 | 16 => (u32_at(data, 4), u16_at(data, 10)),
        _ => return Ok(()),
    };
    let (rows, columns) = (rows.unwrap_or(0), u32::from(columns.unwrap_or(0)));
    if rows > ROWS || columns > COLUMNS {
        return Err(beyond(format!(
            "a sheet of {rows} rows by {columns} columns"
        )));
    }
    Ok(())
}

fn beyond(what: String) -> Unreadable {
    Unreadable::Corrupt(format!(
        "{what}, beyond the {ROWS} rows by {COLUMNS} columns of an xls sheet"
    ))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    /// A NUMBER record at (row, column).
    fn number(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }

    fn dimensions(rows: u32, columns: u16) -> Vec<u8> {
        let mut data = 0u32.to_le_bytes().to_vec();
        data.extend(rows.to_le_bytes());
        data.extend(0u16.to_le_bytes());
        data.extend(columns.to_le_bytes());
        data.extend([0u8; 2]);
        record(DIMENSIONS, &data)
    }

    #[test]
    fn cells_within_the_xls_grid_pass() {
        let stream = [dimensions(65_536, 256), number(65_535, 255)].concat();
        assert_eq!(check(&stream), Ok(()));
    }

    #[test]
    fn two_cells_at_opposite_corners_are_refused_a_full_sheet_is_not() {
        let corners = [number(0, 0), number(65_535, 255)].concat();
        let err = check(&corners).unwrap_err();
        assert!(matches!(err, Unreadable::TooLarge(_)), "{err:?}");
        // A box over the bound, half of it filled.
        let full: Vec<u8> = (0..17_000u16)
            .flat_map(|r| (0..250u16).step_by(2).flat_map(move |c| number(r, c)))
            .collect();
        assert_eq!(check(&full), Ok(()));
    }

    #[test]
    fn each_sheet_spans_its_own_cells() {
        let bof = record(BOF, &[0u8; 16]);
        let sheets = [number(0, 0), bof.clone(), number(65_535, 255)].concat();
        assert_eq!(check(&sheets), Ok(()));
    }

    #[test]
    fn a_cell_beyond_column_iv_is_refused() {
        let err = check(&number(3, 256)).unwrap_err();
        assert!(matches!(err, Unreadable::Corrupt(e) if e.contains("column 257")));
    }

    #[test]
    fn a_run_of_cells_ending_beyond_column_iv_is_refused() {
        let mut data = 0u16.to_le_bytes().to_vec();
        data.extend(250u16.to_le_bytes());
        data.extend([0u8; 6 * 10]);
        data.extend(259u16.to_le_bytes());
        assert!(check(&record(0x00BD, &data)).is_err());
    }

    #[test]
    fn declared_dimensions_beyond_the_grid_are_refused() {
        assert!(check(&dimensions(4_000_000_000, 10)).is_err());
        assert!(check(&dimensions(10, 40_000)).is_err());
    }

    #[test]
    fn a_record_running_past_the_stream_ends_the_scan() {
        let mut stream = number(1, 1);
        stream.extend(record(0x0203, &[0u8; 14])[..8].to_vec());
        assert_eq!(check(&stream), Ok(()));
    }
}
