//! What became of the last form a user sent: a sentence of success, or the server's own error message.
//!
//! Several forms of one section (add, remove, make default) share one message line, so the user reads what
//! their last click did, not a pile of older results.

use crate::api::ApiError;
use leptos::{either::Either, prelude::*, server_fn::ServerFn};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done(String),
    Failed(String),
}

/// The message of an error, preferring the one that names a field: a refused plan change says
/// "You are already on the Business plan.", not "Some fields are not valid.".
pub fn describe(error: &ApiError) -> String {
    error
        .fields
        .values()
        .flatten()
        .next()
        .cloned()
        .unwrap_or_else(|| error.message.clone())
}

/// Writes the result of each completed submission of `action` into `outcome`, worded by `done`.
pub fn report<S>(
    action: ServerAction<S>,
    outcome: RwSignal<Option<Outcome>>,
    done: impl Fn(&S::Output) -> String + 'static,
) where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            let message = action.value().with_untracked(|v| {
                v.as_ref().map(|result| match result {
                    Ok(value) => Outcome::Done(done(value)),
                    Err(e) => Outcome::Failed(describe(e)),
                })
            });
            if message.is_some() {
                outcome.set(message);
            }
        },
        false,
    );
}

/// What was last sent through `action`. Leptos clears `action.input()` in the same step that bumps
/// `version()` (the call has resolved), so an effect watching the version never sees the input; a message
/// that names what was sent ("Usage is now 1 of 5.") reads it from here instead.
pub fn remember_input<S>(action: ServerAction<S>) -> StoredValue<Option<S>>
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let last = StoredValue::new(None);
    // The input is set when the form is dispatched and the effect runs before the request can answer.
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            last.set_value(Some(input));
        }
    });
    last
}

/// The line that shows an `Outcome`: a polite status for a success, an alert for a failure.
#[component]
pub fn OutcomeMessage(
    outcome: RwSignal<Option<Outcome>>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Outcome::Done(text) => Either::Left(view! {
                <p class="notice success" role="status" data-testid=testid>{text}</p>
            }),
            Outcome::Failed(text) => Either::Right(view! {
                <p class="form-error outcome" role="alert" data-testid=testid>{text}</p>
            }),
        })
    }
}
