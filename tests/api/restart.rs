//! The server can die at any moment and lose nothing; asked politely, it stops cleanly.

use serde_json::json;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, UPDATE};

async fn a_kill_9_restart_keeps_every_committed_change(backend: Backend) {
    let mut app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Trước khi mất điện", "SCT", Some(5))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    app.ok(
        &world.liaison("SCT"),
        UPDATE,
        json!({ "input": { "taskId": id, "progress": 70, "note": "Đã lưu" } }),
    )
    .await;
    app.kill_and_restart();
    let after = world.task(&app, &id).await;
    assert_eq!(
        (
            after["progress"].as_i64(),
            after["status"].as_str(),
            after["version"].as_i64()
        ),
        (Some(70), Some("IN_PROGRESS"), Some(2))
    );
    let journal = app
        .ok(
            &world.viewer,
            "query($id: ID!) { node(id: $id) { ... on Task { updates { totalCount } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(journal["node"]["updates"]["totalCount"], 2);
    assert!(
        app.gql(&world.liaison("SCT"), "{ me { name } }", json!({}))
            .await
            .get("errors")
            .is_none(),
        "tokens survive"
    );
}

async fn sigterm_stops_the_server_cleanly(backend: Backend) {
    let mut app = TestApp::spawn(backend).await;
    assert!(app
        .gql(&app.admin_token, "{ me { name } }", json!({}))
        .await
        .get("errors")
        .is_none());
    let status = app.terminate();
    assert!(
        status.success(),
        "the server exits with success on SIGTERM: {status}"
    );
}

on_both_backends!(
    a_kill_9_restart_keeps_every_committed_change,
    sigterm_stops_the_server_cleanly
);
