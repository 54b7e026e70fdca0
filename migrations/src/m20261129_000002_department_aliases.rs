//! What a meeting's text may call a department: its other names ("Sở NN&PTNT", "Liên minh HTX
//! tỉnh") and the groups it belongs to ("huyện" for the district People's Committees), one per
//! line, for drafting directives from the text.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000002_department_aliases"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["aliases", "groups"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("departments")
                        .add_column(ColumnDef::new(column).text().not_null().default(""))
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["aliases", "groups"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("departments")
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
