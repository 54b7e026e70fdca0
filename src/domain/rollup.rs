//! A directive addressed to several bodies is a parent task with one subtask per body; the
//! parent's state is derived from its subtasks.

use chrono::NaiveDate;

use super::timeliness::Schedule;
use super::TaskStatus;

/// One subtask, as the roll-up sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubtaskState {
    pub status: TaskStatus,
    pub progress: i32,
    pub submitted_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

/// The derived state of a parent task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RolledUp {
    pub status: TaskStatus,
    pub progress: i32,
    pub submitted_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

impl RolledUp {
    pub fn schedule(self, deadline: Option<NaiveDate>) -> Schedule {
        Schedule {
            status: self.status,
            deadline,
            submitted_on: self.submitted_on,
            completed_on: self.completed_on,
        }
    }
}

/// Derives a parent's status and progress from its subtasks.
///
/// Cancelled subtasks do not count towards progress. The parent is DONE when every subtask is done
/// or cancelled (CANCELLED if all were cancelled), SUBMITTED when all the remaining work waits for
/// review, and it was submitted or finished on the latest of its subtasks' days.
pub fn roll_up(subtasks: &[SubtaskState]) -> RolledUp {
    use TaskStatus::*;
    let live: Vec<&SubtaskState> = subtasks.iter().filter(|s| s.status != Cancelled).collect();
    let progress = if live.is_empty() {
        0
    } else {
        let sum: i64 = live
            .iter()
            .map(|s| i64::from(if s.status == Done { 100 } else { s.progress }))
            .sum();
        let count = i64::try_from(live.len()).unwrap_or(i64::MAX);
        i32::try_from((sum + count / 2) / count).unwrap_or(100)
    };
    let latest =
        |pick: fn(&SubtaskState) -> Option<NaiveDate>| live.iter().filter_map(|s| pick(s)).max();
    let status = if subtasks.is_empty() {
        NotStarted
    } else if live.is_empty() {
        Cancelled
    } else if live.iter().all(|s| s.status == Done) {
        Done
    } else if live.iter().all(|s| matches!(s.status, Submitted | Done)) {
        Submitted
    } else if live.iter().all(|s| s.status == NotStarted) {
        NotStarted
    } else {
        InProgress
    };
    RolledUp {
        status,
        progress: if status == Done { 100 } else { progress },
        submitted_on: matches!(status, Submitted | Done)
            .then(|| latest(|s| s.submitted_on.or(s.completed_on)))
            .flatten(),
        completed_on: (status == Done)
            .then(|| latest(|s| s.completed_on))
            .flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskStatus::*;

    fn sub(
        status: TaskStatus,
        progress: i32,
        submitted: Option<&str>,
        completed: Option<&str>,
    ) -> SubtaskState {
        let day = |s: &str| s.parse::<NaiveDate>().expect("valid test date");
        SubtaskState {
            status,
            progress,
            submitted_on: submitted.map(day),
            completed_on: completed.map(day),
        }
    }

    #[test]
    fn the_parent_follows_its_subtasks() {
        let cases: Vec<(Vec<SubtaskState>, TaskStatus, i32)> = vec![
            (vec![sub(NotStarted, 0, None, None); 8], NotStarted, 0),
            (
                vec![
                    sub(InProgress, 50, None, None),
                    sub(NotStarted, 0, None, None),
                ],
                InProgress,
                25,
            ),
            (
                vec![
                    sub(InProgress, 33, None, None),
                    sub(InProgress, 34, None, None),
                    sub(NotStarted, 0, None, None),
                ],
                InProgress,
                22,
            ),
            (
                vec![
                    sub(Done, 100, Some("2022-09-20"), Some("2022-09-21")),
                    sub(Cancelled, 10, None, None),
                ],
                Done,
                100,
            ),
            (
                vec![
                    sub(Cancelled, 0, None, None),
                    sub(Cancelled, 40, None, None),
                ],
                Cancelled,
                0,
            ),
            (
                vec![
                    sub(Submitted, 100, Some("2022-09-20"), None),
                    sub(Done, 100, Some("2022-09-19"), Some("2022-09-22")),
                ],
                Submitted,
                100,
            ),
            (
                vec![
                    sub(Done, 100, Some("2022-09-20"), Some("2022-09-21")),
                    sub(InProgress, 60, None, None),
                ],
                InProgress,
                80,
            ),
        ];
        for (subtasks, status, progress) in cases {
            let rolled = roll_up(&subtasks);
            assert_eq!(
                (rolled.status, rolled.progress),
                (status, progress),
                "{subtasks:?}"
            );
        }
    }

    #[test]
    fn a_finished_parent_is_dated_by_its_last_subtask() {
        let rolled = roll_up(&[
            sub(Done, 100, Some("2022-09-20"), Some("2022-09-21")),
            sub(Done, 100, Some("2022-09-28"), Some("2022-10-02")),
        ]);
        assert_eq!(rolled.submitted_on, "2022-09-28".parse().ok());
        assert_eq!(rolled.completed_on, "2022-10-02".parse().ok());
        let open = roll_up(&[
            sub(Done, 100, Some("2022-09-20"), Some("2022-09-21")),
            sub(InProgress, 0, None, None),
        ]);
        assert_eq!((open.submitted_on, open.completed_on), (None, None));
    }
}
