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

/// An [`Event`] as its parts, borrowed from the hazard it is about.
pub struct EventLine<'a> {
    pub at: &'a str,
    pub id: &'a str,
    pub op: Op,
    pub file: &'a str,
    pub sheet: &'a str,
    pub row: u32,
    pub observed: NaiveDate,
    pub changes: &'a [Change],
}

/// Appends an event as a JSON line: the text serde_json writes for the
/// [`Event`], written directly. An import of a million new hazards writes a
/// million events; built as structs and serialised, they took a third of
/// the merge's time.
pub fn write_line(out: &mut Vec<u8>, e: &EventLine<'_>) {
    out.extend_from_slice(b"{\"at\":");
    json_str(out, e.at);
    out.extend_from_slice(b",\"id\":");
    json_str(out, e.id);
    out.extend_from_slice(match e.op {
        Op::Insert => b",\"op\":\"insert\",\"file\":",
        Op::Update => b",\"op\":\"update\",\"file\":",
    });
    json_str(out, e.file);
    out.extend_from_slice(b",\"sheet\":");
    json_str(out, e.sheet);
    out.extend_from_slice(b",\"row\":");
    out.extend_from_slice(itoa::Buffer::new().format(e.row).as_bytes());
    out.extend_from_slice(b",\"observed\":");
    json_date(out, e.observed);
    if !e.changes.is_empty() {
        out.extend_from_slice(b",\"changes\":");
        serde_json::to_writer(&mut *out, e.changes).expect("writing to memory");
    }
    out.extend_from_slice(b"}\n");
}

/// A JSON string: as is when nothing in it needs escaping, which is nearly
/// always; else as serde_json escapes it.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| ESCAPED[usize::from(b)]) {
        serde_json::to_writer(&mut *out, s).expect("writing to memory");
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// The bytes JSON escapes in a string, looked up: four strings of every
/// history line are scanned, and a lookup is a third of the comparisons.
static ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

/// A date as chrono serialises it: `"YYYY-MM-DD"`, with a sign and more
/// digits outside years 0–9999.
fn json_date(out: &mut Vec<u8>, d: NaiveDate) {
    use chrono::Datelike;
    if !(0..=9999).contains(&d.year()) {
        serde_json::to_writer(&mut *out, &d).expect("writing to memory");
        return;
    }
    let mut digits = [b'"', 0, 0, 0, 0, b'-', 0, 0, b'-', 0, 0, b'"'];
    let mut put = |at: usize, width: usize, mut n: u32| {
        for i in (at..at + width).rev() {
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(1, 4, d.year() as u32);
    put(6, 2, d.month());
    put(9, 2, d.day());
    out.extend_from_slice(&digits);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn event(
        at: &str,
        file: &str,
        sheet: &str,
        observed: NaiveDate,
        changes: Vec<Change>,
    ) -> Event {
        Event {
            at: at.to_string(),
            id: "YH-2022-0001".to_string(),
            op: if changes.is_empty() {
                Op::Insert
            } else {
                Op::Update
            },
            file: file.to_string(),
            sheet: sheet.to_string(),
            row: 12,
            observed,
            changes,
        }
    }

    fn written(e: &Event) -> String {
        let mut out = Vec::new();
        write_line(
            &mut out,
            &EventLine {
                at: &e.at,
                id: &e.id,
                op: e.op,
                file: &e.file,
                sheet: &e.sheet,
                row: e.row,
                observed: e.observed,
                changes: &e.changes,
            },
        );
        String::from_utf8(out).expect("utf-8")
    }

    fn serde_line(e: &Event) -> String {
        serde_json::to_string(e).expect("serialises") + "\n"
    }

    #[test]
    fn a_line_is_what_serde_json_writes_for_the_event() {
        let day = NaiveDate::from_ymd_opt(2022, 7, 5).unwrap();
        let change = Change {
            field: "status".into(),
            from: "未整改".into(),
            to: "已整改\n\"复查\"".into(),
        };
        for e in [
            event(
                "2026-11-26T20:00:00+08:00",
                "6月台账.xlsx",
                "台账",
                day,
                vec![],
            ),
            event("t", "a\"quoted\".csv", "tab\there", day, vec![change]),
            event("t", "back\\slash\u{1}\u{7f}", "", day, vec![]),
            event(
                "t",
                "f",
                "s",
                NaiveDate::from_ymd_opt(12, 1, 9).unwrap(),
                vec![],
            ),
            event(
                "t",
                "f",
                "s",
                NaiveDate::from_ymd_opt(-3, 12, 31).unwrap(),
                vec![],
            ),
            event(
                "t",
                "f",
                "s",
                NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(),
                vec![],
            ),
        ] {
            assert_eq!(written(&e), serde_line(&e));
        }
    }

    proptest! {
        #[test]
        fn any_text_and_date_are_written_as_serde_json_writes_them(
            file in any::<String>(),
            sheet in "[\\x00-\\x7f台账\"\\\\]{0,12}",
            days in -1_000_000i32..4_000_000,
        ) {
            let observed = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let e = event("2026-11-26T20:00:00+08:00", &file, &sheet, observed, vec![]);
            prop_assert_eq!(written(&e), serde_line(&e));
        }
    }
}
