//! What `check` counts over the files it read: the run's totals, and the
//! findings a listing left out, by code.

use crate::finding::Severity;
use crate::ingest::{FileResult, Ledger};

/// The run's files, records and findings, and how many files were unreadable.
#[derive(Default)]
pub struct Totals {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    pub unreadable: usize,
}

impl Totals {
    pub fn of(results: &[&FileResult]) -> Totals {
        let mut t = Totals {
            files: results.len(),
            ..Totals::default()
        };
        for r in results {
            match &r.outcome {
                Ok(l) => {
                    t.records += l.rows;
                    t.errors += l.count(Severity::Error);
                    t.warnings += l.count(Severity::Warning);
                }
                Err(_) => t.unreadable += 1,
            }
        }
        t
    }
}

/// The findings of `ledger` beyond the first `shown`, counted by code.
pub fn unlisted(ledger: &Ledger, shown: usize) -> Vec<(&'static str, usize)> {
    let listed = &ledger.findings[..shown];
    ledger
        .counts
        .by_code
        .iter()
        .map(|(code, n)| {
            (
                *code,
                n - listed.iter().filter(|f| f.problem.code() == *code).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}
