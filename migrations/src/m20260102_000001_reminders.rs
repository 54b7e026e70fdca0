//! Reminders: the outbox of reminder e-mails, the day a deadline really ends, and per-committee
//! reminder settings.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20260102_000001_reminders"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tasks")
                    .add_column(date_null("due_on"))
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE tasks SET due_on = deadline")
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tasks_committee_due_on")
                    .table("tasks")
                    .col("committee_id")
                    .col("due_on")
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("committees")
                    .add_column(string_len_null("short_name", 60))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("committees")
                    .add_column(text_null("reminder_policy"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("reminders")
                    .col(pk_auto("id"))
                    .col(integer("committee_id"))
                    .col(integer("task_id"))
                    .col(string_len("recipient", 254))
                    .col(string_len_null("recipient_name", 300))
                    .col(string_len("audience", 16))
                    .col(string_len("kind", 24))
                    .col(date("for_day"))
                    .col(string_len("state", 16))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("lease_until"))
                    .col(string_len_null("claim_token", 64))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .col(text_null("last_error"))
                    .col(string_len_null("message_id", 200))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("reminders", "task_id")
                            .to("tasks", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("reminders", "committee_id")
                            .to("committees", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_reminders_once_a_day")
                    .table("reminders")
                    .col("task_id")
                    .col("recipient")
                    .col("kind")
                    .col("for_day")
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reminders_state_next_attempt")
                    .table("reminders")
                    .col("state")
                    .col("next_attempt_at")
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reminders_claim")
                    .table("reminders")
                    .col("claim_token")
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reminders_digest")
                    .table("reminders")
                    .col("recipient")
                    .col("for_day")
                    .col("committee_id")
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("reminders").take())
            .await?;
        for (table, column) in [
            ("committees", "reminder_policy"),
            ("committees", "short_name"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).take())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_tasks_committee_due_on")
                    .table("tasks")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("tasks").drop_column("due_on").take())
            .await
    }
}
