//! `ledger duties --month YYYY-MM`: the 2-2-2 duty of each official and the
//! monthly and quarterly checks of each department.

use super::output::{self, Layouts};
use super::{Format, Outcome, ReportFormat};
use crate::i18n::Lang;
use crate::render;
use crate::render::tables::{DEPT_CHECKS, OWNER_DUTIES};
use crate::render::tabular::{self, Sheet};
use crate::report::duties::{self, Duties, HAZARDS_REQUIRED, UNITS_REQUIRED};
use crate::report::filter::Month;
use crate::store::{Query, Store};
use crate::workspace::Workspace;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", value_parser = super::parse_month_arg)]
    month: Month,
    /// Output format on stdout: table or json (default table).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Serialize)]
struct OwnerJson<'a> {
    owner: &'a str,
    dept: &'a str,
    units_checked: usize,
    hazards_rectified: usize,
    short: bool,
}

#[derive(Serialize)]
struct DeptJson<'a> {
    dept: &'a str,
    inspections_month: usize,
    inspections_quarter: usize,
    short: bool,
}

#[derive(Serialize)]
struct DutiesJson<'a> {
    month: String,
    owners: Vec<OwnerJson<'a>>,
    departments: Vec<DeptJson<'a>>,
}

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let format = args.format.map(Format::from);
    let target = output::target(format, args.output.as_deref(), output::ROWS)?;
    let ws = Workspace::require(workspace)?;
    let store = Store::open(&ws.root, lang)?;
    let report = duties::compute(
        // Duties count hazards found by the month's end.
        &store.hazards(&Query {
            found_by: Some(args.month.last_day()),
            ..Query::default()
        })?,
        args.month,
        ws.division.as_ref(),
    );
    let organisation = &ws.config.organisation.name;
    let month = report.month;
    let layouts = Layouts {
        json: || render::json(&json(&report)),
        table: || duties_table(&report, lang),
        sheets: || {
            vec![
                Sheet {
                    name: "责任人履职",
                    title: format!(
                        "{organisation}{month} 责任人履职（每月检查 ≥{UNITS_REQUIRED} 家单位、督促整改 ≥{HAZARDS_REQUIRED} 处隐患）"
                    ),
                    heads: tabular::heads(&OWNER_DUTIES).collect(),
                    rows: Box::new(
                        report
                            .owners
                            .iter()
                            .map(|o| tabular::cells(&OWNER_DUTIES, o)),
                    ),
                    lang,
                },
                Sheet {
                    name: "科室检查",
                    title: format!("{organisation}{month} 科室检查（每月 ≥1 次、每季度 ≥1 次）"),
                    heads: tabular::heads(&DEPT_CHECKS).collect(),
                    rows: Box::new(
                        report
                            .departments
                            .iter()
                            .map(|d| tabular::cells(&DEPT_CHECKS, d)),
                    ),
                    lang,
                },
            ]
        },
    };
    output::deliver(target, layouts, false, lang)?;
    Ok(Outcome::Ok)
}

fn json(d: &Duties) -> DutiesJson<'_> {
    DutiesJson {
        month: d.month.to_string(),
        owners: d
            .owners
            .iter()
            .map(|o| OwnerJson {
                owner: &o.owner,
                dept: &o.dept,
                units_checked: o.units_checked,
                hazards_rectified: o.hazards_rectified,
                short: o.short,
            })
            .collect(),
        departments: d
            .departments
            .iter()
            .map(|x| DeptJson {
                dept: &x.dept,
                inspections_month: x.inspections_month,
                inspections_quarter: x.inspections_quarter,
                short: x.short,
            })
            .collect(),
    }
}

/// The two duty tables, shared with the monthly report's 履职 sheet. Each
/// row says whether the duty was met, as the report's sheet does.
pub fn duties_table(d: &Duties, lang: Lang) -> String {
    let mut out = lang.pick(
        format!("{} 责任人履职（每月检查 ≥{UNITS_REQUIRED} 家单位、督促整改 ≥{HAZARDS_REQUIRED} 处隐患）\n", d.month),
        format!("{} officials' 2-2-2 duty (≥{UNITS_REQUIRED} units checked, ≥{HAZARDS_REQUIRED} hazards rectified a month)\n", d.month),
    );
    let owners = d.owners.iter().map(|o| tabular::cells(&OWNER_DUTIES, o));
    let heads: Vec<_> = tabular::heads(&OWNER_DUTIES).collect();
    out.push_str(&tabular::terminal(&heads, owners, lang).to_string());
    out.push_str(&lang.pick(
        "\n\n科室检查（每月 ≥1 次、每季度 ≥1 次；以有隐患记录的不同发现日期计）\n".to_string(),
        "\n\ndepartments' checks (≥1 a month, ≥1 a quarter; counted as distinct discovery dates)\n".to_string(),
    ));
    let depts = d
        .departments
        .iter()
        .map(|x| tabular::cells(&DEPT_CHECKS, x));
    let heads: Vec<_> = tabular::heads(&DEPT_CHECKS).collect();
    out.push_str(&tabular::terminal(&heads, depts, lang).to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::duties::{DeptDuty, OwnerDuty};

    fn duties() -> Duties {
        let owner = |name: &str, short| OwnerDuty {
            owner: name.into(),
            dept: "应急办".into(),
            units_checked: if short { 1 } else { 2 },
            hazards_rectified: 2,
            short,
        };
        Duties {
            month: Month {
                year: 2022,
                month: 7,
            },
            owners: vec![owner("赵家平", false), owner("刘洋", true)],
            departments: vec![DeptDuty {
                dept: "应急办".into(),
                inspections_month: 2,
                inspections_quarter: 2,
                short: false,
            }],
        }
    }

    fn row_of<'t>(table: &'t str, name: &str) -> &'t str {
        table.lines().find(|l| l.contains(name)).unwrap()
    }

    #[test]
    fn every_row_says_whether_the_duty_was_met() {
        let zh = duties_table(&duties(), Lang::Zh);
        assert!(
            row_of(&zh, "赵家平")
                .trim_end_matches([' ', '|'])
                .ends_with(" 达标"),
            "{zh}"
        );
        assert!(row_of(&zh, "刘洋").contains("未达标"), "{zh}");
        let en = duties_table(&duties(), Lang::En);
        assert!(row_of(&en, "赵家平").contains("met"), "{en}");
        assert!(row_of(&en, "刘洋").contains("short"), "{en}");
    }
}
