//! Schema migrations for dondoc. One change per file; a file is never edited once it has landed.

pub use sea_orm_migration::prelude::*;

mod m20260101_000001_directory_and_tasks;
mod m20260102_000001_reminders;
mod m20260103_000001_notice_detail;
mod m20260104_000001_sign_in;
mod m20261127_000001_notice_occasion;
mod m20261127_000002_sign_in_limits;
mod m20261128_000001_search_index;
mod m20261128_000002_edits_and_reorganisation;
mod m20261128_000003_documents;
mod m20261128_000004_committee_members;
mod m20261128_000005_calendar_feeds;
mod m20261129_000001_task_history;
mod m20261129_000002_department_aliases;

/// Every migration, in the order it is applied.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_directory_and_tasks::Migration),
            Box::new(m20260102_000001_reminders::Migration),
            Box::new(m20260103_000001_notice_detail::Migration),
            Box::new(m20260104_000001_sign_in::Migration),
            Box::new(m20261127_000001_notice_occasion::Migration),
            Box::new(m20261127_000002_sign_in_limits::Migration),
            Box::new(m20261128_000001_search_index::Migration),
            Box::new(m20261128_000002_edits_and_reorganisation::Migration),
            Box::new(m20261128_000003_documents::Migration),
            Box::new(m20261128_000004_committee_members::Migration),
            Box::new(m20261128_000005_calendar_feeds::Migration),
            Box::new(m20261129_000001_task_history::Migration),
            Box::new(m20261129_000002_department_aliases::Migration),
        ]
    }
}
