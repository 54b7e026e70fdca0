//! Administration, for administrators only: departments (with reorganisations), people
//! (invited by an e-mail sign-in link) and committees (settings, chair, members).

pub mod committees;
pub mod departments;
pub mod people;

use maud::{html, Markup};
use poem::Response;

use super::{page, Lang, Visitor};

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
