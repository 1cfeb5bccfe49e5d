//! The overview's widgets: which are shown and in what order.
//!
//! Every change is a button in a small form (move up, move down, hide, show), so the list is arranged from the
//! keyboard — no dragging — and without JavaScript. With JavaScript the list follows the saved order at once,
//! focus returns to the button just pressed (its row may have moved), and a live region says where the widget
//! now is.

use crate::{
    api::settings::{ArrangeWidget, WIDGETS},
    ui::{
        components::outcome::{remember_input, report, Outcome, OutcomeMessage},
        i18n::{t, td_string, use_i18n},
        locale::{fill, Locale},
    },
};
use leptos::prelude::*;

/// The words for a widget's key.
pub fn widget_name(locale: Locale, key: &str) -> &'static str {
    match key {
        "call_statistics" => td_string!(locale, settings.widgets.call_statistics),
        "subscription_status" => td_string!(locale, settings.widgets.subscription_status),
        "recent_calls" => td_string!(locale, settings.widgets.recent_calls),
        "usage" => td_string!(locale, settings.widgets.usage),
        "recent_activity" => td_string!(locale, settings.widgets.recent_activity),
        "notifications" => td_string!(locale, settings.widgets.notifications),
        "quick_actions" => td_string!(locale, settings.widgets.quick_actions),
        _ => td_string!(locale, settings.widgets.widget),
    }
}

#[component]
pub fn Widgets(shown: Vec<String>) -> impl IntoView {
    let action = ServerAction::<ArrangeWidget>::new();
    let shown = RwSignal::new(shown);
    let outcome = RwSignal::new(None::<Outcome>);
    let i18n = use_i18n();
    let sent = remember_input(action);
    report(action, outcome, move |p| {
        let locale = i18n.get_locale_untracked();
        let Some(ArrangeWidget { widget, change }) = sent.get_value() else {
            return td_string!(locale, settings.widgets.saved).to_owned();
        };
        let name = widget_name(locale, &widget);
        let count = |n: usize| crate::ui::components::format::count(locale, n as i64);
        match p.dashboard_widgets.iter().position(|w| *w == widget) {
            Some(i) if change != "show" => fill(
                td_string!(locale, settings.widgets.moved),
                &[
                    ("name", name),
                    ("i", &count(i + 1)),
                    ("n", &count(p.dashboard_widgets.len())),
                ],
            ),
            Some(_) => fill(
                td_string!(locale, settings.widgets.shown_last),
                &[("name", name)],
            ),
            None => fill(
                td_string!(locale, settings.widgets.is_hidden),
                &[("name", name)],
            ),
        }
    });
    // The saved list replaces ours, then focus goes back to the control that was used (or, after hide and
    // show, to the control that undoes it), since the row it was in may have moved or changed list.
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            let Some(Ok(saved)) = action.value().get_untracked() else {
                return;
            };
            shown.set(saved.dashboard_widgets);
            if let Some(input) = sent.get_value() {
                refocus(&input.widget, &input.change);
            }
        },
        false,
    );
    let hidden = move || {
        shown.with(|list| {
            WIDGETS
                .iter()
                .filter(|w| !list.iter().any(|s| s == *w))
                .map(|w| (*w).to_owned())
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section class="card widgets-card" aria-labelledby="widgets-heading">
            <h2 id="widgets-heading">{t!(i18n, settings.widgets.heading)}</h2>
            <p class="hint">{t!(i18n, settings.widgets.hint)}</p>
            <OutcomeMessage outcome testid="widgets-outcome"/>
            <h3 id="shown-widgets">{t!(i18n, settings.widgets.shown)}</h3>
            <ol class="widget-list" aria-labelledby="shown-widgets" data-testid="shown-widgets">
                {move || {
                    let list = shown.get();
                    let count = list.len();
                    list.into_iter()
                        .enumerate()
                        .map(|(i, widget)| view! { <ShownWidget widget position=i + 1 count action/> })
                        .collect_view()
                }}
            </ol>
            <Show when=move || shown.with(Vec::is_empty)>
                <p class="empty">{t!(i18n, settings.widgets.none)}</p>
            </Show>
            <h3 id="hidden-widgets">{t!(i18n, settings.widgets.hidden)}</h3>
            <ul class="widget-list" aria-labelledby="hidden-widgets" data-testid="hidden-widgets">
                {move || hidden().into_iter().map(|widget| view! { <HiddenWidget widget action/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ShownWidget(
    widget: String,
    position: usize,
    count: usize,
    action: ServerAction<ArrangeWidget>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = widget.clone();
    let name = move || widget_name(i18n.get_locale(), &key);
    let label = {
        let name = name.clone();
        move |template: fn(Locale) -> &'static str| {
            let name = name.clone();
            Signal::derive(move || fill(template(i18n.get_locale()), &[("name", name())]))
        }
    };
    let text = move |template: fn(Locale) -> &'static str| {
        Signal::derive(move || template(i18n.get_locale()).to_owned())
    };
    let pending = action.pending();
    let (row, field) = (widget.clone(), widget.clone());
    view! {
        <li class="widget-row" data-widget=row>
            <span class="widget-name">{name.clone()}</span>
            <ActionForm action attr:class="widget-controls">
                <input type="hidden" name="widget" value=field/>
                <WidgetButton widget=widget.clone() change="up" label=label(|l| td_string!(l, settings.widgets.move_up))
                    text=text(|l| td_string!(l, settings.widgets.up)) disabled=position == 1 pending/>
                <WidgetButton widget=widget.clone() change="down" label=label(|l| td_string!(l, settings.widgets.move_down))
                    text=text(|l| td_string!(l, settings.widgets.down)) disabled=position == count pending/>
                <WidgetButton widget change="hide" label=label(|l| td_string!(l, settings.widgets.hide_label))
                    text=text(|l| td_string!(l, settings.widgets.hide)) disabled=false pending/>
            </ActionForm>
        </li>
    }
}

#[component]
fn HiddenWidget(widget: String, action: ServerAction<ArrangeWidget>) -> impl IntoView {
    let i18n = use_i18n();
    let key = widget.clone();
    let name = move || widget_name(i18n.get_locale(), &key);
    let label = {
        let name = name.clone();
        Signal::derive(move || {
            fill(
                td_string!(i18n.get_locale(), settings.widgets.show_label),
                &[("name", name())],
            )
        })
    };
    let text =
        Signal::derive(move || td_string!(i18n.get_locale(), settings.widgets.show).to_owned());
    let pending = action.pending();
    let (row, field) = (widget.clone(), widget.clone());
    view! {
        <li class="widget-row" data-widget=row>
            <span class="widget-name">{name.clone()}</span>
            <ActionForm action attr:class="widget-controls">
                <input type="hidden" name="widget" value=field/>
                <WidgetButton widget change="show" label text disabled=false pending/>
            </ActionForm>
        </li>
    }
}

/// A submit button that sends `change`. At the ends of the list "up"/"down" is marked `aria-disabled` rather
/// than `disabled`, so it stays focusable: focus must not vanish when a widget reaches the top.
#[component]
fn WidgetButton(
    widget: String,
    change: &'static str,
    label: Signal<String>,
    text: Signal<String>,
    disabled: bool,
    pending: Memo<bool>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            name="change"
            value=change
            id=format!("widget-{widget}-{change}")
            class="button ghost small"
            aria-label=label
            aria-disabled=disabled.then_some("true")
            disabled=move || pending.get()
        >
            {text}
        </button>
    }
}

/// Puts focus on the control for `widget` that follows `change`: the same button after a move, the undoing
/// one after hide or show.
fn refocus(widget: &str, change: &str) {
    let target = match change {
        "hide" => "show",
        "show" => "hide",
        other => other,
    };
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let id = format!("widget-{widget}-{target}");
        // After the list has been redrawn with the saved order.
        request_animation_frame(move || {
            if let Some(el) = document()
                .get_element_by_id(&id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (widget, target);
}
