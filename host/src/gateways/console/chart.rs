//! Bar charts as inline SVG, drawn on the server: no script, no build
//! step. Each chart has a title and a description for screen readers, and
//! pages put the same numbers in a table beside it.

use std::fmt::Write;

use super::html::{Html, esc};

/// One series: a name, its colour, and one value per category.
pub struct Series<'a> {
    pub name: &'a str,
    pub colour: &'a str,
    pub values: &'a [u64],
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 10.0;

/// Grouped bars: one group per category, one bar per series.
pub fn bars(id: &str, title: &str, description: &str, categories: &[String], series: &[Series<'_>]) -> Html {
    let max = series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or(0).max(1);
    let plot_w = WIDTH - LEFT - 10.0;
    let plot_h = HEIGHT - BOTTOM - TOP;
    let group_w = plot_w / categories.len().max(1) as f64;
    let bar_w = (group_w * 0.8) / series.len().max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         width=\"100%\" style=\"max-width:{WIDTH}px;background:#fff;border:1px solid #ccc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(description),
    );
    // Axis and the top value, so bar heights can be read.
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{}\" stroke=\"#555\"/>\
         <line x1=\"{LEFT}\" y1=\"{0}\" x2=\"{}\" y2=\"{0}\" stroke=\"#555\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{max}</text>\
         <text x=\"{}\" y=\"{0}\" font-size=\"11\" text-anchor=\"end\">0</text>",
        HEIGHT - BOTTOM,
        WIDTH - 10.0,
        LEFT - 4.0,
        TOP + 10.0,
        LEFT - 4.0,
    );
    let label_every = categories.len().div_ceil(12).max(1);
    for (c, category) in categories.iter().enumerate() {
        let x0 = LEFT + c as f64 * group_w + group_w * 0.1;
        for (s, serie) in series.iter().enumerate() {
            let value = serie.values.get(c).copied().unwrap_or(0);
            let h = plot_h * value as f64 / max as f64;
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {} {}</title></rect>",
                x0 + s as f64 * bar_w,
                HEIGHT - BOTTOM - h,
                (bar_w - 1.0).max(1.0),
                h,
                esc(serie.colour),
                esc(category),
                value,
                esc(serie.name),
            );
        }
        if c % label_every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                x0 + group_w * 0.4,
                HEIGHT - BOTTOM + 14.0,
                esc(category)
            );
        }
    }
    // Legend.
    for (s, serie) in series.iter().enumerate() {
        let x = WIDTH - 150.0 + s as f64 * 70.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            HEIGHT - 12.0,
            esc(serie.colour),
            x + 14.0,
            HEIGHT - 3.0,
            esc(serie.name),
        );
    }
    out.push_str("</svg>");
    Html(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_labelled_escaped_and_scaled_to_its_largest_value() {
        let categories = vec!["<9>".to_string(), "10".to_string()];
        let svg = bars(
            "c",
            "A & B",
            "desc",
            &categories,
            &[
                Series { name: "SMS", colour: "#123", values: &[2, 4] },
                Series { name: "Voice", colour: "#456", values: &[0, 1] },
            ],
        )
        .0;
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c-title c-desc\""));
        assert!(svg.contains("<title id=\"c-title\">A &amp; B</title>"));
        assert!(svg.contains("&lt;9&gt;") && !svg.contains("<9>"));
        assert!(svg.contains(">4</text>"), "the axis shows the maximum");
        assert!(svg.contains("height=\"180.0\""), "the largest bar fills the plot: {svg}");
        assert_eq!(svg.matches("<rect").count(), 4 + 2, "four bars and two legend keys");
    }
}
