//! Applying a saved theme to the page that is already open.
//!
//! The server draws every page in the signed-in user's theme (`<html data-theme>`, see `server::web`), so a
//! reload or a form posted without JavaScript arrives right. The hydrated app changes pages without a new
//! document, so after a save it sets the attribute itself.

use crate::api::settings::Theme;

/// Draws the open page in `theme` (a name from `THEMES`; anything else is `auto`).
pub fn apply(theme: &str) {
    let theme = Theme::parse(theme).unwrap_or_default();
    #[cfg(feature = "hydrate")]
    {
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = theme;
}
