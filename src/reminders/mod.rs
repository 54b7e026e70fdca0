//! Reminders: the daily sweep that writes reminders into the outbox, and the dispatcher that
//! sends them as one digest per person per day over SMTP, retrying what may pass and never
//! sending twice.

pub mod digest;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rand::Rng;
use sha2::{Digest as _, Sha256};
use tokio::sync::{watch, Notify};

use crate::clock::Clock;
use crate::domain::calendar::{local_day, parse_time_zone};
use crate::domain::reminders::{reminder_due, Chase, ReminderKind, ReminderPolicy};
use crate::domain::validate::Language;
use crate::domain::TaskStatus;
use crate::mail::{Mailer, OutgoingMail, SendError};
use crate::store::directory::policy_override;
use crate::store::entities::{committee, reminder};
use crate::store::reminders::{Audience, ClaimedDigest, NewReminder};
use crate::store::sessions::sign_in_url;
use crate::store::{Store, StoreError};
use digest::{Digest, DigestItem, RenderedDigest};

/// One line of a digest: the task, what about it, for whom, and the chair's words if any.
type Line = (i32, ReminderKind, Audience, Option<String>);

/// The longest wait between two tries of a failing digest.
const LONGEST_BACKOFF_SECONDS: f64 = 3600.0;

/// How one digest went.
enum Delivery {
    Sent,
    Retrying,
    Failed,
}

/// What one dispatch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DispatchReport {
    pub sent: u32,
    pub retrying: u32,
    pub failed: u32,
}

/// The reminder service of one process.
#[derive(Clone)]
pub struct Reminders {
    store: Store,
    policy: ReminderPolicy,
    public_url: String,
    mailer: Option<Mailer>,
    /// When set, links in sent digests sign their recipient in (once, for this long).
    sign_in_links: Option<chrono::Duration>,
    /// How long a dispatcher holds a digest before another may take it over.
    lease: chrono::Duration,
    /// How many digests are sent at once.
    workers: u32,
    clock: Clock,
}

struct CommitteeDay {
    committee: committee::Model,
    zone: Tz,
    policy: ReminderPolicy,
    today: NaiveDate,
}

impl Reminders {
    /// `mailer` may be `None` for planning and dry runs only.
    pub fn new(
        store: Store,
        policy: ReminderPolicy,
        public_url: &str,
        mailer: Option<Mailer>,
    ) -> Reminders {
        Reminders {
            store,
            policy,
            public_url: public_url.trim_end_matches('/').to_string(),
            mailer,
            sign_in_links: None,
            lease: chrono::Duration::minutes(5),
            workers: 1,
            clock: Clock::real(),
        }
    }

    /// The clock the running loop reads (a rehearsal's, or the real one).
    pub fn with_clock(mut self, clock: Clock) -> Reminders {
        self.clock = clock;
        self
    }

    /// How long a dispatcher holds a digest it is sending; a dispatcher that died holding one
    /// (a crash, a kill) lets another send it after this long. It must be longer than the mail
    /// server's timeout, or a slow send could be taken over and sent twice.
    pub fn with_lease(mut self, lease: chrono::Duration) -> Reminders {
        self.lease = lease;
        self
    }

    /// Sends up to `workers` digests at once (each claims its own; the mailer's connection pool
    /// should be as large).
    pub fn with_workers(mut self, workers: u32) -> Reminders {
        self.workers = workers.max(1);
        self
    }

    /// Links in the digests sent sign the recipient straight into the task's page.
    pub fn with_sign_in_links(mut self, lifetime: chrono::Duration) -> Reminders {
        self.sign_in_links = Some(lifetime);
        self
    }

    /// The link to a task for this recipient: a single-use sign-in link when the recipient has
    /// an account and links are on, the plain page otherwise.
    async fn task_link(
        &self,
        recipient: Option<i32>,
        task_id: i32,
        signed: bool,
    ) -> Result<String, StoreError> {
        let page = format!("/tasks/{task_id}");
        match (recipient, self.sign_in_links.filter(|_| signed)) {
            (Some(user), Some(lifetime)) => {
                let token = self
                    .store
                    .create_login_link(user, &page, self.clock.now(), lifetime)
                    .await?;
                Ok(sign_in_url(&self.public_url, &token))
            }
            _ => Ok(format!("{}{page}", self.public_url)),
        }
    }

    /// Each committee whose reminders are due at `now` (or on `as_of`, whatever the hour), with
    /// its policy and local day; committees on a day off are left out.
    async fn committee_days(
        &self,
        now: DateTime<Utc>,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<CommitteeDay>, StoreError> {
        let mut days = Vec::new();
        for committee in self.store.committees().await? {
            let zone = parse_time_zone(&committee.time_zone)?;
            let policy = policy_override(&committee).apply(self.policy);
            let local = now.with_timezone(&zone);
            let today = match as_of {
                Some(day) => day,
                None if local.time() < policy.send_at => continue,
                None => local.date_naive(),
            };
            if !self.store.calendar().is_working_day(today) {
                continue;
            }
            days.push(CommitteeDay {
                committee,
                zone,
                policy,
                today,
            });
        }
        Ok(days)
    }

    /// The reminders the sweep would write at `now`, without writing them.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn plan(
        &self,
        now: DateTime<Utc>,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<NewReminder>, StoreError> {
        let mut planned = Vec::new();
        for day in self.committee_days(now, as_of).await? {
            let tasks = self
                .store
                .tasks_to_chase(day.committee.id, day.policy.due_soon.last_day(day.today))
                .await?;
            let mut chased = Vec::new();
            for task in tasks {
                let chase = Chase {
                    status: task.status.parse::<TaskStatus>()?,
                    due_on: task.due_on,
                    assigned_on: local_day(day.zone, task.created_at),
                };
                if let Some(kind) =
                    reminder_due(chase, day.today, &day.policy, self.store.calendar())
                {
                    chased.push((task, kind));
                }
            }
            if chased.is_empty() {
                continue;
            }
            let task_ids: Vec<i32> = chased.iter().map(|(t, _)| t.id).collect();
            let co_owners = if day.policy.notify_co_owners {
                self.store.co_owner_ids_of(&task_ids).await?
            } else {
                HashMap::new()
            };
            let mut departments: Vec<i32> = chased.iter().map(|(t, _)| t.lead_id).collect();
            departments.extend(co_owners.values().flatten().copied());
            let addressees = self.store.addressees_of(&departments).await?;
            let chair = match day.committee.chair_id {
                Some(id) => self.store.users_by_ids(&[id]).await?.remove(&id),
                None => None,
            };
            for (task, kind) in chased {
                let mut add = |email: &str, name: Option<&str>, audience: Audience| {
                    planned.push(NewReminder {
                        committee_id: day.committee.id,
                        detail: None,
                        task_id: task.id,
                        recipient: email.to_string(),
                        recipient_name: name.map(str::to_string),
                        audience,
                        kind,
                        for_day: day.today,
                        occasion: String::new(),
                    });
                };
                for addressee in addressees.get(&task.lead_id).into_iter().flatten() {
                    add(&addressee.email, addressee.name.as_deref(), Audience::Lead);
                }
                for co_owner in co_owners.get(&task.id).into_iter().flatten() {
                    for addressee in addressees.get(co_owner).into_iter().flatten() {
                        add(
                            &addressee.email,
                            addressee.name.as_deref(),
                            Audience::Coordination,
                        );
                    }
                }
                if let (ReminderKind::Escalation, Some(chair)) = (kind, &chair) {
                    add(&chair.email, Some(&chair.name), Audience::Chair);
                }
            }
        }
        // One row per task, recipient and kind: a liaison of the lead who is also listed for a
        // co-owner is reminded once, as the lead.
        planned.sort_by(|a, b| {
            (a.task_id, &a.recipient, a.kind, a.audience).cmp(&(
                b.task_id,
                &b.recipient,
                b.kind,
                b.audience,
            ))
        });
        planned.dedup_by(|a, b| {
            a.task_id == b.task_id && a.recipient == b.recipient && a.kind == b.kind
        });
        Ok(planned)
    }

    /// Writes today's reminders into the outbox; a second sweep the same day adds nothing.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sweep(
        &self,
        now: DateTime<Utc>,
        as_of: Option<NaiveDate>,
    ) -> Result<u64, StoreError> {
        let planned = self.plan(now, as_of).await?;
        self.store.enqueue_reminders(&planned, now).await
    }

    /// Renders the digests of planned reminders, as a dry run shows them.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn preview(
        &self,
        planned: &[NewReminder],
    ) -> Result<Vec<(String, RenderedDigest)>, StoreError> {
        let mut groups: BTreeMap<(String, NaiveDate, i32), Vec<&NewReminder>> = BTreeMap::new();
        for reminder in planned {
            groups
                .entry((
                    reminder.recipient.clone(),
                    reminder.for_day,
                    reminder.committee_id,
                ))
                .or_default()
                .push(reminder);
        }
        let mut previews = Vec::new();
        for ((recipient, day, committee_id), rows) in groups {
            let lines: Vec<Line> = rows
                .iter()
                .map(|r| (r.task_id, r.kind, r.audience, r.detail.clone()))
                .collect();
            let name = rows.first().and_then(|r| r.recipient_name.clone());
            let digest = self
                .digest(committee_id, &recipient, name, day, &lines, false)
                .await?;
            previews.push((recipient, digest.render()));
        }
        Ok(previews)
    }

    async fn digest(
        &self,
        committee_id: i32,
        recipient: &str,
        recipient_name: Option<String>,
        day: NaiveDate,
        lines: &[Line],
        signed_links: bool,
    ) -> Result<Digest, StoreError> {
        let committee = self.store.committee(committee_id).await?;
        let account = match crate::domain::validate::Email::parse(recipient) {
            Ok(email) => self.store.active_user_by_email(&email).await?.map(|u| u.id),
            Err(_) => None,
        };
        let task_ids: Vec<i32> = lines.iter().map(|(t, _, _, _)| *t).collect();
        let tasks = self.store.tasks_by_ids(&task_ids).await?;
        let meeting_ids: Vec<i32> = tasks.values().map(|t| t.meeting_id).collect();
        let meetings = self.store.meetings_by_ids(&meeting_ids).await?;
        let co_owners = self.store.co_owner_ids_of(&task_ids).await?;
        let mut department_ids: Vec<i32> = tasks.values().map(|t| t.lead_id).collect();
        department_ids.extend(co_owners.values().flatten().copied());
        let departments = self.store.departments_by_ids(&department_ids).await?;
        let name_of = |id: &i32| {
            departments
                .get(id)
                .map(|d| d.name.clone())
                .unwrap_or_default()
        };
        let mut items = Vec::new();
        for (task_id, kind, audience, detail) in lines {
            let Some(task) = tasks.get(task_id) else {
                continue;
            };
            let Some(meeting) = meetings.get(&task.meeting_id) else {
                continue;
            };
            items.push(DigestItem {
                kind: *kind,
                audience: *audience,
                title: task.title.clone(),
                meeting: meeting.title.clone(),
                reference: meeting.reference.clone(),
                held_on: meeting.held_on,
                deadline: task.deadline,
                due_on: task.due_on,
                progress: task.progress,
                lead: name_of(&task.lead_id),
                co_owners: co_owners
                    .get(task_id)
                    .into_iter()
                    .flatten()
                    .map(name_of)
                    .collect(),
                link: self.task_link(account, task.id, signed_links).await?,
                detail: detail.clone(),
            });
        }
        Ok(Digest {
            language: Language::parse(&committee.language).unwrap_or(Language::Vietnamese),
            committee_short: committee
                .short_name
                .clone()
                .unwrap_or_else(|| committee.name.clone()),
            committee_name: committee.name,
            recipient_name: recipient_name.unwrap_or_else(|| recipient.to_string()),
            day,
            items,
        })
    }

    /// The Message-ID of a digest: the same rows always give the same ID, so a digest sent again
    /// after a crash is recognisable as the same message.
    fn message_id(rows: &[reminder::Model], domain: &str) -> String {
        let mut hasher = Sha256::new();
        for row in rows {
            hasher.update(format!(
                "{}|{}|{}|{};",
                row.committee_id, row.recipient, row.for_day, row.id
            ));
        }
        let hash = hex::encode(hasher.finalize());
        format!("digest.{}@{domain}", &hash[..32])
    }

    /// When to try again after `attempts` tries: doubling from a minute up to an hour, with a
    /// fifth either way of jitter so that many digests do not retry in step.
    fn next_attempt(now: DateTime<Utc>, attempts: i32) -> DateTime<Utc> {
        let doubling = 60.0 * 2f64.powi(attempts.clamp(1, 12) - 1);
        let jitter = rand::thread_rng().gen_range(0.8..1.2);
        let seconds = (doubling.min(LONGEST_BACKOFF_SECONDS) * jitter).round();
        now + chrono::Duration::seconds(seconds as i64)
    }

    /// Sends every digest that is ready, with `workers` senders that each claim one digest at a
    /// time until none is left. A digest that cannot even be prepared (a fault of ours) is
    /// marked FAILED with the reason, and the next one goes on.
    ///
    /// # Errors
    /// When the database fails; delivery failures are recorded on the reminders instead.
    pub async fn dispatch(&self, now: DateTime<Utc>) -> Result<DispatchReport, StoreError> {
        if self.mailer.is_none() {
            return Ok(DispatchReport::default());
        }
        let mut senders = tokio::task::JoinSet::new();
        for _ in 0..self.workers {
            senders.spawn(self.clone().send_until_done(now));
        }
        let mut report = DispatchReport::default();
        let mut first_error = None;
        while let Some(finished) = senders.join_next().await {
            match finished {
                Ok(Ok(sent)) => {
                    report.sent += sent.sent;
                    report.retrying += sent.retrying;
                    report.failed += sent.failed;
                }
                Ok(Err(error)) => {
                    first_error.get_or_insert(error);
                }
                Err(fault) => {
                    tracing::error!(%fault, "a reminder sender stopped");
                }
            }
        }
        match first_error {
            Some(error) => Err(error),
            None => Ok(report),
        }
    }

    /// One sender: claims and delivers digests one after another until none is ready.
    async fn send_until_done(self, now: DateTime<Utc>) -> Result<DispatchReport, StoreError> {
        let mut report = DispatchReport::default();
        while let Some(claim) = self.store.claim_digest(now, self.lease).await? {
            let token = claim.token.clone();
            // Its own task, so that a panic while preparing one digest is caught here.
            match tokio::spawn(self.clone().deliver(claim, now)).await {
                Ok(Ok(Delivery::Sent)) => report.sent += 1,
                Ok(Ok(Delivery::Retrying)) => report.retrying += 1,
                Ok(Ok(Delivery::Failed)) => report.failed += 1,
                Ok(Err(error)) => return Err(error),
                Err(fault) => {
                    tracing::error!(%fault, "a digest could not be prepared; it is marked failed");
                    self.store
                        .mark_failed(
                            &token,
                            "The digest could not be prepared because of an internal error; the cause is in the server's log.",
                        )
                        .await?;
                    report.failed += 1;
                }
            }
        }
        Ok(report)
    }

    /// Prepares and sends one claimed digest and records how it went.
    async fn deliver(
        self,
        claim: ClaimedDigest,
        now: DateTime<Utc>,
    ) -> Result<Delivery, StoreError> {
        let Some(mailer) = &self.mailer else {
            return Ok(Delivery::Retrying);
        };
        let Some(first) = claim.rows.first().cloned() else {
            return Ok(Delivery::Failed);
        };
        let lines: Vec<Line> = claim
            .rows
            .iter()
            .filter_map(|r| {
                ReminderKind::parse(&r.kind)
                    .map(|k| (r.task_id, k, Audience::parse(&r.audience), r.detail.clone()))
            })
            .collect();
        let digest = self
            .digest(
                first.committee_id,
                &first.recipient,
                first.recipient_name.clone(),
                first.for_day,
                &lines,
                true,
            )
            .await?;
        let rendered = digest.render();
        let mail = OutgoingMail {
            to_name: first.recipient_name.clone(),
            to_email: first.recipient.clone(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            message_id: Reminders::message_id(&claim.rows, &mailer.domain()),
        };
        match mailer.send(&mail).await {
            Ok(()) => {
                self.store
                    .mark_sent(&claim.token, &mail.message_id, self.clock.now().max(now))
                    .await?;
                Ok(Delivery::Sent)
            }
            Err(SendError::Permanent(reply)) => {
                tracing::warn!(recipient = %first.recipient, %reply, "a reminder was refused for good");
                self.store.mark_failed(&claim.token, &reply).await?;
                Ok(Delivery::Failed)
            }
            Err(SendError::Transient(reply)) => {
                let next = Reminders::next_attempt(now, first.attempts);
                if next >= self.end_of_day(first.committee_id, first.for_day).await? {
                    let reason = format!("Gave up at the end of the day; last reply: {reply}");
                    self.store.mark_failed(&claim.token, &reason).await?;
                    Ok(Delivery::Failed)
                } else {
                    tracing::info!(recipient = %first.recipient, %reply, retry_at = %next, "a reminder will be tried again");
                    self.store.mark_retry(&claim.token, &reply, next).await?;
                    Ok(Delivery::Retrying)
                }
            }
        }
    }

    /// The instant a committee's local day ends.
    async fn end_of_day(
        &self,
        committee_id: i32,
        day: NaiveDate,
    ) -> Result<DateTime<Utc>, StoreError> {
        let committee = self.store.committee(committee_id).await?;
        let zone = parse_time_zone(&committee.time_zone)?;
        let next = day
            .succ_opt()
            .unwrap_or(day)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        Ok(zone
            .from_local_datetime(&next)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&next)))
    }

    /// One sweep and one dispatch; failures are logged, for the next round to try again.
    async fn round(self, now: DateTime<Utc>) {
        if let Err(error) = self.sweep(now, None).await {
            tracing::error!(%error, "the reminder sweep failed; it will run again");
        }
        match self.dispatch(now).await {
            Ok(report) if report != DispatchReport::default() => {
                tracing::info!(
                    sent = report.sent,
                    retrying = report.retrying,
                    failed = report.failed,
                    "reminders dispatched"
                );
            }
            Ok(_) => {}
            Err(error) => {
                tracing::error!(%error, "the reminder dispatch failed; it will run again")
            }
        }
    }

    /// Sweeps and dispatches every `interval`, or at once when `bell` rings, until `shutdown`.
    pub async fn run(
        self,
        interval: Duration,
        bell: Arc<Notify>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        loop {
            // Each round in a task of its own: a fault in one round is logged, and the loop
            // goes on, instead of reminders stopping for good.
            if let Err(fault) = tokio::spawn(self.clone().round(self.clock.now())).await {
                tracing::error!(%fault, "a round of reminders stopped on an internal error; the next round will run");
            }
            tokio::select! {
                () = tokio::time::sleep(interval) => {}
                () = bell.notified() => {}
                _ = shutdown.changed() => break,
            }
        }
    }
}
