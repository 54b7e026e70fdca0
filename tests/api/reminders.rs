//! Reminders end to end: the sweep and the dispatcher of the library, a real database on both
//! backends, and a real SMTP server on loopback. Time is injected; nothing sleeps.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use dondoc::domain::calendar::WorkCalendar;
use dondoc::domain::reminders::ReminderPolicy;
use dondoc::domain::timeliness::DueSoonWindow;
use dondoc::domain::validate::{
    DepartmentCode, Email, Language, Name, Note, Reference, ShortName, Title,
};
use dondoc::domain::{Actor, Role};
use dondoc::mail::Mailer;
use dondoc::reminders::Reminders;
use dondoc::store::directory::{actor_of, NewCommittee, NewDepartment, NewUser};
use dondoc::store::entities::task;
use dondoc::store::meetings::NewMeeting;
use dondoc::store::reminders::ReminderQuery;
use dondoc::store::task_writes::NewTask;
use dondoc::store::{Store, StoreOptions};

use crate::helpers::{Backend, TestDatabase};
use crate::on_both_backends;
use crate::smtp::{unused_port, SmtpSink};

/// An instant given as local time in Thái Bình, "2026-11-27 08:05".
fn vn(local: &str) -> DateTime<Utc> {
    let naive =
        chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("a local time");
    Ho_Chi_Minh
        .from_local_datetime(&naive)
        .single()
        .expect("unambiguous")
        .with_timezone(&Utc)
}

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

struct Bench {
    store: Store,
    _database: TestDatabase,
    meeting: i32,
    secretary: Actor,
    chair: Actor,
    departments: HashMap<&'static str, i32>,
    /// Each department's liaison, by department code.
    liaisons: HashMap<&'static str, Actor>,
}

impl Bench {
    async fn new(backend: Backend, language: Language, holidays: &[&str]) -> Bench {
        let database = TestDatabase::create(backend);
        use chrono::Weekday::{Fri, Mon, Thu, Tue, Wed};
        let options = StoreOptions {
            database_url: database.url.clone(),
            max_connections: 4,
            sqlite_busy_timeout: Duration::from_secs(30),
            due_soon: DueSoonWindow(3),
            notice_delay: chrono::Duration::minutes(10),
            calendar: WorkCalendar::new(
                &[Mon, Tue, Wed, Thu, Fri],
                holidays.iter().map(|d| day(d)),
            ),
        };
        Store::migrate(&options).await.expect("migrations run");
        let store = Store::connect(&options).await.expect("the store connects");
        let created = vn("2026-08-01 09:00");
        let mut departments = HashMap::new();
        let mut liaisons = HashMap::new();
        for (code, name) in [
            ("UBND-DH", "UBND huyện Đông Hưng"),
            ("SCT", "Sở Công Thương"),
            ("SNNPTNT", "Sở Nông nghiệp và PTNT"),
        ] {
            let department = store
                .create_department(
                    NewDepartment {
                        code: DepartmentCode::parse(code).expect("code"),
                        name: Name::parse(name).expect("name"),
                        email: Some(
                            Email::parse(&format!("{}@test.example", code.to_lowercase()))
                                .expect("email"),
                        ),
                        parent_id: None,
                    },
                    created,
                )
                .await
                .expect("department");
            departments.insert(code, department.id);
            let (liaison, _) = store
                .create_user(
                    NewUser {
                        name: Name::parse(&format!("Đầu mối {name}")).expect("name"),
                        email: Email::parse(&format!(
                            "liaison.{}@test.example",
                            code.to_lowercase()
                        ))
                        .expect("email"),
                        role: Role::Liaison,
                        department_id: Some(department.id),
                    },
                    created,
                )
                .await
                .expect("liaison");
            liaisons.insert(code, actor_of(&liaison).expect("actor"));
        }
        let person = |name: &str, email: &str, role| NewUser {
            name: Name::parse(name).expect("name"),
            email: Email::parse(email).expect("email"),
            role,
            department_id: None,
        };
        let (chair, _) = store
            .create_user(
                person("Nguyễn Quang Hưng", "chair@test.example", Role::Chair),
                created,
            )
            .await
            .expect("chair");
        let (secretary, _) = store
            .create_user(
                person("Thư ký", "secretary@test.example", Role::Secretary),
                created,
            )
            .await
            .expect("secretary");
        let committee = store
            .create_committee(
                NewCommittee {
                    name: Name::parse("Ban Chỉ đạo Phát triển Kinh tế tập thể").expect("name"),
                    short_name: Some(ShortName::parse("BCĐ KTTT").expect("short name")),
                    reminder_policy: None,
                    time_zone: "Asia/Ho_Chi_Minh".into(),
                    language,
                    chair_id: Some(chair.id),
                    member_ids: vec![secretary.id],
                },
                created,
            )
            .await
            .expect("committee");
        let secretary = actor_of(&secretary).expect("actor");
        let meeting = store
            .create_meeting(
                &secretary,
                NewMeeting {
                    committee_id: committee.id,
                    title: Title::parse("Hội nghị triển khai nhiệm vụ").expect("title"),
                    held_on: day("2026-08-01"),
                    reference: Reference::parse_optional(Some("123/TB-UBND")).expect("reference"),
                    summary: None,
                },
                created,
            )
            .await
            .expect("meeting");
        Bench {
            store,
            _database: database,
            meeting: meeting.id,
            secretary,
            chair: actor_of(&chair).expect("actor"),
            departments,
            liaisons,
        }
    }

    async fn task(&self, title: &str, lead: &str, deadline: &str) -> task::Model {
        self.task_with(title, lead, deadline, &[]).await
    }

    /// A task, without the notice of its assignment (tests of reminders look at reminders only).
    async fn task_with(
        &self,
        title: &str,
        lead: &str,
        deadline: &str,
        co_owners: &[&str],
    ) -> task::Model {
        let task = self
            .assign(title, lead, deadline, co_owners, vn("2026-08-01 10:00"))
            .await;
        self.store
            .discard_pending_reminders("test setup")
            .await
            .expect("notices discarded");
        task
    }

    async fn assign(
        &self,
        title: &str,
        lead: &str,
        deadline: &str,
        co_owners: &[&str],
        at: DateTime<Utc>,
    ) -> task::Model {
        self.store
            .assign_task(
                &self.secretary,
                NewTask {
                    meeting_id: self.meeting,
                    title: Title::parse(title).expect("title"),
                    description: None,
                    lead_id: self.departments[lead],
                    co_owner_ids: co_owners.iter().map(|c| self.departments[c]).collect(),
                    deadline: Some(day(deadline)),
                    split_across: vec![],
                },
                at,
            )
            .await
            .expect("task")
    }

    /// A connection of the test's own, to change the database behind the program's back.
    async fn second_connection(&self) -> sea_orm::DatabaseConnection {
        sea_orm::Database::connect(self._database.url.clone())
            .await
            .expect("a second connection")
    }

    /// Puts a recipient's sent reminders back as they were before the dispatcher recorded them:
    /// claimed by a dispatcher that died, its lease over.
    async fn forget_that_it_was_sent(&self, recipient: &str, claimed_at: DateTime<Utc>) {
        use dondoc::store::entities::reminder;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let db = self.second_connection().await;
        reminder::Entity::update_many()
            .col_expr(reminder::Column::State, Expr::value("PENDING"))
            .col_expr(
                reminder::Column::SentAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                reminder::Column::MessageId,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                reminder::Column::LeaseUntil,
                Expr::value(Some(claimed_at + chrono::Duration::minutes(5))),
            )
            .col_expr(
                reminder::Column::ClaimToken,
                Expr::value(Some("dead-dispatcher")),
            )
            .filter(reminder::Column::Recipient.eq(recipient))
            .filter(reminder::Column::State.eq("SENT"))
            .exec(&db)
            .await
            .expect("forgotten");
        db.close().await.expect("closed");
    }

    /// Writes a task's title and every department's and person's name behind the program's
    /// back, as an older version (before names were checked) or a hand might have.
    async fn plant_legacy_text(&self, task_id: i32, title: &str, name: &str) {
        use dondoc::store::entities::{department, user};
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let db = self.second_connection().await;
        task::Entity::update_many()
            .col_expr(task::Column::Title, Expr::value(title))
            .filter(task::Column::Id.eq(task_id))
            .exec(&db)
            .await
            .expect("title planted");
        department::Entity::update_many()
            .col_expr(department::Column::Name, Expr::value(name))
            .exec(&db)
            .await
            .expect("department names planted");
        user::Entity::update_many()
            .col_expr(user::Column::Name, Expr::value(name))
            .exec(&db)
            .await
            .expect("names planted");
        db.close().await.expect("closed");
    }

    /// The lead's liaison (of SCT) submits the task for review at `when`.
    async fn submit(&self, task_id: i32, when: DateTime<Utc>) {
        self.store
            .report_progress(
                &self.liaisons["SCT"],
                dondoc::store::task_writes::TaskReport::scripted(
                    task_id,
                    Some(dondoc::domain::TaskStatus::Submitted),
                    None,
                    "xong",
                )
                .expect("a report"),
                when,
            )
            .await
            .expect("submit");
    }

    fn reminders(&self, smtp_url: &str) -> Reminders {
        self.reminders_with(smtp_url, ReminderPolicy::default())
    }

    fn reminders_with(&self, smtp_url: &str, policy: ReminderPolicy) -> Reminders {
        self.senders(smtp_url, policy, 1)
    }

    /// Reminders that send `workers` digests at once over as many pooled connections.
    fn senders(&self, smtp_url: &str, policy: ReminderPolicy, workers: u32) -> Reminders {
        let mailer = Mailer::new(
            smtp_url,
            "dondoc <dondoc@thaibinh.example>",
            Duration::from_secs(5),
            workers,
        )
        .expect("mailer");
        Reminders::new(
            self.store.clone(),
            policy,
            "https://dondoc.thaibinh.example",
            Some(mailer),
        )
        .with_workers(workers)
    }

    async fn states(&self) -> Vec<(String, String, i32, Option<String>)> {
        let page = self
            .store
            .reminders_page(
                &ReminderQuery::default(),
                dondoc::store::page::PageRequest::first(100),
            )
            .await
            .expect("reminders");
        page.items
            .into_iter()
            .filter(|r| r.last_error.as_deref() != Some("test setup"))
            .map(|r| (r.recipient, r.state, r.attempts, r.last_error))
            .collect()
    }
}

fn for_recipient<'a>(
    received: &'a [crate::smtp::Received],
    address: &str,
) -> Vec<&'a crate::smtp::Received> {
    received
        .iter()
        .filter(|m| m.recipients.iter().any(|r| r == address))
        .collect()
}

async fn a_late_owner_gets_one_grouped_vietnamese_digest_and_nobody_else_gets_mail(
    backend: Backend,
) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench
        .task("Kiện toàn Ban Chỉ đạo cấp huyện", "UBND-DH", "2026-11-23")
        .await;
    bench
        .task("Huy động các tổ chức đoàn thể", "UBND-DH", "2026-11-25")
        .await;
    bench
        .task("Báo cáo sơ kết quý IV", "UBND-DH", "2026-11-27")
        .await;
    bench
        .task("Xây dựng kế hoạch năm 2027", "UBND-DH", "2026-11-30")
        .await;
    bench
        .task("Giải pháp phát triển HTX", "SCT", "2026-12-31")
        .await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    let now = vn("2026-11-27 08:05");
    assert_eq!(
        reminders.sweep(now, None).await.expect("sweep"),
        8,
        "4 tasks × the liaison and the district's address"
    );
    let report = reminders.dispatch(now).await.expect("dispatch");
    assert_eq!(report.sent, 2);
    let received = sink.received();
    assert!(
        for_recipient(&received, "liaison.sct@test.example").is_empty(),
        "nothing due, no mail"
    );
    assert!(for_recipient(&received, "liaison.snnptnt@test.example").is_empty());
    let mine = for_recipient(&received, "liaison.ubnd-dh@test.example");
    assert_eq!(mine.len(), 1, "one digest a day");
    let mail = mine[0];
    assert_eq!(
        mail.subject(),
        "[BCĐ KTTT] 2 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn hôm nay, 1 nhiệm vụ sắp đến hạn"
    );
    assert!(
        mail.header_block().contains("Subject: =?utf-8?"),
        "the subject is RFC 2047 encoded: {}",
        mail.header_block()
    );
    let text = mail.text();
    let order: Vec<usize> = [
        "QUÁ HẠN (2)",
        "Kiện toàn Ban Chỉ đạo cấp huyện",
        "Huy động các tổ chức đoàn thể",
        "ĐẾN HẠN HÔM NAY (1)",
        "Báo cáo sơ kết quý IV",
        "SẮP ĐẾN HẠN (1)",
        "Xây dựng kế hoạch năm 2027",
    ]
    .iter()
    .map(|needle| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} is missing from:\n{text}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "sections and order: {text}"
    );
    assert!(text.contains("quá hạn 4 ngày"), "{text}");
    assert!(text.contains("Hội nghị triển khai nhiệm vụ (123/TB-UBND, 01/08/2026)"));
    assert!(text.contains("https://dondoc.thaibinh.example/tasks/"));
    assert!(mail.html().contains("<h3"), "an HTML alternative");
    let headers = mail.header_block();
    for header in [
        "Auto-Submitted: auto-generated",
        "X-Auto-Response-Suppress: All",
        "Message-ID: <digest.",
        "Date: ",
    ] {
        assert!(headers.contains(header), "{header} in {headers}");
    }
    assert_eq!(
        mail.parsed()
            .to()
            .and_then(|t| t.first())
            .and_then(|a| a.name())
            .map(str::to_string),
        Some("Đầu mối UBND huyện Đông Hưng".into())
    );

    assert_eq!(
        reminders
            .sweep(vn("2026-11-27 15:00"), None)
            .await
            .expect("second sweep"),
        0
    );
    assert_eq!(
        reminders
            .dispatch(vn("2026-11-27 15:00"))
            .await
            .expect("dispatch")
            .sent,
        0,
        "never twice"
    );
    assert_eq!(sink.received().len(), 2);
}

async fn english_committees_get_english_digests(backend: Backend) {
    let bench = Bench::new(backend, Language::English, &[]).await;
    bench
        .task("Report on cooperatives", "SCT", "2026-11-26")
        .await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    reminders
        .sweep(vn("2026-11-27 09:00"), None)
        .await
        .expect("sweep");
    reminders
        .dispatch(vn("2026-11-27 09:00"))
        .await
        .expect("dispatch");
    let mail = &for_recipient(&sink.received(), "liaison.sct@test.example")[0].clone();
    assert_eq!(mail.subject(), "[BCĐ KTTT] 1 overdue task");
    assert!(
        mail.text().contains("OVERDUE (1)") && mail.text().contains("1 day late"),
        "{}",
        mail.text()
    );
}

async fn no_mail_goes_out_before_the_hour_on_weekends_or_on_holidays(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &["2026-09-02"]).await;
    bench.task("Quá hạn", "SCT", "2026-08-31").await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    for (when, label) in [
        ("2026-09-02 09:00", "National Day"),
        ("2026-11-28 09:00", "Saturday"),
        ("2026-11-27 07:59", "before 08:00"),
    ] {
        assert_eq!(
            reminders.sweep(vn(when), None).await.expect("sweep"),
            0,
            "{label}"
        );
    }
    assert!(
        reminders
            .sweep(vn("2026-09-03 09:00"), None)
            .await
            .expect("sweep")
            > 0,
        "the next working day"
    );
}

async fn a_deadline_on_a_day_off_is_due_on_the_next_working_day(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &["2026-09-02"]).await;
    let task = bench
        .task("Hạn vào ngày Quốc khánh", "SCT", "2026-09-02")
        .await;
    assert_eq!(task.due_on, Some(day("2026-09-03")));
    let saturday = bench.task("Hạn vào thứ Bảy", "SNNPTNT", "2026-11-28").await;
    assert_eq!(saturday.due_on, Some(day("2026-11-30")));
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    let planned = reminders
        .plan(vn("2026-09-03 08:30"), None)
        .await
        .expect("plan");
    assert!(
        planned.iter().any(|r| r.task_id == task.id),
        "the task is chased on the working day after the holiday: {planned:?}"
    );
    assert!(
        planned
            .iter()
            .all(|r| r.kind == dondoc::domain::reminders::ReminderKind::DueToday),
        "due today, not overdue: {planned:?}"
    );
    let monday = reminders
        .plan(vn("2026-11-30 08:30"), None)
        .await
        .expect("plan");
    assert!(monday
        .iter()
        .any(|r| r.task_id == saturday.id
            && r.kind == dondoc::domain::reminders::ReminderKind::DueToday));
}

async fn the_day_turns_at_midnight_in_thai_binh(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench.task("Hạn thứ Ba", "SCT", "2026-12-01").await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    let kinds = |planned: Vec<dondoc::store::reminders::NewReminder>| {
        planned
            .into_iter()
            .map(|r| (r.kind.as_str(), r.for_day))
            .collect::<Vec<_>>()
    };
    let late_monday = reminders
        .plan(vn("2026-11-30 23:59"), None)
        .await
        .expect("plan");
    assert_eq!(kinds(late_monday)[0], ("DUE_SOON", day("2026-11-30")));
    assert!(
        reminders
            .plan(vn("2026-12-01 00:01"), None)
            .await
            .expect("plan")
            .is_empty(),
        "a new day, but before the send time"
    );
    let tuesday = reminders
        .plan(vn("2026-12-01 08:00"), None)
        .await
        .expect("plan");
    assert_eq!(kinds(tuesday)[0], ("DUE_TODAY", day("2026-12-01")));
}

async fn a_temporary_failure_is_retried_and_a_permanent_one_is_kept(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench
        .task("Quá hạn ở Đông Hưng", "UBND-DH", "2026-11-26")
        .await;
    let sink = SmtpSink::start().await;
    sink.answer_next_with("451 4.3.0 Mailbox busy, try later");
    sink.answer_next_with("550 5.1.1 No such user here");
    let reminders = bench.reminders(&sink.url());
    let now = vn("2026-11-27 08:10");
    reminders.sweep(now, None).await.expect("sweep");
    let first = reminders.dispatch(now).await.expect("dispatch");
    assert_eq!((first.sent, first.retrying, first.failed), (0, 1, 1));
    let states = bench.states().await;
    let failed = states
        .iter()
        .find(|s| s.1 == "FAILED")
        .expect("a failed reminder");
    assert_eq!(failed.2, 1, "given up after one attempt");
    assert!(
        failed.3.as_deref().unwrap_or_default().contains("550"),
        "the server's reply is kept: {failed:?}"
    );
    assert_eq!(
        reminders.dispatch(now).await.expect("dispatch").sent,
        0,
        "the retry waits for its time"
    );
    let later = reminders
        .dispatch(vn("2026-11-27 09:30"))
        .await
        .expect("dispatch");
    assert_eq!(later.sent, 1);
    let states = bench.states().await;
    let sent = states.iter().find(|s| s.1 == "SENT").expect("delivered");
    assert_eq!(sent.2, 2, "delivered on the second attempt");
    assert_eq!(sink.received().len(), 1);
}

async fn mail_server_down_then_up_delivers_exactly_once(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench.task("Quá hạn", "SCT", "2026-11-26").await;
    let port = unused_port().await;
    let reminders = bench.reminders(&format!("smtp://127.0.0.1:{port}"));
    let now = vn("2026-11-27 08:10");
    reminders.sweep(now, None).await.expect("sweep");
    let down = reminders.dispatch(now).await.expect("dispatch");
    assert_eq!(
        (down.sent, down.retrying),
        (0, 2),
        "connection refused is worth a retry"
    );
    let sink = SmtpSink::start_on(port).await;
    let up = reminders
        .dispatch(vn("2026-11-27 11:00"))
        .await
        .expect("dispatch");
    assert_eq!(up.sent, 2);
    assert_eq!(
        reminders
            .dispatch(vn("2026-11-27 12:00"))
            .await
            .expect("dispatch")
            .sent,
        0
    );
    assert_eq!(sink.received().len(), 2, "each digest once");
}

async fn retries_stop_at_the_end_of_the_day(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench.task("Quá hạn", "SCT", "2026-11-26").await;
    let port = unused_port().await;
    let reminders = bench.reminders(&format!("smtp://127.0.0.1:{port}"));
    reminders
        .sweep(vn("2026-11-27 23:50"), None)
        .await
        .expect("sweep");
    let early = reminders
        .dispatch(vn("2026-11-27 23:50"))
        .await
        .expect("dispatch");
    assert_eq!(
        (early.retrying, early.failed),
        (2, 0),
        "a minute later still fits in the day"
    );
    let report = reminders
        .dispatch(vn("2026-11-27 23:59"))
        .await
        .expect("dispatch");
    assert_eq!(report.failed, 2, "no retry fits before midnight");
    assert!(bench.states().await.iter().all(|s| s
        .3
        .as_deref()
        .unwrap_or_default()
        .contains("end of the day")));
}

async fn a_dispatcher_that_dies_mid_digest_loses_nothing(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench.task("Quá hạn", "SCT", "2026-11-26").await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    let now = vn("2026-11-27 08:10");
    reminders.sweep(now, None).await.expect("sweep");
    // A dispatcher claims a digest and dies before sending it (kill -9 between claim and send).
    let orphan = bench
        .store
        .claim_digest(now, chrono::Duration::minutes(5))
        .await
        .expect("claim")
        .expect("a digest");
    assert_eq!(
        reminders
            .dispatch(vn("2026-11-27 08:11"))
            .await
            .expect("dispatch")
            .sent,
        1,
        "the other digest goes"
    );
    let after_lease = reminders
        .dispatch(vn("2026-11-27 08:16"))
        .await
        .expect("dispatch");
    assert_eq!(
        after_lease.sent, 1,
        "the orphaned digest is claimed again once its lease ends"
    );
    let received = sink.received();
    assert_eq!(received.len(), 2);
    assert!(received
        .iter()
        .any(|m| m.recipients.contains(&orphan.rows[0].recipient)));
}

/// Delivery is at least once: when the mail server accepted a digest but the database never
/// recorded it (the process died in between), the digest is sent again with the same
/// Message-ID, so the receiving server can recognise and drop the duplicate.
async fn a_digest_accepted_but_not_recorded_is_sent_again_with_the_same_message_id(
    backend: Backend,
) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench.task("Quá hạn", "SCT", "2026-11-26").await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    let now = vn("2026-11-27 08:10");
    reminders.sweep(now, None).await.expect("sweep");
    assert_eq!(reminders.dispatch(now).await.expect("dispatch").sent, 2);
    let first = sink.received()[0].clone();
    let recipient = first.recipients[0].clone();
    bench.forget_that_it_was_sent(&recipient, now).await;
    let again = reminders
        .dispatch(vn("2026-11-27 08:20"))
        .await
        .expect("dispatch");
    assert_eq!(again.sent, 1, "the unrecorded digest goes again");
    let to_recipient: Vec<String> = sink
        .received()
        .iter()
        .filter(|m| m.recipients.contains(&recipient))
        .map(|m| m.message_id())
        .collect();
    assert_eq!(to_recipient.len(), 2);
    assert_eq!(to_recipient[0], to_recipient[1], "the same Message-ID");
}

/// A digest that cannot be built (here an address an older version let in) is marked failed
/// with the reason, and the dispatcher goes on with the next one.
async fn a_digest_that_cannot_be_built_fails_alone(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench.task("Quá hạn", "SCT", "2026-11-26").await;
    {
        use dondoc::store::entities::department;
        use sea_orm::sea_query::Expr;
        use sea_orm::EntityTrait;
        let db = bench.second_connection().await;
        department::Entity::update_many()
            .col_expr(
                department::Column::Email,
                Expr::value("so cong thuong@@sct"),
            )
            .exec(&db)
            .await
            .expect("planted");
        db.close().await.expect("closed");
    }
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    let now = vn("2026-11-27 08:10");
    reminders.sweep(now, None).await.expect("sweep");
    let report = reminders.dispatch(now).await.expect("dispatch");
    assert_eq!((report.sent, report.failed), (1, 1));
    assert_eq!(sink.received().len(), 1, "the liaison's digest went out");
    let states = bench.states().await;
    assert!(
        states
            .iter()
            .any(|(recipient, state, _, error)| recipient.contains("@@")
                && state == "FAILED"
                && error
                    .as_deref()
                    .unwrap_or_default()
                    .contains("cannot be used")),
        "{states:?}"
    );
}

/// Names and titles with line breaks are refused at the edge now, but a database written before
/// that (or by hand) may hold them: the dispatcher must neither let them add headers nor stop.
async fn a_title_with_line_breaks_cannot_add_headers(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    let task = bench.task("Báo cáo quý", "SCT", "2026-11-26").await;
    bench
        .plant_legacy_text(
            task.id,
            "Báo cáo\r\nBcc: attacker@evil.example\r\nX-Injected: yes",
            "Evil\r\nBcc: x@evil.example",
        )
        .await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    reminders
        .sweep(vn("2026-11-27 08:10"), None)
        .await
        .expect("sweep");
    reminders
        .dispatch(vn("2026-11-27 08:10"))
        .await
        .expect("dispatch");
    let received = sink.received();
    assert!(!received.is_empty(), "the digests still go out");
    for mail in received {
        let headers = mail.header_block();
        assert!(
            !headers.contains("X-Injected") && !headers.lines().any(|l| l.starts_with("Bcc:")),
            "{headers}"
        );
        assert!(!mail.recipients.iter().any(|r| r.contains("evil")));
    }
    let states = bench.states().await;
    assert!(
        states.iter().all(|(_, state, _, _)| state == "SENT"),
        "{states:?}"
    );
}

async fn co_owners_are_told_only_when_the_committee_wants_it_and_escalations_reach_the_chair(
    backend: Backend,
) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench
        .task_with(
            "Giải pháp phát triển HTX",
            "SCT",
            "2026-11-16",
            &["SNNPTNT"],
        )
        .await;
    let sink = SmtpSink::start().await;
    let plain = bench
        .reminders(&sink.url())
        .plan(vn("2026-11-27 08:10"), None)
        .await
        .expect("plan");
    assert!(plain.iter().all(|r| !r.recipient.contains("snnptnt")));
    assert!(
        plain.iter().any(|r| r.recipient == "chair@test.example"),
        "eleven days late: the chair is copied"
    );
    let policy = ReminderPolicy {
        notify_co_owners: true,
        ..ReminderPolicy::default()
    };
    let reminders = bench.reminders_with(&sink.url(), policy);
    reminders
        .sweep(vn("2026-11-27 08:10"), None)
        .await
        .expect("sweep");
    reminders
        .dispatch(vn("2026-11-27 08:10"))
        .await
        .expect("dispatch");
    let received = sink.received();
    let co_owner = for_recipient(&received, "liaison.snnptnt@test.example");
    assert_eq!(co_owner.len(), 1);
    assert!(
        co_owner[0].text().contains("ĐỂ PHỐI HỢP (1)"),
        "{}",
        co_owner[0].text()
    );
    let chair = for_recipient(&received, "chair@test.example");
    assert!(chair[0].text().contains("đã báo cáo Trưởng Ban Chỉ đạo"));
}

async fn submitted_done_and_cancelled_tasks_cause_no_reminders(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    let still_open = bench.task("Còn đang làm", "SCT", "2026-11-26").await;
    let submitted = bench.task("Đã nộp", "SCT", "2026-11-26").await;
    let done = bench.task("Đã xong", "SCT", "2026-11-26").await;
    let cancelled = bench.task("Đã huỷ", "SCT", "2026-11-26").await;
    let chair = bench.chair.clone();
    for task in [&submitted, &done] {
        bench.submit(task.id, vn("2026-11-25 10:00")).await;
    }
    let accepted = bench
        .store
        .review_task(
            &chair,
            done.id,
            true,
            Note::parse("Đạt", "note").expect("note"),
            vn("2026-11-25 11:00"),
        )
        .await
        .expect("accept");
    assert_eq!(accepted.status, "DONE");
    bench
        .store
        .cancel_task(
            &chair,
            cancelled.id,
            Note::parse("không cần", "reason").expect("note"),
            vn("2026-11-25 10:00"),
        )
        .await
        .expect("cancel");
    let sink = SmtpSink::start().await;
    let planned = bench
        .reminders(&sink.url())
        .plan(vn("2026-11-27 08:10"), None)
        .await
        .expect("plan");
    assert!(
        !planned.is_empty() && planned.iter().all(|r| r.task_id == still_open.id),
        "only the task still being worked on is chased: {planned:?}"
    );
}

/// Two server processes, each sending four digests at once over pooled connections.
async fn two_dispatchers_send_each_digest_once(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    for n in 0..6 {
        bench
            .task(
                &format!("Quá hạn {n}"),
                ["SCT", "UBND-DH", "SNNPTNT"][n % 3],
                "2026-11-26",
            )
            .await;
    }
    let sink = SmtpSink::start().await;
    let first = bench.senders(&sink.url(), ReminderPolicy::default(), 4);
    let second = bench.senders(&sink.url(), ReminderPolicy::default(), 4);
    let now = vn("2026-11-27 08:10");
    first.sweep(now, None).await.expect("sweep");
    let (a, b) = tokio::join!(first.dispatch(now), second.dispatch(now));
    let (a, b) = (a.expect("first"), b.expect("second"));
    assert_eq!(
        a.sent + b.sent,
        6,
        "three departments × liaison and address: {a:?} {b:?}"
    );
    let received = sink.received();
    assert_eq!(received.len(), 6);
    let mut recipients: Vec<&String> = received.iter().flat_map(|m| &m.recipients).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 6, "nobody got the same digest twice");
}

async fn a_departments_new_tasks_from_a_meeting_arrive_in_one_email(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    bench
        .assign(
            "Kiện toàn Ban Chỉ đạo",
            "SCT",
            "2026-12-31",
            &[],
            vn("2026-11-27 09:00"),
        )
        .await;
    bench
        .assign(
            "Huy động đoàn thể",
            "SCT",
            "2026-12-31",
            &[],
            vn("2026-11-27 09:04"),
        )
        .await;
    bench
        .assign(
            "Báo cáo quý",
            "SNNPTNT",
            "2026-12-31",
            &[],
            vn("2026-11-27 09:08"),
        )
        .await;
    let sink = SmtpSink::start().await;
    let reminders = bench.reminders(&sink.url());
    assert_eq!(
        reminders
            .dispatch(vn("2026-11-27 09:12"))
            .await
            .expect("dispatch")
            .sent,
        0,
        "still entering the meeting"
    );
    let report = reminders
        .dispatch(vn("2026-11-27 09:20"))
        .await
        .expect("dispatch");
    assert_eq!(
        report.sent, 4,
        "each department's liaison and address, once"
    );
    let received = sink.received();
    let sct = for_recipient(&received, "liaison.sct@test.example");
    assert_eq!(sct.len(), 1);
    assert_eq!(sct[0].subject(), "[BCĐ KTTT] 2 nhiệm vụ mới được giao");
    assert!(
        sct[0].text().contains("Kiện toàn Ban Chỉ đạo")
            && sct[0].text().contains("Huy động đoàn thể")
    );
}

async fn the_chairs_decisions_reach_the_lead(backend: Backend) {
    let bench = Bench::new(backend, Language::Vietnamese, &[]).await;
    let task = bench
        .task("Giải pháp phát triển HTX", "SCT", "2026-12-31")
        .await;
    let chair = bench.chair.clone();
    bench.submit(task.id, vn("2026-11-26 10:00")).await;
    bench
        .store
        .review_task(
            &chair,
            task.id,
            false,
            Note::parse("Thiếu số liệu của 8 huyện", "note").expect("note"),
            vn("2026-11-26 11:00"),
        )
        .await
        .expect("return");
    let sink = SmtpSink::start().await;
    bench
        .reminders(&sink.url())
        .dispatch(vn("2026-11-26 11:30"))
        .await
        .expect("dispatch");
    let received = sink.received();
    let mail = for_recipient(&received, "liaison.sct@test.example");
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].subject(), "[BCĐ KTTT] 1 nhiệm vụ bị trả lại");
    assert!(
        mail[0]
            .text()
            .contains("Ý kiến của Trưởng ban: Thiếu số liệu của 8 huyện"),
        "{}",
        mail[0].text()
    );
}

on_both_backends!(
    a_digest_that_cannot_be_built_fails_alone,
    a_digest_accepted_but_not_recorded_is_sent_again_with_the_same_message_id,
    a_departments_new_tasks_from_a_meeting_arrive_in_one_email,
    the_chairs_decisions_reach_the_lead,
    a_late_owner_gets_one_grouped_vietnamese_digest_and_nobody_else_gets_mail,
    english_committees_get_english_digests,
    no_mail_goes_out_before_the_hour_on_weekends_or_on_holidays,
    a_deadline_on_a_day_off_is_due_on_the_next_working_day,
    the_day_turns_at_midnight_in_thai_binh,
    a_temporary_failure_is_retried_and_a_permanent_one_is_kept,
    mail_server_down_then_up_delivers_exactly_once,
    retries_stop_at_the_end_of_the_day,
    a_dispatcher_that_dies_mid_digest_loses_nothing,
    a_title_with_line_breaks_cannot_add_headers,
    co_owners_are_told_only_when_the_committee_wants_it_and_escalations_reach_the_chair,
    submitted_done_and_cancelled_tasks_cause_no_reminders,
    two_dispatchers_send_each_digest_once,
);
