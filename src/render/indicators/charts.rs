//! The indicators' charts as inline SVG, drawn at build time (no script, nothing fetched):
//! columns for a series over time, horizontal bars for categories. Each is an image with a
//! title; the page puts the same figures in a table beside it.

use quick_xml::escape::escape;

use super::figures::Point;

const WIDTH: f64 = 720.0;

/// Columns, one per period, with the year under the first period of each year.
pub fn columns(id: &str, title: &str, points: &[Point]) -> String {
    let height = 220.0;
    let max = points.iter().map(|p| p.value).max().unwrap_or(1).max(1) as f64;
    let slot = WIDTH / points.len().max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {}" role="img" aria-labelledby="chart-{id}-title" preserveAspectRatio="none"><title id="chart-{id}-title">{}</title>"#,
        height + 24.0,
        escape(title)
    );
    for (i, point) in points.iter().enumerate() {
        let h = (point.value as f64 / max) * height;
        svg.push_str(&format!(
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{} : {}</title></rect>"#,
            i as f64 * slot + slot * 0.1,
            height - h,
            slot * 0.8,
            h,
            escape(&point.label),
            point.value
        ));
        let year_starts = point.key.ends_with("-01") || point.key.ends_with("-T1");
        if year_starts || i == 0 {
            svg.push_str(&format!(
                r#"<text x="{:.1}" y="{}">{}</text>"#,
                i as f64 * slot,
                height + 18.0,
                escape(point.key.get(..4).unwrap_or_default())
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars, one per category, labelled, with their value at the end.
pub fn bars(id: &str, title: &str, points: &[Point]) -> String {
    let bar = 22.0;
    let label_width = 230.0;
    let max = points.iter().map(|p| p.value).max().unwrap_or(1).max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart chart--bars" viewBox="0 0 {WIDTH} {}" role="img" aria-labelledby="chart-{id}-title"><title id="chart-{id}-title">{}</title>"#,
        points.len() as f64 * bar + 4.0,
        escape(title)
    );
    for (i, point) in points.iter().enumerate() {
        let y = i as f64 * bar;
        let w = (point.value as f64 / max) * (WIDTH - label_width - 60.0);
        svg.push_str(&format!(
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{label_width}" y="{:.1}" width="{:.1}" height="{:.1}"></rect><text x="{:.1}" y="{:.1}">{}</text>"#,
            label_width - 8.0,
            y + 15.0,
            escape(&point.label),
            y + 3.0,
            w,
            bar - 6.0,
            label_width + w + 6.0,
            y + 15.0,
            point.value
        ));
    }
    svg.push_str("</svg>");
    svg
}
