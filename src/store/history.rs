//! The `history` table: the append-only record of every change. An insert
//! says where the hazard was first read; an update lists each changed field
//! with its old and new value, so the state at any earlier time can be
//! recovered by undoing updates from the current table. Triggers refuse to
//! update or delete a row (schema.rs) and each row's hash chains it to the
//! one before (seal.rs).

use super::seal::Sealer;
use crate::record::Hazard;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Insert,
    Update,
    /// `ledger undo` put back the values an import replaced.
    Undo,
    /// `ledger undo` took out a hazard an import inserted; its history stays.
    Remove,
    /// Removed from a district's view: a corrected submission of its 镇街
    /// for the month no longer lists it.
    Withdraw,
}

impl Op {
    pub const ALL: [Op; 5] = [Op::Insert, Op::Update, Op::Undo, Op::Remove, Op::Withdraw];

    pub fn key(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Undo => "undo",
            Op::Remove => "remove",
            Op::Withdraw => "withdraw",
        }
    }
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

impl Event {
    /// What an import or an undo at `at` did to `h`, read where `h` says it
    /// was last read.
    pub fn of(h: &Hazard, op: Op, at: &str, changes: Vec<Change>) -> Event {
        Event {
            at: at.to_string(),
            id: h.id.to_string(),
            op,
            file: h.source.file.to_string(),
            sheet: h.source.sheet.to_string(),
            row: h.source.row,
            observed: h.observed,
            changes,
        }
    }
}

/// The history columns, in the order [`from_row`] reads and [`INSERT`] writes.
pub const COLUMNS: &str = "seq, at, hazard, op, file, sheet, row, observed, changes, hash";

pub const INSERT: &str = "INSERT INTO history (seq, at, hazard, op, file, sheet, row, observed, changes, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/// An event as stored: its place in the chain and its hash.
#[derive(Debug)]
pub struct Stored {
    pub seq: i64,
    pub event: Event,
    pub hash: String,
}

/// The `changes` cell: the changes as a JSON array, empty for an insert.
pub fn changes_cell(changes: &[Change]) -> String {
    if changes.is_empty() {
        String::new()
    } else {
        serde_json::to_string(changes).expect("strings serialise")
    }
}

/// The hash of history row `seq` holding `e`, chained to `previous`.
pub fn hash(previous: &str, seq: i64, e: &Event, changes: &str) -> String {
    let mut s = Sealer::default();
    s.field(previous.as_bytes());
    s.field(itoa::Buffer::new().format(seq).as_bytes());
    s.field(e.at.as_bytes());
    s.field(e.id.as_bytes());
    s.field(e.op.key().as_bytes());
    s.field(e.file.as_bytes());
    s.field(e.sheet.as_bytes());
    s.field(itoa::Buffer::new().format(e.row).as_bytes());
    s.field(e.observed.to_string().as_bytes());
    s.field(changes.as_bytes());
    s.finish()
}

/// Reads a row selected as [`COLUMNS`].
pub fn from_row(row: &rusqlite::Row<'_>) -> anyhow::Result<Stored> {
    let text = |i: usize| -> anyhow::Result<String> {
        Ok(row
            .get_ref(i)?
            .as_str()
            .map_err(|_| anyhow::anyhow!("history column {i} is not text"))?
            .to_string())
    };
    let op = text(3)?;
    let Some(op) = Op::ALL.into_iter().find(|o| o.key() == op) else {
        anyhow::bail!("'{op}' is not an operation")
    };
    let observed = text(7)?;
    let changes = text(8)?;
    Ok(Stored {
        seq: row.get(0)?,
        event: Event {
            at: text(1)?,
            id: text(2)?,
            op,
            file: text(4)?,
            sheet: text(5)?,
            row: row.get(6)?,
            observed: observed
                .parse()
                .map_err(|_| anyhow::anyhow!("observed: '{observed}' is not a date"))?,
            changes: if changes.is_empty() {
                Vec::new()
            } else {
                serde_json::from_str(&changes)?
            },
        },
        hash: text(9)?,
    })
}

impl Stored {
    /// Whether the row's hash is what its fields and `previous` give.
    pub fn holds(&self, previous: &str) -> bool {
        let changes = changes_cell(&self.event.changes);
        hash(previous, self.seq, &self.event, &changes) == self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            at: "2022-07-31T10:00:00+08:00".into(),
            id: "YH-2022-0001".into(),
            op: Op::Update,
            file: "7月台账.xlsx".into(),
            sheet: "台账".into(),
            row: 12,
            observed: NaiveDate::from_ymd_opt(2022, 7, 31).unwrap(),
            changes: vec![Change {
                field: "status".into(),
                from: "未整改".into(),
                to: "已整改".into(),
            }],
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let e = event();
        let c = changes_cell(&e.changes);
        let base = hash("prev", 7, &e, &c);
        assert_ne!(base, hash("prev2", 7, &e, &c));
        assert_ne!(base, hash("prev", 8, &e, &c));
        let mut other = e.clone();
        other.row = 13;
        assert_ne!(base, hash("prev", 7, &other, &c));
        other = e.clone();
        other.changes[0].to = "已销号".into();
        assert_ne!(base, hash("prev", 7, &other, &changes_cell(&other.changes)));
        let stored = Stored {
            seq: 7,
            event: e,
            hash: base,
        };
        assert!(stored.holds("prev"));
        assert!(!stored.holds("other"));
    }
}
