//! The billing history: the invoices, newest first.

use crate::{api::billing::Invoice, ui::components::format};
use leptos::{either::Either, prelude::*};

#[component]
pub fn BillingHistory(invoices: Vec<Invoice>) -> impl IntoView {
    let body = if invoices.is_empty() {
        Either::Left(view! { <p class="empty" data-testid="no-invoices">"No invoices yet."</p> })
    } else {
        Either::Right(view! {
            // Wide tables scroll inside their card on a phone instead of widening the page.
            <div class="table-scroll">
                <table class="data-table" data-testid="billing-history">
                    <thead>
                        <tr>
                            <th scope="col">"Invoice"</th>
                            <th scope="col">"Period"</th>
                            <th scope="col" class="numeric">"Amount"</th>
                            <th scope="col">"Status"</th>
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
            <h2 id="history-heading">"Billing history"</h2>
            {body}
        </section>
    }
}

#[component]
fn InvoiceRow(invoice: Invoice) -> impl IntoView {
    let locale = crate::ui::locale::current();
    view! {
        <tr>
            <th scope="row">{invoice.number}</th>
            <td>{format::date(locale, &invoice.period_start)} " – " {format::date(locale, &invoice.period_end)}</td>
            <td class="numeric">
                {format::money(locale, invoice.amount, &invoice.currency)} " "
                <span class="currency">{invoice.currency.clone()}</span>
            </td>
            <td><span class=format!("badge status-{}", invoice.status)>{super::status_label(locale, &invoice.status)}</span></td>
        </tr>
    }
}
