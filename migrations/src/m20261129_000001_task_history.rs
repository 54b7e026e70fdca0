//! The history of every task's standing, so that a report for a past day shows what stood then
//! rather than judging today's rows against that day.
//!
//! `task_history` holds one row per period during which a task's status, due day, submission
//! day, completion day and lead did not change: `[valid_from, valid_until)`, the open row having
//! no end. The database writes it itself, by triggers on `tasks`, so that no way of changing a
//! task (a page, the API, the generator, an import, a reorganisation) can forget it; the instants
//! are the task's own `updated_at`, written by the service's clock.
//!
//! Tasks that exist before this migration get their history replayed from the journal
//! (`task_updates`): what each entry changed, in order, the days taken in the committee's time
//! zone. Two things the journal does not say are approximated for that past only: an earlier
//! deadline's due day is the deadline itself moved off a weekend (holidays are configuration,
//! not data), and the last period always holds the task's current row exactly.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{DbBackend, FromQueryResult, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000001_task_history"
    }
}

/// The columns of `tasks` whose history is kept, in the order the triggers copy them.
const TRACKED: &str = "status, due_on, submitted_on, completed_on, lead_id";

fn sqlite_triggers() -> Vec<String> {
    let changed = TRACKED
        .split(", ")
        .map(|c| format!("old.{c} IS NOT new.{c}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let insert = format!(
        "INSERT INTO task_history (task_id, committee_id, meeting_id, assigned_at, valid_from, {TRACKED}) \
         VALUES (new.id, new.committee_id, new.meeting_id, new.created_at, new.updated_at, new.status, new.due_on, \
         new.submitted_on, new.completed_on, new.lead_id);"
    );
    vec![
        format!("CREATE TRIGGER task_history_insert AFTER INSERT ON tasks BEGIN {insert} END"),
        format!(
            "CREATE TRIGGER task_history_update AFTER UPDATE OF {TRACKED} ON tasks WHEN {changed} BEGIN \
             UPDATE task_history SET valid_until = new.updated_at WHERE task_id = new.id AND valid_until IS NULL; \
             {insert} END"
        ),
    ]
}

fn postgres_triggers() -> Vec<String> {
    let changed = TRACKED
        .split(", ")
        .map(|c| format!("OLD.{c} IS DISTINCT FROM NEW.{c}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    vec![
        format!(
            "CREATE FUNCTION task_history_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF TG_OP = 'UPDATE' THEN \
               IF NOT ({changed}) THEN RETURN NEW; END IF; \
               UPDATE task_history SET valid_until = NEW.updated_at WHERE task_id = NEW.id AND valid_until IS NULL; \
             END IF; \
             INSERT INTO task_history (task_id, committee_id, meeting_id, assigned_at, valid_from, {TRACKED}) \
             VALUES (NEW.id, NEW.committee_id, NEW.meeting_id, NEW.created_at, NEW.updated_at, NEW.status, NEW.due_on, \
             NEW.submitted_on, NEW.completed_on, NEW.lead_id); \
             RETURN NEW; END $$"
        ),
        "CREATE TRIGGER task_history_write AFTER INSERT OR UPDATE ON tasks \
         FOR EACH ROW EXECUTE FUNCTION task_history_write()"
            .to_string(),
    ]
}

/// One period of a task's standing.
#[derive(Debug, Clone, PartialEq)]
struct Standing {
    status: String,
    due_on: Option<NaiveDate>,
    submitted_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    lead_id: i32,
}

#[derive(Debug, FromQueryResult)]
struct TaskRow {
    id: i32,
    committee_id: i32,
    meeting_id: i32,
    lead_id: i32,
    status: String,
    due_on: Option<NaiveDate>,
    submitted_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    time_zone: String,
}

#[derive(Debug, FromQueryResult)]
struct JournalRow {
    task_id: i32,
    at: DateTime<Utc>,
    status_from: Option<String>,
    status_to: Option<String>,
    deadline_from: Option<NaiveDate>,
    deadline_to: Option<NaiveDate>,
    lead_from: Option<i32>,
    lead_to: Option<i32>,
}

fn off_weekend(day: NaiveDate) -> NaiveDate {
    let skip = match day.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    day.checked_add_days(Days::new(skip)).unwrap_or(day)
}

/// The periods of one task's standing, oldest first, replayed from its journal.
fn replay(task: &TaskRow, journal: &[&JournalRow]) -> Vec<(DateTime<Utc>, Standing)> {
    let zone: chrono_tz::Tz = task.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let day = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    let changes: Vec<&&JournalRow> = journal
        .iter()
        .filter(|e| e.status_to.is_some() || e.deadline_to.is_some() || e.lead_to.is_some())
        .collect();
    let first_deadline = changes.iter().find(|e| e.deadline_to.is_some());
    let first_lead = changes.iter().find_map(|e| e.lead_from);
    let mut standing = Standing {
        status: "NOT_STARTED".into(),
        due_on: match first_deadline {
            Some(e) => e.deadline_from.map(off_weekend),
            None => task.due_on,
        },
        submitted_on: None,
        completed_on: None,
        lead_id: first_lead.unwrap_or(task.lead_id),
    };
    let mut periods = vec![(task.created_at, standing.clone())];
    for entry in changes {
        if let Some(status) = &entry.status_to {
            match (entry.status_from.as_deref(), status.as_str()) {
                (_, "SUBMITTED") => standing.submitted_on = Some(day(entry.at)),
                (_, "DONE") => standing.completed_on = Some(day(entry.at)),
                (Some("SUBMITTED"), _) => standing.submitted_on = None,
                (Some("DONE" | "CANCELLED"), _) => {
                    standing.submitted_on = None;
                    standing.completed_on = None;
                }
                _ => {}
            }
            standing.status.clone_from(status);
        }
        if entry.deadline_to.is_some() {
            standing.due_on = entry.deadline_to.map(off_weekend);
        }
        if let Some(lead) = entry.lead_to {
            standing.lead_id = lead;
        }
        periods.push((Ord::max(entry.at, task.created_at), standing.clone()));
    }
    // The journal and the row may disagree on details it does not record (holidays): the row
    // is the truth from its last change on.
    let current = Standing {
        status: task.status.clone(),
        due_on: task.due_on,
        submitted_on: task.submitted_on,
        completed_on: task.completed_on,
        lead_id: task.lead_id,
    };
    if periods.last().is_none_or(|(_, last)| *last != current) {
        let since = Ord::max(
            task.updated_at,
            periods.last().map_or(task.created_at, |(at, _)| *at),
        );
        periods.push((since, current));
    }
    periods
}

/// A statement numbered for PostgreSQL (`$1`), as SQLite wants it (`?`).
fn statement(backend: DbBackend, sql: &str, values: [Value; 2]) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => sql.to_string(),
        _ => sql.replace("$1", "?").replace("$2", "?"),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    const BATCH: i32 = 2000;
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let mut after = 0;
    loop {
        let tasks = TaskRow::find_by_statement(statement(
            backend,
            "SELECT t.id, t.committee_id, t.meeting_id, t.lead_id, t.status, t.due_on, \
             t.submitted_on, t.completed_on, t.created_at, t.updated_at, c.time_zone \
             FROM tasks t JOIN committees c ON c.id = t.committee_id \
             WHERE t.id > $1 ORDER BY t.id LIMIT $2",
            [after.into(), BATCH.into()],
        ))
        .all(db)
        .await?;
        let Some(last) = tasks.last() else {
            return Ok(());
        };
        let (first, last) = (tasks[0].id, last.id);
        let journal = JournalRow::find_by_statement(statement(
            backend,
            "SELECT task_id, at, status_from, status_to, deadline_from, deadline_to, lead_from, lead_to \
             FROM task_updates WHERE task_id BETWEEN $1 AND $2 ORDER BY task_id, at, id",
            [first.into(), last.into()],
        ))
        .all(db)
        .await?;
        let mut by_task: HashMap<i32, Vec<&JournalRow>> = HashMap::new();
        for entry in &journal {
            by_task.entry(entry.task_id).or_default().push(entry);
        }
        let mut insert = Query::insert()
            .into_table("task_history")
            .columns([
                "task_id",
                "committee_id",
                "meeting_id",
                "assigned_at",
                "valid_from",
                "valid_until",
                "status",
                "due_on",
                "submitted_on",
                "completed_on",
                "lead_id",
            ])
            .to_owned();
        for task in &tasks {
            let periods = replay(task, by_task.get(&task.id).map_or(&[][..], Vec::as_slice));
            for (index, (from, standing)) in periods.iter().enumerate() {
                let until = periods.get(index + 1).map(|(at, _)| *at);
                insert
                    .values([
                        task.id.into(),
                        task.committee_id.into(),
                        task.meeting_id.into(),
                        task.created_at.into(),
                        (*from).into(),
                        until.into(),
                        standing.status.clone().into(),
                        standing.due_on.into(),
                        standing.submitted_on.into(),
                        standing.completed_on.into(),
                        standing.lead_id.into(),
                    ])
                    .map_err(|e| DbErr::Custom(e.to_string()))?;
            }
        }
        manager.exec_stmt(insert).await?;
        after = last;
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("task_history")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(integer("committee_id"))
                    .col(integer("meeting_id"))
                    .col(timestamp_with_time_zone("assigned_at"))
                    .col(timestamp_with_time_zone("valid_from"))
                    .col(timestamp_with_time_zone_null("valid_until"))
                    .col(string_len("status", 16))
                    .col(date_null("due_on"))
                    .col(date_null("submitted_on"))
                    .col(date_null("completed_on"))
                    .col(integer("lead_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("task_history", "task_id")
                            .to("tasks", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        // Finding a task's open period, on every change of the task.
        manager
            .create_index(
                Index::create()
                    .name("idx_task_history_task")
                    .table("task_history")
                    .col("task_id")
                    .col("valid_from")
                    .take(),
            )
            .await?;
        backfill(manager).await?;
        let triggers = match manager.get_database_backend() {
            DbBackend::Postgres => postgres_triggers(),
            _ => sqlite_triggers(),
        };
        for trigger in triggers {
            manager
                .get_connection()
                .execute_unprepared(&trigger)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drops: &[&str] = match manager.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS task_history_write ON tasks",
                "DROP FUNCTION IF EXISTS task_history_write()",
            ],
            _ => &[
                "DROP TRIGGER IF EXISTS task_history_insert",
                "DROP TRIGGER IF EXISTS task_history_update",
            ],
        };
        for drop in drops {
            manager.get_connection().execute_unprepared(drop).await?;
        }
        manager
            .drop_table(Table::drop().table("task_history").take())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a test instant")
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a test day")
    }

    fn entry(
        when: &str,
        status: Option<(&str, &str)>,
        deadline: Option<(&str, &str)>,
    ) -> JournalRow {
        JournalRow {
            task_id: 1,
            at: at(when),
            status_from: status.map(|(from, _)| from.into()),
            status_to: status.map(|(_, to)| to.into()),
            deadline_from: deadline.map(|(from, _)| day(from)),
            deadline_to: deadline.map(|(_, to)| day(to)),
            lead_from: None,
            lead_to: None,
        }
    }

    #[test]
    fn the_journal_replays_into_periods_ending_in_the_current_row() {
        let task = TaskRow {
            id: 1,
            committee_id: 1,
            meeting_id: 1,
            lead_id: 7,
            status: "DONE".into(),
            due_on: Some(day("2022-10-31")),
            submitted_on: Some(day("2022-10-20")),
            completed_on: Some(day("2022-10-25")),
            created_at: at("2022-08-26T02:00:00Z"),
            updated_at: at("2022-10-25T03:00:00Z"),
            time_zone: "Asia/Ho_Chi_Minh".into(),
        };
        let journal = [
            entry(
                "2022-09-01T02:00:00Z",
                Some(("NOT_STARTED", "IN_PROGRESS")),
                None,
            ),
            entry(
                "2022-09-29T02:00:00Z",
                None,
                Some(("2022-09-30", "2022-10-31")),
            ),
            // 17:30 UTC on 19 October is 00:30 on the 20th in Hà Nội: the day is the local one.
            entry(
                "2022-10-19T17:30:00Z",
                Some(("IN_PROGRESS", "SUBMITTED")),
                None,
            ),
            entry("2022-10-25T03:00:00Z", Some(("SUBMITTED", "DONE")), None),
        ];
        let periods = replay(&task, &journal.iter().collect::<Vec<_>>());
        let summary: Vec<(&str, Option<NaiveDate>, Option<NaiveDate>)> = periods
            .iter()
            .map(|(_, s)| (s.status.as_str(), s.due_on, s.submitted_on))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("NOT_STARTED", Some(day("2022-09-30")), None),
                ("IN_PROGRESS", Some(day("2022-09-30")), None),
                ("IN_PROGRESS", Some(day("2022-10-31")), None),
                (
                    "SUBMITTED",
                    Some(day("2022-10-31")),
                    Some(day("2022-10-20"))
                ),
                ("DONE", Some(day("2022-10-31")), Some(day("2022-10-20"))),
            ]
        );
        assert_eq!(periods[0].0, task.created_at);
    }
}
