//! Directives change after the meeting and so do the bodies that carry them out. The journal
//! keeps what an edit or a change of owners changed (title, description, lead, co-owners, each
//! before and after: NULL for "unchanged"), and a department may be deactivated and point at the
//! body that took over its work (a merger, the end of the district level).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000002_edits_and_reorganisation"
    }
}

/// Each column on its own statement: SQLite adds one column per ALTER TABLE.
fn journal_columns() -> Vec<ColumnDef> {
    vec![
        text_null("title_from"),
        text_null("title_to"),
        text_null("description_from"),
        text_null("description_to"),
        integer_null("lead_from"),
        integer_null("lead_to"),
        // Department ids separated by commas; "" for none.
        text_null("co_owners_from"),
        text_null("co_owners_to"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut column in journal_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table("task_updates")
                        .add_column(&mut column)
                        .take(),
                )
                .await?;
        }
        for mut column in [
            timestamp_with_time_zone_null("deactivated_at"),
            integer_null("successor_id"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("departments")
                        .add_column(&mut column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["successor_id", "deactivated_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("departments")
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        for column in journal_columns().iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table("task_updates")
                        .drop_column(column.get_column_name())
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
