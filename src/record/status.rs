//! 整改状态: where a hazard stands, read from a status column or the measures text.

use super::level::negated_before;
use serde::{Deserialize, Serialize};
use std::fmt;

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
        let found = WORDS.iter().find_map(|(status, words)| {
            words.iter().find_map(|w| {
                occurrences(&key, w)
                    .find(|at| !negated_before(&key[..*at]))
                    .map(|at| (*status, at))
            })
        });
        match found {
            Some((Status::Rectified | Status::Closed, at)) if key[..at].ends_with("部分") => {
                Some(Status::InProgress)
            }
            Some((status, _)) => Some(status),
            None => None,
        }
    }
}

/// Where `word` starts in `text`, overlapping occurrences included. Texts
/// here are a sentence long, too short to repay building a substring
/// searcher per word: candidates are the positions of the word's first byte
/// (a UTF-8 lead byte, so always a character boundary).
fn occurrences<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    memchr::memchr_iter(word[0], text).filter(move |at| text[*at..].starts_with(word))
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
}
