//! The chair's progress report: how many tasks stand where, overall and per lead department,
//! counted by the database (one grouped statement per distinct "today" among the committees).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use sea_orm::sea_query::{Alias, Asterisk, DynIden, Expr, ExprTrait, IntoIden, Query, SimpleExpr};
use sea_orm::{Condition, DbBackend, FromQueryResult};

use super::entities::{task, task_history};
use super::tasks::timeliness_condition_in;
use super::{Store, StoreError};
use crate::domain::calendar::{local_day, parse_time_zone};
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
    /// The end of this day instead of each committee's today: a past day is read from the
    /// tasks' history, as things stood then; a later day judges today's tasks against it.
    pub as_of: Option<NaiveDate>,
}

/// The days a report looks at.
#[derive(Debug, Clone, Copy)]
pub(super) enum TimeFrame {
    /// The end of a day (today when none).
    AsOf(Option<NaiveDate>),
    /// From the start of one day to the end of another (or now, while it runs).
    Period { from: NaiveDate, to: NaiveDate },
}

/// The committees whose tasks are read at the same instants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Snapshot {
    pub committees: Vec<i32>,
    /// The day tasks are judged on.
    pub day: NaiveDate,
    /// The instant things are read as they stood: the end of `day` in the committees' zone,
    /// or now.
    pub at: DateTime<Utc>,
    /// Now: the tasks' current rows say what their history would, faster.
    pub current: bool,
    /// The start of the period, in the committees' zone (`at` for a single day).
    pub start: DateTime<Utc>,
}

impl Snapshot {
    /// The rows of `task_history` (named `table`) that held at `at`, for these committees.
    pub(super) fn holds(&self, table: DynIden) -> Condition {
        use task_history::Column as H;
        let col = |column: H| Expr::col((table.clone(), column));
        Condition::all()
            .add(col(H::CommitteeId).is_in(self.committees.iter().copied()))
            .add(col(H::ValidFrom).lt(self.at))
            .add(
                Condition::any()
                    .add(col(H::ValidUntil).is_null())
                    .add(col(H::ValidUntil).gte(self.at)),
            )
    }
}

/// The first instant of `day` in `zone`.
fn start_of(zone: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    zone.from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |at| at.with_timezone(&Utc),
        )
}

/// The committees (all, or the one asked for), grouped by the instants their tasks are read at.
pub(super) async fn snapshots(
    store: &Store,
    committee_id: Option<i32>,
    frame: TimeFrame,
    now: DateTime<Utc>,
) -> Result<Vec<Snapshot>, StoreError> {
    type Instants = (NaiveDate, DateTime<Utc>, bool, DateTime<Utc>);
    let mut grouped: BTreeMap<Instants, Vec<i32>> = BTreeMap::new();
    for committee in store.committees().await? {
        if committee_id.is_some_and(|wanted| wanted != committee.id) {
            continue;
        }
        // A zone the program would not have stored (changed by hand) falls back to UTC.
        let zone = parse_time_zone(&committee.time_zone).unwrap_or(chrono_tz::UTC);
        let today = local_day(zone, now);
        let end_of =
            |day: NaiveDate| start_of(zone, day.checked_add_days(Days::new(1)).unwrap_or(day));
        let (day, from) = match frame {
            TimeFrame::AsOf(day) => (day.unwrap_or(today), None),
            TimeFrame::Period { from, to } => (Ord::min(to, today), Some(from)),
        };
        let current = match frame {
            TimeFrame::AsOf(_) => day >= today,
            TimeFrame::Period { to, .. } => to >= today,
        };
        let at = if current { now } else { end_of(day) };
        let start = from.map_or(at, |from| start_of(zone, from));
        grouped
            .entry((day, at, current, start))
            .or_default()
            .push(committee.id);
    }
    Ok(grouped
        .into_iter()
        .map(|((day, at, current, start), committees)| Snapshot {
            committees,
            day,
            at,
            current,
            start,
        })
        .collect())
}

/// How many tasks of one lead stood in one class.
#[derive(Debug, FromQueryResult)]
struct ClassCount {
    lead_id: i32,
    standing: String,
    count: i64,
}

/// The SQL expression that names a task's timeliness on `today`, built from the same conditions
/// the task filters use, so the report and the lists cannot disagree.
pub(super) fn timeliness_case(
    table: &DynIden,
    today: NaiveDate,
    last_due_soon: NaiveDate,
) -> SimpleExpr {
    let condition = |class| timeliness_condition_in(table.clone(), class, today, last_due_soon);
    let mut classes = Timeliness::ALL.into_iter();
    let first = classes.next().unwrap_or(Timeliness::OnTrack);
    let case = classes.fold(
        Expr::case(condition(first), first.as_str()),
        |case, class| case.case(condition(class), class.as_str()),
    );
    case.finally(Expr::val("UNKNOWN")).into()
}

/// A task that carries work itself: not a directive split into subtasks, which is counted through
/// them. `id` is the task's id in `table` (`tasks` or `task_history`). Each database gets the
/// form its planner answers fastest on 100,000 tasks: PostgreSQL a hashed anti-join (NOT
/// EXISTS), SQLite one list of parents built once (NOT IN) rather than a lookup for every task.
pub(super) fn carries_work_in(backend: DbBackend, table: DynIden, id: impl IntoIden) -> SimpleExpr {
    let subtask = Alias::new("subtask");
    let parent = Expr::col((subtask.clone(), task::Column::ParentId));
    let id_column = (table, id.into_iden());
    let id = Expr::col(id_column.clone());
    if backend == DbBackend::Sqlite {
        return id.not_in_subquery(
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
            .and_where(parent.equals(id_column))
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
        let frames = snapshots(self, scope.committee_id, TimeFrame::AsOf(scope.as_of), now).await?;
        let mut by_timeliness = TimelinessCounts::new();
        let mut by_department: HashMap<i32, DepartmentLine> = HashMap::new();
        let mut total = 0;
        for snapshot in &frames {
            for group in self.class_counts(&scope, snapshot).await? {
                let ClassCount {
                    lead_id: lead,
                    standing,
                    count,
                } = group;
                let class = Timeliness::ALL
                    .into_iter()
                    .find(|t| t.as_str() == standing)
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
            .or_else(|| frames.first().map(|s| s.day))
            .unwrap_or_else(|| now.date_naive());
        Ok(ProgressReport {
            as_of,
            total,
            by_timeliness,
            by_department: lines,
        })
    }

    /// Tasks by lead and class, for the committees of one snapshot: from the current rows when
    /// it is now, from the history otherwise.
    async fn class_counts(
        &self,
        scope: &ReportScope,
        snapshot: &Snapshot,
    ) -> Result<Vec<ClassCount>, StoreError> {
        let (table, id, condition) = if snapshot.current {
            (
                task::Entity.into_iden(),
                task::Column::Id.into_iden(),
                Condition::all().add(
                    Expr::col((task::Entity, task::Column::CommitteeId))
                        .is_in(snapshot.committees.iter().copied()),
                ),
            )
        } else {
            let table = task_history::Entity.into_iden();
            let holds = snapshot.holds(table.clone());
            (table, task_history::Column::TaskId.into_iden(), holds)
        };
        let day = snapshot.day;
        let standing = Alias::new("standing");
        let lead = Expr::col((table.clone(), task::Column::LeadId));
        let mut select = Query::select();
        select
            .expr_as(lead.clone(), Alias::new("lead_id"))
            .expr_as(
                timeliness_case(&table, day, self.due_soon().last_day(day)),
                standing.clone(),
            )
            .expr_as(Expr::col(Asterisk).count(), Alias::new("count"))
            .from(table.clone())
            .cond_where(condition)
            .and_where(carries_work_in(self.backend(), table.clone(), id));
        if let Some(meeting) = scope.meeting_id {
            select.and_where(Expr::col((table, task::Column::MeetingId)).eq(meeting));
        }
        // The class first: grouped by lead first, SQLite walks the lead index and reads the
        // table in random order.
        select.group_by_col(standing).add_group_by([lead]);
        Ok(ClassCount::find_by_statement(self.backend().build(&select))
            .all(self.connection())
            .await?)
    }
}
