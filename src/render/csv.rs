//! CSV output. To stdout it is plain UTF-8 for scripts; to a file it starts
//! with a BOM so Excel on Chinese Windows opens it as UTF-8, not GBK.
//!
//! A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would run as
//! a formula when the file is opened in Excel; such cells get a leading `'`
//! unless the caller asks for raw output. So does a cell that starts with `'`
//! itself, so that reading an export back takes off exactly the `'` it added
//! ([`crate::text::unguard`]) and an unedited export changes nothing.

use crate::text::neutralise;
use std::io::Write;

/// Whether to neutralise formula-like cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    Safe,
    Raw,
}

/// Writes rows of cells as CSV; `bom` for files meant for Excel.
pub fn write<W: Write>(
    mut out: W,
    bom: bool,
    cells: Cells,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    if bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    // Flexible: an export's title line is one cell above a header of many.
    let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(out);
    if !header.is_empty() {
        w.write_record(header).map_err(io_error)?;
    }
    for row in rows {
        match cells {
            Cells::Raw => w.write_record(&row),
            Cells::Safe => w.write_record(row.iter().map(|c| neutralise(c).into_owned())),
        }
        .map_err(io_error)?;
    }
    w.flush()
}

/// The I/O error under a CSV error, so that its kind (a closed pipe) shows.
fn io_error(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_start_with_a_bom_and_stdout_does_not() {
        let mut file = Vec::new();
        write(
            &mut file,
            true,
            Cells::Safe,
            &["a"],
            vec![vec!["=1".into()]],
        )
        .unwrap();
        assert_eq!(file, b"\xEF\xBB\xBFa\n'=1\n");
        let mut out = Vec::new();
        write(&mut out, false, Cells::Raw, &["a"], vec![vec!["=1".into()]]).unwrap();
        assert_eq!(out, b"a\n=1\n");
    }
}
