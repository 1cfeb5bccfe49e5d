//! Change the password: the current one, the new one twice. The server checks all three (one message per
//! field) and ends every other session; this browser stays signed in.

use super::{confirm_into, error_of, FormField, SecurityState, Submit};
use crate::ui::components::{forms::FormError, outcome::OutcomeMessage};
use leptos::prelude::*;

#[component]
pub fn ChangePasswordCard(state: SecurityState) -> impl IntoView {
    let action = state.change_password;
    let error = error_of(action);
    let outcome = state.outcome(&[(
        "password",
        "Your password was changed. Your other sessions were signed out.",
    )]);
    confirm_into(action, outcome, |changed| match changed.sessions_ended {
        0 => "Your password was changed.".to_owned(),
        1 => "Your password was changed. 1 other session was signed out.".to_owned(),
        n => format!("Your password was changed. {n} other sessions were signed out."),
    });
    // A hydrated save keeps the page, so the typed passwords would stay in the fields: clear them.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::watch(
        move || outcome.get(),
        move |outcome, _, _| {
            if let (Some(_), Some(form)) = (outcome, form.get_untracked()) {
                form.reset();
            }
        },
        false,
    );

    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">"Password"</h2>
            <OutcomeMessage outcome testid="password-outcome"/>
            <FormError error code=Signal::derive(|| None)/>
            <ActionForm action node_ref=form>
                <FormField form="password" name="current_password" label="Current password" autocomplete="current-password" error/>
                <FormField
                    form="password"
                    name="new_password"
                    label="New password"
                    autocomplete="new-password"
                    hint="A long passphrase is best; common passwords and your email address are refused."
                    error
                />
                <FormField form="password" name="confirm_password" label="Repeat the new password" autocomplete="new-password" error/>
                <Submit pending=action.pending() label="Change password" busy="Changing…"/>
            </ActionForm>
            <p class="hint">"Changing it signs you out everywhere else."</p>
        </section>
    }
}
