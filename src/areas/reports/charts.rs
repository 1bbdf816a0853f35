//! The SVG charts of Relatórios, drawn from plain elements: grouped and stacked vertical
//! bars with an optional line and a value scale, horizontal bars, and a legend. Amounts stay
//! `Decimal`; they become `f64` only to place pixels and to label the scale.

use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::fmt::brl;

pub const IN_COLOR: &str = "#1e6b2f";
pub const IN_SOFT: &str = "#9fd0a9";
pub const OUT_COLOR: &str = "#a4161a";
pub const OUT_SOFT: &str = "#efa3a5";
pub const LINE_COLOR: &str = "#1d4ed8";
pub const BRAND: &str = "#0f5f58";
const MUTED: &str = "#4f5856";

/// Pixels only: never shown.
fn px(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// A vertical chart: per label, the bars of the group, each with its stacked segments.
pub struct Bars {
    pub labels: Vec<String>,
    /// Per group, per bar, the stacked segments (value, colour).
    pub groups: Vec<Vec<Vec<(Decimal, &'static str)>>>,
    pub line: Option<Vec<Decimal>>,
}

/// Round steps for a scale from `lo` to `hi`: 1, 2 or 5 times a power of ten, about four
/// of them.
pub fn scale_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let range = hi - lo;
    if range <= 0.0 || !range.is_finite() {
        return vec![0.0];
    }
    let rough = range / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A scale mark in few characters: `R$ 500`, `R$ 1,5 mil`, `R$ 2 mi`.
pub fn scale_label(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    let (value, unit) = if a >= 1_000_000.0 {
        (a / 1_000_000.0, " mi")
    } else if a >= 1_000.0 {
        (a / 1_000.0, " mil")
    } else {
        (a, "")
    };
    let text = if (value - value.round()).abs() < 0.05 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").replace('.', ",")
    };
    format!("{sign}R$\u{a0}{text}{unit}")
}

/// A vertical grouped, stacked bar chart with an optional line, negative values allowed,
/// and a value scale on the left.
pub fn bar_chart(title: String, chart: Bars) -> impl IntoView {
    const W: f64 = 360.0;
    const H: f64 = 200.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 24.0;
    const LEFT: f64 = 58.0;
    let n = chart.labels.len().max(1) as f64;
    let mut hi = 0.0_f64;
    let mut lo = 0.0_f64;
    for g in &chart.groups {
        for bar in g {
            let sum: f64 = bar.iter().map(|(v, _)| px(*v)).sum();
            hi = hi.max(sum);
            lo = lo.min(sum);
        }
    }
    for v in chart.line.iter().flatten() {
        hi = hi.max(px(*v));
        lo = lo.min(px(*v));
    }
    if hi - lo < 1e-9 {
        hi = 1.0;
    }
    let ticks = scale_ticks(lo, hi);
    let plot_h = H - TOP - BOTTOM;
    let y = move |v: f64| TOP + (hi - v) / (hi - lo) * plot_h;
    let slot = (W - LEFT) / n;
    let mut shapes = Vec::new();
    for (i, g) in chart.groups.iter().enumerate() {
        let bars = g.len().max(1) as f64;
        let bar_w = (slot * 0.8 / bars).min(28.0);
        let start = LEFT + slot * i as f64 + (slot - bar_w * bars) / 2.0;
        for (j, bar) in g.iter().enumerate() {
            let x = start + bar_w * j as f64;
            let mut base = 0.0_f64;
            for (v, color) in bar {
                let v = px(*v);
                let (a, b) = (y(base), y(base + v));
                let (top, h) = if b < a { (b, a - b) } else { (a, b - a) };
                shapes.push(view! {
                    <rect x=format!("{x:.1}") y=format!("{top:.1}") width=format!("{:.1}", bar_w - 2.0)
                        height=format!("{h:.1}") fill=*color/>
                });
                base += v;
            }
        }
    }
    let scale = ticks
        .into_iter()
        .map(|t| {
            let ty = y(t);
            view! {
                <line x1=format!("{LEFT}") x2=format!("{W}") y1=format!("{ty:.1}") y2=format!("{ty:.1}")
                    stroke="#e3e7e5" stroke-width="1"/>
                <text x=format!("{:.1}", LEFT - 4.0) y=format!("{:.1}", ty + 3.5) text-anchor="end"
                    font-size="9" fill=MUTED data-testid="escala">{scale_label(t)}</text>
            }
        })
        .collect_view();
    let labels = chart
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let x = LEFT + slot * i as f64 + slot / 2.0;
            view! { <text x=format!("{x:.1}") y=format!("{:.1}", H - 8.0) text-anchor="middle" font-size="10" fill=MUTED>{l.clone()}</text> }
        })
        .collect_view();
    let line = chart.line.map(|values| {
        let points = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                format!(
                    "{:.1},{:.1}",
                    LEFT + slot * i as f64 + slot / 2.0,
                    y(px(*v))
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        view! { <polyline points=points fill="none" stroke=LINE_COLOR stroke-width="2"/> }
    });
    let zero = y(0.0);
    let label = title.clone();
    view! {
        <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img" aria-label=label class="chart">
            <title>{title}</title>
            {scale}
            <line x1=format!("{LEFT}") x2=format!("{W}") y1=format!("{zero:.1}") y2=format!("{zero:.1}") stroke="#8a9491" stroke-width="1"/>
            {shapes}
            {line}
            {labels}
        </svg>
    }
}

/// A horizontal bar chart: one bar per item (values at or above zero), each labelled with
/// its value, over a scale from zero to the largest.
pub fn hbar_chart(
    title: String,
    items: Vec<(String, Decimal)>,
    color: &'static str,
) -> impl IntoView {
    const W: f64 = 360.0;
    const ROW: f64 = 34.0;
    const AXIS: f64 = 16.0;
    let body = (items.len().max(1) as f64) * ROW + 4.0;
    let h = body + AXIS;
    let max = items
        .iter()
        .map(|(_, v)| px(*v))
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let x = move |v: f64| 2.0 + v / max * (W - 8.0);
    let scale = scale_ticks(0.0, max)
        .into_iter()
        .map(|t| {
            let tx = x(t);
            let anchor = if t == 0.0 { "start" } else { "end" };
            view! {
                <line x1=format!("{tx:.1}") x2=format!("{tx:.1}") y1="0" y2=format!("{body:.1}") stroke="#e3e7e5" stroke-width="1"/>
                <text x=format!("{tx:.1}") y=format!("{:.1}", h - 4.0) text-anchor=anchor font-size="9" fill=MUTED data-testid="escala">{scale_label(t)}</text>
            }
        })
        .collect_view();
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let top = i as f64 * ROW;
            let w = (x(px(v).max(0.0)) - 2.0).max(if v.is_zero() { 0.0 } else { 2.0 });
            view! {
                <text x="2" y=format!("{:.1}", top + 12.0) font-size="11" fill="#1b1f1e">{format!("{label} · {}", brl(v))}</text>
                <rect x="2" y=format!("{:.1}", top + 16.0) width=format!("{w:.1}") height="12" rx="3" fill=color/>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg viewBox=format!("0 0 {W} {h:.0}") width="100%" role="img" aria-label=label class="chart" style="padding:4px">
            <title>{title}</title>
            {scale}
            {rows}
        </svg>
    }
}

/// The colours of a chart and what they stand for.
pub fn legend(items: &[(&'static str, &'static str)]) -> impl IntoView {
    view! {
        <p class="legend">
            {items.iter().map(|(color, label)| view! {
                <span><span aria-hidden="true" class="swatch" style=format!("background:{color}")></span>{*label}</span>
            }).collect_view()}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_steps_are_round() {
        assert_eq!(scale_ticks(0.0, 1000.0), vec![0.0, 500.0, 1000.0]);
        assert_eq!(scale_ticks(0.0, 3240.0), vec![0.0, 1000.0, 2000.0, 3000.0]);
        assert_eq!(scale_ticks(-300.0, 900.0), vec![0.0, 500.0]);
        assert_eq!(scale_ticks(0.0, 0.0), vec![0.0]);
    }

    #[test]
    fn scale_marks_are_short() {
        assert_eq!(scale_label(500.0), "R$\u{a0}500");
        assert_eq!(scale_label(1500.0), "R$\u{a0}1,5 mil");
        assert_eq!(scale_label(2_000_000.0), "R$\u{a0}2 mi");
        assert_eq!(scale_label(-1000.0), "-R$\u{a0}1 mil");
    }
}
