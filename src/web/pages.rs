//! The handlers behind each page and form.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
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
use crate::html::escape;
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

fn badge(lang: Lang, t: Timeliness) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        t.as_str(),
        timeliness_label(lang, t)
    )
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
fn sign_in_body(lang: Lang, next: &str, message: &str, pre_session: &str) -> String {
    format!(
        "{message}<form class=\"card\" method=\"post\" action=\"/sign-in\">\
         <label for=\"email\">{}</label><input id=\"email\" name=\"email\" type=\"email\" required autocomplete=\"email\">\
         <input type=\"hidden\" name=\"next\" value=\"{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <p><button>{}</button></p></form>",
        lang.text().your_email,
        escape(next),
        escape(pre_session),
        lang.text().send_me_a_link,
    )
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
        &sign_in_body(lang, &next, "", &token),
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
        let message = format!(
            "<p class=\"error\">{}</p>",
            lang.text().stale_form_send_again
        );
        let mut response = page(
            lang,
            lang.text().sign_in,
            None,
            &sign_in_body(lang, &next, &message, &token),
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
    let body = format!(
        "<p class=\"ok\">{}</p>",
        lang.text()
            .link_on_its_way
            .replace("{minutes}", &minutes.to_string())
    );
    page(lang, lang.text().check_your_mail, None, &body)
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
            html: format!("<p><a href=\"{0}\">Đăng nhập / Sign in</a></p><p>{0}</p>", escape(&link)),
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
        &sign_in_body(
            lang,
            "/",
            &format!(
                "<p class=\"error\">{}</p>",
                lang.text().link_used_or_expired
            ),
            &token,
        ),
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
            let body = format!(
                "<form class=\"card\" method=\"post\" action=\"/login/{}\">\
                 <p>{}</p><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                 <p><button>{}</button></p></form>",
                urlencode(&token),
                lang.text().press_to_sign_in,
                escape(&pre),
                lang.text().sign_in,
            );
            let mut response = page(lang, lang.text().sign_in, None, &body);
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

async fn task_rows(
    state: &WebState,
    lang: Lang,
    tasks: &[task::Model],
) -> Result<String, StoreError> {
    let lead_ids: Vec<i32> = tasks.iter().map(|t| t.lead_id).collect();
    let departments = state.store.departments_by_ids(&lead_ids).await?;
    let days = Days::now(state).await?;
    let mut rows = String::new();
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
        rows.push_str(&format!(
            "<tr><td><a href=\"/tasks/{id}\">{title}</a><br><small>{lead}</small></td><td>{deadline}<br><small>{when}</small></td>\
             <td>{badge}<br><small>{status}</small></td><td><span class=\"bar\"><span style=\"width:{p}%\"></span></span> {p}%</td></tr>",
            id = task.id,
            title = escape(&task.title),
            lead = escape(departments.get(&task.lead_id).map(|d| d.name.as_str()).unwrap_or("")),
            deadline = day_text(task.deadline, lang),
            badge = badge(lang, standing),
            status = status_label(lang, &task.status),
            p = task.progress,
        ));
    }
    Ok(format!(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{rows}</table>",
        lang.text().task,
        lang.text().deadline,
        lang.text().status,
        lang.text().progress,
    ))
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
            let search = format!(
                "<form method=\"get\" action=\"/my\"><input name=\"search\" value=\"{}\" placeholder=\"{}\"> <button>{}</button></form>",
                escape(query.search.as_deref().unwrap_or("")),
                lang.text().search_placeholder,
                lang.text().search,
            );
            let title = if v.actor.department_id.is_some() {
                lang.text().my_departments_tasks
            } else {
                lang.text().open_tasks
            };
            page(lang, title, Some(&v), &format!("{search}{table}"))
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
            .map(|x| escape(&x.name))
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
    let mut body = String::new();
    if let Some(notice) = notice {
        body.push_str(&format!("<p class=\"error\">{}</p>", escape(&notice)));
    }
    body.push_str(&format!(
        "<section><p><strong>{}</strong>: {} ({}{})</p><p><strong>{}</strong>: {}</p><p><strong>{}</strong>: {}</p>\
         <p><strong>{}</strong>: {} {}</p><p><strong>{}</strong>: {}</p>\
         <p><span class=\"bar\"><span style=\"width:{p}%\"></span></span> {p}%</p></section>",
        lang.text().meeting,
        escape(&meeting.title),
        meeting.reference.as_deref().map(|r| format!("{}, ", escape(r))).unwrap_or_default(),
        meeting.held_on.format("%d/%m/%Y"),
        lang.text().lead,
        name(&task.lead_id),
        lang.text().co_owners,
        co_owner_ids.iter().map(name).collect::<Vec<_>>().join(", "),
        lang.text().deadline,
        day_text(task.deadline, lang),
        badge(lang, standing),
        lang.text().task_status,
        status_label(lang, &task.status),
        p = task.progress,
    ));
    if !subtasks.is_empty() {
        body.push_str(&format!("<h2>{}</h2>", lang.text().subtasks));
        body.push_str(&task_rows(state, lang, &subtasks).await?);
    }
    let csrf = escape(&v.signed_in.csrf_token);
    let typed = typed.unwrap_or_default();
    let allowed = state.store.allowed(&v.actor, &task).await?;
    if allowed.report || allowed.note {
        let progress_fields = if allowed.report {
            format!(
                "<label for=\"progress\">{}</label><input id=\"progress\" name=\"progress\" type=\"number\" min=\"0\" max=\"100\" value=\"{}\">\
                 <label for=\"status\">{}</label><select id=\"status\" name=\"status\"><option value=\"\">{}</option>\
                 <option value=\"IN_PROGRESS\">{}</option><option value=\"SUBMITTED\">{}</option></select>",
                lang.text().progress_percent,
                escape(typed.progress.as_deref().unwrap_or(&task.progress.to_string())),
                lang.text().task_status,
                lang.text().unchanged,
                lang.text().in_progress,
                lang.text().submit_for_review,
            )
        } else if v
            .actor
            .department_id
            .is_some_and(|d| co_owner_ids.contains(&d))
        {
            format!("<p>{}</p>", lang.text().co_owners_may_note)
        } else {
            format!("<p>{}</p>", lang.text().waiting_tasks_take_notes)
        };
        body.push_str(&format!(
            "<form class=\"card\" method=\"post\" action=\"/tasks/{id}/report\"><h2>{}</h2>{progress_fields}\
             <label for=\"note\">{}</label><textarea id=\"note\" name=\"note\">{}</textarea>\
             <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"version\" value=\"{}\"><p><button>{}</button></p></form>",
            lang.text().report_progress,
            lang.text().report_note,
            escape(typed.note.as_deref().unwrap_or("")),
            task.version,
            lang.text().save,
        ));
        if allowed.extend {
            body.push_str(&format!(
                "<form class=\"card\" method=\"post\" action=\"/tasks/{id}/extension\"><h2>{}</h2>\
                 <label for=\"deadline\">{}</label><input id=\"deadline\" name=\"requested_deadline\" type=\"date\" required>\
                 <label for=\"reason\">{}</label><textarea id=\"reason\" name=\"reason\" required></textarea>\
                 <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><p><button>{}</button></p></form>",
                lang.text().ask_more_time,
                lang.text().new_deadline,
                lang.text().reason,
                lang.text().send_request,
            ));
        }
    }
    if allowed.review {
        body.push_str(&review_form(lang, id, &csrf));
    }
    body.push_str(&format!("<h2>{}</h2><table>", lang.text().journal));
    for entry in &journal.items {
        let change = match (&entry.status_from, &entry.status_to) {
            (from, Some(to)) => format!(
                "{} → {}",
                from.as_deref()
                    .map(|f| status_label(lang, f))
                    .unwrap_or("—"),
                status_label(lang, to)
            ),
            _ => String::new(),
        };
        body.push_str(&format!(
            "<tr><td><small>{}</small><br>{}</td><td>{}<br><small>{} {}</small></td></tr>",
            entry.at.format("%d/%m/%Y %H:%M UTC"),
            escape(
                authors
                    .get(&entry.author_id)
                    .map(String::as_str)
                    .unwrap_or("")
            ),
            escape(&entry.note),
            change,
            entry
                .progress
                .map(|p| format!("· {p}%"))
                .unwrap_or_default(),
        ));
    }
    body.push_str("</table>");
    Ok(page(lang, &task.title, Some(v), &body))
}

fn review_form(lang: Lang, id: i32, csrf: &str) -> String {
    format!(
        "<form class=\"card\" method=\"post\" action=\"/tasks/{id}/review\"><h2>{}</h2>\
         <label for=\"review-note-{id}\">{}</label><textarea id=\"review-note-{id}\" name=\"note\" required></textarea>\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <p><button name=\"accept\" value=\"1\">{}</button> <button name=\"accept\" value=\"0\">{}</button></p></form>",
        lang.text().review,
        lang.text().review_note,
        lang.text().accept,
        lang.text().return_work,
    )
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
fn bar_chart(caption: &str, rows: &[(String, u64, &str)]) -> String {
    let most = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = 26 * rows.len() + 4;
    let alternative = rows
        .iter()
        .map(|(label, count, _)| format!("{label}: {count}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = format!(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 600 {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(&format!("{caption}. {alternative}"))
    );
    for (n, (label, count, class)) in rows.iter().enumerate() {
        let y = 26 * n + 2;
        let width = 330 * count / most;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text><rect class=\"{class}\" x=\"230\" y=\"{y}\" width=\"{width}\" height=\"20\" fill=\"{}\"></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\">{count}</text>",
            y + 15,
            escape(label),
            match *class {
                "OVERDUE" => "#b91c1c",
                "DUE_SOON" => "#b45309",
                "ON_TRACK" => "#047857",
                "DONE_ON_TIME" => "#1d4ed8",
                "DONE_LATE" => "#7c3aed",
                _ => "#6b7280",
            },
            235 + width,
            y + 15,
        ));
    }
    svg.push_str("</svg>");
    svg
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
        let totals: Vec<(String, u64, &str)> = Timeliness::ALL
            .into_iter()
            .map(|t| (timeliness_label(lang, t).to_string(), report.by_timeliness.get(&t).copied().unwrap_or(0), t.as_str()))
            .collect();
        let department_ids: Vec<i32> = report.by_department.iter().map(|l| l.department_id).collect();
        let departments = state.store.departments_by_ids(&department_ids).await?;
        let ranking: Vec<(String, u64, &str)> = report
            .by_department
            .iter()
            .map(|line| {
                (
                    departments.get(&line.department_id).map(|d| d.name.clone()).unwrap_or_default(),
                    line.by_timeliness.get(&Timeliness::Overdue).copied().unwrap_or(0),
                    "OVERDUE",
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
        let csrf = escape(&v.signed_in.csrf_token);
        let mut body = format!(
            "<p>{} {} · {} {}</p><section><h2>{}</h2>{}</section><section><h2>{}</h2>{}</section>",
            lang.text().as_of,
            report.as_of.format("%d/%m/%Y"),
            lang.text().task_total,
            report.total,
            lang.text().by_timeliness,
            bar_chart(lang.text().tasks_by_timeliness, &totals),
            lang.text().departments_by_overdue,
            bar_chart(lang.text().overdue_by_department, &ranking),
        );
        body.push_str(&format!("<h2>{}</h2>", lang.text().review_queue));
        for task in &submitted.items {
            body.push_str(&format!("<p><a href=\"/tasks/{}\">{}</a></p>", task.id, escape(&task.title)));
            if decides(task) {
                body.push_str(&review_form(lang, task.id, &csrf));
            }
        }
        body.push_str(&format!("<h2>{}</h2>", lang.text().extension_requests));
        let requests = state.store.pending_extension_requests().await?;
        let request_tasks = state.store.tasks_by_ids(&requests.iter().map(|r| r.task_id).collect::<Vec<_>>()).await?;
        for pending in &requests {
            let Some(task) = request_tasks.get(&pending.task_id) else { continue };
            if committee_id.is_some_and(|id| id != task.committee_id) {
                continue;
            }
            let title = task.title.clone();
            body.push_str(&format!(
                "<form class=\"card\" method=\"post\" action=\"/extensions/{}/decide\"><p><a href=\"/tasks/{}\">{}</a>: {} {} — {}</p>",
                pending.id,
                pending.task_id,
                escape(&title),
                lang.text().asks_for,
                pending.requested_deadline.format("%d/%m/%Y"),
                escape(&pending.reason),
            ));
            if decides(task) {
                body.push_str(&format!(
                    "<label for=\"decide-note-{0}\">{1}</label><textarea id=\"decide-note-{0}\" name=\"note\"></textarea>\
                     <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><p><button name=\"approve\" value=\"1\">{2}</button> <button name=\"approve\" value=\"0\">{3}</button></p>",
                    pending.id,
                    lang.text().note,
                    lang.text().approve,
                    lang.text().reject,
                ));
            }
            body.push_str("</form>");
        }
        body.push_str(&format!("<h2>{}</h2>", lang.text().overdue_tasks));
        body.push_str(&task_rows(state, lang, &overdue.items).await?);
        Ok::<_, StoreError>(body)
    }
    .await;
    match result {
        Ok(body) => page(lang, lang.text().dashboard, Some(&v), &body),
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
        let meetings = state.store.meetings_page(None, PageRequest { first: 100, after: None }).await?;
        let committees = state.store.committees().await?;
        let mut body = String::from("<table>");
        for meeting in meetings.items.iter().rev() {
            body.push_str(&format!(
                "<tr><td><a href=\"/meetings/{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                meeting.id,
                escape(&meeting.title),
                meeting.held_on.format("%d/%m/%Y"),
                escape(meeting.reference.as_deref().unwrap_or("")),
            ));
        }
        body.push_str("</table>");
        if may_record(&v) {
            let options: String = committees
                .iter()
                .map(|c| format!("<option value=\"{}\">{}</option>", c.id, escape(&c.name)))
                .collect();
            body.push_str(&format!(
                "<form class=\"card\" method=\"post\" action=\"/meetings\"><h2>{}</h2>\
                 <label for=\"committee\">{}</label><select id=\"committee\" name=\"committee_id\">{options}</select>\
                 <label for=\"title\">{}</label><input id=\"title\" name=\"title\" required size=\"60\">\
                 <label for=\"held_on\">{}</label><input id=\"held_on\" name=\"held_on\" type=\"date\" required>\
                 <label for=\"reference\">{}</label><input id=\"reference\" name=\"reference\" placeholder=\"123/TB-UBND\">\
                 <input type=\"hidden\" name=\"csrf\" value=\"{}\"><p><button>{}</button></p></form>",
                lang.text().record_meeting,
                lang.text().committee,
                lang.text().meeting_title,
                lang.text().held_on,
                lang.text().conclusion_notice,
                escape(&v.signed_in.csrf_token),
                lang.text().record,
            ));
        }
        Ok::<_, StoreError>(body)
    }
    .await;
    match result {
        Ok(body) => page(lang, lang.text().meetings, Some(&v), &body),
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
        let mut body = format!(
            "<p>{} · {}</p>",
            meeting.held_on.format("%d/%m/%Y"),
            escape(meeting.reference.as_deref().unwrap_or("")),
        );
        body.push_str(&task_rows(state, lang, &directives.items).await?);
        if may_record(&v) {
            let departments = state.store.departments_page(PageRequest { first: 100, after: None }).await?.items;
            let options: String = departments
                .iter()
                .map(|d| format!("<option value=\"{}\">{}</option>", d.id, escape(&d.name)))
                .collect();
            let boxes = |name: &str| -> String {
                departments
                    .iter()
                    .map(|d| {
                        format!(
                            "<label><input type=\"checkbox\" name=\"{name}\" value=\"{}\" data-code=\"{}\"> {}</label>",
                            d.id,
                            escape(&d.code),
                            escape(&d.name)
                        )
                    })
                    .collect()
            };
            body.push_str(&format!(
                "<form class=\"card\" method=\"post\" action=\"/meetings/{id}/tasks\"><h2>{}</h2>\
                 <label for=\"title\">{}</label><textarea id=\"title\" name=\"title\" required></textarea>\
                 <label for=\"lead\">{}</label><select id=\"lead\" name=\"lead_id\">{options}</select>\
                 <label for=\"deadline\">{}</label><input id=\"deadline\" name=\"deadline\" type=\"date\">\
                 <fieldset><legend>{}</legend>{}</fieldset><fieldset><legend>{}</legend>{}</fieldset>\
                 <input type=\"hidden\" name=\"csrf\" value=\"{}\"><p><button>{}</button></p></form>",
                lang.text().assign_directive,
                lang.text().directive,
                lang.text().lead_department,
                lang.text().deadline_or_ongoing,
                lang.text().co_owner_departments,
                boxes("co_owner"),
                lang.text().split_across,
                boxes("split"),
                escape(&v.signed_in.csrf_token),
                lang.text().assign,
            ));
        }
        Ok::<_, StoreError>((meeting.title, body))
    }
    .await;
    match result {
        Ok((title, body)) => page(lang, &title, Some(&v), &body),
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
