//! POST /graphql: body limit, batch cap, authentication, and the final say on error codes.

use std::sync::Arc;

use async_graphql::{
    BatchRequest, BatchResponse, ErrorExtensionValues, Response as GqlResponse, ServerError,
};
use chrono::Utc;
use poem::error::ReadBodyError;
use poem::http::{header, StatusCode};
use poem::web::Data;
use poem::{handler, Body, IntoResponse, Request, Response};

use super::AppState;
use tracing::Instrument as _;

use crate::api::cost::CostBudget;
use crate::api::RequestContext;
use crate::domain::Actor;
use crate::incident::new_reference;
use crate::store::directory::actor_of;

fn error_body(status: StatusCode, message: &str, code: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": code } }]
    });
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(body.to_string())
}

/// The token's owner; `None` for a missing, unknown or revoked token.
async fn authenticate(state: &AppState, request: &Request) -> Result<Option<Actor>, Response> {
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
        Ok(Some(user)) => Ok(actor_of(&user).ok()),
        Ok(None) => Ok(None),
        Err(error) => {
            tracing::error!(%error, "cannot check an API token");
            Err(error_body(
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

#[handler]
pub async fn graphql(request: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    let bytes = match body.into_bytes_limit(state.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(ReadBodyError::PayloadTooLarge) => {
            return error_body(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("The request is larger than {} bytes.", state.max_body_bytes),
                "BAD_USER_INPUT",
            )
        }
        Err(_) => {
            return error_body(
                StatusCode::BAD_REQUEST,
                "The request body could not be read.",
                "BAD_USER_INPUT",
            )
        }
    };
    let batch: BatchRequest = match serde_json::from_slice(&bytes) {
        Ok(batch) => batch,
        Err(_) => {
            return error_body(
                StatusCode::BAD_REQUEST,
                "The request is not a GraphQL request: send JSON like {\"query\": \"{ me { name } }\"}.",
                "BAD_USER_INPUT",
            )
        }
    };
    if let BatchRequest::Batch(requests) = &batch {
        if requests.len() > state.max_batch_size {
            return error_body(
                StatusCode::BAD_REQUEST,
                &format!(
                    "A batch may hold at most {} operations; this one has {}.",
                    state.max_batch_size,
                    requests.len()
                ),
                "BAD_USER_INPUT",
            );
        }
    }
    let actor = match authenticate(state, request).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    // One budget for the whole HTTP request: a batch's operations share it.
    let budget = CostBudget::new(state.max_query_cost);
    let incident = new_reference();
    let span = tracing::error_span!("graphql", incident = %incident);
    let prepare = |single: async_graphql::Request, actor: Option<Actor>| {
        single
            .data(RequestContext::new(state.store.clone(), actor, Utc::now()))
            .data(Arc::clone(&budget))
    };
    let response = match batch {
        BatchRequest::Single(single) => BatchResponse::Single(with_codes(
            state
                .schema
                .execute(prepare(single, actor))
                .instrument(span)
                .await,
            &incident,
        )),
        BatchRequest::Batch(requests) => {
            let mut responses = Vec::with_capacity(requests.len());
            for single in requests {
                responses.push(with_codes(
                    state
                        .schema
                        .execute(prepare(single, actor.clone()))
                        .instrument(span.clone())
                        .await,
                    &incident,
                ));
            }
            BatchResponse::Batch(responses)
        }
    };
    match serde_json::to_string(&response) {
        Ok(json) => Response::builder()
            .content_type("application/json")
            .body(json),
        Err(error) => {
            tracing::error!(%error, "cannot serialise a GraphQL response");
            error_body(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The answer could not be encoded.",
                "INTERNAL",
            )
        }
    }
    .into_response()
}
