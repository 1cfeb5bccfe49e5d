//! Two-factor sign-in: its status, the enrollment (QR code or typed key, then a code to prove the app has
//! it), the recovery codes shown once, and turning it off or making new codes (password and code again).
//!
//! What to show is the server's `TwoFactorOverview`: the status, the enrollment in progress and codes just
//! made. Those codes ride in a short-lived HttpOnly cookie until "I have saved them" (see
//! `server::web_security`), so they appear after a plain form post too, and only until acknowledged.

use super::{confirm_into, error_of, FormField, SecurityState, Submit};
use crate::{
    api::security::{two_factor_panel, TwoFactorOverview, TwoFactorSetup, TwoFactorStatus},
    ui::components::{format, forms::FormError, outcome::OutcomeMessage, states::ErrorState},
};
use leptos::{
    either::{Either, EitherOf4},
    prelude::*,
};

#[component]
pub fn TwoFactorCard(state: SecurityState) -> impl IntoView {
    let panel = Resource::new(move || state.changed.get(), |_| two_factor_panel());
    let outcome = state.outcome(&[("two-factor-off", "Two-factor authentication is off.")]);
    confirm_into(state.confirm, outcome, |_| {
        "Two-factor authentication is on. Save your recovery codes now.".to_owned()
    });
    confirm_into(state.codes_saved, outcome, |_| {
        "Two-factor authentication is on.".to_owned()
    });
    confirm_into(state.regenerate, outcome, |_| {
        "New recovery codes are ready; the old ones no longer work. Save the new ones now."
            .to_owned()
    });
    confirm_into(state.disable, outcome, |_| {
        "Two-factor authentication is off.".to_owned()
    });

    view! {
        <section class="card" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">"Two-factor authentication"</h2>
            <OutcomeMessage outcome testid="two-factor-outcome"/>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading two-factor settings…"</p> }>
                {move || Suspend::new(async move {
                    match panel.await {
                        Ok(overview) => Either::Left(view! { <Panel overview state/> }),
                        Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Panel(overview: TwoFactorOverview, state: SecurityState) -> impl IntoView {
    let TwoFactorOverview {
        status,
        setup,
        new_codes,
    } = overview;
    match (new_codes, setup) {
        (Some(codes), _) => EitherOf4::A(view! {
            <Status status/>
            <NewCodes codes state/>
        }),
        (None, _) if status.enabled => EitherOf4::B(view! {
            <Status status/>
            <Manage state/>
        }),
        (None, Some(setup)) => EitherOf4::C(view! { <Enrol setup state/> }),
        (None, None) => EitherOf4::D(view! { <TurnOn state/> }),
    }
}

#[component]
fn Status(status: TwoFactorStatus) -> impl IntoView {
    let i18n = crate::ui::i18n::use_i18n();
    let since = status
        .enabled_at
        .map(move |at| move || format::date(i18n.get_locale(), &at));
    let left = match status.recovery_codes_left {
        1 => "1 recovery code left".to_owned(),
        n => format!("{n} recovery codes left"),
    };
    view! {
        <dl class="facts two-factor-facts">
            <dt>"Status"</dt>
            <dd data-testid="two-factor-status"><span class="badge status-active">"On"</span></dd>
            {since.map(|d| view! { <dt>"Turned on"</dt><dd>{d}</dd> })}
            <dt>"Recovery codes"</dt>
            <dd data-testid="recovery-codes-left">{left}</dd>
        </dl>
    }
}

/// Off: what it is, and the button that starts the enrollment.
#[component]
fn TurnOn(state: SecurityState) -> impl IntoView {
    let error = error_of(state.start);
    view! {
        <p data-testid="two-factor-status"><span class="badge">"Off"</span></p>
        <p>"With two-factor authentication, signing in also asks for a code from an authenticator app on your phone, so your password alone is not enough."</p>
        <FormError error code=Signal::derive(|| None)/>
        <ActionForm action=state.start>
            <Submit pending=state.start.pending() label="Set up two-factor authentication" busy="Starting…"/>
        </ActionForm>
    }
}

/// The enrollment in progress: scan or type the key, then prove it with a code.
#[component]
fn Enrol(setup: TwoFactorSetup, state: SecurityState) -> impl IntoView {
    let error = error_of(state.confirm);
    view! {
        <p data-testid="two-factor-status"><span class="badge status-open">"Being set up"</span></p>
        <ol class="enrol-steps">
            <li>
                <p>"Scan this QR code with your authenticator app:"</p>
                <img
                    class="qr-code"
                    src=setup.qr_code
                    width="200"
                    height="200"
                    alt="QR code of the set-up key for your authenticator app. The key is also written out below."
                />
            </li>
            <li>
                <p>"Or type this key into the app:"</p>
                <p><code class="secret" data-testid="totp-secret">{setup.secret}</code></p>
            </li>
            <li>
                <p>"Enter the 6-digit code the app shows to finish."</p>
                <FormError error code=Signal::derive(|| None)/>
                <ActionForm action=state.confirm>
                    <FormField form="enrol" name="code" label="Code from the app" kind="text" autocomplete="one-time-code" inputmode="numeric" error/>
                    <Submit pending=state.confirm.pending() label="Turn on" busy="Checking…"/>
                </ActionForm>
            </li>
        </ol>
    }
}

/// Recovery codes just made: shown this once, until the user says they are kept somewhere safe.
#[component]
fn NewCodes(codes: Vec<String>, state: SecurityState) -> impl IntoView {
    view! {
        <div class="recovery" role="region" aria-labelledby="recovery-heading">
            <h3 id="recovery-heading">"Your recovery codes"</h3>
            <p>"Each code signs you in once if you lose your phone. Keep them somewhere safe: they are shown only now."</p>
            <ol class="recovery-codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
            <ActionForm action=state.codes_saved>
                <Submit pending=state.codes_saved.pending() label="I have saved them" busy="One moment…"/>
            </ActionForm>
        </div>
    }
}

/// On: new recovery codes, or turning it off; both ask for the password and a code again.
#[component]
fn Manage(state: SecurityState) -> impl IntoView {
    let regenerate_error = error_of(state.regenerate);
    let disable_error = error_of(state.disable);
    view! {
        <details class="manage" open=move || regenerate_error.get().is_some()>
            <summary>"Make new recovery codes"</summary>
            <p class="hint">"The old codes stop working."</p>
            <FormError error=regenerate_error code=Signal::derive(|| None)/>
            <ActionForm action=state.regenerate>
                <FormField form="regenerate" name="password" label="Password" autocomplete="current-password" error=regenerate_error/>
                <FormField form="regenerate" name="code" label="Code from the app, or a recovery code" kind="text" autocomplete="one-time-code" error=regenerate_error/>
                <Submit pending=state.regenerate.pending() label="Make new codes" busy="Making…"/>
            </ActionForm>
        </details>
        <details class="manage" open=move || disable_error.get().is_some()>
            <summary>"Turn off two-factor authentication"</summary>
            <p class="hint">"Signing in will need only your password again, and your other sessions end."</p>
            <FormError error=disable_error code=Signal::derive(|| None)/>
            <ActionForm action=state.disable>
                <FormField form="disable" name="password" label="Password" autocomplete="current-password" error=disable_error/>
                <FormField form="disable" name="code" label="Code from the app, or a recovery code" kind="text" autocomplete="one-time-code" error=disable_error/>
                <Submit pending=state.disable.pending() label="Turn off" busy="Turning off…" class="button danger compact"/>
            </ActionForm>
        </details>
    }
}
