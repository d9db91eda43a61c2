//! The project's news as RSS 2.0, `/actualites/feed.xml`: the newest `feed_items` items, each
//! with its card, summary and body, and links to the videos and events it is about; guid
//! the item's permalink, date its front-matter `date`.

use quick_xml::escape::escape;

use super::entry::{body_html, image_html, Entry};
use super::{rss, FeedSpec};
use crate::catalog::{Catalog, NewsItem};
use crate::images::news_card_path;
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// Writes `/actualites/feed.xml`.
pub fn write_feed(catalog: &Catalog, writer: &Writer) -> Result<(), Error> {
    let entries: Vec<Entry> = catalog
        .news
        .iter()
        .take(catalog.config.feed_items)
        .map(|item| news_entry(catalog, item))
        .collect();
    let entries: Vec<&Entry> = entries.iter().collect();
    let spec = FeedSpec::new(
        catalog,
        paths::NEWS_FEED,
        paths::NEWS,
        format!("Actualités — {}", catalog.config.title),
        format!(
            "Les nouvelles {} : annonces, ateliers, bilans des événements.",
            crate::french::de(&catalog.config.title)
        ),
    );
    writer.write(&spec.path, &rss::write(&spec, &entries)?)
}

/// A news item's entry, dated by its front-matter `date`.
pub fn news_entry(catalog: &Catalog, item: &NewsItem) -> Entry {
    let config = &catalog.config;
    let link = config.absolute(&paths::news_item(&item.slug));
    let image = config.absolute(&news_card_path(item));
    let videos = item.videos.iter().map(|&v| {
        let video = &catalog.videos[v];
        (config.absolute(&paths::video(&video.slug)), &video.title)
    });
    let events = item.events.iter().map(|&e| {
        let event = &catalog.events[e];
        (config.absolute(&paths::event(&event.slug)), &event.title)
    });
    let links: String = videos
        .chain(events)
        .map(|(url, title)| {
            format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape(&url),
                escape(title)
            )
        })
        .collect();
    let links = match links.is_empty() {
        true => String::new(),
        false => format!("<ul>{links}</ul>"),
    };
    let html = format!(
        "{}<p>{}</p>{}{links}<p><a href=\"{}\">Lire l'actualité</a></p>",
        image_html(&link, &image, &item.title),
        escape(&item.summary),
        body_html(&item.body, &link),
        escape(&link),
    );
    Entry {
        title: item.title.clone(),
        date: item.date.with_timezone(&config.timezone).fixed_offset(),
        authors: Vec::new(),
        categories: Vec::new(),
        summary: item.summary.clone(),
        link,
        html,
        image,
    }
}
