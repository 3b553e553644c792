//! Building a database file whole, converting the stores of formats 1 and 2
//! into one, and upgrading a database of format 3 to 4.
//!
//! Those were a directory of our own files: `HEAD` (a JSON commit record
//! naming the current table and how many bytes of each log count), the table
//! `hazards-NNNNNN.tbl` (format 2, packed) or `.csv` (format 1), and the logs
//! `history.jsonl` and `imports.jsonl`. The first command that opens such a
//! store builds `ledger.db` from it and moves the old files into
//! `store/backup-<date>/`, where they stay.

use super::history::Event;
use super::imports::{self, ImportLine};
use super::merge::{Chain, Rows, ident_of, parse_id, put_meta};
use super::{FILE, schema, table};
use crate::i18n::Lang;
use crate::record::Hazard;
use anyhow::{Context, anyhow, bail};
use rusqlite::Connection;
use serde::Deserialize;
use std::fs;
use std::io::Read;
use std::path::Path;

/// The commit record of formats 1 and 2.
#[derive(Deserialize)]
struct Head {
    format: u32,
    hazards: String,
    history_bytes: u64,
    imports_bytes: u64,
}

const HEAD: &str = "HEAD";
const HISTORY: &str = "history.jsonl";
const IMPORTS: &str = "imports.jsonl";
/// The writer lock of formats 1 and 2, beside the store.
const LOCK: &str = ".ledger.lock";

/// Format 3 → 4: the tables `ledger undo` reads (schema::UNDO_SQL), in one
/// transaction. Imports made before it cannot be undone: what they replaced
/// was never kept. Returns false when another process upgraded it first.
pub fn to_4(conn: &Connection) -> rusqlite::Result<bool> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        let format: String =
            conn.query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })?;
        if format != "3" {
            return Ok(false);
        }
        for sql in schema::UNDO_SQL {
            conn.execute_batch(sql)?;
        }
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'format'", [])?;
        Ok(true)
    })();
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    match (result, conn.execute_batch(end)) {
        (Ok(done), Ok(())) => Ok(done),
        (Err(e), _) | (Ok(_), Err(e)) => Err(e),
    }
}

/// Whether `dir` holds a store of format 1 or 2.
pub fn is_legacy(dir: &Path) -> bool {
    dir.join(HEAD).is_file()
}

/// Builds the database at `path` with `fill`, journaling off, in a file
/// beside it that replaces nothing: it is moved into place only when whole.
pub fn build(
    path: &Path,
    fill: impl FnOnce(&Connection) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".tmp-{}-{FILE}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let result = (|| -> anyhow::Result<()> {
        let conn = Connection::open(&tmp)?;
        conn.execute_batch(&format!(
            "PRAGMA page_size = {}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN",
            super::schema::PAGE_SIZE
        ))?;
        fill(&conn)?;
        conn.execute_batch("COMMIT; PRAGMA journal_mode = WAL")?;
        conn.close().map_err(|(_, e)| e)?;
        // Windows refuses to flush a handle opened only for reading (os error 5).
        fs::OpenOptions::new().write(true).open(&tmp)?.sync_all()?;
        if path.exists() {
            bail!("{} exists", path.display());
        }
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Converts the format 1 or 2 store in `dir` into `dir/ledger.db`.
pub fn convert(dir: &Path, lang: Lang) -> anyhow::Result<()> {
    let old = read(dir).with_context(|| {
        lang.pick(
            format!("旧格式台账库 {} 无法读取，未做任何改动", dir.display()),
            format!(
                "the older store in {} cannot be read; nothing was changed",
                dir.display()
            ),
        )
    })?;
    build(&dir.join(FILE), |conn| fill(conn, &old)).map_err(|e| {
        match e.downcast::<std::io::Error>() {
            Ok(io) => super::write_error(dir, &io, lang),
            Err(e) => e,
        }
    })?;
    let backup = dir.join(format!(
        "backup-{}",
        chrono::Local::now().format("%Y-%m-%d")
    ));
    fs::create_dir_all(&backup)?;
    for name in old.files {
        fs::rename(dir.join(&name), backup.join(&name))?;
    }
    if let Some(workspace) = dir.parent() {
        let _ = fs::remove_file(workspace.join(LOCK));
    }
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "已将旧格式台账库转换为 {}，旧文件保存在 {}",
                dir.join(FILE).display(),
                backup.display()
            ),
            format!(
                "converted the older store into {}; its files are kept in {}",
                dir.join(FILE).display(),
                backup.display()
            ),
        )
    );
    Ok(())
}

/// What an older store holds, and its files.
struct Old {
    hazards: Vec<Hazard>,
    history: Vec<Event>,
    imports: Vec<ImportLine>,
    files: Vec<String>,
}

fn read(dir: &Path) -> anyhow::Result<Old> {
    let head: Head = serde_json::from_slice(&fs::read(dir.join(HEAD))?)
        .with_context(|| format!("{} is damaged", dir.join(HEAD).display()))?;
    let table_path = dir.join(&head.hazards);
    let bytes = fs::read(&table_path).with_context(|| table_path.display().to_string())?;
    let hazards = match head.format {
        1 => read_csv(&bytes),
        2 => read_packed(&bytes),
        f => bail!("format {f} is not one this ledger converts"),
    }
    .with_context(|| format!("{} is damaged", table_path.display()))?;
    let log = |name: &str, len: u64| -> anyhow::Result<String> {
        let path = dir.join(name);
        let mut text = String::new();
        fs::File::open(&path)
            .and_then(|f| f.take(len).read_to_string(&mut text))
            .with_context(|| path.display().to_string())?;
        if (text.len() as u64) < len {
            bail!("{} is shorter than HEAD says", path.display());
        }
        Ok(text)
    };
    let history = log(HISTORY, head.history_bytes)?
        .lines()
        .map(|l| serde_json::from_str(l).with_context(|| format!("{HISTORY}: {l}")))
        .collect::<anyhow::Result<Vec<Event>>>()?;
    let imports = imports::parse(&log(IMPORTS, head.imports_bytes)?).collect();
    Ok(Old {
        hazards,
        history,
        imports,
        files: vec![HEAD.into(), head.hazards, HISTORY.into(), IMPORTS.into()],
    })
}

fn fill(conn: &Connection, old: &Old) -> anyhow::Result<()> {
    schema::create(conn)?;
    let mut numbers: Vec<(i32, u32)> = Vec::new();
    let mut rows = Rows::new(conn)?;
    for (pos, h) in (1..).zip(&old.hazards) {
        rows.put_hazard(true, pos, h, ident_of(h))?;
        if let Some((year, n)) = parse_id(&h.id) {
            match numbers.iter_mut().find(|(y, _)| *y == year) {
                Some((_, next)) => *next = (*next).max(n.saturating_add(1)),
                None => numbers.push((year, n.saturating_add(1))),
            }
        }
    }
    let mut chain = Chain::default();
    for event in &old.history {
        rows.put_event(&mut chain, event)?;
    }
    for line in &old.imports {
        imports::insert(conn, line, None)?;
    }
    put_meta(conn, &chain, numbers)?;
    Ok(())
}

/// A format-1 table: CSV with a header naming [`table::COLUMNS`].
fn read_csv(bytes: &[u8]) -> anyhow::Result<Vec<Hazard>> {
    let mut r = csv::Reader::from_reader(bytes);
    let at: Vec<Option<usize>> = {
        let header = r.headers()?;
        table::COLUMNS
            .iter()
            .map(|c| header.iter().position(|h| h == *c))
            .collect()
    };
    let mut hazards = Vec::new();
    for (line, rec) in (2..).zip(r.records()) {
        let rec = rec?;
        let mut cells: table::Cells = [""; table::COLUMNS.len()];
        for (cell, i) in cells.iter_mut().zip(&at) {
            *cell = i.and_then(|i| rec.get(i)).unwrap_or("");
        }
        hazards.push(table::hazard(&cells).with_context(|| format!("line {line}"))?);
    }
    Ok(hazards)
}

/// A format-2 table: a magic line, the column names, then each record's
/// cells, every name and cell a length (ASCII, six bits a byte, lowest
/// first, a byte from 0x40 saying more follow) and its bytes; then an
/// index of the records, which the records' count is taken from.
fn read_packed(bytes: &[u8]) -> anyhow::Result<Vec<Hazard>> {
    const MAGIC: &[u8] = b"ledger-tbl2\n";
    if !bytes.starts_with(MAGIC) {
        bail!("not a packed hazard table");
    }
    let word = |at: usize| -> anyhow::Result<usize> {
        let w = bytes.get(at..at + 8).ok_or_else(|| anyhow!("truncated"))?;
        Ok(u64::from_le_bytes(w.try_into().expect("eight bytes")) as usize)
    };
    let index = word(
        bytes
            .len()
            .checked_sub(8)
            .ok_or_else(|| anyhow!("truncated"))?,
    )?;
    let records = word(index)?;
    let mut r = Cursor {
        bytes: bytes
            .get(..index)
            .ok_or_else(|| anyhow!("index outside the file"))?,
        at: MAGIC.len(),
    };
    let columns = (0..r.length()?)
        .map(|_| {
            let name = r.text()?;
            Ok(table::COLUMNS.iter().position(|c| *c == name))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut hazards = Vec::new();
    for record in 1..=records {
        let mut cells: table::Cells = [""; table::COLUMNS.len()];
        for slot in &columns {
            let text = r.text()?;
            if let Some(at) = slot {
                cells[*at] = text;
            }
        }
        hazards.push(table::hazard(&cells).with_context(|| format!("record {record}"))?);
    }
    if r.at != index {
        bail!("bytes past the last record");
    }
    Ok(hazards)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn length(&mut self) -> anyhow::Result<usize> {
        let mut n: usize = 0;
        for shift in (0..usize::BITS).step_by(6) {
            let b = *self
                .bytes
                .get(self.at)
                .ok_or_else(|| anyhow!("truncated"))?;
            if b >= 0x80 {
                bail!("malformed length at byte {}", self.at);
            }
            self.at += 1;
            n |= usize::from(b & 0x3f) << shift;
            if b < 0x40 {
                return Ok(n);
            }
        }
        bail!("malformed length at byte {}", self.at)
    }

    fn text(&mut self) -> anyhow::Result<&'a str> {
        let len = self.length()?;
        let cell = self
            .at
            .checked_add(len)
            .and_then(|end| self.bytes.get(self.at..end))
            .ok_or_else(|| anyhow!("a cell of {len} bytes at byte {} is cut", self.at))?;
        self.at += len;
        Ok(std::str::from_utf8(cell)?)
    }
}
