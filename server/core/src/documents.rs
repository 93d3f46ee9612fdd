//! Appeal documents' stored names and the documents older versions kept on disk. Documents
//! now live in the database with their appeal (every process serves them); one uploaded
//! before that is read from `<data dir>/documents`, named by a random token (never by the
//! uploader's file name).

use crate::credentials::new_token;
use partnerhub_domain::DocumentKind;
use std::path::{Path, PathBuf};

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("documents")
}

/// A new document's stored name.
pub fn new_name(kind: DocumentKind) -> String {
    format!("{}.{}", new_token(), kind.extension())
}

/// Reads a document an older version stored on disk (the name comes from the database, never
/// from a request).
pub async fn read_legacy(data_dir: &Path, file: &str) -> std::io::Result<Vec<u8>> {
    if file.contains('/') || file.contains("..") {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad document name"));
    }
    tokio::fs::read(dir(data_dir).join(file)).await
}
