//! One feed item, built once from a video or an event and written by both the RSS and the
//! Atom writers: stable identity (the permalink), a content date (never the build clock),
//! plain-text summary and an HTML card whose every URL is absolute. Text from contributors
//! reaches the HTML only escaped, or (a body) through the pages' sanitiser: a feed reader or
//! an RSS-to-email tool shows it as text, never as markup.

use chrono::{DateTime, FixedOffset};
use quick_xml::escape::escape;

use crate::catalog::{Catalog, Event, Video};
use crate::dates;
use crate::fields::spoken_duration;
use crate::images::video_card_path;
use crate::markdown::{feed_html, Rendered};
use crate::paths;

/// Width and height of the card in the item's HTML (half the 1200×630 file: e-mail width).
const HTML_IMAGE_WIDTH: u32 = 600;
const HTML_IMAGE_HEIGHT: u32 = 315;

/// A person credited on an item.
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    pub url: String,
}

/// A category of an item: a theme, or an event's kind.
#[derive(Debug, Clone)]
pub struct Category {
    pub term: String,
    pub label: String,
    pub url: Option<String>,
}

/// Everything a feed says about one video or event.
#[derive(Debug, Clone)]
pub struct Entry {
    pub title: String,
    /// The permalink: link, `guid` and Atom `id`.
    pub link: String,
    /// In the site's time zone.
    pub date: DateTime<FixedOffset>,
    pub authors: Vec<Author>,
    pub categories: Vec<Category>,
    /// Plain text (Atom `summary`; RSS `description` once escaped by [`text_html`]).
    pub summary: String,
    /// The HTML card and body (`content:encoded`, Atom `content`).
    pub html: String,
    /// Absolute URL of the 1200×630 JPEG card.
    pub image: String,
}

pub(super) fn author(catalog: &Catalog, index: usize) -> Author {
    let person = &catalog.contributors[index];
    Author {
        name: person.name.clone(),
        url: catalog.config.absolute(&paths::contributor(&person.id)),
    }
}

fn topic_category(catalog: &Catalog, index: usize) -> Category {
    let topic = &catalog.topics[index];
    Category {
        term: topic.id.clone(),
        label: topic.title.clone(),
        url: Some(catalog.config.absolute(&paths::topic(&topic.id))),
    }
}

/// A video's item, dated by its front-matter `date`.
pub fn video_entry(catalog: &Catalog, video: &Video) -> Entry {
    let config = &catalog.config;
    let link = config.absolute(&paths::video(&video.slug));
    let image = config.absolute(&video_card_path(video));
    let categories: Vec<Category> = video
        .topics
        .iter()
        .map(|&t| topic_category(catalog, t))
        .collect();
    let topics = categories
        .iter()
        .map(|c| {
            format!(
                "<a href=\"{}\">{}</a>",
                escape(c.url.as_deref().unwrap_or_default()),
                escape(&c.label)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let authors: Vec<Author> = video
        .contributors
        .iter()
        .map(|&c| author(catalog, c))
        .collect();
    let names = authors
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let html = format!(
        "{}<p>{}</p><p>Durée : {} · Par {} · Thèmes : {topics}</p>{}<p><a href=\"{}\">Voir la vidéo</a></p>",
        image_html(&link, &image, &video.title),
        escape(&video.summary),
        spoken_duration(video.duration_secs),
        escape(&names),
        body_html(&video.body, &link),
        escape(&link),
    );
    Entry {
        title: video.title.clone(),
        date: video.date.with_timezone(&config.timezone).fixed_offset(),
        summary: video.summary.clone(),
        link,
        authors,
        categories,
        html,
        image,
    }
}

/// An event's item. An event has no announcement date (`docs/content.md`), so the item is
/// dated by the event's start: stable across builds, and the order a reader expects.
pub fn event_entry(catalog: &Catalog, event: &Event) -> Entry {
    let config = &catalog.config;
    let link = config.absolute(&paths::event(&event.slug));
    let image = config.absolute(&paths::event_card(&event.slug));
    let facts = event_facts(catalog, event);
    let body = event.body.text.trim();
    let summary = if body.is_empty() {
        facts.join("\n")
    } else {
        format!("{}\n\n{body}", facts.join("\n"))
    };
    let facts_html: String = facts
        .iter()
        .map(|fact| format!("<p>{}</p>", linked(fact)))
        .collect();
    let html = format!(
        "{}{facts_html}{}<p><a href=\"{}\">Voir l'événement</a></p>",
        image_html(&link, &image, &event.title),
        body_html(&event.body, &link),
        escape(&link)
    );
    let mut categories = vec![Category {
        term: event.kind.label().to_lowercase(),
        label: event.kind.label().to_string(),
        url: None,
    }];
    categories.extend(event.topics.iter().map(|&t| topic_category(catalog, t)));
    Entry {
        title: event.title.clone(),
        date: event.start.with_timezone(&config.timezone).fixed_offset(),
        authors: event
            .facilitators
            .iter()
            .map(|&c| author(catalog, c))
            .collect(),
        summary,
        link,
        categories,
        html,
        image,
    }
}

/// "Début : mercredi 9 décembre 2026 à 17 h 00", the place, the registration link.
fn event_facts(catalog: &Catalog, event: &Event) -> Vec<String> {
    let zone = catalog.config.timezone;
    let mut facts = vec![format!(
        "{} — début : {}",
        event.kind.label(),
        dates::long_moment(&event.start, zone)
    )];
    if event.end != event.start {
        facts.push(format!("Fin : {}", dates::long_moment(&event.end, zone)));
    }
    if let Some(location) = &event.location {
        facts.push(format!("Lieu : {location}"));
    }
    if let Some(online) = &event.online {
        facts.push(format!("En ligne : {online}"));
    }
    if let Some(registration) = &event.registration {
        facts.push(format!("Inscription : {registration}"));
    }
    facts
}

// A fact as HTML, its trailing URL (if any) made a link.
fn linked(fact: &str) -> String {
    match fact.rsplit_once(" : ") {
        Some((label, url)) if url.starts_with("https://") || url.starts_with("http://") => {
            format!(
                "{} : <a href=\"{}\">{}</a>",
                escape(label),
                escape(url),
                escape(url)
            )
        }
        _ => escape(fact).into_owned(),
    }
}

/// Plain text as HTML: escaped, a paragraph per blank-line-separated block, a line break
/// per single line end.
pub fn text_html(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty())
        .map(|block| {
            let lines: Vec<String> = block.lines().map(|l| escape(l).into_owned()).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

// A rendered body for the feed: sanitised, its addresses made absolute against the item's
// page (where its relative links and images point from).
pub(super) fn body_html(body: &Rendered, link: &str) -> String {
    match url::Url::parse(link) {
        Ok(page) if !body.html.trim().is_empty() => feed_html(&body.html, &page),
        _ => String::new(),
    }
}

pub(super) fn image_html(link: &str, image: &str, alt: &str) -> String {
    format!(
        "<p><a href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"{HTML_IMAGE_WIDTH}\" height=\"{HTML_IMAGE_HEIGHT}\" style=\"max-width:100%;height:auto\"></a></p>",
        escape(link),
        escape(image),
        escape(alt)
    )
}
