//! `/goodbye`: where a deleted account's browser lands, signed out. Public: there is no session any more.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GoodbyePage() -> impl IntoView {
    view! {
        <Title text="Goodbye"/>
        <main class="auth-page" id="main">
            <section class="auth-card" data-testid="goodbye">
                <h1>"Your account has been deleted"</h1>
                <p>
                    "Your profile and everything in it — calls, recordings, chats, images, usage, invoices, "
                    "cards, notifications and support tickets — are gone, and you are signed out on every device."
                </p>
                <p class="muted">"Thank you for using the dashboard. You are welcome back at any time."</p>
                <p class="auth-switch"><a href="/register">"Create a new account"</a></p>
            </section>
        </main>
    }
}
