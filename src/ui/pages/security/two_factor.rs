//! Two-factor sign-in: its status, the enrollment (QR code or typed key, then a code to prove the app has
//! it), the recovery codes shown once, and turning it off or making new codes (password and code again).
//!
//! What to show is the server's `TwoFactorOverview`: the status, the enrollment in progress and codes just
//! made. Those codes ride in a short-lived HttpOnly cookie until "I have saved them" (see
//! `server::web_security`), so they appear after a plain form post too, and only until acknowledged.

use super::{confirm_into, error_of, words, FormField, SecurityState, Submit};
use crate::{
    api::security::{two_factor_panel, TwoFactorOverview, TwoFactorSetup, TwoFactorStatus},
    tr,
    ui::{
        components::{format, forms::FormError, outcome::OutcomeMessage, states::ErrorState},
        i18n::{t, t_string, td_string, use_i18n},
    },
};
use leptos::{
    either::{Either, EitherOf4},
    prelude::*,
};

#[component]
pub fn TwoFactorCard(state: SecurityState) -> impl IntoView {
    let panel = Resource::new(move || state.changed.get(), |_| two_factor_panel());
    let outcome = state.outcome(&[("two-factor-off", |l| {
        td_string!(l, security.two_factor.is_off)
    })]);
    confirm_into(state.confirm, outcome, |l, _| {
        td_string!(l, security.two_factor.is_on_save_codes).to_owned()
    });
    confirm_into(state.codes_saved, outcome, |l, _| {
        td_string!(l, security.two_factor.is_on).to_owned()
    });
    confirm_into(state.regenerate, outcome, |l, _| {
        td_string!(l, security.two_factor.regenerated).to_owned()
    });
    confirm_into(state.disable, outcome, |l, _| {
        td_string!(l, security.two_factor.is_off).to_owned()
    });
    let i18n = use_i18n();

    view! {
        <section class="card" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{t!(i18n, security.two_factor.heading)}</h2>
            <OutcomeMessage outcome testid="two-factor-outcome"/>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, security.two_factor.loading)}</p> }>
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
    let i18n = use_i18n();
    let since = status
        .enabled_at
        .map(move |at| move || format::date(i18n.get_locale(), &at));
    let n = status.recovery_codes_left;
    let left = move || words::codes_left(i18n.get_locale(), n);
    view! {
        <dl class="facts two-factor-facts">
            <dt>{t!(i18n, security.two_factor.status)}</dt>
            <dd data-testid="two-factor-status"><span class="badge status-active">{t!(i18n, security.two_factor.on)}</span></dd>
            {since.map(|d| view! { <dt>{t!(i18n, security.two_factor.turned_on)}</dt><dd>{d}</dd> })}
            <dt>{t!(i18n, security.two_factor.recovery_codes)}</dt>
            <dd data-testid="recovery-codes-left">{left}</dd>
        </dl>
    }
}

/// Off: what it is, and the button that starts the enrollment.
#[component]
fn TurnOn(state: SecurityState) -> impl IntoView {
    let error = error_of(state.start);
    let i18n = use_i18n();
    view! {
        <p data-testid="two-factor-status"><span class="badge">{t!(i18n, security.two_factor.off)}</span></p>
        <p>{t!(i18n, security.two_factor.intro)}</p>
        <FormError error code=Signal::derive(|| None)/>
        <ActionForm action=state.start>
            <Submit pending=state.start.pending() label=tr!(i18n, security.two_factor.set_up) busy=tr!(i18n, security.two_factor.starting)/>
        </ActionForm>
    }
}

/// The enrollment in progress: scan or type the key, then prove it with a code.
#[component]
fn Enrol(setup: TwoFactorSetup, state: SecurityState) -> impl IntoView {
    let error = error_of(state.confirm);
    let i18n = use_i18n();
    view! {
        <p data-testid="two-factor-status"><span class="badge status-open">{t!(i18n, security.two_factor.being_set_up)}</span></p>
        <ol class="enrol-steps">
            <li>
                <p>{t!(i18n, security.two_factor.scan)}</p>
                <img
                    class="qr-code"
                    src=setup.qr_code
                    width="200"
                    height="200"
                    alt=move || t_string!(i18n, security.two_factor.qr_alt)
                />
            </li>
            <li>
                <p>{t!(i18n, security.two_factor.type_key)}</p>
                <p><code class="secret" dir="ltr" data-testid="totp-secret">{setup.secret}</code></p>
            </li>
            <li>
                <p>{t!(i18n, security.two_factor.enter_code)}</p>
                <FormError error code=Signal::derive(|| None)/>
                <ActionForm action=state.confirm>
                    <FormField form="enrol" name="code" label=tr!(i18n, security.two_factor.code) kind="text" autocomplete="one-time-code" inputmode="numeric" error/>
                    <Submit pending=state.confirm.pending() label=tr!(i18n, security.two_factor.turn_on) busy=tr!(i18n, security.two_factor.checking)/>
                </ActionForm>
            </li>
        </ol>
    }
}

/// Recovery codes just made: shown this once, until the user says they are kept somewhere safe.
#[component]
fn NewCodes(codes: Vec<String>, state: SecurityState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="recovery" role="region" aria-labelledby="recovery-heading">
            <h3 id="recovery-heading">{t!(i18n, security.two_factor.codes_heading)}</h3>
            <p>{t!(i18n, security.two_factor.codes_intro)}</p>
            <ol class="recovery-codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code dir="ltr">{c}</code></li> }).collect_view()}
            </ol>
            <ActionForm action=state.codes_saved>
                <Submit pending=state.codes_saved.pending() label=tr!(i18n, security.two_factor.codes_saved) busy=tr!(i18n, security.two_factor.one_moment)/>
            </ActionForm>
        </div>
    }
}

/// On: new recovery codes, or turning it off; both ask for the password and a code again.
#[component]
fn Manage(state: SecurityState) -> impl IntoView {
    let regenerate_error = error_of(state.regenerate);
    let disable_error = error_of(state.disable);
    let i18n = use_i18n();
    view! {
        <details class="manage" open=move || regenerate_error.get().is_some()>
            <summary>{t!(i18n, security.two_factor.new_codes)}</summary>
            <p class="hint">{t!(i18n, security.two_factor.old_codes_stop)}</p>
            <FormError error=regenerate_error code=Signal::derive(|| None)/>
            <ActionForm action=state.regenerate>
                <FormField form="regenerate" name="password" label=tr!(i18n, security.two_factor.password) autocomplete="current-password" error=regenerate_error/>
                <FormField form="regenerate" name="code" label=tr!(i18n, security.two_factor.code_or_recovery) kind="text" autocomplete="one-time-code" error=regenerate_error/>
                <Submit pending=state.regenerate.pending() label=tr!(i18n, security.two_factor.make) busy=tr!(i18n, security.two_factor.making)/>
            </ActionForm>
        </details>
        <details class="manage" open=move || disable_error.get().is_some()>
            <summary>{t!(i18n, security.two_factor.turn_off_heading)}</summary>
            <p class="hint">{t!(i18n, security.two_factor.turn_off_hint)}</p>
            <FormError error=disable_error code=Signal::derive(|| None)/>
            <ActionForm action=state.disable>
                <FormField form="disable" name="password" label=tr!(i18n, security.two_factor.password) autocomplete="current-password" error=disable_error/>
                <FormField form="disable" name="code" label=tr!(i18n, security.two_factor.code_or_recovery) kind="text" autocomplete="one-time-code" error=disable_error/>
                <Submit pending=state.disable.pending() label=tr!(i18n, security.two_factor.turn_off) busy=tr!(i18n, security.two_factor.turning_off) class="button danger compact"/>
            </ActionForm>
        </details>
    }
}
