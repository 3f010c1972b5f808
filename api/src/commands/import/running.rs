//! A started import is never left `running` by its own process: whatever stops it midway
//! (a database error, a crash of the reader, a cancelled request, a panic) finishes it as
//! failed with `interrupted`, wherever the database can still be written. What this cannot
//! finish (the database is gone, the process is killed) is failed as abandoned by the next
//! process that starts (see `stale`).

use cuepoint_domain::import::{FailureReason, ImportCommand, ImportStatus};

use super::writer::ImportWriter;

/// The writer of a started import, until its outcome is written. Dropped before that (the
/// future was cancelled, or a panic unwound through it), it fails the import in a task
/// of its own.
pub struct Running {
    writer: ImportWriter,
    settled: bool,
}

impl Running {
    /// Watches the import `writer` has started.
    pub fn new(writer: ImportWriter) -> Self {
        Running {
            writer,
            settled: false,
        }
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut ImportWriter {
        &mut self.writer
    }

    /// Ends the watch with the import's `result`: on an error that left the import
    /// running, the import is failed first (the error is still what the caller gets).
    pub async fn settle<T, E>(mut self, result: Result<T, E>) -> Result<T, E> {
        if result.is_err() {
            interrupt(&mut self.writer).await;
        }
        self.settled = true;
        result
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.settled || self.writer.import().status() != ImportStatus::Running {
            return;
        }
        let mut writer = self.writer.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move { interrupt(&mut writer).await });
            }
            Err(_) => tracing::warn!(
                import = writer.stream(),
                "an import was dropped outside the runtime; it stays running until a start fails it"
            ),
        }
    }
}

/// Fails a running import as `interrupted`; logs when the database refuses (the import is
/// then failed as abandoned at a later start).
async fn interrupt(writer: &mut ImportWriter) {
    if writer.import().status() != ImportStatus::Running {
        return;
    }
    let fail = ImportCommand::Fail {
        reason: FailureReason::Interrupted,
    };
    match writer.execute(vec![fail]).await {
        Ok(()) => tracing::warn!(import = writer.stream(), "import interrupted: failed"),
        Err(error) => tracing::warn!(
            import = writer.stream(),
            error = format!("{error:#}"),
            "import interrupted and could not be failed; a later start fails it as abandoned"
        ),
    }
}
