//! Typed configuration, read once at start from flags and environment variables (an optional `.env` file is
//! loaded first). Every setting is documented by `dashboard --help` and in the README.
//!
//! Secrets are held in `SecretString` so they never appear in `Debug` output or logs.

use clap::{Args, ValueEnum};
use secrecy::{ExposeSecret, SecretString};
use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// The settings as they arrive from the outside, before defaults that need the file system are resolved.
#[derive(Debug, Clone, Args)]
pub struct SettingsArgs {
    /// `sqlite://path` (created when missing) or `postgres://user:pass@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/dashboard.db"
    )]
    pub database_url: String,

    /// HMAC key for access tokens, at least 32 bytes. Unset in development: generated once under DATA_DIR.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// `production` refuses to start without JWT_SECRET and never writes secrets to disk.
    #[arg(long, env = "APP_ENV", value_enum, default_value = "development")]
    pub app_env: Environment,

    /// Address to listen on. Falls back to LEPTOS_SITE_ADDR (set by cargo-leptos), then 127.0.0.1:3000.
    #[arg(long, env = "SITE_ADDR")]
    pub site_addr: Option<SocketAddr>,

    /// The public URL users reach the site at; an `https://` URL turns on Secure cookies.
    #[arg(long, env = "PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
    pub public_url: String,

    /// `pretty` for people, `json` for log shippers.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value = "pretty")]
    pub log_format: LogFormat,

    /// Where development-only files live (the SQLite database by default, a generated JWT secret).
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Where `make build` (or cargo-leptos) put the compiled site (wasm, js, css, public assets).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Where the overview's "New chat" quick action leads (the chat product lives elsewhere). Unset: hidden.
    #[arg(long, env = "QUICK_ACTION_CHAT_URL")]
    pub quick_action_chat_url: Option<String>,

    /// Where "New image" leads. Unset: hidden.
    #[arg(long, env = "QUICK_ACTION_IMAGE_URL")]
    pub quick_action_image_url: Option<String>,

    /// Where "New call" leads. Unset: hidden.
    #[arg(long, env = "QUICK_ACTION_CALL_URL")]
    pub quick_action_call_url: Option<String>,

    /// Serve Prometheus metrics at `/metrics` on this separate address (e.g. 127.0.0.1:9100). Unset: no metrics
    /// endpoint. Kept off the public listener so that only the scraper's network can read them.
    #[arg(long, env = "METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// Dashboard views cached per node (each a user's overview, call summary, …; see `services::cache`).
    /// 0 turns the cache off: every read computes its view (what `make bench` measures as "cold").
    #[arg(long, env = "CACHE_CAPACITY", default_value_t = 50_000)]
    pub cache_capacity: u64,

    /// Outgoing mail server, e.g. `smtps://user:password@smtp.example.com` (TLS) or
    /// `smtp://user:password@host:587?tls=required` (STARTTLS). Unset: mail is kept in the dev outbox.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of outgoing mail.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Dashboard <dashboard@localhost>"
    )]
    pub mail_from: String,
}

/// Resolved settings the application is built from.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub jwt_secret: SecretString,
    pub environment: Environment,
    pub site_addr: SocketAddr,
    pub public_url: String,
    pub log_format: LogFormat,
    pub site_root: String,
    pub auth: AuthSettings,
    pub quick_actions: QuickActions,
    pub throttle: ThrottleSettings,
    pub ops: OpsSettings,
    pub mail: MailSettings,
}

/// Operations: where metrics are served and how long a shutdown may wait for in-flight work.
#[derive(Debug, Clone)]
pub struct OpsSettings {
    pub metrics_addr: Option<SocketAddr>,
    /// Entries of the per-node dashboard cache; 0 turns it off.
    pub cache_capacity: u64,
    /// After SIGTERM, requests in flight get this long to finish before the process exits anyway (load
    /// balancers and orchestrators send SIGKILL after their own grace period, 30 s by default in Kubernetes).
    pub shutdown_grace: Duration,
}

impl Default for OpsSettings {
    fn default() -> Self {
        Self {
            metrics_addr: None,
            cache_capacity: 50_000,
            shutdown_grace: Duration::from_secs(25),
        }
    }
}

/// Outgoing mail and the links it carries.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// None: messages stay in the outbox table (state `dev`) and are logged, for `dashboard outbox`.
    pub smtp_url: Option<SecretString>,
    pub from: String,
    /// How long an email verification link works.
    pub verification_ttl: Duration,
    /// How long a password reset link works: short, as it is as good as the password while it lives.
    pub reset_ttl: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: "Dashboard <dashboard@localhost>".into(),
            verification_ttl: Duration::from_secs(24 * 3600),
            reset_ttl: Duration::from_secs(30 * 60),
        }
    }
}

/// Links to the products that live elsewhere, offered as quick actions on the overview.
#[derive(Debug, Clone, Default)]
pub struct QuickActions {
    pub chat: Option<String>,
    pub image: Option<String>,
    pub call: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub issuer: String,
    pub audience: String,
    /// Short, so that a stolen access token is worth little; revocation is checked on every request anyway.
    pub access_token_ttl: Duration,
    /// How long a REST session lives without a refresh, and a browser session without a visit.
    pub session_ttl: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            issuer: "dashboard".into(),
            audience: "dashboard-api".into(),
            access_token_ttl: Duration::from_secs(15 * 60),
            session_ttl: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// At most `max` counted attempts per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    pub const fn new(max: i64, window_secs: u64) -> Self {
        Self {
            max,
            window: Duration::from_secs(window_secs),
        }
    }
}

/// Rate limits on the endpoints that guess at secrets (see `services::throttle`). Sign-in counts failures only,
/// so people who know their password are never slowed; registration counts every attempt.
#[derive(Debug, Clone)]
pub struct ThrottleSettings {
    /// Wrong passwords for one account from one IP: the limit a guesser hits first.
    pub sign_in_account_ip: Limit,
    /// Wrong passwords from one IP over all accounts (credential stuffing).
    pub sign_in_ip: Limit,
    /// Wrong passwords for one account from anywhere. Past it, attempts are slowed by `slow_down`, never
    /// refused: a stranger's flood must not lock the owner out.
    pub sign_in_account: Limit,
    pub slow_down: Duration,
    /// Accounts created from one IP.
    pub register_ip: Limit,
    /// Wrong 2FA codes for one account, and from one IP.
    pub two_factor_account: Limit,
    pub two_factor_ip: Limit,
    /// Wrong current passwords (change password, disable 2FA, delete account) for one account.
    pub password_check_account: Limit,
    /// Requests for mailed links (verification resend, password reset) for one address, whether or not an
    /// account uses it (so a refusal tells nothing), and from one IP over all addresses. They cost a mail
    /// each: the limits keep the product from being used to flood a stranger's inbox.
    pub mail_address: Limit,
    pub mail_ip: Limit,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        Self {
            sign_in_account_ip: Limit::new(10, 15 * 60),
            sign_in_ip: Limit::new(100, 15 * 60),
            sign_in_account: Limit::new(50, 15 * 60),
            slow_down: Duration::from_secs(1),
            register_ip: Limit::new(50, 60 * 60),
            two_factor_account: Limit::new(10, 15 * 60),
            two_factor_ip: Limit::new(100, 15 * 60),
            password_check_account: Limit::new(10, 15 * 60),
            mail_address: Limit::new(5, 60 * 60),
            mail_ip: Limit::new(30, 60 * 60),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("JWT_SECRET must be set when APP_ENV=production")]
    MissingSecretInProduction,
    #[error("JWT_SECRET must be at least 32 bytes long")]
    WeakSecret,
    #[error("could not read or write the development secret at {path}: {source}")]
    SecretFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Mail(String),
}

impl Settings {
    pub fn resolve(args: SettingsArgs) -> Result<Self, ConfigError> {
        let jwt_secret = match args.jwt_secret {
            Some(secret) if secret.len() >= 32 => secret,
            Some(_) => return Err(ConfigError::WeakSecret),
            None if args.app_env == Environment::Production => {
                return Err(ConfigError::MissingSecretInProduction)
            }
            None => development_secret(&args.data_dir)?,
        };
        let site_addr = args
            .site_addr
            .or_else(|| {
                std::env::var("LEPTOS_SITE_ADDR")
                    .ok()
                    .and_then(|a| a.parse().ok())
            })
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
        Ok(Self {
            database_url: args.database_url,
            jwt_secret: SecretString::from(jwt_secret),
            environment: args.app_env,
            site_addr,
            public_url: args.public_url.trim_end_matches('/').to_owned(),
            log_format: args.log_format,
            site_root: args.site_root,
            auth: AuthSettings::default(),
            quick_actions: QuickActions {
                chat: args.quick_action_chat_url.filter(|u| !u.is_empty()),
                image: args.quick_action_image_url.filter(|u| !u.is_empty()),
                call: args.quick_action_call_url.filter(|u| !u.is_empty()),
            },
            throttle: ThrottleSettings::default(),
            ops: OpsSettings {
                metrics_addr: args.metrics_addr,
                cache_capacity: args.cache_capacity,
                ..OpsSettings::default()
            },
            mail: mail_settings(args.smtp_url, args.mail_from)?,
        })
    }

    /// Cookies get the `Secure` flag when users reach us over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn jwt_key(&self) -> &[u8] {
        self.jwt_secret.expose_secret().as_bytes()
    }
}

fn mail_settings(smtp_url: Option<String>, from: String) -> Result<MailSettings, ConfigError> {
    let mail = MailSettings {
        smtp_url: smtp_url.filter(|u| !u.is_empty()).map(SecretString::from),
        from,
        ..MailSettings::default()
    };
    crate::server::mail::check(&mail).map_err(ConfigError::Mail)?;
    Ok(mail)
}

/// In development a missing secret is generated once and kept under the data folder, so sessions survive a
/// restart. Production refuses this path (see `resolve`): nodes must share one secret.
fn development_secret(data_dir: &std::path::Path) -> Result<String, ConfigError> {
    let path = data_dir.join("jwt_secret");
    let io = |source| ConfigError::SecretFile {
        path: path.clone(),
        source,
    };
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok(existing);
        }
    }
    std::fs::create_dir_all(data_dir).map_err(io)?;
    let secret = crate::server::auth::random_token(48);
    write_private(&path, &secret).map_err(io)?;
    tracing::warn!(path = %path.display(), "JWT_SECRET is not set: generated a development secret");
    Ok(secret)
}

fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}
