//! Outgoing mail. A message is written to the `outbox` table in the transaction of the action that causes it
//! (`enqueue`), so no mail is lost for a committed change and none is sent for a rolled-back one. The mail
//! worker (`Mailer::spawn`, one per node) then delivers what is due: over SMTP when `SMTP_URL` is set, or —
//! in development — by keeping the message in the outbox (state `dev`) and logging its links, which
//! `dashboard outbox` lists. See `db::outbox` for how several nodes share the work.

pub mod templates;

use super::{
    config::MailSettings,
    db::{self, outbox::OutboxRow, Db, Tx},
};
use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
};
use secrecy::ExposeSecret;
use std::{sync::Arc, time::Duration};
use tokio::sync::Notify;

/// Messages claimed per round.
const BATCH: i64 = 20;
/// How long a claim keeps other workers off a message; longer than an SMTP exchange can take.
const LEASE: Duration = Duration::from_secs(120);
/// Attempts before a message is given up (`failed`); the waits between them double from 30 s to an hour.
const MAX_ATTEMPTS: i32 = 10;

/// A message before it is queued.
#[derive(Debug, Clone)]
pub struct Message {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Queues `message` in the caller's transaction; the worker delivers it once the transaction commits.
pub async fn enqueue(
    tx: &mut Tx,
    user_id: Option<&str>,
    message: &Message,
    now: i64,
) -> Result<(), sqlx::Error> {
    db::outbox::insert(
        tx,
        user_id,
        &message.to,
        &message.subject,
        &message.body,
        now,
    )
    .await
}

/// The `http(s)://` links of a message body (for the log line and `dashboard outbox`).
pub fn links(body: &str) -> Vec<&str> {
    body.split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .collect()
}

/// Checks the mail settings once at start-up, so a typo in SMTP_URL or MAIL_FROM stops the server instead of
/// failing every message later.
pub fn check(settings: &MailSettings) -> Result<(), String> {
    settings
        .from
        .parse::<Mailbox>()
        .map_err(|e| format!("MAIL_FROM is not a valid mailbox: {e}"))?;
    if let Some(url) = &settings.smtp_url {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
            .map_err(|e| format!("SMTP_URL is not valid: {e}"))?;
    }
    Ok(())
}

enum Delivery {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// No SMTP_URL: messages stay in the outbox for `dashboard outbox`.
    Dev,
    /// Settings that `check` would have refused (only reachable by building `Settings` by hand): messages
    /// wait, with the reason recorded on each, rather than being dropped.
    Misconfigured(String),
}

#[derive(Clone)]
pub struct Mailer {
    delivery: Arc<Delivery>,
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Self {
        let delivery = match &settings.smtp_url {
            None => Delivery::Dev,
            Some(url) => match (
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret()),
                settings.from.parse::<Mailbox>(),
            ) {
                (Ok(builder), Ok(from)) => Delivery::Smtp {
                    transport: builder.build(),
                    from,
                },
                (Err(e), _) => Delivery::Misconfigured(format!("SMTP_URL: {e}")),
                (_, Err(e)) => Delivery::Misconfigured(format!("MAIL_FROM: {e}")),
            },
        };
        Self {
            delivery: Arc::new(delivery),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Whether mail leaves this server (SMTP) or stays in the dev outbox.
    pub fn sends(&self) -> bool {
        matches!(*self.delivery, Delivery::Smtp { .. })
    }

    /// Asks the worker to look at the outbox now (after a commit that queued mail); cheap, never blocks.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Delivers due mail until the task is dropped: when woken, and every few seconds for mail queued on
    /// other nodes or waiting for a retry.
    pub fn spawn(&self, db: Db) -> tokio::task::JoinHandle<()> {
        if !self.sends() {
            tracing::info!(
                "SMTP_URL is not set: mail is kept in the dev outbox (`dashboard outbox`)"
            );
        }
        let mailer = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = mailer.deliver_due(&db).await {
                    tracing::warn!(error = %e, "mail worker: will retry");
                }
                tokio::select! {
                    () = mailer.wake.notified() => {},
                    () = tokio::time::sleep(Duration::from_secs(5)) => {},
                }
            }
        })
    }

    /// Claims and delivers every due message; returns how many were handled.
    pub async fn deliver_due(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let mut handled = 0;
        loop {
            let now = db::now_ms();
            let lease_until = now + LEASE.as_millis() as i64;
            let batch = db::outbox::claim(db, BATCH, now, lease_until).await?;
            for message in &batch {
                self.deliver(db, message).await?;
            }
            handled += batch.len();
            if batch.len() < BATCH as usize {
                return Ok(handled);
            }
        }
    }

    async fn deliver(&self, db: &Db, message: &OutboxRow) -> Result<(), sqlx::Error> {
        let result = match &*self.delivery {
            Delivery::Dev => {
                tracing::info!(
                    to = %message.recipient,
                    subject = %message.subject,
                    links = ?links(&message.body),
                    "mail kept in the dev outbox"
                );
                return db::outbox::finish(db, &message.id, "dev", db::now_ms()).await;
            }
            Delivery::Misconfigured(reason) => Err(Failure::Transient(reason.clone())),
            Delivery::Smtp { transport, from } => send(transport, from, message).await,
        };
        match result {
            Ok(()) => {
                tracing::info!(to = %message.recipient, subject = %message.subject, "mail sent");
                db::outbox::finish(db, &message.id, "sent", db::now_ms()).await
            }
            Err(failure) => {
                let (reason, retry_at) = match failure {
                    Failure::Permanent(reason) => (reason, None),
                    Failure::Transient(reason) => {
                        (reason, retry_at(message.attempts, db::now_ms()))
                    }
                };
                tracing::warn!(
                    to = %message.recipient,
                    attempts = message.attempts,
                    will_retry = retry_at.is_some(),
                    error = %reason,
                    "mail not delivered"
                );
                db::outbox::failed_attempt(db, &message.id, &reason, retry_at).await
            }
        }
    }
}

enum Failure {
    /// Retrying cannot help (a malformed address, a 5xx answer).
    Permanent(String),
    Transient(String),
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    message: &OutboxRow,
) -> Result<(), Failure> {
    let to: Mailbox = message
        .recipient
        .parse()
        .map_err(|e| Failure::Permanent(format!("recipient: {e}")))?;
    let email = lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&message.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(message.body.clone())
        .map_err(|e| Failure::Permanent(format!("message: {e}")))?;
    match transport.send(email).await {
        Ok(_) => Ok(()),
        Err(e) if e.is_permanent() => Err(Failure::Permanent(e.to_string())),
        Err(e) => Err(Failure::Transient(e.to_string())),
    }
}

/// When to try again after `attempts` failed tries: 30 s, 1 min, 2 min, … capped at an hour; None to give up.
fn retry_at(attempts: i32, now: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let wait = (30_000_i64 << attempts.clamp(0, 12).saturating_sub(1)).min(3_600_000);
    Some(now + wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_then_stop() {
        assert_eq!(retry_at(1, 0), Some(30_000));
        assert_eq!(retry_at(2, 0), Some(60_000));
        assert_eq!(retry_at(9, 0), Some(3_600_000));
        assert_eq!(retry_at(MAX_ATTEMPTS, 0), None);
    }

    #[test]
    fn the_default_sender_is_a_valid_mailbox() {
        assert!(check(&MailSettings::default()).is_ok());
        let bad = MailSettings {
            from: "not a mailbox".into(),
            ..MailSettings::default()
        };
        assert!(check(&bad).is_err());
    }

    #[test]
    fn links_are_found_in_a_body() {
        assert_eq!(
            links("Open\nhttps://x.example/a?token=1\nor http://y/b."),
            vec!["https://x.example/a?token=1", "http://y/b."]
        );
    }
}
