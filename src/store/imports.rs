//! The `imports` table: one row per imported file, which department(s) it
//! reported for and the date it describes. `ledger status` reads it to tell
//! who has handed in the month's ledger.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One imported file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportLine {
    /// When it was imported.
    pub at: String,
    pub file: String,
    /// A hash of its bytes, so the same file is logged once.
    pub fingerprint: String,
    /// The date it describes (its 填报日期 or `--as-of`).
    pub as_of: NaiveDate,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub stale: usize,
    /// The departments it reported for, by canonical name: its rows'
    /// 责任单位, its 填报单位, and any `--dept`. Logs written before this
    /// field existed have none.
    #[serde(default)]
    pub depts: Vec<String>,
}

/// The log's lines; damaged lines are skipped rather than failing a report.
pub fn parse(log: &str) -> impl Iterator<Item = ImportLine> + '_ {
    log.lines().filter_map(|l| serde_json::from_str(l).ok())
}

/// The same file (by content) for the same date and departments was imported before.
pub fn already_logged(log: &str, line: &ImportLine) -> bool {
    parse(log).any(|l| {
        l.fingerprint == line.fingerprint && l.as_of == line.as_of && l.depts == line.depts
    })
}

/// One row of `ledger imports`: the file, its number there, and when it
/// was undone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    /// The import's number, which `ledger undo` takes.
    pub number: i64,
    #[serde(flatten)]
    pub line: ImportLine,
    /// When `ledger undo` reverted it (RFC 3339), if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undone: Option<String>,
}

/// Whether the store has format 4's tables: a format-3 store in a read-only
/// workspace is read as it is.
pub fn has_runs(conn: &rusqlite::Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

const SELECT: &str =
    "SELECT imports.at, file, fingerprint, as_of, rows, inserted, updated, unchanged, stale, depts";

/// The `imports` table as the log's JSON lines, oldest first, without the
/// imports undone: they no longer count as handed in, nor as imported.
pub fn log(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    let mut log = String::new();
    for l in listed(conn)? {
        if l.undone.is_none() {
            log.push_str(&serde_json::to_string(&l.line).expect("an import line serialises"));
            log.push('\n');
        }
    }
    Ok(log)
}

/// Every import, oldest first, with its number and whether it was undone.
pub fn listed(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<Listed>> {
    let sql = if has_runs(conn)? {
        format!(
            "{SELECT}, imports.seq, NULLIF(runs.undone, '') FROM imports \
             LEFT JOIN runs ON runs.run = imports.run ORDER BY imports.seq"
        )
    } else {
        format!("{SELECT}, imports.seq, NULL FROM imports ORDER BY imports.seq")
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    let mut listed = Vec::new();
    while let Some(r) = rows.next()? {
        let as_of: String = r.get(3)?;
        let depts: String = r.get(9)?;
        // A row edited into nonsense is skipped, as a damaged log line was.
        let (Ok(as_of), Ok(depts)) = (as_of.parse(), serde_json::from_str(&depts)) else {
            continue;
        };
        let line = ImportLine {
            at: r.get(0)?,
            file: r.get(1)?,
            fingerprint: r.get(2)?,
            as_of,
            rows: count(r, 4)?,
            inserted: count(r, 5)?,
            updated: count(r, 6)?,
            unchanged: count(r, 7)?,
            stale: count(r, 8)?,
            depts,
        };
        listed.push(Listed {
            number: r.get(10)?,
            line,
            undone: r.get(11)?,
        });
    }
    Ok(listed)
}

fn count(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<usize> {
    Ok(usize::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
}

/// Appends a file to the `imports` table, merged by the import `run`
/// (none for the logs of older stores).
pub fn insert(
    conn: &rusqlite::Connection,
    l: &ImportLine,
    run: Option<i64>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO imports (at, file, fingerprint, as_of, rows, inserted, updated, unchanged, stale, depts, run) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        l.at,
        l.file,
        l.fingerprint,
        l.as_of.to_string(),
        l.rows as i64,
        l.inserted as i64,
        l.updated as i64,
        l.unchanged as i64,
        l.stale as i64,
        serde_json::to_string(&l.depts).expect("strings serialise"),
        run,
    ])?;
    Ok(())
}
