//! Who may do what. A liaison acts for their department; the chair and the secretary act on
//! their committee; everyone signed in may read.

use std::fmt;
use std::str::FromStr;

use super::status::Mover;
use super::{RuleError, TaskStatus};

/// The part a person plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Chair,
    Secretary,
    Liaison,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Chair,
        Role::Secretary,
        Role::Liaison,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::Chair => "CHAIR",
            Role::Secretary => "SECRETARY",
            Role::Liaison => "LIAISON",
            Role::Viewer => "VIEWER",
        }
    }
}

impl Role {
    /// Checks the department given for a person of this role: a liaison acts for exactly one,
    /// the other roles for none.
    ///
    /// # Errors
    /// `Invalid` otherwise.
    pub fn check_department(self, department: Option<i32>) -> Result<(), RuleError> {
        match (self, department) {
            (Role::Liaison, None) => Err(RuleError::Invalid(
                "A liaison must belong to a department: give departmentId.".into(),
            )),
            (Role::Liaison, Some(_)) | (_, None) => Ok(()),
            (_, Some(_)) => Err(RuleError::Invalid(
                "Only liaisons belong to a department; leave departmentId out for this role."
                    .into(),
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = RuleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.to_ascii_uppercase();
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == upper)
            .ok_or_else(|| {
                RuleError::Invalid(format!(
                    "Unknown role {s}; use ADMIN, CHAIR, SECRETARY, LIAISON or VIEWER."
                ))
            })
    }
}

/// The signed-in person making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i32,
    pub role: Role,
    /// Set for liaisons: the department they act for.
    pub department_id: Option<i32>,
}

/// How the actor stands towards one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskRelation {
    /// The actor's department leads the task.
    Lead,
    /// The actor's department is a co-owner.
    CoOwner,
    Unrelated,
}

/// How a person stands towards one committee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitteeStanding {
    /// They chair it.
    pub chairs: bool,
    /// They are one of its members (its secretaries and viewers).
    pub member: bool,
}

impl CommitteeStanding {
    /// How `actor` stands towards a committee that `chair` chairs, `member` saying whether
    /// they are on its list of members.
    pub fn of(actor: &Actor, chair: Option<i32>, member: bool) -> CommitteeStanding {
        CommitteeStanding {
            chairs: chair == Some(actor.user_id),
            member,
        }
    }
}

/// What the actor may do with a task, given its committee and owners.
#[derive(Debug, Clone, Copy)]
pub struct TaskAccess {
    pub relation: TaskRelation,
    /// How the actor stands towards the task's committee.
    pub committee: CommitteeStanding,
}

impl TaskAccess {
    /// How `actor` stands towards a task that `lead` leads and `co_owners` co-own, in a
    /// committee towards which they stand as `committee` says.
    pub fn of(
        actor: &Actor,
        lead: i32,
        co_owners: &[i32],
        committee: CommitteeStanding,
    ) -> TaskAccess {
        let relation = match actor.department_id {
            Some(department) if department == lead => TaskRelation::Lead,
            Some(department) if co_owners.contains(&department) => TaskRelation::CoOwner,
            _ => TaskRelation::Unrelated,
        };
        TaskAccess {
            relation,
            committee,
        }
    }

    fn chairs_committee(self) -> bool {
        self.committee.chairs
    }

    fn serves_committee(self) -> bool {
        self.committee.member
    }
}

/// What a task is like, as far as who may act on it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskShape {
    pub status: TaskStatus,
    /// Split into subtasks: its progress and status follow theirs.
    pub split: bool,
    pub has_deadline: bool,
}

/// What a person may do with a task as it stands now: the forms a page offers. Built on the
/// same rules that refuse the changes themselves, so a page never offers what would be refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Allowed {
    /// Change the progress or the status.
    pub report: bool,
    /// Add a note to the journal.
    pub note: bool,
    /// Submit the work for review.
    pub submit: bool,
    /// Ask for a later deadline.
    pub extend: bool,
    /// Accept or return submitted work.
    pub review: bool,
    /// Decide the task's extension requests.
    pub decide: bool,
    pub cancel: bool,
    /// Reopen a finished or cancelled task.
    pub reopen: bool,
    /// Correct the wording or move the deadline.
    pub edit: bool,
    /// Give the task to another lead or change its co-owners.
    pub change_owners: bool,
}

fn forbidden(message: &str) -> RuleError {
    RuleError::Forbidden(message.to_string())
}

/// A chair acts on the committee they chair; other committees' tasks are only theirs to read.
fn other_committee() -> RuleError {
    forbidden("You chair another committee: this task is for its own committee's chair to act on.")
}

/// A secretary acts on the committees they serve; others' tasks are only theirs to read.
fn not_their_secretariat() -> RuleError {
    forbidden(
        "You are not a secretary of this committee: an administrator can add you to its members.",
    )
}

impl Actor {
    /// Departments, users and committees are kept by administrators.
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn may_manage_directory(&self) -> Result<(), RuleError> {
        match self.role {
            Role::Admin => Ok(()),
            _ => Err(forbidden(
                "Only an administrator can manage departments, users and committees.",
            )),
        }
    }

    /// Recording meetings and assigning directives is the work of the committee's chair and
    /// secretaries.
    ///
    /// # Errors
    /// `Forbidden` for liaisons, viewers, the chair of another committee and a secretary who is
    /// not one of the committee's members.
    pub fn may_record_meetings(&self, committee: CommitteeStanding) -> Result<(), RuleError> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Secretary if committee.member => Ok(()),
            Role::Secretary => Err(not_their_secretariat()),
            Role::Chair if committee.chairs => Ok(()),
            _ => Err(forbidden(
                "Only the committee's chair or secretary can record meetings and assign tasks.",
            )),
        }
    }

    /// Who may change a task's progress and status, and as whom the status machine sees them.
    ///
    /// # Errors
    /// `Forbidden` for co-owners (they may only add notes), other departments, viewers and the
    /// chair of another committee.
    pub fn may_report(&self, access: TaskAccess) -> Result<Mover, RuleError> {
        match self.role {
            Role::Admin => Ok(Mover::Chair),
            Role::Chair if access.chairs_committee() => Ok(Mover::Chair),
            Role::Chair => Err(other_committee()),
            Role::Secretary if access.serves_committee() => Ok(Mover::Reporter),
            Role::Secretary => Err(not_their_secretariat()),
            Role::Liaison => match access.relation {
                TaskRelation::Lead => Ok(Mover::Reporter),
                TaskRelation::CoOwner => Err(forbidden(
                    "Your department co-owns this task: you can add notes, but only the lead department changes its progress or status.",
                )),
                TaskRelation::Unrelated => Err(forbidden(
                    "Your department is not an owner of this task.",
                )),
            },
            Role::Viewer => Err(forbidden("Viewers can read tasks but not change them.")),
        }
    }

    /// Adding a note to the journal: every owner, the chair and the secretary.
    ///
    /// # Errors
    /// `Forbidden` for other departments, viewers and the chair of another committee.
    pub fn may_add_note(&self, access: TaskAccess) -> Result<(), RuleError> {
        match (self.role, access.relation) {
            (Role::Admin, _) => Ok(()),
            (Role::Secretary, _) if access.serves_committee() => Ok(()),
            (Role::Secretary, _) => Err(not_their_secretariat()),
            (Role::Chair, _) if access.chairs_committee() => Ok(()),
            (Role::Chair, _) => Err(other_committee()),
            (Role::Liaison, TaskRelation::Lead | TaskRelation::CoOwner) => Ok(()),
            (Role::Liaison, TaskRelation::Unrelated) => {
                Err(forbidden("Your department is not an owner of this task."))
            }
            (Role::Viewer, _) => Err(forbidden("Viewers can read tasks but not change them.")),
        }
    }

    /// Accepting or returning submitted work, and deciding extensions, is the chair's.
    ///
    /// # Errors
    /// `Forbidden` for anyone but the committee's chair or an administrator.
    pub fn may_decide(&self, access: TaskAccess) -> Result<(), RuleError> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Chair if access.chairs_committee() => Ok(()),
            _ => Err(forbidden(
                "Only the committee's chair can accept work, return it or decide extensions.",
            )),
        }
    }

    /// Asking for a later deadline is for the lead department (or the secretary on its behalf).
    ///
    /// # Errors
    /// `Forbidden` for co-owners, other departments, viewers and the chair, who decides instead.
    pub fn may_request_extension(&self, access: TaskAccess) -> Result<(), RuleError> {
        match (self.role, access.relation) {
            (Role::Admin, _) | (Role::Liaison, TaskRelation::Lead) => Ok(()),
            (Role::Secretary, _) if access.serves_committee() => Ok(()),
            _ => Err(forbidden(
                "Only the lead department can ask for a later deadline.",
            )),
        }
    }

    /// Cancelling a task is for the chair and the secretary.
    ///
    /// # Errors
    /// `Forbidden` for liaisons, viewers and the chair of another committee.
    pub fn may_cancel(&self, access: TaskAccess) -> Result<(), RuleError> {
        self.may_record_meetings(access.committee)
            .map_err(|_| forbidden("Only the committee's chair or secretary can cancel a task."))
    }

    /// Editing a directive and changing its owners is for those who assigned it: the chair and
    /// the secretary.
    ///
    /// # Errors
    /// `Forbidden` for liaisons, viewers and the chair of another committee.
    pub fn may_edit_task(&self, access: TaskAccess) -> Result<(), RuleError> {
        self.may_record_meetings(access.committee).map_err(|_| {
            forbidden(
                "Only the committee's chair or secretary can edit a task or change its owners.",
            )
        })
    }
}

impl Actor {
    /// Everything this person may do with a task of this shape.
    pub fn allowed(&self, access: TaskAccess, task: TaskShape) -> Allowed {
        let working = !task.split && task.status.is_being_worked_on();
        let mover = self.may_report(access).ok();
        Allowed {
            report: working && mover.is_some(),
            note: !task.split && !task.status.is_final() && self.may_add_note(access).is_ok(),
            submit: working && mover.is_some(),
            extend: working && task.has_deadline && self.may_request_extension(access).is_ok(),
            review: !task.split
                && task.status == TaskStatus::Submitted
                && self.may_decide(access).is_ok(),
            decide: self.may_decide(access).is_ok(),
            cancel: !task.status.is_final() && self.may_cancel(access).is_ok(),
            reopen: task.status.is_final() && mover == Some(Mover::Chair),
            edit: self.may_edit_task(access).is_ok(),
            change_owners: !task.status.is_final() && self.may_edit_task(access).is_ok(),
        }
    }
}

/// Whose reminders a person may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderScope {
    All,
    /// Only those about tasks the department leads.
    Department(i32),
}

impl Actor {
    /// The chair and the secretary see every reminder; a liaison sees their department's.
    ///
    /// # Errors
    /// `Forbidden` for viewers.
    pub fn reminder_scope(&self) -> Result<ReminderScope, RuleError> {
        match (self.role, self.department_id) {
            (Role::Admin | Role::Chair | Role::Secretary, _) => Ok(ReminderScope::All),
            (Role::Liaison, Some(department)) => Ok(ReminderScope::Department(department)),
            _ => Err(forbidden(
                "Reminders are shown to the chair, the secretary and liaisons.",
            )),
        }
    }

    /// Chasing a task by mail at once is for the chair and the secretaries.
    ///
    /// # Errors
    /// `Forbidden` for liaisons, viewers, and the chair or a secretary of another committee.
    pub fn may_chase(&self, committee: CommitteeStanding) -> Result<(), RuleError> {
        self.may_record_meetings(committee).map_err(|_| {
            forbidden("Only the committee's chair or secretary can send a reminder now.")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: 1,
            role,
            department_id: (role == Role::Liaison).then_some(7),
        }
    }

    /// In their committee (or not): the chair chairs it, a secretary serves it.
    fn standing(in_committee: bool) -> CommitteeStanding {
        CommitteeStanding {
            chairs: in_committee,
            member: in_committee,
        }
    }

    fn access(relation: TaskRelation, in_committee: bool) -> TaskAccess {
        TaskAccess {
            relation,
            committee: standing(in_committee),
        }
    }

    #[test]
    fn each_role_may_do_what_domain_md_says() {
        use TaskRelation::*;
        // role, relation, in the committee, report, note, decide, request extension, cancel (and
        // edit), record
        let cases = [
            (
                Role::Admin,
                Unrelated,
                false,
                true,
                true,
                true,
                true,
                true,
                true,
            ),
            (
                Role::Chair,
                Unrelated,
                true,
                true,
                true,
                true,
                false,
                true,
                true,
            ),
            (
                Role::Chair,
                Unrelated,
                false,
                false,
                false,
                false,
                false,
                false,
                false,
            ),
            (
                Role::Secretary,
                Unrelated,
                true,
                true,
                true,
                false,
                true,
                true,
                true,
            ),
            (
                Role::Secretary,
                Unrelated,
                false,
                false,
                false,
                false,
                false,
                false,
                false,
            ),
            (
                Role::Liaison,
                Lead,
                false,
                true,
                true,
                false,
                true,
                false,
                false,
            ),
            (
                Role::Liaison,
                CoOwner,
                false,
                false,
                true,
                false,
                false,
                false,
                false,
            ),
            (
                Role::Liaison,
                Unrelated,
                false,
                false,
                false,
                false,
                false,
                false,
                false,
            ),
            (
                Role::Viewer,
                Unrelated,
                false,
                false,
                false,
                false,
                false,
                false,
                false,
            ),
        ];
        for (role, relation, chairs, report, note, decide, extend, cancel, record) in cases {
            let who = actor(role);
            let on = access(relation, chairs);
            let label = format!("{role} {relation:?} chairs={chairs}");
            assert_eq!(who.may_report(on).is_ok(), report, "report: {label}");
            assert_eq!(who.may_add_note(on).is_ok(), note, "note: {label}");
            assert_eq!(who.may_decide(on).is_ok(), decide, "decide: {label}");
            assert_eq!(
                who.may_request_extension(on).is_ok(),
                extend,
                "extend: {label}"
            );
            assert_eq!(who.may_cancel(on).is_ok(), cancel, "cancel: {label}");
            assert_eq!(who.may_edit_task(on).is_ok(), cancel, "edit: {label}");
            assert_eq!(
                who.may_record_meetings(standing(chairs)).is_ok(),
                record,
                "record: {label}"
            );
        }
    }

    #[test]
    fn only_the_chair_of_the_committee_moves_tasks_as_the_chair() {
        let chair = actor(Role::Chair);
        let own = access(TaskRelation::Unrelated, true);
        let other = access(TaskRelation::Unrelated, false);
        assert_eq!(chair.may_report(own), Ok(Mover::Chair));
        assert!(
            chair.may_report(other).is_err(),
            "a chair of another committee can neither report nor submit"
        );
        assert_eq!(
            actor(Role::Liaison).may_report(access(TaskRelation::Lead, false)),
            Ok(Mover::Reporter)
        );
    }

    #[test]
    fn a_person_is_offered_exactly_what_the_rules_allow() {
        let open = TaskShape {
            status: TaskStatus::InProgress,
            split: false,
            has_deadline: true,
        };
        let submitted = TaskShape {
            status: TaskStatus::Submitted,
            ..open
        };
        let done = TaskShape {
            status: TaskStatus::Done,
            ..open
        };
        let lead = actor(Role::Liaison).allowed(access(TaskRelation::Lead, false), open);
        assert!(lead.report && lead.submit && lead.note && lead.extend);
        assert!(!lead.review && !lead.decide && !lead.cancel && !lead.reopen);
        assert!(!lead.edit && !lead.change_owners);
        let co_owner = actor(Role::Liaison).allowed(access(TaskRelation::CoOwner, false), open);
        assert_eq!(
            co_owner,
            Allowed {
                note: true,
                ..Allowed::default()
            }
        );
        let waiting = actor(Role::Liaison).allowed(access(TaskRelation::Lead, false), submitted);
        assert!(
            !waiting.report && waiting.note,
            "a note, but no new progress"
        );
        let chair = actor(Role::Chair).allowed(access(TaskRelation::Unrelated, true), submitted);
        assert!(chair.review && chair.decide && chair.cancel && !chair.extend);
        assert!(chair.edit && chair.change_owners);
        let finished = actor(Role::Secretary).allowed(access(TaskRelation::Unrelated, true), done);
        assert!(
            finished.edit && !finished.change_owners,
            "a finished task's wording may be corrected, but it stays with its owners"
        );
        assert!(
            actor(Role::Chair)
                .allowed(access(TaskRelation::Unrelated, true), done)
                .reopen
        );
        assert_eq!(
            actor(Role::Chair).allowed(access(TaskRelation::Unrelated, false), submitted),
            Allowed::default(),
            "the chair of another committee only reads"
        );
        assert_eq!(
            actor(Role::Viewer).allowed(access(TaskRelation::Unrelated, false), open),
            Allowed::default()
        );
        let split = TaskShape {
            split: true,
            ..open
        };
        let on_split = actor(Role::Secretary).allowed(access(TaskRelation::Unrelated, true), split);
        assert!(!on_split.report && !on_split.note && on_split.cancel);
    }

    #[test]
    fn access_is_worked_out_from_the_owners_and_the_chair() {
        let liaison = actor(Role::Liaison);
        let outside = CommitteeStanding::default();
        assert_eq!(
            TaskAccess::of(&liaison, 7, &[], outside).relation,
            TaskRelation::Lead
        );
        assert_eq!(
            TaskAccess::of(&liaison, 3, &[7], outside).relation,
            TaskRelation::CoOwner
        );
        assert_eq!(
            TaskAccess::of(&liaison, 3, &[4], outside).relation,
            TaskRelation::Unrelated
        );
        let chair = actor(Role::Chair);
        assert!(CommitteeStanding::of(&chair, Some(1), false).chairs);
        assert!(!CommitteeStanding::of(&chair, Some(2), false).chairs);
        assert!(CommitteeStanding::of(&actor(Role::Secretary), None, true).member);
    }

    #[test]
    fn only_administrators_manage_the_directory() {
        for role in Role::ALL {
            assert_eq!(
                actor(role).may_manage_directory().is_ok(),
                role == Role::Admin
            );
        }
    }

    #[test]
    fn reminders_are_shown_by_role() {
        assert_eq!(actor(Role::Chair).reminder_scope(), Ok(ReminderScope::All));
        assert_eq!(
            actor(Role::Secretary).reminder_scope(),
            Ok(ReminderScope::All)
        );
        assert_eq!(
            actor(Role::Liaison).reminder_scope(),
            Ok(ReminderScope::Department(7))
        );
        assert!(actor(Role::Viewer).reminder_scope().is_err());
        assert!(actor(Role::Liaison).may_chase(standing(false)).is_err());
        assert!(actor(Role::Chair).may_chase(standing(true)).is_ok());
        assert!(actor(Role::Chair).may_chase(standing(false)).is_err());
        assert!(actor(Role::Secretary).may_chase(standing(true)).is_ok());
        assert!(actor(Role::Secretary).may_chase(standing(false)).is_err());
    }

    #[test]
    fn only_liaisons_belong_to_a_department() {
        assert!(Role::Liaison.check_department(Some(3)).is_ok());
        assert!(Role::Liaison.check_department(None).is_err());
        assert!(Role::Secretary.check_department(None).is_ok());
        assert!(Role::Chair.check_department(Some(3)).is_err());
    }

    #[test]
    fn roles_parse_in_any_case() {
        assert_eq!("liaison".parse::<Role>(), Ok(Role::Liaison));
        assert!("boss".parse::<Role>().is_err());
    }
}
