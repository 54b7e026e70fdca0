//! Changing a directive after the meeting (its wording, its deadline, its owners) and moving a
//! body's open work to its successor. Each function is one transaction with the same steps as
//! [`super::task_writes`]: lock, check the domain's rules, write with a compare-and-set on the
//! version, journal before and after, notify through the outbox.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::entities::{committee, department, meeting, task, task_co_owner, user};
use super::task_writes::{
    access_to, check_takes_work, journal_amended, lock_task, notify, notify_lead, stale, state_of,
    write_task, Amendment, Entry, Notice,
};
use super::{Store, StoreError};
use crate::domain::calendar::{local_day, parse_time_zone};
use crate::domain::edits::{
    check_owner_change, check_successor, plan_edit, Change, Owners, TaskEdit, TaskText,
};
use crate::domain::journal::SystemNote;
use crate::domain::reminders::ReminderKind;
use crate::domain::search::fold;
use crate::domain::validate::{Language, Note};
use crate::domain::{Actor, RuleError, TaskStatus};

/// An edit of one task's wording or deadline, already validated.
#[derive(Debug, Clone)]
pub struct TaskEditRequest {
    pub task_id: i32,
    pub expected_version: Option<i32>,
    pub edit: TaskEdit,
}

/// A change of a task's lead, its co-owners, or both, already validated.
#[derive(Debug, Clone)]
pub struct OwnerChange {
    pub task_id: i32,
    pub expected_version: Option<i32>,
    pub lead_id: Option<i32>,
    /// The co-owners after the change; `None` keeps the current ones.
    pub co_owner_ids: Option<Vec<i32>>,
    pub reason: Note,
}

/// What a transfer from one body to its successor would move.
#[derive(Debug, Clone)]
pub struct TransferPlan {
    pub from: department::Model,
    pub to: department::Model,
    /// Open tasks the body leads.
    pub leads: u64,
    /// Open tasks it co-owns.
    pub co_owns: u64,
    /// The first open tasks that would move, oldest first.
    pub sample: Vec<task::Model>,
    /// Its active liaisons, who will no longer see the tasks as theirs.
    pub liaisons: Vec<user::Model>,
}

/// How many tasks a transfer moved.
#[derive(Debug, Clone)]
pub struct TransferOutcome {
    pub from: department::Model,
    pub to: department::Model,
    pub moved: u64,
}

/// How many tasks a preview lists by name.
const PREVIEW_SAMPLE: u64 = 20;

fn text_of(task: &task::Model) -> TaskText {
    TaskText {
        title: task.title.clone(),
        description: task.description.clone(),
        deadline: task.deadline,
    }
}

fn is_open(task: &task::Model) -> Result<bool, StoreError> {
    Ok(!task.status.parse::<TaskStatus>()?.is_final())
}

async fn co_owners_of(txn: &DatabaseTransaction, task_id: i32) -> Result<Vec<i32>, StoreError> {
    Ok(task_co_owner::Entity::find()
        .filter(task_co_owner::Column::TaskId.eq(task_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|link| link.department_id)
        .collect())
}

/// The condition "the task is open and `department` leads or co-owns it".
fn open_work_of(department: i32) -> Condition {
    let finished = [TaskStatus::Done, TaskStatus::Cancelled].map(TaskStatus::as_str);
    Condition::all()
        .add(task::Column::Status.is_not_in(finished))
        .add(
            Condition::any()
                .add(task::Column::LeadId.eq(department))
                .add(
                    task::Column::Id.in_subquery(
                        Query::select()
                            .column(task_co_owner::Column::TaskId)
                            .from(task_co_owner::Entity)
                            .and_where(task_co_owner::Column::DepartmentId.eq(department))
                            .to_owned(),
                    ),
                ),
        )
}

/// Who moves tasks, why, and when.
struct Move<'a> {
    author_id: i32,
    /// The journal's note and the notices' detail.
    note: &'a str,
    /// Whether the former lead's liaisons are told (not when the body itself is dissolved).
    tell_former_lead: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
}

/// Writes new owners of a task: its lead, its co-owner rows, its journal entry, and notices
/// to the new lead (a task for them) and, when asked, to the former one.
async fn move_task(
    txn: &DatabaseTransaction,
    store: &Store,
    current: &task::Model,
    owners: Change<Owners>,
    how: &Move<'_>,
) -> Result<task::Model, StoreError> {
    let Move {
        author_id,
        note,
        tell_former_lead,
        today,
        now,
    } = *how;
    let lead = owners.to.lead;
    write_task(txn, current, now, |update| {
        update.col_expr(task::Column::LeadId, Expr::value(lead))
    })
    .await?;
    if owners.from.co_owners != owners.to.co_owners {
        task_co_owner::Entity::delete_many()
            .filter(task_co_owner::Column::TaskId.eq(current.id))
            .exec(txn)
            .await?;
        if !owners.to.co_owners.is_empty() {
            task_co_owner::Entity::insert_many(owners.to.co_owners.iter().map(|department| {
                task_co_owner::ActiveModel {
                    task_id: Set(current.id),
                    department_id: Set(*department),
                }
            }))
            .exec(txn)
            .await?;
        }
    }
    let updated = task::Model {
        lead_id: lead,
        version: current.version + 1,
        updated_at: now,
        ..current.clone()
    };
    let state = state_of(current)?;
    let entry = Entry {
        task_id: current.id,
        author_id,
        at: now,
        note,
        before: Some(state),
        after: state,
    };
    let former_lead = owners.from.lead;
    let lead_changed = former_lead != lead;
    journal_amended(
        txn,
        entry,
        &Amendment {
            owners: Some(owners),
            ..Amendment::default()
        },
    )
    .await?;
    if lead_changed {
        let occasion = format!("owners version {}", updated.version);
        let mut notices = vec![(lead, ReminderKind::Assigned)];
        if tell_former_lead {
            notices.push((former_lead, ReminderKind::HandedOver));
        }
        for (department, kind) in notices {
            let notice = Notice {
                kind,
                occasion: occasion.clone(),
                detail: Some(note),
            };
            notify(
                txn,
                &updated,
                department,
                notice,
                today,
                now,
                store.notice_delay(),
            )
            .await?;
        }
    }
    Ok(updated)
}

impl Store {
    /// Corrects a directive's title or description, or moves its deadline (with a reason); a
    /// split directive's subtasks follow. Sending the current values again changes nothing.
    ///
    /// # Errors
    /// `NotFound`; `Forbidden` unless the committee's chair or secretary; `Conflict` when
    /// `expected_version` is stale or a finished task's deadline would move; `Invalid` per
    /// [`plan_edit`].
    pub async fn edit_task(
        &self,
        actor: &Actor,
        request: TaskEditRequest,
        now: DateTime<Utc>,
    ) -> Result<task::Model, StoreError> {
        let txn = self.begin_write().await?;
        let current = lock_task(&txn, request.task_id).await?;
        let (access, today, language) = access_to(&txn, actor, &current, now).await?;
        actor.may_edit_task(access)?;
        if request
            .expected_version
            .is_some_and(|v| v != current.version)
        {
            return Err(stale());
        }
        let held_on = meeting::Entity::find_by_id(current.meeting_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The meeting"))?
            .held_on;
        let note = request.edit.reason.as_ref().map_or_else(
            || SystemNote::Edited.text(language),
            |r| r.as_str().to_string(),
        );
        let changes = plan_edit(
            &text_of(&current),
            current.status.parse()?,
            held_on,
            request.edit,
        )?;
        if changes.is_empty() {
            return Ok(current);
        }
        let subtasks = task::Entity::find()
            .filter(task::Column::ParentId.eq(current.id))
            .order_by_asc(task::Column::Id)
            .lock_exclusive()
            .all(&txn)
            .await?;
        let mut targets = vec![(current.clone(), changes.clone())];
        for subtask in subtasks {
            let own = changes.for_subtask(&text_of(&subtask), is_open(&subtask)?);
            if !own.is_empty() {
                targets.push((subtask, own));
            }
        }
        let mut edited = current.clone();
        for (target, own) in targets {
            let after = own.applied_to(&text_of(&target));
            let search_text = fold(&format!(
                "{} {}",
                after.title,
                after.description.as_deref().unwrap_or("")
            ));
            let due_on = after.deadline.map(|d| self.calendar().due_day(d));
            write_task(&txn, &target, now, |update| {
                use task::Column as C;
                update
                    .col_expr(C::Title, Expr::value(after.title.clone()))
                    .col_expr(C::Description, Expr::value(after.description.clone()))
                    .col_expr(C::SearchText, Expr::value(search_text.clone()))
                    .col_expr(C::Deadline, Expr::value(after.deadline))
                    .col_expr(C::DueOn, Expr::value(due_on))
            })
            .await?;
            let before = state_of(&target)?;
            let updated = task::Model {
                title: after.title.clone(),
                description: after.description.clone(),
                search_text,
                deadline: after.deadline,
                due_on,
                version: target.version + 1,
                updated_at: now,
                ..target.clone()
            };
            journal_amended(
                &txn,
                Entry {
                    task_id: target.id,
                    author_id: actor.user_id,
                    at: now,
                    note: &note,
                    before: Some(before),
                    after: state_of(&updated)?,
                },
                &Amendment {
                    title: own.title,
                    description: own.description,
                    ..Amendment::default()
                },
            )
            .await?;
            if own.deadline.is_some() {
                notify_lead(
                    &txn,
                    &updated,
                    Notice {
                        kind: ReminderKind::DeadlineChanged,
                        occasion: format!("deadline version {}", updated.version),
                        detail: Some(&note),
                    },
                    today,
                    now,
                    self.notice_delay(),
                )
                .await?;
            }
            if target.id == current.id {
                edited = updated;
            }
        }
        txn.commit().await?;
        Ok(edited)
    }

    /// Gives a task to another lead, changes its co-owners, or both, with a reason. The new
    /// lead's liaisons are told of a new task and the former lead's that it has moved; its
    /// journal and open extension requests stay with it.
    ///
    /// # Errors
    /// `NotFound` for an unknown task or department; `Forbidden` unless the committee's chair
    /// or secretary; `Conflict` for a stale version or a finished task; `Invalid` for a
    /// deactivated department.
    pub async fn change_owners(
        &self,
        actor: &Actor,
        change: OwnerChange,
        now: DateTime<Utc>,
    ) -> Result<task::Model, StoreError> {
        let txn = self.begin_write().await?;
        let current = lock_task(&txn, change.task_id).await?;
        let (access, today, _) = access_to(&txn, actor, &current, now).await?;
        actor.may_edit_task(access)?;
        if change
            .expected_version
            .is_some_and(|v| v != current.version)
        {
            return Err(stale());
        }
        check_owner_change(current.status.parse()?)?;
        let before = Owners::new(current.lead_id, co_owners_of(&txn, current.id).await?);
        let after = before.changed(change.lead_id, change.co_owner_ids.as_deref());
        if after == before {
            return Ok(current);
        }
        check_takes_work(&txn, &after.newcomers(&before)).await?;
        let moved = move_task(
            &txn,
            self,
            &current,
            Change {
                from: before,
                to: after,
            },
            &Move {
                author_id: actor.user_id,
                note: change.reason.as_str(),
                tell_former_lead: true,
                today,
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(moved)
    }

    /// What moving `from`'s open work to `to` would move; nothing is written.
    ///
    /// # Errors
    /// `NotFound` for an unknown department, `Invalid` per [`check_transfer`].
    pub async fn transfer_plan(&self, from: i32, to: i32) -> Result<TransferPlan, StoreError> {
        let db = self.connection();
        let (from, to) = (self.department(from).await?, self.department(to).await?);
        check_transfer(&from, &to)?;
        let open = || task::Entity::find().filter(open_work_of(from.id));
        let leads = open()
            .filter(task::Column::LeadId.eq(from.id))
            .count(db)
            .await?;
        let all = open().count(db).await?;
        let sample = open()
            .order_by_asc(task::Column::Id)
            .limit(PREVIEW_SAMPLE)
            .all(db)
            .await?;
        let liaisons = self
            .liaisons_of(&[from.id])
            .await?
            .remove(&from.id)
            .unwrap_or_default();
        Ok(TransferPlan {
            leads,
            co_owns: all - leads,
            sample,
            liaisons,
            from,
            to,
        })
    }

    /// Moves every open task of `from` (as lead or co-owner) to its successor `to` in one
    /// transaction, each with a journal entry naming the reform, and deactivates `from` with
    /// `to` as its successor. Finished tasks and the journal stay as they were, under the old
    /// name. The successor's liaisons are told of each task they now lead.
    ///
    /// # Errors
    /// `Forbidden` unless an administrator, `NotFound` for an unknown department, `Invalid` per
    /// [`check_transfer`].
    pub async fn transfer_department(
        &self,
        actor: &Actor,
        from: i32,
        to: i32,
        reform: Note,
        now: DateTime<Utc>,
    ) -> Result<TransferOutcome, StoreError> {
        actor.may_manage_directory()?;
        let txn = self.begin_write().await?;
        let (from, to) = (
            lock_department(&txn, from).await?,
            lock_department(&txn, to).await?,
        );
        check_transfer(&from, &to)?;
        let tasks = task::Entity::find()
            .filter(open_work_of(from.id))
            .order_by_asc(task::Column::Id)
            .lock_exclusive()
            .all(&txn)
            .await?;
        let ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();
        let mut co_owners: HashMap<i32, Vec<i32>> = HashMap::new();
        for link in task_co_owner::Entity::find()
            .filter(task_co_owner::Column::TaskId.is_in(ids.iter().copied()))
            .all(&txn)
            .await?
        {
            co_owners
                .entry(link.task_id)
                .or_default()
                .push(link.department_id);
        }
        let committee_ids: BTreeSet<i32> = tasks.iter().map(|t| t.committee_id).collect();
        let mut committees = HashMap::new();
        for committee in committee::Entity::find()
            .filter(committee::Column::Id.is_in(committee_ids))
            .all(&txn)
            .await?
        {
            let today = local_day(parse_time_zone(&committee.time_zone)?, now);
            let language = Language::parse(&committee.language).unwrap_or(Language::Vietnamese);
            let note = SystemNote::Transferred {
                from: &from.name,
                to: &to.name,
                reform: reform.as_str(),
            }
            .text(language);
            committees.insert(committee.id, (today, note));
        }
        for task in &tasks {
            let before = Owners::new(task.lead_id, co_owners.remove(&task.id).unwrap_or_default());
            let after = before.transferred(from.id, to.id);
            let (today, note) = committees
                .get(&task.committee_id)
                .ok_or_else(|| StoreError::not_found("The committee"))?;
            move_task(
                &txn,
                self,
                task,
                Change {
                    from: before,
                    to: after,
                },
                &Move {
                    author_id: actor.user_id,
                    note,
                    tell_former_lead: false,
                    today: *today,
                    now,
                },
            )
            .await?;
        }
        let from = department::ActiveModel {
            id: Set(from.id),
            deactivated_at: Set(Some(from.deactivated_at.unwrap_or(now))),
            successor_id: Set(Some(to.id)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        txn.commit().await?;
        Ok(TransferOutcome {
            moved: tasks.len() as u64,
            from,
            to,
        })
    }
}

async fn lock_department(
    txn: &DatabaseTransaction,
    id: i32,
) -> Result<department::Model, StoreError> {
    department::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::not_found("The department"))
}

/// # Errors
/// As [`check_successor`].
fn check_transfer(from: &department::Model, to: &department::Model) -> Result<(), RuleError> {
    check_successor(from.id, to.id, &to.name, to.deactivated_at.is_none())
}
