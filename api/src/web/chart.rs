//! Charts drawn on the server as SVG: a line chart over days and a bar chart. Every point
//! and bar carries a `<title>` (its tooltip), and every page that draws a chart also shows
//! its figures in a table beside it, so nothing is only in the picture.

use askama::Template;
use chrono::NaiveDate;

/// Width of every chart's drawing, in SVG units (it scales to its box).
const WIDTH: f64 = 640.0;
/// Height of every chart's drawing.
const HEIGHT: f64 = 220.0;
/// Room for the value axis's labels, left.
const LEFT: f64 = 84.0;
/// Room for the day or category labels, below.
const BOTTOM: f64 = 28.0;
/// Room above the highest value.
const TOP: f64 = 12.0;
/// Room right of the last point.
const RIGHT: f64 = 28.0;
/// How many value-axis lines a chart draws.
const VALUE_TICKS: u32 = 4;

/// A labelled position on an axis.
#[derive(Clone, Debug)]
pub struct Tick {
    /// Where, in SVG units along the axis.
    pub at: f64,
    /// What it reads.
    pub label: String,
}

/// A marked point with its tooltip.
#[derive(Clone, Debug)]
pub struct Mark {
    /// x, in SVG units.
    pub x: f64,
    /// y, in SVG units.
    pub y: f64,
    /// The tooltip.
    pub title: String,
}

/// One line of a [`LineChart`].
#[derive(Clone, Debug)]
pub struct Line {
    /// Its name, in the legend.
    pub name: String,
    /// Its CSS class (colour and dash).
    pub class: &'static str,
    /// The polyline's points, `x,y x,y …`.
    pub points: String,
    /// A mark per point, with its tooltip.
    pub marks: Vec<Mark>,
}

/// Values per day, as lines.
#[derive(Clone, Debug, Template)]
#[template(path = "chart/line.svg", escape = "html")]
pub struct LineChart {
    /// What the chart shows (its accessible name).
    pub label: String,
    /// The lines.
    pub lines: Vec<Line>,
    /// The value axis.
    pub value_ticks: Vec<Tick>,
    /// The day axis.
    pub day_ticks: Vec<Tick>,
    /// Where the plot's floor is (y of 0).
    pub floor: f64,
    /// Where the plot starts (x of the first day).
    pub left: f64,
    /// Where the plot ends.
    pub right: f64,
}

/// One bar of a [`BarChart`].
#[derive(Clone, Debug)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The category, under the bar.
    pub label: String,
    /// The tooltip: category and figure.
    pub title: String,
}

/// One value per category, as bars.
#[derive(Clone, Debug, Template)]
#[template(path = "chart/bars.svg", escape = "html")]
pub struct BarChart {
    /// What the chart shows (its accessible name).
    pub label: String,
    /// The bars.
    pub bars: Vec<Bar>,
    /// The value axis.
    pub value_ticks: Vec<Tick>,
    /// Where the plot's floor is.
    pub floor: f64,
    /// Where the plot starts.
    pub left: f64,
    /// Where the plot ends.
    pub right: f64,
}

/// A series of a line chart before it is drawn: a value per day of the chart.
pub struct Series {
    /// Its name.
    pub name: String,
    /// Its CSS class.
    pub class: &'static str,
    /// A value per day (same length as the chart's days).
    pub values: Vec<f64>,
}

impl LineChart {
    /// A chart of `series` over `days`, values labelled by `format`.
    pub fn over_days(
        label: impl Into<String>,
        days: &[NaiveDate],
        series: Vec<Series>,
        format: impl Fn(f64) -> String,
    ) -> LineChart {
        let top = nice_ceiling(
            series
                .iter()
                .flat_map(|s| s.values.iter().copied())
                .fold(0.0, f64::max),
        );
        let span = (days.len().max(2) - 1) as f64;
        let x = |i: usize| LEFT + (WIDTH - LEFT - RIGHT) * i as f64 / span;
        let y = |v: f64| value_y(v, top);
        let lines = series
            .into_iter()
            .map(|s| {
                let marks: Vec<Mark> = (s.values.iter().enumerate())
                    .map(|(i, &v)| Mark {
                        x: x(i),
                        y: y(v),
                        title: format!(
                            "{}: {} on {}",
                            s.name,
                            format(v),
                            days.get(i).map(|d| d.to_string()).unwrap_or_default()
                        ),
                    })
                    .collect();
                let points = (marks.iter())
                    .map(|m| format!("{:.1},{:.1}", m.x, m.y))
                    .collect::<Vec<_>>()
                    .join(" ");
                Line {
                    name: s.name,
                    class: s.class,
                    points,
                    marks,
                }
            })
            .collect();
        let every = days.len().div_ceil(6).max(1);
        let day_ticks = (days.iter().enumerate())
            .filter(|(i, _)| i % every == 0 || *i + 1 == days.len())
            .map(|(i, day)| Tick {
                at: x(i),
                label: day.format("%b %-d").to_string(),
            })
            .collect();
        LineChart {
            label: label.into(),
            lines,
            value_ticks: value_ticks(top, &format),
            day_ticks,
            floor: HEIGHT - BOTTOM,
            left: LEFT,
            right: WIDTH - RIGHT,
        }
    }

    /// The SVG.
    pub fn svg(&self) -> String {
        self.render().unwrap_or_default()
    }
}

impl BarChart {
    /// A chart of one bar per `(category, value)`, values labelled by `format`.
    pub fn of(
        label: impl Into<String>,
        values: &[(String, f64)],
        format: impl Fn(f64) -> String,
    ) -> BarChart {
        let top = nice_ceiling(values.iter().map(|(_, v)| *v).fold(0.0, f64::max));
        let slot = (WIDTH - LEFT - RIGHT) / values.len().max(1) as f64;
        let bars = (values.iter().enumerate())
            .map(|(i, (category, value))| {
                let y = value_y(*value, top);
                Bar {
                    x: LEFT + slot * i as f64 + slot * 0.15,
                    y,
                    width: slot * 0.7,
                    height: (HEIGHT - BOTTOM - y).max(0.0),
                    label: category.clone(),
                    title: format!("{category}: {}", format(*value)),
                }
            })
            .collect();
        BarChart {
            label: label.into(),
            bars,
            value_ticks: value_ticks(top, &format),
            floor: HEIGHT - BOTTOM,
            left: LEFT,
            right: WIDTH - RIGHT,
        }
    }

    /// The SVG.
    pub fn svg(&self) -> String {
        self.render().unwrap_or_default()
    }
}

/// y of `value` on a value axis from 0 to `top`.
fn value_y(value: f64, top: f64) -> f64 {
    let plot = HEIGHT - BOTTOM - TOP;
    HEIGHT - BOTTOM - plot * (value.max(0.0) / top).min(1.0)
}

/// The value axis's lines from 0 to `top`.
fn value_ticks(top: f64, format: &impl Fn(f64) -> String) -> Vec<Tick> {
    (0..=VALUE_TICKS)
        .map(|i| {
            let value = top * f64::from(i) / f64::from(VALUE_TICKS);
            Tick {
                at: value_y(value, top),
                label: format(value),
            }
        })
        .collect()
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `max` (1 for nothing), so axis labels are round.
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let magnitude = 10_f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|&ceiling| ceiling >= max)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_figures() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(12_000.0), 20_000.0);
        assert_eq!(nice_ceiling(20_000.0), 20_000.0);
        assert_eq!(nice_ceiling(230.0), 250.0);
    }

    #[test]
    fn a_line_chart_marks_every_day_with_its_tooltip() {
        let days: Vec<NaiveDate> = (1..=3)
            .map(|d| NaiveDate::from_ymd_opt(2026, 5, d).unwrap())
            .collect();
        let chart = LineChart::over_days(
            "Delivery",
            &days,
            vec![Series {
                name: "Delivered".into(),
                class: "delivered",
                values: vec![0.0, 500.0, 1000.0],
            }],
            |v| format!("{v:.0}"),
        );
        let svg = chart.svg();
        assert!(
            svg.contains("<title>Delivered: 500 on 2026-05-02</title>"),
            "{svg}"
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        // 1,000 is the top of the axis: its point is at the plot's top.
        assert!(
            svg.contains(&format!("{:.1},{:.1}", WIDTH - RIGHT, TOP)),
            "{svg}"
        );
    }

    #[test]
    fn a_bar_chart_draws_a_bar_per_category() {
        let chart = BarChart::of(
            "Revenue",
            &[("Acme".into(), 100.0), ("Zed".into(), 50.0)],
            |v| format!("{v:.0}"),
        );
        let svg = chart.svg();
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("<title>Zed: 50</title>"), "{svg}");
    }
}
