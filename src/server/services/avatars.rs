//! Avatars: an uploaded PNG or JPEG becomes a 300×300 square, re-encoded without metadata and stored as a
//! content-addressed blob that `users.avatar_key` points at.
//!
//! Re-encoding from pixels is what strips the upload's metadata (EXIF GPS position, camera serial, comments):
//! the encoders write only what an image needs. The orientation the metadata carried is applied to the pixels
//! first, so a portrait taken sideways is not stored sideways.

use super::images;
use crate::server::{
    auth::token_hash_bytes,
    db::{self, avatars},
    AppError,
};
use image::{codecs::jpeg::JpegEncoder, imageops::FilterType, DynamicImage, ImageFormat};

/// The side of a stored avatar, in pixels.
pub const AVATAR_SIZE: u32 = 300;
/// Good enough that a face at 300×300 shows no artefacts, about 20–40 KB.
const JPEG_QUALITY: u8 = 85;

/// A processed avatar, ready to store.
pub struct Avatar {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// Decodes (by content, within limits), orients, centre-crops to a square, resizes to `AVATAR_SIZE` and
/// re-encodes. CPU-bound for up to a second on a large photo: run it on a blocking thread.
pub fn process(upload: &[u8]) -> Result<Avatar, AppError> {
    let decoded = images::decode_oriented_at_least(upload, AVATAR_SIZE)?;
    let mut square = square(&decoded.image);
    // A large PNG (or a JPEG the scaled decode could not shrink enough) can still be many times the avatar's
    // side: an area average down to twice the size is cheap and the right anti-aliasing for a large factor,
    // and leaves the sharper Catmull-Rom filter a small image to work on.
    if square.width() > 2 * AVATAR_SIZE {
        square = square.thumbnail_exact(2 * AVATAR_SIZE, 2 * AVATAR_SIZE);
    }
    let square = square.resize_exact(AVATAR_SIZE, AVATAR_SIZE, FilterType::CatmullRom);
    // Transparency survives only in PNG; everything opaque is a photo as far as size goes, and JPEG is a
    // fraction of PNG's size for those.
    if square.color().has_alpha() {
        let bytes = images::encode(
            &DynamicImage::ImageRgba8(square.to_rgba8()),
            ImageFormat::Png,
        )?;
        return Ok(Avatar {
            bytes,
            content_type: images::content_type(ImageFormat::Png),
        });
    }
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .encode_image(&square.to_rgb8())
        .map_err(|e| AppError::internal(format!("avatar encode: {e}")))?;
    Ok(Avatar {
        bytes,
        content_type: images::content_type(ImageFormat::Jpeg),
    })
}

/// The largest centred square of `image`.
fn square(image: &DynamicImage) -> DynamicImage {
    let side = image.width().min(image.height());
    let x = (image.width() - side) / 2;
    let y = (image.height() - side) / 2;
    image.crop_imm(x, y, side, side)
}

/// Processes `upload` (off the async runtime), stores it and makes it the user's avatar; returns its blob key.
pub async fn set(db: &db::Db, user_id: &str, upload: Vec<u8>) -> Result<String, AppError> {
    let avatar = tokio::task::spawn_blocking(move || process(&upload))
        .await
        .map_err(|e| AppError::internal(format!("avatar task: {e}")))??;
    let key = token_hash_bytes(&avatar.bytes);
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    avatars::lock_blob(&mut tx, &key).await?;
    db::activity::put_blob(&mut tx, &key, avatar.content_type, &avatar.bytes, now).await?;
    let old = avatars::set_avatar_key(&mut tx, user_id, Some(&key), now).await?;
    db::freshness::bump_in(&mut tx, user_id).await?;
    tx.commit().await?;
    if let Some(old) = old.filter(|old| *old != key) {
        collect(db, &old).await;
    }
    Ok(key)
}

/// Removes the user's avatar; the blob goes too unless something else still uses it.
pub async fn remove(db: &db::Db, user_id: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let old = avatars::set_avatar_key(&mut tx, user_id, None, db::now_ms()).await?;
    db::freshness::bump_in(&mut tx, user_id).await?;
    tx.commit().await?;
    if let Some(old) = old {
        collect(db, &old).await;
    }
    Ok(())
}

/// Deletes a blob that lost its last reference. Best effort: the user's change is already committed, and a
/// blob left behind costs only space, so a failure here is logged rather than reported.
async fn collect(db: &db::Db, key: &str) {
    if let Err(e) = avatars::delete_blob_if_unreferenced(db, key).await {
        tracing::warn!(error = %e, key, "could not delete an unreferenced avatar blob");
    }
}
