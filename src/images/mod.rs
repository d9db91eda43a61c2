//! Every picture the site makes from its content, written in parallel (by `serve`, only
//! those whose inputs changed since its last rebuild): the
//! 1200×630 card of each video (`/videos/<slug>/carte.jpg`, for feeds and social networks),
//! of each event and of the site, and the resized copies of bundle thumbnails that pages
//! show. A video without a readable local thumbnail gets a titled card (`titled`), which
//! costs a copy of pre-encoded pieces, so large catalogues stay fast.

mod mosaic;
mod photo;
mod titled;

use crate::markdown::hash_of as key;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::catalog::{Catalog, Event, Thumbnail, Video};
use crate::output::Writer;
use crate::render::views::hue;
use crate::Error;
pub use photo::Variant;
use titled::TitledCards;

/// Size of every card.
pub const CARD_WIDTH: u32 = titled::WIDTH as u32;
pub const CARD_HEIGHT: u32 = titled::HEIGHT as u32;
pub const CARD_MIME: &str = "image/jpeg";
/// Site path of the site's own card, for pages without one of their own.
pub const SITE_CARD_PATH: &str = "/carte.jpg";
/// The site's card takes the theme's brand colour.
const SITE_HUE: u8 = 0;

/// Site path of a video's card.
pub fn video_card_path(video: &Video) -> String {
    format!("/videos/{}/carte.jpg", video.slug)
}

/// Site path of an event's card.
pub fn event_card_path(event: &Event) -> String {
    format!("/evenements/{}/carte.jpg", event.slug)
}

/// A bundle thumbnail that was read, and its resized copies.
#[derive(Debug, Clone)]
pub struct LocalPicture {
    /// Site path of the bundle's file (`/videos/x/vignette.jpg`).
    pub original: String,
    pub width: u32,
    pub height: u32,
    /// Site path of the copies without width and extension: `/videos/x/vignette`, for
    /// `/videos/x/vignette-480.webp` and `/videos/x/vignette-480.jpg`.
    pub stem: String,
    pub variants: Vec<Variant>,
}

impl LocalPicture {
    /// Site path of the smallest resized copy, in WebP: what a small thumbnail shows.
    pub fn smallest_webp(&self) -> Option<String> {
        let width = self.variants.iter().map(|v| v.width).min()?;
        Some(format!("{}-{width}.webp", self.stem))
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
pub fn write_all(catalog: &Catalog, writer: &Writer) -> Result<Pictures, Error> {
    write_changed(catalog, writer, &mut Written::default())
}

/// Writes the pictures not in `written` (and records them there); returns what pages need.
pub fn write_changed(
    catalog: &Catalog,
    writer: &Writer,
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
    let titled = TitledCards::new(
        new_videos
            .iter()
            .map(|&i| video_card_text(catalog, &catalog.videos[i]))
            .chain(new_events.iter().map(|&i| {
                let (h, t, c) = &events[i];
                (*h, *t, c.as_str())
            }))
            .chain(std::iter::once(site)),
    )
    .map_err(|e| Error::Io(format!("cartes : {e}")))?;
    let fresh = new_videos
        .par_iter()
        .map(|&i| video_pictures(catalog, &titled, &catalog.videos[i], writer))
        .collect::<Result<Vec<_>, Error>>()?;
    new_events.par_iter().try_for_each(|&i| {
        let (h, t, c) = &events[i];
        let card = titled.card(*h, t, c);
        writer.write(
            event_card_path(&catalog.events[i]).trim_start_matches('/'),
            &card,
        )
    })?;
    if !written.cards.contains(&site_key) {
        let site_card = titled.card(site.0, site.1, site.2);
        writer.write(SITE_CARD_PATH.trim_start_matches('/'), &site_card)?;
    }
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

// What a video's titled card shows: its hue, its title, the site's title.
fn video_card_text<'c>(catalog: &'c Catalog, video: &'c Video) -> (u8, &'c str, &'c str) {
    (hue(&video.slug), &video.title, &catalog.config.title)
}

// Everything a video's pictures are made of, the bundle thumbnail by size and date.
fn video_key(catalog: &Catalog, video: &Video) -> u64 {
    let thumbnail = match (&video.thumbnail, &video.bundle) {
        (Thumbnail::Bundle(file), Some(bundle)) => std::fs::metadata(bundle.dir.join(file))
            .ok()
            .map(|m| (file.clone(), m.len(), m.modified().ok())),
        _ => None,
    };
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

// The card of one video and, when its bundle thumbnail can be read, its resized copies.
fn video_pictures(
    catalog: &Catalog,
    titled: &TitledCards,
    video: &Video,
    writer: &Writer,
) -> Result<Option<LocalPicture>, Error> {
    let folder = format!("videos/{}", video.slug);
    let Some((file, picture)) = read_bundle_thumbnail(video)? else {
        let card = titled.card(hue(&video.slug), &video.title, &catalog.config.title);
        writer.write(&format!("{folder}/carte.jpg"), &card)?;
        return Ok(None);
    };
    let failed = |e: String| Error::Io(format!("{folder}/{file} : {e}"));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    for encoded in photo::resized(&picture, stem).map_err(failed)? {
        writer.write(&format!("{folder}/{}", encoded.name), &encoded.bytes)?;
    }
    writer.write(
        &format!("{folder}/carte.jpg"),
        &photo::card(&picture).map_err(failed)?,
    )?;
    Ok(Some(LocalPicture {
        original: format!("/{folder}/{file}"),
        width: picture.width(),
        height: picture.height(),
        stem: format!("/{folder}/{stem}"),
        variants: photo::variants(picture.width(), picture.height()),
    }))
}

// The bundle's thumbnail, decoded; `None` without one or when it is not a readable image
// (the video then gets a titled card and pages show the placeholder: never a broken image).
fn read_bundle_thumbnail(video: &Video) -> Result<Option<(&str, image::DynamicImage)>, Error> {
    let (Thumbnail::Bundle(file), Some(bundle)) = (&video.thumbnail, &video.bundle) else {
        return Ok(None);
    };
    let path = bundle.dir.join(file);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(path.display(), e))?;
    Ok(photo::decode(&bytes).map(|picture| (file.as_str(), picture)))
}
