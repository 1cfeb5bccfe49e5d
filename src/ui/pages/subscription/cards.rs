//! Saved cards: list, add from a provider test token, make default, remove. The full card number never
//! reaches the server; the provider's token stands for the card (here, one of its test tokens).

use crate::{
    api::billing::{
        list_payment_methods, AddPaymentMethod, PaymentMethod, RemovePaymentMethod,
        SetDefaultPaymentMethod,
    },
    ui::components::{
        format,
        outcome::{report, Outcome, OutcomeMessage},
    },
};
use leptos::{either::Either, prelude::*};

/// The test provider's tokens, as the select offers them.
const TEST_TOKENS: [(&str, &str); 4] = [
    ("tok_visa", "Visa ending 4242"),
    ("tok_mastercard", "Mastercard ending 4444"),
    ("tok_amex", "American Express ending 8431"),
    ("tok_visa_debit", "Visa debit ending 5556"),
];

#[derive(Clone, Copy)]
struct CardActions {
    add: ServerAction<AddPaymentMethod>,
    remove: ServerAction<RemovePaymentMethod>,
    make_default: ServerAction<SetDefaultPaymentMethod>,
}

fn card_name(card: &PaymentMethod) -> String {
    format!("{} ending {}", format::card_brand(&card.brand), card.last4)
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
    report(actions.add, outcome, |card| {
        let default = if card.is_default {
            " It is your default card."
        } else {
            ""
        };
        format!("Added {}.{default}", card_name(card))
    });
    report(actions.remove, outcome, |_| "Card removed.".to_owned());
    report(actions.make_default, outcome, |card| {
        format!("{} is now your default card.", card_name(card))
    });
    let adding = actions.add.pending();

    view! {
        <section class="card" aria-labelledby="cards-heading">
            <h2 id="cards-heading">"Payment methods"</h2>
            <OutcomeMessage outcome testid="card-outcome"/>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your cards…"</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(list) if list.payment_methods.is_empty() => Either::Left(Either::Left(view! {
                            <p class="empty" data-testid="no-cards">"No saved cards yet. Add one below."</p>
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
                                <p>"We could not load your cards: " {e.message}</p>
                                <a href="/subscription" rel="external">"Try again"</a>
                            </div>
                        }),
                    }
                })}
            </Transition>
            <ActionForm action=actions.add attr:class="add-card">
                <div class="field">
                    <label for="card-token">"Test card"</label>
                    <select id="card-token" name="token">
                        {TEST_TOKENS
                            .iter()
                            .map(|(token, label)| view! { <option value=*token>{*label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button primary compact" disabled=move || adding.get()>"Add card"</button>
            </ActionForm>
            <p class="hint">"Cards come from the billing provider's test tokens; no card number reaches this server."</p>
        </section>
    }
}

#[component]
fn CardRow(card: PaymentMethod, actions: CardActions) -> impl IntoView {
    let name = card_name(&card);
    let busy = Signal::derive(move || {
        actions.remove.pending().get() || actions.make_default.pending().get()
    });
    let (id, label) = (card.id.clone(), name.clone());
    let make_default = (!card.is_default).then(move || {
        view! {
            <ActionForm action=actions.make_default attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button ghost small" disabled=busy>
                    "Make default" <span class="visually-hidden">" " {label}</span>
                </button>
            </ActionForm>
        }
    });
    view! {
        <li class="payment-method" data-testid="payment-method" data-default=card.is_default.to_string()>
            <div class="card-text">
                <span class="card-name">{name.clone()}</span>
                <span class="muted small">{format!("Expires {:02}/{}", card.exp_month, card.exp_year)}</span>
                {card.is_default.then(|| view! { <span class="badge default">"Default"</span> })}
            </div>
            <div class="card-actions">
                {make_default}
                <ActionForm action=actions.remove attr:class="inline-form">
                    <input type="hidden" name="id" value=card.id.clone()/>
                    <button type="submit" class="button ghost small danger-text" disabled=busy>
                        "Remove" <span class="visually-hidden">" " {name.clone()}</span>
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}
