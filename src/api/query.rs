//! The read side of the API. Everyone signed in may read.

use async_graphql::connection::Connection;
use async_graphql::{Context, Object, ID};

use super::connections::{self, Totals};
use super::error::{ApiError, ApiResult};
use super::ids::{self, Kind};
use super::loaders::{CommitteeKey, DepartmentKey, MeetingKey, TaskKey, UserKey};
use super::scalars::Date;
use super::types::{
    meeting_connection, task_connection, Committee, DeliveryState, Department,
    DepartmentTransferPreview, DirectiveDraft, DraftUnit, ExtensionRequest, Meeting, Node,
    PeriodInput, ProgressReport, ProgressUpdate, Reminder, ScoreGrouping, Scorecard, Task,
    TaskFilter, TaskOrderBy, User,
};
use super::{actor, loader, now, signed_in_user, store};
use crate::domain::drafting::{match_unit, suggested_title};
use crate::domain::periods::PeriodChoice;
use crate::domain::permissions::ReminderScope;
use crate::extract::MAX_TEXT_CHARS;
use crate::reading::drafts_of;
use crate::store::page::PageRequest;
use crate::store::reminders::ReminderQuery;
use crate::store::report::ReportScope;
use crate::store::scorecard::ScorecardScope;

/// The root of every read.
pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    /// What `transferDepartment` would move from one body to its successor, for an
    /// administrator to check first; nothing is written.
    async fn department_transfer_preview(
        &self,
        ctx: &Context<'_>,
        from_id: ID,
        to_id: ID,
    ) -> ApiResult<DepartmentTransferPreview> {
        actor(ctx)?.may_manage_directory()?;
        let from = ids::decode(Kind::Department, &from_id)?;
        let to = ids::decode(Kind::Department, &to_id)?;
        Ok(store(ctx)?.transfer_plan(from, to).await?.into())
    }

    /// Everyone with an account, in the order they were added (administrators only: the list
    /// carries addresses).
    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, User, Totals>> {
        actor(ctx)?.may_manage_directory()?;
        let request = PageRequest::parse(first, after.as_deref())?;
        let store = store(ctx)?;
        let page = store.people_page(request.clone()).await?;
        let total = if connections::wants_total(ctx) {
            store.count_people().await?
        } else {
            0
        };
        Ok(connections::build(page, &request, total, |u| u.id, User))
    }

    /// The signed-in person.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        actor(ctx)?;
        Ok(signed_in_user(ctx)?.cloned().map(User))
    }

    /// Any record by its ID.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Option<Node>> {
        actor(ctx)?;
        let Some((kind, number)) = ids::decode_any(&id) else {
            return Err(ApiError::BadUserInput(format!(
                "\"{}\" is not an ID this server gave out.",
                id.as_str()
            )));
        };
        let loader = loader(ctx)?;
        let store = store(ctx)?;
        Ok(match kind {
            Kind::User => loader
                .load_one(UserKey(number))
                .await?
                .map(|m| Node::User(User(m))),
            Kind::Department => loader
                .load_one(DepartmentKey(number))
                .await?
                .map(|m| Node::Department(Department(m))),
            Kind::Committee => loader
                .load_one(CommitteeKey(number))
                .await?
                .map(|m| Node::Committee(Committee(m))),
            Kind::Meeting => loader
                .load_one(MeetingKey(number))
                .await?
                .map(|m| Node::Meeting(Meeting(m))),
            Kind::Task => loader
                .load_one(TaskKey(number))
                .await?
                .map(|m| Node::Task(Task(m))),
            Kind::ProgressUpdate => store
                .journal_entries_by_ids(&[number])
                .await?
                .remove(&number)
                .map(|m| Node::ProgressUpdate(ProgressUpdate(m))),
            Kind::ExtensionRequest => store
                .extension_requests_by_ids(&[number])
                .await?
                .remove(&number)
                .map(|m| Node::ExtensionRequest(ExtensionRequest(m))),
            Kind::Reminder => {
                let scope = actor(ctx)?.reminder_scope()?;
                let Some(found) = store.reminders_by_ids(&[number]).await?.remove(&number) else {
                    return Ok(None);
                };
                let visible = match scope {
                    ReminderScope::All => true,
                    ReminderScope::Department(department) => loader
                        .load_one(TaskKey(found.task_id))
                        .await?
                        .is_some_and(|task| task.lead_id == department),
                };
                visible.then_some(Node::Reminder(Reminder(found)))
            }
        })
    }

    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn committees(&self, ctx: &Context<'_>) -> ApiResult<Vec<Committee>> {
        actor(ctx)?;
        Ok(store(ctx)?
            .committees()
            .await?
            .into_iter()
            .map(Committee)
            .collect())
    }

    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn departments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Department, Totals>> {
        actor(ctx)?;
        let request = PageRequest::parse(first, after.as_deref())?;
        let store = store(ctx)?;
        let page = store.departments_page(request.clone()).await?;
        let total = if connections::wants_total(ctx) {
            store.count_departments().await?
        } else {
            0
        };
        Ok(connections::build(
            page,
            &request,
            total,
            |d| d.id,
            Department,
        ))
    }

    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        committee_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Meeting, Totals>> {
        actor(ctx)?;
        let committee = committee_id
            .map(|id| ids::decode(Kind::Committee, &id))
            .transpose()?;
        meeting_connection(ctx, committee, first, after).await
    }

    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        filter: Option<TaskFilter>,
        order_by: Option<TaskOrderBy>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Task, Totals>> {
        actor(ctx)?;
        let query = filter
            .map(TaskFilter::into_query)
            .transpose()?
            .unwrap_or_default();
        task_connection(ctx, query, order_by, first, after).await
    }

    /// Reminders, newest first: all of them for the chair and the secretary, those about their
    /// department's tasks for a liaison.
    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn reminders(
        &self,
        ctx: &Context<'_>,
        state: Option<DeliveryState>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Reminder, Totals>> {
        let scope = actor(ctx)?.reminder_scope()?;
        let request = PageRequest::parse(first, after.as_deref())?;
        let query = ReminderQuery {
            state: state.map(|s| s.as_stored().to_string()),
            department_id: match scope {
                ReminderScope::All => None,
                ReminderScope::Department(department) => Some(department),
            },
            task_id: None,
        };
        let store = store(ctx)?;
        let page = store.reminders_page(&query, request.clone()).await?;
        let total = if connections::wants_total(ctx) {
            store.count_reminders(&query).await?
        } else {
            0
        };
        Ok(connections::build(
            page,
            &request,
            total,
            |r| r.id,
            Reminder,
        ))
    }

    /// How the tasks stand as of a day (today in the committee's time zone by default). A
    /// directive split across departments counts once per department.
    async fn progress_report(
        &self,
        ctx: &Context<'_>,
        committee_id: Option<ID>,
        meeting_id: Option<ID>,
        as_of: Option<Date>,
    ) -> ApiResult<ProgressReport> {
        actor(ctx)?;
        let scope = ReportScope {
            committee_id: committee_id
                .map(|id| ids::decode(Kind::Committee, &id))
                .transpose()?,
            meeting_id: meeting_id
                .map(|id| ids::decode(Kind::Meeting, &id))
                .transpose()?,
            as_of: as_of.map(|d| d.0),
        };
        let store = store(ctx)?;
        if let Some(committee) = scope.committee_id {
            store.committee(committee).await?;
        }
        Ok(store.progress_report(scope, now(ctx)?).await?.into())
    }

    /// How each lead department (or meeting, or committee) stood at the end of a period, best
    /// first: the four published classes with their denominators, rates, ageing of overdue
    /// work, extensions and returns. Past days are read from the tasks' history, as things
    /// stood then. Without a period, the quarter that holds today.
    async fn scorecard(
        &self,
        ctx: &Context<'_>,
        committee_id: Option<ID>,
        meeting_id: Option<ID>,
        department_id: Option<ID>,
        period: Option<PeriodInput>,
        #[graphql(default_with = "ScoreGrouping::Department")] group_by: ScoreGrouping,
    ) -> ApiResult<Scorecard> {
        actor(ctx)?;
        let committee_id = committee_id
            .map(|id| ids::decode(Kind::Committee, &id))
            .transpose()?;
        let store = store(ctx)?;
        if let Some(committee) = committee_id {
            store.committee(committee).await?;
        }
        let now = now(ctx)?;
        let today = store.reporting_today(committee_id, now).await?;
        let period = period
            .map_or_else(PeriodChoice::default, PeriodChoice::from)
            .resolve(today)?;
        let scope = ScorecardScope {
            committee_id,
            meeting_id: meeting_id
                .map(|id| ids::decode(Kind::Meeting, &id))
                .transpose()?,
            department_id: department_id
                .map(|id| ids::decode(Kind::Department, &id))
                .transpose()?,
            period,
            grouping: group_by.into(),
        };
        Ok(store.scorecard(scope, now).await?.into())
    }

    /// The directives a meeting's text gives (its conclusion notice, a news item), drafted for
    /// the secretary to confirm with `assignDrafts`; nothing is written. Units are matched to
    /// the departments by name, code and other names; group addressees to the departments of
    /// their groups. The meeting's day is the year of dates written without one.
    async fn draft_directives(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        text: String,
    ) -> ApiResult<Vec<DirectiveDraft>> {
        actor(ctx)?;
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(ApiError::BadUserInput(format!(
                "The text is longer than {MAX_TEXT_CHARS} characters; send the part with the directives."
            )));
        }
        let meeting_id = ids::decode(Kind::Meeting, &meeting_id)?;
        let store = store(ctx)?;
        let meeting = store
            .meetings_by_ids(&[meeting_id])
            .await?
            .remove(&meeting_id)
            .ok_or_else(|| ApiError::NotFound("The meeting".into()))?;
        let candidates = store.drafting_candidates().await?;
        let wanted: Vec<i32> = candidates.iter().map(|c| c.id).collect();
        let departments = store.departments_by_ids(&wanted).await?;
        let unit = |name: &String, group: bool| DraftUnit {
            name: name.clone(),
            departments: match_unit(name, group, &candidates)
                .into_iter()
                .filter_map(|id| departments.get(&id).cloned().map(Department))
                .collect(),
        };
        Ok(drafts_of(text, Some(meeting.held_on))
            .await
            .into_iter()
            .map(|draft| DirectiveDraft {
                title: suggested_title(&draft.text),
                start: i32::try_from(draft.start).unwrap_or(i32::MAX),
                end: i32::try_from(draft.end).unwrap_or(i32::MAX),
                lead: draft
                    .lead
                    .iter()
                    .map(|name| unit(name, draft.groups.contains(name)))
                    .collect(),
                co_owners: draft
                    .co_owners
                    .iter()
                    .map(|name| unit(name, draft.groups.contains(name)))
                    .collect(),
                group: draft.group,
                deadline: draft.deadline.map(Date),
                deadline_phrase: draft.deadline_phrase,
                confidence: draft.confidence,
                text: draft.text,
            })
            .collect())
    }
}
