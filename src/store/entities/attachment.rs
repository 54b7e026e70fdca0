//! The `attachments` table: files attached to a journal entry, kept in the documents folder
//! under their SHA-256.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub update_id: i32,
    /// The name people see when they download it.
    pub file_name: String,
    /// What the content was recognised as.
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex; also the file's name in the documents folder.
    pub sha256: String,
    pub uploaded_by: i32,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
