//! Self-contained HTML pages with inline SVG charts: no scripts, no fonts or files fetched, so
//! a page opens offline and prints as it shows.

use std::fmt::Write as _;

use crate::batch::Spread;

/// Text made safe for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 980px; padding: 0 1rem; color: #1d2430; background: #fbfbf8; }}
h1 {{ font-size: 1.6rem; margin-bottom: 0.2rem; }}
h2 {{ font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d6d9de; padding-bottom: 0.2rem; }}
p.lede {{ color: #4a5260; margin-top: 0; }}
table {{ border-collapse: collapse; margin: 0.6rem 0; font-size: 0.92rem; }}
th, td {{ padding: 0.25rem 0.7rem; text-align: right; border-bottom: 1px solid #e4e6ea; }}
th:first-child, td:first-child {{ text-align: left; }}
th {{ color: #4a5260; font-weight: 600; }}
table.text th, table.text td {{ text-align: left; vertical-align: top; }}
table.text td:first-child {{ white-space: nowrap; }}
table.text th.n, table.text td.n {{ text-align: right; }}
svg text {{ font-family: system-ui, sans-serif; font-size: 12px; fill: #1d2430; }}
.note {{ color: #4a5260; font-size: 0.9rem; }}
</style>
</head>
<body>
{body}
</body>
</html>
"#,
        title = escape(title)
    )
}

/// One row of a range chart.
pub struct RangeRow<'a> {
    pub label: &'a str,
    pub spread: Spread,
    /// Every value (one dot each).
    pub values: Vec<f64>,
}

/// Horizontal ranges: for each row, a dot per value, a bar from the 10th to the 90th
/// percentile and a tick at the mean, on a shared axis labelled with `format`.
pub fn range_chart(rows: &[RangeRow<'_>], format: impl Fn(f64) -> String) -> String {
    let (label_w, plot_w, row_h, top, bottom) = (200.0, 620.0, 30.0, 10.0, 30.0);
    let lo = rows
        .iter()
        .flat_map(|r| r.values.iter().copied().chain([r.spread.min]))
        .fold(f64::INFINITY, f64::min);
    let hi = rows
        .iter()
        .flat_map(|r| r.values.iter().copied().chain([r.spread.max]))
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        let pad = ((hi - lo) * 0.05).max(1e-9);
        (lo - pad, hi + pad)
    } else {
        (0.0, 1.0)
    };
    let x = |v: f64| label_w + (v - lo) / (hi - lo) * plot_w;
    let height = top + rows.len() as f64 * row_h + bottom;
    let width = label_w + plot_w + 20.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">"#
    );
    // Axis with five ticks.
    let axis_y = top + rows.len() as f64 * row_h;
    let _ = write!(
        s,
        r##"<line x1="{label_w}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="#9aa1ab"/>"##,
        label_w + plot_w
    );
    for k in 0..=4 {
        let v = lo + (hi - lo) * k as f64 / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" y1="{top}" x2="{0:.1}" y2="{axis_y}" stroke="#e4e6ea"/><text x="{0:.1}" y="{1}" text-anchor="middle">{2}</text>"##,
            x(v),
            axis_y + 18.0,
            escape(&format(v))
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h + row_h / 2.0;
        let _ = write!(
            s,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 10.0,
            y + 4.0,
            escape(r.label)
        );
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="10" rx="3" fill="#8fb3d9"><title>10th–90th percentile: {} to {}</title></rect>"##,
            x(r.spread.p10),
            y - 5.0,
            (x(r.spread.p90) - x(r.spread.p10)).max(1.0),
            escape(&format(r.spread.p10)),
            escape(&format(r.spread.p90))
        );
        for v in &r.values {
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{y:.1}" r="2.2" fill="#1d2430" fill-opacity="0.45"/>"##,
                x(*v)
            );
        }
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#c0392b" stroke-width="2.5"><title>mean {3}</title></line>"##,
            x(r.spread.mean),
            y - 9.0,
            y + 9.0,
            escape(&format(r.spread.mean))
        );
    }
    s.push_str("</svg>");
    s
}

/// Colours for chart series (Okabe–Ito: told apart with the common colour-vision deficiencies).
pub const SERIES: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
];

/// One line of a line chart: a label and its points `(x, y)`.
pub struct Series<'a> {
    pub label: &'a str,
    pub points: Vec<(f64, f64)>,
}

/// Lines over months: x is the turn, labelled by `x_label`; y on an axis from 0 (or the lowest
/// value, if below) to the highest, labelled with `format`; a legend under the plot. A line
/// with a single point is drawn as a dot.
pub fn line_chart(
    series: &[Series<'_>],
    x_label: impl Fn(f64) -> String,
    format: impl Fn(f64) -> String,
) -> String {
    let (left, plot_w, plot_h, top, legend_row) = (70.0, 800.0, 220.0, 12.0, 20.0);
    let all = || series.iter().flat_map(|s| s.points.iter().copied());
    let fold = |f: fn(f64, f64) -> f64, init: f64, pick: fn((f64, f64)) -> f64| {
        all().map(pick).filter(|v| v.is_finite()).fold(init, f)
    };
    let (x0, x1) = (
        fold(f64::min, f64::INFINITY, |p| p.0),
        fold(f64::max, f64::NEG_INFINITY, |p| p.0),
    );
    let (x0, x1) = if x0.is_finite() {
        (x0, x1.max(x0 + 1.0))
    } else {
        (0.0, 1.0)
    };
    let y0 = fold(f64::min, 0.0, |p| p.1);
    let y1 = fold(f64::max, f64::NEG_INFINITY, |p| p.1);
    let y1 = if y1.is_finite() && y1 > y0 {
        y1 * 1.05
    } else {
        y0 + 1.0
    };
    let x = |v: f64| left + (v - x0) / (x1 - x0) * plot_w;
    let y = |v: f64| top + plot_h - (v - y0) / (y1 - y0) * plot_h;
    let legend_rows = series.len().div_ceil(4) as f64;
    let (width, height) = (
        left + plot_w + 40.0,
        top + plot_h + 30.0 + legend_rows * legend_row + 6.0,
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">"#
    );
    for k in 0..=4 {
        let v = y0 + (y1 - y0) * k as f64 / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{0:.1}" x2="{1}" y2="{0:.1}" stroke="#e4e6ea"/><text x="{2}" y="{3:.1}" text-anchor="end">{4}</text>"##,
            y(v),
            left + plot_w,
            left - 8.0,
            y(v) + 4.0,
            escape(&format(v))
        );
    }
    let ticks = ((x1 - x0) as usize).clamp(1, 6);
    for k in 0..=ticks {
        let v = (x0 + (x1 - x0) * k as f64 / ticks as f64).round();
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x(v),
            top + plot_h + 18.0,
            escape(&x_label(v))
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{0}" x2="{1}" y2="{0}" stroke="#9aa1ab"/>"##,
        top + plot_h,
        left + plot_w
    );
    for (i, line) in series.iter().enumerate() {
        let colour = SERIES[i % SERIES.len()];
        let pts: Vec<String> = line
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|&(a, b)| format!("{:.1},{:.1}", x(a), y(b)))
            .collect();
        if pts.len() == 1 {
            let (cx, cy) = pts[0].split_once(',').expect("a point has two coordinates");
            let _ = write!(s, r#"<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>"#);
        } else if !pts.is_empty() {
            let _ = write!(
                s,
                r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"><title>{}</title></polyline>"#,
                pts.join(" "),
                escape(line.label)
            );
        }
        let (lx, ly) = (
            left + (i % 4) as f64 * 200.0,
            top + plot_h + 34.0 + (i / 4) as f64 * legend_row,
        );
        let _ = write!(
            s,
            r#"<rect x="{lx}" y="{}" width="14" height="4" fill="{colour}"/><text x="{}" y="{}">{}</text>"#,
            ly + 6.0,
            lx + 20.0,
            ly + 12.0,
            escape(line.label)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_charts_hold_every_value() {
        assert_eq!(escape("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
        let values = vec![1.0, 2.0, 3.0, 10.0];
        let svg = range_chart(
            &[RangeRow {
                label: "US <1>",
                spread: Spread::of(&values),
                values: values.clone(),
            }],
            |v| format!("{v:.1}"),
        );
        assert_eq!(svg.matches("<circle").count(), 4);
        assert!(svg.contains("US &lt;1&gt;"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let html = page("A & B", &svg);
        assert!(html.contains("<title>A &amp; B</title>"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn a_line_chart_draws_each_series_and_its_legend() {
        let svg = line_chart(
            &[
                Series {
                    label: "US",
                    points: vec![(1.0, 1.0), (2.0, 3.0), (3.0, 2.0)],
                },
                Series {
                    label: "China & co",
                    points: vec![(2.0, 5.0)],
                },
            ],
            |t| format!("m{t}"),
            |v| format!("{v:.0}"),
        );
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(svg.contains("China &amp; co"));
        assert!(svg.contains(">m1<") && svg.contains(">m3<"));
        // The highest value sits at the top of the plot: y = 12 + 220 - 5 / 5.25 * 220.
        assert!(svg.contains(&format!("{:.1}", 12.0 + 220.0 - 5.0 / 5.25 * 220.0)));
    }
}
