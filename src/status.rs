//! 整改状态: where a hazard stands, read from a status column or the measures text.

use crate::level::negated_before;
use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

/// The four states of docs/rules.md, in the order a hazard moves through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    /// 未整改: nothing done yet.
    #[serde(rename = "未整改", alias = "open")]
    Open,
    /// 整改中: work under way.
    #[serde(rename = "整改中", alias = "in-progress")]
    InProgress,
    /// 已整改: done, not yet re-inspected.
    #[serde(rename = "已整改", alias = "rectified")]
    Rectified,
    /// 已销号: re-inspected and written off.
    #[serde(rename = "已销号", alias = "closed")]
    Closed,
}

/// Words for each state, strongest state first. A word only counts when no
/// negation stands just before it, which is what separates 已整改 from
/// 尚未整改完成 and 未销号.
const WORDS: &[(Status, &[&str])] = &[
    (
        Status::Closed,
        &["已销号", "已闭环", "复查合格", "验收合格", "销号", "闭环"],
    ),
    (
        Status::Rectified,
        &[
            "已整改",
            "整改完毕",
            "整改完成",
            "已完成整改",
            "完成整改",
            "已落实",
            "整改到位",
            "已完成",
            "已消除",
            "已排除",
            "已更换",
            "已清理",
            "已拆除",
            "当场纠正",
            "现场纠正",
            "现场处置",
            "当场处置",
            "当场整改",
        ],
    ),
    (
        Status::InProgress,
        &[
            "整改中",
            "正在整改",
            "部分整改",
            "已制定方案",
            "制定方案",
            "正在",
            "推进中",
            "进行中",
        ],
    ),
    (
        Status::Open,
        &[
            "未整改",
            "尚未整改",
            "责令整改",
            "已责令",
            "已下达整改通知",
            "下达整改",
            "待整改",
            "限期整改",
            "限时整改",
        ],
    ),
];

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::Rectified,
        Status::Closed,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Status::Open => "未整改",
            Status::InProgress => "整改中",
            Status::Rectified => "已整改",
            Status::Closed => "已销号",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::Rectified => "rectified",
            Status::Closed => "closed",
        }
    }

    /// Rectified or written off: the hazard no longer counts as open.
    pub fn is_done(self) -> bool {
        matches!(self, Status::Rectified | Status::Closed)
    }

    /// The state a status column's cell states: the short answers real
    /// systems write (关闭/开放, 是/否, OK/NG, 合格/不合格), else its words.
    pub fn from_cell(text: &str) -> Option<Status> {
        let key = crate::text::compact(text);
        let answer = CELL_ANSWERS
            .iter()
            .find(|(_, words)| words.contains(&key.as_str()));
        match answer {
            Some((status, _)) => Some(*status),
            None => Status::from_text(text),
        }
    }

    /// Whether the text reports the hazard fixed on the spot (当场纠正,
    /// 现场处置): then it was closed the day it was found.
    pub fn on_the_spot(text: &str) -> bool {
        let key = crate::text::compact(text);
        ON_THE_SPOT.find_overlapping_iter(&key).any(|m| {
            !negated_before(&key[..m.start()]) && !in_requirement(&key, m.start(), m.end())
        })
    }

    /// The state a text states, or None when it names none. "部分已整改" is
    /// work under way, not done; a requirement ("要求…验收合格后方允许投用",
    /// "限3日内整改完毕") states what must happen, not what did.
    pub fn from_text(text: &str) -> Option<Status> {
        let key = crate::text::compact(text);
        if key.is_empty() {
            return None;
        }
        if let Some(s) = Status::ALL.into_iter().find(|s| key == s.en()) {
            return Some(s);
        }
        match first_word(&key) {
            Some((Status::Rectified | Status::Closed, at)) if key[..at].ends_with("部分") => {
                Some(Status::InProgress)
            }
            Some((status, _)) => Some(status),
            None => None,
        }
    }
}

/// Short answers of status columns, compacted, for each state.
const CELL_ANSWERS: &[(Status, &[&str])] = &[
    (
        Status::Closed,
        &[
            "关闭",
            "已关闭",
            "合格",
            "ok",
            "通过",
            "已整改销号",
            "已销号",
            "闭环",
        ],
    ),
    (
        Status::Rectified,
        &["是", "已消除", "整改完成", "已完成", "完成", "y", "yes"],
    ),
    (Status::InProgress, &["整改中"]),
    (
        Status::Open,
        &[
            "开放",
            "未关闭",
            "否",
            "未消除",
            "ng",
            "不合格",
            "待整改",
            "未整改",
            "审核中",
            "n",
            "no",
        ],
    ),
];

/// Words that report a hazard fixed the moment it was found.
static ON_THE_SPOT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(["当场纠正", "现场纠正", "现场处置", "当场处置", "当场整改"])
        .expect("the fixed words make an automaton")
});

/// Words that open a requirement rather than a report, in one automaton:
/// every done-word of every row's text is asked about them.
static REQUIRING: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "要求",
        "应于",
        "应在",
        "应当",
        "应按",
        "应及时",
        "应立即",
        "须",
        "限期",
        "限时",
        "责令",
        "督促",
        "请",
        "需要",
        "需于",
        "务必",
        "确保",
    ])
    .expect("the fixed words make an automaton")
});

/// Whether the word at `start..end` of `key` sits in a requirement: a
/// clause whose text before it asks for something (要求…, 应于…, 限3日内…),
/// or a condition ("验收合格后方允许投用"). "按要求" is how a report says it
/// was done, and is no requirement.
fn in_requirement(key: &str, start: usize, end: usize) -> bool {
    let clause_start = key[..start]
        .rfind(['。', '；', ';', ',', '，', '!', '！', '?', '？'])
        .map_or(0, |i| i + key[i..].chars().next().map_or(1, char::len_utf8));
    let clause = &key[clause_start..start];
    let asks = REQUIRING
        .find_iter(clause)
        .any(|m| !clause[..m.start()].ends_with(['按', '照', '据', '依']));
    let limited = clause.char_indices().any(|(i, c)| {
        c == '限'
            && clause[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_digit() || "一二三四五六七八九十两".contains(n))
    });
    asks || limited || key[end..].starts_with('后')
}

/// Every word of [`WORDS`] in one automaton, its patterns in table order,
/// and the state of each: a row's text is read once for all of them, where
/// searching it for each word in turn cost two thousand instructions a row.
static AUTOMATON: LazyLock<(AhoCorasick, Vec<Status>)> = LazyLock::new(|| {
    let (states, words): (Vec<Status>, Vec<&str>) = WORDS
        .iter()
        .flat_map(|(status, words)| words.iter().map(move |w| (*status, *w)))
        .unzip();
    let automaton = AhoCorasick::new(words).expect("the fixed words make an automaton");
    (automaton, states)
});

/// The word of [`WORDS`] that decides `key`'s state, and where it is: the
/// first in table order that occurs without a negation before it, at its
/// first such occurrence.
fn first_word(key: &str) -> Option<(Status, usize)> {
    let (automaton, states) = &*AUTOMATON;
    automaton
        .find_overlapping_iter(key)
        .filter(|m| !negated_before(&key[..m.start()]))
        .filter(|m| {
            !states[m.pattern().as_usize()].is_done() || !in_requirement(key, m.start(), m.end())
        })
        .map(|m| (m.pattern().as_usize(), m.start()))
        .min()
        .map(|(word, at)| (states[word], at))
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_the_domain_table() {
        let cases = [
            ("未整改", Status::Open),
            ("尚未整改", Status::Open),
            ("责令整改", Status::Open),
            ("已责令其限期整改", Status::Open),
            ("已下达整改通知书", Status::Open),
            ("整改中", Status::InProgress),
            ("正在整改", Status::InProgress),
            ("部分整改", Status::InProgress),
            ("已制定方案", Status::InProgress),
            ("已整改", Status::Rectified),
            ("整改完毕", Status::Rectified),
            ("整改完成", Status::Rectified),
            ("已完成整改", Status::Rectified),
            ("已落实", Status::Rectified),
            ("已销号", Status::Closed),
            ("已闭环", Status::Closed),
            ("复查合格", Status::Closed),
            ("验收合格", Status::Closed),
        ];
        for (text, want) in cases {
            assert_eq!(Status::from_text(text), Some(want), "{text}");
        }
    }

    #[test]
    fn the_traps_are_not_done() {
        assert_eq!(Status::from_text("已责令整改"), Some(Status::Open));
        assert_eq!(Status::from_text("尚未整改完成"), Some(Status::Open));
        assert_eq!(Status::from_text("待整改完成后复查"), Some(Status::Open));
        assert_eq!(
            Status::from_text("部分已整改，其余正在推进"),
            Some(Status::InProgress)
        );
        assert_eq!(Status::from_text("已整改，未销号"), Some(Status::Rectified));
    }

    #[test]
    fn a_requirement_is_not_a_report() {
        assert_eq!(
            Status::from_text("要求验收合格后方允许投用。要求在5月23日完成"),
            None
        );
        assert_eq!(Status::from_text("应于5月23日前整改完成"), None);
        assert_eq!(Status::from_text("限3日内整改完毕"), None);
        assert_eq!(Status::from_text("督促企业整改完成"), None);
        assert_eq!(
            Status::from_text("责令整改，要求在4月26日检查整改完成"),
            Some(Status::Open)
        );
        assert_eq!(
            Status::from_text("已按要求整改完毕"),
            Some(Status::Rectified)
        );
        assert_eq!(
            Status::from_text("已责令整改，现已整改完毕"),
            Some(Status::Rectified)
        );
    }

    #[test]
    fn the_short_answers_of_status_columns() {
        for (text, want) in [
            ("关闭", Status::Closed),
            ("开放", Status::Open),
            ("已消除", Status::Rectified),
            ("未消除", Status::Open),
            ("是", Status::Rectified),
            ("否", Status::Open),
            ("OK", Status::Closed),
            ("NG", Status::Open),
            ("合格", Status::Closed),
            ("不合格", Status::Open),
            ("现场处置", Status::Rectified),
            ("当场纠正", Status::Rectified),
            ("审核中", Status::Open),
            ("待整改", Status::Open),
            ("整改完成", Status::Rectified),
            ("已整改销号", Status::Closed),
        ] {
            assert_eq!(Status::from_cell(text), Some(want), "{text}");
        }
        assert_eq!(
            Status::from_text("是"),
            None,
            "是 answers only a status column"
        );
    }

    #[test]
    fn fixed_on_the_spot() {
        assert!(Status::on_the_spot("当场纠正"));
        assert!(Status::on_the_spot("已现场处置"));
        assert!(!Status::on_the_spot("要求当场整改"));
        assert!(!Status::on_the_spot("限时整改"));
    }

    #[test]
    fn measures_sentences() {
        assert_eq!(
            Status::from_text("已于6月20日整改完毕"),
            Some(Status::Rectified)
        );
        assert_eq!(
            Status::from_text("已责令整改，现已整改完毕"),
            Some(Status::Rectified)
        );
        assert_eq!(
            Status::from_text("已整改完毕并经复查合格"),
            Some(Status::Closed)
        );
        assert_eq!(Status::from_text("更换灭火器"), None);
        assert_eq!(Status::from_text("  "), None);
        assert_eq!(Status::from_text("In-Progress"), Some(Status::InProgress));
    }

    /// What [`first_word`] means: each word in table order, searched for in
    /// turn, its first occurrence without a negation before it.
    fn first_word_by_definition(key: &str) -> Option<(Status, usize)> {
        WORDS.iter().find_map(|(status, words)| {
            words.iter().find_map(|w| {
                overlapping_starts(key, w)
                    .filter(|at| !status.is_done() || !in_requirement(key, *at, at + w.len()))
                    .find(|at| !negated_before(&key[..*at]))
                    .map(|at| (*status, at))
            })
        })
    }

    /// Starts of `word` in `key`, overlapping ones included.
    fn overlapping_starts<'a>(key: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
        key.char_indices()
            .map(|(at, _)| at)
            .filter(move |at| key[*at..].starts_with(word))
    }

    proptest::proptest! {
        #[test]
        fn one_automaton_finds_what_searching_word_by_word_finds(
            key in "(已|未|尚未|不|整改|完毕|完成|销号|闭环|部分|正在|方案|落实|复查合格|验收合格|消除|[一-龥]|[0-9a-z]){0,14}"
        ) {
            proptest::prop_assert_eq!(first_word(&key), first_word_by_definition(&key));
        }
    }
}
