//! Deadline phrases parsed once per thread, not once per row.
//!
//! A ledger repeats a handful of phrases ("15日内", "6月底", "立即整改") row
//! after row, and an inspection writes up many rows found on one day. The
//! grammar is a pure function of the phrase, its discovery date, the year
//! rule and the workspace's named dates and calendar, so its answer for
//! the same phrase and date can be kept: the grammar was a tenth of a
//! million-row import's instructions.

use super::{
    Deadline, DeadlineContext, DeadlineError, MAX_PHRASE_CHARS, YearRule, iso_fast, parse_deadline,
};
use crate::calendar::WorkCalendar;
use chrono::NaiveDate;
use foldhash::HashMap;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Answers kept per thread before they are all dropped: a file with more
/// distinct phrase-and-date pairs gains little from keeping them.
const KEPT: usize = 1 << 16;

/// The grammar for one workspace's named dates and calendar, remembering
/// its answers on each thread that asks.
pub struct Memo<'a> {
    /// Tells this memo's answers from another's on the same thread, which
    /// may have been made for other named dates.
    id: u64,
    named_dates: &'a BTreeMap<String, NaiveDate>,
    calendar: &'a WorkCalendar,
}

type Answer = Result<Deadline, DeadlineError>;

/// One thread's answers, for the memo `id`.
#[derive(Default)]
struct Answers {
    id: u64,
    count: usize,
    by_text: HashMap<String, HashMap<(NaiveDate, YearRule), Answer>>,
}

thread_local! {
    static ANSWERS: RefCell<Answers> = RefCell::default();
}

impl<'a> Memo<'a> {
    pub fn new(named_dates: &'a BTreeMap<String, NaiveDate>, calendar: &'a WorkCalendar) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Memo {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            named_dates,
            calendar,
        }
    }

    /// [`parse_deadline`] of `text` found on `anchor`.
    pub fn parse(&self, text: &str, anchor: NaiveDate, year_rule: YearRule) -> Answer {
        // A plain date costs less to read than to look up.
        if let Some(date) = iso_fast(text) {
            return date.map(Deadline::Date);
        }
        let ctx = DeadlineContext {
            anchor,
            year_rule,
            named_dates: self.named_dates,
            calendar: self.calendar,
        };
        // Longer than any phrase: refused at once, and not worth keeping.
        if text.len() > 4 * MAX_PHRASE_CHARS {
            return parse_deadline(text, &ctx);
        }
        let key = (anchor, year_rule);
        ANSWERS.with_borrow_mut(|answers| {
            if answers.id != self.id || answers.count >= KEPT {
                answers.by_text.clear();
                answers.count = 0;
                answers.id = self.id;
            }
            if let Some(answer) = answers.by_text.get(text).and_then(|by| by.get(&key)) {
                return answer.clone();
            }
            let answer = parse_deadline(text, &ctx);
            let by_date = match answers.by_text.get_mut(text) {
                Some(by_date) => by_date,
                None => answers.by_text.entry(text.to_owned()).or_default(),
            };
            by_date.insert(key, answer.clone());
            answers.count += 1;
            answer
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(ordinal: u32) -> NaiveDate {
        NaiveDate::from_yo_opt(2022, ordinal).expect("a day of 2022")
    }

    /// Every family of the grammar, and its errors: relative words,
    /// year-less and written-out dates, durations in days and workdays,
    /// ranges, named dates known and unknown, impossible dates, long-term
    /// and already-rectified words, and a blank.
    const PHRASES: [&str; 14] = [
        "立即",
        "月底前",
        "10日内",
        "3个工作日内",
        "2022/6/30",
        "二〇二二年六月三十日",
        "7月中旬",
        "5月1日至党的二十大结束",
        "二十大前",
        "春节前",
        "2月30日",
        "长期坚持",
        "已整改",
        "",
    ];

    const RULES: [YearRule; 3] = [YearRule::Forward, YearRule::Nearest, YearRule::NotAfter];

    fn context<'a>(
        anchor: NaiveDate,
        year_rule: YearRule,
        named_dates: &'a BTreeMap<String, NaiveDate>,
        calendar: &'a WorkCalendar,
    ) -> DeadlineContext<'a> {
        DeadlineContext {
            anchor,
            year_rule,
            named_dates,
            calendar,
        }
    }

    proptest! {
        #[test]
        fn a_remembered_answer_is_the_grammar_s_answer(
            asks in prop::collection::vec((0..PHRASES.len(), 1u32..=365, 0..RULES.len()), 1..200)
        ) {
            let names = BTreeMap::from([("党的二十大结束".to_string(), day(295))]);
            let calendar = WorkCalendar::default();
            let memo = Memo::new(&names, &calendar);
            for (phrase, anchor, rule) in asks {
                let (text, anchor, rule) = (PHRASES[phrase], day(anchor), RULES[rule]);
                prop_assert_eq!(
                    memo.parse(text, anchor, rule),
                    parse_deadline(text, &context(anchor, rule, &names, &calendar))
                );
            }
        }
    }

    #[test]
    fn a_memo_for_other_named_dates_does_not_answer_from_the_first() {
        let calendar = WorkCalendar::default();
        let first = BTreeMap::from([("党的二十大结束".to_string(), day(295))]);
        let second = BTreeMap::from([("党的二十大结束".to_string(), day(300))]);
        let phrase = "党的二十大结束前";
        let anchor = day(100);
        let answer = Memo::new(&first, &calendar).parse(phrase, anchor, YearRule::Forward);
        assert_eq!(answer, Ok(Deadline::Date(day(295))));
        let answer = Memo::new(&second, &calendar).parse(phrase, anchor, YearRule::Forward);
        assert_eq!(answer, Ok(Deadline::Date(day(300))));
    }

    #[test]
    fn answers_beyond_what_is_kept_are_still_right() {
        let names = BTreeMap::new();
        let calendar = WorkCalendar::default();
        let memo = Memo::new(&names, &calendar);
        for n in 0..KEPT + 10 {
            let text = format!("{}日内", n % 1000 + 1);
            let anchor = day(n as u32 % 365 + 1);
            assert_eq!(
                memo.parse(&text, anchor, YearRule::Forward),
                parse_deadline(
                    &text,
                    &context(anchor, YearRule::Forward, &names, &calendar)
                ),
            );
        }
        let kept = ANSWERS.with_borrow(|a| a.count);
        assert!(kept <= KEPT, "{kept} answers kept");
    }

    #[test]
    fn a_text_longer_than_any_phrase_is_answered_but_not_kept() {
        let names = BTreeMap::new();
        let calendar = WorkCalendar::default();
        let memo = Memo::new(&names, &calendar);
        let remark = "整改".repeat(200);
        let answer = memo.parse(&remark, day(1), YearRule::Forward);
        assert_eq!(answer, Err(DeadlineError::Unparsed));
        assert!(ANSWERS.with_borrow(|a| !a.by_text.contains_key(&remark)));
    }
}
