//! `ledger undo`: reverting one import by appending the inverse of its
//! changes to the history, which is never edited.
//!
//! Each import is a run (`runs`): the positions of the rows it inserted, and
//! in `prior`, for each rewrite of an earlier row, the cells it replaced.
//! Undo takes the inserted rows out of the live table and lays the replaced
//! cells back, latest first, each hazard with a history event; the ids it
//! took are never given again.

use super::history::{Change, Event, Op};
use super::merge::{Chain, Rows, diff, ident_of, put_meta};
use super::{Store, schema, seal, table, verify};
use crate::i18n::{Lang, Localized};
use crate::record::Hazard;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// What undoing one import does.
#[derive(Debug)]
pub struct Plan {
    /// The import's number in `ledger imports`.
    pub number: i64,
    /// The files it read: every file of the run, undone together.
    pub files: Vec<String>,
    /// The hazards it inserted, taken out.
    pub removed: Vec<Hazard>,
    /// The hazards it changed: as they are, and what they get back.
    pub restored: Vec<Restored>,
}

#[derive(Debug)]
pub struct Restored {
    pos: i64,
    before: Hazard,
    pub now: Hazard,
    /// From what the import wrote to what was there before it.
    pub changes: Vec<Change>,
}

/// Why an import cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NothingToUndo,
    NoSuchImport(i64),
    AlreadyUndone {
        number: i64,
        at: String,
    },
    /// Imported before the store kept what an import replaced.
    NotKept(i64),
    /// A 镇街's corrected submission that withdrew hazards of its earlier
    /// one: undo puts values back but cannot bring a withdrawn row back.
    Withdrew(i64),
    /// A later import rewrote one of its hazards: changed it, or read it
    /// again, which moved where and when it was last seen.
    Later {
        number: i64,
        later: String,
        hazard: String,
    },
}

impl Localized for Refusal {
    fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::NothingToUndo => lang
                .pick("没有可撤销的导入", "there is no import to undo")
                .to_string(),
            Refusal::NoSuchImport(n) => lang.pick(
                format!("没有第 {n} 号导入；`ledger imports` 列出各次导入的编号"),
                format!("there is no import #{n}; `ledger imports` lists their numbers"),
            ),
            Refusal::AlreadyUndone { number, at } => lang.pick(
                format!(
                    "第 {number} 号导入已于 {} 撤销",
                    local(at)
                ),
                format!(
                    "import #{number} was undone at {}",
                    local(at)
                ),
            ),
            Refusal::NotKept(n) => lang.pick(
                format!("第 {n} 号导入早于本版 ledger，没有保存它改动前的内容，无法撤销"),
                format!(
                    "import #{n} predates this ledger, which did not keep what it replaced; it cannot be undone"
                ),
            ),
            Refusal::Withdrew(n) => lang.pick(
                format!(
                    "无法撤销第 {n} 号导入：它是镇街更正后的报送，撤回了先前报送中的隐患，撤销不能恢复撤回的隐患；请重新导入先前的报送"
                ),
                format!(
                    "cannot undo import #{n}: it is a 镇街's corrected submission that withdrew hazards of its earlier one, which undo cannot bring back; import the earlier submission again instead"
                ),
            ),
            Refusal::Later {
                number,
                later,
                hazard,
            } => lang.pick(
                format!(
                    "无法撤销第 {number} 号导入：之后的导入（{later}）又改动或再次读到了它涉及的隐患 {hazard}；请先撤销那次导入"
                ),
                format!(
                    "cannot undo import #{number}: a later import ({later}) changed or read again its hazard {hazard}; undo that one first"
                ),
            ),
        }
    }
}

/// An RFC 3339 instant as local time to the minute, as render::time shows
/// it (a layer this one does not reach up to).
fn local(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at).map_or_else(
        |_| at.to_string(),
        |t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

crate::i18n::localized_error!(Refusal);

/// The run an import belongs to, and its row positions.
struct Run {
    number: i64,
    run: i64,
    first_pos: i64,
    end_pos: i64,
}

impl Store {
    /// Undoes import `number` (else the latest not undone) in one
    /// transaction, or with `dry_run` only says what it would do; `at`
    /// timestamps the history events. A [`Refusal`] says why it cannot.
    pub fn undo(&mut self, number: Option<i64>, dry_run: bool, at: &str) -> anyhow::Result<Plan> {
        let (path, lang) = (self.path.clone(), self.lang);
        let db = |e: rusqlite::Error| super::db_error(&path, e, lang);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        if !verify::head_holds(&tx).map_err(db)? {
            return Err(super::damaged(&path, lang));
        }
        let run = find(&tx, number).map_err(db)??;
        if let Some(refusal) = later_writer(&tx, &run).map_err(db)? {
            return Err(refusal.into());
        }
        if withdrew(&tx, &run).map_err(db)? {
            return Err(Refusal::Withdrew(run.number).into());
        }
        let plan = plan(&tx, &run).map_err(|e| e.context(super::damaged(&path, lang)))?;
        if dry_run {
            return Ok(plan);
        }
        apply(&tx, &run, &plan, at).map_err(|e| match e.downcast::<rusqlite::Error>() {
            Ok(e) => db(e),
            Err(e) => e,
        })?;
        tx.commit().map_err(db)?;
        Ok(plan)
    }
}

/// The import to undo, or why there is none.
fn find(conn: &Connection, number: Option<i64>) -> rusqlite::Result<Result<Run, Refusal>> {
    let chosen: Option<(i64, Option<i64>)> = match number {
        Some(n) => conn
            .query_row("SELECT seq, run FROM imports WHERE seq = ?1", [n], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?,
        None => conn
            .query_row(
                "SELECT imports.seq, imports.run FROM imports \
                 LEFT JOIN runs ON runs.run = imports.run \
                 WHERE COALESCE(runs.undone, '') = '' ORDER BY imports.seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?,
    };
    let (number, run) = match (chosen, number) {
        (Some(c), _) => c,
        (None, Some(n)) => return Ok(Err(Refusal::NoSuchImport(n))),
        (None, None) => return Ok(Err(Refusal::NothingToUndo)),
    };
    let row: Option<(i64, i64, String)> = match run {
        Some(run) => conn
            .query_row(
                "SELECT first_pos, end_pos, undone FROM runs WHERE run = ?1",
                [run],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
        None => None,
    };
    Ok(match (run, row) {
        (Some(run), Some((first_pos, end_pos, undone))) if undone.is_empty() => Ok(Run {
            number,
            run,
            first_pos,
            end_pos,
        }),
        (Some(_), Some((_, _, at))) => Err(Refusal::AlreadyUndone { number, at }),
        _ => Err(Refusal::NotKept(number)),
    })
}

/// The first later import, not undone, that rewrote a row this one wrote.
fn later_writer(conn: &Connection, run: &Run) -> rusqlite::Result<Option<Refusal>> {
    let found: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT p.run, p.id, u.at FROM prior p JOIN runs u ON u.run = p.run \
             WHERE p.run > ?1 AND u.undone = '' \
               AND ((p.pos >= ?2 AND p.pos < ?3) \
                    OR p.pos IN (SELECT pos FROM prior WHERE run = ?1)) \
             ORDER BY p.run, p.pos LIMIT 1",
            [run.run, run.first_pos, run.end_pos],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((later, hazard, at)) = found else {
        return Ok(None);
    };
    let named: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, file FROM imports WHERE run = ?1 ORDER BY seq LIMIT 1",
            [later],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let later = match named {
        Some((n, file)) => format!("#{n} {file}"),
        None => local(&at),
    };
    Ok(Some(Refusal::Later {
        number: run.number,
        later,
        hazard,
    }))
}

/// Whether the import withdrew rows: rows it kept cells of are gone, and
/// no later import took them (that one would have refused first).
fn withdrew(conn: &Connection, run: &Run) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM prior p WHERE p.run = ?1 \
           AND NOT EXISTS (SELECT 1 FROM hazards h WHERE h.pos = p.pos))",
        [run.run],
        |r| r.get(0),
    )
}

fn plan(conn: &Connection, run: &Run) -> anyhow::Result<Plan> {
    let mut stmt = conn.prepare("SELECT file FROM imports WHERE run = ?1 ORDER BY seq")?;
    let files = stmt
        .query_map([run.run], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM hazards WHERE pos >= ?1 AND pos < ?2 ORDER BY pos",
        schema::column_list()
    ))?;
    let mut rows = stmt.query([run.first_pos, run.end_pos])?;
    let mut removed = Vec::new();
    while let Some(row) = rows.next()? {
        removed.push(table::from_row(row, 0)?);
    }
    // Each rewrite's replaced cells, the latest first, laid back over the
    // row as it is now.
    let mut stmt =
        conn.prepare("SELECT pos, cells FROM prior WHERE run = ?1 ORDER BY rowid DESC")?;
    let mut rows = stmt.query([run.run])?;
    let mut rewound: BTreeMap<i64, (Hazard, Vec<String>)> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let pos: i64 = row.get(0)?;
        let replaced: Vec<(usize, String)> = serde_json::from_str(&row.get::<_, String>(1)?)?;
        let (_, cells) = match rewound.entry(pos) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(current(conn, pos)?),
        };
        for (i, old) in replaced {
            let cell = cells
                .get_mut(i)
                .ok_or_else(|| anyhow::anyhow!("prior cell {i} of row {pos}"))?;
            *cell = old;
        }
    }
    let mut restored = Vec::new();
    for (pos, (now, cells)) in rewound {
        let cells: table::Cells = std::array::from_fn(|i| cells[i].as_str());
        let before = table::hazard(&cells)?;
        restored.push(Restored {
            pos,
            changes: diff(&now, &before),
            before,
            now,
        });
    }
    Ok(Plan {
        number: run.number,
        files,
        removed,
        restored,
    })
}

/// The hazard at `pos` and its cells, refused when they fail their
/// checksum: undo never builds on a row changed outside `ledger`.
fn current(conn: &Connection, pos: i64) -> anyhow::Result<(Hazard, Vec<String>)> {
    let sql = format!(
        "SELECT checksum, {} FROM hazards WHERE pos = ?1",
        schema::column_list()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([pos])?;
    let row = rows
        .next()?
        .ok_or_else(|| anyhow::anyhow!("hazard row {pos} is missing"))?;
    let cells = (1..=table::COLUMNS.len())
        .map(|i| Ok(row.get_ref(i)?.as_str()?.to_string()))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let stored: String = row.get(0)?;
    if seal::checksum(cells.iter().map(|c| c.as_bytes())) != stored {
        anyhow::bail!("hazard row {pos} fails its checksum");
    }
    Ok((table::from_row(row, 1)?, cells))
}

fn apply(conn: &Connection, run: &Run, plan: &Plan, at: &str) -> anyhow::Result<()> {
    let mut chain = Chain {
        head: meta(conn, "chain_head")?,
        length: meta(conn, "chain_length")?.parse().unwrap_or(0),
    };
    conn.execute(
        "DELETE FROM hazards WHERE pos >= ?1 AND pos < ?2",
        [run.first_pos, run.end_pos],
    )?;
    let mut rows = Rows::new(conn)?;
    for h in &plan.removed {
        rows.put_event(&mut chain, &Event::of(h, Op::Remove, at, Vec::new()))?;
    }
    for r in &plan.restored {
        rows.put_hazard(false, r.pos, &r.before, ident_of(&r.before))?;
        // A row only seen again had no history event to invert.
        if !r.changes.is_empty() {
            rows.put_event(
                &mut chain,
                &Event::of(&r.now, Op::Undo, at, r.changes.clone()),
            )?;
        }
    }
    conn.execute(
        "UPDATE runs SET undone = ?2 WHERE run = ?1",
        rusqlite::params![run.run, at],
    )?;
    put_meta(conn, &chain, [])?;
    Ok(())
}

fn meta(conn: &Connection, key: &str) -> rusqlite::Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::imports::ImportLine;

    #[test]
    fn a_format_3_store_is_upgraded_and_its_earlier_imports_are_refused_as_not_kept() {
        let ws = tempfile::tempdir().unwrap();
        let dir = ws.path().join(crate::store::DIR);
        std::fs::create_dir_all(&dir).unwrap();
        let conn = Connection::open(dir.join(crate::store::FILE)).unwrap();
        let format_3 = schema::create_sql()
            .replace(&schema::UNDO_SQL.join(";\n"), "")
            .replace(&format!("'format', '{}'", schema::FORMAT), "'format', '3'");
        conn.execute_batch(&format_3).unwrap();
        let line = ImportLine {
            at: "2022-07-31T10:00:00+08:00".into(),
            file: "七月.csv".into(),
            fingerprint: "f".into(),
            as_of: chrono::NaiveDate::from_ymd_opt(2022, 7, 31).unwrap(),
            rows: 0,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            stale: 0,
            depts: Vec::new(),
        };
        conn.execute(
            "INSERT INTO imports (at, file, fingerprint, as_of, rows, inserted, updated, unchanged, stale, depts) \
             VALUES (?1, ?2, 'f', '2022-07-31', 0, 0, 0, 0, 0, '[]')",
            [&line.at, &line.file],
        )
        .unwrap();
        drop(conn);
        let mut store = Store::open_for_write(ws.path(), Lang::En).unwrap();
        let format: String = store
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(format, schema::FORMAT.to_string());
        assert_eq!(store.imports().unwrap()[0].line, line);
        let refusal = store
            .undo(None, false, "t")
            .unwrap_err()
            .downcast::<Refusal>()
            .unwrap();
        assert_eq!(refusal, Refusal::NotKept(1));
    }
}
