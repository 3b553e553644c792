//! Finding damage: SQLite's own integrity check, every hazard row's
//! checksum, and the history's hash chain from its first row to the head
//! recorded in `meta`.

use super::history::{self, Stored};
use super::{schema, seal, table};
use rusqlite::Connection;

/// One damaged thing the store holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// `PRAGMA integrity_check` found the file itself damaged.
    File(String),
    /// A hazard row whose cells do not match its checksum or cannot be read.
    Hazard { pos: i64, id: String },
    /// A history row whose hash does not follow from it and the row before.
    History { seq: i64, id: String },
    /// History rows missing: the chain's length or head differs from `meta`.
    ChainCut { expected: i64, found: i64 },
    /// The file cannot be read as a store at all.
    Unreadable(String),
}

/// What verification found, and what it looked at.
#[derive(Debug, Default)]
pub struct Report {
    pub hazards: i64,
    pub history: i64,
    pub damage: Vec<Damage>,
}

/// Checks the whole store.
pub fn verify(conn: &Connection) -> Report {
    let mut report = Report::default();
    let steps: [fn(&Connection, &mut Report) -> rusqlite::Result<()>; 3] =
        [integrity, hazards, chain];
    for step in steps {
        if let Err(e) = step(conn, &mut report) {
            let damage = Damage::Unreadable(e.to_string());
            if !report.damage.contains(&damage) {
                report.damage.push(damage);
            }
        }
    }
    report
}

fn integrity(conn: &Connection, report: &mut Report) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines != ["ok"] {
        report.damage.extend(lines.into_iter().map(Damage::File));
    }
    Ok(())
}

fn hazards(conn: &Connection, report: &mut Report) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT pos, checksum, {} FROM hazards ORDER BY pos",
        schema::column_list()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        report.hazards += 1;
        let pos: i64 = row.get(0)?;
        let id = row
            .get_ref(2)?
            .as_str()
            .map(str::to_string)
            .unwrap_or_default();
        let stored = row.get_ref(1)?.as_str().ok().map(str::to_string);
        let cells = (0..table::COLUMNS.len())
            .map(|i| {
                row.get_ref(2 + i)?
                    .as_bytes()
                    .map(<[u8]>::to_vec)
                    .map_err(Into::into)
            })
            .collect::<rusqlite::Result<Vec<Vec<u8>>>>();
        let holds = match (cells, stored) {
            (Ok(cells), Some(stored)) => {
                seal::checksum(cells.iter().map(Vec::as_slice)) == stored
                    && table::from_row(row, 2).is_ok()
            }
            _ => false,
        };
        if !holds {
            report.damage.push(Damage::Hazard { pos, id });
        }
    }
    Ok(())
}

fn chain(conn: &Connection, report: &mut Report) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM history ORDER BY seq",
        history::COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    let mut previous = String::new();
    while let Some(row) = rows.next()? {
        report.history += 1;
        let seq: i64 = row.get(0)?;
        match history::from_row(row) {
            Ok(stored) if seq == report.history && stored.holds(&previous) => {
                previous = stored.hash;
            }
            Ok(stored) => {
                report.damage.push(Damage::History {
                    seq,
                    id: stored.event.id,
                });
                previous = stored.hash;
            }
            Err(_) => {
                let id = row.get::<_, String>(2).unwrap_or_default();
                report.damage.push(Damage::History { seq, id });
                previous = row.get::<_, String>(9).unwrap_or_default();
            }
        }
    }
    let (head, length) = recorded(conn)?;
    if length != report.history || head != previous {
        report.damage.push(Damage::ChainCut {
            expected: length,
            found: report.history,
        });
    }
    Ok(())
}

/// The chain's head and length as `meta` records them.
fn recorded(conn: &Connection) -> rusqlite::Result<(String, i64)> {
    let get = |key: &str| -> rusqlite::Result<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
    };
    Ok((
        get("chain_head")?,
        get("chain_length")?.parse().unwrap_or(-1),
    ))
}

/// Whether the chain's last row holds and is the head `meta` records: what
/// an import checks before it writes, at the cost of two rows.
pub fn head_holds(conn: &Connection) -> rusqlite::Result<bool> {
    let (head, length) = recorded(conn)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM history ORDER BY seq DESC LIMIT 2",
        history::COLUMNS
    ))?;
    let last: Vec<Option<Stored>> = stmt
        .query_map([], |row| Ok(history::from_row(row).ok()))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match last.as_slice() {
        [] => length == 0 && head.is_empty(),
        [Some(only)] => only.seq == 1 && length == 1 && only.hash == head && only.holds(""),
        [Some(last), Some(before)] => {
            last.seq == length
                && before.seq == length - 1
                && last.hash == head
                && last.holds(&before.hash)
        }
        _ => false,
    })
}
