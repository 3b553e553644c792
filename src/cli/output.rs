//! Where a command's output goes: stdout, or `-o FILE` written atomically in
//! the format its extension names. All data on stdout goes through [`print`]
//! or [`emit`], so that a reader closing the pipe early (`| head`) ends the
//! run quietly ([`is_broken_pipe`]).
//!
//! CSV to stdout is for scripts: the stable English keys, `true`/`false`,
//! plain UTF-8. A CSV file is for people: Chinese headers, 是/否, and a BOM
//! so that Excel on Chinese Windows reads it as UTF-8.

use super::Format;
use crate::atomic;
use crate::i18n::{Lang, Localized};
use crate::render::csv::{self, Cells};
use crate::render::tabular::{self, Audience, Sheet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a file named by `-o` holds, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Csv,
    Json,
    /// The terminal table as text, without colour.
    Txt,
    Toml,
}

impl Kind {
    const ALL: [Kind; 5] = [Kind::Xlsx, Kind::Csv, Kind::Json, Kind::Txt, Kind::Toml];

    pub fn ext(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Csv => "csv",
            Kind::Json => "json",
            Kind::Txt => "txt",
            Kind::Toml => "toml",
        }
    }

    fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?;
        Kind::ALL
            .into_iter()
            .find(|k| k.ext().eq_ignore_ascii_case(ext))
    }

    /// The `--format` that writes the same thing to stdout, if any.
    fn format(self) -> Option<Format> {
        match self {
            Kind::Csv => Some(Format::Csv),
            Kind::Json => Some(Format::Json),
            Kind::Txt => Some(Format::Table),
            Kind::Xlsx | Kind::Toml => None,
        }
    }
}

/// What data commands that write rows accept after `-o`.
pub const ROWS: &[Kind] = &[Kind::Xlsx, Kind::Csv, Kind::Json, Kind::Txt];

/// Where a command's output goes, decided before any work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    Stdout(Format),
    File(&'a Path, Kind),
}

impl<'a> Target<'a> {
    /// The file to write, when not stdout.
    pub fn file(self) -> Option<&'a Path> {
        match self {
            Target::File(path, _) => Some(path),
            Target::Stdout(_) => None,
        }
    }

    pub fn is_json(self) -> bool {
        matches!(
            self,
            Target::Stdout(Format::Json) | Target::File(_, Kind::Json)
        )
    }
}

/// An `-o` the command will not write, said in the language of the run.
#[derive(Debug)]
pub enum OutputError {
    /// The extension is none the command writes.
    Refused {
        path: PathBuf,
        accepts: &'static [Kind],
    },
    /// `--format` says one thing and the extension another.
    Contradicts {
        path: PathBuf,
        format: Format,
        kind: Kind,
    },
}

crate::i18n::localized_error!(OutputError);

impl Localized for OutputError {
    fn message(&self, lang: Lang) -> String {
        match self {
            OutputError::Refused { path, accepts } => {
                let names: Vec<String> = accepts.iter().map(|k| format!(".{}", k.ext())).collect();
                lang.pick(
                    format!(
                        "不能写出 {}：此命令只写 {} 文件，文件格式由扩展名决定",
                        path.display(),
                        names.join("、")
                    ),
                    format!(
                        "cannot write {}: this command writes only {} files, and the extension decides the format",
                        path.display(),
                        names.join(", ")
                    ),
                )
            }
            OutputError::Contradicts { path, format, kind } => {
                let f = format_name(*format);
                lang.pick(
                    format!(
                        "--format {f} 与 {} 的扩展名 .{} 不一致；去掉 --format（按扩展名写出），或改用与之相符的文件名",
                        path.display(),
                        kind.ext()
                    ),
                    format!(
                        "--format {f} contradicts the extension .{} of {}; drop --format (the extension decides) or name a matching file",
                        kind.ext(),
                        path.display()
                    ),
                )
            }
        }
    }
}

/// The target of `--format` and `-o`: a file's kind is its extension, which
/// must be one of `accepts` and agree with `--format` when both are given.
pub fn target<'a>(
    format: Option<Format>,
    output: Option<&'a Path>,
    accepts: &'static [Kind],
) -> Result<Target<'a>, OutputError> {
    let Some(path) = output else {
        return Ok(Target::Stdout(format.unwrap_or(Format::Table)));
    };
    let kind = file_kind(path, accepts)?;
    match format {
        Some(format) if kind.format() != Some(format) => Err(OutputError::Contradicts {
            path: path.to_path_buf(),
            format,
            kind,
        }),
        _ => Ok(Target::File(path, kind)),
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Table => "table",
        Format::Csv => "csv",
        Format::Json => "json",
    }
}

/// The kind of `path` if it is one of `accepts`; else a refusal naming them.
pub fn file_kind(path: &Path, accepts: &'static [Kind]) -> Result<Kind, OutputError> {
    match Kind::of(path) {
        Some(kind) if accepts.contains(&kind) => Ok(kind),
        _ => Err(OutputError::Refused {
            path: path.to_path_buf(),
            accepts,
        }),
    }
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

/// The ways a tabular output can be laid out, each made only when asked for.
pub struct Layouts<J, T, S> {
    pub json: J,
    /// The terminal table (also `.txt`).
    pub table: T,
    /// The sheets: the first is the CSV; a workbook has them all.
    pub sheets: S,
}

/// Writes a tabular output to its target: CSV on stdout for scripts, a CSV
/// file or a workbook for people, JSON and the table alike anywhere.
pub fn deliver<'a, J, T, S>(
    target: Target<'_>,
    layouts: Layouts<J, T, S>,
    raw: bool,
    lang: Lang,
) -> anyhow::Result<()>
where
    J: FnOnce() -> String,
    T: FnOnce() -> String,
    S: FnOnce() -> Vec<Sheet<'a>>,
{
    let (path, audience) = match target {
        Target::Stdout(Format::Json) => return emit(Rendered::Text((layouts.json)()), None, raw),
        Target::Stdout(Format::Table) => return emit(Rendered::Text((layouts.table)()), None, raw),
        Target::Stdout(Format::Csv) => (None, Audience::Scripts),
        Target::File(path, Kind::Json) => {
            return emit(Rendered::Text((layouts.json)()), Some(path), raw);
        }
        Target::File(path, Kind::Txt) => {
            crate::render::table::for_file();
            return emit(Rendered::Text((layouts.table)()), Some(path), raw);
        }
        Target::File(path, Kind::Xlsx) => {
            atomic::write(path, &tabular::xlsx((layouts.sheets)())?)?;
            return Ok(());
        }
        Target::File(path, _) => (Some(path), Audience::People(lang)),
    };
    let Some(sheet) = (layouts.sheets)().into_iter().next() else {
        anyhow::bail!("no table to write");
    };
    let header = sheet.header(audience);
    let rows = Box::new(sheet.text_rows(audience));
    emit(
        Rendered::Csv {
            header: &header,
            rows,
        },
        path,
        raw,
    )
}

/// Writes text to stdout, the one way data reaches it besides [`emit`].
pub fn print(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()
}

/// Whether an error is stdout's reader having gone away (`ledger list | head`):
/// not a failure, as ripgrep treats it.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_decides_and_must_be_one_the_command_writes() {
        let p = Path::new("逾期.XLSX");
        assert_eq!(
            target(None, Some(p), ROWS).unwrap(),
            Target::File(p, Kind::Xlsx)
        );
        let e = target(None, Some(Path::new("r.doc")), ROWS).unwrap_err();
        let msg = e.message(Lang::Zh);
        assert!(
            msg.contains("r.doc") && msg.contains(".xlsx") && msg.contains(".csv"),
            "{msg}"
        );
        assert!(file_kind(Path::new("r.csv"), &[Kind::Xlsx]).is_err());
        assert!(file_kind(Path::new("noext"), &[Kind::Xlsx]).is_err());
    }

    #[test]
    fn a_format_contradicting_the_extension_is_refused() {
        let p = Path::new("a.csv");
        let e = target(Some(Format::Json), Some(p), ROWS).unwrap_err();
        assert!(e.message(Lang::En).contains("contradicts"), "{e}");
        assert!(e.message(Lang::Zh).contains("不一致"), "{e}");
        assert!(target(Some(Format::Json), Some(Path::new("a.xlsx")), ROWS).is_err());
        assert_eq!(
            target(Some(Format::Csv), Some(p), ROWS).unwrap(),
            Target::File(p, Kind::Csv)
        );
        assert_eq!(
            target(Some(Format::Csv), None, ROWS).unwrap(),
            Target::Stdout(Format::Csv)
        );
    }
}
