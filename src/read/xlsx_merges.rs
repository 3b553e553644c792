//! Merged cells of an xlsx workbook, found without a second XML parse.
//!
//! calamine can list merges only by tokenising each sheet's XML again, which
//! costs half as much as reading the cells. The `<mergeCell ref="A1:K1"/>`
//! elements are plain to find in the inflated XML with a byte search, once
//! the sheet's part is known from `xl/workbook.xml` and its relationships.

use crate::ooxml;
use calamine::Dimensions;
use std::collections::HashMap;
use std::io::Cursor;

/// The most a sheet's XML may inflate to before we leave merges to calamine.
const MAX_PART: u64 = 1 << 30;

/// Merged ranges by sheet name, or None when the package is not laid out as
/// expected (the caller then asks calamine).
pub fn read(bytes: &[u8]) -> Option<HashMap<String, Vec<Dimensions>>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = HashMap::new();
    for (name, path) in ooxml::sheet_parts(&mut zip)? {
        let xml = ooxml::part(&mut zip, &path, MAX_PART)?;
        out.insert(name, merges(&xml));
    }
    Some(out)
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
