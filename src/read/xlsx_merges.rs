//! Merged cells of an xlsx workbook, found without a second XML parse.
//!
//! calamine can list merges only by tokenising each sheet's XML again, which
//! costs half as much as reading the cells. The `<mergeCell ref="A1:K1"/>`
//! elements are plain to find in the inflated XML with a byte search, once
//! the sheet's part is known from `xl/workbook.xml` and its relationships.

use calamine::Dimensions;
use memchr::memmem;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most a sheet's XML may inflate to before we leave merges to calamine.
const MAX_PART: u64 = 1 << 30;

/// Merged ranges by sheet name, or None when the package is not laid out as
/// expected (the caller then asks calamine).
pub fn read(bytes: &[u8]) -> Option<HashMap<String, Vec<Dimensions>>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let workbook = part(&mut zip, "xl/workbook.xml")?;
    let rels = part(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let targets = relationships(&rels);
    let mut out = HashMap::new();
    for (name, rid) in sheets(&workbook) {
        let target = targets.get(&rid)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let xml = part(&mut zip, &path)?;
        out.insert(name, merges(&xml));
    }
    Some(out)
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<Vec<u8>> {
    let file = zip.by_name(path).ok()?;
    let mut bytes = Vec::with_capacity(file.size().min(MAX_PART) as usize);
    file.take(MAX_PART).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The value of `name="…"` inside one tag.
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(at) = memmem::find(&tag[from..], name) {
        let start = from + at;
        let before_ok = start == 0 || matches!(tag[start - 1], b' ' | b'\t' | b'\n' | b'\r');
        let rest = &tag[start + name.len()..];
        if before_ok && let Some(value) = rest.strip_prefix(b"=\"") {
            let end = memchr::memchr(b'"', value)?;
            return Some(&value[..end]);
        }
        from = start + 1;
    }
    None
}

/// Every tag whose local name is `local` (any namespace prefix), as the bytes
/// between `<` and `>`.
fn tags<'a>(xml: &'a [u8], local: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    memmem::find_iter(xml, local).filter_map(move |at| {
        let prefixed = at > 0 && (xml[at - 1] == b'<' || xml[at - 1] == b':');
        let follows = xml
            .get(at + local.len())
            .is_some_and(|c| matches!(c, b' ' | b'/' | b'>' | b'\t' | b'\n' | b'\r'));
        if !prefixed || !follows {
            return None;
        }
        let end = memchr::memchr(b'>', &xml[at..])?;
        Some(&xml[at..at + end])
    })
}

fn text(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    quick_xml::escape::unescape(&s).map_or_else(|_| s.to_string(), |u| u.into_owned())
}

/// (sheet name, relationship id) in workbook order.
fn sheets(workbook: &[u8]) -> Vec<(String, String)> {
    tags(workbook, b"sheet")
        .filter_map(|tag| {
            let name = attribute(tag, b"name")?;
            let rid = attribute(tag, b"r:id").or_else(|| attribute(tag, b"id"))?;
            Some((text(name), text(rid)))
        })
        .collect()
}

fn relationships(rels: &[u8]) -> HashMap<String, String> {
    tags(rels, b"Relationship")
        .filter_map(|tag| {
            Some((
                text(attribute(tag, b"Id")?),
                text(attribute(tag, b"Target")?),
            ))
        })
        .collect()
}

fn merges(sheet: &[u8]) -> Vec<Dimensions> {
    tags(sheet, b"mergeCell")
        .filter_map(|tag| range(attribute(tag, b"ref")?))
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

    #[test]
    fn sheets_and_their_parts() {
        let wb = br#"<workbook><sheets><sheet name="&#21488;&#36134;" sheetId="1" r:id="rId1"/><sheet name="notes" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
        assert_eq!(
            sheets(wb),
            [
                ("台账".to_string(), "rId1".to_string()),
                ("notes".into(), "rId2".into())
            ]
        );
        let rels = br#"<Relationships><Relationship Id="rId2" Type="x" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;
        assert_eq!(relationships(rels)["rId2"], "/xl/worksheets/sheet2.xml");
    }
}
