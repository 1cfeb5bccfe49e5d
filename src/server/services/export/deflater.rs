//! The ZIP writer on a blocking thread of its own. The export task writes an entry's bytes here (`Write`)
//! and hands them over a chunk at a time; the thread deflates, checksums and frames them into `Pending`,
//! while the task reads and serialises the next rows on the other core.

use super::{body::Pending, failed};
use crate::server::AppError;
use std::io::{self, Write};
use tokio::{sync::mpsc, task::JoinHandle};
use zip::{write::SimpleFileOptions, ZipWriter};

/// Chunks handed over and not yet deflated: with `body::CHUNK`, a few hundred kilobytes at most.
const CHUNKS_QUEUED: usize = 4;

enum Op {
    Start(String, SimpleFileOptions),
    Write(Vec<u8>),
    Finish,
}

pub struct Deflater {
    ops: mpsc::Sender<Op>,
    /// Written by the task and not yet handed over.
    buffer: Vec<u8>,
    thread: JoinHandle<Result<(), AppError>>,
}

impl Deflater {
    pub fn spawn(out: Pending) -> Self {
        let (ops, mut queue) = mpsc::channel(CHUNKS_QUEUED);
        let thread = tokio::task::spawn_blocking(move || {
            // Sizes go in data descriptors, which need ZIP64 fields only past 4 GiB.
            let mut zip = ZipWriter::new_stream(out).set_auto_large_file();
            // A queue closed without `Finish` is an export given up on: nothing more is written.
            while let Some(op) = queue.blocking_recv() {
                match op {
                    Op::Start(name, options) => zip.start_file(name, options).map_err(failed)?,
                    Op::Write(bytes) => zip.write_all(&bytes).map_err(failed)?,
                    Op::Finish => {
                        zip.finish().map_err(failed)?;
                        break;
                    }
                }
            }
            Ok(())
        });
        Self {
            ops,
            buffer: Vec::new(),
            thread,
        }
    }

    /// Ends the entry being written (if any) and begins `name`.
    pub async fn start(&mut self, name: &str, options: SimpleFileOptions) -> Result<(), AppError> {
        self.hand_over(1).await?;
        self.send(Op::Start(name.to_owned(), options)).await
    }

    /// Hands the bytes written so far to the thread once there are `at_least` of them. Waits while the thread
    /// is `CHUNKS_QUEUED` chunks behind.
    pub async fn hand_over(&mut self, at_least: usize) -> Result<(), AppError> {
        if self.buffer.is_empty() || self.buffer.len() < at_least {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.buffer);
        self.send(Op::Write(bytes)).await
    }

    /// Writes the rest and the archive's central directory; returns once all of it is in `Pending`.
    pub async fn finish(mut self) -> Result<(), AppError> {
        self.hand_over(1).await?;
        self.send(Op::Finish).await?;
        self.thread.await.map_err(failed)?
    }

    async fn send(&mut self, op: Op) -> Result<(), AppError> {
        if self.ops.send(op).await.is_ok() {
            return Ok(());
        }
        // The thread stopped: its error says why.
        match (&mut self.thread).await {
            Ok(Err(e)) => Err(e),
            Ok(Ok(())) => Err(failed("the ZIP writer stopped early")),
            Err(e) => Err(failed(e)),
        }
    }
}

impl Write for Deflater {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
