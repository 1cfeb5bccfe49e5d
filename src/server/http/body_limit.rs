//! The server-wide bound on request bodies, and how a body over it is refused.
//!
//! tower-http's `RequestBodyLimitLayer` answers 413 as soon as `Content-Length` is over the limit, and the
//! connection is then closed with the body unread. A client still sending it — a browser uploading a 6 MB
//! photo, `fetch`, reqwest — sees a broken pipe or a reset instead of the answer, so the user never reads
//! why. Here a declared body over the limit is read and thrown away first, up to `DRAIN_AT_MOST`, and then
//! refused with the API's JSON 413 on a connection that stays usable. A body declared larger still is
//! refused at once and the connection closed: draining it would cost more than its sender deserves.
//! Bodies without `Content-Length` (chunked) are bounded by the tower-http layer inside this one.

use crate::api::{ApiError, ErrorCode};
use axum::{
    body::Body,
    http::{header, HeaderValue, Request},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use std::time::Duration;

/// Upper bound on any request body (the largest legitimate one is an avatar upload of 5 MB plus framing).
pub const MAX_BODY: usize = 6 * 1024 * 1024;
/// The largest refused body that is still read to its end before the 413.
const DRAIN_AT_MOST: u64 = 8 * 1024 * 1024;
/// A sender slower than this is not waited for.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn refuse_oversized(request: Request<Body>, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > MAX_BODY as u64 => {
            let drained = length <= DRAIN_AT_MOST
                && tokio::time::timeout(DRAIN_TIMEOUT, drain(request.into_body()))
                    .await
                    .is_ok_and(|complete| complete);
            let mut response =
                ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large.")
                    .into_response();
            if !drained {
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            response
        }
        _ => next.run(request).await,
    }
}

/// Reads `body` to its end, keeping nothing; false when it broke off or outgrew `DRAIN_AT_MOST` (its
/// declared length is not trusted).
async fn drain(body: Body) -> bool {
    let mut stream = body.into_data_stream();
    let mut read = 0u64;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(bytes) => {
                read += bytes.len() as u64;
                if read > DRAIN_AT_MOST {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
    true
}
