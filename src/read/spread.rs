//! Merged cells spread over a sheet's rows as the rows go by.
//!
//! A merge over several rows (a department merged down a block of hazards)
//! gives its value to every cell of its range; a merge within one row (a
//! title, a split-header label) is kept as a span for header detection and
//! otherwise left as Excel shows it, in its first cell. Rows arrive in order
//! and are filled one at a time, so a sheet need not be held whole.

use super::cell::Value;
use super::guard::{MAX_COLUMNS, MAX_MERGED_CELLS};
use super::{Limit, Unreadable};
use calamine::Dimensions;
use std::collections::VecDeque;

/// The multi-row merges of one sheet, filled into its rows in row order.
pub struct Spread {
    sheet: String,
    /// Merges not yet reached, by first row (then as listed).
    waiting: VecDeque<(usize, Dimensions)>,
    /// Merges covering the current row, with their value, as listed.
    active: Vec<(usize, Dimensions, Value)>,
    /// Cells filled so far: bounded, so that a crafted file cannot turn a
    /// few bytes of merges into unbounded work.
    filled: u64,
}

/// One-row merges as (row, first column, last column), zero-based.
pub type Spans = Vec<(u32, u32, u32)>;

impl Spread {
    /// Splits `merges` into the one-row spans and the spread of the rest.
    pub fn new(sheet: &str, merges: &[Dimensions]) -> (Spread, Spans) {
        let mut spans = Vec::new();
        let mut waiting = Vec::new();
        for (i, m) in merges.iter().enumerate() {
            if m.start.0 == m.end.0 {
                spans.push((m.start.0, m.start.1, m.end.1));
            } else {
                waiting.push((i, *m));
            }
        }
        waiting.sort_by_key(|(i, m)| (m.start.0, *i));
        let spread = Spread {
            sheet: sheet.to_string(),
            waiting: waiting.into(),
            active: Vec::new(),
            filled: 0,
        };
        (spread, spans)
    }

    /// The last row a merge with a value covers from `row` on, if any: the
    /// rows up to it take the merged value even when they hold no cells.
    pub fn covers_through(&self, row: u32) -> Option<u32> {
        self.active
            .iter()
            .map(|(_, m, _)| m.end.0)
            .filter(|&end| end >= row)
            .max()
    }

    /// Fills `cells`, row `row`, from the merges covering it. Rows must come
    /// in ascending order; a merge whose first row never came has no value.
    pub fn fill(&mut self, row: u32, cells: &mut Vec<Value>) -> Result<(), Unreadable> {
        self.active.retain(|(_, m, _)| m.end.0 >= row);
        let mut started = false;
        while self.waiting.front().is_some_and(|(_, m)| m.start.0 <= row) {
            let Some((i, m)) = self.waiting.pop_front() else {
                break;
            };
            let value = if m.start.0 == row {
                cells.get(m.start.1 as usize).cloned().unwrap_or_default()
            } else {
                Value::Empty
            };
            if value != Value::Empty {
                self.active.push((i, m, value));
                started = true;
            }
        }
        if started {
            self.active.sort_by_key(|(i, ..)| *i);
        }
        for (_, m, value) in &self.active {
            let last = m.end.1.min(MAX_COLUMNS - 1);
            for col in m.start.1..=last {
                let col = col as usize;
                if cells.len() <= col {
                    cells.resize(col + 1, Value::Empty);
                }
                cells[col] = value.clone();
            }
            self.filled += u64::from(last.saturating_sub(m.start.1) + 1);
            if self.filled > MAX_MERGED_CELLS {
                return Err(Unreadable::TooLarge(Limit::Merges {
                    sheet: self.sheet.clone(),
                }));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn a_merge_down_rows_fills_each_and_a_merge_in_one_row_is_a_span() {
        let merges = [
            Dimensions::new((1, 0), (3, 0)),
            Dimensions::new((0, 0), (0, 4)),
        ];
        let (mut spread, spans) = Spread::new("台账", &merges);
        assert_eq!(spans, [(0, 0, 4)]);
        let mut first = vec![text("应急办"), text("隐患一")];
        spread.fill(1, &mut first).unwrap();
        assert_eq!(spread.covers_through(2), Some(3));
        let mut gap = Vec::new();
        spread.fill(2, &mut gap).unwrap();
        assert_eq!(gap, [text("应急办")], "a row without cells takes the value");
        let mut third = vec![Value::Empty, text("隐患三")];
        spread.fill(3, &mut third).unwrap();
        assert_eq!(third[0], text("应急办"));
        let mut after = vec![Value::Empty, text("隐患四")];
        spread.fill(4, &mut after).unwrap();
        assert_eq!(after[0], Value::Empty, "the merge ended");
        assert_eq!(spread.covers_through(4), None);
    }

    #[test]
    fn a_merge_whose_first_row_is_empty_fills_nothing() {
        let (mut spread, _) = Spread::new("s", &[Dimensions::new((0, 0), (5, 1))]);
        let mut row = vec![Value::Empty, Value::Empty, text("x")];
        spread.fill(2, &mut row).unwrap();
        assert_eq!(row[..2], [Value::Empty, Value::Empty]);
    }

    #[test]
    fn a_merge_is_clipped_to_the_column_limit_and_too_many_filled_cells_are_refused() {
        let (mut spread, _) = Spread::new("s", &[Dimensions::new((0, 0), (1_000_000, 16_383))]);
        let mut row = vec![text("应急办")];
        spread.fill(0, &mut row).unwrap();
        assert_eq!(row.len(), MAX_COLUMNS as usize);
        let mut refused = None;
        for r in 1..1_000_000 {
            if let Err(e) = spread.fill(r, &mut Vec::new()) {
                refused = Some(e);
                break;
            }
        }
        assert!(
            matches!(refused, Some(Unreadable::TooLarge(Limit::Merges { .. }))),
            "{refused:?}"
        );
    }
}
