//! Deadlines in the calendar people already use: an iCalendar (RFC 5545) feed at an unguessable
//! address per person, read by calendar applications without signing in; the person makes,
//! replaces or revokes the address on their tasks page.

use std::sync::Arc;

use icalendar::{Calendar, Component, Event, EventLike};
use maud::{html, Markup};
use poem::http::{header, StatusCode};
use poem::web::{Data, Path};
use poem::{handler, IntoResponse, Response};
use serde::Deserialize;

use super::{page, redirect, Lang, Visitor, WebState};
use crate::store::directory::actor_of;
use crate::store::entities::task;
use crate::store::StoreError;

use super::layout::*;

/// One deadline as the feed shows it.
struct Deadline<'a> {
    task: &'a task::Model,
    meeting: &'a str,
    lead: &'a str,
}

/// The feed: one all-day event per deadline. The UID stays with the task and SEQUENCE follows
/// its version, so a calendar updates an event when the task changes; a task finished or
/// cancelled leaves the feed, and the calendar drops its event.
fn feed(lang: Lang, owner: &str, deadlines: &[Deadline<'_>], public_url: &str) -> String {
    let text = lang.text();
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("dondoc");
    let mut calendar = Calendar::new();
    calendar
        .name(&format!("{} – {owner}", text.calendar_name))
        .append_property(("REFRESH-INTERVAL;VALUE=DURATION", "PT1H"))
        .append_property(("X-PUBLISHED-TTL", "PT1H"));
    for deadline in deadlines {
        let Some(day) = deadline.task.deadline else {
            continue;
        };
        let link = format!("{public_url}/tasks/{}", deadline.task.id);
        let event = Event::new()
            .uid(&format!("task-{}@{host}", deadline.task.id))
            .summary(&format!("{}: {}", text.deadline, deadline.task.title))
            .description(&format!(
                "{}: {}\n{}: {}\n{}: {}%\n{link}",
                text.meeting,
                deadline.meeting,
                text.lead,
                deadline.lead,
                text.progress,
                deadline.task.progress
            ))
            .url(&link)
            // DTEND is exclusive: the event is the whole deadline day.
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day))
            .timestamp(deadline.task.updated_at)
            .last_modified(deadline.task.updated_at)
            .sequence(u32::try_from(deadline.task.version).unwrap_or(0))
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

#[handler]
pub async fn calendar_feed(
    Path(token): Path<String>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let token = token.trim_end_matches(".ics");
    let result = async {
        let Some(owner) = state.store.calendar_feed_owner(token).await? else {
            return Ok::<_, StoreError>(None);
        };
        let actor = actor_of(&owner)?;
        let now = state.clock.now();
        let tasks = state.store.calendar_tasks(&actor, now).await?;
        let meetings = state
            .store
            .meetings_by_ids(&tasks.iter().map(|t| t.meeting_id).collect::<Vec<_>>())
            .await?;
        let leads = state
            .store
            .departments_by_ids(&tasks.iter().map(|t| t.lead_id).collect::<Vec<_>>())
            .await?;
        let deadlines: Vec<Deadline<'_>> = tasks
            .iter()
            .map(|task| Deadline {
                task,
                meeting: meetings
                    .get(&task.meeting_id)
                    .map_or("", |m| m.title.as_str()),
                lead: leads.get(&task.lead_id).map_or("", |d| d.name.as_str()),
            })
            .collect();
        Ok(Some(feed(
            Lang::Vi,
            &owner.name,
            &deadlines,
            &state.public_url,
        )))
    }
    .await;
    match result {
        Ok(Some(body)) => body
            .with_content_type("text/calendar; charset=utf-8")
            .with_header(header::CACHE_CONTROL, "private, max-age=900")
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure(Lang::Vi, error),
    }
}

/// The card on the tasks page that makes, replaces or revokes the person's feed address.
pub(super) fn subscribe_card(lang: Lang, csrf: &str, has_feed: bool) -> Markup {
    let text = lang.text();
    html! {
        section {
            h2 { (text.calendar_title) }
            p { (text.calendar_explained) }
            form.inline method="post" action="/calendar" {
                input type="hidden" name="csrf" value=(csrf);
                button { (if has_feed { text.calendar_renew } else { text.calendar_make }) }
            }
            @if has_feed {
                " "
                form.inline method="post" action="/calendar/revoke" {
                    input type="hidden" name="csrf" value=(csrf);
                    button { (text.calendar_revoke) }
                }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct FeedForm {
    csrf: String,
}

#[handler]
pub async fn renew(
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form: _,
    }: SignedInForm<FeedForm>,
) -> Response {
    match state
        .store
        .renew_calendar_feed(&v.actor, state.clock.now())
        .await
    {
        Ok(token) => feed_page(state, lang, &v, &token),
        Err(error) => failure(lang, error),
    }
}

fn feed_page(state: &WebState, lang: Lang, v: &Visitor, token: &str) -> Response {
    let text = lang.text();
    let address = format!("{}/calendar/{token}.ics", state.public_url);
    let webcal = address
        .replacen("https://", "webcal://", 1)
        .replacen("http://", "webcal://", 1);
    let body = html! {
        p role="status" { (text.calendar_ready) }
        p { code { (address) } }
        p { a href=(webcal) { (text.calendar_open_in_app) } }
        p { (text.calendar_keep_secret) }
        p { a href="/my" { (text.tasks_menu) } }
    };
    page(lang, text.calendar_title, Some(v), body)
}

#[handler]
pub async fn revoke(
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form: _,
    }: SignedInForm<FeedForm>,
) -> Response {
    match state
        .store
        .revoke_calendar_feeds(&v.actor, state.clock.now())
        .await
    {
        Ok(()) => redirect("/my"),
        Err(error) => failure(lang, error),
    }
}

csrf_field!(FeedForm);

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn a_deadline_is_an_all_day_event_that_follows_its_task() {
        let task = task::Model {
            id: 7,
            committee_id: 1,
            meeting_id: 1,
            parent_id: None,
            title: "Kiện toàn Ban Chỉ đạo; cấp huyện, xã".into(),
            description: None,
            search_text: String::new(),
            lead_id: 1,
            deadline: "2026-12-31".parse().ok(),
            due_on: "2026-12-31".parse().ok(),
            status: "IN_PROGRESS".into(),
            progress: 40,
            submitted_on: None,
            completed_on: None,
            version: 3,
            created_by: 1,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        };
        let text = feed(
            Lang::Vi,
            "Đầu mối",
            &[Deadline {
                task: &task,
                meeting: "Hội nghị",
                lead: "Sở Công Thương",
            }],
            "https://dondoc.example.gov.vn",
        );
        assert!(text.contains("UID:task-7@dondoc.example.gov.vn"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20261231"), "{text}");
        assert!(text.contains("SEQUENCE:3"), "{text}");
        assert!(
            text.contains("Kiện toàn Ban Chỉ đạo\\; cấp huyện\\, xã"),
            "{text}"
        );
    }
}
