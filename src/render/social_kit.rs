//! The social kit, `/kit-reseaux/`: for whoever runs the community's accounts, the newest
//! videos each with its 1080×1350 portrait (Instagram), its 1200×630 card (the other
//! networks), its address and a ready caption, so that a new video is posted in a minute.
//! Not in the menu nor the sitemap, and `noindex`: it is a tool, not a page for visitors.

use serde::Serialize;

use super::pages::{meta, page};
use super::views::CardValue;
use super::{contents, Site};
use crate::catalog::{Catalog, Video};
use crate::images::{video_card_path, video_portrait_path, PORTRAIT_HEIGHT, PORTRAIT_WIDTH};
use crate::paths;
use crate::Error;

#[derive(Serialize)]
struct KitView<'a> {
    videos: Vec<KitVideo<'a>>,
    portrait_width: u32,
    portrait_height: u32,
}

#[derive(Serialize)]
struct KitVideo<'a> {
    card: &'a CardValue,
    /// The video's page, absolute: what a post on a network that takes links gives.
    link: String,
    portrait_url: String,
    /// The portrait's file name when downloaded: `<slug>-portrait.jpg`.
    portrait_name: String,
    card_url: String,
    card_name: String,
    caption: String,
}

/// `/kit-reseaux/`.
pub fn social_kit(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let view = KitView {
        videos: contents::social_kit_videos(catalog)
            .map(|i| kit_video(site, i))
            .collect(),
        portrait_width: PORTRAIT_WIDTH,
        portrait_height: PORTRAIT_HEIGHT,
    };
    let mut meta = meta(
        catalog,
        paths::SOCIAL_KIT,
        "Kit réseaux sociaux".into(),
        "Images et légendes prêtes à publier pour les nouvelles vidéos.",
    );
    meta.noindex = true;
    page(site, "social-kit.html", meta, &view)
}

fn kit_video<'a>(site: &'a Site, index: usize) -> KitVideo<'a> {
    let catalog = site.catalog;
    let config = &catalog.config;
    let video = &catalog.videos[index];
    let portrait = video_portrait_path(video);
    let card = video_card_path(video);
    KitVideo {
        card: site.card(index),
        link: config.absolute(&paths::video(&video.slug)),
        portrait_name: download_name(&video.slug, &portrait),
        portrait_url: config.url(&portrait),
        card_name: download_name(&video.slug, &card),
        card_url: config.url(&card),
        caption: caption(catalog, video),
    }
}

// `/videos/x/portrait.jpg` → `x-portrait.jpg`: downloads of several videos stay apart.
fn download_name(slug: &str, path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    format!("{slug}-{file}")
}

/// The caption of a post about `video`: its title, who made it, its summary, where to find
/// it (« lien en bio »: an Instagram caption's links are not links) and hashtags of its
/// themes and levels.
pub fn caption(catalog: &Catalog, video: &Video) -> String {
    let names: Vec<&str> = video
        .contributors
        .iter()
        .map(|&c| catalog.contributors[c].name.as_str())
        .collect();
    let mut parts = vec![
        video.title.clone(),
        format!("Par {}", french_list(&names)),
        video.summary.clone(),
        match instagram_handle(catalog) {
            Some(handle) => format!("▶ La vidéo en entier : lien en bio ({handle})"),
            None => "▶ La vidéo en entier : lien en bio".to_string(),
        },
    ];
    let tags: Vec<String> = video
        .topics
        .iter()
        .map(|&t| catalog.topics[t].title.as_str())
        .chain(
            video
                .levels
                .iter()
                .map(|&l| catalog.levels[l].name.as_str()),
        )
        .filter_map(hashtag)
        .fold(Vec::new(), |mut tags, tag| {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
            tags
        });
    if !tags.is_empty() {
        parts.push(tags.join(" "));
    }
    parts.join("\n\n")
}

/// « Claire Martin », « Claire Martin et Karim Benali », « A, B et C ».
fn french_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => only.to_string(),
        [first @ .., last] => format!("{} et {last}", first.join(", ")),
    }
}

/// `@handle` of the community on Instagram, from `social.instagram` (a handle or an address).
fn instagram_handle(catalog: &Catalog) -> Option<String> {
    let configured = catalog.config.social.instagram.as_deref()?.trim();
    let handle = configured.trim_end_matches('/');
    let handle = handle.rsplit('/').next().unwrap_or(handle);
    let handle = handle.trim_start_matches('@');
    (!handle.is_empty()).then(|| format!("@{handle}"))
}

/// A theme or level as a hashtag: each word capitalised and joined, accents kept, anything
/// else than letters and digits dropped (« Vie de la classe » → `#VieDeLaClasse`,
/// « Production d'écrits » → `#ProductionDÉcrits`). Capitalised words are read out word by
/// word by screen readers. `None` when nothing is left.
pub fn hashtag(text: &str) -> Option<String> {
    let tag: String = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut letters = word.chars();
            let first = letters.next().into_iter().flat_map(char::to_uppercase);
            first.chain(letters).collect::<String>()
        })
        .collect();
    (!tag.is_empty()).then(|| format!("#{tag}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_keep_accents_and_drop_spaces_and_punctuation() {
        assert_eq!(
            hashtag("Vie de la classe").as_deref(),
            Some("#VieDeLaClasse")
        );
        assert_eq!(hashtag("Fluence").as_deref(), Some("#Fluence"));
        assert_eq!(
            hashtag("Production d'écrits").as_deref(),
            Some("#ProductionDÉcrits")
        );
        assert_eq!(
            hashtag("Éducation physique & sportive").as_deref(),
            Some("#ÉducationPhysiqueSportive")
        );
        assert_eq!(hashtag("CE1").as_deref(), Some("#CE1"));
        assert_eq!(hashtag(" — ! "), None);
    }

    #[test]
    fn names_are_listed_the_french_way() {
        assert_eq!(french_list(&["A"]), "A");
        assert_eq!(french_list(&["A", "B"]), "A et B");
        assert_eq!(french_list(&["A", "B", "C"]), "A, B et C");
    }
}
