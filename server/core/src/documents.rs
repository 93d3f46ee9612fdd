//! Appeal documents on disk, under `<data dir>/documents`, named by a random token (never by
//! the uploader's file name).

use crate::credentials::new_token;
use partnerhub_domain::DocumentKind;
use std::path::{Path, PathBuf};

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("documents")
}

/// Writes a checked document; returns its stored file name.
pub async fn save(data_dir: &Path, kind: DocumentKind, bytes: &[u8]) -> std::io::Result<String> {
    let dir = dir(data_dir);
    tokio::fs::create_dir_all(&dir).await?;
    let file = format!("{}.{}", new_token(), kind.extension());
    tokio::fs::write(dir.join(&file), bytes).await?;
    Ok(file)
}

/// Removes a document whose appeal was refused after it was written.
pub async fn discard(data_dir: &Path, file: &str) {
    let _ = tokio::fs::remove_file(dir(data_dir).join(file)).await;
}

/// Reads a stored document (the name comes from the database, never from a request).
pub async fn read(data_dir: &Path, file: &str) -> std::io::Result<Vec<u8>> {
    if file.contains('/') || file.contains("..") {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad document name"));
    }
    tokio::fs::read(dir(data_dir).join(file)).await
}
