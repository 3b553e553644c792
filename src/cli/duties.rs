//! `ledger duties --month YYYY-MM`: the 2-2-2 duty of each official and the
//! monthly and quarterly checks of each department.

use super::{Outcome, ReportFormat};
use crate::i18n::Lang;
use crate::render::{self, table};
use crate::report::duties::{self, Duties, HAZARDS_REQUIRED, UNITS_REQUIRED};
use crate::report::filter::Month;
use crate::store::{Query, Store};
use crate::workspace::Workspace;
use serde::Serialize;
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// The month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", value_parser = super::parse_month_arg)]
    month: Month,
    /// Output format: table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
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
    let ws = Workspace::require(workspace, lang)?;
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
    match args.format {
        ReportFormat::Json => super::output::print(&render::json(&json(&report)))?,
        ReportFormat::Table => super::output::print(&duties_table(&report, lang))?,
    }
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
    let mark = |short: bool| {
        if short {
            lang.pick("未达标", "short")
        } else {
            lang.pick("达标", "met")
        }
        .to_string()
    };
    let mut out = lang.pick(
        format!("{} 责任人履职（每月检查 ≥{UNITS_REQUIRED} 家单位、督促整改 ≥{HAZARDS_REQUIRED} 处隐患）\n", d.month),
        format!("{} officials' 2-2-2 duty (≥{UNITS_REQUIRED} units checked, ≥{HAZARDS_REQUIRED} hazards rectified a month)\n", d.month),
    );
    let owners = d.owners.iter().map(|o| {
        vec![
            o.owner.clone(),
            o.dept.clone(),
            o.units_checked.to_string(),
            o.hazards_rectified.to_string(),
            mark(o.short),
        ]
    });
    let headers = [
        lang.pick("责任人", "owner"),
        lang.pick("责任单位", "dept"),
        lang.pick("检查单位数", "units checked"),
        lang.pick("督促整改数", "hazards rectified"),
        lang.pick("达标", "duty"),
    ];
    out.push_str(&table::table(&headers, owners).to_string());
    out.push_str(&lang.pick(
        "\n\n科室检查（每月 ≥1 次、每季度 ≥1 次；以有隐患记录的不同发现日期计）\n".to_string(),
        "\n\ndepartments' checks (≥1 a month, ≥1 a quarter; counted as distinct discovery dates)\n".to_string(),
    ));
    let depts = d.departments.iter().map(|x| {
        vec![
            x.dept.clone(),
            x.inspections_month.to_string(),
            x.inspections_quarter.to_string(),
            mark(x.short),
        ]
    });
    let headers = [
        lang.pick("责任单位", "dept"),
        lang.pick("本月检查", "this month"),
        lang.pick("本季度检查", "this quarter"),
        lang.pick("达标", "duty"),
    ];
    out.push_str(&table::table(&headers, depts).to_string());
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
