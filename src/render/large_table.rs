//! Tables that grow with the store (a month's ledger, the overdue list, an
//! export), written as worksheet XML directly: rust_xlsxwriter's own
//! constant-memory mode writes the same rows several times slower
//! (BENCHMARKS.md, "Large tables").
//!
//! rust_xlsxwriter still writes everything around such a table (title,
//! header, widths, page setup) and, where the rows go, one probe row holding
//! a blank cell in each [`Style`], from which the saved file tells each
//! style's format index. The probe row is then replaced by the table's rows,
//! each such sheet compressed on its own core while its rows are written,
//! and the other parts of the file copied as they are.
//!
//! The rows are the bytes rust_xlsxwriter's constant-memory mode writes for
//! the same cells (a test holds them equal), less a stray copy of the last
//! `<row>` element that mode adds when the last row has a height, and with
//! the all-blank rows (and their borders) that mode drops.

use super::xlsx::{self, Formats, Style, XCell, XRow, excel_serial, row_height, row_lines};
use crate::ooxml;
use crate::pipeline::{fanned_out, pipelined};
use anyhow::{Context, anyhow, bail};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// The zip compression level of the whole workbook: level 1 saves in half the
/// time of the default 6, for a file about half as large again.
const LEVEL: u8 = 1;

/// XML is handed to the compressing thread in pieces of about this size.
const PIECE: usize = 256 << 10;

/// Excel's longest text in a cell, in UTF-16 units.
const MAX_TEXT: usize = 32_767;

/// The large tables of one workbook, waiting for it to be saved.
#[derive(Default)]
pub struct LargeTables<'a> {
    tables: Vec<Table<'a>>,
}

struct Table<'a> {
    sheet: String,
    /// Zero-based row of the probe, where the rows go.
    first: u32,
    widths: Vec<f64>,
    rows: Box<dyn ExactSizeIterator<Item = XRow> + Send + 'a>,
}

impl<'a> LargeTables<'a> {
    /// Writes a table's header at `first_row` of `ws` and the probe row
    /// under it; the rows are written when the workbook is saved. The table
    /// must end its sheet: nothing may be written below it.
    pub fn add(
        &mut self,
        ws: &mut Worksheet,
        f: &Formats,
        first_row: u32,
        headers: &[(&str, f64)],
        rows: impl ExactSizeIterator<Item = XRow> + Send + 'a,
    ) -> Result<(), XlsxError> {
        for (c, (label, width)) in headers.iter().enumerate() {
            xlsx::text(ws, first_row, c as u16, label, &f.header)?;
            ws.set_column_width(c as u16, *width)?;
        }
        let probe = first_row + 1;
        for (c, style) in Style::ALL.into_iter().enumerate() {
            ws.write_blank(probe, c as u16, f.of(style))?;
        }
        // The rows' count is known before they are written, so the filter's
        // range (in the sheet and in the workbook's defined names) is set
        // here whole and the saved XML needs no patching for it.
        if let Some(last_col) = (headers.len() as u16).checked_sub(1) {
            let last_row = first_row + (rows.len() as u32).max(1);
            ws.autofilter(first_row, 0, last_row, last_col)?;
        }
        self.tables.push(Table {
            sheet: ws.name(),
            first: probe,
            widths: headers.iter().map(|(_, w)| *w).collect(),
            rows: Box::new(rows),
        });
        Ok(())
    }

    /// The workbook's bytes with every table's rows in place.
    pub fn save(self, wb: &mut Workbook) -> anyhow::Result<Vec<u8>> {
        let saved = wb.set_zip_compression_level(LEVEL).save_to_buffer()?;
        if self.tables.is_empty() {
            return Ok(saved);
        }
        let mut zip = ooxml::Archive::new(Cursor::new(saved.as_slice()))?;
        let parts = ooxml::sheet_parts(&mut zip).context("the saved workbook has no sheet list")?;
        let mut jobs = Vec::with_capacity(self.tables.len());
        for table in self.tables {
            let (_, path) = parts
                .iter()
                .find(|(name, _)| *name == table.sheet)
                .ok_or_else(|| anyhow!("sheet {} is not in the saved workbook", table.sheet))?;
            let xml = ooxml::part(&mut zip, path, u64::MAX)
                .ok_or_else(|| anyhow!("sheet {} cannot be read back", table.sheet))?;
            jobs.push((path.clone(), xml, table));
        }
        let written = fanned_out(
            jobs.len(),
            |(path, xml, table): (String, Vec<u8>, Table<'_>)| {
                compressed_sheet(&path, &xml, table).map(|z| (path, z))
            },
            |fanout| {
                let mut written = Vec::with_capacity(jobs.len());
                for job in jobs {
                    fanout.submit(job, &mut |done| written.push(done));
                }
                fanout.finish(&mut |done| written.push(done));
                written
            },
        )
        .into_iter()
        .collect::<anyhow::Result<Vec<(String, Vec<u8>)>>>()?;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(saved.len())));
        for i in 0..zip.len() {
            let file = zip.by_index_raw(i)?;
            let name = file.name()?.into_owned();
            match written.iter().find(|(path, _)| *path == name) {
                Some((_, one)) => {
                    let mut one = ooxml::Archive::new(Cursor::new(one.as_slice()))?;
                    out.raw_copy_file(one.by_index_raw(0)?)?;
                }
                None => out.raw_copy_file(file)?,
            }
        }
        Ok(out.finish()?.into_inner())
    }
}

/// The sheet at `path` with the table's rows in place of its probe row, as
/// a one-part zip: compressed on a second thread as the rows are written.
fn compressed_sheet(path: &str, xml: &[u8], table: Table<'_>) -> anyhow::Result<Vec<u8>> {
    let (head, probe, tail) = split_at_probe(xml, table.first)
        .with_context(|| format!("no probe row in sheet {}", table.sheet))?;
    if !tail.starts_with(b"</sheetData>") {
        bail!(
            "sheet {}: something was written below its large table",
            table.sheet
        );
    }
    let ids = style_ids(probe).with_context(|| format!("probe row of sheet {}", table.sheet))?;
    // Zero-based; the header's row when there are no rows.
    let last_row = (table.first + table.rows.len() as u32).saturating_sub(1);
    let head = with_dimension(head, table.widths.len(), last_row);
    let (written, zip) = pipelined(
        |send| -> anyhow::Result<()> {
            let mut piece = Vec::with_capacity(PIECE + 4096);
            piece.extend_from_slice(&head);
            let mut writer = RowWriter::new(&ids, &table.widths);
            for (r, row) in (table.first..).zip(table.rows) {
                writer.row(&mut piece, r, &row)?;
                if piece.len() >= PIECE {
                    send(std::mem::replace(
                        &mut piece,
                        Vec::with_capacity(PIECE + 4096),
                    ));
                }
            }
            piece.extend_from_slice(tail);
            send(piece);
            Ok(())
        },
        |pieces| -> anyhow::Result<Vec<u8>> {
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let options = SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(i64::from(LEVEL)))
                .unix_permissions(0o600)
                .last_modified_time(zip::DateTime::default());
            zip.start_file(path, options)?;
            for piece in pieces {
                zip.write_all(&piece)?;
            }
            Ok(zip.finish()?.into_inner())
        },
    );
    // A failure to compress is the cause of any in the writing.
    zip.and_then(|zip| written.map(|()| zip))
}

/// The sheet's XML before the probe row (zero-based `row`), the probe row,
/// and what follows it.
fn split_at_probe(xml: &[u8], row: u32) -> Option<(&[u8], &[u8], &[u8])> {
    let open = format!("<row r=\"{}\"", row + 1);
    let start = memchr::memmem::find_iter(xml, open.as_bytes())
        .find(|&at| matches!(xml.get(at + open.len()), Some(b' ' | b'>' | b'/')))?;
    let end = start + memchr::memmem::find(&xml[start..], b"</row>")? + b"</row>".len();
    Some((&xml[..start], &xml[start..end], &xml[end..]))
}

/// Each style's format index, from the probe row's cells in [`Style::ALL`] order.
fn style_ids(probe: &[u8]) -> anyhow::Result<[u32; Style::ALL.len()]> {
    let mut ids = [0; Style::ALL.len()];
    let mut cells = ooxml::tags(probe, b"c");
    for id in &mut ids {
        let cell = cells
            .next()
            .ok_or_else(|| anyhow!("a style's cell is missing"))?;
        let s = ooxml::attribute(cell, b"s").ok_or_else(|| anyhow!("a cell has no format"))?;
        *id = std::str::from_utf8(s)?.parse()?;
    }
    if cells.next().is_some() {
        bail!("more cells than styles");
    }
    Ok(ids)
}

/// `head` with its `<dimension ref="…"/>` spanning `columns` columns down to
/// the zero-based `last_row`.
fn with_dimension(head: &[u8], columns: usize, last_row: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(head.len() + 16);
    let tag = b"<dimension ref=\"";
    match memchr::memmem::find(head, tag).and_then(|at| {
        let from = at + tag.len();
        memchr::memchr(b'"', &head[from..]).map(|len| (from, from + len))
    }) {
        Some((from, to)) => {
            out.extend_from_slice(&head[..from]);
            out.extend_from_slice(b"A1:");
            out.extend_from_slice(column_name(columns.saturating_sub(1) as u16).as_bytes());
            out.extend_from_slice(itoa::Buffer::new().format(last_row + 1).as_bytes());
            out.extend_from_slice(&head[to..]);
        }
        None => out.extend_from_slice(head),
    }
    out
}

/// `A`, `B`, … `Z`, `AA`, … for a zero-based column.
fn column_name(col: u16) -> String {
    crate::read::cell::column_letters(u32::from(col))
}

/// Writes table rows as `<row>` elements.
struct RowWriter<'t> {
    ids: &'t [u32; Style::ALL.len()],
    widths: &'t [f64],
    columns: Vec<String>,
    numbers: zmij::Buffer,
}

impl<'t> RowWriter<'t> {
    fn new(ids: &'t [u32; Style::ALL.len()], widths: &'t [f64]) -> Self {
        RowWriter {
            ids,
            widths,
            columns: (0..widths.len() as u16).map(column_name).collect(),
            numbers: zmij::Buffer::new(),
        }
    }

    /// One row at zero-based `r`: every cell formatted, blank ones too; as
    /// tall as its tallest wrapped cell.
    fn row(&mut self, out: &mut Vec<u8>, r: u32, row: &XRow) -> anyhow::Result<()> {
        let mut number = itoa::Buffer::new();
        let r1 = number.format(r + 1);
        out.extend_from_slice(b"<row r=\"");
        out.extend_from_slice(r1.as_bytes());
        out.push(b'"');
        let lines = row_lines(&row.cells, self.widths);
        if lines > 1 {
            // As rust_xlsxwriter stores a height: in whole pixels.
            let pixels = (row_height(lines) * 4.0 / 3.0).round() as u32;
            out.extend_from_slice(b" ht=\"");
            out.extend_from_slice((f64::from(pixels) * 0.75).to_string().as_bytes());
            out.extend_from_slice(b"\" customHeight=\"1\"");
        }
        out.push(b'>');
        for (c, cell) in row.cells.iter().enumerate() {
            let id = self.ids[Style::of(cell, row.highlight) as usize];
            let name = self.columns.get(c).map_or_else(
                || Cow::Owned(column_name(c as u16)),
                |n| Cow::Borrowed(n.as_str()),
            );
            cell_xml(out, &mut self.numbers, &name, r1, id, cell)
                .with_context(|| format!("cell {name}{r1}"))?;
        }
        out.extend_from_slice(b"</row>");
        Ok(())
    }
}

/// One cell, `<c r="B4" s="5" …>`, with its value.
fn cell_xml(
    out: &mut Vec<u8>,
    numbers: &mut zmij::Buffer,
    col: &str,
    r1: &str,
    id: u32,
    cell: &XCell,
) -> anyhow::Result<()> {
    out.extend_from_slice(b"<c r=\"");
    out.extend_from_slice(col.as_bytes());
    out.extend_from_slice(r1.as_bytes());
    out.extend_from_slice(b"\" s=\"");
    out.extend_from_slice(itoa::Buffer::new().format(id).as_bytes());
    out.push(b'"');
    let mut number = |n: f64| {
        out.extend_from_slice(b"><v>");
        // rust_xlsxwriter writes text for what is not finite; nothing here is.
        let n = if n.is_finite() { n } else { 0.0 };
        out.extend_from_slice(numbers.format_finite(n).as_bytes());
        out.extend_from_slice(b"</v></c>");
    };
    match cell {
        XCell::Text(s) if s.is_empty() => out.extend_from_slice(b"/>"),
        XCell::Text(s) => inline_text(out, s)?,
        XCell::Date(None) => out.extend_from_slice(b"/>"),
        XCell::Date(Some(d)) => match excel_serial(*d) {
            Some(serial) => number(serial),
            None => inline_text(out, &d.to_string())?,
        },
        XCell::Int(n) => number(*n as f64),
        XCell::Percent(Some(p)) => number(*p),
        XCell::Percent(None) => inline_text(out, "—")?,
        XCell::Money(m) => number(*m),
    }
    Ok(())
}

/// The rest of a text cell after its `s` attribute.
fn inline_text(out: &mut Vec<u8>, s: &str) -> anyhow::Result<()> {
    if s.len() > MAX_TEXT && s.encode_utf16().count() > MAX_TEXT {
        bail!("text longer than Excel's {MAX_TEXT} characters");
    }
    out.extend_from_slice(b" t=\"inlineStr\"><is><t");
    let whitespace = ['\t', '\n', ' '];
    if s.starts_with(whitespace) || s.ends_with(whitespace) {
        out.extend_from_slice(b" xml:space=\"preserve\"");
    }
    out.push(b'>');
    if needs_escaping(s.as_bytes()) {
        out.extend_from_slice(escape_data(&escape_escapes(s)).as_bytes());
    } else {
        out.extend_from_slice(s.as_bytes());
    }
    out.extend_from_slice(b"</t></is></c>");
    Ok(())
}

/// Whether the text holds anything [`escape_escapes`] or [`escape_data`]
/// would change: nearly never, so the common case is one pass over bytes.
fn needs_escaping(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(i, &c)| match c {
        b'&' | b'<' | b'>' | 0x00..=0x08 | 0x0B..=0x1F => true,
        b'_' => b.get(i + 1) == Some(&b'x'),
        // U+FFFE and U+FFFF: EF BF BE, EF BF BF.
        0xEF => b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    })
}

/// Text that reads like Excel's own `_xHHHH_` escapes gets its underscore
/// escaped (`_x005F_xHHHH_`), as Excel does.
fn escape_escapes(s: &str) -> Cow<'_, str> {
    const LEN: usize = "_xHHHH_".len();
    let mut escaped = Cow::Borrowed(s);
    for (at, _) in s.rmatch_indices("_x") {
        let is_escape = at + LEN <= s.len()
            && s.is_char_boundary(at + LEN - 1)
            && s[at + LEN - 1..].starts_with('_')
            && s[at + 2..at + LEN - 1]
                .chars()
                .all(|c| c.is_ascii_hexdigit());
        if is_escape {
            escaped.to_mut().replace_range(at..at, "_x005F");
        }
    }
    escaped
}

/// `&`, `<` and `>` as entities; control characters other than tab and line
/// feed, and the non-characters U+FFFE and U+FFFF, as `_xHHHH_`.
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("_x{:04X}_", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::io::Read;

    fn sheet_xml(bytes: &[u8], path: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name(path).unwrap().read_to_string(&mut xml).unwrap();
        xml
    }

    /// The `<row>` elements of a sheet.
    fn rows(xml: &str) -> Vec<String> {
        let data = xml
            .split_once("<sheetData>")
            .and_then(|(_, rest)| rest.split_once("</sheetData>"))
            .map_or("", |(data, _)| data);
        data.split("<row ")
            .skip(1)
            .map(|r| format!("<row {r}"))
            .collect()
    }

    /// Rows with each format index renamed by its order of first use: two
    /// workbooks number the same formats differently.
    fn by_first_use(rows: &[String]) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        rows.iter()
            .map(|row| {
                let mut parts = row.split(" s=\"");
                let mut out = parts.next().unwrap_or_default().to_string();
                for part in parts {
                    let (id, rest) = part.split_once('"').unwrap();
                    let k = seen.iter().position(|s| s == id).unwrap_or_else(|| {
                        seen.push(id.to_string());
                        seen.len() - 1
                    });
                    out.push_str(&format!(" s=\"style{k}\"{rest}"));
                }
                out
            })
            .collect()
    }

    fn awkward_rows() -> Vec<XRow> {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let text = |s: &str| XCell::Text(s.to_string());
        vec![
            XRow::plain(vec![
                XCell::Int(1),
                text("磁器口仓库"),
                text(""),
                XCell::Date(day(2022, 7, 15)),
                XCell::Percent(Some(0.875)),
                XCell::Money(1234.5),
            ]),
            XRow {
                cells: vec![
                    XCell::Int(2),
                    text(" 前后有空格 "),
                    text("a < b & c > d\u{1}\u{b}\u{fffe}"),
                    XCell::Date(None),
                    XCell::Percent(None),
                    XCell::Money(0.0),
                ],
                highlight: true,
            },
            XRow::plain(vec![
                XCell::Int(-3),
                text("_x0041_ and _x00zz_ and _x1234"),
                text(&"很长的整改措施说明文字".repeat(12)),
                XCell::Date(day(1899, 1, 1)),
                XCell::Percent(Some(1.0 / 3.0)),
                XCell::Money(-0.01),
            ]),
            XRow::plain(vec![text(""), text(""), text(""), XCell::Date(None)]),
            XRow::plain(vec![
                XCell::Int(4),
                text("第一行\n第二行\n第三行"),
                text("\ttab"),
                XCell::Date(day(2022, 12, 31)),
                XCell::Percent(Some(0.0)),
                XCell::Money(99999999.99),
            ]),
        ]
    }

    const HEADERS: [(&str, f64); 6] = [
        ("序号", 6.0),
        ("单位名称", 10.0),
        ("整改措施", 28.0),
        ("发现日期", 12.0),
        ("整改率", 8.0),
        ("资金", 10.0),
    ];

    #[test]
    fn rows_are_the_bytes_rust_xlsxwriter_writes_for_the_same_cells() {
        let f = Formats::new();
        let mut theirs = Workbook::new();
        let mut ws = theirs.new_worksheet_with_constant_memory().unwrap();
        ws.set_name("表").unwrap();
        xlsx::write_table(&mut ws, &f, 0, &HEADERS, awkward_rows()).unwrap();
        theirs.push_worksheet(ws);
        let theirs = theirs.save_to_buffer().unwrap();

        let mut ours = Workbook::new();
        let mut tables = LargeTables::default();
        let ws = ours.add_worksheet();
        ws.set_name("表").unwrap();
        tables
            .add(ws, &f, 0, &HEADERS, awkward_rows().into_iter())
            .unwrap();
        let ours = tables.save(&mut ours).unwrap();

        let mut expected = rows(&sheet_xml(&theirs, "xl/worksheets/sheet1.xml"));
        // Their stray repeat of the last row's element, which ours has not.
        let stray = expected.pop().unwrap();
        assert!(
            stray.starts_with("<row r=\"6\"") && stray.ends_with("/>"),
            "{stray}"
        );
        let mut got = rows(&sheet_xml(&ours, "xl/worksheets/sheet1.xml"));
        assert_eq!(got.len(), 1 + awkward_rows().len());
        // Their streamed sheet also drops a row of blank cells, borders and
        // all; ours keeps it, every cell formatted.
        let blank = got.remove(4);
        assert_eq!(blank.matches("<c r=").count(), 4, "{blank}");
        assert_eq!(blank.matches(" s=\"").count(), 4, "{blank}");
        // The header row is rust_xlsxwriter's in both; the data rows must match.
        assert_eq!(by_first_use(&got[1..]), by_first_use(&expected[1..]));
    }

    #[test]
    fn the_saved_sheet_spans_the_table_and_reads_back() {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let mut tables = LargeTables::default();
        let ws = wb.add_worksheet();
        ws.set_name("台账").unwrap();
        xlsx::text(ws, 0, 0, "标题", &f.title).unwrap();
        tables
            .add(ws, &f, 1, &HEADERS, awkward_rows().into_iter())
            .unwrap();
        wb.add_worksheet().set_name("其他").unwrap();
        let bytes = tables.save(&mut wb).unwrap();
        let xml = sheet_xml(&bytes, "xl/worksheets/sheet1.xml");
        assert!(xml.contains("<dimension ref=\"A1:F7\"/>"), "{xml}");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        let range = book.worksheet_range("台账").unwrap();
        assert_eq!(range.get_size(), (7, 6));
        assert_eq!(range.get_value((2, 1)).unwrap().to_string(), "磁器口仓库");
        assert_eq!(range.get_value((3, 1)).unwrap().to_string(), " 前后有空格 ");
        assert_eq!(
            range.get_value((6, 1)).unwrap().to_string(),
            "第一行\n第二行\n第三行"
        );
        assert!(book.worksheet_range("其他").is_ok());
    }

    #[test]
    fn writing_below_a_large_table_is_an_error_not_a_jumbled_sheet() {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let mut tables = LargeTables::default();
        let ws = wb.add_worksheet();
        tables
            .add(ws, &f, 0, &HEADERS, awkward_rows().into_iter())
            .unwrap();
        ws.write_string(20, 0, "合计").unwrap();
        let e = tables.save(&mut wb).unwrap_err();
        assert!(e.to_string().contains("below its large table"), "{e}");
    }

    #[test]
    fn a_table_without_rows_leaves_its_header_only() {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let mut tables = LargeTables::default();
        let ws = wb.add_worksheet();
        tables
            .add(ws, &f, 0, &HEADERS, Vec::new().into_iter())
            .unwrap();
        let bytes = tables.save(&mut wb).unwrap();
        let xml = sheet_xml(&bytes, "xl/worksheets/sheet1.xml");
        assert_eq!(rows(&xml).len(), 1, "{xml}");
        assert!(xml.contains("<dimension ref=\"A1:F1\"/>"), "{xml}");
    }
}
