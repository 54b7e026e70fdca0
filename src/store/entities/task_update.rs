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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
