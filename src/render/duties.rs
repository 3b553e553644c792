//! `duties` laid out: the JSON shape, the two terminal tables and the two
//! sheets of officials' 2-2-2 duty and departments' checks.

use super::tables::{DEPT_CHECKS, OWNER_DUTIES};
use super::tabular::{self, Sheet};
use crate::i18n::Lang;
use crate::report::duties::{Duties, HAZARDS_REQUIRED, UNITS_REQUIRED};
use serde::Serialize;

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
pub struct DutiesJson<'a> {
    month: String,
    owners: Vec<OwnerJson<'a>>,
    departments: Vec<DeptJson<'a>>,
}

/// The JSON `duties` prints.
pub fn json(d: &Duties) -> DutiesJson<'_> {
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

/// The 责任人履职 and 科室检查 sheets.
pub fn sheets<'a>(d: &'a Duties, organisation: &str, lang: Lang) -> Vec<Sheet<'a>> {
    let month = d.month;
    vec![
        Sheet {
            name: "责任人履职",
            title: format!(
                "{organisation}{month} 责任人履职（每月检查 ≥{UNITS_REQUIRED} 家单位、督促整改 ≥{HAZARDS_REQUIRED} 处隐患）"
            ),
            heads: tabular::heads(&OWNER_DUTIES).collect(),
            rows: Box::new(d.owners.iter().map(|o| tabular::cells(&OWNER_DUTIES, o))),
            lang,
        },
        Sheet {
            name: "科室检查",
            title: format!("{organisation}{month} 科室检查（每月 ≥1 次、每季度 ≥1 次）"),
            heads: tabular::heads(&DEPT_CHECKS).collect(),
            rows: Box::new(
                d.departments
                    .iter()
                    .map(|x| tabular::cells(&DEPT_CHECKS, x)),
            ),
            lang,
        },
    ]
}

/// The two duty tables, shared with the monthly report's 履职 sheet. Each
/// row says whether the duty was met, as the report's sheet does.
pub fn table(d: &Duties, lang: Lang) -> String {
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
    use crate::report::filter::Month;

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
        let zh = table(&duties(), Lang::Zh);
        assert!(
            row_of(&zh, "赵家平")
                .trim_end_matches([' ', '|'])
                .ends_with(" 达标"),
            "{zh}"
        );
        assert!(row_of(&zh, "刘洋").contains("未达标"), "{zh}");
        let en = table(&duties(), Lang::En);
        assert!(row_of(&en, "赵家平").contains("met"), "{en}");
        assert!(row_of(&en, "刘洋").contains("short"), "{en}");
    }
}
