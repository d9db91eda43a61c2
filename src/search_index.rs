//! The site's side of search: hands the catalogue to the `capsule-search` engine as plain
//! documents (videos, then training paths, each with its kind: the result type the search
//! page shows and filters on), keeps the related videos it computes for the video pages,
//! and publishes its static index under `/search/` through the single writer.

use capsule_search::{Document, Engine, ExportError, ExportFile, Facet};
use rayon::prelude::*;

use crate::catalog::{Catalog, TrainingPath, Video};
use crate::images::{thumbnail_path, LocalPicture, Pictures};
use crate::markdown::Rendered;
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// How many related videos a video page shows.
pub const RELATED: usize = 4;

/// The built engine and, for each video (catalogue order), its related videos. The engine
/// relates documents of one kind only, so a video's related documents are videos.
pub struct SiteSearch {
    pub engine: Engine,
    pub related: Vec<Vec<usize>>,
}

impl SiteSearch {
    /// Indexes every published video of `catalog`; results show the smallest resized copy
    /// of each thumbnail in `pictures`. The engine keeps no copy of the texts once indexed.
    pub fn build(catalog: &Catalog, pictures: &Pictures) -> Result<SiteSearch, Error> {
        SiteSearch::build_with(catalog, pictures, copied_texts(catalog))
    }

    /// [`SiteSearch::build`] for a one-shot build: the videos' plain texts move from the
    /// catalogue into the engine instead of being copied (see
    /// [`Catalog::take_video_texts`]).
    pub fn build_taking_texts(
        catalog: &mut Catalog,
        pictures: &Pictures,
    ) -> Result<SiteSearch, Error> {
        let texts = catalog.take_video_texts();
        SiteSearch::build_with(catalog, pictures, texts)
    }

    fn build_with(
        catalog: &Catalog,
        pictures: &Pictures,
        texts: Vec<[String; 2]>,
    ) -> Result<SiteSearch, Error> {
        let mut engine = engine_with(catalog, pictures, texts)?;
        engine.drop_texts();
        let related = engine.related(RELATED);
        Ok(SiteSearch { engine, related })
    }

    /// Writes the static index under `search/`, each batch of files as soon as the engine
    /// makes it, the files of a batch in parallel.
    pub fn write(&self, writer: &Writer) -> Result<(), Error> {
        let mut write = |batch: &[ExportFile]| {
            batch.par_iter().try_for_each(|file| {
                writer.write(
                    &paths::file_for(&paths::search_file(&file.path)),
                    &file.bytes,
                )
            })
        };
        self.engine
            .export_to(&mut write)
            .map_err(|error| match error {
                ExportError::Export(error) => Error::SearchExport(error),
                ExportError::Sink(error) => error,
            })
    }
}

/// The engine alone, for `capsule search` (no pictures: the ranking is the same).
pub fn engine(catalog: &Catalog) -> Result<Engine, Error> {
    engine_with(catalog, &Pictures::default(), copied_texts(catalog))
}

/// Each video's plain texts, `[body, transcript]`, copied.
fn copied_texts(catalog: &Catalog) -> Vec<[String; 2]> {
    let text = |rendered: &Rendered| rendered.text.clone();
    let texts = |video: &Video| {
        let transcript = video.transcript.as_deref().map(text);
        [text(&video.body), transcript.unwrap_or_default()]
    };
    catalog.videos.iter().map(texts).collect()
}

/// The engine over the videos (`texts`: each one's `[body, transcript]`), then the paths.
fn engine_with(
    catalog: &Catalog,
    pictures: &Pictures,
    texts: Vec<[String; 2]>,
) -> Result<Engine, Error> {
    let picture = |video: usize| pictures.videos.get(video).and_then(Option::as_ref);
    let videos = catalog
        .videos
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(i, (video, texts))| document(catalog, video, picture(i), texts));
    let training_paths = catalog.training_paths.iter().map(|path| {
        let first = path.steps.first().map(|step| step.video);
        path_document(catalog, path, first.and_then(picture))
    });
    Engine::build(videos.chain(training_paths).collect()).map_err(Error::SearchIndex)
}

/// The result type of videos, the engine's first (main) kind.
fn video_kind() -> Facet {
    Facet::new("video", "Vidéo")
}

/// The result type of training paths.
fn training_path_kind() -> Facet {
    Facet::new("parcours", "Parcours")
}

/// One training path as the engine sees it: its introduction, then each step's video title
/// and prompt as the body; its authors as contributors; its videos' themes as topics; its
/// session length as duration; its first video's thumbnail.
fn path_document(
    catalog: &Catalog,
    path: &TrainingPath,
    first_picture: Option<&LocalPicture>,
) -> Document {
    let videos: Vec<&Video> = path
        .steps
        .iter()
        .map(|s| &catalog.videos[s.video])
        .collect();
    let steps = path
        .steps
        .iter()
        .zip(&videos)
        .map(|(step, video)| format!("{}. {}", video.title, step.prompt.text));
    let body = std::iter::once(path.intro.text.clone())
        .chain(steps)
        .collect::<Vec<_>>()
        .join("\n");
    let mut topics: Vec<usize> = videos
        .iter()
        .flat_map(|v| v.topics.iter().copied())
        .collect();
    topics.sort_unstable();
    topics.dedup();
    Document {
        url: paths::training_path(&path.slug),
        title: path.title.clone(),
        summary: path.summary(),
        body,
        transcript: String::new(),
        topics: topics
            .into_iter()
            .map(|t| topic_facet(catalog, t))
            .collect(),
        contributors: path
            .authors
            .iter()
            .map(|&c| contributor_facet(catalog, c))
            .collect(),
        levels: path
            .levels
            .iter()
            .map(|&l| catalog.levels[l].name.clone())
            .collect(),
        duration_secs: path.duration_minutes.unwrap_or(0) * 60,
        date: path
            .date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        thumbnail: first_picture
            .and_then(LocalPicture::smallest_webp)
            .or_else(|| videos.first().and_then(|v| thumbnail_path(v)))
            .unwrap_or_default(),
        kind: training_path_kind(),
    }
}

fn topic_facet(catalog: &Catalog, topic: usize) -> Facet {
    let topic = &catalog.topics[topic];
    Facet::new(topic.id.as_str(), topic.title.as_str())
}

fn contributor_facet(catalog: &Catalog, contributor: usize) -> Facet {
    let contributor = &catalog.contributors[contributor];
    Facet::new(contributor.id.as_str(), contributor.name.as_str())
}

/// One video as the engine sees it, with its plain `[body, transcript]`. URLs are site
/// paths: the browser client adds the site's base path.
fn document(
    catalog: &Catalog,
    video: &Video,
    picture: Option<&LocalPicture>,
    [body, transcript]: [String; 2],
) -> Document {
    Document {
        url: paths::video(&video.slug),
        title: video.title.clone(),
        summary: video.summary.clone(),
        body,
        transcript,
        topics: video
            .topics
            .iter()
            .map(|&t| topic_facet(catalog, t))
            .collect(),
        contributors: video
            .contributors
            .iter()
            .map(|&c| contributor_facet(catalog, c))
            .collect(),
        levels: video
            .levels
            .iter()
            .map(|&l| catalog.levels[l].name.clone())
            .collect(),
        duration_secs: video.duration_secs,
        date: video.date.format("%Y-%m-%d").to_string(),
        thumbnail: picture
            .and_then(LocalPicture::smallest_webp)
            .or_else(|| thumbnail_path(video))
            .unwrap_or_default(),
        kind: video_kind(),
    }
}
