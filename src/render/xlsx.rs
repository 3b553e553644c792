//! Workbooks for people: the blank template, the monthly report, the export.
//!
//! Shared here: the cell formats (a CJK font, borders, wrapped text), column
//! widths per field, and A4 landscape print setup with the header repeated on
//! every page. Every value from the data goes in as a string or a date cell,
//! never as a formula, whatever its first character.

use crate::field::Field;
use chrono::NaiveDate;
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
pub const fn width(field: Field) -> f64 {
    match field {
        Field::Seq => 5.0,
        Field::Unit | Field::Address => 18.0,
        Field::Hazard | Field::Measures => 28.0,
        Field::Remarks | Field::Approval => 14.0,
        Field::Phone | Field::Deadline => 13.0,
        Field::Found | Field::Closed | Field::Extension | Field::Interview | Field::Id => 12.0,
        Field::Funds => 10.0,
        Field::Code | Field::Location => 12.0,
        Field::Inspector | Field::Reviewer | Field::ReviewResult => 9.0,
        Field::UnitHead
        | Field::Owner
        | Field::Level
        | Field::Status
        | Field::Dept
        | Field::Sector => 9.0,
    }
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

/// The columns of the blank template: Annex 3 in the seed's order, then the
/// optional columns the tool understands (not 编号, which the tool assigns).
fn template_fields() -> impl Iterator<Item = Field> {
    Field::ALL
        .into_iter()
        .filter(|f| *f != Field::Id && !Field::OTHER_SYSTEMS.contains(f))
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
pub fn validation(field: Field) -> Result<Option<DataValidation>, XlsxError> {
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

/// The 填表说明 column's width, in Excel's units (about a Latin digit each).
const INSTRUCTIONS_WIDTH: f64 = 90.0;

/// The template's 填表说明, a row each: short enough for an A4 page in
/// portrait, so that printed, no line runs off the page whatever the
/// program's fonts (a cell's wrapping is not shown alike everywhere).
const INSTRUCTIONS: [&str; 10] = [
    "填表说明",
    "1. 每发现一处隐患填一行；同一单位的多处隐患分行填写。",
    "2. 整改时限写具体日期（2022-06-30、6月30日）",
    "   或期限（立即整改、3日内、7个工作日内、6月底）；不要写“尽快”“长期”。",
    "3. 隐患等级：一般隐患立即整改；较大隐患限时整改（15天内）；",
    "   重大隐患挂牌整改，原则上15天内整改到位。",
    "4. 重大隐患确需延期的，填写延期时限，",
    "   并在延期审批栏写明签字同意的两方（园区攻坚指挥部、行业主管部门）。",
    "5. 逾期未整改的，3天内约谈法定代表人，在约谈日期栏填写约谈日期。",
    "6. 整改措施及情况写明进展，如“已于6月20日整改完毕”；整改完成的填写完成日期。",
];

fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    let f = Formats::new();
    ws.set_column_width(0, INSTRUCTIONS_WIDTH)?;
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
    for (r, line) in INSTRUCTIONS.iter().enumerate() {
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

impl XCell {
    /// Empty text or a missing date: written as a formatted blank cell.
    fn is_blank(&self) -> bool {
        matches!(self, XCell::Text(s) if s.is_empty()) || *self == XCell::Date(None)
    }
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
    for (c, (label, _)) in headers.iter().enumerate() {
        text(ws, first_row, c as u16, label, &f.header)?;
    }
    let widths: Vec<f64> = headers.iter().map(|(_, w)| *w).collect();
    let written = write_rows(
        ws,
        f,
        first_row + 1,
        rows.into_iter().map(|row| Prepared::of(row, &widths)),
    );
    // Widths are set last: rust_xlsxwriter looks every unformatted write up
    // among the columns given widths, a hash per cell while there are any,
    // and writes the widths out only when the workbook is saved.
    for (c, (_, w)) in headers.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    written
}

/// A table row ready to be written.
struct Prepared {
    cells: Vec<XCell>,
    /// Runs of adjacent cells sharing a style: first and last column.
    runs: Vec<(u16, u16, Style)>,
    /// Text lines of the tallest cell.
    lines: usize,
    /// The style of an all-blank row's first cell (see [`write_rows`]).
    blank: Option<Style>,
}

impl Prepared {
    fn of(row: XRow, widths: &[f64]) -> Prepared {
        let styles: Vec<Style> = row
            .cells
            .iter()
            .map(|cell| Style::of(cell, row.highlight))
            .collect();
        let mut runs = Vec::new();
        let mut first = 0;
        for run in styles.chunk_by(|a, b| a == b) {
            let last = first + run.len() - 1;
            runs.push((first as u16, last as u16, run[0]));
            first = last + 1;
        }
        let lines = row_lines(&row.cells, widths);
        let blank = row
            .cells
            .iter()
            .all(XCell::is_blank)
            .then(|| styles.first().copied())
            .flatten();
        Prepared {
            cells: row.cells,
            runs,
            lines,
            blank,
        }
    }
}

/// Writes rows and their heights from `first`; returns the row after the last.
///
/// rust_xlsxwriter finds a format's index by hashing the whole format, once
/// per formatted write: a run of cells is formatted with one lookup
/// (`set_range_format`). Only the row being written is touched, so that a
/// constant-memory sheet takes these rows too. Tables that grow with the
/// store do not come here: see [`super::large_table`].
fn write_rows(
    ws: &mut Worksheet,
    f: &Formats,
    first: u32,
    rows: impl Iterator<Item = Prepared>,
) -> Result<u32, XlsxError> {
    let mut blank_last_row = None;
    let mut r = first;
    for row in rows {
        for (c, cell) in row.cells.into_iter().enumerate() {
            write_value(ws, r, c as u16, cell)?;
        }
        for (from, to, style) in row.runs {
            ws.set_range_format(r, from, r, to, f.of(style))?;
        }
        if row.lines > 1 {
            ws.set_row_height(r, row_height(row.lines))?;
        }
        blank_last_row = row.blank;
        r += 1;
    }
    // rust_xlsxwriter writes rows up to the last one holding a value, and a
    // format alone does not count: an all-blank last row needs a blank cell.
    if let Some(style) = blank_last_row {
        ws.write_blank(r - 1, 0, f.of(style))?;
    }
    Ok(r)
}

/// Points per line of 10-point 宋体.
const LINE_HEIGHT: f64 = 13.5;

/// The height in points of a row `lines` lines tall.
pub fn row_height(lines: usize) -> f64 {
    LINE_HEIGHT * lines as f64 + 2.0
}

/// The lines of a row's tallest cell, its cells in columns `widths` wide.
pub fn row_lines(cells: &[XCell], widths: &[f64]) -> usize {
    cells
        .iter()
        .zip(widths)
        .map(|(cell, w)| lines_needed(cell, *w))
        .max()
        .unwrap_or(1)
}

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

/// Writes one typed cell with its format.
pub fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    c: u16,
    cell: &XCell,
    highlight: bool,
) -> Result<(), XlsxError> {
    let format = f.of(Style::of(cell, highlight));
    if cell.is_blank() {
        ws.write_blank(r, c, format)?;
    } else {
        write_value(ws, r, c, cell.clone())?;
        ws.set_range_format(r, c, r, c, format)?;
    }
    Ok(())
}

/// Writes a cell's value without a format; [`write_rows`] or [`write_cell`] adds it.
/// A missing date writes nothing: the format makes the blank cell.
fn write_value(ws: &mut Worksheet, r: u32, c: u16, cell: XCell) -> Result<(), XlsxError> {
    match cell {
        XCell::Text(s) => ws.write_string(r, c, s)?,
        XCell::Date(None) => ws,
        XCell::Date(Some(d)) => match excel_serial(d) {
            Some(serial) => ws.write_number(r, c, serial)?,
            None => ws.write_string(r, c, d.to_string())?,
        },
        XCell::Int(n) => ws.write_number(r, c, n as f64)?,
        XCell::Percent(Some(p)) => ws.write_number(r, c, p)?,
        XCell::Percent(None) => ws.write_string(r, c, "—")?,
        XCell::Money(m) => ws.write_number(r, c, m)?,
    };
    Ok(())
}

/// The day number Excel stores for a date, for the dates Excel can show
/// (1900-03-01, past its fictitious 1900-02-29, to 9999-12-31); other dates
/// are written as text.
pub(super) fn excel_serial(d: NaiveDate) -> Option<f64> {
    let first = NaiveDate::from_ymd_opt(1900, 3, 1)?;
    let last = NaiveDate::from_ymd_opt(9999, 12, 31)?;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (first..=last)
        .contains(&d)
        .then(|| (d - epoch).num_days() as f64)
}

/// How a table cell is formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Cell,
    Date,
    Number,
    Percent,
    Money,
    Alert,
    AlertDate,
}

impl Style {
    /// Every style, in declaration order: `style as usize` is its place here.
    pub(super) const ALL: [Style; 7] = [
        Style::Cell,
        Style::Date,
        Style::Number,
        Style::Percent,
        Style::Money,
        Style::Alert,
        Style::AlertDate,
    ];

    pub(super) fn of(cell: &XCell, highlight: bool) -> Style {
        match (cell, highlight) {
            (XCell::Text(_), false) => Style::Cell,
            (XCell::Text(_), true) => Style::Alert,
            (XCell::Date(_), false) => Style::Date,
            (XCell::Date(_), true) => Style::AlertDate,
            (XCell::Int(_) | XCell::Percent(None), _) => Style::Number,
            (XCell::Percent(Some(_)), _) => Style::Percent,
            (XCell::Money(_), _) => Style::Money,
        }
    }
}

impl Formats {
    pub(super) fn of(&self, style: Style) -> &Format {
        match style {
            Style::Cell => &self.cell,
            Style::Date => &self.date,
            Style::Number => &self.number,
            Style::Percent => &self.percent,
            Style::Money => &self.money,
            Style::Alert => &self.alert,
            Style::AlertDate => &self.alert_date,
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
    ws.set_row_height(1, row_height(lines))?;
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn every_line_of_the_instructions_fits_its_column() {
        for line in INSTRUCTIONS {
            let shown = unicode_width::UnicodeWidthStr::width(line) as f64;
            assert!(shown <= INSTRUCTIONS_WIDTH - 10.0, "{shown}: {line}");
        }
    }

    /// The `s` (format index) attribute of every cell in the first sheet, by reference.
    fn cell_styles(wb: &mut Workbook) -> Vec<(String, String)> {
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml.split("<c r=\"")
            .skip(1)
            .map(|c| {
                let reference = c.split('"').next().unwrap().to_string();
                let style = c
                    .split_once(" s=\"")
                    .filter(|(before, _)| !before.contains('>'))
                    .map_or("", |(_, after)| after.split('"').next().unwrap());
                (reference, style.to_string())
            })
            .collect()
    }

    fn style_of<'a>(styles: &'a [(String, String)], cell: &str) -> &'a str {
        &styles
            .iter()
            .find(|(r, _)| r == cell)
            .unwrap_or_else(|| panic!("{cell} missing: {styles:?}"))
            .1
    }

    fn table(rows: Vec<XRow>) -> Vec<(String, String)> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        write_table(
            ws,
            &Formats::new(),
            0,
            &[("单位名称", 10.0), ("发现日期", 10.0)],
            rows,
        )
        .unwrap();
        cell_styles(&mut wb)
    }

    fn row(unit: &str, found: Option<NaiveDate>, highlight: bool) -> XRow {
        XRow {
            cells: vec![unit.into(), XCell::Date(found)],
            highlight,
        }
    }

    #[test]
    fn every_table_cell_is_formatted_even_when_empty() {
        let day = NaiveDate::from_ymd_opt(2022, 7, 1);
        let styles = table(vec![row("甲", day, false), row("", None, false)]);
        for cell in ["A2", "B2", "A3", "B3"] {
            assert_ne!(style_of(&styles, cell), "", "{cell} has no format");
        }
        assert_eq!(style_of(&styles, "A2"), style_of(&styles, "A3"));
        assert_eq!(style_of(&styles, "B2"), style_of(&styles, "B3"));
        assert_ne!(style_of(&styles, "A2"), style_of(&styles, "B2"));
    }

    #[test]
    fn a_highlighted_row_breaks_the_run_and_the_next_row_is_plain_again() {
        let day = NaiveDate::from_ymd_opt(2022, 7, 1);
        let styles = table(vec![
            row("甲", day, false),
            row("乙", day, true),
            row("丙", day, false),
        ]);
        assert_ne!(style_of(&styles, "A3"), style_of(&styles, "A2"));
        assert_ne!(style_of(&styles, "B3"), style_of(&styles, "B2"));
        assert_eq!(style_of(&styles, "A4"), style_of(&styles, "A2"));
        assert_eq!(style_of(&styles, "B4"), style_of(&styles, "B2"));
    }

    #[test]
    fn a_style_as_a_number_is_its_place_among_all_styles() {
        for (i, style) in Style::ALL.into_iter().enumerate() {
            assert_eq!(style as usize, i);
        }
    }

    #[test]
    fn dates_are_excel_day_numbers_where_excel_can_show_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(excel_serial(day(2022, 7, 1)), Some(44743.0));
        assert_eq!(excel_serial(day(1900, 3, 1)), Some(61.0));
        assert_eq!(excel_serial(day(1900, 2, 28)), None);
        assert_eq!(excel_serial(day(10000, 1, 1)), None);
    }
}
