//! `--redact`: what may not leave the office. Phone numbers keep their first
//! three and last four digits (138****5678); unit heads keep their surname
//! (陈*, 欧阳**). Officials' names are public and stay.

/// Surnames of two characters; any other name's surname is its first character.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "申屠", "轩辕", "独孤", "南宫", "西门",
];

/// Masks the middle digits of every phone number in the cell.
pub fn phone(s: &str) -> String {
    let mut out = String::new();
    let mut number = String::new();
    for c in s.chars() {
        if "/、,，;；或\n".contains(c) {
            out.push_str(&mask_number(&number));
            number.clear();
            out.push(c);
        } else {
            number.push(c);
        }
    }
    out.push_str(&mask_number(&number));
    out
}

fn mask_number(s: &str) -> String {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let (keep_head, keep_tail) = if digits >= 11 {
        (3, 4)
    } else {
        (digits / 4, digits / 4)
    };
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= keep_head || seen > digits - keep_tail {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Keeps each name's surname and masks the given name, for every name in the
/// cell (separated by 、，, / or spaces).
pub fn given_names(s: &str) -> String {
    let mut out = String::new();
    let mut name = String::new();
    for c in s.chars() {
        if "、，,/ ;；".contains(c) || crate::text::is_space(c) {
            out.push_str(&mask_name(&name));
            name.clear();
            out.push(c);
        } else {
            name.push(c);
        }
    }
    out.push_str(&mask_name(&name));
    out
}

fn mask_name(name: &str) -> String {
    let surname_len = if COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) {
        2
    } else {
        1
    };
    name.chars()
        .enumerate()
        .map(|(i, c)| if i < surname_len { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_the_first_three_and_last_four_digits() {
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(phone("023-65301234"), "023-****1234");
        assert_eq!(phone("13812345678/13987654321"), "138****5678/139****4321");
        assert_eq!(phone("65301234"), "65****34");
        assert_eq!(phone(""), "");
    }

    #[test]
    fn unit_heads_keep_their_surname() {
        assert_eq!(given_names("陈明"), "陈*");
        assert_eq!(given_names("陈小明"), "陈**");
        assert_eq!(given_names("欧阳修"), "欧阳*");
        assert_eq!(given_names("张三、李四"), "张*、李*");
        assert_eq!(given_names(""), "");
    }
}
