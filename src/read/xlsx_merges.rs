//! Merged cells of an xlsx workbook, found without a second XML parse.
//!
//! calamine can list merges only by tokenising each sheet's XML again, which
//! costs half as much as reading the cells. The `<mergeCell ref="A1:K1"/>`
//! elements are plain to find in the inflated XML with a byte search, once
//! the sheet's part is known from `xl/workbook.xml` and its relationships.
//! The XML is searched a chunk at a time as it inflates, so a sheet costs a
//! chunk of memory however large it is.
//!
//! The same pass bounds what calamine will buffer: calamine's XML parser holds
//! one whole item (a tag, a text, a comment) at a time, so a sheet with one
//! item longer than [`MAX_ITEM`] (no cell holds more than 32,767 characters),
//! or whose data goes on past its declared size, is refused here.

use super::{Limit, Unreadable};
use crate::ooxml;
use calamine::Dimensions;
use memchr::memmem;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// How much inflated XML is searched at a time.
const CHUNK: usize = 1 << 20;
/// The longest item of XML a sheet may hold (one found unfinished after this
/// many bytes is refused, so none longer than this and a chunk passes).
pub const MAX_ITEM: usize = 16 << 20;

/// Merged ranges by sheet name.
pub type BySheet = HashMap<String, Vec<Dimensions>>;

/// Merged ranges by sheet name; Ok(None) when the package is not laid out as
/// expected (the caller then asks calamine).
pub fn read(bytes: &[u8]) -> Result<Option<BySheet>, Unreadable> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(None);
    };
    let Some(parts) = ooxml::sheet_parts(&mut zip) else {
        return Ok(None);
    };
    let mut out = HashMap::new();
    for (name, path) in parts {
        let Ok(part) = zip.by_name(&path) else {
            return Ok(None);
        };
        out.insert(name, merges_in(&path, part)?);
    }
    Ok(Some(out))
}

/// The merges of the sheet XML read from `xml`, the part at `path`.
fn merges_in(path: &str, mut xml: impl Read) -> Result<Vec<Dimensions>, Unreadable> {
    let mut found = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let n = xml
            .read(&mut chunk)
            .map_err(|e| Unreadable::Corrupt(format!("{path}: {e}")))?;
        if n == 0 {
            return Ok(found);
        }
        pending.extend_from_slice(&chunk[..n]);
        let done = unfinished(&pending);
        found.extend(merges(&pending[..done]));
        pending.drain(..done);
        if pending.len() > MAX_ITEM {
            return Err(Unreadable::TooLarge(Limit::Item {
                part: path.to_string(),
            }));
        }
    }
}

/// Where the last unfinished item of `xml` begins: a tag, comment or CDATA
/// section without its end, or the text after the last item, which the next
/// chunk may go on.
fn unfinished(xml: &[u8]) -> usize {
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'<', &xml[at..]).map(|i| at + i) {
        let rest = &xml[open..];
        let end = if rest.starts_with(b"<!--") {
            memmem::find(rest, b"-->").map(|e| e + 3)
        } else if rest.starts_with(b"<![CDATA[") {
            memmem::find(rest, b"]]>").map(|e| e + 3)
        } else {
            memchr::memchr(b'>', rest).map(|e| e + 1)
        };
        match end {
            Some(end) => at = open + end,
            None => return open,
        }
    }
    at
}

fn merges(sheet: &[u8]) -> Vec<Dimensions> {
    ooxml::tags(sheet, b"mergeCell")
        .filter_map(|tag| range(ooxml::attribute(tag, b"ref")?))
        .collect()
}

/// `A1:K3` → zero-based (row, column) corners.
fn range(r: &[u8]) -> Option<Dimensions> {
    let s = std::str::from_utf8(r).ok()?;
    let (a, b) = s.split_once(':').unwrap_or((s, s));
    Some(Dimensions::new(cell(a)?, cell(b)?))
}

fn cell(a1: &str) -> Option<(u32, u32)> {
    let a1 = a1.replace('$', "");
    let letters = a1.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = a1[..letters].bytes().fold(0u32, |n, c| {
        n * 26 + u32::from(c.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = a1[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_cut_between_two_chunks_is_found_once() {
        let xml = br#"<worksheet><mergeCells><mergeCell ref="A1:K1"/><mergeCell ref="F4:F6"/></mergeCells></worksheet>"#;
        let cut = memchr::memmem::find(xml, b"ref=\"F4").unwrap();
        let chunks = Cursor::new(&xml[..cut]).chain(Cursor::new(&xml[cut..]));
        assert_eq!(
            merges_in("sheet1.xml", chunks).unwrap(),
            [
                Dimensions::new((0, 0), (0, 10)),
                Dimensions::new((3, 5), (5, 5))
            ]
        );
    }

    #[test]
    fn an_item_longer_than_the_bound_is_refused_whatever_it_holds() {
        let comment = format!("<worksheet><!--{}-->", "<c/>".repeat(MAX_ITEM / 2));
        let e = merges_in("sheet1.xml", comment.as_bytes()).unwrap_err();
        assert!(
            matches!(e, Unreadable::TooLarge(Limit::Item { .. })),
            "{e:?}"
        );
        let text = format!("<worksheet><c><v>{}</v></c>", "9".repeat(2 * MAX_ITEM));
        assert!(merges_in("sheet1.xml", text.as_bytes()).is_err());
    }

    #[test]
    fn many_short_items_pass_however_long_the_sheet() {
        let xml = format!(
            "<worksheet>{}</worksheet>",
            "<c><v>1</v></c>".repeat(MAX_ITEM / 8)
        );
        assert_eq!(merges_in("sheet1.xml", xml.as_bytes()).unwrap(), []);
    }

    #[test]
    fn merge_refs_with_and_without_namespace_prefixes() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>
            <mergeCells count="3"><mergeCell ref="A1:K1"/><x:mergeCell ref="F4:F6" /><mergeCell ref="$AA$10"/></mergeCells></worksheet>"#;
        assert_eq!(
            merges(xml),
            [
                Dimensions::new((0, 0), (0, 10)),
                Dimensions::new((3, 5), (5, 5)),
                Dimensions::new((9, 26), (9, 26)),
            ]
        );
    }
}
