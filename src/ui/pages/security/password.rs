//! Change the password: the current one, the new one twice. The server checks all three (one message per
//! field) and ends every other session; this browser stays signed in.

use super::{confirm_into, error_of, words, FormField, SecurityState, Submit};
use crate::{
    tr,
    ui::{
        components::{forms::FormError, outcome::OutcomeMessage},
        i18n::{t, td_string, use_i18n},
    },
};
use leptos::prelude::*;

#[component]
pub fn ChangePasswordCard(state: SecurityState) -> impl IntoView {
    let action = state.change_password;
    let error = error_of(action);
    let outcome = state.outcome(&[("password", |l| td_string!(l, security.password.done))]);
    confirm_into(action, outcome, |locale, changed| {
        words::password_changed(locale, changed.sessions_ended)
    });
    let i18n = use_i18n();
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
            <h2 id="password-heading">{t!(i18n, security.password.heading)}</h2>
            <OutcomeMessage outcome testid="password-outcome"/>
            <FormError error code=Signal::derive(|| None)/>
            <ActionForm action node_ref=form>
                <FormField form="password" name="current_password" label=tr!(i18n, security.password.current) autocomplete="current-password" error/>
                <FormField
                    form="password"
                    name="new_password"
                    label=tr!(i18n, security.password.new)
                    autocomplete="new-password"
                    hint=tr!(i18n, security.password.new_hint)
                    error
                />
                <FormField form="password" name="confirm_password" label=tr!(i18n, security.password.repeat) autocomplete="new-password" error/>
                <Submit pending=action.pending() label=tr!(i18n, security.password.submit) busy=tr!(i18n, security.password.busy)/>
            </ActionForm>
            <p class="hint">{t!(i18n, security.password.signs_out)}</p>
        </section>
    }
}
