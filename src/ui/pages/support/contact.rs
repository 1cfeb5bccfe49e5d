//! `/support/contact`: the contact form, the confirmation with the ticket's number (`?ticket=`, so it shows
//! after a post without JavaScript too), and the user's tickets.

use crate::{
    api::{
        support::{my_tickets, CreateTicket, SupportTicket, CATEGORIES, MESSAGE_MAX, SUBJECT_MAX},
        ApiError, ErrorCode,
    },
    tr,
    ui::{
        components::{
            format,
            forms::{Field, FormError},
        },
        i18n::{t, t_string, td_string, use_i18n},
        locale::{fill, Locale},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

/// A ticket category's name in the locale (`CATEGORIES` holds the codes the server accepts).
fn category_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "account" => td_string!(locale, support.contact_page.categories.account),
        "billing" => td_string!(locale, support.contact_page.categories.billing),
        "calls" => td_string!(locale, support.contact_page.categories.calls),
        "technical" => td_string!(locale, support.contact_page.categories.technical),
        _ => td_string!(locale, support.contact_page.categories.other),
    }
}

/// A ticket's status word in the locale.
fn status_label(locale: Locale, status: &str) -> String {
    match status {
        "open" => td_string!(locale, support.contact_page.status.open).to_owned(),
        "answered" => td_string!(locale, support.contact_page.status.answered).to_owned(),
        "closed" => td_string!(locale, support.contact_page.status.closed).to_owned(),
        other => format::status(other),
    }
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let query = use_query_map();
    let code = Signal::derive(move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| ErrorCode::parse(&c))
    });
    let ticket = Memo::new(move |_| query.with(|q| q.get("ticket")));
    let create = ServerAction::<CreateTicket>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let pending = create.pending();
    let tickets = Resource::new(move || create.version().get(), |_| my_tickets());

    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <Title text=move || t_string!(i18n, support.contact)/>
        <p class="breadcrumb"><A href="/support">{t!(i18n, support.back)}</A></p>
        <h1>{t!(i18n, support.contact)}</h1>
        {move || ticket.get().map(|number| {
            // The number is data inside a translated sentence: it is isolated so it keeps its own direction.
            let sentence = t_string!(i18n, support.contact_page.sent);
            let (before, after) = sentence.split_once("{number}").unwrap_or((sentence, ""));
            view! {
                <p class="notice success" role="status" data-testid="ticket-confirmation">
                    {before} <strong><bdi>{number}</bdi></strong> {after}
                </p>
            }
        })}
        <section class="card" aria-labelledby="contact-form-heading">
            <h2 id="contact-form-heading">{t!(i18n, support.contact_page.write)}</h2>
            <FormError error code/>
            <ActionForm action=create attr:class="contact-form">
                <Field name="subject" label=tr!(i18n, support.contact_page.subject) required=true error/>
                <CategorySelect error/>
                <MessageArea error/>
                <button type="submit" class="button primary" disabled=pending>
                    {move || if pending.get() {
                        t_string!(i18n, support.contact_page.sending)
                    } else {
                        t_string!(i18n, support.contact_page.send)
                    }}
                </button>
            </ActionForm>
            <p class="hint">{move || {
                let l = locale();
                fill(
                    t_string!(i18n, support.contact_page.limits),
                    &[
                        ("subject", &format::count(l, SUBJECT_MAX as i64)),
                        ("message", &format::count(l, MESSAGE_MAX as i64)),
                    ],
                )
            }}</p>
        </section>
        <section class="card" aria-labelledby="tickets-heading">
            <h2 id="tickets-heading">{t!(i18n, support.contact_page.tickets)}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, support.contact_page.loading_tickets)}</p> }>
                {move || Suspend::new(async move {
                    match tickets.await {
                        Ok(list) => Either::Left(view! { <TicketList tickets=list.tickets/> }),
                        Err(e) => Either::Right(view! { <p class="form-error" role="alert">{e.message}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CategorySelect(error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field("category").map(str::to_owned))
    };
    view! {
        <div class="field">
            <label for="field-category">{t!(i18n, support.contact_page.category)}</label>
            <select
                id="field-category"
                name="category"
                required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby="field-category-error"
            >
                {CATEGORIES
                    .iter()
                    .map(|&(code, _)| view! {
                        <option value=code>{move || category_label(i18n.get_locale(), code)}</option>
                    })
                    .collect_view()}
            </select>
            <p class="field-error" id="field-category-error">{message}</p>
        </div>
    }
}

#[component]
fn MessageArea(error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field("message").map(str::to_owned))
    };
    view! {
        <div class="field">
            <label for="field-message">{t!(i18n, support.contact_page.message)}</label>
            <textarea
                id="field-message"
                name="message"
                rows="6"
                required
                minlength="10"
                maxlength=MESSAGE_MAX.to_string()
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby="field-message-error"
            ></textarea>
            <p class="field-error" id="field-message-error">{message}</p>
        </div>
    }
}

#[component]
fn TicketList(tickets: Vec<SupportTicket>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    if tickets.is_empty() {
        return Either::Left(
            view! { <p class="empty">{t!(i18n, support.contact_page.no_tickets)}</p> },
        );
    }
    Either::Right(view! {
        <ul class="ticket-list" data-testid="ticket-list">
            {tickets
                .into_iter()
                .map(|ticket| {
                    let SupportTicket { subject, status, number, category, created_at, .. } = ticket;
                    view! {
                        <li class="ticket">
                            <div class="ticket-head">
                                <strong>{subject}</strong>
                                <span class="badge">{move || status_label(locale(), &status)}</span>
                            </div>
                            <p class="muted small">
                                <bdi>{number}</bdi> " · " {move || category_label(locale(), &category)} " · "
                                {move || format::date_time(locale(), &created_at)}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    })
}
