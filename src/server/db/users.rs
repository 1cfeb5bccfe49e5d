//! Queries on `users`.

use super::{on_pool, on_tx, Db, Tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, email, password_hash, first_name, last_name, created_at, updated_at";

pub async fn insert(db: &Db, user: &UserRow) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    insert_in(&mut tx, user).await?;
    tx.commit().await
}

/// Inserts in the caller's transaction (registration queues its verification mail in the same one).
pub async fn insert_in(tx: &mut Tx, user: &UserRow) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&user.id)
    .bind(&user.email)
    .bind(&user.password_hash)
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(user.created_at)
    .bind(user.updated_at)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// `email` must already be normalised (see `domain::Email`).
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(email).fetch_optional(pool).await)
}

pub async fn find_by_id(db: &Db, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    on_pool!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// The profile columns added with the domain schema.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProfileRow {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub avatar_key: Option<String>,
    pub email_verified_at: Option<i64>,
    pub pending_email: Option<String>,
    pub created_at: i64,
}

pub async fn profile(db: &Db, id: &str) -> Result<Option<ProfileRow>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT id, email, first_name, last_name, phone, avatar_key, email_verified_at, pending_email, created_at
         FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await)
}

/// Writes the profile fields that may change through PATCH /profile/, in the caller's transaction (a new
/// pending email queues its verification mail in the same one).
pub async fn update_profile(tx: &mut Tx, p: &ProfileRow, now: i64) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE users SET first_name = $1, last_name = $2, phone = $3, pending_email = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(&p.first_name)
    .bind(&p.last_name)
    .bind(&p.phone)
    .bind(&p.pending_email)
    .bind(now)
    .bind(&p.id)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

pub async fn set_password_hash(db: &Db, id: &str, hash: &str, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    set_password_hash_in(&mut tx, id, hash, now).await?;
    tx.commit().await
}

/// Sets the password hash in the caller's transaction (with the notice mail, or a reset's other writes).
pub async fn set_password_hash_in(
    tx: &mut Tx,
    id: &str,
    hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

/// Deletes the user; every row that belongs to them goes with it (ON DELETE CASCADE).
pub async fn delete(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(pool).await.map(|_| ()))
}
