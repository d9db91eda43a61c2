//! The pages of training paths: `/parcours/`, every path with its audience and length, and
//! `/parcours/<slug>/`, one path: its introduction, then its steps in order, each a section
//! with an anchor, the video's click-to-load player and the prompt (the theme's script
//! turns them into a session, one step at a time; the print stylesheet into a handout with
//! a QR code per video).

use serde::Serialize;

use super::pages::{meta, page};
use super::views::{duration_iso, Card, Link, PersonView, ThumbView};
use super::{contents, qr, Site};
use crate::catalog::video_source::Embed;
use crate::catalog::{Catalog, TrainingPath};
use crate::paths;
use crate::Error;

/// A path as the index and the pages that link to it show it.
#[derive(Serialize)]
pub struct PathCard<'a> {
    pub url: String,
    pub title: &'a str,
    pub authors: Vec<Link<'a>>,
    pub levels: Vec<&'a str>,
    pub cycles: String,
    pub duration: Option<String>,
    pub step_count: usize,
    pub summary: String,
}

impl<'a> PathCard<'a> {
    pub fn new(catalog: &'a Catalog, path: &'a TrainingPath) -> PathCard<'a> {
        PathCard {
            url: catalog.config.url(&paths::training_path(&path.slug)),
            title: &path.title,
            authors: path
                .authors
                .iter()
                .map(|&c| {
                    let person = &catalog.contributors[c];
                    Link {
                        url: catalog.config.url(&paths::contributor(&person.id)),
                        label: &person.name,
                    }
                })
                .collect(),
            levels: path
                .levels
                .iter()
                .map(|&l| catalog.levels[l].name.as_str())
                .collect(),
            cycles: path.cycles_label(),
            duration: path.duration(),
            step_count: path.steps.len(),
            summary: path.summary(),
        }
    }
}

#[derive(Serialize)]
struct IndexView<'a> {
    paths: Vec<PathCard<'a>>,
    feed_url: String,
}

/// `/parcours/`: every published path, by title.
pub fn index(site: &Site) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let view = IndexView {
        paths: catalog
            .training_paths
            .iter()
            .map(|p| PathCard::new(catalog, p))
            .collect(),
        feed_url: catalog.config.url(paths::TRAINING_PATHS_FEED),
    };
    let meta = meta(
        catalog,
        paths::TRAINING_PATHS,
        "Parcours de formation".into(),
        "Des vidéos à montrer dans l'ordre pendant une animation pédagogique, chacune suivie d'une question ou d'une activité.",
    );
    page(site, "parcours-index.html", meta, &view)
}

impl Site<'_> {
    /// The QR code of the video at `index`, whose page is at `address`: made once a build
    /// (or a `serve` session's site), however many paths show the video.
    fn video_qr(&self, index: usize, address: &str) -> Option<&str> {
        let made = self.qr_codes[index].get_or_init(|| {
            let title = &self.catalog.videos[index].title;
            let label = format!("Code QR de la vidéo « {title} » : {address}");
            qr::inline_svg(address, &label)
        });
        made.as_deref()
    }
}

/// One step: its video, ready to play, and what the group does after it.
#[derive(Serialize)]
struct StepView<'a> {
    number: usize,
    /// The section's id: `etape-2`.
    anchor: String,
    /// In-page links to the steps around it (`#etape-1`), for reading without a script.
    previous: Option<String>,
    next: Option<String>,
    /// The video's page on this site.
    url: &'a str,
    title: &'a str,
    duration: &'a str,
    duration_spoken: &'a str,
    duration_iso: String,
    thumb: &'a ThumbView,
    embed: &'a Embed,
    captions_url: Option<String>,
    prompt_html: &'a str,
    /// The video page's absolute address, printed on the handout beside its QR code.
    video_address: String,
    qr_svg: Option<&'a str>,
}

#[derive(Serialize)]
struct PathView<'a> {
    #[serde(flatten)]
    card: PathCard<'a>,
    authors_people: Vec<PersonView<'a>>,
    intro_html: &'a str,
    steps: Vec<StepView<'a>>,
    index_url: String,
    feed_url: String,
}

/// `/parcours/<slug>/`.
pub fn path_page(site: &Site, index: usize) -> Result<(String, String), Error> {
    let catalog = site.catalog;
    let path = &catalog.training_paths[index];
    let count = path.steps.len();
    let in_page = |number: usize| format!("#{}", paths::step_anchor(number));
    let cards: Vec<Card> = contents::path_videos(path)
        .map(|video_index| site.card_fields(video_index))
        .collect();
    let steps = contents::path_videos(path)
        .zip(&path.steps)
        .enumerate()
        .map(|(position, (video_index, step))| {
            let number = position + 1;
            let video = &catalog.videos[video_index];
            let card = &cards[position];
            let video_address = catalog.config.absolute(&paths::video(&video.slug));
            StepView {
                number,
                anchor: paths::step_anchor(number),
                previous: (number > 1).then(|| in_page(number - 1)),
                next: (number < count).then(|| in_page(number + 1)),
                url: &card.url,
                title: &video.title,
                duration: &video.duration,
                duration_spoken: &card.duration_spoken,
                duration_iso: duration_iso(video),
                thumb: &card.thumb,
                embed: &video.embed,
                captions_url: video
                    .captions
                    .as_ref()
                    .map(|f| catalog.config.url(&paths::video_file(&video.slug, f))),
                prompt_html: &step.prompt.html,
                qr_svg: site.video_qr(video_index, &video_address),
                video_address,
            }
        })
        .collect();
    let view = PathView {
        card: PathCard::new(catalog, path),
        authors_people: path
            .authors
            .iter()
            .map(|&c| PersonView::new(catalog, &catalog.contributors[c]))
            .collect(),
        intro_html: &path.intro.html,
        steps,
        index_url: catalog.config.url(paths::TRAINING_PATHS),
        feed_url: catalog.config.url(paths::TRAINING_PATHS_FEED),
    };
    let description = path.summary();
    let meta = meta(
        catalog,
        &paths::training_path(&path.slug),
        path.title.clone(),
        &description,
    );
    page(site, "parcours.html", meta, &view)
}

/// The paths shown on a video's or a contributor's page, as links.
pub fn path_links<'a>(catalog: &'a Catalog, shown: impl Iterator<Item = usize>) -> Vec<Link<'a>> {
    shown
        .map(|p| {
            let path = &catalog.training_paths[p];
            Link {
                url: catalog.config.url(&paths::training_path(&path.slug)),
                label: &path.title,
            }
        })
        .collect()
}
