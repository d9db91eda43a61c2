//! Capsule: a static site generator for a catalogue of short classroom videos.
//!
//! One build is a straight pipeline:
//! `load` (read `content/`) → `catalog` (validate and link) → `render` (pages), `feeds` and
//! the search index, all from the same read-only catalogue → `output` (the only writer).

pub mod catalog;
pub mod cli;
pub mod config;
pub mod config_values;
pub mod dates;
pub mod diagnostics;
mod error;
pub mod feeds;
pub mod fields;
pub mod french;
pub mod handwritten;
pub mod images;
pub mod load;
pub mod markdown;
pub mod new_content;
pub mod output;
pub mod render;
pub mod search_index;
pub mod serve;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use catalog::{Catalog, Publication};
use config::SiteFile;
use diagnostics::Diagnostic;
pub use error::Error;

/// What `capsule build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
    /// Minify each page rather than the theme's templates once (slower; the reference
    /// the template minification is tested against).
    pub minify_each_page: bool,
    /// Replace `output` even when it holds files Capsule did not write (`--force-output`).
    pub force_output: bool,
    /// The picture cache's folder (`--cache`; by default `.capsule-cache/` under the root).
    pub cache: PathBuf,
}

/// Time spent in each stage, and what was written.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    pub load: Duration,
    pub validate: Duration,
    pub index: Duration,
    pub render: Duration,
    pub write: Duration,
    pub videos: usize,
    pub files: usize,
    /// Of `files`, those kept from the previous output because their bytes did not change.
    pub kept: usize,
    /// Problems that did not stop the build (e.g. a file nothing uses).
    pub warnings: Vec<Diagnostic>,
    /// Pictures made by this build, pictures taken from the picture cache, time spent on
    /// pictures (part of `render`).
    pub pictures_made: usize,
    pub pictures_cached: usize,
    pub pictures: Duration,
}

/// Loads and validates the site at `root`: the catalogue, or every problem found.
pub fn load_catalog(
    root: &Path,
    base_url: Option<&str>,
    publication: Publication,
) -> Result<(Catalog, BuildReport), Error> {
    let started = Instant::now();
    let site = SiteFile::load(root, base_url)?;
    let content = load::load(root).map_err(Error::Load)?;
    let loaded = Instant::now();
    let mut sources = content.sources.clone();
    sources.insert(site.source.rel_path.clone(), site.source.text.clone());
    let result = with_site_problems(
        site.problems,
        match site.config {
            Some(config) => Catalog::build(config, &content, publication),
            // Without a configuration, the files can still say what is wrong with them.
            None => Err(content.problems.clone()),
        },
    );
    let report = BuildReport {
        load: loaded - started,
        validate: loaded.elapsed(),
        ..BuildReport::default()
    };
    match result {
        Ok(catalog) => Ok((catalog, report)),
        Err(diagnostics) => Err(Error::Content {
            diagnostics,
            sources,
        }),
    }
}

/// `result`, failed when `site.yaml` has problems too, with every problem sorted.
pub fn with_site_problems<T>(
    mut site_problems: Vec<Diagnostic>,
    result: Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    match result {
        Ok(value) if site_problems.is_empty() => Ok(value),
        Ok(_) => Err(site_problems),
        Err(problems) => {
            site_problems.extend(problems);
            diagnostics::sort(&mut site_problems);
            Err(site_problems)
        }
    }
}

/// `capsule build`: the whole site into `options.output`, or nothing at all.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let destination =
        output::Destination::check(&options.root, &options.output, options.force_output)?;
    let publication = Publication {
        drafts: options.drafts,
        future: options.future,
        now: dates::build_clock(),
    };
    let (mut catalog, mut report) =
        load_catalog(&options.root, options.base_url.as_deref(), publication)?;
    report.warnings = std::mem::take(&mut catalog.warnings);
    let started = Instant::now();
    let writer = output::Writer::start(&destination)?;
    let picturing = Instant::now();
    let cache = images::cache::PictureCache::open(&options.cache)?;
    let pictures = images::write_all(&catalog, &writer, &cache)?;
    report.pictures = picturing.elapsed();
    let indexing = Instant::now();
    let search = search_index::SiteSearch::build(&catalog, &pictures)?;
    report.index = indexing.elapsed();
    let theme_dir = options.root.join("themes").join(&catalog.config.theme);
    let mut site =
        render::Site::new(&catalog, &theme_dir, &search.related)?.with_pictures(&pictures);
    if options.minify_each_page {
        site = site.minifying_each_page()?;
    }
    let stats = site.render_all(&writer)?;
    let exporting = Instant::now();
    search.write(&writer)?;
    report.index += exporting.elapsed();
    report.render = started.elapsed() - stats.write - report.index;
    report.kept = writer.kept();
    report.files = writer.count() + report.kept;
    let finishing = Instant::now();
    writer.finish()?;
    report.write = stats.write + finishing.elapsed();
    report.videos = catalog.videos.len();
    (report.pictures_made, report.pictures_cached) = cache.counts();
    cache.prune()?;
    Ok(report)
}
