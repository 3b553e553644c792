//! Where a data command's output goes: stdout, or `-o FILE` written
//! atomically. CSV to stdout is plain UTF-8 for scripts; a CSV file starts
//! with a BOM so Excel on Chinese Windows reads it as UTF-8.

use super::Format;
use crate::atomic;
use crate::render::csv::{self, Cells};
use std::io::Write;
use std::path::Path;

/// The format of `-o FILE` when `--format` was not given: by its extension.
pub fn format_for(format: Option<Format>, output: Option<&Path>) -> Format {
    format.unwrap_or_else(
        || match output.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Table,
        },
    )
}

/// A rendered output, ready to go to stdout or a file. CSV rows stream.
pub enum Rendered<'a> {
    Text(String),
    Csv {
        header: &'a [&'a str],
        rows: Box<dyn Iterator<Item = Vec<String>> + 'a>,
    },
}

/// Writes the output where it belongs; `raw` leaves formula-like CSV cells alone.
pub fn emit(rendered: Rendered<'_>, output: Option<&Path>, raw: bool) -> anyhow::Result<()> {
    let cells = if raw { Cells::Raw } else { Cells::Safe };
    let write = |out: &mut dyn Write, bom: bool, rendered: Rendered<'_>| -> std::io::Result<()> {
        match rendered {
            Rendered::Text(s) => out.write_all(s.as_bytes()),
            Rendered::Csv { header, rows } => csv::write(out, bom, cells, header, rows),
        }
    };
    match output {
        Some(path) => atomic::write_with(path, |w| write(w, true, rendered))?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out, false, rendered)?;
            out.flush()?;
        }
    }
    Ok(())
}
