//! `dondoc generate`: a province's years of made-up directives, for measuring dondoc at scale.
//!
//! Everything goes through the store's own writes, as people's actions would: the same checks,
//! the same derived columns (folded search text, due days), journal rows, roll-ups of split
//! directives and notices. The proportions follow what a provincial office sees: most late work
//! finished in the end, some still overdue, a few tasks waiting for the chair, cancelled or
//! extended. Deadlines run from 2022 to 2027. The same seed gives the same data.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::domain::validate::{
    DepartmentCode, Email, Language, Name, Note, Reference, ShortName, Title,
};
use crate::domain::{Actor, Role, RuleError, TaskStatus};
use crate::store::directory::{actor_of, NewCommittee, NewDepartment, NewUser};
use crate::store::entities::task;
use crate::store::meetings::NewMeeting;
use crate::store::task_writes::{NewTask, TaskReport};
use crate::store::{Store, StoreError};

/// How much to make.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// Tasks in all, the subtasks of split directives included.
    pub tasks: u32,
    pub departments: u32,
    pub seed: u64,
}

/// What was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generated {
    pub departments: u32,
    pub committees: u32,
    pub meetings: u32,
    pub tasks: u32,
}

const VERBS: [&str; 10] = [
    "Xây dựng",
    "Triển khai",
    "Kiện toàn",
    "Rà soát",
    "Tổng kết",
    "Hướng dẫn",
    "Báo cáo",
    "Đôn đốc",
    "Hỗ trợ",
    "Kiểm tra",
];

const SUBJECTS: [&str; 12] = [
    "kế hoạch phát triển kinh tế tập thể",
    "quỹ hỗ trợ phát triển hợp tác xã",
    "mô hình hợp tác xã kiểu mới",
    "Ban Chỉ đạo cấp huyện",
    "chương trình mỗi xã một sản phẩm",
    "chuyển đổi số trong hợp tác xã",
    "đề án liên kết chuỗi giá trị nông sản",
    "tình hình giải ngân vốn đầu tư công",
    "công tác cải cách hành chính",
    "hạ tầng thương mại nông thôn",
    "đào tạo cán bộ quản lý hợp tác xã",
    "số liệu thống kê hợp tác xã",
];

const KINDS: [&str; 4] = ["Sở", "UBND huyện", "UBND xã", "Ban"];

/// 09:00 on `day` in Viet Nam.
fn morning(day: NaiveDate) -> DateTime<Utc> {
    let nine = day.and_hms_opt(9, 0, 0).unwrap_or_default();
    Ho_Chi_Minh
        .from_local_datetime(&nine)
        .single()
        .map(|local| local.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&nine))
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// A person, with an account made when the office started using dondoc.
async fn person(
    store: &Store,
    name: &str,
    email: &str,
    role: Role,
    department: Option<i32>,
) -> Result<Actor, StoreError> {
    let (user, _) = store
        .create_user(
            NewUser {
                name: Name::parse(name)?,
                email: Email::parse(email)?,
                role,
                department_id: department,
            },
            morning(NaiveDate::from_ymd_opt(2022, 1, 3).unwrap_or_default()),
        )
        .await?;
    actor_of(&user)
}

struct Generator<'a> {
    store: &'a Store,
    rng: StdRng,
    now: DateTime<Utc>,
    secretary: Actor,
    /// Each department's id and its liaison.
    departments: Vec<(i32, Actor)>,
    /// Each committee's id and its chair.
    committees: Vec<(i32, Actor)>,
    made: Generated,
}

impl Generator<'_> {
    async fn organisation(&mut self, scale: Scale) -> Result<(), StoreError> {
        let founded = morning(NaiveDate::from_ymd_opt(2022, 1, 3).unwrap_or_default());
        for n in 1..=scale.departments.max(1) {
            let kind = KINDS[n as usize % KINDS.len()];
            let department = self
                .store
                .create_department(
                    NewDepartment {
                        code: DepartmentCode::parse(&format!("DV-{n:04}"))?,
                        name: Name::parse(&format!("{kind} số {n}"))?,
                        email: Some(Email::parse(&format!("dv{n}@tinh.example"))?),
                        parent_id: None,
                    },
                    founded,
                )
                .await?;
            let liaison = person(
                self.store,
                &format!("Đầu mối {kind} số {n}"),
                &format!("daumoi.dv{n}@tinh.example"),
                Role::Liaison,
                Some(department.id),
            )
            .await?;
            self.departments.push((department.id, liaison));
            self.made.departments += 1;
        }
        // About one committee for every forty departments, as a province has.
        for n in 1..=(scale.departments / 40).max(1) {
            let chair = person(
                self.store,
                &format!("Trưởng Ban số {n}"),
                &format!("truongban{n}@tinh.example"),
                Role::Chair,
                None,
            )
            .await?;
            let committee = self
                .store
                .create_committee(
                    NewCommittee {
                        name: Name::parse(&format!("Ban Chỉ đạo số {n}"))?,
                        short_name: Some(ShortName::parse(&format!("BCĐ {n}"))?),
                        reminder_policy: None,
                        time_zone: "Asia/Ho_Chi_Minh".into(),
                        language: Language::Vietnamese,
                        chair_id: Some(chair.user_id),
                        member_ids: vec![self.secretary.user_id],
                    },
                    founded,
                )
                .await?;
            self.committees.push((committee.id, chair));
            self.made.committees += 1;
        }
        Ok(())
    }

    fn title(&mut self, year: i32) -> Result<Title, StoreError> {
        let verb = VERBS[self.rng.gen_range(0..VERBS.len())];
        let subject = SUBJECTS[self.rng.gen_range(0..SUBJECTS.len())];
        Ok(Title::parse(&format!("{verb} {subject} năm {year}"))?)
    }

    /// One meeting and its directives, then what people did about them until now.
    async fn meeting(
        &mut self,
        number: u32,
        held_on: NaiveDate,
        directives: u32,
    ) -> Result<(), StoreError> {
        let (committee_id, chair) =
            self.committees[self.rng.gen_range(0..self.committees.len())].clone();
        let year = chrono::Datelike::year(&held_on);
        let meeting = self
            .store
            .create_meeting(
                &self.secretary,
                NewMeeting {
                    committee_id,
                    title: Title::parse(&format!("Phiên họp số {number} năm {year}"))?,
                    held_on,
                    reference: Reference::parse_optional(Some(&format!("{number}/TB-UBND")))?,
                    summary: None,
                },
                morning(held_on),
            )
            .await?;
        self.made.meetings += 1;
        let mut left = directives;
        while left > 0 {
            let lead = self.rng.gen_range(0..self.departments.len());
            let split = if left >= 3 && self.departments.len() > 8 && self.rng.gen_bool(0.04) {
                let count = self.rng.gen_range(3..=8).min(left as usize);
                self.departments
                    .choose_multiple(&mut self.rng, count)
                    .map(|(id, _)| *id)
                    .collect::<Vec<_>>()
            } else {
                Vec::new()
            };
            let co_owners = if split.is_empty() {
                let count = [0, 0, 1, 1, 2, 2, 3][self.rng.gen_range(0..7)];
                self.departments
                    .choose_multiple(&mut self.rng, count)
                    .map(|(id, _)| *id)
                    .filter(|id| *id != self.departments[lead].0)
                    .collect()
            } else {
                Vec::new()
            };
            let deadline = self
                .rng
                .gen_bool(0.92)
                .then(|| held_on + days(self.rng.gen_range(15..=180)));
            let description = self
                .rng
                .gen_bool(0.3)
                .then(|| Note::parse("Thực hiện theo kết luận của Trưởng Ban Chỉ đạo; báo cáo kết quả về Văn phòng.", "The description"))
                .transpose()?;
            let title = self.title(year)?;
            let parent = self
                .store
                .assign_task(
                    &self.secretary,
                    NewTask {
                        meeting_id: meeting.id,
                        title,
                        description,
                        lead_id: self.departments[lead].0,
                        co_owner_ids: co_owners,
                        deadline,
                        split_across: split.clone(),
                    },
                    morning(held_on) + Duration::hours(1),
                )
                .await?;
            let tasks = if split.is_empty() {
                vec![parent]
            } else {
                self.store
                    .subtasks_of(&[parent.id])
                    .await?
                    .remove(&parent.id)
                    .unwrap_or_default()
            };
            for task in &tasks {
                self.follow_up(task, &chair).await?;
            }
            let made = u32::try_from(tasks.len()).unwrap_or(u32::MAX).max(1);
            self.made.tasks += made;
            left = left.saturating_sub(made);
        }
        Ok(())
    }

    /// What the lead's liaison and the chair did about one task, in order, up to now.
    async fn follow_up(&mut self, task: &task::Model, chair: &Actor) -> Result<(), StoreError> {
        let Some(liaison) = self
            .departments
            .iter()
            .find(|(id, _)| *id == task.lead_id)
            .map(|(_, actor)| actor.clone())
        else {
            return Ok(());
        };
        let start = task.created_at + days(self.rng.gen_range(3..=20));
        if start >= self.now || self.rng.gen_bool(0.08) {
            return Ok(()); // Not started yet.
        }
        let deadline = task.deadline.map(morning).unwrap_or(start + days(120));
        let mut when = start;
        let mut progress = 0;
        for _ in 0..self.rng.gen_range(1..=3) {
            progress = (progress + self.rng.gen_range(10..=40)).min(90);
            let status = (when == start).then_some(TaskStatus::InProgress);
            self.store
                .report_progress(
                    &liaison,
                    TaskReport::scripted(
                        task.id,
                        status,
                        Some(progress),
                        "Đang triển khai, đã hoàn thành một phần.",
                    )?,
                    when,
                )
                .await?;
            when += days(self.rng.gen_range(7..=40));
            if when >= self.now {
                return Ok(());
            }
        }
        if task.deadline.is_some() && self.rng.gen_bool(0.05) {
            let request = self
                .store
                .request_extension(
                    &liaison,
                    task.id,
                    deadline.max(when).date_naive() + days(self.rng.gen_range(15..=60)),
                    Note::parse("Chờ số liệu của các đơn vị phối hợp.", "The reason")?,
                    when,
                )
                .await?;
            when += days(2);
            if when < self.now {
                let approve = self.rng.gen_bool(0.6);
                self.store
                    .decide_extension(chair, request.id, approve, None, when)
                    .await?;
            }
        }
        // Most work is finished, some of it late; some waits for the chair; some is dropped.
        let roll = self.rng.gen_range(0..100);
        let finish = if roll < 70 {
            deadline + days(self.rng.gen_range(-30..=25))
        } else {
            self.now + days(1)
        };
        if roll >= 95 {
            let cancelled = when + days(5);
            if cancelled < self.now {
                self.store
                    .cancel_task(
                        chair,
                        task.id,
                        Note::parse("Không còn phù hợp.", "The reason")?,
                        cancelled,
                    )
                    .await?;
            }
            return Ok(());
        }
        let submitted = finish.max(when + days(1));
        if submitted >= self.now {
            return Ok(());
        }
        self.store
            .report_progress(
                &liaison,
                TaskReport::scripted(
                    task.id,
                    Some(TaskStatus::Submitted),
                    Some(100),
                    "Đã hoàn thành, trình Trưởng ban.",
                )?,
                submitted,
            )
            .await?;
        let reviewed = submitted + days(self.rng.gen_range(1..=10));
        if reviewed < self.now && self.rng.gen_bool(0.9) {
            self.store
                .review_task(
                    chair,
                    task.id,
                    true,
                    Note::parse("Đồng ý.", "The note")?,
                    reviewed,
                )
                .await?;
        }
        Ok(())
    }
}

/// Fills the database with `scale`'s worth of made-up work up to `now`, calling `progress` with
/// the tasks made so far and the tasks asked for.
///
/// # Errors
/// `Conflict` when the database already holds data and `into_existing` is false; database errors.
pub async fn generate(
    store: &Store,
    scale: Scale,
    into_existing: bool,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u32, u32),
) -> Result<Generated, StoreError> {
    if !into_existing && !store.is_empty().await? {
        return Err(RuleError::Conflict(
            "The database already has data; generate fills an empty database (or say --into-existing).".into(),
        )
        .into());
    }
    let secretary = person(
        store,
        "Văn phòng UBND tỉnh",
        "vanphong@tinh.example",
        Role::Secretary,
        None,
    )
    .await?;
    let mut generator = Generator {
        store,
        rng: StdRng::seed_from_u64(scale.seed),
        now,
        secretary,
        departments: Vec::new(),
        committees: Vec::new(),
        made: Generated::default(),
    };
    generator.organisation(scale).await?;
    // About twenty directives a meeting, meetings from January 2022 until yesterday; deadlines
    // run up to half a year after the last one.
    let meetings = (scale.tasks / 20).max(1);
    let first = NaiveDate::from_ymd_opt(2022, 1, 10).unwrap_or_default();
    let span = ((now - days(1)).date_naive() - first).num_days().max(1);
    for number in 1..=meetings {
        if generator.made.tasks >= scale.tasks {
            break;
        }
        let held_on = first + days(span * i64::from(number - 1) / i64::from(meetings));
        let left = scale.tasks - generator.made.tasks;
        let directives = if number == meetings {
            left
        } else {
            left.min(scale.tasks / meetings)
        };
        generator.meeting(number, held_on, directives).await?;
        progress(generator.made.tasks, scale.tasks);
    }
    // The planners choose their indexes from statistics; a bulk load leaves them stale.
    store.refresh_statistics().await?;
    Ok(generator.made)
}
