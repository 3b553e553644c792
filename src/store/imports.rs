//! `imports.jsonl`: one line per imported file, which department(s) it
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
