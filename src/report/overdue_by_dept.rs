//! The overdue items grouped by department, for `ledger overdue`'s table:
//! a meeting goes through them one 责任单位 at a time.

use super::overdue::Item;
use crate::division::DeptNames;

/// The items under each department's name as the division spells it, the
/// departments in the order their first item comes and each group's items
/// in the order given.
pub fn by_dept<'r, 'a>(
    items: &'r [Item<'a>],
    names: DeptNames<'_>,
) -> Vec<(String, Vec<&'r Item<'a>>)> {
    let mut groups: Vec<(String, Vec<&'r Item<'a>>)> = Vec::new();
    for item in items {
        let dept = names.canonical(&item.hazard.dept);
        match groups.iter_mut().find(|(d, _)| d == dept) {
            Some((_, group)) => group.push(item),
            None => groups.push((dept.to_owned(), vec![item])),
        }
    }
    groups
}
