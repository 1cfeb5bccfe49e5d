//! `ServiceKey`: the extractor for the ingestion API. Only the product's own back-end services hold these
//! keys (`dashboard api-key create`); a user's JWT or cookie is not one, and is refused with 403.

use super::{
    super::{db, AppError, AppState},
    token_hash,
};
use crate::api::ErrorCode;
use axum::{
    extract::{FromRef, FromRequestParts},
    http::{header, request::Parts},
};

/// Keys look like `dsk_<prefix>_<secret>`; the prefix is stored in clear so operators can tell keys apart.
pub const KEY_PREFIX: &str = "dsk_";

#[derive(Debug, Clone)]
pub struct ServiceKey {
    pub id: String,
    pub name: String,
}

impl<S> FromRequestParts<S> for ServiceKey
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let presented = parts
            .headers
            .get("x-api-key")
            .or_else(|| parts.headers.get(header::AUTHORIZATION))
            .and_then(|v| v.to_str().ok())
            .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_owned());
        let Some(key) = presented.filter(|k| !k.is_empty()) else {
            return Err(AppError::new(
                ErrorCode::Unauthorized,
                "A service API key is required.",
            ));
        };
        if !key.starts_with(KEY_PREFIX) {
            // A user's access token (or anything else) is a valid credential of the wrong kind.
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "This endpoint takes a service API key, not a user token.",
            ));
        }
        let row = db::api_keys::find_active_by_hash(&state.db, &token_hash(&key))
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::Unauthorized, "The API key is not valid."))?;
        let now = db::now_ms();
        // Recording use costs a write; once a minute per key is plenty for "last used".
        if row.last_used_at.is_none_or(|t| now - t > 60_000) {
            db::api_keys::touch(&state.db, &row.id, now).await?;
        }
        Ok(ServiceKey {
            id: row.id,
            name: row.name,
        })
    }
}

/// Creates a key and returns it in clear: the only time it is ever shown.
pub async fn create(db: &db::Db, name: &str) -> Result<(String, String), AppError> {
    let prefix = super::random_token(6);
    let key = format!("{KEY_PREFIX}{prefix}_{}", super::random_token(32));
    let id = db::new_id();
    db::api_keys::insert(db, &id, name, &prefix, &token_hash(&key), db::now_ms()).await?;
    Ok((id, key))
}
