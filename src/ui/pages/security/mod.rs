//! `/security`: change the password, two-factor sign-in, the signed-in devices and the security history.
//!
//! Every change is an `ActionForm` posting to a server function of `api::security`, so the page works without
//! JavaScript: the form posts, the server redirects back (`?done=` after a success, `?error=` or the field
//! errors after a refusal) and the page renders the new state. With JavaScript the same forms dispatch actions;
//! a successful one bumps `changed`, which the two-factor panel, the sessions and the history are keyed on, so
//! what the change did (a session ended, an event recorded) shows without a reload. A refused one changes
//! nothing on the page but its error, so focus and typed values stay where they are.

mod history;
mod password;
mod sessions;
mod two_factor;
mod words;

use crate::{
    api::{
        security::{
            ChangePassword, ConfirmTwoFactor, DisableTwoFactor, DismissRecoveryCodes,
            EndOtherSessions, EndSession, RegenerateRecoveryCodes, StartTwoFactor,
        },
        ApiError, ErrorCode,
    },
    ui::{
        components::outcome::Outcome,
        i18n::{t, t_string, use_i18n},
        locale::{current, Locale},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A `?done=` value and its confirmation in a locale.
type DoneSentence = (&'static str, fn(Locale) -> &'static str);

/// The page's forms and what they share, created once per visit.
#[derive(Clone, Copy)]
struct SecurityState {
    change_password: ServerAction<ChangePassword>,
    start: ServerAction<StartTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
    disable: ServerAction<DisableTwoFactor>,
    regenerate: ServerAction<RegenerateRecoveryCodes>,
    codes_saved: ServerAction<DismissRecoveryCodes>,
    end_session: ServerAction<EndSession>,
    end_others: ServerAction<EndOtherSessions>,
    /// Counts successful changes; the panels below refetch when it moves.
    changed: RwSignal<u32>,
    /// `?done=` after a form posted without JavaScript succeeded (see `server::web::as_user_done`).
    done: Memo<Option<String>>,
}

impl SecurityState {
    fn new() -> Self {
        let query = use_query_map();
        let state = Self {
            change_password: ServerAction::new(),
            start: ServerAction::new(),
            confirm: ServerAction::new(),
            disable: ServerAction::new(),
            regenerate: ServerAction::new(),
            codes_saved: ServerAction::new(),
            end_session: ServerAction::new(),
            end_others: ServerAction::new(),
            changed: RwSignal::new(0),
            done: Memo::new(move |_| query.with(|q| q.get("done"))),
        };
        bump_on_success(state.change_password, state.changed);
        bump_on_success(state.start, state.changed);
        bump_on_success(state.confirm, state.changed);
        bump_on_success(state.disable, state.changed);
        bump_on_success(state.regenerate, state.changed);
        bump_on_success(state.codes_saved, state.changed);
        bump_on_success(state.end_session, state.changed);
        bump_on_success(state.end_others, state.changed);
        state
    }

    /// A card's confirmation line, starting with the sentence for the plain form post that brought the
    /// browser here (`?done=`), if it was one of `sentences` (what, sentence in a locale), in the page's
    /// language.
    fn outcome(&self, sentences: &[DoneSentence]) -> RwSignal<Option<Outcome>> {
        let done = self.done.get_untracked();
        let initial = sentences
            .iter()
            .find(|(what, _)| done.as_deref() == Some(*what))
            .map(|(_, sentence)| Outcome::Done(sentence(current()).to_owned()));
        RwSignal::new(initial)
    }
}

fn bump_on_success<S>(action: ServerAction<S>, changed: RwSignal<u32>)
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            if action.value().with_untracked(|v| matches!(v, Some(Ok(_)))) {
                changed.update(|n| *n += 1);
            }
        },
        false,
    );
}

/// Writes `done`'s sentence, in the page's language of the moment, into the card's confirmation line after
/// each successful submission of `action`. A refusal clears the line: the form shows the error itself, beside
/// the field at fault.
fn confirm_into<S>(
    action: ServerAction<S>,
    outcome: RwSignal<Option<Outcome>>,
    done: impl Fn(Locale, &S::Output) -> String + 'static,
) where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            let sentence = action.value().with_untracked(|v| match v {
                Some(Ok(value)) => Some(Outcome::Done(done(current(), value))),
                _ => None,
            });
            outcome.set(sentence);
        },
        false,
    );
}

/// The error of the last submission of `action`, for its form.
fn error_of<S>(action: ServerAction<S>) -> Signal<Option<ApiError>>
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let query = use_query_map();
    let state = SecurityState::new();
    let i18n = use_i18n();
    let banner = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
            .filter(|c| *c != ErrorCode::ValidationFailed)
            .map(|code| words::refusal(i18n.get_locale(), code))
    };

    view! {
        <Title text=move || t_string!(i18n, security.title)/>
        <h1>{t!(i18n, security.title)}</h1>
        <Show when=move || banner().is_some()>
            <p class="form-error outcome" role="alert" data-testid="security-error">{banner}</p>
        </Show>
        <div class="security-grid">
            <password::ChangePasswordCard state/>
            <two_factor::TwoFactorCard state/>
        </div>
        <sessions::SessionsCard state/>
        <history::HistoryCard state/>
    }
}

/// A labelled input of one of the page's forms, with the server's message for it. `form` keeps the ids of
/// the several `password` and `code` inputs apart.
#[component]
fn FormField(
    form: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "password")] kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let id = format!("{form}-{name}");
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
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                required=true
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id data-testid=format!("{form}-{name}-error")>{message}</p>
        </div>
    }
}

/// A form's submit button, worded for the wait while it is sent.
#[component]
fn Submit(
    pending: Memo<bool>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] busy: Signal<String>,
    #[prop(default = "button primary compact")] class: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class=class disabled=move || pending.get()>
            {move || if pending.get() { busy.get() } else { label.get() }}
        </button>
    }
}
