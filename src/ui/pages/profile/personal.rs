//! The personal information form: first and last name, phone and email, with the server's message beside
//! each field it refused.

use super::ProfileState;
use crate::{
    api::{dashboard::Profile, ApiError},
    ui::components::{
        forms::FormError,
        outcome::{report, Outcome, OutcomeMessage},
    },
};
use leptos::prelude::*;

#[component]
pub fn PersonalInfo(profile: Profile, state: ProfileState) -> impl IntoView {
    let error = Signal::derive(move || state.update.value().get().and_then(Result::err));
    let outcome = RwSignal::new(None::<Outcome>);
    report(state.update, outcome, |p| {
        match &p.pending_email {
        Some(pending) => format!(
            "Your details are saved. {pending} is waiting for verification; {} stays in use until then.",
            p.email
        ),
        None => "Your details are saved.".to_owned(),
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
            <h2 id="personal-heading">"Personal information"</h2>
            <FormError error code=state.code/>
            <OutcomeMessage outcome testid="profile-outcome"/>
            <ActionForm action=state.update attr:novalidate=true>
                <div class="field-row">
                    <TextField name="first_name" label="First name" value=profile.first_name autocomplete="given-name" error/>
                    <TextField name="last_name" label="Last name" value=profile.last_name autocomplete="family-name" error/>
                </div>
                <TextField
                    name="phone"
                    label="Phone"
                    kind="tel"
                    value=profile.phone.unwrap_or_default()
                    autocomplete="tel"
                    hint="In international format, e.g. +923001234567. Leave empty to remove it."
                    error
                />
                <TextField
                    name="email"
                    label="Email"
                    kind="email"
                    value=email
                    autocomplete="email"
                    hint="A new address is used once you confirm it from the message we send there."
                    error
                />
                <button type="submit" class="button primary compact" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save changes" }}
                </button>
            </ActionForm>
        </section>
    }
}

/// A labelled input filled with the saved value, its hint, and the server's message when it refused it.
#[component]
fn TextField(
    name: &'static str,
    label: &'static str,
    value: String,
    #[prop(default = "text")] kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
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
