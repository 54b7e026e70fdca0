//! The folder that keeps the files attached to reports, each under its SHA-256 (so a file sent
//! twice is kept once and a name can never point outside the folder), and the rows that list
//! them.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};

use super::backup::sqlite_file;
use super::entities::attachment;
use super::{Store, StoreError};

/// Where attached files are kept.
#[derive(Debug, Clone)]
pub struct DocumentFolder {
    root: PathBuf,
}

impl DocumentFolder {
    /// The folder `setting` names; when it is empty, a folder beside the SQLite file
    /// (`dondoc.db` keeps its files in `dondoc-documents`), or `dondoc-documents` in the
    /// working directory for PostgreSQL.
    pub fn for_setting(setting: &str, database_url: &str) -> DocumentFolder {
        let root = if setting.trim().is_empty() {
            match sqlite_file(database_url) {
                Ok(file) => {
                    let stem = file
                        .file_stem()
                        .map_or_else(|| "dondoc".into(), |s| s.to_string_lossy().to_string());
                    file.with_file_name(format!("{stem}-documents"))
                }
                Err(_) => PathBuf::from("dondoc-documents"),
            }
        } else {
            PathBuf::from(setting.trim())
        };
        DocumentFolder { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a file with this hash is kept, if the hash is one (64 lowercase hex digits).
    fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| self.root.join(&sha256[..2]).join(sha256))
    }

    /// Keeps `content` and returns its SHA-256. The file is written under a temporary name and
    /// renamed, so a file under its hash is always whole.
    ///
    /// # Errors
    /// When the folder cannot be written.
    pub async fn keep(&self, content: &[u8]) -> io::Result<String> {
        let sha256 = hex::encode(Sha256::digest(content));
        let path = self
            .path_of(&sha256)
            .ok_or_else(|| io::Error::other("a SHA-256 is always a valid name"))?;
        if tokio::fs::try_exists(&path).await? {
            return Ok(sha256);
        }
        let folder = path
            .parent()
            .ok_or_else(|| io::Error::other("a kept file has a folder"))?;
        tokio::fs::create_dir_all(folder).await?;
        let temporary = folder.join(format!(".{sha256}.{}.part", rand::random::<u64>()));
        tokio::fs::write(&temporary, content).await?;
        tokio::fs::rename(&temporary, &path).await?;
        Ok(sha256)
    }

    /// A kept file's content, checked against its hash.
    ///
    /// # Errors
    /// `NotFound` when the file is missing; `InvalidData` when its content no longer matches.
    pub async fn read(&self, sha256: &str) -> io::Result<Vec<u8>> {
        let path = self
            .path_of(sha256)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "not a stored hash"))?;
        let content = tokio::fs::read(&path).await?;
        if hex::encode(Sha256::digest(&content)) != sha256 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} no longer matches its hash", path.display()),
            ));
        }
        Ok(content)
    }
}

impl Store {
    /// # Errors
    /// `NotFound` when there is no such attachment.
    pub async fn attachment(&self, id: i32) -> Result<attachment::Model, StoreError> {
        attachment::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found("The document"))
    }

    /// The files listed with each of these journal entries, in the order they were attached.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn attachments_of_updates(
        &self,
        update_ids: &[i32],
    ) -> Result<HashMap<i32, Vec<attachment::Model>>, StoreError> {
        let rows = attachment::Entity::find()
            .filter(attachment::Column::UpdateId.is_in(update_ids.iter().copied()))
            .order_by_asc(attachment::Column::Id)
            .all(self.connection())
            .await?;
        let mut by_update: HashMap<i32, Vec<attachment::Model>> = HashMap::new();
        for row in rows {
            by_update.entry(row.update_id).or_default().push(row);
        }
        Ok(by_update)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_beside_the_sqlite_file_unless_set() {
        assert_eq!(
            DocumentFolder::for_setting("", "sqlite:///srv/dondoc/dondoc.db?mode=rwc").root(),
            Path::new("/srv/dondoc/dondoc-documents")
        );
        assert_eq!(
            DocumentFolder::for_setting("", "postgres://db/dondoc").root(),
            Path::new("dondoc-documents")
        );
        assert_eq!(
            DocumentFolder::for_setting(" /data/files ", "postgres://db/dondoc").root(),
            Path::new("/data/files")
        );
    }

    #[tokio::test]
    async fn files_are_kept_once_under_their_hash_and_read_back_checked() {
        let dir = std::env::temp_dir().join(format!("dondoc-docs-{}", rand::random::<u64>()));
        let folder = DocumentFolder { root: dir.clone() };
        let first = folder.keep(b"%PDF-1.7 bao cao").await.expect("kept");
        let again = folder.keep(b"%PDF-1.7 bao cao").await.expect("kept");
        assert_eq!(first, again);
        assert_eq!(
            folder.read(&first).await.expect("read"),
            b"%PDF-1.7 bao cao"
        );
        assert!(folder.read("../../etc/passwd").await.is_err());
        let path = folder.path_of(&first).expect("a path");
        std::fs::write(&path, b"changed").expect("tampered");
        assert_eq!(
            folder.read(&first).await.map_err(|e| e.kind()).err(),
            Some(io::ErrorKind::InvalidData)
        );
        std::fs::remove_dir_all(dir).expect("cleaned");
    }
}
