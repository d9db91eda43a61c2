//! Titled placeholder cards (1200×630 JPEG): a coloured background, the title wrapped in
//! white letters and a small caption under an accent bar. Letters sit in a monospaced grid
//! of MCU-aligned cells, so each (colour, size, letter) is encoded once per build and every
//! card is assembled from those pieces (`mosaic`); a card costs a copy, not an encoding.

use std::collections::{HashMap, HashSet};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use rayon::prelude::*;

use super::mosaic::{self, Ground, Tiles, MCU};

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

/// Left and right margin, in MCUs.
const MARGIN: usize = 4;
/// MCU rows where the title may go.
const TITLE_ROWS: std::ops::Range<usize> = 3..31;
const ACCENT_ROW: usize = 33;
const ACCENT_COLUMNS: usize = 8;
const CAPTION_ROW: usize = 35;
const ELLIPSIS: char = '…';

/// The two letter sizes: a cell is `columns`×`rows` MCUs.
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

    fn letters_per_line(self) -> usize {
        (WIDTH / MCU - 2 * MARGIN) / self.cell().0
    }
}

/// Everything needed to assemble cards: one ground per colour and the letters' tiles.
pub struct TitledCards {
    grounds: Vec<Ground>,
    accents: Vec<Tiles>,
    letters: HashMap<(usize, Size, char), Tiles>,
}

impl TitledCards {
    /// Prepares the letters of every `(hue, title, caption)` that will be drawn.
    pub fn new<'t>(
        texts: impl Iterator<Item = (u8, &'t str, &'t str)>,
    ) -> Result<TitledCards, String> {
        let font = FontRef::try_from_slice(FONT).map_err(|e| e.to_string())?;
        let mut needed: HashSet<(usize, Size, char)> = HashSet::new();
        for (hue, title, caption) in texts {
            let hue = usize::from(hue) % PALETTE.len();
            let letters = |size: Size, text: &'t str| {
                text.chars()
                    .chain([ELLIPSIS])
                    .filter(|c| !c.is_whitespace())
                    .map(move |c| (hue, size, c))
            };
            needed.extend(letters(Size::Title, title).chain(letters(Size::Caption, caption)));
        }
        let grounds = PALETTE
            .par_iter()
            .map(|&colour| Ground::new(WIDTH, HEIGHT, colour))
            .collect::<Result<_, _>>()?;
        let accents = PALETTE
            .par_iter()
            .map(|&colour| solid(mix(colour, WHITE, 0.55)))
            .collect::<Result<_, _>>()?;
        let mut needed: Vec<(usize, Size, char)> = needed.into_iter().collect();
        needed.sort_unstable();
        let tiles = needed
            .par_iter()
            .map(|&(hue, size, letter)| letter_tiles(&font, size, letter, PALETTE[hue]))
            .collect::<Result<Vec<_>, String>>()?;
        let letters = needed.into_iter().zip(tiles).collect();
        Ok(TitledCards {
            grounds,
            accents,
            letters,
        })
    }

    /// The JPEG card of colour `hue` (0–7) with `title` and a small `caption`.
    pub fn card(&self, hue: u8, title: &str, caption: &str) -> Vec<u8> {
        let hue = usize::from(hue) % PALETTE.len();
        let ground = &self.grounds[hue];
        let mut canvas = ground.canvas();
        let max_lines = TITLE_ROWS.len() / Size::Title.cell().1;
        let lines = wrap(title, Size::Title.letters_per_line(), max_lines);
        let top = TITLE_ROWS.start + (TITLE_ROWS.len() - lines.len() * Size::Title.cell().1) / 2;
        for (number, line) in lines.iter().enumerate() {
            self.write_line(
                &mut canvas,
                hue,
                Size::Title,
                line,
                top + number * Size::Title.cell().1,
            );
        }
        for column in MARGIN..MARGIN + ACCENT_COLUMNS {
            canvas.place(&self.accents[hue], column, ACCENT_ROW);
        }
        let caption = wrap(caption, Size::Caption.letters_per_line(), 1);
        if let Some(line) = caption.first() {
            self.write_line(&mut canvas, hue, Size::Caption, line, CAPTION_ROW);
        }
        canvas.to_jpeg()
    }

    fn write_line<'s>(
        &'s self,
        canvas: &mut mosaic::Canvas<'s>,
        hue: usize,
        size: Size,
        line: &str,
        row: usize,
    ) {
        let width = size.cell().0;
        for (position, letter) in line.chars().enumerate() {
            if let Some(tiles) = self.letters.get(&(hue, size, letter)) {
                canvas.place(tiles, MARGIN + position * width, row);
            }
        }
    }
}

fn solid(colour: [u8; 3]) -> Result<Tiles, String> {
    mosaic::tiles(&colour.repeat(MCU * MCU), MCU, MCU)
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

// One letter in white on `colour`.
fn letter_tiles(
    font: &FontRef,
    size: Size,
    letter: char,
    colour: [u8; 3],
) -> Result<Tiles, String> {
    let (width, height) = (size.cell().0 * MCU, size.cell().1 * MCU);
    let rgb: Vec<u8> = coverage(font, size, letter)
        .iter()
        .flat_map(|&c| mix(colour, WHITE, c))
        .collect();
    mosaic::tiles(&rgb, width, height)
}

// How much of each pixel of the cell the letter covers, centred, clipped to the cell.
fn coverage(font: &FontRef, size: Size, letter: char) -> Vec<f32> {
    let (width, height) = (size.cell().0 * MCU, size.cell().1 * MCU);
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

    #[test]
    fn a_card_is_a_1200_by_630_jpeg() {
        let cards =
            TitledCards::new([(3, "Calcul « mental » <&>", "Classe test")].into_iter()).unwrap();
        let jpeg = cards.card(3, "Calcul « mental » <&>", "Classe test");
        let decoded = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1200, 630));
        let pixel = decoded.to_rgb8().get_pixel(5, 5).0;
        assert!(
            pixel
                .iter()
                .zip(PALETTE[3])
                .all(|(a, b)| a.abs_diff(b) <= 3),
            "{pixel:?}"
        );
        assert_eq!(
            jpeg,
            cards.card(3, "Calcul « mental » <&>", "Classe test"),
            "stable bytes"
        );
    }
}
