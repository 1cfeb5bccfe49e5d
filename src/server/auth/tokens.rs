//! Access tokens: HS256 JWTs naming the user (`sub`) and the session (`sid`).
//!
//! Validation pins the algorithm list to HS256 (so `alg: none` or an RS/HS confusion is refused), requires
//! every registered claim we issue, and checks issuer and audience. A valid signature is not enough: the
//! extractor also checks that the session is still active, so revocation is immediate.

use super::super::{config::Settings, AppError};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub sid: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_secs: i64,
}

impl TokenKeys {
    pub fn new(settings: &Settings) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[settings.auth.issuer.as_str()]);
        validation.set_audience(&[settings.auth.audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        // Small clock skew between nodes is tolerated; a token expired longer ago is not.
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(settings.jwt_key()),
            decoding: DecodingKey::from_secret(settings.jwt_key()),
            validation,
            issuer: settings.auth.issuer.clone(),
            audience: settings.auth.audience.clone(),
            ttl_secs: settings.auth.access_token_ttl.as_secs() as i64,
        }
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    /// A fresh access token for `user_id`'s session `session_id`, issued at `now_secs`.
    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        now_secs: i64,
    ) -> Result<String, AppError> {
        let claims = Claims {
            sub: user_id.to_owned(),
            sid: session_id.to_owned(),
            iat: now_secs,
            nbf: now_secs,
            exp: now_secs + self.ttl_secs,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::internal(format!("jwt encode: {e}")))
    }

    /// The claims of a token whose signature, algorithm, times, issuer and audience all check out.
    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| {
                tracing::debug!(error = %e, "access token refused");
                AppError::unauthorized()
            })
    }
}
