//! The pages for people, over real HTTP with a cookie-keeping client: signing in from a reminder
//! mail, reporting progress, and refusals for what a person may not do.

use serde_json::json;

use crate::helpers::{
    ask_for_sign_in_link, browser, form_field as field, id_number, open_sign_in_link, Backend,
    TestApp,
};
use crate::on_both_backends;
use crate::smtp::SmtpSink;
use crate::world::{World, UPDATE};

async fn a_liaison_opens_the_link_in_a_reminder_and_reports_progress(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo tình hình hợp tác xã", "SCT", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    world.chase(&app, &json!(id)).await;
    let sink = SmtpSink::start().await;
    crate::helpers::remind_now_through(&app, sink.url()).await;
    let mail = sink
        .received()
        .into_iter()
        .find(|m| m.recipients.iter().any(|r| r == "liaison.sct@test.example"))
        .expect("the liaison's reminder");
    let link = crate::helpers::sign_in_link_in(&mail.text());

    let liaison = browser();
    let page = open_sign_in_link(&liaison, &link).await;
    assert_eq!(page.status(), 200);
    assert!(
        page.url().path().starts_with("/tasks/"),
        "lands on the task: {}",
        page.url()
    );
    let task_url = page.url().to_string();
    let html = page.text().await.expect("html");
    assert!(html.contains("Báo cáo tình hình hợp tác xã"));
    let form = [
        ("csrf", field(&html, "csrf")),
        ("version", field(&html, "version")),
        ("progress", "80".to_string()),
        ("status", String::new()),
        ("note", "Đã tổng hợp số liệu 8 huyện".to_string()),
    ];
    let after = liaison
        .post(format!("{task_url}/report"))
        .form(&form)
        .send()
        .await
        .expect("report");
    assert_eq!(after.status(), 200);
    let html = after.text().await.expect("html");
    assert!(
        html.contains("80%") && html.contains("Đã tổng hợp số liệu 8 huyện"),
        "{html}"
    );
    let stored = world.task(&app, &id).await;
    assert_eq!(
        (stored["progress"].as_i64(), stored["status"].as_str()),
        (Some(80), Some("IN_PROGRESS"))
    );

    let again = open_sign_in_link(&browser(), &link).await;
    assert_eq!(again.status(), 410, "a sign-in link works once");
    assert!(again
        .text()
        .await
        .unwrap_or_default()
        .contains("đã được dùng hoặc đã hết hạn"));
}

async fn forms_refuse_what_the_person_may_not_do(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with_mail(backend, &sink.url(), &[]).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Nhiệm vụ đã nộp", "SCT", Some(days_ahead()))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    app.ok(
        &world.liaison("SCT"),
        UPDATE,
        json!({ "input": { "taskId": id, "status": "SUBMITTED", "note": "Xong" } }),
    )
    .await;

    let anonymous = browser();
    let unknown = ask_for_sign_in_link(&anonymous, &app, "nobody@test.example", "/my").await;
    let known = ask_for_sign_in_link(&anonymous, &app, "liaison.sct@test.example", "/my").await;
    assert_eq!(unknown.status(), known.status());
    assert_eq!(
        unknown.text().await.unwrap_or_default(),
        known.text().await.unwrap_or_default(),
        "the answer reveals nobody"
    );
    let sign_in_mail = sink.wait_for("liaison.sct@test.example").await;
    assert!(sink
        .received()
        .iter()
        .all(|m| !m.recipients.iter().any(|r| r.contains("nobody"))));
    let liaison = browser();
    // The mail's link leads to the port the server listens on (no public address is set).
    let link = crate::helpers::sign_in_link_in(&sign_in_mail.text());
    assert!(link.starts_with(&app.url("/login/")), "{link}");
    let mine = open_sign_in_link(&liaison, &link).await;
    assert!(mine.url().path() == "/my");
    assert!(mine
        .text()
        .await
        .unwrap_or_default()
        .contains("Nhiệm vụ đã nộp"));

    let number = id_number(&id);
    let page = liaison
        .get(app.url(&format!("/tasks/{number}")))
        .send()
        .await
        .expect("task page")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        !page.contains("Chấp nhận hoàn thành"),
        "no accept button for a liaison"
    );
    let csrf = field(&page, "csrf");
    let review = liaison
        .post(app.url(&format!("/tasks/{number}/review")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("accept", "1"),
            ("note", "tự duyệt"),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(
        review.status(),
        403,
        "the server refuses, whatever the page shows"
    );
    let forged = liaison
        .post(app.url(&format!("/tasks/{number}/report")))
        .form(&[
            ("csrf", "forged"),
            ("version", "2"),
            ("note", "từ trang khác"),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(
        forged.status(),
        403,
        "a form without this session's token is refused"
    );
    assert_eq!(world.task(&app, &id).await["status"], "SUBMITTED");
}

fn days_ahead() -> i64 {
    10
}

async fn the_chair_accepts_work_from_the_dashboard(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let id = world
        .submitted_task(&app, "Nhân rộng mô hình tiêu biểu", "LMHTX", 5)
        .await;
    let other = world
        .meeting_of_another_committee(&app, json!({ "name": "Ban Chỉ đạo khác" }))
        .await;
    world
        .assign_in(&app, &other, json!({ "title": "Việc quá hạn của ban khác", "leadId": world.department("SCT"), "deadline": crate::helpers::days_from_today(-3) }))
        .await;
    let chair = browser();
    let token = crate::helpers::sign_in_link_for(&app, "chair@test.example", "/dashboard").await;
    let dashboard = open_sign_in_link(&chair, &token).await;
    assert_eq!(dashboard.url().path(), "/dashboard");
    let html = dashboard.text().await.unwrap_or_default();
    assert!(
        !html.contains("Việc quá hạn của ban khác"),
        "a chair's dashboard shows the committee they chair"
    );
    assert!(
        html.contains("<svg") && html.contains("Nhân rộng mô hình tiêu biểu"),
        "charts and the queue"
    );
    let number = id_number(&id);
    let accepted = chair
        .post(app.url(&format!("/tasks/{number}/review")))
        .form(&[
            ("csrf", field(&html, "csrf").as_str()),
            ("accept", "1"),
            ("note", "Đồng ý"),
        ])
        .send()
        .await
        .expect("accepted");
    assert_eq!(accepted.status(), 200);
    assert_eq!(world.task(&app, &id).await["status"], "DONE");
}

/// The chair returns submitted work and rejects an extension from the dashboard's queue, each
/// with a reason; the task goes back to the department with its deadline unchanged.
async fn the_chair_returns_work_and_rejects_an_extension_from_the_dashboard(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let id = world
        .submitted_task(&app, "Tổng kết mô hình HTX kiểu mới", "LMHTX", 5)
        .await;
    let asked = app
        .ok(
            &world.liaison("LMHTX"),
            crate::world::REQUEST_EXTENSION,
            json!({ "input": { "taskId": id, "requestedDeadline": crate::helpers::days_from_today(40), "reason": "Chờ số liệu" } }),
        )
        .await;
    let request = asked["requestExtension"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let chair = browser();
    let link = crate::helpers::sign_in_link_for(&app, "chair@test.example", "/dashboard").await;
    let dashboard = open_sign_in_link(&chair, &link).await;
    let html = dashboard.text().await.unwrap_or_default();
    assert!(
        html.contains(&format!("/tasks/{}/review", id_number(&id)))
            && html.contains(&format!("/extensions/{}/decide", id_number(&request))),
        "the queue offers both decisions: {html}"
    );
    let csrf = field(&html, "csrf");
    let returned = chair
        .post(app.url(&format!("/tasks/{}/review", id_number(&id))))
        .form(&[
            ("csrf", csrf.as_str()),
            ("accept", "0"),
            ("note", "Thiếu số liệu của 8 huyện"),
        ])
        .send()
        .await
        .expect("returned");
    assert_eq!(returned.status(), 200);
    let rejected = chair
        .post(app.url(&format!("/extensions/{}/decide", id_number(&request))))
        .form(&[
            ("csrf", csrf.as_str()),
            ("approve", "0"),
            ("note", "Giữ nguyên hạn"),
        ])
        .send()
        .await
        .expect("rejected");
    assert_eq!(rejected.status(), 200);
    let after = app
        .ok(&world.viewer, "query($id: ID!) { node(id: $id) { ... on Task { status deadline updates { edges { node { note statusTo } } } } } }", json!({ "id": id }))
        .await;
    assert_eq!(
        after["node"]["status"], "IN_PROGRESS",
        "returned to the department"
    );
    assert_eq!(
        after["node"]["deadline"],
        crate::helpers::days_from_today(5),
        "the deadline stands"
    );
    let notes: Vec<&str> = after["node"]["updates"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["note"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(notes.contains(&"Thiếu số liệu của 8 huyện"), "{notes:?}");
    let decided = app
        .ok(&world.viewer, "query($id: ID!) { node(id: $id) { ... on ExtensionRequest { decision decisionNote } } }", json!({ "id": request }))
        .await;
    assert_eq!(
        decided["node"],
        json!({ "decision": "REJECTED", "decisionNote": "Giữ nguyên hạn" })
    );
}

/// A report refused because someone changed the task meanwhile comes back with what the
/// liaison typed still in the form, and the task keeps the other change.
async fn a_refused_report_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo số liệu HTX", "SCT", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let liaison = browser();
    let link = crate::helpers::sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    open_sign_in_link(&liaison, &link).await;
    let page_url = app.url(&format!("/tasks/{}", id_number(&id)));
    let html = liaison
        .get(&page_url)
        .send()
        .await
        .expect("the task page")
        .text()
        .await
        .expect("html");
    app.ok(
        &world.liaison("SCT"),
        UPDATE,
        json!({ "input": { "taskId": id, "progress": 30 } }),
    )
    .await;
    let typed = "Đã tổng hợp 6/8 huyện, còn Hưng Hà & Vũ Thư";
    let refused = liaison
        .post(format!("{page_url}/report"))
        .form(&[
            ("csrf", field(&html, "csrf")),
            ("version", field(&html, "version")),
            ("progress", "70".to_string()),
            ("status", String::new()),
            ("note", typed.to_string()),
        ])
        .send()
        .await
        .expect("an answer");
    assert_eq!(refused.status(), 409);
    let again = refused.text().await.expect("html");
    assert!(
        again.contains("Đã tổng hợp 6/8 huyện, còn Hưng Hà &amp; Vũ Thư"),
        "the note is still in the form: {again}"
    );
    assert!(again.contains("value=\"70\""), "the progress typed is kept");
    assert_eq!(
        world.task(&app, &id).await["progress"],
        30,
        "the other change stands"
    );
}

async fn expired_links_and_ended_sessions_lead_back_to_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let _people = World::build(&app).await;
    let expired = crate::helpers::sign_in_link_lasting(
        &app,
        "liaison.sct@test.example",
        "/my",
        chrono::Duration::minutes(-1),
    )
    .await;
    let answer = open_sign_in_link(&browser(), &expired).await;
    assert_eq!(answer.status(), 410);
    assert!(answer
        .text()
        .await
        .unwrap_or_default()
        .contains("Hãy yêu cầu một đường dẫn mới"));

    let liaison = browser();
    let link = crate::helpers::sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    let page = open_sign_in_link(&liaison, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    let signed_out = liaison
        .post(app.url("/sign-out"))
        .form(&[("csrf", field(&page, "csrf"))])
        .send()
        .await
        .expect("signed out");
    assert_eq!(signed_out.url().path(), "/sign-in");
    let after = liaison.get(app.url("/my")).send().await.expect("answer");
    assert_eq!(after.url().path(), "/sign-in", "the session ended");

    let again = browser();
    let link = crate::helpers::sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    assert_eq!(open_sign_in_link(&again, &link).await.url().path(), "/my");
    let revoked = crate::helpers::cli(
        &app.database.url,
        &["user", "revoke", "--email", "liaison.sct@test.example"],
    );
    assert!(revoked.status.success());
    assert_eq!(
        again
            .get(app.url("/my"))
            .send()
            .await
            .expect("answer")
            .url()
            .path(),
        "/sign-in",
        "revoking the person ends their sessions"
    );
}

/// The path of a link, for the server wherever it now listens.
fn path_of(link: &str) -> String {
    link.split_once("/login/")
        .map(|(_, token)| format!("/login/{token}"))
        .unwrap_or_else(|| panic!("not a sign-in link: {link}"))
}

/// The lifetimes the server gives, not ones a test picks: a link asked for on the sign-in page
/// works for 30 minutes, a link in a reminder or notice for 24 hours, and a session lasts 12
/// hours. The server is restarted with its clock moved on to just before and just after each.
async fn links_and_sessions_last_as_long_as_the_settings_say(backend: Backend) {
    let sink = SmtpSink::start().await;
    let smtp_url = sink.url();
    let mut app =
        TestApp::spawn_with_mail(backend, &smtp_url, &crate::helpers::NOTICES_AT_ONCE).await;
    let world = World::build(&app).await;
    world
        .simple_task(&app, "Nhiệm vụ có thông báo", "SCT", Some(10))
        .await;
    let notice = sink.wait_for("liaison.sct@test.example").await;
    let from_mail = path_of(&crate::helpers::sign_in_link_in(&notice.text()));
    let visitor = browser();
    ask_for_sign_in_link(&visitor, &app, "liaison.lmhtx@test.example", "/my").await;
    let sign_in_mail = |to: &'static str| {
        move |m: &crate::smtp::Received| {
            m.recipients.iter().any(|r| r == to) && m.subject().starts_with("Đường dẫn đăng nhập")
        }
    };
    let asked = sink
        .wait_until(
            "the liaison's sign-in link",
            sign_in_mail("liaison.lmhtx@test.example"),
        )
        .await;
    let from_page = path_of(&crate::helpers::sign_in_link_in(&asked.text()));
    let chair = browser();
    ask_for_sign_in_link(&chair, &app, "chair@test.example", "/dashboard").await;
    let chairs_mail = sink
        .wait_until(
            "the chair's sign-in link",
            sign_in_mail("chair@test.example"),
        )
        .await;
    let chairs_link = crate::helpers::sign_in_link_in(&chairs_mail.text());
    let signed_in = open_sign_in_link(&chair, &app.url(&path_of(&chairs_link))).await;
    assert_eq!(signed_in.url().path(), "/dashboard");

    // What a link's button page answers: 200 while it works, 410 once it has expired.
    let link_answers = |app: &TestApp, path: &str| {
        let request = browser().get(app.url(path)).send();
        async move { request.await.expect("an answer").status().as_u16() }
    };
    let session_page = |app: &TestApp| {
        let request = chair.get(app.url("/dashboard")).send();
        async move { request.await.expect("an answer").url().path().to_string() }
    };
    let minutes = chrono::Duration::minutes;
    let mut elapsed = minutes(0);
    for (at, page_link, mail_link, session) in [
        (minutes(29), 200, 200, "/dashboard"),
        (minutes(31), 410, 200, "/dashboard"),
        (minutes(11 * 60 + 58), 410, 200, "/dashboard"),
        (minutes(12 * 60 + 2), 410, 200, "/sign-in"),
        (minutes(23 * 60 + 58), 410, 200, "/sign-in"),
        (minutes(24 * 60 + 2), 410, 410, "/sign-in"),
    ] {
        app.kill_and_restart_later(at - elapsed);
        elapsed = at;
        let hours = at.num_minutes() as f64 / 60.0;
        assert_eq!(
            link_answers(&app, &from_page).await,
            page_link,
            "the page's link after {hours:.2} h"
        );
        assert_eq!(
            link_answers(&app, &from_mail).await,
            mail_link,
            "the mail's link after {hours:.2} h"
        );
        assert_eq!(
            session_page(&app).await,
            session,
            "the session after {hours:.2} h"
        );
    }
}

/// The list of a department's tasks costs the same SQL statements for 3 tasks as for 30: its
/// committees, leads and standings are read once per page, not once per row.
async fn a_departments_list_costs_the_same_for_few_or_many_tasks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let add = |count: usize, from: usize| {
        let (app, world) = (&app, &world);
        async move {
            for n in from..from + count {
                world
                    .simple_task(app, &format!("Nhiệm vụ số {n}"), "SCT", Some(n as i64 - 10))
                    .await;
            }
        }
    };
    add(3, 0).await;
    let liaison = browser();
    let link = crate::helpers::sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    open_sign_in_link(&liaison, &link).await;
    let cost = |liaison: &reqwest::Client| {
        let (app, liaison) = (&app, liaison.clone());
        async move {
            let before = app.statements().await;
            let page = liaison
                .get(app.url("/my"))
                .send()
                .await
                .expect("the list")
                .text()
                .await
                .unwrap_or_default();
            (
                app.statements().await - before,
                page.matches("Nhiệm vụ số").count(),
            )
        }
    };
    let (few, shown) = cost(&liaison).await;
    assert_eq!(shown, 3);
    add(27, 3).await;
    let (many, shown) = cost(&liaison).await;
    assert_eq!(shown, 30);
    assert_eq!(few, many, "statements for 3 tasks and for 30");
}

/// The chair cancels a task from its page with a reason, and reopens it from the same page; a
/// refused edit shows the page again with the reason and what was typed.
async fn the_chair_cancels_and_reopens_a_task_from_its_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Tổng kết 10 năm Luật HTX", "LMHTX", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/tasks/{}", id_number(&id));
    let chair = browser();
    let link = crate::helpers::sign_in_link_for(&app, "chair@test.example", &path).await;
    let html = open_sign_in_link(&chair, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    let csrf = field(&html, "csrf");
    let refused = chair
        .post(app.url(&format!("{path}/edit")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("title", "Tổng kết 10 năm thi hành Luật HTX"),
            ("description", ""),
            ("deadline", &crate::helpers::days_from_today(20)),
            ("reason", ""),
        ])
        .send()
        .await
        .expect("an answer");
    assert_eq!(refused.status(), 409);
    let page = refused.text().await.unwrap_or_default();
    assert!(page.contains("Please give the reason the deadline changes."));
    assert!(
        page.contains(">Tổng kết 10 năm thi hành Luật HTX</textarea>"),
        "the title as typed"
    );
    assert_eq!(world.task(&app, &id).await["version"], 1, "nothing changed");

    let cancelled = chair
        .post(app.url(&format!("{path}/cancel")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("reason", "Đã lồng ghép vào nhiệm vụ khác"),
        ])
        .send()
        .await
        .expect("cancelled");
    assert_eq!(cancelled.status(), 200);
    let html = cancelled.text().await.unwrap_or_default();
    assert!(
        html.contains("Đã lồng ghép vào nhiệm vụ khác"),
        "the reason in the journal"
    );
    assert!(
        html.contains("/reopen\""),
        "a cancelled task offers reopening to the chair"
    );
    assert!(!html.contains("/cancel\""), "and no second cancellation");
    assert_eq!(world.task(&app, &id).await["status"], "CANCELLED");
    let version = world.task(&app, &id).await["version"].to_string();
    let reopened = chair
        .post(app.url(&format!("{path}/reopen")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("note", "Tiếp tục thực hiện theo ý kiến Chủ tịch"),
        ])
        .send()
        .await
        .expect("reopened");
    assert_eq!(reopened.status(), 200);
    assert_eq!(world.task(&app, &id).await["status"], "IN_PROGRESS");
}

on_both_backends!(
    the_chair_cancels_and_reopens_a_task_from_its_page,
    the_chair_returns_work_and_rejects_an_extension_from_the_dashboard,
    a_refused_report_keeps_what_was_typed,
    links_and_sessions_last_as_long_as_the_settings_say,
    a_departments_list_costs_the_same_for_few_or_many_tasks,
    expired_links_and_ended_sessions_lead_back_to_sign_in,
    a_liaison_opens_the_link_in_a_reminder_and_reports_progress,
    forms_refuse_what_the_person_may_not_do,
    the_chair_accepts_work_from_the_dashboard,
);
