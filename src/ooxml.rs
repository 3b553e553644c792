//! The parts of an Office Open XML package (.xlsx) that say which part
//! holds which sheet: `xl/workbook.xml` names the sheets and their
//! relationship ids, `xl/_rels/workbook.xml.rels` gives each id its part.
//! Read with byte searches: these are small, machine-written files.

use memchr::memmem;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// A package held in memory.
pub type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The most the workbook part or its relationships may inflate to.
const MAX_INDEX_PART: u64 = 64 << 20;

/// Each sheet's name and the path of its part (`xl/worksheets/sheet3.xml`),
/// in workbook order; None when the package is not laid out as expected.
pub fn sheet_parts(zip: &mut Archive<'_>) -> Option<Vec<(String, String)>> {
    let workbook = part(zip, "xl/workbook.xml", MAX_INDEX_PART)?;
    let rels = part(zip, "xl/_rels/workbook.xml.rels", MAX_INDEX_PART)?;
    let targets = relationships(&rels);
    sheets(&workbook)
        .into_iter()
        .map(|(name, rid)| {
            let target = targets.get(&rid)?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect()
}

/// The bytes of the part at `path`, if it inflates to at most `max` bytes.
pub fn part(zip: &mut Archive<'_>, path: &str, max: u64) -> Option<Vec<u8>> {
    let file = zip.by_name(path).ok()?;
    let mut bytes = Vec::with_capacity(file.size().min(max) as usize);
    file.take(max).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The value of `name="…"` inside one tag.
pub fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
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
pub fn tags<'a>(xml: &'a [u8], local: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
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

#[cfg(test)]
mod tests {
    use super::*;

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
