//! Command line: `dashboard [serve]`, `migrate`, `api-key`, `seed-demo`, `seed-bulk`, `outbox`.

use super::{
    auth,
    config::{Settings, SettingsArgs},
    db::{self, Db},
    services,
    startup::{self, Application},
    telemetry,
};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "dashboard",
    version,
    about = "A self-hostable user dashboard for AI SaaS products"
)]
struct Cli {
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database and serve the site and the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage the API keys of the product's services (for the ingestion API).
    ApiKey {
        #[command(subcommand)]
        action: ApiKeyAction,
    },
    /// Create demo@example.com with about 90 days of data (does nothing if it exists).
    SeedDemo {
        /// Seed these addresses instead of demo@example.com (repeatable).
        #[arg(long = "email")]
        emails: Vec<String>,
    },
    /// Fill the database for benchmarks: N users with M calls each (rollups and counters included).
    SeedBulk {
        #[arg(long, default_value_t = 1)]
        users: usize,
        #[arg(long, default_value_t = 10_000)]
        calls_per_user: usize,
        /// Token-usage events per user (three models), for the usage charts.
        #[arg(long, default_value_t = 0)]
        tokens_per_user: usize,
        /// The password of every bulk user.
        #[arg(long, default_value = "bulk-password-2026")]
        password: String,
    },
    /// List the newest mail in the outbox (sent, waiting, or kept here because SMTP_URL is not set).
    Outbox {
        /// Only mail to this address.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        /// One JSON array (for scripts and tests) instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ApiKeyAction {
    /// Create a key; it is printed once and stored only as a hash.
    Create {
        #[arg(long)]
        name: String,
    },
    /// List keys (never their secrets).
    List,
    /// Revoke a key by id.
    Revoke { id: String },
}

pub async fn run() -> ExitCode {
    // A missing .env is normal; a malformed one is worth a word, but not a refusal to start.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("warning: ignoring .env: {e}");
        }
    }
    let cli = Cli::parse();
    telemetry::init(cli.settings.log_format);
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::resolve(cli.settings)?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!("listening on http://{}", app.address());
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            connect(&settings).await?;
            tracing::info!("migrations applied");
        }
        Command::ApiKey { action } => api_key(&connect(&settings).await?, action).await?,
        Command::Outbox { to, limit, json } => {
            let db = connect(&settings).await?;
            print!("{}", outbox(&db, to.as_deref(), limit, json).await?);
        }
        Command::SeedBulk {
            users,
            calls_per_user,
            tokens_per_user,
            password,
        } => {
            let address = settings.site_addr;
            let state = startup::prepare(settings, address).await?;
            let size = services::bulk::BulkSize {
                users,
                calls_per_user,
                tokens_per_user,
            };
            let report = services::bulk::seed(&state, size, &password).await?;
            for (id, email) in &report.users {
                println!("{id} {email}");
            }
            println!(
                "{} calls and {} token events in {:.2} s: {:.0} rows/s",
                report.calls,
                report.token_events,
                report.seconds,
                report.rows_per_second()
            );
        }
        Command::SeedDemo { emails } => {
            let address = settings.site_addr;
            let state = startup::prepare(settings, address).await?;
            let emails = if emails.is_empty() {
                vec![services::demo::DEMO_EMAIL.to_owned()]
            } else {
                emails
            };
            for email in emails {
                let created = services::demo::seed(&state, &email).await?;
                let what = if created { "created" } else { "exists" };
                println!(
                    "Demo account {what}: {email} / {}",
                    services::demo::DEMO_PASSWORD
                );
            }
        }
    }
    Ok(())
}

async fn connect(settings: &Settings) -> Result<Db, Box<dyn std::error::Error>> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

async fn api_key(db: &Db, action: ApiKeyAction) -> Result<(), Box<dyn std::error::Error>> {
    match action {
        ApiKeyAction::Create { name } => {
            let (id, key) = auth::service_key::create(db, name.trim())
                .await
                .map_err(|e| e.to_string())?;
            println!("id:  {id}\nkey: {key}\nStore the key now: it is not shown again.");
        }
        ApiKeyAction::List => {
            for key in db::api_keys::list(db).await? {
                let state = if key.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{}  {}  dsk_{}_…  {}  created {}",
                    key.id,
                    state,
                    key.prefix,
                    key.name,
                    db::rfc3339(key.created_at)
                );
            }
        }
        ApiKeyAction::Revoke { id } => {
            if db::api_keys::revoke(db, &id, db::now_ms()).await? {
                println!("revoked {id}");
            } else {
                return Err(format!("no active key with id {id}").into());
            }
        }
    }
    Ok(())
}

/// One outbox message as `dashboard outbox --json` prints it.
#[derive(Debug, serde::Serialize)]
pub struct OutboxEntry {
    pub id: String,
    pub to: String,
    pub subject: String,
    /// `pending`, `sent`, `dev` (kept here: SMTP is not configured) or `failed`.
    pub state: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub links: Vec<String>,
    pub body: String,
}

/// The text `dashboard outbox` prints: the newest messages first, with their links, or a JSON array.
pub async fn outbox(
    db: &Db,
    to: Option<&str>,
    limit: i64,
    json: bool,
) -> Result<String, Box<dyn std::error::Error>> {
    // Addresses are stored normalised; accept the address as a person would type it.
    let to = to.map(|t| t.trim().to_lowercase());
    let rows = db::outbox::recent(db, to.as_deref(), limit.clamp(1, 1000)).await?;
    let entries: Vec<OutboxEntry> = rows
        .into_iter()
        .map(|r| OutboxEntry {
            links: super::mail::links(&r.body)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            id: r.id,
            to: r.recipient,
            subject: r.subject,
            state: r.state,
            created_at: db::rfc3339(r.created_at),
            sent_at: r.sent_at.map(db::rfc3339),
            attempts: r.attempts,
            last_error: r.last_error,
            body: r.body,
        })
        .collect();
    if json {
        return Ok(format!("{}\n", serde_json::to_string_pretty(&entries)?));
    }
    let mut out = String::new();
    if entries.is_empty() {
        out.push_str("The outbox is empty.\n");
    }
    for e in &entries {
        out.push_str(&format!(
            "{}  {:<7}  to {}  \"{}\"\n",
            e.created_at, e.state, e.to, e.subject
        ));
        if let Some(error) = &e.last_error {
            out.push_str(&format!("    last error: {error}\n"));
        }
        for link in &e.links {
            out.push_str(&format!("    {link}\n"));
        }
    }
    Ok(out)
}
