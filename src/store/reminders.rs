//! The reminder outbox: which tasks to chase, writing reminder rows once, and claiming, sending
//! and settling them with a lease so that several dispatchers never send a digest twice and a
//! crash loses nothing.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rand::RngCore;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};

use super::entities::{department, reminder, task, user};
use super::page::{Page, PageRequest};
use super::{Store, StoreError};
use crate::domain::calendar::{local_day, parse_time_zone};
use crate::domain::reminders::{chase_now_kind, ReminderKind};
use crate::domain::{Actor, Role, RuleError, TaskStatus};

/// Delivery states as stored.
pub const PENDING: &str = "PENDING";
pub const SENT: &str = "SENT";
pub const FAILED: &str = "FAILED";

/// Who a reminder is for, relative to the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Audience {
    /// The lead department's liaisons and its own address.
    Lead,
    /// A co-owner's liaisons, "for coordination".
    Coordination,
    /// The committee's chair, copied on escalations.
    Chair,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Lead => "LEAD",
            Audience::Coordination => "COORDINATION",
            Audience::Chair => "CHAIR",
        }
    }

    pub fn parse(raw: &str) -> Audience {
        match raw {
            "COORDINATION" => Audience::Coordination,
            "CHAIR" => Audience::Chair,
            _ => Audience::Lead,
        }
    }
}

/// A reminder to write into the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReminder {
    pub committee_id: i32,
    /// What a notice has to say besides the task: the chair's reason or note.
    pub detail: Option<String>,
    pub task_id: i32,
    pub recipient: String,
    pub recipient_name: Option<String>,
    pub audience: Audience,
    pub kind: ReminderKind,
    pub for_day: NaiveDate,
    /// Empty for daily reminders; for a notice, the change it tells of.
    pub occasion: String,
}

/// An address that receives a department's reminders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub email: String,
    pub name: Option<String>,
}

/// The rows of one digest, claimed by one dispatcher until its lease ends.
#[derive(Debug, Clone)]
pub struct ClaimedDigest {
    pub token: String,
    pub rows: Vec<reminder::Model>,
}

/// Which reminders a list shows.
#[derive(Debug, Clone, Default)]
pub struct ReminderQuery {
    pub state: Option<String>,
    /// Only reminders about tasks this department leads or co-owns.
    pub department_id: Option<i32>,
    pub task_id: Option<i32>,
}

/// Rows per INSERT: keeps well under SQLite's limit on bound values.
const INSERT_CHUNK: usize = 500;

/// How many ready rows a claim looks at to find a digest no other sender is claiming.
const CANDIDATES: u64 = 32;

fn claim_token() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl Store {
    /// Open tasks of a committee due on or before `last_day`, leaving out directives split into
    /// subtasks (their subtasks are chased instead).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn tasks_to_chase(
        &self,
        committee_id: i32,
        last_day: NaiveDate,
    ) -> Result<Vec<task::Model>, StoreError> {
        use task::Column as C;
        let parents = Query::select()
            .column(C::ParentId)
            .from(task::Entity)
            .and_where(C::ParentId.is_not_null())
            .to_owned();
        Ok(task::Entity::find()
            .filter(C::CommitteeId.eq(committee_id))
            .filter(C::Status.is_in(TaskStatus::BEING_WORKED_ON.map(TaskStatus::as_str)))
            .filter(C::DueOn.is_not_null())
            .filter(C::DueOn.lte(last_day))
            .filter(C::Id.not_in_subquery(parents))
            .order_by_asc(C::Id)
            .all(self.connection())
            .await?)
    }

    /// Each department's reminder addresses: its active liaisons, then its own address.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn addressees_of(
        &self,
        department_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<Addressee>>, StoreError> {
        addressees_on(self.connection(), department_ids).await
    }

    /// Writes reminders into the outbox, all or nothing; a reminder already written for the same
    /// task, recipient, kind and day is left alone. Returns how many were new.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn enqueue_reminders(
        &self,
        reminders: &[NewReminder],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        if reminders.is_empty() {
            return Ok(0);
        }
        let txn = self.begin_write().await?;
        let written = write_outbox(&txn, reminders, now, now).await?;
        txn.commit().await?;
        Ok(written)
    }

    /// Whether this transaction may claim `row`'s digest. On PostgreSQL several senders claim
    /// at once: each must first hold the digest's lock (an advisory lock on its recipient, day
    /// and committee, released when the transaction ends), so that no two senders ever update
    /// the rows of one digest together (which would deadlock, or split the digest). On SQLite
    /// the write transaction already lets one claimer in at a time.
    async fn hold_digest(
        &self,
        txn: &DatabaseTransaction,
        row: &reminder::Model,
    ) -> Result<bool, StoreError> {
        if self.backend() != DbBackend::Postgres {
            return Ok(true);
        }
        let digest = format!("{}|{}|{}", row.recipient, row.for_day, row.committee_id);
        let held = txn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_try_advisory_xact_lock(hashtext($1))",
                [digest.into()],
            ))
            .await?
            .and_then(|row| row.try_get_by_index::<bool>(0).ok());
        Ok(held == Some(true))
    }

    /// Claims the pending rows of one digest (one recipient, one day, one committee) that are
    /// ready to go, for `lease`. An expired lease, left by a dispatcher that died, is claimed
    /// again. Returns `None` when nothing is ready.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn claim_digest(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<Option<ClaimedDigest>, StoreError> {
        use reminder::Column as C;
        let ready = || {
            Condition::all()
                .add(C::State.eq(PENDING))
                .add(C::NextAttemptAt.lte(now))
                .add(
                    Condition::any()
                        .add(C::LeaseUntil.is_null())
                        .add(C::LeaseUntil.lt(now)),
                )
        };
        // Notices of change wait while another notice to the same person that day still waits,
        // so that a meeting's new tasks leave together; reminders never wait for them.
        let later = Alias::new("later");
        let notice_kinds: Vec<&str> = ReminderKind::ALL
            .into_iter()
            .filter(|k| k.is_notice())
            .map(ReminderKind::as_str)
            .collect();
        let waiting = Query::select()
            .expr(Expr::val(1))
            .from_as(reminder::Entity, later.clone())
            .and_where(
                Expr::col((later.clone(), C::Recipient)).equals((reminder::Entity, C::Recipient)),
            )
            .and_where(Expr::col((later.clone(), C::ForDay)).equals((reminder::Entity, C::ForDay)))
            .and_where(
                Expr::col((later.clone(), C::CommitteeId))
                    .equals((reminder::Entity, C::CommitteeId)),
            )
            .and_where(Expr::col((later.clone(), C::State)).eq(PENDING))
            .and_where(Expr::col((later.clone(), C::Kind)).is_in(notice_kinds.clone()))
            .and_where(Expr::col((later.clone(), C::NextAttemptAt)).gt(now))
            .to_owned();
        let held_back = Condition::all()
            .add(C::Kind.is_in(notice_kinds))
            .add(Expr::exists(waiting));
        let ready = || ready().add(held_back.clone().not());
        let token = claim_token();
        loop {
            let txn = self.begin_write().await?;
            let candidates = reminder::Entity::find()
                .filter(ready())
                .order_by_asc(C::NextAttemptAt)
                .order_by_asc(C::Id)
                .limit(CANDIDATES)
                .all(&txn)
                .await?;
            if candidates.is_empty() {
                return Ok(None);
            }
            let mut chosen = None;
            for candidate in candidates {
                if self.hold_digest(&txn, &candidate).await? {
                    chosen = Some(candidate);
                    break;
                }
            }
            let Some(first) = chosen else {
                // Every ready digest is being claimed by another sender right now.
                txn.rollback().await?;
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                continue;
            };
            let claimed = reminder::Entity::update_many()
                .col_expr(C::ClaimToken, Expr::value(token.clone()))
                .col_expr(C::LeaseUntil, Expr::value(now + lease))
                .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
                .filter(ready())
                .filter(C::Recipient.eq(first.recipient.clone()))
                .filter(C::ForDay.eq(first.for_day))
                .filter(C::CommitteeId.eq(first.committee_id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            // None claimed: another sender took this digest after it was read; look again.
            if claimed.rows_affected > 0 {
                break;
            }
        }
        let rows = reminder::Entity::find()
            .filter(C::ClaimToken.eq(token.clone()))
            .order_by_asc(C::Id)
            .all(self.connection())
            .await?;
        Ok(Some(ClaimedDigest { token, rows }))
    }

    /// Settles a claimed digest as delivered.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn mark_sent(
        &self,
        token: &str,
        message_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        use reminder::Column as C;
        reminder::Entity::update_many()
            .col_expr(C::State, Expr::value(SENT))
            .col_expr(C::SentAt, Expr::value(now))
            .col_expr(C::MessageId, Expr::value(message_id))
            .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::LastError, Expr::value(Option::<String>::None))
            .filter(C::ClaimToken.eq(token))
            .exec(self.connection())
            .await?;
        Ok(())
    }

    /// Releases a claimed digest to be tried again at `next_attempt_at`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn mark_retry(
        &self,
        token: &str,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        use reminder::Column as C;
        reminder::Entity::update_many()
            .col_expr(C::NextAttemptAt, Expr::value(next_attempt_at))
            .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::LastError, Expr::value(error))
            .filter(C::ClaimToken.eq(token))
            .exec(self.connection())
            .await?;
        Ok(())
    }

    /// Settles a claimed digest as undeliverable, keeping the server's reply.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn mark_failed(&self, token: &str, error: &str) -> Result<(), StoreError> {
        use reminder::Column as C;
        reminder::Entity::update_many()
            .col_expr(C::State, Expr::value(FAILED))
            .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::LastError, Expr::value(error))
            .filter(C::ClaimToken.eq(token))
            .exec(self.connection())
            .await?;
        Ok(())
    }

    fn reminder_filter(query: &ReminderQuery) -> sea_orm::Select<reminder::Entity> {
        use reminder::Column as C;
        let mut select = reminder::Entity::find();
        if let Some(state) = &query.state {
            select = select.filter(C::State.eq(state.clone()));
        }
        if let Some(task) = query.task_id {
            select = select.filter(C::TaskId.eq(task));
        }
        if let Some(department) = query.department_id {
            let owned = Query::select()
                .column(task::Column::Id)
                .from(task::Entity)
                .and_where(task::Column::LeadId.eq(department))
                .to_owned();
            select = select.filter(C::TaskId.in_subquery(owned));
        }
        select
    }

    /// The chair or secretary chases one task by mail now: a reminder for today to the lead's
    /// liaisons and address, whatever the day and hour. Returns the reminders written.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` unless the chair or secretary, `Invalid` for an ongoing task,
    /// `Conflict` when the task waits for review or is finished, has nobody to remind, or was
    /// already chased today.
    pub async fn remind_now(
        &self,
        actor: &Actor,
        task_id: i32,
        now: DateTime<Utc>,
    ) -> Result<Vec<reminder::Model>, StoreError> {
        let task = self
            .tasks_by_ids(&[task_id])
            .await?
            .remove(&task_id)
            .ok_or_else(|| StoreError::not_found("The task"))?;
        let committee = self.committee(task.committee_id).await?;
        actor.may_chase(
            super::committees::standing_in(self.connection(), actor, &committee).await?,
        )?;
        let status: TaskStatus = task.status.parse()?;
        if !status.is_being_worked_on() {
            return Err(RuleError::Conflict(format!(
                "This task is {status}: there is nothing to chase."
            ))
            .into());
        }
        let Some(due_on) = task.due_on else {
            return Err(RuleError::Invalid(
                "This task is ongoing and has no deadline to remind of.".into(),
            )
            .into());
        };
        let today = local_day(parse_time_zone(&committee.time_zone)?, now);
        let kind = chase_now_kind(due_on, today);
        let addressees = self
            .addressees_of(&[task.lead_id])
            .await?
            .remove(&task.lead_id)
            .unwrap_or_default();
        if addressees.is_empty() {
            return Err(RuleError::Conflict(
                "The lead department has no liaison and no address to remind.".into(),
            )
            .into());
        }
        let rows: Vec<NewReminder> = addressees
            .into_iter()
            .map(|a| NewReminder {
                committee_id: committee.id,
                detail: None,
                task_id,
                recipient: a.email,
                recipient_name: a.name,
                audience: Audience::Lead,
                kind,
                for_day: today,
                occasion: String::new(),
            })
            .collect();
        if self.enqueue_reminders(&rows, now).await? == 0 {
            return Err(RuleError::Conflict(
                "The owners of this task were already reminded of it today.".into(),
            )
            .into());
        }
        Ok(reminder::Entity::find()
            .filter(reminder::Column::TaskId.eq(task_id))
            .filter(reminder::Column::ForDay.eq(today))
            .filter(reminder::Column::Kind.eq(kind.as_str()))
            .order_by_asc(reminder::Column::Id)
            .all(self.connection())
            .await?)
    }

    /// Marks every pending reminder as failed with `reason`, unsent. For the demo, whose replayed
    /// history would otherwise mail notices of 2022.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn discard_pending_reminders(&self, reason: &str) -> Result<u64, StoreError> {
        use reminder::Column as C;
        let result = reminder::Entity::update_many()
            .col_expr(C::State, Expr::value(FAILED))
            .col_expr(C::LastError, Expr::value(reason))
            .filter(C::State.eq(PENDING))
            .exec(self.connection())
            .await?;
        Ok(result.rows_affected)
    }

    /// Reminders, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reminders_page(
        &self,
        query: &ReminderQuery,
        request: PageRequest,
    ) -> Result<Page<reminder::Model>, StoreError> {
        let mut select = Store::reminder_filter(query).order_by_desc(reminder::Column::Id);
        if let Some(after) = request.after {
            select = select.filter(reminder::Column::Id.lt(after));
        }
        let rows = select
            .limit(request.first + 1)
            .all(self.connection())
            .await?;
        Ok(Page::from_overfetch(rows, &request))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_reminders(&self, query: &ReminderQuery) -> Result<u64, StoreError> {
        Ok(Store::reminder_filter(query)
            .count(self.connection())
            .await?)
    }

    /// The reminders of each task, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reminders_of(
        &self,
        task_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<reminder::Model>>, StoreError> {
        let rows = reminder::Entity::find()
            .filter(reminder::Column::TaskId.is_in(task_ids.iter().copied()))
            .order_by_desc(reminder::Column::Id)
            .all(self.connection())
            .await?;
        let mut by_task: HashMap<i32, Vec<reminder::Model>> = HashMap::new();
        for row in rows {
            by_task.entry(row.task_id).or_default().push(row);
        }
        Ok(by_task)
    }

    /// # Errors
    /// When the database fails.
    pub async fn reminders_by_ids(
        &self,
        ids: &[i32],
    ) -> Result<HashMap<i32, reminder::Model>, StoreError> {
        let rows = reminder::Entity::find()
            .filter(reminder::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}

/// Each department's reminder addresses, on any connection or transaction.
pub(crate) async fn addressees_on(
    db: &impl ConnectionTrait,
    department_ids: &[i32],
) -> Result<HashMap<i32, Vec<Addressee>>, StoreError> {
    let liaisons = user::Entity::find()
        .filter(user::Column::DepartmentId.is_in(department_ids.iter().copied()))
        .filter(user::Column::Role.eq(Role::Liaison.as_str()))
        .filter(user::Column::RevokedAt.is_null())
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    let departments = department::Entity::find()
        .filter(department::Column::Id.is_in(department_ids.iter().copied()))
        .all(db)
        .await?;
    let mut by_department: HashMap<i32, Vec<Addressee>> = HashMap::new();
    for liaison in liaisons {
        if let Some(department) = liaison.department_id {
            by_department
                .entry(department)
                .or_default()
                .push(Addressee {
                    email: liaison.email,
                    name: Some(liaison.name),
                });
        }
    }
    for department in departments {
        if let Some(email) = department.email {
            let list = by_department.entry(department.id).or_default();
            if !list.iter().any(|a| a.email == email) {
                list.push(Addressee {
                    email,
                    name: Some(department.name),
                });
            }
        }
    }
    Ok(by_department)
}

/// Writes rows into the outbox, to be sent from `not_before`; a row already there for the same
/// task, recipient, kind, day and occasion is left alone. Returns how many were new.
pub(crate) async fn write_outbox(
    db: &impl ConnectionTrait,
    reminders: &[NewReminder],
    now: DateTime<Utc>,
    not_before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut written = 0;
    for chunk in reminders.chunks(INSERT_CHUNK) {
        let rows = chunk.iter().map(|r| reminder::ActiveModel {
            committee_id: Set(r.committee_id),
            task_id: Set(r.task_id),
            recipient: Set(r.recipient.clone()),
            recipient_name: Set(r.recipient_name.clone()),
            audience: Set(r.audience.as_str().to_string()),
            kind: Set(r.kind.as_str().to_string()),
            for_day: Set(r.for_day),
            state: Set(PENDING.to_string()),
            attempts: Set(0),
            next_attempt_at: Set(not_before),
            lease_until: Set(None),
            claim_token: Set(None),
            sent_at: Set(None),
            last_error: Set(None),
            message_id: Set(None),
            detail: Set(r.detail.clone()),
            occasion: Set(r.occasion.clone()),
            created_at: Set(now),
            ..Default::default()
        });
        let result = reminder::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([
                reminder::Column::TaskId,
                reminder::Column::Recipient,
                reminder::Column::Kind,
                reminder::Column::ForDay,
                reminder::Column::Occasion,
            ])
            .exec_without_returning(db)
            .await?;
        if let sea_orm::TryInsertResult::Inserted(count) = result {
            written += count;
        }
    }
    Ok(written)
}

/// Notices of change wait a little before they go, so that a secretary entering a meeting's
/// directives one after another sends each department one e-mail, not one per task: a digest
/// is not sent while any of its rows still waits (see [`Store::claim_digest`]).
pub(crate) async fn write_notices(
    db: &impl ConnectionTrait,
    notices: &[NewReminder],
    now: DateTime<Utc>,
    not_before: DateTime<Utc>,
) -> Result<(), StoreError> {
    write_outbox(db, notices, now, not_before).await.map(|_| ())
}
