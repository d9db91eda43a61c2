//! A bundle's own thumbnail: decoded once, resized to the widths the theme shows (WebP and
//! JPEG, for `<picture>`), and cropped to the 1200×630 card that feeds and social networks
//! take.

use image::imageops::FilterType;
use image::{DynamicImage, RgbImage};

use super::titled::{HEIGHT as CARD_HEIGHT, WIDTH as CARD_WIDTH};

/// Widths of the resized copies: cards in lists, and the player.
pub const WIDTHS: [u32; 2] = [480, 960];
const WEBP_QUALITY: f32 = 75.0;
const JPEG_QUALITY: u8 = 80;

/// One resized copy, in both formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
}

/// An encoded file to publish beside the video.
pub struct Encoded {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Decodes an image file; `None` when it is not an image this build can read. Pictures
/// stay `DynamicImage`s: its methods are compiled (optimised) in the `image` crate.
pub fn decode(bytes: &[u8]) -> Option<DynamicImage> {
    image::load_from_memory(bytes)
        .ok()
        .map(|picture| DynamicImage::ImageRgb8(picture.into_rgb8()))
}

/// The widths to publish for a picture `width` pixels wide (never enlarged).
pub fn variants(width: u32, height: u32) -> Vec<Variant> {
    let mut widths: Vec<u32> = WIDTHS.iter().map(|&w| w.min(width)).collect();
    widths.dedup();
    widths
        .into_iter()
        .map(|w| Variant {
            width: w,
            height: (u64::from(height) * u64::from(w) / u64::from(width.max(1))).max(1) as u32,
        })
        .collect()
}

/// `stem-480.webp`, `stem-480.jpg`… for every variant of `picture`.
pub fn resized(picture: &DynamicImage, stem: &str) -> Result<Vec<Encoded>, String> {
    let mut files = Vec::new();
    for variant in variants(picture.width(), picture.height()) {
        let small = picture
            .resize_exact(variant.width, variant.height, FilterType::CatmullRom)
            .into_rgb8();
        files.push(Encoded {
            name: format!("{stem}-{}.webp", variant.width),
            bytes: webp(&small)?,
        });
        files.push(Encoded {
            name: format!("{stem}-{}.jpg", variant.width),
            bytes: jpeg(&small)?,
        });
    }
    Ok(files)
}

/// The 1200×630 card: the picture scaled to cover it, centred.
pub fn card(picture: &DynamicImage) -> Result<Vec<u8>, String> {
    let (width, height) = (picture.width(), picture.height());
    let (card_width, card_height) = (CARD_WIDTH as u32, CARD_HEIGHT as u32);
    let (crop_width, crop_height) =
        if u64::from(width) * u64::from(card_height) > u64::from(height) * u64::from(card_width) {
            (
                (u64::from(height) * u64::from(card_width) / u64::from(card_height)) as u32,
                height,
            )
        } else {
            (
                width,
                (u64::from(width) * u64::from(card_height) / u64::from(card_width)) as u32,
            )
        };
    let (x, y) = ((width - crop_width) / 2, (height - crop_height) / 2);
    let cropped = picture.crop_imm(x, y, crop_width.max(1), crop_height.max(1));
    jpeg(
        &cropped
            .resize_exact(card_width, card_height, FilterType::CatmullRom)
            .into_rgb8(),
    )
}

fn jpeg(picture: &RgbImage) -> Result<Vec<u8>, String> {
    let (width, height) = dimensions(picture)?;
    let mut bytes = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut bytes, JPEG_QUALITY);
    encoder
        .encode(
            picture.as_raw(),
            width,
            height,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

fn webp(picture: &RgbImage) -> Result<Vec<u8>, String> {
    let encoder = webp::Encoder::from_rgb(picture.as_raw(), picture.width(), picture.height());
    let encoded = encoder
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|e| format!("WebP : {e:?}"))?;
    Ok(encoded.to_vec())
}

fn dimensions(picture: &RgbImage) -> Result<(u16, u16), String> {
    let fit = |v: u32| u16::try_from(v).map_err(|_| format!("image trop grande : {v} pixels"));
    Ok((fit(picture.width())?, fit(picture.height())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }))
    }

    #[test]
    fn variants_never_enlarge() {
        assert_eq!(
            variants(1920, 1080),
            [
                Variant {
                    width: 480,
                    height: 270
                },
                Variant {
                    width: 960,
                    height: 540
                }
            ]
        );
        assert_eq!(
            variants(700, 700),
            [
                Variant {
                    width: 480,
                    height: 480
                },
                Variant {
                    width: 700,
                    height: 700
                }
            ]
        );
        assert_eq!(
            variants(300, 200),
            [Variant {
                width: 300,
                height: 200
            }]
        );
    }

    #[test]
    fn resized_copies_and_card_decode_at_their_sizes() {
        let picture = gradient(1280, 720);
        let files = resized(&picture, "vignette").unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "vignette-480.webp",
                "vignette-480.jpg",
                "vignette-960.webp",
                "vignette-960.jpg"
            ]
        );
        let small = image::load_from_memory(&files[0].bytes).unwrap();
        assert_eq!((small.width(), small.height()), (480, 270));
        let card =
            image::load_from_memory_with_format(&card(&picture).unwrap(), image::ImageFormat::Jpeg)
                .unwrap();
        assert_eq!((card.width(), card.height()), (1200, 630));
        let tall = image::load_from_memory(&card_of(gradient(300, 900))).unwrap();
        assert_eq!((tall.width(), tall.height()), (1200, 630));
    }

    fn card_of(picture: DynamicImage) -> Vec<u8> {
        card(&picture).unwrap()
    }
}
