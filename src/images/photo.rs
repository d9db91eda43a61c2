//! A bundle's own thumbnail: decoded once, resized (SIMD, `fast_image_resize`) to the widths
//! the theme shows, in WebP, and cropped to the 1200×630 JPEG card that feeds and social
//! networks take. Pages offer the WebP copies in a `<picture>` whose fallback is the
//! bundle's own file, so no JPEG copy is made for the rare browser without WebP.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use super::titled::{HEIGHT as CARD_HEIGHT, WIDTH as CARD_WIDTH};

/// Widths of the resized copies: cards in lists, and the player.
pub const WIDTHS: [u32; 2] = [480, 960];
const WEBP_QUALITY: f32 = 75.0;
/// libwebp's speed/size trade-off (0 fastest … 6 smallest), measured on thumbnails.
const WEBP_METHOD: i32 = 2;
const JPEG_QUALITY: u8 = 80;
const FILTER: FilterType = FilterType::CatmullRom;

/// What, besides the source, makes the bytes of a resized copy or card: part of their
/// cache keys.
pub const SETTINGS: &str = "catmull-rom webp-q75-m2 jpeg-q80";

/// One resized copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
}

/// A decoded picture, 8-bit RGB.
pub struct Photo {
    rgb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Decodes an image file; `None` when it is not an image this build can read.
pub fn decode(bytes: &[u8]) -> Option<Photo> {
    let picture = image::load_from_memory(bytes).ok()?.into_rgb8();
    let (width, height) = picture.dimensions();
    (width > 0 && height > 0).then(|| Photo {
        rgb: picture.into_raw(),
        width,
        height,
    })
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

/// The copy of `photo` at `variant`'s size, in WebP.
pub fn webp(photo: &Photo, variant: Variant) -> Result<Vec<u8>, String> {
    let small = resize(photo, variant.width, variant.height, false)?;
    let mut config = webp::WebPConfig::new().map_err(|()| "WebP : configuration".to_string())?;
    config.quality = WEBP_QUALITY;
    config.method = WEBP_METHOD;
    let encoder = webp::Encoder::from_rgb(small.buffer(), variant.width, variant.height);
    let encoded = encoder
        .encode_advanced(&config)
        .map_err(|e| format!("WebP : {e:?}"))?;
    Ok(encoded.to_vec())
}

/// The 1200×630 card: the picture scaled to cover it, centred, in JPEG.
pub fn card(photo: &Photo) -> Result<Vec<u8>, String> {
    let (width, height) = (CARD_WIDTH as u32, CARD_HEIGHT as u32);
    let card = resize(photo, width, height, true)?;
    jpeg_rgb(card.buffer(), width, height)
}

/// The 1080×1350 portrait for Instagram: the picture scaled to cover it, centred, in JPEG.
pub fn portrait(photo: &Photo) -> Result<Vec<u8>, String> {
    let (width, height) = (super::PORTRAIT_WIDTH, super::PORTRAIT_HEIGHT);
    let portrait = resize(photo, width, height, true)?;
    jpeg_rgb(portrait.buffer(), width, height)
}

/// Encodes 8-bit RGB pixels as a JPEG.
pub fn jpeg_rgb(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let fit = |v: u32| u16::try_from(v).map_err(|_| format!("image trop grande : {v} pixels"));
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, JPEG_QUALITY)
        .encode(rgb, fit(width)?, fit(height)?, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

// `photo` at `width`×`height`; `cover`: cropped (centred) to that shape rather than squeezed.
fn resize(photo: &Photo, width: u32, height: u32, cover: bool) -> Result<Image<'static>, String> {
    let source = ImageRef::new(photo.width, photo.height, &photo.rgb, PixelType::U8x3)
        .map_err(|e| e.to_string())?;
    let mut target = Image::new(width, height, PixelType::U8x3);
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FILTER));
    if cover {
        options = options.fit_into_destination(Some((0.5, 0.5)));
    }
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| e.to_string())?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> Photo {
        let rgb = (0..height)
            .flat_map(|y| (0..width).flat_map(move |x| [(x % 256) as u8, (y % 256) as u8, 90]))
            .collect();
        Photo { rgb, width, height }
    }

    #[test]
    fn variants_never_enlarge() {
        let sizes = |v: Vec<Variant>| v.iter().map(|v| (v.width, v.height)).collect::<Vec<_>>();
        assert_eq!(sizes(variants(1920, 1080)), [(480, 270), (960, 540)]);
        assert_eq!(sizes(variants(700, 700)), [(480, 480), (700, 700)]);
        assert_eq!(sizes(variants(300, 200)), [(300, 200)]);
    }

    #[test]
    fn resized_copies_and_card_decode_at_their_sizes() {
        let picture = gradient(1280, 720);
        let small = webp(
            &picture,
            Variant {
                width: 480,
                height: 270,
            },
        )
        .unwrap();
        let decoded =
            image::load_from_memory_with_format(&small, image::ImageFormat::WebP).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (480, 270));
        let card =
            image::load_from_memory_with_format(&card(&picture).unwrap(), image::ImageFormat::Jpeg)
                .unwrap();
        assert_eq!((card.width(), card.height()), (1200, 630));
        let tall = image::load_from_memory(&super::card(&gradient(300, 900)).unwrap()).unwrap();
        assert_eq!((tall.width(), tall.height()), (1200, 630));
        let portrait = image::load_from_memory(&super::portrait(&picture).unwrap()).unwrap();
        assert_eq!((portrait.width(), portrait.height()), (1080, 1350));
    }
}
