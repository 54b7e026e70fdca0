//! Drafting a meeting's directives from its text, on the meeting's page: the secretary pastes the
//! conclusion notice; the page shows the text with each proposed directive highlighted beside a
//! table of drafts (task, lead, co-owners, deadline, each editable, each linked to its words,
//! units that match no department flagged); "Assign these N tasks" assigns the ticked ones in
//! one step, or none when one has a problem. Both forms are sent as multipart, so that a long
//! notice is not held to the size of an ordinary form.

use std::collections::HashMap;
use std::sync::Arc;

use maud::{html, Markup};
use poem::http::StatusCode;
use poem::web::{Data, Multipart, Path};
use poem::{handler, Response};

use super::{page, redirect, refusal, Lang, Visitor, WebState};
use crate::domain::drafting::{match_unit, suggested_title};
use crate::domain::import::{ImportRow, RowProblem};
use crate::domain::journal::AssignedFrom;
use crate::domain::validate::{Note, Title};
use crate::extract::{Draft, MAX_TEXT_CHARS};
use crate::reading::drafts_of;
use crate::store::entities::department;
use crate::store::imports::ImportRefusal;
use crate::store::StoreError;

use super::layout::*;

/// The longest form these pages read, in bytes: a long notice and its drafts.
const MAX_FORM_BYTES: usize = 1024 * 1024;

struct Words {
    heading: &'static str,
    explained: &'static str,
    notice: &'static str,
    draft: &'static str,
    take: &'static str,
    task: &'static str,
    lead: &'static str,
    co_owners: &'static str,
    deadline: &'static str,
    unmatched: &'static str,
    add_department: &'static str,
    again: &'static str,
    again_explained: &'static str,
    words: &'static str,
    step: &'static str,
    not_plainly_given: &'static str,
    assign: &'static str,
    nothing: &'static str,
    text_heading: &'static str,
    back: &'static str,
}

const VIETNAMESE: Words = Words {
    heading: "Soạn nhiệm vụ từ thông báo kết luận",
    explained: "Dán nội dung thông báo kết luận (hoặc tin về cuộc họp): dondoc đề xuất từng nhiệm vụ, đơn vị chủ trì, phối hợp và thời hạn để bạn kiểm tra trước khi giao.",
    notice: "Nội dung thông báo kết luận",
    draft: "Đề xuất nhiệm vụ",
    take: "Giao",
    task: "Nhiệm vụ",
    lead: "Đơn vị chủ trì (chọn nhiều: mỗi đơn vị một nhiệm vụ)",
    co_owners: "Đơn vị phối hợp",
    deadline: "Thời hạn",
    unmatched: "Không khớp đơn vị nào, hãy chọn hoặc thêm đơn vị:",
    add_department: "thêm đơn vị này (mở trang mới)",
    again: "Đối chiếu lại các đơn vị",
    again_explained: "sau khi thêm đơn vị: giữ nguyên những gì bạn đã sửa",
    words: "Xem trong văn bản",
    step: "Có thể chỉ là một bước của nhiệm vụ ngay trên: xem lại trong văn bản trước khi giao.",
    not_plainly_given: "Văn bản không nói rõ câu này giao cho ai: kiểm tra đơn vị chủ trì trước khi giao.",
    assign: "Giao {n} nhiệm vụ này",
    nothing: "Không tìm thấy nhiệm vụ nào trong văn bản.",
    text_heading: "Văn bản, các nhiệm vụ được tô đậm",
    back: "Quay lại cuộc họp",
};

const ENGLISH: Words = Words {
    heading: "Draft the directives from the conclusion notice",
    explained: "Paste the conclusion notice (or a news item about the meeting): dondoc proposes each task, its lead, co-owners and deadline for you to check before assigning.",
    notice: "The conclusion notice",
    draft: "Draft the directives",
    take: "Assign",
    task: "Task",
    lead: "Lead (several: one task each)",
    co_owners: "Co-owners",
    deadline: "Deadline",
    unmatched: "Matches no department; choose one or add it:",
    add_department: "add this department (opens a new page)",
    again: "Match the units again",
    again_explained: "after adding a department: what you have changed is kept",
    words: "See in the text",
    step: "May be only a step of the task just above: check it in the text before assigning.",
    not_plainly_given: "The text does not say plainly whose task this is: check the lead before assigning.",
    assign: "Assign these {n} tasks",
    nothing: "No directive was found in the text.",
    text_heading: "The text, each directive highlighted",
    back: "Back to the meeting",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VIETNAMESE,
        Lang::En => &ENGLISH,
    }
}

/// The paste form on a meeting's page.
pub(super) fn draft_form(lang: Lang, meeting: i32, csrf: &str) -> Markup {
    let w = words(lang);
    html! {
        form.card method="post" action={ "/meetings/" (meeting) "/draft" } enctype="multipart/form-data" {
            h2 { (w.heading) }
            p { (w.explained) }
            label for="notice" { (w.notice) }
            textarea #notice name="notice" rows="12" required {}
            input type="hidden" name="csrf" value=(csrf);
            p { button { (w.draft) } }
        }
    }
}

/// The fields of the visitor's own multipart form; a form too large or unreadable is refused
/// (400), and so is one without the visitor's form token (403).
async fn form_of(
    visitor: &Visitor,
    lang: Lang,
    multipart: Multipart,
) -> Result<Vec<(String, String)>, Response> {
    let Some(form) = fields(multipart).await else {
        return Err(refusal(
            lang,
            StatusCode::BAD_REQUEST,
            lang.text().unreadable_form,
        ));
    };
    if !csrf_ok(visitor, value(&form, "csrf")) {
        return Err(csrf_refusal(lang));
    }
    Ok(form)
}

/// The fields of a multipart form, as text, at most [`MAX_FORM_BYTES`] in all.
async fn fields(mut multipart: Multipart) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut size = 0;
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let value = field.text().await.ok()?;
        size += name.len() + value.len();
        if size > MAX_FORM_BYTES {
            return None;
        }
        found.push((name, value));
    }
    Some(found)
}

fn value<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn numbers(fields: &[(String, String)], name: &str) -> Vec<i32> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .filter_map(|(_, v)| v.parse().ok())
        .collect()
}

/// The text with each draft's words in a `mark` its row links to.
fn highlighted(text: &str, drafts: &[Draft]) -> Markup {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces: Vec<(String, Option<usize>)> = Vec::new();
    let mut at = 0;
    for (index, draft) in drafts.iter().enumerate() {
        if draft.start < at || draft.end > chars.len() {
            continue;
        }
        pieces.push((chars[at..draft.start].iter().collect(), None));
        pieces.push((chars[draft.start..draft.end].iter().collect(), Some(index)));
        at = draft.end;
    }
    pieces.push((chars[at..].iter().collect(), None));
    html! {
        div.notice {
            @for (piece, draft) in &pieces {
                @match draft {
                    Some(index) => mark id={ "draft-" (index + 1) } { (piece) },
                    None => (piece),
                }
            }
        }
    }
}

/// One draft's row as shown: as the text proposes it, or as the secretary left it when the
/// units are matched again (after a department was added).
struct Row {
    taken: bool,
    title: String,
    leads: Vec<i32>,
    co_owners: Vec<i32>,
    deadline: String,
    /// Units the text names that match no department.
    unmatched: Vec<String>,
}

type Matcher<'a> = dyn Fn(&str, bool) -> Vec<i32> + 'a;

impl Row {
    fn proposed(draft: &Draft, matched: &Matcher) -> Row {
        let ids = |names: &[String]| -> Vec<i32> {
            names
                .iter()
                .flat_map(|name| matched(name, draft.groups.contains(name)))
                .collect()
        };
        Row {
            taken: true,
            title: suggested_title(&draft.text),
            leads: ids(&draft.lead),
            co_owners: ids(&draft.co_owners),
            deadline: draft.deadline.map(|d| d.to_string()).unwrap_or_default(),
            unmatched: draft
                .lead
                .iter()
                .chain(&draft.co_owners)
                .filter(|name| matched(name, draft.groups.contains(*name)).is_empty())
                .cloned()
                .collect(),
        }
    }

    /// Row `n` as the form left it; of the units that matched nothing then, those that match
    /// a department now are chosen.
    fn kept(n: usize, form: &[(String, String)], draft: &Draft, matched: &Matcher) -> Row {
        let before: Vec<&str> = form
            .iter()
            .filter(|(k, _)| *k == format!("unmatched-{n}"))
            .map(|(_, v)| v.as_str())
            .collect();
        let now = |names: &[String]| -> Vec<i32> {
            names
                .iter()
                .filter(|name| before.contains(&name.as_str()))
                .flat_map(|name| matched(name, draft.groups.contains(name)))
                .collect()
        };
        let mut leads = numbers(form, &format!("lead-{n}"));
        leads.extend(now(&draft.lead));
        let mut co_owners = numbers(form, &format!("co-{n}"));
        co_owners.extend(now(&draft.co_owners));
        Row {
            taken: numbers(form, "take").contains(&i32::try_from(n).unwrap_or(0)),
            title: value(form, &format!("title-{n}")).to_string(),
            leads,
            co_owners,
            deadline: value(form, &format!("deadline-{n}")).to_string(),
            unmatched: draft
                .lead
                .iter()
                .chain(&draft.co_owners)
                .filter(|name| before.contains(&name.as_str()))
                .filter(|name| matched(name, draft.groups.contains(*name)).is_empty())
                .cloned()
                .collect(),
        }
    }
}

/// One draft's row: ticked, its title, leads, co-owners and deadline.
fn draft_row(
    lang: Lang,
    n: usize,
    draft: &Draft,
    row: &Row,
    departments: &[department::Model],
    may_add_departments: bool,
) -> Markup {
    let w = words(lang);
    html! {
        fieldset.card.draft {
            legend {
                label { input type="checkbox" name="take" value=(n) checked[row.taken]; " " (w.take) " " (n) }
                " · " a href={ "#draft-" (n) } { (w.words) }
            }
            @if draft.may_be_a_step_of_the_one_before() {
                p.step { (w.step) }
            }
            @if !draft.given_plainly() {
                p.step { (w.not_plainly_given) }
            }
            label for={ "title-" (n) } { (w.task) }
            textarea id={ "title-" (n) } name={ "title-" (n) } rows="2" { (row.title) }
            input type="hidden" name={ "text-" (n) } value=(draft.text);
            @if !row.unmatched.is_empty() {
                p.error {
                    (w.unmatched) " "
                    @for (i, name) in row.unmatched.iter().enumerate() {
                        @if i > 0 { ", " }
                        strong { (name) }
                        input type="hidden" name={ "unmatched-" (n) } value=(name);
                        // The administration's form, filled in with the name as the text has it.
                        @if may_add_departments {
                            " ("
                            a href={ "/admin/departments?" (serde_urlencoded::to_string([("name", name.as_str())]).unwrap_or_default()) "#new-name" } target="_blank" {
                                (w.add_department)
                            }
                            ")"
                        }
                    }
                }
            }
            label for={ "lead-" (n) } { (w.lead) }
            select id={ "lead-" (n) } name={ "lead-" (n) } multiple size="4" {
                @for department in departments {
                    option value=(department.id) selected[row.leads.contains(&department.id)] { (department.name) }
                }
            }
            label for={ "co-" (n) } { (w.co_owners) }
            select id={ "co-" (n) } name={ "co-" (n) } multiple size="4" {
                @for department in departments {
                    option value=(department.id) selected[row.co_owners.contains(&department.id)] { (department.name) }
                }
            }
            label for={ "deadline-" (n) } { (w.deadline) }
            input id={ "deadline-" (n) } name={ "deadline-" (n) } type="date" value=(row.deadline);
            @if let Some(phrase) = &draft.deadline_phrase {
                " " small { "“" (phrase) "”" }
            }
        }
    }
}

#[handler]
pub async fn drafts_page(
    Path(meeting): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedIn { lang, visitor: v }: SignedIn,
    multipart: Multipart,
) -> Response {
    let form = match form_of(&v, lang, multipart).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let w = words(lang);
    let result = async {
        state.store.may_assign_at(&v.actor, meeting).await?;
        let held_on = state
            .store
            .meetings_by_ids(&[meeting])
            .await?
            .remove(&meeting)
            .map(|m| m.held_on);
        let notice = value(&form, "notice");
        if notice.chars().count() > MAX_TEXT_CHARS {
            return Err(StoreError::Rule(crate::domain::RuleError::Invalid(format!(
                "The text is longer than {MAX_TEXT_CHARS} characters; paste the part with the directives."
            ))));
        }
        let drafts = drafts_of(notice.to_string(), held_on).await;
        let candidates = state.store.drafting_candidates().await?;
        let departments = departments_to_choose(state).await?;
        let matched = |name: &str, group: bool| match_unit(name, group, &candidates);
        // "Match the units again" sends the drafts form back here, edits and all.
        let again = value(&form, "again") == "1";
        let rows: Vec<Row> = drafts
            .iter()
            .enumerate()
            .map(|(index, draft)| {
                if again {
                    Row::kept(index + 1, &form, draft, &matched)
                } else {
                    Row::proposed(draft, &matched)
                }
            })
            .collect();
        let any_unmatched = rows.iter().any(|row| !row.unmatched.is_empty());
        let count = drafts.len();
        Ok::<_, StoreError>(html! {
            @if drafts.is_empty() {
                p role="status" { (w.nothing) }
            } @else {
                form method="post" action={ "/meetings/" (meeting) "/drafts" } enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
                    input type="hidden" name="notice" value=(notice);
                    @for (index, (draft, row)) in drafts.iter().zip(&rows).enumerate() {
                        (draft_row(lang, index + 1, draft, row, &departments, v.actor.may_manage_directory().is_ok()))
                    }
                    p { button { (w.assign.replace("{n}", &count.to_string())) } }
                    // After the assign button, so that Enter in a field assigns.
                    @if any_unmatched {
                        p {
                            button name="again" value="1" formaction={ "/meetings/" (meeting) "/draft" } { (w.again) }
                            " " small { (w.again_explained) }
                        }
                    }
                }
                h2 { (w.text_heading) }
                (highlighted(notice, &drafts))
            }
            p { a href={ "/meetings/" (meeting) } { (w.back) } }
        })
    }
    .await;
    match result {
        Ok(body) => page(lang, w.heading, Some(&v), body),
        Err(error) => failure(lang, error),
    }
}

/// The ticked drafts as rows of an import, numbered as on the page; the problems of those that
/// cannot be.
fn confirmed(
    form: &[(String, String)],
    codes: &HashMap<i32, String>,
) -> (Vec<ImportRow>, Vec<RowProblem>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for n in numbers(form, "take") {
        let line = usize::try_from(n).unwrap_or(0);
        let title = match Title::parse(value(form, &format!("title-{n}"))) {
            Ok(title) => title,
            Err(rule) => {
                problems.push(RowProblem {
                    line,
                    problem: rule.to_string(),
                });
                continue;
            }
        };
        let leads: Vec<String> = numbers(form, &format!("lead-{n}"))
            .iter()
            .filter_map(|id| codes.get(id).cloned())
            .collect();
        if leads.is_empty() {
            problems.push(RowProblem {
                line,
                problem: "choose who leads it".into(),
            });
            continue;
        }
        let deadline = value(form, &format!("deadline-{n}"));
        let deadline = if deadline.trim().is_empty() {
            None
        } else {
            match form_date(deadline, "The deadline") {
                Ok(day) => Some(day),
                Err(rule) => {
                    problems.push(RowProblem {
                        line,
                        problem: rule.to_string(),
                    });
                    continue;
                }
            }
        };
        // The words it came from, when the title had to be cut.
        let words = value(form, &format!("text-{n}"));
        let description = (words.chars().count() > title.clone().into_inner().chars().count())
            .then(|| Note::parse(words, "The description").ok())
            .flatten();
        rows.push(ImportRow {
            line,
            title,
            description,
            leads,
            co_owners: numbers(form, &format!("co-{n}"))
                .iter()
                .filter_map(|id| codes.get(id).cloned())
                .collect(),
            deadline,
        });
    }
    (rows, problems)
}

#[handler]
pub async fn assign_drafts(
    Path(meeting): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedIn { lang, visitor: v }: SignedIn,
    multipart: Multipart,
) -> Response {
    let form = match form_of(&v, lang, multipart).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let departments = match departments_to_choose(state).await {
        Ok(departments) => departments,
        Err(error) => return failure(lang, error),
    };
    let codes: HashMap<i32, String> = departments.into_iter().map(|d| (d.id, d.code)).collect();
    let (rows, problems) = confirmed(&form, &codes);
    if !problems.is_empty() {
        return super::imports::problems_page(lang, &v, meeting, &problems);
    }
    if rows.is_empty() {
        return refusal(
            lang,
            StatusCode::BAD_REQUEST,
            "Tick at least one draft to assign.",
        );
    }
    match state
        .store
        .import_directives(
            &v.actor,
            meeting,
            rows,
            AssignedFrom::MeetingText,
            state.clock.now(),
        )
        .await
    {
        Ok(_) => redirect(&format!("/meetings/{meeting}")),
        Err(ImportRefusal::Rows(problems)) => {
            super::imports::problems_page(lang, &v, meeting, &problems)
        }
        Err(ImportRefusal::Store(error)) => failure(lang, error),
    }
}
