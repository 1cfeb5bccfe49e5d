//! `/`: the overview. For now it greets the user with their account facts; the stat cards, recent activity
//! and charts arrive with the overview and analytics work.

use crate::ui::Session;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Title text="Overview"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                session.user.await.ok().flatten().map(|user| {
                    let joined = user.joined_date().to_owned();
                    view! {
                        <h1 data-testid="welcome">"Welcome, " {user.display_name()}</h1>
                        <section class="card account-card" aria-labelledby="account-heading">
                            <h2 id="account-heading">"Your account"</h2>
                            <dl class="facts">
                                <dt>"Name"</dt>
                                <dd data-testid="account-name">{user.display_name()}</dd>
                                <dt>"Email"</dt>
                                <dd data-testid="account-email">{user.email.clone()}</dd>
                                <dt>"Member since"</dt>
                                <dd><time datetime=user.created_at.clone() data-testid="account-joined">{joined}</time></dd>
                            </dl>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
