//! The security history: what happened to the account, from where. Written by the sign-in, password, 2FA and
//! session services (and the email ones); read by the user, newest first.

use super::settings;
use crate::{
    api::security::{
        SecurityEvent, SecurityEventKind, SecurityEventPage, SecurityHistoryView, UNKNOWN_DEVICE,
    },
    server::{
        auth::ClientInfo,
        calendar::Timezone,
        db::{self, security_events::EventRow},
        AppError, AppState,
    },
};

pub const PAGE_SIZE: i64 = 20;

/// Records `kind` for `user_id`, with the IP and user agent of the request that caused it.
pub async fn record(
    state: &AppState,
    user_id: &str,
    kind: SecurityEventKind,
    client: &ClientInfo,
) -> Result<(), AppError> {
    let event = EventRow {
        id: db::new_id(),
        user_id: user_id.to_owned(),
        kind: kind.as_str().to_owned(),
        ip: client.ip.clone(),
        user_agent: client.user_agent.clone(),
        created_at: db::now_ms(),
    };
    db::security_events::insert(&state.db, &event).await?;
    Ok(())
}

/// Page `page` (from 1) of the user's history.
pub async fn list(
    state: &AppState,
    user_id: &str,
    page: i64,
) -> Result<SecurityEventPage, AppError> {
    if page < 1 {
        return Err(AppError::field(
            "page",
            "page must be a whole number from 1.",
        ));
    }
    let count = db::security_events::count(&state.db, user_id).await?;
    let offset = (page - 1).saturating_mul(PAGE_SIZE);
    let rows = db::security_events::page(&state.db, user_id, offset, PAGE_SIZE).await?;
    Ok(SecurityEventPage {
        count,
        page,
        page_size: PAGE_SIZE,
        total_pages: (count + PAGE_SIZE - 1) / PAGE_SIZE,
        results: rows
            .into_iter()
            .map(|r| SecurityEvent {
                device: describe_device(r.user_agent.as_deref()),
                id: r.id,
                kind: r.kind,
                ip: r.ip,
                created_at: db::rfc3339(r.created_at),
            })
            .collect(),
    })
}

/// `list`, with each time as the user reads it in their time zone (for the Security screen).
pub async fn view_list(
    state: &AppState,
    user_id: &str,
    page: i64,
) -> Result<SecurityHistoryView, AppError> {
    let page = list(state, user_id, page).await?;
    let zone = settings::timezone(state, user_id).await?;
    Ok(SecurityHistoryView {
        created_local: page
            .results
            .iter()
            .map(|e| local_time(&zone, &e.created_at))
            .collect(),
        timezone: zone.name().to_owned(),
        page,
    })
}

/// An RFC 3339 time of ours as `zone` reads it: "2026-01-05 14:30".
pub(crate) fn local_time(zone: &Timezone, rfc3339: &str) -> String {
    crate::server::domain::parse_timestamp(rfc3339)
        .map(|ms| zone.display(ms))
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// "Firefox on Linux" from a user agent: enough to recognise one's own devices. Order matters: Edge and Opera
/// say "Chrome" too, Chrome says "Safari", Android says "Linux", iOS says "Mac OS X". The Security page
/// translates this shape ("B on O", one name, `UNKNOWN_DEVICE`; see `ui::pages::security::words`).
pub fn describe_device(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent.map(str::trim).filter(|ua| !ua.is_empty()) else {
        return UNKNOWN_DEVICE.into();
    };
    let has = |needle: &str| ua.contains(needle);
    let browser = if has("Edg/") {
        Some("Edge")
    } else if has("OPR/") || has("Opera") {
        Some("Opera")
    } else if has("Firefox/") {
        Some("Firefox")
    } else if has("Chrome/") || has("Chromium/") || has("CriOS/") {
        Some("Chrome")
    } else if has("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let os = if has("iPhone") || has("iPad") {
        Some("iOS")
    } else if has("Android") {
        Some("Android")
    } else if has("Windows") {
        Some("Windows")
    } else if has("Mac OS X") || has("Macintosh") {
        Some("macOS")
    } else if has("CrOS") {
        Some("ChromeOS")
    } else if has("Linux") {
        Some("Linux")
    } else {
        None
    };
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => o.to_owned(),
        // An API client: its product token ("curl/8.5.0" → "curl").
        (None, None) => ua
            .split(['/', ' '])
            .next()
            .filter(|t| !t.is_empty())
            .map(|t| t.chars().take(40).collect())
            .unwrap_or_else(|| UNKNOWN_DEVICE.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_named_from_user_agents() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "Edge on Windows"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iOS"),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS"),
            ("curl/8.5.0", "curl"),
            ("", "Unknown device"),
        ];
        for (ua, device) in cases {
            assert_eq!(describe_device(Some(ua)), device, "{ua}");
        }
        assert_eq!(describe_device(None), "Unknown device");
    }
}
