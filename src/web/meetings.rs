//! Meetings: the list, recording one, and assigning its directives.

use std::sync::Arc;

use maud::html;
use poem::web::{Data, Path};
use poem::{handler, Response};
use serde::Deserialize;

use super::{page, redirect, Visitor, WebState};
use crate::domain::validate::Reference;
use crate::domain::{Role, RuleError};
use crate::store::page::PageRequest;
use crate::store::tasks::TaskQuery;
use crate::store::StoreError;

use super::layout::*;

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
            .meetings_page(None, PageRequest::first(100))
            .await?;
        // Meetings are recorded for a committee the person chairs or serves (any, for an
        // administrator).
        let committees = if v.actor.role == Role::Admin {
            state.store.committees().await?
        } else {
            state
                .store
                .committees_of(&[v.actor.user_id])
                .await?
                .remove(&v.actor.user_id)
                .unwrap_or_default()
        };
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
            .tasks_page(&TaskQuery { meeting_id: Some(id), top_level_only: true, ..TaskQuery::default() }, None, PageRequest::first(100), state.clock.now())
            .await?;
        let rows = task_rows(state, lang, &directives.items).await?;
        let departments = if may_record(&v) {
            departments_to_choose(state).await?
        } else {
            Vec::new()
        };
        let boxes = |name: &str| department_boxes(&departments, name, &[]);
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
                    (department_select("lead", "lead_id", &departments, None))
                    label for="deadline" { (text.deadline_or_ongoing) }
                    input #deadline name="deadline" type="date";
                    fieldset { legend { (text.co_owner_departments) } (boxes("co_owner")) }
                    fieldset { legend { (text.split_across) } (boxes("split")) }
                    input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                    p { button { (text.assign) } }
                }
                (super::drafting::draft_form(lang, id, &v.signed_in.csrf_token))
                (super::imports::import_form(lang, id, &v.signed_in.csrf_token))
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

#[handler]
pub async fn assign_directive(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<PairsForm>,
) -> Response {
    let value = |name: &str| form.value(name).to_string();
    let numbers = |name: &str| form.numbers(name);
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

csrf_field!(MeetingForm);
