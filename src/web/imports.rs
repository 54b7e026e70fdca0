//! Importing a meeting's directives from a spreadsheet on the meeting's page: upload, a preview
//! of every row (or of every row's problem), then confirm. The file waits in the documents
//! folder, named by its hash, between the preview and the confirmation.

use std::sync::Arc;

use maud::{html, Markup};
use poem::http::{header, StatusCode};
use poem::web::{Data, Multipart, Path};
use poem::{handler, IntoResponse, Response};
use serde::Deserialize;

use super::{page, redirect, refusal, Lang, WebState};
use crate::domain::import::{read_table, ImportRow, RowProblem, TEMPLATE_HEADINGS};
use crate::domain::journal::AssignedFrom;
use crate::store::imports::ImportRefusal;
use crate::store::StoreError;

use super::layout::*;

/// The upload form on a meeting's page.
pub(super) fn import_form(lang: Lang, meeting: i32, csrf: &str) -> Markup {
    let text = lang.text();
    html! {
        form.card method="post" action={ "/meetings/" (meeting) "/import" } enctype="multipart/form-data" {
            h2 { (text.import_directives) }
            p { (text.import_explained) " " a href="/import/template.csv" download { (text.import_template) } }
            label for="import-file" { (text.import_file) }
            input #import-file name="file" type="file" required accept=".xlsx,.xls,.ods,.csv";
            input type="hidden" name="csrf" value=(csrf);
            p { button { (text.preview_transfer) } }
        }
    }
}

pub(super) fn problems_page(
    lang: Lang,
    v: &super::Visitor,
    meeting: i32,
    problems: &[RowProblem],
) -> Response {
    let text = lang.text();
    let body = html! {
        p.error role="alert" { (text.import_refused) }
        table {
            tr { th { (text.row) } th { (text.problem) } }
            @for problem in problems {
                tr { td { (problem.line) } td { (problem.problem) } }
            }
        }
        p { a href={ "/meetings/" (meeting) } { (text.back_to_meeting) } }
    };
    let mut response = page(lang, text.import_directives, Some(v), body);
    response.set_status(StatusCode::BAD_REQUEST);
    response
}

fn preview_table(lang: Lang, rows: &[ImportRow]) -> Markup {
    let text = lang.text();
    html! {
        table {
            tr { th { (text.row) } th { (text.task) } th { (text.lead) } th { (text.co_owners) } th { (text.deadline) } }
            @for row in rows {
                tr {
                    td { (row.line) }
                    td { (row.title.clone().into_inner()) }
                    td { (row.leads.join(", ")) }
                    td { (row.co_owners.join(", ")) }
                    td { (day_text(row.deadline, lang)) }
                }
            }
        }
    }
}

#[handler]
pub async fn upload(
    Path(meeting): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedIn { lang, visitor: v }: SignedIn,
    mut multipart: Multipart,
) -> Response {
    let (mut csrf, mut content) = (String::new(), Vec::new());
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("csrf") => csrf = field.text().await.unwrap_or_default(),
                Some("file") => content = field.bytes().await.unwrap_or_default(),
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return refusal(lang, StatusCode::BAD_REQUEST, lang.text().unreadable_form),
        }
    }
    if !csrf_ok(&v, &csrf) {
        return csrf_refusal(lang);
    }
    if let Err(error) = state.store.may_assign_at(&v.actor, meeting).await {
        return failure(lang, error);
    }
    let table = match crate::tabular::rows_of(&content) {
        Ok(table) => table,
        Err(rule) => return failure(lang, rule.into()),
    };
    let rows = match read_table(&table) {
        Ok(rows) => rows,
        Err(problems) => return problems_page(lang, &v, meeting, &problems),
    };
    let kept = match state.documents.keep(&content).await {
        Ok(kept) => kept,
        Err(cause) => return internal_failure(lang, &cause),
    };
    let text = lang.text();
    let body = html! {
        p role="status" { (text.import_ready.replace("{n}", &rows.len().to_string())) }
        (preview_table(lang, &rows))
        form.card method="post" action={ "/meetings/" (meeting) "/import/confirm" } {
            input type="hidden" name="file" value=(kept);
            input type="hidden" name="csrf" value=(v.signed_in.csrf_token);
            p { button { (text.import_confirm.replace("{n}", &rows.len().to_string())) } }
        }
        p { a href={ "/meetings/" (meeting) } { (text.back_to_meeting) } }
    };
    page(lang, text.import_directives, Some(&v), body)
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    /// The hash of the file previewed.
    file: String,
}

#[handler]
pub async fn confirm(
    Path(meeting): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedInForm {
        lang,
        visitor: v,
        form,
    }: SignedInForm<ConfirmForm>,
) -> Response {
    let content = match state.documents.read(&form.file).await {
        Ok(content) => content,
        Err(_) => {
            return failure(
                lang,
                StoreError::not_found("The file previewed (send it again)"),
            )
        }
    };
    let rows = match crate::tabular::rows_of(&content).map(|table| read_table(&table)) {
        Ok(Ok(rows)) => rows,
        Ok(Err(problems)) => return problems_page(lang, &v, meeting, &problems),
        Err(rule) => return failure(lang, rule.into()),
    };
    match state
        .store
        .import_directives(
            &v.actor,
            meeting,
            rows,
            AssignedFrom::Spreadsheet,
            state.clock.now(),
        )
        .await
    {
        Ok(_) => redirect(&format!("/meetings/{meeting}")),
        Err(ImportRefusal::Rows(problems)) => problems_page(lang, &v, meeting, &problems),
        Err(ImportRefusal::Store(error)) => failure(lang, error),
    }
}

/// A file to fill in: the headings, and the seed meeting's directives as the example.
#[handler]
pub async fn template() -> Response {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let _ = writer.write_record(TEMPLATE_HEADINGS);
        for row in EXAMPLE_ROWS {
            let _ = writer.write_record(row);
        }
        let _ = writer.flush();
    }
    out.with_content_type("text/csv; charset=utf-8")
        .with_header(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"mau-nhap-nhiem-vu.csv\"",
        )
        .into_response()
}

/// Two example rows of the template: one lead with co-owners and a deadline, and a directive
/// split across districts.
const EXAMPLE_ROWS: [[&str; 5]; 2] = [
    [
        "Xây dựng các giải pháp cụ thể về phát triển kinh tế tập thể, hợp tác xã",
        "SKHCN",
        "SCT; SNNPTNT; LMHTX",
        "30/11/2022",
        "",
    ],
    [
        "Khẩn trương kiện toàn Ban Chỉ đạo phát triển kinh tế tập thể cấp huyện",
        "UBND-DH; UBND-HH; UBND-VT",
        "",
        "30/09/2022",
        "Mỗi huyện một nhiệm vụ",
    ],
];

csrf_field!(ConfirmForm);
