//! The scorecard for people: the period picker and ranked table with its charts on the chair's
//! dashboard, the printable report (A4, laid out as Decree 30/2020/NĐ-CP asks), and its XLSX
//! (the per-unit summary of REPORTS.md: two merged header rows, "count (percent)" cells) and
//! CSV downloads.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use maud::{html, Markup};
use poem::http::header;
use poem::web::{Data, Query};
use poem::{handler, IntoResponse, Request, Response};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use super::exports::{date_line, inert, xlsx_heading};
use super::{lang_of, page, Lang, WebState};
use crate::domain::periods::{dmy, PeriodChoice, PeriodScheme};
use crate::domain::scorecard::{count_with_share, percent, ScoreCounts, ScoreGrouping};
use crate::domain::RuleError;
use crate::store::scorecard::{Scorecard, ScorecardScope};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};

use super::layout::*;

/// The words of the scorecard, Vietnamese first.
struct Words {
    heading: &'static str,
    report_title: &'static str,
    subject: &'static str,
    annex: &'static str,
    number_line: &'static str,
    annex_note: &'static str,
    year: &'static str,
    quarter: &'static str,
    month: &'static str,
    whole_year: &'static str,
    scheme: &'static str,
    calendar: &'static str,
    fifteenth: &'static str,
    lines_are: &'static str,
    by_department: &'static str,
    by_meeting: &'static str,
    by_committee: &'static str,
    show: &'static str,
    rank: &'static str,
    unit: &'static str,
    total: &'static str,
    in_progress: &'static str,
    finished: &'static str,
    in_time: &'static str,
    late: &'static str,
    on_time: &'static str,
    cancelled: &'static str,
    note: &'static str,
    sum: &'static str,
    as_of: &'static str,
    counted: &'static str,
    on_time_of_due: &'static str,
    without_deadline: &'static str,
    extended: &'static str,
    returned: &'static str,
    mean_late: &'static str,
    days: &'static str,
    rate_chart: &'static str,
    ageing_chart: &'static str,
    ageing: [&'static str; 3],
    nothing_due: &'static str,
    printable: &'static str,
    nothing: &'static str,
    file: &'static str,
    sheet: &'static str,
}

const VIETNAMESE: Words = Words {
    heading: "Kết quả thực hiện nhiệm vụ",
    report_title: "BÁO CÁO",
    subject: "Tình hình thực hiện nhiệm vụ được giao",
    annex: "Phụ lục",
    number_line: "Số:       /BC-",
    annex_note: "(Kèm theo Báo cáo số       /BC-       ngày       tháng       năm       của",
    year: "Năm",
    quarter: "Quý",
    month: "Tháng",
    whole_year: "Cả năm",
    scheme: "Cách tính kỳ",
    calendar: "Theo tháng dương lịch",
    fifteenth: "Từ ngày 15 đến ngày 14",
    lines_are: "Theo",
    by_department: "Đơn vị chủ trì",
    by_meeting: "Cuộc họp",
    by_committee: "Ban chỉ đạo",
    show: "Xem",
    rank: "Hạng",
    unit: "Đơn vị",
    total: "Tổng số nhiệm vụ",
    in_progress: "Đang thực hiện",
    finished: "Đã hoàn thành",
    in_time: "Trong hạn",
    late: "Quá hạn",
    on_time: "Đúng hạn",
    cancelled: "Nhiệm vụ bị hủy",
    note: "Ghi chú",
    sum: "Tổng cộng",
    as_of: "Số liệu tính đến hết ngày",
    counted: "Tính các nhiệm vụ giao đến hết kỳ, trừ nhiệm vụ đã hoàn thành hoặc bị hủy trước kỳ; xếp hạng theo tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đến hạn (đã hoàn thành và quá hạn chưa hoàn thành), rồi theo số quá hạn ít hơn. Nhiệm vụ không có thời hạn được tính trong hạn.",
    on_time_of_due: "đúng hạn",
    without_deadline: "không thời hạn",
    extended: "được gia hạn",
    returned: "bị trả lại",
    mean_late: "trễ bình quân",
    days: "ngày",
    rate_chart: "Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đến hạn",
    ageing_chart: "Nhiệm vụ quá hạn theo số ngày trễ",
    ageing: ["1–7 ngày", "8–30 ngày", "trên 30 ngày"],
    nothing_due: "chưa có nhiệm vụ đến hạn",
    printable: "Bản in (A4)",
    nothing: "Không có nhiệm vụ nào trong kỳ.",
    file: "ket-qua",
    sheet: "Tong hop",
};

const ENGLISH: Words = Words {
    heading: "Task results",
    report_title: "REPORT",
    subject: "Progress of the tasks assigned",
    annex: "Annex",
    number_line: "No.:       /BC-",
    annex_note: "(Attached to Report No.       dated       of",
    year: "Year",
    quarter: "Quarter",
    month: "Month",
    whole_year: "Whole year",
    scheme: "Periods",
    calendar: "Calendar months",
    fifteenth: "From the 15th to the 14th",
    lines_are: "By",
    by_department: "Lead department",
    by_meeting: "Meeting",
    by_committee: "Committee",
    show: "Show",
    rank: "Rank",
    unit: "Unit",
    total: "Tasks in all",
    in_progress: "In progress",
    finished: "Finished",
    in_time: "In time",
    late: "Late",
    on_time: "On time",
    cancelled: "Cancelled",
    note: "Notes",
    sum: "Total",
    as_of: "As things stood at the end of",
    counted: "Counts the tasks assigned by the end of the period, but those finished or cancelled before it began; ranked by the share finished on time of the tasks due (finished, or open past the deadline), then by fewer overdue. Tasks without a deadline count as in time.",
    on_time_of_due: "on time",
    without_deadline: "without deadline",
    extended: "extended",
    returned: "returned",
    mean_late: "mean lateness",
    days: "days",
    rate_chart: "Share finished on time of the tasks due",
    ageing_chart: "Overdue tasks by days late",
    ageing: ["1–7 days", "8–30 days", "over 30 days"],
    nothing_due: "nothing due yet",
    printable: "Printable (A4)",
    nothing: "No tasks in this period.",
    file: "results",
    sheet: "Summary",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VIETNAMESE,
        Lang::En => &ENGLISH,
    }
}

/// What a scorecard page or download asks for, as a form sends it (empty fields are absent).
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ScorecardParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quarter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    /// `fifteenth` for periods cut on the 15th.
    #[serde(skip_serializing_if = "Option::is_none")]
    scheme: Option<String>,
    /// `department` (the default), `meeting` or `committee`.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    /// `en` for English.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
}

fn given(raw: Option<&String>) -> Option<&str> {
    raw.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn number<T: std::str::FromStr>(raw: Option<&String>, what: &str) -> Result<Option<T>, RuleError> {
    given(raw)
        .map(|text| {
            text.parse()
                .map_err(|_| RuleError::Invalid(format!("The {what} \"{text}\" is not a number.")))
        })
        .transpose()
}

impl ScorecardParams {
    /// The committee chosen: absent, all (an empty choice), or one.
    pub(super) fn committee_choice(&self) -> Result<Option<Option<i32>>, RuleError> {
        match self.committee.as_deref().map(str::trim) {
            None => Ok(None),
            Some("") => Ok(Some(None)),
            Some(raw) => raw
                .parse()
                .map(|id| Some(Some(id)))
                .map_err(|_| RuleError::Invalid("Choose a committee from the list.".into())),
        }
    }

    fn choice(&self) -> Result<PeriodChoice, RuleError> {
        let day =
            |raw: Option<&String>, what: &str| given(raw).map(|d| form_date(d, what)).transpose();
        Ok(PeriodChoice {
            year: number(self.year.as_ref(), "year")?,
            quarter: number(self.quarter.as_ref(), "quarter")?,
            month: number(self.month.as_ref(), "month")?,
            from: day(self.from.as_ref(), "The first day")?,
            to: day(self.to.as_ref(), "The last day")?,
            scheme: self.scheme(),
        })
    }

    fn scheme(&self) -> PeriodScheme {
        match given(self.scheme.as_ref()) {
            Some("fifteenth") => PeriodScheme::Fifteenth,
            _ => PeriodScheme::Calendar,
        }
    }

    fn grouping(&self) -> ScoreGrouping {
        match given(self.group.as_ref()) {
            Some("meeting") => ScoreGrouping::Meeting,
            Some("committee") => ScoreGrouping::Committee,
            _ => ScoreGrouping::Department,
        }
    }

    fn lang(&self, request: &Request) -> Lang {
        match given(self.lang.as_ref()) {
            Some("en") => Lang::En,
            Some("vi") => Lang::Vi,
            _ => lang_of(request),
        }
    }

    /// The same choice as a query string, for the links to the printable page and downloads.
    fn query_string(&self, committee_id: Option<i32>) -> String {
        let mut params = self.clone();
        params.committee = committee_id.map(|id| id.to_string());
        params.lang = None;
        serde_urlencoded::to_string(&params).unwrap_or_default()
    }
}

/// A scorecard with the names of its lines and of the body that issues it.
pub(super) struct NamedScorecard {
    card: Scorecard,
    names: Vec<String>,
    issuer: String,
}

/// Counts the scorecard asked for and names its lines.
pub(super) async fn load(
    store: &Store,
    now: DateTime<Utc>,
    lang: Lang,
    params: &ScorecardParams,
    committee_id: Option<i32>,
) -> Result<NamedScorecard, StoreError> {
    let today = store.reporting_today(committee_id, now).await?;
    let period = params.choice()?.resolve(today)?;
    let card = store
        .scorecard(
            ScorecardScope {
                committee_id,
                meeting_id: number(params.meeting.as_ref(), "meeting")?,
                department_id: number(params.department.as_ref(), "department")?,
                period,
                grouping: params.grouping(),
            },
            now,
        )
        .await?;
    let ids: Vec<i32> = card.lines.iter().map(|l| l.group_id).collect();
    let committees: HashMap<i32, String> = store
        .committees()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let names: HashMap<i32, String> = match card.grouping {
        ScoreGrouping::Department => store
            .departments_by_ids(&ids)
            .await?
            .into_iter()
            .map(|(id, d)| (id, d.name))
            .collect(),
        ScoreGrouping::Meeting => store
            .meetings_by_ids(&ids)
            .await?
            .into_iter()
            .map(|(id, m)| {
                let day = dmy(m.held_on);
                let name = match m.reference {
                    Some(reference) => format!("{reference} ({day})"),
                    None => format!("{} ({day})", m.title),
                };
                (id, name)
            })
            .collect(),
        ScoreGrouping::Committee => committees.clone(),
    };
    let issuer = committee_id
        .and_then(|id| committees.get(&id).cloned())
        .unwrap_or_else(|| lang.text().committees.to_string());
    Ok(NamedScorecard {
        names: card
            .lines
            .iter()
            .map(|l| names.get(&l.group_id).cloned().unwrap_or_default())
            .collect(),
        card,
        issuer,
    })
}

/// The notes of a line: its rank, its on-time share of the tasks due, and what else matters.
fn notes(lang: Lang, counts: &ScoreCounts, rank: Option<u32>) -> String {
    let w = words(lang);
    let mut parts = Vec::new();
    if let Some(rank) = rank {
        parts.push(format!("{} {rank}", w.rank));
    }
    match counts.on_time_rate_of_due() {
        Some(share) => parts.push(format!(
            "{} {}/{} ({})",
            w.on_time_of_due,
            counts.done_on_time,
            counts.due(),
            percent(share)
        )),
        None => parts.push(w.nothing_due.to_string()),
    }
    if counts.open_without_deadline > 0 {
        parts.push(format!(
            "{} {}",
            counts.open_without_deadline, w.without_deadline
        ));
    }
    if counts.extended > 0 {
        parts.push(format!("{} {}", counts.extended, w.extended));
    }
    if counts.returned > 0 {
        parts.push(format!("{} {}", counts.returned, w.returned));
    }
    if let Some(mean) = counts.mean_days_late() {
        let mean = format!("{mean:.1}");
        let mean = if lang == Lang::Vi {
            mean.replace('.', ",")
        } else {
            mean
        };
        parts.push(format!("{} {mean} {}", w.mean_late, w.days));
    }
    parts.join("; ")
}

/// The cells of the per-unit summary after the unit's name: total, in time, late, on time,
/// late, cancelled, each with its share of the total.
fn summary_cells(counts: &ScoreCounts) -> [String; 6] {
    let total = counts.total;
    [
        counts.total.to_string(),
        count_with_share(counts.in_time(), total),
        count_with_share(counts.open_overdue, total),
        count_with_share(counts.done_on_time, total),
        count_with_share(counts.done_late, total),
        count_with_share(counts.cancelled, total),
    ]
}

/// The period picker, sending its choice to `action`.
pub(super) fn picker(
    lang: Lang,
    params: &ScorecardParams,
    action: &str,
    committee_id: Option<i32>,
    today: NaiveDate,
) -> Markup {
    let w = words(lang);
    let year = given(params.year.as_ref()).map_or_else(|| today.year().to_string(), str::to_string);
    let quarter = given(params.quarter.as_ref()).unwrap_or("");
    let month = given(params.month.as_ref()).unwrap_or("");
    let roman = ["I", "II", "III", "IV"];
    let grouping = params.grouping();
    html! {
        form.card.picker method="get" action=(action) {
            @if let Some(id) = committee_id {
                input type="hidden" name="committee" value=(id);
            }
            label for="period-year" { (w.year) }
            input #period-year type="number" name="year" min="2000" max="2100" value=(year);
            label for="period-quarter" { (w.quarter) }
            select #period-quarter name="quarter" {
                option value="" selected[quarter.is_empty()] { "—" }
                @for (n, name) in roman.iter().enumerate() {
                    @let value = (n + 1).to_string();
                    option value=(value) selected[quarter == value] { (name) }
                }
            }
            label for="period-month" { (w.month) }
            select #period-month name="month" {
                option value="" selected[month.is_empty()] { "—" }
                @for n in 1..=12 {
                    @let value = n.to_string();
                    option value=(value) selected[month == value] { (value) }
                }
            }
            label for="period-scheme" { (w.scheme) }
            select #period-scheme name="scheme" {
                option value="calendar" selected[params.scheme() == PeriodScheme::Calendar] { (w.calendar) }
                option value="fifteenth" selected[params.scheme() == PeriodScheme::Fifteenth] { (w.fifteenth) }
            }
            label for="period-group" { (w.lines_are) }
            select #period-group name="group" {
                option value="department" selected[grouping == ScoreGrouping::Department] { (w.by_department) }
                option value="meeting" selected[grouping == ScoreGrouping::Meeting] { (w.by_meeting) }
                option value="committee" selected[grouping == ScoreGrouping::Committee] { (w.by_committee) }
            }
            p { button { (w.show) } " " small { (w.whole_year) ": " (w.quarter) " —, " (w.month) " —" } }
        }
    }
}

/// The per-unit summary as a table: two header rows, "count (percent)" cells, best first.
fn summary_table(lang: Lang, named: &NamedScorecard) -> Markup {
    let w = words(lang);
    let card = &named.card;
    html! {
        div.wide role="region" aria-label=(w.heading) tabindex="0" {
            table.summary {
                caption { (w.heading) " · " (card.period.label) }
                thead {
                    tr {
                        th scope="col" rowspan="2" { (w.rank) }
                        th scope="col" rowspan="2" { (w.unit) }
                        th scope="col" rowspan="2" { (w.total) }
                        th scope="colgroup" colspan="2" { (w.in_progress) }
                        th scope="colgroup" colspan="2" { (w.finished) }
                        th scope="col" rowspan="2" { (w.cancelled) }
                        th scope="col" rowspan="2" { (w.note) }
                    }
                    tr {
                        th scope="col" { (w.in_time) }
                        th scope="col" { (w.late) }
                        th scope="col" { (w.on_time) }
                        th scope="col" { (w.late) }
                    }
                }
                tbody {
                    @for (line, name) in card.lines.iter().zip(&named.names) {
                        tr {
                            td { (line.rank.map(|r| r.to_string()).unwrap_or_default()) }
                            th scope="row" { (name) }
                            @for cell in summary_cells(&line.counts) { td { (cell) } }
                            td { (notes(lang, &line.counts, line.rank)) }
                        }
                    }
                }
                tfoot {
                    tr {
                        td {}
                        th scope="row" { (w.sum) }
                        @for cell in summary_cells(&card.total) { td { (cell) } }
                        td { (notes(lang, &card.total, None)) }
                    }
                }
            }
        }
    }
}

/// The on-time share of each line as bars, and the ageing of overdue work as stacked bars; each
/// chart's title gives its numbers, for screen readers.
fn charts(lang: Lang, named: &NamedScorecard) -> Markup {
    let w = words(lang);
    let lines: Vec<(&String, &ScoreCounts)> = named
        .names
        .iter()
        .zip(named.card.lines.iter().map(|l| &l.counts))
        .collect();
    let rate_text = lines
        .iter()
        .map(|(name, c)| match c.on_time_rate_of_due() {
            Some(share) => format!("{name}: {}", percent(share)),
            None => format!("{name}: {}", w.nothing_due),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let late: Vec<&(&String, &ScoreCounts)> =
        lines.iter().filter(|(_, c)| c.open_overdue > 0).collect();
    let most_late = late
        .iter()
        .map(|(_, c)| c.open_overdue)
        .max()
        .unwrap_or(1)
        .max(1);
    let ageing_text = late
        .iter()
        .map(|(name, c)| {
            let [a, b, d] = c.overdue_ageing;
            format!(
                "{name}: {} {a}, {} {b}, {} {d}",
                w.ageing[0], w.ageing[1], w.ageing[2]
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let colours = ["#b45309", "#b91c1c", "#6b1010"];
    html! {
        section.charts {
            h2 { (w.rate_chart) }
            svg role="img" width="100%" viewBox={ "0 0 600 " (26 * lines.len() + 4) } xmlns="http://www.w3.org/2000/svg" {
                title { (w.rate_chart) ". " (rate_text) }
                @for (n, (name, counts)) in lines.iter().enumerate() {
                    @let y = 26 * n + 2;
                    @let share = counts.on_time_rate_of_due();
                    @let width = share.map_or(0.0, |s| 300.0 * s);
                    text x="0" y=(y + 15) font-size="13" { (truncate(name)) }
                    rect x="230" y=(y) width="300" height="20" fill="#e5e7eb" {}
                    rect x="230" y=(y) width=(format!("{width:.1}")) height="20" fill="#1d4ed8" {}
                    text x="535" y=(y + 15) font-size="13" { (share.map_or_else(|| "—".to_string(), percent)) }
                }
            }
            @if !late.is_empty() {
                h2 { (w.ageing_chart) }
                p.legend {
                    @for (n, label) in w.ageing.iter().enumerate() {
                        span.swatch style={ "background:" (colours[n]) } {} " " (label) " "
                    }
                }
                svg role="img" width="100%" viewBox={ "0 0 600 " (26 * late.len() + 4) } xmlns="http://www.w3.org/2000/svg" {
                    title { (w.ageing_chart) ". " (ageing_text) }
                    @for (n, (name, counts)) in late.iter().enumerate() {
                        @let y = 26 * n + 2;
                        @let segments = stacked(counts.overdue_ageing, most_late);
                        text x="0" y=(y + 15) font-size="13" { (truncate(name)) }
                        @for (bucket, (x, width)) in segments.iter().enumerate() {
                            rect x=(x) y=(y) width=(width) height="20" fill=(colours[bucket]) {}
                        }
                        @let x = segments.last().map_or(230, |(x, width)| x + width);
                        text x=(x + 5) y=(y + 15) font-size="13" { (counts.open_overdue) }
                    }
                }
            }
        }
    }
}

/// Where each part of a stacked bar starts and how wide it is, out of 330 for `most`.
fn stacked(parts: [u64; 3], most: u64) -> Vec<(u64, u64)> {
    let mut x = 230;
    parts
        .iter()
        .map(|count| {
            let width = 330 * count / most.max(1);
            let segment = (x, width);
            x += width;
            segment
        })
        .collect()
}

/// A label short enough for the charts' left column; the full name is in the table.
fn truncate(name: &str) -> String {
    const LONGEST: usize = 30;
    if name.chars().count() <= LONGEST {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(LONGEST - 1).collect::<String>())
    }
}

/// The scorecard section of the dashboard: picker, table, charts and the links out.
pub(super) fn section(
    lang: Lang,
    params: &ScorecardParams,
    named: &NamedScorecard,
    committee_id: Option<i32>,
    today: NaiveDate,
) -> Markup {
    let w = words(lang);
    let query = params.query_string(committee_id);
    html! {
        section #scorecard {
            h2 { (w.heading) " · " (named.card.period.label) }
            (picker(lang, params, "/dashboard", committee_id, today))
            p { (w.as_of) " " (dmy(named.card.as_of)) ". " small { (w.counted) } }
            @if named.card.lines.is_empty() {
                p { (w.nothing) }
            } @else {
                (summary_table(lang, named))
                (charts(lang, named))
            }
            p.downloads {
                a href={ "/reports/scorecard?" (query) } { (w.printable) } " · "
                a href={ "/export/scorecard.xlsx?" (query) } download { "Excel (XLSX)" } " · "
                a href={ "/export/scorecard.csv?" (query) } download { "CSV" }
            }
        }
    }
}

/// The printable report: the heading of an official document, then the summary as its annex.
#[handler]
pub async fn printable(
    SignedIn { lang, visitor }: SignedIn,
    Data(state): Data<&Arc<WebState>>,
    Query(params): Query<ScorecardParams>,
) -> Response {
    let w = words(lang);
    let result = async {
        let committee_id = params.committee_choice()?.flatten();
        let named = load(&state.store, state.clock.now(), lang, &params, committee_id).await?;
        let today = state
            .store
            .reporting_today(committee_id, state.clock.now())
            .await?;
        Ok::<_, StoreError>((named, today, committee_id))
    }
    .await;
    let (named, today, committee_id) = match result {
        Ok(found) => found,
        Err(error) => return failure(lang, error),
    };
    let query = params.query_string(committee_id);
    let body = html! {
        div.screen-only {
            (picker(lang, &params, "/reports/scorecard", committee_id, today))
            p.downloads {
                a href={ "/export/scorecard.xlsx?" (query) } download { "Excel (XLSX)" } " · "
                a href={ "/export/scorecard.csv?" (query) } download { "CSV" }
            }
        }
        article.official {
            div.official-heading {
                div { strong { (named.issuer.to_uppercase()) } hr; p { (w.number_line) } }
                div {
                    strong { (lang_nation(lang).0) } br; strong { (lang_nation(lang).1) } hr;
                    p { em { (date_line(lang, today)) } }
                }
            }
            p.title { strong { (w.report_title) } br; (w.subject) br; (named.card.period.label) }
            p.annex { strong { (w.annex) } br; em { (w.annex_note) " " (named.issuer) ")" } }
            p { (w.as_of) " " (dmy(named.card.as_of)) ". " (w.counted) }
            @if named.card.lines.is_empty() {
                p { (w.nothing) }
            } @else {
                (summary_table(lang, &named))
            }
        }
    };
    page(lang, w.heading, Some(&visitor), body)
}

/// The national name and motto of an official document.
pub(super) fn lang_nation(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Vi => (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ),
        Lang::En => (
            "SOCIALIST REPUBLIC OF VIET NAM",
            "Independence - Freedom - Happiness",
        ),
    }
}

fn write_xlsx(lang: Lang, named: &NamedScorecard, today: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let w = words(lang);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(w.sheet)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(1.18, 0.59, 0.79, 0.79, 0.3, 0.3);
    let subject = format!("{} – {}", w.subject, named.card.period.label);
    let top = xlsx_heading(sheet, lang, &named.issuer, today, w.report_title, &subject)?;
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let heading = base.clone().set_bold().set_align(FormatAlign::Center);
    let italic = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_italic();
    sheet.write_string_with_format(
        top,
        0,
        format!("{} {}. {}", w.as_of, dmy(named.card.as_of), w.counted),
        &italic,
    )?;
    let head = top + 1;
    for (column, width) in [6.0, 40.0, 12.0, 16.0, 16.0, 16.0, 16.0, 14.0, 44.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(u16::try_from(column).unwrap_or(0), width)?;
    }
    sheet.merge_range(head, 0, head + 1, 0, "STT", &heading)?;
    sheet.merge_range(head, 1, head + 1, 1, w.unit, &heading)?;
    sheet.merge_range(head, 2, head + 1, 2, w.total, &heading)?;
    sheet.merge_range(head, 3, head, 4, w.in_progress, &heading)?;
    sheet.merge_range(head, 5, head, 6, w.finished, &heading)?;
    sheet.merge_range(head, 7, head + 1, 7, w.cancelled, &heading)?;
    sheet.merge_range(head, 8, head + 1, 8, w.note, &heading)?;
    for (column, label) in [(3, w.in_time), (4, w.late), (5, w.on_time), (6, w.late)] {
        sheet.write_string_with_format(head + 1, column, label, &heading)?;
    }
    sheet.set_freeze_panes(head + 2, 0)?;
    let mut row = head + 2;
    let mut write_line = |row: u32,
                          number: Option<u32>,
                          name: &str,
                          counts: &ScoreCounts,
                          rank: Option<u32>|
     -> Result<(), XlsxError> {
        match number {
            Some(n) => sheet.write_number_with_format(row, 0, f64::from(n), &base)?,
            None => sheet.write_blank(row, 0, &base)?,
        };
        sheet.write_string_with_format(row, 1, name, &base)?;
        for (offset, cell) in summary_cells(counts).iter().enumerate() {
            let column = 2 + u16::try_from(offset).unwrap_or(0);
            if offset == 0 {
                #[allow(clippy::cast_precision_loss)] // counts of tasks are far below 2^52
                sheet.write_number_with_format(row, column, counts.total as f64, &base)?;
            } else {
                sheet.write_string_with_format(row, column, cell, &base)?;
            }
        }
        sheet.write_string_with_format(row, 8, notes(lang, counts, rank), &base)?;
        Ok(())
    };
    for (index, (line, name)) in named.card.lines.iter().zip(&named.names).enumerate() {
        write_line(
            row,
            u32::try_from(index + 1).ok(),
            name,
            &line.counts,
            line.rank,
        )?;
        row += 1;
    }
    write_line(row, None, w.sum, &named.card.total, None)?;
    workbook.save_to_buffer()
}

fn write_csv(lang: Lang, named: &NamedScorecard) -> Result<Vec<u8>, csv::Error> {
    let w = words(lang);
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let headings: [&str; 21] = match lang {
            Lang::Vi => [
                "Hạng",
                "Đơn vị",
                "Tổng số",
                "Kỳ trước chuyển sang",
                "Giao trong kỳ",
                "Đang thực hiện trong hạn",
                "Trong đó không thời hạn",
                "Đang thực hiện quá hạn",
                "Hoàn thành đúng hạn",
                "Hoàn thành quá hạn",
                "Bị hủy",
                "Đến hạn",
                "Tỷ lệ đúng hạn trên số đã hoàn thành",
                "Tỷ lệ đúng hạn trên số đến hạn",
                "Quá hạn 1-7 ngày",
                "Quá hạn 8-30 ngày",
                "Quá hạn trên 30 ngày",
                "Được gia hạn",
                "Đã trình",
                "Bị trả lại",
                "Số ngày trễ bình quân",
            ],
            Lang::En => [
                "Rank",
                "Unit",
                "Total",
                "Carried over",
                "Assigned in period",
                "Open in time",
                "Of which without deadline",
                "Open overdue",
                "Done on time",
                "Done late",
                "Cancelled",
                "Due",
                "On-time rate of finished",
                "On-time rate of due",
                "Overdue 1-7 days",
                "Overdue 8-30 days",
                "Overdue over 30 days",
                "Extended",
                "Submitted",
                "Returned",
                "Mean days late",
            ],
        };
        writer.write_record(headings)?;
        let share = |value: Option<f64>| value.map(|v| format!("{:.4}", v)).unwrap_or_default();
        let rows = named
            .card
            .lines
            .iter()
            .zip(&named.names)
            .map(|(line, name)| {
                (
                    line.rank.map(|r| r.to_string()).unwrap_or_default(),
                    name.as_str(),
                    &line.counts,
                )
            })
            .chain(std::iter::once((String::new(), w.sum, &named.card.total)));
        for (rank, name, c) in rows {
            let [a, b, d] = c.overdue_ageing;
            let record = [
                rank,
                inert(name).into_owned(),
                c.total.to_string(),
                c.carried_over.to_string(),
                c.assigned_in_period().to_string(),
                c.in_time().to_string(),
                c.open_without_deadline.to_string(),
                c.open_overdue.to_string(),
                c.done_on_time.to_string(),
                c.done_late.to_string(),
                c.cancelled.to_string(),
                c.due().to_string(),
                share(c.on_time_rate()),
                share(c.on_time_rate_of_due()),
                a.to_string(),
                b.to_string(),
                d.to_string(),
                c.extended.to_string(),
                c.submitted.to_string(),
                c.returned.to_string(),
                c.mean_days_late()
                    .map(|m| format!("{m:.1}"))
                    .unwrap_or_default(),
            ];
            writer.write_record(record)?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// Why a scorecard file could not be made.
pub enum FileError {
    Store(StoreError),
    Write(String),
}

impl From<StoreError> for FileError {
    fn from(error: StoreError) -> Self {
        FileError::Store(error)
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Store(error) => write!(f, "{error}"),
            FileError::Write(cause) => write!(f, "the file could not be written: {cause}"),
        }
    }
}

/// The scorecard asked for as a file: its name, type and bytes.
async fn file_of(
    store: &Store,
    now: DateTime<Utc>,
    lang: Lang,
    params: &ScorecardParams,
    xlsx: bool,
) -> Result<(String, &'static str, Vec<u8>), FileError> {
    let committee_id = params
        .committee_choice()
        .map_err(StoreError::from)?
        .flatten();
    let named = load(store, now, lang, params, committee_id).await?;
    let today = store.reporting_today(committee_id, now).await?;
    let (bytes, extension, content_type) = if xlsx {
        let bytes = write_xlsx(lang, &named, today).map_err(|e| FileError::Write(e.to_string()))?;
        (
            bytes,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        let bytes = write_csv(lang, &named).map_err(|e| FileError::Write(e.to_string()))?;
        (bytes, "csv", "text/csv; charset=utf-8")
    };
    let name = format!(
        "{}-{}-{}.{extension}",
        words(lang).file,
        named.card.period.from.format("%Y-%m-%d"),
        named.card.period.to.format("%Y-%m-%d")
    );
    Ok((name, content_type, bytes))
}

/// `dondoc export`: the scorecard chosen by `pairs` (the download address's parameters, such
/// as `year`, `quarter`, `scheme`, `group`, `committee`, `lang`) as an XLSX or CSV file; its
/// name and bytes.
///
/// # Errors
/// A choice that names no period, or a database that fails, described for the person.
pub async fn scorecard_file(
    store: &Store,
    now: DateTime<Utc>,
    pairs: &[(&str, String)],
    xlsx: bool,
) -> Result<(String, Vec<u8>), String> {
    let params: ScorecardParams = serde_urlencoded::to_string(pairs)
        .map_err(|e| e.to_string())
        .and_then(|query| serde_urlencoded::from_str(&query).map_err(|e| e.to_string()))?;
    let lang = match given(params.lang.as_ref()) {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    };
    file_of(store, now, lang, &params, xlsx)
        .await
        .map(|(name, _, bytes)| (name, bytes))
        .map_err(|error| error.to_string())
}

/// `GET /export/scorecard.xlsx` and `.csv`, for people signed in or with an API token.
pub(super) async fn export(
    state: &WebState,
    request: &Request,
    params: &ScorecardParams,
    xlsx: bool,
) -> Response {
    let lang = params.lang(request);
    if let Some(refused) = download_refused(state, request, lang).await {
        return refused;
    }
    let (name, content_type, bytes) =
        match file_of(&state.store, state.clock.now(), lang, params, xlsx).await {
            Ok(file) => file,
            Err(FileError::Store(error)) => return failure(lang, error),
            Err(FileError::Write(cause)) => return internal_failure(lang, &cause),
        };
    bytes
        .with_content_type(content_type)
        .with_header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
        .with_header(header::CACHE_CONTROL, "private, no-store")
        .into_response()
}
