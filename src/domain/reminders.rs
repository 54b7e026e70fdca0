//! When a task's owners are reminded: due soon (once), due today, overdue (repeated), and
//! escalated to the chair after a while. Only on working days, and never for work that waits for
//! the chair or is finished.

use chrono::{NaiveDate, NaiveTime};

use super::calendar::WorkCalendar;
use super::timeliness::DueSoonWindow;
use super::TaskStatus;

/// What an e-mail line is about: a reminder, from gentle to urgent, or a notice of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReminderKind {
    DueSoon,
    DueToday,
    Overdue,
    Escalation,
    /// A new task for the department, from a meeting.
    Assigned,
    /// The chair accepted the work.
    Accepted,
    /// The chair returned the work, with a reason.
    Returned,
    ExtensionApproved,
    ExtensionRejected,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 9] = [
        ReminderKind::DueSoon,
        ReminderKind::DueToday,
        ReminderKind::Overdue,
        ReminderKind::Escalation,
        ReminderKind::Assigned,
        ReminderKind::Accepted,
        ReminderKind::Returned,
        ReminderKind::ExtensionApproved,
        ReminderKind::ExtensionRejected,
    ];

    /// Notices tell of a change; the others chase a deadline.
    pub fn is_notice(self) -> bool {
        matches!(
            self,
            ReminderKind::Assigned
                | ReminderKind::Accepted
                | ReminderKind::Returned
                | ReminderKind::ExtensionApproved
                | ReminderKind::ExtensionRejected
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::DueSoon => "DUE_SOON",
            ReminderKind::DueToday => "DUE_TODAY",
            ReminderKind::Overdue => "OVERDUE",
            ReminderKind::Escalation => "ESCALATION",
            ReminderKind::Assigned => "ASSIGNED",
            ReminderKind::Accepted => "ACCEPTED",
            ReminderKind::Returned => "RETURNED",
            ReminderKind::ExtensionApproved => "EXTENSION_APPROVED",
            ReminderKind::ExtensionRejected => "EXTENSION_REJECTED",
        }
    }

    pub fn parse(raw: &str) -> Option<ReminderKind> {
        ReminderKind::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// Overdue and escalated tasks are both late.
    pub fn is_late(self) -> bool {
        matches!(self, ReminderKind::Overdue | ReminderKind::Escalation)
    }
}

/// How a committee's reminders go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderPolicy {
    /// Local time of day from which the day's reminders are sent.
    pub send_at: NaiveTime,
    pub due_soon: DueSoonWindow,
    /// Repeat overdue reminders every this many working days.
    pub overdue_every: u32,
    /// From this many days late, reminders are escalations and the chair is copied.
    pub escalate_after_days: u32,
    /// Whether co-owners' liaisons get a section "for coordination".
    pub notify_co_owners: bool,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy {
            send_at: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            due_soon: DueSoonWindow::default(),
            overdue_every: 1,
            escalate_after_days: 7,
            notify_co_owners: false,
        }
    }
}

/// What the reminder rules need to know of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chase {
    pub status: TaskStatus,
    /// The day the deadline really ends (see [`WorkCalendar::due_day`]).
    pub due_on: Option<NaiveDate>,
    /// The local day the task was assigned.
    pub assigned_on: NaiveDate,
}

/// Which reminder, if any, a task's owners get on `today`.
pub fn reminder_due(
    task: Chase,
    today: NaiveDate,
    policy: &ReminderPolicy,
    calendar: &WorkCalendar,
) -> Option<ReminderKind> {
    if !matches!(task.status, TaskStatus::NotStarted | TaskStatus::InProgress)
        || !calendar.is_working_day(today)
    {
        return None;
    }
    let due = task.due_on?;
    if today == due {
        return Some(ReminderKind::DueToday);
    }
    if today < due {
        if due > policy.due_soon.last_day(today) {
            return None;
        }
        let window_opens = due
            .checked_sub_days(chrono::Days::new(u64::from(policy.due_soon.0)))
            .unwrap_or(due)
            .max(task.assigned_on);
        return (calendar.working_day_from(window_opens) == today).then_some(ReminderKind::DueSoon);
    }
    let working_days_late = calendar.working_days_between(due, today);
    if working_days_late == 0
        || !(working_days_late - 1).is_multiple_of(policy.overdue_every.max(1))
    {
        return None;
    }
    let days_late = (today - due).num_days();
    Some(if days_late >= i64::from(policy.escalate_after_days) {
        ReminderKind::Escalation
    } else {
        ReminderKind::Overdue
    })
}

/// The kind of reminder the chair sends when chasing a task by hand on `today`.
pub fn chase_now_kind(due_on: NaiveDate, today: NaiveDate) -> ReminderKind {
    match due_on.cmp(&today) {
        std::cmp::Ordering::Less => ReminderKind::Overdue,
        std::cmp::Ordering::Equal => ReminderKind::DueToday,
        std::cmp::Ordering::Greater => ReminderKind::DueSoon,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReminderKind::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn chase(status: TaskStatus, due: Option<&str>, assigned: &str) -> Chase {
        Chase {
            status,
            due_on: due.map(day),
            assigned_on: day(assigned),
        }
    }

    #[test]
    fn reminders_follow_the_deadline_on_working_days() {
        // Friday 2026-11-27; the week after is plain working days.
        let calendar = WorkCalendar::weekdays_only();
        let policy = ReminderPolicy::default();
        let open = TaskStatus::InProgress;
        let cases = [
            (
                chase(open, Some("2026-11-30"), "2026-11-01"),
                "2026-11-27",
                Some(DueSoon),
            ),
            (
                chase(open, Some("2026-11-30"), "2026-11-01"),
                "2026-11-28",
                None,
            ),
            (
                chase(open, Some("2026-12-02"), "2026-11-01"),
                "2026-11-30",
                Some(DueSoon),
            ),
            (
                chase(open, Some("2026-12-02"), "2026-11-01"),
                "2026-11-27",
                None,
            ),
            (
                chase(open, Some("2026-12-02"), "2026-11-30"),
                "2026-11-30",
                Some(DueSoon),
            ),
            (
                chase(open, Some("2026-11-27"), "2026-11-01"),
                "2026-11-27",
                Some(DueToday),
            ),
            (
                chase(open, Some("2026-11-26"), "2026-11-01"),
                "2026-11-27",
                Some(Overdue),
            ),
            (
                chase(open, Some("2026-11-26"), "2026-11-01"),
                "2026-11-29",
                None,
            ),
            (
                chase(open, Some("2026-11-26"), "2026-11-01"),
                "2026-11-30",
                Some(Overdue),
            ),
            (
                chase(open, Some("2026-11-20"), "2026-11-01"),
                "2026-11-27",
                Some(Escalation),
            ),
            (
                chase(TaskStatus::NotStarted, Some("2026-11-20"), "2026-11-01"),
                "2026-11-26",
                Some(Overdue),
            ),
            (
                chase(TaskStatus::Submitted, Some("2026-11-20"), "2026-11-01"),
                "2026-11-27",
                None,
            ),
            (
                chase(TaskStatus::Done, Some("2026-11-20"), "2026-11-01"),
                "2026-11-27",
                None,
            ),
            (
                chase(TaskStatus::Cancelled, Some("2026-11-20"), "2026-11-01"),
                "2026-11-27",
                None,
            ),
            (chase(open, None, "2026-11-01"), "2026-11-27", None),
        ];
        for (task, today, expected) in cases {
            assert_eq!(
                reminder_due(task, day(today), &policy, &calendar),
                expected,
                "{task:?} on {today}"
            );
        }
    }

    #[test]
    fn overdue_reminders_repeat_at_the_chosen_interval() {
        let calendar = WorkCalendar::weekdays_only();
        let policy = ReminderPolicy {
            overdue_every: 2,
            escalate_after_days: 100,
            ..ReminderPolicy::default()
        };
        let task = chase(TaskStatus::InProgress, Some("2026-11-23"), "2026-11-01");
        let sent: Vec<bool> = [
            "2026-11-24",
            "2026-11-25",
            "2026-11-26",
            "2026-11-27",
            "2026-11-30",
        ]
        .iter()
        .map(|d| reminder_due(task, day(d), &policy, &calendar).is_some())
        .collect();
        assert_eq!(sent, vec![true, false, true, false, true]);
    }

    #[test]
    fn chasing_by_hand_names_the_situation() {
        let today = day("2026-11-27");
        assert_eq!(chase_now_kind(day("2026-11-20"), today), Overdue);
        assert_eq!(chase_now_kind(today, today), DueToday);
        assert_eq!(chase_now_kind(day("2026-12-20"), today), DueSoon);
    }

    #[test]
    fn nothing_goes_out_on_a_holiday() {
        let calendar = WorkCalendar::new(
            &[
                chrono::Weekday::Mon,
                chrono::Weekday::Tue,
                chrono::Weekday::Wed,
                chrono::Weekday::Thu,
                chrono::Weekday::Fri,
            ],
            [day("2026-09-02")],
        );
        let task = chase(TaskStatus::InProgress, Some("2026-08-31"), "2026-08-01");
        assert_eq!(
            reminder_due(
                task,
                day("2026-09-02"),
                &ReminderPolicy::default(),
                &calendar
            ),
            None
        );
        assert_eq!(
            reminder_due(
                task,
                day("2026-09-03"),
                &ReminderPolicy::default(),
                &calendar
            ),
            Some(Overdue)
        );
    }
}
