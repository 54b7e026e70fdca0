//! The demo: the Thái Bình steering committee's meeting of 26 August 2022 (see the seed article)
//! with its directives, people, and a few weeks of plausible follow-up.
//!
//! The article gives no deadlines, conclusion-notice number or e-mail addresses; the demo chose
//! them, and says so in what it prints.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;

use crate::domain::calendar::local_day;
use crate::domain::validate::{DepartmentCode, Email, Language, Name, Note, ShortName, Title};
use crate::domain::{Actor, Role, RuleError, TaskStatus};
use crate::store::directory::{actor_of, DepartmentChange, NewCommittee, NewDepartment, NewUser};
use crate::store::entities::{department, meeting, task};
use crate::store::meetings::NewMeeting;
use crate::store::sessions::sign_in_url;
use crate::store::task_writes::{NewTask, TaskReport};
use crate::store::{Store, StoreError};

/// One person the demo created, with their token.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: Role,
    pub name: String,
    pub email: String,
    pub department: Option<String>,
    pub token: String,
}

const DEPARTMENTS: [(&str, &str); 12] = [
    ("LMHTX", "Liên minh Hợp tác xã tỉnh"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("UBND-TPTB", "UBND thành phố Thái Bình"),
    ("UBND-DH", "UBND huyện Đông Hưng"),
    ("UBND-HH", "UBND huyện Hưng Hà"),
    ("UBND-KX", "UBND huyện Kiến Xương"),
    ("UBND-QP", "UBND huyện Quỳnh Phụ"),
    ("UBND-TT", "UBND huyện Thái Thụy"),
    ("UBND-TH", "UBND huyện Tiền Hải"),
    ("UBND-VT", "UBND huyện Vũ Thư"),
];

const DISTRICTS: [&str; 8] = [
    "UBND-TPTB",
    "UBND-DH",
    "UBND-HH",
    "UBND-KX",
    "UBND-QP",
    "UBND-TT",
    "UBND-TH",
    "UBND-VT",
];

fn invalid_demo(error: RuleError) -> StoreError {
    StoreError::Rule(error)
}

/// 09:00 on a day in Thái Bình, as the instant the demo's events happened.
fn at(text: &str) -> Result<DateTime<Utc>, StoreError> {
    on(day(text)?)
}

/// 09:00 on `date` in Thái Bình.
fn on(date: NaiveDate) -> Result<DateTime<Utc>, StoreError> {
    Ho_Chi_Minh
        .from_local_datetime(&date.and_hms_opt(9, 0, 0).unwrap_or_default())
        .single()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| invalid_demo(RuleError::Invalid(format!("bad demo time {date}"))))
}

fn day(text: &str) -> Result<NaiveDate, StoreError> {
    text.parse()
        .map_err(|_| invalid_demo(RuleError::Invalid(format!("bad demo date {text}"))))
}

struct Demo<'a> {
    store: &'a Store,
    accounts: Vec<DemoAccount>,
}

impl Demo<'_> {
    async fn person(
        &mut self,
        name: &str,
        email: &str,
        role: Role,
        department: Option<&department::Model>,
    ) -> Result<Actor, StoreError> {
        let (user, token) = self
            .store
            .create_user(
                NewUser {
                    name: Name::parse(name)?,
                    email: Email::parse(email)?,
                    role,
                    department_id: department.map(|d| d.id),
                },
                at("2022-08-01")?,
            )
            .await?;
        self.accounts.push(DemoAccount {
            role,
            name: user.name.clone(),
            email: user.email.clone(),
            department: department.map(|d| d.code.clone()),
            token,
        });
        actor_of(&user)
    }
}

/// Loads the demo into an empty database and returns everyone's account: the meeting of 26
/// August 2022 and its follow-up, and a meeting held three weeks before `now`.
///
/// # Errors
/// `Conflict` when the database already holds data; database errors.
pub async fn load(store: &Store, now: DateTime<Utc>) -> Result<Vec<DemoAccount>, StoreError> {
    if !store.is_empty().await? {
        return Err(RuleError::Conflict(
            "The database already has data; the demo only loads into an empty database.".into(),
        )
        .into());
    }
    let created = at("2022-08-01")?;
    let mut departments = std::collections::HashMap::new();
    for (code, name) in DEPARTMENTS {
        let email = format!("{}@thaibinh.example", code.to_lowercase());
        let department = store
            .create_department(
                NewDepartment {
                    code: DepartmentCode::parse(code)?,
                    name: Name::parse(name)?,
                    email: Some(Email::parse(&email)?),
                    parent_id: None,
                },
                created,
            )
            .await?;
        departments.insert(code, department);
    }
    // The district People's Committees and the city's, as the meeting's text addresses them
    // ("Các huyện, thành phố").
    for code in DISTRICTS {
        let group = if code == "UBND-TPTB" {
            "thành phố"
        } else {
            "huyện"
        };
        if let Some(found) = departments.get(code) {
            let change = DepartmentChange {
                groups: Some(vec![Name::parse(group)?]),
                ..DepartmentChange::default()
            };
            let updated = store.update_department(found.id, change).await?;
            departments.insert(code, updated);
        }
    }
    let department = |code: &str| {
        departments
            .get(code)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("demo department {code}")))
    };

    let mut demo = Demo {
        store,
        accounts: Vec::new(),
    };
    demo.person(
        "Quản trị hệ thống",
        "admin@thaibinh.example",
        Role::Admin,
        None,
    )
    .await?;
    let chair = demo
        .person(
            "Nguyễn Quang Hưng",
            "chutich.bcd@thaibinh.example",
            Role::Chair,
            None,
        )
        .await?;
    let secretary = demo
        .person(
            "Văn phòng Ban Chỉ đạo",
            "thuky.bcd@thaibinh.example",
            Role::Secretary,
            None,
        )
        .await?;
    let mut liaisons = std::collections::HashMap::new();
    for (code, name) in DEPARTMENTS {
        let unit = department(code)?;
        let liaison = demo
            .person(
                &format!("Cán bộ đầu mối – {name}"),
                &format!("daumoi.{}@thaibinh.example", code.to_lowercase()),
                Role::Liaison,
                Some(&unit),
            )
            .await?;
        liaisons.insert(code, liaison);
    }
    let liaison = |code: &str| {
        liaisons
            .get(code)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("demo liaison {code}")))
    };

    let committee = store
        .create_committee(
            NewCommittee {
                name: Name::parse("Ban Chỉ đạo Phát triển Kinh tế tập thể tỉnh Thái Bình")?,
                short_name: Some(ShortName::parse("BCĐ KTTT")?),
                reminder_policy: None,
                time_zone: "Asia/Ho_Chi_Minh".into(),
                language: Language::Vietnamese,
                chair_id: Some(chair.user_id),
                member_ids: vec![secretary.user_id],
            },
            created,
        )
        .await?;
    let meeting = store
        .create_meeting(
            &secretary,
            NewMeeting {
                committee_id: committee.id,
                title: Title::parse(
                    "Hội nghị triển khai nhiệm vụ phát triển kinh tế tập thể 6 tháng cuối năm 2022",
                )?,
                held_on: day("2022-08-26")?,
                reference: None,
                summary: Note::parse_optional(
                    Some("Sáu tháng đầu năm 2022, toàn tỉnh thành lập mới 02 hợp tác xã, nâng tổng số lên 454 HTX với 465.889 thành viên. Đồng chí Nguyễn Quang Hưng, Phó Chủ tịch Thường trực UBND tỉnh, Trưởng Ban Chỉ đạo, chủ trì và kết luận."),
                    "The summary",
                )?,
            },
            at("2022-08-26")?,
        )
        .await?;

    let ids = |codes: &[&str]| -> Result<Vec<i32>, StoreError> {
        codes.iter().map(|c| department(c).map(|d| d.id)).collect()
    };
    // A directive given by the secretary at a meeting, on the day it was held.
    let assign_at = |meeting: &meeting::Model,
                     title: &str,
                     lead: &str,
                     co_owners: &[&str],
                     deadline: Option<NaiveDate>,
                     split: &[&str]| {
        let new = (|| -> Result<NewTask, StoreError> {
            Ok(NewTask {
                meeting_id: meeting.id,
                title: Title::parse(title)?,
                description: None,
                lead_id: department(lead)?.id,
                co_owner_ids: ids(co_owners)?,
                deadline,
                split_across: ids(split)?,
            })
        })();
        let (secretary, given) = (secretary.clone(), on(meeting.held_on));
        async move { store.assign_task(&secretary, new?, given?).await }
    };
    // The members of the committee advise through its standing body, the Cooperative Alliance.
    assign_at(
        &meeting,
        "Tiếp tục chủ động tham mưu cho UBND tỉnh ban hành các chính sách hỗ trợ nâng cao hiệu quả hoạt động của khu vực kinh tế tập thể",
        "LMHTX",
        &["SKHCN", "SCT", "SNNPTNT"],
        None,
        &[],
    )
    .await?;
    let districts = assign_at(
        &meeting,
        "Khẩn trương kiện toàn Ban Chỉ đạo phát triển kinh tế tập thể cấp huyện; huy động các lực lượng xã hội, các tổ chức đoàn thể tham gia thúc đẩy phát triển kinh tế tập thể",
        "LMHTX",
        &[],
        Some(day("2022-09-30")?),
        &DISTRICTS,
    )
    .await?;
    let fund = assign_at(
        &meeting,
        "Tham mưu thành lập Quỹ hỗ trợ phát triển hợp tác xã theo Nghị định số 45/2021/NĐ-CP ngày 31/3/2021 của Chính phủ, báo cáo UBND tỉnh",
        "LMHTX",
        &[],
        Some(day("2022-12-31")?),
        &[],
    )
    .await?;
    assign_at(
        &meeting,
        "Lựa chọn, nhân rộng các mô hình tiêu biểu trong lĩnh vực nông nghiệp, quỹ tín dụng nhân dân",
        "LMHTX",
        &[],
        Some(day("2022-12-31")?),
        &[],
    )
    .await?;
    assign_at(
        &meeting,
        "Phối hợp xây dựng các giải pháp cụ thể về phát triển kinh tế tập thể, hợp tác xã trong thời gian tới, báo cáo Ban Chỉ đạo",
        "SKHCN",
        &["SCT", "SNNPTNT", "LMHTX"],
        Some(day("2022-11-30")?),
        &[],
    )
    .await?;

    // A few weeks of follow-up, so that the report has something to show.
    let subtasks = store
        .subtasks_of(&[districts.id])
        .await?
        .remove(&districts.id)
        .unwrap_or_default();
    let subtask_of = |code: &str| -> Result<task::Model, StoreError> {
        let lead = department(code)?.id;
        subtasks
            .iter()
            .find(|t| t.lead_id == lead)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("demo subtask {code}")))
    };
    let dong_hung = subtask_of("UBND-DH")?;
    store
        .report_progress(
            &liaison("UBND-DH")?,
            TaskReport::scripted(
                dong_hung.id,
                None,
                Some(60),
                "Đã dự thảo quyết định kiện toàn Ban Chỉ đạo cấp huyện.",
            )?,
            at("2022-09-15")?,
        )
        .await?;
    store
        .report_progress(
            &liaison("UBND-DH")?,
            TaskReport::scripted(
                dong_hung.id,
                Some(TaskStatus::Submitted),
                None,
                "Đã ban hành Quyết định kiện toàn Ban Chỉ đạo phát triển KTTT huyện.",
            )?,
            at("2022-09-26")?,
        )
        .await?;
    store
        .review_task(
            &chair,
            dong_hung.id,
            true,
            Note::parse("Đồng ý, hoàn thành đúng hạn.", "The note")?,
            at("2022-09-28")?,
        )
        .await?;
    store
        .report_progress(
            &liaison("UBND-VT")?,
            TaskReport::scripted(
                subtask_of("UBND-VT")?.id,
                None,
                Some(40),
                "Đang lấy ý kiến các phòng, ban chuyên môn.",
            )?,
            at("2022-09-20")?,
        )
        .await?;
    let hung_ha = subtask_of("UBND-HH")?;
    let request = store
        .request_extension(
            &liaison("UBND-HH")?,
            hung_ha.id,
            day("2022-10-31")?,
            Note::parse(
                "Chờ kiện toàn nhân sự sau Đại hội Hội Nông dân huyện.",
                "The reason",
            )?,
            at("2022-09-27")?,
        )
        .await?;
    store
        .decide_extension(
            &chair,
            request.id,
            true,
            Note::parse_optional(Some("Đồng ý gia hạn đến 31/10/2022."), "The note")?,
            at("2022-09-29")?,
        )
        .await?;
    store
        .report_progress(
            &liaison("LMHTX")?,
            TaskReport::scripted(
                fund.id,
                None,
                Some(30),
                "Đã xây dựng dự thảo Đề án thành lập Quỹ, đang lấy ý kiến các sở, ngành.",
            )?,
            at("2022-10-10")?,
        )
        .await?;

    // Three weeks ago the committee met again; its directives now stand in every way a chair
    // follows: on track, due soon, due today, overdue, waiting for review, done on time and
    // late, without a deadline, and waiting for an extension.
    let today = local_day(Ho_Chi_Minh, now);
    let ago = |days: u64| today - Days::new(days);
    let ahead = |days: u64| today + Days::new(days);
    let follow_up = store
        .create_meeting(
            &secretary,
            NewMeeting {
                committee_id: committee.id,
                title: Title::parse(
                    "Họp giao ban Ban Chỉ đạo: rà soát tiến độ phát triển kinh tế tập thể",
                )?,
                held_on: ago(21),
                reference: None,
                summary: Note::parse_optional(
                    Some("Ban Chỉ đạo rà soát các nhiệm vụ còn tồn đọng và giao nhiệm vụ mới cho các sở, ngành, địa phương."),
                    "The summary",
                )?,
            },
            on(ago(21))?,
        )
        .await?;
    let directive = |title, lead, deadline| assign_at(&follow_up, title, lead, &[], deadline, &[]);
    // Work under way: (title, lead, deadline, progress, the liaison's note and its day, and the
    // day it was submitted for review, if it was).
    for (title, lead, deadline, progress, note, reported, submitted) in [
        (
            "Xây dựng kế hoạch phát triển kinh tế tập thể giai đoạn tới",
            "SKHCN",
            ahead(30),
            30,
            "Đã lập đề cương kế hoạch.",
            ago(10),
            None,
        ),
        (
            "Tổng hợp số liệu hợp tác xã thành lập mới trong năm, báo cáo Ban Chỉ đạo",
            "SCT",
            ahead(2),
            70,
            "Đã tổng hợp số liệu của 6/8 huyện.",
            ago(3),
            None,
        ),
        (
            "Rà soát, hướng dẫn giải thể các hợp tác xã ngừng hoạt động",
            "UBND-TH",
            ago(10),
            50,
            "Đã rà soát 12/25 hợp tác xã.",
            ago(14),
            None,
        ),
        (
            "Hướng dẫn các hợp tác xã nông nghiệp chuyển đổi số",
            "SNNPTNT",
            ahead(5),
            80,
            "Đã dự thảo tài liệu hướng dẫn.",
            ago(8),
            Some(ago(1)),
        ),
    ] {
        let task = directive(title, lead, Some(deadline)).await?;
        let liaison = liaison(lead)?;
        store
            .report_progress(
                &liaison,
                TaskReport::scripted(task.id, None, Some(progress), note)?,
                on(reported)?,
            )
            .await?;
        if let Some(submitted) = submitted {
            store
                .report_progress(
                    &liaison,
                    TaskReport::scripted(
                        task.id,
                        Some(TaskStatus::Submitted),
                        None,
                        "Đã ban hành văn bản hướng dẫn, đề nghị Ban Chỉ đạo xem xét.",
                    )?,
                    on(submitted)?,
                )
                .await?;
        }
    }
    directive(
        "Báo cáo kết quả giải ngân Quỹ hỗ trợ phát triển hợp tác xã",
        "LMHTX",
        Some(today),
    )
    .await?;
    for (title, lead, deadline, submitted, accepted) in [
        (
            "Kiện toàn tổ giúp việc Ban Chỉ đạo",
            "LMHTX",
            ago(7),
            ago(9),
            ago(8),
        ),
        (
            "Báo cáo tình hình hoạt động của các hợp tác xã nông nghiệp",
            "UBND-QP",
            ago(14),
            ago(6),
            ago(5),
        ),
    ] {
        let task = directive(title, lead, Some(deadline)).await?;
        store
            .report_progress(
                &liaison(lead)?,
                TaskReport::scripted(
                    task.id,
                    Some(TaskStatus::Submitted),
                    None,
                    "Đã hoàn thành, gửi báo cáo.",
                )?,
                on(submitted)?,
            )
            .await?;
        store
            .review_task(
                &chair,
                task.id,
                true,
                Note::parse("Đồng ý.", "The note")?,
                on(accepted)?,
            )
            .await?;
    }
    directive(
        "Thường xuyên theo dõi, đôn đốc các hợp tác xã thực hiện Luật Hợp tác xã năm 2023",
        "UBND-KX",
        None,
    )
    .await?;
    let extension = directive(
        "Tổ chức hội nghị sơ kết mô hình hợp tác xã kiểu mới",
        "UBND-TT",
        Some(ahead(1)),
    )
    .await?;
    store
        .request_extension(
            &liaison("UBND-TT")?,
            extension.id,
            ahead(15),
            Note::parse("Chờ kết quả đánh giá của các xã.", "The reason")?,
            on(ago(2))?,
        )
        .await?;
    store
        .discard_pending_reminders("Demo history: its notices were not sent.")
        .await?;
    Ok(demo.accounts)
}

/// What the demo chose that the article does not say, for the people reading its output.
pub const CHOICES: &str = "The demo chose what the article does not say: deadlines (30 Sep 2022 for the districts, \
30 Nov 2022 for the solutions, 31 Dec 2022 for the fund and the models), the Cooperative Alliance as lead of the \
committee-wide and district directives, e-mail addresses under thaibinh.example, the follow-up after the meeting, and \
the meeting three weeks ago, which is made up to show every standing.";

/// Fresh single-use sign-in links for the demo's chair and two liaisons, for `serve --demo`.
///
/// # Errors
/// When the database fails.
pub async fn sign_in_links(
    store: &Store,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut links = Vec::new();
    for (who, email, next) in [
        ("CHAIR", "chutich.bcd@thaibinh.example", "/dashboard"),
        ("LIAISON UBND-VT", "daumoi.ubnd-vt@thaibinh.example", "/my"),
        ("LIAISON LMHTX", "daumoi.lmhtx@thaibinh.example", "/my"),
    ] {
        let Some(user) = store.active_user_by_email(&Email::parse(email)?).await? else {
            continue;
        };
        let token = store
            .create_login_link(user.id, next, now, chrono::Duration::hours(24))
            .await?;
        links.push((who.to_string(), sign_in_url(public_url, &token)));
    }
    Ok(links)
}
