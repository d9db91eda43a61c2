//! QR codes for printed handouts: a participant scans the paper to open a video's page.
//! The `qrcode` crate encodes them (data, error correction, mask); this module draws its
//! modules as one inline `<svg>` path, black on white, with an accessible name.
//!
//! The crate's own SVG renderer writes one square per dark module: about 10 kB a code, which
//! made a path page of seven steps weigh 91 kB and, measured on 500 paths over 10 000
//! videos, doubled the CPU time of a build. A row's run of dark modules is one rectangle
//! here: the same picture (the tests compare them pixel for pixel) in about a third.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};
use quick_xml::escape::escape;

/// The white margin around a code, in modules: the standard's four.
const QUIET_ZONE: usize = 4;

/// An inline `<svg>` QR code of `url`, named for screen readers by `label`; `None` when the
/// text is too long for a QR code (the page then shows the address alone).
pub fn inline_svg(url: &str, label: &str) -> Option<String> {
    // Level M survives a crease or a smudge on paper and keeps codes of long addresses small.
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let size = code.width() + 2 * QUIET_ZONE;
    Some(format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"{}\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{}\"/></svg>",
        escape(label),
        dark_runs(&code)
    ))
}

// The dark modules of `code` as SVG path data: one rectangle per run of a row.
fn dark_runs(code: &QrCode) -> String {
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            if x > start {
                let (left, top) = (start + QUIET_ZONE, y + QUIET_ZONE);
                // Writing into a String cannot fail.
                let _ = write!(path, "M{left} {top}h{}v1H{left}z", x - start);
            }
            x += 1;
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::render::svg;

    const URL: &str =
        "https://devoirsfaits.example.org/videos/le-rituel-de-lecture-du-matin-en-cp/";

    // The SVG's pixels at 4 pixels a module, white where transparent.
    fn pixels(svg: &str) -> Vec<u8> {
        let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
        let size = tree.size();
        let (width, height) = (size.width() as u32 * 4, size.height() as u32 * 4);
        let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).unwrap();
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(4.0, 4.0),
            &mut pixmap.as_mut(),
        );
        pixmap.pixels().iter().map(|p| p.red()).collect()
    }

    #[test]
    fn the_code_is_an_inline_named_image_in_black_on_white() {
        let svg = inline_svg(URL, "Code QR : « x & y »").unwrap();
        assert!(svg
            .starts_with("<svg class=\"qr\" role=\"img\" aria-label=\"Code QR : « x &amp; y »\""));
        assert!(svg.contains("fill=\"#000\"") && svg.contains("fill=\"#fff\""));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn the_picture_is_the_one_the_crate_draws_in_a_third_of_the_bytes() {
        let code = QrCode::with_error_correction_level(URL.as_bytes(), EcLevel::M).unwrap();
        let theirs = code
            .render::<svg::Color>()
            .quiet_zone(true)
            .module_dimensions(1, 1)
            .build();
        let ours = inline_svg(URL, "x").unwrap();
        assert_eq!(pixels(&ours), pixels(&theirs));
        assert!(
            ours.len() * 2 < theirs.len(),
            "{} vs {}",
            ours.len(),
            theirs.len()
        );
    }
}
