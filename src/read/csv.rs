//! CSV and tab-separated text: encoding and delimiter detection, then streaming.
//!
//! Clerks' CSV files come from Excel or WPS on Chinese Windows: GB18030/GBK
//! unless saved as "CSV UTF-8" (with a BOM), sometimes "Unicode text" (UTF-16,
//! tab-separated). The whole file is decoded once into a string; records are
//! then parsed one at a time into a reused buffer.

use super::header::{self, SEARCH_ROWS};
use super::{RowView, SheetLayout, SheetSummary, SheetWalk, Unreadable, Visitor};
use crate::columns::Columns;
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

/// Reads a CSV file as one sheet into `visitor`, and its fingerprint. Its
/// first [`EDGE`] bytes tell the encoding. A UTF-8 file is then parsed as it
/// is read, each record checked as UTF-8 and every byte hashed on the way,
/// so a million-row file is read once and never held whole; other encodings
/// are decoded in memory.
///
/// A file whose first [`EDGE`] bytes are UTF-8 is taken for UTF-8: a GB18030
/// ledger has Chinese in its header, well within them. A byte further on
/// that is not UTF-8 makes the file unreadable at that line rather than the
/// whole file decoded as GB18030 into garbage.
pub fn read_path<C: Columns>(
    path: &Path,
    visitor: &mut dyn Visitor<C>,
) -> Result<(Vec<SheetSummary>, u64), Unreadable> {
    let mut file = super::open_regular(path)?;
    let len = file.metadata()?.len();
    let head = edge(&mut file, SeekFrom::Start(0))?;
    let Some(bom) = encoding_of(&head)? else {
        let bytes = std::fs::read(path)?;
        let fingerprint = super::fingerprint(&bytes);
        return Ok((read(bytes, visitor)?, fingerprint));
    };
    let head = String::from_utf8_lossy(&head);
    if crate::text::trim(&head).is_empty() {
        return Err(Unreadable::Empty);
    }
    let delimiter = sniff_delimiter(&head);
    let tail = tail_records(
        &String::from_utf8_lossy(&tail_of(&mut file, len)?),
        delimiter,
    );
    stream(file, len, bom, delimiter, tail, visitor)
}

/// Parses a UTF-8 file `len` bytes long from its start as it is read, and
/// fingerprints it; `tail` holds the records of its end, where a footer
/// would be.
fn stream<C: Columns>(
    mut file: File,
    len: u64,
    bom: bool,
    delimiter: u8,
    tail: Vec<StringRecord>,
    visitor: &mut dyn Visitor<C>,
) -> Result<(Vec<SheetSummary>, u64), Unreadable> {
    file.seek(SeekFrom::Start(0))?;
    let mut hashed = Hashed {
        inner: file,
        fingerprint: super::Fingerprint::new(len),
        nul: false,
    };
    if bom {
        hashed.read_exact(&mut [0; 3])?;
    }
    let mut buffered = BufReader::with_capacity(1 << 20, &mut hashed);
    let reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(&mut buffered);
    let parsed = parse(reader, tail, visitor).and_then(|sheets| {
        // A sheet without a header stops early; its fingerprint is still
        // the whole file's.
        std::io::copy(&mut buffered, &mut std::io::sink())?;
        Ok(sheets)
    });
    drop(buffered);
    if hashed.nul {
        return Err(Unreadable::NotText);
    }
    Ok((parsed?, hashed.fingerprint.finish()))
}

/// About how many lines a text file holds, told from its size and the line
/// length of its first [`EDGE`] bytes: enough to size the tables a large
/// import fills row by row once instead of growing them. None for a file
/// that cannot be read or is a workbook.
pub fn estimated_lines(path: &Path) -> Option<usize> {
    let mut file = super::open_regular(path).ok()?;
    let len = file.metadata().ok()?.len();
    let head = edge(&mut file, SeekFrom::Start(0)).ok()?;
    if super::workbook::looks_like_workbook(&head) {
        return None;
    }
    let lines = memchr::memchr_iter(b'\n', &head).count().max(1) as u64;
    let estimate = len.saturating_mul(lines) / (head.len() as u64).max(1);
    usize::try_from(estimate.min(MAX_ESTIMATE)).ok()
}

/// The most lines [`estimated_lines`] tells: a file of nothing but line
/// breaks must not reserve gigabytes.
const MAX_ESTIMATE: u64 = 4_000_000;

/// Up to [`EDGE`] bytes of `file` from `at`.
fn edge(file: &mut File, at: SeekFrom) -> Result<Vec<u8>, Unreadable> {
    file.seek(at)?;
    let mut bytes = Vec::with_capacity(EDGE);
    file.take(EDGE as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether a file that starts with `head` is UTF-8, and with a BOM (Some),
/// or is to be decoded (None: UTF-16, or not UTF-8); a NUL byte makes it
/// no text at all.
fn encoding_of(head: &[u8]) -> Result<Option<bool>, Unreadable> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(None);
    }
    if memchr::memchr(0, head).is_some() {
        return Err(Unreadable::NotText);
    }
    let (bom, text) = match head.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, head),
    };
    Ok(match simdutf8::compat::from_utf8(text) {
        Ok(_) => Some(bom),
        // Cut through a character at the edge: UTF-8 up to there.
        Err(e) if e.error_len().is_none() && head.len() == EDGE => Some(bom),
        Err(_) => None,
    })
}

/// The last [`EDGE`] bytes of a file `len` long, from their first line
/// break on.
fn tail_of(file: &mut File, len: u64) -> Result<Vec<u8>, Unreadable> {
    let from = len.saturating_sub(EDGE as u64);
    let mut tail = edge(file, SeekFrom::Start(from))?;
    Ok(match (from > 0, memchr::memchr(b'\n', &tail)) {
        (true, Some(nl)) => tail.split_off(nl + 1),
        _ => tail,
    })
}

/// A file read through the parser: every byte goes into its fingerprint,
/// and a NUL byte stops it, as no text holds one.
struct Hashed {
    inner: File,
    fingerprint: super::Fingerprint,
    nul: bool,
}

impl Read for Hashed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let bytes = &buf[..n];
        self.fingerprint.update(bytes);
        if memchr::memchr(0, bytes).is_some() {
            self.nul = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a NUL byte",
            ));
        }
        Ok(n)
    }
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
    let top_rows = header::TopRows {
        rows: &texts,
        spans: &[],
        fill_left: true,
        taught: visitor.taught(),
    };
    let Some(found) = header::detect::<C>(&top_rows) else {
        return Ok(vec![SheetSummary {
            name: String::new(),
            header_row: None,
            rows: 0,
            near_miss: header::near_miss::<C>(&top_rows),
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
        near_miss: Vec::new(),
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

    /// Counts the rows a file hands on.
    #[derive(Default)]
    struct Rows(usize);

    impl Visitor for Rows {
        fn sheet(&mut self, _: &SheetLayout) {}
        fn row(&mut self, _: u32, _: RowView<'_>) {
            self.0 += 1;
        }
    }

    fn file_of(bytes: &[u8]) -> tempfile::NamedTempFile {
        let file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::fs::write(file.path(), bytes).unwrap();
        file
    }

    /// A UTF-8 ledger of `rows` rows, past the head that tells the encoding.
    fn ledger(rows: usize) -> String {
        let mut text = String::from("序号,单位名称,责任单位,问题隐患,整改时限\n");
        for i in 0..rows {
            text.push_str(&format!("{i},单位{i},应急办,灭火器过期（第{i}处）,6月底\n"));
        }
        text
    }

    #[test]
    fn a_file_read_once_has_the_fingerprint_of_all_its_bytes() {
        let body = ledger(5000);
        assert!(body.len() > 4 * EDGE);
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(body.as_bytes());
        let gb = encoding_rs::GB18030.encode(&body).0.into_owned();
        let mut no_header = "说明：本表无表头\n".repeat(60_000).into_bytes();
        no_header.extend_from_slice(b"end\n");
        for (what, bytes, rows) in [
            ("UTF-8", body.as_bytes().to_vec(), 5000),
            ("UTF-8 with a BOM", with_bom, 5000),
            ("GB18030", gb, 5000),
            ("no header", no_header, 0),
        ] {
            let file = file_of(&bytes);
            let mut visitor = Rows::default();
            let (_, fingerprint) = read_path(file.path(), &mut visitor).unwrap();
            assert_eq!(fingerprint, super::super::fingerprint(&bytes), "{what}");
            assert_eq!(visitor.0, rows, "{what}");
        }
    }

    #[test]
    fn a_nul_byte_past_the_head_makes_the_file_no_text() {
        let mut bytes = ledger(5000).into_bytes();
        let at = bytes.len() - 100;
        bytes[at] = 0;
        let file = file_of(&bytes);
        let result = read_path(file.path(), &mut Rows::default());
        assert_eq!(result.map(|_| ()), Err(Unreadable::NotText));
    }

    #[test]
    fn a_byte_past_the_head_that_is_not_utf8_is_refused_at_its_line() {
        let mut bytes = ledger(5000).into_bytes();
        bytes.extend_from_slice(
            &encoding_rs::GB18030
                .encode("9999,甲店,应急办,插座老化,6月底\n")
                .0,
        );
        let file = file_of(&bytes);
        match read_path(file.path(), &mut Rows::default()) {
            Err(Unreadable::Corrupt(why)) => assert!(why.contains("line 5002"), "{why}"),
            other => panic!("{:?}", other.map(|(_, f)| f)),
        }
    }

    #[test]
    fn the_lines_of_a_file_are_told_from_its_head() {
        let small = file_of(ledger(100).as_bytes());
        assert_eq!(
            estimated_lines(small.path()),
            Some(101),
            "read whole: exact"
        );
        let large = file_of(ledger(20_000).as_bytes());
        let told = estimated_lines(large.path()).unwrap();
        assert!((18_000..=22_000).contains(&told), "within a tenth: {told}");
        let breaks = file_of(&vec![b'\n'; 10 << 20]);
        assert_eq!(estimated_lines(breaks.path()), Some(MAX_ESTIMATE as usize));
        let workbook = file_of(b"PK\x03\x04 not really a workbook");
        assert_eq!(estimated_lines(workbook.path()), None);
    }
}
