//! The chair's progress report: how many tasks stand where, overall and per lead department.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::entities::task;
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

impl Store {
    /// Counts the tasks that carry work: a directive split across departments is counted
    /// through its subtasks, not once more on its own.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn progress_report(
        &self,
        scope: ReportScope,
        now: DateTime<Utc>,
    ) -> Result<ProgressReport, StoreError> {
        let mut select = task::Entity::find();
        if let Some(committee) = scope.committee_id {
            select = select.filter(task::Column::CommitteeId.eq(committee));
        }
        if let Some(meeting) = scope.meeting_id {
            select = select.filter(task::Column::MeetingId.eq(meeting));
        }
        let tasks = select.all(self.connection()).await?;
        let days = self.committee_days(now).await?;
        let fallback_day = now.date_naive();
        let report_day = |committee: i32| {
            scope
                .as_of
                .or_else(|| days.get(&committee).copied())
                .unwrap_or(fallback_day)
        };
        let parents: HashSet<i32> = tasks.iter().filter_map(|t| t.parent_id).collect();
        let mut by_timeliness = TimelinessCounts::new();
        let mut by_department: HashMap<i32, DepartmentLine> = HashMap::new();
        let mut total = 0;
        for task in tasks.iter().filter(|t| !parents.contains(&t.id)) {
            let standing = self.timeliness_on(task, report_day(task.committee_id))?;
            total += 1;
            *by_timeliness.entry(standing).or_default() += 1;
            let line = by_department
                .entry(task.lead_id)
                .or_insert_with(|| DepartmentLine {
                    department_id: task.lead_id,
                    total: 0,
                    by_timeliness: TimelinessCounts::new(),
                });
            line.total += 1;
            *line.by_timeliness.entry(standing).or_default() += 1;
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
            .unwrap_or(fallback_day);
        Ok(ProgressReport {
            as_of,
            total,
            by_timeliness,
            by_department: lines,
        })
    }
}
