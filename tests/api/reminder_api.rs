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
        std::process::Command::new(env!("CARGO_BIN_EXE_dondoc"))
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
    let sent = remind(app.database.url.clone(), sink.url(), &[]).await;
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
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

on_both_backends!(
    remind_delivers_the_demo_digests_once,
    the_chair_chases_a_task_and_everyone_sees_what_they_may,
);
