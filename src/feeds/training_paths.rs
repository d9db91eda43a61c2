//! `/parcours/feed.xml`: the training paths as RSS 2.0, newest first, so that trainers
//! following the site hear of a new one. A path's `date` is optional; one without it is
//! dated by its newest video, a date that comes from the content and changes only when the
//! path's videos do (never the build clock, or readers would see it again at every build).

use chrono::{DateTime, FixedOffset};
use quick_xml::escape::escape;

use super::entry::{author, body_html, image_html, Author, Category, Entry};
use super::{rss, FeedSpec};
use crate::catalog::{Catalog, Level, TrainingPath};
use crate::images::video_card_path;
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// Writes `/parcours/feed.xml`.
pub fn write_feed(catalog: &Catalog, writer: &Writer) -> Result<(), Error> {
    let mut entries: Vec<Entry> = catalog
        .training_paths
        .iter()
        .map(|p| path_entry(catalog, p))
        .collect();
    // Newest first; paths of one day by title, as the index lists them.
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.date));
    entries.truncate(catalog.config.feed_items);
    let entries: Vec<&Entry> = entries.iter().collect();
    let spec = FeedSpec::new(
        catalog,
        paths::TRAINING_PATHS_FEED,
        paths::TRAINING_PATHS,
        format!("Parcours de formation — {}", catalog.config.title),
        format!(
            "Les parcours de formation {} : des vidéos à montrer dans l'ordre, chacune suivie d'une question ou d'une activité.",
            crate::french::de(&catalog.config.title)
        ),
    );
    writer.write(&spec.path, &rss::write(&spec, &entries)?)
}

/// The date a path is published under: its `date`, or else its newest video's.
pub fn path_date(catalog: &Catalog, path: &TrainingPath) -> DateTime<FixedOffset> {
    let zone = catalog.config.timezone;
    match path.date {
        Some(date) => date.with_timezone(&zone).fixed_offset(),
        None => path
            .steps
            .iter()
            .map(|step| catalog.videos[step.video].date)
            .max()
            // Never the case: a path has at least one step (`catalog` checks it).
            .unwrap_or_else(|| catalog.now.fixed_offset())
            .with_timezone(&zone)
            .fixed_offset(),
    }
}

fn path_entry(catalog: &Catalog, path: &TrainingPath) -> Entry {
    let config = &catalog.config;
    let link = config.absolute(&paths::training_path(&path.slug));
    // The first video's card: a path has no picture of its own.
    let image = match path.steps.first() {
        Some(step) => config.absolute(&video_card_path(&catalog.videos[step.video])),
        None => config.absolute(paths::SITE_CARD),
    };
    let authors: Vec<Author> = path.authors.iter().map(|&c| author(catalog, c)).collect();
    let mut facts = Vec::new();
    let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
    facts.push(format!("Par {}", names.join(", ")));
    let levels: Vec<&Level> = path.levels.iter().map(|&l| &catalog.levels[l]).collect();
    if !levels.is_empty() {
        let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
        let cycles = path.cycles_label();
        let cycles = match cycles.is_empty() {
            true => String::new(),
            false => format!(" ({cycles})"),
        };
        facts.push(format!("Niveaux : {}{cycles}", names.join(", ")));
    }
    if let Some(duration) = path.duration() {
        facts.push(format!("Durée de la séance : {duration}"));
    }
    facts.push(format!("{} vidéos", path.steps.len()));
    let facts_html = format!("<p>{}</p>", escape(facts.join(" · ")));
    let steps_html: String = path
        .steps
        .iter()
        .map(|step| {
            let video = &catalog.videos[step.video];
            let video_link = config.absolute(&paths::video(&video.slug));
            format!(
                "<li><p><a href=\"{}\">{}</a> ({})</p>{}</li>",
                escape(&video_link),
                escape(&video.title),
                escape(&video.duration),
                body_html(&step.prompt, &link)
            )
        })
        .collect();
    let html = format!(
        "{}{facts_html}{}<ol>{steps_html}</ol><p><a href=\"{}\">Voir le parcours</a></p>",
        image_html(&link, &image, &path.title),
        body_html(&path.intro, &link),
        escape(&link),
    );
    Entry {
        title: path.title.clone(),
        date: path_date(catalog, path),
        authors,
        categories: levels
            .iter()
            .map(|level| Category {
                term: level.slug.clone(),
                label: level.name.clone(),
                url: Some(config.absolute(&paths::level(&level.slug))),
            })
            .collect(),
        summary: path.summary(),
        link,
        html,
        image,
    }
}
