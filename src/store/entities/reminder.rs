//! The `reminders` table: the outbox. One row per task, recipient, kind, local day and occasion.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub committee_id: i32,
    pub task_id: i32,
    pub recipient: String,
    pub recipient_name: Option<String>,
    /// LEAD, COORDINATION (a co-owner) or CHAIR (copied on escalations).
    pub audience: String,
    pub kind: String,
    pub for_day: Date,
    /// PENDING, SENT or FAILED.
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub lease_until: Option<DateTimeUtc>,
    pub claim_token: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub message_id: Option<String>,
    /// What a notice has to say besides the task: the chair's reason or note.
    pub detail: Option<String>,
    /// Which change a notice tells of (empty for daily reminders): two decisions on one task
    /// on one day are two notices.
    pub occasion: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
