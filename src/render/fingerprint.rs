//! What each page shows, reduced to one number: the fingerprints of every entity it displays
//! (a card shows its video, topics and contributors), its slice of a list and the list's
//! length, and the site-wide inputs (configuration, theme). `serve` re-renders a page only
//! when its number changed, so a one-video edit touches that page and the pages showing it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::{pages, Job, Site};
use crate::catalog::Catalog;

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
        Job::NotFound => "404".into(),
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

/// The fingerprint of `job` on `site`, seeded with the site-wide inputs.
pub fn fingerprint(site: &Site, job: Job) -> u64 {
    let catalog = site.catalog;
    let mut h = DefaultHasher::new();
    site.site_fingerprint.hash(&mut h);
    job_key(catalog, job).hash(&mut h);
    let per_page = catalog.config.per_page;
    let slice = |list: &[usize], n: usize| {
        list.iter()
            .skip((n - 1) * per_page)
            .take(per_page)
            .copied()
            .collect::<Vec<_>>()
    };
    match job {
        Job::Home => {
            (0..catalog.videos.len().min(12)).for_each(|v| card(&mut h, catalog, v));
            catalog
                .events
                .iter()
                .filter(|e| e.upcoming)
                .take(3)
                .for_each(|e| (e.fingerprint, e.upcoming).hash(&mut h));
            all_topics(&mut h, catalog);
            (catalog.videos.len(), catalog.contributors.len()).hash(&mut h);
        }
        Job::VideoList(n) => {
            let all: Vec<usize> = (0..catalog.videos.len()).collect();
            cards(&mut h, catalog, &slice(&all, n), all.len());
        }
        Job::Video(i) => video_page(&mut h, site, i),
        Job::Topics => all_topics(&mut h, catalog),
        Job::Topic(t, n) => {
            let topic = &catalog.topics[t];
            topic.fingerprint.hash(&mut h);
            cards(
                &mut h,
                catalog,
                &slice(&topic.videos, n),
                topic.videos.len(),
            );
            topic
                .events
                .iter()
                .rev()
                .take(3)
                .for_each(|&e| event(&mut h, catalog, e));
        }
        Job::Contributors(n) => {
            let size = catalog.config.per_page * 4;
            catalog
                .contributors
                .iter()
                .skip((n - 1) * size)
                .take(size)
                .for_each(|p| (p.fingerprint, p.videos.len()).hash(&mut h));
            catalog.contributors.len().hash(&mut h);
        }
        Job::Contributor(c, n) => {
            let person = &catalog.contributors[c];
            (person.fingerprint, person.videos.len()).hash(&mut h);
            cards(
                &mut h,
                catalog,
                &slice(&person.videos, n),
                person.videos.len(),
            );
            person
                .events
                .iter()
                .for_each(|&e| event(&mut h, catalog, e));
        }
        Job::Levels => catalog
            .levels
            .iter()
            .for_each(|l| l.videos.len().hash(&mut h)),
        Job::Level(l, n) => cards(
            &mut h,
            catalog,
            &slice(&catalog.levels[l].videos, n),
            catalog.levels[l].videos.len(),
        ),
        Job::Events(_) => {
            catalog
                .events
                .iter()
                .for_each(|e| (e.fingerprint, e.upcoming).hash(&mut h));
            pages::event_index_pages(catalog).hash(&mut h);
        }
        Job::Event(i) => event_page(&mut h, site, i),
        Job::Page(_) | Job::Search | Job::NotFound => {}
        Job::Indicators => {
            catalog
                .videos
                .iter()
                .for_each(|v| (v.fingerprint, &v.topics).hash(&mut h));
            catalog.events.iter().for_each(|e| e.upcoming.hash(&mut h));
            catalog
                .contributors
                .iter()
                .for_each(|c| c.videos.is_empty().hash(&mut h));
        }
    }
    h.finish()
}

// A card shows its video, its topics' titles and its contributors' names.
fn card(h: &mut DefaultHasher, catalog: &Catalog, index: usize) {
    let video = &catalog.videos[index];
    video.fingerprint.hash(h);
    video
        .topics
        .iter()
        .for_each(|&t| catalog.topics[t].fingerprint.hash(h));
    video
        .contributors
        .iter()
        .for_each(|&c| catalog.contributors[c].fingerprint.hash(h));
}

fn cards(h: &mut DefaultHasher, catalog: &Catalog, shown: &[usize], total: usize) {
    shown.iter().for_each(|&v| card(h, catalog, v));
    total.hash(h);
}

fn event(h: &mut DefaultHasher, catalog: &Catalog, index: usize) {
    let event = &catalog.events[index];
    (event.fingerprint, event.upcoming).hash(h);
}

fn all_topics(h: &mut DefaultHasher, catalog: &Catalog) {
    catalog
        .topics
        .iter()
        .for_each(|t| (t.fingerprint, t.videos.len()).hash(h));
}

fn video_page(h: &mut DefaultHasher, site: &Site, index: usize) {
    let catalog = site.catalog;
    let video = &catalog.videos[index];
    card(h, catalog, index);
    video.contributors.iter().for_each(|&c| {
        (
            catalog.contributors[c].fingerprint,
            catalog.contributors[c].videos.len(),
        )
            .hash(h)
    });
    video
        .levels
        .iter()
        .for_each(|&l| catalog.levels[l].name.hash(h));
    video.events.iter().for_each(|&e| event(h, catalog, e));
    site.related
        .get(index)
        .into_iter()
        .flatten()
        .for_each(|&r| card(h, catalog, r));
}

fn event_page(h: &mut DefaultHasher, site: &Site, index: usize) {
    let catalog = site.catalog;
    let shown = &catalog.events[index];
    event(h, catalog, index);
    shown
        .facilitators
        .iter()
        .for_each(|&c| catalog.contributors[c].fingerprint.hash(h));
    shown
        .topics
        .iter()
        .for_each(|&t| catalog.topics[t].fingerprint.hash(h));
    shown.videos.iter().for_each(|&v| card(h, catalog, v));
}
