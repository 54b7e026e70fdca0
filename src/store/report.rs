//! The chair's progress report: how many tasks stand where, overall and per lead department,
//! counted by the database (one grouped statement per distinct "today" among the committees).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect};

use super::entities::task;
use super::tasks::timeliness_condition;
use super::{Store, StoreError};
use crate::domain::Timeliness;

/// Counts of tasks by timeliness.
pub type TimelinessCounts = BTreeMap<Timeliness, u64>;

/// One lead department's line in the report.
#[derive(Debug, Clone)]
pub struct DepartmentLine {
    pub department_id: i32,
    pub total: u64,
    pub by_timeliness: TimelinessCounts,
}

/// The report as of one day.
#[derive(Debug, Clone)]
pub struct ProgressReport {
    pub as_of: NaiveDate,
    pub total: u64,
    pub by_timeliness: TimelinessCounts,
    /// Worst first: most OVERDUE, then most DONE_LATE, then most tasks.
    pub by_department: Vec<DepartmentLine>,
}

/// Which tasks a report covers.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportScope {
    pub committee_id: Option<i32>,
    pub meeting_id: Option<i32>,
    /// Judge timeliness as of this day instead of each committee's today.
    pub as_of: Option<NaiveDate>,
}

/// The SQL expression that names a task's timeliness on `today`, built from the same conditions
/// the task filters use, so the report and the lists cannot disagree.
pub(super) fn timeliness_case(today: NaiveDate, last_due_soon: NaiveDate) -> SimpleExpr {
    let mut classes = Timeliness::ALL.into_iter();
    let first = classes.next().unwrap_or(Timeliness::OnTrack);
    let case = classes.fold(
        Expr::case(
            timeliness_condition(first, today, last_due_soon),
            first.as_str(),
        ),
        |case, class| {
            case.case(
                timeliness_condition(class, today, last_due_soon),
                class.as_str(),
            )
        },
    );
    case.finally(Expr::val("UNKNOWN")).into()
}

/// A task that carries work itself: not a directive split into subtasks, which is counted through
/// them. Each database gets the form its planner answers fastest on 100,000 tasks: PostgreSQL a
/// hashed anti-join (NOT EXISTS), SQLite one list of parents built once (NOT IN) rather than a
/// lookup for every task.
fn carries_work(backend: DbBackend) -> SimpleExpr {
    let subtask = Alias::new("subtask");
    let parent = Expr::col((subtask.clone(), task::Column::ParentId));
    if backend == DbBackend::Sqlite {
        return Expr::col((task::Entity, task::Column::Id)).not_in_subquery(
            Query::select()
                .expr(parent.clone())
                .from_as(task::Entity, subtask)
                .and_where(parent.is_not_null())
                .to_owned(),
        );
    }
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from_as(task::Entity, subtask)
            .and_where(parent.equals((task::Entity, task::Column::Id)))
            .to_owned(),
    )
    .not()
}

impl Store {
    /// Counts the tasks that carry work: a directive split across departments is counted
    /// through its subtasks, not once more on its own.
    ///
    /// # Errors
    /// When the database fails, or holds a status the program does not write.
    pub async fn progress_report(
        &self,
        scope: ReportScope,
        now: DateTime<Utc>,
    ) -> Result<ProgressReport, StoreError> {
        let days = self.committee_days(now).await?;
        let mut committees_by_day: BTreeMap<NaiveDate, Vec<i32>> = BTreeMap::new();
        for (&committee, &today) in &days {
            if scope.committee_id.is_none_or(|wanted| wanted == committee) {
                committees_by_day
                    .entry(scope.as_of.unwrap_or(today))
                    .or_default()
                    .push(committee);
            }
        }
        let standing = Alias::new("standing");
        let mut by_timeliness = TimelinessCounts::new();
        let mut by_department: HashMap<i32, DepartmentLine> = HashMap::new();
        let mut total = 0;
        for (day, committees) in &committees_by_day {
            let mut select = task::Entity::find()
                .select_only()
                .column(task::Column::LeadId)
                .expr_as(
                    timeliness_case(*day, self.due_soon().last_day(*day)),
                    "standing",
                )
                .expr(Expr::col(task::Column::Id).count())
                .filter(task::Column::CommitteeId.is_in(committees.iter().copied()))
                .filter(carries_work(self.backend()));
            if let Some(meeting) = scope.meeting_id {
                select = select.filter(task::Column::MeetingId.eq(meeting));
            }
            let groups: Vec<(i32, String, i64)> = select
                // The class first: grouped by lead first, SQLite walks the lead index and reads
                // the table in random order.
                .group_by(Expr::col(standing.clone()))
                .group_by(task::Column::LeadId)
                .into_tuple()
                .all(self.connection())
                .await?;
            for (lead, class, count) in groups {
                let class = Timeliness::ALL
                    .into_iter()
                    .find(|t| t.as_str() == class)
                    .ok_or_else(|| {
                        StoreError::Database(sea_orm::DbErr::Custom(format!(
                            "tasks of department {lead} have a status the program does not write"
                        )))
                    })?;
                let count = u64::try_from(count).unwrap_or(0);
                total += count;
                *by_timeliness.entry(class).or_default() += count;
                let line = by_department.entry(lead).or_insert_with(|| DepartmentLine {
                    department_id: lead,
                    total: 0,
                    by_timeliness: TimelinessCounts::new(),
                });
                line.total += count;
                *line.by_timeliness.entry(class).or_default() += count;
            }
        }
        let mut lines: Vec<DepartmentLine> = by_department.into_values().collect();
        let count =
            |line: &DepartmentLine, t: Timeliness| line.by_timeliness.get(&t).copied().unwrap_or(0);
        lines.sort_by(|a, b| {
            count(b, Timeliness::Overdue)
                .cmp(&count(a, Timeliness::Overdue))
                .then(count(b, Timeliness::DoneLate).cmp(&count(a, Timeliness::DoneLate)))
                .then(b.total.cmp(&a.total))
                .then(a.department_id.cmp(&b.department_id))
        });
        let as_of = scope
            .as_of
            .or_else(|| scope.committee_id.and_then(|c| days.get(&c).copied()))
            .or_else(|| days.values().next().copied())
            .unwrap_or_else(|| now.date_naive());
        Ok(ProgressReport {
            as_of,
            total,
            by_timeliness,
            by_department: lines,
        })
    }
}
