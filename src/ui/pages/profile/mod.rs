//! `/profile`: personal information, avatar, contact details and verification status.
//!
//! The profile is loaded once; the forms are then rendered from it and never re-rendered by a save, so a
//! keyboard user keeps their place. What a save changes (the pending email, the avatar, the facts below) is
//! read from `current`, which every successful save replaces.
//!
//! Without JavaScript every form still posts: the personal information and the avatar removal go to server
//! functions (their field errors come back in the URL, see `server::web`), and the avatar upload form posts the
//! file to the REST endpoint, which sends the browser back here.

mod avatar;
mod details;
mod personal;

use crate::{
    api::{
        dashboard::Profile,
        profile::{get_profile, DeleteAvatar, UpdateProfile},
        ErrorCode,
    },
    ui::{
        components::{outcome::Outcome, shell::HeaderUser, states::ErrorState},
        i18n::{t, t_string, use_i18n},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page's actions and shared state, created once per visit.
#[derive(Clone, Copy)]
struct ProfileState {
    update: ServerAction<UpdateProfile>,
    delete_avatar: ServerAction<DeleteAvatar>,
    /// The profile as last saved.
    current: RwSignal<Option<Profile>>,
    /// The avatar card's last result (upload or removal).
    avatar_outcome: RwSignal<Option<Outcome>>,
    /// `?error=` after a form posted without JavaScript was refused.
    code: Signal<Option<ErrorCode>>,
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let query = use_query_map();
    let state = ProfileState {
        update: ServerAction::new(),
        delete_avatar: ServerAction::new(),
        current: RwSignal::new(None),
        avatar_outcome: RwSignal::new(None),
        code: Signal::derive(move || {
            query
                .with(|q| q.get("error"))
                .and_then(|c| ErrorCode::parse(&c))
        }),
    };
    follow_saves(state);
    let profile = Resource::new(|| (), |_| get_profile());
    let i18n = use_i18n();

    view! {
        <Title text=move || t_string!(i18n, profile.title)/>
        <h1>{t!(i18n, profile.title)}</h1>
        <Suspense fallback=move || view! { <p class="loading card" role="status">{t!(i18n, profile.loading)}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => {
                        state.current.set(Some(p.clone()));
                        Either::Left(view! {
                            <div class="profile-grid">
                                <personal::PersonalInfo profile=p.clone() state/>
                                <avatar::AvatarCard profile=p state/>
                                <details::ContactDetails state/>
                                <details::Verification state/>
                            </div>
                        })
                    }
                    Err(e) => Either::Right(view! { <ErrorState error=e/> }),
                }
            })}
        </Suspense>
    }
}

/// Keeps `current` equal to what the server last returned, and the header's name in step with it (without
/// refetching the session, which would draw this page afresh and drop the message of the save).
fn follow_saves(state: ProfileState) {
    let header = use_context::<HeaderUser>();
    let take = move |saved: Option<Result<Profile, crate::api::ApiError>>| {
        if let Some(Ok(profile)) = saved {
            if let Some(HeaderUser(user)) = header {
                user.update(|u| {
                    u.first_name.clone_from(&profile.first_name);
                    u.last_name.clone_from(&profile.last_name);
                    u.email.clone_from(&profile.email);
                });
            }
            state.current.set(Some(profile));
        }
    };
    Effect::watch(
        move || state.update.version().get(),
        move |_, _, _| take(state.update.value().get_untracked()),
        false,
    );
    Effect::watch(
        move || state.delete_avatar.version().get(),
        move |_, _, _| take(state.delete_avatar.value().get_untracked()),
        false,
    );
}
