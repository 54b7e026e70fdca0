//! The chair's report is counted by the database; this checks, on random data and random days,
//! that its counts are exactly what the domain's own rules give task by task, for past days on
//! the standing each task had at the end of that day.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use chrono::{Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use dondoc::domain::calendar::WorkCalendar;
use dondoc::domain::timeliness::{timeliness, DueSoonWindow, Schedule};
use dondoc::domain::{TaskStatus, Timeliness};
use dondoc::generate::{generate, Scale};
use dondoc::store::entities::{task, task_history};
use dondoc::store::report::ReportScope;
use dondoc::store::{Store, StoreOptions};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::EntityTrait;

use crate::helpers::{clock_start, Backend, TestDatabase};
use crate::on_both_backends;

/// Counts by (lead department, timeliness).
type Tally = BTreeMap<(i32, Timeliness), u64>;

/// The seed of this run's random data: `DONDOC_TEST_SEED` to replay a failure, else fresh.
fn seed() -> u64 {
    std::env::var("DONDOC_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random)
}

/// A task's standing: its lead and what its timeliness depends on.
type Standing = (i32, Schedule);

fn schedule(
    status: &str,
    due_on: Option<NaiveDate>,
    submitted_on: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
) -> Schedule {
    Schedule {
        status: status.parse::<TaskStatus>().expect("a status"),
        deadline: due_on,
        submitted_on,
        completed_on,
    }
}

/// What each task that carries work stood at, at the end of `day` (Hà Nội time, the generator's
/// zone): today's rows from today on, the history's row that held then before.
fn standings(
    tasks: &[task::Model],
    history: &[task_history::Model],
    day: NaiveDate,
    today: NaiveDate,
) -> Vec<Standing> {
    let parents: HashSet<i32> = tasks.iter().filter_map(|t| t.parent_id).collect();
    if day >= today {
        return tasks
            .iter()
            .filter(|t| !parents.contains(&t.id))
            .map(|t| {
                (
                    t.lead_id,
                    schedule(&t.status, t.due_on, t.submitted_on, t.completed_on),
                )
            })
            .collect();
    }
    let end = Ho_Chi_Minh
        .from_local_datetime(&(day + Days::new(1)).and_time(NaiveTime::MIN))
        .single()
        .expect("Hà Nội has no gaps")
        .with_timezone(&Utc);
    history
        .iter()
        .filter(|h| !parents.contains(&h.task_id))
        .filter(|h| h.valid_from < end && h.valid_until.is_none_or(|until| until >= end))
        .map(|h| {
            (
                h.lead_id,
                schedule(&h.status, h.due_on, h.submitted_on, h.completed_on),
            )
        })
        .collect()
}

/// What the domain's rules say, task by task.
fn expected(standings: &[Standing], day: NaiveDate, window: DueSoonWindow) -> Tally {
    let mut tally = Tally::new();
    for (lead, schedule) in standings {
        *tally
            .entry((*lead, timeliness(*schedule, day, window)))
            .or_default() += 1;
    }
    tally
}

async fn the_report_counts_what_the_rules_say_on_random_tasks_and_days(backend: Backend) {
    let seed = seed();
    println!("seed {seed} (DONDOC_TEST_SEED={seed} replays it)");
    let mut rng = StdRng::seed_from_u64(seed);
    let window = DueSoonWindow(rng.gen_range(0..=10));
    let database = TestDatabase::create(backend);
    let options = StoreOptions {
        database_url: database.url.clone(),
        max_connections: 4,
        sqlite_busy_timeout: Duration::from_secs(30),
        due_soon: window,
        notice_delay: chrono::Duration::minutes(10),
        calendar: WorkCalendar::weekdays_only(),
    };
    Store::migrate(&options).await.expect("migrations run");
    let store = Store::connect(&options).await.expect("the store connects");
    let now = clock_start();
    let scale = Scale {
        tasks: 300,
        departments: 12,
        seed,
    };
    generate(&store, scale, false, now, |_, _| {})
        .await
        .expect("random tasks are made");
    let reader = sea_orm::Database::connect(&database.url)
        .await
        .expect("a second connection");
    let tasks = task::Entity::find()
        .all(&reader)
        .await
        .expect("tasks read back");
    let statuses: HashSet<&str> = tasks.iter().map(|t| t.status.as_str()).collect();
    assert!(statuses.len() >= 4, "the data mixes statuses: {statuses:?}");
    let history = task_history::Entity::find()
        .all(&reader)
        .await
        .expect("history read back");
    // The history the database keeps ends in each task's current row, and has changes in it.
    for task in &tasks {
        let open: Vec<_> = history
            .iter()
            .filter(|h| h.task_id == task.id && h.valid_until.is_none())
            .map(|h| {
                (
                    h.status.as_str(),
                    h.due_on,
                    h.submitted_on,
                    h.completed_on,
                    h.lead_id,
                )
            })
            .collect();
        assert_eq!(
            open,
            vec![(
                task.status.as_str(),
                task.due_on,
                task.submitted_on,
                task.completed_on,
                task.lead_id
            )],
            "task {}'s history ends in its row",
            task.id
        );
    }
    assert!(history.len() > tasks.len() * 2, "tasks changed over time");
    let today = now.with_timezone(&Ho_Chi_Minh).date_naive();

    // Random days from 2022 to 2028, and the days on and around deadlines and submissions,
    // where a class changes.
    let mut days: Vec<NaiveDate> = (0..12)
        .map(|_| {
            NaiveDate::from_ymd_opt(2022, 1, 1).expect("a day")
                + Days::new(rng.gen_range(0..7 * 365))
        })
        .collect();
    for _ in 0..12 {
        let task = &tasks[rng.gen_range(0..tasks.len())];
        if let Some(edge) = task.due_on.or(task.submitted_on) {
            let shift = rng.gen_range(0..=u64::from(window.0) + 1);
            days.push(if rng.gen() {
                edge + Days::new(shift)
            } else {
                edge - Days::new(shift)
            });
        }
    }
    let mut seen = HashSet::new();
    for day in days {
        let report = store
            .progress_report(
                ReportScope {
                    as_of: Some(day),
                    ..ReportScope::default()
                },
                now,
            )
            .await
            .expect("the report");
        let mut counted = Tally::new();
        for line in &report.by_department {
            for (class, count) in &line.by_timeliness {
                counted.insert((line.department_id, *class), *count);
            }
            assert_eq!(
                line.total,
                line.by_timeliness.values().sum::<u64>(),
                "{day}: department {}'s total",
                line.department_id
            );
        }
        let wanted = expected(&standings(&tasks, &history, day, today), day, window);
        assert_eq!(
            counted, wanted,
            "seed {seed}, window {window:?}, as of {day}"
        );
        assert_eq!(report.total, wanted.values().sum::<u64>(), "{day}");
        seen.extend(wanted.keys().map(|(_, class)| *class));
    }
    assert!(
        seen.len() >= 5,
        "the days tried reach most classes, not just one: {seen:?}"
    );
}

on_both_backends!(the_report_counts_what_the_rules_say_on_random_tasks_and_days);
