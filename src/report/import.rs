//! What an import did with each file: how its records merged, and the
//! departments it reports for.

use crate::division::DeptNames;
use crate::ingest::Ledger;
use crate::store::imports::ImportLine;
use crate::store::merge::Outcome as Merged;

/// How a file's records merged into the store.
#[derive(Default)]
pub struct Counts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub stale: usize,
}

impl Counts {
    pub fn add(&mut self, outcome: Merged) {
        match outcome {
            Merged::Inserted => self.inserted += 1,
            Merged::Updated => self.updated += 1,
            Merged::Unchanged => self.unchanged += 1,
            Merged::Stale => self.stale += 1,
        }
    }

    /// The import log's line for `ledger`, read from `file` and merged so at `at`.
    pub fn line(&self, at: &str, file: String, ledger: &Ledger, depts: Vec<String>) -> ImportLine {
        ImportLine {
            at: at.to_string(),
            file,
            fingerprint: format!("{:016x}", ledger.fingerprint),
            as_of: ledger.as_of,
            rows: ledger.rows,
            inserted: self.inserted,
            updated: self.updated,
            unchanged: self.unchanged,
            stale: self.stale,
            depts,
        }
    }
}

/// The departments a file reports for, by canonical name, sorted: its rows'
/// 责任单位, its 填报单位, and any `--dept`.
pub fn reported_for(ledger: &Ledger, extra: &[String], names: DeptNames<'_>) -> Vec<String> {
    let mut depts = ledger.depts.clone();
    depts.extend(
        ledger
            .reporting
            .iter()
            .chain(extra)
            .map(|d| names.canonical(d).to_owned()),
    );
    depts.remove("");
    depts.into_iter().collect()
}
