//! 三级挂牌督办: the level at which a major hazard is under listed
//! supervision, as a 挂牌督办 or 督办级别 column states it. Ledgers write
//! 市级/区级/街道级; seed 002 names the same three tiers 厅级/处级/科级.

use super::Hazard;

/// The tier of listed supervision, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Supervision {
    City,
    District,
    Street,
}

impl Supervision {
    pub fn zh(self) -> &'static str {
        match self {
            Supervision::City => "市级",
            Supervision::District => "区级",
            Supervision::Street => "街道级",
        }
    }

    /// The body that supervises a hazard listed at this tier.
    pub fn body(self) -> &'static str {
        match self {
            Supervision::City => "市安委办",
            Supervision::District => "区安委办",
            Supervision::Street => "街道（镇）安委办",
        }
    }

    /// The tier a cell names, in either set of words.
    pub fn from_words(text: &str) -> Option<Supervision> {
        let text = crate::text::compact(text);
        [
            ("市级", Supervision::City),
            ("厅级", Supervision::City),
            ("区级", Supervision::District),
            ("县级", Supervision::District),
            ("处级", Supervision::District),
            ("街道级", Supervision::Street),
            ("镇级", Supervision::Street),
            ("乡镇级", Supervision::Street),
            ("科级", Supervision::Street),
        ]
        .into_iter()
        .find(|(w, _)| text.contains(w))
        .map(|(_, s)| s)
    }

    /// The hazard's tier, from a column headed 挂牌督办 or 督办级别 (kept
    /// among the columns the header did not otherwise recognise).
    pub fn of(h: &Hazard) -> Option<Supervision> {
        h.extras
            .iter()
            .filter(|(header, _)| is_column(header))
            .find_map(|(_, value)| Supervision::from_words(value))
    }
}

/// Whether a header names the supervision tier.
pub fn is_column(header: &str) -> bool {
    let header = crate::text::compact(header);
    header.contains("督办")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sets_of_words_name_the_three_tiers() {
        assert_eq!(Supervision::from_words("市级挂牌"), Some(Supervision::City));
        assert_eq!(Supervision::from_words("厅级"), Some(Supervision::City));
        assert_eq!(Supervision::from_words("区级"), Some(Supervision::District));
        assert_eq!(Supervision::from_words("处级"), Some(Supervision::District));
        assert_eq!(Supervision::from_words("街道级"), Some(Supervision::Street));
        assert_eq!(Supervision::from_words("科级"), Some(Supervision::Street));
        assert_eq!(Supervision::from_words("否"), None);
        assert!(Supervision::City < Supervision::Street);
    }
}
