//! The site's side of search: hands the catalogue to the `capsule-search` engine as plain
//! documents, keeps the related videos it computes for the video pages, and publishes its
//! static index under `/search/` through the single writer.

use capsule_search::{Document, Engine, Facet};

use crate::catalog::{Catalog, Video};
use crate::images::{thumbnail_path, LocalPicture, Pictures};
use crate::output::Writer;
use crate::paths;
use crate::Error;

/// How many related videos a video page shows.
pub const RELATED: usize = 4;

/// The built engine and, for each video (catalogue order), its related videos.
pub struct SiteSearch {
    pub engine: Engine,
    pub related: Vec<Vec<usize>>,
}

impl SiteSearch {
    /// Indexes every published video of `catalog`; results show the smallest resized copy
    /// of each thumbnail in `pictures`.
    pub fn build(catalog: &Catalog, pictures: &Pictures) -> Result<SiteSearch, Error> {
        let engine = engine_with(catalog, pictures)?;
        let related = engine.related(RELATED);
        Ok(SiteSearch { engine, related })
    }

    /// Writes the static index under `search/`.
    pub fn write(&self, writer: &Writer) -> Result<(), Error> {
        let files = self.engine.export().map_err(Error::SearchExport)?;
        files.iter().try_for_each(|file| {
            let address = paths::search_file(&file.path);
            writer.write(&paths::file_for(&address), &file.bytes)
        })
    }
}

/// The engine alone, for `capsule search` (no pictures: the ranking is the same).
pub fn engine(catalog: &Catalog) -> Result<Engine, Error> {
    engine_with(catalog, &Pictures::default())
}

fn engine_with(catalog: &Catalog, pictures: &Pictures) -> Result<Engine, Error> {
    let documents = catalog
        .videos
        .iter()
        .enumerate()
        .map(|(i, video)| {
            document(
                catalog,
                video,
                pictures.videos.get(i).and_then(Option::as_ref),
            )
        })
        .collect();
    Engine::build(documents).map_err(Error::SearchIndex)
}

/// One video as the engine sees it. URLs are site paths: the browser client adds the
/// site's base path.
fn document(catalog: &Catalog, video: &Video, picture: Option<&LocalPicture>) -> Document {
    Document {
        url: paths::video(&video.slug),
        title: video.title.clone(),
        summary: video.summary.clone(),
        body: video.body.text.clone(),
        transcript: video
            .transcript
            .as_ref()
            .map(|t| t.text.clone())
            .unwrap_or_default(),
        topics: video
            .topics
            .iter()
            .map(|&t| {
                Facet::new(
                    catalog.topics[t].id.as_str(),
                    catalog.topics[t].title.as_str(),
                )
            })
            .collect(),
        contributors: video
            .contributors
            .iter()
            .map(|&c| {
                Facet::new(
                    catalog.contributors[c].id.as_str(),
                    catalog.contributors[c].name.as_str(),
                )
            })
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
    }
}
