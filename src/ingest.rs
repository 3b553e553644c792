//! One ledger file through the first three layers: read → records → rules.
//!
//! Records stream to a sink as rows are read: `check` keeps them to show
//! them, `import` merges each into the store at once, so a million-row file
//! is never held twice. Findings are counted in full; only the first
//! `keep_findings` are kept to be listed.

use crate::config::Config;
use crate::division::Division;
use crate::finding::{Finding, Severity};
use crate::read::{self, RowView, SheetLayout, SheetSummary, Unreadable, Visitor};
use crate::record::Hazard;
use crate::record::build::{self, RowContext};
use crate::rules::{self, Duplicates, Place, RuleContext};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

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
}

/// Every finding of a file, counted by severity and by code.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    /// Per code, in order of first appearance.
    pub by_code: Vec<(&'static str, usize)>,
}

impl Counts {
    fn add(&mut self, f: &Finding) {
        match f.severity() {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        let code = f.problem.code();
        match self.by_code.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => self.by_code.push((code, 1)),
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

/// A record as read, and whether its file is a `ledger export` (whose rows
/// correct the records they name rather than report anew).
pub type Sink<'s> = &'s mut dyn FnMut(Hazard, bool);

/// Reads, builds and checks one file, handing each record to `sink`.
pub fn ingest(path: &Path, opts: &Options<'_>, sink: Sink<'_>) -> FileResult {
    let mut collector = Collector {
        opts,
        sink,
        file: display_name(path),
        sheet: None,
        as_of: None,
        export: false,
        redacted: false,
        reporting: Vec::new(),
        rows: 0,
        findings: Vec::new(),
        counts: Counts::default(),
        duplicates: Duplicates::default(),
    };
    let outcome = read::read_file(path, &mut collector).map(|read| collector.finish(read));
    FileResult {
        path: path.to_path_buf(),
        outcome,
    }
}

/// The visitor that turns rows into checked records.
struct Collector<'a, 's> {
    opts: &'a Options<'a>,
    sink: Sink<'s>,
    file: String,
    /// The current sheet and its date.
    sheet: Option<(SheetLayout, NaiveDate)>,
    as_of: Option<NaiveDate>,
    export: bool,
    redacted: bool,
    reporting: Vec<String>,
    rows: usize,
    findings: Vec<Finding>,
    counts: Counts,
    duplicates: Duplicates,
}

impl Visitor for Collector<'_, '_> {
    fn sheet(&mut self, sheet: &SheetLayout) {
        let date = self
            .opts
            .as_of
            .or_else(|| build::sheet_date(sheet, self.opts.today))
            .unwrap_or(self.opts.today);
        self.as_of.get_or_insert(date);
        let export = sheet
            .title
            .iter()
            .find(|t| t.contains(crate::render::export::MARK));
        self.export |= export.is_some();
        self.redacted |= export.is_some_and(|t| t.contains(crate::render::export::REDACTED));
        self.reporting.extend(build::reporting_unit(sheet));
        self.sheet = Some((sheet.clone(), date));
    }

    fn row(&mut self, row: u32, cells: RowView<'_>) {
        let Some((sheet, as_of)) = &self.sheet else {
            return;
        };
        let ctx = RowContext {
            file: &self.file,
            sheet,
            as_of: *as_of,
            config: self.opts.config,
            export: self.export,
        };
        let (mut hazard, mut findings) = build::build(row, cells, &ctx);
        if let Some(p) = self.opts.progress {
            p.inc(1);
        }
        if self.redacted {
            // Masked in the export: blank, so that they erase nothing.
            hazard.phone.clear();
            hazard.unit_head.clear();
        }
        let place = Place {
            sheet: &sheet.name,
            row,
            header: &sheet.header,
        };
        let rule_ctx = RuleContext {
            config: self.opts.config,
            division: self.opts.division,
            as_of: *as_of,
        };
        findings.extend(rules::check(&hazard, &place, &rule_ctx));
        findings.extend(self.duplicates.check(&hazard, &place));
        // Rows arrive in sheet and row order; within a row, by column.
        findings.sort_by_key(|f| f.col.unwrap_or(u32::MAX));
        for f in findings {
            self.counts.add(&f);
            if self.findings.len() < self.opts.keep_findings {
                self.findings.push(f);
            }
        }
        self.rows += 1;
        (self.sink)(hazard, self.export);
    }
}

impl Collector<'_, '_> {
    fn finish(self, read: read::FileRead) -> Ledger {
        Ledger {
            sheets: read.sheets,
            fingerprint: read.fingerprint,
            export: self.export,
            reporting: self.reporting,
            rows: self.rows,
            findings: self.findings,
            counts: self.counts,
            as_of: self
                .as_of
                .unwrap_or(self.opts.as_of.unwrap_or(self.opts.today)),
        }
    }
}
