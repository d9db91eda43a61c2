//! JPEG pictures assembled from pre-encoded 16×16 tiles, so that ten thousand titled cards
//! cost a copy of bytes each instead of a full JPEG encoding each.
//!
//! A baseline JPEG with 4:2:0 subsampling codes the picture as 16×16 MCUs. With a restart
//! interval of one MCU, every MCU is an independent, byte-aligned piece of the scan (the DC
//! predictors reset at each restart marker). So a tile encoded once (a glyph on a colour, a
//! solid block) gives the exact bytes it would have inside any picture where it sits on the
//! 16-pixel grid: a card is its header, then one piece per MCU separated by `RSTn` markers.
//! The result is byte-identical to encoding the whole picture at once (see the tests).

use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};

/// Side of an MCU, in pixels.
pub const MCU: usize = 16;
const QUALITY: u8 = 80;

/// The entropy-coded MCUs of a tile-aligned picture, row by row.
#[derive(Debug, Clone)]
pub struct Tiles {
    pub columns: usize,
    pub mcus: Vec<Vec<u8>>,
}

/// An encoded picture split into its header (up to the scan) and its MCUs.
struct Split {
    header: Vec<u8>,
    mcus: Vec<Vec<u8>>,
}

/// Encodes RGB pixels with the settings every tile shares.
pub fn encode_rgb(
    rgb: &[u8],
    width: u16,
    height: u16,
    restart_each_mcu: bool,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut encoder = Encoder::new(&mut bytes, QUALITY);
    encoder.set_sampling_factor(SamplingFactor::F_2_2);
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    if restart_each_mcu {
        encoder.set_restart_interval(1);
    }
    encoder
        .encode(rgb, width, height, ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Encodes a picture whose sides are multiples of 16 into its tiles.
pub fn tiles(rgb: &[u8], width: usize, height: usize) -> Result<Tiles, String> {
    let (w, h) = (dimension(width)?, dimension(height)?);
    let split = split(&encode_rgb(rgb, w, h, true)?)?;
    let (columns, rows) = (width.div_ceil(MCU), height.div_ceil(MCU));
    if split.mcus.len() != columns * rows {
        return Err(format!(
            "{} MCU trouvés, {} attendus",
            split.mcus.len(),
            columns * rows
        ));
    }
    Ok(Tiles {
        columns,
        mcus: split.mcus,
    })
}

fn dimension(value: usize) -> Result<u16, String> {
    u16::try_from(value).map_err(|_| format!("dimension trop grande : {value}"))
}

// Header up to the end of the SOS segment, then the scan cut at its restart markers.
fn split(jpeg: &[u8]) -> Result<Split, String> {
    let sos = find_marker(jpeg, 0xDA).ok_or("pas de segment SOS")?;
    let length = usize::from(u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]));
    let scan_start = sos + 2 + length;
    let header = jpeg.get(..scan_start).ok_or("SOS tronqué")?.to_vec();
    let mut mcus = Vec::new();
    let mut piece = Vec::new();
    let mut bytes = jpeg[scan_start..].iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        match (byte, bytes.peek().copied()) {
            (0xFF, Some(marker @ 0xD0..=0xD7)) | (0xFF, Some(marker @ 0xD9)) => {
                bytes.next();
                mcus.push(std::mem::take(&mut piece));
                if marker == 0xD9 {
                    return Ok(Split { header, mcus });
                }
            }
            _ => piece.push(byte),
        }
    }
    Err("pas de marqueur de fin".to_string())
}

// Position of the first `FF code` marker among the segments before the scan.
fn find_marker(jpeg: &[u8], code: u8) -> Option<usize> {
    let mut position = 2;
    while position + 4 <= jpeg.len() {
        if jpeg[position] != 0xFF {
            return None;
        }
        if jpeg[position + 1] == code {
            return Some(position);
        }
        let length = usize::from(u16::from_be_bytes([jpeg[position + 2], jpeg[position + 3]]));
        position += 2 + length;
    }
    None
}

/// The fixed part of every picture of one size and colour: its header and its plain MCU.
#[derive(Debug, Clone)]
pub struct Ground {
    header: Vec<u8>,
    plain: Vec<u8>,
    columns: usize,
    rows: usize,
}

impl Ground {
    /// A `width`×`height` picture of one `colour`; `width` must be a multiple of 16. Only
    /// one MCU is encoded: the header of any size differs only by the size in its frame.
    pub fn new(width: usize, height: usize, colour: [u8; 3]) -> Result<Ground, String> {
        let rgb = colour.repeat(MCU * MCU);
        let mut split = split(&encode_rgb(&rgb, MCU as u16, MCU as u16, true)?)?;
        let frame = find_marker(&split.header, 0xC0).ok_or("pas de segment SOF0")?;
        split.header[frame + 5..frame + 7].copy_from_slice(&dimension(height)?.to_be_bytes());
        split.header[frame + 7..frame + 9].copy_from_slice(&dimension(width)?.to_be_bytes());
        let plain = split.mcus.first().cloned().ok_or("image vide")?;
        Ok(Ground {
            header: split.header,
            plain,
            columns: width.div_ceil(MCU),
            rows: height.div_ceil(MCU),
        })
    }

    /// A picture of this ground to place tiles on.
    pub fn canvas(&self) -> Canvas<'_> {
        Canvas {
            ground: self,
            mcus: vec![None; self.columns * self.rows],
        }
    }
}

/// A picture being assembled: which tile's MCU goes where.
pub struct Canvas<'g> {
    ground: &'g Ground,
    mcus: Vec<Option<&'g [u8]>>,
}

impl<'g> Canvas<'g> {
    /// Puts `tiles` with its top-left MCU at (`column`, `row`); what falls outside is dropped.
    pub fn place(&mut self, tiles: &'g Tiles, column: usize, row: usize) {
        for (index, mcu) in tiles.mcus.iter().enumerate() {
            let (x, y) = (column + index % tiles.columns, row + index / tiles.columns);
            if x < self.ground.columns && y < self.ground.rows {
                self.mcus[y * self.ground.columns + x] = Some(mcu);
            }
        }
    }

    /// The JPEG file.
    pub fn to_jpeg(&self) -> Vec<u8> {
        let size: usize = self
            .mcus
            .iter()
            .map(|m| m.map_or(self.ground.plain.len(), <[u8]>::len) + 2)
            .sum();
        let mut jpeg = Vec::with_capacity(self.ground.header.len() + size + 2);
        jpeg.extend_from_slice(&self.ground.header);
        for (index, mcu) in self.mcus.iter().enumerate() {
            if index > 0 {
                jpeg.extend_from_slice(&[0xFF, 0xD0 + ((index - 1) % 8) as u8]);
            }
            jpeg.extend_from_slice(mcu.unwrap_or(&self.ground.plain));
        }
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        jpeg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile_pixels(width: usize, height: usize, seed: u8) -> Vec<u8> {
        (0..width * height * 3)
            .map(|i| (i as u32 * 7 + u32::from(seed) * 13) as u8 ^ (i / 97) as u8)
            .collect()
    }

    #[test]
    fn an_assembled_picture_is_the_picture_encoded_whole() {
        let (width, height) = (96, 40);
        let background = [29, 78, 137];
        let tile = tile_pixels(32, 16, 3);
        let ground = Ground::new(width, height, background).unwrap();
        let tiles = tiles(&tile, 32, 16).unwrap();
        let mut canvas = ground.canvas();
        canvas.place(&tiles, 1, 1);
        let mut whole = background.repeat(width * height);
        for y in 0..16 {
            for x in 0..32 {
                let (from, to) = ((y * 32 + x) * 3, ((16 + y) * width + 16 + x) * 3);
                whole[to..to + 3].copy_from_slice(&tile[from..from + 3]);
            }
        }
        let expected = encode_rgb(&whole, width as u16, height as u16, true).unwrap();
        assert_eq!(canvas.to_jpeg(), expected);
    }

    #[test]
    fn tiles_are_cut_at_every_mcu() {
        let tiles = tiles(&tile_pixels(48, 32, 1), 48, 32).unwrap();
        assert_eq!((tiles.columns, tiles.mcus.len()), (3, 6));
    }
}
