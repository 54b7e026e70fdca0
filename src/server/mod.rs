//! The HTTP server: routes, request limits, and graceful shutdown.

mod graphql;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use poem::http::StatusCode;
use poem::listener::TcpAcceptor;
use poem::web::{Data, Html};
use poem::{get, handler, EndpointExt, IntoResponse, Response, Route};
use tokio::sync::Notify;

use crate::api::{build_schema, DondocSchema, Limits};
use crate::config::Settings;
use crate::mail::Mailer;
use crate::store::Store;
use crate::web::{self, WebState};

/// What every request handler shares.
pub struct AppState {
    pub store: Store,
    pub web: Arc<WebState>,
    pub schema: DondocSchema,
    pub max_body_bytes: usize,
    pub max_batch_size: usize,
    /// How many records one request may read, over all its operations.
    pub max_query_cost: usize,
}

impl AppState {
    /// `outbox_bell` wakes the reminder dispatcher when a request writes something to send.
    pub fn new(
        store: Store,
        settings: &Settings,
        outbox_bell: Arc<Notify>,
        mailer: Option<Mailer>,
    ) -> Arc<AppState> {
        let web = Arc::new(WebState {
            store: store.clone(),
            mailer,
            public_url: settings.public_url.clone(),
            sign_in_link_lifetime: chrono::Duration::minutes(30),
            session_lifetime: chrono::Duration::hours(i64::from(settings.session_hours)),
        });
        let schema = build_schema(
            store.clone(),
            Limits {
                max_depth: settings.max_query_depth,
            },
            outbox_bell,
        );
        Arc::new(AppState {
            store,
            web,
            schema,
            max_body_bytes: settings.max_body_bytes,
            max_batch_size: settings.max_batch_size,
            max_query_cost: settings.max_query_cost,
        })
    }
}

/// The page people and integrators use to try queries. It is our own small page with no
/// third-party scripts, so it works on a closed network.
#[handler]
fn query_page() -> Html<&'static str> {
    Html(include_str!("query_page.html"))
}

/// Answers 200 while the database answers.
#[handler]
async fn healthz(Data(state): Data<&Arc<AppState>>) -> Response {
    match state.store.ping().await {
        Ok(()) => "ok".into_response(),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Prometheus-style counters.
#[handler]
fn metrics(Data(state): Data<&Arc<AppState>>) -> String {
    format!(
        "# HELP dondoc_sql_statements_total SQL statements executed since the server started.\n\
         # TYPE dondoc_sql_statements_total counter\n\
         dondoc_sql_statements_total {}\n",
        state.store.statements_executed()
    )
}

/// Serves until `shutdown` resolves, then lets running requests finish within `grace`.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    state: Arc<AppState>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send,
    grace: Duration,
) -> std::io::Result<()> {
    let app = Route::new()
        .at("/graphql", get(query_page).post(graphql::graphql))
        .at("/healthz", get(healthz))
        .at("/metrics", get(metrics))
        .nest("/", web::routes(Arc::clone(&state.web)))
        .data(state);
    poem::Server::new_with_acceptor(TcpAcceptor::from_tokio(listener)?)
        .run_with_graceful_shutdown(app, shutdown, Some(grace))
        .await
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests under way");
}
