//! Who may do what, and the error codes people get when they may not.

use serde_json::json;

use crate::helpers::{days_from_today, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, CANCEL, REQUEST_EXTENSION, REVIEW, UPDATE};

async fn without_a_valid_token_everything_but_introspection_is_unauthenticated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for query in [
        "{ me { name } }",
        "{ committees { id } }",
        "{ tasks { totalCount } }",
        "{ departments { totalCount } }",
        "{ progressReport { total } }",
    ] {
        for token in ["", "dd_not-a-real-token"] {
            assert_eq!(
                app.error_code(token, query, json!({})).await,
                "UNAUTHENTICATED",
                "{query} with {token:?}"
            );
        }
    }
    let mutation = "mutation { createDepartment(input: { code: \"X\", name: \"X\" }) { id } }";
    assert_eq!(
        app.error_code("", mutation, json!({})).await,
        "UNAUTHENTICATED"
    );
    let schema = app
        .gql(
            "",
            "{ __schema { queryType { name } } __typename }",
            json!({}),
        )
        .await;
    assert_eq!(schema["data"]["__schema"]["queryType"]["name"], "Query");
    assert!(schema.get("errors").is_none());
}

async fn a_revoked_person_is_locked_out_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    assert!(app
        .gql(&world.viewer, "{ me { name } }", json!({}))
        .await
        .get("errors")
        .is_none());
    let output = crate::helpers::cli(
        &app.database.url,
        &["user", "revoke", "--email", "viewer@test.example"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        app.error_code(&world.viewer, "{ me { name } }", json!({}))
            .await,
        "UNAUTHENTICATED"
    );
}

async fn only_administrators_manage_the_directory(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let create =
        "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }";
    for token in [
        &world.chair,
        &world.secretary,
        &world.liaison("SCT"),
        &world.viewer,
    ] {
        let code = app
            .error_code(
                token,
                create,
                json!({ "input": { "code": "NEW", "name": "Sở mới" } }),
            )
            .await;
        assert_eq!(code, "FORBIDDEN");
    }
    let duplicate = app
        .error_code(
            &world.admin,
            create,
            json!({ "input": { "code": "sct", "name": "Trùng mã" } }),
        )
        .await;
    assert_eq!(
        duplicate, "CONFLICT",
        "codes are unique whatever their case"
    );
    let user = "mutation($input: CreateUserInput!) { createUser(input: $input) { token } }";
    let taken = app
        .error_code(&world.admin, user, json!({ "input": { "name": "Trùng", "email": "CHAIR@test.example", "role": "VIEWER" } }))
        .await;
    assert_eq!(taken, "CONFLICT");
    let no_department = app
        .error_code(&world.admin, user, json!({ "input": { "name": "Đầu mối", "email": "new@test.example", "role": "LIAISON" } }))
        .await;
    assert_eq!(no_department, "BAD_USER_INPUT");
    let bad_email = app
        .error_code(
            &world.admin,
            user,
            json!({ "input": { "name": "Sai", "email": "not-an-address", "role": "VIEWER" } }),
        )
        .await;
    assert_eq!(bad_email, "BAD_USER_INPUT");
    let committee = "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id timeZone language } }";
    let zone = app
        .error_code(
            &world.admin,
            committee,
            json!({ "input": { "name": "BCĐ", "timeZone": "Mars/Olympus" } }),
        )
        .await;
    assert_eq!(zone, "BAD_USER_INPUT");
    let created = app
        .ok(
            &world.admin,
            committee,
            json!({ "input": { "name": "BCĐ mới" } }),
        )
        .await;
    assert_eq!(created["createCommittee"]["timeZone"], "Asia/Ho_Chi_Minh");
    assert_eq!(created["createCommittee"]["language"], "vi");
}

async fn only_the_chair_and_secretary_record_meetings_and_assign(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let meeting = "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";
    let input = json!({ "input": { "committeeId": world.committee, "title": "Họp", "heldOn": days_from_today(0) } });
    let count = "query($c: ID) { meetings(committeeId: $c) { totalCount } }";
    let meetings = || async {
        app.ok(&world.chair, count, json!({ "c": world.committee }))
            .await["meetings"]["totalCount"]
            .as_i64()
    };
    let before = meetings().await.expect("a count");
    for token in [&world.liaison("SCT"), &world.viewer, &world.other_chair] {
        assert_eq!(
            app.error_code(token, meeting, input.clone()).await,
            "FORBIDDEN"
        );
    }
    assert_eq!(meetings().await, Some(before), "the refusals wrote nothing");
    for token in [&world.chair, &world.secretary] {
        let recorded = app.ok(token, meeting, input.clone()).await;
        assert!(recorded["createMeeting"]["id"].is_string(), "{recorded}");
    }
    assert_eq!(meetings().await, Some(before + 2));
    let assign = "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }";
    let task = json!({ "input": { "meetingId": world.meeting, "title": "Nhiệm vụ", "leadId": world.department("SCT") } });
    assert_eq!(
        app.error_code(&world.liaison("SCT"), assign, task.clone())
            .await,
        "FORBIDDEN"
    );
    let assigned = app.ok(&world.chair, assign, task).await;
    let stored = world
        .task(
            &app,
            assigned["assignTask"]["id"].as_str().unwrap_or_default(),
        )
        .await;
    assert_eq!(stored["title"], "Nhiệm vụ");
    assert_eq!(stored["lead"]["code"], "SCT");
}

async fn liaisons_change_what_their_department_leads_and_note_what_it_co_owns(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .assign(&app, json!({ "title": "Giải pháp phát triển HTX", "leadId": world.department("SKHCN"), "coOwnerIds": [world.department("SCT")], "deadline": days_from_today(15) }))
        .await;
    let id = task["id"].as_str().unwrap_or_default();
    let progress = json!({ "input": { "taskId": id, "progress": 20 } });
    let note = json!({ "input": { "taskId": id, "note": "Sở Công Thương đã gửi số liệu" } });
    assert_eq!(
        app.error_code(&world.liaison("SCT"), UPDATE, progress.clone())
            .await,
        "FORBIDDEN",
        "a co-owner cannot move progress"
    );
    app.ok(&world.liaison("SCT"), UPDATE, note.clone()).await;
    let journal = app
        .ok(&world.viewer, "query($id: ID!) { node(id: $id) { ... on Task { progress updates { edges { node { note progress author { email } } } } } } }", json!({ "id": id }))
        .await;
    assert_eq!(
        journal["node"]["updates"]["edges"][0]["node"],
        json!({ "note": "Sở Công Thương đã gửi số liệu", "progress": null, "author": { "email": "liaison.sct@test.example" } }),
        "a co-owner may add a note, and it is in the journal under their name: {journal}"
    );
    assert_eq!(journal["node"]["progress"], 0);
    assert_eq!(
        app.error_code(&world.liaison("UBND-DH"), UPDATE, note.clone())
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(&world.viewer, UPDATE, note).await,
        "FORBIDDEN"
    );
    app.ok(&world.liaison("SKHCN"), UPDATE, progress).await;
    assert_eq!(
        world.task(&app, id).await["progress"],
        20,
        "the lead moves progress"
    );

    let extension = json!({ "input": { "taskId": id, "requestedDeadline": days_from_today(40), "reason": "Cần thêm số liệu" } });
    assert_eq!(
        app.error_code(&world.liaison("SCT"), REQUEST_EXTENSION, extension.clone())
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(&world.chair, REQUEST_EXTENSION, extension)
            .await,
        "FORBIDDEN"
    );

    app.ok(
        &world.liaison("SKHCN"),
        UPDATE,
        json!({ "input": { "taskId": id, "status": "SUBMITTED", "note": "Xong" } }),
    )
    .await;
    let review = json!({ "input": { "taskId": id, "accept": true, "note": "Đạt" } });
    for token in [
        &world.liaison("SKHCN"),
        &world.secretary,
        &world.other_chair,
        &world.viewer,
    ] {
        assert_eq!(
            app.error_code(token, REVIEW, review.clone()).await,
            "FORBIDDEN"
        );
    }
    let cancel = json!({ "input": { "taskId": id, "reason": "Không cần" } });
    assert_eq!(
        app.error_code(&world.liaison("SKHCN"), CANCEL, cancel.clone())
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.error_code(&world.other_chair, CANCEL, cancel).await,
        "FORBIDDEN"
    );
    app.ok(&world.chair, REVIEW, review).await;
    assert_eq!(world.task(&app, id).await["status"], "DONE");

    let reopen =
        json!({ "input": { "taskId": id, "status": "IN_PROGRESS", "note": "Cần bổ sung" } });
    assert_eq!(
        app.error_code(&world.liaison("SKHCN"), UPDATE, reopen.clone())
            .await,
        "FORBIDDEN",
        "only the chair reopens"
    );
    let reopened = app.ok(&world.chair, UPDATE, reopen).await;
    assert_eq!(reopened["updateTask"]["status"], "IN_PROGRESS");
}

async fn bad_input_is_refused_with_nothing_written(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let assign = "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }";
    let bad = [
        json!({ "title": "", "leadId": world.department("SCT") }),
        json!({ "title": "x".repeat(501), "leadId": world.department("SCT") }),
        json!({ "title": "Ngày sai", "leadId": world.department("SCT"), "deadline": "2022-02-30" }),
        json!({ "title": "Trước cuộc họp", "leadId": world.department("SCT"), "deadline": days_from_today(-60) }),
        json!({ "title": "ID sai loại", "leadId": world.meeting }),
    ];
    for input in bad {
        let mut input = input;
        input["meetingId"] = json!(world.meeting);
        assert_eq!(
            app.error_code(&world.secretary, assign, json!({ "input": input }))
                .await,
            "BAD_USER_INPUT",
            "{input}"
        );
    }
    let unknown_department = json!({ "input": { "meetingId": world.meeting, "title": "Huyện không có", "leadId": world.department("SCT"),
        "splitAcross": [world.department("UBND-DH"), "RGVwYXJ0bWVudDo5OTk"] } });
    assert_eq!(
        app.error_code(&world.secretary, assign, unknown_department)
            .await,
        "NOT_FOUND"
    );
    let count = app
        .ok(&world.viewer, "{ tasks { totalCount } }", json!({}))
        .await;
    assert_eq!(
        count["tasks"]["totalCount"], 0,
        "a refused assignment leaves nothing behind"
    );

    let task = world.simple_task(&app, "Báo cáo", "SCT", Some(5)).await;
    let id = task["id"].as_str().unwrap_or_default();
    for input in [
        json!({ "taskId": id, "progress": 101 }),
        json!({ "taskId": id, "progress": -1 }),
        json!({ "taskId": id }),
        json!({ "taskId": id, "status": "SUBMITTED" }),
        json!({ "taskId": id, "status": "DONE", "note": "tự đánh dấu" }),
    ] {
        assert_eq!(
            app.error_code(&world.liaison("SCT"), UPDATE, json!({ "input": input }))
                .await,
            "BAD_USER_INPUT",
            "{input}"
        );
    }
    assert_eq!(
        world.task(&app, id).await["version"],
        1,
        "refused reports change nothing"
    );
    let missing = app
        .error_code(
            &world.liaison("SCT"),
            UPDATE,
            json!({ "input": { "taskId": "VGFzazo5OTk5", "progress": 5 } }),
        )
        .await;
    assert_eq!(missing, "NOT_FOUND");
    let node = app
        .ok(
            &world.viewer,
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": "VGFzazo5OTk5" }),
        )
        .await;
    assert_eq!(node["node"], serde_json::Value::Null);
}

async fn a_stale_version_is_a_conflict_that_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world.simple_task(&app, "Phiên bản", "SCT", Some(5)).await;
    let id = task["id"].as_str().unwrap_or_default();
    let first = app
        .ok(
            &world.liaison("SCT"),
            UPDATE,
            json!({ "input": { "taskId": id, "expectedVersion": 1, "progress": 10 } }),
        )
        .await;
    assert_eq!(first["updateTask"]["version"], 2);
    let stale = app
        .gql(
            &world.liaison("SCT"),
            UPDATE,
            json!({ "input": { "taskId": id, "expectedVersion": 1, "progress": 50 } }),
        )
        .await;
    assert_eq!(stale["errors"][0]["extensions"]["code"], "CONFLICT");
    assert!(stale["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("Someone else"));
    let after = world.task(&app, id).await;
    assert_eq!(
        (after["progress"].as_i64(), after["version"].as_i64()),
        (Some(10), Some(2))
    );
}

async fn database_failures_are_internal_and_say_nothing_of_sql(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    // The journal table disappears under the running server, on either backend.
    let url = app.database.url.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            use sea_orm::{ConnectionTrait, Database};
            let db = Database::connect(url).await.expect("connect");
            // The attachments refer to the journal: they go first.
            for table in ["attachments", "task_updates"] {
                db.execute_unprepared(&format!("DROP TABLE {table}"))
                    .await
                    .expect("drop");
            }
        });
    })
    .join()
    .expect("dropped");
    let answer = app
        .gql(&world.secretary, "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }",
            json!({ "input": { "meetingId": world.meeting, "title": "Sẽ thất bại", "leadId": world.department("SCT") } }))
        .await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "INTERNAL");
    let text = answer.to_string().to_lowercase();
    for leak in [
        "task_updates",
        "insert",
        "sqlite",
        "postgres",
        "relation",
        "table",
    ] {
        assert!(!text.contains(leak), "the error leaks {leak}: {answer}");
    }
    let count = app
        .ok(&world.viewer, "{ tasks { totalCount } }", json!({}))
        .await;
    assert_eq!(
        count["tasks"]["totalCount"], 0,
        "the failed assignment was rolled back"
    );
}

on_both_backends!(
    without_a_valid_token_everything_but_introspection_is_unauthenticated,
    a_revoked_person_is_locked_out_at_once,
    only_administrators_manage_the_directory,
    only_the_chair_and_secretary_record_meetings_and_assign,
    liaisons_change_what_their_department_leads_and_note_what_it_co_owns,
    bad_input_is_refused_with_nothing_written,
    a_stale_version_is_a_conflict_that_changes_nothing,
    database_failures_are_internal_and_say_nothing_of_sql,
);
