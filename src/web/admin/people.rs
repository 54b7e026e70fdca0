//! People: the list, inviting someone (their account, their committees, and a sign-in link by
//! e-mail), changing their details and role, and ending or restoring their access.

use std::sync::Arc;

use maud::html;
use poem::web::{Data, Path};
use poem::{handler, Response};
use serde::Deserialize;

use super::{active_toggle, admin_page, ActiveForm};
use crate::domain::validate::{Email, Name};
use crate::domain::{Role, RuleError};
use crate::mail::OutgoingMail;
use crate::store::committees::Memberships;
use crate::store::directory::NewUser;
use crate::store::entities::user;
use crate::store::page::PageRequest;
use crate::store::people::PersonChange;
use crate::store::StoreError;
use crate::web::layout::*;
use crate::web::{Lang, WebState};

/// How many people the list shows.
const LISTED: u64 = 500;

fn role_label(lang: Lang, role: &str) -> &'static str {
    let text = lang.text();
    match role.parse::<Role>() {
        Ok(Role::Admin) => text.role_admin,
        Ok(Role::Chair) => text.role_chair,
        Ok(Role::Secretary) => text.role_secretary,
        Ok(Role::Liaison) => text.role_liaison,
        Ok(Role::Viewer) | Err(_) => text.role_viewer,
    }
}

fn role_select(lang: Lang, id: &str, selected: Option<&str>) -> maud::Markup {
    html! {
        select id=(id) name="role" {
            @for role in [Role::Liaison, Role::Secretary, Role::Chair, Role::Viewer, Role::Admin] {
                option value=(role.as_str()) selected[selected == Some(role.as_str())] { (role_label(lang, role.as_str())) }
            }
        }
    }
}

/// A department choice with "none" first (every role but LIAISON has none).
fn department_choice(
    lang: Lang,
    departments: &[crate::store::entities::department::Model],
    selected: Option<i32>,
) -> maud::Markup {
    html! {
        select #department name="department_id" {
            option value="" selected[selected.is_none()] { (lang.text().no_department) }
            @for department in departments {
                option value=(department.id) selected[selected == Some(department.id)] { (department.name) }
            }
        }
    }
}

/// The committees a secretary or viewer may be listed in, ticked where they are.
fn committee_boxes(
    committees: &[crate::store::entities::committee::Model],
    checked: &[i32],
) -> maud::Markup {
    html! {
        @for committee in committees {
            label {
                input type="checkbox" name="committee" value=(committee.id) checked[checked.contains(&committee.id)];
                " " (committee.name)
            }
        }
    }
}

fn parse_department(raw: &str) -> Result<Option<i32>, RuleError> {
    match raw.trim() {
        "" => Ok(None),
        number => number
            .parse()
            .map(Some)
            .map_err(|_| RuleError::Invalid("Choose a department from the list.".into())),
    }
}

#[handler]
pub async fn people_list(
    SignedIn { lang, visitor: v }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        v.actor.may_manage_directory()?;
        let people = state.store.people_page(PageRequest::first(LISTED)).await?.items;
        let departments = state
            .store
            .departments_by_ids(&people.iter().filter_map(|p| p.department_id).collect::<Vec<_>>())
            .await?;
        let committees_of = state
            .store
            .committees_of(&people.iter().map(|p| p.id).collect::<Vec<_>>())
            .await?;
        let choices = departments_to_choose(state).await?;
        let committees = state.store.committees().await?;
        let text = lang.text();
        Ok::<_, StoreError>(html! {
            table {
                tr { th { (text.name) } th { (text.role) } th { (text.department_or_committees) } th { (text.status) } }
                @for person in &people {
                    tr {
                        td { a href={ "/admin/people/" (person.id) } { (person.name) } br; small { (person.email) } }
                        td { (role_label(lang, &person.role)) }
                        td {
                            @if let Some(department) = person.department_id.and_then(|d| departments.get(&d)) {
                                (department.name)
                            }
                            @for committee in committees_of.get(&person.id).into_iter().flatten() {
                                (committee.short_name.as_deref().unwrap_or(&committee.name)) " "
                            }
                        }
                        td { (if person.revoked_at.is_none() { text.active } else { text.inactive }) }
                    }
                }
            }
            form.card method="post" action="/admin/people" {
                h2 { (text.invite_person) }
                label for="name" { (text.name) }
                input #name name="name" required size="40";
                label for="email" { (text.email) }
                input #email name="email" type="email" required size="40";
                label for="role" { (text.role) }
                (role_select(lang, "role", None))
                label for="department" { (text.department_for_liaisons) }
                (department_choice(lang, &choices, None))
                fieldset {
                    legend { (text.committees_for_secretaries) }
                    (committee_boxes(&committees, &[]))
                }
                input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                p { button { (text.invite) } }
            }
        })
    }
    .await;
    match result {
        Ok(body) => admin_page(lang, lang.text().people, &v, body),
        Err(error) => failure(lang, error),
    }
}

/// Sends a new person a sign-in link; returns the link when there is no mail server to send
/// it through, for the administrator to pass on.
async fn invite(state: &WebState, person: &user::Model) -> Result<Option<String>, StoreError> {
    let token = state
        .store
        .create_login_link(person.id, "/", state.clock.now(), state.invitation_lifetime)
        .await?;
    let link = crate::store::sessions::sign_in_url(&state.public_url, &token);
    let Some(mailer) = &state.mailer else {
        return Ok(Some(link));
    };
    let hours = state.invitation_lifetime.num_hours();
    let mail = OutgoingMail {
        to_name: Some(person.name.clone()),
        to_email: person.email.clone(),
        subject: "Tài khoản theo dõi nhiệm vụ / Your task follow-up account".into(),
        text: format!(
            "Bạn đã được mời sử dụng hệ thống theo dõi, đôn đốc nhiệm vụ. Mở đường dẫn sau để đăng nhập (dùng được một lần, trong {hours} giờ; sau đó, nhập địa chỉ thư của bạn ở trang đăng nhập để nhận đường dẫn mới):\n{link}\n\nYou have been invited to the task follow-up system. Open this link to sign in (it works once, within {hours} hours; afterwards, enter your address on the sign-in page to get a new one):\n{link}\n"
        ),
        html: html! { p { a href=(link) { "Đăng nhập / Sign in" } } p { (link) } }.into_string(),
        message_id: format!("invitation.{}@{}", &token[3..27], mailer.domain()),
    };
    if let Err(error) = mailer.send(&mail).await {
        tracing::error!(
            ?error,
            person = person.id,
            "an invitation could not be sent"
        );
        return Ok(Some(link));
    }
    Ok(None)
}

#[handler]
pub async fn create_person(
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<PairsForm>,
) -> Response {
    let outcome = async {
        v.actor.may_manage_directory()?;
        let new = NewUser {
            name: Name::parse(form.value("name"))?,
            email: Email::parse(form.value("email"))?,
            role: form.value("role").parse()?,
            department_id: parse_department(form.value("department_id"))?,
        };
        let (person, _) = state.store.create_user(new, state.clock.now()).await?;
        for committee in form.numbers("committee") {
            state
                .store
                .set_committee_member(&v.actor, committee, person.id, true, state.clock.now())
                .await?;
        }
        let unsent = invite(state, &person).await?;
        Ok::<_, StoreError>((person, unsent))
    }
    .await;
    match outcome {
        Ok((person, unsent)) => {
            let text = lang.text();
            let body = html! {
                @match unsent {
                    None => p role="status" { (text.invitation_sent) " " (person.email) "." },
                    Some(link) => {
                        p role="status" { (text.no_mail_give_link) }
                        p { code { (link) } }
                    }
                }
                p { a href={ "/admin/people/" (person.id) } { (person.name) } }
            };
            admin_page(lang, text.invited, &v, body)
        }
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn person_view(
    SignedIn { lang, visitor: v }: SignedIn,
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        v.actor.may_manage_directory()?;
        let person = state
            .store
            .users_by_ids(&[id])
            .await?
            .remove(&id)
            .ok_or_else(|| StoreError::not_found("The person"))?;
        let choices = departments_to_choose(state).await?;
        let committees = state.store.committees().await?;
        let serves: Vec<i32> = state
            .store
            .members_of(&committees.iter().map(|c| c.id).collect::<Vec<_>>())
            .await?
            .into_iter()
            .filter(|(_, members)| members.iter().any(|m| m.id == id))
            .map(|(committee, _)| committee)
            .collect();
        let text = lang.text();
        let csrf = &v.signed_in.csrf_token;
        let active = person.revoked_at.is_none();
        let body = html! {
            form.card method="post" action={ "/admin/people/" (id) } {
                label for="name" { (text.name) }
                input #name name="name" required size="40" value=(person.name);
                label for="email" { (text.email) }
                input #email name="email" type="email" required size="40" value=(person.email);
                label for="role" { (text.role) }
                (role_select(lang, "role", Some(&person.role)))
                label for="department" { (text.department_for_liaisons) }
                (department_choice(lang, &choices, person.department_id))
                input type="hidden" name="csrf" value=(csrf);
                p { button { (text.save_changes) } }
            }
            form.card method="post" action={ "/admin/people/" (id) "/committees" } {
                fieldset {
                    legend { (text.committees_for_secretaries) }
                    (committee_boxes(&committees, &serves))
                }
                input type="hidden" name="csrf" value=(csrf);
                p { button { (text.save_changes) } }
            }
            (active_toggle(&format!("/admin/people/{id}/active"), csrf, active, text.deactivate_person, text.reactivate))
        };
        Ok::<_, StoreError>((person.name, body))
    }
    .await;
    match result {
        Ok((title, body)) => admin_page(lang, &title, &v, body),
        Err(error) => failure(lang, error),
    }
}

#[derive(Deserialize)]
pub struct PersonForm {
    csrf: String,
    name: String,
    email: String,
    role: String,
    department_id: Option<String>,
}

#[handler]
pub async fn update_person(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<PersonForm>,
) -> Response {
    let outcome = async {
        let change = PersonChange {
            name: Some(Name::parse(&form.name)?),
            email: Some(Email::parse(&form.email)?),
            role: Some(form.role.parse()?),
            department_id: Some(parse_department(
                form.department_id.as_deref().unwrap_or(""),
            )?),
        };
        state.store.update_person(&v.actor, id, change).await
    }
    .await;
    settle(lang, outcome, &format!("/admin/people/{id}"))
}

/// Lists the person in exactly the committees ticked.
#[handler]
pub async fn set_committees(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<PairsForm>,
) -> Response {
    let outcome = state
        .store
        .set_memberships(
            &v.actor,
            Memberships::OfPerson(id),
            &form.numbers("committee"),
            state.clock.now(),
        )
        .await;
    settle(lang, outcome, &format!("/admin/people/{id}"))
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
    let outcome = state
        .store
        .set_person_active(&v.actor, id, form.wants_active(), state.clock.now())
        .await;
    settle(lang, outcome, &format!("/admin/people/{id}"))
}

csrf_field!(PersonForm);
