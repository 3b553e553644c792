//! `hazards-NNNNNN.csv`: the current state of every hazard, one row each,
//! sorted by id. Plain UTF-8 CSV that a person can read, diff and grep.
//!
//! Columns are found by their header name when loading, so a store written
//! by an older version with fewer columns still loads.

use crate::record::level::Level;
use crate::record::status::Status;
use crate::record::{ClosedSource, Hazard, Source, Stated};
use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use csv::{ByteRecord, StringRecord};
use std::borrow::Cow;
use std::io::{Read, Write};

/// The columns, in file order.
pub const COLUMNS: &[&str] = &[
    "id",
    "seq",
    "unit",
    "address",
    "unit_head",
    "phone",
    "dept",
    "owner",
    "hazard",
    "measures",
    "deadline_text",
    "deadline",
    "long_term",
    "level",
    "found",
    "found_assumed",
    "status",
    "closed",
    "closed_source",
    "extension_text",
    "extended_deadline",
    "extension_approval",
    "extension_approved",
    "interview",
    "sector",
    "remarks",
    "extras",
    "source_file",
    "source_sheet",
    "source_row",
    "observed",
];

fn date(d: Option<NaiveDate>) -> Cow<'static, str> {
    d.map_or(Cow::Borrowed(""), |d| {
        Cow::Owned(d.format("%Y-%m-%d").to_string())
    })
}

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// The hazard as the table's cells, in [`COLUMNS`] order.
pub fn cells(h: &Hazard) -> [Cow<'_, str>; COLUMNS.len()] {
    let extras = if h.extras.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&h.extras).expect("strings serialise")
    };
    [
        Cow::Borrowed(h.id.as_str()),
        Cow::Borrowed(&h.seq),
        Cow::Borrowed(&h.unit),
        Cow::Borrowed(&h.address),
        Cow::Borrowed(&h.unit_head),
        Cow::Borrowed(&h.phone),
        Cow::Borrowed(&h.dept),
        Cow::Borrowed(&h.owner),
        Cow::Borrowed(&h.hazard),
        Cow::Borrowed(&h.measures),
        Cow::Borrowed(&h.deadline_text),
        date(h.deadline),
        Cow::Borrowed(flag(h.long_term)),
        Cow::Borrowed(h.level.zh()),
        date(Some(h.found)),
        Cow::Borrowed(flag(h.found_assumed)),
        Cow::Borrowed(h.status.zh()),
        date(h.closed),
        Cow::Borrowed(h.closed_source.map_or("", |s| s.key())),
        Cow::Borrowed(&h.extension_text),
        date(h.extended_deadline),
        Cow::Borrowed(&h.extension_approval),
        Cow::Borrowed(flag(h.extension_approved)),
        date(h.interview),
        Cow::Borrowed(&h.sector),
        Cow::Borrowed(&h.remarks),
        Cow::Owned(extras),
        Cow::Borrowed(&h.source.file),
        Cow::Borrowed(&h.source.sheet),
        Cow::Owned(h.source.row.to_string()),
        date(Some(h.observed)),
    ]
}

/// Columns that say where and when a record was last seen rather than what
/// it says; a change in them alone is not a change of the hazard.
pub const TRANSIENT: &[&str] = &[
    "id",
    "seq",
    "source_file",
    "source_sheet",
    "source_row",
    "observed",
];

/// Writes the table: header, then one row per hazard.
pub fn write<W: Write>(out: W, hazards: &[Hazard]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    let mut row = ByteRecord::new();
    for h in hazards {
        row.clear();
        for cell in cells(h) {
            row.push_field(cell.as_bytes());
        }
        w.write_byte_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// Column positions by name, from the file's header.
struct Columns([Option<usize>; COLUMNS.len()]);

impl Columns {
    fn of(header: &StringRecord) -> Columns {
        let mut at = [None; COLUMNS.len()];
        for (i, name) in header.iter().enumerate() {
            if let Some(c) = COLUMNS.iter().position(|c| *c == name) {
                at[c] = Some(i);
            }
        }
        Columns(at)
    }

    fn get<'r>(&self, rec: &'r StringRecord, name: &str) -> &'r str {
        let c = COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("known column");
        self.0[c].and_then(|i| rec.get(i)).unwrap_or("")
    }
}

/// Reads the table written by [`write`].
pub fn read<R: Read>(input: R) -> anyhow::Result<Vec<Hazard>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let cols = Columns::of(r.headers()?);
    let mut rec = StringRecord::new();
    let mut hazards = Vec::new();
    while r.read_record(&mut rec)? {
        let line = rec.position().map_or(0, |p| p.line());
        hazards.push(parse(&cols, &rec).with_context(|| format!("line {line}"))?);
    }
    Ok(hazards)
}

fn parse(cols: &Columns, rec: &StringRecord) -> anyhow::Result<Hazard> {
    let s = |name| cols.get(rec, name).to_string();
    let d = |name| -> anyhow::Result<Option<NaiveDate>> {
        let v = cols.get(rec, name);
        if v.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| anyhow!("{name}: '{v}' is not a date"))
    };
    let required = |name| d(name)?.ok_or_else(|| anyhow!("{name} is empty"));
    let b = |name| cols.get(rec, name) == "1";
    let extras = cols.get(rec, "extras");
    Ok(Hazard {
        id: s("id"),
        seq: s("seq"),
        unit: s("unit"),
        address: s("address"),
        unit_head: s("unit_head"),
        phone: s("phone"),
        dept: s("dept"),
        owner: s("owner"),
        hazard: s("hazard"),
        measures: s("measures"),
        deadline_text: s("deadline_text"),
        deadline: d("deadline")?,
        long_term: b("long_term"),
        level: Level::ALL
            .into_iter()
            .find(|l| l.zh() == cols.get(rec, "level"))
            .ok_or_else(|| {
                anyhow!(
                    "level: '{}' is not 一般, 较大 or 重大",
                    cols.get(rec, "level")
                )
            })?,
        found: required("found")?,
        found_assumed: b("found_assumed"),
        status: Status::ALL
            .into_iter()
            .find(|st| st.zh() == cols.get(rec, "status"))
            .ok_or_else(|| anyhow!("status: '{}' is not a status", cols.get(rec, "status")))?,
        closed: d("closed")?,
        closed_source: ClosedSource::from_key(cols.get(rec, "closed_source")),
        extension_text: s("extension_text"),
        extended_deadline: d("extended_deadline")?,
        extension_approval: s("extension_approval"),
        extension_approved: b("extension_approved"),
        interview: d("interview")?,
        sector: s("sector"),
        remarks: s("remarks"),
        extras: if extras.is_empty() {
            Vec::new()
        } else {
            serde_json::from_str(extras)?
        },
        source: Source {
            file: s("source_file"),
            sheet: s("source_sheet"),
            row: cols.get(rec, "source_row").parse().unwrap_or(0),
        },
        observed: required("observed")?,
        stated: Stated {
            level: true,
            status: true,
        },
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> Hazard {
        let d = |m, day| NaiveDate::from_ymd_opt(2022, m, day).unwrap();
        Hazard {
            id: "YH-2022-0001".into(),
            seq: "1".into(),
            unit: "磁器口陈麻花店".into(),
            address: "磁器口正街12号".into(),
            unit_head: "陈明".into(),
            phone: "13812345678".into(),
            dept: "应急办".into(),
            owner: "赵家平".into(),
            hazard: "灭火器压力不足,\n\"过期\"".into(),
            measures: "已于6月12日更换".into(),
            deadline_text: "立即整改".into(),
            deadline: Some(d(6, 10)),
            long_term: false,
            level: Level::Major,
            found: d(6, 10),
            found_assumed: true,
            status: Status::Rectified,
            closed: Some(d(6, 12)),
            closed_source: Some(ClosedSource::Text),
            extension_text: "7月15日".into(),
            extended_deadline: Some(d(7, 15)),
            extension_approval: "园区攻坚指挥部、区应急局".into(),
            extension_approved: true,
            interview: None,
            sector: "消防".into(),
            remarks: "=cmd".into(),
            extras: vec![("检查人".into(), "李静".into())],
            source: Source {
                file: "6月台账.xlsx".into(),
                sheet: "台账".into(),
                row: 3,
            },
            observed: d(6, 30),
            stated: Stated {
                level: true,
                status: true,
            },
        }
    }

    #[test]
    fn a_hazard_survives_the_round_trip() {
        let h = sample();
        let mut buf = Vec::new();
        write(&mut buf, std::slice::from_ref(&h)).unwrap();
        assert_eq!(read(buf.as_slice()).unwrap(), vec![h]);
    }

    #[test]
    fn an_older_table_without_some_columns_still_loads() {
        let text = "id,unit,hazard,level,found,status,observed\nYH-2022-0001,甲店,插座老化,一般,2022-06-10,未整改,2022-06-30\n";
        let h = &read(text.as_bytes()).unwrap()[0];
        assert_eq!(h.unit, "甲店");
        assert_eq!(h.deadline, None);
    }

    #[test]
    fn a_damaged_row_is_an_error_naming_the_line() {
        let text =
            "id,unit,level,found,status,observed\nYH-1,甲店,一般,2022-13-10,未整改,2022-06-30\n";
        let e = format!("{:#}", read(text.as_bytes()).unwrap_err());
        assert!(e.contains("line 2") && e.contains("2022-13-10"), "{e}");
    }
}
