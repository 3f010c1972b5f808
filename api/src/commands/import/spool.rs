//! Spooling an upload to a temporary file while hashing it, within a size limit: the
//! content is never held whole in memory.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use axum::body::Bytes;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// A spooled content: an anonymous temporary file (gone when dropped), positioned at its
/// start, and its SHA-256.
pub struct Spool {
    /// The content.
    pub file: File,
    /// SHA-256 of the content, lowercase hex.
    pub content_hash: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Why spooling stopped.
#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    /// The content is larger than the limit.
    #[error("the content is larger than {0} bytes")]
    TooLarge(u64),
    /// The request body could not be read.
    #[error("the request body could not be read: {0}")]
    Body(String),
    /// The temporary file failed.
    #[error("temporary file: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes `chunks` to a temporary file, hashing them, failing past `limit` bytes.
pub async fn spool<S, E>(mut chunks: S, limit: u64) -> Result<Spool, SpoolError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut file = tokio::fs::File::from_std(tempfile::tempfile()?);
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| SpoolError::Body(e.to_string()))?;
        bytes += chunk.len() as u64;
        if bytes > limit {
            return Err(SpoolError::TooLarge(limit));
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    let mut file = file.into_std().await;
    file.seek(SeekFrom::Start(0))?;
    Ok(Spool {
        file,
        content_hash: hex(&hasher.finalize()),
        bytes,
    })
}

/// Opens a local file and hashes it (blocking: run it off the async runtime); the file is
/// returned positioned at its start.
pub fn hash_file(path: &Path) -> std::io::Result<Spool> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buffer[..n]);
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(Spool {
        file,
        content_hash: hex(&hasher.finalize()),
        bytes,
    })
}

/// The SHA-256 of cells (a sheet), as its content hash.
pub fn hash_cells(cells: &[Vec<String>]) -> String {
    let mut hasher = Sha256::new();
    for row in cells {
        for cell in row {
            hasher.update(cell.as_bytes());
            hasher.update([0x1f]);
        }
        hasher.update([0x1e]);
    }
    hex(&hasher.finalize())
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
