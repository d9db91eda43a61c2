//! Capsule: a static site generator for a catalogue of short classroom videos. `build`
//! turns a site root (`site.yaml`, `content/`, `themes/`) into the site's files, or writes
//! nothing and says what is wrong; `load_catalog` is its first half, shared with `check`
//! and `serve`.
//!
//! One build is a straight pipeline, each stage reading the same catalogue (read-only, but
//! for the videos' plain texts, which move into the search index):
//! `load` (read `content/`) → `catalog` (validate and link) → `images` (cards, resized
//! thumbnails) → the search index (related videos, `/search/`) → `feeds` (RSS, Atom,
//! iCalendar) → `render` (pages, sitemap, redirects, assets) → `output` (the only writer,
//! which puts the new site in place at the end). Every address of the site comes from
//! `paths`.

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
pub mod hashing;
pub mod images;
pub mod load;
pub mod markdown;
pub mod markdown_store;
pub mod new_content;
pub mod output;
pub mod paths;
pub mod render;
pub mod requests;
pub mod reuse;
pub mod search_index;
pub mod serve;
pub mod view_counts;

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
    let (catalog, report, _) =
        load_catalog_with(root, base_url, publication, markdown::Cache::default)?;
    Ok((catalog, report))
}

/// [`load_catalog`], taking the Markdown an earlier build rendered (`rendered`, read while
/// the content files are) instead of rendering it again; gives it back with the catalogue.
pub fn load_catalog_with(
    root: &Path,
    base_url: Option<&str>,
    publication: Publication,
    rendered: impl FnOnce() -> markdown::Cache + Send,
) -> Result<(Catalog, BuildReport, markdown::Cache), Error> {
    let started = Instant::now();
    let ((site, content), rendered) = rayon::join(
        || (SiteFile::load(root, base_url), load::load(root)),
        rendered,
    );
    let (site, content) = (site?, content.map_err(Error::Load)?);
    let loaded = Instant::now();
    let mut sources = content.sources.clone();
    sources.insert(site.source.rel_path.clone(), site.source.text.clone());
    let result = with_site_problems(
        site.problems,
        match site.config {
            Some(config) => Catalog::build_with(config, &content, publication, &rendered),
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
        Ok(catalog) => Ok((catalog, report, rendered)),
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
    let store = markdown_store::MarkdownStore::new(&options.cache);
    let (mut catalog, mut report, rendered) = load_catalog_with(
        &options.root,
        options.base_url.as_deref(),
        publication,
        || store.load(),
    )?;
    report.warnings = std::mem::take(&mut catalog.warnings);
    let started = Instant::now();
    let mut previous = previous_pages(options, &destination);
    let known = previous.take_files().into_iter();
    let writer = output::Writer::start(&destination)?
        .knowing(known.map(|file| (file.path, file.digest, file.stamp)));
    let cache = images::cache::PictureCache::open(&options.cache)?;
    // The rendered texts are kept while the pictures are made, before the videos' texts
    // move into the search index.
    let (pictures, stored) = std::thread::scope(|scope| {
        let saving = scope.spawn(|| store.save(&catalog.markdown_cache(), &rendered));
        let pictures = timed(&mut report.pictures, || {
            images::write_all(&catalog, &writer, &cache)
        });
        (pictures, saving.join())
    });
    drop(rendered);
    stored.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let pictures = pictures?;
    let search = timed(&mut report.index, || {
        search_index::SiteSearch::build_taking_texts(&mut catalog, &pictures)
    })?;
    // One after the other, each in parallel: side by side, the export's files and the
    // feeds would be in memory at once. The engine is dropped before the pages, which
    // need only the related videos.
    timed(&mut report.index, || search.write(&writer))?;
    let feeds = timed(&mut report.write, || {
        feeds::write_all(&catalog, &writer, &previous)
    })?;
    let search_index::SiteSearch { engine, related } = search;
    drop(engine);
    let site = theme(options, &catalog, &related)?.with_pictures(&pictures);
    let before_pages = started.elapsed();
    let (pages, mut records) = site.render_all(&writer, &previous)?;
    records.extend(feeds);
    report.render = before_pages.saturating_sub(report.index + report.write) + pages.render;
    report.write += pages.write;
    let written = writer.take_digests();
    let report = finish(writer, &cache, &catalog, report)?;
    previous.save(destination.path(), &records, &written)?;
    Ok(report)
}

// What the previous build into this output left (see `reuse`), for these options.
fn previous_pages(options: &BuildOptions, destination: &output::Destination) -> reuse::PageRecords {
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let built_with = format!(
        "{:?}",
        (
            options.drafts,
            options.future,
            options.minify_each_page,
            &options.base_url
        )
    );
    reuse::PageRecords::load(&options.cache, &root, destination.path(), &built_with)
}

// The theme of the site, minifying each page when asked.
fn theme<'c>(
    options: &BuildOptions,
    catalog: &'c Catalog,
    related: &'c [Vec<usize>],
) -> Result<render::Site<'c>, Error> {
    let theme_dir = options.root.join("themes").join(&catalog.config.theme);
    let site = render::Site::new(catalog, &theme_dir, related)?;
    match options.minify_each_page {
        true => site.minifying_each_page(),
        false => Ok(site),
    }
}

// Swaps the new site in and completes the report; drops the pictures no build uses.
fn finish(
    writer: output::Writer,
    cache: &images::cache::PictureCache,
    catalog: &Catalog,
    mut report: BuildReport,
) -> Result<BuildReport, Error> {
    report.kept = writer.kept();
    report.files = writer.count() + report.kept;
    timed(&mut report.write, || writer.finish())?;
    report.videos = catalog.videos.len();
    (report.pictures_made, report.pictures_cached) = cache.counts();
    cache.prune()?;
    Ok(report)
}

// Runs `stage`, adding the time it took to `spent`.
fn timed<T>(spent: &mut Duration, stage: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = stage();
    *spent += started.elapsed();
    result
}
