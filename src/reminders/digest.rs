//! One e-mail per recipient per day: the reminders grouped into overdue (most days late first),
//! due today, due soon and "for coordination", in the committee's language, as plain text with
//! an HTML alternative built with maud, which escapes every value it is given.

use chrono::NaiveDate;

use crate::domain::reminders::ReminderKind;
use crate::domain::validate::Language;
use maud::{html, DOCTYPE};

use crate::html::one_line;
use crate::store::reminders::Audience;

/// One task in a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestItem {
    pub kind: ReminderKind,
    pub audience: Audience,
    pub title: String,
    pub meeting: String,
    pub reference: Option<String>,
    pub held_on: NaiveDate,
    /// `None` for ongoing work: notices of change are sent for it too.
    pub deadline: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub progress: i32,
    pub lead: String,
    pub co_owners: Vec<String>,
    pub link: String,
    /// The chair's reason or note, for notices of a decision.
    pub detail: Option<String>,
}

/// Everything one recipient is reminded of on one day by one committee.
#[derive(Debug, Clone)]
pub struct Digest {
    pub language: Language,
    /// The committee's short name for the subject, e.g. "BCĐ KTTT".
    pub committee_short: String,
    pub committee_name: String,
    pub recipient_name: String,
    pub day: NaiveDate,
    pub items: Vec<DigestItem>,
}

/// A digest ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedDigest {
    pub subject: String,
    pub text: String,
    pub html: String,
}

struct Labels {
    assigned: &'static str,
    returned: &'static str,
    extension_approved: &'static str,
    extension_rejected: &'static str,
    handed_over: &'static str,
    deadline_changed: &'static str,
    accepted: &'static str,
    chair_note: &'static str,
    overdue: &'static str,
    due_today: &'static str,
    due_soon: &'static str,
    coordination: &'static str,
    meeting: &'static str,
    deadline: &'static str,
    no_deadline: &'static str,
    progress: &'static str,
    lead: &'static str,
    co_owners: &'static str,
    link: &'static str,
    escalated: &'static str,
    language_code: &'static str,
    /// "Dear", before the recipient's name.
    dear: &'static str,
    /// Between the committee's name and the day.
    attention_on: &'static str,
    closing: &'static str,
    automatic: &'static str,
}

const VIETNAMESE: Labels = Labels {
    assigned: "NHIỆM VỤ MỚI ĐƯỢC GIAO",
    returned: "BỊ TRẢ LẠI, CẦN TIẾP TỤC THỰC HIỆN",
    extension_approved: "ĐƯỢC GIA HẠN",
    extension_rejected: "KHÔNG ĐƯỢC GIA HẠN",
    handed_over: "ĐÃ CHUYỂN CHO ĐƠN VỊ KHÁC CHỦ TRÌ",
    deadline_changed: "ĐƯỢC ĐIỀU CHỈNH THỜI HẠN",
    accepted: "ĐƯỢC CHẤP NHẬN HOÀN THÀNH",
    chair_note: "Ý kiến của Trưởng ban",
    overdue: "QUÁ HẠN",
    due_today: "ĐẾN HẠN HÔM NAY",
    due_soon: "SẮP ĐẾN HẠN",
    coordination: "ĐỂ PHỐI HỢP",
    meeting: "Cuộc họp",
    deadline: "Thời hạn",
    no_deadline: "không có (thực hiện thường xuyên)",
    progress: "Tiến độ",
    lead: "Chủ trì",
    co_owners: "Phối hợp",
    link: "Xem và cập nhật",
    escalated: "đã báo cáo Trưởng Ban Chỉ đạo",
    language_code: "vi",
    dear: "Kính gửi",
    attention_on: " nhắc các nhiệm vụ cần quan tâm ngày ",
    closing: "Mở đường dẫn của từng nhiệm vụ để cập nhật tiến độ, báo cáo hoàn thành hoặc xin gia hạn.",
    automatic: "Thư này do hệ thống theo dõi, đôn đốc nhiệm vụ gửi tự động; vui lòng không trả lời thư này.",
};

const ENGLISH: Labels = Labels {
    assigned: "NEW TASKS",
    returned: "RETURNED FOR MORE WORK",
    extension_approved: "EXTENSION APPROVED",
    extension_rejected: "EXTENSION REJECTED",
    handed_over: "MOVED TO ANOTHER LEAD DEPARTMENT",
    deadline_changed: "DEADLINE CHANGED",
    accepted: "ACCEPTED AS DONE",
    chair_note: "The chair's note",
    overdue: "OVERDUE",
    due_today: "DUE TODAY",
    due_soon: "DUE SOON",
    coordination: "FOR COORDINATION",
    meeting: "Meeting",
    deadline: "Deadline",
    no_deadline: "none (ongoing)",
    progress: "Progress",
    lead: "Lead",
    co_owners: "Co-owners",
    link: "View and update",
    escalated: "reported to the committee's chair",
    language_code: "en",
    dear: "Dear",
    attention_on: ": the tasks that need your attention on ",
    closing: "Follow each task's link to report progress, submit finished work or ask for more time.",
    automatic: "This message was sent automatically by the task follow-up system; please do not reply to it.",
};

fn labels(language: Language) -> &'static Labels {
    match language {
        Language::Vietnamese => &VIETNAMESE,
        Language::English => &ENGLISH,
    }
}

fn date(language: Language, day: NaiveDate) -> String {
    match language {
        Language::Vietnamese => day.format("%d/%m/%Y").to_string(),
        Language::English => day.format("%-d %b %Y").to_string(),
    }
}

fn days(language: Language, n: i64, late: bool) -> String {
    match (language, late) {
        (Language::Vietnamese, true) => format!("quá hạn {n} ngày"),
        (Language::Vietnamese, false) => format!("còn {n} ngày"),
        (Language::English, true) if n == 1 => "1 day late".to_string(),
        (Language::English, true) => format!("{n} days late"),
        (Language::English, false) if n == 1 => "1 day left".to_string(),
        (Language::English, false) => format!("{n} days left"),
    }
}

fn count_phrase(language: Language, n: usize, section: Section) -> String {
    match language {
        Language::Vietnamese => match section {
            Section::Assigned => format!("{n} nhiệm vụ mới được giao"),
            Section::Returned => format!("{n} nhiệm vụ bị trả lại"),
            Section::ExtensionApproved => format!("{n} nhiệm vụ được gia hạn"),
            Section::ExtensionRejected => format!("{n} đề nghị gia hạn không được duyệt"),
            Section::HandedOver => format!("{n} nhiệm vụ đã chuyển cho đơn vị khác"),
            Section::DeadlineChanged => format!("{n} nhiệm vụ được điều chỉnh thời hạn"),
            Section::Accepted => format!("{n} nhiệm vụ được chấp nhận hoàn thành"),
            Section::Overdue => format!("{n} nhiệm vụ quá hạn"),
            Section::DueToday => format!("{n} nhiệm vụ đến hạn hôm nay"),
            Section::DueSoon => format!("{n} nhiệm vụ sắp đến hạn"),
            Section::Coordination => format!("{n} nhiệm vụ cần phối hợp"),
        },
        Language::English => {
            let task = if n == 1 { "task" } else { "tasks" };
            let extension = if n == 1 { "extension" } else { "extensions" };
            match section {
                Section::Assigned => format!("{n} new {task}"),
                Section::Returned => format!("{n} {task} returned"),
                Section::ExtensionApproved => format!("{n} {extension} approved"),
                Section::ExtensionRejected => format!("{n} {extension} rejected"),
                Section::HandedOver => format!("{n} {task} moved to another department"),
                Section::DeadlineChanged => format!("{n} {task} with a new deadline"),
                Section::Accepted => format!("{n} {task} accepted"),
                Section::Overdue => format!("{n} overdue {task}"),
                Section::DueToday => format!("{n} {task} due today"),
                Section::DueSoon => format!("{n} {task} due soon"),
                Section::Coordination => format!("{n} {task} to coordinate"),
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Assigned,
    Returned,
    ExtensionApproved,
    ExtensionRejected,
    HandedOver,
    DeadlineChanged,
    Accepted,
    Overdue,
    DueToday,
    DueSoon,
    Coordination,
}

impl Section {
    const ORDER: [Section; 11] = [
        Section::Assigned,
        Section::Returned,
        Section::ExtensionApproved,
        Section::ExtensionRejected,
        Section::HandedOver,
        Section::DeadlineChanged,
        Section::Accepted,
        Section::Overdue,
        Section::DueToday,
        Section::DueSoon,
        Section::Coordination,
    ];

    fn of(item: &DigestItem) -> Section {
        match (item.audience, item.kind) {
            (_, ReminderKind::Assigned) => Section::Assigned,
            (_, ReminderKind::Returned) => Section::Returned,
            (_, ReminderKind::ExtensionApproved) => Section::ExtensionApproved,
            (_, ReminderKind::ExtensionRejected) => Section::ExtensionRejected,
            (_, ReminderKind::HandedOver) => Section::HandedOver,
            (_, ReminderKind::DeadlineChanged) => Section::DeadlineChanged,
            (_, ReminderKind::Accepted) => Section::Accepted,
            (Audience::Coordination, _) => Section::Coordination,
            (_, ReminderKind::Overdue | ReminderKind::Escalation) => Section::Overdue,
            (_, ReminderKind::DueToday) => Section::DueToday,
            (_, ReminderKind::DueSoon) => Section::DueSoon,
        }
    }

    fn heading(self, labels: &Labels) -> &'static str {
        match self {
            Section::Assigned => labels.assigned,
            Section::Returned => labels.returned,
            Section::ExtensionApproved => labels.extension_approved,
            Section::ExtensionRejected => labels.extension_rejected,
            Section::HandedOver => labels.handed_over,
            Section::DeadlineChanged => labels.deadline_changed,
            Section::Accepted => labels.accepted,
            Section::Overdue => labels.overdue,
            Section::DueToday => labels.due_today,
            Section::DueSoon => labels.due_soon,
            Section::Coordination => labels.coordination,
        }
    }
}

impl Digest {
    /// The items of each non-empty section, the most days late first.
    fn sections(&self) -> Vec<(Section, Vec<&DigestItem>)> {
        Section::ORDER
            .into_iter()
            .filter_map(|section| {
                let mut items: Vec<&DigestItem> = self
                    .items
                    .iter()
                    .filter(|i| Section::of(i) == section)
                    .collect();
                // Ongoing work (no due day) after everything with one.
                items.sort_by(|a, b| {
                    (a.due_on.is_none(), a.due_on, &a.title).cmp(&(
                        b.due_on.is_none(),
                        b.due_on,
                        &b.title,
                    ))
                });
                (!items.is_empty()).then_some((section, items))
            })
            .collect()
    }

    fn facts(&self, item: &DigestItem) -> Vec<(String, String)> {
        let labels = labels(self.language);
        let mut deadline = match (item.deadline, item.due_on) {
            (Some(deadline), Some(due_on)) => {
                let mut text = date(self.language, deadline);
                if due_on != deadline {
                    text.push_str(&format!(" → {}", date(self.language, due_on)));
                }
                let offset = (due_on - self.day).num_days();
                if offset != 0 && !item.kind.is_notice() {
                    text.push_str(&format!(
                        " ({})",
                        days(self.language, offset.abs(), offset < 0)
                    ));
                }
                text
            }
            _ => labels.no_deadline.to_string(),
        };
        if item.kind == ReminderKind::Escalation {
            deadline.push_str(&format!(" · {}", labels.escalated));
        }
        let meeting = match &item.reference {
            Some(reference) => format!(
                "{} ({}, {})",
                one_line(&item.meeting),
                one_line(reference),
                date(self.language, item.held_on)
            ),
            None => format!(
                "{} ({})",
                one_line(&item.meeting),
                date(self.language, item.held_on)
            ),
        };
        let mut facts = vec![
            (labels.meeting.to_string(), meeting),
            (labels.deadline.to_string(), deadline),
            (labels.progress.to_string(), format!("{}%", item.progress)),
            (labels.lead.to_string(), one_line(&item.lead)),
        ];
        if !item.co_owners.is_empty() {
            facts.push((
                labels.co_owners.to_string(),
                one_line(&item.co_owners.join(", ")),
            ));
        }
        if let Some(detail) = &item.detail {
            facts.push((labels.chair_note.to_string(), one_line(detail)));
        }
        facts
    }

    /// The subject, plain text and HTML of the digest.
    pub fn render(&self) -> RenderedDigest {
        let labels = labels(self.language);
        let sections = self.sections();
        let summary = sections
            .iter()
            .map(|(section, items)| count_phrase(self.language, items.len(), *section))
            .collect::<Vec<_>>()
            .join(", ");
        let subject = one_line(&format!("[{}] {summary}", self.committee_short));
        let day = date(self.language, self.day);
        let recipient = one_line(&self.recipient_name);
        let committee = one_line(&self.committee_name);
        let mut text = format!(
            "{} {recipient},\n\n{committee}{}{day}.\n",
            labels.dear, labels.attention_on
        );
        for (section, items) in &sections {
            text.push_str(&format!(
                "\n{} ({})\n",
                section.heading(labels),
                items.len()
            ));
            for item in items {
                text.push_str(&format!("\n- {}\n", one_line(&item.title)));
                for (label, value) in self.facts(item) {
                    text.push_str(&format!("  {label}: {value}\n"));
                }
                text.push_str(&format!("  {}: {}\n", labels.link, item.link));
            }
        }
        text.push_str(&format!(
            "\n{}\n\n--\n{}\n",
            labels.closing, labels.automatic
        ));
        let html = html! {
            (DOCTYPE)
            html lang=(labels.language_code) {
                head { meta charset="utf-8"; title { (subject) } }
                body style="font-family: Arial, sans-serif; color: #1d2330; max-width: 640px;" {
                    p { (labels.dear) " " (recipient) "," }
                    p { strong { (committee) } (labels.attention_on) (day) "." }
                    @for (section, items) in &sections {
                        h3 style="margin: 18px 0 6px;" { (section.heading(labels)) " (" (items.len()) ")" }
                        ul {
                            @for item in items {
                                li style="margin-bottom: 10px;" {
                                    strong { (one_line(&item.title)) } br;
                                    @for (label, value) in self.facts(item) {
                                        (label) ": " (value) br;
                                    }
                                    a href=(item.link) { (labels.link) }
                                }
                            }
                        }
                    }
                    p { (labels.closing) }
                    p style="color: #6b7280; font-size: 12px;" { (labels.automatic) }
                }
            }
        }
        .into_string();
        RenderedDigest {
            subject,
            text,
            html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn item(kind: ReminderKind, audience: Audience, title: &str, due: &str) -> DigestItem {
        DigestItem {
            kind,
            audience,
            title: title.to_string(),
            meeting: "Hội nghị triển khai nhiệm vụ".into(),
            reference: Some("123/TB-UBND".into()),
            held_on: day("2022-08-26"),
            deadline: Some(day(due)),
            due_on: Some(day(due)),
            progress: 40,
            lead: "UBND huyện Đông Hưng".into(),
            co_owners: vec![],
            link: "http://127.0.0.1:8080/tasks/7".into(),
            detail: None,
        }
    }

    fn digest(language: Language, items: Vec<DigestItem>) -> Digest {
        Digest {
            language,
            committee_short: "BCĐ KTTT".into(),
            committee_name: "Ban Chỉ đạo Phát triển Kinh tế tập thể".into(),
            recipient_name: "Đầu mối Đông Hưng".into(),
            day: day("2022-10-05"),
            items,
        }
    }

    #[test]
    fn the_subject_counts_each_section_in_the_committees_language() {
        let items = vec![
            item(
                ReminderKind::Overdue,
                Audience::Lead,
                "Kiện toàn BCĐ",
                "2022-09-30",
            ),
            item(
                ReminderKind::Escalation,
                Audience::Lead,
                "Quỹ hỗ trợ",
                "2022-09-20",
            ),
            item(
                ReminderKind::DueToday,
                Audience::Lead,
                "Báo cáo quý",
                "2022-10-05",
            ),
        ];
        assert_eq!(
            digest(Language::Vietnamese, items.clone()).render().subject,
            "[BCĐ KTTT] 2 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn hôm nay"
        );
        assert_eq!(
            digest(Language::English, items).render().subject,
            "[BCĐ KTTT] 2 overdue tasks, 1 task due today"
        );
    }

    #[test]
    fn overdue_tasks_come_first_the_latest_at_the_top() {
        let rendered = digest(
            Language::Vietnamese,
            vec![
                item(
                    ReminderKind::DueSoon,
                    Audience::Lead,
                    "Sắp đến hạn",
                    "2022-10-07",
                ),
                item(
                    ReminderKind::Overdue,
                    Audience::Lead,
                    "Trễ ít",
                    "2022-10-03",
                ),
                item(
                    ReminderKind::Escalation,
                    Audience::Lead,
                    "Trễ nhiều",
                    "2022-09-20",
                ),
            ],
        )
        .render();
        let position = |needle: &str| {
            rendered
                .text
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} is missing from:\n{}", rendered.text))
        };
        assert!(position("QUÁ HẠN (2)") < position("Trễ nhiều"));
        assert!(position("Trễ nhiều") < position("Trễ ít"));
        assert!(position("Trễ ít") < position("SẮP ĐẾN HẠN (1)"));
        assert!(rendered
            .text
            .contains("(quá hạn 15 ngày) · đã báo cáo Trưởng Ban Chỉ đạo"));
        assert!(rendered.text.contains("123/TB-UBND"));
        assert!(rendered.text.contains("http://127.0.0.1:8080/tasks/7"));
    }

    #[test]
    fn titles_cannot_break_lines_or_inject_markup() {
        let rendered = digest(
            Language::English,
            vec![item(
                ReminderKind::DueToday,
                Audience::Lead,
                "Evil\r\nBcc: x@example.com <script>",
                "2022-10-05",
            )],
        )
        .render();
        assert!(rendered.text.contains("- Evil Bcc: x@example.com <script>"));
        assert!(!rendered.text.contains("\r\nBcc"));
        assert!(rendered
            .html
            .contains("Evil Bcc: x@example.com &lt;script&gt;"));
    }

    #[test]
    fn a_notice_about_ongoing_work_says_it_has_no_deadline() {
        let mut returned = item(
            ReminderKind::Returned,
            Audience::Lead,
            "Tuyên truyền Luật HTX",
            "2022-10-05",
        );
        returned.deadline = None;
        returned.due_on = None;
        returned.detail = Some("Bổ sung số liệu".into());
        let rendered = digest(Language::Vietnamese, vec![returned]).render();
        assert!(
            rendered.text.contains("Tuyên truyền Luật HTX"),
            "{}",
            rendered.text
        );
        assert!(rendered
            .text
            .contains("Thời hạn: không có (thực hiện thường xuyên)"));
        assert!(rendered.text.contains("Bổ sung số liệu"));
    }

    #[test]
    fn a_value_that_looks_like_a_placeholder_stays_text() {
        let rendered = digest(
            Language::English,
            vec![item(
                ReminderKind::DueToday,
                Audience::Lead,
                "{{sections}} {{recipient}}",
                "2022-10-05",
            )],
        )
        .render();
        assert_eq!(rendered.text.matches("DUE TODAY (1)").count(), 1);
        assert!(rendered.text.contains("{{sections}} {{recipient}}"));
        assert!(rendered.html.contains("{{sections}} {{recipient}}"));
    }
}
