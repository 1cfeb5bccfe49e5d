//! `/support/contact`: the contact form, the confirmation with the ticket's number (`?ticket=`, so it shows
//! after a post without JavaScript too), and the user's tickets.

use crate::{
    api::{
        support::{my_tickets, CreateTicket, SupportTicket, CATEGORIES, MESSAGE_MAX, SUBJECT_MAX},
        ApiError, ErrorCode,
    },
    ui::components::{
        format,
        forms::{Field, FormError},
    },
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

fn category_label(code: &str) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("Other", |(_, label)| label)
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

    view! {
        <Title text="Contact support"/>
        <p class="breadcrumb"><A href="/support">"← Support"</A></p>
        <h1>"Contact support"</h1>
        {move || ticket.get().map(|number| view! {
            <p class="notice success" role="status" data-testid="ticket-confirmation">
                "Thank you — we received your request. Your ticket number is "
                <strong>{number}</strong>
                ". We will reply by email."
            </p>
        })}
        <section class="card" aria-labelledby="contact-form-heading">
            <h2 id="contact-form-heading">"Write to us"</h2>
            <FormError error code/>
            <ActionForm action=create attr:class="contact-form">
                <Field name="subject" label="Subject" required=true error/>
                <CategorySelect error/>
                <MessageArea error/>
                <button type="submit" class="button primary" disabled=pending>
                    {move || if pending.get() { "Sending…" } else { "Send" }}
                </button>
            </ActionForm>
            <p class="hint">{format!("Subject up to {SUBJECT_MAX} characters; message up to {MESSAGE_MAX}.")}</p>
        </section>
        <section class="card" aria-labelledby="tickets-heading">
            <h2 id="tickets-heading">"Your tickets"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your tickets…"</p> }>
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
    let message = move || {
        error
            .get()
            .and_then(|e| e.field("category").map(str::to_owned))
    };
    view! {
        <div class="field">
            <label for="field-category">"Category"</label>
            <select
                id="field-category"
                name="category"
                required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby="field-category-error"
            >
                {CATEGORIES
                    .iter()
                    .map(|(code, label)| view! { <option value=*code>{*label}</option> })
                    .collect_view()}
            </select>
            <p class="field-error" id="field-category-error">{message}</p>
        </div>
    }
}

#[component]
fn MessageArea(error: Signal<Option<ApiError>>) -> impl IntoView {
    let message = move || {
        error
            .get()
            .and_then(|e| e.field("message").map(str::to_owned))
    };
    view! {
        <div class="field">
            <label for="field-message">"Message"</label>
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
    if tickets.is_empty() {
        return Either::Left(view! { <p class="empty">"You have not contacted support yet."</p> });
    }
    Either::Right(view! {
        <ul class="ticket-list" data-testid="ticket-list">
            {tickets
                .into_iter()
                .map(|t| view! {
                    <li class="ticket">
                        <div class="ticket-head">
                            <strong>{t.subject}</strong>
                            <span class="badge">{t.status}</span>
                        </div>
                        <p class="muted small">
                            {t.number} " · " {category_label(&t.category)} " · " {format::date_time(crate::ui::locale::current(), &t.created_at)}
                        </p>
                    </li>
                })
                .collect_view()}
        </ul>
    })
}
