//! QR codes for printed handouts: a participant scans the paper to open a video's page.
//! The `qrcode` crate encodes them (data, error correction, mask); this module draws its
//! modules as one inline `<svg>` path, black on white, with an accessible name.
//!
//! The crate's `QrCode::new` tries the eight masks and keeps the one its penalty rules
//! score best: eight canvases and their scoring, two thirds of a code's time (measured on
//! 3 500 codes). Every mask is valid and decoders read the mask from the code, so this
//! module builds the code through the crate's lower-level API with one fixed mask.
//!
//! The crate's own SVG renderer writes one square per dark module: about 10 kB a code, which
//! made a path page of seven steps weigh 91 kB and, measured on 500 paths over 10 000
//! videos, doubled the CPU time of a build. A row's run of dark modules is one rectangle
//! here: the same picture (the tests compare them pixel for pixel) in about a third.

use std::fmt::Write as _;

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{bits, ec, Color, EcLevel};
use quick_xml::escape::escape;

/// The white margin around a code, in modules: the standard's four.
const QUIET_ZONE: usize = 4;

/// Level M survives a crease or a smudge on paper and keeps codes of long addresses small.
const EC_LEVEL: EcLevel = EcLevel::M;

/// The mask of every code: pattern 000, `(x + y) % 2 == 0`, which spreads dark and light
/// modules evenly over any data.
const MASK: MaskPattern = MaskPattern::Checkerboard;

/// A code's modules, row by row, and its width in modules.
struct Modules {
    colors: Vec<Color>,
    width: usize,
}

/// `text` as a QR code of level [`EC_LEVEL`] masked with [`MASK`]: what
/// `QrCode::with_error_correction_level` makes but for the choice of mask. `None` when the
/// text does not fit a QR code.
fn encode(text: &[u8]) -> Option<Modules> {
    let bits = bits::encode_auto(text, EC_LEVEL).ok()?;
    let version = bits.version();
    let (data, ec_data) = ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).ok()?;
    let mut canvas = Canvas::new(version, EC_LEVEL);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec_data);
    canvas.apply_mask(MASK);
    Some(Modules {
        colors: canvas.into_colors(),
        width: version.width() as usize,
    })
}

/// An inline `<svg>` QR code of `url`, named for screen readers by `label`; `None` when the
/// text is too long for a QR code (the page then shows the address alone).
pub fn inline_svg(url: &str, label: &str) -> Option<String> {
    let code = encode(url.as_bytes())?;
    let size = code.width + 2 * QUIET_ZONE;
    Some(format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"{}\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{}\"/></svg>",
        escape(label),
        dark_runs(&code)
    ))
}

// The dark modules of `code` as SVG path data: one rectangle per run of a row.
fn dark_runs(code: &Modules) -> String {
    let width = code.width;
    let mut path = String::new();
    for (y, row) in code.colors.chunks(width).enumerate() {
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
    use qrcode::render::{svg, Renderer};
    use qrcode::QrCode;

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
        let code = encode(URL.as_bytes()).unwrap();
        let theirs = Renderer::<svg::Color>::new(&code.colors, code.width, QUIET_ZONE as u32)
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

    #[test]
    fn fixed_mask_codes_are_the_crate_s_size_and_decode_to_their_address() {
        let long = format!("{URL}{}", "a".repeat(150));
        for url in [URL, "https://e.org/v/x/", long.as_str()] {
            let crate_code = QrCode::with_error_correction_level(url.as_bytes(), EC_LEVEL).unwrap();
            let ours = encode(url.as_bytes()).unwrap();
            assert_eq!(ours.width, crate_code.width(), "{url}");
            let svg = inline_svg(url, "x").unwrap();
            let side = (ours.width + 2 * QUIET_ZONE) * 4;
            let gray = pixels(&svg);
            let mut image =
                rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| gray[y * side + x]);
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, text) = grids[0].decode().unwrap();
            assert_eq!(text, url);
        }
    }

    #[test]
    fn too_long_a_text_has_no_code() {
        assert!(inline_svg(&"x".repeat(5000), "x").is_none());
    }
}
