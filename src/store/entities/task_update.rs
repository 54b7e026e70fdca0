//! The `task_updates` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "task_updates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub author_id: i32,
    pub at: DateTimeUtc,
    pub note: String,
    pub progress: Option<i32>,
    pub status_from: Option<String>,
    pub status_to: Option<String>,
    pub deadline_from: Option<Date>,
    pub deadline_to: Option<Date>,
    pub title_from: Option<String>,
    pub title_to: Option<String>,
    pub description_from: Option<String>,
    pub description_to: Option<String>,
    pub lead_from: Option<i32>,
    pub lead_to: Option<i32>,
    /// Department ids separated by commas ("" for none); NULL when the co-owners did not change.
    pub co_owners_from: Option<String>,
    pub co_owners_to: Option<String>,
    /// The report's document: its number ("45/BC-SNN") and date.
    pub document_number: Option<String>,
    pub document_date: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
