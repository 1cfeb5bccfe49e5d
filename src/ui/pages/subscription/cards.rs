//! Saved cards: list, add from a provider test token, make default, remove. The full card number never
//! reaches the server; the provider's token stands for the card (here, one of its test tokens).

use crate::{
    api::billing::{
        list_payment_methods, AddPaymentMethod, PaymentMethod, RemovePaymentMethod,
        SetDefaultPaymentMethod,
    },
    ui::{
        components::{
            format,
            outcome::{report, Outcome, OutcomeMessage},
        },
        i18n::{t, td_string, use_i18n},
        locale::{current, fill, Locale},
    },
};
use leptos::{either::Either, prelude::*};

/// The test provider's tokens, as the select offers them: token, brand, last four digits, debit or not.
const TEST_TOKENS: [(&str, &str, &str, bool); 4] = [
    ("tok_visa", "visa", "4242", false),
    ("tok_mastercard", "mastercard", "4444", false),
    ("tok_amex", "amex", "8431", false),
    ("tok_visa_debit", "visa", "5556", true),
];

#[derive(Clone, Copy)]
struct CardActions {
    add: ServerAction<AddPaymentMethod>,
    remove: ServerAction<RemovePaymentMethod>,
    make_default: ServerAction<SetDefaultPaymentMethod>,
}

/// `Visa ending 4242` in the locale (the last four digits stay as printed on the card).
fn card_words(locale: Locale, brand: &str, last4: &str, debit: bool) -> String {
    let template = if debit {
        td_string!(locale, subscription.cards.debit)
    } else {
        td_string!(locale, subscription.cards.name)
    };
    fill(
        template,
        &[("brand", &format::card_brand(brand)), ("last4", last4)],
    )
}

fn card_name(locale: Locale, card: &PaymentMethod) -> String {
    card_words(locale, &card.brand, &card.last4, false)
}

#[component]
pub fn PaymentMethods() -> impl IntoView {
    let actions = CardActions {
        add: ServerAction::new(),
        remove: ServerAction::new(),
        make_default: ServerAction::new(),
    };
    let cards = Resource::new(
        move || {
            (
                actions.add.version().get(),
                actions.remove.version().get(),
                actions.make_default.version().get(),
            )
        },
        |_| list_payment_methods(),
    );
    let outcome = RwSignal::new(None::<Outcome>);
    // An outcome is worded once, in the language of the moment it happened.
    report(actions.add, outcome, |card| {
        let locale = current();
        let template = if card.is_default {
            td_string!(locale, subscription.cards.added_default)
        } else {
            td_string!(locale, subscription.cards.added)
        };
        fill(template, &[("card", &card_name(locale, card))])
    });
    report(actions.remove, outcome, |_| {
        td_string!(current(), subscription.cards.removed).to_owned()
    });
    report(actions.make_default, outcome, |card| {
        let locale = current();
        fill(
            td_string!(locale, subscription.cards.now_default),
            &[("card", &card_name(locale, card))],
        )
    });
    let adding = actions.add.pending();
    let i18n = use_i18n();

    view! {
        <section class="card" aria-labelledby="cards-heading">
            <h2 id="cards-heading">{t!(i18n, subscription.cards.heading)}</h2>
            <OutcomeMessage outcome testid="card-outcome"/>
            <Transition fallback=move || view! { <p class="loading" role="status">{t!(i18n, subscription.cards.loading)}</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(list) if list.payment_methods.is_empty() => Either::Left(Either::Left(view! {
                            <p class="empty" data-testid="no-cards">{t!(i18n, subscription.cards.none)}</p>
                        })),
                        Ok(list) => Either::Left(Either::Right(view! {
                            <ul class="payment-methods">
                                {list
                                    .payment_methods
                                    .into_iter()
                                    .map(|card| view! { <CardRow card actions/> })
                                    .collect_view()}
                            </ul>
                        })),
                        Err(e) => Either::Right(view! {
                            <div role="alert">
                                <p>{t!(i18n, subscription.cards.load_failed)} {e.message}</p>
                                <a href="/subscription" rel="external">{t!(i18n, common.try_again)}</a>
                            </div>
                        }),
                    }
                })}
            </Transition>
            <ActionForm action=actions.add attr:class="add-card">
                <div class="field">
                    <label for="card-token">{t!(i18n, subscription.cards.test_card)}</label>
                    <select id="card-token" name="token">
                        {TEST_TOKENS
                            .iter()
                            .map(|&(token, brand, last4, debit)| view! {
                                <option value=token>{move || card_words(i18n.get_locale(), brand, last4, debit)}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button primary compact" disabled=move || adding.get()>{t!(i18n, subscription.cards.add)}</button>
            </ActionForm>
            <p class="hint">{t!(i18n, subscription.cards.hint)}</p>
        </section>
    }
}

#[component]
fn CardRow(card: PaymentMethod, actions: CardActions) -> impl IntoView {
    let i18n = use_i18n();
    let name = {
        let card = card.clone();
        Signal::derive(move || card_name(i18n.get_locale(), &card))
    };
    let busy = Signal::derive(move || {
        actions.remove.pending().get() || actions.make_default.pending().get()
    });
    let (id, label) = (card.id.clone(), name);
    let make_default = (!card.is_default).then(move || {
        view! {
            <ActionForm action=actions.make_default attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button ghost small" disabled=busy>
                    {t!(i18n, subscription.cards.make_default)} <span class="visually-hidden">" " {label}</span>
                </button>
            </ActionForm>
        }
    });
    let (exp_month, exp_year) = (card.exp_month, card.exp_year);
    view! {
        <li class="payment-method" data-testid="payment-method" data-default=card.is_default.to_string()>
            <div class="card-text">
                <span class="card-name">{name}</span>
                <span class="muted small">{move || {
                    let l = i18n.get_locale();
                    let date = format::digits(l, &format!("{:02}/{}", exp_month, exp_year));
                    fill(td_string!(l, subscription.cards.expires), &[("date", &date)])
                }}</span>
                {card.is_default.then(|| view! { <span class="badge default">{t!(i18n, subscription.cards.default)}</span> })}
            </div>
            <div class="card-actions">
                {make_default}
                <ActionForm action=actions.remove attr:class="inline-form">
                    <input type="hidden" name="id" value=card.id.clone()/>
                    <button type="submit" class="button ghost small danger-text" disabled=busy>
                        {t!(i18n, subscription.cards.remove)} <span class="visually-hidden">" " {name}</span>
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}
