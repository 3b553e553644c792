//! One ledger file through the first three layers: read → records → rules.
//!
//! Records stream to a sink a batch at a time as rows are read: `check`
//! keeps them to show them, `import` merges them into the store at once, so
//! a million-row file is never held twice. Findings are counted in full;
//! only the first `keep_findings` are kept to be listed.

pub mod district;

use crate::config::Config;
use crate::division::{DeptNames, Division};
use crate::field::Field;
use crate::finding::{Finding, Severity};
use crate::pipeline::{BATCH, Fanout, fanned_out};
use crate::read::cell::Value;
use crate::read::{self, OwnedRows, RowView, SheetLayout, SheetSummary, Unreadable, Visitor};
use crate::record::Hazard;
use crate::record::build::{self, RowContext};
use crate::record::deadline;
use crate::rules::{self, Duplicates, Identity, Place, RuleContext};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a file is to be read.
pub struct Options<'a> {
    pub config: &'a Config,
    /// The workspace's task division, for department matching.
    pub division: Option<&'a Division>,
    /// `--as-of`: the date the file describes, beating any 填报日期 in it.
    pub as_of: Option<NaiveDate>,
    /// Today, the last resort for a file that states no date.
    pub today: NaiveDate,
    /// Counts rows as they are read, for long imports.
    pub progress: Option<&'a crate::progress::Progress>,
    /// How many findings to keep for listing; all are counted.
    pub keep_findings: usize,
    /// Read only the sheet of this name (a report workbook's 台账).
    pub only_sheet: Option<&'a str>,
}

/// Every finding of a file, counted by severity and by code.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    /// Per code, in the order the codes were first met; a batch's codes
    /// come in together, so the order is the file's only roughly.
    pub by_code: Vec<(&'static str, usize)>,
}

impl Counts {
    fn add(&mut self, f: &Finding) {
        match f.severity() {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        self.add_code(f.problem.code(), 1);
    }

    /// Adds another count of findings (a batch's) to this one.
    fn absorb(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        for (code, n) in other.by_code {
            self.add_code(code, n);
        }
    }

    fn add_code(&mut self, code: &'static str, n: usize) {
        match self.by_code.iter_mut().find(|(c, _)| *c == code) {
            Some((_, count)) => *count += n,
            None => self.by_code.push((code, n)),
        }
    }
}

/// What reading a file gave, besides the records sent to the sink.
#[derive(Debug)]
pub struct Ledger {
    pub sheets: Vec<SheetSummary>,
    /// Records read (and sent to the sink).
    pub rows: usize,
    /// The first findings, in sheet order, then row, then column.
    pub findings: Vec<Finding>,
    pub counts: Counts,
    /// The date the file describes (its first sheet's, when sheets differ).
    pub as_of: NaiveDate,
    pub fingerprint: u64,
    /// The file is a `ledger export`: its rows correct the records they name.
    pub export: bool,
    /// 填报单位 as a title or footer line states it ("填报单位：应急办").
    pub reporting: Vec<String>,
    /// The departments its rows name as 责任单位, by the division's names.
    pub depts: BTreeSet<String>,
    /// Each ledger sheet's first title line.
    pub titles: Vec<String>,
}

impl Ledger {
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.counts.errors,
            Severity::Warning => self.counts.warnings,
        }
    }
}

/// A file as given on the command line and what reading it gave.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub outcome: Result<Ledger, Unreadable>,
}

impl FileResult {
    /// The file's name as messages show it (`6月台账.xlsx`).
    pub fn name(&self) -> String {
        display_name(&self.path)
    }
}

pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A record as read.
pub struct Incoming {
    /// Zero-based, as findings place it.
    row: u32,
    pub hazard: Hazard,
    /// [`rules::identity`] of the hazard: worked out once, on the core that
    /// built the record, for the duplicate check and for the merge.
    pub identity: Option<Identity>,
}

/// Records as read, in file order. A batch travels whole, as the worker
/// that built it filled it: a record is half a kilobyte, and moving each
/// one on its way showed as a tenth of a million-row import's time.
pub struct Batch {
    /// Their file is a `ledger export`, whose rows correct the records they
    /// name rather than report anew.
    pub export: bool,
    pub records: Vec<Incoming>,
}

/// Receives each batch of records as read.
pub type Sink<'s> = &'s mut dyn FnMut(Batch);

/// Reads, builds and checks one file, handing its records to `sink`.
///
/// Rows are read in order on this thread; building and checking a record
/// needs nothing from other rows, so batches of rows are built on every
/// core, and the records come back in file order for the checks that span
/// rows (duplicates) and for `sink`.
pub fn ingest(path: &Path, opts: &Options<'_>, sink: Sink<'_>) -> FileResult {
    let file = display_name(path);
    let builder = Builder {
        file: &file,
        config: opts.config,
        deadlines: deadline::Memo::new(&opts.config.named_dates, &opts.config.calendar),
        division: opts.division,
        keep_findings: opts.keep_findings,
    };
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let outcome = fanned_out(
        workers,
        |job| builder.build(job),
        |fanout| {
            let mut collector = Collector {
                opts,
                fanout,
                sheet: None,
                batch: OwnedRows::default(),
                as_of: None,
                export: false,
                redacted: false,
                reporting: Vec::new(),
                titles: Vec::new(),
                tally: Tally {
                    opts,
                    sink,
                    rows: 0,
                    findings: Vec::new(),
                    counts: Counts::default(),
                    duplicates: Duplicates::with_capacity(
                        read::csv::estimated_lines(path).unwrap_or(0),
                    ),
                    depts: BTreeSet::new(),
                },
            };
            read::read_file(path, &mut collector).map(|read| collector.finish(read))
        },
    );
    FileResult {
        path: path.to_path_buf(),
        outcome,
    }
}

/// Reads, builds and checks one file, keeping every record, as `check` shows them.
pub fn with_records(path: &Path, opts: &Options<'_>) -> (FileResult, Vec<Hazard>) {
    let mut records = Vec::new();
    let result = ingest(path, opts, &mut |batch| {
        records.extend(batch.records.into_iter().map(|r| r.hazard));
    });
    (result, records)
}

/// A sheet as its rows are built: its layout, its date, and what the file
/// had said about itself by then.
struct SheetRows {
    layout: SheetLayout,
    /// The department of every row, when the sheet names it only once.
    dept: Option<String>,
    as_of: NaiveDate,
    /// The file is a `ledger export` (and whether one with masked columns).
    export: bool,
    redacted: bool,
}

/// Rows of one sheet to build.
struct Job {
    sheet: Arc<SheetRows>,
    rows: OwnedRows,
}

/// A job's records, in row order, and what building them and the rules
/// found: counted in full on the worker, but only as many kept as a file
/// keeps, since the findings of a batch's later rows can never be among
/// the file's first.
struct Built {
    sheet: Arc<SheetRows>,
    records: Vec<Incoming>,
    /// The batch's first findings, by row, then column.
    findings: Vec<Finding>,
    counts: Counts,
    /// The departments its rows name, looked up here, where the records
    /// are still in this core's cache.
    depts: BTreeSet<String>,
}

/// What building a row needs besides the row: shared by the workers.
struct Builder<'a> {
    file: &'a str,
    config: &'a Config,
    deadlines: deadline::Memo<'a>,
    division: Option<&'a Division>,
    keep_findings: usize,
}

impl Builder<'_> {
    fn build(&self, job: Job) -> Built {
        let mut built = Built {
            sheet: Arc::clone(&job.sheet),
            records: Vec::with_capacity(job.rows.len()),
            findings: Vec::new(),
            counts: Counts::default(),
            depts: BTreeSet::new(),
        };
        for (row, cells) in job.rows.iter() {
            let (hazard, mut findings) = self.record(row, cells, &job.sheet);
            findings.sort_by_key(|f| f.col.unwrap_or(u32::MAX));
            for f in findings {
                built.counts.add(&f);
                keep_first(&mut built.findings, self.keep_findings, f);
            }
            let dept = DeptNames(self.division).canonical(&hazard.dept);
            if !built.depts.contains(dept) {
                built.depts.insert(dept.to_owned());
            }
            built.records.push(Incoming {
                row,
                identity: Identity::of(&hazard),
                hazard,
            });
        }
        built
    }

    /// One row's record, and what building it and the rules found.
    fn record(&self, row: u32, cells: RowView<'_>, sheet: &SheetRows) -> (Hazard, Vec<Finding>) {
        let ctx = RowContext {
            file: self.file,
            sheet: &sheet.layout,
            as_of: sheet.as_of,
            config: self.config,
            deadlines: &self.deadlines,
            export: sheet.export,
        };
        let (mut hazard, mut findings) = build::build(row, cells, &ctx);
        if let Some(dept) = &sheet.dept {
            hazard.dept = dept.as_str().into();
        }
        if sheet.redacted {
            // Masked in the export: blank, so that they erase nothing.
            hazard.phone.clear();
            hazard.unit_head.clear();
        }
        let place = Place {
            sheet: &sheet.layout.name,
            row,
            header: &sheet.layout.header,
        };
        let rule_ctx = RuleContext {
            config: self.config,
            division: self.division,
            as_of: sheet.as_of,
        };
        findings.extend(rules::check(&hazard, &place, &rule_ctx));
        (hazard, findings)
    }
}

/// The visitor that batches rows for the workers.
struct Collector<'a, 's, 'f> {
    opts: &'a Options<'a>,
    fanout: &'f mut Fanout<Job, Built>,
    sheet: Option<Arc<SheetRows>>,
    batch: OwnedRows,
    as_of: Option<NaiveDate>,
    export: bool,
    redacted: bool,
    reporting: Vec<String>,
    titles: Vec<String>,
    tally: Tally<'a, 's>,
}

impl Visitor for Collector<'_, '_, '_> {
    fn sheet(&mut self, sheet: &SheetLayout) {
        self.dispatch();
        if self.opts.only_sheet.is_some_and(|only| only != sheet.name) {
            self.sheet = None;
            return;
        }
        self.titles.extend(sheet.title.first().cloned());
        let date = self
            .opts
            .as_of
            .or_else(|| build::sheet_date(sheet, self.opts.today))
            .unwrap_or(self.opts.today);
        self.as_of.get_or_insert(date);
        let export = sheet
            .title
            .iter()
            .find(|t| t.contains(crate::read::EXPORT_MARK));
        self.export |= export.is_some();
        self.redacted |= export.is_some_and(|t| t.contains(crate::read::REDACTED_MARK));
        let reporting = build::reporting_unit(sheet);
        self.reporting.extend(reporting.clone());
        for f in build::missing_columns(sheet) {
            self.tally.counts.add(&f);
            keep_first(&mut self.tally.findings, self.opts.keep_findings, f);
        }
        self.sheet = Some(Arc::new(SheetRows {
            // A sheet without a 责任单位 column is its 填报单位's own ledger.
            dept: reporting.filter(|_| sheet.header.col(Field::Dept).is_none()),
            layout: sheet.clone(),
            as_of: date,
            export: self.export,
            redacted: self.redacted,
        }));
    }

    /// A footer can change a row only through a 填报日期 that dates it or a
    /// 填报单位 that stands for its department; when neither can apply, the
    /// rows are built while the rest of the sheet is read.
    fn streams(&self, sheet: &SheetLayout) -> bool {
        let dated =
            self.opts.as_of.is_some() || build::sheet_date(sheet, self.opts.today).is_some();
        let placed =
            sheet.header.col(Field::Dept).is_some() || build::reporting_unit(sheet).is_some();
        dated && placed
    }

    fn footer(&mut self, lines: &[String]) {
        let Some(sheet) = &self.sheet else {
            return;
        };
        if build::reporting_unit(&sheet.layout).is_none() {
            let mut whole = sheet.layout.clone();
            whole.footer = lines.to_vec();
            self.reporting.extend(build::reporting_unit(&whole));
        }
    }

    fn row(&mut self, row: u32, cells: RowView<'_>) {
        if self.sheet.is_some() {
            self.batch.push(row, cells);
            self.dispatch_when_full();
        }
    }

    fn row_values(&mut self, row: u32, cells: Vec<Value>) {
        if self.sheet.is_some() {
            self.batch.push_values(row, cells);
            self.dispatch_when_full();
        }
    }

    fn taught(&self) -> &read::header::Taught {
        &self.opts.config.columns
    }
}

impl Collector<'_, '_, '_> {
    fn dispatch_when_full(&mut self) {
        if self.batch.len() == BATCH {
            self.dispatch();
        }
    }

    /// Sends the rows batched so far to the workers.
    fn dispatch(&mut self) {
        let Some(sheet) = &self.sheet else {
            return;
        };
        if self.batch.is_empty() {
            return;
        }
        let next = self.batch.empty_like();
        let job = Job {
            sheet: Arc::clone(sheet),
            rows: std::mem::replace(&mut self.batch, next),
        };
        let tally = &mut self.tally;
        self.fanout.submit(job, &mut |built| tally.take(built));
    }

    fn finish(mut self, read: read::FileRead) -> Ledger {
        self.dispatch();
        let tally = &mut self.tally;
        self.fanout.finish(&mut |built| tally.take(built));
        Ledger {
            sheets: read.sheets,
            fingerprint: read.fingerprint,
            export: self.export,
            reporting: self.reporting,
            titles: self.titles,
            rows: self.tally.rows,
            findings: self.tally.findings,
            counts: self.tally.counts,
            depts: self.tally.depts,
            as_of: self
                .as_of
                .unwrap_or(self.opts.as_of.unwrap_or(self.opts.today)),
        }
    }
}

/// Built records taken in file order: the checks that span rows, the
/// findings counted and kept, and each batch handed to the sink.
struct Tally<'a, 's> {
    opts: &'a Options<'a>,
    sink: Sink<'s>,
    rows: usize,
    findings: Vec<Finding>,
    counts: Counts,
    duplicates: Duplicates,
    depts: BTreeSet<String>,
}

impl Tally<'_, '_> {
    fn take(&mut self, mut built: Built) {
        let sheet = &built.sheet;
        if let Some(p) = self.opts.progress {
            p.inc(built.records.len() as u64);
        }
        self.counts.absorb(built.counts);
        self.depts.append(&mut built.depts);
        let keep = self.opts.keep_findings;
        let mut found = built.findings.into_iter().peekable();
        let mut duplicates = self.duplicates.sheet(&sheet.layout.name);
        for &Incoming { row, identity, .. } in &built.records {
            while let Some(f) = found.next_if(|f| f.row == row) {
                keep_first(&mut self.findings, keep, f);
            }
            // A row's own findings come before the duplicate, which names no column.
            if let Some(f) = duplicates.check(identity, row) {
                self.counts.add(&f);
                keep_first(&mut self.findings, keep, f);
            }
        }
        self.rows += built.records.len();
        (self.sink)(Batch {
            export: sheet.export,
            records: built.records,
        });
    }
}

/// Keeps `f` when fewer than `keep` findings are kept.
fn keep_first(findings: &mut Vec<Finding>, keep: usize, f: Finding) {
    if findings.len() < keep {
        findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CSV ledger of `rows` rows over several batches: every row's
    /// deadline is unreadable (an error in column J), every third row
    /// repeats the one before (a duplicate, which names no column), and
    /// every fifth has a bad phone number (a warning in column E).
    fn ledger(rows: usize) -> tempfile::NamedTempFile {
        let mut text = String::from(
            "序号,单位名称,单位地址,单位负责人,联系电话,责任单位,责任人,问题隐患,整改措施,整改时限,备注\n",
        );
        for i in 0..rows {
            let n = if i % 3 == 2 { i - 1 } else { i };
            let phone = if i % 5 == 0 { "12" } else { "13800000000" };
            text.push_str(&format!(
                "{i},单位{n},地址,张三,{phone},经发办,李四,隐患{n},措施,某日前后,\n"
            ));
        }
        let file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    fn read(path: &Path, keep_findings: usize) -> Ledger {
        let config = Config::builtin();
        let opts = Options {
            config: &config,
            division: None,
            as_of: NaiveDate::from_ymd_opt(2022, 7, 1),
            today: NaiveDate::from_ymd_opt(2022, 7, 1).unwrap(),
            progress: None,
            keep_findings,
            only_sheet: None,
        };
        ingest(path, &opts, &mut |_| {}).outcome.unwrap()
    }

    fn places(findings: &[Finding]) -> Vec<(u32, Option<u32>, &'static str)> {
        findings
            .iter()
            .map(|f| (f.row, f.col, f.problem.code()))
            .collect()
    }

    #[test]
    fn the_findings_kept_are_the_first_of_the_file_whatever_the_batches() {
        let file = ledger(3 * BATCH + 7);
        let all = read(file.path(), usize::MAX);
        assert!(
            all.counts
                .by_code
                .iter()
                .any(|(c, _)| *c == "duplicate-row")
        );
        assert_eq!(all.findings.len(), all.counts.errors + all.counts.warnings);
        let rows: Vec<u32> = all.findings.iter().map(|f| f.row).collect();
        assert!(rows.is_sorted(), "findings out of row order");
        for keep in [1, 5, BATCH - 1, BATCH + 3, 2 * BATCH + 100] {
            let first = read(file.path(), keep);
            assert_eq!(
                places(&first.findings),
                places(&all.findings[..keep]),
                "keeping {keep}"
            );
            assert_eq!(first.counts.errors, all.counts.errors);
            assert_eq!(first.counts.warnings, all.counts.warnings);
            let mut counted = first.counts.by_code.clone();
            let mut expected = all.counts.by_code.clone();
            counted.sort();
            expected.sort();
            assert_eq!(counted, expected, "keeping {keep}");
        }
    }

    #[test]
    fn a_row_lists_its_cells_first_and_then_that_it_repeats_a_row() {
        let file = ledger(6);
        let all = read(file.path(), usize::MAX);
        let row = |r: u32| -> Vec<&'static str> {
            all.findings
                .iter()
                .filter(|f| f.row == r)
                .map(|f| f.problem.code())
                .collect()
        };
        let duplicated = all
            .findings
            .iter()
            .find(|f| f.problem.code() == "duplicate-row")
            .unwrap()
            .row;
        let codes = row(duplicated);
        assert_eq!(codes.last(), Some(&"duplicate-row"), "{codes:?}");
        assert!(codes.len() > 1, "{codes:?}");
    }
}
