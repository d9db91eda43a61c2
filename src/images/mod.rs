//! Every picture the site makes from its content, written in parallel (by `serve`, only
//! those whose inputs changed since its last rebuild): the 1200×630 card of each video (for
//! feeds and social networks), of each news item, of each event and of the site, the
//! 1080×1350 portrait of the newest videos (the social kit), and the resized copies of
//! bundle thumbnails and news images that pages show. A video with a readable bundle thumbnail gets a photo
//! card, `carte.jpg`; any other card is titled (`titled`), a small PNG, `carte.png`. Each
//! picture is made once and then taken from the picture cache (`cache`), so a rebuild with
//! unchanged pictures decodes and encodes nothing.

pub mod cache;
mod photo;
mod titled;

use crate::hashing::hash_of as key;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::catalog::{Catalog, Event, NewsItem, Thumbnail, Video};
use crate::output::Writer;
use crate::paths::{self, CardFormat};
use crate::Error;
use cache::{Key, PictureCache};
pub use photo::Variant;
use titled::{Shape, TitledCards};

/// Size of every card.
pub const CARD_WIDTH: u32 = titled::WIDTH as u32;
pub const CARD_HEIGHT: u32 = titled::HEIGHT as u32;
/// Size of a video's portrait picture for Instagram (4:5, the tallest its feed shows).
pub const PORTRAIT_WIDTH: u32 = titled::PORTRAIT.width as u32;
pub const PORTRAIT_HEIGHT: u32 = titled::PORTRAIT.height as u32;
/// The newest videos that get a portrait picture: those of the social kit page. A portrait
/// for every video would be some 150 kB each, for pictures nobody posts once a video is old.
pub const PORTRAIT_VIDEOS: usize = 50;
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

/// Site path of a video's portrait (1080×1350), for the newest [`PORTRAIT_VIDEOS`]: a JPEG
/// made from its bundle thumbnail, or a titled PNG.
pub fn video_portrait_path(video: &Video) -> String {
    let format = match bundle_thumbnail(video) {
        Some(_) => CardFormat::Jpeg,
        None => CardFormat::Png,
    };
    paths::video_portrait(&video.slug, format)
}

/// The indices of the videos with a portrait: the newest [`PORTRAIT_VIDEOS`].
pub fn portrait_videos(catalog: &Catalog) -> std::ops::Range<usize> {
    0..catalog.videos.len().min(PORTRAIT_VIDEOS)
}

/// Site path of a news item's card: a JPEG made from its image, or a titled PNG.
pub fn news_card_path(item: &NewsItem) -> String {
    let format = match news_image(item) {
        Some(_) => CardFormat::Jpeg,
        None => CardFormat::Png,
    };
    paths::news_card(&item.slug, format)
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

/// What pages need to know about the pictures written, by video and by news index.
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    pub videos: Vec<Option<LocalPicture>>,
    /// A news item's image, read and resized (`None`: no image, or one that cannot be read).
    pub news: Vec<Option<LocalPicture>>,
}

/// Pictures already on disk, by a hash of what each is made of: lets `serve` write only
/// the pictures of the videos, news and events that changed since its last rebuild.
#[derive(Debug, Default)]
pub struct Written {
    videos: HashMap<u64, Option<LocalPicture>>,
    news: HashMap<u64, Option<LocalPicture>>,
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

/// A titled picture to write: where, its frame, its colour and its text.
struct TitledCard<'c> {
    path: String,
    shape: Shape,
    hue: u8,
    title: &'c str,
    caption: Cow<'c, str>,
}

impl<'c> TitledCard<'c> {
    fn new(path: String, shape: Shape, (hue, title, caption): (u8, &'c str, Cow<'c, str>)) -> Self {
        TitledCard {
            path,
            shape,
            hue,
            title,
            caption,
        }
    }

    fn key(&self) -> Key {
        titled_key(self.shape, self.hue, self.title, &self.caption, "png")
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
    let in_kit = |index: usize| index < PORTRAIT_VIDEOS;
    let video_keys: Vec<u64> = (0..catalog.videos.len())
        .map(|i| video_key(catalog, &catalog.videos[i], in_kit(i)))
        .collect();
    let news_keys: Vec<u64> = catalog.news.iter().map(|n| news_key(catalog, n)).collect();
    let site_key = key(&site);
    let new_videos: Vec<usize> = (0..video_keys.len())
        .filter(|&i| !written.videos.contains_key(&video_keys[i]))
        .collect();
    let new_news: Vec<usize> = (0..news_keys.len())
        .filter(|&i| !written.news.contains_key(&news_keys[i]))
        .collect();
    let new_events: Vec<usize> = (0..event_keys.len())
        .filter(|&i| !written.cards.contains(&event_keys[i]))
        .collect();
    let mut titled: Vec<TitledCard> = Vec::new();
    for &i in &new_videos {
        let video = &catalog.videos[i];
        if bundle_thumbnail(video).is_none() {
            let text = || video_card_text(catalog, video);
            titled.push(TitledCard::new(
                video_card_path(video),
                titled::CARD,
                text(),
            ));
            if in_kit(i) {
                let path = video_portrait_path(video);
                titled.push(TitledCard::new(path, titled::PORTRAIT, text()));
            }
        }
    }
    titled.extend(
        new_news
            .iter()
            .map(|&i| &catalog.news[i])
            .filter(|item| news_image(item).is_none())
            .map(|item| {
                let text = news_card_text(catalog, item);
                TitledCard::new(news_card_path(item), titled::CARD, text)
            }),
    );
    titled.extend(new_events.iter().map(|&i| {
        let (hue, title, caption) = &events[i];
        let path = paths::event_card(&catalog.events[i].slug);
        TitledCard::new(
            path,
            titled::CARD,
            (*hue, title, Cow::from(caption.as_str())),
        )
    }));
    if !written.cards.contains(&site_key) {
        let text = (site.0, site.1, Cow::from(site.2));
        titled.push(TitledCard::new(
            paths::SITE_CARD.to_string(),
            titled::CARD,
            text,
        ));
    }
    write_titled(&titled, writer, cache)?;
    let fresh = new_videos
        .par_iter()
        .map(|&i| video_pictures(catalog, &catalog.videos[i], in_kit(i), writer, cache))
        .collect::<Result<Vec<_>, Error>>()?;
    let videos = remember(&mut written.videos, &video_keys, &new_videos, fresh);
    let fresh = new_news
        .par_iter()
        .map(|&i| news_pictures(catalog, &catalog.news[i], writer, cache))
        .collect::<Result<Vec<_>, Error>>()?;
    let news = remember(&mut written.news, &news_keys, &new_news, fresh);
    written.cards = event_keys.into_iter().chain([site_key]).collect();
    Ok(Pictures { videos, news })
}

// The pictures of every key of `keys`: those made now (`fresh`, for the indices `made`), the
// others from `written`, which then holds exactly the current keys.
fn remember(
    written: &mut HashMap<u64, Option<LocalPicture>>,
    keys: &[u64],
    made: &[usize],
    fresh: Vec<Option<LocalPicture>>,
) -> Vec<Option<LocalPicture>> {
    let mut previous = std::mem::take(written);
    previous.extend(made.iter().map(|&i| keys[i]).zip(fresh));
    let pictures: Vec<Option<LocalPicture>> = keys
        .iter()
        .map(|k| previous.get(k).cloned().flatten())
        .collect();
    *written = keys.iter().copied().zip(pictures.iter().cloned()).collect();
    pictures
}

/// Site paths of every picture of `catalog` (cards, portraits, resized copies), without the
/// leading `/`: what [`write_changed`] wrote now or keeps from an earlier rebuild.
pub fn site_paths(catalog: &Catalog, pictures: &Pictures) -> Vec<String> {
    let copies = |picture: &Option<LocalPicture>| {
        let picture = picture.clone();
        picture.into_iter().flat_map(|picture| {
            picture
                .variants
                .iter()
                .map(|v| paths::resized_webp(&picture.stem, v.width))
                .collect::<Vec<_>>()
        })
    };
    let videos = catalog.videos.iter().zip(&pictures.videos).enumerate();
    let videos = videos.flat_map(|(index, (video, picture))| {
        let portrait = (index < PORTRAIT_VIDEOS).then(|| video_portrait_path(video));
        std::iter::once(video_card_path(video))
            .chain(portrait)
            .chain(copies(picture))
    });
    let news = catalog.news.iter().zip(&pictures.news);
    let news = news
        .flat_map(|(item, picture)| std::iter::once(news_card_path(item)).chain(copies(picture)));
    videos
        .chain(news)
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

// Writes titled pictures, drawing only those the cache does not have.
fn write_titled(cards: &[TitledCard], writer: &Writer, cache: &PictureCache) -> Result<(), Error> {
    let cached: Vec<Option<PathBuf>> = cards.par_iter().map(|c| cache.get(c.key())).collect();
    let missing = cards
        .iter()
        .zip(&cached)
        .filter(|(_, path)| path.is_none())
        .map(|(card, _)| (card.title, card.caption.as_ref()));
    let drawer = TitledCards::new(missing).map_err(|reason| Error::Picture {
        target: "cartes".to_string(),
        reason,
    })?;
    cards.par_iter().zip(cached).try_for_each(|(card, cached)| {
        let target = paths::file_for(&card.path);
        let target = target.as_str();
        if let Some(path) = cached {
            cache.count_reused();
            return writer.copy_cached(target, &path);
        }
        let bytes = drawer
            .png(card.shape, card.hue, card.title, &card.caption)
            .map_err(|reason| Error::Picture {
                target: target.to_string(),
                reason,
            })?;
        cache.count_made();
        let cached = cache.put(card.key(), "png", &bytes)?;
        writer.copy_made(target, &cached, &bytes)
    })
}

// The key of a titled picture. A card's key is the one it had before portraits existed, so
// that caches made then stay valid.
fn titled_key(shape: Shape, hue: u8, title: &str, caption: &str, format: &str) -> Key {
    let format = match shape == titled::CARD {
        true => format.to_string(),
        false => format!("{format} {}x{}", shape.width, shape.height),
    };
    Key::of(&[
        titled::SETTINGS.as_bytes(),
        format.as_bytes(),
        &[hue],
        title.as_bytes(),
        caption.as_bytes(),
    ])
}

// What a video's titled pictures show: its hue, its title, the site's title.
fn video_card_text<'c>(catalog: &'c Catalog, video: &'c Video) -> (u8, &'c str, Cow<'c, str>) {
    (
        hue(&video.slug),
        &video.title,
        Cow::from(catalog.config.title.as_str()),
    )
}

// What a news item's titled card shows: its hue, its title, "Actualité · 14 septembre 2026".
fn news_card_text<'c>(catalog: &'c Catalog, item: &'c NewsItem) -> (u8, &'c str, Cow<'c, str>) {
    let date = crate::dates::long_date(&item.date, catalog.config.timezone);
    (
        hue(&item.slug),
        &item.title,
        Cow::from(format!("Actualité · {date}")),
    )
}

// A file's name and size and date, for the key of what is made of it.
fn stamp(file: &str, path: &Path) -> (String, Option<(u64, Option<std::time::SystemTime>)>) {
    let metadata = std::fs::metadata(path).ok();
    (
        file.to_string(),
        metadata.map(|m| (m.len(), m.modified().ok())),
    )
}

// Everything a video's pictures are made of, the bundle thumbnail by size and date, and
// whether it has a portrait.
fn video_key(catalog: &Catalog, video: &Video, in_kit: bool) -> u64 {
    let thumbnail = bundle_thumbnail(video).map(|(file, path)| stamp(file, &path));
    key(&(
        &video.slug,
        video_card_text(catalog, video),
        thumbnail,
        in_kit,
    ))
}

// Everything a news item's pictures are made of.
fn news_key(catalog: &Catalog, item: &NewsItem) -> u64 {
    let image = news_image(item).map(|(file, path)| stamp(file, &path));
    key(&("news", &item.slug, news_card_text(catalog, item), image))
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

// A news item's image file: its name and path.
fn news_image(item: &NewsItem) -> Option<(&str, PathBuf)> {
    match (&item.image, &item.bundle) {
        (Some(file), Some(bundle)) => Some((file.as_str(), bundle.dir.join(file))),
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
    Portrait,
}

impl Product {
    fn key(self, source: &[u8; 32]) -> Key {
        let transform = match self {
            Product::Webp(v) => format!("webp {}x{}", v.width, v.height),
            Product::Card => format!("card {CARD_WIDTH}x{CARD_HEIGHT} jpeg"),
            Product::Portrait => format!("portrait {PORTRAIT_WIDTH}x{PORTRAIT_HEIGHT} jpeg"),
        };
        Key::of(&[source, photo::SETTINGS.as_bytes(), transform.as_bytes()])
    }

    fn extension(self) -> &'static str {
        match self {
            Product::Webp(_) => "webp",
            Product::Card | Product::Portrait => "jpg",
        }
    }

    fn make(self, picture: &photo::Photo) -> Result<Vec<u8>, String> {
        match self {
            Product::Webp(variant) => photo::webp(picture, variant),
            Product::Card => photo::card(picture),
            Product::Portrait => photo::portrait(picture),
        }
    }
}

/// Where the products of one photo go (site paths).
struct PhotoTargets {
    /// The source file as published (`/videos/x/vignette.jpg`).
    original: String,
    /// The resized copies' address without width and extension (`/videos/x/vignette`).
    stem: String,
    card: String,
    portrait: Option<String>,
}

impl PhotoTargets {
    // `file` of the folder whose files `in_folder` addresses, with its card and portrait.
    fn of(
        file: &str,
        in_folder: impl Fn(&str) -> String,
        card: String,
        portrait: Option<String>,
    ) -> PhotoTargets {
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        PhotoTargets {
            original: in_folder(file),
            stem: in_folder(stem),
            card,
            portrait,
        }
    }
}

// The pictures of a video with a bundle thumbnail: its resized copies, its card and (in
// the social kit) its portrait. `None` without a bundle thumbnail; one that cannot be read
// gets titled pictures under the same names.
fn video_pictures(
    catalog: &Catalog,
    video: &Video,
    in_kit: bool,
    writer: &Writer,
    cache: &PictureCache,
) -> Result<Option<LocalPicture>, Error> {
    let Some((file, path)) = bundle_thumbnail(video) else {
        return Ok(None);
    };
    let slug = &video.slug;
    let targets = PhotoTargets::of(
        file,
        |name| paths::video_file(slug, name),
        paths::video_card(slug, CardFormat::Jpeg),
        in_kit.then(|| paths::video_portrait(slug, CardFormat::Jpeg)),
    );
    let picture = photo_pictures(&path, &targets, writer, cache)?;
    if picture.is_none() {
        let text = video_card_text(catalog, video);
        write_unreadable(titled::CARD, &targets.card, &text, writer, cache)?;
        if let Some(portrait) = &targets.portrait {
            write_unreadable(titled::PORTRAIT, portrait, &text, writer, cache)?;
        }
    }
    Ok(picture)
}

// The pictures of a news item with an image: resized copies and card, as for a video.
fn news_pictures(
    catalog: &Catalog,
    item: &NewsItem,
    writer: &Writer,
    cache: &PictureCache,
) -> Result<Option<LocalPicture>, Error> {
    let Some((file, path)) = news_image(item) else {
        return Ok(None);
    };
    let slug = &item.slug;
    let targets = PhotoTargets::of(
        file,
        |name| paths::news_file(slug, name),
        paths::news_card(slug, CardFormat::Jpeg),
        None,
    );
    let picture = photo_pictures(&path, &targets, writer, cache)?;
    if picture.is_none() {
        let text = news_card_text(catalog, item);
        write_unreadable(titled::CARD, &targets.card, &text, writer, cache)?;
    }
    Ok(picture)
}

// The products of the picture file at `path`, taken from the cache when it has them.
// `None` when it is not an image this build can read.
fn photo_pictures(
    path: &Path,
    targets: &PhotoTargets,
    writer: &Writer,
    cache: &PictureCache,
) -> Result<Option<LocalPicture>, Error> {
    let failed = |reason: String| Error::Picture {
        target: paths::file_for(&targets.original),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
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
        return Ok(None);
    };
    let variants = photo::variants(width, height);
    let products = variants
        .iter()
        .map(|&v| {
            (
                Product::Webp(v),
                paths::resized_webp(&targets.stem, v.width),
            )
        })
        .chain([(Product::Card, targets.card.clone())])
        .chain(targets.portrait.clone().map(|p| (Product::Portrait, p)));
    for (product, address) in products {
        let target = paths::file_for(&address);
        let key = product.key(&source);
        if let Some(cached) = cache.get(key) {
            cache.count_reused();
            writer.copy_cached(&target, &cached)?;
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
        let cached = cache.put(key, product.extension(), &made)?;
        writer.copy_made(&target, &cached, &made)?;
    }
    Ok(Some(LocalPicture {
        original: targets.original.clone(),
        width,
        height,
        stem: targets.stem.clone(),
        variants,
    }))
}

// A picture whose source cannot be read keeps its JPEG name (`carte.jpg`, `portrait.jpg`),
// titled.
fn write_unreadable(
    shape: Shape,
    address: &str,
    (hue, title, caption): &(u8, &str, Cow<str>),
    writer: &Writer,
    cache: &PictureCache,
) -> Result<(), Error> {
    let target = paths::file_for(address);
    let target = target.as_str();
    let key = titled_key(shape, *hue, title, caption, "jpeg");
    if let Some(cached) = cache.get(key) {
        cache.count_reused();
        return writer.copy_cached(target, &cached);
    }
    let failed = |reason: String| Error::Picture {
        target: target.to_string(),
        reason,
    };
    let drawer = TitledCards::new(std::iter::once((*title, caption.as_ref()))).map_err(failed)?;
    let bytes = drawer.jpeg(shape, *hue, title, caption).map_err(failed)?;
    cache.count_made();
    let cached = cache.put(key, "jpg", &bytes)?;
    writer.copy_made(target, &cached, &bytes)
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
