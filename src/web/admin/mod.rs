//! Administration, for administrators only: departments (with reorganisations), people
//! (invited by an e-mail sign-in link) and committees (settings, chair, members).

pub mod committees;
pub mod departments;
pub mod people;

use maud::{html, Markup};
use poem::Response;
use serde::Deserialize;

use super::layout::{csrf_field, WithCsrf};
use super::{page, Lang, Visitor};

/// The form that deactivates a record or makes it active again.
#[derive(Deserialize)]
pub struct ActiveForm {
    csrf: String,
    /// "1" to make it active, "0" to deactivate it.
    active: String,
}

impl ActiveForm {
    pub(super) fn wants_active(&self) -> bool {
        self.active == "1"
    }
}

csrf_field!(ActiveForm);

/// The button that deactivates the record at `action` when it is `active`, or restores it.
pub(super) fn active_toggle(
    action: &str,
    csrf: &str,
    active: bool,
    deactivate: &str,
    reactivate: &str,
) -> Markup {
    html! {
        form.card method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="active" value=(if active { "0" } else { "1" });
            p { button { (if active { deactivate } else { reactivate }) } }
        }
    }
}

/// An administration page: the sections' menu, then `body`.
pub(super) fn admin_page(lang: Lang, title: &str, v: &Visitor, body: Markup) -> Response {
    let text = lang.text();
    let menu = html! {
        nav.sections aria-label=(text.administration) {
            a href="/admin/departments" { (text.departments) } " · "
            a href="/admin/people" { (text.people) } " · "
            a href="/admin/committees" { (text.committees) }
        }
        (body)
    };
    page(lang, title, Some(v), menu)
}
