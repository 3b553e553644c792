//! Rectification deadlines (整改时限) as clerks write them.
//!
//! The deadline column mixes Excel dates, dates typed in half a dozen styles,
//! durations counted from the discovery date, relative words (月底, 立即),
//! political calendar events (二十大前) and remarks that are not deadlines at
//! all (长期, 已整改). Every phrase is reduced to a canonical string first, then
//! a small number reader for Arabic and Chinese numerals feeds one function per
//! phrase family. No regular expressions: this runs once per row on
//! million-row ledgers.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::calendar::WorkCalendar;
use crate::text::{compact, fold_char, fold_width, is_space, trim};
use DeadlineError::{NotADate, Unparsed};

mod memo;
pub use memo::Memo;

/// How a date written without a year gets one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum YearRule {
    /// docs/rules.md's rule for a stated discovery date: the anchor's year, rolled
    /// to the next year when that would put the date before the anchor (a
    /// deadline cannot precede discovery).
    #[default]
    Forward,
    /// The year that puts the date nearest the anchor. For an anchor that is
    /// only the file's date: a July ledger carries June rows whose "6月底" is
    /// past, not eleven months away.
    Nearest,
    /// The latest such date not after the anchor. For dates of past events,
    /// like a rectification reported by a file dated on the anchor.
    NotAfter,
}

#[derive(Debug, Clone, Copy)]
pub struct DeadlineContext<'a> {
    /// The discovery date (发现日期): anchor of relative phrases and source of the year.
    pub anchor: NaiveDate,
    /// How year-less dates are placed around the anchor.
    pub year_rule: YearRule,
    /// `[named_dates]` of the workspace config, e.g. "党的二十大" → 2022-10-16, "党的二十大结束" → 2022-10-22.
    pub named_dates: &'a BTreeMap<String, NaiveDate>,
    pub calendar: &'a WorkCalendar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    Date(NaiveDate),
    /// 长期 / 长期坚持 / 持续整改 / 常态化: no date.
    LongTerm,
    /// "已整改" (or 已完成, 已整改完毕 …) written in the deadline column: no deadline, the text feeds the status.
    AlreadyRectified,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineError {
    /// blank after trimming
    Empty,
    /// not a phrase of the grammar
    Unparsed,
    /// looks like a date but is not on the calendar, e.g. 6月31日, 2022-02-30
    NotADate { year: i32, month: u32, day: u32 },
    /// a named date (e.g. 二十大前) not in named_dates; carries the name as written after stripping 前/之前/结束前 etc. so the message can say how to define it in `[named_dates]`
    UnknownNamedDate(String),
}

/// Years before this are typing slips (0022, 1022), not deadlines.
const MIN_YEAR: i32 = 1900;
/// Longer text is a remark, not a phrase; the cap also bounds the work the
/// range splitter does on hostile input.
const MAX_PHRASE_CHARS: usize = 100;
/// About 380 years: beyond this a workday count is a typo, and the cap keeps
/// [`WorkCalendar::add_workdays`] away from the end of chrono's range.
const MAX_WORKDAYS: u32 = 100_000;

/// Words in front of a date that only say "by": 于6月30日, 限期至6月30日.
const LEADING: [&str; 19] = [
    "限期至",
    "限期于",
    "限期在",
    "截止到",
    "截止于",
    "截止至",
    "计划于",
    "计划在",
    "限期",
    "限于",
    "限至",
    "截至",
    "截止",
    "计划",
    "预计",
    "要求",
    "于",
    "在",
    "限",
];
/// Words after a phrase that restate the duty (…前整改完毕) and carry no date.
const TRAILING: [&str; 9] = [
    "完成整改",
    "整改完毕",
    "整改完成",
    "整改到位",
    "整改",
    "完成",
    "完毕",
    "到位",
    "销号",
];
/// What may follow a date or a duration: "before" and "within" both mean the
/// deadline day itself still counts.
const TAILS: [&str; 9] = ["", "前", "之前", "以前", "止", "为止", "内", "以内", "之内"];
/// "Before" only: after a bare day number they turn 15日 (15 days) into the 15th.
const BEFORE: [&str; 6] = ["", "前", "之前", "以前", "止", "为止"];
/// "Within" only: durations are counted, never "before".
const WITHIN: [&str; 4] = ["", "内", "以内", "之内"];
/// Ways to say "before the event" that the config's event name leaves out.
const NAMED_TAILS: [&str; 5] = ["召开之前", "召开前", "之前", "以前", "前"];
/// Characters that mark an event name (大会, 节, 结束 …): such text is meant as a
/// named date, so the error should explain `[named_dates]` rather than the grammar.
const NAMED_MARKERS: [&str; 6] = ["大", "会", "结束", "召开", "期间", "节"];
const LONG_TERM: [&str; 9] = [
    "长期",
    "长期坚持",
    "长期推进",
    "坚持",
    "持续",
    "持续推进",
    "常态化",
    "常态化推进",
    "长效",
];

pub fn parse_deadline(text: &str, ctx: &DeadlineContext) -> Result<Deadline, DeadlineError> {
    if let Some(date) = iso_fast(text) {
        return date.map(Deadline::Date);
    }
    let canonical = normalise(text);
    if canonical.is_empty() {
        return Err(DeadlineError::Empty);
    }
    if canonical.chars().count() > MAX_PHRASE_CHARS {
        return Err(Unparsed);
    }
    let core = core_of(&canonical);
    if is_already_rectified(core) {
        Ok(Deadline::AlreadyRectified)
    } else if LONG_TERM.contains(&core) {
        Ok(Deadline::LongTerm)
    } else {
        phrase(core, ctx).map(Deadline::Date)
    }
}

/// An absolute or month-day date alone, as written in a date column (发现日期, 完成日期, 约谈日期, 延期时限):
/// every date form of the grammar (2022-06-30, 2022/6/30, 2022.6.30, 20220630, 2022年6月30日/号, 6月30日, 6.30, 6/30,
/// with 二〇二二年六月三十日 Chinese numerals and full-width digits too), no relative phrases. A year-less date takes the
/// year of `anchor`. A trailing time ("2022-06-30 14:00", "2022/6/30 0:00:00") is ignored.
///
/// Month-only and month-end forms (2022年6月, 6月底, 7月下旬) are accepted as their
/// last day, as in deadlines, because 延期时限 is a deadline kept in a date column.
pub fn parse_date(text: &str, anchor: NaiveDate) -> Result<NaiveDate, DeadlineError> {
    if let Some(date) = iso_fast(text) {
        return date;
    }
    let canonical = normalise(text);
    if canonical.is_empty() {
        return Err(DeadlineError::Empty);
    }
    if let Some(date) = excel_serial(&canonical) {
        return Ok(date);
    }
    match read_date(&canonical) {
        Some((parts, "")) => resolve(parts, anchor.year(), None),
        _ => Err(Unparsed),
    }
}

/// The first date written inside free text, e.g. the measures text "已于6月20日整改完毕" → 2022-06-20
/// (year-less: year of anchor, rolled to the next year if that falls before anchor). None when there is none.
///
/// Only forms that cannot be something else count: a bare "6.5" is a
/// percentage and "6月份" a period, so year-less numeric and month-only forms
/// are skipped, as are impossible dates.
pub fn find_date(text: &str, anchor: NaiveDate, rule: YearRule) -> Option<NaiveDate> {
    // Every character canonical_char changes is led by one of these bytes;
    // a measures text usually has none and is then searched as it is.
    let folded: std::borrow::Cow<str> =
        if text.bytes().any(|b| matches!(b, 0xC2 | 0xE2 | 0xE3 | 0xEF)) {
            text.chars().map(canonical_char).collect::<String>().into()
        } else {
            text.into()
        };
    let mut previous = None;
    for (at, c) in folded.char_indices() {
        let starts_number = is_numeral(c) && !previous.is_some_and(is_numeral);
        previous = Some(c);
        if !starts_number {
            continue;
        }
        let Some((parts, _)) = read_date(&folded[at..]) else {
            continue;
        };
        let unambiguous = parts.day != DaySpec::Whole && (parts.year.is_some() || !parts.bare);
        if unambiguous && let Ok(date) = resolve(parts, anchor.year(), Some((anchor, rule))) {
            return Some(date);
        }
    }
    None
}

/// `yyyy-mm-dd` is what most cells hold; skipping normalisation for it keeps a
/// million-row import cheap.
fn iso_fast(text: &str) -> Option<Result<NaiveDate, DeadlineError>> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let parts = Parts {
        year: Some(i32::try_from(number(&b[..4])?).ok()?),
        month: number(&b[5..7])?,
        day: DaySpec::Day(number(&b[8..])?),
        bare: false,
    };
    Some(resolve(parts, 0, None))
}

/// Punctuation around a phrase that says nothing about its date.
const PADDING: [char; 14] = [
    '.', ',', ';', ':', '!', '?', '、', '(', ')', '"', '“', '”', '【', '】',
];

/// Width-folded, whitespace-free text with one spelling per punctuation mark,
/// so the grammar below never has to care how the clerk's IME typed it.
fn normalise(text: &str) -> String {
    // Most phrases ("6月底", "15日内") have nothing to fold, drop or respell:
    // every character that changes is led by a byte `is_compact` refuses,
    // and of ASCII only a doubled dash or tilde changes.
    let doubled = |w: &[u8]| w[0] == w[1] && matches!(w[0], b'-' | b'~');
    if crate::text::is_compact(text) && !text.as_bytes().windows(2).any(doubled) {
        return text.trim_matches(PADDING).to_string();
    }
    normalise_in_full(text)
}

/// [`normalise`], character by character.
fn normalise_in_full(text: &str) -> String {
    let folded = fold_width(text);
    let mut out = String::with_capacity(folded.len());
    for c in without_time(&folded).chars().filter(|c| !is_space(*c)) {
        let c = canonical_char(c);
        if !(matches!(c, '-' | '~') && out.ends_with(c)) {
            out.push(c);
        }
    }
    out.trim_matches(PADDING).to_string()
}

fn canonical_char(c: char) -> char {
    match fold_char(c) {
        '。' | '｡' | '·' => '.',
        '，' => ',',
        '—' | '–' | '―' | '‐' | '‑' | '‒' | '−' | '﹣' => '-',
        '〜' | '∼' => '~',
        c => c,
    }
}

/// Excel exports date cells as "2022/6/30 0:00:00"; the time of day never matters.
fn without_time(s: &str) -> &str {
    let s = trim(s);
    match s.rsplit_once(|c: char| is_space(c) || c == 'T') {
        Some((date, time)) if is_clock(time) && !trim(date).is_empty() => date,
        _ => s,
    }
}

fn is_clock(s: &str) -> bool {
    s.contains(':')
        && s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

/// The phrase without the "by …" and "… rectified" padding around it.
fn core_of(s: &str) -> &str {
    let mut s = s;
    while let Some(rest) = LEADING.iter().find_map(|p| s.strip_prefix(p)) {
        s = rest;
    }
    while let Some(rest) = TRAILING.iter().find_map(|p| s.strip_suffix(p)) {
        s = rest;
    }
    s
}

/// 已整改, 已完成整改, 已销号 … reduce to "已" once the padding is gone; a date
/// after it (已于6月20日整改完毕) is the closing date, not a deadline.
fn is_already_rectified(core: &str) -> bool {
    let Some(rest) = core
        .strip_prefix("已经")
        .or_else(|| core.strip_prefix('已'))
    else {
        return false;
    };
    let rest = rest.strip_prefix(['于', '在']).unwrap_or(rest);
    matches!(rest, "" | "闭环" | "落实") || matches!(read_date(rest), Some((_, "")))
}

/// A whole phrase: a single deadline, else the end of a range, else a named
/// date. A range is only tried when the whole text is no phrase, because
/// 2022-06-30 contains the range separator.
fn phrase(core: &str, ctx: &DeadlineContext) -> Result<NaiveDate, DeadlineError> {
    match single(core, ctx, ctx.anchor.year()) {
        Err(Unparsed) => {}
        other => return other,
    }
    match range_end(core, ctx) {
        Err(Unparsed) => named(core, ctx.named_dates),
        other => other,
    }
}

/// One deadline in any family but ranges and named dates. Year-less dates take
/// `year`, which is the anchor's unless a range start said otherwise.
fn single(core: &str, ctx: &DeadlineContext, year: i32) -> Result<NaiveDate, DeadlineError> {
    relative(core, ctx.anchor)
        .or_else(|| dated(core, year, ctx.anchor, ctx.year_rule))
        .or_else(|| day_of_month(core, ctx.anchor))
        .or_else(|| duration(core, ctx))
        .unwrap_or(Err(Unparsed))
}

/// "A至B" and friends: the deadline is B. Dashes are tried at every position
/// because a dash also separates the parts of each date (2022-05-01-2022-06-30).
fn range_end(core: &str, ctx: &DeadlineContext) -> Result<NaiveDate, DeadlineError> {
    if let Some((start, end)) = core.split_once(['至', '到', '~']) {
        return end_of(start, end, ctx);
    }
    let mut first_error = Err(Unparsed);
    for (at, _) in core.match_indices('-') {
        let result = end_of(&core[..at], &core[at + 1..], ctx);
        if result.is_ok() {
            return result;
        }
        if first_error == Err(Unparsed) {
            first_error = result;
        }
    }
    first_error
}

/// B of "A至B", taking A's year when B has none (2022年5月至7月底).
fn end_of(start: &str, end: &str, ctx: &DeadlineContext) -> Result<NaiveDate, DeadlineError> {
    let year = read_date(start)
        .and_then(|(parts, _)| parts.year)
        .filter(|y| *y >= MIN_YEAR)
        .unwrap_or(ctx.anchor.year());
    match single(end, ctx, year) {
        Err(Unparsed) => named(end, ctx.named_dates),
        other => other,
    }
}

/// An event from `[named_dates]`. "二十大前" must find "党的二十大": the lookup
/// drops a trailing 前/召开前 and ignores a leading 党的 on either side.
fn named(core: &str, names: &BTreeMap<String, NaiveDate>) -> Result<NaiveDate, DeadlineError> {
    let name = NAMED_TAILS
        .iter()
        .find_map(|t| core.strip_suffix(t))
        .filter(|n| !n.is_empty())
        .unwrap_or(core);
    if let Some(date) = lookup(core, names).or_else(|| lookup(name, names)) {
        Ok(date)
    } else if NAMED_MARKERS.iter().any(|m| core.contains(m)) {
        Err(DeadlineError::UnknownNamedDate(name.to_string()))
    } else {
        Err(Unparsed)
    }
}

fn lookup(name: &str, names: &BTreeMap<String, NaiveDate>) -> Option<NaiveDate> {
    if let Some(date) = names.get(name) {
        return Some(*date);
    }
    let bare = name.strip_prefix("党的").unwrap_or(name);
    names
        .iter()
        .find(|(key, _)| {
            let key = compact(key);
            key.strip_prefix("党的").unwrap_or(&key) == bare
        })
        .map(|(_, date)| *date)
}

/// Words relative to the discovery date: 立即, 次日, 月底, 下月中旬, 年底. They
/// never roll to the next year: 月中 found on the 20th is already overdue.
fn relative(core: &str, anchor: NaiveDate) -> Option<Result<NaiveDate, DeadlineError>> {
    month_relative(core, anchor).or_else(|| {
        let offset = TAILS
            .iter()
            .filter_map(|t| core.strip_suffix(t))
            .find_map(word_offset)?;
        Some(offset(anchor).ok_or(Unparsed))
    })
}

type Shift = fn(NaiveDate) -> Option<NaiveDate>;

fn word_offset(word: &str) -> Option<Shift> {
    let shift: Shift = match word {
        "立即" | "立行立改" | "立查立改" | "即查即改" | "边查边改" | "当场" | "现场" | "当天"
        | "当日" | "即日" | "即时" | "今天" | "今日" | "马上" | "立刻" => Some,
        "次日" | "明天" | "明日" | "第二天" | "翌日" | "隔日" => |d| d.succ_opt(),
        "年底" | "年末" | "年内" | "年度内" | "本年" | "本年底" | "本年末" | "本年度" | "今年"
        | "今年底" | "今年年底" | "当年" => |d| year_end(d.year()),
        "明年" | "明年底" | "明年年底" | "次年" | "次年底" | "下年底" => {
            |d| year_end(d.year().checked_add(1)?)
        }
        _ => return None,
    };
    Some(shift)
}

fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

/// 月底, 本月中旬, 下月5号: a day in the discovery month or the next one. A lone
/// 月 is no phrase, though 月内 is.
fn month_relative(core: &str, anchor: NaiveDate) -> Option<Result<NaiveDate, DeadlineError>> {
    let (ahead, rest) = [
        ("下个月", 1),
        ("下月", 1),
        ("本月", 0),
        ("当月", 0),
        ("月", 0),
    ]
    .iter()
    .find_map(|(word, ahead)| core.strip_prefix(word).map(|rest| (*ahead, rest)))
    .filter(|_| core != "月")?;
    let (day, rest) = day_spec(rest);
    if !TAILS.contains(&rest) {
        return None;
    }
    let month = anchor
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(ahead)));
    Some(
        month
            .ok_or(Unparsed)
            .and_then(|m| on_calendar(m.year(), m.month(), day)),
    )
}

/// Calendar dates in every written form, with the year rule applied.
fn dated(
    core: &str,
    year: i32,
    anchor: NaiveDate,
    rule: YearRule,
) -> Option<Result<NaiveDate, DeadlineError>> {
    if let Some(date) = excel_serial(core) {
        return Some(Ok(date));
    }
    let (parts, rest) = read_date(core)?;
    TAILS
        .contains(&rest)
        .then(|| resolve(parts, year, Some((anchor, rule))))
}

/// A date cell that reached us as its serial number ("44742"), limited to
/// 2000-01-01..2099-12-31 so that ordinary numbers are not taken for dates.
fn excel_serial(s: &str) -> Option<NaiveDate> {
    // Five digits, then nothing or a fraction: told from the first bytes,
    // since nearly every phrase tried here is none.
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let whole = s.get(..5).filter(|w| digits(w))?;
    let fraction = match &s[5..] {
        "" => "",
        rest => rest.strip_prefix('.')?,
    };
    if !digits(fraction) {
        return None;
    }
    let serial: u64 = whole.parse().ok()?;
    if !(36_526..=73_050).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial))
}

/// 15号, 15号前, 15日前: that day of the discovery month, or of the next month
/// when it has passed. A bare "15日" is a duration, so 日 needs a "before" word.
fn day_of_month(core: &str, anchor: NaiveDate) -> Option<Result<NaiveDate, DeadlineError>> {
    let (n, rest) = read_num(core)?;
    let tail = match rest.strip_prefix('号') {
        Some(tail) => tail,
        None => rest.strip_prefix('日').filter(|t| !t.is_empty())?,
    };
    if !BEFORE.contains(&tail) {
        return None;
    }
    let month = anchor.with_day(1).and_then(|first| {
        let ahead = u32::from(n.value < anchor.day());
        first.checked_add_months(Months::new(ahead))
    });
    Some(
        month
            .ok_or(Unparsed)
            .and_then(|m| on_calendar(m.year(), m.month(), DaySpec::Day(n.value))),
    )
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    Days,
    Workdays,
    Hours,
    Weeks,
    Months,
    Years,
}

/// Longest first, so 工作日 is not read as 日.
const UNITS: [(&str, Unit); 10] = [
    ("工作日", Unit::Workdays),
    ("自然日", Unit::Days),
    ("天", Unit::Days),
    ("日", Unit::Days),
    ("小时", Unit::Hours),
    ("周", Unit::Weeks),
    ("星期", Unit::Weeks),
    ("礼拜", Unit::Weeks),
    ("月", Unit::Months),
    ("年", Unit::Years),
];

/// 3天内, 限期3天, 7个工作日内, 两周内, 3个月内, 半年内: the anchor plus a count.
fn duration(core: &str, ctx: &DeadlineContext) -> Option<Result<NaiveDate, DeadlineError>> {
    if let Some(rest) = core.strip_prefix('半') {
        return half(rest, ctx.anchor);
    }
    let (n, rest) = read_num(core)?;
    let (counted, rest) = match rest.strip_prefix('个') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (unit, tail) = UNITS
        .iter()
        .find_map(|(word, unit)| rest.strip_prefix(word).map(|tail| (*unit, tail)))?;
    // "3月" is March and "2022年" a year: only "3个月" and "两年" are spans.
    let is_span = match unit {
        Unit::Months => counted,
        Unit::Years => !n.is_year(),
        _ => true,
    };
    (is_span && WITHIN.contains(&tail)).then(|| add(ctx, unit, n.value).ok_or(Unparsed))
}

/// 半个月 is taken as 15 days, the way the 15-day closed-loop rule counts it.
fn half(rest: &str, anchor: NaiveDate) -> Option<Result<NaiveDate, DeadlineError>> {
    let rest = rest.strip_prefix('个').unwrap_or(rest);
    let (date, tail) = if let Some(tail) = rest.strip_prefix('月') {
        (anchor.checked_add_days(Days::new(15)), tail)
    } else {
        (
            anchor.checked_add_months(Months::new(6)),
            rest.strip_prefix('年')?,
        )
    };
    WITHIN.contains(&tail).then(|| date.ok_or(Unparsed))
}

fn add(ctx: &DeadlineContext, unit: Unit, n: u32) -> Option<NaiveDate> {
    let anchor = ctx.anchor;
    let days = |d: u64| anchor.checked_add_days(Days::new(d));
    let months = |m: u32| anchor.checked_add_months(Months::new(m));
    match unit {
        Unit::Days => days(n.into()),
        Unit::Weeks => days(u64::from(n) * 7),
        Unit::Hours => days(n.div_ceil(24).into()),
        Unit::Months => months(n),
        Unit::Years => months(n.checked_mul(12)?),
        Unit::Workdays => (n <= MAX_WORKDAYS).then(|| ctx.calendar.add_workdays(anchor, n)),
    }
}

/// Which day of a month a date names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DaySpec {
    Day(u32),
    /// 底, 末, 下旬.
    End,
    /// Only the month (6月) or the year (2022年) was written; a deadline means its last day.
    Whole,
}

/// A date as written, before the year rule and the calendar check. Numbers
/// are kept as read so that 6月31日 can be reported rather than clamped.
#[derive(Debug, Clone, Copy)]
struct Parts {
    year: Option<i32>,
    month: u32,
    day: DaySpec,
    /// Year-less numbers joined by a separator (6.30, 6/30), which in free
    /// text are as likely a fraction or a decimal.
    bare: bool,
}

/// Reads a date at the start of `s` and returns what follows it.
fn read_date(s: &str) -> Option<(Parts, &str)> {
    let (first, rest) = read_num(s)?;
    if let Some(rest) = rest.strip_prefix('年') {
        return first.is_year().then(|| after_year(first.value, rest));
    }
    if let Some(rest) = rest.strip_prefix('月') {
        return Some(with_month(None, first.value, rest));
    }
    if !first.arabic {
        return None;
    }
    if first.len == 8 {
        let v = first.value;
        let parts = Parts {
            year: i32::try_from(v / 10_000).ok(),
            month: v / 100 % 100,
            day: DaySpec::Day(v % 100),
            bare: false,
        };
        return Some((parts, rest));
    }
    separated(first, rest)
}

/// 2022年6月30日, 2022年6月底, 2022年底, 2022年.
fn after_year(year: u32, rest: &str) -> (Parts, &str) {
    let year = i32::try_from(year).ok();
    if let Some((month, after)) = read_num(rest)
        && let Some(after) = after.strip_prefix('月')
    {
        return with_month(year, month.value, after);
    }
    let (day, rest) = match ["年底", "年末", "底", "末"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
    {
        Some(rest) => (DaySpec::End, rest),
        None => (DaySpec::Whole, rest),
    };
    let parts = Parts {
        year,
        month: 12,
        day,
        bare: false,
    };
    (parts, rest)
}

fn with_month(year: Option<i32>, month: u32, rest: &str) -> (Parts, &str) {
    let (day, rest) = day_spec(rest);
    (
        Parts {
            year,
            month,
            day,
            bare: false,
        },
        rest,
    )
}

/// What follows 月: a day number with optional 日/号, or a part of the month.
fn day_spec(s: &str) -> (DaySpec, &str) {
    let words = [
        ("上旬", DaySpec::Day(10)),
        ("中旬", DaySpec::Day(20)),
        ("下旬", DaySpec::End),
        ("底", DaySpec::End),
        ("末", DaySpec::End),
        ("中", DaySpec::Day(15)),
        ("份", DaySpec::Whole),
    ];
    if let Some((spec, rest)) = words
        .iter()
        .find_map(|(w, spec)| s.strip_prefix(w).map(|rest| (*spec, rest)))
    {
        return (spec, rest);
    }
    match read_num(s) {
        Some((n, rest)) => (
            DaySpec::Day(n.value),
            rest.strip_prefix(['日', '号']).unwrap_or(rest),
        ),
        None => (DaySpec::Whole, s),
    }
}

/// 2022-6-30, 2022/6/30, 2022.6.30 (one separator throughout), and 6/30, 6.30, 6-30.
fn separated(first: Num, rest: &str) -> Option<(Parts, &str)> {
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (second, rest) = read_small(&rest[1..])?;
    if first.is_year() {
        let (third, rest) = read_small(rest.strip_prefix(sep)?)?;
        let parts = Parts {
            year: i32::try_from(first.value).ok(),
            month: second,
            day: DaySpec::Day(third),
            bare: false,
        };
        Some((parts, rest))
    } else {
        let parts = Parts {
            year: None,
            month: first.value,
            day: DaySpec::Day(second),
            bare: true,
        };
        (first.len <= 2).then_some((parts, rest))
    }
}

/// A month or day between separators: one or two Arabic digits.
fn read_small(s: &str) -> Option<(u32, &str)> {
    read_num(s)
        .filter(|(n, _)| n.arabic && n.len <= 2)
        .map(|(n, rest)| (n.value, rest))
}

/// The year rule: a year-less date takes `year`, placed around the anchor by
/// the [`YearRule`]; explicit years are never moved.
fn resolve(
    parts: Parts,
    year: i32,
    roll: Option<(NaiveDate, YearRule)>,
) -> Result<NaiveDate, DeadlineError> {
    let Parts { month, day, .. } = parts;
    let year = match (parts.year, roll) {
        (Some(y), _) if y < MIN_YEAR => {
            let day = day_number(y, month, day);
            return Err(NotADate {
                year: y,
                month,
                day,
            });
        }
        (Some(y), _) => y,
        (None, Some((anchor, rule))) => placed_year(year, month, day, anchor, rule)?,
        (None, None) => year,
    };
    on_calendar(year, month, day)
}

/// The year for a year-less month and day under `rule`.
fn placed_year(
    year: i32,
    month: u32,
    day: DaySpec,
    anchor: NaiveDate,
    rule: YearRule,
) -> Result<i32, DeadlineError> {
    let key = |y: i32| (y, month, day_number(y, month, day));
    let at = (anchor.year(), anchor.month(), anchor.day());
    match rule {
        YearRule::Forward if key(year) < at => year.checked_add(1).ok_or(Unparsed),
        YearRule::NotAfter if key(year) > at => year.checked_sub(1).ok_or(Unparsed),
        YearRule::Nearest => Ok([year.checked_sub(1), Some(year), year.checked_add(1)]
            .into_iter()
            .flatten()
            .filter_map(|y| {
                on_calendar(y, month, day)
                    .ok()
                    .map(|d| (y, (d - anchor).num_days().abs()))
            })
            .min_by_key(|(_, distance)| *distance)
            .map_or(year, |(y, _)| y)),
        _ => Ok(year),
    }
}

fn on_calendar(year: i32, month: u32, day: DaySpec) -> Result<NaiveDate, DeadlineError> {
    let day = match day {
        DaySpec::Day(d) => d,
        DaySpec::End | DaySpec::Whole => days_in_month(year, month).ok_or(Unparsed)?,
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(NotADate { year, month, day })
}

/// The day used to compare with the anchor; month ends count as their last day.
fn day_number(year: i32, month: u32, day: DaySpec) -> u32 {
    match day {
        DaySpec::Day(d) => d,
        DaySpec::End | DaySpec::Whole => days_in_month(year, month).unwrap_or(0),
    }
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 => Some(if leap { 29 } else { 28 }),
        _ => None,
    }
}

/// A number as written: Arabic digits, Chinese digits read one by one
/// (二〇二二), or a Chinese count with 十/百 (三十一).
#[derive(Debug, Clone, Copy)]
struct Num {
    /// Saturates, so an absurd count fails later range checks instead of wrapping.
    value: u32,
    /// Characters read.
    len: usize,
    arabic: bool,
    /// Digit by digit, without 十/百: only such numbers can be a year.
    digitwise: bool,
}

impl Num {
    fn is_year(&self) -> bool {
        self.len == 4 && self.digitwise
    }
}

fn read_num(s: &str) -> Option<(Num, &str)> {
    let arabic = s.bytes().take_while(u8::is_ascii_digit).count();
    if arabic > 0 {
        let value = s.bytes().take(arabic).fold(0u32, |v, b| {
            v.saturating_mul(10).saturating_add(u32::from(b - b'0'))
        });
        let num = Num {
            value,
            len: arabic,
            arabic: true,
            digitwise: true,
        };
        return Some((num, &s[arabic..]));
    }
    let end = s
        .char_indices()
        .find(|(_, c)| !is_chinese_numeral(*c))
        .map_or(s.len(), |(at, _)| at);
    let written = &s[..end];
    let len = written.chars().count();
    if len == 0 {
        return None;
    }
    let digitwise = !written.contains(['十', '百']);
    let value = if digitwise {
        written.chars().fold(0u32, |v, c| {
            v.saturating_mul(10).saturating_add(chinese_digit(c))
        })
    } else {
        chinese_count(written)
    };
    Some((
        Num {
            value,
            len,
            arabic: false,
            digitwise,
        },
        &s[end..],
    ))
}

/// 十五 = 15, 二十 = 20, 一百零五 = 105: a unit multiplies the digit before it (one if none).
fn chinese_count(written: &str) -> u32 {
    let (mut total, mut pending) = (0u32, 0u32);
    for c in written.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            _ => {
                pending = pending.saturating_mul(10).saturating_add(chinese_digit(c));
                continue;
            }
        };
        total = total.saturating_add(pending.max(1).saturating_mul(unit));
        pending = 0;
    }
    total.saturating_add(pending)
}

fn chinese_digit(c: char) -> u32 {
    match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => 0,
    }
}

fn is_chinese_numeral(c: char) -> bool {
    matches!(c, '〇' | '零' | '十' | '百') || chinese_digit(c) > 0
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || is_chinese_numeral(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn names() -> BTreeMap<String, NaiveDate> {
        BTreeMap::from([
            ("党的二十大".to_string(), d(2022, 10, 16)),
            ("党的二十大结束".to_string(), d(2022, 10, 22)),
        ])
    }

    fn parse_found(text: &str, found: NaiveDate) -> Result<Deadline, DeadlineError> {
        let (named_dates, calendar) = (names(), WorkCalendar::default());
        let ctx = DeadlineContext {
            anchor: found,
            year_rule: YearRule::Forward,
            named_dates: &named_dates,
            calendar: &calendar,
        };
        parse_deadline(text, &ctx)
    }

    fn parse(text: &str) -> Result<Deadline, DeadlineError> {
        parse_found(text, d(2022, 6, 10))
    }

    fn on(y: i32, m: u32, day: u32) -> Result<Deadline, DeadlineError> {
        Ok(Deadline::Date(d(y, m, day)))
    }

    fn not_a_date(year: i32, month: u32, day: u32) -> Result<Deadline, DeadlineError> {
        Err(NotADate { year, month, day })
    }

    fn check(cases: &[(&str, Result<Deadline, DeadlineError>)]) {
        for (text, expected) in cases {
            assert_eq!(&parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn every_phrase_of_the_domain_table() {
        check(&[
            ("44742", on(2022, 6, 30)),
            ("2022-06-30", on(2022, 6, 30)),
            ("2022/6/30", on(2022, 6, 30)),
            ("2022.6.30", on(2022, 6, 30)),
            ("20220630", on(2022, 6, 30)),
            ("2022年6月30日", on(2022, 6, 30)),
            ("2022年6月30号", on(2022, 6, 30)),
            ("6月30日", on(2022, 6, 30)),
            ("6.30", on(2022, 6, 30)),
            ("6/30", on(2022, 6, 30)),
            ("6月底", on(2022, 6, 30)),
            ("6月底前", on(2022, 6, 30)),
            ("2022年6月底", on(2022, 6, 30)),
            ("六月底", on(2022, 6, 30)),
            ("月底", on(2022, 6, 30)),
            ("7月上旬", on(2022, 7, 10)),
            ("7月中旬", on(2022, 7, 20)),
            ("7月下旬", on(2022, 7, 31)),
            ("年底", on(2022, 12, 31)),
            ("年底前", on(2022, 12, 31)),
            ("12月底", on(2022, 12, 31)),
            ("立即", on(2022, 6, 10)),
            ("立即整改", on(2022, 6, 10)),
            ("立行立改", on(2022, 6, 10)),
            ("立查立改", on(2022, 6, 10)),
            ("即查即改", on(2022, 6, 10)),
            ("当场整改", on(2022, 6, 10)),
            ("当天", on(2022, 6, 10)),
            ("当日", on(2022, 6, 10)),
            ("3日内", on(2022, 6, 13)),
            ("3天内", on(2022, 6, 13)),
            ("三天内", on(2022, 6, 13)),
            ("限期3天", on(2022, 6, 13)),
            ("15日", on(2022, 6, 25)),
            ("十五天内", on(2022, 6, 25)),
            ("7个工作日内", on(2022, 6, 21)),
            ("一周内", on(2022, 6, 17)),
            ("两周内", on(2022, 6, 24)),
            ("一个月内", on(2022, 7, 10)),
            ("3个月内", on(2022, 9, 10)),
            ("2022年5月至党的二十大结束", on(2022, 10, 22)),
            ("6月1日至6月30日", on(2022, 6, 30)),
            ("2022.6.1-2022.7.15", on(2022, 7, 15)),
            ("2022-06-01-2022-07-15", on(2022, 7, 15)),
            ("6月1日~7月31日", on(2022, 7, 31)),
            ("即日起到8月底", on(2022, 8, 31)),
            ("党的二十大结束", on(2022, 10, 22)),
            ("二十大前", on(2022, 10, 16)),
            ("长期", Ok(Deadline::LongTerm)),
            ("长期坚持", Ok(Deadline::LongTerm)),
            ("持续整改", Ok(Deadline::LongTerm)),
            ("已整改", Ok(Deadline::AlreadyRectified)),
            ("待定", Err(Unparsed)),
            ("见附件", Err(Unparsed)),
            ("ASAP", Err(Unparsed)),
        ]);
    }

    #[test]
    fn dates_beyond_the_table() {
        check(&[
            ("2022-06-30 00:00:00", on(2022, 6, 30)),
            ("2022/6/30 14:00", on(2022, 6, 30)),
            ("2022-06-30T08:30:00", on(2022, 6, 30)),
            ("6-30", on(2022, 6, 30)),
            ("2022年6月", on(2022, 6, 30)),
            ("6月", on(2022, 6, 30)),
            ("六月", on(2022, 6, 30)),
            ("6月份", on(2022, 6, 30)),
            ("6月中", on(2022, 6, 15)),
            ("6月30", on(2022, 6, 30)),
            ("2022年底", on(2022, 12, 31)),
            ("2022年内", on(2022, 12, 31)),
            ("2023年", on(2023, 12, 31)),
            ("二〇二二年六月三十日", on(2022, 6, 30)),
            ("二零二二年七月一日", on(2022, 7, 1)),
            ("十二月三十一日", on(2022, 12, 31)),
            ("十一月底", on(2022, 11, 30)),
            ("二〇二二年十月二十日前", on(2022, 10, 20)),
            ("2022年六月三十日", on(2022, 6, 30)),
            ("9999年12月31日", on(9999, 12, 31)),
        ]);
    }

    #[test]
    fn relative_words() {
        check(&[
            ("本月底", on(2022, 6, 30)),
            ("月末", on(2022, 6, 30)),
            ("本月内", on(2022, 6, 30)),
            ("月内", on(2022, 6, 30)),
            ("月底前完成", on(2022, 6, 30)),
            ("下月底", on(2022, 7, 31)),
            ("下个月底前", on(2022, 7, 31)),
            ("月中", on(2022, 6, 15)),
            ("本月中旬", on(2022, 6, 20)),
            ("下月5号", on(2022, 7, 5)),
            ("年内", on(2022, 12, 31)),
            ("今年底", on(2022, 12, 31)),
            ("明年底", on(2023, 12, 31)),
            ("15号", on(2022, 6, 15)),
            ("15号前", on(2022, 6, 15)),
            ("15日前", on(2022, 6, 15)),
            ("10号", on(2022, 6, 10)),
            ("5号", on(2022, 7, 5)),
            ("现场整改", on(2022, 6, 10)),
            ("立即整改到位", on(2022, 6, 10)),
            ("次日", on(2022, 6, 11)),
            ("明天", on(2022, 6, 11)),
        ]);
    }

    #[test]
    fn durations() {
        check(&[
            ("15个自然日内", on(2022, 6, 25)),
            ("7工作日", on(2022, 6, 21)),
            ("限期7个工作日", on(2022, 6, 21)),
            ("1周", on(2022, 6, 17)),
            ("一个星期内", on(2022, 6, 17)),
            ("半个月", on(2022, 6, 25)),
            ("半月内", on(2022, 6, 25)),
            ("1个月", on(2022, 7, 10)),
            ("两个月内", on(2022, 8, 10)),
            ("半年内", on(2022, 12, 10)),
            ("一年内", on(2023, 6, 10)),
            ("二十天内", on(2022, 6, 30)),
            ("三十一天", on(2022, 7, 11)),
            ("0天", on(2022, 6, 10)),
            ("24小时内", on(2022, 6, 11)),
            ("7日内完成整改", on(2022, 6, 17)),
            ("3天以内", on(2022, 6, 13)),
            ("一百天内", on(2022, 9, 18)),
        ]);
    }

    #[test]
    fn month_arithmetic_clamps_to_the_month_end() {
        assert_eq!(parse_found("1个月内", d(2022, 1, 31)), on(2022, 2, 28));
        assert_eq!(parse_found("半年", d(2023, 8, 31)), on(2024, 2, 29));
    }

    fn parse_with(
        text: &str,
        anchor: NaiveDate,
        year_rule: YearRule,
    ) -> Result<Deadline, DeadlineError> {
        let (named_dates, calendar) = (names(), WorkCalendar::default());
        let ctx = DeadlineContext {
            anchor,
            year_rule,
            named_dates: &named_dates,
            calendar: &calendar,
        };
        parse_deadline(text, &ctx)
    }

    #[test]
    fn year_rules_place_year_less_dates_around_the_anchor() {
        let (jul31, nov20) = (d(2022, 7, 31), d(2022, 11, 20));
        assert_eq!(
            parse_with("6月底前", jul31, YearRule::Forward),
            on(2023, 6, 30)
        );
        assert_eq!(
            parse_with("6月底前", jul31, YearRule::Nearest),
            on(2022, 6, 30)
        );
        assert_eq!(
            parse_with("1月底", nov20, YearRule::Nearest),
            on(2023, 1, 31)
        );
        assert_eq!(
            parse_with("12月1日", d(2023, 1, 5), YearRule::Nearest),
            on(2022, 12, 1)
        );
        assert_eq!(
            parse_with("2022-06-25", jul31, YearRule::Nearest),
            on(2022, 6, 25)
        );
        assert_eq!(
            parse_with("立即整改", jul31, YearRule::Nearest),
            on(2022, 7, 31)
        );
        assert_eq!(
            find_date("已于7月1日整改完毕", jul31, YearRule::NotAfter),
            Some(d(2022, 7, 1))
        );
        assert_eq!(
            find_date("已于12月5日整改", d(2023, 1, 10), YearRule::NotAfter),
            Some(d(2022, 12, 5))
        );
        assert_eq!(
            find_date("已于7月1日整改完毕", jul31, YearRule::Forward),
            Some(d(2023, 7, 1))
        );
    }

    #[test]
    fn workdays_follow_the_calendar() {
        let named_dates = names();
        let calendar = WorkCalendar::new((1..=7).map(|day| d(2022, 10, day)), [d(2022, 10, 8)]);
        let ctx = DeadlineContext {
            anchor: d(2022, 9, 29),
            year_rule: YearRule::Forward,
            named_dates: &named_dates,
            calendar: &calendar,
        };
        assert_eq!(parse_deadline("3个工作日内", &ctx), on(2022, 10, 10));
    }

    #[test]
    fn padding_around_the_phrase() {
        check(&[
            ("于6月30日前完成", on(2022, 6, 30)),
            ("在6月30日之前", on(2022, 6, 30)),
            ("限于6月30日前", on(2022, 6, 30)),
            ("截至6月30日", on(2022, 6, 30)),
            ("截止到6月30日止", on(2022, 6, 30)),
            ("限期至6月30日", on(2022, 6, 30)),
            ("6月30日以前", on(2022, 6, 30)),
            ("6月30日为止", on(2022, 6, 30)),
            ("6月30日以内", on(2022, 6, 30)),
            ("6月30日前整改完毕", on(2022, 6, 30)),
            ("6月30日前整改到位", on(2022, 6, 30)),
            ("计划6月底前完成整改", on(2022, 6, 30)),
            ("6月30日。", on(2022, 6, 30)),
            ("（6月30日前）", on(2022, 6, 30)),
            ("2022。6。30", on(2022, 6, 30)),
        ]);
    }

    #[test]
    fn full_width_and_whitespace_are_normalised() {
        check(&[
            ("２０２２－０６－３０", on(2022, 6, 30)),
            ("２０２２年６月３０日", on(2022, 6, 30)),
            ("６／３０", on(2022, 6, 30)),
            ("３天内", on(2022, 6, 13)),
            ("2022年 6月\n30日", on(2022, 6, 30)),
            (" 6 月 底 前 ", on(2022, 6, 30)),
            ("\u{3000}立即整改\u{3000}", on(2022, 6, 10)),
            ("7个\r\n工作日内", on(2022, 6, 21)),
            ("6月1日 — 7月31日", on(2022, 7, 31)),
            ("6月1日～7月31日", on(2022, 7, 31)),
            ("6月1日——7月31日", on(2022, 7, 31)),
            ("\u{feff}2022-06-30", on(2022, 6, 30)),
        ]);
    }

    #[test]
    fn blank_text_is_empty_not_unparsed() {
        check(&[
            ("", Err(DeadlineError::Empty)),
            ("  \n ", Err(DeadlineError::Empty)),
            ("\u{3000}", Err(DeadlineError::Empty)),
            ("前", Err(Unparsed)),
            ("限期整改", Err(Unparsed)),
        ]);
    }

    #[test]
    fn year_less_dates_roll_to_the_next_year() {
        let found = d(2022, 11, 20);
        assert_eq!(parse_found("1月底", found), on(2023, 1, 31));
        assert_eq!(parse_found("1月10日", found), on(2023, 1, 10));
        assert_eq!(parse_found("11月20日", found), on(2022, 11, 20));
        assert_eq!(parse_found("11/19", found), on(2023, 11, 19));
        assert_eq!(parse_found("12月上旬", found), on(2022, 12, 10));
        assert_eq!(parse_found("5号", found), on(2022, 12, 5));
        assert_eq!(parse("5月31日"), on(2023, 5, 31));
        assert_eq!(parse("2022年5月31日"), on(2022, 5, 31));
        assert_eq!(parse_found("2月29日", d(2023, 6, 10)), on(2024, 2, 29));
    }

    #[test]
    fn relative_phrases_do_not_roll() {
        let found = d(2022, 11, 20);
        assert_eq!(parse_found("月中", found), on(2022, 11, 15));
        assert_eq!(parse_found("月底", found), on(2022, 11, 30));
        assert_eq!(parse_found("下月底", found), on(2022, 12, 31));
        assert_eq!(parse_found("下月底", d(2022, 12, 5)), on(2023, 1, 31));
        assert_eq!(parse_found("年底", found), on(2022, 12, 31));
        assert_eq!(parse_found("立即", found), on(2022, 11, 20));
    }

    #[test]
    fn range_end_takes_the_start_year() {
        check(&[
            ("2022年5月至7月底", on(2022, 7, 31)),
            ("2022.5.1-6.30", on(2022, 6, 30)),
            ("5-6月", on(2022, 6, 30)),
            ("5月1日-6月30日", on(2022, 6, 30)),
            ("2023年1月至3月", on(2023, 3, 31)),
            ("2021年1月至3月", on(2022, 3, 31)),
            ("至6月30日", on(2022, 6, 30)),
            ("即日起至党的二十大召开前", on(2022, 10, 16)),
            ("5月1日至6月31日", not_a_date(2022, 6, 31)),
        ]);
    }

    #[test]
    fn named_dates_with_and_without_the_party_prefix() {
        check(&[
            ("党的二十大", on(2022, 10, 16)),
            ("二十大", on(2022, 10, 16)),
            ("党的二十大前", on(2022, 10, 16)),
            ("二十大召开前", on(2022, 10, 16)),
            ("二十大结束前", on(2022, 10, 22)),
            ("党的二十大结束前完成", on(2022, 10, 22)),
            ("于党的 二十大之前", on(2022, 10, 16)),
        ]);
    }

    #[test]
    fn unknown_named_dates_name_what_to_define() {
        let unknown = |name: &str| Err(DeadlineError::UnknownNamedDate(name.to_string()));
        check(&[
            ("国庆节前", unknown("国庆节")),
            ("党的二十一大结束前", unknown("党的二十一大结束")),
            ("全国两会召开前", unknown("全国两会")),
            ("2022年5月至春节", unknown("春节")),
            ("迎峰度夏期间", unknown("迎峰度夏期间")),
            ("五一前", Err(Unparsed)),
        ]);
    }

    #[test]
    fn dates_that_are_not_on_the_calendar() {
        check(&[
            ("6月31日", not_a_date(2022, 6, 31)),
            ("2022-02-30", not_a_date(2022, 2, 30)),
            ("2022/2/30", not_a_date(2022, 2, 30)),
            ("2022年13月1日", not_a_date(2022, 13, 1)),
            ("20221301", not_a_date(2022, 13, 1)),
            ("0000-06-30", not_a_date(0, 6, 30)),
            ("0022年6月30日", not_a_date(22, 6, 30)),
            ("2月29日", not_a_date(2023, 2, 29)),
            ("31号", not_a_date(2022, 6, 31)),
            ("0号", not_a_date(2022, 7, 0)),
            ("本月31日", not_a_date(2022, 6, 31)),
            ("13月", Err(Unparsed)),
            ("月", Err(Unparsed)),
        ]);
    }

    #[test]
    fn long_term_and_already_rectified() {
        check(&[
            ("持续", Ok(Deadline::LongTerm)),
            ("常态化", Ok(Deadline::LongTerm)),
            ("长期整改", Ok(Deadline::LongTerm)),
            ("常态化整改", Ok(Deadline::LongTerm)),
            ("已完成", Ok(Deadline::AlreadyRectified)),
            ("已整改完毕", Ok(Deadline::AlreadyRectified)),
            ("已完成整改", Ok(Deadline::AlreadyRectified)),
            ("已销号", Ok(Deadline::AlreadyRectified)),
            ("已经整改到位。", Ok(Deadline::AlreadyRectified)),
            ("已于6月20日整改完毕", Ok(Deadline::AlreadyRectified)),
            ("已责令整改", Err(Unparsed)),
        ]);
    }

    #[test]
    fn huge_numbers_are_errors_not_panics() {
        check(&[
            ("99999999999日内", Err(Unparsed)),
            ("4294967295天", Err(Unparsed)),
            ("99999999999999999999999个月", Err(Unparsed)),
            ("4294967295年", Err(Unparsed)),
            ("4294967295周", Err(Unparsed)),
            ("200000个工作日", Err(Unparsed)),
            ("九九九九九九九九九九九九天", Err(Unparsed)),
            ("99999999999号", not_a_date(2022, 6, u32::MAX)),
        ]);
        assert_eq!(parse_found("明年底", NaiveDate::MAX), Err(Unparsed));
        assert_eq!(parse_found("次日", NaiveDate::MAX), Err(Unparsed));
        assert_eq!(parse_found("下月底", NaiveDate::MAX), Err(Unparsed));
        assert!(matches!(
            parse_found("6月30日", NaiveDate::MAX),
            Err(NotADate {
                month: 6,
                day: 30,
                ..
            })
        ));
    }

    #[test]
    fn parse_date_reads_date_columns() {
        let anchor = d(2022, 11, 20);
        let cases = [
            ("2022-06-30", d(2022, 6, 30)),
            ("2022/6/30 0:00:00", d(2022, 6, 30)),
            ("2022-06-30 14:00", d(2022, 6, 30)),
            ("2022.6.30", d(2022, 6, 30)),
            ("20220630", d(2022, 6, 30)),
            ("44742", d(2022, 6, 30)),
            ("2022年6月30号", d(2022, 6, 30)),
            ("二〇二二年六月三十日", d(2022, 6, 30)),
            ("６月３０日", d(2022, 6, 30)),
            ("6/30", d(2022, 6, 30)),
            ("6.30", d(2022, 6, 30)),
            ("2022年6月底", d(2022, 6, 30)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text, anchor), Ok(expected), "{text:?}");
        }
        assert_eq!(parse_date(" ", anchor), Err(DeadlineError::Empty));
        assert_eq!(parse_date("月底", anchor), Err(Unparsed));
        assert_eq!(parse_date("立即", anchor), Err(Unparsed));
        assert_eq!(parse_date("3天内", anchor), Err(Unparsed));
        assert_eq!(parse_date("6月30日前", anchor), Err(Unparsed));
        assert_eq!(
            parse_date("2022-02-30", anchor),
            Err(NotADate {
                year: 2022,
                month: 2,
                day: 30
            })
        );
    }

    #[test]
    fn find_date_picks_the_first_date_in_free_text() {
        let found = d(2022, 6, 10);
        assert_eq!(
            find_date("已于6月20日整改完毕", found, YearRule::Forward),
            Some(d(2022, 6, 20))
        );
        assert_eq!(
            find_date("2022年7月1日复查合格", found, YearRule::Forward),
            Some(d(2022, 7, 1))
        );
        assert_eq!(
            find_date("经复查，2022-06-15已整改", found, YearRule::Forward),
            Some(d(2022, 6, 15))
        );
        assert_eq!(
            find_date("十二月三日整改完毕", found, YearRule::Forward),
            Some(d(2022, 12, 3))
        );
        assert_eq!(
            find_date("已于６月２０日整改", found, YearRule::Forward),
            Some(d(2022, 6, 20))
        );
        assert_eq!(
            find_date("已于1月5日整改", d(2022, 11, 20), YearRule::Forward),
            Some(d(2023, 1, 5))
        );
        assert_eq!(
            find_date("6月31日、7月2日两次整改", found, YearRule::Forward),
            Some(d(2022, 7, 2))
        );
        assert_eq!(
            find_date("已于6月底整改完毕", found, YearRule::Forward),
            Some(d(2022, 6, 30))
        );
    }

    #[test]
    fn find_date_ignores_numbers_that_are_not_dates() {
        let found = d(2022, 6, 10);
        for text in [
            "",
            "已整改",
            "整改率6.5%",
            "完成3/4",
            "6月份已整改",
            "3日内整改",
            "一般隐患一处",
            "电话13812345678",
        ] {
            assert_eq!(find_date(text, found, YearRule::Forward), None, "{text:?}");
        }
    }

    fn chinese_digits(n: u32) -> String {
        const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        n.to_string()
            .chars()
            .map(|c| DIGITS[c.to_digit(10).unwrap() as usize])
            .collect()
    }

    /// 1..=31 the way it is spoken: 十, 十五, 二十, 三十一.
    fn chinese_count_of(n: u32) -> String {
        let (tens, ones) = (n / 10, n % 10);
        let tens = match tens {
            0 => String::new(),
            1 => "十".to_string(),
            t => chinese_digits(t) + "十",
        };
        let ones = if ones == 0 {
            String::new()
        } else {
            chinese_digits(ones)
        };
        tens + &ones
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..36_525).prop_map(|n| d(2000, 1, 1) + Days::new(n))
    }

    proptest! {
        #[test]
        fn parse_deadline_never_panics(text in any::<String>()) {
            let _ = parse(&text);
            let _ = parse_date(&text, d(2022, 6, 10));
            let _ = find_date(&text, d(2022, 6, 10), YearRule::Nearest);
        }

        #[test]
        fn parse_deadline_never_panics_on_grammar_soup(
            text in "[0-9０-９〇零一二两三四五六七八九十百年月日号天周个工作半前内至到~./ 底旬中上下-]{0,24}",
            anchor in any_date(),
        ) {
            let _ = parse_found(&text, anchor);
            let _ = parse_date(&text, anchor);
            let _ = find_date(&text, anchor, YearRule::NotAfter);
        }

        #[test]
        fn a_serial_number_is_five_digits_and_perhaps_a_fraction(s in "[0-9.一月]{0,9}") {
            let by_definition = {
                let (whole, fraction) = s.split_once('.').unwrap_or((&s, ""));
                let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
                whole.len() == 5 && digits(whole) && digits(fraction)
            };
            let serial = s.get(..5).and_then(|w| w.parse::<u64>().ok());
            let in_range = serial.is_some_and(|n| (36_526..=73_050).contains(&n));
            prop_assert_eq!(excel_serial(&s).is_some(), by_definition && in_range, "{}", s);
        }

        #[test]
        fn normalising_takes_its_shortcut_only_where_it_changes_nothing(
            text in "(\\PC|[ \n\t\u{3000}\u{a0}Ａ-ｚ０-９。，—–~〜∼:T.,;!?()\"“”【】、-]){0,16}"
        ) {
            prop_assert_eq!(normalise(&text), normalise_in_full(&text));
        }

        #[test]
        fn absolute_forms_parse_back_to_the_date(date in any_date()) {
            let (y, m, day) = (date.year(), date.month(), date.day());
            let forms = [
                format!("{y:04}-{m:02}-{day:02}"),
                format!("{y}/{m}/{day}"),
                format!("{y}.{m}.{day}"),
                format!("{y:04}{m:02}{day:02}"),
                format!("{y}年{m}月{day}日"),
                format!("{}年{}月{}日", chinese_digits(y.unsigned_abs()), chinese_count_of(m), chinese_count_of(day)),
            ];
            for form in forms {
                prop_assert_eq!(parse(&form), Ok(Deadline::Date(date)), "{}", form);
                prop_assert_eq!(parse_date(&form, d(2022, 6, 10)), Ok(date), "{}", form);
                prop_assert_eq!(find_date(&format!("已于{form}整改"), d(2022, 6, 10), YearRule::Forward), Some(date), "{}", form);
            }
        }
    }
}
