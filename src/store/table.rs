//! The store's table of hazards as cells: its columns, how a hazard becomes
//! text cells ([`each_cell`]) and back ([`hazard`]). The packed table
//! (packed.rs) stores these cells; so did the CSV table of store format 1,
//! one row per hazard, which this module still reads.
//!
//! Columns are found by their header name when loading, so a store written
//! by an older version with fewer columns still loads.

use crate::record::level::Level;
use crate::record::status::Status;
use crate::record::{ClosedSource, Hazard, Source, Stated, Text};
use anyhow::anyhow;
use chrono::{Datelike, NaiveDate};
use csv::StringRecord;

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
    "funds",
    "code",
    "location",
    "inspector",
    "reviewer",
];

/// A column of the table; the discriminant is its position in [`COLUMNS`].
#[derive(Clone, Copy)]
enum Col {
    Id,
    Seq,
    Unit,
    Address,
    UnitHead,
    Phone,
    Dept,
    Owner,
    Hazard,
    Measures,
    DeadlineText,
    Deadline,
    LongTerm,
    Level,
    Found,
    FoundAssumed,
    Status,
    Closed,
    ClosedSource,
    ExtensionText,
    ExtendedDeadline,
    ExtensionApproval,
    ExtensionApproved,
    Interview,
    Sector,
    Remarks,
    Extras,
    SourceFile,
    SourceSheet,
    SourceRow,
    Observed,
    Funds,
    Code,
    Location,
    Inspector,
    Reviewer,
}

/// `YYYY-MM-DD` written into a stack buffer: the table holds four dates a row
/// and chrono's general formatter would parse its format string for each.
struct DateBuf([u8; 10]);

impl DateBuf {
    fn format(&mut self, d: Option<NaiveDate>) -> &[u8] {
        let Some(d) = d else { return b"" };
        let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
        let digits = [
            y / 1000,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
            m / 10,
            m % 10,
            day / 10,
            day % 10,
        ];
        let at = [0, 1, 2, 3, 5, 6, 8, 9];
        self.0[4] = b'-';
        self.0[7] = b'-';
        for (i, v) in at.into_iter().zip(digits) {
            self.0[i] = b'0' + v as u8;
        }
        &self.0
    }
}

/// Parses `YYYY-MM-DD` as the table writes it.
fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

fn flag(b: bool) -> &'static [u8] {
    if b { b"1" } else { b"0" }
}

/// Hands each of the hazard's cells to `out`, in [`COLUMNS`] order.
pub fn each_cell(h: &Hazard, mut out: impl FnMut(&[u8])) {
    let mut date = DateBuf([0; 10]);
    let mut row = itoa::Buffer::new();
    let extras = if h.extras.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&h.extras).expect("strings serialise")
    };
    for text in [
        &h.id,
        &h.seq,
        &h.unit,
        &h.address,
        &h.unit_head,
        &h.phone,
        &h.dept,
        &h.owner,
        &h.hazard,
        &h.measures,
    ] {
        out(text.as_bytes());
    }
    out(h.deadline_text.as_bytes());
    out(date.format(h.deadline));
    out(flag(h.long_term));
    out(h.level.zh().as_bytes());
    out(date.format(Some(h.found)));
    out(flag(h.found_assumed));
    out(h.status.zh().as_bytes());
    out(date.format(h.closed));
    out(h.closed_source.map_or("", |s| s.key()).as_bytes());
    out(h.extension_text.as_bytes());
    out(date.format(h.extended_deadline));
    out(h.extension_approval.as_bytes());
    out(flag(h.extension_approved));
    out(date.format(h.interview));
    out(h.sector.as_bytes());
    out(h.remarks.as_bytes());
    out(extras.as_bytes());
    out(h.source.file.as_bytes());
    out(h.source.sheet.as_bytes());
    out(row.format(h.source.row).as_bytes());
    out(date.format(Some(h.observed)));
    let mut fen = itoa::Buffer::new();
    out(h.funds.map_or(&b""[..], |f| fen.format(f).as_bytes()));
    for text in [&h.code, &h.location, &h.inspector, &h.reviewer] {
        out(text.as_bytes());
    }
}

/// The hazard as the table's cells, for comparing two versions of it.
pub fn cells(h: &Hazard) -> Vec<String> {
    let mut cells = Vec::with_capacity(COLUMNS.len());
    each_cell(h, |b| cells.push(String::from_utf8_lossy(b).into_owned()));
    cells
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
    "funds",
];

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

    /// The record's cells in [`COLUMNS`] order; a column the file lacks is empty.
    fn cells<'r>(&self, rec: &'r StringRecord) -> Cells<'r> {
        self.0.map(|at| at.and_then(|i| rec.get(i)).unwrap_or(""))
    }
}

/// Below this size one thread parses the table faster than several start.
const PARALLEL_FROM: usize = 4 << 20;

/// Parses the table, a large one in as many chunks as there are cores: every
/// command starts by loading the store, and on a million hazards that is the
/// largest part of their time.
pub fn read_bytes(bytes: &[u8]) -> anyhow::Result<Vec<Hazard>> {
    let header_end = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
    let cols = Columns::of(
        csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(&bytes[..header_end])
            .headers()?,
    );
    let body = &bytes[header_end..];
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunks = if body.len() < PARALLEL_FROM {
        vec![body]
    } else {
        split_records(body, threads)
    };
    let parsed: Vec<anyhow::Result<Vec<Hazard>>> = std::thread::scope(|scope| {
        // The first chunk's vector is made large enough for every record, so
        // that the others are appended without moving it (a million records
        // are half a gigabyte); newlines bound the record count from above.
        let records = memchr::memchr_iter(b'\n', body).count() + 1;
        let handles: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                let capacity = if i == 0 { records } else { 0 };
                let cols = &cols;
                scope.spawn(move || parse_chunk(cols, chunk, capacity))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a parser thread panicked"))
            .collect()
    });
    let mut hazards = Vec::new();
    let mut line = 1;
    for (chunk, result) in chunks.iter().zip(parsed) {
        match result {
            Ok(part) if hazards.is_empty() => hazards = part,
            Ok(mut part) => hazards.append(&mut part),
            Err(e) => {
                let local: usize = e.downcast_ref::<LineError>().map_or(0, |l| l.0);
                return Err(anyhow!("line {}: {:#}", line + local, e));
            }
        }
        line += memchr::memchr_iter(b'\n', chunk).count();
    }
    Ok(hazards)
}

/// A record's line within its chunk (one-based, counting the header as 0).
#[derive(Debug)]
struct LineError(usize);

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.0)
    }
}

impl std::error::Error for LineError {}

fn parse_chunk(cols: &Columns, chunk: &[u8], capacity: usize) -> anyhow::Result<Vec<Hazard>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(chunk);
    let mut rec = StringRecord::new();
    let mut hazards = Vec::with_capacity(capacity.max(chunk.len() / 256));
    while r.read_record(&mut rec)? {
        let line = rec.position().map_or(0, |p| p.line() as usize);
        hazards.push(hazard(&cols.cells(&rec)).map_err(|e| e.context(LineError(line)))?);
    }
    Ok(hazards)
}

/// Cuts CSV text into about `n` pieces at record boundaries: a newline
/// outside quotes (an even number of quote characters before it).
fn split_records(body: &[u8], n: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(n);
    let mut start = 0;
    let mut quotes = 0usize;
    let mut counted = 0;
    for k in 1..n {
        let target = (body.len() * k / n).max(start);
        quotes += memchr::memchr_iter(b'"', &body[counted..target]).count();
        counted = target;
        let mut at = target;
        let cut = loop {
            let Some(nl) = memchr::memchr(b'\n', &body[at..]).map(|i| at + i) else {
                break None;
            };
            quotes += memchr::memchr_iter(b'"', &body[counted..nl]).count();
            counted = nl;
            if quotes.is_multiple_of(2) {
                break Some(nl + 1);
            }
            at = nl + 1;
        };
        let Some(cut) = cut else { break };
        pieces.push(&body[start..cut]);
        start = cut;
    }
    pieces.push(&body[start..]);
    pieces
}

/// One hazard's cells, in [`COLUMNS`] order, as either format stores them.
pub type Cells<'a> = [&'a str; COLUMNS.len()];

/// The hazard whose cells [`each_cell`] wrote.
pub fn hazard(cells: &Cells) -> anyhow::Result<Hazard> {
    let get = |col: Col| cells[col as usize];
    let s = |col| Text::from(get(col));
    let d = |col: Col| -> anyhow::Result<Option<NaiveDate>> {
        let v = get(col);
        if v.is_empty() {
            return Ok(None);
        }
        parse_ymd(v)
            .map(Some)
            .ok_or_else(|| anyhow!("{}: '{v}' is not a date", COLUMNS[col as usize]))
    };
    let required = |col: Col| d(col)?.ok_or_else(|| anyhow!("{} is empty", COLUMNS[col as usize]));
    let b = |col| get(col) == "1";
    let extras = get(Col::Extras);
    let level = get(Col::Level);
    let status = get(Col::Status);
    Ok(Hazard {
        id: s(Col::Id),
        seq: s(Col::Seq),
        unit: s(Col::Unit),
        address: s(Col::Address),
        unit_head: s(Col::UnitHead),
        phone: s(Col::Phone),
        dept: s(Col::Dept),
        owner: s(Col::Owner),
        hazard: s(Col::Hazard),
        measures: s(Col::Measures),
        deadline_text: s(Col::DeadlineText),
        deadline: d(Col::Deadline)?,
        long_term: b(Col::LongTerm),
        level: Level::ALL
            .into_iter()
            .find(|l| l.zh() == level)
            .ok_or_else(|| anyhow!("level: '{level}' is not 一般, 较大 or 重大"))?,
        found: required(Col::Found)?,
        found_assumed: b(Col::FoundAssumed),
        status: Status::ALL
            .into_iter()
            .find(|st| st.zh() == status)
            .ok_or_else(|| anyhow!("status: '{status}' is not a status"))?,
        closed: d(Col::Closed)?,
        closed_source: ClosedSource::from_key(get(Col::ClosedSource)),
        extension_text: s(Col::ExtensionText),
        extended_deadline: d(Col::ExtendedDeadline)?,
        extension_approval: s(Col::ExtensionApproval),
        extension_approved: b(Col::ExtensionApproved),
        interview: d(Col::Interview)?,
        sector: s(Col::Sector),
        remarks: s(Col::Remarks),
        code: s(Col::Code),
        location: s(Col::Location),
        inspector: s(Col::Inspector),
        reviewer: s(Col::Reviewer),
        extras: if extras.is_empty() {
            Vec::new()
        } else {
            serde_json::from_str(extras)?
        },
        source: Source {
            file: s(Col::SourceFile),
            sheet: s(Col::SourceSheet),
            row: get(Col::SourceRow).parse().unwrap_or(0),
        },
        observed: required(Col::Observed)?,
        funds: match get(Col::Funds) {
            "" => None,
            f => Some(
                f.parse()
                    .map_err(|_| anyhow!("funds: '{f}' is not a whole number of 分"))?,
            ),
        },
        stated: Stated {
            level: true,
            status: true,
        },
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use csv::ByteRecord;
    use std::io::{Read, Write};

    /// Writes a format-1 CSV table: header, then one row per hazard. Only
    /// tests write this format now, to check that such stores still load.
    pub fn write<W: Write>(out: W, hazards: &[Hazard]) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(COLUMNS)?;
        let mut row = ByteRecord::new();
        for h in hazards {
            row.clear();
            each_cell(h, |cell| row.push_field(cell));
            w.write_byte_record(&row)?;
        }
        w.flush()?;
        Ok(())
    }

    /// Reads a format-1 CSV table.
    pub fn read<R: Read>(mut input: R) -> anyhow::Result<Vec<Hazard>> {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes)?;
        read_bytes(&bytes)
    }

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
            code: Text::default(),
            location: "锅炉房东侧".into(),
            inspector: "李静".into(),
            reviewer: "王芳".into(),
            extras: vec![("检查内容".into(), "消防通道".into())],
            source: Source {
                file: "6月台账.xlsx".into(),
                sheet: "台账".into(),
                row: 3,
            },
            observed: d(6, 30),
            funds: Some(150_000),
            stated: Stated {
                level: true,
                status: true,
            },
        }
    }

    #[test]
    fn dates_are_written_and_read_as_yyyy_mm_dd() {
        let mut buf = DateBuf([0; 10]);
        let d = NaiveDate::from_ymd_opt(2022, 6, 3).unwrap();
        assert_eq!(buf.format(Some(d)), b"2022-06-03");
        assert_eq!(buf.format(None), b"");
        assert_eq!(parse_ymd("2022-06-03"), Some(d));
        assert_eq!(parse_ymd("2022-6-3"), None);
        assert_eq!(parse_ymd("2022-02-30"), None);
        assert_eq!(COLUMNS.len(), Col::Reviewer as usize + 1);
    }

    #[test]
    fn a_hazard_survives_the_round_trip() {
        let h = sample();
        let mut buf = Vec::new();
        write(&mut buf, std::slice::from_ref(&h)).unwrap();
        assert_eq!(read(buf.as_slice()).unwrap(), vec![h]);
    }

    #[test]
    fn a_large_table_parses_in_pieces_cut_only_between_records() {
        let mut h = sample();
        h.measures = "多行\n\"引号\"\n内容".into();
        let hazards: Vec<Hazard> = (0..40_000)
            .map(|i| {
                let mut x = h.clone();
                x.id = format!("YH-2022-{i:05}").into();
                x
            })
            .collect();
        let mut buf = Vec::new();
        write(&mut buf, &hazards).unwrap();
        assert!(buf.len() > PARALLEL_FROM);
        for n in 1..5 {
            let header = memchr::memchr(b'\n', &buf).unwrap() + 1;
            let pieces = split_records(&buf[header..], n);
            assert_eq!(
                pieces.iter().map(|p| p.len()).sum::<usize>(),
                buf.len() - header
            );
        }
        assert_eq!(read_bytes(&buf).unwrap(), hazards);
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
