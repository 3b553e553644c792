//! The database's tables, built from the column list in table.rs, so that a
//! new hazard field is one entry there and one here for the `台账` view.
//!
//! ```text
//! meta(key, value)              format, and the head and length of the history chain
//! hazards(pos, ident, <table::COLUMNS>, checksum)
//! history(seq, at, hazard, op, file, sheet, row, observed, changes, hash)
//! imports(seq, at, file, fingerprint, as_of, rows, inserted, updated, unchanged, stale, depts, run)
//! runs(run, at, first_pos, end_pos, undone)   each committed import, for `ledger undo`
//! prior(run, pos, id, cells)    the cells each rewrite of a row by the run replaced
//! numbers(year, next)           the next number of each year's ids (YH-2022-0001)
//! 台账                          a read-only view with Annex 3's column names
//! ```

use super::table::COLUMNS;
use rusqlite::Connection;

/// The store format this version writes: 4, the SQLite database of format 3
/// with what `ledger undo` needs (migrate.rs upgrades a format-3 store, and
/// converts formats 1 and 2, a directory of our own files).
pub const FORMAT: u32 = 4;

/// The page size a new store is made with: SQLite's largest. A monthly
/// import or a report reads and writes whole runs of rows, and with 4 KB
/// pages a large import wrote four times as many pages, each a WAL frame of
/// its own; a small import's few pages cost little more at this size
/// (BENCHMARKS.md has both). A store keeps the size it was made with.
pub const PAGE_SIZE: u32 = 65536;

/// The tables and column format 4 adds to format 3: one statement each, so
/// that the upgrade and a new store make the same tables.
pub const UNDO_SQL: &[&str] = &[
    "ALTER TABLE imports ADD COLUMN run INTEGER",
    "CREATE TABLE runs (
  run INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  first_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL,
  undone TEXT NOT NULL DEFAULT ''
)",
    "CREATE TABLE prior (
  run INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  id TEXT NOT NULL,
  cells TEXT NOT NULL
)",
    "CREATE INDEX prior_run ON prior(run)",
];

/// The `台账` view's columns: a store column and its Annex 3 header.
const VIEW: &[(&str, &str)] = &[
    ("id", "编号"),
    ("seq", "序号"),
    ("unit", "单位名称"),
    ("address", "单位地址"),
    ("unit_head", "单位负责人"),
    ("phone", "联系电话"),
    ("dept", "责任单位"),
    ("owner", "责任人"),
    ("hazard", "问题隐患"),
    ("measures", "整改措施及情况"),
    ("deadline_text", "整改时限"),
    ("remarks", "备注"),
    ("code", "隐患编号"),
    ("location", "隐患位置"),
    ("inspector", "检查人"),
    ("reviewer", "复查人"),
    ("level", "隐患等级"),
    ("found", "发现日期"),
    ("status", "整改状态"),
    ("closed", "完成日期"),
    ("deadline", "整改期限（日期）"),
    ("extension_text", "延期时限"),
    ("extension_approval", "延期审批"),
    ("interview", "约谈日期"),
    ("sector", "行业领域"),
    ("funds", "整改资金（分）"),
    ("source_file", "来源文件"),
    ("observed", "填报日期"),
];

/// Indexes that a bulk load into an empty store drops and builds afterwards:
/// building one at the end is several times faster than growing it row by row.
pub const INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS hazards_id ON hazards(id COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS hazards_ident ON hazards(ident)",
    "CREATE INDEX IF NOT EXISTS hazards_dept ON hazards(dept)",
    "CREATE INDEX IF NOT EXISTS history_hazard ON history(hazard)",
];

pub const INDEX_NAMES: &[&str] = &[
    "hazards_id",
    "hazards_ident",
    "hazards_dept",
    "history_hazard",
];

/// The statements that create an empty store.
pub fn create_sql() -> String {
    let columns: String = COLUMNS
        .iter()
        .map(|c| format!("  {c} TEXT NOT NULL,\n"))
        .collect();
    let view: Vec<String> = VIEW
        .iter()
        .map(|(column, header)| format!("{column} AS \"{header}\""))
        .collect();
    format!(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE hazards (
  pos INTEGER PRIMARY KEY,
  ident INTEGER,
{columns}  checksum TEXT NOT NULL
);
CREATE TABLE history (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  hazard TEXT NOT NULL,
  op TEXT NOT NULL,
  file TEXT NOT NULL,
  sheet TEXT NOT NULL,
  row INTEGER NOT NULL,
  observed TEXT NOT NULL,
  changes TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TABLE imports (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  file TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  as_of TEXT NOT NULL,
  rows INTEGER NOT NULL,
  inserted INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  stale INTEGER NOT NULL,
  depts TEXT NOT NULL
);
CREATE TABLE numbers (year INTEGER PRIMARY KEY, next INTEGER NOT NULL);
CREATE VIEW 台账 AS SELECT {} FROM hazards ORDER BY pos;
INSERT INTO meta VALUES ('format', '{FORMAT}'), ('chain_head', ''), ('chain_length', '0');
{};
{};",
        view.join(", "),
        INDEXES.join(";\n"),
        UNDO_SQL.join(";\n")
    )
}

/// The hazard columns as a comma-separated list, in [`COLUMNS`] order.
pub fn column_list() -> String {
    COLUMNS.join(", ")
}

/// Creates the tables in an empty database.
pub fn create(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&create_sql())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_names_only_columns_the_table_has() {
        for (column, _) in VIEW {
            assert!(COLUMNS.contains(column), "{column}");
        }
        assert_eq!(INDEXES.len(), INDEX_NAMES.len());
        for (sql, name) in INDEXES.iter().zip(INDEX_NAMES) {
            assert!(sql.contains(name));
        }
    }

    #[test]
    fn history_refuses_update_and_delete() {
        let conn = Connection::open_in_memory().unwrap();
        create(&conn).unwrap();
        conn.execute(
            "INSERT INTO history VALUES (1, 't', 'YH-2022-0001', 'insert', 'f', 's', 1, '2022-06-30', '', 'h')",
            [],
        )
        .unwrap();
        for sql in ["UPDATE history SET file = 'x'", "DELETE FROM history"] {
            let e = conn.execute(sql, []).unwrap_err().to_string();
            assert!(e.contains("append-only"), "{sql}: {e}");
        }
        let view: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = '台账'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(view.contains("\"问题隐患\""), "{view}");
    }
}
