//! The monthly submission workbook (`ledger report --month`): six sheets a
//! clerk can send as they are, laid out for A4 landscape.

use super::large_table::LargeTables;
use super::redact::{self, Redactor};
use super::xlsx::{self, Formats, XCell, XRow, write_table};
use crate::field::Field;
use crate::record::Hazard;
use crate::record::supervision::Supervision;
use crate::report::monthly::{Figures, Report};
use crate::report::period::Period;
use crate::report::statistics::Stats;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, Workbook, Worksheet, XlsxError,
};

/// How the workbook is dressed: the organisation's name, and whether phone
/// numbers and people's names are masked for sharing outside the office.
pub struct Dress<'a> {
    pub organisation: &'a str,
    /// Set when redacting: masks every text cell of every sheet.
    pub redact: Option<Redactor>,
    pub signature: Signature<'a>,
    /// A district's report: its rows are 镇街, and it has no duties or tasks
    /// of its own to show.
    pub district: bool,
}

impl Dress<'_> {
    /// What the rows of 汇总, 统计 and 报送 are.
    fn units(&self) -> &'static str {
        if self.district {
            "镇街"
        } else {
            "责任单位"
        }
    }
}

/// Who signs the report (ledger.toml's `[organisation]`): a name not given
/// is left as an underlined blank to sign by hand.
pub struct Signature<'a> {
    /// 填报单位（盖章）.
    pub unit: &'a str,
    /// 填报人.
    pub filled_by: Option<&'a str>,
    /// 审核人.
    pub reviewed_by: Option<&'a str>,
}

/// An underlined blank wide enough for a signature.
const BLANK: &str = "　　　　　　　　";

impl<'a> Signature<'a> {
    /// The signers `ledger.toml` names; the unit defaults to the organisation.
    pub fn of(organisation: &'a crate::config::Organisation) -> Signature<'a> {
        Signature {
            unit: organisation
                .reporting_unit
                .as_deref()
                .unwrap_or(&organisation.name),
            filled_by: organisation.filled_by.as_deref(),
            reviewed_by: organisation.reviewed_by.as_deref(),
        }
    }

    /// The line's parts: each label, then its value (underlined) or a blank.
    pub fn parts(&self, date: chrono::NaiveDate) -> [(&'static str, String); 4] {
        use chrono::Datelike;
        let value = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map_or_else(|| BLANK.to_string(), |v| format!("　{v}　"))
        };
        [
            ("填报单位（盖章）：", value(Some(self.unit))),
            ("　　填报人：", value(self.filled_by)),
            ("　　审核人：", value(self.reviewed_by)),
            (
                "　　填报日期：",
                format!("　{}年{}月{}日　", date.year(), date.month(), date.day()),
            ),
        ]
    }

    /// Writes the line across the table's columns at `row`.
    fn write(
        &self,
        ws: &mut Worksheet,
        row: u32,
        columns: u16,
        date: chrono::NaiveDate,
    ) -> Result<(), XlsxError> {
        let plain = rust_xlsxwriter::Format::new()
            .set_font_name(xlsx::FONT)
            .set_font_size(11);
        let underlined = plain
            .clone()
            .set_underline(rust_xlsxwriter::FormatUnderline::Single);
        let cell = plain
            .clone()
            .set_align(rust_xlsxwriter::FormatAlign::Left)
            .set_align(rust_xlsxwriter::FormatAlign::VerticalCenter);
        let parts = self.parts(date);
        let segments: Vec<(&rust_xlsxwriter::Format, &str)> = parts
            .iter()
            .flat_map(|(label, value)| [(&plain, *label), (&underlined, value.as_str())])
            .collect();
        if columns > 1 {
            ws.merge_range(row, 0, row, columns - 1, "", &cell)?;
        }
        ws.write_rich_string_with_format(row, 0, &segments, &cell)?;
        ws.set_row_height(row, 30)?;
        Ok(())
    }
}

impl Dress<'_> {
    /// A sheet's title and note; a redacted workbook says so in every title.
    fn title(
        &self,
        ws: &mut Worksheet,
        f: &Formats,
        headers: &[(&str, f64)],
        title: &str,
        note: Option<&str>,
    ) -> Result<u32, XlsxError> {
        match self.redact {
            Some(_) => xlsx::title(ws, f, headers, &format!("{title}（已脱敏）"), note),
            None => xlsx::title(ws, f, headers, title, note),
        }
    }

    /// Rows as the dress allows: every text cell masked when redacting.
    fn rows<'d, I: IntoIterator<Item = XRow, IntoIter: 'd>>(
        &'d self,
        rows: I,
    ) -> std::iter::Map<I::IntoIter, impl FnMut(XRow) -> XRow + 'd> {
        rows.into_iter().map(move |mut row| {
            if let Some(redactor) = &self.redact {
                for cell in &mut row.cells {
                    if let XCell::Text(s) = cell {
                        *s = redactor.text(s);
                    }
                }
            }
            row
        })
    }
}

/// Sheet names, in order.
pub const SHEETS: [&str; 8] = [
    "汇总",
    "统计",
    "台账",
    "逾期",
    "重大隐患",
    "履职",
    "任务",
    "报送",
];

/// The summary's columns: a month speaks of 上月/本月/月末, longer periods
/// of 期初/本期/期末.
pub fn summary_headers(period: Period) -> [&'static str; 11] {
    match period {
        Period::Month(_) => [
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
        ],
        _ => [
            "排名",
            "责任单位",
            "期初结转",
            "本期新增",
            "本期整改",
            "期末未整改",
            "其中逾期",
            "重大隐患",
            "整改率",
            "按期整改率",
            "备注",
        ],
    }
}

/// The standard statistics' columns.
pub const STATISTICS_HEADERS: [&str; 11] = [
    "责任单位",
    "检查单位数",
    "查出隐患数",
    "其中重大隐患数",
    "已整改数",
    "隐患整改率",
    "重大隐患已整改数",
    "重大隐患整改率",
    "按期整改率",
    "逾期未整改数",
    "整改资金（元）",
];

/// One row's statistics, in [`STATISTICS_HEADERS`] order from 检查单位数.
pub fn stat_cells(s: &Stats) -> Vec<XCell> {
    vec![
        s.units_checked.into(),
        s.found.into(),
        s.found_major.into(),
        s.rectified.into(),
        XCell::Percent(s.rectification_rate()),
        s.rectified_major.into(),
        XCell::Percent(s.major_rate()),
        XCell::Percent(s.on_time_rate()),
        s.overdue.into(),
        XCell::Money(super::record::yuan(s.funds)),
    ]
}

/// 月报, 季报 or 年报.
pub fn kind(period: Period) -> &'static str {
    match period {
        Period::Month(_) => "月报",
        Period::Quarter(..) => "季报",
        Period::Year(_) => "年报",
    }
}

/// The summary figures of one row, in [`summary_headers`] order from 上月结转.
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

/// The workbook's bytes.
pub fn xlsx(report: &Report<'_>, dress: &Dress<'_>) -> anyhow::Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut tables = LargeTables::default();
    let p = report.summary.period;
    let period = p.zh();
    for (name, writer) in SHEETS.into_iter().zip(WRITERS) {
        if dress.district && (name == "履职" || name == "任务") {
            continue;
        }
        let ws = wb.add_worksheet().set_name(name)?;
        match writer {
            Writer::Sheet(write) => write(ws, &f, report, dress, &period)?,
            Writer::Large(write) => write(ws, &f, report, dress, &period, &mut tables)?,
        }
    }
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!(
                "{}安全生产大检查{}（{period}）{}",
                dress.organisation,
                kind(p),
                if dress.redact.is_some() {
                    "（已脱敏）"
                } else {
                    ""
                }
            ))
            .set_author("ledger"),
    );
    tables.save(&mut wb)
}

/// Writes a whole sheet.
type SheetWriter =
    fn(&mut Worksheet, &Formats, &Report<'_>, &Dress<'_>, &str) -> Result<(), XlsxError>;

/// Writes all of a sheet but a table that grows with the store, left to `tables`.
type LargeWriter = for<'r> fn(
    &mut Worksheet,
    &Formats,
    &'r Report<'_>,
    &'r Dress<'_>,
    &str,
    &mut LargeTables<'r>,
) -> Result<(), XlsxError>;

/// What writes a sheet: the whole of it, or all but a table that grows with
/// the store (see [`LargeTables`]).
enum Writer {
    Sheet(SheetWriter),
    Large(LargeWriter),
}

/// The writer of each of [`SHEETS`], in order.
const WRITERS: [Writer; 8] = [
    Writer::Sheet(summary),
    Writer::Sheet(statistics),
    Writer::Large(ledger),
    Writer::Large(overdue),
    Writer::Large(majors),
    Writer::Sheet(duties),
    Writer::Sheet(tasks),
    Writer::Sheet(submissions),
];

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
    let mut headers: Vec<(&str, f64)> = summary_headers(report.summary.period)
        .into_iter()
        .zip(widths)
        .collect();
    headers[1].0 = dress.units();
    let first = dress.title(
        ws,
        f,
        &headers,
        &format!(
            "{}安全生产大检查{}（{period}）",
            dress.organisation,
            kind(report.summary.period)
        ),
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
    let end = write_table(ws, f, first, &headers, dress.rows(rows))?;
    let mut total = vec![XCell::from(""), "合计".into()];
    total.extend(figure_cells(&report.summary.total));
    total.push("".into());
    for (c, cell) in total.iter().enumerate() {
        match cell {
            XCell::Text(s) => xlsx::text(ws, end, c as u16, s, &f.total)?,
            other => xlsx::write_cell(ws, f, end, c as u16, other, false)?,
        }
    }
    dress
        .signature
        .write(ws, end + 2, headers.len() as u16, report.summary.as_of)?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)?;
    if !report.summary.rows.is_empty() {
        chart(ws, first + 1, end - 1, end + 4, dress.units())?;
    }
    Ok(())
}

/// Open and overdue hazards per department, under the table.
fn chart(ws: &mut Worksheet, first: u32, last: u32, at: u32, units: &str) -> Result<(), XlsxError> {
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
        .set_name(&format!("各{units}未整改与逾期隐患"))
        .set_font(&font);
    chart.x_axis().set_font(&font);
    chart.y_axis().set_font(&font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    chart.set_width(760).set_height(240);
    ws.insert_chart(at, 1, &chart)?;
    Ok(())
}

/// The Annex 3 columns, then the tool's own.
// Through 完成日期, so that a district receiving the report can count what
// was rectified on time.
const LEDGER_FIELDS: &[Field] = Field::ALL.split_at(16).0;

/// Phone and unit head as the dress allows.
fn private(h: &Hazard, dress: &Dress<'_>) -> (String, String) {
    if dress.redact.is_some() {
        (redact::phone(&h.phone), redact::given_names(&h.unit_head))
    } else {
        (h.phone.to_string(), h.unit_head.to_string())
    }
}

fn ledger<'r>(
    ws: &mut Worksheet,
    f: &Formats,
    report: &'r Report<'_>,
    dress: &'r Dress<'_>,
    period: &str,
    tables: &mut LargeTables<'r>,
) -> Result<(), XlsxError> {
    let headers: Vec<(&str, f64)> = LEDGER_FIELDS
        .iter()
        .map(|x| (x.label(), xlsx::width(*x)))
        .collect();
    let first = dress.title(
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
    let rows = report.ledger.iter().enumerate().map(move |(i, h)| {
        let (phone, head) = private(h, dress);
        XRow {
            cells: vec![
                XCell::Int(i as i64 + 1),
                h.unit.as_str().into(),
                h.address.as_str().into(),
                head.into(),
                phone.into(),
                h.dept.as_str().into(),
                h.owner.as_str().into(),
                h.hazard.as_str().into(),
                h.measures.as_str().into(),
                match h.effective_deadline() {
                    Some(d) => XCell::Date(Some(d)),
                    None => h.deadline_text.as_str().into(),
                },
                h.remarks.as_str().into(),
                h.id.as_str().into(),
                h.level.zh().into(),
                XCell::Date(Some(h.found)),
                h.status.zh().into(),
                XCell::Date(h.closed),
            ],
            highlight: h.overdue_on(end),
        }
    });
    tables.add(ws, f, first, &headers, dress.rows(rows))?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

fn overdue<'r>(
    ws: &mut Worksheet,
    f: &Formats,
    report: &'r Report<'_>,
    dress: &'r Dress<'_>,
    period: &str,
    tables: &mut LargeTables<'r>,
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
    let first = dress.title(
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
    let rows = report.overdue.overdue.iter().map(move |i| XRow {
        cells: vec![
            i.hazard.id.as_str().into(),
            i.hazard.dept.as_str().into(),
            i.hazard.unit.as_str().into(),
            i.hazard.hazard.as_str().into(),
            i.hazard.owner.as_str().into(),
            i.hazard.level.zh().into(),
            XCell::Date(Some(i.effective_deadline)),
            XCell::Int(i.days),
            XCell::Date(i.interview_due),
            i.interview_state.map_or("", |s| s.zh()).into(),
            XCell::Date(i.hazard.interview),
        ],
        highlight: i.interview_state == Some(crate::report::overdue::InterviewState::Overdue),
    });
    tables.add(ws, f, first, &headers, dress.rows(rows))?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

fn majors<'r>(
    ws: &mut Worksheet,
    f: &Formats,
    report: &'r Report<'_>,
    dress: &'r Dress<'_>,
    period: &str,
    tables: &mut LargeTables<'r>,
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
        ("挂牌督办", 8.0),
        ("督办单位", 14.0),
    ];
    let first = dress.title(
        ws,
        f,
        &headers,
        &format!("{}重大隐患挂牌督办清单（{period}）", dress.organisation),
        Some("尚未整改的重大隐患；延期须园区攻坚指挥部和行业主管部门两方签字同意方为有效。"),
    )?;
    let end = report.summary.as_of;
    let rows = report.majors.iter().map(move |h| XRow {
        cells: vec![
            h.id.as_str().into(),
            h.dept.as_str().into(),
            h.unit.as_str().into(),
            h.hazard.as_str().into(),
            h.owner.as_str().into(),
            XCell::Date(Some(h.found)),
            XCell::Date(h.deadline),
            XCell::Date(h.extended_deadline),
            h.extension_approval.as_str().into(),
            if h.extended_deadline.is_none() {
                ""
            } else if h.extension_approved {
                "是"
            } else {
                "否"
            }
            .into(),
            h.status.zh().into(),
            h.measures.as_str().into(),
            Supervision::of(h).map_or("", Supervision::zh).into(),
            Supervision::of(h).map_or("", Supervision::body).into(),
        ],
        highlight: h.overdue_on(end),
    });
    tables.add(ws, f, first, &headers, dress.rows(rows))?;
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
    let first = dress.title(ws, f, &headers,
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
    let end = write_table(ws, f, first, &headers, dress.rows(owners))?;
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
    write_table(ws, f, end + 1, &dept_headers, dress.rows(depts))?;
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
    let first = dress.title(
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
    write_table(ws, f, first, &headers, dress.rows(rows))?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

fn statistics(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    let s = &report.statistics;
    let widths = [
        14.0, 10.0, 10.0, 11.0, 9.0, 10.0, 12.0, 12.0, 10.0, 11.0, 13.0,
    ];
    let mut headers: Vec<(&str, f64)> = STATISTICS_HEADERS.iter().copied().zip(widths).collect();
    headers[0].0 = dress.units();
    let first = dress.title(ws, f, &headers,
        &format!("{}隐患排查治理统计表（{period}）", dress.organisation),
        Some(&format!(
            "统计截至 {}。按本期查出的隐患统计：已整改数为其中截至期末已整改的；逾期未整改数含各期隐患；整改资金以“整改资金”列计。",
            s.as_of
        )),
    )?;
    let rows = s.rows.iter().map(|r| {
        let mut cells = vec![XCell::from(r.dept.clone())];
        cells.extend(stat_cells(&r.stats));
        XRow::plain(cells)
    });
    let end = write_table(ws, f, first, &headers, dress.rows(rows))?;
    xlsx::text(ws, end, 0, "合计", &f.total)?;
    for (c, cell) in stat_cells(&s.total).iter().enumerate() {
        xlsx::write_cell(ws, f, end, c as u16 + 1, cell, false)?;
    }
    dress
        .signature
        .write(ws, end + 2, headers.len() as u16, report.summary.as_of)?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

fn submissions(
    ws: &mut Worksheet,
    f: &Formats,
    report: &Report<'_>,
    dress: &Dress<'_>,
    period: &str,
) -> Result<(), XlsxError> {
    let headers = [
        ("月份", 9.0),
        (dress.units(), 14.0),
        ("报送情况", 10.0),
        ("报送文件", 36.0),
        ("填报日期", 11.0),
        ("导入时间", 20.0),
        ("行数", 7.0),
    ];
    let note = report.submissions.last().map_or(String::new(), |s| {
        format!(
            "各单位每月报送台账；{}隐患排查治理统计应于 {} 前报送。",
            s.quarter.zh(),
            s.quarter_due
        )
    });
    let first = dress.title(
        ws,
        f,
        &headers,
        &format!("{}台账报送情况（{period}）", dress.organisation),
        Some(&note),
    )?;
    let mut rows = Vec::new();
    for s in &report.submissions {
        for d in &s.departments {
            if d.files.is_empty() {
                rows.push(XRow {
                    cells: vec![
                        s.month.to_string().into(),
                        d.dept.clone().into(),
                        "未报送".into(),
                    ],
                    highlight: true,
                });
            }
            for file in &d.files {
                rows.push(XRow::plain(vec![
                    s.month.to_string().into(),
                    d.dept.clone().into(),
                    "已报送".into(),
                    file.file.clone().into(),
                    XCell::Date(Some(file.as_of)),
                    super::time::local(&file.at).into(),
                    file.rows.into(),
                ]));
            }
        }
    }
    write_table(ws, f, first, &headers, dress.rows(rows))?;
    xlsx::page_setup(ws, first + 1, headers.len() as u16)
}

/// The default file name: `<organisation>安全生产大检查月报-2022年07月.xlsx`,
/// `…季报-2022年第三季度.xlsx`, `…年报-2022年度.xlsx`.
pub fn default_name(organisation: &str, period: Period) -> String {
    format!(
        "{organisation}安全生产大检查{}-{}.xlsx",
        kind(period),
        period.file_label()
    )
}
