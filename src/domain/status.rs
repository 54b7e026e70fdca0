//! The life of a task: NOT_STARTED -> IN_PROGRESS -> SUBMITTED -> DONE, with returns, cancelling
//! and reopening.

use std::fmt;
use std::str::FromStr;

use super::RuleError;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    /// The lead reports the task finished; the chair has not reviewed it yet.
    Submitted,
    Done,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Submitted,
        TaskStatus::Done,
        TaskStatus::Cancelled,
    ];

    /// The name stored in the database and shown in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "NOT_STARTED",
            TaskStatus::InProgress => "IN_PROGRESS",
            TaskStatus::Submitted => "SUBMITTED",
            TaskStatus::Done => "DONE",
            TaskStatus::Cancelled => "CANCELLED",
        }
    }

    /// DONE and CANCELLED end a task's life unless the chair reopens it.
    pub fn is_final(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }

    pub fn is_open(self) -> bool {
        !self.is_final()
    }

    /// The statuses in which the owners still have work to do (SUBMITTED waits for the chair
    /// instead): what reminders chase and what reports and extensions apply to.
    pub const BEING_WORKED_ON: [TaskStatus; 2] = [TaskStatus::NotStarted, TaskStatus::InProgress];

    pub fn is_being_worked_on(self) -> bool {
        TaskStatus::BEING_WORKED_ON.contains(&self)
    }
}

impl fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TaskStatus {
    type Err = RuleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TaskStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| RuleError::Invalid(format!("Unknown task status {s}.")))
    }
}

/// Who is asking for a change of status, as far as the status machine cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    /// The lead department, or the chair or secretary reporting on its behalf.
    Reporter,
    /// The chair (or an administrator): may also reopen finished work.
    Chair,
}

/// Checks a change of status asked for through a progress report (`updateTask`).
///
/// Accepting and returning go through the chair's review, cancelling through its own action, so
/// they are refused here with a pointer to the right way.
///
/// # Errors
/// `Invalid` for a target that has its own action, `Conflict` when the current status does not
/// allow the move, `Forbidden` when only the chair may make it.
pub fn check_reported_move(
    from: TaskStatus,
    to: TaskStatus,
    mover: Mover,
) -> Result<(), RuleError> {
    use TaskStatus::*;
    if from == to {
        return Ok(());
    }
    match to {
        Done => {
            return Err(RuleError::Invalid(
                "A task becomes DONE when the chair accepts it: submit it for review instead."
                    .into(),
            ))
        }
        Cancelled => {
            return Err(RuleError::Invalid(
                "Use cancelTask, with a reason, to cancel a task.".into(),
            ))
        }
        _ => {}
    }
    match (from, to) {
        (NotStarted, InProgress | Submitted) | (InProgress, Submitted) => Ok(()),
        (InProgress, NotStarted) => Err(RuleError::Conflict(
            "Work on this task has started; it cannot go back to NOT_STARTED.".into(),
        )),
        (Submitted, _) => Err(RuleError::Conflict(
            "This task is waiting for the chair's review; the chair accepts it or returns it."
                .into(),
        )),
        (Done | Cancelled, InProgress) if mover == Mover::Chair => Ok(()),
        (Done | Cancelled, _) => Err(match mover {
            Mover::Chair => RuleError::Conflict(format!(
                "This task is {from}; reopen it as IN_PROGRESS first."
            )),
            Mover::Reporter => RuleError::Forbidden(format!(
                "This task is {from}; only the chair can reopen it."
            )),
        }),
        _ => Err(RuleError::Conflict(format!(
            "A task cannot move from {from} to {to}."
        ))),
    }
}

/// Checks that a task can be reviewed by the chair.
///
/// # Errors
/// `Conflict` unless the task is SUBMITTED.
pub fn check_reviewable(status: TaskStatus) -> Result<(), RuleError> {
    if status == TaskStatus::Submitted {
        Ok(())
    } else {
        Err(RuleError::Conflict(format!(
            "Only a submitted task can be reviewed; this one is {status}."
        )))
    }
}

/// Checks that a task can still be worked on: progress, extensions and cancelling need it open.
///
/// # Errors
/// `Conflict` when the task is DONE or CANCELLED.
pub fn check_open(status: TaskStatus) -> Result<(), RuleError> {
    if status.is_open() {
        Ok(())
    } else {
        Err(RuleError::Conflict(format!(
            "This task is {status}; it can no longer be changed unless the chair reopens it."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskStatus::*;

    #[test]
    fn reported_moves_follow_the_status_machine() {
        let cases: &[(TaskStatus, TaskStatus, Mover, Result<(), &str>)] = &[
            (NotStarted, InProgress, Mover::Reporter, Ok(())),
            (NotStarted, Submitted, Mover::Reporter, Ok(())),
            (InProgress, Submitted, Mover::Reporter, Ok(())),
            (InProgress, InProgress, Mover::Reporter, Ok(())),
            (InProgress, NotStarted, Mover::Reporter, Err("conflict")),
            (Submitted, InProgress, Mover::Reporter, Err("conflict")),
            (Submitted, InProgress, Mover::Chair, Err("conflict")),
            (InProgress, Done, Mover::Chair, Err("invalid")),
            (InProgress, Cancelled, Mover::Chair, Err("invalid")),
            (Done, InProgress, Mover::Reporter, Err("forbidden")),
            (Cancelled, InProgress, Mover::Reporter, Err("forbidden")),
            (Done, InProgress, Mover::Chair, Ok(())),
            (Cancelled, InProgress, Mover::Chair, Ok(())),
            (Done, Submitted, Mover::Chair, Err("conflict")),
        ];
        for (from, to, mover, expected) in cases {
            let got = check_reported_move(*from, *to, *mover).map_err(|e| match e {
                RuleError::Invalid(_) => "invalid",
                RuleError::Forbidden(_) => "forbidden",
                RuleError::Conflict(_) => "conflict",
            });
            assert_eq!(&got, expected, "{from} -> {to} by {mover:?}");
        }
    }

    #[test]
    fn only_submitted_tasks_are_reviewable_and_final_tasks_are_closed() {
        for status in TaskStatus::ALL {
            assert_eq!(check_reviewable(status).is_ok(), status == Submitted);
            assert_eq!(
                check_open(status).is_ok(),
                !matches!(status, Done | Cancelled)
            );
        }
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in TaskStatus::ALL {
            assert_eq!(status.as_str().parse::<TaskStatus>(), Ok(status));
        }
        assert!("FINISHED".parse::<TaskStatus>().is_err());
    }
}
