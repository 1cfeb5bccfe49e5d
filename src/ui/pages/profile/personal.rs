//! The personal information form: first and last name, phone and email, with the server's message beside
//! each field it refused.

use super::ProfileState;
use crate::{
    api::{dashboard::Profile, ApiError},
    tr,
    ui::{
        components::{
            forms::FormError,
            outcome::{report, Outcome, OutcomeMessage},
        },
        i18n::{t, t_string, td_string, use_i18n},
        locale::fill,
    },
};
use leptos::prelude::*;

#[component]
pub fn PersonalInfo(profile: Profile, state: ProfileState) -> impl IntoView {
    let error = Signal::derive(move || state.update.value().get().and_then(Result::err));
    let outcome = RwSignal::new(None::<Outcome>);
    let i18n = use_i18n();
    report(state.update, outcome, move |p| {
        let locale = i18n.get_locale_untracked();
        match &p.pending_email {
            Some(pending) => fill(
                td_string!(locale, profile.saved_pending),
                &[("pending", pending), ("email", &p.email)],
            ),
            None => td_string!(locale, profile.saved).to_owned(),
        }
    });
    let saving = state.update.pending();
    // The address the user asked for is what the field shows: saving the form again must not cancel a change
    // that is waiting for verification (sending the current address back is how one cancels it).
    let email = profile
        .pending_email
        .clone()
        .unwrap_or_else(|| profile.email.clone());

    view! {
        <section class="card" aria-labelledby="personal-heading">
            <h2 id="personal-heading">{t!(i18n, profile.personal)}</h2>
            <FormError error code=state.code/>
            <OutcomeMessage outcome testid="profile-outcome"/>
            <ActionForm action=state.update attr:novalidate=true>
                <div class="field-row">
                    <TextField name="first_name" label=tr!(i18n, profile.first_name) value=profile.first_name autocomplete="given-name" error/>
                    <TextField name="last_name" label=tr!(i18n, profile.last_name) value=profile.last_name autocomplete="family-name" error/>
                </div>
                <TextField
                    name="phone"
                    label=tr!(i18n, profile.phone)
                    kind="tel"
                    value=profile.phone.unwrap_or_default()
                    autocomplete="tel"
                    hint=tr!(i18n, profile.phone_hint)
                    error
                />
                <TextField
                    name="email"
                    label=tr!(i18n, profile.email)
                    kind="email"
                    value=email
                    autocomplete="email"
                    hint=tr!(i18n, profile.email_hint)
                    error
                />
                <button type="submit" class="button primary compact" disabled=move || saving.get()>
                    {move || if saving.get() { t_string!(i18n, profile.saving) } else { t_string!(i18n, profile.save) }}
                </button>
            </ActionForm>
        </section>
    }
}

/// A labelled input filled with the saved value, its hint, and the server's message when it refused it.
#[component]
fn TextField(
    name: &'static str,
    label: Signal<String>,
    value: String,
    #[prop(default = "text")] kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let id = format!("profile-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = move || error.get().and_then(|e| e.field(name).map(str::to_owned));
    let described = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id data-testid=format!("{name}-error")>{message}</p>
        </div>
    }
}
