//! Who has handed in the month's ledger (报送) and who has not (未报送).

use super::duty_departments;
use super::filter::Month;
use super::period::Period;
use crate::division::{DeptNames, Division};
use crate::store::imports::{self, ImportLine};
use chrono::NaiveDate;

/// One department's submissions for the month.
#[derive(Debug, Clone, PartialEq)]
pub struct DeptSubmissions {
    pub dept: String,
    /// The files received that describe the month and report for it.
    pub files: Vec<ImportLine>,
}

impl DeptSubmissions {
    /// A department that sent an empty ledger ("no hazards found") reported too.
    pub fn reported(&self) -> bool {
        !self.files.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Submissions {
    pub month: Month,
    pub departments: Vec<DeptSubmissions>,
    /// The quarter the month belongs to and when its statistics are due.
    pub quarter: Period,
    pub quarter_due: NaiveDate,
}

impl Submissions {
    pub fn missing(&self) -> impl Iterator<Item = &DeptSubmissions> {
        self.departments.iter().filter(|d| !d.reported())
    }
}

/// The month's submissions from the import log. Departments: those the
/// division gives an inspection duty, then any other that reported.
pub fn compute(log: &str, month: Month, division: Option<&Division>) -> Submissions {
    let names = DeptNames(division);
    let mut departments: Vec<DeptSubmissions> = duty_departments(division)
        .map(|d| DeptSubmissions {
            dept: d.to_string(),
            files: Vec::new(),
        })
        .collect();
    for line in imports::parse(log).filter(|l| month.contains(l.as_of)) {
        let mut depts: Vec<String> = line
            .depts
            .iter()
            .map(|d| names.canonical(d).to_owned())
            .collect();
        depts.sort();
        depts.dedup();
        for dept in depts {
            let entry = match departments.iter().position(|d| d.dept == dept) {
                Some(i) => &mut departments[i],
                None => {
                    departments.push(DeptSubmissions {
                        dept,
                        files: Vec::new(),
                    });
                    departments.last_mut().expect("just pushed")
                }
            };
            entry.files.push(line.clone());
        }
    }
    let quarter = Period::quarter_of(month.first_day());
    Submissions {
        month,
        departments,
        quarter,
        quarter_due: quarter.quarterly_due(),
    }
}
