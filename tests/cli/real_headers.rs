//! Header rows copied from the exports and import templates of public
//! hazard-management systems (`tests/fixtures/real-headers.toml`, each with
//! its source): every cell lands in the field a clerk would read it as, and
//! no cell fills a field the header does not have.

use ledger::field::Field;
use ledger::read::header::{TopRows, UNTAUGHT, detect, read_row};
use std::collections::BTreeMap;

#[derive(serde::Deserialize)]
struct Fixture {
    header: Vec<Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    source: String,
    cells: Vec<String>,
    expect: BTreeMap<String, String>,
    #[serde(default)]
    not: Vec<String>,
}

fn field(key: &str) -> Field {
    Field::ALL
        .into_iter()
        .find(|f| f.key() == key)
        .unwrap_or_else(|| panic!("no field {key}"))
}

#[test]
fn real_headers_map_to_the_fields_a_clerk_reads() {
    let text = include_str!("../fixtures/real-headers.toml");
    let fixture: Fixture = toml::from_str(text).expect("fixture parses");
    assert!(fixture.header.len() >= 10);
    let mut wrong = Vec::new();
    for entry in &fixture.header {
        let header = read_row::<Field>(0, entry.cells.iter().map(String::as_str), &UNTAUGHT);
        // A header naming no hazard (a closures-only form) is refused whole.
        let rows = vec![entry.cells.clone()];
        let found = detect::<Field>(&TopRows {
            rows: &rows,
            spans: &[],
            fill_left: false,
            taught: &UNTAUGHT,
        });
        let ledger = entry.expect.contains_key("hazard") || entry.expect.contains_key("unit");
        if found.is_some() != ledger {
            wrong.push(format!(
                "{}: read as a ledger: {}",
                entry.source,
                found.is_some()
            ));
        }
        let label_of = |f: Field| {
            header
                .col(f)
                .map(|c| entry.cells[c as usize].replace('\n', ""))
        };
        for (key, cell) in &entry.expect {
            let got = label_of(field(key));
            if got.as_deref() != Some(cell.replace('\n', "").as_str()) {
                wrong.push(format!(
                    "{}: {key} should be {cell}, is {got:?}",
                    entry.source
                ));
            }
        }
        for key in &entry.not {
            if let Some(got) = label_of(field(key)) {
                wrong.push(format!(
                    "{}: {key} should be absent, is {got}",
                    entry.source
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
