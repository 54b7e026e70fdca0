//! Committees: the list, a new committee, and each committee's settings (name, short name,
//! chair, time zone, language), its members and the journal of its changes.

use std::sync::Arc;

use maud::html;
use poem::web::{Data, Path};
use poem::{handler, Response};

use super::admin_page;
use crate::domain::calendar::DEFAULT_TIME_ZONE;
use crate::domain::committees::SettingsChange;
use crate::domain::validate::{Language, Name, ShortName};
use crate::domain::{Role, RuleError};
use crate::store::committees::Memberships;
use crate::store::directory::NewCommittee;
use crate::store::entities::user;
use crate::store::StoreError;
use crate::web::layout::*;
use crate::web::{Lang, WebState};

/// How many people a choice of chair or members offers.
const OFFERED: u64 = 500;

fn chair_select(chairs: &[user::Model], selected: Option<i32>, lang: Lang) -> maud::Markup {
    html! {
        select #chair name="chair_id" {
            option value="" selected[selected.is_none()] { (lang.text().no_chair) }
            @for chair in chairs {
                option value=(chair.id) selected[selected == Some(chair.id)] { (chair.name) }
            }
        }
    }
}

/// A setting's name in the committee's journal, as people read it.
fn setting_label(lang: Lang, field: &str) -> &str {
    let text = lang.text();
    match field {
        "name" => text.name,
        "shortName" => text.short_name_short,
        "chair" => text.chair,
        "timeZone" => text.time_zone,
        "language" => text.mail_language,
        "reminders" => text.reminder_settings,
        "member" => text.members,
        other => other,
    }
}

fn optional_number(raw: &str, what: &str) -> Result<Option<i32>, RuleError> {
    match raw.trim() {
        "" => Ok(None),
        number => number
            .parse()
            .map(Some)
            .map_err(|_| RuleError::Invalid(format!("Choose {what} from the list."))),
    }
}

fn optional_short_name(raw: &str) -> Result<Option<ShortName>, RuleError> {
    match raw.trim() {
        "" => Ok(None),
        short => ShortName::parse(short).map(Some),
    }
}

#[handler]
pub async fn committee_list(
    SignedIn { lang, visitor: v }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        v.actor.may_manage_directory()?;
        let committees = state.store.committees().await?;
        let chairs = state
            .store
            .users_by_ids(&committees.iter().filter_map(|c| c.chair_id).collect::<Vec<_>>())
            .await?;
        let members = state
            .store
            .members_of(&committees.iter().map(|c| c.id).collect::<Vec<_>>())
            .await?;
        let offered = state
            .store
            .active_people_with_role(&[Role::Chair], OFFERED)
            .await?;
        let text = lang.text();
        Ok::<_, StoreError>(html! {
            table {
                tr { th { (text.committee) } th { (text.chair) } th { (text.members) } }
                @for committee in &committees {
                    tr {
                        td { a href={ "/admin/committees/" (committee.id) } { (committee.name) } }
                        td { (committee.chair_id.and_then(|c| chairs.get(&c)).map_or("—", |c| c.name.as_str())) }
                        td { (members.get(&committee.id).map_or(0, Vec::len)) }
                    }
                }
            }
            form.card method="post" action="/admin/committees" {
                h2 { (text.create_committee) }
                label for="name" { (text.name) }
                input #name name="name" required size="60";
                label for="short_name" { (text.short_name) }
                input #short_name name="short_name" placeholder="BCĐ KTTT";
                label for="chair" { (text.chair) }
                (chair_select(&offered, None, lang))
                input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                p { button { (text.create) } }
            }
        })
    }
    .await;
    match result {
        Ok(body) => admin_page(lang, lang.text().committees, &v, body),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn create_committee(
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<PairsForm>,
) -> Response {
    let outcome = async {
        v.actor.may_manage_directory()?;
        let new = NewCommittee {
            name: Name::parse(form.value("name"))?,
            short_name: optional_short_name(form.value("short_name"))?,
            reminder_policy: None,
            time_zone: DEFAULT_TIME_ZONE.into(),
            language: Language::Vietnamese,
            chair_id: optional_number(form.value("chair_id"), "the chair")?,
            member_ids: Vec::new(),
        };
        state.store.create_committee(new, state.clock.now()).await
    }
    .await;
    match outcome {
        Ok(committee) => crate::web::redirect(&format!("/admin/committees/{}", committee.id)),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn committee_view(
    SignedIn { lang, visitor: v }: SignedIn,
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let result = async {
        v.actor.may_manage_directory()?;
        let committee = state.store.committee(id).await?;
        let chairs = state
            .store
            .active_people_with_role(&[Role::Chair], OFFERED)
            .await?;
        let candidates = state
            .store
            .active_people_with_role(&[Role::Secretary, Role::Viewer], OFFERED)
            .await?;
        let members: Vec<i32> = state
            .store
            .members_of(&[id])
            .await?
            .remove(&id)
            .unwrap_or_default()
            .iter()
            .map(|m| m.id)
            .collect();
        let changes = state.store.committee_changes(id, 50).await?;
        // The authors, and the people a chair or member change names by their id.
        let named: Vec<i32> = changes
            .iter()
            .flat_map(|c| {
                let people = matches!(c.field.as_str(), "chair" | "member");
                let values = [c.value_from.as_deref(), c.value_to.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(move |_| people)
                    .filter_map(|v| v.parse().ok());
                std::iter::once(c.author_id).chain(values)
            })
            .collect();
        let people = state.store.users_by_ids(&named).await?;
        let shown = |change: &crate::store::entities::committee_change::Model, value: Option<&str>| {
            let Some(value) = value else {
                return "—".to_string();
            };
            match change.field.as_str() {
                "chair" | "member" => value
                    .parse::<i32>()
                    .ok()
                    .and_then(|id| people.get(&id))
                    .map_or_else(|| value.to_string(), |p| p.name.clone()),
                _ => value.to_string(),
            }
        };
        let text = lang.text();
        let csrf = &v.signed_in.csrf_token;
        let body = html! {
            form.card method="post" action={ "/admin/committees/" (id) } {
                label for="name" { (text.name) }
                input #name name="name" required size="60" value=(committee.name);
                label for="short_name" { (text.short_name) }
                input #short_name name="short_name" value=(committee.short_name.as_deref().unwrap_or(""));
                label for="chair" { (text.chair) }
                (chair_select(&chairs, committee.chair_id, lang))
                label for="time_zone" { (text.time_zone) }
                input #time_zone name="time_zone" required value=(committee.time_zone);
                label for="language" { (text.mail_language) }
                select #language name="language" {
                    option value="vi" selected[committee.language == "vi"] { "Tiếng Việt" }
                    option value="en" selected[committee.language == "en"] { "English" }
                }
                input type="hidden" name="csrf" value=(csrf);
                p { button { (text.save_changes) } }
            }
            form.card method="post" action={ "/admin/committees/" (id) "/members" } {
                fieldset {
                    legend { (text.members_who_act) }
                    @for person in &candidates {
                        label {
                            input type="checkbox" name="member" value=(person.id) checked[members.contains(&person.id)];
                            " " (person.name) " (" (person.email) ")"
                        }
                    }
                }
                input type="hidden" name="csrf" value=(csrf);
                p { button { (text.save_changes) } }
            }
            h2 { (text.journal) }
            table {
                @for change in &changes {
                    tr {
                        td { small { (change.at.format("%d/%m/%Y %H:%M UTC")) } br; (people.get(&change.author_id).map_or("", |a| a.name.as_str())) }
                        td {
                            (setting_label(lang, &change.field)) ": "
                            (shown(change, change.value_from.as_deref())) " → " (shown(change, change.value_to.as_deref()))
                        }
                    }
                }
            }
        };
        Ok::<_, StoreError>((committee.name, body))
    }
    .await;
    match result {
        Ok((title, body)) => admin_page(lang, &title, &v, body),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn update_committee(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<PairsForm>,
) -> Response {
    let outcome = async {
        let change = SettingsChange {
            name: Some(Name::parse(form.value("name"))?),
            short_name: Some(optional_short_name(form.value("short_name"))?),
            chair_id: Some(optional_number(form.value("chair_id"), "the chair")?),
            time_zone: Some(form.value("time_zone").trim().to_string()),
            language: Some(Language::parse(form.value("language"))?),
            reminders: None,
        };
        state
            .store
            .update_committee(&v.actor, id, change, state.clock.now())
            .await
    }
    .await;
    settle(lang, outcome, &format!("/admin/committees/{id}"))
}

/// Lists exactly the people ticked as the committee's members.
#[handler]
pub async fn set_members(
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
            Memberships::OfCommittee(id),
            &form.numbers("member"),
            state.clock.now(),
        )
        .await;
    settle(lang, outcome, &format!("/admin/committees/{id}"))
}
