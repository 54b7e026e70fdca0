//! The `task_history` table: each period during which a task's standing did not change, written
//! by the database's triggers on `tasks` (migration `m20261129_000001_task_history`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "task_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub committee_id: i32,
    pub meeting_id: i32,
    pub assigned_at: DateTimeUtc,
    pub valid_from: DateTimeUtc,
    /// None for the period that still holds.
    pub valid_until: Option<DateTimeUtc>,
    pub status: String,
    pub due_on: Option<Date>,
    pub submitted_on: Option<Date>,
    pub completed_on: Option<Date>,
    pub lead_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
