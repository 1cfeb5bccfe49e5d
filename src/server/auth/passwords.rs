//! Password policy and hashing.
//!
//! argon2id with the OWASP parameters (m = 19456 KiB, t = 2, p = 1). Hashing is CPU- and memory-heavy on
//! purpose, so it runs on the blocking pool, and a semaphore caps how many run at once: a storm of sign-ins
//! then queues instead of starving the dashboard's requests of CPU or taking 19 MiB each without bound.

use super::super::AppError;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::{
    collections::HashSet,
    sync::{Arc, OnceLock},
};
use tokio::sync::Semaphore;

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();

fn common_passwords() -> &'static HashSet<&'static str> {
    COMMON.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Why `password` is refused, if it is. Length is counted in characters, not bytes.
pub fn policy_violation(password: &str, email: &str) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Some(format!("Use at least {MIN_LENGTH} characters."));
    }
    if length > MAX_LENGTH {
        return Some(format!("Use at most {MAX_LENGTH} characters."));
    }
    let lower = password.to_lowercase();
    if common_passwords().contains(lower.as_str()) {
        return Some("This password is too common; choose another.".into());
    }
    let local_part = email.split('@').next().unwrap_or_default().to_lowercase();
    if !local_part.is_empty() && lower == local_part || lower == email.to_lowercase() {
        return Some("Your password must not be your email address.".into());
    }
    None
}

pub struct Passwords {
    argon2: Argon2<'static>,
    permits: Arc<Semaphore>,
    /// A real hash of a random password, verified against when the email is unknown so that an unknown
    /// email costs the same time as a wrong password.
    decoy: OnceLock<String>,
}

impl Default for Passwords {
    fn default() -> Self {
        Self::new()
    }
}

impl Passwords {
    pub fn new() -> Self {
        let params = Params::new(19_456, 2, 1, None).expect("static argon2 parameters are valid");
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self {
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            permits: Arc::new(Semaphore::new(cores.max(1))),
            decoy: OnceLock::new(),
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String, AppError> {
        let argon2 = self.argon2.clone();
        let password = password.to_owned();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| AppError::internal(format!("argon2 hash: {e}")))
        })
        .await
    }

    /// Checks `password` against `stored`; with `None` (unknown account) it checks against a decoy and
    /// returns false, taking the same time.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool, AppError> {
        let known = stored.is_some();
        let stored = match stored {
            Some(hash) => hash.to_owned(),
            None => self.decoy().await?,
        };
        let argon2 = self.argon2.clone();
        let password = password.to_owned();
        let matches = self
            .run(move || {
                let parsed = PasswordHash::new(&stored)
                    .map_err(|e| AppError::internal(format!("stored hash unreadable: {e}")))?;
                Ok(argon2.verify_password(password.as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(known && matches)
    }

    async fn decoy(&self) -> Result<String, AppError> {
        if let Some(hash) = self.decoy.get() {
            return Ok(hash.clone());
        }
        let hash = self.hash(&super::random_token(16)).await?;
        Ok(self.decoy.get_or_init(|| hash).clone())
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::internal("password hashing semaphore closed"))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AppError::internal(format!("password hashing task: {e}")))?
    }
}
