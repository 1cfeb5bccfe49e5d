//! Charts drawn as SVG by our own components: a line, bars and a donut. Each has a title, axis labels and a
//! table with the same numbers for screen readers (the SVG itself is one labelled image). No JavaScript
//! chart library: the server renders the chart, so it is there before (and without) hydration.

use super::format;
use crate::ui::{
    i18n::{t_string, use_i18n},
    locale::Locale,
};
use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;

/// A round number at or above `max`, so the axis reads 0, 25, 50… rather than 0, 23.7, 47.4…
pub fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let fraction = max / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|n| fraction <= *n)
        .unwrap_or(10.0);
    nice * magnitude
}

/// A chart's number: whole numbers grouped (`1,234,567`), small fractions with one decimal (`0.5`), in the
/// locale's digits.
pub fn format_number(locale: Locale, value: f64) -> String {
    if value.fract().abs() > f64::EPSILON && value.abs() < 1000.0 {
        return format::decimal(locale, value, 1);
    }
    format::count(locale, value.round() as i64)
}

#[derive(Clone, Copy)]
struct Plot {
    max: f64,
    count: usize,
}

impl Plot {
    fn new(values: &[f64]) -> Self {
        Self {
            max: nice_ceiling(values.iter().copied().fold(0.0, f64::max)),
            count: values.len().max(1),
        }
    }

    fn x(&self, i: usize) -> f64 {
        let span = WIDTH - LEFT - RIGHT;
        if self.count == 1 {
            LEFT + span / 2.0
        } else {
            LEFT + span * i as f64 / (self.count - 1) as f64
        }
    }

    fn y(&self, v: f64) -> f64 {
        TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - v / self.max)
    }

    /// Grid lines and value labels of the y axis.
    fn y_axis(&self, locale: Locale) -> impl IntoView {
        (0..=4)
            .map(|k| {
                let value = self.max * k as f64 / 4.0;
                let y = self.y(value);
                view! {
                    <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y/>
                    <text class="axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{format_number(locale, value)}</text>
                }
            })
            .collect_view()
    }

    /// About six evenly spaced labels along the x axis.
    fn x_axis(
        &self,
        locale: Locale,
        labels: &[String],
        x_of: impl Fn(usize) -> f64,
    ) -> impl IntoView {
        let step = labels.len().div_ceil(6).max(1);
        labels
            .iter()
            .enumerate()
            .filter(|(i, _)| i % step == 0)
            .map(|(i, label)| {
                view! { <text class="axis" x=x_of(i) y=HEIGHT - 8.0 text-anchor="middle">{format::short_date(locale, label)}</text> }
            })
            .collect_view()
    }
}

/// The same numbers as a table, for screen readers and for anyone who prefers reading them.
#[component]
fn DataTable(
    caption: Signal<String>,
    labels: Vec<String>,
    values: Vec<f64>,
    unit: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    view! {
        <table class="visually-hidden">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{move || t_string!(i18n, common.period)}</th><th scope="col">{unit}</th></tr></thead>
            <tbody>
                {labels
                    .into_iter()
                    .zip(values)
                    .map(|(label, value)| view! {
                        <tr><th scope="row">{format::date(locale, &label)}</th><td>{format_number(locale, value)}</td></tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A line over `values`, one point per label (dates, in the user's time zone). Drawn again when the language
/// changes: the axes' digits and month names are the locale's.
#[component]
pub fn LineChart(
    /// Unique on the page: the SVG's title is referenced by it.
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    labels: Vec<String>,
    values: Vec<f64>,
    #[prop(into)] unit: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plot = Plot::new(&values);
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", plot.x(i), plot.y(*v)))
        .collect();
    let path = points.join(" ");
    let title_id = format!("{id}-title");
    move || {
        let locale = i18n.get_locale();
        view! {
            <figure class="chart">
                <figcaption id=title_id.clone()>{title}</figcaption>
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=title_id.clone()>
                    <title>{title}</title>
                    {plot.y_axis(locale)}
                    {plot.x_axis(locale, &labels, move |i| plot.x(i))}
                    <polyline class="series" fill="none" points=path.clone()/>
                </svg>
                <DataTable caption=title labels=labels.clone() values=values.clone() unit/>
            </figure>
        }
    }
}

/// One bar per label.
#[component]
pub fn BarChart(
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    labels: Vec<String>,
    values: Vec<f64>,
    #[prop(into)] unit: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plot = Plot::new(&values);
    let n = values.len().max(1);
    let slot = (WIDTH - LEFT - RIGHT) / n as f64;
    let bar = (slot * 0.7).max(1.0);
    let x_of = move |i: usize| LEFT + slot * (i as f64 + 0.5);
    let title_id = format!("{id}-title");
    move || {
        let locale = i18n.get_locale();
        let bars = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let y = plot.y(*v);
                view! { <rect class="bar" x=x_of(i) - bar / 2.0 y=y width=bar height=(HEIGHT - BOTTOM - y).max(0.0)/> }
            })
            .collect_view();
        view! {
            <figure class="chart">
                <figcaption id=title_id.clone()>{title}</figcaption>
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=title_id.clone()>
                    <title>{title}</title>
                    {plot.y_axis(locale)}
                    {plot.x_axis(locale, &labels, x_of)}
                    {bars}
                </svg>
                <DataTable caption=title labels=labels.clone() values=values.clone() unit/>
            </figure>
        }
    }
}

/// Shares of a whole, with a legend.
#[component]
pub fn DonutChart(
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    slices: Vec<(String, f64)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total: f64 = slices.iter().map(|(_, v)| *v).sum();
    let radius = 70.0;
    let circumference = 2.0 * std::f64::consts::PI * radius;
    let mut offset = 0.0;
    let arcs: Vec<(String, String)> = slices
        .iter()
        .map(|(_, value)| {
            let length = if total > 0.0 {
                circumference * value / total
            } else {
                0.0
            };
            let dash = format!("{length:.2} {:.2}", circumference - length);
            let start = -offset;
            offset += length;
            (dash, format!("{start:.2}"))
        })
        .collect();
    let title_id = format!("{id}-title");
    move || {
        let locale = i18n.get_locale();
        let arcs = arcs
            .iter()
            .enumerate()
            .map(|(i, (dash, start))| {
                view! {
                    <circle class=format!("slice slice-{}", i % 6) cx="100" cy="100" r=radius fill="none"
                        stroke-width="32" stroke-dasharray=dash.clone() stroke-dashoffset=start.clone()
                        transform="rotate(-90 100 100)"/>
                }
            })
            .collect_view();
        let legend = slices
            .iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let share = if total > 0.0 { value * 100.0 / total } else { 0.0 };
                view! {
                    <li><span class=format!("swatch slice-{}", i % 6) aria-hidden="true"></span>
                        {label.clone()} " — " {format_number(locale, *value)} " (" {format::percent(locale, share)} ")"</li>
                }
            })
            .collect_view();
        view! {
            <figure class="chart donut">
                <figcaption id=title_id.clone()>{title}</figcaption>
                <svg viewBox="0 0 200 200" role="img" aria-labelledby=title_id.clone()>
                    <title>{title}</title>
                    {arcs}
                </svg>
                <ul class="legend">{legend}</ul>
            </figure>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_round_up_to_readable_numbers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(23.0), 25.0);
        assert_eq!(nice_ceiling(180.0), 200.0);
        assert_eq!(nice_ceiling(4100.0), 5000.0);
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_number(Locale::en, 1_234_567.0), "1,234,567");
        assert_eq!(format_number(Locale::en, 999.0), "999");
        assert_eq!(format_number(Locale::en, 12.5), "12.5");
        assert_eq!(format_number(Locale::ar, 12.5), "١٢٫٥");
        assert_eq!(format_number(Locale::ur, 4100.0), "۴٬۱۰۰");
    }
}
