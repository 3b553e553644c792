//! Rules: the office's requirements checked on each record, one function per
//! rule, each returning the finding it raises (docs/rules.md: "Grades and
//! time limits", "Extensions", "Overdue and the interview").

use crate::config::{Config, DayCount};
use crate::division::Division;
use crate::field::Field;
use crate::finding::{Finding, Problem};
use crate::level::Level;
use crate::read::header::Header;
use crate::record::Hazard;
use chrono::{Days, NaiveDate};
use foldhash::HashMap;

/// Where a record sits, so a finding can name its cell.
pub struct Place<'a> {
    pub sheet: &'a str,
    /// Zero-based row.
    pub row: u32,
    pub header: &'a Header,
}

/// Everything the rules need besides the record.
pub struct RuleContext<'a> {
    pub config: &'a Config,
    /// The task division, when there is one: 责任单位 must name its departments.
    pub division: Option<&'a Division>,
    /// The day the ledger is judged on (overdue, interview due).
    pub as_of: NaiveDate,
}

type Rule = fn(&Hazard, &RuleContext<'_>) -> Option<(Option<Field>, Problem)>;

/// Every per-record rule, in the order findings are listed.
const RULES: &[Rule] = &[
    deadline_missing,
    deadline_long_term,
    deadline_before_found,
    major_over_limit,
    larger_over_limit,
    general_not_immediate,
    extension_unapproved,
    phone_invalid,
    interview_overdue,
    unknown_dept,
    holidays_unknown,
];

/// The findings of the per-record rules for one record.
pub fn check(h: &Hazard, place: &Place<'_>, ctx: &RuleContext<'_>) -> Vec<Finding> {
    RULES
        .iter()
        .filter_map(|rule| rule(h, ctx))
        // A sheet without a deadline column is told so once, not on every row.
        .filter(|(_, problem)| {
            *problem != Problem::DeadlineMissing || place.header.col(Field::Deadline).is_some()
        })
        .map(|(field, problem)| Finding {
            problem,
            sheet: place.sheet.to_string(),
            row: place.row,
            col: field.and_then(|f| place.header.col(f)),
        })
        .collect()
}

/// Days from discovery to `deadline`, counted as the workspace says.
pub fn days_allowed(h: &Hazard, deadline: NaiveDate, config: &Config) -> i64 {
    match config.rules.count {
        DayCount::Calendar => (deadline - h.found).num_days(),
        DayCount::Workdays => config.calendar.workdays_between(h.found, deadline),
    }
}

/// A workday count over a year without a holiday notice took that year's
/// holidays for workdays, so its deadline or limit may be days off.
fn holidays_unknown(h: &Hazard, ctx: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let deadline = h.deadline?;
    let counts_workdays =
        ctx.config.rules.count == DayCount::Workdays || h.deadline_text.contains("工作日");
    if !counts_workdays {
        return None;
    }
    let year = ctx
        .config
        .calendar
        .first_unknown_year(h.found.min(deadline), h.found.max(deadline))?;
    Some((Some(Field::Deadline), Problem::HolidaysUnknown { year }))
}

fn deadline_missing(h: &Hazard, _: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    (h.deadline_text.is_empty() && !h.status.is_done())
        .then_some((Some(Field::Deadline), Problem::DeadlineMissing))
}

fn deadline_long_term(h: &Hazard, _: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    h.long_term.then(|| {
        (
            Some(Field::Deadline),
            Problem::DeadlineLongTerm {
                text: h.deadline_text.to_string(),
            },
        )
    })
}

/// Only against a stated discovery date: an assumed one is merely the file's
/// date, and a ledger rightly lists hazards whose deadline passed before it.
fn deadline_before_found(h: &Hazard, _: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let deadline = h.deadline.filter(|d| *d < h.found && !h.found_assumed)?;
    Some((
        Some(Field::Deadline),
        Problem::DeadlineBeforeFound {
            deadline,
            found: h.found,
        },
    ))
}

/// The days a graded hazard was given, when its grade is `level` and it has a date.
fn graded_days(h: &Hazard, level: Level, ctx: &RuleContext<'_>) -> Option<i64> {
    let deadline = h.deadline.filter(|_| h.level == level)?;
    Some(days_allowed(h, deadline, ctx.config))
}

fn major_over_limit(h: &Hazard, ctx: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let limit = ctx.config.rules.major_days;
    let days = graded_days(h, Level::Major, ctx).filter(|d| *d > limit)?;
    (!h.extension_approved).then_some((
        Some(Field::Deadline),
        Problem::MajorOverLimit { days, limit },
    ))
}

fn larger_over_limit(h: &Hazard, ctx: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let limit = ctx.config.rules.larger_days;
    let days = graded_days(h, Level::Larger, ctx).filter(|d| *d > limit)?;
    Some((
        Some(Field::Deadline),
        Problem::LargerOverLimit { days, limit },
    ))
}

fn general_not_immediate(h: &Hazard, ctx: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let limit = ctx.config.rules.general_days;
    let days = graded_days(h, Level::General, ctx).filter(|d| *d > limit)?;
    Some((
        Some(Field::Deadline),
        Problem::GeneralNotImmediate { days, limit },
    ))
}

fn extension_unapproved(h: &Hazard, _: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let asked = h.extended_deadline.is_some() || !h.extension_approval.is_empty();
    (asked && !h.extension_approved).then(|| {
        (
            Some(Field::Approval),
            Problem::ExtensionUnapproved {
                approvers: crate::record::build::approvers(&h.extension_approval),
            },
        )
    })
}

fn phone_invalid(h: &Hazard, _: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    (!h.phone.is_empty() && !phone_ok(&h.phone)).then(|| {
        (
            Some(Field::Phone),
            Problem::PhoneInvalid {
                text: h.phone.to_string(),
            },
        )
    })
}

/// The date by which an overdue hazard's legal representative must have been
/// interviewed: the effective deadline plus `escalation_days`.
pub fn interview_due(h: &Hazard, config: &Config) -> Option<NaiveDate> {
    let days = u64::try_from(config.rules.escalation_days).unwrap_or(0);
    h.effective_deadline()?.checked_add_days(Days::new(days))
}

fn interview_overdue(h: &Hazard, ctx: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let due = interview_due(h, ctx.config)?;
    (h.overdue_on(ctx.as_of) && due < ctx.as_of && h.interview.is_none())
        .then_some((Some(Field::Interview), Problem::InterviewOverdue { due }))
}

/// A 责任单位 the task division does not know, with the closest known name.
fn unknown_dept(h: &Hazard, ctx: &RuleContext<'_>) -> Option<(Option<Field>, Problem)> {
    let division = ctx.division?;
    let name = crate::text::trim(&h.dept);
    if name.is_empty() || division.canonical(name).is_some() {
        return None;
    }
    Some((
        Some(Field::Dept),
        Problem::UnknownDept {
            name: name.to_string(),
            suggestion: division.suggest(name).map(str::to_string),
        },
    ))
}

/// Each number in the cell is a mobile (1[3-9] + 9 digits), a landline with
/// area code (0 + 9–11 digits), a local landline (7–8 digits) or a 400/800
/// service number; "+86", dashes, brackets and an extension ("转123") are allowed.
pub fn phone_ok(text: &str) -> bool {
    // Most cells are one number written as bare digits.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return digits_ok(text.as_bytes());
    }
    numbers_ok(text)
}

/// [`phone_ok`] for any cell: each of its numbers, as written.
fn numbers_ok(text: &str) -> bool {
    let mut any = false;
    let all = text
        .split(['/', '、', ',', '，', ';', '；', '或', '\n'])
        .map(crate::text::trim)
        .filter(|s| !s.is_empty())
        .all(|n| {
            any = true;
            one_phone_ok(n)
        });
    any && all
}

fn one_phone_ok(number: &str) -> bool {
    let mut digits = [0u8; 16];
    let mut len = 0;
    let mut rest = number.chars().map(crate::text::fold_char).peekable();
    if number.starts_with("+86") || number.starts_with("＋86") {
        rest.nth(2);
    }
    for c in rest {
        match c {
            '转' | '#' => break,
            '0'..='9' if len < digits.len() => {
                digits[len] = c as u8;
                len += 1;
            }
            '0'..='9' => return false,
            '-' | '(' | ')' | ' ' | '—' => {}
            _ => return false,
        }
    }
    digits_ok(&digits[..len])
}

/// The digits of one number, as [`phone_ok`] accepts them.
fn digits_ok(d: &[u8]) -> bool {
    match d.len() {
        11 if d[0] == b'1' => (b'3'..=b'9').contains(&d[1]),
        // Local numbers start with 2–8; seven or eight digits starting
        // with 1 are a mobile number cut short.
        7 | 8 => (b'2'..=b'8').contains(&d[0]),
        10..=12 if d[0] == b'0' => true,
        10 => d.starts_with(b"400") || d.starts_with(b"800"),
        _ => false,
    }
}

/// The identity of a hazard: another system's 隐患编号 when it has one; else
/// its unit, place and hazard text, compacted; a ledger without units (a
/// unit's own ledger, whose 责任单位 are its teams) uses the department and
/// the stated found date instead of the unit. A row that lost its hazard
/// text is known by its measures, so that importing it again finds it.
pub fn identity(h: &Hazard) -> Option<String> {
    let mut key = String::new();
    identity_into(h, &mut key).then_some(key)
}

/// The [`identity`] of a district's hazard, qualified by its 镇街, so that
/// two 镇街 that report the same unit and hazard text keep two hazards; the
/// plain identity for a hazard without one.
pub fn org_identity(h: &Hazard) -> Option<String> {
    let mut key = identity(h)?;
    if let Some(org) = h.org() {
        key.insert(0, '\u{1e}');
        key.insert_str(0, org);
    }
    Some(key)
}

/// Writes the [`identity`] of `h` into `key`; false when it has none.
fn identity_into(h: &Hazard, key: &mut String) -> bool {
    use crate::text::push_compact;
    key.clear();
    if !h.code.is_empty() {
        key.push('#');
        push_compact(key, &h.code);
        return true;
    }
    let by_unit = !h.unit.is_empty();
    push_compact(key, if by_unit { &h.unit } else { &h.dept });
    let party_end = key.len();
    key.push('\u{1f}');
    push_compact(key, &h.location);
    let place_end = key.len();
    key.push('\u{1f}');
    push_compact(
        key,
        if h.hazard.is_empty() {
            &h.measures
        } else {
            &h.hazard
        },
    );
    if key.len() == place_end + 1 {
        return false;
    }
    let dated = !by_unit && !h.found_assumed;
    if dated {
        key.push('\u{1f}');
        key.push_str(&h.found.to_string());
    }
    party_end > 0 || place_end > party_end + 1 || dated
}

/// An [`identity`] as 128 bits: what the duplicate check and the merge
/// compare and index, worked out on the core that built the record, so the
/// threads that see every record in order handle no text. Two rows share one
/// by accident with a chance of about 2⁻¹²⁸ a pair, as far as its two halves
/// behave as independent hashes (1.5 × 10⁻²⁷ among a million rows); the
/// duplicate check trusts that, the merge still confirms a match against
/// the texts.
#[derive(Debug, Clone, Copy)]
pub struct Identity {
    hash: u128,
    /// The store's `ident` column for this text, worked out here with the
    /// rest so that the merge never builds the text again to look it up.
    column: i64,
}

/// Two identities are the same when their 128-bit hashes are: the column
/// comes from the same text and adds nothing to tell them apart.
impl PartialEq for Identity {
    fn eq(&self, other: &Identity) -> bool {
        self.hash == other.hash
    }
}

impl Eq for Identity {}

impl std::hash::Hash for Identity {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.hash.hash(state);
    }
}

impl Identity {
    /// The identity of a hazard, when it has one (a unit and a hazard text).
    pub fn of(h: &Hazard) -> Option<Identity> {
        // Every row's identity is worked out once: its text goes into one
        // buffer per thread rather than a string a row.
        thread_local! {
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with_borrow_mut(|key| identity_into(h, key).then(|| Identity::of_key(key)))
    }

    /// Two 64-bit hashes of the key under different seeds. The seeds are
    /// fixed so that the value is the same on every thread; it is never
    /// stored.
    pub fn of_key(key: &str) -> Identity {
        use foldhash::quality::FixedState;
        use std::hash::BuildHasher;
        let high = FixedState::with_seed(0x6c65_6467_6572_0001).hash_one(key);
        let low = FixedState::with_seed(0x6c65_6467_6572_0002).hash_one(key);
        Identity {
            hash: u128::from(high) << 64 | u128::from(low),
            column: identity_column(key),
        }
    }

    /// The value the store's `ident` column holds for this identity.
    pub fn column(&self) -> i64 {
        self.column
    }

    /// This identity's text with `other`'s hash: what a collision of two
    /// texts' 128-bit hashes would hand the merge.
    #[cfg(test)]
    pub fn colliding_with(self, other: Identity) -> Identity {
        Identity {
            hash: other.hash,
            ..self
        }
    }
}

/// A stable 64-bit hash of an identity text (FNV-1a), the store's `ident`
/// column: stored, so it must never change; a match is confirmed against
/// the texts.
pub fn identity_column(text: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as i64
}

/// Rows of one file that repeat an earlier row's unit and hazard.
#[derive(Default)]
pub struct Duplicates {
    /// Identity → (index into `sheets`, row) of its first row.
    seen: HashMap<Identity, (usize, u32)>,
    sheets: Vec<String>,
}

impl Duplicates {
    /// Room for about `rows` rows, so that a large file's check is not
    /// rehashed again and again as it grows.
    pub fn with_capacity(rows: usize) -> Duplicates {
        let mut duplicates = Duplicates::default();
        // Only a hint: without the room the map grows as it must.
        let _ = duplicates.seen.try_reserve(rows);
        duplicates
    }

    /// The check for the rows of sheet `name`, which follow all rows checked so far.
    pub fn sheet(&mut self, name: &str) -> SheetDuplicates<'_> {
        if self.sheets.last().is_none_or(|s| s != name) {
            self.sheets.push(name.to_string());
        }
        SheetDuplicates {
            sheet: self.sheets.len() - 1,
            all: self,
        }
    }
}

/// [`Duplicates`] checking the rows of one sheet.
pub struct SheetDuplicates<'a> {
    all: &'a mut Duplicates,
    /// Index into `all.sheets`.
    sheet: usize,
}

impl SheetDuplicates<'_> {
    /// The finding for a row whose [`identity`] an earlier row had.
    pub fn check(&mut self, identity: Option<Identity>, row: u32) -> Option<Finding> {
        let sheets = &self.all.sheets;
        match self.all.seen.entry(identity?) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let (first_sheet, first_row) = *first.get();
                Some(Finding {
                    problem: Problem::DuplicateRow {
                        first_row,
                        first_sheet: sheets[first_sheet].clone(),
                    },
                    sheet: sheets[self.sheet].clone(),
                    row,
                    col: None,
                })
            }
            std::collections::hash_map::Entry::Vacant(first) => {
                first.insert((self.sheet, row));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Text;

    #[test]
    fn phone_numbers() {
        for ok in [
            "13812345678",
            "138-1234-5678",
            "+8613812345678",
            "023-65301234",
            "(023)65301234",
            "65301234",
            "023-65301234转808",
            "13812345678/023-65301234",
            "４００８８８１２３４",
        ] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in [
            "1381234567",
            "12812345678",
            "无",
            "023",
            "0236530123456",
            "1381234567８9",
            "张三",
            "1381234",
            "13812345",
        ] {
            assert!(!phone_ok(bad), "{bad}");
        }
    }

    #[test]
    fn a_workday_count_into_a_year_without_holidays_is_a_finding() {
        let config = Config::builtin();
        let ctx = RuleContext {
            config: &config,
            division: None,
            as_of: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        };
        let hazard = |found: (i32, u32, u32), deadline: (i32, u32, u32), text: &str| Hazard {
            found: NaiveDate::from_ymd_opt(found.0, found.1, found.2).unwrap(),
            deadline: NaiveDate::from_ymd_opt(deadline.0, deadline.1, deadline.2),
            deadline_text: text.into(),
            ..crate::store::table::tests::sample()
        };
        let into_2027 = hazard((2026, 12, 28), (2027, 1, 6), "7个工作日内");
        assert_eq!(
            holidays_unknown(&into_2027, &ctx),
            Some((
                Some(Field::Deadline),
                Problem::HolidaysUnknown { year: 2027 }
            ))
        );
        let within_2026 = hazard((2026, 9, 28), (2026, 10, 13), "7个工作日内");
        assert_eq!(holidays_unknown(&within_2026, &ctx), None);
        let calendar_days = hazard((2026, 12, 28), (2027, 1, 4), "7日内");
        assert_eq!(holidays_unknown(&calendar_days, &ctx), None);
    }

    #[test]
    fn an_identity_is_the_hash_of_its_text_row_after_row() {
        let hazard = |unit: &str, what: &str| Hazard {
            unit: unit.into(),
            hazard: what.into(),
            ..crate::store::table::tests::sample()
        };
        let rows = [
            hazard("磁器口 陈麻花店", "灭火器过期（第1处）"),
            hazard("甲店", "通道堵塞"),
            hazard("", "通道堵塞"),
            hazard("甲店", "通道堵塞"),
        ];
        let ids: Vec<Option<Identity>> = rows.iter().map(Identity::of).collect();
        for (h, id) in rows.iter().zip(&ids) {
            assert_eq!(*id, identity(h).map(|t| Identity::of_key(&t)));
        }
        assert_ne!(ids[0], ids[1]);
        assert_ne!(
            ids[2], ids[1],
            "no unit: the department and found date stand in"
        );
        assert_eq!(ids[1], ids[3]);
    }

    #[test]
    fn what_identifies_a_hazard() {
        let base = Hazard {
            unit: "甲店".into(),
            hazard: "通道堵塞".into(),
            location: Text::default(),
            code: Text::default(),
            ..crate::store::table::tests::sample()
        };
        let key = |h: &Hazard| identity(h);
        let coded = |code: &str, unit: &str| Hazard {
            code: code.into(),
            unit: unit.into(),
            ..base.clone()
        };
        assert_eq!(
            key(&coded("202009010001", "甲店")),
            key(&coded("202009010001", "乙店")),
            "another system's number identifies the hazard"
        );
        let at = |place: &str| Hazard {
            location: place.into(),
            ..base.clone()
        };
        assert_ne!(
            key(&at("一号车间")),
            key(&at("食堂")),
            "two places, two hazards"
        );
        let unitless = |found_assumed: bool, dept: &str| Hazard {
            unit: Text::default(),
            dept: dept.into(),
            found_assumed,
            ..base.clone()
        };
        assert!(key(&unitless(false, "十六化建")).is_some());
        assert_ne!(
            key(&unitless(false, "十六化建")),
            key(&unitless(false, "四化建"))
        );
        assert_eq!(
            key(&unitless(true, "")),
            None,
            "nothing but the text: no identity"
        );
        let no_text = Hazard {
            hazard: Text::default(),
            measures: Text::default(),
            ..base.clone()
        };
        assert_eq!(key(&no_text), None);
        let measures_only = Hazard {
            hazard: Text::default(),
            measures: "已安排全面排查".into(),
            ..base.clone()
        };
        assert!(key(&measures_only).is_some(), "known by its measures");
    }

    proptest::proptest! {
        #[test]
        fn bare_digits_are_judged_as_any_written_number_is(digits in "[0-9]{0,18}") {
            proptest::prop_assert_eq!(phone_ok(&digits), numbers_ok(&digits));
        }
    }
}
