//! `leptos_i18n::load_locales!` reads `locales/` while compiling but does not tell cargo, so an edited
//! translation would not rebuild the crate; this does.

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=Cargo.toml");
}
