//! Two compile-time readers that cargo does not track by itself: `leptos_i18n::load_locales!` reads
//! `locales/`, and `sqlx::migrate!` embeds `migrations/`. Without these lines an edited translation, or a new
//! migration, would not rebuild the crate (a new migration file was silently missing from a release build).

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=Cargo.toml");
}
