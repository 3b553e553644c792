//! Findings: what `check` and `import` say is wrong with a ledger row.
//!
//! A finding is a [`Problem`] (its code, severity and the facts the message
//! needs) at a place in a file. Messages are made in the reader's language
//! only when rendered, so JSON and tables say the same thing.

use crate::field::Field;
use crate::i18n::Lang;
use crate::read::cell::CellRef;
use crate::status::Status;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
        }
    }
}

/// What is wrong, with what the message needs to say so.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    DeadlineUnparsed {
        text: String,
    },
    DeadlineNotADate {
        text: String,
    },
    DeadlineMissing,
    DeadlineLongTerm {
        text: String,
    },
    DeadlineBeforeFound {
        deadline: NaiveDate,
        found: NaiveDate,
    },
    NamedDateUnknown {
        name: String,
        text: String,
    },
    MajorOverLimit {
        days: i64,
        limit: i64,
    },
    ExtensionUnapproved {
        approvers: usize,
    },
    RequiredMissing {
        field: Field,
    },
    /// The sheet has no column for a field every ledger needs.
    ColumnMissing {
        field: Field,
    },
    DateUnparsed {
        field: Field,
        text: String,
    },
    CellTooLong {
        chars: usize,
    },
    GeneralNotImmediate {
        days: i64,
        limit: i64,
    },
    LargerOverLimit {
        days: i64,
        limit: i64,
    },
    PhoneInvalid {
        text: String,
    },
    DuplicateRow {
        first_row: u32,
        first_sheet: String,
    },
    LevelUnknown {
        text: String,
    },
    StatusUnknown {
        text: String,
    },
    /// The measures text says done, a status column says not.
    StatusDisagrees {
        column: Status,
        text: Status,
    },
    InterviewOverdue {
        due: NaiveDate,
    },
    UnknownDept {
        name: String,
        suggestion: Option<String>,
    },
    FundsUnparsed {
        text: String,
    },
    /// A workday count reaches a year whose holiday notice is neither built
    /// in nor in ledger.toml.
    HolidaysUnknown {
        year: i32,
    },
}

impl Problem {
    /// The stable code scripts match on.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::DeadlineUnparsed { .. } | Problem::DeadlineNotADate { .. } => {
                "deadline-unparsed"
            }
            Problem::DeadlineMissing => "deadline-missing",
            Problem::DeadlineLongTerm { .. } => "deadline-long-term",
            Problem::DeadlineBeforeFound { .. } => "deadline-before-found",
            Problem::NamedDateUnknown { .. } => "named-date-unknown",
            Problem::MajorOverLimit { .. } => "major-over-limit",
            Problem::ExtensionUnapproved { .. } => "extension-unapproved",
            Problem::RequiredMissing { .. } => "required-missing",
            Problem::ColumnMissing { .. } => "column-missing",
            Problem::DateUnparsed { .. } => "date-unparsed",
            Problem::CellTooLong { .. } => "cell-too-long",
            Problem::GeneralNotImmediate { .. } => "general-not-immediate",
            Problem::LargerOverLimit { .. } => "larger-over-limit",
            Problem::PhoneInvalid { .. } => "phone-invalid",
            Problem::DuplicateRow { .. } => "duplicate-row",
            Problem::LevelUnknown { .. } => "level-unknown",
            Problem::StatusUnknown { .. } => "status-unknown",
            Problem::StatusDisagrees { .. } => "status-disagrees",
            Problem::InterviewOverdue { .. } => "interview-overdue",
            Problem::UnknownDept { .. } => "unknown-dept",
            Problem::FundsUnparsed { .. } => "funds-unparsed",
            Problem::HolidaysUnknown { .. } => "holidays-unknown",
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Problem::DeadlineUnparsed { .. }
            | Problem::DeadlineNotADate { .. }
            | Problem::DeadlineMissing
            | Problem::DeadlineLongTerm { .. }
            | Problem::DeadlineBeforeFound { .. }
            | Problem::NamedDateUnknown { .. }
            | Problem::MajorOverLimit { .. }
            | Problem::ExtensionUnapproved { .. }
            | Problem::RequiredMissing { .. }
            | Problem::ColumnMissing {
                field: Field::Hazard,
            }
            | Problem::DateUnparsed { .. }
            | Problem::CellTooLong { .. } => Severity::Error,
            Problem::GeneralNotImmediate { .. }
            | Problem::LargerOverLimit { .. }
            | Problem::PhoneInvalid { .. }
            | Problem::DuplicateRow { .. }
            | Problem::LevelUnknown { .. }
            | Problem::StatusUnknown { .. }
            | Problem::StatusDisagrees { .. }
            | Problem::ColumnMissing { .. }
            | Problem::InterviewOverdue { .. }
            | Problem::UnknownDept { .. }
            | Problem::FundsUnparsed { .. }
            | Problem::HolidaysUnknown { .. } => Severity::Warning,
        }
    }

    /// The message in `lang`, saying what is wrong and what would fix it.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::DeadlineUnparsed { text } => lang.pick(
                format!("整改时限“{text}”无法识别；请写成日期（2022-06-30、6月30日）或期限（15日内、6月底、立即整改）"),
                format!("deadline '{text}' is not understood; write a date (2022-06-30, 6月30日) or a limit (15日内, 6月底, 立即整改)"),
            ),
            Problem::DeadlineNotADate { text } => lang.pick(
                format!("整改时限“{text}”不是日历上的日期"),
                format!("deadline '{text}' is not a calendar date"),
            ),
            Problem::DeadlineMissing => lang.pick(
                "未填写整改时限".to_string(),
                "no rectification deadline".to_string(),
            ),
            Problem::DeadlineLongTerm { text } => lang.pick(
                format!("隐患的整改时限不能是“{text}”（长期），须写明具体日期"),
                format!("a hazard's deadline cannot be '{text}' (long-term); give a date"),
            ),
            Problem::DeadlineBeforeFound { deadline, found } => lang.pick(
                format!("整改时限 {deadline} 早于发现日期 {found}"),
                format!("deadline {deadline} is before the discovery date {found}"),
            ),
            Problem::NamedDateUnknown { name, text } => lang.pick(
                format!("整改时限“{text}”中的“{name}”没有对应日期；请在 ledger.toml 的 [named_dates] 中加一行：\"{name}\" = 2022-10-22"),
                format!("'{name}' in deadline '{text}' has no date; add a line to [named_dates] in ledger.toml: \"{name}\" = 2022-10-22"),
            ),
            Problem::MajorOverLimit { days, limit } => lang.pick(
                format!("重大隐患整改时限为发现后 {days} 天，超过 {limit} 天，且无两方签字同意的延期"),
                format!("major hazard given {days} days, over the {limit}-day limit, with no extension approved by two parties"),
            ),
            Problem::ExtensionUnapproved { approvers } => lang.pick(
                format!("延期须园区攻坚指挥部和行业主管部门两方签字同意，现仅 {approvers} 方；延期不生效，仍按原时限"),
                format!("an extension needs two approvals (command post and industry department), found {approvers}; the original deadline stands"),
            ),
            Problem::ColumnMissing { field } => lang.pick(
                format!("表中没有“{}”列；整表各行都缺这一项", field.label()),
                format!("the sheet has no {} ({}) column; every row lacks it", field.label(), field.key()),
            ),
            Problem::RequiredMissing { field } => lang.pick(
                format!("必填项“{}”为空", field.label()),
                format!("required column {} ({}) is empty", field.label(), field.key()),
            ),
            Problem::DateUnparsed { field, text } => lang.pick(
                format!("{}“{text}”不是可识别的日期", field.label()),
                format!("{} ({}) '{text}' is not a date", field.label(), field.key()),
            ),
            Problem::CellTooLong { chars } => lang.pick(
                format!("单元格有 {chars} 个字符，超过 Excel 上限 32767，内容未读入"),
                format!("cell holds {chars} characters, over Excel's 32,767 limit; not read"),
            ),
            Problem::GeneralNotImmediate { days, limit } => lang.pick(
                format!("一般隐患应立即整改，整改时限却为发现后 {days} 天（上限 {limit} 天）"),
                format!("a general hazard should be rectified at once, but has {days} days (limit {limit})"),
            ),
            Problem::LargerOverLimit { days, limit } => lang.pick(
                format!("较大隐患整改时限为发现后 {days} 天，超过 {limit} 天"),
                format!("larger hazard given {days} days, over the {limit}-day limit"),
            ),
            Problem::PhoneInvalid { text } => lang.pick(
                format!("联系电话“{text}”不像手机号或座机号"),
                format!("phone '{text}' is neither a mobile nor a landline number"),
            ),
            Problem::DuplicateRow { first_row, first_sheet } => {
                let at = place(first_sheet, *first_row, lang);
                lang.pick(
                    format!("与 {at} 重复（单位名称和问题隐患相同）"),
                    format!("duplicates {at} (same unit and hazard)"),
                )
            }
            Problem::LevelUnknown { text } => lang.pick(
                format!("隐患等级“{text}”无法识别（一般、较大、重大），按其他信息判定"),
                format!("hazard level '{text}' is not 一般, 较大 or 重大; decided from other columns"),
            ),
            Problem::StatusDisagrees { column, text } => lang.pick(
                format!("整改措施写的是“{}”，状态列却是“{}”；以状态列为准", text.zh(), column.zh()),
                format!("the measures say {} but the status column says {}; the column counts", text.en(), column.en()),
            ),
            Problem::StatusUnknown { text } => lang.pick(
                format!("整改状态“{text}”无法识别（未整改、整改中、已整改、已销号），按整改措施判定"),
                format!("status '{text}' is not 未整改, 整改中, 已整改 or 已销号; decided from the measures"),
            ),
            Problem::InterviewOverdue { due } => lang.pick(
                format!("已逾期且未约谈：应在 {due} 前约谈法定代表人"),
                format!("overdue and no interview recorded: the legal representative was due to be interviewed by {due}"),
            ),
            Problem::HolidaysUnknown { year } => lang.pick(
                format!("{year}年的节假日安排未知，工作日按周一至周五计算；请把该年国务院办公厅的放假和调休日期加到 ledger.toml 的 [holidays] 中"),
                format!("the holidays of {year} are unknown, so workdays were counted Monday to Friday; add that year's State Council holidays and make-up workdays to [holidays] in ledger.toml"),
            ),
            Problem::FundsUnparsed { text } => lang.pick(
                format!("整改资金“{text}”不是金额（如 1200、1.5万元），未计入"),
                format!("funds '{text}' is not an amount (1200, 1.5万元); not counted"),
            ),
            Problem::UnknownDept { name, suggestion } => match suggestion {
                Some(s) => lang.pick(
                    format!("责任单位“{name}”不在任务分工中，是否为“{s}”？"),
                    format!("department '{name}' is not in the task division; did you mean '{s}'?"),
                ),
                None => lang.pick(
                    format!("责任单位“{name}”不在任务分工中"),
                    format!("department '{name}' is not in the task division"),
                ),
            },
        }
    }
}

/// A row of a sheet as messages name it: `台账 第12行`, or `第12行` in a CSV file.
pub fn place(sheet: &str, row: u32, lang: Lang) -> String {
    let row = lang.pick(format!("第{}行", row + 1), format!("row {}", row + 1));
    if sheet.is_empty() {
        row
    } else {
        format!("{sheet} {row}")
    }
}

/// A problem at a place: sheet, zero-based row, and the cell when one cell is at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub problem: Problem,
    pub sheet: String,
    pub row: u32,
    pub col: Option<u32>,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// The cell in A1 form (`J12`), when one cell is at fault.
    pub fn cell(&self) -> Option<String> {
        self.col
            .map(|col| CellRef { row: self.row, col }.to_string())
    }

    /// `台账!J12`; a whole row as `台账 第12行`; no sheet for CSV.
    pub fn location(&self, lang: Lang) -> String {
        let sheet = if self.sheet.is_empty() {
            String::new()
        } else {
            format!("{}!", self.sheet)
        };
        match self.cell() {
            Some(cell) => format!("{sheet}{cell}"),
            None => {
                let row = lang.pick(
                    format!("第{}行", self.row + 1),
                    format!("row {}", self.row + 1),
                );
                format!("{}{row}", sheet.replace('!', " "))
            }
        }
    }
}
