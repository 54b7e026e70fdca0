//! Writers at the same time: compare-and-set picks one winner, and nobody sees "database is locked".

use futures::future::join_all;
use serde_json::json;

use crate::helpers::{days_from_today, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, UPDATE};

async fn of_four_writers_with_the_same_version_exactly_one_wins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    for round in 0..3 {
        let task = world
            .simple_task(&app, &format!("Cuộc đua {round}"), "SCT", Some(5))
            .await;
        let id = task["id"].as_str().unwrap_or_default().to_string();
        let writers = (0..4).map(|n| {
            let input = json!({ "input": { "taskId": id, "expectedVersion": 1, "progress": 10 + n, "note": format!("người {n}") } });
            let token = if n % 2 == 0 { world.liaison("SCT") } else { world.secretary.clone() };
            let app = &app;
            async move { app.gql(&token, UPDATE, input).await }
        });
        let answers = join_all(writers).await;
        let winners: Vec<_> = answers
            .iter()
            .filter(|a| a.get("errors").is_none())
            .collect();
        let conflicts = answers
            .iter()
            .filter(|a| a["errors"][0]["extensions"]["code"] == "CONFLICT")
            .count();
        assert_eq!(
            (winners.len(), conflicts),
            (1, 3),
            "round {round}: {answers:#?}"
        );
        let stored = world.task(&app, &id).await;
        assert_eq!(stored["version"], 2);
        assert_eq!(
            stored["progress"],
            winners[0]["data"]["updateTask"]["progress"]
        );
    }
}

async fn thirty_two_concurrent_writers_all_succeed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Nhiều người cùng ghi", "SCT", Some(days_ahead()))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let writers = (0..32).map(|n| {
        let app = &app;
        let world = &world;
        let id = id.clone();
        async move {
            if n % 2 == 0 {
                app.gql(&world.liaison("SCT"), UPDATE, json!({ "input": { "taskId": id, "note": format!("ghi chú {n}") } })).await
            } else {
                world
                    .assign(app, json!({ "title": format!("Nhiệm vụ song song {n}"), "leadId": world.department("SKHCN"),
                        "deadline": days_from_today(9), "splitAcross": [world.department("UBND-DH"), world.department("UBND-HH")] }))
                    .await
            }
        }
    });
    let answers = join_all(writers).await;
    for answer in &answers {
        assert!(
            answer.get("errors").is_none(),
            "a concurrent write failed: {answer:#}"
        );
    }
    let stored = world.task(&app, &id).await;
    assert_eq!(stored["version"], 17, "sixteen notes, each counted once");
    let count = app
        .ok(
            &world.viewer,
            "{ tasks(filter: { search: \"song song\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        count["tasks"]["totalCount"], 48,
        "sixteen directives of three tasks each"
    );
}

fn days_ahead() -> i64 {
    12
}

on_both_backends!(
    of_four_writers_with_the_same_version_exactly_one_wins,
    thirty_two_concurrent_writers_all_succeed,
);
