//! `dashboard seed-demo`: a living account for newcomers — `demo@example.com` with about 90 days of calls,
//! chats, images, token usage, a subscription with invoices and a card, and notifications. Everything goes
//! through the same writes as ingestion (and so through the stats outbox), then the counters are drained.

use crate::{
    api::auth::RegisterRequest,
    server::{
        db::{self, activity},
        services::{
            accounts, billing, images,
            ingest::{ValidImage, Write},
            stats,
        },
        AppError, AppState,
    },
};
use image::{DynamicImage, Rgb, RgbImage};
use rand::{rngs::StdRng, Rng, SeedableRng};

pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "demo-dashboard-2026";

const DAY_MS: i64 = 24 * 3600 * 1000;
const MODELS: [&str; 3] = ["gpt-4o", "claude-sonnet", "llama-3-70b"];
const AGENTS: [&str; 3] = ["Ava (support)", "Max (sales)", "Noor (scheduling)"];
const CHAT_TITLES: [&str; 8] = [
    "Python decorators help",
    "Draft a refund email",
    "Summarise the Q3 report",
    "SQL window functions",
    "Plan a product launch",
    "Translate onboarding copy to Urdu",
    "Rust lifetimes explained",
    "Ideas for a team offsite",
];
const PROMPTS: [&str; 6] = [
    "Beautiful sunset over the Karakoram mountains, golden light",
    "A cosy reading corner with plants, watercolour style",
    "Futuristic city skyline at night with neon reflections on wet streets",
    "Minimalist logo for a voice assistant, blue and white",
    "Portrait of a friendly robot receptionist",
    "Aerial view of a turquoise lake surrounded by pine forest",
];

/// Creates the demo account. Returns false (and changes nothing) when it already exists.
/// Creates the demo account `email` (normally `DEMO_EMAIL`; the browser tests make several, so that tests
/// that change an account do not disturb those that read one). Returns false when it exists already.
pub async fn seed(state: &AppState, email: &str) -> Result<bool, AppError> {
    if db::users::find_by_email(&state.db, email).await?.is_some() {
        return Ok(false);
    }
    let user = accounts::register(
        state,
        RegisterRequest {
            email: email.into(),
            password: DEMO_PASSWORD.into(),
            first_name: "Demo".into(),
            last_name: "User".into(),
        },
    )
    .await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let now = db::now_ms();
    let mut tx = state.db.begin().await?;

    let plans = billing::ensure_default_plans(&mut tx).await?;
    let professional = plans
        .iter()
        .find(|(code, _)| *code == "professional")
        .map(|(_, id)| id.clone())
        .ok_or_else(|| AppError::internal("the default plans lack professional"))?;
    // Half-way through the third monthly period. Billing counts periods from the subscription's creation,
    // so it is created when the first of the three invoiced periods began.
    let month = |at: i64, months: i32| {
        billing::periods::add_months(at, months).ok_or_else(|| AppError::internal("demo period"))
    };
    let period_start = now - 15 * DAY_MS;
    db::billing::insert_subscription(
        &mut tx,
        &db::new_id(),
        &user.id,
        &professional,
        (period_start, month(period_start, 1)?),
        month(period_start, -2)?,
    )
    .await?;
    for ago in (0..3).rev() {
        let start = month(period_start, -ago)?;
        let end = month(start, 1)?;
        let lines = [db::billing::LineItemRow {
            description: "Professional plan".into(),
            amount_minor: 2999,
        }];
        let number = billing::invoice_number(&mut tx).await?;
        db::billing::insert_invoice(
            &mut tx,
            &db::billing::NewInvoice {
                id: &db::new_id(),
                user_id: &user.id,
                number: &number,
                amount_minor: 2999,
                currency: "USD",
                status: "paid",
                period: (start, end),
                line_items: &lines,
                issued_at: start,
                provider_ref: None,
            },
        )
        .await?;
    }
    db::billing::insert_payment_method(
        &mut tx,
        &db::billing::NewPaymentMethod {
            id: &db::new_id(),
            user_id: &user.id,
            brand: "visa",
            last4: "4242",
            expiry: (8, 2029),
            is_default: true,
            created_at: now,
            provider_ref: None,
        },
    )
    .await?;

    for day in 0..90 {
        let day_start = now - (90 - day) * DAY_MS;
        for _ in 0..rng.gen_range(2..8) {
            let status = match rng.gen_range(0..100) {
                0..=84 => "completed",
                85..=92 => "failed",
                _ => "missed",
            };
            let completed = status == "completed";
            let call = crate::server::services::ingest::CallItem {
                user: Default::default(),
                phone_number: format!("+1415555{:04}", rng.gen_range(0..10_000)),
                direction: Some(
                    if rng.gen_bool(0.6) {
                        "outbound"
                    } else {
                        "inbound"
                    }
                    .into(),
                ),
                status: status.into(),
                started_at: db::rfc3339(day_start + rng.gen_range(8 * 3600..20 * 3600) * 1000),
                duration_seconds: if completed {
                    rng.gen_range(30..1200)
                } else {
                    0
                },
                agent: Some(AGENTS[rng.gen_range(0..AGENTS.len())].into()),
                satisfaction_rating: completed.then(|| rng.gen_range(3..=5)),
                recording_url: completed
                    .then(|| format!("https://recordings.example.com/{}.mp3", db::new_id())),
                summary: completed.then(|| {
                    "Customer asked about their booking; the agent confirmed the new time.".into()
                }),
            };
            write_valid(
                &mut tx,
                &user.id,
                crate::server::services::ingest::Item::validate(call, now),
                now,
            )
            .await?;
        }
        if rng.gen_bool(0.6) {
            let chat = crate::server::services::ingest::ChatItem {
                user: Default::default(),
                title: CHAT_TITLES[rng.gen_range(0..CHAT_TITLES.len())].into(),
                model: Some(MODELS[rng.gen_range(0..MODELS.len())].into()),
                created_at: Some(db::rfc3339(day_start + rng.gen_range(0..DAY_MS))),
            };
            write_valid(
                &mut tx,
                &user.id,
                crate::server::services::ingest::Item::validate(chat, now),
                now,
            )
            .await?;
        }
        for _ in 0..rng.gen_range(5..25) {
            let usage = activity::NewTokenUsage {
                id: String::new(),
                user_id: String::new(),
                model: MODELS[rng.gen_range(0..MODELS.len())].into(),
                prompt_tokens: rng.gen_range(50..2000),
                completion_tokens: rng.gen_range(20..1500),
                occurred_at: day_start + rng.gen_range(0..DAY_MS),
            };
            write_with_event(&mut tx, &user.id, &usage, now).await?;
        }
    }
    for (i, prompt) in PROMPTS.iter().enumerate() {
        let image = generated_image(i as u32);
        let thumbnail = images::thumbnail_png(&image)?;
        let original = images::encode(&image, image::ImageFormat::Png)?;
        let valid = ValidImage {
            prompt: (*prompt).into(),
            model: Some("image-gen-2".into()),
            created_at: now - (i as i64 * 7 + 1) * DAY_MS,
            content_type: "image/png",
            original,
            thumbnail,
            width: image.width(),
            height: image.height(),
        };
        write_with_event(&mut tx, &user.id, &valid, now).await?;
    }
    let notes = [
        (
            "billing.payment_failed",
            "Payment method expires soon",
            "Your Visa ending 4242 expires in 08/2029. Add a new card before then.",
            false,
        ),
        (
            "calls.missed",
            "3 missed calls yesterday",
            "Review them in your call history.",
            true,
        ),
        (
            "account.security",
            "New sign-in from Chrome on Linux",
            "If this was not you, end the session in Security.",
            true,
        ),
        (
            "usage.quota",
            "You have used 80% of your call minutes",
            "Upgrade to Business for unlimited minutes.",
            false,
        ),
        (
            "product.update",
            "New: per-model usage breakdown",
            "See which models you use most on the Usage page.",
            false,
        ),
    ];
    for (i, (kind, title, body, urgent)) in notes.iter().enumerate() {
        let n = activity::NewNotification {
            id: String::new(),
            user_id: String::new(),
            kind: (*kind).into(),
            title: (*title).into(),
            body: (*body).into(),
            urgent: *urgent,
            created_at: now - i as i64 * 3_600_000,
        };
        write_with_event(&mut tx, &user.id, &n, now).await?;
    }
    tx.commit().await?;
    stats::drain(&state.db).await?;
    Ok(true)
}

async fn write_valid<W: Write>(
    tx: &mut db::Tx,
    user_id: &str,
    valid: Result<W, crate::api::FieldErrors>,
    now: i64,
) -> Result<(), AppError> {
    let valid = valid.map_err(|f| AppError::internal(format!("demo item invalid: {f:?}")))?;
    write_with_event(tx, user_id, &valid, now).await
}

async fn write_with_event<W: Write>(
    tx: &mut db::Tx,
    user_id: &str,
    valid: &W,
    now: i64,
) -> Result<(), AppError> {
    let (_, event) = valid.write(user_id, tx, now).await?;
    if let Some(event) = event {
        db::stats::insert_event(tx, &event, now).await?;
    }
    Ok(())
}

/// A colourful 640×400 gradient, different for each `seed`: real pixels for real thumbnails.
fn generated_image(seed: u32) -> DynamicImage {
    let (w, h) = (640u32, 400u32);
    let base = [
        (seed * 53) % 255,
        (seed * 97 + 80) % 255,
        (seed * 31 + 160) % 255,
    ];
    let img = RgbImage::from_fn(w, h, |x, y| {
        let fx = x as f32 / w as f32;
        let fy = y as f32 / h as f32;
        let c = |b: u32, f: f32| ((b as f32 * (1.0 - f) + 255.0 * f * 0.6) as u32).min(255) as u8;
        Rgb([c(base[0], fx), c(base[1], fy), c(base[2], (fx + fy) / 2.0)])
    });
    DynamicImage::ImageRgb8(img)
}
