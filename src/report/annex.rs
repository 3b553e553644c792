//! The task division `ledger tasks import` assembles from the office's
//! Annex 1 and Annex 2 tables, made whole before it is written.

use crate::division::annex::{OutDepartment, OutMeasure};

/// Every department a task names must be defined; those Annex 1 lacked get
/// an entry of their own.
pub fn add_missing_departments(departments: &mut Vec<OutDepartment>, measures: &[OutMeasure]) {
    for name in measures
        .iter()
        .flat_map(|m| &m.tasks)
        .flat_map(|t| &t.departments)
    {
        let known = departments.iter().any(|d| {
            d.name == *name
                || d.aliases
                    .iter()
                    .any(|a| crate::text::compact(a) == crate::text::compact(name))
        });
        if !known {
            departments.push(OutDepartment {
                name: name.clone(),
                aliases: Vec::new(),
                leader: None,
                head: None,
                sectors: Vec::new(),
                targets: Vec::new(),
            });
        }
    }
}
