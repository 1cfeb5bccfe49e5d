//! `dashboard seed-bulk --users N --calls-per-user M`: a database for benchmarks. Users get three agents and
//! M calls spread over the last year; the rollups and counters are computed while generating, so the
//! dashboard of a bulk user is exact the moment the command returns.

use crate::server::{
    auth::random_token,
    db::{self, bulk, stats::bucket_of, users::UserRow},
    AppError, AppState,
};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};

/// Calls written per transaction: large enough to amortise the commit, small enough to keep memory flat.
const CALLS_PER_TX: usize = 20_000;
const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;

#[derive(Debug, Clone)]
pub struct BulkReport {
    pub users: Vec<(String, String)>,
    pub calls: usize,
    pub seconds: f64,
}

impl BulkReport {
    pub fn calls_per_second(&self) -> f64 {
        self.calls as f64 / self.seconds.max(1e-9)
    }
}

/// Creates `users` users named `bulk-<run>-<i>@example.com` (password `password`'s hash is computed once and
/// shared: these are benchmark accounts) with `calls_per_user` calls each.
pub async fn seed(
    state: &AppState,
    users: usize,
    calls_per_user: usize,
    password: &str,
) -> Result<BulkReport, AppError> {
    let started = std::time::Instant::now();
    let hash = state.passwords.hash(password).await?;
    let run = random_token(4).to_lowercase().replace(['-', '_'], "x");
    let mut rng = StdRng::seed_from_u64(7);
    let mut created = Vec::with_capacity(users);
    for i in 0..users {
        let now = db::now_ms();
        let user = UserRow {
            id: db::new_id(),
            email: format!("bulk-{run}-{i}@example.com"),
            password_hash: hash.clone(),
            first_name: "Bulk".into(),
            last_name: format!("User {i}"),
            created_at: now - YEAR_MS,
            updated_at: now,
        };
        db::users::insert(&state.db, &user).await?;
        calls_for(state, &user.id, calls_per_user, &mut rng, now).await?;
        created.push((user.id, user.email));
    }
    Ok(BulkReport {
        users: created,
        calls: users * calls_per_user,
        seconds: started.elapsed().as_secs_f64(),
    })
}

async fn calls_for(
    state: &AppState,
    user_id: &str,
    count: usize,
    rng: &mut StdRng,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let mut agents = Vec::new();
    for name in ["Ava", "Max", "Noor"] {
        agents.push(db::activity::agent_id(&mut tx, user_id, name, &db::new_id(), now).await?);
    }
    tx.commit().await?;

    let mut rollups: BTreeMap<i64, bulk::RollupRow> = BTreeMap::new();
    let mut used: BTreeSet<(i64, String)> = BTreeSet::new();
    let (mut total, mut successful) = (0i64, 0i64);
    let mut written = 0;
    // Calls are generated in time order, as they happen: every index then grows at its end, which is what
    // makes a million inserts fast (random positions would touch a different B-tree page per row).
    let step = (YEAR_MS / count.max(1) as i64).max(1);
    let first = now - YEAR_MS;
    while written < count {
        let n = CALLS_PER_TX.min(count - written);
        let calls: Vec<bulk::BulkCall> = (written..written + n)
            .map(|i| {
                let status = match rng.gen_range(0..100) {
                    0..=84 => "completed",
                    85..=92 => "failed",
                    _ => "missed",
                };
                let completed = status == "completed";
                bulk::BulkCall {
                    id: db::new_id(),
                    phone_number: format!("+1415{:07}", rng.gen_range(0..10_000_000)),
                    direction: if rng.gen_bool(0.6) {
                        "outbound"
                    } else {
                        "inbound"
                    },
                    status,
                    started_at: first + i as i64 * step + rng.gen_range(0..step),
                    duration_seconds: if completed {
                        rng.gen_range(20..1800)
                    } else {
                        0
                    },
                    agent_id: agents[rng.gen_range(0..agents.len())].clone(),
                    satisfaction_rating: completed.then(|| rng.gen_range(1..=5)),
                }
            })
            .collect();
        for c in &calls {
            let bucket = bucket_of(c.started_at);
            let r = rollups.entry(bucket).or_insert_with(|| bulk::RollupRow {
                bucket_start: bucket,
                ..Default::default()
            });
            r.calls += 1;
            match c.status {
                "completed" => r.completed += 1,
                "failed" => r.failed += 1,
                _ => r.missed += 1,
            }
            r.duration_seconds += c.duration_seconds;
            if let Some(rating @ 1..=5) = c.satisfaction_rating {
                r.ratings[(rating - 1) as usize] += 1;
            }
            used.insert((bucket, c.agent_id.clone()));
            total += 1;
            successful += i64::from(c.status == "completed");
        }
        let mut tx = state.db.begin().await?;
        bulk::insert_calls(&mut tx, user_id, &calls, now).await?;
        tx.commit().await?;
        written += n;
    }
    let mut tx = state.db.begin().await?;
    bulk::insert_rollups(&mut tx, user_id, &rollups.into_values().collect::<Vec<_>>()).await?;
    bulk::insert_agent_usage(&mut tx, user_id, &used.into_iter().collect::<Vec<_>>()).await?;
    bulk::add_call_totals(&mut tx, user_id, total, successful, now).await?;
    db::freshness::bump_in(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}
