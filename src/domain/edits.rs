//! Changing a directive after the meeting: its wording, its deadline, and who carries it out.
//! Each function compares what is asked with what is, so that a form sending every field,
//! changed or not, changes only what differs.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::changes::check_new_deadline;
use super::validate::{Note, Title};
use super::{RuleError, TaskStatus};

/// What an edit asks for: `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct TaskEdit {
    pub title: Option<Title>,
    pub description: Option<Option<Note>>,
    pub deadline: Option<Option<NaiveDate>>,
    /// Why; required when the deadline moves.
    pub reason: Option<Note>,
}

/// The editable text and deadline of a task as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskText {
    pub title: String,
    pub description: Option<String>,
    pub deadline: Option<NaiveDate>,
}

/// One field's value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<T> {
    pub from: T,
    pub to: T,
}

/// What an edit changes; every field `None` means nothing changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextChanges {
    pub title: Option<Change<String>>,
    pub description: Option<Change<Option<String>>>,
    pub deadline: Option<Change<Option<NaiveDate>>>,
}

impl TextChanges {
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.description.is_none() && self.deadline.is_none()
    }

    /// The text after the changes.
    pub fn applied_to(&self, current: &TaskText) -> TaskText {
        TaskText {
            title: self
                .title
                .as_ref()
                .map_or_else(|| current.title.clone(), |c| c.to.clone()),
            description: self
                .description
                .as_ref()
                .map_or_else(|| current.description.clone(), |c| c.to.clone()),
            deadline: self.deadline.as_ref().map_or(current.deadline, |c| c.to),
        }
    }

    /// The same edit carried to one subtask of a split directive: the subtasks share the
    /// directive's wording, and its deadline while they are still open.
    pub fn for_subtask(&self, subtask: &TaskText, open: bool) -> TextChanges {
        TextChanges {
            title: changed(&subtask.title, self.title.as_ref().map(|c| c.to.clone())),
            description: changed(
                &subtask.description,
                self.description.as_ref().map(|c| c.to.clone()),
            ),
            deadline: changed(
                &subtask.deadline,
                self.deadline.as_ref().filter(|_| open).map(|c| c.to),
            ),
        }
    }
}

fn changed<T: PartialEq + Clone>(current: &T, asked: Option<T>) -> Option<Change<T>> {
    asked.filter(|to| to != current).map(|to| Change {
        from: current.clone(),
        to,
    })
}

/// Works out what an edit of a task in `status`, assigned at a meeting held on `held_on`,
/// changes.
///
/// # Errors
/// `Invalid` when the edit gives nothing at all, when the deadline moves without a reason or to
/// a day before the meeting; `Conflict` when the deadline of a finished or cancelled task moves
/// (its timeliness was judged against the deadline it had).
pub fn plan_edit(
    current: &TaskText,
    status: TaskStatus,
    held_on: NaiveDate,
    edit: TaskEdit,
) -> Result<TextChanges, RuleError> {
    if edit.title.is_none() && edit.description.is_none() && edit.deadline.is_none() {
        return Err(RuleError::Invalid(
            "Nothing to change: give a new title, description or deadline.".into(),
        ));
    }
    let changes = TextChanges {
        title: changed(&current.title, edit.title.map(Title::into_inner)),
        description: changed(
            &current.description,
            edit.description.map(|d| d.map(Note::into_inner)),
        ),
        deadline: changed(&current.deadline, edit.deadline),
    };
    if let Some(deadline) = &changes.deadline {
        if status.is_final() {
            return Err(RuleError::Conflict(
                "This task is finished: its deadline stays the one it was judged against. Reopen it first.".into(),
            ));
        }
        if edit.reason.is_none() {
            return Err(RuleError::Invalid(
                "Please give the reason the deadline changes.".into(),
            ));
        }
        check_new_deadline(deadline.to, held_on)?;
    }
    Ok(changes)
}

/// Who carries a task out: one lead and any number of co-owners, never the lead among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owners {
    pub lead: i32,
    pub co_owners: BTreeSet<i32>,
}

impl Owners {
    pub fn new(lead: i32, co_owners: impl IntoIterator<Item = i32>) -> Owners {
        let mut co_owners: BTreeSet<i32> = co_owners.into_iter().collect();
        co_owners.remove(&lead);
        Owners { lead, co_owners }
    }

    /// The owners with a new lead, new co-owners, or both (`None` keeps the current ones). A
    /// former lead does not become a co-owner unless listed.
    pub fn changed(&self, lead: Option<i32>, co_owners: Option<&[i32]>) -> Owners {
        Owners::new(
            lead.unwrap_or(self.lead),
            co_owners.map_or_else(
                || self.co_owners.clone(),
                |ids| ids.iter().copied().collect(),
            ),
        )
    }

    /// The owners once the body `from` has handed its work over to `to`: `to` takes its place as
    /// lead or as co-owner (and is a co-owner only once, and never of what it leads).
    pub fn transferred(&self, from: i32, to: i32) -> Owners {
        let swap = |id: i32| if id == from { to } else { id };
        Owners::new(swap(self.lead), self.co_owners.iter().copied().map(swap))
    }

    /// Whether `department` owns the task, as lead or co-owner.
    pub fn includes(&self, department: i32) -> bool {
        self.lead == department || self.co_owners.contains(&department)
    }

    /// The departments that own the task here but not in `before`: those that must still take
    /// new work.
    pub fn newcomers(&self, before: &Owners) -> Vec<i32> {
        std::iter::once(self.lead)
            .chain(self.co_owners.iter().copied())
            .filter(|id| !before.includes(*id))
            .collect()
    }
}

/// Checks a change of owners of a task in `status`.
///
/// # Errors
/// `Conflict` for a finished or cancelled task: its record stays with those who did it.
pub fn check_owner_change(status: TaskStatus) -> Result<(), RuleError> {
    if status.is_final() {
        return Err(RuleError::Conflict(
            "This task is finished or cancelled: it stays with the departments that had it. Reopen it first to move it.".into(),
        ));
    }
    Ok(())
}

/// A deactivated body (merged, dissolved) takes no new tasks or co-ownerships; the refusal
/// names its successor when it has one.
///
/// # Errors
/// `Invalid` when the body is not active.
pub fn check_takes_new_work(
    name: &str,
    active: bool,
    successor: Option<&str>,
) -> Result<(), RuleError> {
    match (active, successor) {
        (true, _) => Ok(()),
        (false, Some(successor)) => Err(RuleError::Invalid(format!(
            "{name} no longer takes new tasks: its work passed to {successor}."
        ))),
        (false, None) => Err(RuleError::Invalid(format!(
            "{name} no longer takes new tasks."
        ))),
    }
}

/// Checks the successor chosen for a body's work in a reorganisation.
///
/// # Errors
/// `Invalid` when it is the body itself or no longer takes work.
pub fn check_successor(
    from: i32,
    to: i32,
    to_name: &str,
    to_active: bool,
) -> Result<(), RuleError> {
    if from == to {
        return Err(RuleError::Invalid(
            "Choose another department as the successor: a body cannot take over its own work."
                .into(),
        ));
    }
    if !to_active {
        return Err(RuleError::Invalid(format!(
            "{to_name} no longer takes new tasks: choose an active successor."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn text() -> TaskText {
        TaskText {
            title: "Kiện toàn Ban Chỉ đạo".into(),
            description: None,
            deadline: Some(day("2022-09-30")),
        }
    }

    fn note(s: &str) -> Option<Note> {
        Some(Note::parse(s, "The reason").expect("note"))
    }

    #[test]
    fn an_edit_changes_only_what_differs_and_checks_the_deadline() {
        let held_on = day("2022-08-26");
        let title = |s: &str| Some(Title::parse(s).expect("title"));
        let open = TaskStatus::InProgress;
        let cases: Vec<(&str, TaskStatus, TaskEdit, Result<TextChanges, &str>)> = vec![
            (
                "the same values again change nothing",
                open,
                TaskEdit {
                    title: title("Kiện toàn Ban Chỉ đạo"),
                    deadline: Some(Some(day("2022-09-30"))),
                    ..TaskEdit::default()
                },
                Ok(TextChanges::default()),
            ),
            (
                "a new title needs no reason",
                open,
                TaskEdit {
                    title: title("Kiện toàn Ban Chỉ đạo tỉnh"),
                    ..TaskEdit::default()
                },
                Ok(TextChanges {
                    title: Some(Change {
                        from: "Kiện toàn Ban Chỉ đạo".into(),
                        to: "Kiện toàn Ban Chỉ đạo tỉnh".into(),
                    }),
                    ..TextChanges::default()
                }),
            ),
            (
                "a description is added",
                TaskStatus::Done,
                TaskEdit {
                    description: Some(note("Theo Kế hoạch 45")),
                    ..TaskEdit::default()
                },
                Ok(TextChanges {
                    description: Some(Change {
                        from: None,
                        to: Some("Theo Kế hoạch 45".into()),
                    }),
                    ..TextChanges::default()
                }),
            ),
            (
                "a deadline moves with a reason",
                open,
                TaskEdit {
                    deadline: Some(Some(day("2022-10-31"))),
                    reason: note("Chờ Đại hội"),
                    ..TaskEdit::default()
                },
                Ok(TextChanges {
                    deadline: Some(Change {
                        from: Some(day("2022-09-30")),
                        to: Some(day("2022-10-31")),
                    }),
                    ..TextChanges::default()
                }),
            ),
            (
                "a deadline is removed: the task becomes ongoing",
                open,
                TaskEdit {
                    deadline: Some(None),
                    reason: note("Nhiệm vụ thường xuyên"),
                    ..TaskEdit::default()
                },
                Ok(TextChanges {
                    deadline: Some(Change {
                        from: Some(day("2022-09-30")),
                        to: None,
                    }),
                    ..TextChanges::default()
                }),
            ),
            (
                "a deadline without a reason",
                open,
                TaskEdit {
                    deadline: Some(Some(day("2022-10-31"))),
                    ..TaskEdit::default()
                },
                Err("Invalid"),
            ),
            (
                "a deadline before the meeting",
                open,
                TaskEdit {
                    deadline: Some(Some(day("2022-08-01"))),
                    reason: note("Nhầm"),
                    ..TaskEdit::default()
                },
                Err("Invalid"),
            ),
            (
                "a finished task's deadline",
                TaskStatus::Done,
                TaskEdit {
                    deadline: Some(Some(day("2022-10-31"))),
                    reason: note("Sửa"),
                    ..TaskEdit::default()
                },
                Err("Conflict"),
            ),
            ("nothing given", open, TaskEdit::default(), Err("Invalid")),
        ];
        for (label, status, edit, expected) in cases {
            let got = plan_edit(&text(), status, held_on, edit);
            match (got, expected) {
                (Ok(changes), Ok(want)) => assert_eq!(changes, want, "{label}"),
                (Err(RuleError::Invalid(_)), Err("Invalid"))
                | (Err(RuleError::Conflict(_)), Err("Conflict")) => {}
                (got, want) => panic!("{label}: got {got:?}, expected {want:?}"),
            }
        }
    }

    #[test]
    fn changes_apply_to_the_text() {
        let changes = TextChanges {
            deadline: Some(Change {
                from: Some(day("2022-09-30")),
                to: None,
            }),
            ..TextChanges::default()
        };
        let after = changes.applied_to(&text());
        assert_eq!(after.deadline, None);
        assert_eq!(after.title, text().title);
    }

    #[test]
    fn a_split_directives_edit_reaches_its_subtasks() {
        let edit = TextChanges {
            title: Some(Change {
                from: "Kiện toàn Ban Chỉ đạo".into(),
                to: "Kiện toàn Ban Chỉ đạo cấp huyện".into(),
            }),
            deadline: Some(Change {
                from: Some(day("2022-09-30")),
                to: Some(day("2022-10-15")),
            }),
            ..TextChanges::default()
        };
        let open = edit.for_subtask(&text(), true);
        assert_eq!(open, edit);
        let done = edit.for_subtask(&text(), false);
        assert_eq!(done.deadline, None, "a finished subtask keeps its deadline");
        assert!(done.title.is_some());
        let already = edit.for_subtask(&edit.applied_to(&text()), true);
        assert!(already.is_empty(), "nothing left to change");
    }

    #[test]
    fn owners_change_and_transfer() {
        let owners = Owners::new(1, [2, 3]);
        let cases = [
            (
                "a new lead",
                owners.changed(Some(4), None),
                Owners::new(4, [2, 3]),
            ),
            (
                "a co-owner becomes the lead and leaves the co-owners",
                owners.changed(Some(2), None),
                Owners::new(2, [3]),
            ),
            (
                "new co-owners, the lead among them ignored",
                owners.changed(None, Some(&[1, 5])),
                Owners::new(1, [5]),
            ),
            (
                "the lead hands over",
                owners.transferred(1, 9),
                Owners::new(9, [2, 3]),
            ),
            (
                "a co-owner hands over",
                owners.transferred(3, 9),
                Owners::new(1, [2, 9]),
            ),
            (
                "a co-owner hands over to the lead: the lead stays lead only",
                owners.transferred(3, 1),
                Owners::new(1, [2]),
            ),
            (
                "the lead hands over to a co-owner",
                owners.transferred(1, 2),
                Owners::new(2, [3]),
            ),
            (
                "two co-owners merge",
                owners.transferred(2, 3),
                Owners::new(1, [3]),
            ),
            (
                "an outsider hands over nothing",
                owners.transferred(8, 9),
                owners.clone(),
            ),
        ];
        for (label, got, expected) in cases {
            assert_eq!(got, expected, "{label}");
        }
        assert_eq!(
            Owners::new(4, [2, 5]).newcomers(&owners),
            vec![4, 5],
            "only those not already owners"
        );
        assert!(check_takes_new_work("Sở Tài chính", true, None).is_ok());
        assert_eq!(
            check_takes_new_work("UBND huyện Vũ Thư", false, Some("UBND xã Vũ Thư")),
            Err(RuleError::Invalid(
                "UBND huyện Vũ Thư no longer takes new tasks: its work passed to UBND xã Vũ Thư."
                    .into()
            ))
        );
        assert!(check_successor(1, 2, "Sở Tài chính", true).is_ok());
        assert!(check_successor(1, 1, "Sở Tài chính", true).is_err());
        assert!(check_successor(1, 2, "UBND huyện Vũ Thư", false).is_err());
        assert!(check_owner_change(TaskStatus::Submitted).is_ok());
        assert!(matches!(
            check_owner_change(TaskStatus::Cancelled),
            Err(RuleError::Conflict(_))
        ));
    }
}
