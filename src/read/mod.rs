//! Reading: files → sheets → raw rows with their cell positions.
//!
//! Two readers feed one walker. [`workbook`] reads `.xlsx/.xlsm/.xls/.ods`
//! into an in-memory grid (merges resolved); [`csv`] decodes and streams
//! `.csv/.txt`. The walker finds the header, collects the title rows, and hands
//! every data row to a [`Visitor`], skipping blank rows, footers and the
//! column-numbering row some templates carry under the header.

mod biff;
pub mod cell;
mod compound;
pub mod csv;
mod guard;
pub mod header;
mod ods_spans;
mod spread;
pub mod submission;
pub mod workbook;
mod xlsx_merges;

use crate::columns::Columns;
use crate::field::Field;
use crate::i18n::Lang;
use cell::{Cell, Value};
use header::Header;
use std::path::Path;

/// Written into the title row of every `ledger export`: a file that carries
/// it holds corrections of the records its 编号 name, not a new submission.
pub const EXPORT_MARK: &str = "ledger导出";

/// Written after [`EXPORT_MARK`] in a redacted export, whose masked phones
/// and names must never be imported over the real ones.
pub const REDACTED_MARK: &str = "已脱敏";

/// A ledger sheet as found: its name, header and the title rows above it.
#[derive(Debug, Clone)]
pub struct SheetLayout<C: Columns = Field> {
    /// Sheet name; empty for a CSV file, which has no sheets.
    pub name: String,
    pub header: Header<C>,
    /// The text of each non-blank row above the header.
    pub title: Vec<String>,
    /// The footer lines under the data (填报人…, 填报日期…), read before the
    /// rows so that a 填报日期 there can date them; empty when the visitor
    /// [streams](Visitor::streams) the sheet.
    pub footer: Vec<String>,
}

/// The cells of one data row, borrowed from the reader.
#[derive(Clone, Copy)]
pub enum RowView<'a> {
    Values(&'a [Value]),
    Record(&'a ::csv::StringRecord),
    /// A CSV record whose bytes were checked as UTF-8 in one pass: `text` is
    /// the record's whole buffer, and its fields are slices of it.
    Checked {
        text: &'a str,
        record: &'a ::csv::ByteRecord,
    },
    /// Fields one after another in `text`, each ending at its entry in
    /// `ends`: a row of [`OwnedRows`].
    Fields {
        text: &'a str,
        ends: &'a [usize],
    },
}

impl<'a> RowView<'a> {
    /// The cell in zero-based column `col`; Empty past the row's end.
    pub fn get(&self, col: u32) -> Cell<'a> {
        match self {
            RowView::Values(v) => v.get(col as usize).map_or(Cell::Empty, Value::as_cell),
            RowView::Record(r) => r.get(col as usize).map_or(Cell::Empty, Cell::Text),
            // Fields end at ASCII delimiters or quotes, always character
            // boundaries of the checked text.
            RowView::Checked { text, record } => record
                .range(col as usize)
                .and_then(|range| text.get(range))
                .map_or(Cell::Empty, Cell::Text),
            RowView::Fields { text, ends } => {
                let col = col as usize;
                let start = if col == 0 {
                    Some(0)
                } else {
                    ends.get(col - 1).copied()
                };
                start
                    .zip(ends.get(col))
                    .and_then(|(start, &end)| text.get(start..end))
                    .map_or(Cell::Empty, Cell::Text)
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            RowView::Values(v) => v.len(),
            RowView::Record(r) => r.len(),
            RowView::Checked { record, .. } => record.len(),
            RowView::Fields { ends, .. } => ends.len(),
        }
    }

    fn cells(&self) -> impl Iterator<Item = Cell<'a>> + '_ {
        (0..self.len() as u32).map(|c| self.get(c))
    }
}

/// Rows copied out of the reader's buffers, to be built into records on
/// another thread. The text of CSV rows goes into one buffer shared by the
/// batch: copying a row is two appends rather than an allocation per field.
#[derive(Default)]
pub struct OwnedRows {
    text: String,
    ends: Vec<usize>,
    rows: Vec<(u32, Owned)>,
}

/// One row of [`OwnedRows`].
enum Owned {
    Values(Vec<Value>),
    /// Fields in the shared buffer: the row's text, and where in `ends` its
    /// fields' ends (relative to the row's text) are.
    Fields {
        text: std::ops::Range<usize>,
        ends: std::ops::Range<usize>,
    },
}

impl OwnedRows {
    /// An empty batch with room for as much as this one holds: the next
    /// batch of a sheet is about as large, and grows no buffer row by row.
    pub fn empty_like(&self) -> OwnedRows {
        OwnedRows {
            text: String::with_capacity(self.text.len()),
            ends: Vec::with_capacity(self.ends.len()),
            rows: Vec::with_capacity(self.rows.len()),
        }
    }

    /// Takes row `row`'s cells.
    pub fn push_values(&mut self, row: u32, cells: Vec<Value>) {
        self.rows.push((row, Owned::Values(cells)));
    }

    /// Copies row `row`'s cells.
    pub fn push(&mut self, row: u32, cells: RowView<'_>) {
        let owned = match cells {
            RowView::Values(v) => Owned::Values(v.to_vec()),
            RowView::Record(r) => {
                self.fields(r.as_slice(), (0..r.len()).filter_map(|i| r.range(i)))
            }
            RowView::Checked { text, record } => {
                self.fields(text, (0..record.len()).filter_map(|i| record.range(i)))
            }
            RowView::Fields { text, ends } => self.fields(text, ends.iter().map(|&e| 0..e)),
        };
        self.rows.push((row, owned));
    }

    fn fields(
        &mut self,
        text: &str,
        ranges: impl Iterator<Item = std::ops::Range<usize>>,
    ) -> Owned {
        let (text_from, ends_from) = (self.text.len(), self.ends.len());
        self.text.push_str(text);
        self.ends.extend(ranges.map(|r| r.end));
        Owned::Fields {
            text: text_from..self.text.len(),
            ends: ends_from..self.ends.len(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each row's number and cells, in the order pushed.
    pub fn iter(&self) -> impl Iterator<Item = (u32, RowView<'_>)> {
        self.rows.iter().map(|(row, owned)| {
            let cells = match owned {
                Owned::Values(v) => RowView::Values(v),
                Owned::Fields { text, ends } => RowView::Fields {
                    text: &self.text[text.clone()],
                    ends: &self.ends[ends.clone()],
                },
            };
            (*row, cells)
        })
    }
}

/// Receives what the walker finds, in file order.
pub trait Visitor<C: Columns = Field> {
    /// A ledger sheet begins.
    fn sheet(&mut self, sheet: &SheetLayout<C>);
    /// A data row of the current sheet; `row` is zero-based.
    fn row(&mut self, row: u32, cells: RowView<'_>);
    /// A data row whose cells the reader has no further use for (a
    /// workbook's grid): a visitor that keeps them takes them, uncopied.
    fn row_values(&mut self, row: u32, cells: Vec<Value>) {
        self.row(row, RowView::Values(&cells));
    }
    /// Whether the rows of `sheet`, whose footer is not yet read, may be
    /// handed over as they are read, the footer following in
    /// [`Visitor::footer`]; otherwise a workbook's sheet is read whole first.
    fn streams(&self, _sheet: &SheetLayout<C>) -> bool {
        false
    }
    /// The footer lines of a sheet whose rows were handed over as read.
    fn footer(&mut self, _lines: &[String]) {}
    /// Header names the workspace adds to the known ones.
    fn taught(&self) -> &header::Taught {
        &header::UNTAUGHT
    }
}

/// What a file held, for the summary and the JSON `sheets` array.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSummary {
    pub name: String,
    /// Zero-based header row; None for a sheet skipped as not a ledger.
    pub header_row: Option<u32>,
    pub rows: usize,
    /// Of a sheet without a ledger header, the columns its likeliest header
    /// row does name (see [`header::near_miss`]).
    pub near_miss: Vec<&'static str>,
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreadable {
    /// No file by that name: a typo, or the file was moved.
    Missing,
    /// The system refuses to let it be read.
    Denied,
    /// The name is a folder's.
    Folder,
    /// Neither a file nor a folder: a pipe, a socket or a device, which could
    /// block the run for ever or never end.
    NotRegular,
    /// Any other failure to read, as the system words it.
    Io(String),
    Empty,
    NotText,
    Encoding,
    NotSpreadsheet,
    Corrupt(String),
    NoLedger,
    /// A header names these columns, but neither the hazard nor the unit.
    NoHazardColumn(Vec<&'static str>),
    TooLarge(Limit),
}

impl From<std::io::Error> for Unreadable {
    /// The failures a clerk can act on by name; others in the system's words.
    fn from(e: std::io::Error) -> Unreadable {
        match e.kind() {
            std::io::ErrorKind::NotFound => Unreadable::Missing,
            std::io::ErrorKind::PermissionDenied => Unreadable::Denied,
            std::io::ErrorKind::IsADirectory => Unreadable::Folder,
            _ => Unreadable::Io(e.to_string()),
        }
    }
}

/// Which bound a file would break.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// A part of the archive declares more than [`guard::MAX_PART`] inflated.
    Part { part: String, bytes: u64 },
    /// All parts together declare more than [`guard::MAX_TOTAL`].
    Total { bytes: u64 },
    /// A large part compresses implausibly well: a zip bomb.
    Ratio { part: String, ratio: u64 },
    /// A cell lies beyond [`guard::MAX_COLUMNS`].
    Columns { sheet: String, column: u32 },
    /// One item of a sheet's XML is longer than [`xlsx_merges::MAX_ITEM`].
    Item { part: String },
    /// An xls sheet's few cells lie far apart (see `biff`).
    Spread { cells: u64, area: u64 },
    /// A cell lies below [`guard::MAX_ROWS`].
    Rows { sheet: String, row: u32 },
    /// Merged ranges would fill more than [`guard::MAX_MERGED_CELLS`].
    Merges { sheet: String },
}

impl Unreadable {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Unreadable::Missing => lang.pick("文件不存在".into(), "no such file".into()),
            Unreadable::Denied => lang.pick(
                "没有读取权限".into(),
                "permission denied".into(),
            ),
            Unreadable::Folder => lang.pick(
                "这是文件夹，不是文件".into(),
                "a folder, not a file".into(),
            ),
            Unreadable::NotRegular => lang.pick(
                "不是普通文件（可能是管道或设备），拒绝读取".into(),
                "not a regular file (a pipe or a device); refused".into(),
            ),
            Unreadable::Io(e) => lang.pick(format!("无法打开：{e}"), format!("cannot open: {e}")),
            Unreadable::Empty => lang.pick("文件是空的".into(), "the file is empty".into()),
            Unreadable::NotText => lang.pick(
                "不是表格文件，也不是文本（含有二进制数据）".into(),
                "neither a spreadsheet nor text (binary data)".into(),
            ),
            Unreadable::Encoding => lang.pick(
                "编码无法识别：既不是 UTF-8，也不是 GB18030/GBK".into(),
                "unknown encoding: neither UTF-8 nor GB18030/GBK".into(),
            ),
            Unreadable::NotSpreadsheet => lang.pick(
                "不是可识别的表格文件（xlsx、xlsm、xls、ods、csv）".into(),
                "not a recognised spreadsheet (xlsx, xlsm, xls, ods, csv)".into(),
            ),
            Unreadable::Corrupt(e) => lang.pick(
                format!("表格文件已损坏或无法解析（可用 Excel 或 WPS 打开后另存，再导入）：{e}"),
                format!(
                    "the workbook is corrupt or cannot be parsed (open it in Excel or WPS, save it again, and retry): {e}"
                ),
            ),
            Unreadable::NoLedger => lang.pick(
                "前 20 行内找不到台账表头（序号、单位名称、问题隐患、整改时限……）".into(),
                "no ledger header (序号, 单位名称, 问题隐患, 整改时限 …) in the first 20 rows of any sheet".into(),
            ),
            Unreadable::NoHazardColumn(named) => lang.pick(
                format!(
                    "表头有 {} 等列，却没有问题隐患（隐患描述）列，也没有单位名称列，不是隐患台账；如果列名不同，可在 ledger.toml 的 [columns] 中指定",
                    named.join("、")
                ),
                format!(
                    "the header names {} but no hazard (问题隐患) or unit (单位名称) column, so it is not a hazard ledger; if the columns go by other names, name them in [columns] of ledger.toml",
                    named.join(", ")
                ),
            ),
            Unreadable::TooLarge(limit) => limit.message(lang),
        }
    }
}

/// What reading a file gave besides its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRead {
    pub sheets: Vec<SheetSummary>,
    /// A hash of the file's bytes: the same file imported twice is recognised.
    pub fingerprint: u64,
}

impl Limit {
    fn message(&self, lang: Lang) -> String {
        let mb = |b: u64| b >> 20;
        match self {
            Limit::Part { part, bytes } => lang.pick(
                format!("文件内部分“{part}”解压后有 {} MB，超过上限 {} MB，拒绝读取", mb(*bytes), mb(guard::MAX_PART)),
                format!("part '{part}' inflates to {} MB, over the {} MB limit; refused", mb(*bytes), mb(guard::MAX_PART)),
            ),
            Limit::Total { bytes } => lang.pick(
                format!("文件解压后共 {} MB，超过上限 {} MB，拒绝读取", mb(*bytes), mb(guard::MAX_TOTAL)),
                format!("the file inflates to {} MB in all, over the {} MB limit; refused", mb(*bytes), mb(guard::MAX_TOTAL)),
            ),
            Limit::Ratio { part, ratio } => lang.pick(
                format!("文件内部分“{part}”压缩比达 {ratio} 倍，疑为“压缩炸弹”，拒绝读取"),
                format!("part '{part}' is compressed {ratio} to 1, a zip bomb; refused"),
            ),
            Limit::Merges { sheet } => lang.pick(
                format!("工作表“{sheet}”的合并单元格超过 {} 个单元格，拒绝读取", guard::MAX_MERGED_CELLS),
                format!("sheet '{sheet}' merges more than {} cells; refused", guard::MAX_MERGED_CELLS),
            ),
            Limit::Item { part } => lang.pick(
                format!("文件内部分“{part}”有一段超过 {} MB 的连续内容，不是正常的表格，拒绝读取", mb(xlsx_merges::MAX_ITEM as u64)),
                format!("part '{part}' holds one run of more than {} MB, which no sheet has; refused", mb(xlsx_merges::MAX_ITEM as u64)),
            ),
            Limit::Spread { cells, area } => lang.pick(
                format!("表格中 {cells} 个单元格分散在约 {area} 个单元格的范围内，读取需占用过多内存，拒绝读取"),
                format!("{cells} cells are spread over a grid of about {area} cells, which would take too much memory to read; refused"),
            ),
            Limit::Rows { sheet, row } => lang.pick(
                format!(
                    "工作表“{sheet}”在第 {} 行有内容，超过表格上限 {} 行，拒绝读取",
                    u64::from(*row) + 1,
                    guard::MAX_ROWS
                ),
                format!(
                    "sheet '{sheet}' has a cell in row {}, past the {} rows a sheet can have; refused",
                    u64::from(*row) + 1,
                    guard::MAX_ROWS
                ),
            ),
            Limit::Columns { sheet, column } => lang.pick(
                format!(
                    "工作表“{sheet}”在第 {} 列（{}）有内容，台账最多 {} 列，拒绝读取",
                    column + 1,
                    cell::column_letters(*column),
                    guard::MAX_COLUMNS
                ),
                format!(
                    "sheet '{sheet}' has a cell in column {} ({}); a ledger has at most {} columns; refused",
                    column + 1,
                    cell::column_letters(*column),
                    guard::MAX_COLUMNS
                ),
            ),
        }
    }
}

/// Reads every ledger sheet of `path` into `visitor`. Spreadsheets are told
/// from text by their content, not their extension: WPS and some systems save
/// xlsx content under `.xls` and CSV under `.xls`.
pub fn read_file<C: Columns>(
    path: &Path,
    visitor: &mut dyn Visitor<C>,
) -> Result<FileRead, Unreadable> {
    let mut file = open_regular(path)?;
    let mut magic = [0u8; 4];
    let n = std::io::Read::read(&mut file, &mut magic)?;
    if n == 0 {
        return Err(Unreadable::Empty);
    }
    let (sheets, fingerprint) = if workbook::looks_like_workbook(&magic[..n]) {
        let bytes = std::fs::read(path)?;
        let fingerprint = fingerprint(&bytes);
        (workbook::read(bytes, visitor)?, fingerprint)
    } else {
        csv::read_path(path, visitor)?
    };
    if sheets.iter().all(|s| s.header_row.is_none()) {
        return Err(match sheets.iter().find(|s| !s.near_miss.is_empty()) {
            Some(s) => Unreadable::NoHazardColumn(s.near_miss.clone()),
            None => Unreadable::NoLedger,
        });
    }
    Ok(FileRead {
        sheets,
        fingerprint,
    })
}

/// Opens `path` if it is a regular file. Asked before opening: Windows
/// refuses to open a folder as "access denied", and opening a pipe waits for a
/// writer that may never come.
pub fn open_regular(path: &Path) -> Result<std::fs::File, Unreadable> {
    let kind = std::fs::metadata(path)?;
    if kind.is_dir() {
        return Err(Unreadable::Folder);
    }
    if !kind.is_file() {
        return Err(Unreadable::NotRegular);
    }
    Ok(std::fs::File::open(path)?)
}

/// The ledger sheets of `path` with their headers, as `taught` reads them:
/// what `check --columns` shows. Rows are walked past, not kept.
pub fn headers(path: &Path, taught: &header::Taught) -> Result<Vec<SheetLayout>, Unreadable> {
    struct Layouts<'t> {
        sheets: Vec<SheetLayout>,
        taught: &'t header::Taught,
    }
    impl Visitor for Layouts<'_> {
        fn sheet(&mut self, sheet: &SheetLayout) {
            self.sheets.push(sheet.clone());
        }
        fn row(&mut self, _: u32, _: RowView<'_>) {}
        fn row_values(&mut self, _: u32, _: Vec<Value>) {}
        fn taught(&self) -> &header::Taught {
            self.taught
        }
    }
    let mut layouts = Layouts {
        sheets: Vec::new(),
        taught,
    };
    read_file(path, &mut layouts)?;
    Ok(layouts.sheets)
}

/// A stable 64-bit hash of the bytes, eight at a time (a multiply–xorshift
/// mix): not cryptographic, only to recognise a file seen before, and stable
/// across versions because it is written here rather than taken from std.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut f = Fingerprint::new(bytes.len() as u64);
    f.update(bytes);
    f.finish()
}

/// [`fingerprint`] computed over chunks, for files read as they are parsed.
pub struct Fingerprint {
    hash: u64,
    carry: [u8; 8],
    carried: usize,
}

impl Fingerprint {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    /// Starts a hash of `len` bytes in all.
    pub fn new(len: u64) -> Fingerprint {
        Fingerprint {
            hash: len.wrapping_mul(Self::K),
            carry: [0; 8],
            carried: 0,
        }
    }

    fn mix(&mut self, word: [u8; 8]) {
        self.hash = (self.hash ^ u64::from_le_bytes(word))
            .wrapping_mul(Self::K)
            .rotate_left(29);
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        if self.carried > 0 {
            let take = (8 - self.carried).min(bytes.len());
            self.carry[self.carried..self.carried + take].copy_from_slice(&bytes[..take]);
            self.carried += take;
            bytes = &bytes[take..];
            if self.carried < 8 {
                return;
            }
            self.mix(self.carry);
            self.carried = 0;
        }
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(c.try_into().expect("eight bytes"));
        }
        let rest = chunks.remainder();
        self.carry[..rest.len()].copy_from_slice(rest);
        self.carried = rest.len();
    }

    pub fn finish(mut self) -> u64 {
        let mut tail = [0u8; 8];
        tail[..self.carried].copy_from_slice(&self.carry[..self.carried]);
        self.mix(tail);
        self.hash ^ (self.hash >> 32)
    }
}

/// What a row below the header is.
#[derive(Debug, PartialEq)]
enum RowKind {
    Data,
    Blank,
    Footer(String),
    Numbering,
}

/// Words that open a footer line in the first non-blank cell.
const FOOTER_WORDS: &[&str] = &[
    "填报人",
    "填表人",
    "制表人",
    "审核人",
    "审核",
    "审批人",
    "填报单位",
    "填报日期",
    "填表日期",
    "填报时间",
    "报送单位",
    "报送日期",
    "联系电话:",
    "联系人:",
    "单位负责人:",
    "负责人:",
    "分管领导",
    "主要领导",
    "签字",
    "签名",
    "注:",
    "备注:",
    "说明:",
    "合计",
    "总计",
];

/// What the row `below` rows under the header is (`u32::MAX` when not known).
fn classify<C: Columns>(header: &Header<C>, cells: RowView<'_>, below: u32) -> RowKind {
    let seq = C::NUMBERING.and_then(|n| header.col(n));
    let has_content = (0..cells.len() as u32)
        .filter(|c| Some(*c) != seq)
        .any(|c| !cells.get(c).is_blank());
    if let Some(Cell::Text(first)) = cells.cells().find(|c| !c.is_blank())
        && let Some(lead) = first_compact_char(first)
        && opens_with_footer_word(first, lead)
    {
        return RowKind::Footer(row_text(cells));
    }
    // A template's placeholder rows sit right under its header.
    if !has_content || (below < PLACEHOLDER_ROWS && cells.cells().any(is_placeholder)) {
        return RowKind::Blank;
    }
    if below == 0 && is_numbering(cells) {
        return RowKind::Numbering;
    }
    RowKind::Data
}

/// Whether `text`, whose compacted form starts with `lead`, opens with a
/// footer word. Every row's first cell is checked, and most start with a
/// number: a word is looked at further only when its first byte is
/// `lead`'s, since decoding the first character of every word for each row
/// was half the cost of telling data from footers.
fn opens_with_footer_word(text: &str, lead: char) -> bool {
    let mut utf8 = [0; 4];
    let first_byte = lead.encode_utf8(&mut utf8).as_bytes()[0];
    FOOTER_WORDS.iter().any(|w| {
        w.as_bytes().first() == Some(&first_byte)
            && w.starts_with(lead)
            && starts_with_compact(text, w)
    })
}

/// The first character of the [`crate::text::compact`] form of `text`: most
/// rows start with a number, which no footer word does.
fn first_compact_char(text: &str) -> Option<char> {
    text.chars()
        .map(crate::text::fold_char)
        .find(|c| !crate::text::is_space(*c))
        .map(|c| c.to_ascii_lowercase())
}

/// Whether the [`crate::text::compact`] form of `text` starts with `word`,
/// without building it: every row's first cell is checked.
fn starts_with_compact(text: &str, word: &str) -> bool {
    let mut folded = text
        .chars()
        .map(crate::text::fold_char)
        .filter(|c| !crate::text::is_space(*c))
        .map(|c| c.to_ascii_lowercase());
    word.chars().all(|w| folded.next() == Some(w))
}

/// How many rows under the header may be a template's placeholders.
const PLACEHOLDER_ROWS: u32 = 3;

/// A template's placeholder (`${hazard}`, `<jx:forEach …>`), which a system
/// fills when it exports: a row holding one is no hazard.
fn is_placeholder(cell: Cell<'_>) -> bool {
    // Every cell of every row is asked: most hold neither byte.
    matches!(cell, Cell::Text(t) if memchr::memchr2(b'$', b'<', t.as_bytes()).is_some()
        && (t.contains("${") || t.contains("<jx:") || t.contains("</jx:")))
}

/// "1 2 3 … 11" under the header: a column-numbering row, not a hazard.
fn is_numbering(cells: RowView<'_>) -> bool {
    let numbers: Vec<f64> = cells
        .cells()
        .filter(|c| !c.is_blank())
        .map(|c| match c {
            Cell::Number(n) => n,
            other => other.display().parse().unwrap_or(f64::NAN),
        })
        .collect();
    numbers.len() >= 5 && numbers.windows(2).all(|w| w[1] == w[0] + 1.0)
}

/// The non-blank cells of a row joined by spaces, repeats (spread by a
/// merge) said once.
fn row_text(cells: RowView<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in cells.cells().filter(|c| !c.is_blank()) {
        let text = c.display();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
    }
    parts.join(" ")
}

/// The footer lines at the bottom of a sheet, given its rows last first:
/// footers and blank rows are collected until the first data row.
fn footer_lines<'a, C: Columns>(
    header: &Header<C>,
    rows_backwards: impl Iterator<Item = RowView<'a>>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for row in rows_backwards {
        match classify(header, row, u32::MAX) {
            RowKind::Footer(text) => lines.push(text),
            RowKind::Blank | RowKind::Numbering => {}
            RowKind::Data => break,
        }
    }
    lines.reverse();
    lines.dedup();
    lines
}

/// Walks the rows of one sheet once its header is known.
struct SheetWalk<'v, C: Columns> {
    visitor: &'v mut dyn Visitor<C>,
    header: Header<C>,
    rows: usize,
}

impl<C: Columns> SheetWalk<'_, C> {
    fn row(&mut self, row: u32, cells: RowView<'_>) {
        if self.is_data(row, cells) {
            self.visitor.row(row, cells);
        }
    }

    /// Hands a data row over; any other row comes back.
    fn row_values(&mut self, row: u32, cells: Vec<Value>) -> Option<Vec<Value>> {
        if self.is_data(row, RowView::Values(&cells)) {
            self.visitor.row_values(row, cells);
            None
        } else {
            Some(cells)
        }
    }

    /// Whether the row is data (counted) rather than a footer, blank or numbering row.
    fn is_data(&mut self, row: u32, cells: RowView<'_>) -> bool {
        match classify(
            &self.header,
            cells,
            row.saturating_sub(self.header.data_start()),
        ) {
            RowKind::Data => {
                self.rows += 1;
                true
            }
            RowKind::Footer(_) | RowKind::Blank | RowKind::Numbering => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(cells: &[&str]) -> Vec<Value> {
        cells
            .iter()
            .map(|s| {
                if s.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(s.to_string())
                }
            })
            .collect()
    }

    fn cells_of(view: RowView<'_>) -> Vec<String> {
        (0..view.len() as u32 + 2)
            .map(|c| match view.get(c) {
                Cell::Empty => "<empty>".to_string(),
                Cell::Text(t) => t.to_string(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn owned_rows_give_back_the_cells_of_every_kind_of_row() {
        let line = "1,磁器口仓库,\"消防栓, 被遮挡\",,6月底\n";
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let mut bytes = ::csv::ByteRecord::new();
        assert!(reader.read_byte_record(&mut bytes).unwrap());
        let text = std::str::from_utf8(bytes.as_slice()).unwrap();
        let strings = ::csv::StringRecord::from_byte_record(bytes.clone()).unwrap();
        let grid = values(&["1", "磁器口仓库", "", "6月底"]);
        let views = [
            RowView::Checked {
                text,
                record: &bytes,
            },
            RowView::Record(&strings),
            RowView::Values(&grid),
        ];
        let mut owned = OwnedRows::default();
        for (i, view) in views.iter().enumerate() {
            owned.push(i as u32 + 7, *view);
        }
        owned.push_values(99, grid.clone());
        let mut copies = OwnedRows::default();
        for (row, view) in owned.iter() {
            copies.push(row, view);
        }
        let (row, taken) = copies.iter().last().unwrap();
        assert_eq!(row, 99);
        assert_eq!(cells_of(taken), cells_of(views[2]));
        assert_eq!(copies.len(), views.len() + 1);
        for ((i, view), (row, copy)) in views.iter().enumerate().zip(copies.iter()) {
            assert_eq!(row, i as u32 + 7);
            assert_eq!(cells_of(copy), cells_of(*view));
        }
        assert_eq!(cells_of(views[0])[2], "消防栓, 被遮挡");
    }

    fn header() -> Header<Field> {
        let rows = vec![
            ["序号", "单位名称", "问题隐患", "整改时限"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ];
        header::detect(&header::TopRows {
            rows: &rows,
            spans: &[],
            fill_left: false,
            taught: &header::UNTAUGHT,
        })
        .unwrap()
    }

    #[test]
    fn fingerprints_tell_files_apart_and_are_stable() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abc\0"));
        assert_ne!(fingerprint(b"12345678"), fingerprint(b"123456789"));
        assert_eq!(
            fingerprint(b"ledger"),
            0x4dee_c94f_0572_92c9,
            "stored in import logs: never change it"
        );
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 256) as u8).collect();
        for cut in [0, 1, 7, 8, 9, 500, 999] {
            let mut f = Fingerprint::new(bytes.len() as u64);
            let half = cut + (bytes.len() - cut) / 2;
            f.update(&bytes[..cut]);
            f.update(&bytes[cut..half]);
            f.update(&bytes[half..]);
            assert_eq!(f.finish(), fingerprint(&bytes), "cut at {cut}");
        }
    }

    #[test]
    fn rows_with_only_a_sequence_number_are_blank() {
        let v = values(&["3", "", " ", ""]);
        assert_eq!(
            classify(&header(), RowView::Values(&v), u32::MAX),
            RowKind::Blank
        );
    }

    #[test]
    fn footer_lines_are_recognised_with_full_width_colons() {
        let v = values(&[
            "填报人：张三",
            "填报人：张三",
            "",
            "填报日期：2022年6月30日",
        ]);
        assert_eq!(
            classify(&header(), RowView::Values(&v), u32::MAX),
            RowKind::Footer("填报人：张三 填报日期：2022年6月30日".into())
        );
        let v = values(&["联系电话：023-65300000"]);
        assert!(matches!(
            classify(&header(), RowView::Values(&v), u32::MAX),
            RowKind::Footer(_)
        ));
    }

    #[test]
    fn every_footer_word_opens_a_footer_and_a_word_sharing_its_first_byte_does_not() {
        for word in FOOTER_WORDS {
            let v = values(&[&format!("{word}张三"), "x"]);
            assert!(
                matches!(
                    classify(&header(), RowView::Values(&v), u32::MAX),
                    RowKind::Footer(_)
                ),
                "{word}"
            );
        }
        // 塔 is encoded from the same first byte as 填, 审 and 备.
        assert_eq!("塔".as_bytes()[0], "填".as_bytes()[0]);
        let v = values(&["塔吊公司", "x"]);
        assert_eq!(
            classify(&header(), RowView::Values(&v), u32::MAX),
            RowKind::Data
        );
    }

    #[test]
    fn a_unit_row_is_data() {
        let v = values(&["1", "重庆某某餐饮有限公司", "灭火器过期", "立即整改"]);
        assert_eq!(classify(&header(), RowView::Values(&v), 0), RowKind::Data);
    }

    #[test]
    fn template_placeholder_rows_under_the_header_are_no_hazards() {
        for row in [
            values(&["${item.seq}", "${item.unit}", "${item.hazard}", ""]),
            values(&["<jx:forEach items=\"${list}\" var=\"item\">", "", "", ""]),
        ] {
            assert_eq!(
                classify(&header(), RowView::Values(&row), 1),
                RowKind::Blank
            );
        }
        let priced = values(&["9", "某公司", "价签写成${price}", "立即整改"]);
        assert_eq!(
            classify(&header(), RowView::Values(&priced), 40),
            RowKind::Data,
            "far from the header a dollar sign is text"
        );
    }

    #[test]
    fn column_numbering_row_under_the_header_is_skipped() {
        let v: Vec<Value> = (1..=11).map(|n| Value::Number(n as f64)).collect();
        assert_eq!(
            classify(&header(), RowView::Values(&v), 0),
            RowKind::Numbering
        );
        assert_eq!(
            classify(&header(), RowView::Values(&v), u32::MAX),
            RowKind::Data
        );
    }
}
