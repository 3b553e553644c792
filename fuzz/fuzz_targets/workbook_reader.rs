//! The workbook reader (zip guard, calamine, merges, header, rows) and the
//! record builder on arbitrary bytes. Seed the corpus with real xlsx, xls and
//! ods files (tests/fixtures) so mutations reach past the container.
#![no_main]

mod sink;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = ledger::read::workbook::read(bytes.to_vec(), &mut sink::Sink::default());
});
