//! Command line: `dashboard [serve]` and `dashboard migrate`.

use super::{
    config::{Settings, SettingsArgs},
    db::Db,
    startup::Application,
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
            let db = Db::connect(&settings.database_url).await?;
            db.migrate().await?;
            tracing::info!("migrations applied");
        }
    }
    Ok(())
}
