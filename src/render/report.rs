//! The monthly submission workbook (`ledger report --month`): six sheets a
//! clerk can send as they are, laid out for A4 landscape.

use super::redact;
use super::xlsx::{self, Formats, XCell, XRow, write_table};
use crate::field::Field;
use crate::record::Hazard;
use crate::report::monthly::{Figures, Report};
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, Workbook, Worksheet, XlsxError,
};

/// How the workbook is dressed: the organisation's name, and whether phone
/// numbers and unit heads' names are masked for sharing outside the office.
pub struct Dress<'a> {
    pub organisation: &'a str,
    pub redact: bool,
}

/// Sheet names, in order.
pub const SHEETS: [&str; 6] = ["汇总", "台账", "逾期", "重大隐患", "履职", "任务"];

/// The summary's columns.
pub const SUMMARY_HEADERS: [&str; 11] = [
    "排名",
    "责任单位",
    "上月结转",
    "本月新增",
    "本月整改",
    "月末未整改",
    "其中逾期",
    "重大隐患",
    "整改率",
    "按期整改率",
    "备注",
];

/// The summary figures of one row, in [`SUMMARY_HEADERS`] order from 上月结转.
pub fn figure_cells(f: &Figures) -> Vec<XCell> {
    vec![
        f.carried.into(),
        f.new.into(),
        f.rectified.into(),
        f.open.into(),
        f.overdue.into(),
        f.open_major.into(),
        XCell::Percent(f.rectification_rate()),
        XCell::Percent(f.on_time_rate()),
    ]
}

pub fn workbook(report: &Report<'_>, dress: &Dress<'_>) -> Result<Workbook, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let month = report.summary.month;
    let period = format!("{}年{}月", month.year, month.month);
    summary(
        wb.add_worksheet().set_name(SHEETS[0])?,
        &f,
        report,
        dress,
        &period,
    )?;
    ledger(
        wb.add_worksheet().set_name(SHEETS[1])?,
        &f,
        report,
        dress,
        &period,
    )?;
    overdue(
        wb.add_worksheet().set_name(SHEETS[2])?,
        &f,
        report,
        dress,
        &period,
    )?;
    majors(
        wb.add_worksheet().set_name(SHEETS[3])?,
        &f,
        report,
        dress,
        &period,
    )?;
    duties(
        wb.add_worksheet().set_name(SHEETS[4])?,
        &f,
        report,
        dress,
        &period,
    )?;
    tasks(
        wb.add_worksheet().set_name(SHEETS[5])?,
        &f,
        report,
        dress,
        &period,
    )?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!(
                "{}安全生产大检查月报（{period}）",
                dress.organisation
            ))
            .set_author("ledger"),
    );
    Ok(wb)
}

fn as_of_note(report: &Report<'_>) -> String {
    format!(
        "统计截至 {}。整改率 = 累计已整改 ÷ 累计查出；按期整改率 = 按期整改 ÷ 已整改；逾期以整改时限（经两方批准的延期时限）计。",
        report.summary.as_of
    )
}

fn summary(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    let widths = [
        6.0, 14.0, 10.0, 10.0, 10.0, 11.0, 10.0, 10.0, 10.0, 11.0, 8.0,
    ];
    let headers: Vec<(&str, f64)> = SUMMARY_HEADERS.iter().copied().zip(widths).collect();
    let first = xlsx::title(
        ws,
        f,
        &headers,
        &format!("{}安全生产大检查月报（{period}）", dress.organisation),
        Some(&as_of_note(report)),
    )?;
    let rows = report.summary.rows.iter().map(|r| {
        let mut cells = vec![
            r.rank
                .map_or(XCell::Text(String::new()), |n| XCell::Int(n as i64)),
            r.dept.clone().into(),
        ];
        cells.extend(figure_cells(&r.figures));
        cells.push(if r.last { "末位" } else { "" }.into());
        XRow::plain(cells)
    });
    let end = write_table(ws, f, first, &headers, rows)?;
    let mut total = vec![XCell::from(""), "合计".into()];
    total.extend(figure_cells(&report.summary.total));
    total.push("".into());
    for (c, cell) in total.iter().enumerate() {
        match cell {
            XCell::Text(s) => xlsx::text(ws, end, c as u16, s, &f.total)?,
            other => xlsx::write_cell(ws, f, end, c as u16, other, false)?,
        }
    }
    xlsx::page_setup(ws, first + 1, headers.len() as u16)?;
    if !report.summary.rows.is_empty() {
        chart(ws, first + 1, end - 1, end + 2)?;
    }
    Ok(())
}

/// Open and overdue hazards per department, under the table.
fn chart(ws: &mut Worksheet, first: u32, last: u32, at: u32) -> Result<(), XlsxError> {
    let mut font = ChartFont::new();
    font.set_name(xlsx::FONT);
    let mut chart = Chart::new(ChartType::Column);
    for (col, name) in [(5u16, "月末未整改"), (6, "其中逾期")] {
        chart
            .add_series()
            .set_name(name)
            .set_categories(("汇总", first, 1, last, 1))
            .set_values(("汇总", first, col, last, col));
    }
    chart
        .title()
        .set_name("各责任单位未整改与逾期隐患")
        .set_font(&font);
    chart.x_axis().set_font(&font);
    chart.y_axis().set_font(&font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    chart.set_width(760).set_height(300);
    ws.insert_chart(at, 1, &chart)?;
    Ok(())
}

/// The Annex 3 columns, then the tool's own.
const LEDGER_FIELDS: [Field; 15] = [
    Field::Seq,
    Field::Unit,
    Field::Address,
    Field::UnitHead,
    Field::Phone,
    Field::Dept,
    Field::Owner,
    Field::Hazard,
    Field::Measures,
    Field::Deadline,
    Field::Remarks,
    Field::Id,
    Field::Level,
    Field::Found,
    Field::Status,
];

/// Phone and unit head as the dress allows.
fn private(h: &Hazard, dress: &Dress<'_>) -> (String, String) {
    if dress.redact {
        (redact::phone(&h.phone), redact::given_names(&h.unit_head))
    } else {
        (h.phone.clone(), h.unit_head.clone())
    }
}

fn ledger(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    let headers: Vec<(&str, f64)> = LEDGER_FIELDS
        .iter()
        .map(|x| (x.label(), xlsx::width(*x)))
        .collect();
    let first = xlsx::title(
        ws,
        f,
        &headers,
        &format!(
            "{}安全生产大检查问题整改台账（{period}）",
            dress.organisation
        ),
        Some("本月查出及月初尚未整改的隐患；逾期未整改的行以底色标出。"),
    )?;
    let end = report.summary.as_of;
    let rows = report.ledger.iter().enumerate().map(|(i, h)| {
        let (phone, head) = private(h, dress);
        XRow {
            cells: vec![
                XCell::Int(i as i64 + 1),
                h.unit.clone().into(),
                h.address.clone().into(),
                head.into(),
                phone.into(),
                h.dept.clone().into(),
                h.owner.clone().into(),
                h.hazard.clone().into(),
                h.measures.clone().into(),
                match h.effective_deadline() {
                    Some(d) => XCell::Date(Some(d)),
                    None => h.deadline_text.clone().into(),
                },
                h.remarks.clone().into(),
                h.id.clone().into(),
                h.level.zh().into(),
                XCell::Date(Some(h.found)),
                h.status.zh().into(),
            ],
            highlight: h.overdue_on(end),
        }
    });
    write_table(ws, f, first, &headers, rows)?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

fn overdue(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    let headers = [
        ("编号", 12.0),
        ("责任单位", 10.0),
        ("单位名称", 18.0),
        ("问题隐患", 28.0),
        ("责任人", 9.0),
        ("隐患等级", 8.0),
        ("整改时限", 12.0),
        ("逾期天数", 8.0),
        ("约谈期限", 12.0),
        ("约谈状态", 9.0),
        ("约谈日期", 12.0),
    ];
    let first = xlsx::title(
        ws,
        f,
        &headers,
        &format!("{}逾期未整改隐患（{period}）", dress.organisation),
        Some(&format!(
            "截至 {}，逾期未整改 {} 项；逾期后应在期限内约谈法定代表人。",
            report.summary.as_of,
            report.overdue.overdue.len()
        )),
    )?;
    let rows = report.overdue.overdue.iter().map(|i| XRow {
        cells: vec![
            i.hazard.id.clone().into(),
            i.hazard.dept.clone().into(),
            i.hazard.unit.clone().into(),
            i.hazard.hazard.clone().into(),
            i.hazard.owner.clone().into(),
            i.hazard.level.zh().into(),
            XCell::Date(Some(i.effective_deadline)),
            XCell::Int(i.days),
            XCell::Date(i.interview_due),
            i.interview_state.map_or("", |s| s.zh()).into(),
            XCell::Date(i.hazard.interview),
        ],
        highlight: i.interview_state == Some(crate::report::overdue::InterviewState::Overdue),
    });
    write_table(ws, f, first, &headers, rows)?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

fn majors(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    let headers = [
        ("编号", 12.0),
        ("责任单位", 10.0),
        ("单位名称", 16.0),
        ("问题隐患", 26.0),
        ("责任人", 9.0),
        ("发现日期", 11.0),
        ("整改时限", 11.0),
        ("延期时限", 11.0),
        ("延期审批", 16.0),
        ("延期有效", 8.0),
        ("整改状态", 8.0),
        ("整改措施及情况", 24.0),
    ];
    let first = xlsx::title(
        ws,
        f,
        &headers,
        &format!("{}重大隐患挂牌督办清单（{period}）", dress.organisation),
        Some("尚未整改的重大隐患；延期须园区攻坚指挥部和行业主管部门两方签字同意方为有效。"),
    )?;
    let end = report.summary.as_of;
    let rows = report.majors.iter().map(|h| XRow {
        cells: vec![
            h.id.clone().into(),
            h.dept.clone().into(),
            h.unit.clone().into(),
            h.hazard.clone().into(),
            h.owner.clone().into(),
            XCell::Date(Some(h.found)),
            XCell::Date(h.deadline),
            XCell::Date(h.extended_deadline),
            h.extension_approval.clone().into(),
            if h.extended_deadline.is_none() {
                ""
            } else if h.extension_approved {
                "是"
            } else {
                "否"
            }
            .into(),
            h.status.zh().into(),
            h.measures.clone().into(),
        ],
        highlight: h.overdue_on(end),
    });
    write_table(ws, f, first, &headers, rows)?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

fn duties(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    use crate::report::duties::{HAZARDS_REQUIRED, UNITS_REQUIRED};
    let d = &report.duties;
    let headers = [
        ("责任人", 12.0),
        ("责任单位", 14.0),
        ("检查单位数", 12.0),
        ("督促整改数", 12.0),
        ("履职", 10.0),
    ];
    let first = xlsx::title(
        ws,
        f,
        &headers,
        &format!("{}责任人履职情况（{period}）", dress.organisation),
        Some(&format!(
            "每月至少检查 {UNITS_REQUIRED} 家单位、督促整改 {HAZARDS_REQUIRED} 处隐患；各科室每月、每季度至少检查 1 次（以有隐患记录的不同发现日期计）。"
        )),
    )?;
    let mark = |short: bool| XCell::from(if short { "未达标" } else { "达标" });
    let owners = d.owners.iter().map(|o| XRow {
        cells: vec![
            o.owner.clone().into(),
            o.dept.clone().into(),
            o.units_checked.into(),
            o.hazards_rectified.into(),
            mark(o.short),
        ],
        highlight: o.short,
    });
    let end = write_table(ws, f, first, &headers, owners)?;
    let depts = d.departments.iter().map(|x| XRow {
        cells: vec![
            x.dept.clone().into(),
            x.inspections_month.into(),
            x.inspections_quarter.into(),
            mark(x.short),
        ],
        highlight: x.short,
    });
    let dept_headers = [
        ("责任单位", 12.0),
        ("本月检查", 14.0),
        ("本季度检查", 12.0),
        ("履职", 12.0),
    ];
    write_table(ws, f, end + 1, &dept_headers, depts)?;
    xlsx::page_setup(ws, first + 1, 5)
}

fn tasks(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    let headers = [
        ("编号", 7.0),
        ("措施", 6.0),
        ("重点任务", 24.0),
        ("具体要求", 36.0),
        ("责任科室", 16.0),
        ("时限", 16.0),
        ("到期日", 11.0),
        ("状态", 9.0),
    ];
    let first = xlsx::title(
        ws,
        f,
        &headers,
        &format!("{}重点任务到期情况（{period}）", dress.organisation),
        Some("截至本月末到期的重点任务（周期性任务按本期末计）。"),
    )?;
    let rows = report.tasks.iter().map(|t| XRow {
        cells: vec![
            t.task.id.clone().into(),
            XCell::Int(i64::from(t.task.measure)),
            t.task.task.clone().into(),
            t.task.requirement.clone().into(),
            t.task.departments.join("、").into(),
            match t.task.every {
                Some(e) => format!("{}（{}）", t.task.deadline_text, e.zh()),
                None => t.task.deadline_text.clone(),
            }
            .into(),
            XCell::Date(t.due),
            t.state.zh().into(),
        ],
        highlight: t.state == crate::report::tasks::TaskState::Overdue,
    });
    write_table(ws, f, first, &headers, rows)?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

/// The default file name: `<organisation>安全生产大检查月报-2022年07月.xlsx`.
pub fn default_name(organisation: &str, month: crate::report::filter::Month) -> String {
    let d = month.first_day();
    format!(
        "{organisation}安全生产大检查月报-{}年{:02}月.xlsx",
        d.year(),
        d.month()
    )
}
