//! `history.jsonl`: the append-only record of every change, one JSON object
//! per line. An insert says where the hazard was first read; an update lists
//! each changed field with its old and new value, so the state at any earlier
//! time can be recovered by undoing updates from the current table.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Insert,
    Update,
}

/// One field's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The store column (`status`, `closed`, …).
    pub field: String,
    pub from: String,
    pub to: String,
}

/// One event in a hazard's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When the import ran (local time, RFC 3339).
    pub at: String,
    pub id: String,
    pub op: Op,
    /// Where the change was read: file, sheet, one-based row.
    pub file: String,
    pub sheet: String,
    pub row: u32,
    /// The date the file describes (`--as-of`).
    pub observed: NaiveDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// Appends events as JSON lines.
pub fn write_lines(out: &mut impl std::io::Write, events: &[Event]) -> std::io::Result<()> {
    for e in events {
        serde_json::to_writer(&mut *out, e)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The events of one hazard, oldest first.
pub fn of_hazard(text: &str, id: &str) -> anyhow::Result<Vec<Event>> {
    let needle = format!("\"id\":{}", serde_json::to_string(id)?);
    text.lines()
        .filter(|l| l.contains(&needle))
        .map(|l| Ok(serde_json::from_str::<Event>(l)?))
        .filter(|e: &anyhow::Result<Event>| e.as_ref().map_or(true, |e| e.id == id))
        .collect()
}
