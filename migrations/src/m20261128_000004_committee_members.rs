//! A province has dozens of committees, each with its own secretaries: a committee lists its
//! members (secretaries and viewers; a person may serve several), and a secretary acts only on
//! the committees they serve. Secretaries who acted on every committee until now serve every
//! existing committee, so nobody loses work they were doing. Changes to a committee's settings
//! are journaled, one row per changed field.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000004_committee_members"
    }
}

fn fk(table: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("committee_members")
                    .col(integer("committee_id"))
                    .col(integer("user_id"))
                    .primary_key(Index::create().col("committee_id").col("user_id"))
                    .foreign_key(&mut fk("committee_members", "committee_id", "committees"))
                    .foreign_key(&mut fk("committee_members", "user_id", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_committee_members_user")
                    .table("committee_members")
                    .col("user_id")
                    .col("committee_id")
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO committee_members (committee_id, user_id) \
                 SELECT c.id, u.id FROM committees c CROSS JOIN users u \
                 WHERE u.role = 'SECRETARY' AND u.revoked_at IS NULL",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("committee_changes")
                    .col(pk_auto("id"))
                    .col(integer("committee_id"))
                    .col(integer("author_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(string_len("field", 32))
                    .col(text_null("value_from"))
                    .col(text_null("value_to"))
                    .foreign_key(&mut fk("committee_changes", "committee_id", "committees"))
                    .foreign_key(&mut fk("committee_changes", "author_id", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_committee_changes_committee")
                    .table("committee_changes")
                    .col("committee_id")
                    .col("id")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["committee_changes", "committee_members"] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
