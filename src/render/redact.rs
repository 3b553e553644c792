//! `--redact`: what may not leave the office. Phone numbers keep their first
//! three and last four digits (138****5678); people keep their surname
//! (陈*, 欧阳**). The phone and unit-head columns are masked whole; every other
//! text is masked by a [`Redactor`], which finds phone numbers in any digits
//! and the people it knows, or that a word such as 负责人 or 约谈 names.

use aho_corasick::{AhoCorasick, MatchKind};

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

/// Masks phone numbers and people's names wherever they appear in a text.
pub struct Redactor {
    /// The people named in the records, longest first where they overlap.
    names: Option<AhoCorasick>,
    masks: Vec<String>,
}

/// Words after which a person's name follows (“负责人张建业”, “约谈欧阳娜娜”).
const CUES: &[&str] = &[
    "负责人",
    "联系人",
    "法定代表人",
    "法人代表",
    "法人",
    "经营者",
    "店主",
    "业主",
    "户主",
    "老板",
    "约谈",
];

/// What may stand between a cue and the name: “约谈了张三”, “负责人：张三”.
const BEFORE_NAME: &[char] = &['了', '：', ':', ' ', '\u{3000}'];

/// Words that follow a cue without being a name (“约谈法定代表人”).
const NOT_NAMES: &[&str] = &[
    "法定", "法人", "负责", "责任", "单位", "相关", "主要", "业主", "店主", "经营", "企业", "公司",
    "并", "后", "时", "情况", "记录", "期限", "日期", "状态", "整改",
];

impl Redactor {
    /// A redactor that knows the people in `fields` (unit heads, owners), each
    /// field split into names as [`given_names`] splits it.
    pub fn new<'a>(fields: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut names: Vec<String> = fields
            .into_iter()
            .flat_map(|f| f.split(|c: char| "、，,/ ;；".contains(c) || crate::text::is_space(c)))
            .filter(|n| is_name(n))
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        let masks = names.iter().map(|n| mask_name(n)).collect();
        let names = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .ok()
            .filter(|_| !names.is_empty());
        Redactor { names, masks }
    }

    /// `s` with its phone numbers and people masked.
    pub fn text(&self, s: &str) -> String {
        let s = phones_in_text(s);
        let s = match &self.names {
            Some(names) => names.replace_all(&s, &self.masks),
            None => s,
        };
        cued_names(&s)
    }
}

/// Two to four Chinese characters: what a person's name looks like.
fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n) && s.chars().all(is_han)
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A digit, ASCII or full-width, as its value.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// What may separate the digit groups of one phone number.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | '－' | '—' | ' ' | '\u{3000}')
}

/// A mobile number (11 digits, 13x–19x) or a landline with its area code
/// (10 to 12 digits from 0). Bare local numbers are masked in the phone
/// column only: in free text eight digits are as often a date.
fn is_phone(digits: &[u32]) -> bool {
    match digits {
        [1, second, ..] => digits.len() == 11 && *second >= 3,
        [0, second, ..] => (10..=12).contains(&digits.len()) && *second != 0,
        _ => false,
    }
}

/// Masks every phone number in free text, its digits ASCII or full-width, its
/// groups joined or separated by hyphens or spaces.
fn phones_in_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    // Each run of digits: where it starts and ends in `chars`.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_some() {
            let start = i;
            while i < chars.len() && digit(chars[i]).is_some() {
                i += 1;
            }
            groups.push((start, i));
        } else {
            i += 1;
        }
    }
    let mut masked = chars.clone();
    let mut g = 0;
    while g < groups.len() {
        match longest_phone(&chars, &groups[g..]) {
            Some(n) => {
                mask_digits(&mut masked, &groups[g..g + n]);
                g += n;
            }
            None => g += 1,
        }
    }
    masked.into_iter().collect()
}

/// How many of `groups`, from the first and each one separator from the
/// last, make a phone number; the most that do.
fn longest_phone(chars: &[char], groups: &[(usize, usize)]) -> Option<usize> {
    let mut digits = Vec::new();
    let mut best = None;
    for (n, &(start, end)) in groups.iter().enumerate() {
        if n > 0 {
            let gap = &chars[groups[n - 1].1..start];
            if gap.len() != 1 || !is_separator(gap[0]) {
                break;
            }
        }
        digits.extend(chars[start..end].iter().filter_map(|c| digit(*c)));
        if digits.len() > 12 {
            break;
        }
        if is_phone(&digits) {
            best = Some(n + 1);
        }
    }
    best
}

/// Masks the digits of `groups` but the first three and the last four.
fn mask_digits(chars: &mut [char], groups: &[(usize, usize)]) {
    let total: usize = groups.iter().map(|(s, e)| e - s).sum();
    let mut seen = 0;
    for &(start, end) in groups {
        for c in &mut chars[start..end] {
            seen += 1;
            if seen > 3 && seen <= total - 4 {
                *c = '*';
            }
        }
    }
}

/// Masks the name that follows a cue word, for people the records do not name.
fn cued_names(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((at, cue)) = CUES
        .iter()
        .filter_map(|cue| rest.find(cue).map(|at| (at, *cue)))
        .min_by_key(|(at, cue)| (*at, std::cmp::Reverse(cue.len())))
    {
        let after = at + cue.len();
        out.push_str(&rest[..after]);
        rest = &rest[after..];
        let gap = rest.len() - rest.trim_start_matches(BEFORE_NAME).len();
        out.push_str(&rest[..gap]);
        rest = &rest[gap..];
        let name = name_at(rest);
        out.push_str(&mask_name(name));
        rest = &rest[name.len()..];
    }
    out.push_str(rest);
    out
}

/// The name at the start of `s`: its Chinese characters, at most three (four
/// with a two-character surname), unless they begin a word that is no name.
fn name_at(s: &str) -> &str {
    if NOT_NAMES.iter().any(|w| s.starts_with(w)) {
        return "";
    }
    let most = if COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c)) {
        4
    } else {
        3
    };
    let len: usize = s
        .chars()
        .take_while(|c| is_han(*c) && !"等和及与同并已在于的电手".contains(*c))
        .take(most)
        .map(char::len_utf8)
        .sum();
    if s[..len].chars().count() >= 2 {
        &s[..len]
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_phones_are_masked_in_any_digits_and_groupings() {
        let r = Redactor::new([]);
        assert_eq!(
            r.text("已约谈（电话13812345671）"),
            "已约谈（电话138****5671）"
        );
        assert_eq!(r.text("１３８１２３４５６８０"), "１３８****５６８０");
        assert_eq!(
            r.text("138-1234-5678 或 138 1234 5679"),
            "138-****-5678 或 138 **** 5679"
        );
        assert_eq!(r.text("座机023-65301234"), "座机023-****1234");
    }

    #[test]
    fn dates_ids_and_amounts_are_not_phones() {
        let r = Redactor::new([]);
        for s in [
            "2022-07-31",
            "YH-2022-0001",
            "整改资金 12000 元",
            "20220731",
            "138",
        ] {
            assert_eq!(r.text(s), s);
        }
    }

    #[test]
    fn known_people_are_masked_wherever_they_appear() {
        let r = Redactor::new(["欧阳娜娜", "王五、李四", "应急办"]);
        assert_eq!(
            r.text("王五13812345672的台账.csv"),
            "王*138****5672的台账.csv"
        );
        assert_eq!(r.text("已约谈欧阳娜娜，李四到场"), "已约谈欧阳**，李*到场");
    }

    #[test]
    fn people_named_after_a_cue_word_are_masked_though_unknown() {
        let r = Redactor::new([]);
        assert_eq!(r.text("张记小吃（负责人张建业）"), "张记小吃（负责人张**）");
        assert_eq!(
            r.text("已约谈欧阳娜娜（电话13812345671）"),
            "已约谈欧阳**（电话138****5671）"
        );
        assert_eq!(
            r.text("约谈了陈明，负责人：李小红"),
            "约谈了陈*，负责人：李**"
        );
        assert_eq!(r.text("逾期后应约谈法定代表人"), "逾期后应约谈法定代表人");
    }

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
