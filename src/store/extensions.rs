//! Extension requests: the lead asks for a later deadline with a reason, the chair approves or
//! rejects it, and the lists the pages and the API read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::entities::extension_request;
use super::task_writes::{
    access_to, has_subtasks, journal, lock_task, notify_lead, save_state, state_of, Entry, Notice,
};
use super::{Store, StoreError};
use crate::domain::changes::{apply_extension, check_extension_request};
use crate::domain::journal::SystemNote;
use crate::domain::reminders::ReminderKind;
use crate::domain::validate::Note;
use crate::domain::{Actor, RuleError};

/// Extension decisions as stored.
pub const PENDING: &str = "PENDING";
pub const APPROVED: &str = "APPROVED";
pub const REJECTED: &str = "REJECTED";

impl Store {
    /// The lead asks for a later deadline; the chair decides.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` unless the lead (or secretary), `Invalid` for a date that does not
    /// extend the deadline, `Conflict` when the task is closed or a request already waits.
    pub async fn request_extension(
        &self,
        actor: &Actor,
        task_id: i32,
        requested: NaiveDate,
        reason: Note,
        now: DateTime<Utc>,
    ) -> Result<extension_request::Model, StoreError> {
        let txn = self.begin_write().await?;
        let current = lock_task(&txn, task_id).await?;
        let (access, today, language) = access_to(&txn, actor, &current, now).await?;
        actor.may_request_extension(access)?;
        if has_subtasks(&txn, current.id).await? {
            return Err(RuleError::Invalid(
                "This directive is split into subtasks; each department asks for its own extension."
                    .into(),
            )
            .into());
        }
        let state = state_of(&current)?;
        check_extension_request(state, requested, today)?;
        let waiting = extension_request::Entity::find()
            .filter(extension_request::Column::TaskId.eq(task_id))
            .filter(extension_request::Column::Decision.eq(PENDING))
            .count(&txn)
            .await?;
        if waiting > 0 {
            return Err(RuleError::Conflict(
                "A request for this task is already waiting for the chair's decision.".into(),
            )
            .into());
        }
        let request = extension_request::ActiveModel {
            task_id: Set(task_id),
            requested_by: Set(actor.user_id),
            requested_deadline: Set(requested),
            reason: Set(reason.as_str().to_string()),
            decision: Set(PENDING.to_string()),
            decided_by: Set(None),
            decided_at: Set(None),
            decision_note: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        journal(
            &txn,
            Entry {
                task_id,
                author_id: actor.user_id,
                at: now,
                note: &SystemNote::ExtensionAsked {
                    to: requested,
                    reason: reason.as_str(),
                }
                .text(language),
                before: Some(state),
                after: state,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(request)
    }

    /// The chair approves (the deadline moves) or rejects a pending extension request.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` unless the committee's chair, `Conflict` when already decided or
    /// the task was closed meanwhile.
    pub async fn decide_extension(
        &self,
        actor: &Actor,
        request_id: i32,
        approve: bool,
        note: Option<Note>,
        now: DateTime<Utc>,
    ) -> Result<extension_request::Model, StoreError> {
        let txn = self.begin_write().await?;
        let request = extension_request::Entity::find_by_id(request_id)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found("The extension request"))?;
        let current = lock_task(&txn, request.task_id).await?;
        let (access, today, language) = access_to(&txn, actor, &current, now).await?;
        actor.may_decide(access)?;
        if request.decision != PENDING {
            return Err(RuleError::Conflict(format!(
                "This request was already decided ({}).",
                request.decision
            ))
            .into());
        }
        let before = state_of(&current)?;
        let after = if approve {
            let after = apply_extension(before, request.requested_deadline)?;
            save_state(&txn, self.calendar(), &current, after, now).await?;
            after
        } else {
            before
        };
        let journal_note = SystemNote::ExtensionDecided {
            to: request.requested_deadline,
            approved: approve,
            note: note.as_ref().map(Note::as_str),
        }
        .text(language);
        journal(
            &txn,
            Entry {
                task_id: current.id,
                author_id: actor.user_id,
                at: now,
                note: &journal_note,
                before: Some(before),
                after,
            },
        )
        .await?;
        let kind = if approve {
            ReminderKind::ExtensionApproved
        } else {
            ReminderKind::ExtensionRejected
        };
        notify_lead(
            &txn,
            &current,
            Notice {
                kind,
                occasion: format!("extension request {}", request.id),
                detail: note.as_ref().map(Note::as_str),
            },
            today,
            now,
            self.notice_delay(),
        )
        .await?;
        let decided = extension_request::ActiveModel {
            id: Set(request.id),
            decision: Set(if approve { APPROVED } else { REJECTED }.to_string()),
            decided_by: Set(Some(actor.user_id)),
            decided_at: Set(Some(now)),
            decision_note: Set(note.map(Note::into_inner)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        txn.commit().await?;
        Ok(decided)
    }

    /// The extension requests of each task, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn extension_requests_of(
        &self,
        task_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<extension_request::Model>>, StoreError> {
        let rows = extension_request::Entity::find()
            .filter(extension_request::Column::TaskId.is_in(task_ids.iter().copied()))
            .order_by_asc(extension_request::Column::Id)
            .all(self.connection())
            .await?;
        let mut by_task: HashMap<i32, Vec<extension_request::Model>> = HashMap::new();
        for request in rows {
            by_task.entry(request.task_id).or_default().push(request);
        }
        Ok(by_task)
    }

    /// Extension requests waiting for the chair, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn pending_extension_requests(
        &self,
    ) -> Result<Vec<extension_request::Model>, StoreError> {
        Ok(extension_request::Entity::find()
            .filter(extension_request::Column::Decision.eq(PENDING))
            .order_by_asc(extension_request::Column::Id)
            .all(self.connection())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn extension_requests_by_ids(
        &self,
        ids: &[i32],
    ) -> Result<HashMap<i32, extension_request::Model>, StoreError> {
        let rows = extension_request::Entity::find()
            .filter(extension_request::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}
