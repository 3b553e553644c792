//! Reports: figures computed from the store as plain data. Renderers lay them
//! out as tables, CSV, JSON or xlsx without recomputing anything.

pub mod crosscheck;
pub mod district;
pub mod duties;
pub mod filter;
pub mod monthly;
pub mod overdue;
pub mod period;
pub mod statistics;
pub mod submissions;
pub mod tasks;

use std::collections::BTreeMap;

/// The value under `key`, a default one inserted if absent. Unlike
/// `entry(key.to_string())` it allocates only for a new key: a million
/// hazards name a few dozen departments and officials.
pub(crate) fn tally<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("present or just inserted")
}
