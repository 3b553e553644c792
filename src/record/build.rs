//! Building a [`Hazard`] from a ledger row.
//!
//! Every cell is read as docs/rules.md says: Excel date cells, serial numbers,
//! `yyyymmdd` numbers and text all count in date columns; the deadline goes
//! through the phrase grammar anchored at the discovery date. A field that
//! cannot be understood is left unknown with a finding, never guessed.

use super::deadline::{self, Deadline, DeadlineContext, DeadlineError, YearRule};
use super::{ClosedSource, Hazard, Source, Stated, Text};
use crate::config::Config;
use crate::field::Field;
use crate::finding::{Finding, Problem};
use crate::level::Level;
use crate::read::cell::Cell;
use crate::read::{RowView, SheetLayout};
use crate::status::Status;
use chrono::NaiveDate;

/// Excel's limit on the characters of one cell; longer cells are refused.
pub const MAX_CELL_CHARS: usize = 32_767;

/// What building a row needs besides the row.
pub struct RowContext<'a> {
    pub file: &'a str,
    pub sheet: &'a SheetLayout,
    /// The date the file describes: the discovery date of rows without one,
    /// and the observed date of a status change.
    pub as_of: NaiveDate,
    pub config: &'a Config,
    /// The deadline grammar for `config`, remembering its answers.
    pub deadlines: &'a deadline::Memo<'a>,
    /// The file is a `ledger export`, whose CSV form guarded formula-like
    /// cells with a leading `'` that must come off again.
    pub export: bool,
}

/// One row being turned into a record, collecting findings as it goes.
struct RowReader<'a, 'c> {
    cells: RowView<'a>,
    ctx: &'c RowContext<'c>,
    row: u32,
    findings: Vec<Finding>,
}

impl<'a> RowReader<'a, '_> {
    fn col(&self, field: Field) -> Option<u32> {
        self.ctx.sheet.header.col(field)
    }

    fn cell(&self, field: Field) -> Cell<'a> {
        self.col(field).map_or(Cell::Empty, |c| self.cells.get(c))
    }

    fn report(&mut self, field: Option<Field>, problem: Problem) {
        self.findings.push(Finding {
            problem,
            sheet: self.ctx.sheet.name.clone(),
            row: self.row,
            col: field.and_then(|f| self.col(f)),
        });
    }

    /// The cell as text; a cell over Excel's limit is refused with a finding.
    fn text(&mut self, field: Field) -> Text {
        if self.col(field).is_none() {
            return Text::default();
        }
        let cell = self.cell(field);
        self.checked(cell, Some(field))
    }

    fn checked(&mut self, cell: Cell<'_>, field: Option<Field>) -> Text {
        if let Cell::Text(s) = cell
            && s.len() > MAX_CELL_CHARS
        {
            let chars = s.chars().count();
            if chars > MAX_CELL_CHARS {
                self.report(field, Problem::CellTooLong { chars });
                return Text::default();
            }
        }
        let text: Text = match cell {
            // Straight into the field: a short text then needs no allocation,
            // where `display` would make a String first.
            Cell::Text(s) => crate::text::trim(s).into(),
            other => other.display().into(),
        };
        if self.ctx.export {
            let unguarded = crate::text::unguard(&text);
            if unguarded.len() < text.len() {
                return unguarded.into();
            }
        }
        text
    }

    /// A date column: None when blank; a finding when not a date.
    fn date(&mut self, field: Field, anchor: NaiveDate) -> Option<NaiveDate> {
        let cell = self.cell(field);
        match date_of_cell(cell, anchor) {
            Ok(date) => date,
            Err(_) => {
                let text = self.checked(cell, Some(field));
                self.report(
                    Some(field),
                    Problem::DateUnparsed {
                        field,
                        text: text.into(),
                    },
                );
                None
            }
        }
    }

    /// A status column's state: None when blank, a finding when not understood.
    fn status_cell(&mut self, field: Field) -> Option<Status> {
        let text = self.text(field);
        if text.is_empty() {
            return None;
        }
        let status = Status::from_cell(&text);
        if status.is_none() {
            self.report(Some(field), Problem::StatusUnknown { text: text.into() });
        }
        status
    }

    fn extras(&mut self) -> Vec<(String, String)> {
        let columns: Vec<_> = self
            .ctx
            .sheet
            .header
            .extras()
            .map(|c| (c.col, c.label.clone()))
            .collect();
        columns
            .into_iter()
            .filter_map(|(col, label)| {
                let cell = self.cells.get(col);
                let text = self.checked(cell, None);
                (!text.is_empty()).then(|| (label, text.into_string()))
            })
            .collect()
    }
}

/// The record of one data row (zero-based `row`) and what is wrong with it.
pub fn build(row: u32, cells: RowView<'_>, ctx: &RowContext<'_>) -> (Hazard, Vec<Finding>) {
    let mut r = RowReader {
        cells,
        ctx,
        row,
        findings: Vec::new(),
    };
    let found = r.date(Field::Found, ctx.as_of);
    let anchor = found.unwrap_or(ctx.as_of);
    let deadline_cell = r.cell(Field::Deadline);
    let deadline_text = r.text(Field::Deadline);
    let resolved = resolve_deadline(
        &mut r,
        deadline_cell,
        &deadline_text,
        anchor,
        found.is_none(),
    );

    let mut h = Hazard {
        id: r.text(Field::Id),
        seq: r.text(Field::Seq),
        unit: r.text(Field::Unit),
        address: r.text(Field::Address),
        unit_head: r.text(Field::UnitHead),
        phone: r.text(Field::Phone),
        dept: r.text(Field::Dept),
        owner: r.text(Field::Owner),
        hazard: r.text(Field::Hazard),
        measures: r.text(Field::Measures),
        deadline: match resolved {
            Some(Deadline::Date(d)) => Some(d),
            _ => None,
        },
        long_term: resolved == Some(Deadline::LongTerm),
        deadline_text,
        level: ctx.config.rules.default_level,
        found: anchor,
        found_assumed: found.is_none(),
        status: Status::Open,
        closed: None,
        closed_source: None,
        extension_text: Text::default(),
        extended_deadline: None,
        extension_approval: r.text(Field::Approval),
        extension_approved: false,
        interview: r.date(Field::Interview, anchor),
        sector: r.text(Field::Sector),
        code: r.text(Field::Code),
        location: r.text(Field::Location),
        inspector: r.text(Field::Inspector),
        reviewer: r.text(Field::Reviewer),
        funds: funds(&mut r),
        remarks: r.text(Field::Remarks),
        extras: r.extras(),
        source: Source {
            file: ctx.file.into(),
            sheet: ctx.sheet.name.as_str().into(),
            row: row + 1,
        },
        observed: ctx.as_of,
        stated: Stated::default(),
    };
    h.level = level(&mut r, &mut h);
    resolve_extension(&mut r, &mut h);
    resolve_status(&mut r, &mut h, resolved == Some(Deadline::AlreadyRectified));
    // A column the sheet lacks is said once for the sheet (see `missing_columns`).
    for field in REQUIRED {
        if r.col(field).is_some() && r.cell(field).is_blank() {
            r.report(Some(field), Problem::RequiredMissing { field });
        }
    }
    (h, r.findings)
}

/// The columns every row must fill, where the sheet has them.
const REQUIRED: [Field; 4] = [Field::Unit, Field::Dept, Field::Owner, Field::Hazard];

/// What a sheet's header lacks that a ledger needs, said once for the sheet.
/// An office's Annex 3 ledger names units; a unit's own ledger, whose
/// 责任单位 are its teams or contractors, has no 单位名称 and needs none.
pub fn missing_columns(sheet: &SheetLayout) -> Vec<Finding> {
    let named = |f: Field| match f {
        Field::Dept => reporting_unit(sheet).is_some(),
        _ => false,
    };
    [Field::Hazard, Field::Dept, Field::Owner, Field::Deadline]
        .into_iter()
        .filter(|f| sheet.header.col(*f).is_none() && !named(*f))
        .map(|field| Finding {
            problem: Problem::ColumnMissing { field },
            sheet: sheet.name.clone(),
            row: sheet.header.row,
            col: None,
        })
        .collect()
}

/// The grammar's context for a row discovered (or assumed discovered) on `anchor`.
pub fn context(config: &Config, anchor: NaiveDate, found_assumed: bool) -> DeadlineContext<'_> {
    DeadlineContext {
        anchor,
        year_rule: year_rule(found_assumed),
        named_dates: &config.named_dates,
        calendar: &config.calendar,
    }
}

/// How a deadline's year-less dates get a year: near the file's date when
/// the discovery date is only assumed from it, else forward from discovery.
fn year_rule(found_assumed: bool) -> YearRule {
    if found_assumed {
        YearRule::Nearest
    } else {
        YearRule::Forward
    }
}

fn resolve_deadline(
    r: &mut RowReader<'_, '_>,
    cell: Cell<'_>,
    text: &str,
    anchor: NaiveDate,
    assumed: bool,
) -> Option<Deadline> {
    match deadline_of_cell(cell, text, r.ctx.deadlines, anchor, year_rule(assumed)) {
        Ok(d) => Some(d),
        Err(DeadlineError::Empty) => None,
        Err(e) => {
            let text = text.to_string();
            let problem = match e {
                DeadlineError::UnknownNamedDate(name) => Problem::NamedDateUnknown { name, text },
                DeadlineError::NotADate { .. } => Problem::DeadlineNotADate { text },
                _ => Problem::DeadlineUnparsed { text },
            };
            r.report(Some(Field::Deadline), problem);
            None
        }
    }
}

/// The grade: the 隐患等级 column, else the words of 备注 or 问题隐患, else
/// the workspace default.
fn level(r: &mut RowReader<'_, '_>, h: &mut Hazard) -> Level {
    let text = r.text(Field::Level);
    let from_cell = if text.is_empty() {
        None
    } else {
        let level = Level::from_cell(&text);
        if level.is_none() {
            r.report(
                Some(Field::Level),
                Problem::LevelUnknown { text: text.into() },
            );
        }
        level
    };
    let stated = from_cell
        .or_else(|| Level::from_words(&h.remarks))
        .or_else(|| Level::from_words(&h.hazard));
    h.stated.level = stated.is_some();
    stated.unwrap_or(r.ctx.config.rules.default_level)
}

/// An extension counts only with two distinct approvers.
fn resolve_extension(r: &mut RowReader<'_, '_>, h: &mut Hazard) {
    let cell = r.cell(Field::Extension);
    if !cell.is_blank() {
        let text = r.checked(cell, Some(Field::Extension));
        match deadline_of_cell(
            cell,
            &text,
            r.ctx.deadlines,
            h.found,
            year_rule(h.found_assumed),
        ) {
            Ok(Deadline::Date(d)) => h.extended_deadline = Some(d),
            _ => r.report(
                Some(Field::Extension),
                Problem::DateUnparsed {
                    field: Field::Extension,
                    text: text.to_string(),
                },
            ),
        }
        h.extension_text = text;
    }
    h.extension_approved = approvers(&h.extension_approval) >= 2;
}

/// 整改资金 in 分. The column's header says the unit (“整改资金（万元）”); a
/// value may say its own (“1.5万”, “3000元”), which wins.
fn funds(r: &mut RowReader<'_, '_>) -> Option<i64> {
    let cell = r.cell(Field::Funds);
    if cell.is_blank() {
        return None;
    }
    let col = r.col(Field::Funds);
    let in_wan = r
        .ctx
        .sheet
        .header
        .columns
        .iter()
        .any(|c| Some(c.col) == col && crate::text::compact(&c.label).contains("万元"));
    let parsed = match cell {
        Cell::Number(n) => Some((n, in_wan)),
        _ => amount(&cell.display(), in_wan),
    };
    match parsed {
        Some((n, wan)) if n.is_finite() && n.abs() < 1e12 => {
            Some((n * if wan { 1_000_000.0 } else { 100.0 }).round() as i64)
        }
        _ => {
            let text = r.checked(cell, Some(Field::Funds));
            r.report(
                Some(Field::Funds),
                Problem::FundsUnparsed { text: text.into() },
            );
            None
        }
    }
}

/// A written amount: "1,200", "1200元", "1.5万", "1.5万元"; whether it is in 万元.
fn amount(text: &str, in_wan: bool) -> Option<(f64, bool)> {
    let compact: String = crate::text::compact(text)
        .chars()
        .filter(|c| !matches!(c, ',' | '，'))
        .collect();
    let (number, wan) = if let Some(n) = compact
        .strip_suffix("万元")
        .or_else(|| compact.strip_suffix('万'))
    {
        (n, true)
    } else if let Some(n) = compact.strip_suffix('元') {
        (n, false)
    } else {
        (compact.as_str(), in_wan)
    };
    number.parse::<f64>().ok().map(|n| (n, wan))
}

/// The distinct names in a 延期审批 cell ("园区攻坚指挥部、区经信局").
pub fn approvers(text: &str) -> usize {
    let mut names: Vec<&str> = text
        .split(|c: char| "、，,;；/\n和及与".contains(c) || crate::text::is_space(c))
        .map(crate::text::trim)
        .filter(|s| !s.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// The state: the status columns (整改状态, 隐患状态, 是否消除, 复查结果)
/// beat the measures text, and a finding says so when the text claims more
/// than the columns; a 完成日期 or "已整改" written as the deadline mean
/// done. The closing date comes from the 完成日期 column, else a date in the
/// measures, else the found date of a hazard fixed on the spot, else the
/// file's date.
fn resolve_status(r: &mut RowReader<'_, '_>, h: &mut Hazard, deadline_says_done: bool) {
    let closed_col = r.date(Field::Closed, h.found);
    let from_column = match (
        r.status_cell(Field::Status),
        r.status_cell(Field::ReviewResult),
    ) {
        (Some(a), Some(b)) if a.is_done() && b.is_done() => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let from_text =
        Status::from_text(&h.measures).or(deadline_says_done.then_some(Status::Rectified));
    if let (Some(column), Some(text)) = (from_column, from_text)
        && text.is_done()
        && !column.is_done()
    {
        r.report(
            Some(Field::Status),
            Problem::StatusDisagrees { column, text },
        );
    }
    h.status = from_column.or(from_text).unwrap_or(Status::Open);
    if from_column.is_none() && closed_col.is_some() && !h.status.is_done() {
        h.status = Status::Rectified;
    }
    h.stated.status = from_column.is_some() || from_text.is_some() || closed_col.is_some();
    if !h.status.is_done() {
        return;
    }
    // A rectification follows discovery: placed like the deadline, forward
    // from a stated discovery date, nearest an assumed one (the file's date).
    let said = deadline::find_date(
        &h.measures,
        h.found,
        context(r.ctx.config, h.found, h.found_assumed).year_rule,
    );
    let (closed, source) = match (closed_col, said) {
        (Some(d), _) => (d, ClosedSource::Column),
        (None, Some(d)) => (d, ClosedSource::Text),
        (None, None) if !h.found_assumed && Status::on_the_spot(&h.measures) => {
            (h.found, ClosedSource::Text)
        }
        (None, None) => (r.ctx.as_of, ClosedSource::Observed),
    };
    h.closed = Some(closed);
    h.closed_source = Some(source);
}

/// A date column's cell: date cells, Excel serials, `yyyymmdd` numbers, text.
pub fn date_of_cell(cell: Cell<'_>, anchor: NaiveDate) -> Result<Option<NaiveDate>, DeadlineError> {
    match cell {
        _ if cell.is_blank() => Ok(None),
        Cell::Date(d) => Ok(Some(d)),
        Cell::Number(n) => number_date(n).map(Some).ok_or(DeadlineError::Unparsed),
        Cell::Text(s) => deadline::parse_date(s, anchor).map(Some),
        _ => Err(DeadlineError::Unparsed),
    }
}

/// The deadline cell: a date of any kind, else the phrase grammar.
fn deadline_of_cell(
    cell: Cell<'_>,
    text: &str,
    grammar: &deadline::Memo<'_>,
    anchor: NaiveDate,
    year_rule: YearRule,
) -> Result<Deadline, DeadlineError> {
    match cell {
        Cell::Date(d) => Ok(Deadline::Date(d)),
        Cell::Number(n) => match number_date(n) {
            Some(d) => Ok(Deadline::Date(d)),
            None => grammar.parse(text, anchor, year_rule),
        },
        Cell::Error(_) | Cell::Bool(_) => Err(DeadlineError::Unparsed),
        _ => grammar.parse(text, anchor, year_rule),
    }
}

/// A number in a date column: an Excel serial date (36526 = 2000-01-01 up to
/// 73050 = 2099-12-31) or an eight-digit `yyyymmdd`.
pub fn number_date(n: f64) -> Option<NaiveDate> {
    if (36526.0..73051.0).contains(&n) {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return epoch.checked_add_days(chrono::Days::new(n.floor() as u64));
    }
    if n.fract() == 0.0 && (20000101.0..=20991231.0).contains(&n) {
        let n = n as u32;
        return NaiveDate::from_ymd_opt((n / 10000) as i32, n / 100 % 100, n % 100);
    }
    None
}

/// The date a sheet says it was filled in (填报日期 in a title or footer line).
/// A year-less one ("填报日期：6月30日") is the latest such day not after `today`.
pub fn sheet_date(sheet: &SheetLayout, today: NaiveDate) -> Option<NaiveDate> {
    sheet.title.iter().chain(&sheet.footer).find_map(|line| {
        let compact = crate::text::compact(line);
        ["填报日期", "填报时间", "填表日期", "报送日期"]
            .iter()
            .find_map(|key| {
                let at = compact.find(key)?;
                deadline::find_date(&compact[at + key.len()..], today, YearRule::NotAfter)
            })
    })
}

/// The department a sheet says it was filled in by ("填报单位：应急办" in a
/// title or footer line), which counts as reporting even with no rows.
pub fn reporting_unit(sheet: &SheetLayout) -> Option<String> {
    const NEXT: [&str; 7] = [
        "填报人",
        "填表人",
        "填报日期",
        "填报时间",
        "联系电话",
        "审核人",
        "联系人",
    ];
    sheet.title.iter().chain(&sheet.footer).find_map(|line| {
        let compact = crate::text::compact(line);
        let at = compact.find("填报单位")?;
        let rest = compact[at + "填报单位".len()..].trim_start_matches([':', '：']);
        let end = NEXT
            .iter()
            .filter_map(|w| rest.find(w))
            .min()
            .unwrap_or(rest.len());
        let unit = rest[..end].trim_matches(['，', ',', ';', '；']);
        (!unit.is_empty()).then(|| unit.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_and_yyyymmdd_numbers() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(number_date(44742.0), d(2022, 6, 30));
        assert_eq!(number_date(44742.75), d(2022, 6, 30));
        assert_eq!(number_date(36526.0), d(2000, 1, 1));
        assert_eq!(number_date(73050.0), d(2099, 12, 31));
        assert_eq!(number_date(20220630.0), d(2022, 6, 30));
        assert_eq!(number_date(20220631.0), None);
        assert_eq!(number_date(15.0), None);
        assert_eq!(number_date(36525.0), None);
    }

    fn sheet(title: &[&str], footer: &[&str]) -> SheetLayout {
        let rows = vec![vec![
            "序号".to_string(),
            "单位名称".into(),
            "问题隐患".into(),
        ]];
        SheetLayout {
            name: String::new(),
            header: crate::read::header::detect(&crate::read::header::TopRows {
                rows: &rows,
                spans: &[],
                fill_left: false,
                taught: &crate::read::header::UNTAUGHT,
            })
            .unwrap(),
            title: title.iter().map(|s| s.to_string()).collect(),
            footer: footer.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_reporting_unit_from_a_title_or_footer_line() {
        assert_eq!(
            reporting_unit(&sheet(&["填报单位：应急办 填报日期：2022年6月30日"], &[])).as_deref(),
            Some("应急办")
        );
        assert_eq!(
            reporting_unit(&sheet(&[], &["填报单位: 磁器口社区，填报人：王芳"])).as_deref(),
            Some("磁器口社区")
        );
        assert_eq!(
            reporting_unit(&sheet(&["填报单位：　　填报人："], &[])),
            None
        );
        assert_eq!(
            reporting_unit(&sheet(&["磁器口安全生产大检查台账"], &[])),
            None
        );
    }

    #[test]
    fn amounts_with_their_units() {
        assert_eq!(amount("1,200", false), Some((1200.0, false)));
        assert_eq!(
            amount("1200元", true),
            Some((1200.0, false)),
            "a value's own unit wins"
        );
        assert_eq!(amount("1.5万", false), Some((1.5, true)));
        assert_eq!(amount("２万元", false), Some((2.0, true)));
        assert_eq!(amount("0.3", true), Some((0.3, true)));
        assert_eq!(amount("约两千", false), None);
    }

    #[test]
    fn approvers_are_distinct_names() {
        assert_eq!(approvers("园区攻坚指挥部、区经信局"), 2);
        assert_eq!(approvers("园区攻坚指挥部 和 区经信局"), 2);
        assert_eq!(approvers("园区攻坚指挥部、园区攻坚指挥部"), 1);
        assert_eq!(approvers(""), 0);
        assert_eq!(approvers("张三/李四；王五"), 3);
    }
}
