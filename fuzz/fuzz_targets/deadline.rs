//! The deadline phrase grammar on arbitrary text, under every year rule.
#![no_main]

use chrono::NaiveDate;
use ledger::calendar::WorkCalendar;
use ledger::record::deadline::{self, DeadlineContext, YearRule};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

fuzz_target!(|text: &str| {
    let mut named = BTreeMap::new();
    named.insert("党的二十大".to_string(), NaiveDate::from_ymd_opt(2022, 10, 16).unwrap());
    let calendar = WorkCalendar::new([NaiveDate::from_ymd_opt(2022, 10, 1).unwrap()], []);
    for (anchor, year_rule) in [
        (NaiveDate::from_ymd_opt(2022, 6, 10).unwrap(), YearRule::Forward),
        (NaiveDate::from_ymd_opt(2022, 12, 31).unwrap(), YearRule::Nearest),
        (NaiveDate::MAX, YearRule::NotAfter),
        (NaiveDate::MIN, YearRule::Forward),
    ] {
        let ctx = DeadlineContext { anchor, year_rule, named_dates: &named, calendar: &calendar };
        let _ = deadline::parse_deadline(text, &ctx);
        let _ = deadline::parse_date(text, anchor);
        let _ = deadline::find_date(text, anchor, year_rule);
    }
});
