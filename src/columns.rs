//! The vocabulary of a kind of table: which columns it has, the names that
//! call each, and what a header cell was read as and why. A hazard ledger's
//! fields and the task division's annex columns both speak it,
//! and `read::header` finds any of them in a sheet.

use std::fmt::Debug;

/// The columns a kind of table is recognised by: a hazard ledger's fields,
/// or the task division's annex columns.
pub trait Columns: Copy + Eq + Debug + 'static {
    /// Every column; `index` is the position here.
    const ALL: &'static [Self];
    /// A numbering column (序号) whose value alone does not make a row non-blank.
    const NUMBERING: Option<Self>;
    fn index(self) -> usize;
    /// Header texts that name this column, compacted; the first is canonical.
    fn synonyms(self) -> &'static [&'static str];
    /// The column a header names by its words when no synonym matches:
    /// `key` is the label compacted and without annotations, `note` what the
    /// annotations said ("是/否" of "整改情况(是/否)").
    fn by_meaning(_key: &str, _note: &str) -> Option<Meaning<Self>> {
        None
    }
    /// Whether a header naming these columns is a table of this kind.
    fn is_table(has: &dyn Fn(Self) -> bool) -> bool;
}

/// What a header cell means, and how sure the reading is: where two cells
/// claim one column, the surer one takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Meaning<C> {
    pub column: C,
    /// 1 a weak hint … 3 a clear description; a synonym is 4, a workspace's
    /// own name 5.
    pub strength: u8,
    /// The column it means when a surer cell takes `column`.
    pub fallback: Option<C>,
    pub why: Why,
}

/// Why a header cell was read as it was, for `check --columns`.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// The workspace's `[columns]` table names it.
    Taught,
    /// One of the column's known names.
    Synonym,
    /// Its words, as the rule says (Chinese, English).
    Words(&'static str, &'static str),
    /// The workspace's `[columns]` table says to ignore it.
    Ignored,
    /// No column fits: kept with the record as an extra.
    Unknown,
    /// The cell in column `by` reads the same column more surely: kept as an extra.
    Outranked { by: u32 },
}
