//! Every picture the site makes from its content, written in parallel (by `serve`, only
//! those whose inputs changed since its last rebuild): the 1200×630 card of each video (for
//! feeds and social networks), of each event and of the site, and the resized copies of
//! bundle thumbnails that pages show. A video with a readable bundle thumbnail gets a photo
//! card, `carte.jpg`; any other card is titled (`titled`), a small PNG, `carte.png`. Each
//! picture is made once and then taken from the picture cache (`cache`), so a rebuild with
//! unchanged pictures decodes and encodes nothing.

pub mod cache;
mod photo;
mod titled;

use crate::hashing::hash_of as key;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::catalog::{Catalog, Event, Thumbnail, Video};
use crate::output::Writer;
use crate::paths::{self, CardFormat};
use crate::Error;
use cache::{Key, PictureCache};
pub use photo::Variant;
use titled::TitledCards;

/// Size of every card.
pub const CARD_WIDTH: u32 = titled::WIDTH as u32;
pub const CARD_HEIGHT: u32 = titled::HEIGHT as u32;
/// The site's card takes the theme's brand colour.
const SITE_HUE: u8 = 0;

/// The colour, 0–7, of what stands in for a missing picture: a titled card, the CSS
/// placeholder of a video without a thumbnail, a contributor's initials. Stable per slug
/// or id, so a video keeps its colour from build to build and from page to card.
pub fn hue(key: &str) -> u8 {
    let sum = key.bytes().fold(0u32, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u32::from(b))
    });
    (sum % 8) as u8
}
/// Name of the cache folder under the site root, unless `--cache` says otherwise.
pub const CACHE_DIR: &str = ".capsule-cache";

/// The MIME type of the card at `path`: PNG for titled cards, JPEG for photo cards.
pub fn card_mime(path: &str) -> &'static str {
    match path.ends_with(".png") {
        true => "image/png",
        false => "image/jpeg",
    }
}

/// Site path of a video's card: a JPEG made from its bundle thumbnail, or a titled PNG.
pub fn video_card_path(video: &Video) -> String {
    let format = match bundle_thumbnail(video) {
        Some(_) => CardFormat::Jpeg,
        None => CardFormat::Png,
    };
    paths::video_card(&video.slug, format)
}

/// Site path of the video's own image (its bundle thumbnail as named), when it has one.
pub fn thumbnail_path(video: &Video) -> Option<String> {
    match &video.thumbnail {
        Thumbnail::Bundle(file) => Some(paths::video_file(&video.slug, file)),
        _ => None,
    }
}

/// A bundle thumbnail that was read, and its resized copies.
#[derive(Debug, Clone)]
pub struct LocalPicture {
    /// Site path of the bundle's file (`/videos/x/vignette.jpg`).
    pub original: String,
    pub width: u32,
    pub height: u32,
    /// Site path of the copies without width and extension: `/videos/x/vignette`, for
    /// `/videos/x/vignette-480.webp`.
    pub stem: String,
    pub variants: Vec<Variant>,
}

impl LocalPicture {
    /// Site path of the smallest resized copy: what a small thumbnail shows.
    pub fn smallest_webp(&self) -> Option<String> {
        let width = self.variants.iter().map(|v| v.width).min()?;
        Some(paths::resized_webp(&self.stem, width))
    }
}

/// What pages need to know about the pictures written, by video index.
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    pub videos: Vec<Option<LocalPicture>>,
}

/// Pictures already on disk, by a hash of what each is made of: lets `serve` write only
/// the pictures of the videos and events that changed since its last rebuild.
#[derive(Debug, Default)]
pub struct Written {
    videos: HashMap<u64, Option<LocalPicture>>,
    cards: HashSet<u64>,
}

/// Writes every card and resized copy; returns what pages need to show them.
pub fn write_all(
    catalog: &Catalog,
    writer: &Writer,
    cache: &PictureCache,
) -> Result<Pictures, Error> {
    write_changed(catalog, writer, cache, &mut Written::default())
}

/// A titled card to write: where, its colour and its text.
struct TitledCard<'c> {
    path: String,
    hue: u8,
    title: &'c str,
    caption: &'c str,
}

impl TitledCard<'_> {
    fn key(&self) -> Key {
        titled_key(self.hue, self.title, self.caption, "png")
    }
}

/// Writes the pictures not in `written` (and records them there); returns what pages need.
pub fn write_changed(
    catalog: &Catalog,
    writer: &Writer,
    cache: &PictureCache,
    written: &mut Written,
) -> Result<Pictures, Error> {
    let site_caption = site_caption(catalog);
    let site = (
        SITE_HUE,
        catalog.config.title.as_str(),
        site_caption.as_str(),
    );
    let events: Vec<(u8, &str, String)> = catalog
        .events
        .iter()
        .map(|e| (hue(&e.slug), e.title.as_str(), event_caption(catalog, e)))
        .collect();
    let event_keys: Vec<u64> = events.iter().map(|(h, t, c)| key(&(h, t, c))).collect();
    let video_keys: Vec<u64> = catalog
        .videos
        .iter()
        .map(|v| video_key(catalog, v))
        .collect();
    let site_key = key(&site);
    let new_videos: Vec<usize> = (0..video_keys.len())
        .filter(|&i| !written.videos.contains_key(&video_keys[i]))
        .collect();
    let new_events: Vec<usize> = (0..event_keys.len())
        .filter(|&i| !written.cards.contains(&event_keys[i]))
        .collect();
    let mut titled: Vec<TitledCard> = new_videos
        .iter()
        .map(|&i| &catalog.videos[i])
        .filter(|video| bundle_thumbnail(video).is_none())
        .map(|video| {
            let (hue, title, caption) = video_card_text(catalog, video);
            TitledCard {
                path: video_card_path(video),
                hue,
                title,
                caption,
            }
        })
        .collect();
    titled.extend(new_events.iter().map(|&i| {
        let (hue, title, caption) = &events[i];
        TitledCard {
            path: paths::event_card(&catalog.events[i].slug),
            hue: *hue,
            title,
            caption,
        }
    }));
    if !written.cards.contains(&site_key) {
        titled.push(TitledCard {
            path: paths::SITE_CARD.to_string(),
            hue: site.0,
            title: site.1,
            caption: site.2,
        });
    }
    write_titled(&titled, writer, cache)?;
    let fresh = new_videos
        .par_iter()
        .map(|&i| video_pictures(catalog, &catalog.videos[i], writer, cache))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut previous = std::mem::take(&mut written.videos);
    previous.extend(new_videos.iter().map(|&i| video_keys[i]).zip(fresh));
    let videos: Vec<Option<LocalPicture>> = video_keys
        .iter()
        .map(|k| previous.get(k).cloned().flatten())
        .collect();
    written.videos = video_keys.into_iter().zip(videos.iter().cloned()).collect();
    written.cards = event_keys.into_iter().chain([site_key]).collect();
    Ok(Pictures { videos })
}

/// Site paths of every picture of `catalog` (cards, resized copies), without the leading
/// `/`: what [`write_changed`] wrote now or keeps from an earlier rebuild.
pub fn site_paths(catalog: &Catalog, pictures: &Pictures) -> Vec<String> {
    let videos = catalog.videos.iter().zip(&pictures.videos);
    let videos = videos.flat_map(|(video, picture)| {
        let copies = picture.iter().flat_map(|picture| {
            let stem = &picture.stem;
            picture
                .variants
                .iter()
                .map(move |v| paths::resized_webp(stem, v.width))
        });
        std::iter::once(video_card_path(video)).chain(copies)
    });
    videos
        .chain(
            catalog
                .events
                .iter()
                .map(|event| paths::event_card(&event.slug)),
        )
        .chain([paths::SITE_CARD.to_string()])
        .map(|path| path.trim_start_matches('/').to_string())
        .collect()
}

// Writes titled cards, drawing only those the cache does not have.
fn write_titled(cards: &[TitledCard], writer: &Writer, cache: &PictureCache) -> Result<(), Error> {
    let cached: Vec<Option<PathBuf>> = cards.par_iter().map(|c| cache.get(c.key())).collect();
    let missing = cards
        .iter()
        .zip(&cached)
        .filter(|(_, path)| path.is_none())
        .map(|(card, _)| (card.title, card.caption));
    let drawer = TitledCards::new(missing).map_err(|e| Error::Io(format!("cartes : {e}")))?;
    cards.par_iter().zip(cached).try_for_each(|(card, cached)| {
        let target = paths::file_for(&card.path);
        let target = target.as_str();
        if let Some(path) = cached {
            cache.count_reused();
            return writer.copy(target, &path);
        }
        let bytes = drawer
            .png(card.hue, card.title, card.caption)
            .map_err(|e| Error::Io(format!("{target} : {e}")))?;
        cache.count_made();
        cache.put(card.key(), "png", &bytes)?;
        writer.write_as_is(target, &bytes)
    })
}

fn titled_key(hue: u8, title: &str, caption: &str, format: &str) -> Key {
    Key::of(&[
        titled::SETTINGS.as_bytes(),
        format.as_bytes(),
        &[hue],
        title.as_bytes(),
        caption.as_bytes(),
    ])
}

// What a video's titled card shows: its hue, its title, the site's title.
fn video_card_text<'c>(catalog: &'c Catalog, video: &'c Video) -> (u8, &'c str, &'c str) {
    (hue(&video.slug), &video.title, &catalog.config.title)
}

// Everything a video's pictures are made of, the bundle thumbnail by size and date.
fn video_key(catalog: &Catalog, video: &Video) -> u64 {
    let thumbnail = bundle_thumbnail(video).map(|(file, path)| {
        let metadata = std::fs::metadata(path).ok();
        let stamp = metadata.map(|m| (m.len(), m.modified().ok()));
        (file.to_string(), stamp)
    });
    key(&(&video.slug, video_card_text(catalog, video), thumbnail))
}

// "Focus · 9 décembre 2026"
fn event_caption(catalog: &Catalog, event: &Event) -> String {
    format!(
        "{} · {}",
        event.kind.label(),
        crate::dates::long_date(&event.start, catalog.config.timezone)
    )
}

// The site's address without its scheme: "devoirsfaits.example.org".
fn site_caption(catalog: &Catalog) -> String {
    catalog
        .config
        .base_url
        .split_once("://")
        .map_or(catalog.config.base_url.as_str(), |(_, rest)| rest)
        .to_string()
}

// The bundle's thumbnail file: its name and path.
fn bundle_thumbnail(video: &Video) -> Option<(&str, PathBuf)> {
    match (&video.thumbnail, &video.bundle) {
        (Thumbnail::Bundle(file), Some(bundle)) => Some((file.as_str(), bundle.dir.join(file))),
        _ => None,
    }
}

/// What pages need to know about a thumbnail, kept in the cache beside its products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Photo {
        width: u32,
        height: u32,
    },
    /// Not an image this build can read: the video gets a titled card.
    Unreadable,
}

impl Layout {
    fn to_text(self) -> String {
        match self {
            Layout::Photo { width, height } => format!("{width}x{height}"),
            Layout::Unreadable => "illisible".to_string(),
        }
    }

    fn parse(text: &[u8]) -> Option<Layout> {
        let text = std::str::from_utf8(text).ok()?;
        if text == "illisible" {
            return Some(Layout::Unreadable);
        }
        let (width, height) = text.split_once('x')?;
        Some(Layout::Photo {
            width: width.parse().ok()?,
            height: height.parse().ok()?,
        })
    }
}

/// A file made from a thumbnail.
#[derive(Debug, Clone, Copy)]
enum Product {
    Webp(Variant),
    Card,
}

impl Product {
    fn key(self, source: &[u8; 32]) -> Key {
        let transform = match self {
            Product::Webp(v) => format!("webp {}x{}", v.width, v.height),
            Product::Card => format!("card {CARD_WIDTH}x{CARD_HEIGHT} jpeg"),
        };
        Key::of(&[source, photo::SETTINGS.as_bytes(), transform.as_bytes()])
    }

    fn extension(self) -> &'static str {
        match self {
            Product::Webp(_) => "webp",
            Product::Card => "jpg",
        }
    }

    fn make(self, picture: &photo::Photo) -> Result<Vec<u8>, String> {
        match self {
            Product::Webp(variant) => photo::webp(picture, variant),
            Product::Card => photo::card(picture),
        }
    }
}

// The pictures of a video with a bundle thumbnail: its resized copies and its card, taken
// from the cache when it has them. `None` without a bundle thumbnail.
fn video_pictures(
    catalog: &Catalog,
    video: &Video,
    writer: &Writer,
    cache: &PictureCache,
) -> Result<Option<LocalPicture>, Error> {
    let Some((file, path)) = bundle_thumbnail(video) else {
        return Ok(None);
    };
    let original = paths::video_file(&video.slug, file);
    let failed = |e: String| Error::Io(format!("{} : {e}", paths::file_for(&original)));
    let bytes = std::fs::read(&path).map_err(|e| Error::io(path.display(), e))?;
    let source = cache::source_hash(&bytes);
    let layout_key = Key::of(&[&source, photo::SETTINGS.as_bytes(), b"layout"]);
    let mut decoded = None;
    let layout = match cache.read(layout_key).as_deref().and_then(Layout::parse) {
        Some(layout) => layout,
        None => {
            decoded = photo::decode(&bytes);
            let layout = decoded
                .as_ref()
                .map_or(Layout::Unreadable, |p| Layout::Photo {
                    width: p.width,
                    height: p.height,
                });
            cache.put(layout_key, "txt", layout.to_text().as_bytes())?;
            layout
        }
    };
    let Layout::Photo { width, height } = layout else {
        write_unreadable_card(catalog, video, writer, cache)?;
        return Ok(None);
    };
    let variants = photo::variants(width, height);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let stem = paths::video_file(&video.slug, stem);
    let products = variants
        .iter()
        .map(|&v| (Product::Webp(v), paths::resized_webp(&stem, v.width)))
        .chain([(
            Product::Card,
            paths::video_card(&video.slug, CardFormat::Jpeg),
        )]);
    for (product, address) in products {
        let target = paths::file_for(&address);
        let key = product.key(&source);
        if let Some(cached) = cache.get(key) {
            cache.count_reused();
            writer.copy(&target, &cached)?;
            continue;
        }
        if decoded.is_none() {
            decoded = photo::decode(&bytes);
        }
        let picture = decoded
            .as_ref()
            .ok_or_else(|| failed("image illisible".to_string()))?;
        let made = product.make(picture).map_err(failed)?;
        cache.count_made();
        cache.put(key, product.extension(), &made)?;
        writer.write_as_is(&target, &made)?;
    }
    Ok(Some(LocalPicture {
        original,
        width,
        height,
        stem,
        variants,
    }))
}

// A video whose bundle thumbnail cannot be read keeps `carte.jpg`, titled.
fn write_unreadable_card(
    catalog: &Catalog,
    video: &Video,
    writer: &Writer,
    cache: &PictureCache,
) -> Result<(), Error> {
    let (hue, title, caption) = video_card_text(catalog, video);
    let target = paths::file_for(&video_card_path(video));
    let target = target.as_str();
    let key = titled_key(hue, title, caption, "jpeg");
    if let Some(cached) = cache.get(key) {
        cache.count_reused();
        return writer.copy(target, &cached);
    }
    let failed = |e: String| Error::Io(format!("{target} : {e}"));
    let drawer = TitledCards::new(std::iter::once((title, caption))).map_err(failed)?;
    let bytes = drawer.jpeg(hue, title, caption).map_err(failed)?;
    cache.count_made();
    cache.put(key, "jpg", &bytes)?;
    writer.write_as_is(target, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_read_back_what_they_wrote() {
        for layout in [
            Layout::Photo {
                width: 1280,
                height: 720,
            },
            Layout::Unreadable,
        ] {
            assert_eq!(Layout::parse(layout.to_text().as_bytes()), Some(layout));
        }
        assert_eq!(Layout::parse(b"12x"), None);
    }

    #[test]
    fn card_types_follow_the_extension() {
        assert_eq!(card_mime("/videos/a/carte.png"), "image/png");
        assert_eq!(card_mime("https://x.org/videos/a/carte.jpg"), "image/jpeg");
    }
}
