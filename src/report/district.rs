//! A district's view of its hazards: reports group by 镇街 where a
//! sub-district's group by department, so the same figures rank the 镇街.

use crate::record::Hazard;

/// Puts each hazard under its 镇街 in place of its department, for the
/// ranking, the statistics and the submissions of a district.
pub fn by_member(hazards: &mut [Hazard]) {
    for h in hazards {
        if let Some(org) = h.org() {
            h.dept = org.into();
        }
    }
}

/// Puts each hazard under `镇街·department`, so that lists grouped by
/// department group by 镇街 first.
pub fn by_member_and_dept(hazards: &mut [Hazard]) {
    for h in hazards {
        if let Some(org) = h.org() {
            let mut dept = crate::record::Text::from(org);
            dept.push('·');
            dept.push_str(&h.dept);
            h.dept = dept;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_takes_the_place_of_the_department() {
        let mut h = crate::store::table::tests::sample();
        h.id = "磁器口街道/YH-2022-0024".into();
        let mut both = [h.clone()];
        by_member_and_dept(&mut both);
        assert_eq!(both[0].dept, "磁器口街道·应急办");
        let mut one = [h];
        by_member(&mut one);
        assert_eq!(one[0].dept, "磁器口街道");
        assert_eq!(one[0].own_id(), "YH-2022-0024");
    }
}
