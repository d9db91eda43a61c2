//! Third stage: every page of the site from the read-only catalogue, with tera templates of
//! the theme, in parallel. Pages are planned as jobs and rendered in bounded batches, so
//! memory stays flat however large the catalogue; each list page gets only its slice.

mod assets;
pub mod compact;
mod contents;
pub mod fingerprint;
pub mod indicators;
mod news;
mod pages;
mod pictures;
mod qr;
mod seo;
pub mod social;
mod social_kit;
mod training_paths;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::catalog::Catalog;
use crate::output::Writer;
use crate::paths;
use crate::reuse;
use crate::Error;
pub use assets::Assets;
use news::NewsCard;
use views::{Card, CardValue, ThumbView};

/// Pages rendered per batch: bounds the memory held by rendered HTML.
const BATCH: usize = 2048;

/// The theme, loaded, with what every page shares.
pub struct Site<'c> {
    catalog: &'c Catalog,
    tera: Tera,
    assets: Assets,
    /// One card per published news item, in the catalogue's order.
    news_cards: Vec<NewsCard<'c>>,
    /// One card per published video, in the catalogue's order, made when a page first
    /// shows it (`serve` renders a few pages of a large catalogue), as a template value
    /// once: every page showing it then shares it instead of serializing it again.
    cards: Vec<OnceLock<CardValue>>,
    /// The picture of each card.
    thumbs: Vec<ThumbView>,
    /// Each video's QR code for printed handouts, made once when a path first shows it.
    qr_codes: Vec<OnceLock<Option<String>>>,
    /// For each video, its related videos (from the search engine).
    related: &'c [Vec<usize>],
    /// The indicators' figures: the indicators page, its open data files, the home page.
    figures: indicators::Figures,
    /// Hash of the theme, configuration and menu: a change there changes every page.
    site_fingerprint: u64,
    /// Pages come out of minified templates (see [`compact`]) and need no minifier.
    pages_minified: bool,
    templates_dir: PathBuf,
    /// The templates as written, parsed on the first error to report it in their terms.
    raw_tera: OnceLock<Option<Tera>>,
}

/// Time spent rendering and writing.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub render: Duration,
    pub write: Duration,
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Home,
    VideoList(usize),
    Video(usize),
    Topics,
    Topic(usize, usize),
    Contributors(usize),
    Contributor(usize, usize),
    Levels,
    Level(usize, usize),
    Events(usize),
    Event(usize),
    Page(usize),
    Search,
    Indicators,
    /// `/parcours/`, then each training path.
    TrainingPaths,
    TrainingPath(usize),
    NotFound,
    NewsList(usize),
    News(usize),
    SocialKit,
}

impl<'c> Site<'c> {
    /// Loads the theme at `theme_dir` (templates and static files).
    pub fn new(
        catalog: &'c Catalog,
        theme_dir: &Path,
        related: &'c [Vec<usize>],
    ) -> Result<Site<'c>, Error> {
        let assets = Assets::load(theme_dir, &catalog.config)?;
        let templates_dir = theme_dir.join("templates");
        let (mut tera, templates_hash, pages_minified) =
            load_templates(&templates_dir, &shown_dir(catalog))?;
        tera.global_context()
            .insert("site", &pages::SiteView::new(catalog, &assets));
        let thumbs = catalog
            .videos
            .iter()
            .map(|v| ThumbView::new(catalog, v))
            .collect();
        let news_cards = catalog
            .news
            .iter()
            .map(|item| NewsCard::new(catalog, item))
            .collect();
        let cards = catalog.videos.iter().map(|_| OnceLock::new()).collect();
        let qr_codes = catalog.videos.iter().map(|_| OnceLock::new()).collect();
        let theme = crate::hashing::hash_text(&format!("{templates_hash}{:?}", assets.urls));
        let site_fingerprint = fingerprint::site_wide(catalog, theme);
        Ok(Site {
            catalog,
            tera,
            assets,
            cards,
            news_cards,
            thumbs,
            qr_codes,
            related,
            figures: indicators::Figures::new(catalog),
            site_fingerprint,
            pages_minified,
            templates_dir,
            raw_tera: OnceLock::new(),
        })
    }

    /// The same site showing other related videos: the theme is not loaded again.
    pub fn with_related<'r>(self, related: &'r [Vec<usize>]) -> Site<'r>
    where
        'c: 'r,
    {
        let Site {
            catalog,
            tera,
            assets,
            cards,
            news_cards,
            thumbs,
            qr_codes,
            figures,
            related: _,
            site_fingerprint,
            pages_minified,
            templates_dir,
            raw_tera,
        } = self;
        // A cell's content cannot be shortened in place: cards made so far move over.
        let cards = cards
            .into_iter()
            .map(|card| card.into_inner().map_or_else(OnceLock::new, OnceLock::from))
            .collect();
        Site {
            catalog,
            tera,
            assets,
            cards,
            news_cards,
            thumbs,
            qr_codes,
            figures,
            related,
            site_fingerprint,
            pages_minified,
            templates_dir,
            raw_tera,
        }
    }

    /// The card of the video at `index`.
    pub(super) fn card(&self, index: usize) -> &CardValue {
        self.cards[index].get_or_init(|| CardValue::from_serializable(&self.card_fields(index)))
    }

    /// The card of the video at `index` as a struct, made afresh: for the one page that
    /// reads its fields (a video page, a path's step) rather than showing it in a list.
    pub(super) fn card_fields(&self, index: usize) -> Card<'c> {
        let video = &self.catalog.videos[index];
        Card::new(self.catalog, video, self.thumbs[index].clone())
    }

    /// Minifies each page instead of the templates: slower, and the reference the
    /// template minification is tested against.
    pub fn minifying_each_page(mut self) -> Result<Site<'c>, Error> {
        self.tera = self.raw_tera()?;
        self.pages_minified = false;
        Ok(self)
    }

    // The theme's templates as written, with the site's global context.
    fn raw_tera(&self) -> Result<Tera, Error> {
        let mut tera = parse_templates(read_templates(&self.templates_dir)?)
            .map_err(|e| template_error(&e, &shown_dir(self.catalog)))?;
        tera.global_context()
            .insert("site", &pages::SiteView::new(self.catalog, &self.assets));
        Ok(tera)
    }

    // Writes a rendered page, minified unless its templates were.
    fn write_page(&self, writer: &Writer, path: &str, html: &str) -> Result<(), Error> {
        match self.pages_minified {
            true => writer.write_as_is(path, html.as_bytes()),
            false => writer.write(path, html.as_bytes()),
        }
    }

    /// Renders and writes every page and the files that go with them (assets, sitemap,
    /// redirects, bundle files, avatars; feeds are a stage of their own). A page that
    /// `previous` shows unchanged is linked from the previous output, not rendered (see
    /// [`reuse`]). Returns the time spent, and each page's key, fingerprint and path.
    pub fn render_all(
        &self,
        writer: &Writer,
        previous: &reuse::PageRecords,
    ) -> Result<(RenderStats, Vec<reuse::BuiltPage>), Error> {
        let jobs = self.jobs();
        let fingerprints = self.fingerprints(&jobs);
        let started = Instant::now();
        let kept: Vec<Option<String>> = fingerprints
            .par_iter()
            .map(|(key, fingerprint)| {
                let page = previous.unchanged(key, *fingerprint)?;
                let linked = writer.keep_previous(&page.path, &page.stamp);
                linked.then(|| page.path.clone())
            })
            .collect();
        let kept_time = started.elapsed();
        let stale: Vec<Job> = jobs
            .iter()
            .zip(&kept)
            .filter(|(_, kept)| kept.is_none())
            .map(|(job, _)| *job)
            .collect();
        let (rendered, mut stats) = self.render_pages(&stale, writer)?;
        let mut rendered = rendered.into_iter().map(|(_, path)| path);
        // Back in the order of `jobs`: the sitemap lists pages in that order.
        let paths: Vec<String> = kept
            .into_iter()
            .map(|kept| kept.or_else(|| rendered.next()).unwrap_or_default())
            .collect();
        let started = Instant::now();
        let written: Vec<(Job, String)> = jobs.into_iter().zip(paths).collect();
        self.write_files(writer, &written)?;
        stats.write += started.elapsed() + kept_time;
        let pages = fingerprints
            .into_iter()
            .zip(written)
            .map(|((key, fingerprint), (_, path))| (key, fingerprint, path))
            .collect();
        Ok((stats, pages))
    }

    /// Renders and writes `jobs`; returns each job with its output path.
    pub fn render_pages(
        &self,
        jobs: &[Job],
        writer: &Writer,
    ) -> Result<(Vec<(Job, String)>, RenderStats), Error> {
        let mut stats = RenderStats::default();
        let mut written = Vec::with_capacity(jobs.len());
        for batch in jobs.chunks(BATCH) {
            let started = Instant::now();
            let rendered: Vec<(String, String)> = batch
                .par_iter()
                .map(|job| self.render(*job))
                .collect::<Result<_, _>>()?;
            stats.render += started.elapsed();
            let started = Instant::now();
            rendered
                .par_iter()
                .try_for_each(|(path, html)| self.write_page(writer, path, html))?;
            written.extend(
                batch
                    .iter()
                    .copied()
                    .zip(rendered.into_iter().map(|(path, _)| path)),
            );
            stats.write += started.elapsed();
        }
        Ok((written, stats))
    }

    /// Each page's stable key and fingerprint (see [`fingerprint`]).
    pub fn fingerprints(&self, jobs: &[Job]) -> Vec<(String, u64)> {
        let shared = fingerprint::Shared::new(self);
        jobs.par_iter()
            .map(|&job| {
                let key = fingerprint::job_key(self.catalog, job);
                let fingerprint = fingerprint::fingerprint(self, &shared, job, &key);
                (key, fingerprint)
            })
            .collect()
    }

    /// Every page of the site.
    pub fn jobs(&self) -> Vec<Job> {
        let catalog = self.catalog;
        let pages_of = |count: usize| contents::video_pages(catalog, count);
        let mut jobs = vec![
            Job::Home,
            Job::Topics,
            Job::Levels,
            Job::Search,
            Job::Indicators,
            Job::NotFound,
        ];
        jobs.extend((1..=pages_of(catalog.videos.len())).map(Job::VideoList));
        jobs.extend((0..catalog.videos.len()).map(Job::Video));
        for (index, topic) in catalog.topics.iter().enumerate() {
            jobs.extend((1..=pages_of(topic.videos.len())).map(|n| Job::Topic(index, n)));
        }
        jobs.extend((1..=contents::people_pages(catalog)).map(Job::Contributors));
        for (index, person) in catalog.contributors.iter().enumerate() {
            jobs.extend((1..=pages_of(person.videos.len())).map(|n| Job::Contributor(index, n)));
        }
        for (index, level) in catalog.levels.iter().enumerate() {
            jobs.extend((1..=pages_of(level.videos.len())).map(|n| Job::Level(index, n)));
        }
        jobs.extend((1..=contents::event_pages(catalog)).map(Job::Events));
        jobs.extend((0..catalog.events.len()).map(Job::Event));
        jobs.extend((0..catalog.pages.len()).map(Job::Page));
        jobs.extend((1..=contents::news_pages(catalog)).map(Job::NewsList));
        jobs.extend((0..catalog.news.len()).map(Job::News));
        jobs.push(Job::SocialKit);
        jobs.push(Job::TrainingPaths);
        jobs.extend((0..catalog.training_paths.len()).map(Job::TrainingPath));
        jobs
    }

    /// Renders one page: its output path and HTML.
    pub fn render(&self, job: Job) -> Result<(String, String), Error> {
        pages::render(self, job)
    }

    fn render_template<T: Serialize>(
        &self,
        template: &str,
        meta: &views::Meta,
        page: &T,
    ) -> Result<String, Error> {
        let mut context = Context::new();
        context.insert("meta", meta);
        context.insert("page", page);
        self.tera.render(template, &context).map_err(|error| {
            // Report the error against the templates as written, not their minified form.
            let raw = self.raw_tera.get_or_init(|| self.raw_tera().ok());
            let error = match raw.as_ref().map(|tera| tera.render(template, &context)) {
                Some(Err(raw_error)) => raw_error,
                _ => error,
            };
            template_error(&error, &shown_dir(self.catalog))
        })
    }

    /// Everything that is not a rendered page (nor a feed): assets, bundle files, sitemap…
    pub fn write_files(&self, writer: &Writer, pages: &[(Job, String)]) -> Result<(), Error> {
        self.write_linked_files(writer)?;
        self.write_site_files(writer, pages)
    }

    /// The sitemap of `pages` (job and output path), robots and redirects.
    pub fn write_site_files(&self, writer: &Writer, pages: &[(Job, String)]) -> Result<(), Error> {
        seo::write(self.catalog, pages, writer)?;
        indicators::open_data::write(self.catalog, &self.figures, writer)
    }

    /// What pages link to: assets, bundle files (thumbnails, captions…), avatars.
    pub fn write_linked_files(&self, writer: &Writer) -> Result<(), Error> {
        self.assets.write(writer)?;
        self.catalog.videos.par_iter().try_for_each(|video| {
            copy_bundle(writer, video.bundle.as_ref(), |file| {
                paths::video_file(&video.slug, file)
            })
        })?;
        self.catalog.news.par_iter().try_for_each(|item| {
            copy_bundle(writer, item.bundle.as_ref(), |file| {
                paths::news_file(&item.slug, file)
            })
        })?;
        self.catalog.contributors.iter().try_for_each(|person| {
            match (&person.avatar, views::avatar_path(person)) {
                (crate::catalog::Avatar::Local(path), Some(address)) => {
                    writer.copy(&paths::file_for(&address), path)
                }
                _ => Ok(()),
            }
        })
    }
}

// The theme's templates folder as the site's author sees it: `themes/default/templates`.
fn shown_dir(catalog: &Catalog) -> String {
    format!("themes/{}/templates", catalog.config.theme)
}

// The templates (minified when possible), a hash of their text, and whether they were.
// A minified template is one long line: an error in it is found again in the templates as
// written, and reported there (`shown_dir`/name, line and column of the theme's file).
fn load_templates(dir: &Path, shown_dir: &str) -> Result<(Tera, u64, bool), Error> {
    let texts = read_templates(dir)?;
    let hash = crate::hashing::hash_text(&format!("{texts:?}"));
    let templates = compact::minify_all(texts.clone());
    if templates.minified {
        if let Ok(tera) = parse_templates(templates.texts) {
            return Ok((tera, hash, true));
        }
    }
    let tera = parse_templates(texts).map_err(|e| template_error(&e, shown_dir))?;
    Ok((tera, hash, false))
}

fn parse_templates(texts: Vec<(String, String)>) -> Result<Tera, tera::Error> {
    let mut tera = Tera::new();
    tera.register_filter("de", de_filter);
    tera.add_raw_templates(texts)?;
    Ok(tera)
}

/// `{{ name | de }}` → « d'Aix-Marseille », « de Lille »; `de(capital=true)` opens a
/// sentence: « D'octobre 2025 ».
fn de_filter(name: &str, kwargs: tera::Kwargs, _: &tera::State) -> Result<String, tera::Error> {
    Ok(match kwargs.get::<bool>("capital")? {
        Some(true) => crate::french::de_capitalised(name),
        _ => crate::french::de(name),
    })
}

// A tera error, located in the theme's file: `themes/default/templates/video.html:12:8 : …`,
// then tera's own reports (each line quoted and underlined), their `--> name:line:col`
// naming the theme's file. Tera gives some errors (unknown filters, say) only as such text.
fn template_error(error: &tera::Error, shown_dir: &str) -> Error {
    let mut headline = (None, None);
    let details: Vec<String> = error_chain(error)
        .lines()
        .map(|line| {
            if let Some(message) = line.strip_prefix("error: ") {
                headline.0.get_or_insert(message.to_string());
            }
            if let Some(place) = line.trim_start().strip_prefix("--> ") {
                let file_place = format!("{shown_dir}/{place}");
                headline.1.get_or_insert(file_place.clone());
                return line.replacen(place, &file_place, 1);
            }
            match line.strip_prefix("note: called from ") {
                Some(place) => format!("note: called from {shown_dir}/{place}"),
                None => line.to_string(),
            }
        })
        .collect();
    let details = details.join("\n");
    match headline {
        (Some(message), Some(place)) => Error::Template(format!("{place} : {message}\n{details}")),
        _ => Error::Template(details),
    }
}

// `(name, text)` of every file under `dir`, names with `/`.
fn read_templates(dir: &Path) -> Result<Vec<(String, String)>, Error> {
    let mut templates = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            let name = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let text =
                std::fs::read_to_string(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            templates.push((name, text));
        }
    }
    Ok(templates)
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(" : ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Copies a bundle's files (thumbnail, captions…) to the addresses `address_of` gives them.
fn copy_bundle(
    writer: &Writer,
    bundle: Option<&crate::load::Bundle>,
    address_of: impl Fn(&str) -> String,
) -> Result<(), Error> {
    let Some(bundle) = bundle else {
        return Ok(());
    };
    bundle.files.iter().try_for_each(|file| {
        writer.copy(&paths::file_for(&address_of(file)), &bundle.dir.join(file))
    })
}
