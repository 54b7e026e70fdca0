//! The task list as a spreadsheet (XLSX) or CSV, in the layout Vietnamese offices use for a
//! list of directives (REPORTS.md: the ministry tracker's task list, with the source document):
//! Vietnamese headings unless `lang=en`, dates as dd/mm/yyyy, a frozen header row, widths that
//! fit. Rows are read a page at a time and written to a temporary file, so an export of 100,000
//! tasks holds one page in memory, not the list.

use std::path::{Path as FilePath, PathBuf};
use std::sync::Arc;

use poem::http::{header, StatusCode};
use poem::web::{Data, Path, Query};
use poem::{handler, Body, IntoResponse, Request, Response};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::Deserialize;

use super::{lang_of, Lang, WebState};
use crate::domain::validate::SearchText;
use crate::domain::{RuleError, TaskStatus, Timeliness};
use crate::store::page::PageRequest;
use crate::store::tasks::TaskQuery;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};

use super::layout::*;

/// Tasks read per statement while exporting.
const BATCH: u64 = 500;

/// The columns, Vietnamese and English, and their widths in characters.
const COLUMNS: [(&str, &str, f64); 9] = [
    ("TT", "No.", 6.0),
    ("Tên nhiệm vụ", "Task", 60.0),
    ("Nguồn chỉ đạo", "Source", 30.0),
    ("Đơn vị chủ trì", "Lead", 28.0),
    ("Đơn vị phối hợp", "Co-owners", 32.0),
    ("Thời hạn", "Deadline", 12.0),
    ("Tiến độ (%)", "Progress (%)", 10.0),
    ("Trạng thái", "Status", 22.0),
    ("Đánh giá", "Standing", 22.0),
];

/// What the export is narrowed to: the list's filters, with the pages' numeric ids.
#[derive(Deserialize, Default)]
pub struct ExportQuery {
    /// Statuses separated by commas, e.g. `IN_PROGRESS,SUBMITTED`.
    status: Option<String>,
    /// Standings separated by commas, e.g. `OVERDUE,DUE_SOON`.
    timeliness: Option<String>,
    committee: Option<i32>,
    meeting: Option<i32>,
    department: Option<i32>,
    search: Option<String>,
    /// `en` for English headings and words.
    lang: Option<String>,
}

fn listed<T: std::str::FromStr<Err = RuleError>>(raw: Option<&str>) -> Result<Vec<T>, RuleError> {
    raw.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::parse)
        .collect()
}

impl ExportQuery {
    fn task_query(&self) -> Result<TaskQuery, RuleError> {
        Ok(TaskQuery {
            statuses: listed::<TaskStatus>(self.status.as_deref())?,
            timeliness: listed::<Timeliness>(self.timeliness.as_deref())?,
            committee_id: self.committee,
            meeting_id: self.meeting,
            department_id: self.department,
            search: SearchText::parse_optional(self.search.as_deref())?,
            ..TaskQuery::default()
        })
    }

    fn lang(&self, request: &Request) -> Lang {
        match self.lang.as_deref() {
            Some("en") => Lang::En,
            Some("vi") => Lang::Vi,
            _ => lang_of(request),
        }
    }
}

/// The two formats.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format_ {
    Csv,
    Xlsx,
}

/// Reads the matching tasks a batch at a time and hands each batch to `write` as rows of
/// words, numbered from 1.
async fn each_batch(
    store: &Store,
    now: DateTime<Utc>,
    query: &TaskQuery,
    lang: Lang,
    mut write: impl FnMut(&[Vec<String>], u64) -> Result<(), String>,
) -> Result<(), ExportError> {
    let days = store.committee_days(now).await?;
    let mut after = None;
    let mut number = 0u64;
    loop {
        let page = store
            .tasks_page(
                query,
                None,
                PageRequest {
                    first: BATCH,
                    after,
                    after_key: None,
                },
                now,
            )
            .await?;
        let ids: Vec<i32> = page.items.iter().map(|t| t.id).collect();
        let meetings = store
            .meetings_by_ids(&page.items.iter().map(|t| t.meeting_id).collect::<Vec<_>>())
            .await?;
        let co_owners = store.co_owner_ids_of(&ids).await?;
        let mut department_ids: Vec<i32> = page.items.iter().map(|t| t.lead_id).collect();
        department_ids.extend(co_owners.values().flatten());
        let departments = store.departments_by_ids(&department_ids).await?;
        let name = |id: &i32| departments.get(id).map_or("", |d| d.name.as_str());
        let mut rows = Vec::with_capacity(page.items.len());
        for task in &page.items {
            number += 1;
            let today = days
                .get(&task.committee_id)
                .copied()
                .unwrap_or_else(|| now.date_naive());
            let standing = store.timeliness_on(task, today)?;
            let source = meetings
                .get(&task.meeting_id)
                .map_or_else(String::new, |m| {
                    let day = m.held_on.format("%d/%m/%Y");
                    match &m.reference {
                        Some(reference) => format!("{reference} ({day})"),
                        None => format!("{} ({day})", m.title),
                    }
                });
            rows.push(vec![
                number.to_string(),
                task.title.clone(),
                source,
                name(&task.lead_id).to_string(),
                co_owners
                    .get(&task.id)
                    .map(|ids| ids.iter().map(name).collect::<Vec<_>>().join("; "))
                    .unwrap_or_default(),
                day_text(task.deadline, lang),
                task.progress.to_string(),
                status_label(lang, &task.status).to_string(),
                timeliness_label(lang, standing).to_string(),
            ]);
        }
        write(&rows, number).map_err(ExportError::Write)?;
        if !page.has_next_page {
            return Ok(());
        }
        after = page.items.last().map(|t| t.id);
    }
}

/// Why an export failed.
enum ExportError {
    Store(StoreError),
    Write(String),
}

impl From<StoreError> for ExportError {
    fn from(error: StoreError) -> Self {
        ExportError::Store(error)
    }
}

fn headings(lang: Lang) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .map(|(vi, en, _)| if lang == Lang::En { *en } else { *vi })
        .collect()
}

/// A cell a spreadsheet application will show as text: one that begins like a formula (a
/// title typed as "=HYPERLINK(…)") gets a leading apostrophe, as OWASP advises for CSV. The
/// XLSX needs none: its cells are written as strings.
pub(super) fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A temporary file that removes itself.
struct Temporary(PathBuf);

impl Temporary {
    fn new(extension: &str) -> Temporary {
        Temporary(std::env::temp_dir().join(format!(
            "dondoc-export-{}.{extension}",
            rand::random::<u64>()
        )))
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

async fn write_csv(
    store: &Store,
    now: DateTime<Utc>,
    query: &TaskQuery,
    lang: Lang,
    file: &FilePath,
) -> Result<(), ExportError> {
    let mut out = std::fs::File::create(file).map_err(|e| ExportError::Write(e.to_string()))?;
    // The byte order mark tells Excel the file is UTF-8, so Vietnamese shows right.
    std::io::Write::write_all(&mut out, "\u{feff}".as_bytes())
        .map_err(|e| ExportError::Write(e.to_string()))?;
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(headings(lang))
        .map_err(|e| ExportError::Write(e.to_string()))?;
    each_batch(store, now, query, lang, |rows, _| {
        for row in rows {
            writer
                .write_record(row.iter().map(|cell| inert(cell).into_owned()))
                .map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())
    })
    .await
}

/// The date line of an official document (Decree 30/2020/NĐ-CP): the place left for the
/// issuer to write, days below 10 and the months January and February with a leading zero.
pub(super) fn date_line(lang: Lang, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Vi => {
            let month = if day.month() <= 2 {
                format!("{:02}", day.month())
            } else {
                day.month().to_string()
            };
            format!("……, ngày {:02} tháng {month} năm {}", day.day(), day.year())
        }
        Lang::En => day.format("%d %B %Y").to_string(),
    }
}

/// The heading block of a printed report (Decree 30/2020/NĐ-CP): the issuing body on the left,
/// the national name and motto on the right, the date line, then the title and its subject,
/// over nine columns. Returns the first row left free below it.
pub(super) fn xlsx_heading(
    sheet: &mut rust_xlsxwriter::Worksheet,
    lang: Lang,
    issuer: &str,
    today: chrono::NaiveDate,
    title: &str,
    subject: &str,
) -> Result<u32, XlsxError> {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(13);
    let bold_centre = base.clone().set_bold().set_align(FormatAlign::Center);
    let italic_centre = base.clone().set_italic().set_align(FormatAlign::Center);
    let (nation, motto) = super::scorecards::lang_nation(lang);
    sheet.merge_range(0, 0, 0, 3, &issuer.to_uppercase(), &bold_centre)?;
    sheet.merge_range(0, 4, 0, 8, nation, &bold_centre)?;
    sheet.merge_range(1, 4, 1, 8, motto, &bold_centre)?;
    sheet.merge_range(2, 4, 2, 8, &date_line(lang, today), &italic_centre)?;
    sheet.merge_range(4, 0, 4, 8, title, &bold_centre.clone().set_font_size(14))?;
    if subject.is_empty() {
        return Ok(6);
    }
    sheet.merge_range(5, 0, 5, 8, subject, &bold_centre)?;
    Ok(7)
}

async fn write_xlsx(
    store: &Store,
    now: DateTime<Utc>,
    query: &TaskQuery,
    lang: Lang,
    file: &FilePath,
) -> Result<(), ExportError> {
    let xlsx = |e: XlsxError| ExportError::Write(e.to_string());
    let issuer = match query.committee_id {
        Some(id) => store.committee(id).await?.name,
        None => lang.text().committees.to_string(),
    };
    let today = now.date_naive();
    let mut workbook = Workbook::new();
    workbook.set_tempdir(std::env::temp_dir()).map_err(xlsx)?;
    let sheet = workbook.add_worksheet_with_constant_memory();
    sheet
        .set_name(if lang == Lang::En {
            "Tasks"
        } else {
            "Nhiem vu"
        })
        .map_err(xlsx)?;
    // A4 landscape, one page wide, the margins of an official document.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(1.18, 0.59, 0.79, 0.79, 0.3, 0.3);
    let title = match lang {
        Lang::Vi => "DANH SÁCH NHIỆM VỤ",
        Lang::En => "LIST OF TASKS",
    };
    let header_row = xlsx_heading(sheet, lang, &issuer, today, title, "").map_err(xlsx)?;
    let cell = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let heading = cell
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    for (column, (label, (_, _, width))) in headings(lang).iter().zip(COLUMNS).enumerate() {
        let column = u16::try_from(column).unwrap_or(0);
        sheet.set_column_width(column, width).map_err(xlsx)?;
        sheet
            .write_string_with_format(header_row, column, *label, &heading)
            .map_err(xlsx)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0).map_err(xlsx)?;
    each_batch(store, now, query, lang, |rows, last| {
        let first = last - rows.len() as u64;
        for (offset, row) in rows.iter().enumerate() {
            let line = header_row + 1 + u32::try_from(first).unwrap_or(0) + offset as u32;
            for (column, value) in row.iter().enumerate() {
                let column = u16::try_from(column).unwrap_or(0);
                let written = match column {
                    0 | 6 => sheet.write_number_with_format(
                        line,
                        column,
                        value.parse::<f64>().unwrap_or(0.0),
                        &cell,
                    ),
                    _ => sheet.write_string_with_format(line, column, value, &cell),
                };
                written.map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    })
    .await?;
    tokio::task::block_in_place(|| workbook.save(file)).map_err(xlsx)
}

async fn export(
    state: &WebState,
    request: &Request,
    query: &ExportQuery,
    format: Format_,
) -> Response {
    let lang = query.lang(request);
    if let Some(refused) = download_refused(state, request, lang).await {
        return refused;
    }
    let task_query = match query.task_query() {
        Ok(task_query) => task_query,
        Err(rule) => return failure(lang, rule.into()),
    };
    let (extension, content_type) = match format {
        Format_::Csv => ("csv", "text/csv; charset=utf-8"),
        Format_::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    let file = Temporary::new(extension);
    let written = match format {
        Format_::Csv => {
            write_csv(&state.store, state.clock.now(), &task_query, lang, &file.0).await
        }
        Format_::Xlsx => {
            write_xlsx(&state.store, state.clock.now(), &task_query, lang, &file.0).await
        }
    };
    match written {
        Ok(()) => {}
        Err(ExportError::Store(error)) => return failure(lang, error),
        Err(ExportError::Write(cause)) => return internal_failure(lang, &cause),
    }
    // Opened, the file is read to its end even once its name is gone.
    let opened = match tokio::fs::File::open(&file.0).await {
        Ok(opened) => opened,
        Err(cause) => return internal_failure(lang, &cause),
    };
    drop(file);
    let name = format!(
        "{}-{}.{extension}",
        if lang == Lang::En {
            "tasks"
        } else {
            "nhiem-vu"
        },
        state.clock.now().format("%Y-%m-%d")
    );
    Body::from_async_read(opened)
        .into_response()
        .with_content_type(content_type)
        .with_header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
        .with_header(header::CACHE_CONTROL, "private, no-store")
        .into_response()
}

/// `dondoc export tasks`: the task list narrowed by `pairs` (the download address's
/// parameters: `status`, `timeliness`, `committee`, `meeting`, `department`, `search`, `lang`)
/// written to `output`, as XLSX or CSV by its extension.
///
/// # Errors
/// A filter that is not understood, a database that fails, a file that cannot be written,
/// described for the person.
pub async fn task_list_file(
    store: &Store,
    now: DateTime<Utc>,
    pairs: &[(&str, String)],
    output: &FilePath,
) -> Result<(), String> {
    let query: ExportQuery = serde_urlencoded::to_string(pairs)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_urlencoded::from_str(&text).map_err(|e| e.to_string()))?;
    let lang = match query.lang.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    };
    let task_query = query.task_query().map_err(|e| e.to_string())?;
    let written = match output.extension().and_then(|e| e.to_str()) {
        Some("xlsx") => write_xlsx(store, now, &task_query, lang, output).await,
        Some("csv") => write_csv(store, now, &task_query, lang, output).await,
        _ => return Err(format!("{}: name the file .xlsx or .csv", output.display())),
    };
    written.map_err(|error| match error {
        ExportError::Store(error) => error.to_string(),
        ExportError::Write(cause) => format!("{}: {cause}", output.display()),
    })
}

#[handler]
pub async fn tasks_export(
    Path(file): Path<String>,
    Data(state): Data<&Arc<WebState>>,
    Query(query): Query<ExportQuery>,
    request: &Request,
) -> Response {
    let format = match file.as_str() {
        "tasks.csv" => Format_::Csv,
        "tasks.xlsx" => Format_::Xlsx,
        "scorecard.csv" | "scorecard.xlsx" => {
            let params = match serde_urlencoded::from_str(request.uri().query().unwrap_or("")) {
                Ok(params) => params,
                Err(_) => return StatusCode::BAD_REQUEST.into_response(),
            };
            return super::scorecards::export(state, request, &params, file.ends_with("xlsx"))
                .await;
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    export(state, request, &query, format).await
}

/// The links to download a list as it is filtered, for the pages.
pub(super) fn download_links(lang: Lang, filter: &str) -> maud::Markup {
    let text = lang.text();
    maud::html! {
        p.downloads {
            (text.download) ": "
            a href={ "/export/tasks.xlsx?" (filter) } download { "Excel (XLSX)" } " · "
            a href={ "/export/tasks.csv?" (filter) } download { "CSV" }
        }
    }
}
