//! /graphql as GraphQL over HTTP says: POST, and GET for queries; the answer in
//! `application/graphql-response+json` when the client asks for it (a request that cannot run
//! is then a 400 with no `data`) and in `application/json` otherwise (always 200, as older
//! clients expect); parameters checked before anything runs; the body limit, the batch cap,
//! authentication, the cost budget, and the final say on error codes.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{
    BatchRequest, BatchResponse, ErrorExtensionValues, Response as GqlResponse, ServerError,
};
use poem::error::ReadBodyError;
use poem::http::{header, HeaderValue, StatusCode};
use poem::web::Data;
use poem::{handler, Body, IntoResponse, Request, Response};
use serde_json::Value;
use tracing::Instrument as _;

use super::{query_page, AppState};
use crate::api::cost::{Admitted, CostBudget};
use crate::api::RequestContext;
use crate::incident::new_reference;
use crate::store::entities::user;

/// The media type of the GraphQL over HTTP specification.
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// What the answer is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    GraphqlResponse,
    Json,
}

impl MediaType {
    /// Of the two, the one the client's Accept header names first; JSON when it names neither.
    fn of(request: &Request) -> MediaType {
        let accept = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match (
            accept.find(GRAPHQL_RESPONSE),
            accept.find("application/json"),
        ) {
            (Some(ours), Some(json)) if json < ours => MediaType::Json,
            (Some(_), _) => MediaType::GraphqlResponse,
            _ => MediaType::Json,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json",
        }
    }
}

fn error_body(media: MediaType, status: StatusCode, message: &str, code: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": code } }]
    });
    Response::builder()
        .status(status)
        .content_type(media.content_type())
        .body(body.to_string())
}

fn bad_request(media: MediaType, message: &str) -> Response {
    error_body(media, StatusCode::BAD_REQUEST, message, "BAD_USER_INPUT")
}

/// The token's owner; `None` for a missing, unknown or revoked token.
async fn authenticate(
    state: &AppState,
    request: &Request,
    media: MediaType,
) -> Result<Option<user::Model>, Response> {
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let Some(token) = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
    else {
        return Ok(None);
    };
    match state.store.authenticate(token).await {
        Ok(user) => Ok(user),
        Err(error) => {
            tracing::error!(%error, "cannot check an API token");
            Err(error_body(
                media,
                StatusCode::SERVICE_UNAVAILABLE,
                "The service cannot reach its database right now. Please try again shortly.",
                "INTERNAL",
            ))
        }
    }
}

/// Errors raised before any resolver ran (syntax, validation, depth and cost limits, malformed
/// scalars) are the client's: they carry BAD_USER_INPUT like the rest. Internal errors carry
/// the request's incident reference, which is in the log lines of that request.
fn with_codes(mut response: GqlResponse, incident: &str) -> GqlResponse {
    for error in &mut response.errors {
        add_code(error, incident);
    }
    response
}

fn add_code(error: &mut ServerError, incident: &str) {
    let extensions = error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    if extensions.get("code").is_none() {
        extensions.set("code", "BAD_USER_INPUT");
    }
    if extensions.get("code") == Some(&async_graphql::Value::from("INTERNAL")) {
        extensions.set("incident", incident);
        error.message = format!(
            "{} Reference for the administrator: {incident}.",
            error.message
        );
    }
}

/// One operation's parameters, checked before anything runs: `query` a string, `operationName`
/// a string, `variables` and `extensions` JSON objects; absent or null is fine for all but
/// `query`.
fn operation(value: Value) -> Result<async_graphql::Request, String> {
    let Value::Object(mut parameters) = value else {
        return Err(
            "A GraphQL request is a JSON object such as {\"query\": \"{ me { name } }\"}.".into(),
        );
    };
    parameters.retain(|_, value| !value.is_null());
    match parameters.get("query") {
        Some(Value::String(_)) => {}
        None => {
            return Err(
                "The request has no \"query\": send the GraphQL document as a string in \"query\"."
                    .into(),
            )
        }
        Some(_) => return Err("\"query\" must be a string.".into()),
    }
    if parameters
        .get("operationName")
        .is_some_and(|name| !name.is_string())
    {
        return Err("\"operationName\" must be a string.".into());
    }
    for key in ["variables", "extensions"] {
        if parameters.get(key).is_some_and(|value| !value.is_object()) {
            return Err(format!("\"{key}\" must be a JSON object."));
        }
    }
    serde_json::from_value(Value::Object(parameters))
        .map_err(|_| "The request could not be read as a GraphQL request.".to_string())
}

/// Whether the operation the request would run is a mutation (refused over GET). A document
/// that does not parse is left to the execution, which says why.
fn is_mutation(operation: &async_graphql::Request) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&operation.query) else {
        return false;
    };
    let kind = match (&document.operations, operation.operation_name.as_deref()) {
        (DocumentOperations::Single(single), _) => Some(single.node.ty),
        (DocumentOperations::Multiple(named), Some(name)) => {
            named.get(name).map(|chosen| chosen.node.ty)
        }
        (DocumentOperations::Multiple(named), None) if named.len() == 1 => {
            named.values().next().map(|only| only.node.ty)
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    kind == Some(OperationType::Mutation)
}

/// POST /graphql: one operation or a batch, as JSON.
#[handler]
pub async fn post(request: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    let media = MediaType::of(request);
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return error_body(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the request as JSON, with the header Content-Type: application/json.",
            "BAD_USER_INPUT",
        );
    }
    let bytes = match body.into_bytes_limit(state.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(ReadBodyError::PayloadTooLarge) => {
            return error_body(
                media,
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("The request is larger than {} bytes.", state.max_body_bytes),
                "BAD_USER_INPUT",
            )
        }
        Err(_) => return bad_request(media, "The request body could not be read."),
    };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return bad_request(
            media,
            "The request is not a GraphQL request: send JSON like {\"query\": \"{ me { name } }\"}.",
        );
    };
    let batch = match value {
        Value::Array(operations) => {
            if operations.len() > state.max_batch_size {
                return bad_request(
                    media,
                    &format!(
                        "A batch may hold at most {} operations; this one has {}.",
                        state.max_batch_size,
                        operations.len()
                    ),
                );
            }
            match operations.into_iter().map(operation).collect() {
                Ok(operations) => BatchRequest::Batch(operations),
                Err(message) => return bad_request(media, &message),
            }
        }
        single => match operation(single) {
            Ok(single) => BatchRequest::Single(single),
            Err(message) => return bad_request(media, &message),
        },
    };
    answer(state, request, media, batch).await
}

/// GET /graphql: a query from the URL's parameters (never a mutation); the query page for a
/// browser that asks for no query.
#[handler]
pub async fn get(request: &Request, Data(state): Data<&Arc<AppState>>) -> Response {
    let media = MediaType::of(request);
    let parameters: HashMap<String, String> =
        serde_urlencoded::from_str(request.uri().query().unwrap_or_default()).unwrap_or_default();
    if !parameters.contains_key("query") {
        let browser = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|accept| accept.contains("text/html") || accept.contains("*/*"));
        if browser {
            return query_page();
        }
    }
    let mut object = serde_json::Map::new();
    for (key, value) in parameters {
        let value = match key.as_str() {
            "variables" | "extensions" => match serde_json::from_str::<Value>(&value) {
                Ok(parsed) => parsed,
                Err(_) => {
                    return bad_request(media, &format!("\"{key}\" must be URL-encoded JSON."))
                }
            },
            _ => Value::String(value),
        };
        object.insert(key, value);
    }
    let single = match operation(Value::Object(object)) {
        Ok(single) => single,
        Err(message) => return bad_request(media, &message),
    };
    if is_mutation(&single) {
        let mut refused = error_body(
            media,
            StatusCode::METHOD_NOT_ALLOWED,
            "Changes are sent with POST; GET only reads.",
            "BAD_USER_INPUT",
        );
        refused
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return refused;
    }
    let mut response = answer(state, request, media, BatchRequest::Single(single)).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// Authenticates, runs the operations under one cost budget and one incident reference, and
/// writes the answer in the negotiated media type.
async fn answer(
    state: &AppState,
    request: &Request,
    media: MediaType,
    batch: BatchRequest,
) -> Response {
    let user = match authenticate(state, request, media).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    // One budget for the whole HTTP request: a batch's operations share it.
    let budget = CostBudget::new(state.max_query_cost);
    let incident = new_reference();
    let span = tracing::error_span!("graphql", incident = %incident);
    let run = |single: async_graphql::Request, user: Option<user::Model>, admitted: Admitted| {
        let operation = single
            .data(RequestContext::new(
                state.store.clone(),
                user,
                state.web.clock.now(),
            ))
            .data(Arc::clone(&budget))
            .data(admitted);
        state.schema.execute(operation).instrument(span.clone())
    };
    let (response, refused) = match batch {
        BatchRequest::Single(single) => {
            let admitted = Admitted::default();
            let response = with_codes(run(single, user, admitted.clone()).await, &incident);
            (BatchResponse::Single(response), !admitted.was_admitted())
        }
        BatchRequest::Batch(operations) => {
            let mut responses = Vec::with_capacity(operations.len());
            for single in operations {
                responses.push(with_codes(
                    run(single, user.clone(), Admitted::default()).await,
                    &incident,
                ));
            }
            (BatchResponse::Batch(responses), false)
        }
    };
    // A request that could not run at all (it did not parse, was not valid, asked too much):
    // in the specification's media type that is a 400 without `data`.
    let request_error = refused && media == MediaType::GraphqlResponse;
    let mut json = match serde_json::to_value(&response) {
        Ok(json) => json,
        Err(error) => {
            tracing::error!(%error, "cannot serialise a GraphQL response");
            return error_body(
                media,
                StatusCode::INTERNAL_SERVER_ERROR,
                "The answer could not be encoded.",
                "INTERNAL",
            );
        }
    };
    if request_error {
        if let Some(object) = json.as_object_mut() {
            object.remove("data");
        }
    }
    Response::builder()
        .status(if request_error {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        })
        .content_type(media.content_type())
        .body(json.to_string())
        .into_response()
}
