//! Password change and account deletion: the two operations that need the current password.

use super::{security_events, sessions, throttle};
use crate::api::security::SecurityEventKind;

use crate::{
    api::{
        auth::{ChangePasswordRequest, DeleteAccountRequest, PasswordChanged, TokenResponse},
        ApiError, FieldErrors,
    },
    server::{
        auth::{passwords, random_token, token_hash, AuthUser, ClientInfo},
        db, AppError, AppState,
    },
};

fn field(field: &str, message: &str) -> AppError {
    let mut fields = FieldErrors::new();
    fields.insert(field.to_owned(), vec![message.to_owned()]);
    ApiError::validation(fields).into()
}

/// Checks the current password of the signed-in user (a 400 on `field` when wrong: the caller is signed in,
/// so this is a form error, not an authentication failure). Wrong guesses are throttled per account, so a
/// stolen session cannot be used to search for the password.
pub(crate) async fn require_password(
    state: &AppState,
    user_id: &str,
    password: &str,
    field_name: &str,
) -> Result<db::users::UserRow, AppError> {
    let user = db::users::find_by_id(&state.db, user_id)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    let buckets = [throttle::Bucket::account(
        "password_check",
        user_id,
        state.settings.throttle.password_check_account,
    )];
    throttle::check(state, &buckets).await?;
    if !state
        .passwords
        .verify(password, Some(&user.password_hash))
        .await?
    {
        throttle::record(state, &buckets).await?;
        return Err(field(field_name, "The password is incorrect."));
    }
    Ok(user)
}

/// Sets a new password, ends every other session of the user, and — for a REST session — issues fresh tokens.
/// Wrong current password, a mismatched confirmation and a policy failure are distinct field errors.
pub async fn change_password(
    state: &AppState,
    auth: &AuthUser,
    request: ChangePasswordRequest,
    client: &ClientInfo,
) -> Result<PasswordChanged, AppError> {
    if request.new_password != request.confirm_password {
        return Err(field("confirm_password", "The new passwords do not match."));
    }
    let user = require_password(
        state,
        &auth.user_id,
        &request.current_password,
        "current_password",
    )
    .await?;
    if let Some(problem) = passwords::policy_violation(&request.new_password, &user.email) {
        return Err(field("new_password", &problem));
    }
    if request.new_password == request.current_password {
        return Err(field(
            "new_password",
            "Choose a password different from the current one.",
        ));
    }
    let now = db::now_ms();
    let hash = state.passwords.hash(&request.new_password).await?;
    super::email::set_password_with_notice(state, &user, &hash, now).await?;
    let ended = sessions::end_all_but(state, &user.id, Some(&auth.session_id)).await?;
    security_events::record(state, &user.id, SecurityEventKind::PasswordChanged, client).await?;
    let session = db::sessions::find(&state.db, &auth.session_id)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    let tokens = if session.kind == "api" {
        let refresh_token = random_token(32);
        let expires_at = now + state.settings.auth.session_ttl.as_millis() as i64;
        db::sessions::replace_refresh(
            &state.db,
            &session.id,
            &db::new_id(),
            &token_hash(&refresh_token),
            now,
            expires_at,
        )
        .await?;
        Some(TokenResponse {
            access_token: state.tokens.issue(&user.id, &session.id, now / 1000)?,
            token_type: "Bearer".into(),
            expires_in: state.tokens.ttl_secs(),
            refresh_token,
        })
    } else {
        None
    };
    tracing::info!(user_id = %user.id, sessions_ended = ended, "password changed");
    Ok(PasswordChanged {
        detail: "Your password was changed.".into(),
        sessions_ended: ended,
        tokens,
    })
}

/// Deletes the account and everything that belongs to it; every session ends at once.
pub async fn delete_account(
    state: &AppState,
    auth: &AuthUser,
    request: DeleteAccountRequest,
) -> Result<(), AppError> {
    if request.confirmation != "DELETE" {
        return Err(field("confirmation", "Type DELETE to confirm."));
    }
    require_password(state, &auth.user_id, &request.password, "password").await?;
    let sessions = db::sessions::ids_of_user(&state.db, &auth.user_id).await?;
    db::users::delete(&state.db, &auth.user_id).await?;
    db::activity::delete_orphan_blobs(&state.db).await?;
    for id in &sessions {
        state.sessions.forget(id).await;
    }
    tracing::info!(user_id = %auth.user_id, "account deleted");
    Ok(())
}
