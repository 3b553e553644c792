//! 隐患等级: the grade of a hazard (seed 004, item 十四).

use serde::{Deserialize, Serialize};
use std::fmt;

/// 一般 / 较大 / 重大. Nationally there are two grades; 较大 is the local third.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    #[serde(rename = "一般", alias = "general")]
    General,
    #[serde(rename = "较大", alias = "larger")]
    Larger,
    #[serde(rename = "重大", alias = "major")]
    Major,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::General, Level::Larger, Level::Major];

    /// The word the ledgers use, also the JSON value.
    pub fn zh(self) -> &'static str {
        match self {
            Level::General => "一般",
            Level::Larger => "较大",
            Level::Major => "重大",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Level::General => "general",
            Level::Larger => "larger",
            Level::Major => "major",
        }
    }

    /// A 隐患等级 cell: "重大", "重大隐患", "重大事故隐患", "较大", "一般隐患",
    /// the English words, or I/II/III-style grades are not guessed.
    pub fn from_cell(text: &str) -> Option<Level> {
        let key = crate::text::compact(text);
        Level::ALL
            .into_iter()
            .find(|l| key.starts_with(l.zh()) || key == l.en())
    }

    /// The grade words in hazard or remarks text: "重大隐患", "重大事故隐患",
    /// "挂牌督办" mean 重大; "较大隐患" means 较大. Negated forms ("非重大隐患",
    /// "不属于重大隐患") and 重大危险源 (a major hazard *source*) do not count.
    pub fn from_words(text: &str) -> Option<Level> {
        let key = crate::text::compact(text);
        const MAJOR: &[&str] = &["重大隐患", "重大事故隐患", "挂牌督办"];
        const LARGER: &[&str] = &["较大隐患", "较大事故隐患"];
        if MAJOR.iter().any(|w| affirmed(&key, w)) {
            Some(Level::Major)
        } else if LARGER.iter().any(|w| affirmed(&key, w)) {
            Some(Level::Larger)
        } else {
            None
        }
    }
}

/// Whether `word` occurs in `text` without a negation just before it.
pub(crate) fn affirmed(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(at, _)| !negated_before(&text[..at]))
}

/// A negating character among the two characters before a match: 未整改完成,
/// 非重大, 不属于重大, 待整改.
pub(crate) fn negated_before(before: &str) -> bool {
    before
        .chars()
        .rev()
        .take(3)
        .any(|c| matches!(c, '未' | '没' | '不' | '非' | '无' | '待' | '否'))
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_cells() {
        assert_eq!(Level::from_cell("重大"), Some(Level::Major));
        assert_eq!(Level::from_cell(" 重大事故隐患 "), Some(Level::Major));
        assert_eq!(Level::from_cell("较大隐患"), Some(Level::Larger));
        assert_eq!(Level::from_cell("一般"), Some(Level::General));
        assert_eq!(Level::from_cell("Major"), Some(Level::Major));
        assert_eq!(Level::from_cell("高"), None);
    }

    #[test]
    fn grade_words_in_text_with_the_traps() {
        assert_eq!(
            Level::from_words("该处存在重大事故隐患"),
            Some(Level::Major)
        );
        assert_eq!(Level::from_words("区安委办挂牌督办"), Some(Level::Major));
        assert_eq!(Level::from_words("较大隐患，限期整改"), Some(Level::Larger));
        assert_eq!(Level::from_words("经核查非重大隐患"), None);
        assert_eq!(Level::from_words("不属于重大隐患"), None);
        assert_eq!(Level::from_words("涉及重大危险源管理"), None);
        assert_eq!(Level::from_words(""), None);
    }
}
