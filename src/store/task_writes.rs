//! Changing tasks: assigning, reporting, reviewing and cancelling (extensions, in
//! [`super::extensions`], use the same steps). Each function is
//! one transaction that checks the domain's rules against rows it has locked, writes the change
//! with a compare-and-set on the task's version, journals it, and rolls it up to the parent.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, UpdateMany,
};

use super::entities::{
    attachment, committee, department, meeting, task, task_co_owner, task_update,
};
use super::{Store, StoreError};
use crate::domain::calendar::{local_day, parse_time_zone, WorkCalendar};
use crate::domain::changes::{
    apply_cancel, apply_report, apply_review, check_new_deadline, Report, TaskState,
};
use crate::domain::edits::{check_takes_new_work, Change, Owners};
use crate::domain::journal::{AssignedFrom, SystemNote};
use crate::domain::permissions::{Allowed, TaskAccess, TaskShape};
use crate::domain::reminders::ReminderKind;
use crate::domain::rollup::{roll_up, SubtaskState};
use crate::domain::search::fold;
use crate::domain::validate::{Language, Note, Progress, Reference, Title};
use crate::domain::{Actor, RuleError, TaskStatus};
use crate::store::reminders::{addressees_on, write_notices, Audience, NewReminder};

/// A directive to assign at a meeting, already validated.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub meeting_id: i32,
    pub title: Title,
    pub description: Option<Note>,
    pub lead_id: i32,
    pub co_owner_ids: Vec<i32>,
    pub deadline: Option<NaiveDate>,
    /// One subtask per department, each its own lead.
    pub split_across: Vec<i32>,
}

/// A progress report on one task, already validated.
#[derive(Debug, Clone)]
pub struct TaskReport {
    pub task_id: i32,
    pub expected_version: Option<i32>,
    pub status: Option<TaskStatus>,
    pub progress: Option<Progress>,
    pub note: Option<Note>,
    /// The report's own document number and date.
    pub document: Option<ReportDocument>,
    /// Files already kept in the documents folder, to list with the entry.
    pub attachments: Vec<NewAttachment>,
}

impl TaskReport {
    /// Whether it carries a document: a number and date, or files.
    fn has_document(&self) -> bool {
        self.document.is_some() || !self.attachments.is_empty()
    }
}

/// A report's document: "Báo cáo số 45/BC-SNN ngày 12/10/2022".
#[derive(Debug, Clone)]
pub struct ReportDocument {
    pub number: Option<Reference>,
    pub date: Option<NaiveDate>,
}

/// A file kept in the documents folder, to attach to a journal entry.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

impl TaskReport {
    /// A report the program writes itself (the demo, `dondoc generate`), from plain values
    /// checked as a person's would be; it does not compare versions.
    ///
    /// # Errors
    /// `Invalid` for a percentage outside 0 to 100 or a note that is not one.
    pub fn scripted(
        task_id: i32,
        status: Option<TaskStatus>,
        progress: Option<i32>,
        note: &str,
    ) -> Result<TaskReport, RuleError> {
        Ok(TaskReport {
            task_id,
            expected_version: None,
            status,
            progress: progress.map(Progress::parse).transpose()?,
            note: Some(Note::parse(note, "The note")?),
            document: None,
            attachments: Vec::new(),
        })
    }
}

/// The language a committee's journal notes are written in.
fn language_of(committee: &committee::Model) -> Language {
    Language::parse(&committee.language).unwrap_or(Language::Vietnamese)
}

pub(super) fn state_of(task: &task::Model) -> Result<TaskState, StoreError> {
    Ok(TaskState {
        status: task.status.parse()?,
        progress: task.progress,
        deadline: task.deadline,
        submitted_on: task.submitted_on,
        completed_on: task.completed_on,
    })
}

/// What one journal entry records: who, when, why, and what changed.
pub(super) struct Entry<'a> {
    pub(super) task_id: i32,
    pub(super) author_id: i32,
    pub(super) at: DateTime<Utc>,
    pub(super) note: &'a str,
    pub(super) before: Option<TaskState>,
    pub(super) after: TaskState,
}

pub(super) async fn journal(txn: &DatabaseTransaction, entry: Entry<'_>) -> Result<(), StoreError> {
    journal_amended(txn, entry, &Amendment::default()).await?;
    Ok(())
}

/// What an edit or a change of owners changed beside the state, for the journal.
#[derive(Debug, Default)]
pub(super) struct Amendment {
    pub(super) title: Option<Change<String>>,
    pub(super) description: Option<Change<Option<String>>>,
    pub(super) owners: Option<Change<Owners>>,
    pub(super) document: Option<ReportDocument>,
}

/// Department ids as the journal keeps them: "3,7", or "" for none.
pub(super) fn id_list(ids: &BTreeSet<i32>) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// Reads back an [`id_list`]; `None` when the stored text is not one.
pub fn parse_id_list(raw: &str) -> Option<Vec<i32>> {
    raw.split(',')
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect()
}

/// Writes one journal entry; returns its id.
pub(super) async fn journal_amended(
    txn: &DatabaseTransaction,
    entry: Entry<'_>,
    amendment: &Amendment,
) -> Result<i32, StoreError> {
    let before = entry.before;
    let status_changed = before.is_none_or(|b| b.status != entry.after.status);
    let progress_changed = before.is_none_or(|b| b.progress != entry.after.progress);
    let deadline_changed = before.is_some_and(|b| b.deadline != entry.after.deadline);
    let lead = amendment
        .owners
        .as_ref()
        .filter(|o| o.from.lead != o.to.lead);
    let co_owners = amendment
        .owners
        .as_ref()
        .filter(|o| o.from.co_owners != o.to.co_owners);
    let written = task_update::ActiveModel {
        task_id: Set(entry.task_id),
        author_id: Set(entry.author_id),
        at: Set(entry.at),
        note: Set(entry.note.to_string()),
        progress: Set(progress_changed.then_some(entry.after.progress)),
        status_from: Set(before
            .filter(|_| status_changed)
            .map(|b| b.status.as_str().to_string())),
        status_to: Set(status_changed.then(|| entry.after.status.as_str().to_string())),
        deadline_from: Set(before.filter(|_| deadline_changed).and_then(|b| b.deadline)),
        deadline_to: Set(deadline_changed.then_some(entry.after.deadline).flatten()),
        title_from: Set(amendment.title.as_ref().map(|c| c.from.clone())),
        title_to: Set(amendment.title.as_ref().map(|c| c.to.clone())),
        description_from: Set(amendment.description.as_ref().and_then(|c| c.from.clone())),
        description_to: Set(amendment.description.as_ref().and_then(|c| c.to.clone())),
        lead_from: Set(lead.map(|o| o.from.lead)),
        lead_to: Set(lead.map(|o| o.to.lead)),
        co_owners_from: Set(co_owners.map(|o| id_list(&o.from.co_owners))),
        co_owners_to: Set(co_owners.map(|o| id_list(&o.to.co_owners))),
        document_number: Set(amendment
            .document
            .as_ref()
            .and_then(|d| d.number.clone())
            .map(Reference::into_inner)),
        document_date: Set(amendment.document.as_ref().and_then(|d| d.date)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(written.id)
}

/// Writes columns of a task, and its next version, if nobody changed it since it was read.
pub(super) async fn write_task(
    txn: &DatabaseTransaction,
    current: &task::Model,
    now: DateTime<Utc>,
    columns: impl FnOnce(UpdateMany<task::Entity>) -> UpdateMany<task::Entity>,
) -> Result<(), StoreError> {
    use task::Column as C;
    let update = task::Entity::update_many()
        .col_expr(C::Version, Expr::value(current.version + 1))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(current.id))
        .filter(C::Version.eq(current.version));
    if columns(update).exec(txn).await?.rows_affected == 0 {
        return Err(stale());
    }
    Ok(())
}

/// Writes a task's new state if nobody changed it since it was read.
pub(super) async fn save_state(
    txn: &DatabaseTransaction,
    calendar: &WorkCalendar,
    current: &task::Model,
    next: TaskState,
    now: DateTime<Utc>,
) -> Result<task::Model, StoreError> {
    use task::Column as C;
    let due_on = next.deadline.map(|d| calendar.due_day(d));
    write_task(txn, current, now, |update| {
        update
            .col_expr(C::Status, Expr::value(next.status.as_str()))
            .col_expr(C::Progress, Expr::value(next.progress))
            .col_expr(C::Deadline, Expr::value(next.deadline))
            .col_expr(C::DueOn, Expr::value(due_on))
            .col_expr(C::SubmittedOn, Expr::value(next.submitted_on))
            .col_expr(C::CompletedOn, Expr::value(next.completed_on))
    })
    .await?;
    Ok(task::Model {
        status: next.status.as_str().to_string(),
        progress: next.progress,
        deadline: next.deadline,
        due_on,
        submitted_on: next.submitted_on,
        completed_on: next.completed_on,
        version: current.version + 1,
        updated_at: now,
        ..current.clone()
    })
}

/// Counts a journal note as a change of the task: its version moves so that others notice.
async fn touch(
    txn: &DatabaseTransaction,
    calendar: &WorkCalendar,
    current: &task::Model,
    now: DateTime<Utc>,
) -> Result<task::Model, StoreError> {
    save_state(txn, calendar, current, state_of(current)?, now).await
}

pub(super) fn stale() -> StoreError {
    RuleError::Conflict(
        "Someone else changed this task in the meantime. Reload it to see their change, then try again."
            .into(),
    )
    .into()
}

/// Loads a task for changing it; on PostgreSQL the row stays locked until the transaction ends
/// (SQLite's immediate transaction already holds the write lock).
pub(super) async fn lock_task(
    txn: &DatabaseTransaction,
    id: i32,
) -> Result<task::Model, StoreError> {
    task::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::not_found("The task"))
}

pub(super) async fn has_subtasks(txn: &DatabaseTransaction, id: i32) -> Result<bool, StoreError> {
    Ok(task::Entity::find()
        .filter(task::Column::ParentId.eq(id))
        .count(txn)
        .await?
        > 0)
}

/// How the actor stands towards the task, and the task's committee, on any connection.
async fn access_on(
    db: &impl ConnectionTrait,
    actor: &Actor,
    task: &task::Model,
) -> Result<(TaskAccess, committee::Model), StoreError> {
    let committee = committee::Entity::find_by_id(task.committee_id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::not_found("The committee"))?;
    let co_owners: Vec<i32> = task_co_owner::Entity::find()
        .filter(task_co_owner::Column::TaskId.eq(task.id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.department_id)
        .collect();
    let standing = super::committees::standing_in(db, actor, &committee).await?;
    let access = TaskAccess::of(actor, task.lead_id, &co_owners, standing);
    Ok((access, committee))
}

/// How the actor stands towards the task, the committee's current day, and its language.
pub(super) async fn access_to(
    txn: &DatabaseTransaction,
    actor: &Actor,
    task: &task::Model,
    now: DateTime<Utc>,
) -> Result<(TaskAccess, NaiveDate, Language), StoreError> {
    let (access, committee) = access_on(txn, actor, task).await?;
    let today = local_day(parse_time_zone(&committee.time_zone)?, now);
    Ok((access, today, language_of(&committee)))
}

impl Store {
    /// Everything `actor` may do with `task` as it stands, by the same rules the changes
    /// themselves are checked with: what a page offers.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn allowed(&self, actor: &Actor, task: &task::Model) -> Result<Allowed, StoreError> {
        let (access, _) = access_on(self.connection(), actor, task).await?;
        let split = task::Entity::find()
            .filter(task::Column::ParentId.eq(task.id))
            .count(self.connection())
            .await?
            > 0;
        Ok(actor.allowed(
            access,
            TaskShape {
                status: task.status.parse::<TaskStatus>()?,
                split,
                has_deadline: task.deadline.is_some(),
            },
        ))
    }
}

/// What a notice to the lead tells of.
pub(super) struct Notice<'a> {
    pub(super) kind: ReminderKind,
    /// Names the change, so that every change has its own notice, however many happen on one
    /// day.
    pub(super) occasion: String,
    /// The chair's reason or note.
    pub(super) detail: Option<&'a str>,
}

/// Tells the task's lead department of a change through the outbox, in the caller's transaction,
/// so the notice exists exactly when the change does.
pub(super) async fn notify_lead(
    txn: &DatabaseTransaction,
    task: &task::Model,
    notice: Notice<'_>,
    today: NaiveDate,
    now: DateTime<Utc>,
    delay: chrono::Duration,
) -> Result<(), StoreError> {
    notify(txn, task, task.lead_id, notice, today, now, delay).await
}

/// Tells one department's liaisons and address of a change to a task, as [`notify_lead`] does.
pub(super) async fn notify(
    txn: &DatabaseTransaction,
    task: &task::Model,
    department_id: i32,
    notice: Notice<'_>,
    today: NaiveDate,
    now: DateTime<Utc>,
    delay: chrono::Duration,
) -> Result<(), StoreError> {
    let addressees = addressees_on(txn, &[department_id])
        .await?
        .remove(&department_id)
        .unwrap_or_default();
    let notices: Vec<NewReminder> = addressees
        .into_iter()
        .map(|addressee| NewReminder {
            committee_id: task.committee_id,
            detail: notice.detail.map(str::to_string),
            task_id: task.id,
            recipient: addressee.email,
            recipient_name: addressee.name,
            audience: Audience::Lead,
            kind: notice.kind,
            for_day: today,
            occasion: notice.occasion.clone(),
        })
        .collect();
    write_notices(txn, &notices, now, now + delay).await
}

/// Checks that every department given exists and still takes new work.
///
/// # Errors
/// `NotFound` for an unknown department, `Invalid` for a deactivated one (naming its successor
/// when it has one).
pub(super) async fn check_takes_work(
    txn: &DatabaseTransaction,
    ids: &[i32],
) -> Result<(), StoreError> {
    let found = department::Entity::find()
        .filter(department::Column::Id.is_in(ids.iter().copied()))
        .all(txn)
        .await?;
    let distinct: BTreeSet<i32> = ids.iter().copied().collect();
    if found.len() != distinct.len() {
        return Err(StoreError::not_found("One of the departments given"));
    }
    let Some(inactive) = found.iter().find(|d| d.deactivated_at.is_some()) else {
        return Ok(());
    };
    let successor = match inactive.successor_id {
        Some(id) => department::Entity::find_by_id(id).one(txn).await?,
        None => None,
    };
    Ok(check_takes_new_work(
        &inactive.name,
        false,
        successor.as_ref().map(|s| s.name.as_str()),
    )?)
}

fn derived_from_subtasks() -> StoreError {
    RuleError::Invalid(
        "This directive is split into subtasks, one per department: its status and progress follow theirs, so report on the subtasks instead."
            .into(),
    )
    .into()
}

/// Recomputes a parent from its subtasks and journals the change, if any.
async fn refresh_parent(
    txn: &DatabaseTransaction,
    calendar: &WorkCalendar,
    parent_id: Option<i32>,
    author_id: i32,
    now: DateTime<Utc>,
    language: Language,
) -> Result<(), StoreError> {
    let Some(parent_id) = parent_id else {
        return Ok(());
    };
    let parent = lock_task(txn, parent_id).await?;
    let subtasks = task::Entity::find()
        .filter(task::Column::ParentId.eq(parent_id))
        .all(txn)
        .await?;
    let states = subtasks
        .iter()
        .map(|s| {
            Ok(SubtaskState {
                status: s.status.parse()?,
                progress: s.progress,
                submitted_on: s.submitted_on,
                completed_on: s.completed_on,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let rolled = roll_up(&states);
    let before = state_of(&parent)?;
    let after = TaskState {
        status: rolled.status,
        progress: rolled.progress,
        submitted_on: rolled.submitted_on,
        completed_on: rolled.completed_on,
        ..before
    };
    if after != before {
        save_state(txn, calendar, &parent, after, now).await?;
        journal(
            txn,
            Entry {
                task_id: parent_id,
                author_id,
                at: now,
                note: &SystemNote::RolledUp.text(language),
                before: Some(before),
                after,
            },
        )
        .await?;
    }
    Ok(())
}

impl Store {
    /// Assigns a directive at a meeting: the task, its co-owners, one subtask per department it is
    /// split across, and the journal's first entries, all or nothing.
    ///
    /// # Errors
    /// `NotFound` for an unknown meeting or department, `Forbidden` unless the actor records
    /// meetings for the committee, `Invalid` for a deadline before the meeting.
    pub async fn assign_task(
        &self,
        actor: &Actor,
        new: NewTask,
        now: DateTime<Utc>,
    ) -> Result<task::Model, StoreError> {
        let txn = self.begin_write().await?;
        let (meeting, committee) = self
            .meeting_to_assign_at(&txn, actor, new.meeting_id)
            .await?;
        let assigned = self
            .insert_directive(
                &txn,
                actor,
                (&meeting, &committee),
                new,
                AssignedFrom::Form,
                now,
            )
            .await?;
        txn.commit().await?;
        Ok(assigned)
    }

    /// The meeting and its committee, once `actor` is found to assign directives there.
    pub(super) async fn meeting_to_assign_at(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        meeting_id: i32,
    ) -> Result<(meeting::Model, committee::Model), StoreError> {
        let meeting = meeting::Entity::find_by_id(meeting_id)
            .one(txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The meeting"))?;
        let committee = committee::Entity::find_by_id(meeting.committee_id)
            .one(txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The committee"))?;
        actor.may_record_meetings(super::committees::standing_in(txn, actor, &committee).await?)?;
        Ok((meeting, committee))
    }

    /// Writes one directive in the caller's transaction: the task, its co-owners, its subtasks,
    /// its first journal entries and the leads' notices.
    pub(super) async fn insert_directive(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        (meeting, committee): (&meeting::Model, &committee::Model),
        new: NewTask,
        from: AssignedFrom,
        now: DateTime<Utc>,
    ) -> Result<task::Model, StoreError> {
        check_new_deadline(new.deadline, meeting.held_on)?;

        let co_owners: BTreeSet<i32> = new
            .co_owner_ids
            .iter()
            .copied()
            .filter(|id| *id != new.lead_id)
            .collect();
        let split: BTreeSet<i32> = new.split_across.iter().copied().collect();
        let mentioned: Vec<i32> = co_owners
            .iter()
            .chain(split.iter())
            .copied()
            .chain([new.lead_id])
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        check_takes_work(txn, &mentioned).await?;

        let title = new.title.into_inner();
        let description = new.description.map(Note::into_inner);
        let search_text = fold(&format!("{title} {}", description.as_deref().unwrap_or("")));
        let insert = |lead_id: i32, parent_id: Option<i32>| task::ActiveModel {
            committee_id: Set(committee.id),
            meeting_id: Set(meeting.id),
            parent_id: Set(parent_id),
            title: Set(title.clone()),
            description: Set(description.clone()),
            search_text: Set(search_text.clone()),
            lead_id: Set(lead_id),
            deadline: Set(new.deadline),
            due_on: Set(new.deadline.map(|d| self.calendar().due_day(d))),
            status: Set(TaskStatus::NotStarted.as_str().to_string()),
            progress: Set(0),
            submitted_on: Set(None),
            completed_on: Set(None),
            version: Set(1),
            created_by: Set(actor.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let assigned_note = SystemNote::Assigned {
            meeting: &meeting.title,
            from,
        }
        .text(language_of(committee));
        let today = local_day(parse_time_zone(&committee.time_zone)?, now);
        let parent = insert(new.lead_id, None).insert(txn).await?;
        let first_state = state_of(&parent)?;
        journal(
            txn,
            Entry {
                task_id: parent.id,
                author_id: actor.user_id,
                at: now,
                note: &assigned_note,
                before: None,
                after: first_state,
            },
        )
        .await?;
        if !co_owners.is_empty() {
            task_co_owner::Entity::insert_many(co_owners.iter().map(|department| {
                task_co_owner::ActiveModel {
                    task_id: Set(parent.id),
                    department_id: Set(*department),
                }
            }))
            .exec(txn)
            .await?;
        }
        if split.is_empty() {
            notify_lead(
                txn,
                &parent,
                Notice {
                    kind: ReminderKind::Assigned,
                    occasion: String::new(),
                    detail: None,
                },
                today,
                now,
                self.notice_delay(),
            )
            .await?;
        }
        for department in &split {
            let subtask = insert(*department, Some(parent.id)).insert(txn).await?;
            notify_lead(
                txn,
                &subtask,
                Notice {
                    kind: ReminderKind::Assigned,
                    occasion: String::new(),
                    detail: None,
                },
                today,
                now,
                self.notice_delay(),
            )
            .await?;
            journal(
                txn,
                Entry {
                    task_id: subtask.id,
                    author_id: actor.user_id,
                    at: now,
                    note: &assigned_note,
                    before: None,
                    after: first_state,
                },
            )
            .await?;
        }
        Ok(parent)
    }

    /// Records a progress report: a note, a percentage, a change of status, or several.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` per the permissions, `Conflict` when `expected_version` is stale or
    /// the status forbids the change, `Invalid` for an empty report, a status change without a
    /// note, or a change of a parent's derived state.
    pub async fn report_progress(
        &self,
        actor: &Actor,
        report: TaskReport,
        now: DateTime<Utc>,
    ) -> Result<task::Model, StoreError> {
        if report.status.is_none()
            && report.progress.is_none()
            && report.note.is_none()
            && !report.has_document()
        {
            return Err(RuleError::Invalid(
                "Nothing to record: give a status, a progress percentage, a note or a document."
                    .into(),
            )
            .into());
        }
        let txn = self.begin_write().await?;
        let current = lock_task(&txn, report.task_id).await?;
        let (access, today, language) = access_to(&txn, actor, &current, now).await?;
        let before = state_of(&current)?;
        let asked = Report {
            status: report.status,
            progress: report.progress,
            has_note: report.note.is_some(),
        }
        .against(before);
        let mover = if asked.changes_state() {
            Some(actor.may_report(access)?)
        } else {
            actor.may_add_note(access)?;
            None
        };
        if report
            .expected_version
            .is_some_and(|v| v != current.version)
        {
            return Err(stale());
        }
        if mover.is_none() && report.note.is_none() && !report.has_document() {
            // The same values sent again (a retry, a form saved twice): nothing to write.
            return Ok(current);
        }
        let updated = match mover {
            Some(mover) => {
                if has_subtasks(&txn, current.id).await? {
                    return Err(derived_from_subtasks());
                }
                let after = apply_report(before, asked, mover, today)?;
                save_state(&txn, self.calendar(), &current, after, now).await?
            }
            None => touch(&txn, self.calendar(), &current, now).await?,
        };
        let entry = Entry {
            task_id: current.id,
            author_id: actor.user_id,
            at: now,
            note: report.note.as_ref().map(Note::as_str).unwrap_or(""),
            before: Some(before),
            after: state_of(&updated)?,
        };
        let amendment = Amendment {
            document: report.document.clone(),
            ..Amendment::default()
        };
        self.record_change(
            txn,
            entry,
            &amendment,
            &report.attachments,
            current.parent_id,
            language,
        )
        .await?;
        Ok(updated)
    }

    /// The end of a change to one task: its journal row with the files it lists, its parent's
    /// roll-up (a split directive follows its subtasks), and the commit that makes them one
    /// change.
    async fn record_change(
        &self,
        txn: DatabaseTransaction,
        entry: Entry<'_>,
        amendment: &Amendment,
        attachments: &[NewAttachment],
        parent_id: Option<i32>,
        language: Language,
    ) -> Result<(), StoreError> {
        let (author, at, task_id) = (entry.author_id, entry.at, entry.task_id);
        let update_id = journal_amended(&txn, entry, amendment).await?;
        if !attachments.is_empty() {
            attachment::Entity::insert_many(attachments.iter().map(|file| {
                attachment::ActiveModel {
                    task_id: Set(task_id),
                    update_id: Set(update_id),
                    file_name: Set(file.file_name.clone()),
                    content_type: Set(file.content_type.clone()),
                    size_bytes: Set(file.size_bytes),
                    sha256: Set(file.sha256.clone()),
                    uploaded_by: Set(author),
                    uploaded_at: Set(at),
                    ..Default::default()
                }
            }))
            .exec(&txn)
            .await?;
        }
        refresh_parent(&txn, self.calendar(), parent_id, author, at, language).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The chair accepts submitted work (DONE) or returns it (IN_PROGRESS) with a note.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` unless the committee's chair, `Conflict` unless SUBMITTED.
    pub async fn review_task(
        &self,
        actor: &Actor,
        task_id: i32,
        accept: bool,
        note: Note,
        now: DateTime<Utc>,
    ) -> Result<task::Model, StoreError> {
        let txn = self.begin_write().await?;
        let current = lock_task(&txn, task_id).await?;
        let (access, today, language) = access_to(&txn, actor, &current, now).await?;
        actor.may_decide(access)?;
        if has_subtasks(&txn, current.id).await? {
            return Err(derived_from_subtasks());
        }
        let before = state_of(&current)?;
        let after = apply_review(before, accept, today)?;
        let updated = save_state(&txn, self.calendar(), &current, after, now).await?;
        let kind = if accept {
            ReminderKind::Accepted
        } else {
            ReminderKind::Returned
        };
        notify_lead(
            &txn,
            &updated,
            Notice {
                kind,
                occasion: format!("version {}", updated.version),
                detail: Some(note.as_str()),
            },
            today,
            now,
            self.notice_delay(),
        )
        .await?;
        let entry = Entry {
            task_id: current.id,
            author_id: actor.user_id,
            at: now,
            note: note.as_str(),
            before: Some(before),
            after,
        };
        self.record_change(
            txn,
            entry,
            &Amendment::default(),
            &[],
            current.parent_id,
            language,
        )
        .await?;
        Ok(updated)
    }

    /// Cancels an open task with a reason; cancelling a split directive cancels its open subtasks.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` unless the chair or secretary, `Conflict` when already closed.
    pub async fn cancel_task(
        &self,
        actor: &Actor,
        task_id: i32,
        reason: Note,
        now: DateTime<Utc>,
    ) -> Result<task::Model, StoreError> {
        let txn = self.begin_write().await?;
        let current = lock_task(&txn, task_id).await?;
        let (access, _, language) = access_to(&txn, actor, &current, now).await?;
        actor.may_cancel(access)?;
        let before = state_of(&current)?;
        apply_cancel(before)?;
        let subtasks = task::Entity::find()
            .filter(task::Column::ParentId.eq(current.id))
            .order_by_asc(task::Column::Id)
            .lock_exclusive()
            .all(&txn)
            .await?;
        let is_parent = !subtasks.is_empty();
        let targets = if is_parent {
            subtasks
        } else {
            vec![current.clone()]
        };
        for target in targets {
            let was = state_of(&target)?;
            if was.status.is_final() {
                continue;
            }
            let after = apply_cancel(was)?;
            save_state(&txn, self.calendar(), &target, after, now).await?;
            journal(
                &txn,
                Entry {
                    task_id: target.id,
                    author_id: actor.user_id,
                    at: now,
                    note: reason.as_str(),
                    before: Some(was),
                    after,
                },
            )
            .await?;
        }
        let rolled_up_task = if is_parent {
            Some(current.id)
        } else {
            current.parent_id
        };
        refresh_parent(
            &txn,
            self.calendar(),
            rolled_up_task,
            actor.user_id,
            now,
            language,
        )
        .await?;
        let updated = task::Entity::find_by_id(current.id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The task"))?;
        txn.commit().await?;
        Ok(updated)
    }
}
