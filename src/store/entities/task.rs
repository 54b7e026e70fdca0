//! The `tasks` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub committee_id: i32,
    pub meeting_id: i32,
    pub parent_id: Option<i32>,
    pub title: String,
    pub description: Option<String>,
    /// Title and description folded for search ([`crate::domain::search::fold`]).
    pub search_text: String,
    pub lead_id: i32,
    pub deadline: Option<Date>,
    /// The day the deadline really ends: the next working day when it falls on a day off.
    pub due_on: Option<Date>,
    pub status: String,
    pub progress: i32,
    pub submitted_on: Option<Date>,
    pub completed_on: Option<Date>,
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
