//! Pages for people: sign-in by e-mail link, a department's tasks, a task with its forms, and the
//! chair's dashboard. Server-rendered HTML with no outside assets, so a closed network works.
//! Every action goes through the same store calls and domain rules as the API.

mod admin;
mod auth;
mod calendar;
mod dashboard;
mod documents;
mod drafting;
pub mod exports;
pub mod guard;
mod imports;
mod labels;
mod layout;
mod meetings;
pub mod scorecards;
mod tasks;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem::http::{header, StatusCode};
use poem::middleware::CookieJarManager;
use poem::web::cookie::{Cookie, CookieJar, SameSite};
use poem::{get, post, EndpointExt, IntoResponse, Request, Response, Route};

use crate::clock::Clock;
use crate::domain::Actor;
use crate::mail::Mailer;
use crate::store::directory::actor_of;
use crate::store::documents::DocumentFolder;
use crate::store::sessions::{LinkLimit, SignedIn};
use crate::store::Store;
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The cookie that carries a session.
pub const SESSION_COOKIE: &str = "dondoc_session";
const LANGUAGE_COOKIE: &str = "dondoc_lang";

/// What the pages share.
pub struct WebState {
    pub store: Store,
    pub mailer: Option<Mailer>,
    pub public_url: String,
    /// How long a link asked for on the sign-in page works.
    pub sign_in_link_lifetime: chrono::Duration,
    pub session_lifetime: chrono::Duration,
    /// The largest form accepted, in bytes.
    pub max_form_bytes: usize,
    /// Where attached files are kept.
    pub documents: DocumentFolder,
    /// The largest file a report may carry, in bytes.
    pub max_document_bytes: usize,
    /// How long the sign-in link of an invitation works.
    pub invitation_lifetime: chrono::Duration,
    /// How many links one person may ask for on the sign-in page, and within how long.
    pub link_limit: LinkLimit,
    /// Sign-in requests per client address.
    pub sign_in_clients: guard::ClientLimiter,
    /// Whether `X-Forwarded-For` names the client (behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
    pub clock: Clock,
}

impl WebState {
    pub(crate) fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The pages' routes.
pub fn routes(state: Arc<WebState>) -> impl poem::Endpoint {
    Route::new()
        .at("/", get(auth::home))
        .at("/sign-in", get(auth::sign_in_form).post(auth::sign_in))
        .at("/login/:token", get(auth::login_page).post(auth::login))
        .at("/sign-out", post(auth::sign_out))
        .at("/lang/:code", get(auth::language))
        .at("/my", get(tasks::my_tasks))
        .at("/tasks/:id", get(tasks::task_view))
        .at("/tasks/:id/report", post(tasks::submit_report))
        .at("/tasks/:id/extension", post(tasks::request_extension))
        .at("/tasks/:id/review", post(tasks::review))
        .at("/tasks/:id/edit", post(tasks::edit))
        .at("/tasks/:id/owners", post(tasks::change_owners))
        .at("/tasks/:id/cancel", post(tasks::cancel))
        .at("/tasks/:id/reopen", post(tasks::reopen))
        .at("/tasks/:id/documents", post(documents::attach))
        .at("/documents/:id", get(documents::download))
        .at("/export/:file", get(exports::tasks_export))
        .at("/calendar", post(calendar::renew))
        .at("/calendar/revoke", post(calendar::revoke))
        .at("/calendar/:token", get(calendar::calendar_feed))
        .at("/extensions/:id/decide", post(tasks::decide))
        .at("/dashboard", get(dashboard::dashboard))
        .at("/reports/scorecard", get(scorecards::printable))
        .at(
            "/meetings",
            get(meetings::meeting_list).post(meetings::record_meeting),
        )
        .at("/meetings/:id", get(meetings::meeting_view))
        .at("/meetings/:id/tasks", post(meetings::assign_directive))
        .at("/meetings/:id/import", post(imports::upload))
        .at("/meetings/:id/draft", post(drafting::drafts_page))
        .at("/meetings/:id/drafts", post(drafting::assign_drafts))
        .at("/meetings/:id/import/confirm", post(imports::confirm))
        .at("/import/template.csv", get(imports::template))
        .at(
            "/admin/departments",
            get(admin::departments::department_list).post(admin::departments::create_department),
        )
        .at(
            "/admin/departments/:id",
            get(admin::departments::department_view).post(admin::departments::update_department),
        )
        .at(
            "/admin/departments/:id/active",
            post(admin::departments::set_active),
        )
        .at(
            "/admin/departments/:id/transfer",
            get(admin::departments::transfer_preview).post(admin::departments::transfer),
        )
        .at(
            "/admin/people",
            get(admin::people::people_list).post(admin::people::create_person),
        )
        .at(
            "/admin/people/:id",
            get(admin::people::person_view).post(admin::people::update_person),
        )
        .at(
            "/admin/people/:id/committees",
            post(admin::people::set_committees),
        )
        .at("/admin/people/:id/active", post(admin::people::set_active))
        .at(
            "/admin/committees",
            get(admin::committees::committee_list).post(admin::committees::create_committee),
        )
        .at(
            "/admin/committees/:id",
            get(admin::committees::committee_view).post(admin::committees::update_committee),
        )
        .at(
            "/admin/committees/:id/members",
            post(admin::committees::set_members),
        )
        .around({
            let state = Arc::clone(&state);
            move |next, request| guard::guard_posts(next, request, Arc::clone(&state))
        })
        .with(CookieJarManager::new())
        .data(state)
}

/// The language of the pages: Vietnamese unless the person chose English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Vi,
    En,
}

impl Lang {
    fn of(jar: &CookieJar) -> Lang {
        match jar.get(LANGUAGE_COOKIE).map(|c| c.value_str().to_string()) {
            Some(code) if code == "en" => Lang::En,
            _ => Lang::Vi,
        }
    }
}

/// The person behind the request's session cookie.
#[derive(Clone)]
pub(crate) struct Visitor {
    pub signed_in: SignedIn,
    pub actor: Actor,
}

pub(crate) async fn visitor(
    state: &WebState,
    jar: &CookieJar,
    now: DateTime<Utc>,
) -> Option<Visitor> {
    let token = jar.get(SESSION_COOKIE)?.value_str().to_string();
    let signed_in = match state.store.session(&token, now).await {
        Ok(found) => found?,
        Err(error) => {
            tracing::error!(%error, "cannot read a session");
            return None;
        }
    };
    let actor = actor_of(&signed_in.user).ok()?;
    Some(Visitor { signed_in, actor })
}

pub(crate) fn session_cookie(state: &WebState, token: &str) -> Cookie {
    let mut cookie = Cookie::new_with_str(SESSION_COOKIE, token);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(state.secure_cookies());
    cookie.set_path("/");
    cookie.set_max_age(std::time::Duration::from_secs(
        u64::try_from(state.session_lifetime.num_seconds()).unwrap_or(0),
    ));
    cookie
}

pub(crate) fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .finish()
}

/// A whole page: the header with the menu for someone signed in, the title, and `body`.
pub(crate) fn page(lang: Lang, title: &str, visitor: Option<&Visitor>, body: Markup) -> Response {
    let text = lang.text();
    let (other_language, other_code) = match lang {
        Lang::Vi => ("English", "en"),
        Lang::En => ("Tiếng Việt", "vi"),
    };
    let markup = html! {
        (DOCTYPE)
        html lang=(text.language_code) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · dondoc" }
                style { (PreEscaped(include_str!("style.css"))) }
            }
            body {
                header {
                    strong { "Đôn đốc" }
                    @if let Some(v) = visitor {
                        nav {
                            a href="/my" { (text.tasks_menu) } " "
                            a href="/meetings" { (text.meetings_menu) } " "
                            a href="/dashboard" { (text.dashboard_menu) } " "
                            @if v.actor.may_manage_directory().is_ok() {
                                a href="/admin/departments" { (text.administration) } " "
                            }
                            span.who { (v.signed_in.user.name) }
                            form.inline method="post" action="/sign-out" {
                                input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                                button { (text.sign_out) }
                            }
                        }
                    }
                    span.lang { a href={ "/lang/" (other_code) } { (other_language) } }
                }
                main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    };
    poem::web::Html(markup.into_string()).into_response()
}

pub(crate) fn refusal(lang: Lang, status: StatusCode, message: &str) -> Response {
    let body = html! {
        p.error { (message) }
        p { a href="/" { (lang.text().home) } }
    };
    let mut response = page(lang, lang.text().not_possible, None, body);
    response.set_status(status);
    response
}

pub(crate) fn lang_of(request: &Request) -> Lang {
    Lang::of(request.cookie())
}
