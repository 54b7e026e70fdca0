//! GraphQL over HTTP as its specification says: the `application/graphql-response+json` media
//! type and its status codes, queries over GET, and parameters checked before anything runs.
//! CI also runs the reference audit of the graphql-http package (.ci/api-checks).

use serde_json::{json, Value};

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// Posts a raw body with the given content type and Accept header.
async fn post(
    app: &TestApp,
    content_type: Option<&str>,
    accept: &str,
    body: String,
) -> (u16, String, Value) {
    let mut request = reqwest::Client::new()
        .post(app.url("/graphql"))
        .bearer_auth(&app.admin_token)
        .header("accept", accept)
        .body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, media, response.json().await.unwrap_or(Value::Null))
}

async fn the_specifications_media_type_has_its_status_codes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let json = Some("application/json");
    let query = |q: &str| json!({ "query": q }).to_string();
    for (what, body) in [
        ("a document that does not parse", query("{ me { name ")),
        ("a document that is not valid", query("{ me { salary } }")),
        (
            "a variable of the wrong type",
            json!({ "query": "query($n: Int) { tasks(first: $n) { totalCount } }", "variables": { "n": "many" } }).to_string(),
        ),
    ] {
        let (status, media, answer) = post(&app, json, GRAPHQL_RESPONSE, body.clone()).await;
        assert_eq!(status, 400, "{what}: {answer}");
        assert!(media.starts_with(GRAPHQL_RESPONSE), "{what}: {media}");
        assert!(answer.get("data").is_none(), "{what}: no data entry: {answer}");
        assert_eq!(answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
        let (status, media, answer) = post(&app, json, "application/json", body).await;
        assert_eq!((status, media.as_str()), (200, "application/json"), "{what}: as before for JSON clients");
        assert!(answer.get("errors").is_some());
    }
    let (status, _, answer) = post(
        &app,
        json,
        GRAPHQL_RESPONSE,
        query("{ me { name } tasks { totalCount } nothing: node(id: \"eA\") { id } }"),
    )
    .await;
    assert_eq!(
        status, 200,
        "a request that ran answers 200, errors and all: {answer}"
    );
    assert_eq!(answer["data"]["me"]["name"], "Quản trị");
}

async fn parameters_are_checked_before_anything_runs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let json = Some("application/json");
    for (what, body) in [
        ("no query", json!({}).to_string()),
        (
            "a query that is a number",
            json!({ "query": 1 }).to_string(),
        ),
        (
            "variables that are a string",
            json!({ "query": "{ me { name } }", "variables": "x" }).to_string(),
        ),
        (
            "an operation name that is a list",
            json!({ "query": "{ me { name } }", "operationName": [] }).to_string(),
        ),
        ("a body that is not JSON", "query=me".to_string()),
    ] {
        let (status, _, answer) = post(&app, json, "application/json", body).await;
        assert_eq!(status, 400, "{what}: {answer}");
        assert_eq!(
            answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{what}"
        );
    }
    let (status, _, _) = post(
        &app,
        None,
        "application/json",
        json!({ "query": "{ me { name } }" }).to_string(),
    )
    .await;
    assert_eq!(status, 415, "no content type");
    let (status, _, _) = post(
        &app,
        Some("text/plain"),
        "application/json",
        "{ me { name } }".into(),
    )
    .await;
    assert_eq!(status, 415, "not JSON");
}

async fn queries_run_over_get_and_mutations_do_not(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, headers, answer) = app
        .gql_get(
            &app.admin_token,
            "query($first: Int) { me { name } departments(first: $first) { totalCount } }",
            json!({ "first": 5 }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["me"]["name"], "Quản trị");
    assert_eq!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );
    let (status, headers, answer) = app
        .gql_get(
            &app.admin_token,
            "mutation { createDepartment(input: { code: \"GET\", name: \"Qua GET\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(status, 405, "{answer}");
    assert_eq!(
        headers.get("allow").and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let listed = app
        .ok(
            &app.admin_token,
            "{ departments { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["departments"]["totalCount"], 0,
        "nothing was created"
    );

    let page = reqwest::Client::new()
        .get(app.url("/graphql"))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("the query page");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap_or_default().contains("<textarea"));
    let no_query = reqwest::Client::new()
        .get(app.url("/graphql"))
        .header("accept", "application/json")
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        no_query.status(),
        400,
        "a GraphQL client that sends no query"
    );
}

on_both_backends!(
    the_specifications_media_type_has_its_status_codes,
    parameters_are_checked_before_anything_runs,
    queries_run_over_get_and_mutations_do_not,
);
