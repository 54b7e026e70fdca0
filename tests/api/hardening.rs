//! Regression tests for the hardening issue: each defect found by trying the service as an
//! attacker or a careless administrator would, proved fixed through the paths people use.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{
    ask_for_sign_in_link, browser, form_field, open_sign_in_link, Backend, TestApp,
};
use crate::on_both_backends;
use crate::smtp::SmtpSink;
use crate::world::{World, REVIEW, UPDATE};

const CREATE_DEPARTMENT: &str =
    "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }";
const CREATE_USER: &str =
    "mutation($input: CreateUserInput!) { createUser(input: $input) { token } }";
const CREATE_COMMITTEE: &str =
    "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id } }";
const CREATE_MEETING: &str =
    "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";
const ASSIGN: &str = "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }";

/// Defect 1 (a line break in a name) and defect 10 (bad input answered INTERNAL on PostgreSQL):
/// every name, title, short name, reference and search is checked before the database sees it.
async fn control_characters_and_over_long_texts_are_refused_as_bad_input(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let admin = &world.admin;
    let before = app
        .ok(admin, "{ departments { totalCount } }", json!({}))
        .await;
    let refusals: Vec<(&str, &str, Value)> = vec![
        (
            "a department named with a line break",
            CREATE_DEPARTMENT,
            json!({ "input": { "code": "EVIL", "name": "Evil\r\nBcc: x@example.org" } }),
        ),
        (
            "a person named with a line break",
            CREATE_USER,
            json!({ "input": { "name": "Evil\r\nBcc: x@example.org", "email": "evil@test.example", "role": "VIEWER" } }),
        ),
        (
            "a short name with a line break",
            CREATE_COMMITTEE,
            json!({ "input": { "name": "Ban", "shortName": "BCĐ\nX" } }),
        ),
        (
            "a short name over 60 characters",
            CREATE_COMMITTEE,
            json!({ "input": { "name": "Ban", "shortName": "Đ".repeat(61) } }),
        ),
        (
            "a meeting reference over 100 characters",
            CREATE_MEETING,
            json!({ "input": { "committeeId": world.committee, "title": "Họp", "heldOn": "2026-11-02", "reference": "ố".repeat(101) } }),
        ),
        (
            "a NUL byte in a title",
            ASSIGN,
            json!({ "input": { "meetingId": world.meeting, "title": "Báo cáo\u{0}", "leadId": world.department("SCT") } }),
        ),
        (
            "a NUL byte in a description",
            ASSIGN,
            json!({ "input": { "meetingId": world.meeting, "title": "Báo cáo", "description": "a\u{0}b", "leadId": world.department("SCT") } }),
        ),
        (
            "a NUL byte in a search",
            "query($s: String!) { tasks(filter: { search: $s }) { totalCount } }",
            json!({ "s": "quy\u{0}" }),
        ),
    ];
    for (what, mutation, variables) in refusals {
        let answer = app.gql(admin, mutation, variables).await;
        assert_eq!(
            answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{what}: {answer:#}"
        );
    }
    let after = app
        .ok(admin, "{ departments { totalCount } }", json!({}))
        .await;
    assert_eq!(before, after, "nothing was written");
}

/// Defect 9: dates are years 1900 to 2200, everywhere.
async fn dates_outside_1900_to_2200_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    for day in [
        "-200000-01-01",
        "-5000-01-01",
        "1899-12-31",
        "2201-01-01",
        "+10000-01-01",
    ] {
        let meeting = app
            .gql(
                &world.secretary,
                CREATE_MEETING,
                json!({ "input": { "committeeId": world.committee, "title": "Họp", "heldOn": day } }),
            )
            .await;
        assert_eq!(
            meeting["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{day}: {meeting:#}"
        );
        let task = app
            .gql(
                &world.secretary,
                ASSIGN,
                json!({ "input": { "meetingId": world.meeting, "title": "Nhiệm vụ", "leadId": world.department("SCT"), "deadline": day } }),
            )
            .await;
        assert_eq!(
            task["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{day}: {task:#}"
        );
    }
    let latest = world
        .assign(
            &app,
            json!({ "title": "Hạn xa nhất", "leadId": world.department("SCT"), "deadline": "2200-12-31" }),
        )
        .await;
    assert_eq!(latest["deadline"], "2200-12-31");
    let listed = app
        .ok(
            &world.viewer,
            "{ tasks(filter: { timeliness: [OVERDUE] }) { edges { node { title } } } }",
            json!({}),
        )
        .await;
    assert!(
        !listed.to_string().contains("Hạn xa nhất"),
        "a far deadline is not listed as overdue: {listed}"
    );
}

/// Defect 8: a chair acts on their own committee only.
async fn a_chair_of_another_committee_can_neither_report_nor_submit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Rà soát HTX", "SCT", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    for input in [
        json!({ "taskId": id, "progress": 60 }),
        json!({ "taskId": id, "status": "SUBMITTED", "note": "Xong" }),
        json!({ "taskId": id, "note": "Ý kiến của ban khác" }),
    ] {
        assert_eq!(
            app.error_code(&world.other_chair, UPDATE, json!({ "input": input }))
                .await,
            "FORBIDDEN",
            "{input}"
        );
    }
    let stored = world.task(&app, &id).await;
    assert_eq!(
        (stored["status"].as_str(), stored["progress"].as_i64()),
        (Some("NOT_STARTED"), Some(0))
    );
}

/// Defect 11: work waiting for review keeps the progress it was submitted with.
async fn a_submitted_task_keeps_its_progress_until_the_chair_decides(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo sơ kết", "SCT", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let liaison = world.liaison("SCT");
    app.ok(
        &liaison,
        UPDATE,
        json!({ "input": { "taskId": id, "status": "SUBMITTED", "progress": 90, "note": "Đã nộp" } }),
    )
    .await;
    assert_eq!(
        app.error_code(
            &liaison,
            UPDATE,
            json!({ "input": { "taskId": id, "progress": 40 } })
        )
        .await,
        "CONFLICT"
    );
    app.ok(
        &liaison,
        UPDATE,
        json!({ "input": { "taskId": id, "note": "Bổ sung phụ lục" } }),
    )
    .await;
    let stored = world.task(&app, &id).await;
    assert_eq!(
        (stored["status"].as_str(), stored["progress"].as_i64()),
        (Some("SUBMITTED"), Some(90))
    );
}

/// `count` aliases of departments → tasks → updates, each a full page.
fn nested_lists(count: usize) -> String {
    let one = "departments(first: 100) { edges { node { name tasks(first: 100) { edges { node { title updates(first: 100) { edges { node { note } } } } } } } } }";
    let aliases: String = (0..count).map(|n| format!("a{n}: {one} ")).collect();
    format!("{{ {aliases} }}")
}

/// Defect 2: one request could run half a million statements. The attack is refused before it
/// runs (only the token check touches the database), says what it asked for and what is
/// allowed, and batches share one budget.
async fn a_request_that_could_read_too_much_is_refused_before_it_runs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let liaison = world.liaison("SCT");
    let attack = vec![json!({ "query": nested_lists(40) }); 10];
    let before = app.statements().await;
    let answer = app
        .post_raw(serde_json::to_vec(&attack).unwrap_or_default(), &liaison)
        .await;
    let statements = app.statements().await - before;
    assert_eq!(answer.status(), 200);
    let answers: Value = answer.json().await.unwrap_or_default();
    let answers = answers.as_array().cloned().unwrap_or_default();
    assert_eq!(answers.len(), 10);
    for each in &answers {
        assert_eq!(each["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
        let message = each["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("at most 200000"),
            "the refusal says what is allowed: {message}"
        );
        assert!(each["data"].is_null());
    }
    assert!(
        statements <= 3,
        "only the token was checked: {statements} statements"
    );
    let me = app.ok(&liaison, "{ me { name } }", json!({})).await;
    assert!(me["me"]["name"].is_string());

    // Each of these may read 30,401 records: six fit in the budget, the seventh does not.
    let page = "{ tasks(first: 100) { edges { node { title updates(first: 100) { edges { node { note } } } } } } }";
    let batch = vec![json!({ "query": page }); 10];
    let answers: Value = app
        .post_raw(serde_json::to_vec(&batch).unwrap_or_default(), &liaison)
        .await
        .json()
        .await
        .unwrap_or_default();
    let refused: Vec<bool> = answers
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| a.get("errors").is_some())
        .collect();
    assert_eq!(
        refused,
        vec![false, false, false, false, false, false, true, true, true, true],
        "a batch counts as the sum of its operations"
    );
    assert!(answers[6]["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("earlier operations of this batch used 182406"));
}

/// Sends a raw HTTP/1.1 request head (and optionally the first part of a body), then reads
/// the answer's status line without sending the rest: a server that waits for the body before
/// answering would not answer at all.
async fn status_without_sending_the_body(app: &TestApp, head: &str, body_start: &[u8]) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(&app.address)
        .await
        .expect("connect");
    stream.write_all(head.as_bytes()).await.expect("the head");
    stream.write_all(body_start).await.expect("the body start");
    let mut answer = vec![0u8; 512];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("the server answers before the body is complete")
        .expect("read");
    let text = String::from_utf8_lossy(&answer[..read]).to_string();
    text.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"))
}

/// Defect 3: the pages read any body before checking anything.
async fn pages_refuse_large_and_signed_out_posts_before_reading_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let _people = World::build(&app).await;
    let host = &app.address;
    let form = "Content-Type: application/x-www-form-urlencoded";
    let huge = format!(
        "POST /meetings/1/tasks HTTP/1.1\r\nHost: {host}\r\n{form}\r\nContent-Length: 300000000\r\n\r\n"
    );
    assert_eq!(
        status_without_sending_the_body(&app, &huge, b"title=").await,
        413
    );
    let huge_sign_in = format!(
        "POST /sign-in HTTP/1.1\r\nHost: {host}\r\n{form}\r\nContent-Length: 100000000\r\n\r\n"
    );
    assert_eq!(
        status_without_sending_the_body(&app, &huge_sign_in, b"email=").await,
        413
    );
    let signed_out = format!(
        "POST /meetings/1/tasks HTTP/1.1\r\nHost: {host}\r\n{form}\r\nContent-Length: 60000\r\n\r\n"
    );
    assert_eq!(
        status_without_sending_the_body(&app, &signed_out, b"title=").await,
        401,
        "a signed-out post is refused unread"
    );

    // Signed in, a body sent in chunks (no length given) is cut off at 64 KiB.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let secretary = reqwest::Client::builder()
        .cookie_provider(std::sync::Arc::clone(&jar))
        .build()
        .expect("a client");
    let link = crate::helpers::sign_in_link_for(&app, "secretary@test.example", "/meetings").await;
    assert_eq!(open_sign_in_link(&secretary, &link).await.status(), 200);
    let cookies = reqwest::cookie::CookieStore::cookies(&*jar, &app.url("/").parse().expect("url"))
        .and_then(|v| v.to_str().ok().map(str::to_string))
        .expect("the session cookie");
    let chunk = "a".repeat(8192);
    let mut chunked = format!(
        "POST /meetings/1/tasks HTTP/1.1\r\nHost: {host}\r\n{form}\r\nCookie: {cookies}\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    for _ in 0..9 {
        chunked.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    assert_eq!(
        status_without_sending_the_body(&app, &chunked, b"").await,
        413
    );
}

/// Item 6: every page and answer carries the security headers.
async fn every_answer_carries_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in ["/sign-in", "/healthz", "/my"] {
        let answer = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client")
            .get(app.url(path))
            .send()
            .await
            .expect("an answer");
        let header = |name: &str| {
            answer
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let policy = header("content-security-policy");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("default-src 'none'"), "{path}: {policy}");
        assert!(!policy.contains("script-src"), "no script at all: {policy}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
    }
    let query_page = reqwest::get(app.url("/graphql")).await.expect("query page");
    let policy = query_page
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(policy.contains("script-src 'sha256-"), "{policy}");
    let scripts = policy
        .split(';')
        .find(|directive| directive.trim().starts_with("script-src"))
        .unwrap_or_default();
    assert!(!scripts.contains("unsafe-inline"), "{policy}");
}

/// Defect 4: the address a sign-in leads to stays on this site, and the sign-in form cannot be
/// posted from another site.
async fn sign_in_stays_on_this_site_and_needs_its_own_form(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with_mail(backend, &sink.url(), &[]).await;
    let _world = World::build(&app).await;
    let form = browser()
        .get(app.url("/sign-in?next=/%09/evil.example/x"))
        .send()
        .await
        .expect("the form")
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(form_field(&form, "next"), "/");

    let forged = reqwest::Client::new()
        .post(app.url("/sign-in"))
        .form(&[("email", "viewer@test.example"), ("next", "/my")])
        .send()
        .await
        .expect("an answer");
    assert_eq!(forged.status(), 403, "no pre-session token, no link");

    let person = browser();
    let asked = ask_for_sign_in_link(
        &person,
        &app,
        "liaison.sct@test.example",
        "/\t/evil.example/x",
    )
    .await;
    assert_eq!(asked.status(), 200);
    let mail = sink.wait_for("liaison.sct@test.example").await;
    let link = crate::helpers::sign_in_link_in(&mail.text());
    let no_redirects = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let button = no_redirects
        .get(&link)
        .send()
        .await
        .expect("the button page")
        .text()
        .await
        .unwrap_or_default();
    let signed_in = no_redirects
        .post(&link)
        .form(&[("csrf", form_field(&button, "csrf"))])
        .send()
        .await
        .expect("signed in");
    assert_eq!(signed_in.status(), 303);
    assert_eq!(
        signed_in
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/"),
        "the tab trick leads home"
    );
    assert!(
        sink.received()
            .iter()
            .all(|m| !m.recipients.iter().any(|r| r == "viewer@test.example")),
        "the forged request sent nothing"
    );
}

/// A TCP server that accepts connections and never says a word, as a stuck mail server does.
async fn silent_server() -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("address").port();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    (port, task)
}

/// Defect 7: sign-in answers without waiting on the mail server, whoever asks, and is capped
/// per address and per client.
async fn sign_in_is_answered_at_once_and_capped(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with_mail(
        backend,
        &sink.url(),
        &[("DONDOC_SIGN_IN_REQUESTS_PER_CLIENT", "6")],
    )
    .await;
    let _world = World::build(&app).await;
    let person = browser();
    for _ in 0..5 {
        let answer = ask_for_sign_in_link(&person, &app, "liaison.sct@test.example", "/my").await;
        assert_eq!(answer.status(), 200);
    }
    ask_for_sign_in_link(&person, &app, "chair@test.example", "/dashboard").await;
    sink.wait_for("chair@test.example").await;
    let to_liaison = |sink: &SmtpSink| {
        sink.received()
            .iter()
            .filter(|m| m.recipients.iter().any(|r| r == "liaison.sct@test.example"))
            .count()
    };
    sink.wait_until("three links to the liaison", |_| to_liaison(&sink) >= 3)
        .await;
    assert_eq!(to_liaison(&sink), 3, "at most 3 links per address");
    let seventh = ask_for_sign_in_link(&person, &app, "viewer@test.example", "/my").await;
    assert_eq!(seventh.status(), 429, "at most 6 requests per client");

    let (silent_port, _silent) = silent_server().await;
    let stuck = TestApp::spawn_with_mail(
        backend,
        &format!("smtp://127.0.0.1:{silent_port}"),
        &[("DONDOC_SMTP_TIMEOUT_SECONDS", "60")],
    )
    .await;
    let _people = World::build(&stuck).await;
    let answered = tokio::time::timeout(
        Duration::from_secs(20),
        ask_for_sign_in_link(&browser(), &stuck, "liaison.sct@test.example", "/my"),
    )
    .await
    .expect("the answer does not wait for a mail server that hangs");
    assert_eq!(answered.status(), 200);
}

/// Defect 11: mail gateways that open every link must not use a sign-in link up.
async fn opening_a_link_uses_nothing_until_the_button_is_pressed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let _world = World::build(&app).await;
    let link = crate::helpers::sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    for scan in 0..3 {
        let scanned = reqwest::get(&link).await.expect("the scanner's GET");
        assert_eq!(scanned.status(), 200, "scan {scan}");
    }
    let person = browser();
    let signed_in = open_sign_in_link(&person, &link).await;
    assert_eq!(signed_in.url().path(), "/my");
    assert_eq!(open_sign_in_link(&browser(), &link).await.status(), 410);
}

/// Behind a reverse proxy (`DONDOC_TRUST_FORWARDED_FOR=true`) the sign-in limit counts each
/// client named by `X-Forwarded-For`, not the proxy; without it the header is ignored, so
/// nobody can slip past the limit by making one up.
async fn behind_a_proxy_the_sign_in_limit_counts_each_client(backend: Backend) {
    let limit = [("DONDOC_SIGN_IN_REQUESTS_PER_CLIENT", "3")];
    for trusted in [true, false] {
        let setting = [(
            "DONDOC_TRUST_FORWARDED_FOR",
            if trusted { "true" } else { "false" },
        )];
        let app = TestApp::spawn_with(backend, &[limit[0], setting[0]]).await;
        let person = browser();
        let csrf = crate::helpers::sign_in_form_token(&person, &app).await;
        let ask = |client_address: String| {
            person
                .post(app.url("/sign-in"))
                .header("x-forwarded-for", client_address)
                .form(&[
                    ("email", "nobody@test.example"),
                    ("next", "/my"),
                    ("csrf", csrf.as_str()),
                ])
                .send()
        };
        let mut statuses = Vec::new();
        for n in 1..=4 {
            statuses.push(
                ask(format!("203.0.113.{n}"))
                    .await
                    .expect("an answer")
                    .status()
                    .as_u16(),
            );
        }
        for _ in 0..3 {
            statuses.push(
                ask("198.51.100.7".into())
                    .await
                    .expect("an answer")
                    .status()
                    .as_u16(),
            );
        }
        let expected: &[u16] = if trusted {
            &[200, 200, 200, 200, 200, 200, 200]
        } else {
            &[200, 200, 200, 429, 429, 429, 429]
        };
        assert_eq!(statuses, expected, "trust_forwarded_for={trusted}");
        if trusted {
            let fourth = ask("198.51.100.7".into()).await.expect("an answer");
            assert_eq!(
                fourth.status(),
                429,
                "one client named by the proxy is still limited"
            );
        }
    }
}

/// Defects 5 and 6, and the README's reminder links: `serve` sends each decision to the lead,
/// for tasks without a deadline too, each with its own reason, with links that sign in.
async fn every_decision_reaches_the_lead_with_its_reason(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app =
        TestApp::spawn_with_mail(backend, &sink.url(), &crate::helpers::NOTICES_AT_ONCE).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Tuyên truyền Luật Hợp tác xã", "UBND-VT", None)
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let liaison = world.liaison("UBND-VT");
    let lead = "liaison.ubnd-vt@test.example";
    let assigned = sink
        .wait_until("the notice of the new task", |m| {
            m.recipients.iter().any(|r| r == lead) && m.text().contains("NHIỆM VỤ MỚI")
        })
        .await;
    assert!(assigned.text().contains("Tuyên truyền Luật Hợp tác xã"));
    assert!(assigned
        .text()
        .contains("không có (thực hiện thường xuyên)"));
    assert!(
        assigned.text().contains("/login/dd_"),
        "links in mail from `serve` sign in: {}",
        assigned.text()
    );
    for reason in ["Thiếu số liệu xã Song An", "Bổ sung ảnh hội nghị"] {
        app.ok(
            &liaison,
            UPDATE,
            json!({ "input": { "taskId": id, "status": "SUBMITTED", "note": "Đã xong" } }),
        )
        .await;
        app.ok(
            &world.chair,
            REVIEW,
            json!({ "input": { "taskId": id, "accept": false, "note": reason } }),
        )
        .await;
        let returned = sink
            .wait_until(reason, |m| {
                m.recipients.iter().any(|r| r == lead) && m.text().contains(reason)
            })
            .await;
        assert!(returned.text().contains("Tuyên truyền Luật Hợp tác xã"));
    }
    for mail in sink.received() {
        assert!(
            mail.text().contains("Tuyên truyền Luật Hợp tác xã"),
            "no empty mail: {}",
            mail.text()
        );
    }
}

/// Item 11: an internal error shows a reference that is in the server's log with the cause.
async fn an_internal_error_carries_a_reference(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    {
        use sea_orm::{ConnectionTrait, Database};
        let db = Database::connect(app.database.url.clone())
            .await
            .expect("a second connection");
        db.execute_unprepared("DROP TABLE reminders")
            .await
            .expect("dropped");
        db.close().await.expect("closed");
    }
    let answer = app
        .gql(
            &world.chair,
            "{ reminders { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "INTERNAL");
    let reference = error["extensions"]["incident"].as_str().unwrap_or_default();
    assert_eq!(reference.len(), 8, "{answer:#}");
    assert!(error["message"]
        .as_str()
        .unwrap_or_default()
        .contains(reference));
    let message = error["message"].as_str().unwrap_or_default().to_lowercase();
    assert!(
        !message.contains("select") && !message.contains("table") && !message.contains("relation"),
        "no SQL shown: {message}"
    );
    let log = app.log();
    let line = log
        .lines()
        .find(|line| line.contains(reference))
        .unwrap_or_else(|| panic!("the reference {reference} is not in the log:\n{log}"));
    assert!(line.contains("database error"), "{line}");
}

on_both_backends!(
    control_characters_and_over_long_texts_are_refused_as_bad_input,
    dates_outside_1900_to_2200_are_refused,
    a_chair_of_another_committee_can_neither_report_nor_submit,
    a_submitted_task_keeps_its_progress_until_the_chair_decides,
    a_request_that_could_read_too_much_is_refused_before_it_runs,
    pages_refuse_large_and_signed_out_posts_before_reading_them,
    every_answer_carries_security_headers,
    sign_in_stays_on_this_site_and_needs_its_own_form,
    sign_in_is_answered_at_once_and_capped,
    behind_a_proxy_the_sign_in_limit_counts_each_client,
    opening_a_link_uses_nothing_until_the_button_is_pressed,
    every_decision_reaches_the_lead_with_its_reason,
    an_internal_error_carries_a_reference,
);

/// Text that would be markup or a template placeholder, typed into every field people fill in,
/// is shown as text on every page and in every mail.
async fn hostile_text_is_inert_on_every_page_and_in_every_mail(backend: Backend) {
    const HOSTILE: &str = "<script>alert('x')</script>{{sections}}";
    let sink = SmtpSink::start().await;
    let app =
        TestApp::spawn_with_mail(backend, &sink.url(), &crate::helpers::NOTICES_AT_ONCE).await;
    let admin = app.admin_token.clone();
    let named = |what: &str| format!("{what} {HOSTILE}");
    let department = app
        .ok(
            &admin,
            CREATE_DEPARTMENT,
            json!({ "input": { "code": "EVIL", "name": named("Sở"), "email": "evil@test.example" } }),
        )
        .await["createDepartment"]["id"]
        .clone();
    let person = |name: String, email: &str, role: &str, department: Option<Value>| {
        let (app, admin) = (&app, admin.clone());
        let email = email.to_string();
        let role = role.to_string();
        async move {
            app.ok(
                &admin,
                "mutation($input: CreateUserInput!) { createUser(input: $input) { token user { id } } }",
                json!({ "input": { "name": name, "email": email, "role": role, "departmentId": department } }),
            )
            .await["createUser"]
                .clone()
        }
    };
    let liaison = person(
        named("Đầu mối"),
        "liaison.evil@test.example",
        "LIAISON",
        Some(department.clone()),
    )
    .await;
    let chair = person(named("Chủ tịch"), "chair.evil@test.example", "CHAIR", None).await;
    let committee = app
        .ok(
            &admin,
            CREATE_COMMITTEE,
            json!({ "input": { "name": named("Ban"), "shortName": "BCĐ {{sections}}", "chairId": chair["user"]["id"] } }),
        )
        .await["createCommittee"]["id"]
        .clone();
    let chair_token = chair["token"].as_str().unwrap_or_default().to_string();
    let meeting = app
        .ok(
            &chair_token,
            CREATE_MEETING,
            json!({ "input": { "committeeId": committee, "title": named("Họp"), "heldOn": crate::helpers::days_from_today(-3), "reference": "<b>1</b>/TB {{day}}" } }),
        )
        .await["createMeeting"]["id"]
        .clone();
    let liaison_token = liaison["token"].as_str().unwrap_or_default().to_string();
    let task = app
        .ok(
            &chair_token,
            ASSIGN,
            json!({ "input": { "meetingId": meeting, "title": named("Nhiệm vụ"), "description": named("Mô tả"), "leadId": department, "deadline": crate::helpers::days_from_today(5) } }),
        )
        .await["assignTask"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    app.ok(
        &liaison_token,
        UPDATE,
        json!({ "input": { "taskId": task, "status": "SUBMITTED", "note": named("Ghi chú") } }),
    )
    .await;
    app.ok(
        &chair_token,
        REVIEW,
        json!({ "input": { "taskId": task, "accept": false, "note": named("Trả lại") } }),
    )
    .await;
    app.ok(
        &liaison_token,
        "mutation($input: RequestExtensionInput!) { requestExtension(input: $input) { id } }",
        json!({ "input": { "taskId": task, "requestedDeadline": crate::helpers::days_from_today(30), "reason": named("Lý do") } }),
    )
    .await;

    let number = crate::helpers::id_number(&task);
    let meeting_number = crate::helpers::id_number(meeting.as_str().unwrap_or_default());
    for (email, paths) in [
        (
            "liaison.evil@test.example",
            vec!["/my".to_string(), format!("/tasks/{number}")],
        ),
        (
            "chair.evil@test.example",
            vec![
                "/dashboard".to_string(),
                "/meetings".to_string(),
                format!("/meetings/{meeting_number}"),
                format!("/tasks/{number}"),
            ],
        ),
    ] {
        let client = browser();
        let link = crate::helpers::sign_in_link_for(&app, email, "/").await;
        open_sign_in_link(&client, &link).await;
        for path in paths {
            let html = client
                .get(app.url(&path))
                .send()
                .await
                .expect("the page")
                .text()
                .await
                .unwrap_or_default();
            assert!(
                !html.to_lowercase().contains("<script"),
                "{path} as {email} runs the text"
            );
            assert!(
                // Apostrophes need no escaping in text and double-quoted attributes.
                html.replace("&#39;", "'")
                    .contains("&lt;script&gt;alert('x')&lt;/script&gt;{{sections}}"),
                "{path} as {email} shows the text as text"
            );
        }
    }
    let returned = sink
        .wait_until("the notice with the reason", |m| {
            m.recipients
                .iter()
                .any(|r| r == "liaison.evil@test.example")
                && m.text().contains("Trả lại")
        })
        .await;
    for mail in sink.received() {
        assert!(
            !mail.html().to_lowercase().contains("<script"),
            "{}",
            mail.html()
        );
        assert_eq!(
            mail.text().matches("{{sections}}").count(),
            mail.text().matches(HOSTILE).count(),
            "placeholders in values stay text: {}",
            mail.text()
        );
    }
    assert!(returned.text().contains(&named("Trả lại")));
    assert!(returned.text().contains(&named("Nhiệm vụ")));
    assert!(returned.subject().contains("BCĐ {{sections}}"));
    let html = returned.html();
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert('x')&lt;/script&gt;{{sections}}"),
        "{html}"
    );
}

on_both_backends!(hostile_text_is_inert_on_every_page_and_in_every_mail);
