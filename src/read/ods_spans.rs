//! Merged cells of an OpenDocument spreadsheet.
//!
//! calamine reads ODS values but not their spans, and a department merged
//! down its rows in WPS or LibreOffice would otherwise reach only the first
//! row. The spans sit on the cells of `content.xml` as
//! `table:number-rows-spanned` / `table:number-columns-spanned`; positions
//! are counted through the `*-repeated` attributes.

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};

/// Merged ranges by sheet name. A file whose spans cannot be read yields none:
/// the values are still read, only not spread. `content.xml` is parsed as it
/// inflates, so a crafted archive costs no more memory than its largest tag.
pub fn read(bytes: &[u8]) -> HashMap<String, Vec<Dimensions>> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return HashMap::new();
    };
    match archive.by_name("content.xml") {
        Ok(content) => spans(BufReader::new(content)),
        Err(_) => HashMap::new(),
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == name)
        .and_then(|a| a.value.parse().ok())
}

fn spans(xml: impl BufRead) -> HashMap<String, Vec<Dimensions>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out: HashMap<String, Vec<Dimensions>> = HashMap::new();
    let mut sheet = String::new();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) if e.name().0 == "table:table" => {
                sheet = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.0 == "table:name")
                    .and_then(|a| {
                        quick_xml::escape::unescape(&a.value)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .unwrap_or_default();
                row = 0;
            }
            Event::Start(e) if e.name().0 == "table:table-row" => {
                col = 0;
                row_repeat = attr(&e, "table:number-rows-repeated").unwrap_or(1);
            }
            Event::Empty(e) if e.name().0 == "table:table-row" => {
                row = row.saturating_add(attr(&e, "table:number-rows-repeated").unwrap_or(1));
            }
            Event::End(e) if e.name().0 == "table:table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(e.name().0, "table:table-cell" | "table:covered-table-cell") =>
            {
                let rows = attr(&e, "table:number-rows-spanned").unwrap_or(1);
                let cols = attr(&e, "table:number-columns-spanned").unwrap_or(1);
                if rows > 1 || cols > 1 {
                    out.entry(sheet.clone()).or_default().push(Dimensions::new(
                        (row, col),
                        (row.saturating_add(rows - 1), col.saturating_add(cols - 1)),
                    ));
                }
                col = col.saturating_add(attr(&e, "table:number-columns-repeated").unwrap_or(1));
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_placed_through_repeated_rows_and_columns() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="notes"><table:table-row><table:table-cell/></table:table-row></table:table>
            <table:table table:name="台账">
              <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="5"/>
                <table:table-cell table:number-rows-spanned="3"><text:p>应急办</text:p></table:table-cell>
                <table:table-cell table:number-columns-spanned="2"/><table:covered-table-cell/>
              </table:table-row>
              <table:table-row/>
            </table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        let got = spans(xml.as_bytes());
        assert!(!got.contains_key("notes"));
        assert_eq!(
            got["台账"],
            [
                Dimensions::new((2, 5), (4, 5)),
                Dimensions::new((2, 6), (2, 7))
            ]
        );
    }
}
