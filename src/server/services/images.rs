//! Image handling shared by generated images (ingestion) and, later, avatars: decode with explicit limits,
//! make a thumbnail, and store both as content-addressed blobs.

use crate::{api::ErrorCode, server::AppError};
use image::{imageops::FilterType, DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 256;
/// Uploads larger than this are refused before decoding.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

pub struct Decoded {
    pub image: DynamicImage,
    pub format: ImageFormat,
}

/// Decodes a PNG or JPEG recognised by its content (not its name or declared type), refusing images whose
/// dimensions or decoding memory exceed sane limits — a small file can claim enormous dimensions.
pub fn decode(bytes: &[u8]) -> Result<Decoded, AppError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            "Images may be at most 5 MB.",
        ));
    }
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Png | ImageFormat::Jpeg))
        .ok_or_else(|| {
            AppError::new(ErrorCode::UnsupportedMediaType, "Send a PNG or JPEG image.")
        })?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|_| AppError::new(ErrorCode::BadRequest, "The image could not be decoded."))?;
    Ok(Decoded { image, format })
}

/// A thumbnail no larger than `THUMBNAIL_SIZE` on its longest side, as PNG.
pub fn thumbnail_png(image: &DynamicImage) -> Result<Vec<u8>, AppError> {
    let thumb = image.resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, FilterType::Triangle);
    encode(&thumb, ImageFormat::Png)
}

pub fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, AppError> {
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, format)
        .map_err(|e| AppError::internal(format!("image encode: {e}")))?;
    Ok(out.into_inner())
}

pub fn content_type(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "image/jpeg",
        _ => "image/png",
    }
}
