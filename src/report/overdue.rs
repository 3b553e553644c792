//! What is overdue on a day, and what falls due soon (`ledger overdue`).

use crate::config::Config;
use crate::record::Hazard;
use crate::record::supervision::Supervision;
use crate::rules::interview_due;
use chrono::NaiveDate;

/// Where an overdue hazard's escalation interview (约谈) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewState {
    /// Not yet held, still within `escalation_days` of the deadline.
    Pending,
    /// Not held and past its due date.
    Overdue,
    Done,
}

impl InterviewState {
    pub fn key(self) -> &'static str {
        match self {
            InterviewState::Pending => "pending",
            InterviewState::Overdue => "overdue",
            InterviewState::Done => "done",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            InterviewState::Pending => "待约谈",
            InterviewState::Overdue => "约谈逾期",
            InterviewState::Done => "已约谈",
        }
    }
}

/// One hazard in the report.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub hazard: &'a Hazard,
    pub effective_deadline: NaiveDate,
    /// Positive days overdue, or (for upcoming items) days left.
    pub days: i64,
    pub interview_due: Option<NaiveDate>,
    pub interview_state: Option<InterviewState>,
}

/// The report: overdue hazards, most overdue first, and those falling due.
#[derive(Debug, Clone)]
pub struct Overdue<'a> {
    pub as_of: NaiveDate,
    pub overdue: Vec<Item<'a>>,
    pub upcoming: Vec<Item<'a>>,
}

/// Overdue on `as_of` as docs/rules.md defines it ("Overdue and the interview"); `upcoming` adds hazards not
/// rectified whose effective deadline falls in the next `upcoming` days
/// (today's deadline included: due today is not yet overdue).
pub fn compute<'a>(
    hazards: impl IntoIterator<Item = &'a Hazard>,
    as_of: NaiveDate,
    upcoming: Option<u32>,
    config: &Config,
) -> Overdue<'a> {
    let mut report = Overdue {
        as_of,
        overdue: Vec::new(),
        upcoming: Vec::new(),
    };
    for h in hazards {
        let Some(deadline) = h.effective_deadline() else {
            continue;
        };
        if h.overdue_on(as_of) {
            let due = interview_due(h, config);
            report.overdue.push(Item {
                hazard: h,
                effective_deadline: deadline,
                days: (as_of - deadline).num_days(),
                interview_due: due,
                interview_state: Some(interview_state(h, due, as_of)),
            });
        } else if let Some(window) = upcoming {
            let left = (deadline - as_of).num_days();
            if (0..=i64::from(window)).contains(&left) && !h.rectified_by(as_of) {
                report.upcoming.push(Item {
                    hazard: h,
                    effective_deadline: deadline,
                    days: left,
                    interview_due: None,
                    interview_state: None,
                });
            }
        }
    }
    // Listed hazards (挂牌督办) first, the highest tier first.
    report.overdue.sort_by(|a, b| {
        let tier = |i: &Item<'_>| Supervision::of(i.hazard);
        let listed = |i: &Item<'_>| tier(i).is_none();
        listed(a)
            .cmp(&listed(b))
            .then_with(|| tier(a).cmp(&tier(b)))
            .then_with(|| b.days.cmp(&a.days))
            .then_with(|| a.hazard.id.cmp(&b.hazard.id))
    });
    report.upcoming.sort_by(|a, b| {
        a.days
            .cmp(&b.days)
            .then_with(|| a.hazard.id.cmp(&b.hazard.id))
    });
    report
}

fn interview_state(h: &Hazard, due: Option<NaiveDate>, as_of: NaiveDate) -> InterviewState {
    match (h.interview, due) {
        (Some(_), _) => InterviewState::Done,
        (None, Some(due)) if as_of > due => InterviewState::Overdue,
        _ => InterviewState::Pending,
    }
}
