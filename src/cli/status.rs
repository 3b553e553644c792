//! `ledger status`: who has handed in the month's ledger, and who has not (未报送).

use super::{Outcome, ReportFormat};
use crate::i18n::Lang;
use crate::render::{self, table};
use crate::report::filter::Month;
use crate::report::submissions::{self, Submissions};
use crate::store::Store;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// The month (YYYY-MM); default the current month.
    #[arg(long, value_name = "YYYY-MM", value_parser = super::parse_month_arg)]
    month: Option<Month>,
    /// Output format: table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
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
    let ws = Workspace::require(workspace, lang)?;
    let store = Store::open(&ws.root, lang)?;
    let month = args.month.unwrap_or_else(|| Month::of(super::today()));
    let s = submissions::compute(&store.imports_log()?, month, ws.division.as_ref());
    match args.format {
        ReportFormat::Json => super::output::print(&render::json(&json(&s)))?,
        ReportFormat::Table => super::output::print(&status_table(&s, lang))?,
    }
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

fn status_table(s: &Submissions, lang: Lang) -> String {
    let headers = [
        lang.pick("责任单位", "dept"),
        lang.pick("报送情况", "state"),
        lang.pick("文件", "file"),
        lang.pick("填报日期", "as of"),
        lang.pick("导入时间", "imported"),
        lang.pick("行数", "rows"),
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for d in &s.departments {
        if d.files.is_empty() {
            rows.push(vec![
                d.dept.clone(),
                lang.pick("未报送", "missing").to_string(),
            ]);
        }
        for f in &d.files {
            rows.push(vec![
                d.dept.clone(),
                lang.pick("已报送", "received").to_string(),
                f.file.clone(),
                f.as_of.to_string(),
                crate::render::time::local(&f.at),
                f.rows.to_string(),
            ]);
        }
    }
    let missing: Vec<&str> = s.missing().map(|d| d.dept.as_str()).collect();
    let mut out = lang.pick(
        format!("{} 台账报送情况\n", s.month),
        format!("{} ledger submissions\n", s.month),
    );
    out.push_str(&table::table(&headers, rows).to_string());
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
