//! Reports: figures computed from the store as plain data. Renderers lay them
//! out as tables, CSV, JSON or xlsx without recomputing anything.

pub mod annex;
pub mod check;
pub mod crosscheck;
pub mod district;
pub mod district_import;
pub mod duties;
pub mod filter;
pub mod import;
pub mod monthly;
pub mod overdue;
pub mod overdue_by_dept;
pub mod period;
pub mod statistics;
pub mod submissions;
pub mod tasks;

use crate::division::Division;
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

/// The departments every report lists even with nothing to show: those the
/// division gives an inspection duty (a 行业领域), and a district's 镇街.
/// Groups such as 负有安全监管职责科室, and offices without sectors, are left out.
pub fn duty_departments(division: Option<&Division>) -> impl Iterator<Item = &str> {
    division
        .into_iter()
        .flat_map(|d| &d.departments)
        .filter(|d| d.member || !d.sectors.is_empty())
        .map(|d| d.name.as_str())
}
