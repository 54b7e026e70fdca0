//! The committed schema matches the code, and every example operation runs as documented.

use std::path::Path;

use serde_json::{json, Value};

use crate::helpers::{days_from_today, Backend, TestApp};
use crate::on_both_backends;
use crate::world::World;

fn repository_file(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn the_committed_schema_is_the_one_the_code_serves() {
    let output = crate::helpers::dondoc()
        .arg("schema")
        .output()
        .expect("dondoc schema runs");
    assert!(output.status.success());
    let generated = String::from_utf8_lossy(&output.stdout);
    assert!(
        generated == repository_file("graphql/schema.graphql"),
        "graphql/schema.graphql is out of date: run `cargo run -- schema > graphql/schema.graphql` and commit it"
    );
}

fn example(name: &str) -> String {
    repository_file(&format!("graphql/examples/{name}"))
}

/// Runs an example over POST; a query runs over GET too and must answer the same.
async fn run(app: &TestApp, token: &str, name: &str, variables: Value) -> Value {
    let document = example(name);
    let answer = app.gql(token, &document, variables.clone()).await;
    assert!(answer.get("errors").is_none(), "{name} failed: {answer:#}");
    let reads_only = !document
        .lines()
        .map(str::trim)
        .any(|line| line.starts_with("mutation"));
    if reads_only {
        let (status, _, over_get) = app.gql_get(token, &document, variables).await;
        assert_eq!(status, 200, "{name} over GET: {over_get:#}");
        assert_eq!(over_get["data"], answer["data"], "{name} over GET");
    }
    answer["data"].clone()
}

async fn every_example_operation_runs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let listed: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql/examples"))
            .expect("the examples folder")
            .filter_map(|entry| {
                entry
                    .ok()
                    .map(|e| e.file_name().to_string_lossy().to_string())
            })
            .collect();
    assert_eq!(
        listed.len(),
        14,
        "a new example needs a step here: {listed:?}"
    );

    let meeting = run(
        &app,
        &world.secretary,
        "01-record-meeting.graphql",
        json!({ "committeeId": world.committee, "heldOn": days_from_today(-10) }),
    )
    .await;
    let meeting_id = meeting["createMeeting"]["id"].clone();
    let districts = json!([
        world.department("UBND-DH"),
        world.department("UBND-HH"),
        world.department("UBND-VT")
    ]);
    let fanned = run(&app, &world.secretary, "02-assign-with-fan-out.graphql",
        json!({ "meetingId": meeting_id, "leadId": world.department("LMHTX"), "districtIds": districts, "deadline": days_from_today(5) })).await;
    assert_eq!(
        fanned["assignTask"]["subtasks"].as_array().map(Vec::len),
        Some(3)
    );
    let dong_hung = fanned["assignTask"]["subtasks"][0]["id"].clone();
    let co_owned = run(&app, &world.secretary, "03-assign-with-co-owners.graphql",
        json!({ "meetingId": meeting_id, "leadId": world.department("SKHCN"), "coOwnerIds": [world.department("SCT")], "deadline": days_from_today(40) })).await;
    let reported = run(&app, &world.liaison("UBND-DH"), "04-report-progress.graphql",
        json!({ "taskId": dong_hung, "expectedVersion": 1, "progress": 60, "note": "Đã dự thảo quyết định" })).await;
    assert_eq!(reported["updateTask"]["status"], "IN_PROGRESS");
    run(
        &app,
        &world.liaison("UBND-DH"),
        "05-submit.graphql",
        json!({ "taskId": dong_hung, "note": "Đã ban hành" }),
    )
    .await;
    let reviewed = run(
        &app,
        &world.chair,
        "06-review.graphql",
        json!({ "taskId": dong_hung, "accept": true, "note": "Đồng ý" }),
    )
    .await;
    assert_eq!(reviewed["reviewTask"]["parent"]["progress"], 33);
    let hung_ha = fanned["assignTask"]["subtasks"][1]["id"].clone();
    let request = run(&app, &world.liaison("UBND-HH"), "07-request-extension.graphql",
        json!({ "taskId": hung_ha, "requestedDeadline": days_from_today(30), "reason": "Chờ Đại hội" })).await;
    let decided = run(&app, &world.chair, "08-decide-extension.graphql",
        json!({ "requestId": request["requestExtension"]["id"], "approve": true, "note": "Đồng ý" })).await;
    assert_eq!(
        decided["decideExtension"]["task"]["deadline"],
        days_from_today(30)
    );
    let report = run(
        &app,
        &world.chair,
        "09-chair-report.graphql",
        json!({ "committeeId": world.committee }),
    )
    .await;
    assert_eq!(report["progressReport"]["total"], 4);
    let mine = run(
        &app,
        &world.liaison("UBND-VT"),
        "10-my-department.graphql",
        json!({ "search": "kien toan" }),
    )
    .await;
    assert_eq!(mine["me"]["department"]["tasks"]["totalCount"], 1);

    let co_owned_id = co_owned["assignTask"]["id"].clone();
    let edited = run(
        &app,
        &world.secretary,
        "11-edit-directive.graphql",
        json!({ "taskId": co_owned_id, "deadline": days_from_today(45), "reason": "Chờ ý kiến của Bộ Tài chính" }),
    )
    .await;
    assert_eq!(
        edited["editTask"]["updates"]["edges"][0]["node"]["deadlineTo"],
        days_from_today(45)
    );
    let moved = run(
        &app,
        &world.chair,
        "12-change-owners.graphql",
        json!({ "taskId": co_owned_id, "leadId": world.department("SCT"), "coOwnerIds": [world.department("SKHCN")], "reason": "Theo chức năng, nhiệm vụ" }),
    )
    .await;
    assert_eq!(moved["changeOwners"]["lead"]["code"], "SCT");
    let successor = app
        .ok(
            &world.admin,
            "mutation { createDepartment(input: { code: \"UBND-XVT\", name: \"UBND xã Vũ Thư\" }) { id } }",
            json!({}),
        )
        .await["createDepartment"]["id"]
        .clone();
    let transfer = json!({ "fromId": world.department("UBND-VT"), "toId": successor });
    let preview = run(
        &app,
        &world.admin,
        "13-transfer-preview.graphql",
        transfer.clone(),
    )
    .await;
    assert_eq!(preview["departmentTransferPreview"]["leads"], 1);
    let mut with_note = transfer;
    with_note["note"] = json!("Sắp xếp đơn vị hành chính từ 01/7/2025");
    let done = run(
        &app,
        &world.admin,
        "14-transfer-department.graphql",
        with_note,
    )
    .await;
    assert_eq!(done["transferDepartment"]["moved"], 1);
}

on_both_backends!(every_example_operation_runs);
