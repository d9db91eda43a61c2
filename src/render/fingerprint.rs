//! What each page shows, reduced to one number: the fingerprints of every entity it displays
//! (a card shows its video, picture, topics and contributors), its slice of a list (chosen by
//! [`contents`], as the page itself is) and the list's length, and the site-wide inputs
//! (configuration, theme). `serve` re-renders a page only when its number changed, so a
//! one-video edit touches that page and the pages showing it. Each card is hashed once per
//! pass ([`Shared`]), not once per page that shows it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::{contents, Job, Site};
use crate::catalog::{Catalog, Contributor, Event};

/// Stable identity of a page across rebuilds (indices shift, slugs do not).
pub fn job_key(catalog: &Catalog, job: Job) -> String {
    match job {
        Job::Home => "home".into(),
        Job::VideoList(n) => format!("videos/{n}"),
        Job::Video(i) => format!("video/{}", catalog.videos[i].slug),
        Job::Topics => "topics".into(),
        Job::Topic(t, n) => format!("topic/{}/{n}", catalog.topics[t].id),
        Job::Contributors(n) => format!("contributors/{n}"),
        Job::Contributor(c, n) => format!("contributor/{}/{n}", catalog.contributors[c].id),
        Job::Levels => "levels".into(),
        Job::Level(l, n) => format!("level/{}/{n}", catalog.levels[l].slug),
        Job::Events(n) => format!("events/{n}"),
        Job::Event(i) => format!("event/{}", catalog.events[i].slug),
        Job::Page(i) => format!("page/{}", catalog.pages[i].slug),
        Job::Search => "search".into(),
        Job::Indicators => "indicators".into(),
        Job::TrainingPaths => "training-paths".into(),
        Job::TrainingPath(i) => format!("training-path/{}", catalog.training_paths[i].slug),
        Job::NotFound => "404".into(),
        Job::NewsList(n) => format!("news/{n}"),
        Job::News(i) => format!("news-item/{}", catalog.news[i].slug),
        Job::SocialKit => "social-kit".into(),
    }
}

/// What every page shows: theme, configuration, menu (the static pages).
pub fn site_wide(catalog: &Catalog, theme: u64) -> u64 {
    let mut h = DefaultHasher::new();
    theme.hash(&mut h);
    format!("{:?}", catalog.config).hash(&mut h);
    catalog
        .pages
        .iter()
        .for_each(|p| (p.fingerprint, p.menu).hash(&mut h));
    h.finish()
}

/// What the fingerprints of every page of a pass share, computed once: each video card's
/// hash, and the list of all videos (the pages of `/videos/`).
pub struct Shared {
    cards: Vec<u64>,
    all_videos: Vec<usize>,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        let catalog = site.catalog;
        let cards = (0..catalog.videos.len())
            .into_par_iter()
            .map(|index| card_hash(site, index))
            .collect();
        Shared {
            cards,
            all_videos: (0..catalog.videos.len()).collect(),
        }
    }
}

// A card shows its video, its picture, its topics' titles and its contributors' names.
fn card_hash(site: &Site, index: usize) -> u64 {
    let mut h = DefaultHasher::new();
    site.catalog.hash_video_shown(index, &mut h);
    let thumb = &site.thumbs[index];
    (&thumb.src, thumb.width, thumb.height, &thumb.srcset_webp).hash(&mut h);
    h.finish()
}

/// The fingerprint of the page `job`, whose key is `key`, on `site`, seeded with the
/// site-wide inputs: what the page shows, as [`contents`] selects it, each item hashed as
/// its view shows it.
pub fn fingerprint(site: &Site, shared: &Shared, job: Job, key: &str) -> u64 {
    let catalog = site.catalog;
    let mut shows = Shows {
        site,
        shared,
        h: DefaultHasher::new(),
    };
    site.site_fingerprint.hash(&mut shows.h);
    key.hash(&mut shows.h);
    match job {
        Job::Home => {
            shows.cards(contents::home_videos(catalog));
            shows.event_cards(contents::home_events(catalog));
            shows.news_cards(contents::home_news(catalog));
            shows.all_topics();
            shows.number(catalog.videos.len());
            shows.number(catalog.contributors.len());
            super::indicators::home_line(&site.figures).hash(&mut shows.h);
        }
        Job::VideoList(n) => shows.list(&shared.all_videos, n),
        Job::Video(i) => shows.video_page(i),
        Job::Topics => shows.all_topics(),
        Job::Topic(t, n) => {
            shows.topic(t);
            shows.list(&catalog.topics[t].videos, n);
            let events = contents::topic_events(&catalog.topics[t]);
            shows.event_cards(events.map(|e| &catalog.events[e]));
        }
        Job::Contributors(n) => {
            let people = contents::people_page(catalog, n);
            people.iter().for_each(|p| shows.person(p));
            shows.number(catalog.contributors.len());
            shows.number(contents::people_pages(catalog));
        }
        Job::Contributor(c, n) => {
            let person = &catalog.contributors[c];
            shows.person(person);
            shows.list(&person.videos, n);
            let events = contents::contributor_events(person);
            shows.event_cards(events.map(|e| &catalog.events[e]));
            super::indicators::Contribution::of(catalog, person).hash(&mut shows.h);
            shows.path_links(contents::contributor_paths(person, n).iter().copied());
        }
        Job::Levels => (0..catalog.levels.len()).for_each(|l| shows.level(l)),
        Job::Level(l, n) => {
            shows.level(l);
            shows.list(&catalog.levels[l].videos, n);
        }
        Job::Events(n) => {
            let (upcoming, past) = contents::events_page(catalog, n);
            shows.event_cards(upcoming.into_iter().chain(past));
            shows.number(contents::event_pages(catalog));
        }
        Job::Event(i) => shows.event_page(i),
        Job::Page(_) | Job::Search | Job::NotFound => {}
        Job::Indicators => shows.indicators(),
        Job::NewsList(n) => {
            shows.news_cards(contents::news_page(catalog, n));
            shows.number(catalog.news.len());
            shows.number(contents::news_pages(catalog));
        }
        Job::News(i) => shows.news_page(i),
        Job::SocialKit => shows.social_kit(),
        Job::TrainingPaths => (0..catalog.training_paths.len()).for_each(|p| shows.path_card(p)),
        Job::TrainingPath(p) => shows.path_page(p),
    }
    shows.h.finish()
}

/// A page's fingerprint as it is made: each method hashes one kind of view.
struct Shows<'s, 'c> {
    site: &'s Site<'c>,
    shared: &'s Shared,
    h: DefaultHasher,
}

impl Shows<'_, '_> {
    fn number(&mut self, number: usize) {
        number.hash(&mut self.h);
    }

    fn card(&mut self, index: usize) {
        self.shared.cards[index].hash(&mut self.h);
    }

    fn cards(&mut self, shown: impl IntoIterator<Item = usize>) {
        shown.into_iter().for_each(|v| self.card(v));
    }

    // Page `number` of a list of videos: its cards, and the list's length (count, pager).
    fn list(&mut self, videos: &[usize], number: usize) {
        let catalog = self.site.catalog;
        self.cards(
            contents::video_page(catalog, videos, number)
                .iter()
                .copied(),
        );
        self.number(videos.len());
    }

    fn event_card(&mut self, event: &Event) {
        (event.fingerprint, &event.slug, event.upcoming).hash(&mut self.h);
    }

    fn event_cards<'e>(&mut self, shown: impl IntoIterator<Item = &'e Event>) {
        shown.into_iter().for_each(|e| self.event_card(e));
    }

    // A person in lists and bylines shows their page's text and their number of videos.
    fn person(&mut self, person: &Contributor) {
        (person.fingerprint, &person.id, person.videos.len()).hash(&mut self.h);
    }

    fn topic(&mut self, index: usize) {
        let topic = &self.site.catalog.topics[index];
        (topic.fingerprint, &topic.id).hash(&mut self.h);
    }

    // Every topic with its number of videos (the home page, the themes page).
    fn all_topics(&mut self) {
        let catalog = self.site.catalog;
        (0..catalog.topics.len()).for_each(|t| {
            self.topic(t);
            self.number(catalog.topics[t].videos.len());
        });
    }

    fn level(&mut self, index: usize) {
        let level = &self.site.catalog.levels[index];
        (&level.name, &level.slug, level.videos.len()).hash(&mut self.h);
    }

    fn video_page(&mut self, index: usize) {
        let catalog = self.site.catalog;
        let video = &catalog.videos[index];
        self.card(index);
        super::indicators::video_views(catalog, video).hash(&mut self.h);
        let people = &video.contributors;
        people
            .iter()
            .for_each(|&c| self.person(&catalog.contributors[c]));
        video.levels.iter().for_each(|&l| self.level_link(l));
        self.event_cards(video.events.iter().map(|&e| &catalog.events[e]));
        self.news_cards(contents::news_naming(&video.news));
        let related = self.site.related.get(index).into_iter().flatten();
        self.cards(related.copied());
        self.path_links(contents::video_paths(video));
    }

    // A link to a training path shows its title.
    fn path_links(&mut self, shown: impl Iterator<Item = usize>) {
        let catalog = self.site.catalog;
        shown.for_each(|p| {
            let path = &catalog.training_paths[p];
            (path.fingerprint, &path.slug).hash(&mut self.h)
        });
    }

    // A path in the index shows its text, its authors' names and its levels.
    fn path_card(&mut self, index: usize) {
        let catalog = self.site.catalog;
        let path = &catalog.training_paths[index];
        (path.fingerprint, &path.slug).hash(&mut self.h);
        path.authors.iter().for_each(|&c| {
            let person = &catalog.contributors[c];
            (person.fingerprint, &person.id).hash(&mut self.h)
        });
        path.levels.iter().for_each(|&l| self.level_link(l));
    }

    // A path's page: its card, its authors as bylines, each step's video as a card with
    // its player (the video's own text: embed, captions) and its QR code (its address).
    fn path_page(&mut self, index: usize) {
        let catalog = self.site.catalog;
        let path = &catalog.training_paths[index];
        self.path_card(index);
        path.authors
            .iter()
            .for_each(|&c| self.person(&catalog.contributors[c]));
        self.cards(contents::path_videos(path));
    }

    fn level_link(&mut self, index: usize) {
        let level = &self.site.catalog.levels[index];
        (&level.name, &level.slug).hash(&mut self.h);
    }

    fn event_page(&mut self, index: usize) {
        let catalog = self.site.catalog;
        let shown = &catalog.events[index];
        self.event_card(shown);
        shown
            .facilitators
            .iter()
            .for_each(|&c| self.person(&catalog.contributors[c]));
        shown.topics.iter().for_each(|&t| self.topic(t));
        self.cards(shown.videos.iter().copied());
        self.news_cards(contents::news_naming(&shown.news));
    }

    // A news card shows its item's text and its picture.
    fn news_card(&mut self, index: usize) {
        let item = &self.site.catalog.news[index];
        (item.fingerprint, &item.slug).hash(&mut self.h);
        let thumb = self.site.news_cards[index].thumb.as_ref();
        thumb
            .map(|t| (&t.src, t.width, t.height, &t.srcset_webp))
            .hash(&mut self.h);
    }

    fn news_cards(&mut self, shown: impl IntoIterator<Item = usize>) {
        shown.into_iter().for_each(|i| self.news_card(i));
    }

    // A news page: its card and body, the videos and events it is about.
    fn news_page(&mut self, index: usize) {
        let catalog = self.site.catalog;
        let item = &catalog.news[index];
        self.news_card(index);
        self.cards(item.videos.iter().copied());
        self.event_cards(item.events.iter().map(|&e| &catalog.events[e]));
    }

    // The social kit: each video's card, and what its caption and pictures are made of
    // (its levels; its themes and contributors come with its card).
    fn social_kit(&mut self) {
        let catalog = self.site.catalog;
        for index in contents::social_kit_videos(catalog) {
            self.card(index);
            let video = &catalog.videos[index];
            video.levels.iter().for_each(|&l| self.level_link(l));
            crate::images::video_portrait_path(video).hash(&mut self.h);
        }
    }

    // Counts and charts: each video's date and length (in its text) and topics, each
    // topic's title, which events are over, who has videos; and every figure computed from
    // them and from `data/` (view counts, surveys, objectives).
    fn indicators(&mut self) {
        format!("{:?}", self.site.figures).hash(&mut self.h);
        let catalog = self.site.catalog;
        catalog
            .videos
            .iter()
            .for_each(|v| (v.fingerprint, &v.topics).hash(&mut self.h));
        self.all_topics();
        catalog
            .events
            .iter()
            .for_each(|e| e.upcoming.hash(&mut self.h));
        catalog
            .contributors
            .iter()
            .for_each(|c| c.videos.is_empty().hash(&mut self.h));
    }
}
