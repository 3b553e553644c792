//! `status` laid out: the JSON shape, the terminal table with its closing
//! lines, and the 报送 sheet of who handed in the month's ledger.

use super::tables::{self, Submission};
use super::tabular::{self, Sheet};
use crate::i18n::Lang;
use crate::report::submissions::Submissions;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a str,
    imported_at: &'a str,
    as_of: NaiveDate,
    rows: usize,
}

#[derive(Serialize)]
struct DeptJson<'a> {
    dept: &'a str,
    files: Vec<FileJson<'a>>,
    reported: bool,
}

#[derive(Serialize)]
struct QuarterJson {
    quarter: String,
    due: NaiveDate,
}

#[derive(Serialize)]
pub struct StatusJson<'a> {
    month: String,
    departments: Vec<DeptJson<'a>>,
    quarterly: QuarterJson,
}

/// The JSON `status` prints.
pub fn json(s: &Submissions) -> StatusJson<'_> {
    StatusJson {
        month: s.month.to_string(),
        departments: s
            .departments
            .iter()
            .map(|d| DeptJson {
                dept: &d.dept,
                files: d
                    .files
                    .iter()
                    .map(|f| FileJson {
                        file: &f.file,
                        imported_at: &f.at,
                        as_of: f.as_of,
                        rows: f.rows,
                    })
                    .collect(),
                reported: d.reported(),
            })
            .collect(),
        quarterly: QuarterJson {
            quarter: s.quarter.to_string(),
            due: s.quarter_due,
        },
    }
}

/// The 报送 sheet, the CSV's and the workbook's one.
pub fn sheet<'a>(s: &'a Submissions, organisation: &str, lang: Lang) -> Sheet<'a> {
    Sheet {
        name: "报送",
        title: format!("{organisation}{} 台账报送情况", s.month),
        heads: tabular::heads(&tables::submissions()).collect(),
        rows: Box::new(
            lines(s)
                .collect::<Vec<_>>()
                .into_iter()
                .map(|l| tabular::cells(&tables::submissions(), &l)),
        ),
        lang,
    }
}

/// A line for each file a department handed in, or one saying it did not.
fn lines(s: &Submissions) -> impl Iterator<Item = Submission<'_>> {
    s.departments.iter().flat_map(|d| {
        let none = d.files.is_empty().then_some(Submission {
            dept: &d.dept,
            file: None,
        });
        let files = d.files.iter().map(|f| Submission {
            dept: &d.dept,
            file: Some(f),
        });
        none.into_iter().chain(files)
    })
}

/// The terminal table, with who has not reported and when the quarter's figures are due.
pub fn table(s: &Submissions, lang: Lang) -> String {
    let columns = tables::submissions();
    let rows = lines(s).map(|l| tabular::cells(&columns, &l));
    let table = tabular::terminal(&tabular::heads(&columns).collect::<Vec<_>>(), rows, lang);
    let missing: Vec<&str> = s.missing().map(|d| d.dept.as_str()).collect();
    let mut out = lang.pick(
        format!("{} 台账报送情况\n", s.month),
        format!("{} ledger submissions\n", s.month),
    );
    out.push_str(&table.to_string());
    out.push('\n');
    out.push_str(&if missing.is_empty() {
        lang.pick(
            "各单位均已报送\n".to_string(),
            "every department has reported\n".to_string(),
        )
    } else {
        lang.pick(
            format!("未报送 {} 个：{}\n", missing.len(), missing.join("、")),
            format!("{} not reported: {}\n", missing.len(), missing.join(", ")),
        )
    });
    out.push_str(&lang.pick(
        format!(
            "{}隐患排查治理统计应于 {} 前报送\n",
            s.quarter.zh(),
            s.quarter_due
        ),
        format!(
            "the {} hazard statistics are due by {}\n",
            s.quarter, s.quarter_due
        ),
    ));
    out
}
