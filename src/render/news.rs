//! The project's news on the site: the index (newest first, paginated), one page per item
//! (its picture, body, the videos and events it is about), and the news card that the home
//! page, video pages and event pages show for the items that name them.

use serde::Serialize;

use super::pages::{meta, page, page_title};
use super::social::Social;
use super::views::{CardValue, EventCard, Pager, ThumbView};
use super::{contents, Site};
use crate::catalog::{Catalog, NewsItem};
use crate::dates;
use crate::paths;
use crate::Error;

/// A news item as shown in lists.
#[derive(Debug, Clone, Serialize)]
pub struct NewsCard<'a> {
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    /// « 14 septembre 2026 »
    pub date: String,
    pub date_iso: String,
    /// Its image, resized (`None`: no image, or one that could not be read).
    pub thumb: Option<ThumbView>,
}

impl<'a> NewsCard<'a> {
    pub fn new(catalog: &'a Catalog, item: &'a NewsItem) -> NewsCard<'a> {
        let config = &catalog.config;
        NewsCard {
            url: config.url(&paths::news_item(&item.slug)),
            title: &item.title,
            summary: &item.summary,
            date: dates::long_date(&item.date, config.timezone),
            date_iso: item
                .date
                .with_timezone(&config.timezone)
                .format("%Y-%m-%d")
                .to_string(),
            thumb: None,
        }
    }
}

#[derive(Serialize)]
struct NewsListView<'a> {
    items: Vec<&'a NewsCard<'a>>,
    pager: Pager,
    count: usize,
    feed_url: String,
}

/// `/actualites/`, page `number`.
pub fn news_list(site: &Site, number: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let view = NewsListView {
        items: contents::news_page(catalog, number)
            .map(|i| &site.news_cards[i])
            .collect(),
        pager: Pager::new(catalog, paths::NEWS, number, contents::news_pages(catalog)),
        count: catalog.news.len(),
        feed_url: catalog.config.url(paths::NEWS_FEED),
    };
    let description = format!(
        "Les nouvelles {} : annonces, comptes rendus d'ateliers et d'événements.",
        crate::french::de(&catalog.config.title)
    );
    let meta = meta(
        catalog,
        &paths::list_page(paths::NEWS, number),
        page_title("Actualités", number),
        &description,
    );
    page(site, "news-list.html", meta, &view)
}

#[derive(Serialize)]
struct NewsView<'a> {
    card: &'a NewsCard<'a>,
    body_html: &'a str,
    videos: Vec<&'a CardValue>,
    events: Vec<EventCard<'a>>,
    news_url: String,
}

/// `/actualites/<slug>/`.
pub fn news_item(site: &Site, index: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let item = &catalog.news[index];
    let view = NewsView {
        card: &site.news_cards[index],
        body_html: &item.body.html,
        videos: item.videos.iter().map(|&v| site.card(v)).collect(),
        events: item
            .events
            .iter()
            .map(|&e| EventCard::new(catalog, &catalog.events[e]))
            .collect(),
        news_url: catalog.config.url(paths::NEWS),
    };
    let mut meta = meta(
        catalog,
        &paths::news_item(&item.slug),
        item.title.clone(),
        &item.summary,
    );
    meta.social = Social::news(catalog, item);
    page(site, "news.html", meta, &view)
}

/// The cards of the news items of `indices` (a video's, an event's, the home page's).
pub fn cards<'s>(
    site: &'s Site,
    indices: impl IntoIterator<Item = usize>,
) -> Vec<&'s NewsCard<'s>> {
    indices.into_iter().map(|i| &site.news_cards[i]).collect()
}
