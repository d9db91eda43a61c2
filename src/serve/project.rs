//! The site as `serve` keeps it between saves: loaded files, the last catalogue's Markdown,
//! each page's fingerprint. A rebuild re-reads only the changed files, re-links the
//! catalogue (reusing rendered Markdown), re-renders only the pages whose fingerprint moved,
//! and then, in a second pass, recomputes search, feeds and the other whole-site files,
//! writing only those whose bytes changed and removing those no longer part of the site.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, Publication};
use crate::config::SiteFile;
use crate::diagnostics::{Diagnostic, Report};
use crate::images;
use crate::load::{self, Content};
use crate::markdown::Cache;
use crate::output::{Destination, OnDisk, Writer};
use crate::render::{Job, Site};
use crate::search_index::SiteSearch;
use crate::serve::timings::mark;
use crate::Error;

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Pages re-rendered in the first pass.
    pub pages: usize,
    /// Pages re-rendered after search recomputed related videos.
    pub related_pages: usize,
    /// Files written, and files recomputed but left alone because they did not change.
    pub files_written: usize,
    pub files_unchanged: usize,
    /// Pictures made (decoded and encoded, or drawn), and pictures taken from the picture
    /// cache: only those of what changed.
    pub pictures_made: usize,
    pub pictures_reused: usize,
    /// What the catalogue reported without failing.
    pub warnings: Vec<Diagnostic>,
}

pub struct Project {
    root: PathBuf,
    /// Where the site is served, for absolute links.
    base_url: String,
    output: Destination,
    content: Content,
    cache: Cache,
    /// Page key → (fingerprint, output path) of what is on disk.
    pages: HashMap<String, (u64, String)>,
    /// Related videos by slug, from the last search pass.
    related: HashMap<String, Vec<String>>,
    /// Cards and resized thumbnails on disk.
    pictures: images::Written,
    /// Where pictures made once are kept, shared with `build`.
    picture_cache: images::cache::PictureCache,
    /// Every file on disk, by hash, so that unchanged ones are not rewritten.
    on_disk: OnDisk,
    /// Nobody reads the output yet: until the first rebuild's pages are written (then
    /// it is served), files need no atomic replacement.
    unread: bool,
}

impl Project {
    /// Loads everything; nothing is built yet. Pictures come from and go to the picture
    /// cache at `picture_cache`.
    pub fn open(
        root: &Path,
        output: Destination,
        base_url: &str,
        picture_cache: &Path,
    ) -> Result<Project, Error> {
        let content = load::load(root).map_err(Error::Load)?;
        Ok(Project {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            output,
            content,
            cache: Cache::default(),
            pages: HashMap::new(),
            related: HashMap::new(),
            pictures: images::Written::default(),
            picture_cache: images::cache::PictureCache::open(picture_cache)?,
            on_disk: OnDisk::default(),
            unread: true,
        })
    }

    /// Takes changed content files into account (`None`: re-read everything).
    pub fn refresh(&mut self, changed: Option<&[PathBuf]>) -> Result<(), Error> {
        let Some(changed) = changed else {
            self.content = load::load(&self.root).map_err(Error::Load)?;
            return Ok(());
        };
        let known = |path: &PathBuf| {
            self.content
                .sources
                .contains_key(&crate::diagnostics::relative_display(&self.root, path))
        };
        if changed.iter().any(|path| !path.is_file() || !known(path)) {
            // A file appeared or went away: the set of ids changed.
            let layout = load::discover(&self.root).map_err(Error::Load)?;
            self.content.set_layout(&self.root, &layout);
        }
        let content_dir = self.root.join("content");
        for path in changed {
            self.content.forget(&self.root, path);
            if let Some(entry) = load::classify(&content_dir, path).filter(|_| path.is_file()) {
                // Same reading as a build: a file not in UTF-8 is a located content problem.
                self.content
                    .add_read(&self.root, &entry, std::fs::read(path));
            }
        }
        mark("re-read");
        Ok(())
    }

    /// Rebuilds what changed. `on_pages` is called once the pages are on disk (with the
    /// assets, pictures and bundle files they link to), before the slower whole-site pass
    /// (search, feeds, sitemap), so that browsers can reload at once.
    pub fn rebuild(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        on_pages: impl FnOnce(),
    ) -> Result<Outcome, Error> {
        let mut catalog = self.catalog(now)?;
        mark("catalogue");
        let warnings = std::mem::take(&mut catalog.warnings);
        let mut writer =
            Writer::in_place(&self.output)?.remembering(std::mem::take(&mut self.on_disk));
        if std::mem::take(&mut self.unread) {
            writer = writer.unread();
        }
        mark("writer");
        let outcome = self.write_site(&catalog, &writer, || {
            writer.read_from_now();
            on_pages()
        });
        // Even after a failure halfway, what is on disk is known: the next rebuild skips
        // it when unchanged and removes it when stale.
        self.on_disk = writer.into_on_disk();
        Ok(Outcome {
            warnings,
            ..outcome?
        })
    }

    // Writes the pictures and pages that changed, then the whole-site files; removes what
    // no longer belongs to the site.
    fn write_site(
        &mut self,
        catalog: &Catalog,
        writer: &Writer,
        on_pages: impl FnOnce(),
    ) -> Result<Outcome, Error> {
        let theme_dir = self.root.join("themes").join(&catalog.config.theme);
        let (made_before, reused_before) = self.picture_cache.counts();
        let pictures =
            images::write_changed(catalog, writer, &self.picture_cache, &mut self.pictures)?;
        let (made, reused) = self.picture_cache.counts();
        mark("pictures");
        // The first build has no related videos to reuse: search comes first, pages once.
        let first = self.pages.is_empty();
        let early_search = match first {
            true => Some(SiteSearch::build(catalog, &pictures)?),
            false => None,
        };
        let related = match &early_search {
            Some(search) => search.related.clone(),
            None => self.remapped_related(catalog),
        };
        mark("early search, related");
        let site = Site::new(catalog, &theme_dir, &related)?.with_pictures(&pictures);
        mark("theme");
        if first {
            // The site is served once its pages are written: with what they link to.
            site.write_linked_files(writer)?;
            mark("linked files");
        }
        let pages = self.render_changed(&site, writer)?;
        on_pages();
        mark("reload sent");
        let search = match early_search {
            Some(search) => search,
            None => SiteSearch::build(catalog, &pictures)?,
        };
        mark("search");
        let site = site.with_related(&search.related);
        let related_pages = self.render_changed(&site, writer)?;
        let written: Vec<(Job, String)> = site
            .jobs()
            .into_iter()
            .map(|job| (job, page_path(&self.pages, catalog, job)))
            .collect();
        if !first {
            site.write_linked_files(writer)?;
        }
        site.write_site_files(writer, &written)?;
        mark("site files");
        crate::feeds::write_all(catalog, writer, &crate::reuse::PageRecords::default())?;
        mark("feeds");
        search.write(writer)?;
        mark("search files");
        // What this pass did not write but is still the site's; the rest is stale.
        written.iter().for_each(|(_, path)| writer.keep(path));
        images::site_paths(catalog, &pictures)
            .iter()
            .for_each(|path| writer.keep(path));
        writer.remove_unclaimed()?;
        mark("stale removed");
        self.related = related_by_slug(catalog, &search.related);
        self.cache = catalog.markdown_cache();
        mark("kept for next");
        Ok(Outcome {
            pages,
            related_pages,
            files_written: writer.count(),
            files_unchanged: writer.unchanged(),
            pictures_made: made - made_before,
            pictures_reused: reused - reused_before,
            warnings: Vec::new(),
        })
    }

    fn catalog(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Catalog, Error> {
        let site = SiteFile::load(&self.root, Some(&self.base_url))?;
        mark("site.yaml");
        let source = site.source;
        let publication = Publication {
            drafts: true,
            future: true,
            now,
        };
        let result = crate::with_site_problems(
            site.problems,
            match site.config {
                Some(config) => {
                    Catalog::build_with(config, &self.content, publication, &self.cache)
                }
                None => Err(self.content.problems.clone()),
            },
        );
        result.map_err(|diagnostics| {
            let mut sources = self.content.sources.clone();
            sources.insert(source.rel_path.clone(), source.text.clone());
            Error::Content {
                diagnostics,
                sources,
            }
        })
    }

    // Renders the pages whose fingerprint changed, removes pages that no longer exist.
    fn render_changed(&mut self, site: &Site, writer: &Writer) -> Result<usize, Error> {
        let jobs = site.jobs();
        let fingerprints = site.fingerprints(&jobs);
        mark("fingerprints");
        let stale: Vec<usize> = fingerprints
            .iter()
            .enumerate()
            .filter(|(_, (key, fingerprint))| {
                self.pages
                    .get(key)
                    .is_none_or(|(old, _)| old != fingerprint)
            })
            .map(|(index, _)| index)
            .collect();
        let to_render: Vec<Job> = stale.iter().map(|&i| jobs[i]).collect();
        let (written, _) = site.render_pages(&to_render, writer)?;
        mark("render");
        // Pages gone, and the old paths of pages that moved: their files go, unless
        // another page is there now.
        let keys: HashSet<&str> = fingerprints.iter().map(|(key, _)| key.as_str()).collect();
        let mut left = Vec::new();
        self.pages.retain(|key, (_, path)| {
            let kept = keys.contains(key.as_str());
            if !kept {
                left.push(std::mem::take(path));
            }
            kept
        });
        for (&index, (_, path)) in stale.iter().zip(written) {
            let (key, fingerprint) = &fingerprints[index];
            match self.pages.get_mut(key) {
                Some(page) => {
                    page.0 = *fingerprint;
                    if page.1 != path {
                        left.push(std::mem::replace(&mut page.1, path));
                    }
                }
                None => {
                    self.pages.insert(key.clone(), (*fingerprint, path));
                }
            }
        }
        if !left.is_empty() {
            let paths: HashSet<&str> = self.pages.values().map(|(_, p)| p.as_str()).collect();
            for path in left.iter().filter(|path| !paths.contains(path.as_str())) {
                writer.remove(path)?;
            }
        }
        mark("pages noted");
        Ok(to_render.len())
    }

    // The related lists of the last search pass, by index in the new catalogue.
    fn remapped_related(&self, catalog: &Catalog) -> Vec<Vec<usize>> {
        let index: HashMap<&str, usize> = catalog
            .videos
            .iter()
            .enumerate()
            .map(|(i, v)| (v.slug.as_str(), i))
            .collect();
        catalog
            .videos
            .iter()
            .map(|video| {
                let slugs = self
                    .related
                    .get(&video.slug)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                slugs
                    .iter()
                    .filter_map(|slug| index.get(slug.as_str()).copied())
                    .collect()
            })
            .collect()
    }
}

fn related_by_slug(catalog: &Catalog, related: &[Vec<usize>]) -> HashMap<String, Vec<String>> {
    catalog
        .videos
        .iter()
        .zip(related)
        .map(|(video, others)| {
            (
                video.slug.clone(),
                others
                    .iter()
                    .map(|&i| catalog.videos[i].slug.clone())
                    .collect(),
            )
        })
        .collect()
}

fn page_path(pages: &HashMap<String, (u64, String)>, catalog: &Catalog, job: Job) -> String {
    let key = crate::render::fingerprint::job_key(catalog, job);
    pages
        .get(&key)
        .map(|(_, path)| path.clone())
        .unwrap_or_default()
}

/// A content error as plain text, for the terminal and the browser overlay.
pub fn report_text(
    diagnostics: &[Diagnostic],
    sources: &std::collections::BTreeMap<String, std::sync::Arc<str>>,
) -> String {
    let report = Report {
        diagnostics,
        sources,
    };
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    let _ = report.write(crate::diagnostics::Format::Human, &mut out);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}
