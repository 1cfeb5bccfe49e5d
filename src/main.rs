//! The `dashboard` binary: `serve` (the default, so `cargo leptos` can run it bare), `migrate`, and the
//! operator commands that later grow beside them.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    dashboard::server::cli::run().await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary: its entry point is `hydrate()` in lib.rs.
}
