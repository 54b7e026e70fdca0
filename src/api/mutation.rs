//! The write side of the API: inputs are parsed into domain values here, the store does the rest.

use async_graphql::{Context, InputObject, MaybeUndefined, Object, SimpleObject, ID};

use super::error::{ApiError, ApiResult};
use super::ids::{self, Kind};
use super::scalars::Date;
use super::types::{
    Committee, Department, ExtensionRequest, Meeting, Reminder, Role, Task, TaskStatus, User,
};
use super::{actor, now, store, OutboxBell, PublicUrl};
use crate::domain::calendar::DEFAULT_TIME_ZONE;
use crate::domain::committees::SettingsChange;
use crate::domain::edits::TaskEdit;
use crate::domain::import::{read_table, ImportRow, RowProblem};
use crate::domain::journal::AssignedFrom;
use crate::domain::reminders::PolicyOverride;
use crate::domain::validate::{
    DepartmentCode, Email, Language, Name, Note, Progress, Reference, ShortName, Title,
};
use crate::store::directory::{DepartmentChange, NewCommittee, NewDepartment, NewUser};
use crate::store::imports::ImportRefusal;
use crate::store::meetings::NewMeeting;
use crate::store::people::PersonChange;
use crate::store::task_edits::{OwnerChange, TaskEditRequest};
use crate::store::task_writes::{NewTask, ReportDocument, TaskReport};

#[derive(InputObject)]
pub struct CreateDepartmentInput {
    pub code: String,
    pub name: String,
    pub email: Option<String>,
    pub parent_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CreateUserInput {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub department_id: Option<ID>,
}

/// The new person, and their API token: shown this once, stored only as a hash.
#[derive(SimpleObject)]
pub struct CreateUserPayload {
    pub user: User,
    pub token: String,
}

/// A committee's own reminder settings; what is left out follows the server's settings.
#[derive(InputObject)]
pub struct ReminderSettingsInput {
    /// Local time of day reminders go out, "HH:MM".
    pub send_at: Option<String>,
    pub due_soon_days: Option<u32>,
    /// Remind again every this many working days while overdue.
    pub overdue_every: Option<u32>,
    /// From this many days late, escalate and copy the chair.
    pub escalate_after_days: Option<u32>,
    /// Whether co-owners' liaisons get a "for coordination" section.
    pub notify_co_owners: Option<bool>,
}

#[derive(InputObject)]
pub struct CreateCommitteeInput {
    pub name: String,
    /// For e-mail subjects, e.g. "BCĐ KTTT".
    pub short_name: Option<String>,
    pub reminders: Option<ReminderSettingsInput>,
    /// IANA name; "Asia/Ho_Chi_Minh" when left out.
    pub time_zone: Option<String>,
    /// "vi" (the default) or "en".
    pub language: Option<String>,
    pub chair_id: Option<ID>,
    /// Its first members: the secretaries who act on it, and viewers.
    pub member_ids: Option<Vec<ID>>,
}

#[derive(InputObject)]
pub struct CreateMeetingInput {
    pub committee_id: ID,
    pub title: String,
    pub held_on: Date,
    pub reference: Option<String>,
    pub summary: Option<String>,
}

#[derive(InputObject)]
pub struct AssignTaskInput {
    pub meeting_id: ID,
    pub title: String,
    pub description: Option<String>,
    /// The lead; with splitAcross, the lead of the parent.
    pub lead_id: ID,
    pub co_owner_ids: Option<Vec<ID>>,
    pub deadline: Option<Date>,
    /// One subtask per listed department, each its own lead.
    pub split_across: Option<Vec<ID>>,
}

#[derive(InputObject)]
pub struct UpdateTaskInput {
    pub task_id: ID,
    /// When given and stale: CONFLICT, nothing changed.
    pub expected_version: Option<i32>,
    pub status: Option<TaskStatus>,
    pub progress: Option<i32>,
    /// Required when the status changes.
    pub note: Option<String>,
    /// The number of the report's own document, e.g. "45/BC-SNN".
    pub document_number: Option<String>,
    /// The date of the report's own document.
    pub document_date: Option<Date>,
}

#[derive(InputObject)]
pub struct ReviewTaskInput {
    pub task_id: ID,
    pub accept: bool,
    pub note: String,
}

#[derive(InputObject)]
pub struct RequestExtensionInput {
    pub task_id: ID,
    pub requested_deadline: Date,
    pub reason: String,
}

#[derive(InputObject)]
pub struct DecideExtensionInput {
    pub request_id: ID,
    pub approve: bool,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct CancelTaskInput {
    pub task_id: ID,
    pub reason: String,
}

/// Corrects a directive's wording or moves its deadline; what is left out stays as it is.
#[derive(InputObject)]
pub struct EditTaskInput {
    pub task_id: ID,
    /// When given and stale: CONFLICT, nothing changed.
    pub expected_version: Option<i32>,
    pub title: Option<String>,
    /// null removes the description.
    pub description: MaybeUndefined<String>,
    /// null removes the deadline: the task becomes ongoing.
    pub deadline: MaybeUndefined<Date>,
    /// Required when the deadline changes; journaled.
    pub reason: Option<String>,
}

/// Gives a task to another lead, changes its co-owners, or both.
#[derive(InputObject)]
pub struct ChangeOwnersInput {
    pub task_id: ID,
    pub expected_version: Option<i32>,
    /// The new lead; left out, the lead stays.
    pub lead_id: Option<ID>,
    /// All co-owners after the change ([] for none); left out, they stay.
    pub co_owner_ids: Option<Vec<ID>>,
    pub reason: String,
}

/// A spreadsheet of a meeting's directives, as the meeting page's import takes it.
#[derive(InputObject)]
pub struct ImportDirectivesInput {
    pub meeting_id: ID,
    /// The file (XLSX, XLS, ODS or CSV), base64-encoded.
    pub file_base64: String,
}

/// A person's new details; what is left out stays as it is.
#[derive(InputObject)]
pub struct UpdateUserInput {
    pub id: ID,
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<Role>,
    /// The department a liaison acts for; null for every other role.
    pub department_id: MaybeUndefined<ID>,
}

/// A committee's new settings; what is left out stays as it is.
#[derive(InputObject)]
pub struct UpdateCommitteeInput {
    pub id: ID,
    pub name: Option<String>,
    /// null removes it.
    pub short_name: MaybeUndefined<String>,
    /// A person whose role is CHAIR; null leaves the committee without a chair.
    pub chair_id: MaybeUndefined<ID>,
    /// IANA name, e.g. "Asia/Ho_Chi_Minh".
    pub time_zone: Option<String>,
    /// "vi" or "en".
    pub language: Option<String>,
    /// Replaces the committee's own reminder settings; what is left out follows the server's.
    pub reminders: Option<ReminderSettingsInput>,
}

/// A department's new code, name or address; what is left out stays as it is.
#[derive(InputObject)]
pub struct UpdateDepartmentInput {
    pub id: ID,
    pub code: Option<String>,
    pub name: Option<String>,
    /// null removes the address.
    pub email: MaybeUndefined<String>,
    /// Other names a meeting's text may use for it; replaces the list.
    pub aliases: Option<Vec<String>>,
    /// Groups it belongs to ("huyện"); replaces the list.
    pub groups: Option<Vec<String>>,
}

/// Names given as a list, each checked (no line breaks inside one; empty ones left out).
fn names(list: &[String]) -> ApiResult<Vec<Name>> {
    list.iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| Ok(Name::parse(n)?))
        .collect()
}

/// A reorganisation: one body's open tasks move to its successor.
#[derive(InputObject)]
pub struct TransferDepartmentInput {
    pub from_id: ID,
    pub to_id: ID,
    /// The reform, as the journal of each moved task will name it, e.g. "Nghị quyết
    /// 202/2025/QH15 sắp xếp đơn vị hành chính".
    pub note: String,
}

/// What a transfer did.
#[derive(SimpleObject)]
pub struct DepartmentTransfer {
    /// Now inactive, with `to` as its successor.
    pub from: Department,
    pub to: Department,
    /// How many open tasks moved.
    pub moved: i32,
}

fn optional_id(kind: Kind, id: Option<&ID>) -> ApiResult<Option<i32>> {
    id.map(|id| ids::decode(kind, id)).transpose()
}

fn reminder_settings(input: ReminderSettingsInput) -> ApiResult<PolicyOverride> {
    Ok(PolicyOverride {
        send_at: input.send_at,
        due_soon_days: input.due_soon_days,
        overdue_every: input.overdue_every,
        escalate_after_days: input.escalate_after_days,
        notify_co_owners: input.notify_co_owners,
    }
    .check()?)
}

/// An optional field of an update: left out (`None`), cleared (`Some(None)`) or set.
fn maybe<T, U>(
    field: MaybeUndefined<T>,
    parse: impl FnOnce(T) -> ApiResult<U>,
) -> ApiResult<Option<Option<U>>> {
    match field {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(value) => parse(value).map(|v| Some(Some(v))),
    }
}

/// A report's document number and date, when either is given.
fn report_document(
    number: Option<&str>,
    date: Option<chrono::NaiveDate>,
) -> ApiResult<Option<ReportDocument>> {
    // The Date scalar has already checked the day.
    let number = Reference::parse_optional(number)?;
    Ok((number.is_some() || date.is_some()).then_some(ReportDocument { number, date }))
}

/// An import refused for its rows' problems, every row named.
fn rows_refused(problems: &[RowProblem]) -> ApiError {
    refused("Nothing was imported.", "Row", problems)
}

/// Every problem named by the row or draft it is in, after what happened.
fn refused(outcome: &str, item: &str, problems: &[RowProblem]) -> ApiError {
    ApiError::BadUserInput(format!(
        "{outcome} {}",
        problems
            .iter()
            .map(|p| format!("{item} {}: {}.", p.line, p.problem.trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join(" ")
    ))
}

/// A directive drafted from a meeting's text, as the secretary confirmed it.
#[derive(InputObject)]
pub struct DraftInput {
    pub title: String,
    pub description: Option<String>,
    /// The lead; several make one task each, the first leading the directive (a group
    /// addressee's departments, say).
    pub lead_ids: Vec<ID>,
    #[graphql(default)]
    pub co_owner_ids: Vec<ID>,
    pub deadline: Option<Date>,
}

fn optional_text(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// The root of every change.
pub struct MutationRoot;

#[Object(name = "Mutation")]
impl MutationRoot {
    async fn create_department(
        &self,
        ctx: &Context<'_>,
        input: CreateDepartmentInput,
    ) -> ApiResult<Department> {
        actor(ctx)?.may_manage_directory()?;
        let new = NewDepartment {
            code: DepartmentCode::parse(&input.code)?,
            name: Name::parse(&input.name)?,
            email: optional_text(input.email)
                .map(|e| Email::parse(&e))
                .transpose()?,
            parent_id: optional_id(Kind::Department, input.parent_id.as_ref())?,
        };
        Ok(Department(
            store(ctx)?.create_department(new, now(ctx)?).await?,
        ))
    }

    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> ApiResult<CreateUserPayload> {
        actor(ctx)?.may_manage_directory()?;
        let new = NewUser {
            name: Name::parse(&input.name)?,
            email: Email::parse(&input.email)?,
            role: input.role.into(),
            department_id: optional_id(Kind::Department, input.department_id.as_ref())?,
        };
        let (user, token) = store(ctx)?.create_user(new, now(ctx)?).await?;
        Ok(CreateUserPayload {
            user: User(user),
            token,
        })
    }

    async fn create_committee(
        &self,
        ctx: &Context<'_>,
        input: CreateCommitteeInput,
    ) -> ApiResult<Committee> {
        actor(ctx)?.may_manage_directory()?;
        let new = NewCommittee {
            name: Name::parse(&input.name)?,
            time_zone: optional_text(input.time_zone).unwrap_or_else(|| DEFAULT_TIME_ZONE.into()),
            language: Language::parse(input.language.as_deref().unwrap_or("vi"))?,
            chair_id: optional_id(Kind::User, input.chair_id.as_ref())?,
            short_name: optional_text(input.short_name)
                .map(|n| ShortName::parse(&n))
                .transpose()?,
            reminder_policy: input.reminders.map(reminder_settings).transpose()?,
            member_ids: ids::decode_all(Kind::User, input.member_ids.as_deref())?,
        };
        Ok(Committee(
            store(ctx)?.create_committee(new, now(ctx)?).await?,
        ))
    }

    async fn create_meeting(
        &self,
        ctx: &Context<'_>,
        input: CreateMeetingInput,
    ) -> ApiResult<Meeting> {
        let actor = actor(ctx)?;
        let new = NewMeeting {
            committee_id: ids::decode(Kind::Committee, &input.committee_id)?,
            title: Title::parse(&input.title)?,
            held_on: input.held_on.0,
            reference: Reference::parse_optional(input.reference.as_deref())?,
            summary: Note::parse_optional(input.summary.as_deref(), "The summary")?,
        };
        Ok(Meeting(
            store(ctx)?.create_meeting(actor, new, now(ctx)?).await?,
        ))
    }

    /// Assigns a directive; with splitAcross, one subtask per department, all in one change.
    async fn assign_task(&self, ctx: &Context<'_>, input: AssignTaskInput) -> ApiResult<Task> {
        let actor = actor(ctx)?;
        let new = NewTask {
            meeting_id: ids::decode(Kind::Meeting, &input.meeting_id)?,
            title: Title::parse(&input.title)?,
            description: Note::parse_optional(input.description.as_deref(), "The description")?,
            lead_id: ids::decode(Kind::Department, &input.lead_id)?,
            co_owner_ids: ids::decode_all(Kind::Department, input.co_owner_ids.as_deref())?,
            deadline: input.deadline.map(|d| d.0),
            split_across: ids::decode_all(Kind::Department, input.split_across.as_deref())?,
        };
        Ok(Task(store(ctx)?.assign_task(actor, new, now(ctx)?).await?))
    }

    /// Reports progress, changes the status, or adds a note to the journal.
    async fn update_task(&self, ctx: &Context<'_>, input: UpdateTaskInput) -> ApiResult<Task> {
        let actor = actor(ctx)?;
        let report = TaskReport {
            task_id: ids::decode(Kind::Task, &input.task_id)?,
            expected_version: input.expected_version,
            status: input.status.map(Into::into),
            progress: input.progress.map(Progress::parse).transpose()?,
            note: Note::parse_optional(input.note.as_deref(), "The note")?,
            document: report_document(
                input.document_number.as_deref(),
                input.document_date.map(|d| d.0),
            )?,
            attachments: Vec::new(),
        };
        Ok(Task(
            store(ctx)?
                .report_progress(actor, report, now(ctx)?)
                .await?,
        ))
    }

    /// The chair accepts submitted work or returns it with a note.
    async fn review_task(&self, ctx: &Context<'_>, input: ReviewTaskInput) -> ApiResult<Task> {
        let actor = actor(ctx)?;
        let task_id = ids::decode(Kind::Task, &input.task_id)?;
        let note = Note::parse(&input.note, "The review note")?;
        Ok(Task(
            store(ctx)?
                .review_task(actor, task_id, input.accept, note, now(ctx)?)
                .await?,
        ))
    }

    async fn request_extension(
        &self,
        ctx: &Context<'_>,
        input: RequestExtensionInput,
    ) -> ApiResult<ExtensionRequest> {
        let actor = actor(ctx)?;
        let task_id = ids::decode(Kind::Task, &input.task_id)?;
        let reason = Note::parse(&input.reason, "The reason")?;
        Ok(ExtensionRequest(
            store(ctx)?
                .request_extension(
                    actor,
                    task_id,
                    input.requested_deadline.0,
                    reason,
                    now(ctx)?,
                )
                .await?,
        ))
    }

    async fn decide_extension(
        &self,
        ctx: &Context<'_>,
        input: DecideExtensionInput,
    ) -> ApiResult<ExtensionRequest> {
        let actor = actor(ctx)?;
        let request_id = ids::decode(Kind::ExtensionRequest, &input.request_id)?;
        let note = Note::parse_optional(input.note.as_deref(), "The note")?;
        Ok(ExtensionRequest(
            store(ctx)?
                .decide_extension(actor, request_id, input.approve, note, now(ctx)?)
                .await?,
        ))
    }

    /// The chair or secretary chases a task by mail now; its lead's liaisons and address get a
    /// reminder within the minute (when mail is set up).
    async fn remind_now(&self, ctx: &Context<'_>, task_id: ID) -> ApiResult<Vec<Reminder>> {
        let actor = actor(ctx)?;
        let task_id = ids::decode(Kind::Task, &task_id)?;
        let written = store(ctx)?.remind_now(actor, task_id, now(ctx)?).await?;
        if let Ok(bell) = ctx.data::<OutboxBell>() {
            bell.0.notify_one();
        }
        Ok(written.into_iter().map(Reminder).collect())
    }

    /// The chair or secretary corrects a directive's title or description, or moves its
    /// deadline with a reason; a split directive's subtasks follow. Journaled before and after.
    async fn edit_task(&self, ctx: &Context<'_>, input: EditTaskInput) -> ApiResult<Task> {
        let actor = actor(ctx)?;
        let request = TaskEditRequest {
            task_id: ids::decode(Kind::Task, &input.task_id)?,
            expected_version: input.expected_version,
            edit: TaskEdit {
                title: input.title.as_deref().map(Title::parse).transpose()?,
                description: maybe(input.description, |d| {
                    Ok(Note::parse(&d, "The description")?)
                })?,
                deadline: maybe(input.deadline, |d| Ok(d.0))?,
                reason: Note::parse_optional(input.reason.as_deref(), "The reason")?,
            },
        };
        Ok(Task(
            store(ctx)?.edit_task(actor, request, now(ctx)?).await?,
        ))
    }

    /// The chair or secretary gives a task to another lead or changes its co-owners, with a
    /// reason. The new lead's liaisons are told of a new task, the former lead's that it moved;
    /// its journal and extension requests go with it.
    async fn change_owners(&self, ctx: &Context<'_>, input: ChangeOwnersInput) -> ApiResult<Task> {
        let actor = actor(ctx)?;
        let change = OwnerChange {
            task_id: ids::decode(Kind::Task, &input.task_id)?,
            expected_version: input.expected_version,
            lead_id: optional_id(Kind::Department, input.lead_id.as_ref())?,
            co_owner_ids: input
                .co_owner_ids
                .as_deref()
                .map(|ids| ids::decode_all(Kind::Department, Some(ids)))
                .transpose()?,
            reason: Note::parse(&input.reason, "The reason")?,
        };
        Ok(Task(
            store(ctx)?.change_owners(actor, change, now(ctx)?).await?,
        ))
    }

    /// An administrator changes a person's name, address, role or department.
    async fn update_user(&self, ctx: &Context<'_>, input: UpdateUserInput) -> ApiResult<User> {
        let actor = actor(ctx)?;
        let id = ids::decode(Kind::User, &input.id)?;
        let change = PersonChange {
            name: input.name.as_deref().map(Name::parse).transpose()?,
            email: input.email.as_deref().map(Email::parse).transpose()?,
            role: input.role.map(Into::into),
            department_id: maybe(input.department_id, |id| ids::decode(Kind::Department, &id))?,
        };
        Ok(User(store(ctx)?.update_person(actor, id, change).await?))
    }

    /// An administrator ends a person's access at once (`active: false`: every token, session
    /// and sign-in link stops working), or lets them back in.
    async fn set_user_active(&self, ctx: &Context<'_>, id: ID, active: bool) -> ApiResult<User> {
        let actor = actor(ctx)?;
        let id = ids::decode(Kind::User, &id)?;
        Ok(User(
            store(ctx)?
                .set_person_active(actor, id, active, now(ctx)?)
                .await?,
        ))
    }

    /// An administrator changes a committee's name, short name, chair, time zone, language or
    /// reminder settings; each changed setting is journaled (`Committee.changes`).
    async fn update_committee(
        &self,
        ctx: &Context<'_>,
        input: UpdateCommitteeInput,
    ) -> ApiResult<Committee> {
        let actor = actor(ctx)?;
        let id = ids::decode(Kind::Committee, &input.id)?;
        let change = SettingsChange {
            name: input.name.as_deref().map(Name::parse).transpose()?,
            short_name: maybe(input.short_name, |s| Ok(ShortName::parse(&s)?))?,
            chair_id: maybe(input.chair_id, |id| ids::decode(Kind::User, &id))?,
            time_zone: optional_text(input.time_zone),
            language: input.language.as_deref().map(Language::parse).transpose()?,
            reminders: input.reminders.map(reminder_settings).transpose()?,
        };
        Ok(Committee(
            store(ctx)?
                .update_committee(actor, id, change, now(ctx)?)
                .await?,
        ))
    }

    /// An administrator adds a secretary or viewer to a committee's members (`member: true`)
    /// or takes them off. A secretary acts only on the committees they serve.
    async fn set_committee_member(
        &self,
        ctx: &Context<'_>,
        committee_id: ID,
        user_id: ID,
        member: bool,
    ) -> ApiResult<Committee> {
        let actor = actor(ctx)?;
        let committee_id = ids::decode(Kind::Committee, &committee_id)?;
        let user_id = ids::decode(Kind::User, &user_id)?;
        Ok(Committee(
            store(ctx)?
                .set_committee_member(actor, committee_id, user_id, member, now(ctx)?)
                .await?,
        ))
    }

    async fn update_department(
        &self,
        ctx: &Context<'_>,
        input: UpdateDepartmentInput,
    ) -> ApiResult<Department> {
        actor(ctx)?.may_manage_directory()?;
        let id = ids::decode(Kind::Department, &input.id)?;
        let change = DepartmentChange {
            code: input
                .code
                .as_deref()
                .map(DepartmentCode::parse)
                .transpose()?,
            name: input.name.as_deref().map(Name::parse).transpose()?,
            email: maybe(input.email, |e| Ok(Email::parse(&e)?))?,
            aliases: input.aliases.as_deref().map(names).transpose()?,
            groups: input.groups.as_deref().map(names).transpose()?,
        };
        Ok(Department(store(ctx)?.update_department(id, change).await?))
    }

    /// Deactivated, a department keeps its tasks and history but takes no new tasks;
    /// `active: true` makes it take work again.
    async fn set_department_active(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: bool,
    ) -> ApiResult<Department> {
        actor(ctx)?.may_manage_directory()?;
        let id = ids::decode(Kind::Department, &id)?;
        Ok(Department(
            store(ctx)?
                .set_department_active(id, active, now(ctx)?)
                .await?,
        ))
    }

    /// Moves every open task of one body (as lead or co-owner) to its successor in one change,
    /// each journaled with the reform's name, and deactivates the body. Finished tasks and all
    /// history stay under the old name. `departmentTransferPreview` says what will move.
    async fn transfer_department(
        &self,
        ctx: &Context<'_>,
        input: TransferDepartmentInput,
    ) -> ApiResult<DepartmentTransfer> {
        let actor = actor(ctx)?;
        let from = ids::decode(Kind::Department, &input.from_id)?;
        let to = ids::decode(Kind::Department, &input.to_id)?;
        let note = Note::parse(&input.note, "The reform")?;
        let outcome = store(ctx)?
            .transfer_department(actor, from, to, note, now(ctx)?)
            .await?;
        Ok(DepartmentTransfer {
            from: Department(outcome.from),
            to: Department(outcome.to),
            moved: i32::try_from(outcome.moved).unwrap_or(i32::MAX),
        })
    }

    /// Assigns every directive of a spreadsheet at a meeting (the columns of the import
    /// template), all or none: when a row has a problem, BAD_USER_INPUT names every such row
    /// and nothing is written.
    async fn import_directives(
        &self,
        ctx: &Context<'_>,
        input: ImportDirectivesInput,
    ) -> ApiResult<Vec<Task>> {
        use base64::Engine as _;
        let actor = actor(ctx)?;
        let meeting_id = ids::decode(Kind::Meeting, &input.meeting_id)?;
        let content = base64::engine::general_purpose::STANDARD
            .decode(input.file_base64.trim())
            .map_err(|_| ApiError::BadUserInput("fileBase64 is not base64.".into()))?;
        let table = crate::tabular::rows_of(&content)?;
        let rows = read_table(&table).map_err(|problems| rows_refused(&problems))?;
        match store(ctx)?
            .import_directives(
                actor,
                meeting_id,
                rows,
                AssignedFrom::Spreadsheet,
                now(ctx)?,
            )
            .await
        {
            Ok(assigned) => Ok(assigned.into_iter().map(Task).collect()),
            Err(ImportRefusal::Rows(problems)) => Err(rows_refused(&problems)),
            Err(ImportRefusal::Store(error)) => Err(error.into()),
        }
    }

    /// Assigns the drafts the secretary confirmed (from `draftDirectives`) at the meeting, all or
    /// none: when a draft has a problem, BAD_USER_INPUT names every such draft by its number
    /// (from 1) and nothing is written.
    async fn assign_drafts(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        drafts: Vec<DraftInput>,
    ) -> ApiResult<Vec<Task>> {
        let actor = actor(ctx)?;
        let meeting_id = ids::decode(Kind::Meeting, &meeting_id)?;
        if drafts.is_empty() {
            return Err(ApiError::BadUserInput("Confirm at least one draft.".into()));
        }
        let store = store(ctx)?;
        let mut wanted = Vec::new();
        for draft in &drafts {
            for id in draft.lead_ids.iter().chain(&draft.co_owner_ids) {
                wanted.push(ids::decode(Kind::Department, id)?);
            }
        }
        let departments = store.departments_by_ids(&wanted).await?;
        let code = |id: &ID| -> ApiResult<String> {
            let id = ids::decode(Kind::Department, id)?;
            Ok(departments
                .get(&id)
                .map_or_else(|| format!("#{id}"), |d| d.code.clone()))
        };
        let mut rows = Vec::with_capacity(drafts.len());
        let mut problems = Vec::new();
        for (index, draft) in drafts.iter().enumerate() {
            let line = index + 1;
            let title = match Title::parse(&draft.title) {
                Ok(title) => title,
                Err(rule) => {
                    problems.push(RowProblem {
                        line,
                        problem: rule.to_string(),
                    });
                    continue;
                }
            };
            if draft.lead_ids.is_empty() {
                problems.push(RowProblem {
                    line,
                    problem: "choose who leads it".into(),
                });
                continue;
            }
            rows.push(ImportRow {
                line,
                title,
                description: Note::parse_optional(draft.description.as_deref(), "The description")?,
                leads: draft.lead_ids.iter().map(code).collect::<ApiResult<_>>()?,
                co_owners: draft
                    .co_owner_ids
                    .iter()
                    .map(code)
                    .collect::<ApiResult<_>>()?,
                deadline: draft.deadline.map(|d| d.0),
            });
        }
        if !problems.is_empty() {
            return Err(refused("Nothing was assigned.", "Draft", &problems));
        }
        match store
            .import_directives(
                actor,
                meeting_id,
                rows,
                AssignedFrom::MeetingText,
                now(ctx)?,
            )
            .await
        {
            Ok(assigned) => Ok(assigned.into_iter().map(Task).collect()),
            Err(ImportRefusal::Rows(problems)) => {
                Err(refused("Nothing was assigned.", "Draft", &problems))
            }
            Err(ImportRefusal::Store(error)) => Err(error.into()),
        }
    }

    /// A new address of the signed-in person's calendar feed (their open deadlines as
    /// iCalendar, for a calendar application to subscribe to); any older address stops
    /// working. Shown this once.
    async fn renew_calendar_feed(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let actor = actor(ctx)?;
        let token = store(ctx)?.renew_calendar_feed(actor, now(ctx)?).await?;
        Ok(format!(
            "{}/calendar/{token}.ics",
            ctx.data::<PublicUrl>()
                .map(|u| u.0.as_str())
                .unwrap_or_default()
        ))
    }

    /// Stops the signed-in person's calendar feed addresses.
    async fn revoke_calendar_feed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let actor = actor(ctx)?;
        store(ctx)?.revoke_calendar_feeds(actor, now(ctx)?).await?;
        Ok(true)
    }

    async fn cancel_task(&self, ctx: &Context<'_>, input: CancelTaskInput) -> ApiResult<Task> {
        let actor = actor(ctx)?;
        let task_id = ids::decode(Kind::Task, &input.task_id)?;
        let reason = Note::parse(&input.reason, "The reason")?;
        Ok(Task(
            store(ctx)?
                .cancel_task(actor, task_id, reason, now(ctx)?)
                .await?,
        ))
    }
}
