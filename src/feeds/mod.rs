//! The site's machine outputs, read by newsletter tools, feed readers and calendars: RSS 2.0
//! and Atom of the newest videos, RSS of each theme, of each contributor, of the events and
//! of the news, of the training paths, the newsletter digest (one item per period), and
//! iCalendar files of the events. All from the read-only catalogue, all dated by the
//! content (never the build clock), all through the site's single writer.

mod atom;
mod entry;
mod ics;
pub mod news;
pub mod newsletter;
mod rss;
mod timezone;
mod training_paths;

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::catalog::{Catalog, Event};
use crate::output::Writer;
use crate::paths;
use crate::Error;
use entry::{event_entry, video_entry, Entry};

/// Media RSS, for the card image of each item.
pub const MEDIA_NAMESPACE: &str = "http://search.yahoo.com/mrss/";

/// What a feed is about and where it lives.
#[derive(Debug, Clone)]
pub struct FeedSpec {
    /// Output file, relative to the output folder (`themes/lecture/feed.xml`).
    pub path: String,
    pub title: String,
    pub description: String,
    /// Absolute URL of the page the feed follows.
    pub page: String,
    /// Absolute URL of the feed itself.
    pub self_url: String,
    /// Absolute URL of the site's card.
    pub image: String,
    /// `fr-FR`.
    pub language: String,
}

impl FeedSpec {
    fn new(
        catalog: &Catalog,
        path: &str,
        page_path: &str,
        title: String,
        description: String,
    ) -> FeedSpec {
        let config = &catalog.config;
        FeedSpec {
            path: paths::file_for(path),
            title,
            description,
            page: config.absolute(page_path),
            self_url: config.absolute(path),
            image: config.absolute(paths::SITE_CARD),
            language: feed_language(&config.language),
        }
    }
}

/// `fr` → `fr-FR`; a tag with a region is kept.
fn feed_language(language: &str) -> String {
    match language {
        "fr" => "fr-FR".to_string(),
        other => other.to_string(),
    }
}

/// Each video's item, built on first use: a video is in the site's feeds, its themes' and
/// its contributors', and its body is sanitised once.
struct VideoEntries<'c> {
    catalog: &'c Catalog,
    built: Vec<OnceLock<Entry>>,
}

impl<'c> VideoEntries<'c> {
    fn new(catalog: &'c Catalog) -> VideoEntries<'c> {
        VideoEntries {
            catalog,
            built: catalog.videos.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The items of the newest `feed_items` of `videos` (indices, newest first).
    fn newest(&self, videos: impl Iterator<Item = usize>) -> Vec<&Entry> {
        videos
            .take(self.catalog.config.feed_items)
            .map(|v| {
                self.built[v].get_or_init(|| video_entry(self.catalog, &self.catalog.videos[v]))
            })
            .collect()
    }
}

/// Writes every feed and calendar of the site.
pub fn write_all(catalog: &Catalog, writer: &Writer) -> Result<(), Error> {
    let entries = VideoEntries::new(catalog);
    write_site_feeds(catalog, &entries, writer)?;
    catalog.topics.par_iter().try_for_each(|topic| {
        let base = paths::topic(&topic.id);
        let description = if topic.description.is_empty() {
            format!("Les vidéos du thème {}.", topic.title)
        } else {
            topic.description.clone()
        };
        let spec = FeedSpec::new(
            catalog,
            &paths::topic_feed(&topic.id),
            &base,
            format!("Thème : {} — {}", topic.title, catalog.config.title),
            description,
        );
        let items = entries.newest(topic.videos.iter().copied());
        writer.write(&spec.path, &rss::write(&spec, &items)?)
    })?;
    catalog.contributors.par_iter().try_for_each(|person| {
        let base = paths::contributor(&person.id);
        let description = format!(
            "Les vidéos {}, {}.",
            crate::french::de(&person.name),
            person.role
        );
        let spec = FeedSpec::new(
            catalog,
            &paths::contributor_feed(&person.id),
            &base,
            format!("{} — {}", person.name, catalog.config.title),
            description,
        );
        let items = entries.newest(person.videos.iter().copied());
        writer.write(&spec.path, &rss::write(&spec, &items)?)
    })?;
    write_event_feed(catalog, writer)?;
    news::write_feed(catalog, writer)?;
    newsletter::write_feed(catalog, writer)?;
    training_paths::write_feed(catalog, writer)?;
    write_calendars(catalog, writer)
}

fn write_site_feeds(
    catalog: &Catalog,
    entries: &VideoEntries,
    writer: &Writer,
) -> Result<(), Error> {
    let config = &catalog.config;
    let entries = entries.newest(0..catalog.videos.len());
    let description = if config.description.is_empty() {
        format!("Les nouvelles vidéos {}.", crate::french::de(&config.title))
    } else {
        config.description.clone()
    };
    let spec = FeedSpec::new(
        catalog,
        paths::SITE_FEED,
        paths::HOME,
        config.title.clone(),
        description.clone(),
    );
    writer.write(&spec.path, &rss::write(&spec, &entries)?)?;
    let spec = FeedSpec::new(
        catalog,
        paths::SITE_ATOM,
        paths::HOME,
        config.title.clone(),
        description,
    );
    writer.write(&spec.path, &atom::write(&spec, &entries)?)
}

// Events by start, latest first: the newest announced ones lead.
fn write_event_feed(catalog: &Catalog, writer: &Writer) -> Result<(), Error> {
    let entries: Vec<Entry> = catalog
        .events
        .iter()
        .rev()
        .take(catalog.config.feed_items)
        .map(|e| event_entry(catalog, e))
        .collect();
    let entries: Vec<&Entry> = entries.iter().collect();
    let description = format!(
        "Les défis et focus {}.",
        crate::french::de(&catalog.config.title)
    );
    let spec = FeedSpec::new(
        catalog,
        paths::EVENTS_FEED,
        paths::EVENTS,
        format!("Événements — {}", catalog.config.title),
        description,
    );
    writer.write(&spec.path, &rss::write(&spec, &entries)?)
}

fn write_calendars(catalog: &Catalog, writer: &Writer) -> Result<(), Error> {
    let all: Vec<&Event> = catalog.events.iter().collect();
    let name = format!("Événements — {}", catalog.config.title);
    writer.write(
        &paths::file_for(paths::CALENDAR),
        ics::calendar(catalog, &name, &all)?.as_bytes(),
    )?;
    catalog.events.par_iter().try_for_each(|event| {
        writer.write(
            &paths::file_for(&paths::event_calendar(&event.slug)),
            ics::calendar(catalog, &event.title, &[event])?.as_bytes(),
        )
    })
}
