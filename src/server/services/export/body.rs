//! The export task's side of the response body: a buffer the writers append to, and a bounded channel that
//! hands it to the response in chunks.

use crate::server::AppError;
use axum::body::Bytes;
use std::{
    io::{self, Write},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};
use tokio::sync::mpsc;

/// Bytes go to the response in chunks of about this size.
pub const CHUNK: usize = 64 * 1024;
/// A client that takes nothing for this long is given up on, so its connection and snapshot are released.
const STALL_TIMEOUT: Duration = Duration::from_secs(60);

/// Bytes written and not yet handed to the response. The ZIP writer owns one handle and writes through it;
/// `Body` holds the other and takes what has accumulated.
#[derive(Clone, Default)]
pub struct Pending(Arc<Mutex<Vec<u8>>>);

impl Pending {
    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        // A panic while appending cannot leave a Vec<u8> invalid; the export task ends with it anyway.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Write for Pending {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.lock().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The export task's end of the response body.
pub struct Body {
    pending: Pending,
    sender: mpsc::Sender<io::Result<Bytes>>,
    /// The client disconnected or stopped reading: the export ends, and that is not our failure.
    gone: bool,
}

impl Body {
    pub fn new(sender: mpsc::Sender<io::Result<Bytes>>) -> Self {
        Self {
            pending: Pending::default(),
            sender,
            gone: false,
        }
    }

    /// A handle for a writer that writes into the body (the ZIP writer).
    pub fn pending(&self) -> Pending {
        self.pending.clone()
    }

    pub fn gone(&self) -> bool {
        self.gone
    }

    pub fn write(&self, bytes: &[u8]) {
        self.pending.lock().extend_from_slice(bytes);
    }

    /// Hands what is pending to the response once it reaches `at_least` bytes; waits while the client is
    /// `CHUNKS_IN_FLIGHT` chunks behind, which is what bounds the export's memory.
    pub async fn send(&mut self, at_least: usize) -> Result<(), AppError> {
        let chunk = {
            let mut pending = self.pending.lock();
            if pending.is_empty() || pending.len() < at_least {
                return Ok(());
            }
            std::mem::replace(&mut *pending, Vec::with_capacity(CHUNK))
        };
        let sent = tokio::time::timeout(STALL_TIMEOUT, self.sender.send(Ok(Bytes::from(chunk))));
        match sent.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) | Err(_) => {
                self.gone = true;
                Err(AppError::internal("export: the client stopped reading"))
            }
        }
    }
}
