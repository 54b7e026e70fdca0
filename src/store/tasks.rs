//! Reading tasks: filtered pages, the batches the API's loaders ask for, and the journal
//! (extension requests are in [`super::extensions`]).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sea_orm::sea_query::{
    Alias, DynIden, Expr, ExprTrait, IntoIden, LikeExpr, NullOrdering, Order, Query, SimpleExpr,
    UnionType, Value,
};
use sea_orm::{
    ColumnTrait, Condition, DbBackend, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};

use super::entities::{task, task_co_owner, task_update};
use super::page::{not_ours, Page, PageRequest};
use super::{Store, StoreError};
use crate::domain::calendar::{local_day, parse_time_zone};
use crate::domain::ordering::{SortDirection, TaskOrder, TaskOrderField};
use crate::domain::search;
use crate::domain::timeliness::{timeliness, Schedule};
use crate::domain::validate::SearchText;
use crate::domain::{TaskStatus, Timeliness};

/// What a list of tasks is narrowed to. Every given part must hold.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    pub statuses: Vec<TaskStatus>,
    pub timeliness: Vec<Timeliness>,
    /// Tasks this department leads or co-owns.
    pub department_id: Option<i32>,
    /// With `department_id`: only the tasks it leads.
    pub lead_only: bool,
    pub meeting_id: Option<i32>,
    pub committee_id: Option<i32>,
    pub parent_id: Option<i32>,
    /// Directives as given at the meeting, without the subtasks they fan out into.
    pub top_level_only: bool,
    pub deadline_from: Option<NaiveDate>,
    pub deadline_to: Option<NaiveDate>,
    /// Free text, matched without regard to case or diacritics.
    pub search: Option<SearchText>,
}

/// The SQL twin of [`crate::domain::timeliness::timeliness`] for one committee's day; the
/// black-box tests check that both agree on every timeliness.
pub(super) fn timeliness_condition(
    wanted: Timeliness,
    today: NaiveDate,
    last_due_soon: NaiveDate,
) -> Condition {
    timeliness_condition_in(task::Entity.into_iden(), wanted, today, last_due_soon)
}

/// The condition on the columns of `table`: `tasks`, or `task_history` (which names the same
/// columns the same way) for what stood on a past day.
pub(super) fn timeliness_condition_in(
    table: DynIden,
    wanted: Timeliness,
    today: NaiveDate,
    last_due_soon: NaiveDate,
) -> Condition {
    use task::Column as C;
    let col = |column: C| Expr::col((table.clone(), column));
    let status_is = |status: TaskStatus| col(C::Status).eq(status.as_str());
    let open =
        col(C::Status).is_not_in([TaskStatus::Done.as_str(), TaskStatus::Cancelled.as_str()]);
    let submitted_in_time = Condition::all()
        .add(status_is(TaskStatus::Submitted))
        .add(col(C::SubmittedOn).is_not_null())
        .add(col(C::SubmittedOn).lte(col(C::DueOn)));
    let finished_late = Condition::any()
        .add(
            Condition::all()
                .add(col(C::SubmittedOn).is_not_null())
                .add(col(C::SubmittedOn).gt(col(C::DueOn))),
        )
        .add(
            Condition::all()
                .add(col(C::SubmittedOn).is_null())
                .add(col(C::CompletedOn).is_not_null())
                .add(col(C::CompletedOn).gt(col(C::DueOn))),
        );
    match wanted {
        Timeliness::Cancelled => Condition::all().add(status_is(TaskStatus::Cancelled)),
        Timeliness::DoneLate => Condition::all()
            .add(status_is(TaskStatus::Done))
            .add(col(C::DueOn).is_not_null())
            .add(finished_late),
        Timeliness::DoneOnTime => Condition::all().add(status_is(TaskStatus::Done)).add(
            Condition::any()
                .add(col(C::DueOn).is_null())
                .add(finished_late.not()),
        ),
        Timeliness::NoDeadline => Condition::all().add(open).add(col(C::DueOn).is_null()),
        Timeliness::Overdue => Condition::all()
            .add(open)
            .add(col(C::DueOn).lt(today))
            .add(submitted_in_time.not()),
        Timeliness::DueSoon => Condition::all()
            .add(open)
            .add(col(C::DueOn).gte(today))
            .add(col(C::DueOn).lte(last_due_soon))
            .add(submitted_in_time.not()),
        Timeliness::OnTrack => Condition::all()
            .add(open)
            .add(col(C::DueOn).is_not_null())
            .add(
                Condition::any()
                    .add(submitted_in_time)
                    .add(col(C::DueOn).gt(last_due_soon)),
            ),
    }
}

/// Escapes LIKE's wildcards so a search for "50%" means the characters typed.
fn like_contains(term: &str) -> LikeExpr {
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// A task read with the number of all the tasks its page was taken from.
#[derive(FromQueryResult)]
struct CountedTask {
    #[sea_orm(nested)]
    task: task::Model,
    total_count: i64,
}

/// A task's value in the field a list is ordered by, as its cursor carries it.
pub fn sort_key(field: TaskOrderField, task: &task::Model) -> Option<String> {
    let instant = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Nanos, true);
    match field {
        TaskOrderField::Deadline => task.deadline.map(|d| d.to_string()),
        TaskOrderField::DueOn => task.due_on.map(|d| d.to_string()),
        TaskOrderField::UpdatedAt => Some(instant(task.updated_at)),
        TaskOrderField::CreatedAt => Some(instant(task.created_at)),
        TaskOrderField::Title => Some(task.title.clone()),
        TaskOrderField::Progress => Some(task.progress.to_string()),
    }
}

/// The rows after the cursor's row `(key, after)` in `order`: later values, then equal values
/// with later ids, then the rows with no value, which come last in either direction.
fn after_in_order(
    order: TaskOrder,
    sorted_by: SimpleExpr,
    after: i32,
    key: Option<&str>,
) -> Result<Condition, StoreError> {
    let later_id = task::Column::Id.gt(after);
    let Some(key) = key else {
        return Ok(Condition::all().add(sorted_by.is_null()).add(later_id));
    };
    let value: Value = match order.field {
        TaskOrderField::Deadline | TaskOrderField::DueOn => {
            key.parse::<NaiveDate>().map_err(|_| not_ours())?.into()
        }
        TaskOrderField::UpdatedAt | TaskOrderField::CreatedAt => DateTime::parse_from_rfc3339(key)
            .map_err(|_| not_ours())?
            .with_timezone(&Utc)
            .into(),
        TaskOrderField::Title => key.to_string().into(),
        TaskOrderField::Progress => key.parse::<i32>().map_err(|_| not_ours())?.into(),
    };
    let beyond = match order.direction {
        SortDirection::Asc => sorted_by.clone().gt(value.clone()),
        SortDirection::Desc => sorted_by.clone().lt(value.clone()),
    };
    Ok(Condition::any()
        .add(beyond)
        .add(
            Condition::all()
                .add(sorted_by.clone().eq(value))
                .add(later_id),
        )
        .add(sorted_by.is_null()))
}

/// A word of a search quoted as an FTS5 string, which matches it anywhere in the text.
fn fts5_string(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

impl Store {
    /// The expression a list is sorted by. Titles compare by character code on PostgreSQL too
    /// (whatever the database's collation), as SQLite compares them, so both give one order.
    fn sort_expression(&self, field: TaskOrderField) -> SimpleExpr {
        let column = match field {
            TaskOrderField::Deadline => task::Column::Deadline,
            TaskOrderField::DueOn => task::Column::DueOn,
            TaskOrderField::UpdatedAt => task::Column::UpdatedAt,
            TaskOrderField::CreatedAt => task::Column::CreatedAt,
            TaskOrderField::Title if self.backend() == DbBackend::Postgres => {
                return Expr::cust(r#""tasks"."title" COLLATE "C""#);
            }
            TaskOrderField::Title => task::Column::Title,
            TaskOrderField::Progress => task::Column::Progress,
        };
        Expr::col((task::Entity, column))
    }

    /// Every word of a search occurs in the task's folded title and description. Words of three
    /// characters or more are found through the trigram index of each backend (pg_trgm serves
    /// LIKE itself; SQLite's FTS5 table is asked with MATCH); shorter words have no trigrams, so
    /// they are checked with LIKE on the rows the other conditions leave.
    fn search_condition(&self, terms: &[String]) -> Condition {
        let indexed_on_sqlite = |term: &&String| {
            self.backend() == DbBackend::Sqlite && term.chars().count() >= search::INDEXED_WORD
        };
        let (indexed, with_like): (Vec<&String>, Vec<&String>) =
            terms.iter().partition(indexed_on_sqlite);
        let mut condition = Condition::all();
        for term in with_like {
            condition =
                condition.add(Expr::col(task::Column::SearchText).like(like_contains(term)));
        }
        if !indexed.is_empty() {
            let phrases: Vec<String> = indexed.iter().map(|t| fts5_string(t)).collect();
            condition = condition.add(
                task::Column::Id.in_subquery(
                    Query::select()
                        .expr(Expr::cust("rowid"))
                        .from(Alias::new("tasks_search"))
                        .and_where(Expr::cust_with_values(
                            "tasks_search MATCH ?",
                            [phrases.join(" ")],
                        ))
                        .to_owned(),
                ),
            );
        }
        condition
    }

    /// A task's timeliness on `today`, its committee's day: the one place the API, the pages
    /// and the report turn a stored task into its standing.
    ///
    /// # Errors
    /// When the stored status is not one the program writes (the database was changed by hand).
    pub fn timeliness_on(
        &self,
        task: &task::Model,
        today: NaiveDate,
    ) -> Result<Timeliness, StoreError> {
        let status = task.status.parse::<TaskStatus>().map_err(|_| {
            StoreError::Database(sea_orm::DbErr::Custom(format!(
                "task {} has a status the program does not write: {:?}",
                task.id, task.status
            )))
        })?;
        let schedule = Schedule {
            status,
            deadline: task.due_on,
            submitted_on: task.submitted_on,
            completed_on: task.completed_on,
        };
        Ok(timeliness(schedule, today, self.due_soon()))
    }

    /// Each committee's current day in its own time zone.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn committee_days(
        &self,
        now: DateTime<Utc>,
    ) -> Result<HashMap<i32, NaiveDate>, StoreError> {
        let committees = self.committees().await?;
        Ok(committees
            .into_iter()
            .map(|c| {
                // A zone the program would not have stored (changed by hand) falls back to UTC
                // rather than dropping the committee's tasks from every list and report.
                let today = parse_time_zone(&c.time_zone)
                    .map_or_else(|_| now.date_naive(), |zone| local_day(zone, now));
                (c.id, today)
            })
            .collect())
    }

    async fn filtered(
        &self,
        query: &TaskQuery,
        now: DateTime<Utc>,
    ) -> Result<Select<task::Entity>, StoreError> {
        use task::Column as C;
        let mut select = task::Entity::find();
        if !query.statuses.is_empty() {
            select = select.filter(C::Status.is_in(query.statuses.iter().map(|s| s.as_str())));
        }
        if let Some(department) = query.department_id {
            select = select.filter(if query.lead_only {
                C::LeadId.eq(department)
            } else {
                // One set of ids from the two indexes, rather than "lead OR co-owner", which
                // the databases answer by reading every task.
                C::Id.in_subquery(
                    Query::select()
                        .column(C::Id)
                        .from(task::Entity)
                        .and_where(C::LeadId.eq(department))
                        .union(
                            UnionType::Distinct,
                            Query::select()
                                .column(task_co_owner::Column::TaskId)
                                .from(task_co_owner::Entity)
                                .and_where(task_co_owner::Column::DepartmentId.eq(department))
                                .to_owned(),
                        )
                        .to_owned(),
                )
            });
        }
        if let Some(meeting) = query.meeting_id {
            select = select.filter(C::MeetingId.eq(meeting));
        }
        if let Some(committee) = query.committee_id {
            select = select.filter(C::CommitteeId.eq(committee));
        }
        if let Some(parent) = query.parent_id {
            select = select.filter(C::ParentId.eq(parent));
        }
        if query.top_level_only {
            select = select.filter(C::ParentId.is_null());
        }
        if let Some(from) = query.deadline_from {
            select = select.filter(C::Deadline.gte(from));
        }
        if let Some(to) = query.deadline_to {
            select = select.filter(C::Deadline.lte(to));
        }
        if let Some(text) = &query.search {
            select = select.filter(self.search_condition(&search::terms(text.as_str())));
        }
        if !query.timeliness.is_empty() {
            let mut any_committee = Condition::any();
            for (committee, today) in self.committee_days(now).await? {
                let last_due_soon = self.due_soon().last_day(today);
                let mut any_wanted = Condition::any();
                for wanted in &query.timeliness {
                    any_wanted =
                        any_wanted.add(timeliness_condition(*wanted, today, last_due_soon));
                }
                any_committee = any_committee.add(
                    Condition::all()
                        .add(C::CommitteeId.eq(committee))
                        .add(any_wanted),
                );
            }
            select = select.filter(any_committee);
        }
        Ok(select)
    }

    /// The statement for one page of the tasks that match, in `order` (ties, and no order, in
    /// the order they were assigned), one row more than asked to learn whether more follow.
    async fn page_select(
        &self,
        query: &TaskQuery,
        order: Option<TaskOrder>,
        request: &PageRequest,
        now: DateTime<Utc>,
    ) -> Result<Select<task::Entity>, StoreError> {
        let mut select = self.filtered(query, now).await?;
        if let Some(order) = order {
            let sorted_by = self.sort_expression(order.field);
            let direction = match order.direction {
                SortDirection::Asc => Order::Asc,
                SortDirection::Desc => Order::Desc,
            };
            select = select.order_by_with_nulls(sorted_by.clone(), direction, NullOrdering::Last);
            if let (Some(after), Some(key)) = (request.after, &request.after_key) {
                select = select.filter(after_in_order(order, sorted_by, after, key.as_deref())?);
            }
        } else if let Some(after) = request.after {
            select = select.filter(task::Column::Id.gt(after));
        }
        Ok(select
            .order_by_asc(task::Column::Id)
            .limit(request.first + 1))
    }

    /// One page of the tasks that match, in `order` or in the order they were assigned.
    ///
    /// # Errors
    /// `Invalid` for a cursor whose sort value is not one of the order's; when the database fails.
    pub async fn tasks_page(
        &self,
        query: &TaskQuery,
        order: Option<TaskOrder>,
        request: PageRequest,
        now: DateTime<Utc>,
    ) -> Result<Page<task::Model>, StoreError> {
        let rows = self
            .page_select(query, order, &request, now)
            .await?
            .all(self.connection())
            .await?;
        Ok(Page::from_overfetch(rows, &request))
    }

    /// One page, as [`Store::tasks_page`], and how many tasks match in all. The first page
    /// counts in the same statement (a window over the matching rows); later pages, whose
    /// statement sees only the rows after the cursor, count in a second one.
    ///
    /// # Errors
    /// As [`Store::tasks_page`].
    pub async fn tasks_page_counted(
        &self,
        query: &TaskQuery,
        order: Option<TaskOrder>,
        request: PageRequest,
        now: DateTime<Utc>,
    ) -> Result<(Page<task::Model>, u64), StoreError> {
        if request.after.is_some() {
            let total = self.count_tasks(query, now).await?;
            return Ok((self.tasks_page(query, order, request, now).await?, total));
        }
        let rows: Vec<CountedTask> = self
            .page_select(query, order, &request, now)
            .await?
            .column_as(Expr::cust("COUNT(*) OVER ()"), "total_count")
            .into_model()
            .all(self.connection())
            .await?;
        let total = rows
            .first()
            .map_or(0, |row| u64::try_from(row.total_count).unwrap_or(0));
        let rows = rows.into_iter().map(|row| row.task).collect();
        Ok((Page::from_overfetch(rows, &request), total))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_tasks(
        &self,
        query: &TaskQuery,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        Ok(self
            .filtered(query, now)
            .await?
            .count(self.connection())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn tasks_by_ids(&self, ids: &[i32]) -> Result<HashMap<i32, task::Model>, StoreError> {
        let rows = task::Entity::find()
            .filter(task::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|t| (t.id, t)).collect())
    }

    /// The subtasks of each parent, in the order they were assigned.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn subtasks_of(
        &self,
        parent_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<task::Model>>, StoreError> {
        let rows = task::Entity::find()
            .filter(task::Column::ParentId.is_in(parent_ids.iter().copied()))
            .order_by_asc(task::Column::Id)
            .all(self.connection())
            .await?;
        let mut by_parent: HashMap<i32, Vec<task::Model>> = HashMap::new();
        for subtask in rows {
            if let Some(parent) = subtask.parent_id {
                by_parent.entry(parent).or_default().push(subtask);
            }
        }
        Ok(by_parent)
    }

    /// The co-owning departments of each task.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn co_owner_ids_of(
        &self,
        task_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<i32>>, StoreError> {
        let rows = task_co_owner::Entity::find()
            .filter(task_co_owner::Column::TaskId.is_in(task_ids.iter().copied()))
            .order_by_asc(task_co_owner::Column::DepartmentId)
            .all(self.connection())
            .await?;
        let mut by_task: HashMap<i32, Vec<i32>> = HashMap::new();
        for row in rows {
            by_task
                .entry(row.task_id)
                .or_default()
                .push(row.department_id);
        }
        Ok(by_task)
    }

    /// A task's journal, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn journal_page(
        &self,
        task_id: i32,
        request: PageRequest,
    ) -> Result<Page<task_update::Model>, StoreError> {
        let mut select = task_update::Entity::find()
            .filter(task_update::Column::TaskId.eq(task_id))
            .order_by_desc(task_update::Column::Id);
        if let Some(after) = request.after {
            select = select.filter(task_update::Column::Id.lt(after));
        }
        let rows = select
            .limit(request.first + 1)
            .all(self.connection())
            .await?;
        Ok(Page::from_overfetch(rows, &request))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_journal(&self, task_id: i32) -> Result<u64, StoreError> {
        Ok(task_update::Entity::find()
            .filter(task_update::Column::TaskId.eq(task_id))
            .count(self.connection())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn journal_entries_by_ids(
        &self,
        ids: &[i32],
    ) -> Result<HashMap<i32, task_update::Model>, StoreError> {
        let rows = task_update::Entity::find()
            .filter(task_update::Column::Id.is_in(ids.iter().copied()))
            .all(self.connection())
            .await?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }
}
