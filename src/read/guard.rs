//! Bounds on what a workbook may make us do, checked before calamine reads it.
//!
//! An xlsx or ods file is a zip archive. Its central directory declares each
//! part's inflated size, and the zip crate stops inflating a part at its
//! declaration and checks its checksum there, so checking the declarations
//! bounds memory and time: a part that would inflate past a gigabyte, or a
//! large part compressed a thousand to one (XML compresses ten or twenty to
//! one; a zip bomb, thousands), is refused before anything is inflated. The
//! parts calamine loads whole (shared strings, styles) are then inflated once
//! into nothing, so that one whose data goes on past its declaration is
//! refused before it is loaded; sheets are parsed as they inflate and need no
//! such pass.
//!
//! What the checks cannot foresee, a bug in a parsing library that panics on a
//! malformed file (the workbook fuzzer found one in calamine's xls reader), is
//! contained by [`contain`]: the file is reported corrupt and the other files
//! of the run go on.

use super::{Limit, Unreadable};
use std::cell::Cell;
use std::io::Cursor;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// The most one part of a workbook may inflate to (a million-row sheet's XML
/// is a few hundred megabytes).
pub const MAX_PART: u64 = 1 << 30;
/// The most all parts together may inflate to.
pub const MAX_TOTAL: u64 = 2 << 30;
/// Parts larger than this must not compress better than [`MAX_RATIO`].
const RATIO_FROM: u64 = 32 << 20;
const MAX_RATIO: u64 = 1000;
/// The most columns a ledger sheet may use; cells further right are refused
/// rather than allocated (Excel allows 16,384).
pub const MAX_COLUMNS: u32 = 1024;
/// The rows of an xlsx or ods sheet (Excel's own limit): a cell claiming a row
/// further down is refused, so a row number cannot size the grid past this.
pub const MAX_ROWS: u32 = 1 << 20;

/// The most cells merges may fill in one sheet (a department merged down a
/// million rows is a million).
pub const MAX_MERGED_CELLS: u64 = 20_000_000;

/// Checks a zip-based workbook's declared sizes.
pub fn check_zip(bytes: &[u8]) -> Result<(), Unreadable> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Unreadable::Corrupt(e.to_string()))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| Unreadable::Corrupt(e.to_string()))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let part = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if size > MAX_PART {
            return Err(Unreadable::TooLarge(Limit::Part { part, bytes: size }));
        }
        if size > RATIO_FROM && size / packed > MAX_RATIO {
            return Err(Unreadable::TooLarge(Limit::Ratio {
                part,
                ratio: size / packed,
            }));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_TOTAL {
        return Err(Unreadable::TooLarge(Limit::Total { bytes: total }));
    }
    for i in 0..zip.len() {
        check_inflates(&mut zip, i)?;
    }
    Ok(())
}

/// Sheets declared larger than this are scanned before calamine parses them
/// (see [`super::xlsx_merges`]); a smaller one cannot make calamine buffer much.
const LARGE_SHEET: u64 = 64 << 20;

/// Whether any sheet of an xlsx declares more than [`LARGE_SHEET`].
pub fn has_large_sheet(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    (0..zip.len()).any(|i| {
        zip.by_index_raw(i).is_ok_and(|part| {
            let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
            is_streamed(&name) && part.size() > LARGE_SHEET
        })
    })
}

/// Parts parsed as they inflate, never held whole: a sheet's cells.
fn is_streamed(part: &str) -> bool {
    part.starts_with("xl/worksheets/") || part == "content.xml"
}

/// Inflates part `i` into nothing unless it is streamed, refusing it if its
/// data does not match its declaration.
fn check_inflates(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, i: usize) -> Result<(), Unreadable> {
    let mut part = zip
        .by_index(i)
        .map_err(|e| Unreadable::Corrupt(e.to_string()))?;
    let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
    if is_streamed(&name) {
        return Ok(());
    }
    std::io::copy(&mut part, &mut std::io::sink())
        .map(drop)
        .map_err(|e| Unreadable::Corrupt(format!("{name}: {e}")))
}

/// Refuses a cell below [`MAX_ROWS`] or right of [`MAX_COLUMNS`].
pub fn check_cell(sheet: &str, row: u32, col: u32) -> Result<(), Unreadable> {
    if row >= MAX_ROWS {
        return Err(Unreadable::TooLarge(Limit::Rows {
            sheet: sheet.to_string(),
            row,
        }));
    }
    check_column(sheet, col)
}

/// Refuses a cell beyond [`MAX_COLUMNS`].
pub fn check_column(sheet: &str, col: u32) -> Result<(), Unreadable> {
    if col >= MAX_COLUMNS {
        return Err(Unreadable::TooLarge(Limit::Columns {
            sheet: sheet.to_string(),
            column: col,
        }));
    }
    Ok(())
}

thread_local! {
    /// Set while [`contain`] runs, so the panic hook stays quiet for panics it will report.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs a parsing library on an untrusted file, turning a panic inside it into
/// [`Unreadable::Corrupt`]. Only parsing that owns its inputs belongs here:
/// whatever it was building is dropped with the panic.
pub fn contain<T>(parse: impl FnOnce() -> Result<T, Unreadable>) -> Result<T, Unreadable> {
    install_hook();
    let was = CONTAINING.with(|c| c.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(parse));
    CONTAINING.with(|c| c.set(was));
    outcome.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Unreadable::Corrupt(what))
    })
}

/// Wraps the panic hook once so that contained panics print nothing; every
/// other panic is reported by the hook that was there before.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_parser_becomes_a_corrupt_file() {
        let read: Result<(), Unreadable> = contain(|| panic!("index out of range"));
        assert_eq!(read, Err(Unreadable::Corrupt("index out of range".into())));
    }

    #[test]
    fn what_the_parser_returns_passes_through() {
        assert_eq!(contain(|| Ok(7)), Ok(7));
        assert_eq!(
            contain::<()>(|| Err(Unreadable::Empty)),
            Err(Unreadable::Empty)
        );
    }
}
