//! A department's tasks, a task's page, and the forms on it: reports, extension requests,
//! the chair's review and decisions.

use std::collections::HashMap;
use std::sync::Arc;

use maud::html;
use poem::http::StatusCode;
use poem::web::{Data, Path, Query};
use poem::{handler, Response};
use serde::Deserialize;

use super::{page, redirect, Lang, Visitor, WebState};
use crate::domain::edits::TaskEdit;
use crate::domain::ordering::TaskOrder;
use crate::domain::validate::{Note, Progress, SearchText, Title};
use crate::domain::{RuleError, TaskStatus, Timeliness};
use crate::store::entities::task;
use crate::store::page::PageRequest;
use crate::store::task_edits::{OwnerChange, TaskEditRequest};
use crate::store::task_writes::TaskReport;
use crate::store::tasks::TaskQuery;
use crate::store::StoreError;

use super::layout::*;

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
                Some(TaskOrder::MOST_PRESSING),
                PageRequest::first(100),
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
        let has_feed = state.store.has_calendar_feed(&v.actor).await?;
        Ok::<_, StoreError>((task_rows(state, lang, &ordered).await?, has_feed))
    }
    .await;
    match result {
        Ok((table, has_feed)) => {
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
            let subscribe =
                super::calendar::subscribe_card(lang, &v.signed_in.csrf_token, has_feed);
            let open = "status=NOT_STARTED,IN_PROGRESS,SUBMITTED";
            let filter = match v.actor.department_id {
                Some(department) => format!("department={department}&{open}"),
                None => open.to_string(),
            };
            let downloads = super::exports::download_links(lang, &filter);
            page(
                lang,
                title,
                Some(&v),
                html! { (search) (table) (downloads) (subscribe) },
            )
        }
        Err(error) => failure(lang, error),
    }
}

/// What the person typed into a form that was refused, shown again in that form.
#[derive(Default)]
enum Typed {
    #[default]
    Nothing,
    Report(ReportForm),
    Edit(EditForm),
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
    typed: Typed,
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
    let journal = state.store.journal_page(id, PageRequest::first(50)).await?;
    let moved_between: Vec<i32> = journal
        .items
        .iter()
        .flat_map(|e| {
            let lists = [e.co_owners_from.as_deref(), e.co_owners_to.as_deref()];
            [e.lead_from, e.lead_to].into_iter().flatten().chain(
                lists.into_iter().flatten().flat_map(|raw| {
                    crate::store::task_writes::parse_id_list(raw).unwrap_or_default()
                }),
            )
        })
        .collect();
    let journal_departments = state.store.departments_by_ids(&moved_between).await?;
    let attachments = state
        .store
        .attachments_of_updates(&journal.items.iter().map(|e| e.id).collect::<Vec<_>>())
        .await?;
    let department_name = |id: i32| {
        journal_departments
            .get(&id)
            .map_or_else(|| format!("#{id}"), |d| d.name.clone())
    };
    let names = |raw: &str| {
        crate::store::task_writes::parse_id_list(raw)
            .unwrap_or_default()
            .into_iter()
            .map(department_name)
            .collect::<Vec<_>>()
            .join(", ")
    };
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
    let (typed_report, typed_edit) = match typed {
        Typed::Nothing => (ReportForm::default(), None),
        Typed::Report(form) => (form, None),
        Typed::Edit(form) => (ReportForm::default(), Some(form)),
    };
    let typed = typed_report;
    let edit_title = typed_edit
        .as_ref()
        .map_or(task.title.as_str(), |e| e.title.as_str());
    let edit_description = typed_edit.as_ref().map_or_else(
        || task.description.as_deref().unwrap_or(""),
        |e| e.description.as_deref().unwrap_or(""),
    );
    let edit_deadline = typed_edit.as_ref().map_or_else(
        || task.deadline.map(|d| d.to_string()).unwrap_or_default(),
        |e| e.deadline.clone().unwrap_or_default(),
    );
    let edit_reason = typed_edit
        .as_ref()
        .and_then(|e| e.reason.as_deref())
        .unwrap_or("");
    let allowed = state.store.allowed(&v.actor, &task).await?;
    let choices = if allowed.change_owners {
        departments_to_choose(state).await?
    } else {
        Vec::new()
    };
    let finished = task
        .status
        .parse::<TaskStatus>()
        .is_ok_and(TaskStatus::is_final);
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
            (super::documents::documents_form(lang, id, csrf, state.max_document_bytes))
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
        @if allowed.edit {
            form.card method="post" action={ "/tasks/" (id) "/edit" } {
                h2 { (text.edit_directive) }
                label for="edit-title" { (text.directive) }
                textarea #edit-title name="title" required { (edit_title) }
                label for="edit-description" { (text.description) }
                textarea #edit-description name="description" { (edit_description) }
                @if !finished {
                    label for="edit-deadline" { (text.deadline_or_ongoing) }
                    input #edit-deadline name="deadline" type="date" value=(edit_deadline);
                }
                label for="edit-reason" { (text.reason_when_deadline_changes) }
                textarea #edit-reason name="reason" { (edit_reason) }
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(task.version);
                p { button { (text.save_changes) } }
            }
        }
        @if allowed.change_owners {
            form.card method="post" action={ "/tasks/" (id) "/owners" } {
                h2 { (text.change_owners) }
                label for="owners-lead" { (text.lead_department) }
                (department_select("owners-lead", "lead_id", &choices, Some(task.lead_id)))
                fieldset {
                    legend { (text.co_owner_departments) }
                    (department_boxes(&choices, "co_owner", &co_owner_ids))
                }
                label for="owners-reason" { (text.reason) }
                textarea #owners-reason name="reason" required {}
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(task.version);
                p { button { (text.move_task) } }
            }
        }
        @if allowed.cancel {
            form.card method="post" action={ "/tasks/" (id) "/cancel" } {
                h2 { (text.cancel_task) }
                label for="cancel-reason" { (text.reason) }
                textarea #cancel-reason name="reason" required {}
                input type="hidden" name="csrf" value=(csrf);
                p { button { (text.cancel_task) } }
            }
        }
        @if allowed.reopen {
            form.card method="post" action={ "/tasks/" (id) "/reopen" } {
                h2 { (text.reopen_task) }
                label for="reopen-reason" { (text.reason) }
                textarea #reopen-reason name="note" required {}
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="version" value=(task.version);
                p { button { (text.reopen_task) } }
            }
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
                            @if let (Some(from), Some(to)) = (&entry.title_from, &entry.title_to) {
                                br; (text.directive) ": " del { (from) } " → " ins { (to) }
                            }
                            @if entry.description_from.is_some() || entry.description_to.is_some() {
                                br; (text.description_edited)
                            }
                            @if entry.deadline_from.is_some() || entry.deadline_to.is_some() {
                                br; (text.deadline) ": " (day_text(entry.deadline_from, lang)) " → " (day_text(entry.deadline_to, lang))
                            }
                            @if let (Some(from), Some(to)) = (entry.lead_from, entry.lead_to) {
                                br; (text.lead) ": " (department_name(from)) " → " (department_name(to))
                            }
                            @if let (Some(from), Some(to)) = (&entry.co_owners_from, &entry.co_owners_to) {
                                br; (text.co_owners) ": " (names(from)) " → " (names(to))
                            }
                            @if entry.document_number.is_some() || entry.document_date.is_some() {
                                br; (text.document) " "
                                (entry.document_number.as_deref().unwrap_or(""))
                                @if let Some(day) = entry.document_date { " " (text.dated) " " (day.format("%d/%m/%Y")) }
                            }
                            @for file in attachments.get(&entry.id).into_iter().flatten() {
                                br; a href={ "/documents/" (file.id) } download { (file.file_name) }
                                " (" ((file.size_bytes + 1023) / 1024) " KB)"
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(lang, &task.title, Some(v), body))
}

#[handler]
pub async fn task_view(
    SignedIn { lang, visitor: v }: SignedIn,
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    task_page(state, lang, &v, id, None, Typed::Nothing)
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
                    document: None,
                    attachments: Vec::new(),
                },
                state.clock.now(),
            )
            .await
            .map(|_| ()),
        Err(rule) => Err(rule.into()),
    };
    back_to_task(state, lang, &v, id, outcome, Typed::Report(form)).await
}

/// After a form on a task's page: the page again when it worked; when the task's state or the
/// input stood in the way, the page again with the reason above it (and the report form as
/// typed); any other refusal on a page of its own.
async fn back_to_task<T>(
    state: &WebState,
    lang: Lang,
    v: &Visitor,
    id: i32,
    outcome: Result<T, StoreError>,
    typed: Typed,
) -> Response {
    match outcome {
        Ok(_) => redirect(&format!("/tasks/{id}")),
        Err(StoreError::Rule(RuleError::Conflict(message) | RuleError::Invalid(message))) => {
            let mut response = task_page(state, lang, v, id, Some(message), typed)
                .await
                .unwrap_or_else(|e| failure(lang, e));
            response.set_status(StatusCode::CONFLICT);
            response
        }
        Err(error) => failure(lang, error),
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    csrf: String,
    version: i32,
    title: String,
    description: Option<String>,
    /// Absent when the page did not offer it (a finished task); empty for "ongoing".
    deadline: Option<String>,
    reason: Option<String>,
}

#[handler]
pub async fn edit(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<EditForm>,
) -> Response {
    let outcome = async {
        let deadline = match form.deadline.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(raw) => Some(Some(form_date(raw, "The deadline")?)),
        };
        let request = TaskEditRequest {
            task_id: id,
            expected_version: Some(form.version),
            edit: TaskEdit {
                // Typed into a text box that wraps: its line breaks are spaces.
                title: Some(Title::parse(&form.title.replace(['\r', '\n'], " "))?),
                description: Some(Note::parse_optional(
                    form.description.as_deref(),
                    "The description",
                )?),
                deadline,
                reason: Note::parse_optional(form.reason.as_deref(), "The reason")?,
            },
        };
        state
            .store
            .edit_task(&v.actor, request, state.clock.now())
            .await
    }
    .await;
    back_to_task(state, lang, &v, id, outcome, Typed::Edit(form)).await
}

#[handler]
pub async fn change_owners(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<PairsForm>,
) -> Response {
    let outcome = async {
        let change = OwnerChange {
            task_id: id,
            expected_version: form.value("version").parse().ok(),
            lead_id: Some(
                form.value("lead_id")
                    .parse()
                    .map_err(|_| RuleError::Invalid("Choose the lead department.".into()))?,
            ),
            co_owner_ids: Some(form.numbers("co_owner")),
            reason: Note::parse(form.value("reason"), "The reason")?,
        };
        state
            .store
            .change_owners(&v.actor, change, state.clock.now())
            .await
    }
    .await;
    back_to_task(state, lang, &v, id, outcome, Typed::Nothing).await
}

#[derive(Deserialize)]
pub struct CancelForm {
    csrf: String,
    reason: String,
}

#[handler]
pub async fn cancel(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<CancelForm>,
) -> Response {
    let outcome = async {
        let reason = Note::parse(&form.reason, "The reason")?;
        state
            .store
            .cancel_task(&v.actor, id, reason, state.clock.now())
            .await
    }
    .await;
    back_to_task(state, lang, &v, id, outcome, Typed::Nothing).await
}

#[derive(Deserialize)]
pub struct ReopenForm {
    csrf: String,
    version: i32,
    note: String,
}

/// Reopening is a report that moves a finished task back to IN_PROGRESS: the same rule (only
/// as the chair) and the same journal entry as through the API.
#[handler]
pub async fn reopen(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<ReopenForm>,
) -> Response {
    let outcome = async {
        let report = TaskReport {
            task_id: id,
            expected_version: Some(form.version),
            status: Some(TaskStatus::InProgress),
            progress: None,
            note: Some(Note::parse(&form.note, "The reason")?),
            document: None,
            attachments: Vec::new(),
        };
        state
            .store
            .report_progress(&v.actor, report, state.clock.now())
            .await
    }
    .await;
    back_to_task(state, lang, &v, id, outcome, Typed::Nothing).await
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

csrf_field!(
    ReportForm,
    ExtensionForm,
    ReviewForm,
    DecideForm,
    EditForm,
    CancelForm,
    ReopenForm
);
