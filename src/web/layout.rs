//! What the pages share: the session and form extractors, the day of each committee, and the
//! pieces of markup several pages show (a standing's badge, a progress bar, a table of tasks,
//! the review form).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use maud::{html, Markup};
use poem::http::StatusCode;
use poem::web::Form;
use poem::{FromRequest, Request, RequestBody, Response};
use serde::de::DeserializeOwned;

use super::guard::same_secret;
use super::{lang_of, redirect, refusal, visitor, Lang, Visitor, WebState};
use crate::domain::validate::plausible_day;
use crate::domain::{RuleError, TaskStatus, Timeliness};
use crate::store::entities::{department, task};
use crate::store::StoreError;
use poem::http::header;

pub(super) fn timeliness_label(lang: Lang, t: Timeliness) -> &'static str {
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
pub(super) fn status_label(lang: Lang, status: &str) -> &str {
    match status.parse::<TaskStatus>() {
        Ok(TaskStatus::NotStarted) => lang.text().not_started,
        Ok(TaskStatus::InProgress) => lang.text().in_progress,
        Ok(TaskStatus::Submitted) => lang.text().waiting_for_review,
        Ok(TaskStatus::Done) => lang.text().done,
        Ok(TaskStatus::Cancelled) => lang.text().cancelled,
        Err(_) => status,
    }
}

pub(super) fn day_text(day: Option<NaiveDate>, lang: Lang) -> String {
    day.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| lang.text().ongoing.to_string())
}

/// Today in each committee's time zone, read once for a whole page.
pub(super) struct Days(HashMap<i32, NaiveDate>);

impl Days {
    pub(super) async fn now(state: &WebState) -> Result<Days, StoreError> {
        Ok(Days(state.store.committee_days(state.clock.now()).await?))
    }

    /// A task's standing and its committee's day.
    pub(super) fn standing(
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

pub(super) fn badge(lang: Lang, t: Timeliness) -> Markup {
    html! { span class={ "badge " (t.as_str()) } { (timeliness_label(lang, t)) } }
}

pub(super) fn failure(lang: Lang, error: StoreError) -> Response {
    match error {
        StoreError::Rule(RuleError::Forbidden(m)) => refusal(lang, StatusCode::FORBIDDEN, &m),
        StoreError::Rule(RuleError::Invalid(m) | RuleError::Conflict(m)) => {
            refusal(lang, StatusCode::BAD_REQUEST, &m)
        }
        StoreError::NotFound(m) => refusal(lang, StatusCode::NOT_FOUND, &m),
        StoreError::Database(cause) => internal_failure(lang, &cause),
    }
}

/// A failure on our side: logged with a reference that the page shows, the cause kept out of
/// the page.
pub(super) fn internal_failure(lang: Lang, cause: &dyn std::fmt::Display) -> Response {
    let incident = crate::incident::new_reference();
    tracing::error!(%incident, error = %cause, "failure on a page");
    refusal(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        &format!("{} {incident}", lang.text().internal_error),
    )
}

pub(super) fn sign_in_first(request: &Request) -> Response {
    let next = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    redirect(&format!("/sign-in?next={}", urlencode(&next)))
}

pub(super) fn urlencode(text: &str) -> String {
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
pub(super) fn form_date(raw: &str, what: &str) -> Result<NaiveDate, RuleError> {
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| RuleError::Invalid(format!("{what} is not a date.")))?;
    plausible_day(day, what)
}

/// Who asks for a download (a document, an export, outside the pages' forms).
enum Asker {
    /// Signed in to the pages, or holding a valid API token.
    Known,
    /// Neither: the way to the sign-in page.
    SignedOut,
    /// An API token that is not (or no longer) valid.
    BadToken,
}

async fn who_asks(state: &WebState, request: &Request) -> Result<Asker, StoreError> {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    Ok(match bearer {
        Some(token) if state.store.authenticate(token.trim()).await?.is_some() => Asker::Known,
        Some(_) => Asker::BadToken,
        None if visitor(state, request.cookie(), state.clock.now())
            .await
            .is_some() =>
        {
            Asker::Known
        }
        None => Asker::SignedOut,
    })
}

/// The answer to someone who may not download (a document, an export): the way to the sign-in
/// page, or 401 for an API token that is not valid; `None` for someone signed in to the pages or
/// holding a valid token.
pub(super) async fn download_refused(
    state: &WebState,
    request: &Request,
    lang: Lang,
) -> Option<Response> {
    match who_asks(state, request).await {
        Ok(Asker::Known) => None,
        Ok(Asker::SignedOut) => Some(sign_in_first(request)),
        Ok(Asker::BadToken) => Some(refusal(
            lang,
            StatusCode::UNAUTHORIZED,
            lang.text().token_not_valid,
        )),
        Err(error) => Some(failure(lang, error)),
    }
}

/// The signed-in person of a page, and the page's language; without a session, the way to the
/// sign-in page. Every page checks this once, through this extractor.
pub(super) struct SignedIn {
    pub(super) lang: Lang,
    pub(super) visitor: Visitor,
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

pub(super) use csrf_field;

pub(super) fn csrf_ok(visitor: &Visitor, sent: &str) -> bool {
    !sent.is_empty() && same_secret(&visitor.signed_in.csrf_token, sent)
}

pub(super) fn csrf_refusal(lang: Lang) -> Response {
    refusal(lang, StatusCode::FORBIDDEN, lang.text().stale_form_reload)
}

/// A form posted by the signed-in person, its session's token checked: every form checks this
/// once, through this extractor.
pub(super) struct SignedInForm<T> {
    pub(super) lang: Lang,
    pub(super) visitor: Visitor,
    pub(super) form: T,
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
pub(super) fn settle<T>(lang: Lang, outcome: Result<T, StoreError>, to: &str) -> Response {
    match outcome {
        Ok(_) => redirect(to),
        Err(error) => failure(lang, error),
    }
}

/// A form as its name and value pairs: its checkbox lists repeat their name, which a struct
/// form cannot hold.
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub struct PairsForm(Vec<(String, String)>);

impl PairsForm {
    /// The first value sent under `name`, or "".
    pub(super) fn value(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every number sent under `name` (a checkbox list).
    pub(super) fn numbers(&self, name: &str) -> Vec<i32> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.parse().ok())
            .collect()
    }
}

impl WithCsrf for PairsForm {
    fn csrf(&self) -> &str {
        self.value("csrf")
    }
}

/// The departments a form offers: those that still take new work.
pub(super) async fn departments_to_choose(
    state: &WebState,
) -> Result<Vec<department::Model>, StoreError> {
    state.store.departments_taking_work(300).await
}

/// A choice of one department.
pub(super) fn department_select(
    id: &str,
    name: &str,
    departments: &[department::Model],
    selected: Option<i32>,
) -> Markup {
    html! {
        select id=(id) name=(name) {
            @for department in departments {
                option value=(department.id) selected[selected == Some(department.id)] { (department.name) }
            }
        }
    }
}

/// A checkbox per department, those in `checked` ticked.
pub(super) fn department_boxes(
    departments: &[department::Model],
    name: &str,
    checked: &[i32],
) -> Markup {
    html! {
        @for department in departments {
            label {
                input type="checkbox" name=(name) value=(department.id) data-code=(department.code)
                    checked[checked.contains(&department.id)];
                " " (department.name)
            }
        }
    }
}

/// A progress bar and its number.
pub(super) fn progress_bar(percent: i32) -> Markup {
    html! {
        span.bar { span style={ "width:" (percent) "%" } {} }
        " " (percent) "%"
    }
}

pub(super) async fn task_rows(
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

pub(super) fn review_form(lang: Lang, id: i32, csrf: &str) -> Markup {
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
