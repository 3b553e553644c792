//! The hazards table's columns: how a hazard becomes text cells
//! ([`each_cell`]) and back ([`hazard`]). The database stores these cells
//! one column each (schema.rs builds its tables from [`COLUMNS`]), and the
//! older stores that migrate.rs converts held the same cells, so a new field
//! is added here once.

use crate::level::Level;
use crate::record::{ClosedSource, Hazard, Source, Stated, Text};
use crate::status::Status;
use anyhow::anyhow;
use chrono::{Datelike, NaiveDate};

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
    fn format(&mut self, d: Option<NaiveDate>) -> &str {
        let Some(d) = d else { return "" };
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
        // Digits and dashes only, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
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

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// Hands each of the hazard's cells to `out`, in [`COLUMNS`] order.
pub fn each_cell(h: &Hazard, mut out: impl FnMut(&str)) {
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
        out(text);
    }
    out(&h.deadline_text);
    out(date.format(h.deadline));
    out(flag(h.long_term));
    out(h.level.zh());
    out(date.format(Some(h.found)));
    out(flag(h.found_assumed));
    out(h.status.zh());
    out(date.format(h.closed));
    out(h.closed_source.map_or("", |s| s.key()));
    out(&h.extension_text);
    out(date.format(h.extended_deadline));
    out(&h.extension_approval);
    out(flag(h.extension_approved));
    out(date.format(h.interview));
    out(&h.sector);
    out(&h.remarks);
    out(&extras);
    out(&h.source.file);
    out(&h.source.sheet);
    out(row.format(h.source.row));
    out(date.format(Some(h.observed)));
    let mut fen = itoa::Buffer::new();
    out(h.funds.map_or("", |f| fen.format(f)));
    for text in [&h.code, &h.location, &h.inspector, &h.reviewer] {
        out(text);
    }
}

/// The hazard as the table's cells, for comparing two versions of it.
pub fn cells(h: &Hazard) -> Vec<String> {
    let mut cells = Vec::with_capacity(COLUMNS.len());
    each_cell(h, |c| cells.push(c.to_owned()));
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

/// The hazard in a database row whose columns from `first` on are
/// [`COLUMNS`]. A cell that is not text (edited outside ledger) is an error.
pub fn from_row(row: &rusqlite::Row<'_>, first: usize) -> anyhow::Result<Hazard> {
    let mut cells: Cells = [""; COLUMNS.len()];
    for (i, cell) in cells.iter_mut().enumerate() {
        *cell = row
            .get_ref(first + i)?
            .as_str()
            .map_err(|_| anyhow!("{}: not text", COLUMNS[i]))?;
    }
    hazard(&cells)
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
    fn a_cell_edited_outside_ledger_into_bytes_is_refused() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let columns: Vec<String> = COLUMNS.iter().map(|c| format!("{c} TEXT")).collect();
        conn.execute_batch(&format!("CREATE TABLE t ({})", columns.join(", ")))
            .unwrap();
        let marks = vec!["'x'"; COLUMNS.len()].join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO t VALUES ({marks}); UPDATE t SET found = x'ff'"
        ))
        .unwrap();
        let mut stmt = conn.prepare("SELECT * FROM t").unwrap();
        let mut rows = stmt.query([]).unwrap();
        let e = from_row(rows.next().unwrap().unwrap(), 0).unwrap_err();
        assert!(e.to_string().contains("found"), "{e}");
    }

    #[test]
    fn dates_are_written_and_read_as_yyyy_mm_dd() {
        let mut buf = DateBuf([0; 10]);
        let d = NaiveDate::from_ymd_opt(2022, 6, 3).unwrap();
        assert_eq!(buf.format(Some(d)), "2022-06-03");
        assert_eq!(buf.format(None), "");
        assert_eq!(parse_ymd("2022-06-03"), Some(d));
        assert_eq!(parse_ymd("2022-6-3"), None);
        assert_eq!(parse_ymd("2022-02-30"), None);
        assert_eq!(COLUMNS.len(), Col::Reviewer as usize + 1);
    }

    #[test]
    fn a_hazard_survives_a_database_row() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        super::super::schema::create(&conn).unwrap();
        let h = sample();
        let mut cells = Vec::new();
        each_cell(&h, |c| cells.push(c.to_owned()));
        let marks: Vec<String> = (1..=COLUMNS.len()).map(|i| format!("?{i}")).collect();
        conn.execute(
            &format!(
                "INSERT INTO hazards ({}, checksum) VALUES ({}, '')",
                COLUMNS.join(", "),
                marks.join(", ")
            ),
            rusqlite::params_from_iter(&cells),
        )
        .unwrap();
        let back = conn
            .query_row(
                &format!("SELECT {} FROM hazards", COLUMNS.join(", ")),
                [],
                |row| Ok(from_row(row, 0).map_err(|e| e.to_string())),
            )
            .unwrap()
            .unwrap();
        assert_eq!(back, h);
        conn.execute("UPDATE hazards SET found = 'x'", []).unwrap();
        let e = conn
            .query_row(
                &format!("SELECT {} FROM hazards", COLUMNS.join(", ")),
                [],
                |row| Ok(from_row(row, 0).map_err(|e| e.to_string())),
            )
            .unwrap()
            .unwrap_err();
        assert!(e.contains("found"), "{e}");
    }
}
