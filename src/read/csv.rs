//! CSV and tab-separated text: encoding and delimiter detection, then streaming.
//!
//! Clerks' CSV files come from Excel or WPS on Chinese Windows: GB18030/GBK
//! unless saved as "CSV UTF-8" (with a BOM), sometimes "Unicode text" (UTF-16,
//! tab-separated). The whole file is decoded once into a string; records are
//! then parsed one at a time into a reused buffer.

use super::header::Columns;
use super::header::{self, SEARCH_ROWS};
use super::{RowView, SheetLayout, SheetSummary, SheetWalk, Unreadable, Visitor};
use ::csv::{ByteRecord, ReaderBuilder, StringRecord};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// The text encodings a CSV file may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Gb18030,
}

/// Decodes the file's bytes, telling the encoding by BOM, then by UTF-8
/// validity, else GB18030 (a superset of GBK and GB2312). Bytes that are valid
/// in none of them make the file unreadable rather than silently garbled.
pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), Unreadable> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| Unreadable::Encoding)?;
        return Ok((text.to_string(), Encoding::Utf8Bom));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, rest) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, &bytes[2..])
        } else {
            (encoding_rs::UTF_16BE, &bytes[2..])
        };
        let (text, had_errors) = enc.decode_without_bom_handling(rest);
        if had_errors {
            return Err(Unreadable::Encoding);
        }
        return Ok((text.into_owned(), Encoding::Utf16));
    }
    if bytes.contains(&0) {
        return Err(Unreadable::NotText);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Encoding::Utf8)),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
            if had_errors {
                return Err(Unreadable::Encoding);
            }
            Ok((text.into_owned(), Encoding::Gb18030))
        }
    }
}

/// The delimiter that splits the first lines most consistently: comma, tab or
/// semicolon. Quoted text is skipped so commas inside quoted cells don't vote.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut lines = 0;
    for b in text.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                lines += 1;
                if lines >= SEARCH_ROWS + 2 {
                    break;
                }
            }
            b',' if !in_quotes => counts[0] += 1,
            b'\t' if !in_quotes => counts[1] += 1,
            b';' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b'\t', b';'];
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        delimiters[best]
    }
}

/// Reads CSV bytes as one sheet (named "") into `visitor`.
pub fn read<C: Columns>(
    bytes: Vec<u8>,
    visitor: &mut dyn Visitor<C>,
) -> Result<Vec<SheetSummary>, Unreadable> {
    let (text, _) = decode(bytes)?;
    parse_text(&text, visitor)
}

fn parse_text<C: Columns>(
    text: &str,
    visitor: &mut dyn Visitor<C>,
) -> Result<Vec<SheetSummary>, Unreadable> {
    if crate::text::trim(text).is_empty() {
        return Err(Unreadable::Empty);
    }
    let delimiter = sniff_delimiter(text);
    let tail = tail_records(text, delimiter);
    parse(records(text.as_bytes(), delimiter), tail, visitor)
}

/// How much of a file's start and end is read to sniff the delimiter and to
/// find a footer.
const EDGE: usize = 64 << 10;

/// Reads a CSV file as one sheet into `visitor`, and its fingerprint. A
/// UTF-8 file is validated and hashed in one pass, then parsed as it is read
/// again, so a million-row file is never held whole; other encodings are
/// decoded in memory.
pub fn read_path<C: Columns>(
    path: &Path,
    visitor: &mut dyn Visitor<C>,
) -> Result<(Vec<SheetSummary>, u64), Unreadable> {
    let scan = scan(path)?;
    if !scan.utf8 {
        let bytes = std::fs::read(path).map_err(io)?;
        return Ok((read(bytes, visitor)?, scan.fingerprint));
    }
    let head = String::from_utf8_lossy(&scan.head);
    if crate::text::trim(&head).is_empty() {
        return Err(Unreadable::Empty);
    }
    let delimiter = sniff_delimiter(&head);
    let tail = tail_records(&String::from_utf8_lossy(&scan.tail), delimiter);
    let mut file = BufReader::with_capacity(1 << 20, File::open(path).map_err(io)?);
    if scan.bom {
        file.seek_relative(3).map_err(io)?;
    }
    let reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(file);
    Ok((parse(reader, tail, visitor)?, scan.fingerprint))
}

fn io(e: std::io::Error) -> Unreadable {
    Unreadable::from(e)
}

/// One pass over a text file.
struct Scan {
    fingerprint: u64,
    /// Valid UTF-8 throughout (after a UTF-8 BOM, if any).
    utf8: bool,
    bom: bool,
    head: Vec<u8>,
    /// The last [`EDGE`] bytes, from the first line break on.
    tail: Vec<u8>,
}

fn scan(path: &Path) -> Result<Scan, Unreadable> {
    let mut file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let mut fingerprint = super::Fingerprint::new(len);
    let mut chunk = vec![0u8; 1 << 20];
    let mut pending: Vec<u8> = Vec::new();
    let (mut head, mut utf8, mut first) = (Vec::new(), true, true);
    let mut bom = false;
    loop {
        let n = file.read(&mut chunk).map_err(io)?;
        if n == 0 {
            break;
        }
        let mut data = &chunk[..n];
        fingerprint.update(data);
        if first {
            first = false;
            if data.starts_with(b"\xFF\xFE") || data.starts_with(b"\xFE\xFF") {
                utf8 = false;
            }
            if let Some(rest) = data.strip_prefix(b"\xEF\xBB\xBF") {
                bom = true;
                data = rest;
            }
            head = data[..data.len().min(EDGE)].to_vec();
        }
        if utf8 && memchr::memchr(0, data).is_some() {
            return Err(Unreadable::NotText);
        }
        if utf8 {
            pending.extend_from_slice(data);
            // simdutf8: the whole file is validated before it is parsed, and
            // std's validator is several times slower on Chinese text.
            match simdutf8::compat::from_utf8(&pending) {
                Ok(_) => pending.clear(),
                Err(e) if e.error_len().is_none() => {
                    pending.drain(..e.valid_up_to()).for_each(drop)
                }
                Err(_) => utf8 = false,
            }
        }
    }
    utf8 &= pending.is_empty();
    let tail = if utf8 {
        let from = len.saturating_sub(EDGE as u64);
        file.seek(SeekFrom::Start(from)).map_err(io)?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail).map_err(io)?;
        match (from > 0, memchr::memchr(b'\n', &tail)) {
            (true, Some(nl)) => tail.split_off(nl + 1),
            _ => tail,
        }
    } else {
        Vec::new()
    };
    Ok(Scan {
        fingerprint: fingerprint.finish(),
        utf8,
        bom,
        head,
        tail,
    })
}

/// Finds the header in the first rows, then walks every row.
fn parse<C: Columns, R: Read>(
    mut reader: ::csv::Reader<R>,
    tail: Vec<StringRecord>,
    visitor: &mut dyn Visitor<C>,
) -> Result<Vec<SheetSummary>, Unreadable> {
    let mut top: Vec<StringRecord> = Vec::new();
    let mut record = StringRecord::new();
    while top.len() <= SEARCH_ROWS && next(&mut reader, &mut record)? {
        top.push(record.clone());
    }
    let texts: Vec<Vec<String>> = top
        .iter()
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let Some(found) = header::detect::<C>(&header::TopRows {
        rows: &texts,
        spans: &[],
        fill_left: true,
    }) else {
        return Ok(vec![SheetSummary {
            name: String::new(),
            header_row: None,
            rows: 0,
        }]);
    };
    let layout = SheetLayout {
        name: String::new(),
        title: title_lines(&top[..found.row as usize]),
        footer: super::footer_lines(&found, tail.iter().rev().map(RowView::Record)),
        header: found,
    };
    visitor.sheet(&layout);
    let mut walk = SheetWalk {
        visitor,
        header: layout.header.clone(),
        rows: 0,
    };
    let start = layout.header.data_start();
    for (i, r) in top.iter().enumerate().skip(start as usize) {
        walk.row(i as u32, RowView::Record(r));
    }
    // The bulk of the rows: read as bytes and checked as UTF-8 a record at a
    // time with simdutf8, several times faster on Chinese text than the
    // field-by-field check of a StringRecord.
    let mut row = top.len() as u32;
    let mut record = ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| Unreadable::Corrupt(e.to_string()))?
    {
        let text = simdutf8::basic::from_utf8(record.as_slice()).map_err(|_| {
            let line = record.position().map_or(0, |p| p.line());
            Unreadable::Corrupt(format!("line {line}: not valid UTF-8"))
        })?;
        walk.row(
            row,
            RowView::Checked {
                text,
                record: &record,
            },
        );
        row += 1;
    }
    Ok(vec![SheetSummary {
        name: String::new(),
        header_row: Some(layout.header.row),
        rows: walk.rows,
    }])
}

fn records(text: &[u8], delimiter: u8) -> ::csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text)
}

/// How many lines from the end may hold footer lines.
const TAIL_LINES: usize = 12;

/// The records of the last lines of the file, where a footer would be; read
/// separately so a million-row file need not be held to find its 填报日期.
fn tail_records(text: &str, delimiter: u8) -> Vec<StringRecord> {
    let trimmed = text.trim_end();
    let start = trimmed
        .rmatch_indices('\n')
        .nth(TAIL_LINES - 1)
        .map_or(0, |(i, _)| i + 1);
    let mut reader = records(&trimmed.as_bytes()[start..], delimiter);
    reader.records().map_while(Result::ok).collect()
}

fn next<R: Read>(
    reader: &mut ::csv::Reader<R>,
    record: &mut StringRecord,
) -> Result<bool, Unreadable> {
    reader
        .read_record(record)
        .map_err(|e| Unreadable::Corrupt(e.to_string()))
}

fn title_lines(rows: &[StringRecord]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(crate::text::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, e) = decode("序号,单位名称".as_bytes().to_vec()).unwrap();
        assert_eq!((t.as_str(), e), ("序号,单位名称", Encoding::Utf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("序号".as_bytes());
        let (t, e) = decode(bom).unwrap();
        assert_eq!((t.as_str(), e), ("序号", Encoding::Utf8Bom));
    }

    #[test]
    fn gb18030_is_decoded() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("序号,单位名称,整改时限\n1,磁器口餐馆,6月底");
        let (t, e) = decode(bytes.into_owned()).unwrap();
        assert_eq!(e, Encoding::Gb18030);
        assert!(t.contains("磁器口餐馆"));
    }

    #[test]
    fn utf16_unicode_text_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "序号\t单位名称".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (t, e) = decode(bytes).unwrap();
        assert_eq!((t.as_str(), e), ("序号\t单位名称", Encoding::Utf16));
    }

    #[test]
    fn binary_and_undecodable_bytes_are_refused() {
        assert_eq!(decode(vec![0x50, 0x00, 0x01]), Err(Unreadable::NotText));
        assert_eq!(
            decode(vec![0x81, 0x20, 0xFF, 0xFF]),
            Err(Unreadable::Encoding)
        );
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n1;\"2,5\";3\n"), b';');
        assert_eq!(sniff_delimiter("single"), b',');
    }
}
