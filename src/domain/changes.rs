//! What a report, a review, a cancellation or an extension does to a task's state. The store
//! applies the result and journals the difference.

use chrono::NaiveDate;

use super::status::{check_open, check_reported_move, check_reviewable, Mover};
use super::validate::Progress;
use super::{RuleError, TaskStatus};

/// The changeable state of one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskState {
    pub status: TaskStatus,
    pub progress: i32,
    pub deadline: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

/// A progress report: a new status, a new percentage, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub status: Option<TaskStatus>,
    pub progress: Option<Progress>,
    /// Whether the report carries a note; a change of status must say why.
    pub has_note: bool,
}

impl Report {
    /// The report as a change of `state`: a percentage or a status equal to the task's own is
    /// no change (a form sends every field, changed or not), so what is left may be a note only.
    pub fn against(self, state: TaskState) -> Report {
        Report {
            status: self.status.filter(|s| *s != state.status),
            progress: self.progress.filter(|p| p.value() != state.progress),
            ..self
        }
    }

    /// Whether it changes the status or the percentage, rather than adding a note.
    pub fn changes_state(self) -> bool {
        self.status.is_some() || self.progress.is_some()
    }
}

/// Applies a progress report made `today`.
///
/// Reporting progress on a task not yet started starts it; submitting marks it 100% unless
/// another percentage is given (pass the report through [`Report::against`] first, so that a
/// percentage sent unchanged is not "given"); reopening clears the submission and completion
/// days.
///
/// # Errors
/// The status machine's errors, `Conflict` for progress on a finished task or on one waiting
/// for review, and `Invalid` for a change of status without a note.
pub fn apply_report(
    state: TaskState,
    report: Report,
    mover: Mover,
    today: NaiveDate,
) -> Result<TaskState, RuleError> {
    let progress = report.progress.map(Progress::value);
    let target = match (report.status, progress) {
        (Some(status), _) => status,
        (None, Some(p)) if p > 0 && state.status == TaskStatus::NotStarted => {
            TaskStatus::InProgress
        }
        (None, _) => state.status,
    };
    check_reported_move(state.status, target, mover)?;
    let reopening = state.status.is_final() && target != state.status;
    if !reopening {
        check_open(state.status)?;
    }
    let waiting_for_review =
        state.status == TaskStatus::Submitted && target == TaskStatus::Submitted;
    if waiting_for_review && progress.is_some_and(|p| p != state.progress) {
        return Err(RuleError::Conflict(
            "This task waits for the chair's review: its progress stays as submitted until the chair accepts or returns it.".into(),
        ));
    }
    if report.status.is_some_and(|s| s != state.status) && !report.has_note {
        return Err(RuleError::Invalid(
            "Please add a note saying why the status changes.".into(),
        ));
    }
    let mut next = TaskState {
        status: target,
        progress: progress.unwrap_or(state.progress),
        ..state
    };
    if target == TaskStatus::Submitted && state.status != TaskStatus::Submitted {
        next.submitted_on = Some(today);
        next.progress = progress.unwrap_or(100);
    }
    if reopening && target != state.status {
        next.submitted_on = None;
        next.completed_on = None;
    }
    Ok(next)
}

/// The chair's review of submitted work: accepted, it is DONE today; returned, it goes back to
/// IN_PROGRESS and is no longer counted as submitted.
///
/// # Errors
/// `Conflict` unless the task is SUBMITTED.
pub fn apply_review(
    state: TaskState,
    accept: bool,
    today: NaiveDate,
) -> Result<TaskState, RuleError> {
    check_reviewable(state.status)?;
    Ok(if accept {
        TaskState {
            status: TaskStatus::Done,
            progress: 100,
            completed_on: Some(today),
            ..state
        }
    } else {
        TaskState {
            status: TaskStatus::InProgress,
            submitted_on: None,
            ..state
        }
    })
}

/// Cancelling an open task.
///
/// # Errors
/// `Conflict` when the task is already DONE or CANCELLED.
pub fn apply_cancel(state: TaskState) -> Result<TaskState, RuleError> {
    check_open(state.status)?;
    Ok(TaskState {
        status: TaskStatus::Cancelled,
        ..state
    })
}

/// Checks a request for a later deadline made `today`.
///
/// # Errors
/// `Conflict` for a finished task, `Invalid` for an ongoing task (it has no deadline to move), a
/// day that is not later than the current deadline, or a day already past.
pub fn check_extension_request(
    state: TaskState,
    requested: NaiveDate,
    today: NaiveDate,
) -> Result<(), RuleError> {
    check_open(state.status)?;
    let Some(current) = state.deadline else {
        return Err(RuleError::Invalid(
            "This task is ongoing and has no deadline to extend.".into(),
        ));
    };
    if requested <= current {
        return Err(RuleError::Invalid(format!(
            "The requested deadline {requested} must be later than the current one, {current}."
        )));
    }
    if requested < today {
        return Err(RuleError::Invalid(format!(
            "The requested deadline {requested} has already passed."
        )));
    }
    Ok(())
}

/// An approved extension moves the deadline.
///
/// # Errors
/// `Conflict` when the task has been finished meanwhile.
pub fn apply_extension(state: TaskState, new_deadline: NaiveDate) -> Result<TaskState, RuleError> {
    check_open(state.status)?;
    Ok(TaskState {
        deadline: Some(new_deadline),
        ..state
    })
}

/// Checks a deadline given when a task is assigned at a meeting.
///
/// # Errors
/// `Invalid` for a deadline before the meeting.
pub fn check_new_deadline(
    deadline: Option<NaiveDate>,
    held_on: NaiveDate,
) -> Result<(), RuleError> {
    match deadline {
        Some(day) if day < held_on => Err(RuleError::Invalid(format!(
            "The deadline {day} is before the meeting ({held_on})."
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskStatus::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn state(status: TaskStatus, progress: i32) -> TaskState {
        TaskState {
            status,
            progress,
            deadline: Some(day("2022-09-30")),
            submitted_on: None,
            completed_on: None,
        }
    }

    fn report(status: Option<TaskStatus>, progress: Option<i32>, has_note: bool) -> Report {
        Report {
            status,
            progress: progress.map(|p| Progress::parse(p).expect("valid test progress")),
            has_note,
        }
    }

    #[test]
    fn reports_move_the_task_as_users_expect() {
        let today = day("2022-09-20");
        type Case = (
            TaskState,
            Report,
            Mover,
            Result<(TaskStatus, i32), &'static str>,
        );
        let cases: &[Case] = &[
            (
                state(NotStarted, 0),
                report(None, Some(30), false),
                Mover::Reporter,
                Ok((InProgress, 30)),
            ),
            (
                state(NotStarted, 0),
                report(None, Some(0), true),
                Mover::Reporter,
                Ok((NotStarted, 0)),
            ),
            (
                state(InProgress, 30),
                report(Some(Submitted), None, true),
                Mover::Reporter,
                Ok((Submitted, 100)),
            ),
            (
                state(InProgress, 30),
                report(Some(Submitted), Some(90), true),
                Mover::Reporter,
                Ok((Submitted, 90)),
            ),
            (
                state(InProgress, 30),
                report(Some(Submitted), None, false),
                Mover::Reporter,
                Err("invalid"),
            ),
            (
                state(Done, 100),
                report(None, Some(50), true),
                Mover::Reporter,
                Err("conflict"),
            ),
            (
                state(Done, 100),
                report(None, Some(50), true),
                Mover::Chair,
                Err("conflict"),
            ),
            (
                state(Done, 100),
                report(Some(InProgress), Some(80), true),
                Mover::Chair,
                Ok((InProgress, 80)),
            ),
            (
                state(Cancelled, 10),
                report(Some(InProgress), None, true),
                Mover::Reporter,
                Err("forbidden"),
            ),
            (
                state(Submitted, 100),
                report(None, Some(40), false),
                Mover::Reporter,
                Err("conflict"),
            ),
            (
                state(Submitted, 100),
                report(None, Some(100), true),
                Mover::Reporter,
                Ok((Submitted, 100)),
            ),
        ];
        for (before, report, mover, expected) in cases {
            let got = apply_report(*before, *report, *mover, today)
                .map(|s| (s.status, s.progress))
                .map_err(|e| match e {
                    RuleError::Invalid(_) => "invalid",
                    RuleError::Forbidden(_) => "forbidden",
                    RuleError::Conflict(_) => "conflict",
                });
            assert_eq!(&got, expected, "{before:?} {report:?} {mover:?}");
        }
    }

    #[test]
    fn fields_sent_unchanged_are_no_change() {
        let current = state(InProgress, 40);
        let cases = [
            (report(None, Some(40), true), false),
            (report(Some(InProgress), Some(40), true), false),
            (report(None, Some(50), false), true),
            (report(Some(Submitted), Some(40), true), true),
        ];
        for (sent, changes) in cases {
            assert_eq!(sent.against(current).changes_state(), changes, "{sent:?}");
        }
        assert_eq!(
            report(Some(Submitted), Some(40), true)
                .against(current)
                .progress,
            None
        );
    }

    #[test]
    fn submitting_records_the_day_and_reopening_clears_it() {
        let submitted = apply_report(
            state(InProgress, 40),
            report(Some(Submitted), None, true),
            Mover::Reporter,
            day("2022-09-21"),
        )
        .expect("submit");
        assert_eq!(submitted.submitted_on, Some(day("2022-09-21")));
        let done = apply_review(submitted, true, day("2022-10-03")).expect("accept");
        assert_eq!(
            (done.status, done.completed_on),
            (Done, Some(day("2022-10-03")))
        );
        let reopened = apply_report(
            done,
            report(Some(InProgress), None, true),
            Mover::Chair,
            day("2022-10-04"),
        )
        .expect("reopen");
        assert_eq!((reopened.submitted_on, reopened.completed_on), (None, None));
    }

    #[test]
    fn returned_work_is_no_longer_submitted() {
        let submitted = TaskState {
            submitted_on: Some(day("2022-09-21")),
            ..state(Submitted, 100)
        };
        let returned = apply_review(submitted, false, day("2022-09-22")).expect("return");
        assert_eq!((returned.status, returned.submitted_on), (InProgress, None));
        assert!(apply_review(state(InProgress, 10), true, day("2022-09-22")).is_err());
    }

    #[test]
    fn extensions_must_move_an_existing_deadline_later() {
        let today = day("2022-09-20");
        let ongoing = TaskState {
            deadline: None,
            ..state(InProgress, 0)
        };
        let cases = [
            (state(InProgress, 0), "2022-10-15", true),
            (state(InProgress, 0), "2022-09-30", false),
            (state(InProgress, 0), "2022-09-01", false),
            (ongoing, "2022-10-15", false),
            (state(Done, 100), "2022-10-15", false),
        ];
        for (before, requested, ok) in cases {
            assert_eq!(
                check_extension_request(before, day(requested), today).is_ok(),
                ok,
                "{before:?} {requested}"
            );
        }
        let overdue = state(InProgress, 0);
        assert!(check_extension_request(overdue, day("2022-10-01"), day("2022-10-05")).is_err());
    }

    #[test]
    fn only_open_tasks_are_cancelled() {
        assert_eq!(
            apply_cancel(state(InProgress, 10)).map(|s| s.status),
            Ok(Cancelled)
        );
        assert!(apply_cancel(state(Done, 100)).is_err());
        assert!(apply_cancel(state(Cancelled, 0)).is_err());
    }

    #[test]
    fn deadlines_cannot_precede_the_meeting() {
        let held = day("2022-08-26");
        assert!(check_new_deadline(Some(day("2022-09-30")), held).is_ok());
        assert!(check_new_deadline(Some(day("2022-08-26")), held).is_ok());
        assert!(check_new_deadline(Some(day("2022-08-25")), held).is_err());
        assert!(check_new_deadline(None, held).is_ok());
    }
}
