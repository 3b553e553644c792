//! Records: a ledger row becomes a [`Hazard`], its free text resolved into
//! dates, a grade and a state.

pub mod build;
pub mod deadline;

use crate::config::Config;
use crate::level::Level;
use crate::status::Status;
use chrono::NaiveDate;
use deadline::Deadline;

/// Where a closing date came from, so a clerk can tell a recorded date from
/// an inferred one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedSource {
    /// A 完成日期 / 销号日期 column.
    Column,
    /// A date inside the measures text ("已于6月20日整改完毕").
    Text,
    /// The date the file was observed saying so (`--as-of`).
    Observed,
}

impl ClosedSource {
    pub fn key(self) -> &'static str {
        match self {
            ClosedSource::Column => "column",
            ClosedSource::Text => "text",
            ClosedSource::Observed => "observed",
        }
    }

    pub fn from_key(key: &str) -> Option<ClosedSource> {
        [
            ClosedSource::Column,
            ClosedSource::Text,
            ClosedSource::Observed,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// The file, sheet and row a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    pub file: Text,
    pub sheet: Text,
    /// One-based, as a spreadsheet shows it.
    pub row: u32,
}

/// Which resolved fields a ledger row actually stated, as opposed to
/// defaults. A later file that says nothing about a grade or a state must not
/// overwrite what an earlier file said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stated {
    pub level: bool,
    pub status: bool,
}

/// A field's text. Up to 24 bytes it is held in place — names, phone
/// numbers, departments, dates and short phrases, most of an Annex 3 row —
/// so a record costs a few allocations rather than one a field, and a
/// million of them an eighth of a gigabyte less.
pub type Text = compact_str::CompactString;

/// One hazard: the Annex 3 columns plus what the tool resolves from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Hazard {
    /// The store's id (`YH-2022-0001`), or a 编号 column's value; empty before import.
    pub id: Text,
    pub seq: Text,
    pub unit: Text,
    pub address: Text,
    pub unit_head: Text,
    pub phone: Text,
    pub dept: Text,
    pub owner: Text,
    pub hazard: Text,
    pub measures: Text,
    /// The 整改时限 cell as written (a date cell as `YYYY-MM-DD`).
    pub deadline_text: Text,
    /// The resolved deadline; None when missing, long-term or not understood.
    pub deadline: Option<NaiveDate>,
    pub long_term: bool,
    pub level: Level,
    /// 发现日期: from its column, else the file's date (`found_assumed`).
    pub found: NaiveDate,
    pub found_assumed: bool,
    pub status: Status,
    pub closed: Option<NaiveDate>,
    pub closed_source: Option<ClosedSource>,
    /// 延期时限 as written.
    pub extension_text: Text,
    /// 延期时限 resolved, counted only when `extension_approved`.
    pub extended_deadline: Option<NaiveDate>,
    /// 延期审批 as written: who signed the extension.
    pub extension_approval: Text,
    pub extension_approved: bool,
    /// 约谈日期.
    pub interview: Option<NaiveDate>,
    pub sector: Text,
    pub remarks: Text,
    /// 隐患编号 of another system: identifies the hazard when present.
    pub code: Text,
    /// 隐患位置 / 检查对象: where the hazard is.
    pub location: Text,
    /// 检查人: who found it.
    pub inspector: Text,
    /// 复查人 / 验收人: who re-inspected or accepted the work.
    pub reviewer: Text,
    /// 整改资金 in 分 (hundredths of a 元), whatever unit the column used.
    pub funds: Option<i64>,
    /// Columns the header did not recognise, as (header, value).
    pub extras: Vec<(String, String)>,
    pub source: Source,
    /// The date of the file this record was last read from (its `--as-of`).
    pub observed: NaiveDate,
    /// Not stored: what the row stated, for merging into the store.
    pub stated: Stated,
}

impl Hazard {
    /// The deadline that counts: an approved extension, else the deadline.
    pub fn effective_deadline(&self) -> Option<NaiveDate> {
        if self.extension_approved {
            self.extended_deadline.or(self.deadline)
        } else {
            self.deadline
        }
    }

    /// Rectified on or before `day`.
    pub fn rectified_by(&self, day: NaiveDate) -> bool {
        self.status.is_done() && self.closed.is_some_and(|c| c <= day)
    }

    /// Overdue on `day`: the effective deadline has passed (a deadline on
    /// `day` itself has not) and the hazard was not rectified by then.
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        self.effective_deadline().is_some_and(|d| d < day) && !self.rectified_by(day)
    }

    /// Days overdue on `day`, when overdue.
    pub fn days_overdue(&self, day: NaiveDate) -> Option<i64> {
        self.overdue_on(day)
            .then(|| self.effective_deadline().map(|d| (day - d).num_days()))
            .flatten()
    }

    /// Re-resolves what depends on the discovery date after it changed: the
    /// deadline and extension phrases.
    /// Used when a later file's row matches a hazard found earlier.
    pub fn reanchor(&mut self, found: NaiveDate, found_assumed: bool, config: &Config) {
        self.found = found;
        self.found_assumed = found_assumed;
        let ctx = build::context(config, found, found_assumed);
        if let Ok(Deadline::Date(d)) = deadline::parse_deadline(&self.deadline_text, &ctx) {
            self.deadline = Some(d);
        }
        if let Ok(Deadline::Date(d)) = deadline::parse_deadline(&self.extension_text, &ctx) {
            self.extended_deadline = Some(d);
        }
    }

    /// Rectified after its deadline: counts as 逾期整改 in statistics.
    pub fn rectified_late(&self) -> bool {
        match (self.closed, self.effective_deadline()) {
            (Some(c), Some(d)) => self.status.is_done() && c > d,
            _ => false,
        }
    }
}
