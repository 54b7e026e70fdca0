//! The directory (departments, users, tokens, committees), meetings, tasks, their journal and
//! extension requests.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20260101_000001_directory_and_tasks"
    }
}

fn fk(from: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .take()
}

fn index(
    table: &'static str,
    name: &'static str,
    columns: &[&'static str],
) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(*column);
    }
    statement.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("departments")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("code", 32))
                    .col(string_len("name", 300))
                    .col(string_len_null("email", 254))
                    .col(integer_null("parent_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("departments", "parent_id", "departments"))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(pk_auto("id"))
                    .col(string_len("name", 300))
                    .col(string_len_uniq("email", 254))
                    .col(string_len("role", 16))
                    .col(integer_null("department_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk("users", "department_id", "departments"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("users", "idx_users_department", &["department_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("api_tokens")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string_len_uniq("token_hash", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk("api_tokens", "user_id", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("api_tokens", "idx_api_tokens_user", &["user_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("committees")
                    .col(pk_auto("id"))
                    .col(string_len("name", 300))
                    .col(string_len("time_zone", 64))
                    .col(string_len("language", 8))
                    .col(integer_null("chair_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("committees", "chair_id", "users"))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("meetings")
                    .col(pk_auto("id"))
                    .col(integer("committee_id"))
                    .col(string_len("title", 500))
                    .col(date("held_on"))
                    .col(string_len_null("reference", 100))
                    .col(text_null("summary"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("meetings", "committee_id", "committees"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "meetings",
                "idx_meetings_committee",
                &["committee_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("tasks")
                    .col(pk_auto("id"))
                    .col(integer("committee_id"))
                    .col(integer("meeting_id"))
                    .col(integer_null("parent_id"))
                    .col(string_len("title", 500))
                    .col(text_null("description"))
                    .col(text("search_text"))
                    .col(integer("lead_id"))
                    .col(date_null("deadline"))
                    .col(string_len("status", 16))
                    .col(integer("progress"))
                    .col(date_null("submitted_on"))
                    .col(date_null("completed_on"))
                    .col(integer("version"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("tasks", "committee_id", "committees"))
                    .foreign_key(&mut fk("tasks", "meeting_id", "meetings"))
                    .foreign_key(&mut fk("tasks", "parent_id", "tasks"))
                    .foreign_key(&mut fk("tasks", "lead_id", "departments"))
                    .foreign_key(&mut fk("tasks", "created_by", "users"))
                    .take(),
            )
            .await?;
        for (name, columns) in [
            ("idx_tasks_meeting", &["meeting_id"][..]),
            ("idx_tasks_parent", &["parent_id"]),
            ("idx_tasks_lead", &["lead_id"]),
            (
                "idx_tasks_committee_deadline",
                &["committee_id", "deadline"],
            ),
            ("idx_tasks_status", &["status"]),
            ("idx_tasks_deadline", &["deadline"]),
        ] {
            manager.create_index(index("tasks", name, columns)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("task_co_owners")
                    .col(integer("task_id"))
                    .col(integer("department_id"))
                    .primary_key(Index::create().col("task_id").col("department_id"))
                    .foreign_key(&mut fk("task_co_owners", "task_id", "tasks"))
                    .foreign_key(&mut fk("task_co_owners", "department_id", "departments"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "task_co_owners",
                "idx_task_co_owners_department",
                &["department_id", "task_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("task_updates")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(integer("author_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(text("note"))
                    .col(integer_null("progress"))
                    .col(string_len_null("status_from", 16))
                    .col(string_len_null("status_to", 16))
                    .col(date_null("deadline_from"))
                    .col(date_null("deadline_to"))
                    .foreign_key(&mut fk("task_updates", "task_id", "tasks"))
                    .foreign_key(&mut fk("task_updates", "author_id", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "task_updates",
                "idx_task_updates_task",
                &["task_id", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("extension_requests")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(integer("requested_by"))
                    .col(date("requested_deadline"))
                    .col(text("reason"))
                    .col(string_len("decision", 16))
                    .col(integer_null("decided_by"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(text_null("decision_note"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("extension_requests", "task_id", "tasks"))
                    .foreign_key(&mut fk("extension_requests", "requested_by", "users"))
                    .foreign_key(&mut fk("extension_requests", "decided_by", "users"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "extension_requests",
                "idx_extension_requests_task",
                &["task_id", "decision"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "extension_requests",
            "task_updates",
            "task_co_owners",
            "tasks",
            "meetings",
            "committees",
            "api_tokens",
            "users",
            "departments",
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
