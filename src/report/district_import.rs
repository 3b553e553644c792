//! A district's import: each file one 镇街's submission (its monthly report
//! workbook, its export, or any ledger file), its records put under that
//! 镇街, and a report workbook's own figures checked against its 台账 rows.

use super::crosscheck::{self, Discrepancy};
use super::filter::Month;
use super::import::Counts;
use crate::division::Division;
use crate::ingest::district::{self, Refused};
use crate::ingest::{self, FileResult, Incoming};
use crate::read::submission::{self, LEDGER_SHEET};
use crate::store::imports::{ImportLine, already_logged};
use crate::store::merge::Merge;
use std::path::Path;

/// One submission as read: its records under their 镇街, what reading found,
/// and what its own figures misstate.
pub struct Submission {
    pub result: FileResult,
    pub org: String,
    records: Vec<Incoming>,
    pub discrepancies: Vec<Discrepancy>,
}

/// Reads `path` as a 镇街's submission; `org` (`--org`) names the 镇街 when
/// the file does not. A file that cannot be read comes back with its
/// result's error; one no 镇街 can be found for is refused.
pub fn read(
    path: &Path,
    opts: &ingest::Options<'_>,
    org: Option<&str>,
    division: &Division,
) -> Result<Submission, Refused> {
    let unread = |e| Submission {
        result: FileResult {
            path: path.to_path_buf(),
            outcome: Err(e),
        },
        org: String::new(),
        records: Vec::new(),
        discrepancies: Vec::new(),
    };
    let book = match submission::scan(path) {
        Ok(book) => book,
        Err(e) => return Ok(unread(e)),
    };
    let opts = ingest::Options {
        as_of: opts.as_of.or(book.as_ref().and_then(|b| b.as_of)),
        only_sheet: book.as_ref().map(|_| LEDGER_SHEET),
        ..*opts
    };
    let mut records = Vec::new();
    let result = ingest::ingest(path, &opts, &mut |batch| records.extend(batch.records));
    let ledger = match result.outcome {
        Ok(ref ledger) => ledger,
        Err(e) => return Ok(unread(e)),
    };
    let mut texts: Vec<&str> = book.iter().map(|b| b.title.as_str()).collect();
    texts.extend(ledger.titles.iter().map(String::as_str));
    texts.extend(ledger.reporting.iter().map(String::as_str));
    let org = district::resolve(&texts, org, division)
        .map_err(|why| Refused {
            file: result.name(),
            why,
        })?
        .to_string();
    let discrepancies = book.as_ref().map_or_else(Vec::new, |b| {
        let hazards: Vec<_> = records.iter().map(|r| r.hazard.clone()).collect();
        crosscheck::check(b, &hazards, ledger.as_of)
    });
    for r in &mut records {
        let id = crate::text::trim(&r.hazard.id);
        let listed = book.iter().flat_map(|b| &b.listed).find(|(i, _)| i == id);
        if let Some((_, tier)) = listed {
            district::list(&mut r.hazard, tier);
        }
        district::assign(&mut r.hazard, &org);
    }
    Ok(Submission {
        result,
        org,
        records,
        discrepancies,
    })
}

/// What merging a submission did: its records' counts and how many of the
/// month's earlier rows of its 镇街 it withdrew.
pub struct Merged {
    pub counts: Counts,
    pub withdrawn: usize,
}

/// Merges each read submission under its 镇街 and returns what each did,
/// with the import log's lines of those the log does not hold yet.
pub fn merge(
    submissions: &mut [Submission],
    merge: &mut Merge<'_>,
    at: &str,
    logged: &str,
) -> anyhow::Result<(Vec<Merged>, Vec<ImportLine>)> {
    let (mut merged, mut log) = (Vec::new(), Vec::new());
    for s in submissions {
        let Ok(ledger) = &s.result.outcome else {
            continue;
        };
        let mut counts = Counts::default();
        merge.start_file();
        counts.merge(merge, std::mem::take(&mut s.records), ledger.export)?;
        let name = s.result.name();
        let month = Month::of(ledger.as_of);
        let withdrawn = if ledger.export {
            0
        } else {
            merge.withdraw_unlisted(&s.org, month.first_day(), month.last_day(), &name)?
        };
        let line = counts.line(at, name, ledger, vec![s.org.clone()]);
        if !already_logged(logged, &line) {
            log.push(line);
        }
        merged.push(Merged { counts, withdrawn });
    }
    Ok((merged, log))
}
