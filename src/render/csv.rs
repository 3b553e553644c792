//! CSV output. To stdout it is plain UTF-8 for scripts; to a file it starts
//! with a BOM so Excel on Chinese Windows opens it as UTF-8, not GBK.
//!
//! A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would run as
//! a formula when the file is opened in Excel; such cells get a leading `'`
//! unless the caller asks for raw output. So does a cell that starts with `'`
//! itself, so that reading an export back takes off exactly the `'` it added
//! ([`unguard`]) and an unedited export changes nothing.

use std::io::Write;

/// Whether to neutralise formula-like cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    Safe,
    Raw,
}

/// Characters that make a spreadsheet treat a cell as a formula.
pub fn is_formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Whether a cell is written with a leading `'`: it would be a formula, or it
/// starts with a `'` that must not be taken for the guard.
fn needs_guard(s: &str) -> bool {
    is_formula_like(s) || s.starts_with('\'')
}

/// The cell with a leading `'` when it would otherwise be a formula.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A cell of an export as it was before [`neutralise`].
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(guarded) if needs_guard(guarded) => guarded,
        _ => s,
    }
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
    fn formula_like_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-1+2"), "'-1+2");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("2022-06-30"), "2022-06-30");
        assert_eq!(neutralise("应急办"), "应急办");
    }

    #[test]
    fn unguard_undoes_neutralise_for_every_leading_character() {
        for s in [
            "'=1+1", "'", "''", "'abc", "=1", "+86", "-", "@x", "abc", "a'b", "",
        ] {
            assert_eq!(unguard(&neutralise(s)), s);
        }
    }

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
