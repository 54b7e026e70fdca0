//! Report documents: attaching files to a task's journal from its page, and downloading them.
//! A file is judged by its content, kept under its hash, and served only to people signed in
//! (or holding an API token), always as a download.

use std::sync::Arc;

use poem::http::{header, StatusCode};
use poem::web::{Data, Multipart, Path};
use poem::{handler, IntoResponse, Request, Response};

use super::{refusal, Lang, WebState};
use crate::domain::documents::{check_size, file_name, DocumentType};
use crate::domain::validate::{Note, Reference};
use crate::domain::RuleError;
use crate::store::task_writes::{NewAttachment, ReportDocument, TaskReport};
use crate::store::StoreError;

use super::layout::*;

/// What the documents form sent.
#[derive(Default)]
struct Upload {
    csrf: String,
    number: String,
    date: String,
    note: String,
    /// Each file's name as sent, and its content.
    files: Vec<(String, Vec<u8>)>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, poem::Error> {
    let mut upload = Upload::default();
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                let sent = field.file_name().unwrap_or_default().to_string();
                let content = field.bytes().await?;
                // A file input left empty still sends a part, without a name or content.
                if !(sent.is_empty() && content.is_empty()) {
                    upload.files.push((sent, content));
                }
            }
            "csrf" => upload.csrf = field.text().await?,
            "document_number" => upload.number = field.text().await?,
            "document_date" => upload.date = field.text().await?,
            "note" => upload.note = field.text().await?,
            _ => {}
        }
    }
    Ok(upload)
}

/// The files checked and described, before any is kept.
fn checked_files(
    files: &[(String, Vec<u8>)],
    limit: usize,
) -> Result<Vec<(NewAttachment, &[u8])>, RuleError> {
    files
        .iter()
        .map(|(sent, content)| {
            check_size(content.len(), limit)?;
            let kind = DocumentType::of(content)?;
            let described = NewAttachment {
                file_name: file_name(sent, kind),
                content_type: kind.mime.to_string(),
                size_bytes: i64::try_from(content.len()).unwrap_or(i64::MAX),
                // Filled in once the file is kept.
                sha256: String::new(),
            };
            Ok((described, content.as_slice()))
        })
        .collect()
}

fn report_of(id: i32, upload: &Upload) -> Result<TaskReport, RuleError> {
    let number = Reference::parse_optional(Some(&upload.number))?;
    let date = match upload.date.trim() {
        "" => None,
        raw => Some(form_date(raw, "The document's date")?),
    };
    Ok(TaskReport {
        task_id: id,
        expected_version: None,
        status: None,
        progress: None,
        note: Note::parse_optional(Some(&upload.note), "The note")?,
        document: (number.is_some() || date.is_some()).then_some(ReportDocument { number, date }),
        attachments: Vec::new(),
    })
}

/// Whether the person may add to the task's journal: the same rule as the journal's notes.
async fn may_attach(state: &WebState, v: &super::Visitor, id: i32) -> Result<bool, StoreError> {
    let task = state
        .store
        .tasks_by_ids(&[id])
        .await?
        .remove(&id)
        .ok_or_else(|| StoreError::not_found("The task"))?;
    Ok(state.store.allowed(&v.actor, &task).await?.note)
}

#[handler]
pub async fn attach(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    SignedIn { lang, visitor: v }: SignedIn,
    multipart: Multipart,
) -> Response {
    let upload = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(_) => return refusal(lang, StatusCode::BAD_REQUEST, lang.text().unreadable_form),
    };
    if !csrf_ok(&v, &upload.csrf) {
        return csrf_refusal(lang);
    }
    // Nothing is kept for someone who may not write to this task's journal.
    match may_attach(state, &v, id).await {
        Ok(true) => {}
        Ok(false) => {
            return failure(
                lang,
                RuleError::Forbidden(
                    "You may not add to this task's journal, so you cannot attach documents to it."
                        .into(),
                )
                .into(),
            )
        }
        Err(error) => return failure(lang, error),
    }
    let checked = report_of(id, &upload).and_then(|report| {
        checked_files(&upload.files, state.max_document_bytes).map(|files| (report, files))
    });
    let (mut report, files) = match checked {
        Ok(checked) => checked,
        Err(rule) => return failure(lang, rule.into()),
    };
    for (mut described, content) in files {
        match state.documents.keep(content).await {
            Ok(sha256) => described.sha256 = sha256,
            Err(cause) => return internal_failure(lang, &cause),
        }
        report.attachments.push(described);
    }
    let outcome = state
        .store
        .report_progress(&v.actor, report, state.clock.now())
        .await;
    settle(lang, outcome, &format!("/tasks/{id}"))
}

/// `Content-Disposition` for a download: the name in plain ASCII for old clients, and in full
/// as UTF-8 (RFC 6266 and 5987) for the others.
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencode(name).replace('/', "%2F")
    )
}

#[handler]
pub async fn download(
    Path(id): Path<i32>,
    Data(state): Data<&Arc<WebState>>,
    request: &Request,
) -> Response {
    let lang = super::lang_of(request);
    if let Some(refused) = download_refused(state, request, lang).await {
        return refused;
    }
    let kept = match state.store.attachment(id).await {
        Ok(kept) => kept,
        Err(error) => return failure(lang, error),
    };
    let content = match state.documents.read(&kept.sha256).await {
        Ok(content) => content,
        Err(cause) => return internal_failure(lang, &cause),
    };
    let content_type = if DocumentType::accepted(&kept.content_type) {
        kept.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    content
        .with_content_type(content_type)
        .with_header(
            header::CONTENT_DISPOSITION,
            content_disposition(&kept.file_name),
        )
        .with_header(header::CACHE_CONTROL, "private, no-store")
        .into_response()
}

/// The documents form on a task's page.
pub(super) fn documents_form(lang: Lang, id: i32, csrf: &str, max_bytes: usize) -> maud::Markup {
    let text = lang.text();
    let megabytes = max_bytes.div_ceil(1024 * 1024).to_string();
    maud::html! {
        form.card method="post" action={ "/tasks/" (id) "/documents" } enctype="multipart/form-data" {
            h2 { (text.attach_document) }
            label for="document-number" { (text.document_number) }
            input #document-number name="document_number" placeholder="45/BC-SNN";
            label for="document-date" { (text.document_date) }
            input #document-date name="document_date" type="date";
            label for="document-files" { (text.files.replace("{mb}", &megabytes)) }
            input #document-files name="file" type="file" multiple required
                accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.png,.jpg,.jpeg,.gif,.webp";
            label for="document-note" { (text.report_note) }
            textarea #document-note name="note" {}
            input type="hidden" name="csrf" value=(csrf);
            p { button { (text.send) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn downloads_keep_their_vietnamese_names() {
        assert_eq!(
            content_disposition("Báo cáo 45.pdf"),
            "attachment; filename=\"B_o c_o 45.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%2045.pdf"
        );
    }
}
