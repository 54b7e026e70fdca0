//! The GraphQL object types: thin wrappers over stored rows whose related records come through
//! the DataLoaders and whose derived values come from the domain.

use async_graphql::connection::Connection;
use async_graphql::{
    ComplexObject, Context, Enum, InputObject, Interface, Object, SimpleObject, ID,
};
use chrono::{DateTime, Utc};

use super::connections::{self, Totals};
use super::error::{ApiError, ApiResult};
use super::ids::{self, Kind};
use super::loaders::{
    AttachmentsOf, CoOwnersOf, CommitteeKey, CommitteesOf, DepartmentKey, ExtensionsOf, LiaisonsOf,
    MeetingKey, MembersOf, RemindersOf, SubtasksOf, TaskKey, UserKey,
};
use super::scalars::Date;
use super::{actor, loader, now, store};
use crate::domain::calendar::{local_day, parse_time_zone};
use crate::domain::permissions::ReminderScope;
use crate::domain::validate::SearchText;
use crate::domain::{self, RuleError};
use crate::store::entities::{
    attachment, committee, committee_change, department, extension_request, meeting, reminder,
    task, task_update, user,
};
use crate::store::page::{encode_cursor, encode_ordered_cursor, PageRequest};
use crate::store::tasks::{sort_key, TaskQuery};

/// Declares a GraphQL enum that mirrors a domain enum variant for variant, with the conversions
/// both ways, so that the API and the rules cannot drift apart.
macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident mirrors $domain:ty { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value {
                    $(<$domain>::$variant => $name::$variant),+
                }
            }
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => <$domain>::$variant),+
                }
            }
        }
    };
}

mirror_enum!(
    /// What a list of tasks is sorted by. Ties keep the order of assignment.
    TaskOrderField mirrors domain::ordering::TaskOrderField {
        Deadline, DueOn, UpdatedAt, CreatedAt, Title, Progress,
    }
);

mirror_enum!(
    /// Which way a list runs; tasks without a deadline come last either way.
    SortDirection mirrors domain::ordering::SortDirection { Asc, Desc }
);

/// The order of a list of tasks.
#[derive(InputObject, Clone, Copy)]
pub struct TaskOrderBy {
    pub field: TaskOrderField,
    #[graphql(default_with = "SortDirection::Asc")]
    pub direction: SortDirection,
}

impl From<TaskOrderBy> for domain::ordering::TaskOrder {
    fn from(order: TaskOrderBy) -> Self {
        domain::ordering::TaskOrder {
            field: order.field.into(),
            direction: order.direction.into(),
        }
    }
}

mirror_enum!(
    /// The part a person plays.
    Role mirrors domain::Role { Admin, Chair, Secretary, Liaison, Viewer }
);

mirror_enum!(
    /// Where a task stands.
    TaskStatus mirrors domain::TaskStatus { NotStarted, InProgress, Submitted, Done, Cancelled }
);

mirror_enum!(
    /// How a task stands against its deadline, as of today in its committee's time zone.
    Timeliness mirrors domain::Timeliness {
        OnTrack, DueSoon, Overdue, DoneOnTime, DoneLate, NoDeadline, Cancelled,
    }
);

mirror_enum!(
    /// What a reminder e-mail line is about: a deadline, from gentle to urgent, or a notice of a
    /// change (a new task, the chair's decision).
    ReminderKind mirrors domain::reminders::ReminderKind {
        DueSoon, DueToday, Overdue, Escalation, Assigned, Accepted, Returned,
        ExtensionApproved, ExtensionRejected, HandedOver, DeadlineChanged,
    }
);

/// Where a reminder's e-mail stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting to be sent, or to be tried again.
    Pending,
    Sent,
    /// Refused by the mail server, or not deliverable before the day ended: see lastError.
    Failed,
}

impl DeliveryState {
    pub fn as_stored(self) -> &'static str {
        use crate::store::reminders::{FAILED, PENDING, SENT};
        match self {
            DeliveryState::Pending => PENDING,
            DeliveryState::Sent => SENT,
            DeliveryState::Failed => FAILED,
        }
    }
}

/// The chair's answer to an extension request.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionDecision {
    Pending,
    Approved,
    Rejected,
}

fn parse_stored<T: std::str::FromStr<Err = RuleError>>(raw: &str) -> ApiResult<T> {
    raw.parse::<T>().map_err(|_| {
        tracing::error!(value = raw, "unexpected value stored in the database");
        ApiError::Internal
    })
}

/// Something with a global ID.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    User(User),
    Department(Department),
    Committee(Committee),
    Meeting(Meeting),
    Task(Task),
    ProgressUpdate(ProgressUpdate),
    ExtensionRequest(ExtensionRequest),
    Reminder(Reminder),
}

/// A person who signs in.
pub struct User(pub user::Model);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ids::encode(Kind::User, self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn role(&self) -> ApiResult<Role> {
        parse_stored::<domain::Role>(&self.0.role).map(Role::from)
    }
    /// The department a liaison acts for.
    async fn department(&self, ctx: &Context<'_>) -> ApiResult<Option<Department>> {
        load_optional_department(ctx, self.0.department_id).await
    }
    /// False once deactivated: their tokens, sessions and sign-in links no longer work.
    async fn active(&self) -> bool {
        self.0.revoked_at.is_none()
    }
    /// The committees they serve (as a secretary or viewer) or chair.
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn committees(&self, ctx: &Context<'_>) -> ApiResult<Vec<Committee>> {
        let found = loader(ctx)?.load_one(CommitteesOf(self.0.id)).await?;
        Ok(found
            .unwrap_or_default()
            .into_iter()
            .map(Committee)
            .collect())
    }
}

/// A body that receives tasks: a provincial department, the Cooperative Alliance, a district.
pub struct Department(pub department::Model);

#[Object]
impl Department {
    async fn id(&self) -> ID {
        ids::encode(Kind::Department, self.0.id)
    }
    /// Unique short code, e.g. "SCT".
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The department's own address for reminders.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Other names a meeting's text may use for it ("Sở NN&PTNT").
    async fn aliases(&self) -> Vec<String> {
        crate::domain::drafting::lines_of(&self.0.aliases)
    }
    /// Groups it belongs to ("huyện"), which group addressees of a text ("UBND các huyện,
    /// thành phố") mean.
    async fn groups(&self) -> Vec<String> {
        crate::domain::drafting::lines_of(&self.0.groups)
    }
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Department>> {
        load_optional_department(ctx, self.0.parent_id).await
    }
    /// False once deactivated (merged, dissolved): it keeps its history but takes no new tasks.
    async fn active(&self) -> bool {
        self.0.deactivated_at.is_none()
    }
    async fn deactivated_at(&self) -> Option<DateTime<Utc>> {
        self.0.deactivated_at
    }
    /// The body that took over its open tasks in a reorganisation.
    async fn successor(&self, ctx: &Context<'_>) -> ApiResult<Option<Department>> {
        load_optional_department(ctx, self.0.successor_id).await
    }
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn liaisons(&self, ctx: &Context<'_>) -> ApiResult<Vec<User>> {
        let found = loader(ctx)?.load_one(LiaisonsOf(self.0.id)).await?;
        Ok(found.unwrap_or_default().into_iter().map(User).collect())
    }
    /// Tasks this department leads or co-owns.
    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn tasks(
        &self,
        ctx: &Context<'_>,
        filter: Option<TaskFilter>,
        order_by: Option<TaskOrderBy>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Task, Totals>> {
        let mut query = filter
            .map(TaskFilter::into_query)
            .transpose()?
            .unwrap_or_default();
        query.department_id = Some(self.0.id);
        task_connection(ctx, query, order_by, first, after).await
    }
}

/// A standing body that meets and issues directives.
pub struct Committee(pub committee::Model);

#[Object]
impl Committee {
    async fn id(&self) -> ID {
        ids::encode(Kind::Committee, self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// IANA name, e.g. "Asia/Ho_Chi_Minh".
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }
    /// "vi" or "en": the language of its reminders.
    async fn language(&self) -> &str {
        &self.0.language
    }
    async fn chair(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        let Some(id) = self.0.chair_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(UserKey(id)).await?.map(User))
    }
    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Meeting, Totals>> {
        meeting_connection(ctx, Some(self.0.id), first, after).await
    }
    /// Its members: the secretaries who act on it, and viewers. Its chair is `chair`.
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn members(&self, ctx: &Context<'_>) -> ApiResult<Vec<User>> {
        let found = loader(ctx)?.load_one(MembersOf(self.0.id)).await?;
        Ok(found.unwrap_or_default().into_iter().map(User).collect())
    }
    /// Changes to its settings and members, newest first.
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn changes(&self, ctx: &Context<'_>) -> ApiResult<Vec<CommitteeChange>> {
        actor(ctx)?;
        Ok(store(ctx)?
            .committee_changes(self.0.id, COMMITTEE_CHANGES_SHOWN)
            .await?
            .into_iter()
            .map(CommitteeChange)
            .collect())
    }
}

/// How many changes `Committee.changes` lists.
const COMMITTEE_CHANGES_SHOWN: u64 = 100;

/// One changed setting of a committee (or a member added or removed), before and after.
pub struct CommitteeChange(pub committee_change::Model);

#[Object]
impl CommitteeChange {
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<User> {
        load_user(ctx, self.0.author_id).await
    }
    /// name, shortName, chair, timeZone, language, reminders (JSON), or member.
    async fn field(&self) -> &str {
        &self.0.field
    }
    /// The value before; for chair and member, the person's ID.
    async fn from(&self) -> Option<String> {
        self.person_or_value(self.0.value_from.as_deref())
    }
    async fn to(&self) -> Option<String> {
        self.person_or_value(self.0.value_to.as_deref())
    }
}

impl CommitteeChange {
    /// People are named by the ID the API gives them, other values as they are.
    fn person_or_value(&self, raw: Option<&str>) -> Option<String> {
        let raw = raw?;
        match self.0.field.as_str() {
            "chair" | "member" => raw
                .parse()
                .ok()
                .map(|id| ids::encode(Kind::User, id).to_string()),
            _ => Some(raw.to_string()),
        }
    }
}

/// One sitting of a committee.
pub struct Meeting(pub meeting::Model);

#[Object]
impl Meeting {
    async fn id(&self) -> ID {
        ids::encode(Kind::Meeting, self.0.id)
    }
    async fn committee(&self, ctx: &Context<'_>) -> ApiResult<Committee> {
        load_committee(ctx, self.0.committee_id)
            .await
            .map(Committee)
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn held_on(&self) -> Date {
        Date(self.0.held_on)
    }
    /// The conclusion notice, e.g. "123/TB-UBND".
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
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
        let mut query = filter
            .map(TaskFilter::into_query)
            .transpose()?
            .unwrap_or_default();
        query.meeting_id = Some(self.0.id);
        task_connection(ctx, query, order_by, first, after).await
    }
}

async fn load_committee(ctx: &Context<'_>, id: i32) -> ApiResult<committee::Model> {
    loader(ctx)?
        .load_one(CommitteeKey(id))
        .await?
        .ok_or_else(|| {
            tracing::error!(
                committee = id,
                "a stored row names a committee that does not exist"
            );
            ApiError::Internal
        })
}

async fn load_department(ctx: &Context<'_>, id: i32) -> ApiResult<Department> {
    loader(ctx)?
        .load_one(DepartmentKey(id))
        .await?
        .map(Department)
        .ok_or_else(|| {
            tracing::error!(
                department = id,
                "a stored row names a department that does not exist"
            );
            ApiError::Internal
        })
}

async fn load_optional_department(
    ctx: &Context<'_>,
    id: Option<i32>,
) -> ApiResult<Option<Department>> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(loader(ctx)?
        .load_one(DepartmentKey(id))
        .await?
        .map(Department))
}

async fn load_departments(ctx: &Context<'_>, ids: &[i32]) -> ApiResult<Vec<Department>> {
    let found = loader(ctx)?
        .load_many(ids.iter().copied().map(DepartmentKey))
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.get(&DepartmentKey(*id)).cloned().map(Department))
        .collect())
}

async fn load_user(ctx: &Context<'_>, id: i32) -> ApiResult<User> {
    loader(ctx)?
        .load_one(UserKey(id))
        .await?
        .map(User)
        .ok_or_else(|| {
            tracing::error!(user = id, "a stored row names a person who does not exist");
            ApiError::Internal
        })
}

async fn load_task(ctx: &Context<'_>, id: i32) -> ApiResult<Task> {
    loader(ctx)?
        .load_one(TaskKey(id))
        .await?
        .map(Task)
        .ok_or_else(|| {
            tracing::error!(task = id, "a stored row names a task that does not exist");
            ApiError::Internal
        })
}

/// One assignment made at a meeting.
pub struct Task(pub task::Model);

#[Object]
impl Task {
    async fn id(&self) -> ID {
        ids::encode(Kind::Task, self.0.id)
    }
    async fn meeting(&self, ctx: &Context<'_>) -> ApiResult<Meeting> {
        loader(ctx)?
            .load_one(MeetingKey(self.0.meeting_id))
            .await?
            .map(Meeting)
            .ok_or(ApiError::Internal)
    }
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Task>> {
        match self.0.parent_id {
            Some(id) => load_task(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }
    /// One per department a directive was split across.
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn subtasks(&self, ctx: &Context<'_>) -> ApiResult<Vec<Task>> {
        let found = loader(ctx)?.load_one(SubtasksOf(self.0.id)).await?;
        Ok(found.unwrap_or_default().into_iter().map(Task).collect())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// The department accountable for the task.
    async fn lead(&self, ctx: &Context<'_>) -> ApiResult<Department> {
        load_department(ctx, self.0.lead_id).await
    }
    /// Departments that contribute; they report but are not accountable.
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn co_owners(&self, ctx: &Context<'_>) -> ApiResult<Vec<Department>> {
        let loader = loader(ctx)?;
        let ids = loader
            .load_one(CoOwnersOf(self.0.id))
            .await?
            .unwrap_or_default();
        let found = loader
            .load_many(ids.iter().copied().map(DepartmentKey))
            .await?;
        Ok(ids
            .iter()
            .filter_map(|id| found.get(&DepartmentKey(*id)).cloned().map(Department))
            .collect())
    }
    /// Null: ongoing, no deadline.
    async fn deadline(&self) -> Option<Date> {
        self.0.deadline.map(Date)
    }
    async fn status(&self) -> ApiResult<TaskStatus> {
        parse_stored::<domain::TaskStatus>(&self.0.status).map(TaskStatus::from)
    }
    /// The day the deadline really ends: a deadline on a weekend or public holiday ends at the
    /// end of the next working day (Civil Code 2015, article 148).
    async fn due_on(&self) -> Option<Date> {
        self.0.due_on.map(Date)
    }
    /// Derived, as of today in the committee's time zone, against dueOn.
    async fn timeliness(&self, ctx: &Context<'_>) -> ApiResult<Timeliness> {
        let committee = load_committee(ctx, self.0.committee_id).await?;
        let today = local_day(parse_time_zone(&committee.time_zone)?, now(ctx)?);
        Ok(store(ctx)?.timeliness_on(&self.0, today)?.into())
    }
    /// 0 to 100; a parent's is the mean of its subtasks'.
    async fn progress(&self) -> i32 {
        self.0.progress
    }
    async fn submitted_on(&self) -> Option<Date> {
        self.0.submitted_on.map(Date)
    }
    async fn completed_on(&self) -> Option<Date> {
        self.0.completed_on.map(Date)
    }
    /// Increases on every change; see UpdateTaskInput.expectedVersion.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The journal, newest first.
    #[graphql(complexity = "crate::api::cost::connection(first, child_complexity)")]
    async fn updates(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, ProgressUpdate, Totals>> {
        let request = PageRequest::parse(first, after.as_deref())?;
        let store = store(ctx)?;
        let page = store.journal_page(self.0.id, request.clone()).await?;
        let total = if connections::wants_total(ctx) {
            store.count_journal(self.0.id).await?
        } else {
            0
        };
        Ok(connections::build(
            page,
            &request,
            total,
            |u| u.id,
            ProgressUpdate,
        ))
    }
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn extension_requests(&self, ctx: &Context<'_>) -> ApiResult<Vec<ExtensionRequest>> {
        let found = loader(ctx)?.load_one(ExtensionsOf(self.0.id)).await?;
        Ok(found
            .unwrap_or_default()
            .into_iter()
            .map(ExtensionRequest)
            .collect())
    }
    /// The reminders sent about this task, newest first: all of them for the chair and the
    /// secretary, those of their own department's tasks for a liaison.
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn reminders(&self, ctx: &Context<'_>) -> ApiResult<Vec<Reminder>> {
        let visible = match actor(ctx)?.reminder_scope()? {
            ReminderScope::All => true,
            ReminderScope::Department(department) => department == self.0.lead_id,
        };
        if !visible {
            return Ok(Vec::new());
        }
        let found = loader(ctx)?.load_one(RemindersOf(self.0.id)).await?;
        Ok(found
            .unwrap_or_default()
            .into_iter()
            .map(Reminder)
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One reminder e-mail line: a task, a recipient, a kind and a day. A recipient's reminders of
/// one day go out together as one digest.
pub struct Reminder(pub reminder::Model);

#[Object]
impl Reminder {
    async fn id(&self) -> ID {
        ids::encode(Kind::Reminder, self.0.id)
    }
    async fn kind(&self) -> ApiResult<ReminderKind> {
        domain::reminders::ReminderKind::parse(&self.0.kind)
            .map(ReminderKind::from)
            .ok_or_else(|| {
                tracing::error!(value = %self.0.kind, "unexpected reminder kind stored");
                ApiError::Internal
            })
    }
    /// The e-mail address.
    async fn recipient(&self) -> &str {
        &self.0.recipient
    }
    async fn task(&self, ctx: &Context<'_>) -> ApiResult<Task> {
        load_task(ctx, self.0.task_id).await
    }
    /// The committee's local day the reminder is for.
    async fn for_day(&self) -> Date {
        Date(self.0.for_day)
    }
    async fn state(&self) -> ApiResult<DeliveryState> {
        use crate::store::reminders::{FAILED, PENDING, SENT};
        match self.0.state.as_str() {
            PENDING => Ok(DeliveryState::Pending),
            SENT => Ok(DeliveryState::Sent),
            FAILED => Ok(DeliveryState::Failed),
            other => {
                tracing::error!(value = other, "unexpected delivery state stored");
                Err(ApiError::Internal)
            }
        }
    }
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// The mail server's last reply when sending failed.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
}

/// One entry of a task's journal: who changed what, when, and why.
pub struct ProgressUpdate(pub task_update::Model);

#[Object]
impl ProgressUpdate {
    async fn id(&self) -> ID {
        ids::encode(Kind::ProgressUpdate, self.0.id)
    }
    async fn task(&self, ctx: &Context<'_>) -> ApiResult<Task> {
        load_task(ctx, self.0.task_id).await
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<User> {
        load_user(ctx, self.0.author_id).await
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn note(&self) -> &str {
        &self.0.note
    }
    /// The new percentage, when it changed.
    async fn progress(&self) -> Option<i32> {
        self.0.progress
    }
    async fn status_from(&self) -> ApiResult<Option<TaskStatus>> {
        stored_status(self.0.status_from.as_deref())
    }
    async fn status_to(&self) -> ApiResult<Option<TaskStatus>> {
        stored_status(self.0.status_to.as_deref())
    }
    /// The deadline before an approved extension.
    async fn deadline_from(&self) -> Option<Date> {
        self.0.deadline_from.map(Date)
    }
    /// The deadline after an approved extension.
    async fn deadline_to(&self) -> Option<Date> {
        self.0.deadline_to.map(Date)
    }
    /// The title before an edit that changed it.
    async fn title_from(&self) -> Option<&str> {
        self.0.title_from.as_deref()
    }
    async fn title_to(&self) -> Option<&str> {
        self.0.title_to.as_deref()
    }
    /// Whether this entry changed the description (then descriptionFrom and descriptionTo
    /// give it before and after; either may be null: none).
    async fn description_changed(&self) -> bool {
        self.0.description_from.is_some() || self.0.description_to.is_some()
    }
    async fn description_from(&self) -> Option<&str> {
        self.0.description_from.as_deref()
    }
    async fn description_to(&self) -> Option<&str> {
        self.0.description_to.as_deref()
    }
    /// The lead before a change of owners or a transfer.
    async fn lead_from(&self, ctx: &Context<'_>) -> ApiResult<Option<Department>> {
        load_optional_department(ctx, self.0.lead_from).await
    }
    async fn lead_to(&self, ctx: &Context<'_>) -> ApiResult<Option<Department>> {
        load_optional_department(ctx, self.0.lead_to).await
    }
    /// The co-owners before, when this entry changed them (else null).
    async fn co_owners_from(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<Department>>> {
        stored_departments(ctx, self.0.co_owners_from.as_deref()).await
    }
    async fn co_owners_to(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<Department>>> {
        stored_departments(ctx, self.0.co_owners_to.as_deref()).await
    }
    /// The number of the report's own document, e.g. "45/BC-SNN".
    async fn document_number(&self) -> Option<&str> {
        self.0.document_number.as_deref()
    }
    async fn document_date(&self) -> Option<Date> {
        self.0.document_date.map(Date)
    }
    /// The files attached to this entry.
    #[graphql(complexity = "crate::api::cost::list(child_complexity)")]
    async fn attachments(&self, ctx: &Context<'_>) -> ApiResult<Vec<Attachment>> {
        let found = loader(ctx)?.load_one(AttachmentsOf(self.0.id)).await?;
        Ok(found
            .unwrap_or_default()
            .into_iter()
            .map(Attachment)
            .collect())
    }
}

/// A file attached to a progress report.
pub struct Attachment(pub attachment::Model);

#[Object]
impl Attachment {
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// What the content was recognised as (never what the sender claimed).
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    /// The SHA-256 of the content, in hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    async fn uploaded_by(&self, ctx: &Context<'_>) -> ApiResult<User> {
        load_user(ctx, self.0.uploaded_by).await
    }
    /// Where to download it (relative to the server), with the same bearer token or a signed-in
    /// page session.
    async fn url(&self) -> String {
        format!("/documents/{}", self.0.id)
    }
}

async fn stored_departments(
    ctx: &Context<'_>,
    raw: Option<&str>,
) -> ApiResult<Option<Vec<Department>>> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let ids = crate::store::task_writes::parse_id_list(raw).ok_or_else(|| {
        tracing::error!(
            value = raw,
            "unexpected department list stored in the journal"
        );
        ApiError::Internal
    })?;
    Ok(Some(load_departments(ctx, &ids).await?))
}

fn stored_status(raw: Option<&str>) -> ApiResult<Option<TaskStatus>> {
    raw.map(|s| parse_stored::<domain::TaskStatus>(s).map(TaskStatus::from))
        .transpose()
}

/// A lead's request for a later deadline, and the chair's decision.
pub struct ExtensionRequest(pub extension_request::Model);

#[Object]
impl ExtensionRequest {
    async fn id(&self) -> ID {
        ids::encode(Kind::ExtensionRequest, self.0.id)
    }
    async fn task(&self, ctx: &Context<'_>) -> ApiResult<Task> {
        load_task(ctx, self.0.task_id).await
    }
    async fn requested_by(&self, ctx: &Context<'_>) -> ApiResult<User> {
        load_user(ctx, self.0.requested_by).await
    }
    async fn requested_deadline(&self) -> Date {
        Date(self.0.requested_deadline)
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn decision(&self) -> ApiResult<ExtensionDecision> {
        use crate::store::extensions::{APPROVED, PENDING, REJECTED};
        match self.0.decision.as_str() {
            PENDING => Ok(ExtensionDecision::Pending),
            APPROVED => Ok(ExtensionDecision::Approved),
            REJECTED => Ok(ExtensionDecision::Rejected),
            other => {
                tracing::error!(value = other, "unexpected extension decision stored");
                Err(ApiError::Internal)
            }
        }
    }
    async fn decided_by(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        match self.0.decided_by {
            Some(id) => load_user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// What the chair said with the decision.
    async fn decision_note(&self) -> Option<&str> {
        self.0.decision_note.as_deref()
    }
}

/// Narrows a list of tasks; every given part must hold.
#[derive(InputObject, Default)]
pub struct TaskFilter {
    pub status: Option<Vec<TaskStatus>>,
    pub timeliness: Option<Vec<Timeliness>>,
    /// Lead or co-owner.
    pub department_id: Option<ID>,
    /// With departmentId: only tasks it leads.
    pub lead_only: Option<bool>,
    pub meeting_id: Option<ID>,
    pub committee_id: Option<ID>,
    /// Only directives as given at a meeting, without the subtasks they were split into.
    pub top_level_only: Option<bool>,
    pub deadline_from: Option<Date>,
    pub deadline_to: Option<Date>,
    /// Case- and diacritic-insensitive: "ho tro" finds "hỗ trợ".
    pub search: Option<String>,
}

impl TaskFilter {
    /// # Errors
    /// BAD_USER_INPUT for IDs of the wrong kind, or a search longer than 200 characters or with
    /// control characters.
    pub fn into_query(self) -> ApiResult<TaskQuery> {
        Ok(TaskQuery {
            statuses: self
                .status
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            timeliness: self
                .timeliness
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            department_id: self
                .department_id
                .map(|id| ids::decode(Kind::Department, &id))
                .transpose()?,
            lead_only: self.lead_only.unwrap_or(false),
            meeting_id: self
                .meeting_id
                .map(|id| ids::decode(Kind::Meeting, &id))
                .transpose()?,
            committee_id: self
                .committee_id
                .map(|id| ids::decode(Kind::Committee, &id))
                .transpose()?,
            parent_id: None,
            top_level_only: self.top_level_only.unwrap_or(false),
            deadline_from: self.deadline_from.map(|d| d.0),
            deadline_to: self.deadline_to.map(|d| d.0),
            search: SearchText::parse_optional(self.search.as_deref())?,
        })
    }
}

/// A page of tasks matching `query`, in `order_by` or in the order they were assigned.
pub async fn task_connection(
    ctx: &Context<'_>,
    query: TaskQuery,
    order_by: Option<TaskOrderBy>,
    first: Option<i32>,
    after: Option<String>,
) -> ApiResult<Connection<String, Task, Totals>> {
    let order = order_by.map(domain::ordering::TaskOrder::from);
    let label = order.map(domain::ordering::TaskOrder::label);
    let request = PageRequest::parse_ordered(first, after.as_deref(), label.as_deref())?;
    let store = store(ctx)?;
    let (page, total) = if connections::wants_total(ctx) {
        store
            .tasks_page_counted(&query, order, request.clone(), now(ctx)?)
            .await?
    } else {
        let page = store
            .tasks_page(&query, order, request.clone(), now(ctx)?)
            .await?;
        (page, 0)
    };
    prefetch_task_relations(ctx, &page.items).await?;
    let cursor_of = |task: &task::Model| match (order, &label) {
        (Some(order), Some(label)) => {
            encode_ordered_cursor(label, task.id, sort_key(order.field, task).as_deref())
        }
        _ => encode_cursor(task.id),
    };
    Ok(connections::build_with_cursors(
        page, &request, total, cursor_of, Task,
    ))
}

/// Whether the query asks this of each task of a connection, under `edges { node }` or `nodes`.
fn asked_of_each_task(ctx: &Context<'_>, path: &[&str]) -> bool {
    let look = ctx.look_ahead();
    let mut via_edges = look.field("edges").field("node");
    let mut via_nodes = look.field("nodes");
    for field in path {
        via_edges = via_edges.field(field);
        via_nodes = via_nodes.field(field);
    }
    via_edges.exists() || via_nodes.exists()
}

/// Loads, in one statement per kind, the related records the query asks of a page of tasks and
/// hands them to the loaders. The loaders alone batch by timing, which a busy server can split;
/// this keeps a page's cost fixed whatever its size.
async fn prefetch_task_relations(ctx: &Context<'_>, tasks: &[task::Model]) -> ApiResult<()> {
    if tasks.is_empty() {
        return Ok(());
    }
    let loader = loader(ctx)?;
    let store = store(ctx)?;
    let asked = |path: &[&str]| asked_of_each_task(ctx, path);
    let ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();
    let mut department_ids: Vec<i32> = Vec::new();
    let mut committee_ids: Vec<i32> = tasks.iter().map(|t| t.committee_id).collect();
    if asked(&["subtasks"]) {
        let subtasks = store.subtasks_of(&ids).await?;
        for subtask in subtasks.values().flatten() {
            if asked(&["subtasks", "lead"]) {
                department_ids.push(subtask.lead_id);
            }
            committee_ids.push(subtask.committee_id);
        }
        loader
            .feed_many(ids.iter().map(|id| {
                (
                    SubtasksOf(*id),
                    subtasks.get(id).cloned().unwrap_or_default(),
                )
            }))
            .await;
    }
    if asked(&["lead"]) {
        department_ids.extend(tasks.iter().map(|t| t.lead_id));
    }
    let co_owned: &[i32] = if asked(&["coOwners"]) { &ids } else { &[] };
    if !department_ids.is_empty() || !co_owned.is_empty() {
        department_ids.sort_unstable();
        department_ids.dedup();
        let found = store
            .departments_and_co_owners(&department_ids, co_owned)
            .await?;
        if !co_owned.is_empty() {
            loader
                .feed_many(ids.iter().map(|id| {
                    (
                        CoOwnersOf(*id),
                        found.co_owners.get(id).cloned().unwrap_or_default(),
                    )
                }))
                .await;
        }
        loader
            .feed_many(
                found
                    .departments
                    .into_iter()
                    .map(|(id, d)| (DepartmentKey(id), d)),
            )
            .await;
    }
    if asked(&["meeting"]) {
        let mut meeting_ids: Vec<i32> = tasks.iter().map(|t| t.meeting_id).collect();
        meeting_ids.sort_unstable();
        meeting_ids.dedup();
        for (meeting, committee) in store.meetings_with_committees(&meeting_ids).await? {
            // A task's committee is its meeting's: these need no read of their own below.
            committee_ids.retain(|id| *id != committee.id);
            loader.feed_one(MeetingKey(meeting.id), meeting).await;
            loader.feed_one(CommitteeKey(committee.id), committee).await;
        }
    }
    if (asked(&["timeliness"])
        || asked(&["subtasks", "timeliness"])
        || asked(&["meeting", "committee"]))
        && !committee_ids.is_empty()
    {
        committee_ids.sort_unstable();
        committee_ids.dedup();
        let committees = store.committees_by_ids(&committee_ids).await?;
        loader
            .feed_many(committees.into_iter().map(|(id, c)| (CommitteeKey(id), c)))
            .await;
    }
    if asked(&["parent"]) {
        let parent_ids: Vec<i32> = tasks.iter().filter_map(|t| t.parent_id).collect();
        if !parent_ids.is_empty() {
            let parents = store.tasks_by_ids(&parent_ids).await?;
            loader
                .feed_many(parents.into_iter().map(|(id, t)| (TaskKey(id), t)))
                .await;
        }
    }
    if asked(&["extensionRequests"]) {
        let requests = store.extension_requests_of(&ids).await?;
        loader
            .feed_many(ids.iter().map(|id| {
                (
                    ExtensionsOf(*id),
                    requests.get(id).cloned().unwrap_or_default(),
                )
            }))
            .await;
    }
    Ok(())
}

/// A page of meetings, of one committee or all.
pub async fn meeting_connection(
    ctx: &Context<'_>,
    committee_id: Option<i32>,
    first: Option<i32>,
    after: Option<String>,
) -> ApiResult<Connection<String, Meeting, Totals>> {
    let request = PageRequest::parse(first, after.as_deref())?;
    let store = store(ctx)?;
    let page = store.meetings_page(committee_id, request.clone()).await?;
    let total = if connections::wants_total(ctx) {
        store.count_meetings(committee_id).await?
    } else {
        0
    };
    Ok(connections::build(page, &request, total, |m| m.id, Meeting))
}

/// How many tasks have one timeliness.
#[derive(SimpleObject)]
pub struct TimelinessCount {
    pub timeliness: Timeliness,
    pub count: i32,
}

/// One lead department's line in the progress report.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct DepartmentScore {
    #[graphql(skip)]
    pub department_id: i32,
    pub total: i32,
    pub by_timeliness: Vec<TimelinessCount>,
}

#[ComplexObject]
impl DepartmentScore {
    async fn department(&self, ctx: &Context<'_>) -> ApiResult<Department> {
        load_department(ctx, self.department_id).await
    }
}

/// How the committee's tasks stand, overall and by lead department.
#[derive(SimpleObject)]
pub struct ProgressReport {
    pub as_of: Date,
    pub total: i32,
    pub by_timeliness: Vec<TimelinessCount>,
    /// As lead; worst (most OVERDUE) first.
    pub by_department: Vec<DepartmentScore>,
}

fn clamp_count(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn counts(map: &crate::store::report::TimelinessCounts) -> Vec<TimelinessCount> {
    domain::Timeliness::ALL
        .into_iter()
        .map(|t| TimelinessCount {
            timeliness: t.into(),
            count: clamp_count(map.get(&t).copied().unwrap_or(0)),
        })
        .collect()
}

impl From<crate::store::report::ProgressReport> for ProgressReport {
    fn from(report: crate::store::report::ProgressReport) -> Self {
        ProgressReport {
            as_of: Date(report.as_of),
            total: clamp_count(report.total),
            by_timeliness: counts(&report.by_timeliness),
            by_department: report
                .by_department
                .iter()
                .map(|line| DepartmentScore {
                    department_id: line.department_id,
                    total: clamp_count(line.total),
                    by_timeliness: counts(&line.by_timeliness),
                })
                .collect(),
        }
    }
}

/// What a transfer of one body's open work to its successor would move.
#[derive(SimpleObject)]
pub struct DepartmentTransferPreview {
    pub from: Department,
    pub to: Department,
    /// Open tasks it leads.
    pub leads: i32,
    /// Open tasks it co-owns.
    pub co_owns: i32,
    /// The first open tasks that would move (up to 20), oldest first.
    pub tasks: Vec<Task>,
    /// Its liaisons, who will no longer find these tasks as their department's.
    pub liaisons: Vec<User>,
}

impl From<crate::store::task_edits::TransferPlan> for DepartmentTransferPreview {
    fn from(plan: crate::store::task_edits::TransferPlan) -> Self {
        DepartmentTransferPreview {
            from: Department(plan.from),
            to: Department(plan.to),
            leads: clamp_count(plan.leads),
            co_owns: clamp_count(plan.co_owns),
            tasks: plan.sample.into_iter().map(Task).collect(),
            liaisons: plan.liaisons.into_iter().map(User).collect(),
        }
    }
}

mirror_enum!(
    /// What the lines of a scorecard are: lead departments (as they were at the end of the
    /// period), meetings or committees.
    ScoreGrouping mirrors domain::scorecard::ScoreGrouping { Department, Meeting, Committee }
);

mirror_enum!(
    /// Where periods are cut: at the calendar's month ends, or on the 15th as periodic reports
    /// are (a quarter from the 15th of the month before it to the 14th of its last month).
    PeriodScheme mirrors domain::periods::PeriodScheme { Calendar, Fifteenth }
);

/// A reporting period: a year, a quarter or a month of a year, or a first and a last day.
/// With none of them, the quarter that holds today.
#[derive(InputObject, Clone, Copy)]
pub struct PeriodInput {
    pub year: Option<i32>,
    /// 1 to 4, with `year`.
    pub quarter: Option<i32>,
    /// 1 to 12, with `year`.
    pub month: Option<i32>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    #[graphql(default_with = "PeriodScheme::Calendar")]
    pub scheme: PeriodScheme,
}

impl From<PeriodInput> for domain::periods::PeriodChoice {
    fn from(input: PeriodInput) -> Self {
        // A negative quarter or month is as impossible as a thirteenth: the rule names it.
        let number = |n: Option<i32>| n.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        domain::periods::PeriodChoice {
            year: input.year,
            quarter: number(input.quarter),
            month: number(input.month),
            from: input.from.map(|d| d.0),
            to: input.to.map(|d| d.0),
            scheme: input.scheme.into(),
        }
    }
}

/// The days a report covers, both included.
#[derive(SimpleObject)]
pub struct ReportPeriod {
    pub from: Date,
    pub to: Date,
    /// As documents name it: "Quý III/2022".
    pub label: String,
}

/// One line of a scorecard: a department, a meeting or a committee, or the total. Counts are of
/// the tasks assigned by the end of the period and not finished before it began, as they stood
/// at its end; a directive split across departments counts once per department.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ScoreLine {
    /// 1 for the best (the highest on-time rate over the tasks due, then the fewest overdue);
    /// equal lines share a rank; none for the total or a line with nothing due.
    pub rank: Option<i32>,
    #[graphql(skip)]
    pub group: Option<(domain::scorecard::ScoreGrouping, i32)>,
    pub total: i32,
    /// Assigned before the period began and still open at its start.
    pub carried_over: i32,
    pub assigned_in_period: i32,
    /// "Đã hoàn thành đúng hạn".
    pub done_on_time: i32,
    /// "Đã hoàn thành quá hạn".
    pub done_late: i32,
    /// "Đang thực hiện trong hạn", the open tasks without a deadline included.
    pub in_time: i32,
    /// Of `inTime`, the open tasks without a deadline.
    pub without_deadline: i32,
    /// "Đang thực hiện quá hạn".
    pub overdue: i32,
    /// "Bị hủy", listed apart.
    pub cancelled: i32,
    /// "Nhiệm vụ đến hạn": finished, or open past the deadline.
    pub due: i32,
    /// Finished on time, of the finished (doneOnTime / (doneOnTime + doneLate)).
    pub on_time_rate: Option<f64>,
    /// Finished on time, of the tasks due (doneOnTime / due): what lines are ranked by.
    pub on_time_rate_of_due: Option<f64>,
    #[graphql(name = "overdueUpTo7Days")]
    pub overdue_up_to_7_days: i32,
    #[graphql(name = "overdue8To30Days")]
    pub overdue_8_to_30_days: i32,
    #[graphql(name = "overdueOver30Days")]
    pub overdue_over_30_days: i32,
    /// Tasks given at least one extension by the end of the period.
    pub extended: i32,
    /// extended / (total - cancelled).
    pub extension_rate: Option<f64>,
    /// Tasks submitted at least once by the end of the period.
    pub submitted: i32,
    /// Of those, returned by the chair at least once.
    pub returned: i32,
    /// returned / submitted.
    pub return_rate: Option<f64>,
    /// Days late, on average, of the tasks finished late (to their submission) and still
    /// overdue (to the end of the period).
    pub mean_days_late: Option<f64>,
}

impl ScoreLine {
    fn new(
        counts: &domain::scorecard::ScoreCounts,
        group: Option<(domain::scorecard::ScoreGrouping, i32)>,
        rank: Option<u32>,
    ) -> Self {
        let [week, month, longer] = counts.overdue_ageing;
        ScoreLine {
            rank: rank.map(|r| i32::try_from(r).unwrap_or(i32::MAX)),
            group,
            total: clamp_count(counts.total),
            carried_over: clamp_count(counts.carried_over),
            assigned_in_period: clamp_count(counts.assigned_in_period()),
            done_on_time: clamp_count(counts.done_on_time),
            done_late: clamp_count(counts.done_late),
            in_time: clamp_count(counts.in_time()),
            without_deadline: clamp_count(counts.open_without_deadline),
            overdue: clamp_count(counts.open_overdue),
            cancelled: clamp_count(counts.cancelled),
            due: clamp_count(counts.due()),
            on_time_rate: counts.on_time_rate(),
            on_time_rate_of_due: counts.on_time_rate_of_due(),
            overdue_up_to_7_days: clamp_count(week),
            overdue_8_to_30_days: clamp_count(month),
            overdue_over_30_days: clamp_count(longer),
            extended: clamp_count(counts.extended),
            extension_rate: counts.extension_rate(),
            submitted: clamp_count(counts.submitted),
            returned: clamp_count(counts.returned),
            return_rate: counts.return_rate(),
            mean_days_late: counts.mean_days_late(),
        }
    }
}

#[ComplexObject]
impl ScoreLine {
    /// The line's department, when the scorecard is by department.
    async fn department(&self, ctx: &Context<'_>) -> ApiResult<Option<Department>> {
        match self.group {
            Some((domain::scorecard::ScoreGrouping::Department, id)) => {
                Ok(Some(load_department(ctx, id).await?))
            }
            _ => Ok(None),
        }
    }

    /// The line's meeting, when the scorecard is by meeting.
    async fn meeting(&self, ctx: &Context<'_>) -> ApiResult<Option<Meeting>> {
        match self.group {
            Some((domain::scorecard::ScoreGrouping::Meeting, id)) => {
                Ok(loader(ctx)?.load_one(MeetingKey(id)).await?.map(Meeting))
            }
            _ => Ok(None),
        }
    }

    /// The line's committee, when the scorecard is by committee.
    async fn committee(&self, ctx: &Context<'_>) -> ApiResult<Option<Committee>> {
        match self.group {
            Some((domain::scorecard::ScoreGrouping::Committee, id)) => {
                Ok(Some(Committee(load_committee(ctx, id).await?)))
            }
            _ => Ok(None),
        }
    }
}

/// How the tasks stood at the end of a period, line by line, best first.
#[derive(SimpleObject)]
pub struct Scorecard {
    pub period: ReportPeriod,
    /// The day the tasks are judged on: the period's last day, or today while it runs.
    pub as_of: Date,
    pub group_by: ScoreGrouping,
    pub total: ScoreLine,
    /// Best first; lines with nothing due last.
    pub lines: Vec<ScoreLine>,
}

impl From<crate::store::scorecard::Scorecard> for Scorecard {
    fn from(card: crate::store::scorecard::Scorecard) -> Self {
        Scorecard {
            period: ReportPeriod {
                from: Date(card.period.from),
                to: Date(card.period.to),
                label: card.period.label,
            },
            as_of: Date(card.as_of),
            group_by: card.grouping.into(),
            total: ScoreLine::new(&card.total, None, None),
            lines: card
                .lines
                .iter()
                .map(|line| {
                    ScoreLine::new(
                        &line.counts,
                        Some((card.grouping, line.group_id)),
                        line.rank,
                    )
                })
                .collect(),
        }
    }
}

/// A unit a meeting's text names, and the departments it was matched to: one for a unit, the
/// members of its groups for a group addressee ("UBND các huyện, thành phố"), none when nothing
/// matched (create the department, give it this name as another name, or choose).
#[derive(SimpleObject)]
pub struct DraftUnit {
    pub name: String,
    pub departments: Vec<Department>,
}

/// A directive drafted from a meeting's text, for the secretary to confirm: nothing is written.
#[derive(SimpleObject)]
pub struct DirectiveDraft {
    /// The words that state it.
    pub text: String,
    /// Character offsets of `text` in the text sent.
    pub start: i32,
    pub end: i32,
    /// The task's title it proposes.
    pub title: String,
    /// Who leads: several for a group addressee or a shared task (one task each when
    /// assigned).
    pub lead: Vec<DraftUnit>,
    pub co_owners: Vec<DraftUnit>,
    /// The group phrase when the lead is a group.
    pub group: Option<String>,
    pub deadline: Option<Date>,
    /// The words of the deadline ("trong quý III/2022", "khẩn trương").
    pub deadline_phrase: Option<String>,
    /// How sure the rule that found it is, 0 to 1.
    pub confidence: f64,
}
