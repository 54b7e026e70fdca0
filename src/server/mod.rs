//! The HTTP server: routes, request limits, and graceful shutdown.

mod graphql;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use base64::Engine as _;
use poem::http::{header, HeaderValue, StatusCode};
use poem::listener::TcpAcceptor;
use poem::web::{Data, Html};
use poem::{get, handler, Endpoint, EndpointExt, IntoResponse, Request, Response, Route};
use sha2::{Digest as _, Sha256};
use tokio::sync::Notify;

use crate::api::{build_schema, DondocSchema, Limits};
use crate::config::Settings;
use crate::mail::Mailer;
use crate::store::documents::DocumentFolder;
use crate::store::sessions::LinkLimit;
use crate::store::Store;
use crate::web::guard::ClientLimiter;
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
        clock: Clock,
    ) -> Arc<AppState> {
        let web = Arc::new(WebState {
            store: store.clone(),
            mailer,
            public_url: settings.public_url.clone(),
            sign_in_link_lifetime: chrono::Duration::minutes(i64::from(
                settings.sign_in_link_minutes,
            )),
            session_lifetime: chrono::Duration::hours(i64::from(settings.session_hours)),
            max_form_bytes: settings.max_form_bytes,
            documents: DocumentFolder::for_setting(&settings.documents_dir, &settings.database_url),
            max_document_bytes: settings.document_max_bytes,
            invitation_lifetime: chrono::Duration::hours(i64::from(settings.mail_link_hours)),
            link_limit: LinkLimit {
                links: settings.sign_in_links_per_address,
                window: chrono::Duration::minutes(i64::from(settings.sign_in_limit_minutes)),
            },
            sign_in_clients: ClientLimiter::new(
                settings.sign_in_requests_per_client,
                Duration::from_secs(u64::from(settings.sign_in_limit_minutes) * 60),
            ),
            trust_forwarded_for: settings.trust_forwarded_for,
            clock,
        });
        let schema = build_schema(
            store.clone(),
            Limits {
                max_depth: settings.max_query_depth,
            },
            outbox_bell,
            web.public_url.clone(),
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

const QUERY_PAGE: &str = include_str!("query_page.html");

/// The example operations of `graphql/examples/`, built into the program for the query page.
macro_rules! examples {
    ($($name:literal),+ $(,)?) => {
        [$(($name, include_str!(concat!("../../graphql/examples/", $name)))),+]
    };
}
const EXAMPLES: [(&str, &str); 14] = examples!(
    "01-record-meeting.graphql",
    "02-assign-with-fan-out.graphql",
    "03-assign-with-co-owners.graphql",
    "04-report-progress.graphql",
    "05-submit.graphql",
    "06-review.graphql",
    "07-request-extension.graphql",
    "08-decide-extension.graphql",
    "09-chair-report.graphql",
    "10-my-department.graphql",
    "11-edit-directive.graphql",
    "12-change-owners.graphql",
    "13-transfer-preview.graphql",
    "14-transfer-department.graphql",
);

/// The query page with the examples in a JSON data block (a block of data, never run as a
/// script; `</` is escaped so no text in it can close the block).
fn query_page_html() -> &'static str {
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PAGE.get_or_init(|| {
        let data = serde_json::to_string(&EXAMPLES)
            .unwrap_or_else(|_| "[]".into())
            .replace("</", "<\\/");
        QUERY_PAGE.replace(
            "<!--EXAMPLES-->",
            &format!("<script type=\"application/json\" id=\"examples\">{data}</script>"),
        )
    })
}

/// What every page may load: nothing from elsewhere, no script (the pages have none), no
/// framing (so no form can be clicked through another site's page), forms posted here only.
const PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                           form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The query page's policy: the pages' own, plus its one script, named by its hash.
fn query_page_policy() -> String {
    let script = QUERY_PAGE
        .split_once("<script>")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(script, _)| script)
        .unwrap_or_default();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script));
    format!("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
}

/// The page people and integrators use to try queries (GET /graphql from a browser). It is our
/// own small page with no third-party scripts, so it works on a closed network.
fn query_page() -> Response {
    let mut response = Html(query_page_html()).into_response();
    if let Ok(policy) = HeaderValue::from_str(&query_page_policy()) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Headers every answer carries; a handler that set its own policy keeps it.
async fn with_security_headers<E: Endpoint>(next: E, request: Request) -> poem::Result<Response> {
    // An error (a refusal made into a response by an extractor, say) is an answer too.
    let mut response = match next.call(request).await {
        Ok(answer) => answer.into_response(),
        Err(error) => error.into_response(),
    };
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    Ok(response)
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
        .at("/graphql", get(graphql::get).post(graphql::post))
        .at("/healthz", get(healthz))
        .at("/metrics", get(metrics))
        .nest("/", web::routes(Arc::clone(&state.web)))
        .around(with_security_headers)
        .data(state);
    poem::Server::new_with_acceptor(TcpAcceptor::from_tokio(listener)?)
        .run_with_graceful_shutdown(app, shutdown, Some(grace))
        .await
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled: the server may answer before it polls the future, and a SIGTERM sent
/// in between would end the process at once instead of stopping it cleanly.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send {
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let received = |installed: std::io::Result<tokio::signal::unix::Signal>, name| async move {
                match installed {
                    Ok(mut signal) => {
                        signal.recv().await;
                    }
                    Err(error) => {
                        tracing::error!(%error, "cannot listen for {name}");
                        std::future::pending::<()>().await;
                    }
                }
            };
            tokio::select! {
                () = received(interrupt, "Ctrl-C") => {},
                () = received(terminate, "SIGTERM") => {},
            }
        }
        #[cfg(not(unix))]
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down: finishing the requests under way");
    }
}

#[cfg(test)]
mod query_page_tests {
    use super::*;

    #[test]
    fn the_query_page_offers_every_example_in_the_folder() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql/examples");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .expect("the examples folder")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".graphql"))
            .collect();
        files.sort();
        let offered: Vec<&str> = EXAMPLES.iter().map(|(name, _)| *name).collect();
        assert_eq!(offered, files, "add the new example to EXAMPLES");
        let page = query_page_html();
        assert!(page.contains("id=\"examples\""));
        assert!(!page.contains("<!--EXAMPLES-->"));
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "nothing in the examples closes their data block"
        );
    }
}
