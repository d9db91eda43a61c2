//! Titled placeholder cards (1200×630, and 1080×1350 portraits for Instagram): a coloured
//! background, the title wrapped in white
//! letters and a small caption under an accent bar. They are flat colour and text, so they
//! are drawn with a 4-colour palette (the background, white, two shades between for the
//! letters' edges) and published as PNG: about 9 kB where a JPEG took 44, in about 0.1 ms
//! (fdeflate). The same drawing gives a JPEG where a card must be one (a video whose
//! bundle thumbnail could not be read keeps its `carte.jpg`). Letters sit in a monospaced
//! grid of 16-pixel cells, byte-aligned at 2 bits a pixel: each (size, letter) is drawn
//! once per build and copied into the cards, whatever their colour.

use std::collections::{HashMap, HashSet};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use rayon::prelude::*;

pub const WIDTH: usize = 1200;
pub const HEIGHT: usize = 630;

/// The card's font: DejaVu Sans Mono Bold (see `themes/default/fonts/`).
const FONT: &[u8] = include_bytes!("../../themes/default/fonts/DejaVuSansMono-Bold.ttf");

/// The theme's placeholder colours (`.thumb--hueN` in `style.css`).
pub const PALETTE: [[u8; 3]; 8] = [
    [0x1d, 0x4e, 0x89],
    [0x7a, 0x3b, 0x8f],
    [0x00, 0x69, 0x5c],
    [0xa2, 0x3b, 0x1f],
    [0x37, 0x47, 0x4f],
    [0x5d, 0x4a, 0x8a],
    [0x2e, 0x6b, 0x30],
    [0x8a, 0x34, 0x52],
];
const WHITE: [u8; 3] = [255, 255, 255];

/// Palette indices: 0 is the background, `INK` is white, those between are the letters'
/// anti-aliased edges; the bar above the caption takes the lighter of them.
const INK: u8 = 3;
const ACCENT: u8 = 2;
/// Pixels a byte holds at 2 bits a pixel.
const PIXELS_PER_BYTE: usize = 4;

/// Side of a grid cell, in pixels.
const CELL: usize = 16;
/// Left and right margin, in cells.
const MARGIN: usize = 4;
const ACCENT_COLUMNS: usize = 8;
const ELLIPSIS: char = '…';

/// What, besides the text, makes a card's bytes: part of its cache key.
pub const SETTINGS: &str = "titled 1200x630 dejavu-mono-bold 4-colours png-fdeflate-up jpeg-80";

/// The frame a titled picture is drawn in: its size in pixels and, in cell rows, where the
/// title may go, the accent bar and the caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub width: usize,
    pub height: usize,
    title_rows: (usize, usize),
    accent_row: usize,
    caption_row: usize,
}

/// The 1200×630 card of feeds and social networks.
pub const CARD: Shape = Shape {
    width: WIDTH,
    height: HEIGHT,
    title_rows: (3, 31),
    accent_row: 33,
    caption_row: 35,
};

/// The 1080×1350 portrait Instagram shows largest in its feed.
pub const PORTRAIT: Shape = Shape {
    width: 1080,
    height: 1350,
    title_rows: (10, 66),
    accent_row: 70,
    caption_row: 72,
};

impl Shape {
    fn row_bytes(self) -> usize {
        self.width / PIXELS_PER_BYTE
    }

    fn title_rows(self) -> usize {
        self.title_rows.1 - self.title_rows.0
    }
}

/// The two letter sizes: a letter takes `columns`×`rows` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Size {
    Title,
    Caption,
}

impl Size {
    fn cell(self) -> (usize, usize) {
        match self {
            Size::Title => (2, 4),
            Size::Caption => (1, 2),
        }
    }

    fn pixels(self) -> (usize, usize) {
        (self.cell().0 * CELL, self.cell().1 * CELL)
    }

    fn letters_per_line(self, shape: Shape) -> usize {
        (shape.width / CELL - 2 * MARGIN) / self.cell().0
    }
}

/// The letters of every card to draw, as packed palette indices.
pub struct TitledCards {
    letters: HashMap<(Size, char), Vec<u8>>,
}

impl TitledCards {
    /// Draws the letters of every `(title, caption)` that will be made.
    pub fn new<'t>(texts: impl Iterator<Item = (&'t str, &'t str)>) -> Result<TitledCards, String> {
        let font = FontRef::try_from_slice(FONT).map_err(|e| e.to_string())?;
        let mut needed: HashSet<(Size, char)> = HashSet::new();
        for (title, caption) in texts {
            let letters = |size: Size, text: &'t str| {
                text.chars()
                    .chain([ELLIPSIS])
                    .filter(|c| !c.is_whitespace())
                    .map(move |c| (size, c))
            };
            needed.extend(letters(Size::Title, title).chain(letters(Size::Caption, caption)));
        }
        let letters = needed
            .into_par_iter()
            .map(|(size, letter)| ((size, letter), indices(&font, size, letter)))
            .collect();
        Ok(TitledCards { letters })
    }

    /// The PNG picture of `shape` and colour `hue` (0–7) with `title` and a small `caption`.
    pub fn png(
        &self,
        shape: Shape,
        hue: u8,
        title: &str,
        caption: &str,
    ) -> Result<Vec<u8>, String> {
        let packed = self.draw(shape, title, caption);
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, shape.width as u32, shape.height as u32);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Two);
        encoder.set_palette(palette(hue).concat());
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::Up);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&packed)
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(bytes)
    }

    /// The same picture as a JPEG.
    pub fn jpeg(
        &self,
        shape: Shape,
        hue: u8,
        title: &str,
        caption: &str,
    ) -> Result<Vec<u8>, String> {
        let palette = palette(hue);
        let rgb: Vec<u8> = self
            .draw(shape, title, caption)
            .into_iter()
            .flat_map(|byte| [6, 4, 2, 0].map(|shift| (byte >> shift) & 0b11))
            .flat_map(|index| palette[usize::from(index)])
            .collect();
        super::photo::jpeg_rgb(&rgb, shape.width as u32, shape.height as u32)
    }

    // The picture as palette indices, packed 4 pixels a byte (rows of PNG image data).
    fn draw(&self, shape: Shape, title: &str, caption: &str) -> Vec<u8> {
        let row_bytes = shape.row_bytes();
        let mut canvas = vec![0u8; row_bytes * shape.height];
        let max_lines = shape.title_rows() / Size::Title.cell().1;
        let lines = wrap(title, Size::Title.letters_per_line(shape), max_lines);
        let top =
            shape.title_rows.0 + (shape.title_rows() - lines.len() * Size::Title.cell().1) / 2;
        for (number, line) in lines.iter().enumerate() {
            let row = top + number * Size::Title.cell().1;
            self.write_line(&mut canvas, row_bytes, Size::Title, line, row);
        }
        let accent = pack(&[ACCENT; PIXELS_PER_BYTE])[0];
        for y in shape.accent_row * CELL..(shape.accent_row + 1) * CELL {
            let start = y * row_bytes + MARGIN * CELL / PIXELS_PER_BYTE;
            canvas[start..start + ACCENT_COLUMNS * CELL / PIXELS_PER_BYTE].fill(accent);
        }
        let caption = wrap(caption, Size::Caption.letters_per_line(shape), 1);
        if let Some(line) = caption.first() {
            self.write_line(
                &mut canvas,
                row_bytes,
                Size::Caption,
                line,
                shape.caption_row,
            );
        }
        canvas
    }

    fn write_line(&self, canvas: &mut [u8], row_bytes: usize, size: Size, line: &str, row: usize) {
        let (width, height) = size.pixels();
        let width = width / PIXELS_PER_BYTE;
        for (position, letter) in line.chars().enumerate() {
            let Some(letter) = self.letters.get(&(size, letter)) else {
                continue;
            };
            let x = (MARGIN + position * size.cell().0) * CELL / PIXELS_PER_BYTE;
            let y = row * CELL;
            for (line_y, pixels) in letter.chunks_exact(width).enumerate().take(height) {
                let start = (y + line_y) * row_bytes + x;
                if let Some(target) = canvas.get_mut(start..start + width) {
                    target.copy_from_slice(pixels);
                }
            }
        }
    }
}

// The 4 colours of a card of colour `hue`: from it to white.
fn palette(hue: u8) -> [[u8; 3]; 4] {
    let colour = PALETTE[usize::from(hue) % PALETTE.len()];
    [0u8, 1, 2, 3].map(|level| mix(colour, WHITE, f32::from(level) / f32::from(INK)))
}

// Palette indices, 4 pixels a byte, the first in the high bits.
fn pack(indices: &[u8]) -> Vec<u8> {
    indices
        .chunks_exact(PIXELS_PER_BYTE)
        .map(|p| (p[0] << 6) | (p[1] << 4) | (p[2] << 2) | p[3])
        .collect()
}

fn mix(from: [u8; 3], to: [u8; 3], amount: f32) -> [u8; 3] {
    let channel =
        |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * amount).round() as u8;
    [
        channel(from[0], to[0]),
        channel(from[1], to[1]),
        channel(from[2], to[2]),
    ]
}

// One letter as packed palette indices: how much of each pixel of its cell it covers.
fn indices(font: &FontRef, size: Size, letter: char) -> Vec<u8> {
    let levels: Vec<u8> = coverage(font, size, letter)
        .into_iter()
        .map(|c| (c * f32::from(INK)).round() as u8)
        .collect();
    pack(&levels)
}

// How much of each pixel of the cell the letter covers, centred, clipped to the cell.
fn coverage(font: &FontRef, size: Size, letter: char) -> Vec<f32> {
    let (width, height) = size.pixels();
    let advance_units = font.h_advance_unscaled(font.glyph_id('M'));
    let units_per_em = font.units_per_em().unwrap_or(2048.0);
    let scale = PxScale::from(width as f32 * units_per_em / advance_units);
    let scaled = font.as_scaled(scale);
    let id = font.glyph_id(letter);
    let x = (width as f32 - scaled.h_advance(id)).max(0.0) / 2.0;
    let baseline = (height as f32 - (scaled.ascent() - scaled.descent())) / 2.0 + scaled.ascent();
    let mut cells = vec![0.0f32; width * height];
    if let Some(outline) =
        font.outline_glyph(id.with_scale_and_position(scale, ab_glyph::point(x, baseline)))
    {
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, amount| {
            let (px, py) = (
                bounds.min.x as i64 + i64::from(gx),
                bounds.min.y as i64 + i64::from(gy),
            );
            if (0..width as i64).contains(&px) && (0..height as i64).contains(&py) {
                let cell = &mut cells[py as usize * width + px as usize];
                *cell = cell.max(amount.clamp(0.0, 1.0));
            }
        });
    }
    cells
}

/// Splits `text` into at most `max_lines` lines of `width` letters, at spaces when it can;
/// the last line ends with "…" when the text does not fit.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<Vec<char>> = Vec::new();
    let mut current: Vec<char> = Vec::new();
    for word in text.split_whitespace() {
        let letters: Vec<char> = word.chars().collect();
        for piece in letters.chunks(width) {
            if !current.is_empty() && current.len() + 1 + piece.len() > width {
                lines.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.extend_from_slice(piece);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.truncate(width - 1);
            last.push(ELLIPSIS);
        }
    }
    lines
        .into_iter()
        .map(|line| line.into_iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_at_spaces_and_end_with_an_ellipsis_when_too_long() {
        assert_eq!(
            wrap("Le rituel de lecture du matin", 12, 3),
            ["Le rituel de", "lecture du", "matin"]
        );
        assert_eq!(wrap("abcdefghij", 4, 5), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("un deux trois quatre", 6, 2), ["un", "deux…"]);
        assert!(wrap("", 10, 2).is_empty());
    }

    fn cards() -> TitledCards {
        TitledCards::new([("Calcul « mental » <&>", "Classe test")].into_iter()).unwrap()
    }

    #[test]
    fn a_card_is_a_small_1200_by_630_png_in_the_hue_with_white_letters() {
        let png = cards()
            .png(CARD, 3, "Calcul « mental » <&>", "Classe test")
            .unwrap();
        assert!(png.len() < 10_000, "{} bytes", png.len());
        let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap()
            .to_rgb8();
        assert_eq!(decoded.dimensions(), (1200, 630));
        assert_eq!(decoded.get_pixel(5, 5).0, PALETTE[3], "background");
        let white = decoded.pixels().filter(|p| p.0 == WHITE).count();
        assert!(white > 2_000, "letters drawn: {white} white pixels");
        assert_eq!(
            png,
            cards()
                .png(CARD, 3, "Calcul « mental » <&>", "Classe test")
                .unwrap(),
            "stable bytes"
        );
    }

    #[test]
    fn the_jpeg_card_is_the_same_drawing() {
        let jpeg = cards()
            .jpeg(CARD, 3, "Calcul « mental » <&>", "Classe test")
            .unwrap();
        let decoded = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8();
        assert_eq!(decoded.dimensions(), (1200, 630));
        let pixel = decoded.get_pixel(5, 5).0;
        assert!(
            pixel
                .iter()
                .zip(PALETTE[3])
                .all(|(a, b)| a.abs_diff(b) <= 3),
            "{pixel:?}"
        );
    }

    #[test]
    fn a_portrait_is_1080_by_1350_with_the_same_letters() {
        let png = cards()
            .png(PORTRAIT, 3, "Calcul « mental » <&>", "Classe test")
            .unwrap();
        let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap()
            .to_rgb8();
        assert_eq!(decoded.dimensions(), (1080, 1350));
        let white = decoded.pixels().filter(|p| p.0 == WHITE).count();
        assert!(white > 2_000, "letters drawn: {white} white pixels");
    }
}
