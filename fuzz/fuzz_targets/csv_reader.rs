//! The CSV reader (encoding, delimiter, header, rows) and the record builder
//! on arbitrary bytes.
#![no_main]

mod sink;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = ledger::read::csv::read(bytes.to_vec(), &mut sink::Sink::default());
});
