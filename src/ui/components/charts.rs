//! Charts drawn as SVG by our own components: a line, bars and a donut. Each has a title, axis labels and a
//! table with the same numbers for screen readers (the SVG itself is one labelled image). No JavaScript
//! chart library: the server renders the chart, so it is there before (and without) hydration.

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

/// 1234567 → "1,234,567"; 0.5 → "0.5".
pub fn format_number(value: f64) -> String {
    if value.fract().abs() > f64::EPSILON && value.abs() < 1000.0 {
        return format!("{:.1}", value);
    }
    let n = value.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// "2026-01-05" → "Jan 5"; anything else unchanged.
pub fn short_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = date.split('-');
    let (Some(_), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => format!("{} {d}", MONTHS[m - 1]),
        _ => date.to_owned(),
    }
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
    fn y_axis(&self) -> impl IntoView {
        (0..=4)
            .map(|k| {
                let value = self.max * k as f64 / 4.0;
                let y = self.y(value);
                view! {
                    <line class="grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y/>
                    <text class="axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{format_number(value)}</text>
                }
            })
            .collect_view()
    }

    /// About six evenly spaced labels along the x axis.
    fn x_axis(&self, labels: &[String], x_of: impl Fn(usize) -> f64) -> impl IntoView {
        let step = labels.len().div_ceil(6).max(1);
        labels
            .iter()
            .enumerate()
            .filter(|(i, _)| i % step == 0)
            .map(|(i, label)| {
                view! { <text class="axis" x=x_of(i) y=HEIGHT - 8.0 text-anchor="middle">{short_date(label)}</text> }
            })
            .collect_view()
    }
}

/// The same numbers as a table, for screen readers and for anyone who prefers reading them.
#[component]
fn DataTable(
    caption: String,
    labels: Vec<String>,
    values: Vec<f64>,
    unit: String,
) -> impl IntoView {
    view! {
        <table class="visually-hidden">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">"Period"</th><th scope="col">{unit}</th></tr></thead>
            <tbody>
                {labels
                    .into_iter()
                    .zip(values)
                    .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td>{format_number(value)}</td></tr> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A line over `values`, one point per label (dates, in the user's time zone).
#[component]
pub fn LineChart(
    /// Unique on the page: the SVG's title is referenced by it.
    id: &'static str,
    #[prop(into)] title: String,
    labels: Vec<String>,
    values: Vec<f64>,
    #[prop(into)] unit: String,
) -> impl IntoView {
    let plot = Plot::new(&values);
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", plot.x(i), plot.y(*v)))
        .collect();
    let path = points.join(" ");
    let title_id = format!("{id}-title");
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=title_id>
                <title>{title.clone()}</title>
                {plot.y_axis()}
                {plot.x_axis(&labels, move |i| plot.x(i))}
                <polyline class="series" fill="none" points=path/>
            </svg>
            <DataTable caption=title labels values unit/>
        </figure>
    }
}

/// One bar per label.
#[component]
pub fn BarChart(
    id: &'static str,
    #[prop(into)] title: String,
    labels: Vec<String>,
    values: Vec<f64>,
    #[prop(into)] unit: String,
) -> impl IntoView {
    let plot = Plot::new(&values);
    let n = values.len().max(1);
    let slot = (WIDTH - LEFT - RIGHT) / n as f64;
    let bar = (slot * 0.7).max(1.0);
    let x_of = move |i: usize| LEFT + slot * (i as f64 + 0.5);
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = plot.y(*v);
            view! { <rect class="bar" x=x_of(i) - bar / 2.0 y=y width=bar height=(HEIGHT - BOTTOM - y).max(0.0)/> }
        })
        .collect_view();
    let title_id = format!("{id}-title");
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=title_id>
                <title>{title.clone()}</title>
                {plot.y_axis()}
                {plot.x_axis(&labels, x_of)}
                {bars}
            </svg>
            <DataTable caption=title labels values unit/>
        </figure>
    }
}

/// Shares of a whole, with a legend.
#[component]
pub fn DonutChart(
    id: &'static str,
    #[prop(into)] title: String,
    slices: Vec<(String, f64)>,
) -> impl IntoView {
    let total: f64 = slices.iter().map(|(_, v)| *v).sum();
    let radius = 70.0;
    let circumference = 2.0 * std::f64::consts::PI * radius;
    let mut offset = 0.0;
    let arcs = slices
        .iter()
        .enumerate()
        .map(|(i, (_, value))| {
            let length = if total > 0.0 { circumference * value / total } else { 0.0 };
            let dash = format!("{length:.2} {:.2}", circumference - length);
            let start = -offset;
            offset += length;
            view! {
                <circle class=format!("slice slice-{}", i % 6) cx="100" cy="100" r=radius fill="none"
                    stroke-width="32" stroke-dasharray=dash stroke-dashoffset=format!("{start:.2}")
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
                    {label.clone()} " — " {format_number(*value)} " (" {format!("{share:.1}")} "%)"</li>
            }
        })
        .collect_view();
    let title_id = format!("{id}-title");
    view! {
        <figure class="chart donut">
            <figcaption id=title_id.clone()>{title.clone()}</figcaption>
            <svg viewBox="0 0 200 200" role="img" aria-labelledby=title_id>
                <title>{title}</title>
                {arcs}
            </svg>
            <ul class="legend">{legend}</ul>
        </figure>
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
    fn numbers_and_dates_read_well() {
        assert_eq!(format_number(1_234_567.0), "1,234,567");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(short_date("2026-01-05"), "Jan 5");
        assert_eq!(short_date("week"), "week");
    }
}
