//! Departments: their details, deactivation, and the transfer of a body's open work to its
//! successor (previewed, then confirmed).

use crate::web::Lang;
use std::sync::Arc;

use maud::html;
use poem::web::{Data, Path, Query};
use poem::{handler, Response};
use serde::Deserialize;

use super::{active_toggle, admin_page, ActiveForm};
use crate::domain::validate::{DepartmentCode, Email, Name, Note};
use crate::domain::RuleError;
use crate::store::directory::{DepartmentChange, NewDepartment};
use crate::store::page::PageRequest;
use crate::store::StoreError;
use crate::web::WebState;

use crate::web::layout::*;

/// How many departments the list shows.
const LISTED: u64 = 500;

fn optional_email(raw: Option<&str>) -> Result<Option<Email>, RuleError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(address) => Email::parse(address).map(Some),
    }
}

#[handler]
pub async fn department_list(
    SignedIn { lang, visitor: v }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
    Query(prefill): Query<NewDepartmentQuery>,
) -> Response {
    let result = async {
        v.actor.may_manage_directory()?;
        let listed = state
            .store
            .departments_page(PageRequest::first(LISTED))
            .await?
            .items;
        let successors = state
            .store
            .departments_by_ids(&listed.iter().filter_map(|d| d.successor_id).collect::<Vec<_>>())
            .await?;
        let text = lang.text();
        Ok::<_, StoreError>(html! {
            table {
                tr { th { (text.code) } th { (text.name) } th { (text.email) } th { (text.status) } }
                @for department in &listed {
                    tr {
                        td { (department.code) }
                        td { a href={ "/admin/departments/" (department.id) } { (department.name) } }
                        td { (department.email.as_deref().unwrap_or("")) }
                        td {
                            @match department.deactivated_at {
                                None => { (text.active) }
                                Some(at) => {
                                    (text.inactive_since) " " (at.format("%d/%m/%Y"))
                                    @if let Some(successor) = department.successor_id.and_then(|id| successors.get(&id)) {
                                        "; " (text.work_passed_to) " " (successor.name)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form.card method="post" action="/admin/departments" {
                h2 { (text.create_department) }
                label for="new-code" { (text.code) }
                input #new-code name="code" required placeholder="SXD";
                label for="new-name" { (text.name) }
                input #new-name name="name" required size="60" value=(prefill.name.as_deref().unwrap_or(""));
                label for="new-email" { (text.email) }
                input #new-email name="email" type="email";
                input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                p { button { (text.create) } }
            }
        })
    }
    .await;
    match result {
        Ok(body) => admin_page(lang, lang.text().departments, &v, body),
        Err(error) => failure(lang, error),
    }
}

/// The name to start the new department's form with (from a draft's unmatched unit).
#[derive(Deserialize)]
pub struct NewDepartmentQuery {
    name: Option<String>,
}

#[derive(Deserialize)]
pub struct DepartmentForm {
    csrf: String,
    code: String,
    name: String,
    email: Option<String>,
    /// One per line; absent on the form that creates a department.
    aliases: Option<String>,
    groups: Option<String>,
}

/// The labels of the fields that drafting from a meeting's text reads.
fn drafting_labels(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Vi => (
            "Tên gọi khác trong văn bản (mỗi dòng một tên, ví dụ: Sở NN&PTNT)",
            "Nhóm (mỗi dòng một nhóm, ví dụ: huyện)",
        ),
        Lang::En => (
            "Other names texts use (one per line, e.g. Sở NN&PTNT)",
            "Groups (one per line, e.g. huyện)",
        ),
    }
}

/// Names typed one per line, each checked.
fn typed_names(raw: Option<&str>) -> Result<Option<Vec<Name>>, RuleError> {
    raw.map(|text| {
        crate::domain::drafting::lines_of(text)
            .iter()
            .map(|line| Name::parse(line))
            .collect()
    })
    .transpose()
}

#[handler]
pub async fn create_department(
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<DepartmentForm>,
) -> Response {
    let outcome = async {
        v.actor.may_manage_directory()?;
        let new = NewDepartment {
            code: DepartmentCode::parse(&form.code)?,
            name: Name::parse(&form.name)?,
            email: optional_email(form.email.as_deref())?,
            parent_id: None,
        };
        state.store.create_department(new, state.clock.now()).await
    }
    .await;
    settle(lang, outcome, "/admin/departments")
}

#[handler]
pub async fn department_view(
    SignedIn { lang, visitor: v }: SignedIn,
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        v.actor.may_manage_directory()?;
        let department = state.store.department(id).await?;
        let successors: Vec<_> = departments_to_choose(state)
            .await?
            .into_iter()
            .filter(|d| d.id != id)
            .collect();
        let text = lang.text();
        let csrf = &v.signed_in.csrf_token;
        let active = department.deactivated_at.is_none();
        let body = html! {
            form.card method="post" action={ "/admin/departments/" (id) } {
                label for="code" { (text.code) }
                input #code name="code" required value=(department.code);
                label for="name" { (text.name) }
                input #name name="name" required size="60" value=(department.name);
                label for="email" { (text.email) }
                input #email name="email" type="email" value=(department.email.as_deref().unwrap_or(""));
                @let (aliases, groups) = drafting_labels(lang);
                label for="aliases" { (aliases) }
                textarea #aliases name="aliases" { (department.aliases) }
                label for="groups" { (groups) }
                textarea #groups name="groups" { (department.groups) }
                input type="hidden" name="csrf" value=(csrf);
                p { button { (text.save_changes) } }
            }
            (active_toggle(&format!("/admin/departments/{id}/active"), csrf, active, text.deactivate, text.reactivate))
            @if active {
                form.card method="get" action={ "/admin/departments/" (id) "/transfer" } {
                    h2 { (text.transfer_work) }
                    label for="successor" { (text.successor) }
                    (department_select("successor", "to", &successors, None))
                    p { button { (text.preview_transfer) } }
                }
            }
        };
        Ok::<_, StoreError>((department.name, body))
    }
    .await;
    match result {
        Ok((title, body)) => admin_page(lang, &title, &v, body),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn update_department(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<DepartmentForm>,
) -> Response {
    let outcome = async {
        v.actor.may_manage_directory()?;
        let change = DepartmentChange {
            code: Some(DepartmentCode::parse(&form.code)?),
            name: Some(Name::parse(&form.name)?),
            email: Some(optional_email(form.email.as_deref())?),
            aliases: typed_names(form.aliases.as_deref())?,
            groups: typed_names(form.groups.as_deref())?,
        };
        state.store.update_department(id, change).await
    }
    .await;
    settle(lang, outcome, &format!("/admin/departments/{id}"))
}

#[handler]
pub async fn set_active(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<ActiveForm>,
) -> Response {
    let outcome = async {
        v.actor.may_manage_directory()?;
        state
            .store
            .set_department_active(id, form.wants_active(), state.clock.now())
            .await
    }
    .await;
    settle(lang, outcome, &format!("/admin/departments/{id}"))
}

#[derive(Deserialize)]
pub struct SuccessorQuery {
    to: i32,
}

#[handler]
pub async fn transfer_preview(
    SignedIn { lang, visitor: v }: SignedIn,
    Path(id): Path<i32>,
    Query(query): Query<SuccessorQuery>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        v.actor.may_manage_directory()?;
        let plan = state.store.transfer_plan(id, query.to).await?;
        let text = lang.text();
        let rows = task_rows(state, lang, &plan.sample).await?;
        Ok::<_, StoreError>(html! {
            p { strong { (plan.from.name) } " → " strong { (plan.to.name) } }
            dl {
                dt { (text.open_tasks_led) } dd { (plan.leads) }
                dt { (text.open_tasks_co_owned) } dd { (plan.co_owns) }
            }
            h2 { (text.first_tasks_moving) }
            (rows)
            h2 { (text.liaisons_losing_tasks) }
            ul {
                @for liaison in &plan.liaisons {
                    li { (liaison.name) " <" (liaison.email) ">" }
                }
            }
            form.card method="post" action={ "/admin/departments/" (id) "/transfer" } {
                label for="reform" { (text.reform) }
                textarea #reform name="note" required {}
                input type="hidden" name="to" value=(plan.to.id);
                input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                p { button { (text.confirm_transfer) } }
            }
        })
    }
    .await;
    match result {
        Ok(body) => admin_page(lang, lang.text().transfer_preview, &v, body),
        Err(error) => failure(lang, error),
    }
}

#[derive(Deserialize)]
pub struct TransferForm {
    csrf: String,
    to: i32,
    note: String,
}

#[handler]
pub async fn transfer(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<TransferForm>,
) -> Response {
    let outcome = async {
        let note = Note::parse(&form.note, "The reform")?;
        state
            .store
            .transfer_department(&v.actor, id, form.to, note, state.clock.now())
            .await
    }
    .await;
    match outcome {
        Ok(done) => {
            let text = lang.text();
            let body = html! {
                p role="status" {
                    (done.moved) " " (text.tasks_moved) " " (done.to.name) "."
                }
                p { a href={ "/admin/departments/" (done.to.id) } { (done.to.name) } }
                p { a href="/admin/departments" { (text.departments) } }
            };
            admin_page(lang, text.transferred, &v, body)
        }
        Err(error) => failure(lang, error),
    }
}

csrf_field!(DepartmentForm, TransferForm);
