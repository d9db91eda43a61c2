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

use std::hash::{DefaultHasher, Hasher};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::catalog::{Catalog, Contributor, Event, Topic};
use crate::hashing::hash_of;
use crate::output::Writer;
use crate::paths;
use crate::reuse::{BuiltPage, PageRecords};
use crate::Error;
use entry::{event_entry, video_entry, Entry};

/// Media RSS, for the card image of each item.
pub const MEDIA_NAMESPACE: &str = "http://search.yahoo.com/mrss/";

/// What a feed is about and where it lives.
#[derive(Debug, Clone, Hash)]
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

    /// The items of `videos` (indices).
    fn of(&self, videos: &[usize]) -> Vec<&Entry> {
        videos
            .iter()
            .map(|&v| {
                self.built[v].get_or_init(|| video_entry(self.catalog, &self.catalog.videos[v]))
            })
            .collect()
    }
}

/// The feeds of videos (the site's, each theme's, each contributor's), each made only when
/// its fingerprint moved since the build that left the output (see [`reuse`]): a feed is
/// its description and the items of its newest videos, and an item shows its video (its
/// source), its themes' titles and its contributors' names, all covered by their
/// fingerprints, and the configuration.
struct VideoFeeds<'c> {
    catalog: &'c Catalog,
    entries: VideoEntries<'c>,
    /// Per video, the fingerprint of its item.
    items: Vec<u64>,
    /// The configuration's fingerprint.
    seed: u64,
    previous: &'c PageRecords,
}

type FeedFormat = fn(&FeedSpec, &[&Entry]) -> Result<Vec<u8>, Error>;

impl<'c> VideoFeeds<'c> {
    fn new(catalog: &'c Catalog, previous: &'c PageRecords) -> VideoFeeds<'c> {
        let items = (0..catalog.videos.len())
            .into_par_iter()
            .map(|index| {
                let mut hasher = DefaultHasher::new();
                catalog.hash_video_shown(index, &mut hasher);
                hasher.finish()
            })
            .collect();
        VideoFeeds {
            catalog,
            entries: VideoEntries::new(catalog),
            items,
            seed: hash_of(&format!("{:?}", catalog.config)),
            previous,
        }
    }

    /// Writes the feed `spec` of the newest `feed_items` of `videos` (newest first) in
    /// `format`, or keeps the previous output's file when its fingerprint did not move.
    fn write(
        &self,
        writer: &Writer,
        spec: &FeedSpec,
        videos: impl Iterator<Item = usize>,
        format: FeedFormat,
    ) -> Result<BuiltPage, Error> {
        let shown: Vec<usize> = videos.take(self.catalog.config.feed_items).collect();
        let items: Vec<u64> = shown.iter().map(|&v| self.items[v]).collect();
        let key = format!("feed/{}", spec.path);
        let fingerprint = hash_of(&(self.seed, spec, items));
        let kept = self
            .previous
            .unchanged(&key, fingerprint)
            .is_some_and(|page| writer.keep_previous(&page.path, &page.stamp));
        if !kept {
            writer.write(&spec.path, &format(spec, &self.entries.of(&shown))?)?;
        }
        Ok((key, fingerprint, spec.path.clone()))
    }
}

/// Writes every feed and calendar of the site; a feed of videos that `previous` shows
/// unchanged is kept from the previous output, not made again. Returns the key,
/// fingerprint and path of each feed of videos, for the next build's record.
pub fn write_all(
    catalog: &Catalog,
    writer: &Writer,
    previous: &PageRecords,
) -> Result<Vec<BuiltPage>, Error> {
    let feeds = VideoFeeds::new(catalog, previous);
    let mut built = write_site_feeds(catalog, &feeds, writer)?;
    let topics = catalog
        .topics
        .iter()
        .map(|t| (topic_feed(catalog, t), &t.videos));
    let people = catalog
        .contributors
        .iter()
        .map(|p| (contributor_feed(catalog, p), &p.videos));
    let lists: Vec<(FeedSpec, &Vec<usize>)> = topics.chain(people).collect();
    let lists: Vec<BuiltPage> = lists
        .par_iter()
        .map(|(spec, videos)| feeds.write(writer, spec, videos.iter().copied(), rss::write))
        .collect::<Result<_, _>>()?;
    built.extend(lists);
    write_event_feed(catalog, writer)?;
    news::write_feed(catalog, writer)?;
    newsletter::write_feed(catalog, writer)?;
    training_paths::write_feed(catalog, writer)?;
    write_calendars(catalog, writer)?;
    Ok(built)
}

// The feed of a theme's videos.
fn topic_feed(catalog: &Catalog, topic: &Topic) -> FeedSpec {
    let description = if topic.description.is_empty() {
        format!("Les vidéos du thème {}.", topic.title)
    } else {
        topic.description.clone()
    };
    FeedSpec::new(
        catalog,
        &paths::topic_feed(&topic.id),
        &paths::topic(&topic.id),
        format!("Thème : {} — {}", topic.title, catalog.config.title),
        description,
    )
}

// The feed of a contributor's videos.
fn contributor_feed(catalog: &Catalog, person: &Contributor) -> FeedSpec {
    let description = format!(
        "Les vidéos {}, {}.",
        crate::french::de(&person.name),
        person.role
    );
    FeedSpec::new(
        catalog,
        &paths::contributor_feed(&person.id),
        &paths::contributor(&person.id),
        format!("{} — {}", person.name, catalog.config.title),
        description,
    )
}

fn write_site_feeds(
    catalog: &Catalog,
    feeds: &VideoFeeds,
    writer: &Writer,
) -> Result<Vec<BuiltPage>, Error> {
    let config = &catalog.config;
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
    let rss = feeds.write(writer, &spec, 0..catalog.videos.len(), rss::write)?;
    let spec = FeedSpec::new(
        catalog,
        paths::SITE_ATOM,
        paths::HOME,
        config.title.clone(),
        description,
    );
    let atom = feeds.write(writer, &spec, 0..catalog.videos.len(), atom::write)?;
    Ok(vec![rss, atom])
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
