//! QR codes for printed handouts: a participant scans the paper to open a video's page.
//! The `qrcode` crate encodes and draws them; this module only makes its SVG fit inline in
//! a page (no XML declaration, an accessible name, black on white for any printer).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use quick_xml::escape::escape;

/// An inline `<svg>` QR code of `url`, named for screen readers by `label`; `None` when the
/// text is too long for a QR code (the page then shows the address alone).
pub fn inline_svg(url: &str, label: &str) -> Option<String> {
    // Level M survives a crease or a smudge on paper and keeps codes of long addresses small.
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    let element = svg.find("<svg")?;
    let attributes = format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"{}\" focusable=\"false\"",
        escape(label)
    );
    Some(svg[element..].replacen("<svg", &attributes, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_an_inline_named_image_in_black_on_white() {
        let svg = inline_svg("https://example.org/videos/x/", "Code QR : « x & y »").unwrap();
        assert!(svg
            .starts_with("<svg class=\"qr\" role=\"img\" aria-label=\"Code QR : « x &amp; y »\""));
        assert!(!svg.contains("<?xml"));
        assert!(svg.contains("fill=\"#000\"") && svg.contains("fill=\"#fff\""));
        assert!(svg.ends_with("</svg>"));
    }
}
