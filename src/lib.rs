//! dashboard — a self-hostable user dashboard for AI SaaS products.
//!
//! One crate, two builds: with the `ssr` feature it is the axum server (REST API, server functions and the
//! server-side rendering of the Leptos UI); with `hydrate` it is the wasm bundle that makes the same UI
//! interactive in the browser. `api` is the language both sides speak, `ui` the components both render.

pub mod api;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the wasm bundle: attaches the reactive UI to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
    // A marker for the browser tests: after this, clicks are handled by the wasm client.
    let _ = js_sys::Reflect::set(
        &js_sys::global(),
        &"__dashboard_hydrated".into(),
        &true.into(),
    );
}
