//! The handlers behind each page and form.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use maud::{html, Markup};
use poem::http::StatusCode;
use poem::web::cookie::{Cookie, CookieJar};
use poem::web::{Data, Form, Path, Query};
use poem::{handler, FromRequest, Request, RequestBody, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::guard::{client_of, pre_session, pre_session_ok, safe_next, same_secret};
use super::{
    lang_of, page, redirect, refusal, session_cookie, visitor, Lang, Visitor, WebState,
    SESSION_COOKIE,
};
use crate::domain::permissions::TaskAccess;
use crate::domain::validate::{plausible_day, Email, Note, Progress, Reference, SearchText};
use crate::domain::{Role, RuleError, TaskStatus, Timeliness};
use crate::mail::OutgoingMail;
use crate::store::entities::task;
use crate::store::page::PageRequest;
use crate::store::report::ReportScope;
use crate::store::sessions::sign_in_url;
use crate::store::task_writes::TaskReport;
use crate::store::tasks::TaskQuery;
use crate::store::StoreError;

fn timeliness_label(lang: Lang, t: Timeliness) -> &'static str {
    match t {
        Timeliness::OnTrack => lang.text().on_track,
        Timeliness::DueSoon => lang.text().due_soon,
        Timeliness::Overdue => lang.text().overdue,
        Timeliness::DoneOnTime => lang.text().done_on_time,
        Timeliness::DoneLate => lang.text().done_late,
        Timeliness::NoDeadline => lang.text().no_deadline,
        Timeliness::Cancelled => lang.text().cancelled,
    }
}

/// A stored status in words; one the program does not write is shown as it is.
fn status_label(lang: Lang, status: &str) -> &str {
    match status.parse::<TaskStatus>() {
        Ok(TaskStatus::NotStarted) => lang.text().not_started,
        Ok(TaskStatus::InProgress) => lang.text().in_progress,
        Ok(TaskStatus::Submitted) => lang.text().waiting_for_review,
        Ok(TaskStatus::Done) => lang.text().done,
        Ok(TaskStatus::Cancelled) => lang.text().cancelled,
        Err(_) => status,
    }
}

fn day_text(day: Option<NaiveDate>, lang: Lang) -> String {
    day.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| lang.text().ongoing.to_string())
}

/// Today in each committee's time zone, read once for a whole page.
struct Days(HashMap<i32, NaiveDate>);

impl Days {
    async fn now(state: &WebState) -> Result<Days, StoreError> {
        Ok(Days(state.store.committee_days(state.clock.now()).await?))
    }

    /// A task's standing and its committee's day.
    fn standing(
        &self,
        state: &WebState,
        task: &task::Model,
    ) -> Result<(Timeliness, NaiveDate), StoreError> {
        let today = self
            .0
            .get(&task.committee_id)
            .copied()
            .unwrap_or_else(|| state.clock.now().date_naive());
        Ok((state.store.timeliness_on(task, today)?, today))
    }
}

fn badge(lang: Lang, t: Timeliness) -> Markup {
    html! { span class={ "badge " (t.as_str()) } { (timeliness_label(lang, t)) } }
}

fn failure(lang: Lang, error: StoreError) -> Response {
    match error {
        StoreError::Rule(RuleError::Forbidden(m)) => refusal(lang, StatusCode::FORBIDDEN, &m),
        StoreError::Rule(RuleError::Invalid(m) | RuleError::Conflict(m)) => {
            refusal(lang, StatusCode::BAD_REQUEST, &m)
        }
        StoreError::NotFound(m) => refusal(lang, StatusCode::NOT_FOUND, &m),
        StoreError::Database(cause) => {
            let incident = crate::incident::new_reference();
            tracing::error!(%incident, error = %cause, "database error on a page");
            refusal(
                lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("{} {incident}", lang.text().internal_error),
            )
        }
    }
}

fn sign_in_first(request: &Request) -> Response {
    let next = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    redirect(&format!("/sign-in?next={}", urlencode(&next)))
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A date from a form's date field (YYYY-MM-DD); `what` names the field in the refusal.
fn form_date(raw: &str, what: &str) -> Result<NaiveDate, RuleError> {
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| RuleError::Invalid(format!("{what} is not a date.")))?;
    plausible_day(day, what)
}

/// The signed-in person of a page, and the page's language; without a session, the way to the
/// sign-in page. Every page checks this once, through this extractor.
pub struct SignedIn {
    lang: Lang,
    visitor: Visitor,
}

impl<'a> FromRequest<'a> for SignedIn {
    async fn from_request(request: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let state = request.data::<Arc<WebState>>().ok_or_else(|| {
            tracing::error!("the pages were served without their state");
            poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
        })?;
        // A form's guard has already read the session (see `guard::guard_posts`).
        let found = match request.extensions().get::<Visitor>() {
            Some(found) => Some(found.clone()),
            None => visitor(state, request.cookie(), state.clock.now()).await,
        };
        match found {
            Some(visitor) => Ok(SignedIn {
                lang: lang_of(request),
                visitor,
            }),
            None => Err(poem::Error::from_response(sign_in_first(request))),
        }
    }
}

/// A form that carries its session's token.
pub trait WithCsrf {
    fn csrf(&self) -> &str;
}

/// Forms whose token is their `csrf` field.
macro_rules! csrf_field {
    ($($form:ty),*) => {
        $(impl WithCsrf for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })*
    };
}

csrf_field!(
    ReportForm,
    ExtensionForm,
    ReviewForm,
    DecideForm,
    MeetingForm
);

/// A form posted by the signed-in person, its session's token checked: every form checks this
/// once, through this extractor.
pub struct SignedInForm<T> {
    lang: Lang,
    visitor: Visitor,
    form: T,
}

impl<'a, T: DeserializeOwned + WithCsrf + Send> FromRequest<'a> for SignedInForm<T> {
    async fn from_request(request: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let SignedIn { lang, visitor } = SignedIn::from_request(request, body).await?;
        let Form(form) = Form::<T>::from_request(request, body).await?;
        if !csrf_ok(&visitor, form.csrf()) {
            return Err(poem::Error::from_response(csrf_refusal(lang)));
        }
        Ok(SignedInForm {
            lang,
            visitor,
            form,
        })
    }
}

/// After a form: back to `to` when it worked, a page saying why when it did not.
fn settle<T>(lang: Lang, outcome: Result<T, StoreError>, to: &str) -> Response {
    match outcome {
        Ok(_) => redirect(to),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn home(request: &Request, Data(state): Data<&Arc<WebState>>) -> Response {
    match visitor(state, request.cookie(), state.clock.now()).await {
        Some(v) if matches!(v.actor.role, Role::Chair | Role::Admin) => redirect("/dashboard"),
        Some(_) => redirect("/my"),
        None => redirect("/sign-in"),
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in form, carrying the browser's pre-session token.
fn sign_in_body(lang: Lang, next: &str, error: Option<&str>, pre_session: &str) -> Markup {
    html! {
        @if let Some(error) = error {
            p.error { (error) }
        }
        form.card method="post" action="/sign-in" {
            label for="email" { (lang.text().your_email) }
            input #email name="email" type="email" required autocomplete="email";
            input type="hidden" name="next" value=(next);
            input type="hidden" name="csrf" value=(pre_session);
            p { button { (lang.text().send_me_a_link) } }
        }
    }
}

#[handler]
pub async fn sign_in_form(
    request: &Request,
    Query(query): Query<NextQuery>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let lang = lang_of(request);
    let next = safe_next(query.next.as_deref());
    let token = pre_session(request.cookie(), state.secure_cookies());
    page(
        lang,
        lang.text().sign_in,
        None,
        sign_in_body(lang, &next, None, &token),
    )
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: String,
    next: Option<String>,
    #[serde(default)]
    csrf: String,
}

#[handler]
pub async fn sign_in(
    request: &Request,
    Data(state): Data<&Arc<WebState>>,
    Form(form): Form<SignInForm>,
) -> Response {
    let lang = lang_of(request);
    let next = safe_next(form.next.as_deref());
    if !pre_session_ok(request.cookie(), &form.csrf) {
        let token = pre_session(request.cookie(), state.secure_cookies());
        let mut response = page(
            lang,
            lang.text().sign_in,
            None,
            sign_in_body(lang, &next, Some(lang.text().stale_form_send_again), &token),
        );
        response.set_status(StatusCode::FORBIDDEN);
        return response;
    }
    let client = client_of(request, state.trust_forwarded_for);
    if !state
        .sign_in_clients
        .allow(&client, std::time::Instant::now())
    {
        return refusal(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            lang.text().too_many_requests,
        );
    }
    if let Ok(email) = Email::parse(&form.email) {
        // In the background, so that the answer takes as long whether or not the address is
        // known, and a slow mail server holds up nobody.
        let state = Arc::clone(state);
        tokio::spawn(async move {
            if let Err(error) = send_sign_in_link(&state, &email, &next).await {
                tracing::error!(%error, "a sign-in link could not be sent");
            }
        });
    }
    // The same answer whether or not the address is known, so the page reveals nobody.
    let minutes = state.sign_in_link_lifetime.num_minutes();
    let body = html! {
        p.ok { (lang.text().link_on_its_way.replace("{minutes}", &minutes.to_string())) }
    };
    page(lang, lang.text().check_your_mail, None, body)
}

async fn send_sign_in_link(state: &WebState, email: &Email, next: &str) -> Result<(), String> {
    let Some(user) = state
        .store
        .active_user_by_email(email)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(());
    };
    let Some(token) = state
        .store
        .create_asked_login_link(
            user.id,
            next,
            state.clock.now(),
            state.sign_in_link_lifetime,
            state.link_limit,
        )
        .await
        .map_err(|e| e.to_string())?
    else {
        tracing::warn!(
            user = user.id,
            "sign-in links asked for too often; none sent"
        );
        return Ok(());
    };
    let link = sign_in_url(&state.public_url, &token);
    let Some(mailer) = &state.mailer else {
        tracing::warn!(%link, email = %email.as_str(), "no mail server is set; the sign-in link is only in this log");
        return Ok(());
    };
    mailer
        .send(&OutgoingMail {
            to_name: Some(user.name.clone()),
            to_email: user.email.clone(),
            subject: "Đường dẫn đăng nhập / Your sign-in link".into(),
            text: format!(
                "Mở đường dẫn sau để đăng nhập (dùng được một lần, trong {minutes} phút):\n{link}\n\nOpen this link to sign in (it works once, within {minutes} minutes):\n{link}\n",
                minutes = state.sign_in_link_lifetime.num_minutes()
            ),
            html: html! { p { a href=(link) { "Đăng nhập / Sign in" } } p { (link) } }.into_string(),
            message_id: format!("sign-in.{}@{}", &token[3..27], mailer.domain()),
        })
        .await
        .map_err(|e| format!("{e:?}"))
}

/// The page of a link that no longer works, with the form to ask for a new one.
fn link_gone(request: &Request, state: &WebState, lang: Lang) -> Response {
    let token = pre_session(request.cookie(), state.secure_cookies());
    let mut response = page(
        lang,
        lang.text().link_no_longer_works,
        None,
        sign_in_body(lang, "/", Some(lang.text().link_used_or_expired), &token),
    );
    response.set_status(StatusCode::GONE);
    response
}

/// Opening a mailed link shows one button; only pressing it (a POST) uses the link up. Mail
/// gateways that open every link to scan it therefore use nothing up.
#[handler]
pub async fn login_page(
    request: &Request,
    Path(token): Path<String>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let lang = lang_of(request);
    match state
        .store
        .login_link_works(&token, state.clock.now())
        .await
    {
        Ok(true) => {
            let pre = pre_session(request.cookie(), state.secure_cookies());
            let body = html! {
                form.card method="post" action={ "/login/" (urlencode(&token)) } {
                    p { (lang.text().press_to_sign_in) }
                    input type="hidden" name="csrf" value=(pre);
                    p { button { (lang.text().sign_in) } }
                }
            };
            let mut response = page(lang, lang.text().sign_in, None, body);
            response.headers_mut().insert(
                poem::http::header::CACHE_CONTROL,
                poem::http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Ok(false) => link_gone(request, state, lang),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn login(
    request: &Request,
    Path(token): Path<String>,
    Data(state): Data<&Arc<WebState>>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let lang = lang_of(request);
    if !pre_session_ok(request.cookie(), &form.csrf) {
        return csrf_refusal(lang);
    }
    match state
        .store
        .redeem_login_link(&token, state.clock.now())
        .await
    {
        Ok(Some((user, next))) => match state
            .store
            .create_session(user.id, state.clock.now(), state.session_lifetime)
            .await
        {
            Ok(session) => {
                request.cookie().add(session_cookie(state, &session));
                redirect(&safe_next(Some(&next)))
            }
            Err(error) => failure(lang, error),
        },
        Ok(None) => link_gone(request, state, lang),
        Err(error) => failure(lang, error),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

fn csrf_ok(visitor: &Visitor, sent: &str) -> bool {
    !sent.is_empty() && same_secret(&visitor.signed_in.csrf_token, sent)
}

fn csrf_refusal(lang: Lang) -> Response {
    refusal(lang, StatusCode::FORBIDDEN, lang.text().stale_form_reload)
}

#[handler]
pub async fn sign_out(
    request: &Request,
    Data(state): Data<&Arc<WebState>>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let lang = lang_of(request);
    let Some(v) = visitor(state, request.cookie(), state.clock.now()).await else {
        return redirect("/sign-in");
    };
    if !csrf_ok(&v, &form.csrf) {
        return csrf_refusal(lang);
    }
    if let Some(token) = request
        .cookie()
        .get(SESSION_COOKIE)
        .map(|c| c.value_str().to_string())
    {
        if let Err(error) = state.store.end_session(&token, state.clock.now()).await {
            return failure(lang, error);
        }
    }
    let mut response = redirect("/sign-in");
    response.headers_mut().append(
        poem::http::header::SET_COOKIE,
        poem::http::HeaderValue::from_static(
            "dondoc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
        ),
    );
    response
}

#[handler]
pub async fn language(Path(code): Path<String>, jar: &CookieJar) -> Response {
    let mut cookie = Cookie::new_with_str(
        super::LANGUAGE_COOKIE,
        if code == "en" { "en" } else { "vi" },
    );
    cookie.set_path("/");
    jar.add(cookie);
    redirect("/")
}

/// A progress bar and its number.
fn progress_bar(percent: i32) -> Markup {
    html! {
        span.bar { span style={ "width:" (percent) "%" } {} }
        " " (percent) "%"
    }
}

async fn task_rows(
    state: &WebState,
    lang: Lang,
    tasks: &[task::Model],
) -> Result<Markup, StoreError> {
    let lead_ids: Vec<i32> = tasks.iter().map(|t| t.lead_id).collect();
    let departments = state.store.departments_by_ids(&lead_ids).await?;
    let days = Days::now(state).await?;
    let mut rows = Vec::new();
    for task in tasks {
        let (standing, today) = days.standing(state, task)?;
        let finished = matches!(
            standing,
            Timeliness::DoneOnTime | Timeliness::DoneLate | Timeliness::Cancelled
        );
        let when = match task.due_on.map(|due| (due - today).num_days()) {
            Some(d) if d < 0 && !finished => {
                format!("{} {}", -d, lang.text().days_late)
            }
            Some(d) if d >= 0 && !finished => {
                format!("{d} {}", lang.text().days_left)
            }
            _ => String::new(),
        };
        rows.push(html! {
            tr {
                td {
                    a href={ "/tasks/" (task.id) } { (task.title) } br;
                    small { (departments.get(&task.lead_id).map(|d| d.name.as_str()).unwrap_or("")) }
                }
                td { (day_text(task.deadline, lang)) br; small { (when) } }
                td { (badge(lang, standing)) br; small { (status_label(lang, &task.status)) } }
                td { (progress_bar(task.progress)) }
            }
        });
    }
    Ok(html! {
        table {
            tr {
                th { (lang.text().task) }
                th { (lang.text().deadline) }
                th { (lang.text().status) }
                th { (lang.text().progress) }
            }
            @for row in rows { (row) }
        }
    })
}

#[derive(Deserialize)]
pub struct ListQuery {
    search: Option<String>,
}

#[handler]
pub async fn my_tasks(
    SignedIn { lang, visitor: v }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
    Query(query): Query<ListQuery>,
) -> Response {
    let search = match SearchText::parse_optional(query.search.as_deref()) {
        Ok(search) => search,
        Err(rule) => return failure(lang, rule.into()),
    };
    let task_query = TaskQuery {
        search,
        department_id: v.actor.department_id,
        // Everything still open: being worked on, or waiting for the chair.
        statuses: TaskStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect(),
        ..TaskQuery::default()
    };
    let result = async {
        let page = state
            .store
            .tasks_page(
                &task_query,
                PageRequest {
                    first: 100,
                    after: None,
                },
                state.clock.now(),
            )
            .await?;
        let mut tasks = page.items;
        let mut keyed = Vec::new();
        let days = Days::now(state).await?;
        for task in tasks.drain(..) {
            let (t, _) = days.standing(state, &task)?;
            let waiting = task.status.parse::<TaskStatus>().ok() == Some(TaskStatus::Submitted);
            let order = match t {
                Timeliness::Overdue => 0,
                Timeliness::DueSoon => 1,
                Timeliness::OnTrack | Timeliness::NoDeadline if waiting => 3,
                Timeliness::OnTrack | Timeliness::NoDeadline => 2,
                _ => 4,
            };
            keyed.push((order, task.due_on, task));
        }
        keyed.sort_by_key(|k| (k.0, k.1));
        let ordered: Vec<task::Model> = keyed.into_iter().map(|(_, _, t)| t).collect();
        task_rows(state, lang, &ordered).await
    }
    .await;
    match result {
        Ok(table) => {
            let search = html! {
                form method="get" action="/my" {
                    input name="search" value=(query.search.as_deref().unwrap_or(""))
                        placeholder=(lang.text().search_placeholder)
                        aria-label=(lang.text().search);
                    " "
                    button { (lang.text().search) }
                }
            };
            let title = if v.actor.department_id.is_some() {
                lang.text().my_departments_tasks
            } else {
                lang.text().open_tasks
            };
            page(lang, title, Some(&v), html! { (search) (table) })
        }
        Err(error) => failure(lang, error),
    }
}

/// What the person typed into the report form, kept when it is refused.
#[derive(Deserialize, Default, Clone)]
pub struct ReportForm {
    csrf: String,
    version: i32,
    progress: Option<String>,
    status: Option<String>,
    note: Option<String>,
}

async fn task_page(
    state: &WebState,
    lang: Lang,
    v: &Visitor,
    id: i32,
    notice: Option<String>,
    typed: Option<ReportForm>,
) -> Result<Response, StoreError> {
    let task = state
        .store
        .tasks_by_ids(&[id])
        .await?
        .remove(&id)
        .ok_or_else(|| StoreError::not_found("The task"))?;
    let meeting = state
        .store
        .meetings_by_ids(&[task.meeting_id])
        .await?
        .remove(&task.meeting_id)
        .ok_or_else(|| StoreError::not_found("The meeting"))?;
    let co_owner_ids = state
        .store
        .co_owner_ids_of(&[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let mut department_ids = co_owner_ids.clone();
    department_ids.push(task.lead_id);
    let departments = state.store.departments_by_ids(&department_ids).await?;
    let name = |d: &i32| {
        departments
            .get(d)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let (standing, _) = Days::now(state).await?.standing(state, &task)?;
    let subtasks = state
        .store
        .subtasks_of(&[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let journal = state
        .store
        .journal_page(
            id,
            PageRequest {
                first: 50,
                after: None,
            },
        )
        .await?;
    let authors: HashMap<i32, String> = state
        .store
        .users_by_ids(
            &journal
                .items
                .iter()
                .map(|e| e.author_id)
                .collect::<Vec<_>>(),
        )
        .await?
        .into_iter()
        .map(|(k, u)| (k, u.name))
        .collect();
    let subtask_rows = if subtasks.is_empty() {
        None
    } else {
        Some(task_rows(state, lang, &subtasks).await?)
    };
    let csrf = &v.signed_in.csrf_token;
    let typed = typed.unwrap_or_default();
    let allowed = state.store.allowed(&v.actor, &task).await?;
    let co_owner_names = co_owner_ids.iter().map(name).collect::<Vec<_>>().join(", ");
    let co_owns = v
        .actor
        .department_id
        .is_some_and(|d| co_owner_ids.contains(&d));
    let text = lang.text();
    let body = html! {
        @if let Some(notice) = notice {
            p.error { (notice) }
        }
        section {
            p {
                strong { (text.meeting) } ": " (meeting.title) " ("
                @if let Some(reference) = &meeting.reference { (reference) ", " }
                (meeting.held_on.format("%d/%m/%Y")) ")"
            }
            p { strong { (text.lead) } ": " (name(&task.lead_id)) }
            p { strong { (text.co_owners) } ": " (co_owner_names) }
            p { strong { (text.deadline) } ": " (day_text(task.deadline, lang)) " " (badge(lang, standing)) }
            p { strong { (text.task_status) } ": " (status_label(lang, &task.status)) }
            p { (progress_bar(task.progress)) }
        }
        @if let Some(rows) = subtask_rows {
            h2 { (text.subtasks) }
            (rows)
        }
        @if allowed.report || allowed.note {
            form.card method="post" action={ "/tasks/" (id) "/report" } {
                h2 { (text.report_progress) }
                @if allowed.report {
                    label for="progress" { (text.progress_percent) }
                    input #progress name="progress" type="number" min="0" max="100"
                        value=(typed.progress.clone().unwrap_or_else(|| task.progress.to_string()));
                    label for="status" { (text.task_status) }
                    select #status name="status" {
                        option value="" { (text.unchanged) }
                        option value=(TaskStatus::InProgress.as_str()) { (text.in_progress) }
                        option value=(TaskStatus::Submitted.as_str()) { (text.submit_for_review) }
                    }
                } @else if co_owns {
                    p { (text.co_owners_may_note) }
                } @else {
                    p { (text.waiting_tasks_take_notes) }
                }
                label for="note" { (text.report_note) }
                textarea #note name="note" { (typed.note.as_deref().unwrap_or("")) }
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(task.version);
                p { button { (text.save) } }
            }
            @if allowed.extend {
                form.card method="post" action={ "/tasks/" (id) "/extension" } {
                    h2 { (text.ask_more_time) }
                    label for="deadline" { (text.new_deadline) }
                    input #deadline name="requested_deadline" type="date" required;
                    label for="reason" { (text.reason) }
                    textarea #reason name="reason" required {}
                    input type="hidden" name="csrf" value=(csrf);
                    p { button { (text.send_request) } }
                }
            }
        }
        @if allowed.review {
            (review_form(lang, id, csrf))
        }
        h2 { (text.journal) }
        table {
            @for entry in &journal.items {
                tr {
                    td {
                        small { (entry.at.format("%d/%m/%Y %H:%M UTC")) } br;
                        (authors.get(&entry.author_id).map(String::as_str).unwrap_or(""))
                    }
                    td {
                        (entry.note) br;
                        small {
                            @if let Some(to) = &entry.status_to {
                                (entry.status_from.as_deref().map(|f| status_label(lang, f)).unwrap_or("—"))
                                " → " (status_label(lang, to))
                            }
                            " "
                            @if let Some(progress) = entry.progress { "· " (progress) "%" }
                        }
                    }
                }
            }
        }
    };
    Ok(page(lang, &task.title, Some(v), body))
}

fn review_form(lang: Lang, id: i32, csrf: &str) -> Markup {
    let note = format!("review-note-{id}");
    html! {
        form.card method="post" action={ "/tasks/" (id) "/review" } {
            h2 { (lang.text().review) }
            label for=(note) { (lang.text().review_note) }
            textarea id=(note) name="note" required {}
            input type="hidden" name="csrf" value=(csrf);
            p {
                button name="accept" value="1" { (lang.text().accept) } " "
                button name="accept" value="0" { (lang.text().return_work) }
            }
        }
    }
}

#[handler]
pub async fn task_view(
    SignedIn { lang, visitor: v }: SignedIn,
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    task_page(state, lang, &v, id, None, None)
        .await
        .unwrap_or_else(|error| failure(lang, error))
}

/// A report form's fields, parsed.
struct ParsedReport {
    status: Option<TaskStatus>,
    progress: Option<Progress>,
    note: Option<Note>,
}

fn parse_report(form: &ReportForm) -> Result<ParsedReport, RuleError> {
    let status = match form.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse::<TaskStatus>()?),
    };
    let progress = match form.progress.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(Progress::parse(raw.parse::<i32>().map_err(|_| {
            RuleError::Invalid("Progress is a whole number from 0 to 100.".into())
        })?)?),
    };
    Ok(ParsedReport {
        status,
        progress,
        note: Note::parse_optional(form.note.as_deref(), "The note")?,
    })
}

#[handler]
pub async fn submit_report(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<ReportForm>,
) -> Response {
    let outcome = match parse_report(&form) {
        Ok(ParsedReport {
            status,
            progress,
            note,
        }) => state
            .store
            .report_progress(
                &v.actor,
                TaskReport {
                    task_id: id,
                    expected_version: Some(form.version),
                    status,
                    progress,
                    note,
                },
                state.clock.now(),
            )
            .await
            .map(|_| ()),
        Err(rule) => Err(rule.into()),
    };
    match outcome {
        Ok(()) => redirect(&format!("/tasks/{id}")),
        Err(StoreError::Rule(RuleError::Conflict(message) | RuleError::Invalid(message))) => {
            let mut response = task_page(state, lang, &v, id, Some(message), Some(form))
                .await
                .unwrap_or_else(|e| failure(lang, e));
            response.set_status(StatusCode::CONFLICT);
            response
        }
        Err(error) => failure(lang, error),
    }
}

#[derive(Deserialize)]
pub struct ExtensionForm {
    csrf: String,
    requested_deadline: String,
    reason: String,
}

#[handler]
pub async fn request_extension(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<ExtensionForm>,
) -> Response {
    let outcome = async {
        let day = form_date(&form.requested_deadline, "The new deadline")?;
        let reason = Note::parse(&form.reason, "The reason")?;
        state
            .store
            .request_extension(&v.actor, id, day, reason, state.clock.now())
            .await
    }
    .await;
    settle(lang, outcome, &format!("/tasks/{id}"))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    csrf: String,
    accept: String,
    note: String,
}

#[handler]
pub async fn review(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<ReviewForm>,
) -> Response {
    let outcome = async {
        let note = Note::parse(&form.note, "The note")?;
        state
            .store
            .review_task(&v.actor, id, form.accept == "1", note, state.clock.now())
            .await
    }
    .await;
    settle(lang, outcome, "/dashboard")
}

#[derive(Deserialize)]
pub struct DecideForm {
    csrf: String,
    approve: String,
    note: Option<String>,
}

#[handler]
pub async fn decide(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<DecideForm>,
) -> Response {
    let outcome = async {
        let note = Note::parse_optional(form.note.as_deref(), "The note")?;
        state
            .store
            .decide_extension(&v.actor, id, form.approve == "1", note, state.clock.now())
            .await
    }
    .await;
    settle(lang, outcome, "/dashboard")
}

/// A horizontal bar chart, drawn as inline SVG; `caption` and the numbers make its text
/// alternative, for screen readers.
fn bar_chart(caption: &str, rows: &[(String, u64, Timeliness)]) -> Markup {
    let most = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = 26 * rows.len() + 4;
    let alternative = rows
        .iter()
        .map(|(label, count, _)| format!("{label}: {count}"))
        .collect::<Vec<_>>()
        .join("; ");
    let colour = |standing: Timeliness| match standing {
        Timeliness::Overdue => "#b91c1c",
        Timeliness::DueSoon => "#b45309",
        Timeliness::OnTrack => "#047857",
        Timeliness::DoneOnTime => "#1d4ed8",
        Timeliness::DoneLate => "#7c3aed",
        Timeliness::NoDeadline | Timeliness::Cancelled => "#6b7280",
    };
    html! {
        svg role="img" width="100%" viewBox={ "0 0 600 " (height) } xmlns="http://www.w3.org/2000/svg" {
            title { (caption) ". " (alternative) }
            @for (n, (label, count, standing)) in rows.iter().enumerate() {
                @let y = 26 * n + 2;
                @let width = 330 * count / most;
                text x="0" y=(y + 15) font-size="13" { (label) }
                rect class=(standing.as_str()) x="230" y=(y) width=(width) height="20" fill=(colour(*standing)) {}
                text x=(235 + width) y=(y + 15) font-size="13" { (count) }
            }
        }
    }
}

#[handler]
pub async fn dashboard(
    SignedIn { lang, visitor: v }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        // A chair sees the committee they chair; the secretary and administrators see all.
        let chairs: HashMap<i32, Option<i32>> = state
            .store
            .committees()
            .await?
            .into_iter()
            .map(|c| (c.id, c.chair_id))
            .collect();
        let chaired: Vec<i32> = chairs
            .iter()
            .filter(|(_, chair)| **chair == Some(v.actor.user_id))
            .map(|(id, _)| *id)
            .collect();
        // The same rule that decides a review or an extension decides whether its form shows.
        let decides = |task: &task::Model| {
            let chair = chairs.get(&task.committee_id).copied().flatten();
            v.actor
                .may_decide(TaskAccess::of(&v.actor, task.lead_id, &[], chair))
                .is_ok()
        };
        let committee_id = match (v.actor.role, chaired.as_slice()) {
            (Role::Chair, [only]) => Some(*only),
            _ => None,
        };
        let report = state
            .store
            .progress_report(ReportScope { committee_id, ..ReportScope::default() }, state.clock.now())
            .await?;
        let totals: Vec<(String, u64, Timeliness)> = Timeliness::ALL
            .into_iter()
            .map(|t| (timeliness_label(lang, t).to_string(), report.by_timeliness.get(&t).copied().unwrap_or(0), t))
            .collect();
        let department_ids: Vec<i32> = report.by_department.iter().map(|l| l.department_id).collect();
        let departments = state.store.departments_by_ids(&department_ids).await?;
        let ranking: Vec<(String, u64, Timeliness)> = report
            .by_department
            .iter()
            .map(|line| {
                (
                    departments.get(&line.department_id).map(|d| d.name.clone()).unwrap_or_default(),
                    line.by_timeliness.get(&Timeliness::Overdue).copied().unwrap_or(0),
                    Timeliness::Overdue,
                )
            })
            .collect();
        let overdue = state
            .store
            .tasks_page(&TaskQuery { timeliness: vec![Timeliness::Overdue], committee_id, ..TaskQuery::default() }, PageRequest { first: 100, after: None }, state.clock.now())
            .await?;
        let submitted = state
            .store
            .tasks_page(&TaskQuery { statuses: vec![TaskStatus::Submitted], committee_id, ..TaskQuery::default() }, PageRequest { first: 100, after: None }, state.clock.now())
            .await?;
        let csrf = &v.signed_in.csrf_token;
        let requests = state.store.pending_extension_requests().await?;
        let request_tasks = state.store.tasks_by_ids(&requests.iter().map(|r| r.task_id).collect::<Vec<_>>()).await?;
        let requests: Vec<_> = requests
            .iter()
            .filter_map(|pending| request_tasks.get(&pending.task_id).map(|task| (pending, task)))
            .filter(|(_, task)| committee_id.is_none_or(|id| id == task.committee_id))
            .collect();
        let overdue_rows = task_rows(state, lang, &overdue.items).await?;
        let text = lang.text();
        let body = html! {
            p { (text.as_of) " " (report.as_of.format("%d/%m/%Y")) " · " (text.task_total) " " (report.total) }
            section { h2 { (text.by_timeliness) } (bar_chart(text.tasks_by_timeliness, &totals)) }
            section { h2 { (text.departments_by_overdue) } (bar_chart(text.overdue_by_department, &ranking)) }
            h2 { (text.review_queue) }
            @for task in &submitted.items {
                p { a href={ "/tasks/" (task.id) } { (task.title) } }
                @if decides(task) {
                    (review_form(lang, task.id, csrf))
                }
            }
            h2 { (text.extension_requests) }
            @for (pending, task) in &requests {
                form.card method="post" action={ "/extensions/" (pending.id) "/decide" } {
                    p {
                        a href={ "/tasks/" (pending.task_id) } { (task.title) } ": "
                        (text.asks_for) " " (pending.requested_deadline.format("%d/%m/%Y")) " — " (pending.reason)
                    }
                    @if decides(task) {
                        @let note = format!("decide-note-{}", pending.id);
                        label for=(note) { (text.note) }
                        textarea id=(note) name="note" {}
                        input type="hidden" name="csrf" value=(csrf);
                        p {
                            button name="approve" value="1" { (text.approve) } " "
                            button name="approve" value="0" { (text.reject) }
                        }
                    }
                }
            }
            h2 { (text.overdue_tasks) }
            (overdue_rows)
        };
        Ok::<_, StoreError>(body)
    }
    .await;
    match result {
        Ok(body) => page(lang, lang.text().dashboard, Some(&v), body),
        Err(error) => failure(lang, error),
    }
}

fn may_record(v: &Visitor) -> bool {
    matches!(v.actor.role, Role::Admin | Role::Chair | Role::Secretary)
}

#[handler]
pub async fn meeting_list(
    SignedIn { lang, visitor: v }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        let meetings = state
            .store
            .meetings_page(
                None,
                PageRequest {
                    first: 100,
                    after: None,
                },
            )
            .await?;
        let committees = state.store.committees().await?;
        let text = lang.text();
        Ok::<_, StoreError>(html! {
            table {
                @for meeting in meetings.items.iter().rev() {
                    tr {
                        td { a href={ "/meetings/" (meeting.id) } { (meeting.title) } }
                        td { (meeting.held_on.format("%d/%m/%Y")) }
                        td { (meeting.reference.as_deref().unwrap_or("")) }
                    }
                }
            }
            @if may_record(&v) {
                form.card method="post" action="/meetings" {
                    h2 { (text.record_meeting) }
                    label for="committee" { (text.committee) }
                    select #committee name="committee_id" {
                        @for committee in &committees {
                            option value=(committee.id) { (committee.name) }
                        }
                    }
                    label for="title" { (text.meeting_title) }
                    input #title name="title" required size="60";
                    label for="held_on" { (text.held_on) }
                    input #held_on name="held_on" type="date" required;
                    label for="reference" { (text.conclusion_notice) }
                    input #reference name="reference" placeholder="123/TB-UBND";
                    input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                    p { button { (text.record) } }
                }
            }
        })
    }
    .await;
    match result {
        Ok(body) => page(lang, lang.text().meetings, Some(&v), body),
        Err(error) => failure(lang, error),
    }
}

#[derive(Deserialize)]
pub struct MeetingForm {
    csrf: String,
    committee_id: i32,
    title: String,
    held_on: String,
    reference: Option<String>,
}

#[handler]
pub async fn record_meeting(
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<MeetingForm>,
) -> Response {
    let outcome = async {
        let new = crate::store::meetings::NewMeeting {
            committee_id: form.committee_id,
            title: crate::domain::validate::Title::parse(&form.title)?,
            held_on: form_date(&form.held_on, "The day of the meeting")?,
            reference: Reference::parse_optional(form.reference.as_deref())?,
            summary: None,
        };
        state
            .store
            .create_meeting(&v.actor, new, state.clock.now())
            .await
    }
    .await;
    match outcome {
        Ok(meeting) => redirect(&format!("/meetings/{}", meeting.id)),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn meeting_view(
    SignedIn { lang, visitor: v }: SignedIn,
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        let meeting = state.store.meetings_by_ids(&[id]).await?.remove(&id).ok_or_else(|| StoreError::not_found("The meeting"))?;
        let directives = state
            .store
            .tasks_page(&TaskQuery { meeting_id: Some(id), top_level_only: true, ..TaskQuery::default() }, PageRequest { first: 100, after: None }, state.clock.now())
            .await?;
        let rows = task_rows(state, lang, &directives.items).await?;
        let departments = if may_record(&v) {
            state.store.departments_page(PageRequest { first: 100, after: None }).await?.items
        } else {
            Vec::new()
        };
        let boxes = |name: &str| {
            html! {
                @for department in &departments {
                    label {
                        input type="checkbox" name=(name) value=(department.id) data-code=(department.code);
                        " " (department.name)
                    }
                }
            }
        };
        let text = lang.text();
        let body = html! {
            p { (meeting.held_on.format("%d/%m/%Y")) " · " (meeting.reference.as_deref().unwrap_or("")) }
            (rows)
            @if may_record(&v) {
                form.card method="post" action={ "/meetings/" (id) "/tasks" } {
                    h2 { (text.assign_directive) }
                    label for="title" { (text.directive) }
                    textarea #title name="title" required {}
                    label for="lead" { (text.lead_department) }
                    select #lead name="lead_id" {
                        @for department in &departments {
                            option value=(department.id) { (department.name) }
                        }
                    }
                    label for="deadline" { (text.deadline_or_ongoing) }
                    input #deadline name="deadline" type="date";
                    fieldset { legend { (text.co_owner_departments) } (boxes("co_owner")) }
                    fieldset { legend { (text.split_across) } (boxes("split")) }
                    input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                    p { button { (text.assign) } }
                }
            }
        };
        Ok::<_, StoreError>((meeting.title, body))
    }
    .await;
    match result {
        Ok((title, body)) => page(lang, &title, Some(&v), body),
        Err(error) => failure(lang, error),
    }
}

/// The directive form as its name and value pairs: its checkbox lists repeat their name, which
/// a struct form cannot hold.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct DirectiveForm(Vec<(String, String)>);

impl WithCsrf for DirectiveForm {
    fn csrf(&self) -> &str {
        self.0
            .iter()
            .find(|(name, _)| name == "csrf")
            .map_or("", |(_, value)| value.as_str())
    }
}

#[handler]
pub async fn assign_directive(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form: DirectiveForm(pairs),
    }: SignedInForm<DirectiveForm>,
) -> Response {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let numbers = |name: &str| -> Vec<i32> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.parse().ok())
            .collect()
    };
    let outcome = async {
        let deadline = match value("deadline").trim() {
            "" => None,
            raw => Some(form_date(raw, "The deadline")?),
        };
        let new = crate::store::task_writes::NewTask {
            meeting_id: id,
            // The directive is typed into a text box that wraps: its line breaks are spaces.
            title: crate::domain::validate::Title::parse(
                &value("title").replace(['\r', '\n'], " "),
            )?,
            description: None,
            lead_id: value("lead_id")
                .parse()
                .map_err(|_| RuleError::Invalid("Choose the lead department.".into()))?,
            co_owner_ids: numbers("co_owner"),
            deadline,
            split_across: numbers("split"),
        };
        state
            .store
            .assign_task(&v.actor, new, state.clock.now())
            .await
    }
    .await;
    settle(lang, outcome, &format!("/meetings/{id}"))
}
