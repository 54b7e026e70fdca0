//! Sign-in links asked for on the sign-in page are capped per person: they are marked as asked
//! for (links in reminder e-mails are not), and counting a person's recent ones reads an index.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000002_sign_in_limits"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("login_links")
                    .add_column(boolean("asked_on_page").default(false))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_links_user_created")
                    .table("login_links")
                    .col("user_id")
                    .col("created_at")
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_login_links_user_created")
                    .table("login_links")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("login_links")
                    .drop_column("asked_on_page")
                    .take(),
            )
            .await
    }
}
