//! Text normalisation shared by every layer, and the guard that keeps a
//! cell from running as a spreadsheet formula.
//!
//! Clerks type on Chinese IMEs, so the same word arrives with full-width digits
//! (`２０２２`), ideographic spaces, line breaks inside cells ("单位\n\n名称") and
//! full-width punctuation. Everything that compares text goes through here first.

/// Folds full-width ASCII variants (U+FF01..U+FF5E) to ASCII and the ideographic
/// space (U+3000) to a plain space. Other characters are kept.
pub fn fold_width(s: &str) -> String {
    // Both folded ranges are led by byte EF or E3; most texts have neither.
    if !s.bytes().any(|b| matches!(b, 0xE3 | 0xEF)) {
        return s.to_string();
    }
    s.chars().map(fold_char).collect()
}

/// One character of [`fold_width`].
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether `c` is whitespace of any kind, including the no-break and
/// ideographic spaces and the zero-width characters that Excel pastes carry.
pub fn is_space(c: char) -> bool {
    // Nothing above the ideographic space is whitespace but the BOM: Chinese
    // text is settled without Unicode's tables.
    if c > '\u{3000}' {
        return c == '\u{FEFF}';
    }
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}')
}

/// The comparison key of a label or name: width folded, every kind of
/// whitespace removed, ASCII lower-cased. "单位 名称", "单位\n\n名称" and
/// "单位名称" share one key.
pub fn compact(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    push_compact(&mut key, s);
    key
}

/// Whether `s` is its own [`compact`] form for certain: nothing in it may
/// change, so a lookup by its compact key would repeat one by `s`.
pub fn is_compact(s: &str) -> bool {
    !s.bytes().any(may_change)
}

/// Appends the [`compact`] form of `s` to `buf`, without a temporary string.
/// Runs of characters that compacting leaves alone (most of a Chinese text)
/// are copied whole; only characters led by a [`may_change`] byte are
/// decoded and folded one by one.
pub fn push_compact(buf: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let (mut copied, mut at) = (0, 0);
    while let Some(next) = bytes[at..].iter().position(|&b| may_change(b)) {
        at += next;
        // A byte that may change leads a character (see may_change), so
        // `at` is a character boundary.
        buf.push_str(&s[copied..at]);
        let c = s[at..].chars().next().unwrap_or_default();
        let folded = fold_char(c);
        if !is_space(folded) {
            buf.push(folded.to_ascii_lowercase());
        }
        at += c.len_utf8();
        copied = at;
    }
    buf.push_str(&s[copied..]);
}

/// Whether a character with this first byte may differ in compact form: an
/// ASCII space, control or capital, or a character led by a byte that starts
/// a space or a full-width form (C2 no-break space, E1 Ogham space, E2
/// zero-width and general punctuation spaces, E3 ideographic space, EF
/// full-width forms and BOM). Never true of a UTF-8 continuation byte.
fn may_change(b: u8) -> bool {
    MAY_CHANGE[usize::from(b)]
}

/// [`may_change`] of every byte, looked up: compacting scans every byte of
/// the texts that identify a hazard, and a lookup is half the work of the
/// comparisons.
static MAY_CHANGE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, 0x00..=0x20 | b'A'..=b'Z' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
        b += 1;
    }
    table
};

/// Trims every kind of whitespace from both ends.
pub fn trim(s: &str) -> &str {
    // Every cell is trimmed and almost none needs it: looking at the two end
    // characters settles that at a fraction of a general trim's cost, and
    // most often their bytes do. A first byte that leads no space character
    // (one compacting never changes, or a capital) and a last byte that is
    // ASCII and no space need no decoding.
    let solid = |c: Option<char>| c.is_some_and(|c| !is_space(c));
    let (Some(&first), Some(&last)) = (s.as_bytes().first(), s.as_bytes().last()) else {
        return s;
    };
    let solid_start = first.is_ascii_uppercase() || !may_change(first);
    let solid_end = match last {
        0x21..=0x7F => true,
        0x00..=0x20 => false,
        _ => solid(s.chars().next_back()),
    };
    if solid_start && solid_end {
        return s;
    }
    s.trim_matches(is_space)
}

/// Characters that make a spreadsheet treat a cell as a formula.
pub fn is_formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Whether a cell is written with a leading `'`: it would be a formula, or it
/// starts with a `'` that must not be taken for the guard.
fn needs_guard(s: &str) -> bool {
    is_formula_like(s) || s.starts_with('\'')
}

/// The cell with a leading `'` when it would otherwise be a formula.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A cell of an export as it was before [`neutralise`].
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(guarded) if needs_guard(guarded) => guarded,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_letters_fold_to_ascii() {
        assert_eq!(fold_width("２０２２年６月３０日"), "2022年6月30日");
        assert_eq!(fold_width("ＡＢｃ．／－"), "ABc./-");
        assert_eq!(fold_width("a\u{3000}b"), "a b");
    }

    #[test]
    fn compact_removes_all_whitespace_and_line_breaks() {
        assert_eq!(compact("单位\n\n名称"), "单位名称");
        assert_eq!(compact(" 单位\u{3000}名称\u{a0}"), "单位名称");
        assert_eq!(compact("联系 电话"), "联系电话");
        assert_eq!(compact("\u{feff}序号"), "序号");
    }

    /// What compacting means, character by character; [`push_compact`]
    /// gets there faster.
    fn compact_by_definition(s: &str) -> String {
        s.chars()
            .map(fold_char)
            .filter(|c| !is_space(*c))
            .map(|c| c.to_ascii_lowercase())
            .collect()
    }

    #[test]
    fn compact_agrees_with_its_definition() {
        for s in [
            "磁器口陈麻花店",
            "Ａｂ c",
            "单位\n名称",
            "a、b“c”",
            "\u{feff}x",
            "abc",
            "灭火器压力不足（第3处）",
            "a\u{1680}b\u{3000}c\u{a0}",
        ] {
            assert_eq!(compact(s), compact_by_definition(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn compact_agrees_with_its_definition_on_any_text(
            s in "(\\PC|[ \n\t\u{3000}\u{a0}\u{1680}\u{200b}\u{feff}Ａ-ｚ０-９A-Z])*"
        ) {
            proptest::prop_assert_eq!(compact(&s), compact_by_definition(&s));
        }

        #[test]
        fn text_said_to_be_compact_is_its_own_compact_form(
            s in "(\\PC|[ \n\t\u{3000}\u{a0}\u{1680}\u{200b}\u{feff}Ａ-ｚ０-９A-Z])*"
        ) {
            if is_compact(&s) {
                proptest::prop_assert_eq!(compact_by_definition(&s), s);
            }
        }
    }

    #[test]
    fn text_with_a_space_or_a_capital_is_not_said_to_be_compact() {
        assert!(is_compact("磁器口社区"));
        for s in ["磁器口 社区", "ＡＢ", "Ab", "应急办\u{3000}"] {
            assert!(!is_compact(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_removes_exactly_the_spaces_at_both_ends(
            s in "(\\PC|[ \n\t\u{3000}\u{a0}\u{1680}\u{200b}\u{feff}Ａ-ｚA-Z])*"
        ) {
            proptest::prop_assert_eq!(trim(&s), s.trim_matches(is_space));
        }
    }

    #[test]
    fn is_space_is_unicode_whitespace_and_the_zero_width_characters() {
        let by_definition = |c: char| {
            c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_space(c), by_definition(c), "{:?}", c);
        }
    }

    #[test]
    fn trim_handles_ideographic_space() {
        assert_eq!(trim("\u{3000} 应急办 \n"), "应急办");
    }

    #[test]
    fn formula_like_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-1+2"), "'-1+2");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("2022-06-30"), "2022-06-30");
        assert_eq!(neutralise("应急办"), "应急办");
    }

    #[test]
    fn unguard_undoes_neutralise_for_every_leading_character() {
        for s in [
            "'=1+1", "'", "''", "'abc", "=1", "+86", "-", "@x", "abc", "a'b", "",
        ] {
            assert_eq!(unguard(&neutralise(s)), s);
        }
    }
}
