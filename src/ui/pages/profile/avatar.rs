//! The avatar: the current picture (or the initial), a file chooser with a preview, an upload with a progress
//! bar, and removal.
//!
//! The upload is one `<form method=post enctype=multipart/form-data>` aimed at the REST endpoint, so without
//! JavaScript the browser posts the file itself and is sent back here. With JavaScript the form's submission
//! is taken over and the file is sent with `XMLHttpRequest`: its `upload.onprogress` events are the only
//! browser API that reports how much of a request *body* has been sent. `fetch` (and gloo-net, built on it)
//! exposes progress only for the response body; streaming request bodies would need HTTP/2 and still report
//! nothing by themselves.

use super::ProfileState;
use crate::{
    api::{dashboard::Profile, ErrorCode},
    ui::{
        components::outcome::{report, Outcome, OutcomeMessage},
        i18n::td_string,
        locale::{current, Locale},
    },
};
use leptos::prelude::*;

/// The largest image the server accepts (`services::images::MAX_IMAGE_BYTES`), checked here first so a
/// too-large file is refused before it is sent.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const MAX_AVATAR_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
/// Where the browser sends the file: the same endpoint API clients use.
pub const UPLOAD_URL: &str = "/api/dashboard/user/avatar/";

/// Why an avatar was not saved, worded for the reader's language when it is shown. The last four only
/// happen in the browser (the upload module).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Refusal {
    TooLarge,
    WrongType,
    Unreadable,
    NoFile,
    NotStarted,
    Interrupted,
    Failed,
}

impl Refusal {
    /// The refusal a REST error code stands for (`?error=` after a post without JavaScript, or the code of
    /// the JSON error the upload got back).
    fn from_code(code: ErrorCode) -> Option<Refusal> {
        match code {
            ErrorCode::PayloadTooLarge => Some(Refusal::TooLarge),
            ErrorCode::UnsupportedMediaType => Some(Refusal::WrongType),
            ErrorCode::BadRequest => Some(Refusal::Unreadable),
            _ => None,
        }
    }

    pub fn text(self, locale: Locale) -> &'static str {
        match self {
            Refusal::TooLarge => td_string!(locale, profile.avatar_refused.too_large),
            Refusal::WrongType => td_string!(locale, profile.avatar_refused.wrong_type),
            Refusal::Unreadable => td_string!(locale, profile.avatar_refused.unreadable),
            Refusal::NoFile => td_string!(locale, profile.avatar_refused.no_file),
            Refusal::NotStarted => td_string!(locale, profile.avatar_refused.not_started),
            Refusal::Interrupted => td_string!(locale, profile.avatar_refused.interrupted),
            Refusal::Failed => td_string!(locale, profile.avatar_refused.failed),
        }
    }
}

/// What the browser knows about an upload in flight, shared with the `upload` module.
#[derive(Clone, Copy)]
pub struct Upload {
    /// Percent sent, while an upload runs.
    pub progress: RwSignal<Option<f64>>,
    /// An object URL of the chosen file, shown until the upload replaces the avatar.
    pub preview: RwSignal<Option<String>>,
    pub outcome: RwSignal<Option<Outcome>>,
    pub current: RwSignal<Option<Profile>>,
}

#[component]
pub fn AvatarCard(profile: Profile, state: ProfileState) -> impl IntoView {
    let upload = Upload {
        progress: RwSignal::new(None),
        preview: RwSignal::new(None),
        outcome: state.avatar_outcome,
        current: state.current,
    };
    if let Some(refusal) = state.code.get_untracked().and_then(Refusal::from_code) {
        upload
            .outcome
            .set(Some(Outcome::Failed(refusal.text(current()).to_owned())));
    }
    report(state.delete_avatar, state.avatar_outcome, |_| {
        td_string!(current(), profile.avatar_removed).to_owned()
    });
    let initial = profile
        .full_name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    let avatar = move || {
        upload
            .current
            .with(|p| p.as_ref().and_then(|p| p.avatar.clone()))
    };
    let shown = move || upload.preview.get().or_else(avatar);
    let removing = state.delete_avatar.pending();
    let busy = move || upload.progress.get().is_some() || removing.get();
    let i18n = crate::ui::i18n::use_i18n();

    view! {
        <section class="card avatar-card" aria-labelledby="avatar-heading">
            <h2 id="avatar-heading">{crate::ui::i18n::t!(i18n, profile.avatar)}</h2>
            <div class="avatar-row">
                {move || match shown() {
                    Some(src) => view! {
                        <img class="avatar-large" src=src alt=move || crate::ui::i18n::t_string!(i18n, profile.avatar_alt) width="96" height="96" data-testid="avatar-image"/>
                    }.into_any(),
                    None => view! {
                        <span class="avatar-large avatar-initial" data-testid="avatar-initial" aria-hidden="true">{initial.clone()}</span>
                    }.into_any(),
                }}
                <p class="muted small">
                    {move || if upload.preview.get().is_some() { crate::ui::i18n::t_string!(i18n, profile.preview_note) } else { "" }}
                </p>
            </div>
            <OutcomeMessage outcome=state.avatar_outcome testid="avatar-outcome"/>
            <form
                method="post"
                action=UPLOAD_URL
                enctype="multipart/form-data"
                class="avatar-form"
                on:submit=move |ev| on_submit(ev, upload)
            >
                <div class="field">
                    <label for="avatar-file">{crate::ui::i18n::t!(i18n, profile.choose)}</label>
                    <input
                        id="avatar-file"
                        type="file"
                        name="avatar"
                        accept="image/png,image/jpeg"
                        aria-describedby="avatar-hint"
                        on:change=move |ev| on_choose(ev, upload)
                    />
                    <p class="hint field-hint" id="avatar-hint">{crate::ui::i18n::t!(i18n, profile.avatar_hint)}</p>
                </div>
                {move || upload.progress.get().map(|percent| view! {
                    <div class="upload-progress">
                        <label for="avatar-progress">{crate::ui::i18n::t!(i18n, profile.uploading)}</label>
                        <progress id="avatar-progress" max="100" value=percent data-testid="avatar-progress">
                            {format!("{percent:.0}%")}
                        </progress>
                    </div>
                })}
                <button type="submit" class="button primary compact" disabled=busy>{crate::ui::i18n::t!(i18n, profile.upload)}</button>
            </form>
            <Show when=move || avatar().is_some()>
                <ActionForm action=state.delete_avatar attr:class="inline-form">
                    <button type="submit" class="button danger small" disabled=busy>{crate::ui::i18n::t!(i18n, profile.remove)}</button>
                </ActionForm>
            </Show>
        </section>
    }
}

/// A chosen file: refused at once when it is too large or not an image, previewed otherwise.
fn on_choose(ev: leptos::ev::Event, upload: Upload) {
    #[cfg(feature = "hydrate")]
    upload::choose(ev, upload);
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, upload);
}

fn on_submit(ev: leptos::ev::SubmitEvent, upload: Upload) {
    #[cfg(feature = "hydrate")]
    upload::submit(ev, upload);
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, upload);
}

/// Checks the browser can make before sending anything. `kind` is the browser's guess from the file name;
/// the server decides by decoding the bytes, so this only spares a pointless upload.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn check_file(size: f64, kind: &str) -> Result<(), Refusal> {
    if size > MAX_AVATAR_BYTES {
        return Err(Refusal::TooLarge);
    }
    if !kind.is_empty() && kind != "image/png" && kind != "image/jpeg" {
        return Err(Refusal::WrongType);
    }
    Ok(())
}

#[cfg(feature = "hydrate")]
mod upload {
    //! The browser side: preview with an object URL, send with `XMLHttpRequest` and follow its progress.

    use super::{check_file, Refusal, Upload, UPLOAD_URL};
    use crate::{
        api::{error::ErrorBody, ErrorCode},
        ui::{
            components::outcome::{describe, Outcome},
            i18n::td_string,
            locale::current,
        },
    };
    use leptos::prelude::*;
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{
        File, FormData, HtmlFormElement, HtmlInputElement, ProgressEvent, Url, XmlHttpRequest,
    };

    fn file_input(form: &HtmlFormElement) -> Option<HtmlInputElement> {
        form.query_selector("input[type=file]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into().ok())
    }

    fn first_file(input: &HtmlInputElement) -> Option<File> {
        input.files().and_then(|files| files.get(0))
    }

    fn set_preview(upload: Upload, url: Option<String>) {
        if let Some(old) = upload.preview.get_untracked() {
            let _ = Url::revoke_object_url(&old);
        }
        upload.preview.set(url);
    }

    fn fail(upload: Upload, message: impl Into<String>) {
        upload.outcome.set(Some(Outcome::Failed(message.into())));
    }

    fn refuse(upload: Upload, refusal: Refusal) {
        fail(upload, refusal.text(current()));
    }

    pub fn choose(ev: leptos::ev::Event, upload: Upload) {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = first_file(&input) else {
            set_preview(upload, None);
            return;
        };
        match check_file(file.size(), &file.type_()) {
            Ok(()) => {
                upload.outcome.set(None);
                set_preview(upload, Url::create_object_url_with_blob(&file).ok());
            }
            Err(refusal) => {
                set_preview(upload, None);
                input.set_value("");
                refuse(upload, refusal);
            }
        }
    }

    pub fn submit(ev: leptos::ev::SubmitEvent, upload: Upload) {
        ev.prevent_default();
        if upload.progress.get_untracked().is_some() {
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(input) = file_input(&form) else {
            return;
        };
        let Some(file) = first_file(&input) else {
            refuse(upload, Refusal::NoFile);
            return;
        };
        if let Err(refusal) = check_file(file.size(), &file.type_()) {
            refuse(upload, refusal);
            return;
        }
        if send(&file, upload, input).is_err() {
            upload.progress.set(None);
            refuse(upload, Refusal::NotStarted);
        }
    }

    /// Starts the upload. The progress handler lives until the request ends, when the `loadend` handler (which
    /// runs exactly once, after success, failure or abort) drops it, so nothing is leaked per upload.
    fn send(
        file: &File,
        upload: Upload,
        input: HtmlInputElement,
    ) -> Result<(), wasm_bindgen::JsValue> {
        let xhr = XmlHttpRequest::new()?;
        xhr.open("POST", UPLOAD_URL)?;
        xhr.set_request_header("Accept", "application/json")?;
        let body = FormData::new()?;
        body.append_with_blob("avatar", file)?;

        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                upload
                    .progress
                    .set(Some((e.loaded() / e.total() * 100.0).min(100.0)));
            }
        });
        xhr.upload()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        let keep = Rc::new(RefCell::new(Some(on_progress)));

        let request = xhr.clone();
        let on_end = Closure::once_into_js(move || {
            if let Ok(target) = request.upload() {
                target.set_onprogress(None);
            }
            keep.borrow_mut().take();
            finished(&request, upload, &input);
        });
        xhr.set_onloadend(Some(on_end.unchecked_ref()));
        upload.progress.set(Some(0.0));
        xhr.send_with_opt_form_data(Some(&body))
    }

    #[derive(serde::Deserialize)]
    struct Saved {
        avatar: Option<String>,
    }

    fn finished(xhr: &XmlHttpRequest, upload: Upload, input: &HtmlInputElement) {
        upload.progress.set(None);
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        if status == 200 {
            let saved = serde_json::from_str::<Saved>(&text).ok();
            upload.current.update(|p| {
                if let Some(p) = p {
                    p.avatar = saved.and_then(|s| s.avatar);
                }
            });
            set_preview(upload, None);
            input.set_value("");
            upload.outcome.set(Some(Outcome::Done(
                td_string!(current(), profile.avatar_saved).to_owned(),
            )));
            return;
        }
        // The server's own words when it sent the error shape (a 413 says the image is over 5 MB).
        // A refusal we know is worded in the page's language; any other error in the server's words.
        let refusal = match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => match Refusal::from_code(body.error.code) {
                Some(refusal) => refusal,
                None => return fail(upload, describe(&body.error)),
            },
            Err(_) if status == ErrorCode::PayloadTooLarge.status() => Refusal::TooLarge,
            Err(_) if status == 0 => Refusal::Interrupted,
            Err(_) => Refusal::Failed,
        };
        refuse(upload, refusal);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_browser_limit_is_the_server_limit() {
        let server = crate::server::services::images::MAX_IMAGE_BYTES as f64;
        assert_eq!(MAX_AVATAR_BYTES, server);
        assert_eq!(check_file(server, "image/png"), Ok(()));
        assert_eq!(
            check_file(server + 1.0, "image/png"),
            Err(Refusal::TooLarge)
        );
        assert_eq!(
            check_file(6.0 * 1024.0 * 1024.0, "image/jpeg"),
            Err(Refusal::TooLarge)
        );
        assert_eq!(check_file(10.0, "image/gif"), Err(Refusal::WrongType));
        // Some systems give no type; the server decides then.
        assert_eq!(check_file(10.0, ""), Ok(()));
    }
}
