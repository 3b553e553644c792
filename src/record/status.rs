//! 整改状态: where a hazard stands, read from a status column or the measures text.

use super::level::negated_before;
use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

/// The four states of DOMAIN.md, in the order a hazard moves through them.
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

    /// The state a text states, or None when it names none. "部分已整改" is
    /// work under way, not done.
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
