//! Second stage: turn loaded files into one linked, validated, sorted catalogue.
//!
//! Every reference (contributor, theme, level, video, file) is resolved to an index here,
//! once; drafts and future videos are left out here, once. After `build` the catalogue is
//! read-only: renderers, feeds and the search index all read the same value.

mod aliases;
mod entities;
mod news;
mod training_paths;
pub mod video_source;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{suggest, Diagnostic};
use crate::load::frontmatter::{split, FrontMatter};
use crate::load::{Content, Loaded};
use crate::markdown::{Cache, Rendered};
pub use entities::*;
pub use news::NewsItem;
pub use training_paths::{Step, TrainingPath};

/// What to publish.
#[derive(Debug, Clone, Copy)]
pub struct Publication {
    pub drafts: bool,
    pub future: bool,
    /// The build's clock.
    pub now: DateTime<Utc>,
}

/// The whole site's content, linked by index.
#[derive(Debug)]
pub struct Catalog {
    pub config: Config,
    pub now: DateTime<Tz>,
    /// Drafts or future videos are shown (`--drafts`, `--future`, `serve`): this is a
    /// preview for reviewers, which search engines must not index.
    pub preview: bool,
    /// Published videos, newest first.
    pub videos: Vec<Video>,
    /// By name.
    pub contributors: Vec<Contributor>,
    /// By group, then title.
    pub topics: Vec<Topic>,
    pub groups: Vec<TopicGroup>,
    /// In the configuration's order.
    pub levels: Vec<Level>,
    /// By start, oldest first.
    pub events: Vec<Event>,
    /// By menu weight, then title.
    pub pages: Vec<Page>,
    /// Published training paths (`content/parcours/`), by title.
    pub training_paths: Vec<TrainingPath>,
    /// Published news (`content/actualites/`), newest first.
    pub news: Vec<NewsItem>,
    /// What `check` and `build` report without failing (e.g. a file nothing uses).
    pub warnings: Vec<Diagnostic>,
    /// The figures of `data/` (view counts, surveys, objectives).
    pub data: crate::load::data::SiteData,
}

impl Catalog {
    /// Validates and links `content`; every problem found is returned at once.
    pub fn build(
        config: Config,
        content: &Content,
        publication: Publication,
    ) -> Result<Catalog, Vec<Diagnostic>> {
        Catalog::build_with(config, content, publication, &Cache::default())
    }

    /// [`Catalog::build`], reusing Markdown rendered by an earlier build.
    pub fn build_with(
        config: Config,
        content: &Content,
        publication: Publication,
        cache: &Cache,
    ) -> Result<Catalog, Vec<Diagnostic>> {
        let mut problems = content.problems.clone();
        problems.extend(content.layout.iter().cloned());
        problems.extend(crate::load::attachments::unused(content));
        problems.extend(entities::check_ids(
            &content.videos,
            &content.contributors,
            &content.topics,
            &content.events,
            &content.pages,
        ));
        let ids = Ids::new(content, &config);
        let contributors = collect(
            content
                .contributors
                .par_iter()
                .map(|c| entities::contributor(c, cache))
                .collect(),
            &mut problems,
        );
        let topics = collect(
            content
                .topics
                .par_iter()
                .map(|t| entities::topic(t, cache))
                .collect(),
            &mut problems,
        );
        let videos = collect(
            content
                .videos
                .par_iter()
                .map(|v| entities::video(v, &config, &ids, cache))
                .collect(),
            &mut problems,
        );
        let events = collect(
            content
                .events
                .par_iter()
                .map(|e| {
                    entities::event(
                        e,
                        &ids,
                        publication.now.with_timezone(&config.timezone),
                        cache,
                    )
                })
                .collect(),
            &mut problems,
        );
        let pages = collect(
            content
                .pages
                .par_iter()
                .map(|p| entities::page(p, cache))
                .collect(),
            &mut problems,
        );
        let training_paths =
            training_paths::check_all(content, &config, &ids, cache, &mut problems);
        let news = news::check_all(content, &config, &ids, cache, &mut problems);
        problems.extend(aliases::check(&videos, &pages, content));
        let (data, data_problems) =
            crate::load::data::SiteData::validate(&content.data, &content.video_ids);
        problems.extend(data_problems);
        crate::diagnostics::sort(&mut problems);
        if crate::diagnostics::has_errors(&problems) {
            return Err(problems);
        }
        let mut catalog = link(
            config,
            publication,
            videos,
            contributors,
            topics,
            events,
            pages,
        );
        catalog.warnings = problems;
        training_paths::attach(&mut catalog, training_paths, &publication);
        news::attach(&mut catalog, news, &publication);
        catalog.data = data;
        Ok(catalog)
    }

    /// Each video's plain texts, `[body, transcript]` (empty without one), moved out of
    /// the catalogue: only the search index reads them, so a one-shot build hands them
    /// over instead of copying them (at 100 000 videos, about 140 MB less at its peak). A
    /// text shared with another video (same Markdown) is copied. A catalogue without them
    /// must not feed a search engine nor a [`Catalog::markdown_cache`].
    pub fn take_video_texts(&mut self) -> Vec<[String; 2]> {
        let take = |rendered: &mut Arc<Rendered>| match Arc::get_mut(rendered) {
            Some(unique) => std::mem::take(&mut unique.text),
            None => rendered.text.clone(),
        };
        self.videos
            .iter_mut()
            .map(|video| {
                let transcript = video.transcript.as_mut().map(take);
                [take(&mut video.body), transcript.unwrap_or_default()]
            })
            .collect()
    }

    /// Feeds `hasher` with what showing video `index` anywhere depends on, pictures aside:
    /// its source and slug, and the source and id of each of its themes and contributors
    /// (a card or a feed item shows their titles and names). Page and feed fingerprints
    /// start from it.
    pub fn hash_video_shown(&self, index: usize, hasher: &mut impl Hasher) {
        let video = &self.videos[index];
        (video.fingerprint, &video.slug).hash(hasher);
        video.topics.iter().for_each(|&t| {
            let topic = &self.topics[t];
            (topic.fingerprint, &topic.id).hash(hasher)
        });
        video.contributors.iter().for_each(|&c| {
            let person = &self.contributors[c];
            (person.fingerprint, &person.id).hash(hasher)
        });
    }

    /// Every Markdown text this catalogue rendered, for the next build of `serve`.
    pub fn markdown_cache(&self) -> Cache {
        let videos = self
            .videos
            .iter()
            .flat_map(|v| std::iter::once(&v.body).chain(v.transcript.as_ref()));
        let others =
            self.contributors
                .iter()
                .map(|c| &c.bio)
                .chain(self.topics.iter().map(|t| &t.intro))
                .chain(self.events.iter().map(|e| &e.body))
                .chain(self.pages.iter().map(|p| &p.body))
                .chain(self.training_paths.iter().flat_map(|p| {
                    std::iter::once(&p.intro).chain(p.steps.iter().map(|s| &s.prompt))
                }))
                .chain(self.news.iter().map(|n| &n.body));
        Cache::from_rendered(videos.chain(others))
    }

    pub fn video_by_slug(&self, slug: &str) -> Option<&Video> {
        self.videos.iter().find(|v| v.slug == slug)
    }

    /// Upcoming events (soonest first), then past ones (latest first).
    pub fn events_upcoming_then_past(&self) -> (Vec<&Event>, Vec<&Event>) {
        let upcoming: Vec<&Event> = self.events.iter().filter(|e| e.upcoming).collect();
        let mut past: Vec<&Event> = self.events.iter().filter(|e| !e.upcoming).collect();
        past.reverse();
        (upcoming, past)
    }
}

fn collect<T>(results: Vec<Result<T, Vec<Diagnostic>>>, problems: &mut Vec<Diagnostic>) -> Vec<T> {
    let mut ok = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => ok.push(value),
            Err(found) => problems.extend(found),
        }
    }
    ok
}

/// Known ids, for resolving references and suggesting close ones.
pub(crate) struct Ids<'a> {
    contributors: HashSet<&'a str>,
    topics: HashSet<&'a str>,
    videos: HashSet<&'a str>,
    events: HashSet<&'a str>,
    levels: HashSet<&'a str>,
}

impl<'a> Ids<'a> {
    fn new(content: &'a Content, config: &'a Config) -> Ids<'a> {
        Ids {
            contributors: content.contributor_ids.iter().map(String::as_str).collect(),
            topics: content.topic_ids.iter().map(String::as_str).collect(),
            videos: content.video_ids.iter().map(String::as_str).collect(),
            events: content.event_ids.iter().map(String::as_str).collect(),
            levels: config.levels.iter().map(String::as_str).collect(),
        }
    }

    /// Checks every id of `values` (under `key`) exists among the `known` kind.
    fn check(
        &self,
        located: &Located,
        key: &str,
        values: &[String],
        known: Known,
        problems: &mut Vec<Diagnostic>,
    ) {
        let (set, what) = match known {
            Known::Contributor => (&self.contributors, "contributeur inconnu"),
            Known::Topic => (&self.topics, "thème inconnu"),
            Known::Video => (&self.videos, "vidéo inconnue"),
            Known::Event => (&self.events, "événement inconnu"),
            Known::Level => (&self.levels, "niveau inconnu"),
        };
        for value in values.iter().filter(|v| !set.contains(v.as_str())) {
            let diagnostic = located.at(key, Some(value), format!("{what} : `{value}`"));
            problems.push(diagnostic.with_help(unknown_id_help(value, set, known)));
        }
    }
}

// How to write an unknown id right: its spelling as an id, the items folded into it by a
// misaligned list, or the closest known id.
fn unknown_id_help(value: &str, set: &HashSet<&str>, known: Known) -> String {
    let spelled = |text: &str| match known {
        Known::Level => text.trim().to_uppercase(),
        _ => slug::slugify(text),
    };
    let respelled = spelled(value);
    if set.contains(respelled.as_str()) {
        return match known {
            Known::Level => format!("écrivez `{respelled}`, en majuscules"),
            _ => format!(
                "écrivez `{respelled}` : un identifiant s'écrit en minuscules, sans accents ni espaces"
            ),
        };
    }
    let parts: Vec<String> = value.split(" - ").map(spelled).collect();
    if parts.len() > 1 && parts.iter().all(|p| set.contains(p.as_str())) {
        return format!(
            "`{value}` réunit plusieurs éléments : écrivez `[{}]`, ou alignez chaque tiret `-` \
             exactement sous celui du dessus",
            parts.join(", ")
        );
    }
    let mut candidates: Vec<&str> = set.iter().copied().collect();
    candidates.sort_unstable();
    match suggest(value, candidates) {
        Some(close) => format!("vouliez-vous dire `{close}` ?"),
        None => known.help().to_string(),
    }
}

#[derive(Clone, Copy)]
enum Known {
    Contributor,
    Topic,
    Video,
    Event,
    Level,
}

impl Known {
    fn help(self) -> &'static str {
        match self {
            Known::Contributor => {
                "l'identifiant est le nom du fichier dans content/contributors, sans .md"
            }
            Known::Topic => "l'identifiant est le nom du fichier dans content/themes, sans .md",
            Known::Video => {
                "l'identifiant est le nom du fichier (ou du dossier) dans content/videos"
            }
            Known::Event => "l'identifiant est le nom du fichier dans content/events, sans .md",
            Known::Level => "les niveaux possibles sont ceux de `levels` dans site.yaml",
        }
    }
}

/// Points diagnostics at keys and values of one loaded file.
pub(crate) struct Located<'s> {
    front: Option<FrontMatter<'s>>,
    source: &'s crate::diagnostics::Source,
}

impl<'s> Located<'s> {
    pub(crate) fn new<T>(loaded: &'s Loaded<T>) -> Located<'s> {
        Located {
            front: split(&loaded.source).ok(),
            source: &loaded.source,
        }
    }

    /// A refused value of `key`, with the field's own help.
    pub(crate) fn field_error(
        &self,
        key: &str,
        value: &str,
        error: crate::fields::FieldError,
    ) -> Diagnostic {
        let diagnostic = self.at(key, Some(value.trim()), error.message);
        match error.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }

    pub(crate) fn at(
        &self,
        key: &str,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        match &self.front {
            Some(front) => front.error_at(key, value, message),
            None => self.source.file_error(message),
        }
    }
}

// Sorts everything and fills the back-references (a contributor's videos, a topic's…).
fn link(
    config: Config,
    publication: Publication,
    videos: Vec<Video>,
    mut contributors: Vec<Contributor>,
    mut topics: Vec<Topic>,
    mut events: Vec<Event>,
    mut pages: Vec<Page>,
) -> Catalog {
    let mut videos: Vec<Video> = videos
        .into_iter()
        .filter(|v| is_published(v, &publication))
        .collect();
    videos.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    contributors.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then_with(|| a.id.cmp(&b.id)));
    topics.sort_by(|a, b| {
        crate::french::compare(&a.group, &b.group)
            .then_with(|| a.group.cmp(&b.group))
            .then_with(|| (&a.sort_key, &a.id).cmp(&(&b.sort_key, &b.id)))
    });
    events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.slug.cmp(&b.slug)));
    pages.sort_by(|a, b| {
        a.menu
            .unwrap_or(i32::MAX)
            .cmp(&b.menu.unwrap_or(i32::MAX))
            .then_with(|| crate::french::compare(&a.title, &b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });

    let contributor_index = index_of(contributors.iter().map(|c| c.id.as_str()));
    let topic_index = index_of(topics.iter().map(|t| t.id.as_str()));
    let level_index = index_of(config.levels.iter().map(String::as_str));
    let video_index = index_of(videos.iter().map(|v| v.slug.as_str()));
    let mut levels: Vec<Level> = config.levels.iter().map(|name| Level::new(name)).collect();

    for (position, video) in videos.iter_mut().enumerate() {
        video.contributors = resolve(&video.contributor_ids, &contributor_index);
        video.topics = resolve(&video.topic_ids, &topic_index);
        video.levels = resolve(&video.level_ids, &level_index);
        for &c in &video.contributors {
            contributors[c].videos.push(position);
        }
        for &t in &video.topics {
            topics[t].videos.push(position);
        }
        for &l in &video.levels {
            levels[l].videos.push(position);
        }
    }
    for (position, event) in events.iter_mut().enumerate() {
        event.facilitators = resolve(&event.facilitator_ids, &contributor_index);
        event.topics = resolve(&event.topic_ids, &topic_index);
        event.videos = resolve(&event.video_slugs, &video_index);
        for &c in &event.facilitators {
            contributors[c].events.push(position);
        }
        for &t in &event.topics {
            topics[t].events.push(position);
        }
        for &v in &event.videos {
            videos[v].events.push(position);
        }
    }
    let groups = TopicGroup::from_sorted(&topics);
    Catalog {
        now: publication.now.with_timezone(&config.timezone),
        preview: publication.drafts || publication.future,
        config,
        videos,
        contributors,
        topics,
        groups,
        levels,
        events,
        pages,
        training_paths: Vec::new(),
        news: Vec::new(),
        warnings: Vec::new(),
        data: crate::load::data::SiteData::default(),
    }
}

fn is_published(video: &Video, publication: &Publication) -> bool {
    (publication.drafts || !video.draft)
        && (publication.future || video.date <= publication.now.fixed_offset())
}

fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

// Ids that resolve (unpublished videos are silently skipped: they were validated).
fn resolve(ids: &[String], index: &HashMap<String, usize>) -> Vec<usize> {
    ids.iter().filter_map(|id| index.get(id).copied()).collect()
}
