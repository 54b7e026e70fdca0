//! Scorecards: the counts of [`crate::domain::scorecard`] for each department, meeting or
//! committee, added up by the database from the tasks' history as it stood at the end of the
//! period (one grouped statement per time zone among the committees).

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};

use super::entities::{extension_request, task_history, task_update};
use super::extensions::APPROVED;
use super::report::{carries_work_in, snapshots, Snapshot, TimeFrame};
use super::tasks::timeliness_condition_in;
use super::{Store, StoreError};
use crate::domain::periods::ReportPeriod;
use crate::domain::scorecard::{rank, ScoreCounts, ScoreGrouping};
use crate::domain::{TaskStatus, Timeliness};

/// Which tasks a scorecard covers.
#[derive(Debug, Clone)]
pub struct ScorecardScope {
    pub committee_id: Option<i32>,
    pub meeting_id: Option<i32>,
    /// Tasks this department led at the end of the period.
    pub department_id: Option<i32>,
    pub period: ReportPeriod,
    pub grouping: ScoreGrouping,
}

/// One line: a department, meeting or committee.
#[derive(Debug, Clone)]
pub struct ScoreLine {
    pub group_id: i32,
    pub counts: ScoreCounts,
    /// 1 for the best; equal lines share a rank; none when nothing was due.
    pub rank: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Scorecard {
    pub period: ReportPeriod,
    /// The day the tasks are judged on: the period's last day, or today while it runs.
    pub as_of: NaiveDate,
    pub grouping: ScoreGrouping,
    pub total: ScoreCounts,
    /// Best first.
    pub lines: Vec<ScoreLine>,
}

#[derive(Debug, FromQueryResult)]
struct Sums {
    group_id: i32,
    total: i64,
    carried_over: i64,
    done_on_time: i64,
    done_late: i64,
    open_in_time: i64,
    open_without_deadline: i64,
    open_overdue: i64,
    cancelled: i64,
    overdue_week: i64,
    overdue_month: i64,
    overdue_longer: i64,
    days_late: i64,
    extended: i64,
    submitted: i64,
    returned: i64,
}

impl From<&Sums> for ScoreCounts {
    fn from(sums: &Sums) -> Self {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        ScoreCounts {
            total: n(sums.total),
            carried_over: n(sums.carried_over),
            done_on_time: n(sums.done_on_time),
            done_late: n(sums.done_late),
            open_in_time: n(sums.open_in_time),
            open_without_deadline: n(sums.open_without_deadline),
            open_overdue: n(sums.open_overdue),
            cancelled: n(sums.cancelled),
            overdue_ageing: [
                n(sums.overdue_week),
                n(sums.overdue_month),
                n(sums.overdue_longer),
            ],
            days_late: n(sums.days_late),
            extended: n(sums.extended),
            submitted: n(sums.submitted),
            returned: n(sums.returned),
        }
    }
}

/// Whole days from `earlier` to `later`, both dates.
fn days_between(backend: DbBackend, later: SimpleExpr, earlier: SimpleExpr) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_exprs("($1 - $2)", [later, earlier]),
        // SQLite's builder numbers nothing: its placeholders are plain question marks.
        _ => Expr::cust_with_exprs(
            "CAST(julianday(?) - julianday(?) AS INTEGER)",
            [later, earlier],
        ),
    }
}

fn count_when(condition: impl Into<Condition>) -> SimpleExpr {
    Expr::case(condition.into(), 1).finally(0).sum()
}

fn day_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

impl Store {
    /// Today for a report on one committee (in its time zone), or on all (the latest of their
    /// todays): what a period chosen as "this quarter" is counted from.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reporting_today(
        &self,
        committee_id: Option<i32>,
        now: DateTime<Utc>,
    ) -> Result<NaiveDate, StoreError> {
        let days = self.committee_days(now).await?;
        Ok(committee_id
            .and_then(|c| days.get(&c).copied())
            .or_else(|| days.values().max().copied())
            .unwrap_or_else(|| now.date_naive()))
    }

    /// The scorecard of a period: every line counted by the database.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn scorecard(
        &self,
        scope: ScorecardScope,
        now: DateTime<Utc>,
    ) -> Result<Scorecard, StoreError> {
        let frames = snapshots(
            self,
            scope.committee_id,
            TimeFrame::Period {
                from: scope.period.from,
                to: scope.period.to,
            },
            now,
        )
        .await?;
        let mut by_group: HashMap<i32, ScoreCounts> = HashMap::new();
        for snapshot in &frames {
            for sums in self.score_sums(&scope, snapshot).await? {
                by_group
                    .entry(sums.group_id)
                    .or_default()
                    .add(&ScoreCounts::from(&sums));
            }
        }
        let mut total = ScoreCounts::default();
        let mut lines: Vec<ScoreLine> = by_group
            .into_iter()
            .map(|(group_id, counts)| {
                total.add(&counts);
                ScoreLine {
                    group_id,
                    counts,
                    rank: None,
                }
            })
            .collect();
        lines.sort_by_key(|line| line.group_id);
        let ranks = rank(&mut lines, |line| &line.counts);
        for (line, rank) in lines.iter_mut().zip(ranks) {
            line.rank = rank;
        }
        let as_of = frames
            .iter()
            .map(|s| s.day)
            .max()
            .unwrap_or_else(|| Ord::min(scope.period.to, now.date_naive()));
        Ok(Scorecard {
            period: scope.period,
            as_of,
            grouping: scope.grouping,
            total,
            lines,
        })
    }

    async fn score_sums(
        &self,
        scope: &ScorecardScope,
        snapshot: &Snapshot,
    ) -> Result<Vec<Sums>, StoreError> {
        use task_history::Column as H;
        let table = || sea_orm::sea_query::IntoIden::into_iden(task_history::Entity);
        let day = snapshot.day;
        let last_due_soon = self.due_soon().last_day(day);
        let class = |t: Timeliness| timeliness_condition_in(table(), t, day, last_due_soon);
        let overdue_since = |latest: NaiveDate, earliest: Option<NaiveDate>| {
            let mut condition = class(Timeliness::Overdue).add(H::DueOn.lte(latest));
            if let Some(earliest) = earliest {
                condition = condition.add(H::DueOn.gte(earliest));
            }
            condition
        };
        let backend = self.backend();
        let days_late = Expr::case(
            class(Timeliness::Overdue),
            days_between(backend, Expr::val(day), Expr::col(H::DueOn)),
        )
        .case(
            class(Timeliness::DoneLate),
            days_between(
                backend,
                Expr::col(H::SubmittedOn).if_null(Expr::col(H::CompletedOn)),
                Expr::col(H::DueOn),
            ),
        )
        .finally(0)
        .sum();
        let cutoff = snapshot.at;
        let tasks_journaled = |condition: Condition| {
            Query::select()
                .column(task_update::Column::TaskId)
                .from(task_update::Entity)
                .cond_where(condition.add(task_update::Column::At.lt(cutoff)))
                .to_owned()
        };
        let extended = Query::select()
            .column(extension_request::Column::TaskId)
            .from(extension_request::Entity)
            .and_where(extension_request::Column::Decision.eq(APPROVED))
            .and_where(extension_request::Column::DecidedAt.lt(cutoff))
            .to_owned();
        let submitted = tasks_journaled(
            Condition::all().add(task_update::Column::StatusTo.eq(TaskStatus::Submitted.as_str())),
        );
        let returned = tasks_journaled(
            Condition::all()
                .add(task_update::Column::StatusFrom.eq(TaskStatus::Submitted.as_str()))
                .add(task_update::Column::StatusTo.eq(TaskStatus::InProgress.as_str())),
        );
        let group = match scope.grouping {
            ScoreGrouping::Department => H::LeadId,
            ScoreGrouping::Meeting => H::MeetingId,
            ScoreGrouping::Committee => H::CommitteeId,
        };
        let finished = [TaskStatus::Done.as_str(), TaskStatus::Cancelled.as_str()];
        let mut select = task_history::Entity::find()
            .select_only()
            .column_as(group, "group_id")
            .column_as(H::Id.count(), "total")
            .expr_as(count_when(H::AssignedAt.lt(snapshot.start)), "carried_over")
            .expr_as(count_when(class(Timeliness::DoneOnTime)), "done_on_time")
            .expr_as(count_when(class(Timeliness::DoneLate)), "done_late")
            .expr_as(
                count_when(
                    Condition::any()
                        .add(class(Timeliness::OnTrack))
                        .add(class(Timeliness::DueSoon)),
                ),
                "open_in_time",
            )
            .expr_as(
                count_when(class(Timeliness::NoDeadline)),
                "open_without_deadline",
            )
            .expr_as(count_when(class(Timeliness::Overdue)), "open_overdue")
            .expr_as(count_when(class(Timeliness::Cancelled)), "cancelled")
            .expr_as(
                count_when(overdue_since(day_before(day, 1), Some(day_before(day, 7)))),
                "overdue_week",
            )
            .expr_as(
                count_when(overdue_since(day_before(day, 8), Some(day_before(day, 30)))),
                "overdue_month",
            )
            .expr_as(
                count_when(overdue_since(day_before(day, 31), None)),
                "overdue_longer",
            )
            .expr_as(days_late, "days_late")
            .expr_as(count_when(H::TaskId.in_subquery(extended)), "extended")
            .expr_as(count_when(H::TaskId.in_subquery(submitted)), "submitted")
            .expr_as(count_when(H::TaskId.in_subquery(returned)), "returned")
            .filter(snapshot.holds(table()))
            .filter(carries_work_in(backend, table(), H::TaskId))
            // Work finished before the period began belongs to the periods before.
            .filter(
                Condition::all()
                    .add(H::Status.is_in(finished))
                    .add(H::ValidFrom.lt(snapshot.start))
                    .not(),
            );
        if let Some(meeting) = scope.meeting_id {
            select = select.filter(H::MeetingId.eq(meeting));
        }
        if let Some(department) = scope.department_id {
            select = select.filter(H::LeadId.eq(department));
        }
        Ok(select
            .group_by(group)
            .into_model::<Sums>()
            .all(self.connection())
            .await?)
    }
}
