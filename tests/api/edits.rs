//! The life of a directive after the meeting: edits of its wording and deadline, changes of
//! its owners, and reorganisations that move a body's open work to its successor.

use serde_json::{json, Value};

use crate::helpers::{days_from_today, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, REQUEST_EXTENSION, TASK_FIELDS, UPDATE};

fn edit_mutation() -> String {
    format!("mutation($input: EditTaskInput!) {{ editTask(input: $input) {{ {TASK_FIELDS} description }} }}")
}

fn owners_mutation() -> String {
    format!(
        "mutation($input: ChangeOwnersInput!) {{ changeOwners(input: $input) {{ {TASK_FIELDS} }} }}"
    )
}

const TRANSFER: &str = "mutation($input: TransferDepartmentInput!) { transferDepartment(input: $input) { moved from { code active successor { code } } to { code active } } }";

const PREVIEW: &str = "query($from: ID!, $to: ID!) { departmentTransferPreview(fromId: $from, toId: $to) { leads coOwns tasks { title } liaisons { email } from { code } to { code } } }";

/// A task's journal, newest first, with everything an edit or a move records.
async fn journal(app: &TestApp, world: &World, id: &str) -> Vec<Value> {
    let data = app
        .ok(
            &world.viewer,
            "query($id: ID!) { node(id: $id) { ... on Task { updates { edges { node {
                note author { email } statusFrom statusTo deadlineFrom deadlineTo titleFrom titleTo
                descriptionChanged descriptionFrom descriptionTo
                leadFrom { code } leadTo { code } coOwnersFrom { code } coOwnersTo { code } } } } } } }",
            json!({ "id": id }),
        )
        .await;
    data["node"]["updates"]["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default()
}

/// The kinds and recipients of the notices waiting in the outbox about one task's title.
async fn notices_about(app: &TestApp, world: &World, title: &str) -> Vec<(String, String)> {
    let data = app
        .ok(
            &world.chair,
            "{ reminders(state: PENDING, first: 100) { edges { node { kind recipient task { title } } } } }",
            json!({}),
        )
        .await;
    let mut found: Vec<(String, String)> = data["reminders"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| &e["node"])
        .filter(|n| n["task"]["title"] == title)
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or_default().to_string(),
                n["recipient"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

async fn the_secretary_edits_a_directive_and_the_journal_keeps_before_and_after(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Kiện toàn Ban Chỉ đạo", "SCT", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let edit = edit_mutation();

    for (who, token) in [
        ("the lead's liaison", world.liaison("SCT")),
        ("a viewer", world.viewer.clone()),
        ("another committee's chair", world.other_chair.clone()),
    ] {
        let code = app
            .error_code(
                &token,
                &edit,
                json!({ "input": { "taskId": id, "title": "Tự sửa" } }),
            )
            .await;
        assert_eq!(code, "FORBIDDEN", "{who}");
    }
    let without_reason = app
        .error_code(
            &world.secretary,
            &edit,
            json!({ "input": { "taskId": id, "deadline": days_from_today(20) } }),
        )
        .await;
    assert_eq!(
        without_reason, "BAD_USER_INPUT",
        "a deadline moves for a reason"
    );
    let before_meeting = app
        .error_code(
            &world.secretary,
            &edit,
            json!({ "input": { "taskId": id, "deadline": days_from_today(-40), "reason": "Nhầm" } }),
        )
        .await;
    assert_eq!(before_meeting, "BAD_USER_INPUT");
    let stale = app
        .error_code(
            &world.secretary,
            &edit,
            json!({ "input": { "taskId": id, "expectedVersion": 0, "title": "Cũ" } }),
        )
        .await;
    assert_eq!(stale, "CONFLICT");
    assert_eq!(
        journal(&app, &world, &id).await.len(),
        1,
        "refusals wrote nothing"
    );

    let edited = app
        .ok(
            &world.secretary,
            &edit,
            json!({ "input": { "taskId": id, "expectedVersion": 1,
                    "title": "Kiện toàn Ban Chỉ đạo Phát triển kinh tế tập thể",
                    "description": "Theo Quyết định 1804/QĐ-TTg",
                    "deadline": days_from_today(20), "reason": "Chờ ý kiến của Bộ" } }),
        )
        .await;
    let edited = &edited["editTask"];
    assert_eq!(
        edited["title"],
        "Kiện toàn Ban Chỉ đạo Phát triển kinh tế tập thể"
    );
    assert_eq!(edited["description"], "Theo Quyết định 1804/QĐ-TTg");
    assert_eq!(edited["deadline"], days_from_today(20));
    assert_eq!(edited["version"], 2);
    let entries = journal(&app, &world, &id).await;
    let entry = &entries[0];
    assert_eq!(entry["note"], "Chờ ý kiến của Bộ");
    assert_eq!(entry["author"]["email"], "secretary@test.example");
    assert_eq!(entry["titleFrom"], "Kiện toàn Ban Chỉ đạo");
    assert_eq!(
        entry["titleTo"],
        "Kiện toàn Ban Chỉ đạo Phát triển kinh tế tập thể"
    );
    assert_eq!(entry["descriptionChanged"], true);
    assert_eq!(entry["descriptionFrom"], Value::Null);
    assert_eq!(entry["descriptionTo"], "Theo Quyết định 1804/QĐ-TTg");
    assert_eq!(entry["deadlineFrom"], days_from_today(10));
    assert_eq!(entry["deadlineTo"], days_from_today(20));
    assert_eq!(entry["statusTo"], Value::Null, "the status did not change");
    assert!(
        notices_about(
            &app,
            &world,
            "Kiện toàn Ban Chỉ đạo Phát triển kinh tế tập thể"
        )
        .await
        .contains(&(
            "DEADLINE_CHANGED".to_string(),
            "liaison.sct@test.example".to_string()
        )),
        "the lead is told the deadline moved"
    );

    let search = app
        .ok(
            &world.viewer,
            "{ tasks(filter: { search: \"kinh te tap the\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        search["tasks"]["totalCount"], 1,
        "search finds the new wording"
    );

    let again = app
        .ok(
            &world.chair,
            &edit,
            json!({ "input": { "taskId": id, "title": "Kiện toàn Ban Chỉ đạo Phát triển kinh tế tập thể", "deadline": days_from_today(20) } }),
        )
        .await;
    assert_eq!(
        again["editTask"]["version"], 2,
        "the same values again change nothing"
    );
    let ongoing = app
        .ok(
            &world.chair,
            &edit,
            json!({ "input": { "taskId": id, "deadline": null, "description": null, "reason": "Nhiệm vụ thường xuyên" } }),
        )
        .await;
    assert_eq!(ongoing["editTask"]["deadline"], Value::Null);
    assert_eq!(ongoing["editTask"]["description"], Value::Null);
    assert_eq!(ongoing["editTask"]["timeliness"], "NO_DEADLINE");
    let entry = &journal(&app, &world, &id).await[0];
    assert_eq!(entry["descriptionChanged"], true);
    assert_eq!(entry["descriptionFrom"], "Theo Quyết định 1804/QĐ-TTg");
    assert_eq!(entry["deadlineFrom"], days_from_today(20));
    assert_eq!(entry["deadlineTo"], Value::Null);

    app.ok(
        &world.chair,
        "mutation($input: CancelTaskInput!) { cancelTask(input: $input) { id } }",
        json!({ "input": { "taskId": id, "reason": "Không còn phù hợp" } }),
    )
    .await;
    let finished = app
        .error_code(
            &world.chair,
            &edit,
            json!({ "input": { "taskId": id, "deadline": days_from_today(30), "reason": "Gia hạn" } }),
        )
        .await;
    assert_eq!(
        finished, "CONFLICT",
        "a cancelled task's deadline stays as it was"
    );
    let wording = app
        .ok(
            &world.chair,
            &edit,
            json!({ "input": { "taskId": id, "title": "Kiện toàn Ban Chỉ đạo (đã hủy)" } }),
        )
        .await;
    assert_eq!(
        wording["editTask"]["title"],
        "Kiện toàn Ban Chỉ đạo (đã hủy)"
    );
    assert_eq!(
        journal(&app, &world, &id).await[0]["note"],
        "Sửa nội dung nhiệm vụ.",
        "without a reason the journal says what happened, in the committee's language"
    );
}

async fn a_split_directives_edit_reaches_its_open_subtasks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let parent = world
        .assign(
            &app,
            json!({ "title": "Rà soát hợp tác xã", "leadId": world.department("SNNPTNT"), "deadline": days_from_today(5),
                    "splitAcross": [world.department("UBND-DH"), world.department("UBND-HH")] }),
        )
        .await;
    let id = parent["id"].as_str().unwrap_or_default().to_string();
    let sub = |code: &str| {
        parent["subtasks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["lead"]["code"] == code)
            .map(|s| s["id"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    app.ok(
        &world.liaison("UBND-DH"),
        UPDATE,
        json!({ "input": { "taskId": sub("UBND-DH"), "status": "SUBMITTED", "note": "Xong" } }),
    )
    .await;
    app.ok(
        &world.chair,
        "mutation($input: ReviewTaskInput!) { reviewTask(input: $input) { id } }",
        json!({ "input": { "taskId": sub("UBND-DH"), "accept": true, "note": "Đạt" } }),
    )
    .await;
    let edited = app
        .ok(
            &world.secretary,
            &edit_mutation(),
            json!({ "input": { "taskId": id, "title": "Rà soát, đánh giá hợp tác xã", "deadline": days_from_today(15), "reason": "Mở rộng phạm vi" } }),
        )
        .await;
    let subtasks = &edited["editTask"]["subtasks"];
    let by_lead = |code: &str| {
        subtasks
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["lead"]["code"] == code)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(edited["editTask"]["deadline"], days_from_today(15));
    let open = world.task(&app, &sub("UBND-HH")).await;
    assert_eq!(open["title"], "Rà soát, đánh giá hợp tác xã");
    assert_eq!(
        open["deadline"],
        days_from_today(15),
        "open subtasks follow"
    );
    let done = world.task(&app, &sub("UBND-DH")).await;
    assert_eq!(done["title"], "Rà soát, đánh giá hợp tác xã");
    assert_eq!(
        done["deadline"],
        days_from_today(5),
        "a finished subtask keeps the deadline it was judged against"
    );
    assert_eq!(by_lead("UBND-DH")["timeliness"], "DONE_ON_TIME");
    assert_eq!(
        journal(&app, &world, &sub("UBND-HH")).await[0]["deadlineTo"],
        days_from_today(15)
    );
}

async fn changing_owners_moves_the_task_and_tells_both_leads(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let title = "Xây dựng đề án phát triển HTX";
    let task = world
        .assign(
            &app,
            json!({ "title": title, "leadId": world.department("SCT"), "coOwnerIds": [world.department("LMHTX")], "deadline": days_from_today(10) }),
        )
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let request = app
        .ok(
            &world.liaison("SCT"),
            REQUEST_EXTENSION,
            json!({ "input": { "taskId": id, "requestedDeadline": days_from_today(30), "reason": "Chờ số liệu" } }),
        )
        .await;
    let owners = owners_mutation();
    let forbidden = app
        .error_code(
            &world.liaison("SCT"),
            &owners,
            json!({ "input": { "taskId": id, "leadId": world.department("SKHCN"), "reason": "Tự chuyển" } }),
        )
        .await;
    assert_eq!(forbidden, "FORBIDDEN");
    let before = notices_about(&app, &world, title).await;

    let moved = app
        .ok(
            &world.secretary,
            &owners,
            json!({ "input": { "taskId": id, "expectedVersion": task["version"], "leadId": world.department("SKHCN"),
                    "coOwnerIds": [world.department("SCT"), world.department("SNNPTNT")], "reason": "Theo chức năng, nhiệm vụ" } }),
        )
        .await;
    let moved = &moved["changeOwners"];
    assert_eq!(moved["lead"]["code"], "SKHCN");
    let mut co_owners: Vec<&str> = moved["coOwners"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    co_owners.sort_unstable();
    assert_eq!(co_owners, ["SCT", "SNNPTNT"]);
    let entry = &journal(&app, &world, &id).await[0];
    assert_eq!(entry["note"], "Theo chức năng, nhiệm vụ");
    assert_eq!(entry["leadFrom"]["code"], "SCT");
    assert_eq!(entry["leadTo"]["code"], "SKHCN");
    assert_eq!(entry["coOwnersFrom"], json!([{ "code": "LMHTX" }]));
    let mut to: Vec<&str> = entry["coOwnersTo"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    to.sort_unstable();
    assert_eq!(to, ["SCT", "SNNPTNT"]);

    let after = notices_about(&app, &world, title).await;
    let new: Vec<&(String, String)> = after.iter().filter(|n| !before.contains(n)).collect();
    assert!(
        new.contains(&&(
            "ASSIGNED".to_string(),
            "liaison.skhcn@test.example".to_string()
        )),
        "the new lead's liaison is told: {new:?}"
    );
    assert!(
        new.contains(&&(
            "HANDED_OVER".to_string(),
            "liaison.sct@test.example".to_string()
        )),
        "the former lead's liaison is told: {new:?}"
    );

    let report = app
        .ok(
            &world.liaison("SKHCN"),
            UPDATE,
            json!({ "input": { "taskId": id, "progress": 30, "note": "Đã nhận bàn giao" } }),
        )
        .await;
    assert_eq!(report["updateTask"]["progress"], 30, "the new lead reports");
    let former = app
        .error_code(
            &world.liaison("SCT"),
            UPDATE,
            json!({ "input": { "taskId": id, "progress": 50 } }),
        )
        .await;
    assert_eq!(
        former, "FORBIDDEN",
        "the former lead is now a co-owner: notes only"
    );
    let extension = app
        .ok(
            &world.viewer,
            "query($id: ID!) { node(id: $id) { ... on ExtensionRequest { decision task { lead { code } } } } }",
            json!({ "id": request["requestExtension"]["id"] }),
        )
        .await;
    assert_eq!(
        extension["node"]["task"]["lead"]["code"], "SKHCN",
        "the open extension request follows the task"
    );
    assert_eq!(extension["node"]["decision"], "PENDING");

    let count = journal(&app, &world, &id).await.len();
    let same = app
        .ok(
            &world.secretary,
            &owners,
            json!({ "input": { "taskId": id, "leadId": world.department("SKHCN"), "reason": "Lần nữa" } }),
        )
        .await;
    assert_eq!(same["changeOwners"]["lead"]["code"], "SKHCN");
    assert_eq!(
        journal(&app, &world, &id).await.len(),
        count,
        "the same owners again: nothing journaled"
    );
    let unknown = app
        .error_code(
            &world.secretary,
            &owners,
            json!({ "input": { "taskId": id, "leadId": "RGVwYXJ0bWVudDo5OTk=", "reason": "Sai" } }),
        )
        .await;
    assert!(
        unknown == "NOT_FOUND" || unknown == "BAD_USER_INPUT",
        "an unknown department: {unknown}"
    );
}

async fn a_reorganisation_moves_a_districts_open_work_to_its_successor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let successor = app
        .ok(
            &world.admin,
            "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }",
            json!({ "input": { "code": "UBND-XVT", "name": "UBND xã Vũ Thư" } }),
        )
        .await["createDepartment"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let led = world
        .simple_task(&app, "Hỗ trợ HTX nông nghiệp", "UBND-VT", Some(10))
        .await;
    let co_owned = world
        .assign(
            &app,
            json!({ "title": "Phát triển vùng nguyên liệu", "leadId": world.department("SNNPTNT"),
                    "coOwnerIds": [world.department("UBND-VT"), world.department("UBND-HH")], "deadline": days_from_today(10) }),
        )
        .await;
    let finished = world
        .submitted_task(&app, "Báo cáo sơ kết", "UBND-VT", 5)
        .await;
    app.ok(
        &world.chair,
        "mutation($input: ReviewTaskInput!) { reviewTask(input: $input) { id } }",
        json!({ "input": { "taskId": finished, "accept": true, "note": "Đạt" } }),
    )
    .await;
    app.ok(
        &world.liaison("UBND-VT"),
        UPDATE,
        json!({ "input": { "taskId": led["id"], "progress": 40, "note": "Đang triển khai" } }),
    )
    .await;
    let vt = world.department("UBND-VT");

    let preview = app
        .ok(
            &world.admin,
            PREVIEW,
            json!({ "from": vt, "to": successor }),
        )
        .await;
    let preview = &preview["departmentTransferPreview"];
    assert_eq!(preview["leads"], 1);
    assert_eq!(preview["coOwns"], 1);
    assert_eq!(
        preview["tasks"],
        json!([{ "title": "Hỗ trợ HTX nông nghiệp" }, { "title": "Phát triển vùng nguyên liệu" }])
    );
    assert_eq!(
        preview["liaisons"],
        json!([{ "email": "liaison.ubnd-vt@test.example" }])
    );
    let same = app
        .error_code(&world.admin, PREVIEW, json!({ "from": vt, "to": vt }))
        .await;
    assert_eq!(same, "BAD_USER_INPUT");
    let not_admin = app
        .error_code(
            &world.chair,
            TRANSFER,
            json!({ "input": { "fromId": vt, "toId": successor, "note": "Sáp nhập" } }),
        )
        .await;
    assert_eq!(not_admin, "FORBIDDEN");

    let reform = "Sắp xếp đơn vị hành chính từ 01/7/2025";
    let done = app
        .ok(
            &world.admin,
            TRANSFER,
            json!({ "input": { "fromId": vt, "toId": successor, "note": reform } }),
        )
        .await;
    assert_eq!(
        done["transferDepartment"],
        json!({ "moved": 2, "from": { "code": "UBND-VT", "active": false, "successor": { "code": "UBND-XVT" } },
                "to": { "code": "UBND-XVT", "active": true } })
    );
    let led_id = led["id"].as_str().unwrap_or_default();
    let moved = world.task(&app, led_id).await;
    assert_eq!(moved["lead"]["code"], "UBND-XVT");
    assert_eq!(moved["progress"], 40, "progress goes with the task");
    let entries = journal(&app, &world, led_id).await;
    assert_eq!(
        entries[0]["note"],
        format!("Chuyển từ UBND huyện Vũ Thư sang UBND xã Vũ Thư: {reform}")
    );
    assert_eq!(entries[0]["leadFrom"]["code"], "UBND-VT");
    assert_eq!(
        entries[1]["note"], "Đang triển khai",
        "the history stays, under the old name"
    );
    let co_owned = world
        .task(&app, co_owned["id"].as_str().unwrap_or_default())
        .await;
    let mut codes: Vec<&str> = co_owned["coOwners"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, ["UBND-HH", "UBND-XVT"]);
    assert_eq!(
        world.task(&app, &finished).await["lead"]["code"],
        "UBND-VT",
        "finished work stays with the body that did it"
    );
    let theirs = app
        .ok(
            &world.admin,
            "query($id: ID!) { node(id: $id) { ... on Department { tasks(filter: { status: [NOT_STARTED, IN_PROGRESS] }) { totalCount } } } }",
            json!({ "id": successor }),
        )
        .await;
    assert_eq!(theirs["node"]["tasks"]["totalCount"], 2);

    let assign = app
        .gql(
            &world.secretary,
            "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }",
            json!({ "input": { "meetingId": world.meeting, "title": "Việc mới", "leadId": vt } }),
        )
        .await;
    assert_eq!(assign["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let message = assign["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("UBND xã Vũ Thư"),
        "the refusal names the successor: {message}"
    );
    let onto_inactive = app
        .error_code(
            &world.admin,
            TRANSFER,
            json!({ "input": { "fromId": world.department("UBND-HH"), "toId": vt, "note": "Sai" } }),
        )
        .await;
    assert_eq!(onto_inactive, "BAD_USER_INPUT");
}

async fn administrators_rename_and_deactivate_departments(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let update = "mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { code name email active } }";
    let active = "mutation($id: ID!, $active: Boolean!) { setDepartmentActive(id: $id, active: $active) { active deactivatedAt successor { code } } }";
    let sct = world.department("SCT");
    let renamed = app
        .ok(
            &world.admin,
            update,
            json!({ "input": { "id": sct, "name": "Sở Công Thương tỉnh Hưng Yên", "email": null } }),
        )
        .await;
    assert_eq!(
        renamed["updateDepartment"],
        json!({ "code": "SCT", "name": "Sở Công Thương tỉnh Hưng Yên", "email": null, "active": true })
    );
    let taken = app
        .error_code(
            &world.admin,
            update,
            json!({ "input": { "id": sct, "code": "SKHCN" } }),
        )
        .await;
    assert_eq!(taken, "CONFLICT");
    for token in [world.chair.clone(), world.liaison("SCT")] {
        assert_eq!(
            app.error_code(
                &token,
                update,
                json!({ "input": { "id": sct, "name": "X" } })
            )
            .await,
            "FORBIDDEN"
        );
        assert_eq!(
            app.error_code(&token, active, json!({ "id": sct, "active": false }))
                .await,
            "FORBIDDEN"
        );
    }
    let task = world
        .simple_task(&app, "Việc đang làm", "SCT", Some(5))
        .await;
    let off = app
        .ok(&world.admin, active, json!({ "id": sct, "active": false }))
        .await;
    assert_eq!(off["setDepartmentActive"]["active"], false);
    assert!(off["setDepartmentActive"]["deactivatedAt"].is_string());
    assert_eq!(
        world
            .task(&app, task["id"].as_str().unwrap_or_default())
            .await["lead"]["code"],
        "SCT",
        "existing tasks stay"
    );
    let assign = app
        .error_code(
            &world.secretary,
            "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }",
            json!({ "input": { "meetingId": world.meeting, "title": "Việc mới", "leadId": sct } }),
        )
        .await;
    assert_eq!(assign, "BAD_USER_INPUT", "no new tasks");
    let other = world
        .simple_task(&app, "Việc của Sở KH&CN", "SKHCN", Some(5))
        .await;
    let joining = app
        .error_code(
            &world.secretary,
            &owners_mutation(),
            json!({ "input": { "taskId": other["id"], "coOwnerIds": [sct], "reason": "Phối hợp" } }),
        )
        .await;
    assert_eq!(joining, "BAD_USER_INPUT", "nor new co-ownerships");
    let leaving = app
        .ok(
            &world.secretary,
            &owners_mutation(),
            json!({ "input": { "taskId": task["id"], "leadId": world.department("SKHCN"), "reason": "Chuyển" } }),
        )
        .await;
    assert_eq!(
        leaving["changeOwners"]["lead"]["code"], "SKHCN",
        "its work can still move away"
    );
    let on = app
        .ok(&world.admin, active, json!({ "id": sct, "active": true }))
        .await;
    assert_eq!(on["setDepartmentActive"]["active"], true);
    world
        .simple_task(&app, "Việc mới sau khi mở lại", "SCT", Some(5))
        .await;
}

on_both_backends!(
    the_secretary_edits_a_directive_and_the_journal_keeps_before_and_after,
    a_split_directives_edit_reaches_its_open_subtasks,
    changing_owners_moves_the_task_and_tells_both_leads,
    a_reorganisation_moves_a_districts_open_work_to_its_successor,
    administrators_rename_and_deactivate_departments,
);
