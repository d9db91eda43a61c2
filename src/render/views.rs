//! What templates see: small borrowed view structs built from the catalogue, never ad-hoc
//! maps. Cards are built once per video, when a page first shows it, and shared by every
//! list that shows the video.

use serde::Serialize;

use crate::catalog::{Avatar, Catalog, Contributor, Event, Video};
use crate::dates;
use crate::fields::{iso_duration, spoken_duration};
use crate::images::{hue, thumbnail_path};
use crate::paths;

/// A link with its label.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub url: String,
    pub label: &'a str,
}

/// The image of a video: a file of the site, or a placeholder drawn by CSS from the title.
#[derive(Debug, Clone, Serialize)]
pub struct ThumbView {
    /// Site URL of the image; `None` for the placeholder.
    pub src: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Placeholder colour, 0–7, stable per video.
    pub hue: u8,
    /// Resized WebP copies for `srcset` (the `<img>` itself shows the bundle's file, for
    /// browsers without WebP); empty when there are none.
    pub srcset_webp: String,
}

/// A video's card as the templates see it, serialized once ([`Card`]): tera shares a
/// value by reference count, so a list page showing it copies no string.
pub type CardValue = tera::Value;

/// A video as shown in lists.
#[derive(Debug, Clone, Serialize)]
pub struct Card<'a> {
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub duration: &'a str,
    pub duration_spoken: String,
    pub date: String,
    pub date_iso: String,
    pub topics: Vec<Link<'a>>,
    pub contributors: Vec<&'a str>,
    pub thumb: ThumbView,
}

impl ThumbView {
    /// The bundle's thumbnail as named, or the placeholder (`Site::with_pictures` then
    /// gives the pictures written).
    pub fn new(catalog: &Catalog, video: &Video) -> ThumbView {
        ThumbView {
            src: thumbnail_path(video).map(|p| catalog.config.url(&p)),
            width: 1280,
            height: 720,
            hue: hue(&video.slug),
            srcset_webp: String::new(),
        }
    }
}

impl<'a> Card<'a> {
    pub fn new(catalog: &'a Catalog, video: &'a Video, thumb: ThumbView) -> Card<'a> {
        let config = &catalog.config;
        Card {
            url: config.url(&paths::video(&video.slug)),
            title: &video.title,
            summary: &video.summary,
            duration: &video.duration,
            duration_spoken: spoken_duration(video.duration_secs),
            date: dates::long_date(&video.date, config.timezone),
            date_iso: video.date.format("%Y-%m-%d").to_string(),
            topics: video
                .topics
                .iter()
                .map(|&t| Link {
                    url: config.url(&paths::topic(&catalog.topics[t].id)),
                    label: &catalog.topics[t].title,
                })
                .collect(),
            contributors: video
                .contributors
                .iter()
                .map(|&c| catalog.contributors[c].name.as_str())
                .collect(),
            thumb,
        }
    }
}

/// A contributor in lists and bylines.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView<'a> {
    pub url: String,
    pub name: &'a str,
    pub role: &'a str,
    pub academie: Option<&'a str>,
    pub school: Option<&'a str>,
    pub initials: String,
    pub avatar: Option<String>,
    pub hue: u8,
    pub video_count: usize,
}

impl<'a> PersonView<'a> {
    pub fn new(catalog: &'a Catalog, person: &'a Contributor) -> PersonView<'a> {
        PersonView {
            url: catalog.config.url(&paths::contributor(&person.id)),
            name: &person.name,
            role: &person.role,
            academie: person.academie.as_deref(),
            school: person.school.as_deref(),
            initials: initials(&person.name),
            avatar: avatar_path(person).map(|p| catalog.config.url(&p)),
            hue: hue(&person.id),
            video_count: person.videos.len(),
        }
    }
}

/// Site path of a local avatar.
pub fn avatar_path(person: &Contributor) -> Option<String> {
    match &person.avatar {
        Avatar::Local(path) => path
            .file_name()
            .map(|name| paths::avatar(&person.id, &name.to_string_lossy())),
        _ => None,
    }
}

/// "Claire Martin" → "CM"; "Yannick Le Goff" → "YL".
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// An event in lists.
#[derive(Debug, Clone, Serialize)]
pub struct EventCard<'a> {
    pub url: String,
    pub title: &'a str,
    pub kind: &'static str,
    pub kind_id: &'static str,
    pub when: String,
    pub start_iso: String,
    pub place: String,
    pub online: bool,
    pub upcoming: bool,
}

impl<'a> EventCard<'a> {
    pub fn new(catalog: &'a Catalog, event: &'a Event) -> EventCard<'a> {
        EventCard {
            url: catalog.config.url(&paths::event(&event.slug)),
            title: &event.title,
            kind: event.kind.label(),
            kind_id: match event.kind {
                crate::catalog::EventKind::Challenge => "challenge",
                crate::catalog::EventKind::Focus => "focus",
            },
            when: dates::span(&event.start, &event.end, catalog.config.timezone),
            start_iso: event.start.to_rfc3339(),
            place: event
                .location
                .clone()
                .unwrap_or_else(|| "En ligne".to_string()),
            online: event.location.is_none(),
            upcoming: event.upcoming,
        }
    }
}

/// Metadata every page carries.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// Site-relative path of this page, to mark the current menu entry.
    pub path: String,
    pub noindex: bool,
    /// Open Graph, Twitter, JSON-LD and share links.
    pub social: super::social::Social,
}

/// Where a paginated list is, and links around it. Only a window of page links, so that a
/// page's size does not grow with the number of pages.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PagerLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// A gap ("…") comes before this link.
    pub gap_before: bool,
}

impl Pager {
    pub fn new(catalog: &Catalog, base: &str, current: usize, total: usize) -> Pager {
        let url = |n: usize| catalog.config.url(&paths::list_page(base, n));
        let mut numbers: Vec<usize> = vec![1, total];
        numbers.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
        numbers.sort_unstable();
        numbers.dedup();
        let mut previous = 0;
        let links = numbers
            .into_iter()
            .map(|number| {
                let link = PagerLink {
                    number,
                    url: url(number),
                    current: number == current,
                    gap_before: number > previous + 1,
                };
                previous = number;
                link
            })
            .collect();
        Pager {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            links,
        }
    }
}

/// ISO 8601 duration of a video, for `<time datetime>`.
pub fn duration_iso(video: &Video) -> String {
    iso_duration(video.duration_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Claire Martin"), "CM");
        assert_eq!(initials("Yannick Le Goff"), "YL");
        assert_eq!(initials("Élodie"), "É");
    }
}
