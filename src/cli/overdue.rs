//! `ledger overdue`: what is overdue and what falls due, for the weekly meeting.

use super::output::{self, Layouts};
use super::{Format, Outcome};
use crate::division::DeptNames;
use crate::i18n::Lang;
use crate::level::Level;
use crate::render::record::RecordJson;
use crate::render::tables::{self, Line, RECORD};
use crate::render::tabular::{self, Sheet};
use crate::render::{self, table};
use crate::report::filter::Filter;
use crate::report::overdue::{self, Item, Overdue};
use crate::store::{Query, Store};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The day to judge on (default today).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<NaiveDate>,
    /// 责任单位 (department or community).
    #[arg(long, value_name = "X")]
    dept: Option<String>,
    /// 一般, 较大 or 重大.
    #[arg(long, value_name = "L", value_parser = super::parse_level_arg)]
    level: Option<Level>,
    /// Also list hazards falling due in the next N days.
    #[arg(long, value_name = "N")]
    upcoming: Option<u32>,
    /// Output format on stdout: table, csv or json (default table).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE.xlsx, .csv, .json or .txt instead of stdout; the extension decides.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Leave cells that start with = + - @ as they are in CSV output.
    #[arg(long)]
    raw: bool,
    /// Exit 1 when anything is overdue (for cron jobs and scripts).
    #[arg(long)]
    fail_if_any: bool,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    #[serde(flatten)]
    record: RecordJson<'a>,
    effective_deadline: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_overdue: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_left: Option<i64>,
    interview_due: Option<NaiveDate>,
    interview_state: Option<&'static str>,
}

#[derive(Serialize)]
struct OverdueJson<'a> {
    as_of: NaiveDate,
    overdue: Vec<ItemJson<'a>>,
    upcoming: Vec<ItemJson<'a>>,
}

fn item_json<'a>(item: &Item<'a>, overdue: bool) -> ItemJson<'a> {
    ItemJson {
        record: RecordJson::new(item.hazard, true),
        effective_deadline: item.effective_deadline,
        days_overdue: overdue.then_some(item.days),
        days_left: (!overdue).then_some(item.days),
        interview_due: item.interview_due,
        interview_state: item.interview_state.map(|s| s.key()),
    }
}

pub fn run(args: Args, lang: Lang, workspace: Option<&Path>) -> anyhow::Result<Outcome> {
    let target = output::target(args.format, args.output.as_deref(), output::ROWS)?;
    let ws = Workspace::require(workspace)?;
    let store = Store::open(&ws.root, lang)?;
    let as_of = args.as_of.unwrap_or_else(super::today);
    let names = DeptNames(ws.division.as_ref());
    let filter = Filter {
        level: args.level,
        ..Filter::all(names).with_dept(args.dept.as_deref())
    };
    // Overdue, or due within the upcoming days, and not rectified by the day.
    let query = Query {
        due_before: Some(as_of + chrono::Days::new(u64::from(args.upcoming.unwrap_or(0)))),
        open_on: Some(as_of),
        ..filter.query(&store)?
    };
    let mut hazards: Vec<_> = store
        .hazards(&query)?
        .into_iter()
        .filter(|h| filter.accepts(h))
        .collect();
    if ws.config.organisation.district {
        crate::report::district::by_member_and_dept(&mut hazards);
    }
    let report = overdue::compute(hazards.iter(), as_of, args.upcoming, &ws.config);
    let organisation = &ws.config.organisation.name;
    let layouts = Layouts {
        json: || {
            render::json(&OverdueJson {
                as_of,
                overdue: report.overdue.iter().map(|i| item_json(i, true)).collect(),
                upcoming: report
                    .upcoming
                    .iter()
                    .map(|i| item_json(i, false))
                    .collect(),
            })
        },
        table: || overdue_table(&report, args.upcoming, names, lang),
        sheets: || {
            vec![Sheet {
                name: "逾期",
                title: format!(
                    "{organisation}逾期未整改隐患（截至 {as_of}，{} 项）",
                    report.overdue.len()
                ),
                heads: tabular::heads(&RECORD)
                    .chain(tabular::heads(&tables::overdue()))
                    .collect(),
                rows: Box::new(lines(&report).collect::<Vec<_>>().into_iter().map(|line| {
                    let mut row = tabular::cells(&RECORD, line.item.hazard);
                    row.extend(tabular::cells(&tables::overdue(), &line));
                    row
                })),
                lang,
            }]
        },
    };
    output::deliver(target, layouts, args.raw, lang)?;
    Ok(if args.fail_if_any && !report.overdue.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

/// The overdue items, then those falling due.
fn lines<'r, 'a>(report: &'r Overdue<'a>) -> impl Iterator<Item = Line<'r, 'a>> {
    let overdue = report.overdue.iter().map(|item| Line {
        item,
        overdue: true,
    });
    let upcoming = report.upcoming.iter().map(|item| Line {
        item,
        overdue: false,
    });
    overdue.chain(upcoming)
}

fn overdue_table(
    report: &Overdue<'_>,
    upcoming: Option<u32>,
    names: DeptNames<'_>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    out.push_str(&lang.pick(
        format!(
            "截至 {}，逾期未整改 {} 项\n",
            report.as_of,
            report.overdue.len()
        ),
        format!("as of {}: {} overdue\n", report.as_of, report.overdue.len()),
    ));
    let mut depts: Vec<String> = Vec::new();
    for item in &report.overdue {
        let dept = names.canonical(&item.hazard.dept);
        if !depts.iter().any(|d| *d == dept) {
            depts.push(dept.to_owned());
        }
    }
    for dept in &depts {
        let items: Vec<&Item<'_>> = report
            .overdue
            .iter()
            .filter(|i| names.canonical(&i.hazard.dept) == dept.as_str())
            .collect();
        out.push_str(&format!(
            "\n【{}】{}\n",
            if dept.is_empty() { "—" } else { dept },
            lang.pick(
                format!("{} 项", items.len()),
                format!("{} overdue", items.len())
            )
        ));
        let headers = [
            lang.pick("编号", "id"),
            lang.pick("单位名称", "unit"),
            lang.pick("问题隐患", "hazard"),
            lang.pick("责任人", "owner"),
            lang.pick("等级", "level"),
            lang.pick("整改时限", "deadline"),
            lang.pick("逾期天数", "days"),
            lang.pick("约谈", "interview"),
        ];
        let rows = items.iter().map(|i| {
            let interview = match (i.interview_state, i.interview_due) {
                (Some(s), Some(due)) => format!("{} {}", lang.pick(s.zh(), s.key()), due),
                (Some(s), None) => lang.pick(s.zh(), s.key()).to_string(),
                _ => String::new(),
            };
            vec![
                i.hazard.id.to_string(),
                i.hazard.unit.to_string(),
                i.hazard.hazard.to_string(),
                i.hazard.owner.to_string(),
                lang.pick(i.hazard.level.zh(), i.hazard.level.en())
                    .to_string(),
                i.effective_deadline.to_string(),
                i.days.to_string(),
                interview,
            ]
        });
        out.push_str(&table::table(&headers, rows).to_string());
        out.push('\n');
    }
    if let Some(n) = upcoming {
        out.push_str(&lang.pick(
            format!("\n未来 {n} 天内到期 {} 项\n", report.upcoming.len()),
            format!(
                "\nfalling due in the next {n} days: {}\n",
                report.upcoming.len()
            ),
        ));
        if !report.upcoming.is_empty() {
            let headers = [
                lang.pick("编号", "id"),
                lang.pick("责任单位", "dept"),
                lang.pick("单位名称", "unit"),
                lang.pick("问题隐患", "hazard"),
                lang.pick("整改时限", "deadline"),
                lang.pick("剩余天数", "days left"),
            ];
            let rows = report.upcoming.iter().map(|i| {
                vec![
                    i.hazard.id.to_string(),
                    i.hazard.dept.to_string(),
                    i.hazard.unit.to_string(),
                    i.hazard.hazard.to_string(),
                    i.effective_deadline.to_string(),
                    i.days.to_string(),
                ]
            });
            out.push_str(&table::table(&headers, rows).to_string());
            out.push('\n');
        }
    }
    out
}
