//! Where each task of the division stands on a day (`ledger tasks`).

use super::filter::UnknownDept;
use crate::division::{DeptNames, Division, Every, Task, TaskDeadline};
use chrono::{Datelike, Months, NaiveDate};

/// A task's state on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    Done,
    /// Due before the day and not done.
    Overdue,
    /// Due within the window.
    DueSoon,
    Open,
    /// No date and no recurrence (长期).
    LongTerm,
}

impl TaskState {
    pub fn key(self) -> &'static str {
        match self {
            TaskState::Done => "done",
            TaskState::Overdue => "overdue",
            TaskState::DueSoon => "due-soon",
            TaskState::Open => "open",
            TaskState::LongTerm => "long-term",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            TaskState::Done => "已完成",
            TaskState::Overdue => "逾期",
            TaskState::DueSoon => "即将到期",
            TaskState::Open => "进行中",
            TaskState::LongTerm => "长期",
        }
    }
}

/// A task with its due date and state.
#[derive(Debug, Clone)]
pub struct TaskStatus<'a> {
    pub task: &'a Task,
    pub due: Option<NaiveDate>,
    pub state: TaskState,
}

/// The period of a recurrence that contains `day`: (first day, last day).
/// Quarters and half-years follow the calendar year.
pub fn period(every: Every, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let months = every.months();
    let first_month = (day.month() - 1) / months * months + 1;
    let start = NaiveDate::from_ymd_opt(day.year(), first_month, 1).expect("a valid month");
    let end = start
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .expect("dates far from the end of time");
    (start, end)
}

/// The task's due date and state on `as_of`. A recurring task is due at the end
/// of its current period (capped by its own deadline) and done when marked done
/// within that period; after its deadline it is judged like any other task.
pub fn status(task: &Task, as_of: NaiveDate, due_within: u32) -> TaskStatus<'_> {
    let deadline = match task.deadline {
        TaskDeadline::Date(d) => Some(d),
        TaskDeadline::None => None,
    };
    let (due, done) = match task.every {
        Some(every) if deadline.is_none_or(|d| as_of <= d) => {
            let (start, end) = period(every, as_of);
            let due = deadline.map_or(end, |d| d.min(end));
            (
                Some(due),
                task.done.is_some_and(|d| start <= d && d <= as_of),
            )
        }
        _ => (deadline, task.done.is_some_and(|d| d <= as_of)),
    };
    let state = match due {
        _ if done => TaskState::Done,
        None => TaskState::LongTerm,
        Some(due) if due < as_of => TaskState::Overdue,
        Some(due) if (due - as_of).num_days() <= i64::from(due_within) => TaskState::DueSoon,
        Some(_) => TaskState::Open,
    };
    TaskStatus { task, due, state }
}

/// Every task of the division (of `dept` when given) on `as_of`.
pub fn compute<'a>(
    division: &'a Division,
    as_of: NaiveDate,
    due_within: u32,
    dept: Option<&str>,
) -> Vec<TaskStatus<'a>> {
    division
        .tasks
        .iter()
        .filter(|t| dept.is_none_or(|d| t.departments.iter().any(|x| x == d)))
        .map(|t| status(t, as_of, due_within))
        .collect()
}

/// The division's own name for the department `written` names. One it does
/// not know would show no tasks, which reads as "nothing due", so it is
/// refused as list's and overdue's `--dept` are.
pub fn department<'d>(
    division: &'d Division,
    written: Option<&str>,
) -> Result<Option<&'d str>, UnknownDept> {
    written
        .map(|d| {
            division
                .canonical(d)
                .ok_or_else(|| UnknownDept::among(d, &[], &DeptNames(Some(division))))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn task(deadline: TaskDeadline, every: Option<Every>, done: Option<NaiveDate>) -> Task {
        Task {
            id: "1.1".into(),
            measure: 1,
            measure_title: "t".into(),
            task: "t".into(),
            requirement: "r".into(),
            departments: vec!["应急办".into()],
            deadline_text: String::new(),
            deadline,
            every,
            done,
        }
    }

    #[test]
    fn periods_end_at_month_quarter_half_year_and_year_ends() {
        assert_eq!(
            period(Every::Month, d(2022, 2, 10)),
            (d(2022, 2, 1), d(2022, 2, 28))
        );
        assert_eq!(
            period(Every::Quarter, d(2022, 7, 1)),
            (d(2022, 7, 1), d(2022, 9, 30))
        );
        assert_eq!(
            period(Every::Quarter, d(2022, 12, 31)),
            (d(2022, 10, 1), d(2022, 12, 31))
        );
        assert_eq!(
            period(Every::HalfYear, d(2022, 6, 30)),
            (d(2022, 1, 1), d(2022, 6, 30))
        );
        assert_eq!(
            period(Every::HalfYear, d(2022, 7, 1)),
            (d(2022, 7, 1), d(2022, 12, 31))
        );
        assert_eq!(
            period(Every::Year, d(2022, 3, 3)),
            (d(2022, 1, 1), d(2022, 12, 31))
        );
    }

    #[test]
    fn every_state() {
        let date = TaskDeadline::Date(d(2022, 5, 31));
        let on = d(2022, 5, 20);
        assert_eq!(
            status(&task(date, None, None), on, 7).state,
            TaskState::Open
        );
        assert_eq!(
            status(&task(date, None, None), d(2022, 5, 24), 7).state,
            TaskState::DueSoon
        );
        assert_eq!(
            status(&task(date, None, None), d(2022, 5, 31), 7).state,
            TaskState::DueSoon
        );
        assert_eq!(
            status(&task(date, None, None), d(2022, 6, 1), 7).state,
            TaskState::Overdue
        );
        assert_eq!(
            status(&task(date, None, Some(d(2022, 5, 28))), d(2022, 6, 1), 7).state,
            TaskState::Done
        );
        assert_eq!(
            status(&task(date, None, Some(d(2022, 6, 5))), d(2022, 6, 1), 7).state,
            TaskState::Overdue
        );
        let long_term = task(TaskDeadline::None, None, None);
        let long = status(&long_term, on, 7);
        assert_eq!((long.state, long.due), (TaskState::LongTerm, None));
    }

    #[test]
    fn a_recurring_task_is_due_at_the_end_of_its_current_period() {
        let campaign = TaskDeadline::Date(d(2022, 10, 22));
        let t = task(campaign, Some(Every::Quarter), None);
        let s = status(&t, d(2022, 7, 1), 7);
        assert_eq!((s.due, s.state), (Some(d(2022, 9, 30)), TaskState::Open));
        let s = status(&t, d(2022, 9, 25), 7);
        assert_eq!(s.state, TaskState::DueSoon);
        let s = status(&t, d(2022, 10, 10), 7);
        assert_eq!(s.due, Some(d(2022, 10, 22)), "capped by the campaign's end");
        let s = status(&t, d(2022, 11, 1), 7);
        assert_eq!(
            (s.due, s.state),
            (Some(d(2022, 10, 22)), TaskState::Overdue)
        );
        let done_last_quarter = task(campaign, Some(Every::Quarter), Some(d(2022, 6, 20)));
        assert_eq!(
            status(&done_last_quarter, d(2022, 6, 25), 7).state,
            TaskState::Done
        );
        assert_eq!(
            status(&done_last_quarter, d(2022, 7, 2), 7).state,
            TaskState::Open
        );
        let open_ended = task(TaskDeadline::None, Some(Every::Month), None);
        assert_eq!(
            status(&open_ended, d(2023, 2, 3), 7).due,
            Some(d(2023, 2, 28))
        );
    }
}
