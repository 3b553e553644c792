//! Terminal tables. Borders are ASCII: box-drawing characters are "ambiguous
//! width" and a Chinese Windows console draws them double-wide, which breaks
//! every row; CJK cell text itself is measured by comfy-table.

use comfy_table::{ContentArrangement, Table, presets};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the run's tables go to a file: fitted to no terminal.
static TO_FILE: AtomicBool = AtomicBool::new(false);

/// Tables from now on are for a file (`-o FILE.txt`), as wide as their text.
pub fn for_file() {
    TO_FILE.store(true, Ordering::Relaxed);
}

/// A table with these headers and rows, fitted to the terminal when there is one.
pub fn table<I, R, S>(headers: &[&str], rows: I) -> Table
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied())
        // Cells are coloured only when the run's Style says so (Style::cell);
        // comfy-table then writes the codes, which it does not count as width.
        .enforce_styling();
    if TO_FILE.load(Ordering::Relaxed) {
        t.force_no_tty();
    }
    for row in rows {
        t.add_row(row);
    }
    t
}
