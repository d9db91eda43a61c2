//! Project news (`content/actualites/`): announcements and reports, each dated, with a
//! summary for lists and feeds, an optional image of its folder, and the videos and events
//! it mentions. Checks each file, then keeps the published news (drafts and future dates
//! follow the videos' rules), newest first, linked both ways to those videos and events.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use super::entities::{
    check_slug, check_text, one_line, IMAGE_EXTENSIONS, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS,
};
use super::{collect, index_of, resolve, Catalog, Ids, Known, Located, Publication};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fields::parse_publication_date;
use crate::hashing::hash_text;
use crate::load::{Bundle, Content, Loaded, NewsFront};
use crate::markdown::{Cache, Rendered};

#[derive(Debug, Clone)]
pub struct NewsItem {
    /// Hash of the whole source file: what `serve` compares to know what changed.
    pub fingerprint: u64,
    pub slug: String,
    pub title: String,
    pub date: DateTime<FixedOffset>,
    /// Plain text on one line: lists, feeds, the page's description.
    pub summary: String,
    /// A picture file of the bundle (`content/actualites/<slug>/`).
    pub image: Option<String>,
    pub video_slugs: Vec<String>,
    pub event_slugs: Vec<String>,
    /// Indices into the catalogue, filled by `attach`: published videos only.
    pub videos: Vec<usize>,
    pub events: Vec<usize>,
    pub body: Arc<Rendered>,
    pub draft: bool,
    pub bundle: Option<Bundle>,
    /// Path of the file relative to the site root.
    pub file: String,
}

/// Checks every news item of `content`; the valid ones, every problem in `problems`.
pub(crate) fn check_all(
    content: &Content,
    config: &Config,
    ids: &Ids,
    cache: &Cache,
    problems: &mut Vec<Diagnostic>,
) -> Vec<NewsItem> {
    problems.extend(check_slugs(&content.news));
    collect(
        content
            .news
            .par_iter()
            .map(|loaded| news_item(loaded, config, ids, cache))
            .collect(),
        problems,
    )
}

// File names that are not slugs, and a file and a folder with the same name.
fn check_slugs(news: &[Loaded<NewsFront>]) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = news
        .iter()
        .filter_map(|loaded| check_slug(&loaded.id, &loaded.source))
        .collect();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for item in news {
        if let Some(first) = seen.insert(&item.id, &item.source.rel_path) {
            problems.push(
                item.source
                    .file_error(format!("l'actualité `{}` existe déjà ({first})", item.id))
                    .with_help("chaque actualité doit avoir un nom de fichier unique"),
            );
        }
    }
    problems
}

fn news_item(
    loaded: &Loaded<NewsFront>,
    config: &Config,
    ids: &Ids,
    cache: &Cache,
) -> Result<NewsItem, Vec<Diagnostic>> {
    let located = Located::new(loaded);
    let front = &loaded.front;
    let mut problems = Vec::new();
    check_text(
        &located,
        "title",
        &front.title,
        MAX_TITLE_CHARS,
        &mut problems,
    );
    check_text(
        &located,
        "summary",
        &front.summary,
        MAX_SUMMARY_CHARS,
        &mut problems,
    );
    let date = parse_publication_date(&front.date, config.timezone)
        .map_err(|e| problems.push(located.field_error("date", &front.date, e)))
        .ok();
    ids.check(
        &located,
        "videos",
        &front.videos,
        Known::Video,
        &mut problems,
    );
    ids.check(
        &located,
        "events",
        &front.events,
        Known::Event,
        &mut problems,
    );
    let image = front.image.as_deref().and_then(|name| {
        check_image(&located, name.trim(), loaded.bundle.as_ref())
            .map_err(|problem| problems.push(problem))
            .ok()
    });
    let (Some(date), true) = (date, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(NewsItem {
        fingerprint: hash_text(&loaded.source.text),
        slug: loaded.id.clone(),
        title: front.title.trim().to_string(),
        date,
        summary: one_line(&front.summary),
        image,
        video_slugs: front.videos.clone(),
        event_slugs: front.events.clone(),
        videos: Vec::new(),
        events: Vec::new(),
        body: cache.render(loaded.body()),
        draft: front.draft,
        bundle: loaded.bundle.clone(),
        file: loaded.source.rel_path.clone(),
    })
}

// `image`: a picture file of the news item's own folder.
fn check_image(
    located: &Located,
    name: &str,
    bundle: Option<&Bundle>,
) -> Result<String, Diagnostic> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (message, help) = if name.starts_with("https://") || name.starts_with("http://") {
        (
            format!("l'image d'une actualité est un fichier de son dossier, pas une adresse : `{name}`"),
            "enregistrez l'image dans content/actualites/<nom>/, à côté de index.md, et écrivez son nom de fichier : le site ne charge rien d'ailleurs".to_string(),
        )
    } else if !IMAGE_EXTENSIONS.contains(&extension.as_str()) {
        (
            format!("`{name}` n'a pas une extension acceptée"),
            format!("extensions possibles : {}", IMAGE_EXTENSIONS.join(", ")),
        )
    } else if let Some(bundle) = bundle {
        if !name.contains(['/', '\\']) && bundle.files.iter().any(|f| f == name) {
            return Ok(name.to_string());
        }
        (
            format!("fichier introuvable à côté de l'actualité : `{name}`"),
            format!("fichiers présents : {}", bundle.files.join(", ")),
        )
    } else {
        (
            format!("le fichier `{name}` doit être dans le dossier de l'actualité"),
            "transformez l'actualité en dossier : content/actualites/<nom>/index.md, avec l'image à côté".to_string(),
        )
    };
    Err(located.at("image", Some(name), message).with_help(help))
}

/// Keeps the published news of `news`, newest first, linked to the catalogue's published
/// videos and events, and those back to them.
pub(crate) fn attach(catalog: &mut Catalog, news: Vec<NewsItem>, publication: &Publication) {
    let now = publication.now.fixed_offset();
    let mut published: Vec<NewsItem> = news
        .into_iter()
        .filter(|item| {
            (publication.drafts || !item.draft) && (publication.future || item.date <= now)
        })
        .collect();
    published.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let video_index = index_of(catalog.videos.iter().map(|v| v.slug.as_str()));
    let event_index = index_of(catalog.events.iter().map(|e| e.slug.as_str()));
    for (position, item) in published.iter_mut().enumerate() {
        item.videos = resolve(&item.video_slugs, &video_index);
        item.events = resolve(&item.event_slugs, &event_index);
        for &v in &item.videos {
            push_once(&mut catalog.videos[v].news, position);
        }
        for &e in &item.events {
            push_once(&mut catalog.events[e].news, position);
        }
    }
    catalog.news = published;
}

// A news item that names the same video twice is listed once on its page.
fn push_once(list: &mut Vec<usize>, position: usize) {
    if !list.contains(&position) {
        list.push(position);
    }
}
