//! Finding the header row of a ledger sheet and mapping its columns to fields.
//!
//! Real files put one or two merged title rows above the header, split a header
//! over two rows (a merged "单位" over "名称 / 地址 / 负责人"), pad labels with
//! spaces and line breaks, and use a dozen names for the same column.

use crate::columns::{Columns, Meaning, Why};
use crate::field::Field;
use crate::text::compact;
use std::fmt::Debug;

/// Header names a workspace adds (`[columns]` in ledger.toml), compacted:
/// each with the position of its column in [`Columns::ALL`], or None to ignore it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taught {
    names: Vec<(String, Option<usize>)>,
}

impl Taught {
    pub fn new(names: impl IntoIterator<Item = (String, Option<usize>)>) -> Taught {
        Taught {
            names: names
                .into_iter()
                .map(|(name, column)| (compact(&name), column))
                .collect(),
        }
    }

    /// What the workspace says of `key`: Some(None) to ignore it.
    fn lookup(&self, key: &str) -> Option<Option<usize>> {
        self.names
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, column)| *column)
    }
}

/// No names taught: what a reader without a workspace uses.
pub static UNTAUGHT: Taught = Taught { names: Vec::new() };

/// How many rows from the top may hold the header.
pub const SEARCH_ROWS: usize = 20;

/// The fewest recognised columns that make a row a ledger header.
const MIN_FIELDS: usize = 3;

/// One column of the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Column<C = Field> {
    pub col: u32,
    /// The header text as written (both rows joined for a split header).
    pub label: String,
    pub field: Option<C>,
    pub why: Why,
}

/// A detected header: where it is and which column holds which field.
#[derive(Debug, Clone, PartialEq)]
pub struct Header<C: Columns = Field> {
    /// Zero-based row of the (first) header row.
    pub row: u32,
    /// 1, or 2 for a header split over two rows.
    pub height: u32,
    pub columns: Vec<Column<C>>,
    cols: Vec<Option<u32>>,
}

impl<C: Columns> Header<C> {
    /// The column holding `field`, if the sheet has it.
    pub fn col(&self, field: C) -> Option<u32> {
        self.cols[field.index()]
    }

    /// First row below the header.
    pub fn data_start(&self) -> u32 {
        self.row + self.height
    }

    /// Columns no field claimed; their values travel with the record as
    /// extras, but for those the workspace says to ignore.
    pub fn extras(&self) -> impl Iterator<Item = &Column<C>> {
        self.columns
            .iter()
            .filter(|c| c.field.is_none() && c.why != Why::Ignored)
    }

    fn from_labels(row: u32, height: u32, labels: Vec<(u32, String, Reading<C>)>) -> Header<C> {
        let mut cols = vec![None; C::ALL.len()];
        let mut strength = vec![0u8; C::ALL.len()];
        for (i, (_, _, reading)) in labels.iter().enumerate() {
            if let Reading::Field(m) = reading {
                let f = m.column.index();
                // The surer cell takes the column; of two as sure, the first.
                if m.strength > strength[f] {
                    strength[f] = m.strength;
                    cols[f] = Some(i);
                }
            }
        }
        // A cell outranked for its column takes its second meaning, if free.
        let mut second = vec![None; labels.len()];
        for (i, (_, _, reading)) in labels.iter().enumerate() {
            if let Reading::Field(m) = reading
                && cols[m.column.index()] != Some(i)
                && let Some(f) = m.fallback.filter(|f| cols[f.index()].is_none())
            {
                cols[f.index()] = Some(i);
                second[i] = Some(f);
            }
        }
        let columns = labels
            .iter()
            .enumerate()
            .map(|(i, (col, label, reading))| {
                let (field, why) = match reading {
                    Reading::Field(m) if cols[m.column.index()] == Some(i) => {
                        (Some(m.column), m.why.clone())
                    }
                    Reading::Field(m) if second[i].is_some() => (second[i], m.why.clone()),
                    Reading::Field(m) => {
                        let winner = cols[m.column.index()].map_or(*col, |w| labels[w].0);
                        (None, Why::Outranked { by: winner })
                    }
                    Reading::Ignored => (None, Why::Ignored),
                    Reading::Unknown => (None, Why::Unknown),
                };
                Column {
                    col: *col,
                    label: label.clone(),
                    field,
                    why,
                }
            })
            .collect();
        let cols = cols
            .into_iter()
            .map(|i| i.map(|i: usize| labels[i].0))
            .collect();
        Header {
            row,
            height,
            columns,
            cols,
        }
    }

    fn score(&self) -> usize {
        self.cols.iter().filter(|c| c.is_some()).count()
    }

    fn is_table(&self) -> bool {
        self.score() >= MIN_FIELDS && C::is_table(&|c| self.col(c).is_some())
    }
}

/// How one header cell reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading<C> {
    Field(Meaning<C>),
    Ignored,
    Unknown,
}

impl<C: Columns> Reading<C> {
    fn field(&self) -> Option<&Meaning<C>> {
        match self {
            Reading::Field(m) => Some(m),
            _ => None,
        }
    }
}

/// The column a header label names, if any.
pub fn field_of_label<C: Columns>(label: &str) -> Option<C> {
    read_label::<C>(label, &UNTAUGHT).field().map(|m| m.column)
}

/// How a header label reads: a name the workspace taught, else an exact
/// synonym, else the same without annotations ("整改时限（日期）", "发现日期*",
/// "1.单位名称"), else its words.
pub fn read_label<C: Columns>(label: &str, taught: &Taught) -> Reading<C> {
    let key = compact(label);
    if key.is_empty() {
        return Reading::Unknown;
    }
    let bare = strip_annotations(&key);
    match taught.lookup(&key).or_else(|| taught.lookup(&bare)) {
        Some(Some(i)) => {
            return Reading::Field(Meaning {
                column: C::ALL[i],
                strength: 5,
                fallback: None,
                why: Why::Taught,
            });
        }
        Some(None) => return Reading::Ignored,
        None => {}
    }
    let synonym = |key: &str| C::ALL.iter().copied().find(|c| c.synonyms().contains(&key));
    let note = annotations(&key);
    // An annotation that changes the meaning ("(是/否)", "（一般、重大）")
    // outweighs the name it annotates.
    let by_words = C::by_meaning(&bare, &note);
    if let Some(m) = by_words.as_ref().filter(|m| m.strength >= 4) {
        return Reading::Field(m.clone());
    }
    match synonym(&key).or_else(|| synonym(&bare)) {
        Some(column) => Reading::Field(Meaning {
            column,
            strength: 4,
            fallback: None,
            why: Why::Synonym,
        }),
        None => by_words.map_or(Reading::Unknown, Reading::Field),
    }
}

/// The text inside a label's brackets ("是/否" of "整改情况(是/否)").
fn annotations(key: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in key.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn strip_annotations(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut depth = 0u32;
    for c in key.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            '*' | ':' | '：' | '★' => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let numbering = out
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == '、'))
        .map_or(out.len(), |(i, _)| i);
    out[numbering..].to_string()
}

/// The text grid of the top of a sheet, with the horizontal merges that
/// spread a label over several columns.
pub struct TopRows<'a> {
    /// Display text of the first rows, cell by cell.
    pub rows: &'a [Vec<String>],
    /// Horizontal merges as (row, first column, last column), zero-based.
    pub spans: &'a [(u32, u32, u32)],
    /// Without merge information (CSV), a blank upper header cell borrows the
    /// label to its left, as a merged cell would.
    pub fill_left: bool,
    /// Header names the workspace adds.
    pub taught: &'a Taught,
}

impl TopRows<'_> {
    fn text(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |s| s.as_str())
    }

    fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The label above `col` in a split header's upper row.
    fn upper(&self, row: usize, col: usize) -> &str {
        let own = self.text(row, col);
        if !compact(own).is_empty() {
            return own;
        }
        if let Some(&(_, first, _)) = self
            .spans
            .iter()
            .find(|(r, a, b)| *r as usize == row && (*a as usize) < col && col <= *b as usize)
        {
            return self.text(row, first as usize);
        }
        if self.fill_left {
            return (0..col)
                .rev()
                .map(|c| self.text(row, c))
                .find(|s| !compact(s).is_empty())
                .unwrap_or("");
        }
        ""
    }

    fn single<C: Columns>(&self, row: usize) -> Header<C> {
        let cells = (0..self.width()).map(|col| self.text(row, col));
        read_row(row as u32, cells, self.taught)
    }

    fn read<C: Columns>(&self, label: &str) -> Reading<C> {
        read_label(label, self.taught)
    }

    /// The header read as two rows, or None unless the rows really are the two
    /// halves of one header: at least one label joins an upper and a lower
    /// half, and every lower cell reads as a label. A data row under a header
    /// holds numbers, dates or text no column is named by, and fails.
    fn split<C: Columns>(&self, row: usize) -> Option<Header<C>> {
        // A title merged over the header is one cell; an upper header row
        // has several, each a label or a short group name.
        let own: Vec<&str> = (0..self.width())
            .map(|col| crate::text::trim(self.text(row, col)))
            .filter(|t| !t.is_empty())
            .collect();
        if own.len() < 2 || own.iter().any(|t| self.label_below::<C>(t).is_none()) {
            return None;
        }
        let mut labels = Vec::new();
        let mut joins = false;
        for col in 0..self.width() {
            let upper = crate::text::trim(self.upper(row, col));
            let lower = crate::text::trim(self.text(row + 1, col));
            let (label, reading) = match (upper.is_empty(), lower.is_empty()) {
                (true, true) => continue,
                (false, true) => (upper.to_string(), self.read(upper)),
                (true, false) => (lower.to_string(), self.label_below(lower)?),
                // A label merged down both rows reads the same in each.
                (false, false) if upper == lower => (lower.to_string(), self.read(lower)),
                (false, false) => {
                    let lower_alone = self.label_below(lower)?;
                    joins = true;
                    let joined = format!("{upper}{lower}");
                    (joined.clone(), surer(self.read(&joined), lower_alone))
                }
            };
            labels.push((col as u32, tidy(&label), reading));
        }
        joins.then(|| Header::from_labels(row as u32, 2, labels))
    }

    /// A header cell's reading, or None when the cell looks like data or a title:
    /// a label names a column, or is a few words without digits.
    fn label_below<C: Columns>(&self, text: &str) -> Option<Reading<C>> {
        let reading = self.read(text);
        let wordlike = text.chars().count() <= 8 && !text.chars().any(|c| c.is_ascii_digit());
        (reading.field().is_some() || wordlike).then_some(reading)
    }
}

/// Of a group label joined with its lower cell and the lower cell alone
/// ("整改要求" over "责任人"), the surer reading; the joined one on a tie.
fn surer<C: Columns>(joined: Reading<C>, lower: Reading<C>) -> Reading<C> {
    let strength = |r: &Reading<C>| r.field().map_or(0, |m| m.strength);
    if strength(&lower) > strength(&joined) {
        lower
    } else {
        joined
    }
}

/// One row read as a header, whatever it holds: what `detect` judges, and
/// what `check --columns` shows of a sheet it refused.
pub fn read_row<'a, C: Columns>(
    row: u32,
    cells: impl Iterator<Item = &'a str>,
    taught: &Taught,
) -> Header<C> {
    let labels = cells
        .enumerate()
        .filter_map(|(col, text)| {
            let label = crate::text::trim(text);
            (!label.is_empty()).then(|| (col as u32, tidy(label), read_label(label, taught)))
        })
        .collect();
    Header::from_labels(row, 1, labels)
}

/// Labels keep their words but lose line breaks and runs of spaces.
fn tidy(label: &str) -> String {
    label
        .split(crate::text::is_space)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The best header among the top rows, or None for a sheet that is not a
/// ledger (a notes sheet, an empty sheet). A split header wins only when it
/// recognises more columns than its upper row alone.
pub fn detect<C: Columns>(top: &TopRows<'_>) -> Option<Header<C>> {
    let mut best: Option<Header<C>> = None;
    for row in 0..top.rows.len().min(SEARCH_ROWS) {
        let single = top.single::<C>(row);
        let candidate = match top.split::<C>(row) {
            Some(split) if split.score() > single.score() => split,
            _ => single,
        };
        if candidate.is_table() && best.as_ref().is_none_or(|b| candidate.score() > b.score()) {
            best = Some(candidate);
        }
    }
    best
}

/// When no row is a table's header, the canonical names of the columns the
/// likeliest row does name, if it names a few: a form without a hazard
/// column (a closures-only template) is then refused for that reason.
pub fn near_miss<C: Columns>(top: &TopRows<'_>) -> Vec<&'static str> {
    let best = (0..top.rows.len().min(SEARCH_ROWS))
        .map(|row| top.single::<C>(row))
        .max_by_key(|h| h.score());
    match best {
        Some(h) if h.score() >= MIN_FIELDS => C::ALL
            .iter()
            .filter(|c| h.col(**c).is_some())
            .map(|c| c.synonyms()[0])
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    fn detect_in(
        rows: &[&[&str]],
        spans: &[(u32, u32, u32)],
        fill_left: bool,
    ) -> Option<Header<Field>> {
        let rows = grid(rows);
        detect(&TopRows {
            rows: &rows,
            spans,
            fill_left,
            taught: &UNTAUGHT,
        })
    }

    const ANNEX3: &[&str] = &[
        "序号",
        "单位\n\n名称",
        "单位\n\n地址",
        "单位\n负责人",
        "联系电话",
        "责任\n单位",
        "责任人",
        "问题隐患",
        "整改措施及情况",
        "整改\n时限",
        "备注",
    ];

    #[test]
    fn finds_the_annex3_header_under_a_title_row() {
        let h = detect_in(
            &[&["磁器口安全生产大检查台账"], &[], ANNEX3, &["1", "某公司"]],
            &[],
            false,
        )
        .expect("header");
        assert_eq!(h.row, 2);
        assert_eq!(h.data_start(), 3);
        for (i, f) in Field::ANNEX3.iter().enumerate() {
            assert_eq!(h.col(*f), Some(i as u32), "{f:?}");
        }
        assert_eq!(h.columns[1].label, "单位 名称");
    }

    #[test]
    fn synonyms_and_annotations_map_to_fields() {
        assert_eq!(field_of_label::<Field>("整改期限"), Some(Field::Deadline));
        assert_eq!(
            field_of_label::<Field>("整改时限（日期）"),
            Some(Field::Deadline)
        );
        assert_eq!(
            field_of_label::<Field>("隐患等级(一般/较大/重大)"),
            Some(Field::Level)
        );
        assert_eq!(field_of_label::<Field>("发现日期*"), Some(Field::Found));
        assert_eq!(field_of_label::<Field>("联系 电话"), Some(Field::Phone));
        assert_eq!(field_of_label::<Field>("ＩＤ"), Some(Field::Id));
        assert_eq!(field_of_label::<Field>("销号日期"), Some(Field::Closed));
        assert_eq!(
            field_of_label::<Field>("检查人签字"),
            Some(Field::Inspector),
            "the inspector signs; never the owner"
        );
        assert_eq!(field_of_label::<Field>("现场照片"), None);
    }

    #[test]
    fn split_header_with_merged_upper_cells() {
        let h = detect_in(
            &[
                &[
                    "序号",
                    "单位",
                    "",
                    "",
                    "联系电话",
                    "责任单位",
                    "责任人",
                    "问题隐患",
                    "整改",
                    "",
                ],
                &[
                    "",
                    "名称",
                    "地址",
                    "负责人",
                    "",
                    "",
                    "",
                    "",
                    "措施及情况",
                    "时限",
                ],
            ],
            &[(0, 1, 3), (0, 8, 9)],
            false,
        )
        .expect("header");
        assert_eq!(h.height, 2);
        assert_eq!(h.col(Field::Unit), Some(1));
        assert_eq!(h.col(Field::Address), Some(2));
        assert_eq!(h.col(Field::UnitHead), Some(3));
        assert_eq!(h.col(Field::Measures), Some(8));
        assert_eq!(h.col(Field::Deadline), Some(9));
        assert_eq!(h.data_start(), 2);
    }

    #[test]
    fn split_header_in_csv_fills_from_the_left() {
        let h = detect_in(
            &[
                &["序号", "单位", "", "", "问题隐患", "整改时限"],
                &["", "名称", "地址", "负责人", "", ""],
            ],
            &[],
            true,
        )
        .expect("header");
        assert_eq!(h.height, 2);
        assert_eq!(h.col(Field::Address), Some(2));
    }

    #[test]
    fn single_header_is_kept_when_the_next_row_is_data() {
        let h = detect_in(&[ANNEX3, &["1", "某公司", "沙坪坝区", "张三"]], &[], true).unwrap();
        assert_eq!(h.height, 1);
    }

    #[test]
    fn unknown_columns_are_extras_and_duplicates_do_not_steal_a_field() {
        let h = detect_in(
            &[&[
                "序号",
                "单位名称",
                "问题隐患",
                "联系电话",
                "电话",
                "现场照片",
            ]],
            &[],
            false,
        )
        .unwrap();
        assert_eq!(h.col(Field::Phone), Some(3));
        let extras: Vec<_> = h.extras().map(|c| c.label.as_str()).collect();
        assert_eq!(extras, ["电话", "现场照片"]);
    }

    #[test]
    fn a_data_row_is_never_read_as_the_lower_half_of_a_header() {
        let h = detect_in(
            &[
                &["序号", "单位名称", "问题隐患", "签字"],
                &["1", "某公司", "通道堵塞", "检查人"],
            ],
            &[],
            true,
        )
        .unwrap();
        assert_eq!(h.height, 1);
        assert_eq!(h.col(Field::Owner), None);
    }

    #[test]
    fn a_notes_sheet_has_no_header() {
        assert!(detect_in(&[&["填表说明"], &["1. 序号按顺序填写"]], &[], false).is_none());
        assert!(detect_in(&[], &[], false).is_none());
    }

    #[test]
    fn header_below_row_twenty_is_not_searched() {
        let mut rows: Vec<&[&str]> = vec![&["说明"]; 20];
        rows.push(ANNEX3);
        assert!(detect_in(&rows, &[], false).is_none());
    }
}
