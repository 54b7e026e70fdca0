//! The `committees` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committees")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub time_zone: String,
    pub language: String,
    pub chair_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// A short name for e-mail subjects, e.g. "BCĐ KTTT".
    pub short_name: Option<String>,
    /// Overrides of the reminder settings, as JSON.
    pub reminder_policy: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
