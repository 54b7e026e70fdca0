//! Backups of an SQLite database while it serves, and restoring one. PostgreSQL has its own
//! tools (pg_dump), which do this better than we could.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

use super::Store;

/// Why a backup or a restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The database is PostgreSQL: the message says how to back it up.
    #[error("{0}")]
    UsePgDump(String),
    #[error("{0}")]
    Refused(String),
    #[error("the database failed: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("{path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::File {
        path: path.display().to_string(),
        source,
    }
}

/// The database file an SQLite URL names.
///
/// # Errors
/// `Refused` when the URL is not an SQLite file.
pub fn sqlite_file(database_url: &str) -> Result<PathBuf, BackupError> {
    if !database_url.starts_with("sqlite:") {
        return Err(BackupError::Refused(
            "only SQLite database files can be restored this way".into(),
        ));
    }
    let options = SqliteConnectOptions::from_str(database_url)
        .map_err(|e| BackupError::Refused(format!("the database address cannot be read: {e}")))?;
    Ok(options.get_filename().to_path_buf())
}

/// The files SQLite keeps beside a database in write-ahead-log mode.
fn companions(database: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

impl Store {
    /// Writes a consistent copy of the whole database to a new file at `target`, while the
    /// service goes on reading and writing (SQLite's `VACUUM INTO` reads one snapshot).
    ///
    /// # Errors
    /// `UsePgDump` on PostgreSQL, with the command to use; `Refused` when `target` exists.
    pub async fn back_up_to(&self, target: &Path, database_url: &str) -> Result<(), BackupError> {
        if self.backend() == DbBackend::Postgres {
            return Err(BackupError::UsePgDump(format!(
                "dondoc backup copies SQLite databases. For PostgreSQL use pg_dump, which takes a consistent copy while dondoc serves:\n  pg_dump --format=custom --file={} '{}'\nand pg_restore to bring it back.",
                target.display(),
                redact_password(database_url)
            )));
        }
        if target.exists() {
            return Err(BackupError::Refused(format!(
                "{} already exists; name a new file for the backup",
                target.display()
            )));
        }
        self.connection()
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "VACUUM INTO ?",
                [target.display().to_string().into()],
            ))
            .await?;
        Ok(())
    }
}

/// `postgres://user:secret@host/db` with the password left out, for messages and logs.
pub fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Checks that `backup` is a whole dondoc database, then puts it in place of the database
/// `database_url` names. The database it replaces is kept beside it, renamed, and returned.
/// The service must be stopped first: a running server would go on writing to the file it had
/// open.
///
/// # Errors
/// `Refused` when the backup is missing, damaged or not a dondoc database.
pub async fn restore_sqlite(
    database_url: &str,
    backup: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<PathBuf>, BackupError> {
    let database = sqlite_file(database_url)?;
    if !backup.is_file() {
        return Err(BackupError::Refused(format!(
            "{} is not a file",
            backup.display()
        )));
    }
    check_backup(backup).await?;
    let staged = database.with_extension("restoring");
    std::fs::copy(backup, &staged).map_err(file_error(&staged))?;
    std::fs::File::open(&staged)
        .and_then(|file| file.sync_all())
        .map_err(file_error(&staged))?;
    let kept = if database.exists() {
        let kept = database.with_extension(format!(
            "before-restore-{}.db",
            now.format("%Y%m%dT%H%M%SZ")
        ));
        std::fs::rename(&database, &kept).map_err(file_error(&database))?;
        for (companion, kept_companion) in companions(&database).iter().zip(companions(&kept)) {
            if companion.exists() {
                std::fs::rename(companion, &kept_companion).map_err(file_error(companion))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&staged, &database).map_err(file_error(&database))?;
    Ok(kept)
}

/// A backup is usable when SQLite finds it intact and it holds dondoc's schema.
async fn check_backup(backup: &Path) -> Result<(), BackupError> {
    let url = format!("sqlite://{}?mode=ro", backup.display());
    let db = Database::connect(&url).await?;
    let integrity = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .ok()
        .flatten()
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if integrity.as_deref() != Some("ok") {
        db.close().await?;
        return Err(BackupError::Refused(format!(
            "{} is damaged ({}); it was not restored",
            backup.display(),
            integrity.unwrap_or_else(|| "not an SQLite database".into())
        )));
    }
    let schema = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT count(*) FROM seaql_migrations",
        ))
        .await;
    db.close().await?;
    match schema {
        Ok(Some(_)) => Ok(()),
        _ => Err(BackupError::Refused(format!(
            "{} is not a dondoc database; it was not restored",
            backup.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_left_out_of_the_advice() {
        assert_eq!(
            redact_password("postgres://dondoc:secret@db.example:5432/dondoc"),
            "postgres://dondoc:***@db.example:5432/dondoc"
        );
        assert_eq!(
            redact_password("postgres://postgres@127.0.0.1:5432/x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
    }

    #[test]
    fn the_database_file_is_read_from_the_address() {
        assert_eq!(
            sqlite_file("sqlite://dondoc.db?mode=rwc").ok(),
            Some(PathBuf::from("dondoc.db"))
        );
        assert!(sqlite_file("postgres://x@y/z").is_err());
    }
}
