//! Assigning, reporting, reviewing, extending and cancelling tasks.

use serde_json::json;

use crate::helpers::{days_from_today, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, CANCEL, DECIDE_EXTENSION, REQUEST_EXTENSION, REVIEW, UPDATE};

async fn a_task_goes_from_assignment_to_acceptance(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .assign(
            &app,
            json!({ "title": "Xây dựng các giải pháp cụ thể", "leadId": world.department("SKHCN"),
                    "coOwnerIds": [world.department("SCT"), world.department("SNNPTNT"), world.department("LMHTX")],
                    "deadline": days_from_today(20) }),
        )
        .await;
    assert_eq!(task["status"], "NOT_STARTED");
    assert_eq!(task["timeliness"], "ON_TRACK");
    assert_eq!(task["lead"]["code"], "SKHCN");
    assert_eq!(task["coOwners"].as_array().map(Vec::len), Some(3));
    let id = task["id"].as_str().unwrap_or_default();

    let started = app
        .ok(
            &world.liaison("SKHCN"),
            UPDATE,
            json!({ "input": { "taskId": id, "progress": 40, "note": "Đã họp liên ngành" } }),
        )
        .await;
    assert_eq!(
        started["updateTask"]["status"], "IN_PROGRESS",
        "reporting progress starts the task"
    );
    assert_eq!(started["updateTask"]["progress"], 40);

    let submitted = app
        .ok(
            &world.liaison("SKHCN"),
            UPDATE,
            json!({ "input": { "taskId": id, "status": "SUBMITTED", "note": "Đã gửi báo cáo" } }),
        )
        .await;
    assert_eq!(submitted["updateTask"]["status"], "SUBMITTED");
    assert_eq!(submitted["updateTask"]["progress"], 100);
    assert_eq!(submitted["updateTask"]["submittedOn"], days_from_today(0));

    let accepted = app
        .ok(
            &world.chair,
            REVIEW,
            json!({ "input": { "taskId": id, "accept": true, "note": "Đạt yêu cầu" } }),
        )
        .await;
    assert_eq!(accepted["reviewTask"]["status"], "DONE");
    assert_eq!(accepted["reviewTask"]["timeliness"], "DONE_ON_TIME");
    assert_eq!(accepted["reviewTask"]["completedOn"], days_from_today(0));

    let journal = app
        .ok(
            &world.viewer,
            "query($id: ID!) { node(id: $id) { ... on Task { updates { totalCount edges { node { note statusFrom statusTo progress author { name } } } } } } }",
            json!({ "id": id }),
        )
        .await;
    let updates = &journal["node"]["updates"];
    assert_eq!(updates["totalCount"], 4);
    let newest = &updates["edges"][0]["node"];
    assert_eq!(
        (newest["statusFrom"].as_str(), newest["statusTo"].as_str()),
        (Some("SUBMITTED"), Some("DONE"))
    );
    assert_eq!(newest["note"], "Đạt yêu cầu");
    assert_eq!(newest["author"]["name"], "Nguyễn Quang Hưng");
    assert_eq!(updates["edges"][3]["node"]["statusTo"], "NOT_STARTED");
}

async fn a_returned_task_goes_back_to_work_with_the_reason_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let id = world
        .simple_task(&app, "Nhân rộng mô hình", "LMHTX", Some(10))
        .await["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    app.ok(
        &world.liaison("LMHTX"),
        UPDATE,
        json!({ "input": { "taskId": id, "status": "SUBMITTED", "note": "Xong" } }),
    )
    .await;
    let returned = app
        .ok(&world.chair, REVIEW, json!({ "input": { "taskId": id, "accept": false, "note": "Thiếu số liệu quỹ tín dụng" } }))
        .await;
    assert_eq!(returned["reviewTask"]["status"], "IN_PROGRESS");
    let task = world.task(&app, &id).await;
    assert_eq!(task["submittedOn"], serde_json::Value::Null);
    let code = app
        .error_code(
            &world.chair,
            REVIEW,
            json!({ "input": { "taskId": id, "accept": true, "note": "ok" } }),
        )
        .await;
    assert_eq!(code, "CONFLICT", "only submitted work can be reviewed");
}

async fn a_directive_fanned_out_to_districts_rolls_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let districts = ["UBND-DH", "UBND-HH", "UBND-VT"];
    let parent = world
        .assign(
            &app,
            json!({ "title": "Kiện toàn Ban Chỉ đạo cấp huyện", "leadId": world.department("LMHTX"),
                    "deadline": days_from_today(5),
                    "splitAcross": districts.iter().map(|d| world.department(d)).collect::<Vec<_>>() }),
        )
        .await;
    let parent_id = parent["id"].as_str().unwrap_or_default().to_string();
    let subtasks = parent["subtasks"].as_array().cloned().unwrap_or_default();
    assert_eq!(subtasks.len(), 3);
    let sub = |code: &str| {
        subtasks
            .iter()
            .find(|s| s["lead"]["code"] == code)
            .and_then(|s| s["id"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    app.ok(
        &world.liaison("UBND-DH"),
        UPDATE,
        json!({ "input": { "taskId": sub("UBND-DH"), "progress": 90 } }),
    )
    .await;
    app.ok(
        &world.liaison("UBND-HH"),
        UPDATE,
        json!({ "input": { "taskId": sub("UBND-HH"), "progress": 30 } }),
    )
    .await;
    let rolled = world.task(&app, &parent_id).await;
    assert_eq!(rolled["progress"], 40, "the mean of 90, 30 and 0");
    assert_eq!(rolled["status"], "IN_PROGRESS");

    let code = app
        .error_code(
            &world.liaison("LMHTX"),
            UPDATE,
            json!({ "input": { "taskId": parent_id, "progress": 100 } }),
        )
        .await;
    assert_eq!(code, "BAD_USER_INPUT", "a parent's progress is derived");

    for district in ["UBND-DH", "UBND-HH"] {
        app.ok(&world.liaison(district), UPDATE, json!({ "input": { "taskId": sub(district), "status": "SUBMITTED", "note": "Đã ban hành quyết định" } })).await;
        app.ok(
            &world.chair,
            REVIEW,
            json!({ "input": { "taskId": sub(district), "accept": true, "note": "Đồng ý" } }),
        )
        .await;
    }
    assert_eq!(
        world.task(&app, &parent_id).await["status"],
        "IN_PROGRESS",
        "one district is still open"
    );
    app.ok(
        &world.chair,
        CANCEL,
        json!({ "input": { "taskId": sub("UBND-VT"), "reason": "Đã sáp nhập" } }),
    )
    .await;
    let done = world.task(&app, &parent_id).await;
    assert_eq!(
        done["status"], "DONE",
        "done when every subtask is done or cancelled"
    );
    assert_eq!(done["progress"], 100);
    assert_eq!(done["timeliness"], "DONE_ON_TIME");
}

async fn cancelling_a_directive_cancels_its_open_subtasks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let parent = world
        .assign(
            &app,
            json!({ "title": "Huy động các tổ chức đoàn thể", "leadId": world.department("LMHTX"),
                    "splitAcross": [world.department("UBND-DH"), world.department("UBND-HH")] }),
        )
        .await;
    let id = parent["id"].as_str().unwrap_or_default();
    let cancelled = app
        .ok(
            &world.secretary,
            CANCEL,
            json!({ "input": { "taskId": id, "reason": "Không còn phù hợp" } }),
        )
        .await;
    assert_eq!(cancelled["cancelTask"]["status"], "CANCELLED");
    assert_eq!(cancelled["cancelTask"]["timeliness"], "CANCELLED");
    assert_eq!(
        cancelled["cancelTask"]["subtasks"],
        json!([{ "status": "CANCELLED" }, { "status": "CANCELLED" }])
    );
    let again = app
        .error_code(
            &world.secretary,
            CANCEL,
            json!({ "input": { "taskId": id, "reason": "lần nữa" } }),
        )
        .await;
    assert_eq!(again, "CONFLICT");
}

async fn an_approved_extension_moves_the_deadline_and_a_decision_is_final(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(
            &app,
            "Thành lập Quỹ hỗ trợ phát triển HTX",
            "LMHTX",
            Some(-2),
        )
        .await;
    assert_eq!(task["timeliness"], "OVERDUE");
    let id = task["id"].as_str().unwrap_or_default();
    let new_deadline = days_from_today(30);
    let request = app
        .ok(&world.liaison("LMHTX"), REQUEST_EXTENSION, json!({ "input": { "taskId": id, "requestedDeadline": new_deadline, "reason": "Chờ hướng dẫn của Bộ Tài chính" } }))
        .await;
    assert_eq!(request["requestExtension"]["decision"], "PENDING");
    let request_id = request["requestExtension"]["id"]
        .as_str()
        .unwrap_or_default();
    let second = app
        .error_code(&world.liaison("LMHTX"), REQUEST_EXTENSION, json!({ "input": { "taskId": id, "requestedDeadline": days_from_today(40), "reason": "again" } }))
        .await;
    assert_eq!(second, "CONFLICT", "one request waits at a time");
    let forbidden = app
        .error_code(
            &world.liaison("LMHTX"),
            DECIDE_EXTENSION,
            json!({ "input": { "requestId": request_id, "approve": true } }),
        )
        .await;
    assert_eq!(forbidden, "FORBIDDEN");
    let decided = app
        .ok(
            &world.chair,
            DECIDE_EXTENSION,
            json!({ "input": { "requestId": request_id, "approve": true, "note": "Đồng ý" } }),
        )
        .await;
    assert_eq!(decided["decideExtension"]["decision"], "APPROVED");
    assert_eq!(decided["decideExtension"]["task"]["deadline"], new_deadline);
    assert_eq!(world.task(&app, id).await["timeliness"], "ON_TRACK");
    let twice = app
        .error_code(
            &world.chair,
            DECIDE_EXTENSION,
            json!({ "input": { "requestId": request_id, "approve": false } }),
        )
        .await;
    assert_eq!(twice, "CONFLICT");
    let journal = app
        .ok(&world.viewer, "query($id: ID!) { node(id: $id) { ... on Task { updates(first: 1) { edges { node { note deadlineFrom deadlineTo } } } } } }", json!({ "id": id }))
        .await;
    let entry = &journal["node"]["updates"]["edges"][0]["node"];
    assert_eq!(entry["deadlineFrom"], days_from_today(-2));
    assert_eq!(entry["deadlineTo"], new_deadline);
}

async fn extensions_must_extend(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let dated = world
        .simple_task(&app, "Có thời hạn", "SCT", Some(10))
        .await;
    let ongoing = world.simple_task(&app, "Thường xuyên", "SCT", None).await;
    for (task, day) in [
        (&dated, days_from_today(5)),
        (&ongoing, days_from_today(50)),
    ] {
        let code = app
            .error_code(&world.liaison("SCT"), REQUEST_EXTENSION, json!({ "input": { "taskId": task["id"], "requestedDeadline": day, "reason": "cần thêm thời gian" } }))
            .await;
        assert_eq!(code, "BAD_USER_INPUT");
    }
}

async fn timeliness_follows_the_calendar_and_submission(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let cases = [
        (Some(10), "ON_TRACK"),
        (Some(3), "DUE_SOON"),
        (Some(0), "DUE_SOON"),
        (Some(-1), "OVERDUE"),
        (None, "NO_DEADLINE"),
    ];
    for (days, expected) in cases {
        let task = world.simple_task(&app, "Nhiệm vụ", "SCT", days).await;
        assert_eq!(task["timeliness"], expected, "deadline in {days:?} days");
    }
    let late = world.simple_task(&app, "Nộp muộn", "SCT", Some(-3)).await;
    let submitted = app
        .ok(
            &world.liaison("SCT"),
            UPDATE,
            json!({ "input": { "taskId": late["id"], "status": "SUBMITTED", "note": "Nộp" } }),
        )
        .await;
    assert_eq!(
        submitted["updateTask"]["timeliness"], "OVERDUE",
        "submitted after the deadline is still late"
    );
    let done = app
        .ok(
            &world.chair,
            REVIEW,
            json!({ "input": { "taskId": late["id"], "accept": true, "note": "ok" } }),
        )
        .await;
    assert_eq!(done["reviewTask"]["timeliness"], "DONE_LATE");
    let waiting = world.simple_task(&app, "Nộp sớm", "SCT", Some(2)).await;
    let early = app
        .ok(
            &world.liaison("SCT"),
            UPDATE,
            json!({ "input": { "taskId": waiting["id"], "status": "SUBMITTED", "note": "Nộp" } }),
        )
        .await;
    assert_eq!(
        early["updateTask"]["timeliness"], "ON_TRACK",
        "submitted in time waits without being due"
    );
}

on_both_backends!(
    a_task_goes_from_assignment_to_acceptance,
    a_returned_task_goes_back_to_work_with_the_reason_kept,
    a_directive_fanned_out_to_districts_rolls_up,
    cancelling_a_directive_cancels_its_open_subtasks,
    an_approved_extension_moves_the_deadline_and_a_decision_is_final,
    extensions_must_extend,
    timeliness_follows_the_calendar_and_submission,
);
