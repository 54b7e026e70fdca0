//! The GraphQL API: thin resolvers that parse input into domain values, call the store, and
//! map every failure once to an error with `extensions.code`.

mod connections;
pub mod cost;
pub mod error;
pub mod ids;
mod loaders;
mod mutation;
mod query;
mod scalars;
mod types;

use async_graphql::dataloader::{DataLoader, HashMapCache};
use async_graphql::{Context, EmptySubscription, Schema};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use tokio::sync::Notify;

pub use error::{ApiError, ApiResult};
use loaders::StoreLoader;
use mutation::MutationRoot;
use query::QueryRoot;

use crate::domain::Actor;
use crate::store::directory::actor_of;
use crate::store::entities::user;
use crate::store::Store;

/// The schema type served at /graphql.
pub type DondocSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Limits that keep one request from costing too much; the cost budget itself travels with
/// each request (see [`cost::CostBudget`]).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
}

/// Rung after a request wrote reminders, so that they go out at once.
#[derive(Clone)]
pub struct OutboxBell(pub Arc<Notify>);

/// The address people reach the service at, for the links the API gives out.
#[derive(Clone)]
pub struct PublicUrl(pub String);

/// Builds the schema around a store.
pub fn build_schema(
    store: Store,
    limits: Limits,
    outbox_bell: Arc<Notify>,
    public_url: String,
) -> DondocSchema {
    Schema::build(QueryRoot, MutationRoot, EmptySubscription)
        .data(store)
        .data(OutboxBell(outbox_bell))
        .data(PublicUrl(public_url))
        .limit_depth(limits.max_depth)
        .extension(cost::CostLimit)
        .limit_recursive_depth(64)
        .limit_directives(20)
        .finish()
}

/// The schema's SDL, as committed in `graphql/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(QueryRoot, MutationRoot, EmptySubscription)
        .finish()
        .sdl()
}

/// What one request carries: who is asking, and the instant it is judged at.
pub struct RequestContext {
    pub actor: Option<Actor>,
    /// The signed-in person's record, as authentication read it (`me` needs no other read).
    pub user: Option<user::Model>,
    pub now: DateTime<Utc>,
    loader: DataLoader<StoreLoader, HashMapCache>,
}

impl RequestContext {
    /// The context of a request by `user` (`None`: nobody signed in, or a record that is no
    /// longer a valid person).
    pub fn new(store: Store, user: Option<user::Model>, now: DateTime<Utc>) -> Self {
        let user = user.filter(|u| actor_of(u).is_ok());
        RequestContext {
            actor: user.as_ref().and_then(|u| actor_of(u).ok()),
            user,
            now,
            loader: DataLoader::with_cache(
                StoreLoader(store),
                // Batches run in tasks of their own; they keep the request's span, so what
                // they log carries its incident reference.
                |batch| tokio::spawn(tracing::Instrument::in_current_span(batch)),
                HashMapCache::default(),
            ),
        }
    }
}

fn request_context<'a>(ctx: &Context<'a>) -> ApiResult<&'a RequestContext> {
    ctx.data::<RequestContext>().map_err(|_| {
        tracing::error!("a GraphQL request ran without its request context");
        ApiError::Internal
    })
}

/// The signed-in person, or UNAUTHENTICATED.
pub(crate) fn actor<'a>(ctx: &Context<'a>) -> ApiResult<&'a Actor> {
    request_context(ctx)?
        .actor
        .as_ref()
        .ok_or(ApiError::Unauthenticated)
}

/// The signed-in person's record.
pub(crate) fn signed_in_user<'a>(ctx: &Context<'a>) -> ApiResult<Option<&'a user::Model>> {
    Ok(request_context(ctx)?.user.as_ref())
}

pub(crate) fn store<'a>(ctx: &Context<'a>) -> ApiResult<&'a Store> {
    ctx.data::<Store>().map_err(|_| {
        tracing::error!("the GraphQL schema was built without a store");
        ApiError::Internal
    })
}

pub(crate) fn loader<'a>(
    ctx: &Context<'a>,
) -> ApiResult<&'a DataLoader<StoreLoader, HashMapCache>> {
    Ok(&request_context(ctx)?.loader)
}

/// The instant the request is judged at; timeliness uses this one instant throughout.
pub(crate) fn now(ctx: &Context<'_>) -> ApiResult<DateTime<Utc>> {
    Ok(request_context(ctx)?.now)
}
