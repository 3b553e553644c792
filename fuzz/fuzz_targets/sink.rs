//! A visitor that builds every record, as `check` does, and keeps nothing.

use chrono::NaiveDate;
use ledger::config::Config;
use ledger::read::{RowView, SheetLayout, Visitor};
use ledger::record::build::{self, RowContext};
use ledger::record::deadline;

#[derive(Default)]
pub struct Sink {
    sheet: Option<SheetLayout>,
    config: Option<Config>,
}

impl Visitor for Sink {
    fn sheet(&mut self, sheet: &SheetLayout) {
        self.sheet = Some(sheet.clone());
        self.config.get_or_insert_with(Config::builtin);
    }

    fn row(&mut self, row: u32, cells: RowView<'_>) {
        let (Some(sheet), Some(config)) = (&self.sheet, &self.config) else { return };
        let deadlines = deadline::Memo::new(&config.named_dates, &config.calendar);
        let ctx = RowContext {
            file: "fuzz",
            sheet,
            as_of: NaiveDate::from_ymd_opt(2022, 6, 30).unwrap(),
            config,
            deadlines: &deadlines,
            export: false,
        };
        let _ = build::build(row, cells, &ctx);
    }
}
