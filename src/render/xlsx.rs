//! Workbooks for people: the blank template, the monthly report, the export.
//!
//! Shared here: the cell formats (a CJK font, borders, wrapped text), column
//! widths per field, and A4 landscape print setup with the header repeated on
//! every page. Every value from the data goes in as a string or a date cell,
//! never as a formula, whatever its first character.

use crate::field::Field;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

/// 宋体 is on every Chinese Windows and is what offices print official tables in.
pub const FONT: &str = "宋体";

/// The formats of a ledger-style sheet.
pub struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub cell: Format,
    pub center: Format,
    pub date: Format,
    pub number: Format,
    pub percent: Format,
    pub money: Format,
    /// Rows to draw the eye to (overdue hazards).
    pub alert: Format,
    pub alert_date: Format,
    pub total: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let alert_fill = rust_xlsxwriter::Color::RGB(0xFCE4D6);
        Formats {
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new().set_font_name(FONT).set_font_size(10),
            header: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(rust_xlsxwriter::Color::RGB(0xD9E1F2)),
            center: base.clone().set_align(FormatAlign::Center),
            date: base
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            number: base.clone().set_align(FormatAlign::Center),
            percent: base
                .clone()
                .set_num_format("0.0%")
                .set_align(FormatAlign::Center),
            money: base.clone().set_num_format("#,##0.00"),
            alert: base.clone().set_background_color(alert_fill),
            alert_date: base
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center)
                .set_background_color(alert_fill),
            total: base.clone().set_bold().set_align(FormatAlign::Center),
            cell: base,
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

/// Column width (in characters) that fits each field's usual content.
pub fn width(field: Field) -> f64 {
    match field {
        Field::Seq => 5.0,
        Field::Unit | Field::Address => 18.0,
        Field::Hazard | Field::Measures => 28.0,
        Field::Remarks | Field::Approval => 14.0,
        Field::Phone | Field::Deadline => 13.0,
        Field::Found | Field::Closed | Field::Extension | Field::Interview | Field::Id => 12.0,
        Field::Funds => 10.0,
        Field::UnitHead
        | Field::Owner
        | Field::Level
        | Field::Status
        | Field::Dept
        | Field::Sector => 9.0,
    }
}

/// An Excel date from a calendar date.
pub fn excel_date(d: NaiveDate) -> ExcelDateTime {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .expect("dates between 1900 and 9999")
}

/// A4 landscape, fit to one page wide, rows `0..header_rows` repeated on
/// every printed page, and the header frozen on screen.
pub fn page_setup(ws: &mut Worksheet, header_rows: u32, columns: u16) -> Result<(), XlsxError> {
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.6, 0.5, 0.3, 0.3)
        .set_footer("&C第 &P 页，共 &N 页");
    ws.set_repeat_rows(0, header_rows - 1)?;
    ws.set_freeze_panes(header_rows, 0)?;
    if columns > 0 {
        ws.set_print_area(0, 0, 1_048_575, columns - 1)?;
    }
    Ok(())
}

/// Writes text as a string cell, never a formula.
pub fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, s, f)?;
    Ok(())
}

/// Writes an optional date; blank with the same format when there is none.
pub fn date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Option<NaiveDate>,
    f: &Format,
) -> Result<(), XlsxError> {
    match d {
        Some(d) => ws.write_datetime_with_format(row, col, excel_date(d), f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

/// The columns of the blank template: Annex 3 in the seed's order, then the
/// optional columns the tool understands (not 编号, which the tool assigns).
fn template_fields() -> impl Iterator<Item = Field> {
    Field::ALL.into_iter().filter(|f| *f != Field::Id)
}

/// The header the tool writes for a column: funds are written in 元 and say so,
/// so that reading the file back never guesses the unit.
pub fn written_label(field: Field) -> &'static str {
    match field {
        Field::Funds => "整改资金（元）",
        _ => field.label(),
    }
}

/// Rows of the template that carry drop-downs and date checks.
const TEMPLATE_ROWS: u32 = 500;

/// The blank Annex 3 workbook departments fill in: title, a 填报 line, the
/// header, drop-downs for 隐患等级 and 整改状态, date checks on date
/// columns, input hints, and a sheet of instructions.
pub fn template(organisation: &str) -> Result<Workbook, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("台账")?;
    let last = template_fields().count() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("{organisation}安全生产大检查问题整改台账"),
        &f.title,
    )?;
    ws.set_row_height(0, 30)?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        "填报单位：　　　　　　　　　填报人：　　　　　　　　联系电话：　　　　　　　　填报日期：　　　年　　月　　日",
        &f.subtitle,
    )?;
    for (c, field) in template_fields().enumerate() {
        let c = c as u16;
        text(ws, 2, c, written_label(field), &f.header)?;
        ws.set_column_width(c, width(field))?;
        let (first, last_row) = (3, 3 + TEMPLATE_ROWS - 1);
        if let Some(v) = validation(field)? {
            ws.add_data_validation(first, c, last_row, c, &v)?;
        }
        let format = if field.is_date() && field != Field::Deadline {
            &f.date
        } else {
            &f.cell
        };
        ws.set_column_format(c, format)?;
    }
    ws.set_row_height(2, 28)?;
    page_setup(ws, 3, last + 1)?;
    instructions(wb.add_worksheet().set_name("填表说明")?)?;
    Ok(wb)
}

fn hint(v: DataValidation, title: &str, message: &str) -> Result<DataValidation, XlsxError> {
    v.set_input_title(title)?.set_input_message(message)
}

/// The check Excel applies while a department types, with its hint.
fn validation(field: Field) -> Result<Option<DataValidation>, XlsxError> {
    let date_rule = || {
        DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(2000, 1, 1).expect("date"),
                ExcelDateTime::from_ymd(2099, 12, 31).expect("date"),
            ))
            .set_error_title("日期有误")
            .and_then(|v| v.set_error_message("请输入日期，例如 2022-06-30"))
    };
    Ok(Some(match field {
        Field::Level => hint(
            DataValidation::new().allow_list_strings(&["一般", "较大", "重大"])?,
            "隐患等级",
            "一般：立即整改；较大：限时整改；重大：挂牌整改，原则上15天内",
        )?,
        Field::Status => hint(
            DataValidation::new().allow_list_strings(&["未整改", "整改中", "已整改", "已销号"])?,
            "整改状态",
            "已销号：复查合格、验收合格",
        )?,
        Field::Found => hint(
            date_rule()?,
            "发现日期",
            "检查发现隐患的日期，如 2022-06-10",
        )?,
        Field::Closed => hint(date_rule()?, "完成日期", "整改完成或销号的日期")?,
        Field::Extension => hint(date_rule()?, "延期时限", "经批准的新整改时限")?,
        Field::Interview => hint(date_rule()?, "约谈日期", "逾期后约谈法定代表人的日期")?,
        Field::Deadline => hint(
            DataValidation::new().allow_any_value(),
            "整改时限",
            "写日期（2022-06-30、6月30日）或期限（立即整改、15日内、6月底）",
        )?,
        Field::Funds => hint(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "整改资金",
            "整改投入的资金，单位：元",
        )?,
        Field::Approval => hint(
            DataValidation::new().allow_any_value(),
            "延期审批",
            "须园区攻坚指挥部和行业主管部门两方签字，用顿号分隔",
        )?,
        _ => return Ok(None),
    }))
}

fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    let lines = [
        "填表说明",
        "1. 每发现一处隐患填一行；同一单位的多处隐患分行填写。",
        "2. 整改时限写具体日期（2022-06-30、6月30日）或期限（立即整改、3日内、7个工作日内、6月底）；不要写“尽快”“长期”。",
        "3. 隐患等级：一般隐患立即整改；较大隐患限时整改（15天内）；重大隐患挂牌整改，原则上15天内整改到位。",
        "4. 重大隐患确需延期的，填写延期时限，并在延期审批栏写明签字同意的两方（园区攻坚指挥部、行业主管部门）。",
        "5. 逾期未整改的，3天内约谈法定代表人，在约谈日期栏填写约谈日期。",
        "6. 整改措施及情况写明进展，如“已于6月20日整改完毕”；整改完成的填写完成日期。",
    ];
    let f = Formats::new();
    ws.set_column_width(0, 110)?;
    for (r, line) in lines.iter().enumerate() {
        let format = if r == 0 { &f.title } else { &f.subtitle };
        text(ws, r as u32, 0, line, format)?;
    }
    Ok(())
}

/// A cell of a report table, typed so that data is never written as a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    Text(String),
    Date(Option<NaiveDate>),
    Int(i64),
    /// A rate shown as a percentage; blank when undefined.
    Percent(Option<f64>),
    /// An amount of money in 元, two decimals.
    Money(f64),
}

impl From<&str> for XCell {
    fn from(s: &str) -> Self {
        XCell::Text(s.to_string())
    }
}

impl From<String> for XCell {
    fn from(s: String) -> Self {
        XCell::Text(s)
    }
}

impl From<usize> for XCell {
    fn from(n: usize) -> Self {
        XCell::Int(n as i64)
    }
}

/// A row of a report table; highlighted rows draw the eye (overdue hazards).
pub struct XRow {
    pub cells: Vec<XCell>,
    pub highlight: bool,
}

impl XRow {
    pub fn plain(cells: Vec<XCell>) -> XRow {
        XRow {
            cells,
            highlight: false,
        }
    }
}

/// Writes a header row at `first_row` and the rows below it; returns the row
/// after the last.
pub fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    first_row: u32,
    headers: &[(&str, f64)],
    rows: impl IntoIterator<Item = XRow>,
) -> Result<u32, XlsxError> {
    for (c, (label, w)) in headers.iter().enumerate() {
        text(ws, first_row, c as u16, label, &f.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r = first_row + 1;
    for row in rows {
        for (c, cell) in row.cells.iter().enumerate() {
            write_cell(ws, f, r, c as u16, cell, row.highlight)?;
        }
        let widths = headers.iter().map(|(_, w)| *w);
        let lines = row
            .cells
            .iter()
            .zip(widths)
            .map(|(cell, w)| lines_needed(cell, w))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, LINE_HEIGHT * lines as f64 + 2.0)?;
        }
        r += 1;
    }
    Ok(r)
}

/// Points per line of 10-point 宋体.
const LINE_HEIGHT: f64 = 13.5;

/// The lines a wrapped cell takes in a column `width` characters wide. Row
/// heights are set from this because neither Excel nor LibreOffice fits rows
/// to wrapped text in a file they did not write; CJK characters are two wide.
fn lines_needed(cell: &XCell, width: f64) -> usize {
    let XCell::Text(s) = cell else { return 1 };
    let usable = (width - 1.0).max(1.0);
    s.split('\n')
        .map(|line| {
            let w = unicode_width::UnicodeWidthStr::width(line) as f64;
            ((w / usable).ceil() as usize).max(1)
        })
        .sum::<usize>()
        .min(30)
}

/// Writes one typed cell.
pub fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    c: u16,
    cell: &XCell,
    highlight: bool,
) -> Result<(), XlsxError> {
    let (plain, day) = if highlight {
        (&f.alert, &f.alert_date)
    } else {
        (&f.cell, &f.date)
    };
    match cell {
        XCell::Text(s) => text(ws, r, c, s, plain),
        XCell::Date(d) => date(ws, r, c, *d, day),
        XCell::Int(n) => {
            ws.write_number_with_format(r, c, *n as f64, &f.number)?;
            Ok(())
        }
        XCell::Percent(Some(p)) => {
            ws.write_number_with_format(r, c, *p, &f.percent)?;
            Ok(())
        }
        XCell::Percent(None) => {
            ws.write_string_with_format(r, c, "—", &f.number)?;
            Ok(())
        }
        XCell::Money(m) => {
            ws.write_number_with_format(r, c, *m, &f.money)?;
            Ok(())
        }
    }
}

/// A sheet's title over the table's columns in row 0, and an optional note
/// in row 1, wrapped and as tall as it needs; returns the first free row.
pub fn title(
    ws: &mut Worksheet,
    f: &Formats,
    headers: &[(&str, f64)],
    title: &str,
    note: Option<&str>,
) -> Result<u32, XlsxError> {
    let last = (headers.len() as u16).saturating_sub(1);
    let merged =
        |ws: &mut Worksheet, row: u32, s: &str, format: &Format| -> Result<(), XlsxError> {
            if last == 0 {
                text(ws, row, 0, s, format)
            } else {
                ws.merge_range(row, 0, row, last, s, format).map(|_| ())
            }
        };
    merged(ws, 0, title, &f.title)?;
    ws.set_row_height(0, 30)?;
    let Some(note) = note else { return Ok(1) };
    let wrapped = f
        .subtitle
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    merged(ws, 1, note, &wrapped)?;
    let width: f64 = headers.iter().map(|(_, w)| w).sum();
    let lines = lines_needed(&XCell::Text(note.to_string()), width);
    ws.set_row_height(1, LINE_HEIGHT * lines as f64 + 2.0)?;
    Ok(2)
}
