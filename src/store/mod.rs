//! The store of a workspace: one SQLite database, `store/ledger.db`, holding
//! every hazard ever reported, its tamper-evident history, the import log and
//! the id numbering (schema.rs documents the tables; docs/store.md the rest).
//!
//! Commands query it for what they need instead of loading it whole. Every
//! write is one transaction (merge.rs), so an import commits whole or not at
//! all; readers never wait for it in WAL mode, and a second writer waits
//! `LEDGER_LOCK_TIMEOUT` seconds for the first.

pub mod history;
pub mod imports;
pub mod merge;
mod migrate;
pub mod schema;
pub mod seal;
pub mod table;
pub mod undo;
pub mod verify;

use crate::i18n::Lang;
use crate::record::Hazard;
use crate::status::Status;
use chrono::NaiveDate;
use history::Event;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DIR: &str = "store";
pub const FILE: &str = "ledger.db";

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    lang: Lang,
    writable: bool,
}

/// Which hazards a command needs; every condition is also checked again in
/// Rust by the command's own filter, so the SQL only has to keep a superset.
#[derive(Debug, Default, Clone)]
pub struct Query {
    /// 责任单位 exactly as stored.
    pub depts: Option<Vec<String>>,
    /// An effective deadline before this day.
    pub due_before: Option<NaiveDate>,
    /// Not rectified by this day.
    pub open_on: Option<NaiveDate>,
    /// Found on or before this day.
    pub found_by: Option<NaiveDate>,
}

/// How long a writer waits for another: `LEDGER_LOCK_TIMEOUT` seconds, default 10.
pub fn timeout() -> Duration {
    let secs = std::env::var("LEDGER_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(10.0);
    Duration::from_secs_f64(secs)
}

/// The journal mode writers set: WAL, unless `LEDGER_JOURNAL=delete` asks for
/// the rollback journal, which a network share needs (WAL's shared memory
/// does not work across machines).
fn journal_mode() -> &'static str {
    match std::env::var("LEDGER_JOURNAL") {
        Ok(v) if v.eq_ignore_ascii_case("delete") => "DELETE",
        _ => "WAL",
    }
}

/// A write into the workspace failed: say where and why in words a clerk
/// acts on (disk full, no permission), and that nothing was changed.
pub fn write_error(path: &Path, e: &std::io::Error, lang: Lang) -> anyhow::Error {
    let path = crate::atomic::failed_write(e).map_or(path, |f| &f.path);
    let why = crate::atomic::reason(e, lang);
    unchanged(path, &why, lang)
}

fn unchanged(path: &Path, why: &str, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        lang.pick(
            format!(
                "无法写入 {}：{why}；台账库保持原样，未做任何改动",
                path.display()
            ),
            format!(
                "cannot write {}: {why}; the store is unchanged",
                path.display()
            ),
        )
    )
}

/// A database error as a clerk reads it: the file named, and what to do.
pub fn db_error(path: &Path, e: rusqlite::Error, lang: Lang) -> anyhow::Error {
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => anyhow::anyhow!(
            "{}",
            lang.pick(
                format!(
                    "另一个导入正在进行（{}），等待 {} 秒后放弃；请稍后再试",
                    path.display(),
                    timeout().as_secs_f64()
                ),
                format!(
                    "another import is running ({}); gave up after {} s, try again later",
                    path.display(),
                    timeout().as_secs_f64()
                ),
            )
        ),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => damaged(path, lang),
        Some(ErrorCode::DiskFull) => unchanged(
            path,
            &format!("{}: {e}", lang.pick("磁盘空间不足", "the disk is full")),
            lang,
        ),
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
            let why = lang.pick("没有写入权限（只读）", "no permission to write (read-only)");
            unchanged(path, &format!("{why}: {e}"), lang)
        }
        Some(ErrorCode::SystemIoFailure) => unchanged(path, &e.to_string(), lang),
        _ => anyhow::Error::new(e).context(path.display().to_string()),
    }
}

/// Says that the store cannot be trusted and what to run.
pub fn damaged(path: &Path, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        lang.pick(
            format!(
                "台账库文件 {} 已损坏，未做任何改动；请运行 `ledger verify` 查看损坏之处，并从备份恢复",
                path.display()
            ),
            format!(
                "{} is damaged; nothing was changed. Run `ledger verify` to see where, and restore it from a backup",
                path.display()
            ),
        )
    )
}

impl Store {
    /// Creates an empty store in `workspace/store`.
    pub fn create(workspace: &Path) -> anyhow::Result<()> {
        let dir = workspace.join(DIR);
        std::fs::create_dir_all(&dir)?;
        migrate::build(&dir.join(FILE), |conn| {
            schema::create(conn)?;
            Ok(())
        })
    }

    /// Opens the store for reading.
    pub fn open(workspace: &Path, lang: Lang) -> anyhow::Result<Store> {
        let path = locate(workspace, lang)?;
        let conn = connect_to_read(&path).map_err(|e| db_error(&path, e, lang))?;
        let store = Store::configure(conn, path, lang, false)?;
        store.check_format()?;
        Ok(store)
    }

    /// Opens the store for writing, converting an older store first, and
    /// refuses one whose history chain was cut or altered.
    pub fn open_for_write(workspace: &Path, lang: Lang) -> anyhow::Result<Store> {
        let path = locate(workspace, lang)?;
        let conn = Connection::open(&path).map_err(|e| db_error(&path, e, lang))?;
        let store = Store::configure(conn, path, lang, true)?;
        store.check_format()?;
        // Switching out of WAL needs the database to itself: when another
        // process has it open the mode stays as it is, which is still safe.
        let _ = store.conn.query_row(
            &format!("PRAGMA journal_mode = {}", journal_mode()),
            [],
            |r| r.get::<_, String>(0),
        );
        store
            .conn
            .execute_batch("PRAGMA synchronous = FULL")
            .map_err(|e| store.error(e))?;
        Ok(store)
    }

    fn configure(
        conn: Connection,
        path: PathBuf,
        lang: Lang,
        writable: bool,
    ) -> anyhow::Result<Store> {
        conn.busy_timeout(timeout())
            .map_err(|e| db_error(&path, e, lang))?;
        // The bundled SQLite plans with STAT4, which marks a statement whose
        // plan could depend on a bound value as expired whenever its bindings
        // are cleared, as every cached statement's are: without the planner's
        // stability guarantee an import re-parsed its lookup for every row
        // (a third of a re-import's time, measured with perf).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(|e| db_error(&path, e, lang))?;
        Ok(Store {
            conn,
            path,
            lang,
            writable,
        })
    }

    fn check_format(&self) -> anyhow::Result<()> {
        let format: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.error(e))?;
        match format.as_deref().and_then(|f| f.parse::<u32>().ok()) {
            Some(schema::FORMAT) => Ok(()),
            // A read-only workspace stays readable in format 3; only undo
            // needs format 4's tables, and it opens the store for writing.
            Some(3) => match migrate::to_4(&self.conn) {
                Ok(_) => Ok(()),
                Err(_) if !self.writable => Ok(()),
                Err(e) => Err(self.error(e)),
            },
            Some(newer) if newer > schema::FORMAT => anyhow::bail!(
                "{}",
                self.lang.pick(
                    format!(
                        "{} 由更新版本的 ledger 写入（格式 {newer}），请升级 ledger",
                        self.path.display()
                    ),
                    format!(
                        "{} was written by a newer ledger (format {newer}); upgrade ledger",
                        self.path.display()
                    ),
                )
            ),
            _ => Err(damaged(&self.path, self.lang)),
        }
    }

    /// Checks the workspace's store for damage (see verify.rs); a file that
    /// cannot even be opened as a database is damage too.
    pub fn verify(workspace: &Path, lang: Lang) -> anyhow::Result<(PathBuf, verify::Report)> {
        let path = locate(workspace, lang)?;
        let report = match connect_to_read(&path) {
            Ok(conn) => verify::verify(&conn),
            Err(e) => verify::Report {
                damage: vec![verify::Damage::Unreadable(e.to_string())],
                ..verify::Report::default()
            },
        };
        Ok((path, report))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, e: rusqlite::Error) -> anyhow::Error {
        db_error(&self.path, e, self.lang)
    }

    /// The hazard with this id (any letter case).
    pub fn hazard(&self, id: &str) -> anyhow::Result<Option<Hazard>> {
        let sql = format!(
            "SELECT {} FROM hazards WHERE id = ?1 COLLATE NOCASE ORDER BY pos DESC LIMIT 1",
            schema::column_list()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.error(e))?;
        let mut rows = stmt.query([id]).map_err(|e| self.error(e))?;
        match rows.next().map_err(|e| self.error(e))? {
            Some(row) => Ok(Some(self.decode(row, 0)?)),
            None => Ok(None),
        }
    }

    /// The hazards `q` selects, in store order.
    pub fn hazards(&self, q: &Query) -> anyhow::Result<Vec<Hazard>> {
        let (filter, params) = where_clause(q);
        let room = self.rows_ever().map_err(|e| self.error(e))?;
        let halves = (room >= HALVED_FROM)
            .then(|| self.hazards_in_halves(&filter, &params, room))
            .flatten();
        let loaded = match halves {
            Some(halves) => halves,
            None => decoded(&self.conn, &select(&filter, None), &params, room),
        };
        loaded.map_err(|e| match e {
            LoadError::Sql(e) => self.error(e),
            LoadError::Damaged(e) => e.context(damaged(&self.path, self.lang)),
        })
    }

    /// The hazards `filter` selects, read in two halves by position at once, each stepped and decoded
    /// on a core of its own through a connection of its own: stepping through
    /// SQLite's rows is most of a large load, and one connection steps on one
    /// core. None when a second connection cannot be had, this one is inside
    /// a transaction, or the two read different commits (a write landed
    /// between their first reads).
    fn hazards_in_halves(
        &self,
        filter: &str,
        params: &[String],
        room: usize,
    ) -> Option<Result<Vec<Hazard>, LoadError>> {
        if !self.conn.is_autocommit() {
            return None;
        }
        let other = connect_to_read(&self.path).ok()?;
        let begun = |conn: &Connection| -> rusqlite::Result<String> {
            conn.execute_batch("BEGIN")?;
            snapshot(conn)
        };
        let halves = match (begun(&self.conn), begun(&other)) {
            (Ok(a), Ok(b)) if a == b => {
                let mid = room / 2;
                let half = |conn: &Connection, range: &str, room: usize| {
                    decoded(conn, &select(filter, Some(range)), params, room)
                };
                // The second connection goes to the other core, and closes there.
                Some(crate::pipeline::both(
                    move || half(&other, &format!("pos > {mid}"), room - mid),
                    // Room for both halves, so that the second is appended in place.
                    || half(&self.conn, &format!("pos <= {mid}"), room),
                ))
            }
            _ => None,
        };
        let _ = self.conn.execute_batch("COMMIT");
        let (second, first) = halves?;
        Some(first.and_then(|mut hazards| {
            hazards.append(&mut second?);
            Ok(hazards)
        }))
    }

    /// An upper bound on the rows the hazards table holds: positions are
    /// never reused, so the last one, which its index finds at once.
    fn rows_ever(&self) -> rusqlite::Result<usize> {
        self.conn
            .query_row("SELECT COALESCE(MAX(pos), 0) FROM hazards", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
    }

    /// Every 责任单位 the store holds, as stored.
    pub fn depts(&self) -> anyhow::Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT dept FROM hazards")
            .map_err(|e| self.error(e))?;
        let depts = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.error(e))?;
        Ok(depts)
    }

    /// A hazard from a row whose columns from `first` on are [`table::COLUMNS`].
    fn decode(&self, row: &rusqlite::Row<'_>, first: usize) -> anyhow::Result<Hazard> {
        table::from_row(row, first).map_err(|e| e.context(damaged(&self.path, self.lang)))
    }

    /// The history of one hazard, oldest first.
    pub fn history(&self, id: &str) -> anyhow::Result<Vec<Event>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM history WHERE hazard = ?1 ORDER BY seq",
                history::COLUMNS
            ))
            .map_err(|e| self.error(e))?;
        let mut rows = stmt.query([id]).map_err(|e| self.error(e))?;
        let mut events = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            let event =
                history::from_row(row).map_err(|e| e.context(damaged(&self.path, self.lang)))?;
            events.push(event.event);
        }
        Ok(events)
    }

    /// Every import, oldest first, numbered, with when it was undone.
    pub fn imports(&self) -> anyhow::Result<Vec<imports::Listed>> {
        imports::listed(&self.conn).map_err(|e| self.error(e))
    }

    /// The import log, one JSON line per imported file not undone (see imports.rs).
    pub fn imports_log(&self) -> anyhow::Result<String> {
        imports::log(&self.conn).map_err(|e| self.error(e))
    }
}

/// A connection that only reads. It is opened for writing where it can be,
/// because only such a connection, closing last, removes the WAL's side files
/// (`-wal`, `-shm`). In a read-only workspace a read-only one; where WAL's
/// side files cannot even be made there, the file is read as immutable,
/// which nobody can be writing to anyway.
fn connect_to_read(path: &Path) -> rusqlite::Result<Connection> {
    let no_mutex = OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let e = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | no_mutex)
        .and_then(probed)
    {
        Ok(conn) => return Ok(conn),
        Err(e) => e,
    };
    // A damaged file stays damaged however it is opened, and a read-only
    // attempt would leave side files behind. A store that an import holds
    // (one on the rollback journal, as on a network share) is waited for and
    // never read around: the immutable fallback below ignores locks, and
    // would read a half-written file as damaged.
    if matches!(
        e.sqlite_error_code(),
        Some(
            ErrorCode::DatabaseCorrupt
                | ErrorCode::NotADatabase
                | ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
        )
    ) {
        return Err(e);
    }
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | no_mutex)
        .and_then(probed)
        .or_else(|_| {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | no_mutex;
            Connection::open_with_flags(immutable_uri(path), flags).and_then(probed)
        })
}

/// Stores at least this large are loaded in two halves at once.
const HALVED_FROM: usize = 50_000;

/// What tells two connections' views of the store apart: every commit that
/// changes a hazard moves the history chain, the import log, the runs or
/// the last position.
fn snapshot(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT (SELECT group_concat(value, '/') FROM meta WHERE key IN ('chain_head', 'chain_length')) \
         || '/' || (SELECT COUNT(*) FROM imports) || '/' || (SELECT COALESCE(MAX(run), 0) FROM runs) \
         || '/' || (SELECT COALESCE(MAX(pos), 0) FROM hazards)",
        [],
        |r| r.get(0),
    )
}

/// Why loading hazards stopped: the database failed, or a row holds what
/// ledger never writes.
#[derive(Debug)]
enum LoadError {
    Sql(rusqlite::Error),
    Damaged(anyhow::Error),
}

/// The query for the hazards `filter` selects, within `range` if given.
fn select(filter: &str, range: Option<&str>) -> String {
    let range = match range {
        Some(range) if filter.is_empty() => format!("WHERE {range}"),
        Some(range) => format!("AND {range}"),
        None => String::new(),
    };
    format!(
        "SELECT {} FROM hazards {filter} {range} ORDER BY pos",
        schema::column_list()
    )
}

/// The hazards `sql` selects, each decoded as it is stepped to, into a
/// vector with room for `room` reserved at once: grown by doubling, it copied
/// half a gigabyte of a million hazards again and again, while untouched room
/// costs only address space.
fn decoded(
    conn: &Connection,
    sql: &str,
    params: &[String],
    room: usize,
) -> Result<Vec<Hazard>, LoadError> {
    let mut stmt = conn.prepare(sql).map_err(LoadError::Sql)?;
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params))
        .map_err(LoadError::Sql)?;
    let mut hazards = Vec::new();
    let _ = hazards.try_reserve_exact(room);
    while let Some(row) = rows.next().map_err(LoadError::Sql)? {
        hazards.push(table::from_row(row, 0).map_err(LoadError::Damaged)?);
    }
    Ok(hazards)
}

/// The connection, once a first read shows that it can read.
fn probed(conn: Connection) -> rusqlite::Result<Connection> {
    conn.busy_timeout(timeout())?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    Ok(conn)
}

/// `path` as an SQLite URI that opens it immutable: absolute, forward
/// slashes (Windows too), and the characters a URI reserves escaped.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut text = absolute.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    let mut uri = String::from("file://");
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            ' ' => uri.push_str("%20"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Finds the workspace's database, converting an older store on the way.
fn locate(workspace: &Path, lang: Lang) -> anyhow::Result<PathBuf> {
    let dir = workspace.join(DIR);
    let path = dir.join(FILE);
    if path.is_file() {
        return Ok(path);
    }
    if migrate::is_legacy(&dir) {
        match migrate::convert(&dir, lang) {
            Ok(()) => return Ok(path),
            // Another command converted it at the same moment.
            Err(_) if path.is_file() => return Ok(path),
            Err(e) => return Err(e),
        }
    }
    anyhow::bail!(
        "{}",
        lang.pick(
            format!(
                "{} 没有台账库（{}）；请用 `ledger init` 建立工作区",
                workspace.display(),
                path.display()
            ),
            format!(
                "{} has no store ({}); create the workspace with `ledger init`",
                workspace.display(),
                path.display()
            ),
        )
    )
}

/// The SQL condition of a query and its parameters.
fn where_clause(q: &Query) -> (String, Vec<String>) {
    let mut terms = Vec::new();
    let mut params = Vec::new();
    if let Some(depts) = &q.depts {
        let marks: Vec<String> = depts
            .iter()
            .map(|d| {
                params.push(d.clone());
                format!("?{}", params.len())
            })
            .collect();
        terms.push(format!("dept IN ({})", marks.join(", ")));
    }
    if let Some(day) = q.due_before {
        params.push(day.to_string());
        terms.push(format!(
            "(CASE WHEN extension_approved = '1' AND extended_deadline <> '' \
             THEN extended_deadline ELSE deadline END) BETWEEN '0' AND ?{}",
            params.len()
        ));
    }
    if let Some(day) = q.open_on {
        let done: Vec<String> = Status::ALL
            .into_iter()
            .filter(|s| s.is_done())
            .map(|s| format!("'{}'", s.zh()))
            .collect();
        params.push(day.to_string());
        terms.push(format!(
            "NOT (status IN ({}) AND closed <> '' AND closed <= ?{})",
            done.join(", "),
            params.len()
        ));
    }
    if let Some(day) = q.found_by {
        params.push(day.to_string());
        terms.push(format!("found <= ?{}", params.len()));
    }
    if terms.is_empty() {
        (String::new(), params)
    } else {
        (format!("WHERE {}", terms.join(" AND ")), params)
    }
}

#[cfg(test)]
mod tests {
    use super::merge::Merge;
    use super::*;
    use crate::config::Config;
    use crate::rules::Identity;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    #[test]
    fn a_new_store_is_made_with_the_larger_page_and_in_wal_mode() {
        let ws = tempfile::tempdir().unwrap();
        Store::create(ws.path()).unwrap();
        let store = Store::open(ws.path(), Lang::En).unwrap();
        let page: u32 = store
            .conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(page, schema::PAGE_SIZE);
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_store_in_a_path_with_reserved_characters_reads_as_immutable() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("工作区 #1?a%20b");
        Store::create(&ws).unwrap();
        let path = ws.join(DIR).join(FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(immutable_uri(&path), flags).unwrap();
        let format: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(format, schema::FORMAT.to_string());
        drop(conn);
        assert!(
            Connection::open_with_flags(immutable_uri(&ws.join(DIR).join("其他.db")), flags)
                .and_then(probed)
                .is_err(),
            "the URI names that file, not another"
        );
    }

    #[test]
    fn every_connection_keeps_its_query_plans_when_a_lookup_is_bound_anew() {
        // Without the guarantee each row of an import re-parsed its lookup.
        let ws = tempfile::tempdir().unwrap();
        Store::create(ws.path()).unwrap();
        let qpsg = |s: &Store| {
            s.conn
                .db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)
                .unwrap()
        };
        assert!(qpsg(&Store::open(ws.path(), Lang::En).unwrap()));
        assert!(qpsg(&Store::open_for_write(ws.path(), Lang::En).unwrap()));
    }

    /// A store of `n` hazards, 甲0…, found on successive June days.
    fn store_of(n: usize) -> (tempfile::TempDir, Store) {
        let ws = tempfile::tempdir().unwrap();
        Store::create(ws.path()).unwrap();
        let mut store = Store::open_for_write(ws.path(), Lang::En).unwrap();
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        for i in 0..n {
            let mut h = table::tests::sample();
            h.id = Default::default();
            h.unit = format!("甲{i}").into();
            h.found = d(6, 1 + (i % 28) as u32);
            let key = Identity::of(&h);
            m.apply(h, key).unwrap();
        }
        m.commit(&[]).unwrap();
        (ws, store)
    }

    #[test]
    fn a_load_in_two_halves_gives_what_one_pass_gives_and_only_outside_a_transaction() {
        let (_ws, store) = store_of(9);
        for q in [
            Query::default(),
            Query {
                found_by: Some(d(6, 4)),
                ..Query::default()
            },
        ] {
            let (filter, params) = where_clause(&q);
            let halves = store
                .hazards_in_halves(&filter, &params, 9)
                .unwrap()
                .unwrap();
            assert_eq!(halves, store.hazards(&q).unwrap());
        }
        let everything = store.hazards_in_halves("", &[], 9).unwrap().unwrap();
        assert_eq!(everything.len(), 9);
        assert!(store.conn.is_autocommit(), "its read transaction ended");
        store.conn.execute_batch("BEGIN").unwrap();
        assert!(store.hazards_in_halves("", &[], 9).is_none());
        store.conn.execute_batch("COMMIT").unwrap();
    }

    #[test]
    fn a_commit_between_two_readers_shows_in_their_snapshots() {
        let (ws, mut store) = store_of(2);
        let before = snapshot(&store.conn).unwrap();
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t2".into()).unwrap();
        let mut h = table::tests::sample();
        h.id = Default::default();
        h.owner = "李四".into();
        let key = Identity::of(&h);
        m.apply(h, key).unwrap();
        m.commit(&[]).unwrap();
        let other = connect_to_read(&ws.path().join(DIR).join(FILE)).unwrap();
        assert_ne!(snapshot(&other).unwrap(), before);
        assert_eq!(snapshot(&other).unwrap(), snapshot(&store.conn).unwrap());
    }

    #[test]
    fn a_query_selects_by_department_deadline_state_and_discovery() {
        let ws = tempfile::tempdir().unwrap();
        Store::create(ws.path()).unwrap();
        let mut store = Store::open_for_write(ws.path(), Lang::En).unwrap();
        let config = Config::builtin();
        let mut m = Merge::new(&mut store, &config, "t".into()).unwrap();
        let base = table::tests::sample();
        // (unit, dept, found, deadline, extension approved to, closed)
        let rows = [
            ("甲", "应急办", d(6, 1), Some(d(6, 10)), None, None),
            (
                "乙",
                "市政办",
                d(6, 20),
                Some(d(7, 20)),
                None,
                Some(d(7, 1)),
            ),
            ("丙", "应急办", d(7, 5), Some(d(7, 1)), Some(d(8, 30)), None),
            ("丁", "经发办", d(8, 2), None, None, None),
        ];
        for (unit, dept, found, deadline, extended, closed) in rows {
            let mut h = base.clone();
            h.id = Default::default();
            h.unit = unit.into();
            h.dept = dept.into();
            h.found = found;
            h.deadline = deadline;
            h.extended_deadline = extended;
            h.extension_approved = extended.is_some();
            h.closed = closed;
            h.status = if closed.is_some() {
                Status::Rectified
            } else {
                Status::Open
            };
            let key = Identity::of(&h);
            m.apply(h, key).unwrap();
        }
        m.commit(&[]).unwrap();
        let units = |q: Query| -> Vec<String> {
            store
                .hazards(&q)
                .unwrap()
                .into_iter()
                .map(|h| h.unit.to_string())
                .collect()
        };
        assert_eq!(units(Query::default()), ["甲", "乙", "丙", "丁"]);
        let depts = Some(vec!["应急办".to_string()]);
        assert_eq!(
            units(Query {
                depts,
                ..Query::default()
            }),
            ["甲", "丙"]
        );
        let found_by = Some(d(6, 30));
        assert_eq!(
            units(Query {
                found_by,
                ..Query::default()
            }),
            ["甲", "乙"]
        );
        // On 7-31: 甲 is overdue; 乙 was rectified; 丙's approved extension runs to 8-30.
        let overdue = Query {
            due_before: Some(d(7, 31)),
            open_on: Some(d(7, 31)),
            ..Query::default()
        };
        assert_eq!(units(overdue), ["甲"]);
        let rectified_later = Query {
            open_on: Some(d(6, 30)),
            ..Query::default()
        };
        assert_eq!(units(rectified_later), ["甲", "乙", "丙", "丁"]);
        assert_eq!(store.hazard("yh-2022-0003").unwrap().unwrap().unit, "丙");
        assert!(store.hazard("YH-2022-0009").unwrap().is_none());
    }
}
