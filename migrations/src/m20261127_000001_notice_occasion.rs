//! Every decision reaches the lead: a notice row is unique per task, recipient, kind, day and
//! occasion (the decision it tells of), so a second decision on the same day has a row of its
//! own instead of being dropped. Daily reminders keep an empty occasion: still once a day.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000001_notice_occasion"
    }
}

fn unique_index(name: &str, with_occasion: bool) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(name)
        .table("reminders")
        .col("task_id")
        .col("recipient")
        .col("kind")
        .col("for_day");
    if with_occasion {
        index.col("occasion");
    }
    index.unique().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("reminders")
                    .add_column(string_len("occasion", 64).default(""))
                    .take(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_reminders_once_a_day")
                    .table("reminders")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index("uq_reminders_once_per_occasion", true))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("uq_reminders_once_per_occasion")
                    .table("reminders")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index("uq_reminders_once_a_day", false))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("reminders")
                    .drop_column("occasion")
                    .take(),
            )
            .await
    }
}
