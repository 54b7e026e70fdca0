//! Search reads an index instead of every task: on PostgreSQL a trigram GIN index over the folded
//! text (pg_trgm, a trusted extension a database owner may create), on SQLite an FTS5 table with
//! the trigram tokenizer over the same folded text, kept in step with `tasks` by triggers.
//! Both answer "contains this word" for words of three characters or more.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000001_search_index"
    }
}

const POSTGRES_UP: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX idx_tasks_search_trigrams ON tasks USING gin (search_text gin_trgm_ops)",
];

const POSTGRES_DOWN: &[&str] = &["DROP INDEX IF EXISTS idx_tasks_search_trigrams"];

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE tasks_search USING fts5(search_text, content='tasks', content_rowid='id', tokenize='trigram')",
    "INSERT INTO tasks_search(tasks_search) VALUES ('rebuild')",
    "CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN \
       INSERT INTO tasks_search(rowid, search_text) VALUES (new.id, new.search_text); \
     END",
    "CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN \
       INSERT INTO tasks_search(tasks_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); \
     END",
    "CREATE TRIGGER tasks_search_update AFTER UPDATE OF search_text ON tasks BEGIN \
       INSERT INTO tasks_search(tasks_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); \
       INSERT INTO tasks_search(rowid, search_text) VALUES (new.id, new.search_text); \
     END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS tasks_search_update",
    "DROP TRIGGER IF EXISTS tasks_search_delete",
    "DROP TRIGGER IF EXISTS tasks_search_insert",
    "DROP TABLE IF EXISTS tasks_search",
];

async fn run(manager: &SchemaManager<'_>, postgres: &[&str], sqlite: &[&str]) -> Result<(), DbErr> {
    let statements = match manager.get_database_backend() {
        DbBackend::Postgres => postgres,
        _ => sqlite,
    };
    for statement in statements {
        manager
            .get_connection()
            .execute_unprepared(statement)
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_UP, SQLITE_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_DOWN, SQLITE_DOWN).await
    }
}
