//! A progress report is often a document ("Báo cáo số 45/BC-SNN ngày 12/10/2022"): the journal
//! keeps its number and date, and the files attached to it are listed with their hash (the
//! files themselves are kept in a folder, named by that hash).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000003_documents"
    }
}

fn fk(column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from("attachments", column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Each column on its own statement: SQLite adds one column per ALTER TABLE.
        for mut column in [
            string_len_null("document_number", 100),
            date_null("document_date"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("task_updates")
                        .add_column(&mut column)
                        .take(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("attachments")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(integer("update_id"))
                    .col(string_len("file_name", 255))
                    .col(string_len("content_type", 100))
                    .col(big_integer("size_bytes"))
                    .col(string_len("sha256", 64))
                    .col(integer("uploaded_by"))
                    .col(timestamp_with_time_zone("uploaded_at"))
                    .foreign_key(&mut fk("task_id", "tasks"))
                    .foreign_key(&mut fk("update_id", "task_updates"))
                    .foreign_key(&mut fk("uploaded_by", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attachments_update")
                    .table("attachments")
                    .col("update_id")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("attachments").take())
            .await?;
        for column in ["document_date", "document_number"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("task_updates")
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
