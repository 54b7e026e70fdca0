//! Benchmark, not a test: 10,000 overdue tasks across 1,000 departments, one sweep and one
//! dispatch into a local SMTP sink; then the sink's own ceiling, measured the same way (the
//! same number of messages sent one after another straight from lettre).
//!
//! Run: `cargo bench --bench reminders` (SQLite), or with
//! `DONDOC_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty database>`.

#[path = "../tests/common/smtp.rs"]
#[allow(dead_code)]
mod smtp;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use dondoc::domain::calendar::WorkCalendar;
use dondoc::domain::reminders::ReminderPolicy;
use dondoc::domain::timeliness::DueSoonWindow;
use dondoc::domain::validate::{
    DepartmentCode, Email, Language, Name, Reference, ShortName, Title,
};
use dondoc::domain::Role;
use dondoc::mail::{Mailer, OutgoingMail};
use dondoc::reminders::Reminders;
use dondoc::store::directory::{actor_of, NewCommittee, NewDepartment, NewUser};
use dondoc::store::meetings::NewMeeting;
use dondoc::store::task_writes::NewTask;
use dondoc::store::{Store, StoreOptions};

const DEPARTMENTS: usize = 1_000;
const TASKS: usize = 10_000;
/// Digests sent at once, as `reminder_workers` sets it by default.
const WORKERS: u32 = 4;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run());
}

async fn run() {
    let folder = tempfile::tempdir().expect("a folder");
    let url = std::env::var("DONDOC_BENCH_DATABASE_URL").unwrap_or_else(|_| {
        format!(
            "sqlite://{}?mode=rwc",
            folder.path().join("bench.db").display()
        )
    });
    use chrono::Weekday::{Fri, Mon, Thu, Tue, Wed};
    let options = StoreOptions {
        database_url: url.clone(),
        max_connections: 8,
        sqlite_busy_timeout: Duration::from_secs(30),
        due_soon: DueSoonWindow(3),
        calendar: WorkCalendar::new(&[Mon, Tue, Wed, Thu, Fri], []),
        notice_delay: chrono::Duration::minutes(10),
    };
    Store::migrate(&options).await.expect("migrations");
    let store = Store::connect(&options).await.expect("the database opens");
    let setup = Instant::now();
    let created = Utc
        .with_ymd_and_hms(2026, 8, 1, 2, 0, 0)
        .single()
        .expect("an instant");
    let (secretary, _) = store
        .create_user(
            NewUser {
                name: Name::parse("Thư ký").expect("name"),
                email: Email::parse("secretary@bench.example").expect("email"),
                role: Role::Secretary,
                department_id: None,
            },
            created,
        )
        .await
        .expect("secretary");
    let secretary = actor_of(&secretary).expect("actor");
    let mut departments = Vec::with_capacity(DEPARTMENTS);
    for n in 0..DEPARTMENTS {
        let department = store
            .create_department(
                NewDepartment {
                    code: DepartmentCode::parse(&format!("D{n:04}")).expect("code"),
                    name: Name::parse(&format!("UBND xã số {n}")).expect("name"),
                    email: Some(Email::parse(&format!("d{n}@bench.example")).expect("email")),
                    parent_id: None,
                },
                created,
            )
            .await
            .expect("department");
        store
            .create_user(
                NewUser {
                    name: Name::parse(&format!("Đầu mối xã {n}")).expect("name"),
                    email: Email::parse(&format!("liaison{n}@bench.example")).expect("email"),
                    role: Role::Liaison,
                    department_id: Some(department.id),
                },
                created,
            )
            .await
            .expect("liaison");
        departments.push(department.id);
    }
    let committee = store
        .create_committee(
            NewCommittee {
                name: Name::parse("Ban Chỉ đạo").expect("name"),
                short_name: Some(ShortName::parse("BCĐ").expect("short name")),
                reminder_policy: None,
                time_zone: "Asia/Ho_Chi_Minh".into(),
                language: Language::Vietnamese,
                chair_id: None,
                member_ids: vec![secretary.user_id],
            },
            created,
        )
        .await
        .expect("committee");
    let meeting = store
        .create_meeting(
            &secretary,
            NewMeeting {
                committee_id: committee.id,
                title: Title::parse("Hội nghị").expect("title"),
                held_on: "2026-08-01".parse().expect("date"),
                reference: Reference::parse_optional(Some("1/TB")).expect("reference"),
                summary: None,
            },
            created,
        )
        .await
        .expect("meeting");
    for n in 0..TASKS {
        store
            .assign_task(
                &secretary,
                NewTask {
                    meeting_id: meeting.id,
                    title: Title::parse(&format!("Nhiệm vụ số {n}")).expect("title"),
                    description: None,
                    lead_id: departments[n % DEPARTMENTS],
                    co_owner_ids: vec![],
                    deadline: Some("2026-11-20".parse().expect("date")),
                    split_across: vec![],
                },
                created,
            )
            .await
            .expect("task");
    }
    store
        .discard_pending_reminders("bench setup")
        .await
        .expect("notices discarded");
    println!(
        "setup: {DEPARTMENTS} departments, {TASKS} overdue tasks in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    let sink = smtp::SmtpSink::start().await;
    let mailer = Mailer::new(
        &sink.url(),
        "dondoc <dondoc@bench.example>",
        Duration::from_secs(30),
        WORKERS,
    )
    .expect("mailer");
    let reminders = Reminders::new(
        store.clone(),
        ReminderPolicy::default(),
        "http://127.0.0.1:8080",
        Some(mailer.clone()),
    )
    .with_workers(WORKERS);
    let now = Utc
        .with_ymd_and_hms(2026, 11, 27, 1, 30, 0)
        .single()
        .expect("08:30 in Thái Bình");
    let sweep = Instant::now();
    let written = reminders.sweep(now, None).await.expect("sweep");
    let sweep_seconds = sweep.elapsed().as_secs_f64();
    let dispatch = Instant::now();
    let report = reminders.dispatch(now).await.expect("dispatch");
    let dispatch_seconds = dispatch.elapsed().as_secs_f64();
    println!("sweep: {written} reminder rows in {sweep_seconds:.2} s");
    println!(
        "dispatch: {} digests sent in {dispatch_seconds:.2} s ({:.0} digests/s); {} retrying, {} failed",
        report.sent,
        f64::from(report.sent) / dispatch_seconds,
        report.retrying,
        report.failed
    );
    assert_eq!(
        sink.received().len(),
        usize::try_from(report.sent).unwrap_or_default()
    );

    let messages = report.sent.max(1);
    let sample = sink
        .received()
        .first()
        .map(|m| m.raw.len())
        .unwrap_or(2_000);
    let body = "x".repeat(sample.saturating_sub(600).max(100));
    let ceiling = Instant::now();
    let mut senders = tokio::task::JoinSet::new();
    for worker in 0..WORKERS {
        let (mailer, body) = (mailer.clone(), body.clone());
        senders.spawn(async move {
            for n in (worker..messages).step_by(WORKERS as usize) {
                mailer
                    .send(&OutgoingMail {
                        to_name: None,
                        to_email: format!("ceiling{n}@bench.example"),
                        subject: "[BCĐ] ceiling".into(),
                        text: body.clone(),
                        html: format!("<p>{body}</p>"),
                        message_id: format!("ceiling.{n}@bench.example"),
                    })
                    .await
                    .expect("the sink accepts");
            }
        });
    }
    while senders.join_next().await.is_some() {}
    let ceiling_seconds = ceiling.elapsed().as_secs_f64();
    let ceiling_rate = f64::from(messages) / ceiling_seconds;
    println!(
        "sink ceiling: {messages} messages of about {sample} bytes sent straight from lettre, {WORKERS} at a time over pooled connections, in {ceiling_seconds:.2} s ({ceiling_rate:.0} messages/s)"
    );
    println!(
        "dispatch reached {:.0}% of the sink's ceiling",
        f64::from(report.sent) / dispatch_seconds / ceiling_rate * 100.0
    );
}
