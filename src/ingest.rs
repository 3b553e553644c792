//! One ledger file through the first three layers: read → records → rules.
//! `check` renders the result; `import` also writes it to the store.

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
}

/// A readable ledger file's records and findings.
#[derive(Debug)]
pub struct Ledger {
    pub sheets: Vec<SheetSummary>,
    pub records: Vec<Hazard>,
    /// In sheet order, then row, then column.
    pub findings: Vec<Finding>,
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
        self.findings
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
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

/// Reads, builds and checks one file.
pub fn ingest(path: &Path, opts: &Options<'_>) -> FileResult {
    let mut collector = Collector {
        opts,
        file: display_name(path),
        sheet: None,
        as_of: None,
        export: false,
        redacted: false,
        reporting: Vec::new(),
        records: Vec::new(),
        findings: Vec::new(),
        duplicates: Duplicates::default(),
    };
    let outcome = read::read_file(path, &mut collector).map(|read| collector.finish(read));
    FileResult {
        path: path.to_path_buf(),
        outcome,
    }
}

/// The visitor that turns rows into checked records.
struct Collector<'a> {
    opts: &'a Options<'a>,
    file: String,
    /// The current sheet and its date.
    sheet: Option<(SheetLayout, NaiveDate)>,
    as_of: Option<NaiveDate>,
    export: bool,
    redacted: bool,
    reporting: Vec<String>,
    records: Vec<Hazard>,
    findings: Vec<Finding>,
    duplicates: Duplicates,
}

impl Visitor for Collector<'_> {
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
        if self.redacted {
            // Masked in the export: blank, so that they erase nothing.
            hazard.phone.clear();
            hazard.unit_head.clear();
        }
        if let Some(p) = self.opts.progress {
            p.inc(1);
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
        self.findings.append(&mut findings);
        self.records.push(hazard);
    }
}

impl Collector<'_> {
    fn finish(self, read: read::FileRead) -> Ledger {
        Ledger {
            sheets: read.sheets,
            fingerprint: read.fingerprint,
            export: self.export,
            reporting: self.reporting,
            records: self.records,
            findings: self.findings,
            as_of: self
                .as_of
                .unwrap_or(self.opts.as_of.unwrap_or(self.opts.today)),
        }
    }
}
