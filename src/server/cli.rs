//! Command line: `dashboard [serve]`, `migrate`, `api-key`, `seed-demo`.

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
        /// The password of every bulk user.
        #[arg(long, default_value = "bulk-password-2026")]
        password: String,
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
        Command::SeedBulk {
            users,
            calls_per_user,
            password,
        } => {
            let address = settings.site_addr;
            let state = startup::prepare(settings, address).await?;
            let report = services::bulk::seed(&state, users, calls_per_user, &password).await?;
            for (id, email) in &report.users {
                println!("{id} {email}");
            }
            println!(
                "{} calls in {:.2} s: {:.0} calls/s",
                report.calls,
                report.seconds,
                report.calls_per_second()
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
