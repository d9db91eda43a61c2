//! What each kind of page shows of the catalogue (which videos, events and people, how many,
//! in which order) and how many pages a list takes, written once: the renderer (`pages`)
//! builds its views from these selections, the change fingerprint (`fingerprint`) hashes
//! the same ones, and the plan of pages (`Site::jobs`) counts with them.

use crate::catalog::{Catalog, Contributor, Event, Topic, TrainingPath, Video};

/// The home page shows the newest videos…
pub const HOME_VIDEOS: usize = 12;
/// …and the next events.
pub const HOME_EVENTS: usize = 3;
/// …and the newest news.
pub const HOME_NEWS: usize = 3;
/// A theme's page shows its latest events.
pub const TOPIC_EVENTS: usize = 3;
/// The contributors' index shows this many people for each video of a list page.
const PEOPLE_PER_VIDEO: usize = 4;

/// Home: the newest videos (the catalogue lists videos newest first), by index.
pub fn home_videos(catalog: &Catalog) -> std::ops::Range<usize> {
    0..catalog.videos.len().min(HOME_VIDEOS)
}

/// Home: the next events, soonest first.
pub fn home_events(catalog: &Catalog) -> impl Iterator<Item = &Event> {
    let (upcoming, _) = catalog.events_upcoming_then_past();
    upcoming.into_iter().take(HOME_EVENTS)
}

/// Home: the newest news items (the catalogue lists news newest first), by index.
pub fn home_news(catalog: &Catalog) -> std::ops::Range<usize> {
    0..catalog.news.len().min(HOME_NEWS)
}

/// The news index: the items of its page `number` (from 1), by index, newest first.
pub fn news_page(catalog: &Catalog, number: usize) -> std::ops::Range<usize> {
    page_range(catalog.news.len(), number, catalog.config.per_page)
}

/// How many pages the news index takes (one, even empty).
pub fn news_pages(catalog: &Catalog) -> usize {
    pages_for(catalog.news.len(), catalog.config.per_page)
}

/// A video's page and an event's: every news item that names it, newest first (the
/// catalogue links them in its own order).
pub fn news_naming(news: &[usize]) -> impl Iterator<Item = usize> + '_ {
    news.iter().copied()
}

/// The social kit: the newest videos, those that have a portrait picture.
pub fn social_kit_videos(catalog: &Catalog) -> std::ops::Range<usize> {
    crate::images::portrait_videos(catalog)
}

/// A list of videos (all of them, a theme's, a contributor's, a level's): the videos of
/// its page `number` (from 1).
pub fn video_page<'l>(catalog: &Catalog, videos: &'l [usize], number: usize) -> &'l [usize] {
    page_of(videos, number, catalog.config.per_page)
}

/// How many pages a list of `count` videos takes (one, even empty).
pub fn video_pages(catalog: &Catalog, count: usize) -> usize {
    pages_for(count, catalog.config.per_page)
}

/// A theme's page: its latest events, newest first.
pub fn topic_events(topic: &Topic) -> impl Iterator<Item = usize> + '_ {
    topic.events.iter().rev().take(TOPIC_EVENTS).copied()
}

/// A contributor's page: every event they lead, newest first.
pub fn contributor_events(person: &Contributor) -> impl Iterator<Item = usize> + '_ {
    person.events.iter().rev().copied()
}

/// A training path's page: each step's video, in order (a video may come back).
pub fn path_videos(path: &TrainingPath) -> impl Iterator<Item = usize> + '_ {
    path.steps.iter().map(|step| step.video)
}

/// A video's page: every training path that uses it, by title.
pub fn video_paths(video: &Video) -> impl Iterator<Item = usize> + '_ {
    video.training_paths.iter().copied()
}

/// A contributor's page `number`: the training paths they wrote, by title (first page only).
pub fn contributor_paths(person: &Contributor, number: usize) -> &[usize] {
    match number {
        1 => &person.training_paths,
        _ => &[],
    }
}

fn people_per_page(catalog: &Catalog) -> usize {
    catalog.config.per_page * PEOPLE_PER_VIDEO
}

/// The contributors' index: the people of its page `number` (from 1).
pub fn people_page(catalog: &Catalog, number: usize) -> &[Contributor] {
    page_of(&catalog.contributors, number, people_per_page(catalog))
}

/// How many pages the contributors' index takes.
pub fn people_pages(catalog: &Catalog) -> usize {
    pages_for(catalog.contributors.len(), people_per_page(catalog))
}

/// The events' index, page `number` (from 1): every upcoming event (first page only),
/// soonest first, then a page of past events, newest first.
pub fn events_page(catalog: &Catalog, number: usize) -> (Vec<&Event>, Vec<&Event>) {
    let (upcoming, past) = catalog.events_upcoming_then_past();
    let upcoming = if number == 1 { upcoming } else { Vec::new() };
    let past = page_of(&past, number, catalog.config.per_page).to_vec();
    (upcoming, past)
}

/// How many pages the events' index takes: the past events make its length.
pub fn event_pages(catalog: &Catalog) -> usize {
    let past = catalog.events.iter().filter(|e| !e.upcoming).count();
    pages_for(past, catalog.config.per_page)
}

// Page `number` (from 1) of `list`, `size` items a page.
fn page_of<T>(list: &[T], number: usize, size: usize) -> &[T] {
    &list[page_range(list.len(), number, size)]
}

// The positions of page `number` (from 1) of a list of `length` items, `size` a page.
fn page_range(length: usize, number: usize, size: usize) -> std::ops::Range<usize> {
    let start = number.saturating_sub(1).saturating_mul(size).min(length);
    start..start.saturating_add(size).min(length)
}

fn pages_for(count: usize, size: usize) -> usize {
    count.div_ceil(size).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_a_list() {
        let list = [1, 2, 3, 4, 5];
        assert_eq!(page_of(&list, 1, 2), [1, 2]);
        assert_eq!(page_of(&list, 3, 2), [5]);
        assert_eq!(page_of(&list, 4, 2), [] as [i32; 0]);
        assert_eq!(pages_for(5, 2), 3);
        assert_eq!(pages_for(0, 2), 1);
    }
}
