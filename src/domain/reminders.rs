//! When a task's owners are reminded: due soon (once), due today, overdue (repeated), and
//! escalated to the chair after a while. Only on working days, and never for work that waits for
//! the chair or is finished.

use chrono::{NaiveDate, NaiveTime};

use super::calendar::WorkCalendar;
use super::timeliness::DueSoonWindow;
use super::{RuleError, TaskStatus};

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
    /// The task was given to another department: the former lead no longer carries it.
    HandedOver,
    /// The chair or secretary moved the deadline (not at the lead's request).
    DeadlineChanged,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 11] = [
        ReminderKind::DueSoon,
        ReminderKind::DueToday,
        ReminderKind::Overdue,
        ReminderKind::Escalation,
        ReminderKind::Assigned,
        ReminderKind::Accepted,
        ReminderKind::Returned,
        ReminderKind::ExtensionApproved,
        ReminderKind::ExtensionRejected,
        ReminderKind::HandedOver,
        ReminderKind::DeadlineChanged,
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
                | ReminderKind::HandedOver
                | ReminderKind::DeadlineChanged
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
            ReminderKind::HandedOver => "HANDED_OVER",
            ReminderKind::DeadlineChanged => "DEADLINE_CHANGED",
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

/// A committee's own reminder settings; what is left out follows the server's. Kept on the
/// committee as JSON, with these field names.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyOverride {
    /// Local time of day, "HH:MM".
    pub send_at: Option<String>,
    pub due_soon_days: Option<u32>,
    pub overdue_every: Option<u32>,
    pub escalate_after_days: Option<u32>,
    pub notify_co_owners: Option<bool>,
}

impl PolicyOverride {
    fn send_time(&self) -> Option<Result<NaiveTime, RuleError>> {
        self.send_at.as_deref().map(|time| {
            NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| {
                RuleError::Invalid(format!("\"{time}\" is not a time of day like 08:00."))
            })
        })
    }

    /// # Errors
    /// `Invalid` for a send time that is not a time of day, or reminders every 0 days.
    pub fn check(self) -> Result<PolicyOverride, RuleError> {
        self.send_time().transpose()?;
        if self.overdue_every == Some(0) {
            return Err(RuleError::Invalid(
                "overdueEvery must be at least 1 working day.".into(),
            ));
        }
        Ok(self)
    }

    /// The policy with these overrides applied; a value that does not pass [`check`] (stored by
    /// hand) is left out.
    ///
    /// [`check`]: PolicyOverride::check
    pub fn apply(&self, base: ReminderPolicy) -> ReminderPolicy {
        ReminderPolicy {
            send_at: self
                .send_time()
                .and_then(Result::ok)
                .unwrap_or(base.send_at),
            due_soon: self
                .due_soon_days
                .map(DueSoonWindow)
                .unwrap_or(base.due_soon),
            overdue_every: self.overdue_every.unwrap_or(base.overdue_every).max(1),
            escalate_after_days: self.escalate_after_days.unwrap_or(base.escalate_after_days),
            notify_co_owners: self.notify_co_owners.unwrap_or(base.notify_co_owners),
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
    if !task.status.is_being_worked_on() || !calendar.is_working_day(today) {
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

    #[test]
    fn a_committee_overrides_only_what_it_names() {
        let base = ReminderPolicy::default();
        let own = PolicyOverride {
            send_at: Some("07:30".into()),
            overdue_every: Some(2),
            notify_co_owners: Some(true),
            ..PolicyOverride::default()
        };
        let changed = own.clone().check().map(|o| o.apply(base));
        assert_eq!(
            changed
                .as_ref()
                .map(|p| (p.send_at, p.overdue_every, p.notify_co_owners)),
            Ok((
                NaiveTime::from_hms_opt(7, 30, 0).unwrap_or_default(),
                2,
                true
            ))
        );
        assert_eq!(
            changed.map(|p| (p.escalate_after_days, p.due_soon)),
            Ok((base.escalate_after_days, base.due_soon))
        );
        assert_eq!(PolicyOverride::default().apply(base), base);
    }

    #[test]
    fn a_bad_override_is_refused_and_one_stored_by_hand_is_left_out() {
        let late = PolicyOverride {
            send_at: Some("25:00".into()),
            overdue_every: Some(0),
            ..PolicyOverride::default()
        };
        assert!(late.clone().check().is_err());
        let applied = late.apply(ReminderPolicy::default());
        assert_eq!(applied.send_at, ReminderPolicy::default().send_at);
        assert_eq!(applied.overdue_every, 1);
    }
}
