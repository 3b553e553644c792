//! An import's merge: its files read and merged at once on two cores, what
//! it did with each file, and the departments each reports for.

use crate::division::DeptNames;
use crate::ingest::{self, Batch, FileResult, Incoming, Ledger};
use crate::pipeline::pipelined;
use crate::store::imports::{ImportLine, already_logged};
use crate::store::merge::{Merge, Outcome as Merged};
use std::path::PathBuf;

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

    /// Merges a file's records, counting what each did: an export's rows
    /// correct the records they name, other files' rows report anew.
    pub fn merge(
        &mut self,
        merge: &mut Merge<'_>,
        records: Vec<Incoming>,
        export: bool,
    ) -> anyhow::Result<()> {
        for read in records {
            self.add(if export {
                merge.correct(read.hazard, read.identity)?
            } else {
                merge.apply(read.hazard, read.identity)?
            });
        }
        Ok(())
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

/// What flows from reading to merging: a batch of records, or the end of a file.
enum Item {
    Records(Batch),
    FileEnd,
}

/// Reads each file on a second core and merges its records here as they
/// are read (the merge's prepared statements stay on the thread that made
/// them); returns each file's result and what merging did, or the first
/// error writing to the store, after which nothing more is merged.
pub fn read_and_merge(
    paths: &[PathBuf],
    opts: &ingest::Options<'_>,
    merge: &mut Merge<'_>,
) -> anyhow::Result<Vec<(FileResult, Counts)>> {
    let (read, merged) = pipelined(
        |send| {
            paths
                .iter()
                .map(|path| {
                    let read = ingest::ingest(path, opts, &mut |batch| send(Item::Records(batch)));
                    send(Item::FileEnd);
                    read
                })
                .collect::<Vec<FileResult>>()
        },
        |items| {
            let mut files = Vec::new();
            let mut counts = Counts::default();
            for item in items {
                match item {
                    Item::Records(batch) => counts.merge(merge, batch.records, batch.export)?,
                    Item::FileEnd => files.push(std::mem::take(&mut counts)),
                }
            }
            anyhow::Ok(files)
        },
    );
    Ok(read.into_iter().zip(merged?).collect())
}

/// The import log's lines of the files read, at `at`: not for an export
/// coming back (the store's own view, not a submission), nor for a file
/// the log already holds.
pub fn log_lines(
    files: &[(FileResult, Counts)],
    at: &str,
    extra: &[String],
    names: DeptNames<'_>,
    logged: &str,
) -> Vec<ImportLine> {
    files
        .iter()
        .filter_map(|(result, counts)| {
            let ledger = result.outcome.as_ref().ok()?;
            let depts = reported_for(ledger, extra, names);
            let line = counts.line(at, result.name(), ledger, depts);
            (!ledger.export && !already_logged(logged, &line)).then_some(line)
        })
        .collect()
}
