//! Persistence: the sea-orm entities and every query the application makes. Each change that
//! touches several rows runs in one transaction here; callers never see a half-written change.

pub mod backup;
pub mod calendar;
pub mod committees;
pub mod directory;
pub mod documents;
pub mod entities;
pub mod extensions;
pub mod imports;
pub mod meetings;
pub mod page;
pub mod people;
pub mod related;
pub mod reminders;
pub mod report;
pub mod scorecard;
pub mod sessions;
pub mod task_edits;
pub mod task_writes;
pub mod tasks;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqlErr,
    TransactionOptions, TransactionTrait,
};

use crate::domain::calendar::WorkCalendar;
use crate::domain::timeliness::DueSoonWindow;
use crate::domain::RuleError;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A rule of the domain refused the change.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// The record named in the request does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The database failed; the cause is logged, never shown to users.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

impl StoreError {
    pub fn not_found(what: &str) -> Self {
        StoreError::NotFound(format!("{what} was not found."))
    }

    /// Turns a unique-constraint violation into a conflict the user can act on.
    pub fn unique_or(error: DbErr, message: impl FnOnce() -> String) -> Self {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                StoreError::Rule(RuleError::Conflict(message()))
            }
            _ => StoreError::Database(error),
        }
    }
}

/// Settings that shape how the store connects and what it derives.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub database_url: String,
    pub max_connections: u32,
    /// How long a SQLite writer waits for another to finish before giving up.
    pub sqlite_busy_timeout: Duration,
    pub due_soon: DueSoonWindow,
    /// Working days and holidays: deadlines on days off end on the next working day.
    pub calendar: WorkCalendar,
    /// How long notices of change wait for more of the same, so they go out together.
    pub notice_delay: chrono::Duration,
}

/// The application's handle on its database.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    statements: Arc<AtomicU64>,
    due_soon: DueSoonWindow,
    calendar: Arc<WorkCalendar>,
    notice_delay: chrono::Duration,
}

/// Chooses the TLS crypto provider for the database connections, once per process. The
/// dependencies link two (ring and aws-lc-rs); a TLS client that asks rustls for the process
/// default, rather than naming a provider as lettre does, would otherwise stop the program.
fn tls_ready() {
    // Already chosen is fine: the first choice stands.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A pool on SQLite or PostgreSQL, as the URL says.
///
/// SQLite gets WAL, a busy timeout and foreign keys in a single options closure (a second
/// closure would replace the first), and a real pool instead of sea-orm's single connection.
async fn open_pool(
    options: &StoreOptions,
    max_connections: u32,
) -> Result<DatabaseConnection, DbErr> {
    tls_ready();
    let mut connect = ConnectOptions::new(options.database_url.clone());
    let busy_timeout = options.sqlite_busy_timeout;
    connect
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy_timeout)
                .foreign_keys(true)
        });
    Database::connect(connect).await
}

impl Store {
    /// Connects to SQLite or PostgreSQL, as the URL says, once [`Store::migrate`] has run.
    ///
    /// # Errors
    /// When the database cannot be reached or opened.
    pub async fn connect(options: &StoreOptions) -> Result<Store, DbErr> {
        let mut db = open_pool(options, options.max_connections).await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&statements);
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        Ok(Store {
            db,
            statements,
            due_soon: options.due_soon,
            calendar: Arc::new(options.calendar.clone()),
            notice_delay: options.notice_delay,
        })
    }

    /// Applies the migrations that have not run yet, on a connection of its own that is closed
    /// before returning: call it before [`Store::connect`].
    ///
    /// Connections opened before a migration keep the old table shapes: SQLite expands an
    /// insert's `RETURNING *` by the schema the connection loaded when it opened, so a pool made
    /// before the migration would read new rows without their new columns.
    ///
    /// # Errors
    /// When the database cannot be reached or a migration fails; a failed migration is rolled
    /// back where the database allows.
    pub async fn migrate(options: &StoreOptions) -> Result<(), DbErr> {
        let db = open_pool(options, 1).await?;
        let migrated = Migrator::up(&db, None).await;
        db.close().await?;
        migrated
    }

    /// Whether the database has no users yet (a fresh install).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn is_empty(&self) -> Result<bool, DbErr> {
        use sea_orm::{EntityTrait, PaginatorTrait};
        Ok(entities::user::Entity::find().count(&self.db).await? == 0)
    }

    /// Checks that the database answers.
    ///
    /// # Errors
    /// When it does not.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }

    /// SQL statements executed since the process started, for `/metrics`.
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    pub fn due_soon(&self) -> DueSoonWindow {
        self.due_soon
    }

    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    pub fn notice_delay(&self) -> chrono::Duration {
        self.notice_delay
    }

    /// Recomputes the day each deadline really ends, after the holiday list or working days
    /// changed. Returns how many tasks moved. Reads the tasks a thousand at a time, in id order,
    /// so that starting the service on a large database needs no more memory than a small one.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn refresh_due_days(&self) -> Result<u64, DbErr> {
        use entities::task::Column as C;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
        const BATCH: u64 = 1_000;
        let mut moved = 0;
        let mut after = 0;
        loop {
            let rows: Vec<(i32, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> =
                entities::task::Entity::find()
                    .select_only()
                    .columns([C::Id, C::Deadline, C::DueOn])
                    .filter(C::Id.gt(after))
                    .order_by_asc(C::Id)
                    .limit(BATCH)
                    .into_tuple()
                    .all(&self.db)
                    .await?;
            let Some(&(last, _, _)) = rows.last() else {
                return Ok(moved);
            };
            after = last;
            let changed: Vec<(i32, Option<chrono::NaiveDate>)> = rows
                .into_iter()
                .filter_map(|(id, deadline, due_on)| {
                    let due = deadline.map(|d| self.calendar.due_day(d));
                    (due != due_on).then_some((id, due))
                })
                .collect();
            if changed.is_empty() {
                continue;
            }
            let txn = self.begin_write().await?;
            for (id, due) in &changed {
                entities::task::Entity::update_many()
                    .col_expr(C::DueOn, Expr::value(*due))
                    .filter(C::Id.eq(*id))
                    .exec(&txn)
                    .await?;
            }
            txn.commit().await?;
            moved += changed.len() as u64;
        }
    }

    /// Brings the query planner's statistics up to date after a bulk load; on PostgreSQL also
    /// vacuums, so that the rows the load rewrote are cleared and index-only scans need not
    /// visit the table (the report took 137 ms instead of 85 ms on 100,000 fresh tasks until
    /// autovacuum came by).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        let statement = match self.backend() {
            DbBackend::Postgres => "VACUUM ANALYZE",
            _ => "ANALYZE",
        };
        sea_orm::ConnectionTrait::execute_unprepared(&self.db, statement).await?;
        Ok(())
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    pub(crate) fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Starts a transaction that writes. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so concurrent writers queue on the busy timeout instead of failing
    /// with "database is locked" when a read turns into a write.
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        self.db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
    }
}
