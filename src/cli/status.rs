//! `ledger status`: who has handed in the month's ledger, and who has not (未报送).

use super::output::{self, Layouts};
use super::{Format, Outcome, ReportFormat};
use crate::i18n::Lang;
use crate::render;
use crate::render::tables::{self, Submission};
use crate::render::tabular::{self, Sheet};
use crate::report::filter::Month;
use crate::report::submissions::{self, Submissions};
use crate::store::Store;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The month (YYYY-MM); default the current month.
    #[arg(long, value_name = "YYYY-MM", value_parser = super::parse_month_arg)]
    month: Option<Month>,
    /// Output format on stdout: table or json (default table).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when any department has not reported.
    #[arg(long)]
    fail_if_missing: bool,
}

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
struct StatusJson<'a> {
    month: String,
    departments: Vec<DeptJson<'a>>,
    quarterly: QuarterJson,
}

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let format = args.format.map(Format::from);
    let target = output::target(format, args.output.as_deref(), output::ROWS)?;
    let ws = Workspace::require(workspace)?;
    let store = Store::open(&ws.root, lang)?;
    let month = args.month.unwrap_or_else(|| Month::of(super::today()));
    let s = submissions::compute(&store.imports_log()?, month, ws.division.as_ref());
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || render::json(&json(&s)),
        table: || status_table(&s, lang),
        sheets: || {
            vec![Sheet {
                name: "报送",
                title: format!("{organisation}{} 台账报送情况", s.month),
                heads: tabular::heads(&tables::submissions()).collect(),
                rows: Box::new(
                    lines(&s)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .map(|l| tabular::cells(&tables::submissions(), &l)),
                ),
                lang,
            }]
        },
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(if args.fail_if_missing && s.missing().next().is_some() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

fn json(s: &Submissions) -> StatusJson<'_> {
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

fn status_table(s: &Submissions, lang: Lang) -> String {
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
