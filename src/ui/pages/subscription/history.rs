//! The billing history: the invoices, newest first.

use crate::{
    api::billing::Invoice,
    ui::{
        components::format,
        i18n::{t, use_i18n},
    },
};
use leptos::{either::Either, prelude::*};

#[component]
pub fn BillingHistory(invoices: Vec<Invoice>) -> impl IntoView {
    let i18n = use_i18n();
    let body = if invoices.is_empty() {
        Either::Left(
            view! { <p class="empty" data-testid="no-invoices">{t!(i18n, subscription.history.none)}</p> },
        )
    } else {
        Either::Right(view! {
            // Wide tables scroll inside their card on a phone instead of widening the page.
            <div class="table-scroll">
                <table class="data-table" data-testid="billing-history">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, subscription.history.invoice)}</th>
                            <th scope="col">{t!(i18n, common.period)}</th>
                            <th scope="col" class="numeric">{t!(i18n, subscription.history.amount)}</th>
                            <th scope="col">{t!(i18n, subscription.history.status)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {invoices.into_iter().map(|invoice| view! { <InvoiceRow invoice/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">{t!(i18n, subscription.history.heading)}</h2>
            {body}
        </section>
    }
}

#[component]
fn InvoiceRow(invoice: Invoice) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let Invoice {
        number,
        period_start,
        period_end,
        amount,
        currency,
        status,
        ..
    } = invoice;
    let (money_currency, label) = (currency.clone(), status.clone());
    view! {
        <tr>
            <th scope="row">{number}</th>
            <td>{move || format::date(locale(), &period_start)} " – " {move || format::date(locale(), &period_end)}</td>
            <td class="numeric">
                {move || format::money(locale(), amount, &money_currency)} " "
                <span class="currency">{currency}</span>
            </td>
            <td><span class=format!("badge status-{status}")>{move || super::status_label(locale(), &label)}</span></td>
        </tr>
    }
}
