//! Requests that cost too much or are not GraphQL are refused before they do harm.

use serde_json::json;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

async fn deep_and_wide_queries_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = app.admin_token.clone();
    let mut deep = String::from("id");
    for _ in 0..40 {
        deep = format!("parent {{ {deep} }}");
    }
    let deep_query = format!("{{ tasks {{ edges {{ node {{ {deep} }} }} }} }}");
    assert_eq!(
        app.error_code(&token, &deep_query, json!({})).await,
        "BAD_USER_INPUT"
    );
    let aliases: String = (0..1000)
        .map(|n| format!("a{n}: tasks(first: 100) {{ edges {{ node {{ title }} }} }} "))
        .collect();
    assert_eq!(
        app.error_code(&token, &format!("{{ {aliases} }}"), json!({}))
            .await,
        "BAD_USER_INPUT"
    );
    let broken = app.gql(&token, "{ me { name ", json!({})).await;
    assert_eq!(broken["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let unknown = app.gql(&token, "{ me { salary } }", json!({})).await;
    assert_eq!(unknown["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

async fn batches_are_capped(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let one = json!({ "query": "{ me { name } }" });
    let small = app
        .post_raw(
            serde_json::to_vec(&vec![one.clone(); 2]).unwrap_or_default(),
            &app.admin_token,
        )
        .await;
    assert_eq!(small.status(), 200);
    let answers: serde_json::Value = small.json().await.unwrap_or_default();
    assert_eq!(answers.as_array().map(Vec::len), Some(2));
    assert_eq!(answers[1]["data"]["me"]["name"], "Quản trị");
    let big = app
        .post_raw(
            serde_json::to_vec(&vec![one; 11]).unwrap_or_default(),
            &app.admin_token,
        )
        .await;
    assert_eq!(big.status(), 400);
    let refusal: serde_json::Value = big.json().await.unwrap_or_default();
    assert_eq!(refusal["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

async fn oversized_and_malformed_bodies_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let padding = " ".repeat(1024 * 1024 + 1);
    let body = format!("{{\"query\": \"{{ me {{ name }} }}\"{padding}}}");
    let response = app.post_raw(body.into_bytes(), &app.admin_token).await;
    assert_eq!(response.status(), 413);
    let garbage = app.post_raw(b"not json".to_vec(), &app.admin_token).await;
    assert_eq!(garbage.status(), 400);
    let answer: serde_json::Value = garbage.json().await.unwrap_or_default();
    assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

async fn the_query_page_and_health_check_answer_without_the_internet(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = reqwest::Client::new();
    let page = client.get(app.url("/graphql")).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains("<textarea id=\"query\""));
    for external in ["http://", "https://", "//cdn", "unpkg", "jsdelivr"] {
        assert!(
            !html.contains(external),
            "the query page loads something from outside: {external}"
        );
    }
    let health = client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
}

on_both_backends!(
    deep_and_wide_queries_are_refused,
    batches_are_capped,
    oversized_and_malformed_bodies_are_refused,
    the_query_page_and_health_check_answer_without_the_internet,
);
