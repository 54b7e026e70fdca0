//! Whether a task is on time, derived as of a day in the committee's time zone and never stored.

use chrono::NaiveDate;

use super::TaskStatus;

/// How a task stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Timeliness {
    OnTrack,
    DueSoon,
    Overdue,
    DoneOnTime,
    DoneLate,
    NoDeadline,
    Cancelled,
}

impl Timeliness {
    pub const ALL: [Timeliness; 7] = [
        Timeliness::OnTrack,
        Timeliness::DueSoon,
        Timeliness::Overdue,
        Timeliness::DoneOnTime,
        Timeliness::DoneLate,
        Timeliness::NoDeadline,
        Timeliness::Cancelled,
    ];

    /// The name the API and the pages' styles use, such as `DUE_SOON`.
    pub fn as_str(self) -> &'static str {
        match self {
            Timeliness::OnTrack => "ON_TRACK",
            Timeliness::DueSoon => "DUE_SOON",
            Timeliness::Overdue => "OVERDUE",
            Timeliness::DoneOnTime => "DONE_ON_TIME",
            Timeliness::DoneLate => "DONE_LATE",
            Timeliness::NoDeadline => "NO_DEADLINE",
            Timeliness::Cancelled => "CANCELLED",
        }
    }
}

/// The facts about a task that its timeliness depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub status: TaskStatus,
    pub deadline: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

/// The window before a deadline in which a task counts as DUE_SOON, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueSoonWindow(pub u32);

impl std::str::FromStr for Timeliness {
    type Err = super::RuleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timeliness::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                super::RuleError::Invalid(format!(
                    "Unknown standing {s}; use ON_TRACK, DUE_SOON, OVERDUE, DONE_ON_TIME, DONE_LATE, NO_DEADLINE or CANCELLED."
                ))
            })
    }
}

impl Default for DueSoonWindow {
    fn default() -> Self {
        DueSoonWindow(3)
    }
}

impl DueSoonWindow {
    /// The last deadline that is DUE_SOON as of `today`.
    pub fn last_day(self, today: NaiveDate) -> NaiveDate {
        today
            .checked_add_days(chrono::Days::new(u64::from(self.0)))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// The timeliness of a task as of `today`.
///
/// Completion is judged by the day the lead submitted the work, not the day the chair got round
/// to accepting it, and a task submitted by its deadline is never OVERDUE while it waits.
pub fn timeliness(schedule: Schedule, today: NaiveDate, window: DueSoonWindow) -> Timeliness {
    let Schedule {
        status,
        deadline,
        submitted_on,
        completed_on,
    } = schedule;
    match (status, deadline) {
        (TaskStatus::Cancelled, _) => Timeliness::Cancelled,
        (TaskStatus::Done, None) => Timeliness::DoneOnTime,
        (TaskStatus::Done, Some(deadline)) => match submitted_on.or(completed_on) {
            Some(finished) if finished > deadline => Timeliness::DoneLate,
            _ => Timeliness::DoneOnTime,
        },
        (_, None) => Timeliness::NoDeadline,
        (TaskStatus::Submitted, Some(deadline))
            if submitted_on.is_some_and(|submitted| submitted <= deadline) =>
        {
            Timeliness::OnTrack
        }
        (_, Some(deadline)) if today > deadline => Timeliness::Overdue,
        (_, Some(deadline)) if deadline <= window.last_day(today) => Timeliness::DueSoon,
        _ => Timeliness::OnTrack,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskStatus::{Done, InProgress, NotStarted, Submitted};
    use Timeliness::{DoneLate, DoneOnTime, DueSoon, NoDeadline, OnTrack, Overdue};

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test dates are valid")
    }

    #[test]
    fn timeliness_follows_the_deadline_and_the_status() {
        let today = day("2022-09-28");
        type Case = (
            TaskStatus,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            Timeliness,
        );
        let cases: &[Case] = &[
            (NotStarted, Some("2022-10-30"), None, None, OnTrack),
            (InProgress, Some("2022-10-01"), None, None, DueSoon),
            (InProgress, Some("2022-10-02"), None, None, OnTrack),
            (InProgress, Some("2022-09-28"), None, None, DueSoon),
            (InProgress, Some("2022-09-27"), None, None, Overdue),
            (NotStarted, None, None, None, NoDeadline),
            (InProgress, None, None, None, NoDeadline),
            (
                Submitted,
                Some("2022-09-20"),
                Some("2022-09-20"),
                None,
                OnTrack,
            ),
            (
                Submitted,
                Some("2022-09-20"),
                Some("2022-09-21"),
                None,
                Overdue,
            ),
            (
                Submitted,
                Some("2022-09-30"),
                Some("2022-09-27"),
                None,
                OnTrack,
            ),
            (
                Done,
                Some("2022-09-20"),
                Some("2022-09-20"),
                Some("2022-09-25"),
                DoneOnTime,
            ),
            (
                Done,
                Some("2022-09-20"),
                Some("2022-09-22"),
                Some("2022-09-22"),
                DoneLate,
            ),
            (
                Done,
                None,
                Some("2022-09-22"),
                Some("2022-09-22"),
                DoneOnTime,
            ),
            (
                TaskStatus::Cancelled,
                Some("2022-09-01"),
                None,
                None,
                Timeliness::Cancelled,
            ),
        ];
        for (status, deadline, submitted, completed, expected) in cases {
            let schedule = Schedule {
                status: *status,
                deadline: deadline.map(day),
                submitted_on: submitted.map(day),
                completed_on: completed.map(day),
            };
            assert_eq!(
                timeliness(schedule, today, DueSoonWindow(3)),
                *expected,
                "{schedule:?}"
            );
        }
    }

    #[test]
    fn a_wider_window_makes_tasks_due_sooner() {
        let schedule = Schedule {
            status: InProgress,
            deadline: Some(day("2022-10-05")),
            submitted_on: None,
            completed_on: None,
        };
        let today = day("2022-09-28");
        assert_eq!(timeliness(schedule, today, DueSoonWindow(3)), OnTrack);
        assert_eq!(timeliness(schedule, today, DueSoonWindow(7)), DueSoon);
    }
}
