//! The `committee_changes` table: each changed field of a committee's settings, before and
//! after.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub committee_id: i32,
    pub author_id: i32,
    pub at: DateTimeUtc,
    /// Which setting: name, shortName, chair, timeZone, language, reminders, member.
    pub field: String,
    pub value_from: Option<String>,
    pub value_to: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
