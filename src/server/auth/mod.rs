//! Authentication: password hashing, access tokens, the session check every request goes through, and the
//! one extractor (`AuthUser`) that REST handlers and server functions use to learn who is calling.

pub mod cookies;
pub mod extractor;
pub mod passwords;
pub mod service_key;
pub mod sessions;
pub mod tokens;

pub use extractor::{authenticate, AuthUser, ClientInfo};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` of OS randomness, URL-safe base64: refresh tokens, cookie secrets, generated keys.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Tokens are stored as their SHA-256, so a leaked table grants nothing. A fast hash is right here (unlike
/// for passwords): the input is 256 bits of randomness, not something a person chose.
pub fn token_hash(token: &str) -> String {
    token_hash_bytes(token.as_bytes())
}

/// SHA-256 as base64url: also the content address of stored blobs.
pub fn token_hash_bytes(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
}
