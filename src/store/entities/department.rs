//! The `departments` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "departments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub email: Option<String>,
    pub parent_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// Set when the body no longer takes new tasks (merged, dissolved).
    pub deactivated_at: Option<DateTimeUtc>,
    /// The body that took over its open tasks.
    pub successor_id: Option<i32>,
    /// Other names a text may use for it, one per line.
    pub aliases: String,
    /// Groups it belongs to ("huyện"), one per line.
    pub groups: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
