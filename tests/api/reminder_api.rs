//! Reminders through the command line and the API: `dondoc remind` on the demo meeting,
//! `reminders`, `Task.reminders` and `remindNow`.

use serde_json::json;

use crate::helpers::{cli, days_from_today, Backend, TestApp, TestDatabase};
use crate::on_both_backends;
use crate::smtp::SmtpSink;
use crate::world::World;

async fn remind(
    database_url: String,
    smtp_url: String,
    args: &'static [&'static str],
) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        crate::helpers::dondoc()
            .arg("remind")
            .args(args)
            .env("DONDOC_DATABASE_URL", database_url)
            .env("DONDOC_SMTP_URL", smtp_url)
            .env("DONDOC_LOG", "error")
            .output()
            .expect("dondoc remind runs")
    })
    .await
    .expect("the command finished")
}

async fn remind_delivers_the_demo_digests_once(backend: Backend) {
    let database = TestDatabase::create(backend);
    assert!(cli(&database.url, &["demo"]).status.success());
    let sink = SmtpSink::start().await;
    let dry = remind(
        database.url.clone(),
        sink.url(),
        &["--dry-run", "--as-of", "2022-10-03"],
    )
    .await;
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(String::from_utf8_lossy(&dry.stdout).contains("Subject: [BCĐ KTTT] 1 nhiệm vụ quá hạn"));
    assert!(sink.received().is_empty(), "a dry run sends nothing");

    let first = remind(database.url.clone(), sink.url(), &["--as-of", "2022-10-03"]).await;
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let received = sink.received();
    let late_districts = [
        "ubnd-tptb",
        "ubnd-kx",
        "ubnd-qp",
        "ubnd-tt",
        "ubnd-th",
        "ubnd-vt",
    ];
    for district in late_districts {
        let liaison = format!("daumoi.{district}@thaibinh.example");
        let mails: Vec<_> = received
            .iter()
            .filter(|m| m.recipients.contains(&liaison))
            .collect();
        assert_eq!(mails.len(), 1, "one digest for {liaison}");
        assert_eq!(mails[0].subject(), "[BCĐ KTTT] 1 nhiệm vụ quá hạn");
        assert!(
            mails[0].text().contains("Kính gửi Cán bộ đầu mối"),
            "{}",
            mails[0].text()
        );
        assert!(mails[0].text().contains("quá hạn 3 ngày"));
    }
    for on_time in [
        "daumoi.ubnd-dh@thaibinh.example",
        "daumoi.ubnd-hh@thaibinh.example",
        "daumoi.lmhtx@thaibinh.example",
    ] {
        assert!(
            !received
                .iter()
                .any(|m| m.recipients.iter().any(|r| r == on_time)),
            "{on_time} has nothing late"
        );
    }
    assert_eq!(
        received.len(),
        12,
        "six districts, each its liaison and its own address"
    );
    let again = remind(database.url.clone(), sink.url(), &["--as-of", "2022-10-03"]).await;
    assert!(again.status.success());
    assert_eq!(sink.received().len(), 12, "running it again sends nothing");
}

async fn the_chair_chases_a_task_and_everyone_sees_what_they_may(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo tình hình HTX", "SCT", Some(10))
        .await;
    let other = world
        .simple_task(&app, "Việc của Sở Khoa học", "SKHCN", Some(10))
        .await;
    let chase = "mutation($id: ID!) { remindNow(taskId: $id) { id kind recipient state forDay } }";
    assert_eq!(
        app.error_code(&world.liaison("SCT"), chase, json!({ "id": task["id"] }))
            .await,
        "FORBIDDEN"
    );
    let chased = app
        .ok(&world.chair, chase, json!({ "id": task["id"] }))
        .await;
    let rows = chased["remindNow"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        rows.len(),
        2,
        "the liaison and the department's address: {rows:?}"
    );
    assert!(rows.iter().all(|r| r["kind"] == "DUE_SOON"
        && r["state"] == "PENDING"
        && r["forDay"] == days_from_today(0)));
    assert_eq!(
        app.error_code(&world.secretary, chase, json!({ "id": task["id"] }))
            .await,
        "CONFLICT",
        "once a day"
    );
    app.ok(&world.secretary, chase, json!({ "id": other["id"] }))
        .await;

    let sink = SmtpSink::start().await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    assert_eq!(sink.received().len(), 4);

    let list = "{ reminders(state: SENT) { totalCount edges { node { recipient attempts sentAt task { title } } } } }";
    let everything = app.ok(&world.chair, list, json!({})).await;
    assert_eq!(everything["reminders"]["totalCount"], 4);
    let own = app.ok(&world.liaison("SCT"), list, json!({})).await;
    assert_eq!(
        own["reminders"]["totalCount"], 2,
        "a liaison sees their department's"
    );
    assert_eq!(
        app.error_code(&world.viewer, list, json!({})).await,
        "FORBIDDEN"
    );
    let on_task =
        "query($id: ID!) { node(id: $id) { ... on Task { reminders { kind state recipient } } } }";
    let seen = app
        .ok(
            &world.liaison("UBND-DH"),
            on_task,
            json!({ "id": task["id"] }),
        )
        .await;
    assert_eq!(
        seen["node"]["reminders"],
        json!([]),
        "not their department's task"
    );
    let seen = app
        .ok(&world.secretary, on_task, json!({ "id": task["id"] }))
        .await;
    let kinds: Vec<&str> = seen["node"]["reminders"]
        .as_array()
        .map(|list| list.iter().filter_map(|r| r["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        ["DUE_SOON", "DUE_SOON", "ASSIGNED", "ASSIGNED"],
        "newest first"
    );
    let pending = app
        .ok(
            &world.chair,
            "{ reminders(state: PENDING) { totalCount edges { node { kind } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        pending["reminders"]["totalCount"], 4,
        "the notices of the two new tasks wait a few minutes for more"
    );
}

/// Waits as long as a few rounds of a server checking every second take, for a test to see that
/// something did not happen.
async fn a_few_rounds() {
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
}

/// The running server sends reminders by itself, as its settings say: a committee's own send
/// time holds its reminders back, and on a public holiday or a day that is not among the working
/// days nothing is chased (notices still go).
async fn the_running_server_reminds_by_its_settings(backend: Backend) {
    let sink = SmtpSink::start().await;
    let every_second = [
        ("DONDOC_REMINDER_CHECK_SECONDS", "1"),
        ("DONDOC_REMINDER_SEND_AT", "00:00"),
        ("DONDOC_NOTICE_DELAY_MINUTES", "600"),
    ];
    let smtp_url = sink.url();
    // The morning, so that a send time later in the day is still to come.
    let morning = crate::helpers::this_morning();
    let mut env = vec![
        ("DONDOC_SMTP_URL", smtp_url.as_str()),
        ("DONDOC_CLOCK_STARTS_AT", morning.as_str()),
    ];
    env.extend(every_second);
    let app = TestApp::spawn_with(backend, &env).await;
    let world = World::build(&app).await;
    world
        .simple_task(&app, "Đến hạn hôm nay", "SCT", Some(0))
        .await;
    let late = world
        .meeting_of_another_committee(
            &app,
            json!({ "name": "Ban gửi muộn", "reminders": { "sendAt": "23:59" } }),
        )
        .await;
    world
        .assign_in(&app, &late, json!({ "title": "Cũng đến hạn hôm nay", "leadId": world.department("LMHTX"), "deadline": days_from_today(0) }))
        .await;
    let reminded = sink.wait_for("liaison.sct@test.example").await;
    assert!(
        reminded.text().contains("ĐẾN HẠN HÔM NAY"),
        "{}",
        reminded.text()
    );
    a_few_rounds().await;
    assert!(
        sink.received().iter().all(|m| !m
            .recipients
            .iter()
            .any(|r| r == "liaison.lmhtx@test.example")),
        "a committee whose send time has not come sends nothing yet"
    );

    let holidays = tempfile::NamedTempFile::new().expect("a holiday file");
    std::fs::write(
        holidays.path(),
        format!("{} Ngày nghỉ của bài kiểm tra\n", crate::helpers::today()),
    )
    .expect("written");
    let holiday_file = holidays.path().display().to_string();
    let weekday = crate::helpers::today().format("%a").to_string();
    let other_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .into_iter()
        .filter(|day| *day != weekday)
        .collect::<Vec<_>>()
        .join(",");
    let days_off = [
        (
            "a public holiday",
            ("DONDOC_HOLIDAYS_FILE", holiday_file.as_str()),
        ),
        (
            "a day that is not a working day",
            ("DONDOC_WORKING_DAYS", other_days.as_str()),
        ),
    ];
    for (day_off, setting) in days_off {
        let quiet = SmtpSink::start().await;
        let quiet_url = quiet.url();
        let mut env = vec![
            ("DONDOC_SMTP_URL", quiet_url.as_str()),
            setting,
            ("DONDOC_NOTICE_DELAY_MINUTES", "0"),
        ];
        env.extend(&every_second[..2]);
        let resting = TestApp::spawn_with(backend, &env).await;
        let people = World::build(&resting).await;
        people
            .simple_task(&resting, "Hạn rơi vào ngày nghỉ", "SCT", Some(0))
            .await;
        let notice = quiet.wait_for("liaison.sct@test.example").await;
        assert!(
            notice.text().contains("NHIỆM VỤ MỚI"),
            "the notice goes on {day_off}: {}",
            notice.text()
        );
        a_few_rounds().await;
        assert!(
            quiet
                .received()
                .iter()
                .all(|m| !m.text().contains("ĐẾN HẠN")),
            "nothing is chased on {day_off}"
        );
    }
}

/// A task's deadline and the day it is really due.
async fn deadline_and_due(app: &TestApp, token: &str, id: &serde_json::Value) -> serde_json::Value {
    app.ok(
        token,
        "query($id: ID!) { node(id: $id) { ... on Task { deadline dueOn } } }",
        json!({ "id": id }),
    )
    .await["node"]
        .clone()
}

/// Escalation to the chair starts on the seventh day late, not the sixth: `dondoc remind` copies
/// the chair on the task seven days late only, and the API lists the two kinds.
async fn the_chair_is_copied_from_the_seventh_day_late(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    world
        .simple_task(&app, "Trễ sáu ngày", "SCT", Some(-6))
        .await;
    world
        .simple_task(&app, "Trễ bảy ngày", "SCT", Some(-7))
        .await;
    let sink = SmtpSink::start().await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    let to_chair = sink.wait_for("chair@test.example").await;
    assert!(
        to_chair.text().contains("Trễ bảy ngày"),
        "{}",
        to_chair.text()
    );
    assert!(
        !to_chair.text().contains("Trễ sáu ngày"),
        "{}",
        to_chair.text()
    );
    let listed = app
        .ok(
            &world.chair,
            "{ reminders(state: SENT) { edges { node { kind recipient task { title } } } } }",
            json!({}),
        )
        .await;
    let mut seen: Vec<(String, String, String)> = listed["reminders"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|edge| {
            let node = &edge["node"];
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (
                text(&node["task"]["title"]),
                text(&node["kind"]),
                text(&node["recipient"]),
            )
        })
        .filter(|(_, _, recipient)| {
            recipient == "liaison.sct@test.example" || recipient == "chair@test.example"
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            (
                "Trễ bảy ngày".to_string(),
                "ESCALATION".to_string(),
                "chair@test.example".to_string()
            ),
            (
                "Trễ bảy ngày".to_string(),
                "ESCALATION".to_string(),
                "liaison.sct@test.example".to_string()
            ),
            (
                "Trễ sáu ngày".to_string(),
                "OVERDUE".to_string(),
                "liaison.sct@test.example".to_string()
            ),
        ]
    );
}

/// Two `dondoc serve` processes on one database, each running its reminder loop every second,
/// send each digest once: the outbox is shared, and a digest is claimed by one of them.
async fn two_server_processes_send_each_digest_once(backend: Backend) {
    let quiet = TestApp::spawn(backend).await;
    let world = World::build(&quiet).await;
    let departments: Vec<&str> = crate::world::DEPARTMENTS
        .iter()
        .map(|(code, _)| *code)
        .collect();
    for (n, code) in departments.iter().enumerate() {
        world
            .simple_task(&quiet, &format!("Quá hạn {n}"), code, Some(-2))
            .await;
    }
    let sink = SmtpSink::start().await;
    let smtp_url = sink.url();
    let settings = [
        ("DONDOC_SMTP_URL", smtp_url.as_str()),
        ("DONDOC_REMINDER_SEND_AT", "00:00"),
        ("DONDOC_REMINDER_CHECK_SECONDS", "1"),
    ];
    let first = quiet.another_server(&settings);
    let second = quiet.another_server(&settings);
    // Each department's liaison and its own address get one digest.
    let expected = departments.len() * 2;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while sink.received().len() < expected {
        assert!(
            std::time::Instant::now() < deadline,
            "{} of {expected} digests came",
            sink.received().len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    a_few_rounds().await;
    let received = sink.received();
    let mut recipients: Vec<String> = received.iter().flat_map(|m| m.recipients.clone()).collect();
    recipients.sort();
    let all = recipients.len();
    recipients.dedup();
    assert_eq!(
        (received.len(), all, recipients.len()),
        (expected, expected, expected),
        "each digest once, to each recipient once: {recipients:?}"
    );
    drop((first, second));
}

/// A digest the mail server refuses for good is listed by `reminders(state: FAILED)` with the
/// server's reply, and is not tried again.
async fn refused_digests_are_listed_as_failed_with_the_reply(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Gửi tới hộp thư không có", "SCT", Some(5))
        .await;
    world.chase(&app, &task["id"]).await;
    let sink = SmtpSink::start().await;
    sink.answer_next_with("550 5.1.1 No such user here");
    sink.answer_next_with("550 5.1.1 No such user here");
    crate::helpers::remind_now_through(&app, sink.url()).await;
    let failed = app
        .ok(&world.chair, "{ reminders(state: FAILED) { totalCount edges { node { recipient attempts lastError task { title } } } } }", json!({}))
        .await;
    assert_eq!(failed["reminders"]["totalCount"], 2, "{failed}");
    for edge in failed["reminders"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let node = &edge["node"];
        assert_eq!(node["attempts"], 1);
        assert_eq!(node["task"]["title"], "Gửi tới hộp thư không có");
        assert!(
            node["lastError"]
                .as_str()
                .unwrap_or_default()
                .contains("5.1.1 No such user here"),
            "{node}"
        );
    }
    crate::helpers::remind_now_through(&app, sink.url()).await;
    assert!(
        sink.received().is_empty(),
        "a refused digest is not tried again"
    );
}

/// One e-mail per person per day, however many tasks: overdue first (the latest at the top),
/// then due today, then due soon; work submitted, done or cancelled is never chased.
async fn one_digest_a_day_puts_the_latest_first_and_leaves_finished_work_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let mut ids = std::collections::HashMap::new();
    for (title, days) in [
        ("Trễ ba ngày", -3),
        ("Trễ một ngày", -1),
        ("Đến hạn hôm nay", 0),
        ("Còn hai ngày", 2),
        ("Đã nộp chờ duyệt", -2),
        ("Đã xong", -2),
        ("Đã huỷ", -2),
    ] {
        let task = world.simple_task(&app, title, "SCT", Some(days)).await;
        ids.insert(title, task["id"].as_str().unwrap_or_default().to_string());
    }
    for title in ["Đã nộp chờ duyệt", "Đã xong"] {
        app.ok(
            &world.liaison("SCT"),
            crate::world::UPDATE,
            json!({ "input": { "taskId": ids[title], "status": "SUBMITTED", "note": "Xong" } }),
        )
        .await;
    }
    app.ok(
        &world.chair,
        crate::world::REVIEW,
        json!({ "input": { "taskId": ids["Đã xong"], "accept": true, "note": "Đạt" } }),
    )
    .await;
    app.ok(
        &world.chair,
        crate::world::CANCEL,
        json!({ "input": { "taskId": ids["Đã huỷ"], "reason": "Không cần nữa" } }),
    )
    .await;
    let sink = SmtpSink::start().await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    let to_liaison: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|m| m.recipients.iter().any(|r| r == "liaison.sct@test.example"))
        .collect();
    assert_eq!(
        to_liaison.len(),
        1,
        "one e-mail a day, however many tasks and runs"
    );
    let text = to_liaison[0].text();
    let position = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} is missing from:\n{text}"))
    };
    let order = [
        "QUÁ HẠN (2)",
        "Trễ ba ngày",
        "Trễ một ngày",
        "ĐẾN HẠN HÔM NAY (1)",
        "Đến hạn hôm nay",
        "SẮP ĐẾN HẠN (1)",
        "Còn hai ngày",
    ];
    for pair in order.windows(2) {
        assert!(
            position(pair[0]) < position(pair[1]),
            "{pair:?} in:\n{text}"
        );
    }
    for finished in ["Đã nộp chờ duyệt", "Đã xong", "Đã huỷ"] {
        assert!(
            !text.contains(finished),
            "{finished} is not chased:\n{text}"
        );
    }
    assert!(
        text.contains("/login/dd_"),
        "the liaison's links sign them in:\n{text}"
    );
    let to_department = sink.wait_for("sct@test.example").await.text();
    assert!(
        to_department.contains("/tasks/") && !to_department.contains("/login/"),
        "the department's own address gets plain links, which ask for sign-in:\n{to_department}"
    );
}

/// Co-owners' liaisons hear of a late task, in a section "for coordination", only in a committee
/// that asks for it (`reminders: { notifyCoOwners: true }`).
async fn co_owners_are_told_when_their_committee_asks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    world
        .assign(&app, json!({ "title": "Việc của ban mặc định", "leadId": world.department("SCT"), "coOwnerIds": [world.department("LMHTX")], "deadline": days_from_today(-2) }))
        .await;
    let asks = world
        .meeting_of_another_committee(&app, json!({ "name": "Ban báo cả đơn vị phối hợp", "reminders": { "notifyCoOwners": true } }))
        .await;
    world
        .assign_in(&app, &asks, json!({ "title": "Việc của ban báo phối hợp", "leadId": world.department("SCT"), "coOwnerIds": [world.department("LMHTX")], "deadline": days_from_today(-2) }))
        .await;
    let sink = SmtpSink::start().await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    let to_co_owner: Vec<String> = sink
        .received()
        .iter()
        .filter(|m| {
            m.recipients
                .iter()
                .any(|r| r == "liaison.lmhtx@test.example")
        })
        .map(|m| m.text())
        .collect();
    assert_eq!(to_co_owner.len(), 1, "{to_co_owner:?}");
    assert!(
        to_co_owner[0].contains("ĐỂ PHỐI HỢP")
            && to_co_owner[0].contains("Việc của ban báo phối hợp"),
        "{}",
        to_co_owner[0]
    );
    assert!(
        !to_co_owner[0].contains("Việc của ban mặc định"),
        "{}",
        to_co_owner[0]
    );
}

/// With the mail server down, `dondoc remind` keeps the digests and sends each once when it is
/// back; tried for the last time in the evening, a digest that still cannot go is given up at
/// the end of the committee's day, with the reason.
async fn a_mail_server_down_loses_nothing_and_retries_end_with_the_day(backend: Backend) {
    let morning = crate::helpers::this_morning();
    let app = TestApp::spawn_with(backend, &[("DONDOC_CLOCK_STARTS_AT", morning.as_str())]).await;
    let world = World::build(&app).await;
    world
        .simple_task(&app, "Quá hạn khi máy chủ thư hỏng", "SCT", Some(-1))
        .await;
    let port = crate::smtp::unused_port().await;
    let down = format!("smtp://127.0.0.1:{port}");
    let start = app.now();
    crate::helpers::remind_through_at(&app, down.clone(), start).await;
    let states = || async {
        let all = app
            .ok(
                &world.chair,
                "{ reminders { edges { node { kind state lastError } } } }",
                json!({}),
            )
            .await;
        let mut states: Vec<(String, String)> = all["reminders"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|e| e["node"]["kind"] == "OVERDUE")
            .map(|e| {
                let node = &e["node"];
                (
                    node["state"].as_str().unwrap_or_default().to_string(),
                    node["lastError"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        states.sort();
        states
    };
    let waiting = states().await;
    assert_eq!(waiting.len(), 2, "{waiting:?}");
    assert!(
        waiting.iter().all(|(state, _)| state == "PENDING"),
        "kept to try again: {waiting:?}"
    );
    let sink = SmtpSink::start_on(port).await;
    // Within the ten minutes the notices of the new task wait, so only the reminders go.
    let later = start + chrono::Duration::minutes(3);
    crate::helpers::remind_through_at(&app, sink.url(), later).await;
    crate::helpers::remind_through_at(&app, sink.url(), later + chrono::Duration::minutes(3)).await;
    assert_eq!(
        sink.received().len(),
        2,
        "each digest once, when the server is back"
    );
    drop(sink);

    // Thirty seconds before midnight, the first try fails and the next could only be tomorrow.
    world
        .simple_task(&app, "Quá hạn buổi tối", "LMHTX", Some(-1))
        .await;
    crate::helpers::remind_through_at(&app, down, crate::helpers::today_at(23, 59, 30)).await;
    let given_up: Vec<(String, String)> = states()
        .await
        .into_iter()
        .filter(|(state, _)| state == "FAILED")
        .collect();
    assert_eq!(given_up.len(), 2, "{given_up:?}");
    assert!(
        given_up
            .iter()
            .all(|(_, reason)| reason.contains("Gave up at the end of the day")),
        "{given_up:?}"
    );
}

/// Text an older version let into the database (a title and names with line breaks, an
/// address that is not one) makes `dondoc remind` neither add mail headers nor stop: the digest
/// that cannot be built is FAILED with the reason, and the others go.
async fn legacy_text_in_the_database_neither_adds_headers_nor_stops_the_reminders(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let late = world
        .simple_task(&app, "Báo cáo quý", "SCT", Some(-1))
        .await;
    world
        .simple_task(&app, "Tổng kết năm", "LMHTX", Some(-1))
        .await;
    {
        use dondoc::store::entities::{department, task, user};
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter};
        let db = Database::connect(app.database.url.as_str())
            .await
            .expect("a second connection");
        let id = crate::helpers::id_number(late["id"].as_str().unwrap_or_default());
        task::Entity::update_many()
            .col_expr(
                task::Column::Title,
                Expr::value("Báo cáo\r\nBcc: attacker@evil.example\r\nX-Injected: yes"),
            )
            .filter(task::Column::Id.eq(i32::try_from(id).expect("an id")))
            .exec(&db)
            .await
            .expect("title planted");
        user::Entity::update_many()
            .col_expr(
                user::Column::Name,
                Expr::value("Evil\r\nBcc: x@evil.example"),
            )
            .exec(&db)
            .await
            .expect("names planted");
        department::Entity::update_many()
            .col_expr(department::Column::Email, Expr::value("lien minh@@htx"))
            .filter(department::Column::Code.eq("LMHTX"))
            .exec(&db)
            .await
            .expect("address planted");
        db.close().await.expect("closed");
    }
    let sink = SmtpSink::start().await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    let received = sink.received();
    let recipients: Vec<&String> = received.iter().flat_map(|m| &m.recipients).collect();
    for expected in [
        "liaison.sct@test.example",
        "sct@test.example",
        "liaison.lmhtx@test.example",
    ] {
        assert!(
            recipients.iter().any(|r| *r == expected),
            "{expected} got its digest: {recipients:?}"
        );
    }
    for mail in &received {
        let headers = mail.header_block();
        assert!(
            !headers.contains("X-Injected") && !headers.lines().any(|l| l.starts_with("Bcc:")),
            "{headers}"
        );
        assert!(!mail.recipients.iter().any(|r| r.contains("evil")));
    }
    let failed = app
        .ok(
            &world.chair,
            "{ reminders(state: FAILED) { edges { node { recipient lastError } } } }",
            json!({}),
        )
        .await;
    let failed = failed["reminders"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["node"]["recipient"], "lien minh@@htx");
    assert!(
        failed[0]["node"]["lastError"]
            .as_str()
            .unwrap_or_default()
            .contains("cannot be used"),
        "{failed:?}"
    );
}

/// A committee that works in English gets its reminders in English.
async fn an_english_committee_gets_english_digests(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let english = world
        .meeting_of_another_committee(
            &app,
            json!({ "name": "Steering Committee", "shortName": "SC", "language": "en" }),
        )
        .await;
    world
        .assign_in(&app, &english, json!({ "title": "Late report", "leadId": world.department("SCT"), "deadline": days_from_today(-2) }))
        .await;
    let sink = SmtpSink::start().await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    let mail = sink.wait_for("liaison.sct@test.example").await;
    assert_eq!(mail.subject(), "[SC] 1 overdue task");
    assert!(mail.text().contains("Late report"), "{}", mail.text());
}

/// A mail server that answers "try later" (4xx) is tried again by `dondoc remind` after pauses
/// that grow: not before about a minute, then not before about two more.
async fn a_busy_mail_server_is_tried_again_after_growing_pauses(backend: Backend) {
    // The morning, so that the pauses stay within the day (retries end with it).
    let morning = crate::helpers::this_morning();
    let app = TestApp::spawn_with(backend, &[("DONDOC_CLOCK_STARTS_AT", morning.as_str())]).await;
    let world = World::build(&app).await;
    world.simple_task(&app, "Quá hạn", "SCT", Some(-1)).await;
    let sink = SmtpSink::start().await;
    for _ in 0..4 {
        sink.answer_next_with("451 4.3.0 Mailbox busy, try later");
    }
    let attempts = || async {
        let pending = app
            .ok(
                &world.chair,
                "{ reminders(state: PENDING) { edges { node { kind attempts } } } }",
                json!({}),
            )
            .await;
        pending["reminders"]["edges"]
            .as_array()
            .map(|edges| {
                edges
                    .iter()
                    .filter(|e| e["node"]["kind"] == "OVERDUE")
                    .filter_map(|e| e["node"]["attempts"].as_i64())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let start = app.now();
    let seconds = chrono::Duration::seconds;
    crate::helpers::remind_through_at(&app, sink.url(), start).await;
    assert_eq!(
        attempts().await,
        [1, 1],
        "the liaison's digest and the department's, tried once"
    );
    crate::helpers::remind_through_at(&app, sink.url(), start + seconds(40)).await;
    assert_eq!(
        attempts().await,
        [1, 1],
        "not again within the first pause (48 to 72 s)"
    );
    crate::helpers::remind_through_at(&app, sink.url(), start + seconds(80)).await;
    assert_eq!(attempts().await, [2, 2], "again after it");
    crate::helpers::remind_through_at(&app, sink.url(), start + seconds(80 + 90)).await;
    assert_eq!(
        attempts().await,
        [2, 2],
        "not again within the second pause (96 to 144 s)"
    );
    assert!(sink.received().is_empty());
    crate::helpers::remind_through_at(&app, sink.url(), start + seconds(80 + 150)).await;
    assert_eq!(
        attempts().await,
        Vec::<i64>::new(),
        "nothing is left waiting"
    );
    assert_eq!(sink.received().len(), 2, "delivered on the third attempt");
}

/// A deadline on a weekend or a public holiday ends at the end of the next working day: the API's
/// `dueOn` says which, and the task is not overdue before it.
async fn a_deadline_on_a_day_off_is_due_on_the_next_working_day(backend: Backend) {
    use chrono::Datelike;
    let today = crate::helpers::today();
    let next = |weekday: chrono::Weekday, after: chrono::NaiveDate| {
        after
            .iter_days()
            .skip(1)
            .find(|d| d.weekday() == weekday)
            .expect("a day")
    };
    let saturday = next(chrono::Weekday::Sat, today + chrono::Days::new(7));
    let holiday = next(chrono::Weekday::Wed, saturday);
    let holidays = tempfile::NamedTempFile::new().expect("a holiday file");
    std::fs::write(
        holidays.path(),
        format!("{holiday} Ngày nghỉ của bài kiểm tra\n"),
    )
    .expect("written");
    let holiday_file = holidays.path().display().to_string();
    let mut app = TestApp::spawn_with(
        backend,
        &[
            ("DONDOC_WORKING_DAYS", "Mon,Tue,Wed,Thu,Fri"),
            ("DONDOC_HOLIDAYS_FILE", holiday_file.as_str()),
        ],
    )
    .await;
    let world = World::build(&app).await;
    let mut tasks = Vec::new();
    for (deadline, due) in [
        (saturday, saturday + chrono::Days::new(2)),
        (holiday, holiday + chrono::Days::new(1)),
    ] {
        let task = world
            .assign(&app, json!({ "title": format!("Hạn {deadline}"), "leadId": world.department("SCT"), "deadline": deadline.to_string() }))
            .await;
        assert_eq!(
            deadline_and_due(&app, &world.viewer, &task["id"]).await,
            json!({ "deadline": deadline.to_string(), "dueOn": due.to_string() })
        );
        tasks.push(task["id"].clone());
    }

    // The Monday after the Saturday becomes a holiday too: started with the new list, the
    // server moves that task to the Tuesday and leaves the other one where it was.
    let monday = saturday + chrono::Days::new(2);
    std::fs::write(
        holidays.path(),
        format!("{holiday} Ngày nghỉ của bài kiểm tra\n{monday} Ngày nghỉ bù\n"),
    )
    .expect("written");
    app.kill_and_restart_with(&[
        ("DONDOC_WORKING_DAYS", "Mon,Tue,Wed,Thu,Fri"),
        ("DONDOC_HOLIDAYS_FILE", holiday_file.as_str()),
    ]);
    assert_eq!(
        deadline_and_due(&app, &world.viewer, &tasks[0]).await["dueOn"],
        json!((monday + chrono::Days::new(1)).to_string())
    );
    assert_eq!(
        deadline_and_due(&app, &world.viewer, &tasks[1]).await["dueOn"],
        json!((holiday + chrono::Days::new(1)).to_string())
    );
}

on_both_backends!(
    an_english_committee_gets_english_digests,
    legacy_text_in_the_database_neither_adds_headers_nor_stops_the_reminders,
    a_mail_server_down_loses_nothing_and_retries_end_with_the_day,
    co_owners_are_told_when_their_committee_asks,
    one_digest_a_day_puts_the_latest_first_and_leaves_finished_work_out,
    a_busy_mail_server_is_tried_again_after_growing_pauses,
    a_deadline_on_a_day_off_is_due_on_the_next_working_day,
    refused_digests_are_listed_as_failed_with_the_reply,
    two_server_processes_send_each_digest_once,
    the_chair_is_copied_from_the_seventh_day_late,
    the_running_server_reminds_by_its_settings,
    remind_delivers_the_demo_digests_once,
    the_chair_chases_a_task_and_everyone_sees_what_they_may,
);
