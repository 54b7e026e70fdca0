//! The chair's dashboard: standings and departments as charts, the work waiting for a decision,
//! the overdue list.

use std::collections::HashMap;
use std::sync::Arc;

use maud::{html, Markup};
use poem::web::{Data, Query};
use poem::{handler, Response};

use super::{page, scorecards, Lang, WebState};
use crate::domain::ordering::TaskOrder;
use crate::domain::permissions::{CommitteeStanding, TaskAccess};
use crate::domain::{Role, TaskStatus, Timeliness};
use crate::store::entities::{committee, task};
use crate::store::page::PageRequest;
use crate::store::report::ReportScope;
use crate::store::tasks::TaskQuery;
use crate::store::StoreError;
use scorecards::ScorecardParams;

use super::layout::*;

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

/// The committee switcher: the committees a person chairs or serves (every committee for an
/// administrator), when there is more than one to choose from.
fn switcher(lang: Lang, committees: &[committee::Model], shown: Option<i32>) -> Markup {
    let text = lang.text();
    html! {
        @if committees.len() > 1 {
            form.switcher method="get" action="/dashboard" {
                label for="committee-switch" { (text.committee) }
                select #committee-switch name="committee" {
                    option value="" selected[shown.is_none()] { (text.all_committees) }
                    @for committee in committees {
                        option value=(committee.id) selected[shown == Some(committee.id)] {
                            (committee.short_name.as_deref().unwrap_or(&committee.name))
                        }
                    }
                }
                " "
                button { (text.show) }
            }
        }
    }
}

#[handler]
pub async fn dashboard(
    SignedIn { lang, visitor: v }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
    Query(query): Query<ScorecardParams>,
) -> Response {
    let result = async {
        let all = state.store.committees().await?;
        let chairs: HashMap<i32, Option<i32>> = all.iter().map(|c| (c.id, c.chair_id)).collect();
        let chaired: Vec<i32> = chairs
            .iter()
            .filter(|(_, chair)| **chair == Some(v.actor.user_id))
            .map(|(id, _)| *id)
            .collect();
        // The same rule that decides a review or an extension decides whether its form shows.
        let decides = |task: &task::Model| {
            let chair = chairs.get(&task.committee_id).copied().flatten();
            v.actor
                .may_decide(TaskAccess::of(
                    &v.actor,
                    task.lead_id,
                    &[],
                    CommitteeStanding::of(&v.actor, chair, false),
                ))
                .is_ok()
        };
        let theirs: Vec<committee::Model> = if v.actor.role == Role::Admin {
            all.clone()
        } else {
            state
                .store
                .committees_of(&[v.actor.user_id])
                .await?
                .remove(&v.actor.user_id)
                .unwrap_or_default()
        };
        // The committee asked for; else the one a person chairs or serves, when only one;
        // else all of them. Everyone may read every committee's standing.
        let asked = query.committee_choice()?;
        let committee_id = match (asked, v.actor.role, chaired.as_slice(), theirs.as_slice()) {
            (Some(Some(id)), ..) => Some(state.store.committee(id).await?.id),
            (Some(None), ..) => None,
            (None, Role::Chair, [only], _) => Some(*only),
            (None, _, _, [only]) => Some(only.id),
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
            .tasks_page(&TaskQuery { timeliness: vec![Timeliness::Overdue], committee_id, ..TaskQuery::default() }, Some(TaskOrder::MOST_PRESSING), PageRequest::first(100), state.clock.now())
            .await?;
        let submitted = state
            .store
            .tasks_page(&TaskQuery { statuses: vec![TaskStatus::Submitted], committee_id, ..TaskQuery::default() }, None, PageRequest::first(100), state.clock.now())
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
        let scorecard = scorecards::load(&state.store, state.clock.now(), lang, &query, committee_id).await?;
        let today = state.store.reporting_today(committee_id, state.clock.now()).await?;
        let text = lang.text();
        let body = html! {
            (switcher(lang, &theirs, committee_id))
            (super::exports::download_links(lang, &committee_id.map(|id| format!("committee={id}")).unwrap_or_default()))
            p { (text.as_of) " " (report.as_of.format("%d/%m/%Y")) " · " (text.task_total) " " (report.total) }
            section { h2 { (text.by_timeliness) } (bar_chart(text.tasks_by_timeliness, &totals)) }
            section { h2 { (text.departments_by_overdue) } (bar_chart(text.overdue_by_department, &ranking)) }
            (scorecards::section(lang, &query, &scorecard, committee_id, today))
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
