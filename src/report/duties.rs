//! Recurring duties measured from the ledger (`ledger duties`):
//! - each responsible official (责任人), every month, checks at least two units
//!   and urges at least two hazards to rectification (seed 001, task 24(2),
//!   the "2-2-2" duty; its third part, solving two management problems, is not
//!   in the ledger);
//! - each department runs at least one check a month and one a quarter
//!   (seed 004, item 十四). A check is counted as a distinct discovery date on
//!   which the department recorded hazards: the ledger's only trace of one.

use super::filter::Month;
use crate::division::{DeptNames, Division, Every};
use crate::record::Hazard;
use crate::report::tasks::period;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Units to check and hazards to urge, per official per month.
pub const UNITS_REQUIRED: usize = 2;
pub const HAZARDS_REQUIRED: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerDuty {
    pub owner: String,
    pub dept: String,
    /// Distinct units with hazards found in the month.
    pub units_checked: usize,
    /// Hazards rectified in the month.
    pub hazards_rectified: usize,
    pub short: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeptDuty {
    pub dept: String,
    pub inspections_month: usize,
    pub inspections_quarter: usize,
    pub short: bool,
}

#[derive(Debug, Clone)]
pub struct Duties {
    pub month: Month,
    pub owners: Vec<OwnerDuty>,
    pub departments: Vec<DeptDuty>,
}

/// What one official did in the month.
#[derive(Default)]
struct OwnerTally {
    /// Records per department, to place the official in the most frequent.
    depts: BTreeMap<String, usize>,
    /// Compacted unit names; hashed, as a month holds tens of thousands.
    units: foldhash::HashSet<String>,
    rectified: usize,
}

/// The distinct discovery dates of one department, in the month and quarter.
#[derive(Default)]
struct DeptTally {
    month: BTreeSet<NaiveDate>,
    quarter: BTreeSet<NaiveDate>,
}

/// The duties table for `month`. Officials: everyone named as 责任人 up to the
/// month's end, and the division's department heads. Departments: those with
/// an inspection duty in the division (a 行业领域), and any seen in the ledger.
pub fn compute<'h>(
    hazards: impl IntoIterator<Item = &'h Hazard>,
    month: Month,
    division: Option<&Division>,
) -> Duties {
    let names = DeptNames(division);
    let (first, last) = (month.first_day(), month.last_day());
    let (quarter_start, _) = period(Every::Quarter, first);
    let mut owners: BTreeMap<String, OwnerTally> = BTreeMap::new();
    let mut depts: BTreeMap<String, DeptTally> = BTreeMap::new();
    for h in hazards.into_iter().filter(|h| h.found <= last) {
        let dept = names.canonical(&h.dept);
        let owner = crate::text::trim(&h.owner);
        if !owner.is_empty() {
            let tally = super::tally(&mut owners, owner);
            *super::tally(&mut tally.depts, dept) += 1;
            if first <= h.found {
                tally.units.insert(crate::text::compact(&h.unit));
            }
            if h.status.is_done() && h.closed.is_some_and(|c| first <= c && c <= last) {
                tally.rectified += 1;
            }
        }
        if !dept.is_empty() {
            let tally = super::tally(&mut depts, dept);
            if first <= h.found {
                tally.month.insert(h.found);
            }
            if quarter_start <= h.found {
                tally.quarter.insert(h.found);
            }
        }
    }
    for d in division.iter().flat_map(|d| &d.departments) {
        if let Some(head) = &d.head {
            owners
                .entry(head.clone())
                .or_default()
                .depts
                .entry(d.name.clone())
                .or_default();
        }
        if !d.sectors.is_empty() {
            depts.entry(d.name.clone()).or_default();
        }
    }
    // The division's order, then the others by name.
    let order = |dept: &str| {
        let at = division.and_then(|d| d.departments.iter().position(|x| x.name == dept));
        (at.unwrap_or(usize::MAX), dept.to_string())
    };
    let mut owner_rows: Vec<OwnerDuty> = owners
        .into_iter()
        .map(|(owner, t)| owner_duty(owner, t))
        .collect();
    owner_rows.sort_by_cached_key(|o| (order(&o.dept), o.owner.clone()));
    let mut dept_rows: Vec<DeptDuty> = depts
        .into_iter()
        .map(|(dept, t)| DeptDuty {
            short: t.month.is_empty() || t.quarter.is_empty(),
            dept,
            inspections_month: t.month.len(),
            inspections_quarter: t.quarter.len(),
        })
        .collect();
    dept_rows.sort_by_cached_key(|d| order(&d.dept));
    Duties {
        month,
        owners: owner_rows,
        departments: dept_rows,
    }
}

fn owner_duty(owner: String, t: OwnerTally) -> OwnerDuty {
    let dept = t
        .depts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(d, _)| d)
        .unwrap_or_default();
    OwnerDuty {
        short: t.units.len() < UNITS_REQUIRED || t.rectified < HAZARDS_REQUIRED,
        owner,
        dept,
        units_checked: t.units.len(),
        hazards_rectified: t.rectified,
    }
}
